"""The part of the portal spider that learns a source's shape when its seed gives no `article` regex
(crawler/discovery.py has the rules): reading a list page's links as a person would, the judge's answers on what
was fetched, the state's learned patterns at the start of a run and after it, and relearning after a redesign."""
from __future__ import annotations

import dataclasses
import json
import re
from urllib.parse import urlsplit

from scrapy.exceptions import DontCloseSpider

from crawler.counters import key as counter_key
from crawler.discovery import MAX_NAV_DEPTH, NEWS_TEXT, Discovery, Link, article_shaped, classify, is_page, is_service
from crawler.listing import as_text
from crawler.services import Services


class Learning:
    """Mixed into PortalSpider: `self.discovery` holds a Discovery for each source learning its shape in this run,
    `self.patterns` what each source runs on, `self.written` the seeds as written."""

    def _use_learned(self) -> None:
        """A source without an `article` regex runs on what an earlier run learned of it, if anything: its columns
        as start pages, its article and pagination patterns, as if written in its seed. Else it discovers."""
        state = Services.of(self.crawler).state
        for i, source in enumerate(self.sources):
            if source.article is not None:
                continue
            learned = state.learned(source.id)
            if learned and learned.get("article"):
                source = self._with_patterns(source, learned)
                self.patterns[source.id] = "learned"
                self.skip[source.id] = set(learned.get("skip", []))
            else:
                self.discovery[source.id] = Discovery(source.id)
            self.sources[i] = self.by_id[source.id] = source

    @staticmethod
    def _with_patterns(source, learned: dict):
        article = re.compile("|".join(f"(?:{p})" for p in learned["article"]))
        follow = tuple(re.compile(p) for p in learned.get("follow", []))
        starts = tuple(dict.fromkeys([*source.start_urls, *learned.get("lists", [])]))
        return dataclasses.replace(source, article=article, follow=follow, start_urls=starts)

    def _style(self, source, name: str) -> None:
        """A kind of listing the source has (trs, hanweb, jpaas, rss, sitemap), for what discovery reports."""
        if source.id in self.discovery:
            self.discovery[source.id].styles.add(name)

    def parse_robots(self, response):
        """A discovering source's robots.txt: its `Sitemap:` lines are lists of the site's pages."""
        source = self._source(response)
        text = response.body.decode("utf-8", "replace")
        for line in text.splitlines():
            name, _, value = line.partition(":")
            url = response.urljoin(value.strip())
            if name.strip().lower() == "sitemap" and self._allows(source, urlsplit(url).hostname) \
                    and url not in self.listed and self._may_list(source, url, 1):
                self.discovery[source.id].columns.append(url)
                request = self._request(source, url, self.parse_sitemap, kind="list", depth=1)
                request.meta["column"] = url
                yield request

    def no_robots(self, failure):
        """No robots.txt to read sitemaps from (a 404, a dead host): nothing lost, the home page is read anyway."""
        self.logger.debug("robots.txt for sitemaps: %s", failure.getErrorMessage() or repr(failure.value))

    def _discover(self, source, response, depth: int):
        """A list page of a source that is learning its shape: its article links, its other pages, and from a
        home page (and the columns it leads to) the columns of its nav menu (crawler/discovery.py)."""
        discovery = self.discovery[source.id]
        if response.meta.get("start") and not discovery.title:
            discovery.title = " ".join((response.xpath("//title/text()").get() or "").split())
        texts: dict[str, str] = {}
        for anchor in response.xpath("//a[@href]"):
            text = " ".join(anchor.xpath("normalize-space(.)").get("").split())
            title = (anchor.attrib.get("title") or anchor.xpath("string(.//img/@alt)").get("")).strip()
            url = response.urljoin(anchor.attrib["href"].strip()).split("#", 1)[0]
            texts[url] = max(texts.get(url, ""), title if len(title) > len(text) else text, key=len)
        links = [Link(u, texts.get(u, "")) for u in dict.fromkeys(u.split("#", 1)[0] for u in self._page_links(source, response))
                 if self._allows(source, urlsplit(u).hostname)]
        nav = response.meta.get("nav_depth", MAX_NAV_DEPTH)
        articles, pages, columns = classify(response.url, links, nav=nav < MAX_NAV_DEPTH, news_only=nav > 0)
        # a list shown in a frame (<iframe src="list.html">) is the page's own list
        frames = [response.urljoin(u) for u in response.xpath("//iframe/@src | //frame/@src").getall()]
        pages += [u for u in frames if is_page(u) and self._allows(source, urlsplit(u).hostname) and u not in pages]
        discovery.service.update(link.url for link in links if is_service(link) and article_shaped(link.url))
        discovery.linked[response.meta.get("column")].update(articles)
        if nav < MAX_NAV_DEPTH:  # a home page's feeds are columns too
            feeds = response.xpath('//link[@rel="alternate"][contains(@type, "rss") or contains(@type, "atom")]/@href')
            columns += [u for u in (response.urljoin(h) for h in feeds.getall()) if self._allows(source, urlsplit(u).hostname)]
        yield from self._article_links(source, articles)
        # a list's next pages before new columns, news columns before others (the queue is last in, first out)
        for url in pages:
            for request in self._list_link(source, url, depth, nav_depth=MAX_NAV_DEPTH):
                discovery.pages.append(url)
                yield request.replace(priority=2)
        for url in columns:
            for request in self._list_link(source, url, depth, nav_depth=nav + 1, column=url):
                discovery.columns.append(url)
                yield request.replace(priority=1 if NEWS_TEXT.search(texts.get(url, "")) else 0)

    def item_judged(self, item, response=None, exception=None, spider=None):
        """An article a discovering source asked for was kept or rejected (item_scraped, item_dropped): its URL
        shape is an article shape, or, after REFUTE_AFTER pages and none an article, not."""
        discovery = self.discovery.get(response.meta.get("source")) if response is not None else None
        if discovery is None or response.meta.get("kind") != "article":
            return
        outcome = "stored" if exception is None else str(exception).split(":", 1)[0]
        asked = (response.meta.get("redirect_urls") or [response.url])[0]
        if discovery.judge(asked, outcome):
            if self.patterns[discovery.source] != "relearned":
                self.patterns[discovery.source] = "relearned" if discovery.source in self.relearned else "discovered"
        elif outcome == "not_article" and not response.meta.get("read_as_list"):
            # a page of article shape that is a list (a 专题 page): its links are read as a list page's
            response.meta["read_as_list"] = True
            response.meta["nav_depth"] = MAX_NAV_DEPTH
            for request in self._discover(self.by_id[discovery.source], as_text(response), self._depth(response)):
                request.meta.setdefault("column", response.meta.get("column"))
                self.crawler.engine.crawl(request)

    def relearn_if_silent(self, spider=None):
        """A source on learned patterns that found no article link at all (a redesign: its learned columns and
        URL shapes are gone) learns again, once, from its seed's start URLs, before the coverage alarm fires."""
        stats = self.crawler.stats
        again = []
        for i, source in enumerate(self.sources):
            if self.patterns.get(source.id) != "learned" or source.id in self.relearned:
                continue
            if stats.get_value(counter_key(source.id, "article_links"), 0) \
                    or not stats.get_value(counter_key(source.id, "list_pages"), 0):
                continue  # it found articles, or its site did not answer (nothing to learn from)
            self.relearned.add(source.id)
            self.sources[i] = self.by_id[source.id] = self.written[source.id]
            self.discovery[source.id] = Discovery(source.id)
            self.patterns[source.id] = "relearning"
            self.logger.warning("source %s: its learned patterns found no article link; learning it again",
                                source.id)
            again.append(self.written[source.id])
        if again:
            for source in again:
                for request in self._start(source, again=True):
                    self.crawler.engine.crawl(request)
            raise DontCloseSpider

    def closed(self, reason):
        """What each discovering source learned goes into the state for the next run."""
        state = Services.of(self.crawler).state
        for source, discovery in self.discovery.items():
            learned = discovery.learned()
            if learned:
                state.learn(source, learned)
                self.logger.info("source %s: learned %s", source, json.dumps(learned, ensure_ascii=False))
