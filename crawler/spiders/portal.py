"""`scrapy crawl portal`: one spider, driven by the sources in seeds/."""
from __future__ import annotations

import functools
import json
import re
import time
from datetime import date
from urllib.parse import urlencode, urljoin, urlsplit

import scrapy
from scrapy import Selector, signals
from scrapy.exceptions import IgnoreRequest, UsageError
from scrapy.http import FormRequest, Request, XmlResponse
from scrapy.utils.sitemap import Sitemap
from w3lib.url import safe_url_string

from crawler.arguments import parse as parse_arguments
from crawler.budget import RUN, Bounds, OverBound, RequestBudget
from crawler.counters import count
from crawler.discovery import MAX_NAV_DEPTH, Discovery, Link, classify, is_home
from crawler.deadhosts import HostUnreachable
from crawler.listing import (
    as_text, feed_date, hanweb_listing, is_json, jpaas_paging, jpaas_units, json_links, maybe_gunzip, page_links, trs_page_urls,
    url_date, xml_list_kind,
)
from crawler.middlewares import failure_reason
from crawler.seeds import HanwebParams, load_sources
from crawler.services import Services, canonical
from crawler.spiders.learning import Learning


def _start_hosts(source) -> set[str]:
    """The hosts of a source's start URLs; www.x.cn also allows x.cn (subdomains are allowed anyway)."""
    hosts = {urlsplit(u).hostname for u in source.start_urls} - {None}
    return hosts | {h[4:] for h in hosts if h.startswith("www.")}


def _passes_column(callback):
    """The requests a list page leads to belong to its column (discovery learns which columns list articles)."""
    @functools.wraps(callback)
    def wrapper(self, response):
        column = response.meta.get("column")
        for out in callback(self, response):
            if column and isinstance(out, Request):
                out.meta.setdefault("column", column)
            yield out
    return wrapper


class PortalSpider(Learning, scrapy.Spider):
    name = "portal"

    def __init__(self, **kwargs):
        # -a arguments go through the spec the crawl command checked them with (crawler/arguments.py), not into
        # attributes as Scrapy's default does: an unknown name is an error here too, never silently ignored
        super().__init__()
        args = parse_arguments(kwargs)
        seeds, source, region = args.get("seeds", "seeds"), args.get("source"), args.get("region")
        self.sources = load_sources(seeds, source=source, region=region)
        if not self.sources:
            raise ValueError(f"no source in {seeds} matches source={source!r} region={region!r}")
        self.by_id = {s.id: s for s in self.sources}
        self.since: date | None = args.get("since")
        self.max_pages: int | None = args.get("max_pages")  # overrides each seed's max_pages
        self.budget = RequestBudget()         # list-page requests per source id (and RUN), for the caps
        self.bounds = Bounds.from_settings({})  # the project's defaults until from_crawler reads -s
        self.url_length = 2083                # Scrapy's URLLENGTH_LIMIT; 0: none
        # sources whose cap is MAX_LIST_PAGES_PER_SOURCE because neither the seed nor -a gives max_pages
        self.default_capped = {s.id for s in self.sources if s.max_pages is None} if self.max_pages is None else set()
        self.clock: dict[str, float] = {}     # source id → when its first list page came back (SOURCE_WALL_TIME)
        self.listed: set[str] = set()         # URLs of the GET list pages this process has asked for
        self.capped: set[tuple[str, str]] = set()  # (source id, list URL) left out by a bound
        self.hanweb_columns: set = set()      # (source id, HanwebParams) read from column pages
        self.seen_links: set[tuple[str, str]] = set()
        self.requested: set[str] = set()       # canonical URLs of the articles this run has asked for
        self.allowed = {s.id: set(s.allowed_domains) | _start_hosts(s) for s in self.sources}
        # sources without an `article` regex learn their shape (crawler/discovery.py): the seed as written, what
        # this run has seen of each, and what patterns each runs on (written, learned, discovered, relearned)
        self.written = {s.id: s for s in self.sources}
        self.discovery: dict[str, Discovery] = {}
        self.patterns = {s.id: "written" if s.article is not None else "discovering" for s in self.sources}
        self.relearned: set[str] = set()
        self.skip: dict[str, set[str]] = {}  # source id → service pages its discovery saw (not article links)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.budget = RequestBudget.for_crawler(crawler)  # shared by the workers of a distributed run
        spider.bounds = Bounds.from_settings(crawler.settings)
        spider.url_length = crawler.settings.getint("URLLENGTH_LIMIT", 2083)
        # a request the scheduler refuses (Scrapy's duplicate filter) gets no errback: without this, an article
        # that redirects or meta-refreshes to itself would end in no counter at all
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        # the judge's answer on each article a discovering source asked for (crawler/pipelines.py)
        crawler.signals.connect(spider.item_judged, signal=signals.item_scraped)
        crawler.signals.connect(spider.item_judged, signal=signals.item_dropped)
        crawler.signals.connect(spider.relearn_if_silent, signal=signals.spider_idle)
        return spider

    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
        # a User-Agent that names the project and how to reach whoever runs it (-s CONTACT=…)
        if not settings.get("USER_AGENT"):
            settings.set("USER_AGENT", f"kechuang-corpus/0.1 (+{settings.get('CONTACT')})", priority="spider")
        try:  # a bad bound is the command's mistake: Scrapy turns UsageError into one error line and exit 2
            Bounds.from_settings(settings)
        except ValueError as e:
            raise UsageError(str(e), print_help=False) from None

    # --- starting points --------------------------------------------------------
    async def start(self):
        self._use_learned()
        for request in self.start_requests():
            yield request

    def start_requests(self):
        for source in self.sources:
            yield from self._start(source)

    def _start(self, source, again: bool = False):
        for url in source.start_urls:
            callback = {"rss": self.parse_feed, "sitemap": self.parse_sitemap}.get(source.list, self.parse_list)
            request = self._request(source, url, callback, kind="list", start=True, dont_filter=again)
            # discovery: a home page's nav menu leads to the columns; a column page gives its own pages only
            request.meta["nav_depth"] = 0 if is_home(url) else MAX_NAV_DEPTH
            request.meta["column"] = url
            yield request
            if source.id in self.discovery and is_home(url):  # the sitemaps a site names in its robots.txt
                yield Request(urljoin(url, "/robots.txt"), callback=self.parse_robots, errback=self.no_robots,
                              meta={"source": source.id, "kind": "robots"}, dont_filter=True)
            if source.list == "hanweb":
                yield self._dataproxy(source, source.hanweb, url, start=1, depth=1, first=True)

    def _count(self, source_id: str, name: str, n: int = 1) -> None:
        count(self.crawler.stats, source_id, name, n)  # only names crawler/counters.py lists: the summary shows them

    def _page_links(self, source, response) -> list[str]:
        """The links of a list page, at most MAX_LINKS_PER_PAGE: a page of a million links is a trap, not a
        column, and reading it whole took seconds and hundreds of MB."""
        links, cut = page_links(response, self.bounds.links_per_page)
        if cut:
            self._count(source.id, "over_max_links", cut)
            self.logger.warning("%s: %s links past MAX_LINKS_PER_PAGE=%s not read", response.url, cut,
                                self.bounds.links_per_page)
        return links

    def _request(self, source, url, callback, kind, start: bool = False, depth: int = 0, **kwargs) -> Request:
        meta = {"source": source.id, "kind": kind, "start": start}
        if kind == "list":  # max_pages counts list pages only: the articles they list are all fetched
            self._spend(source, start)
            self.listed.add(url)
            meta["list_depth"] = depth
        return Request(url, callback=callback, errback=self.on_error, meta=meta, **kwargs)

    def _spend(self, source, start: bool) -> None:
        self.budget.add(source.id, start)
        self.budget.add(RUN, start)

    @staticmethod
    def _depth(response) -> int:
        """The list depth of the pages a list response leads to: one more than its own (a start page is 0)."""
        return response.meta.get("list_depth", 0) + 1

    def _allows(self, source, host: str | None) -> bool:
        return bool(host) and any(host == d or host.endswith("." + d) for d in self.allowed[source.id])

    def _moved(self, source, response) -> None:
        """A start URL that redirects to another host (x.cn → www.x.cn, an old domain → its new one): the
        source's pages are on that host now."""
        host = urlsplit(response.url).hostname
        if response.meta.get("start") and response.meta.get("redirect_urls") and not self._allows(source, host):
            self.allowed[source.id].add(host)
            self.logger.info("source %s: start URL %s redirects to %s; %s is allowed for it",
                             source.id, response.meta["redirect_urls"][0], response.url, host)

    def _dataproxy(self, source, hanweb: HanwebParams, page_url: str, start: int, depth: int,
                   first: bool = False) -> FormRequest:
        """Hanweb columns list their articles through a POST to dataproxy.jsp, 3 pages per call."""
        perpage = hanweb.perpage
        url = hanweb.url(page_url, start, start + 3 * perpage - 1)
        self._spend(source, start=first)
        return FormRequest(url, formdata=hanweb.form(), callback=self.parse_dataproxy, errback=self.on_error,
                           meta={"source": source.id, "kind": "list", "start": start, "page_url": page_url,
                                 "hanweb": vars(hanweb).copy(), "list_depth": depth})

    # --- list pages -------------------------------------------------------------
    @_passes_column
    def parse_list(self, response):
        """A list page; a feed or a sitemap is read as one even when the seed does not say so."""
        response = as_text(response)
        self._moved(self._source(response), response)
        xml = xml_list_kind(response.body)
        if xml == "rss":
            yield from self.parse_feed(response)
            return
        if xml == "sitemap":
            yield from self.parse_sitemap(response)
            return
        source = self._source(response)
        self._count(source.id, "list_pages")
        if is_json(response.body):
            yield from self.parse_jpaas(response)  # a JSON listing named as a start URL
            return
        depth = self._depth(response)
        if source.id in self.discovery:
            yield from self._discover(source, response, depth)
        else:
            yield from self._links(source, self._page_links(source, response), depth, response.meta.get("column"))
        yield from self._trs_pages(source, response, depth)
        yield from self._hanweb_listing(source, response, depth)
        yield from self._jpaas_listing(source, response, depth)

    @_passes_column
    def parse_dataproxy(self, response):
        response = as_text(response)
        source = self._source(response)
        self._count(source.id, "list_pages")
        depth = self._depth(response)
        yield from self._links(source, self._page_links(source, response), depth, response.meta.get("column"))
        total = re.search(r"<totalrecord>\s*(\d+)\s*</totalrecord>", response.text)
        hanweb = HanwebParams(**response.meta["hanweb"])
        nxt = response.meta["start"] + 3 * hanweb.perpage
        key = f"{hanweb.url(response.meta['page_url'], nxt, nxt)} {hanweb.columnid}"
        if total and nxt <= int(total.group(1)) and self._may_list(source, key, depth):
            yield self._dataproxy(source, hanweb, response.meta["page_url"], nxt, depth)

    def _trs_pages(self, source, response, depth: int):
        """TRS columns build their page links in script (createPageHTML). With `list: trs` every page is
        fetched; otherwise those the seed's follow allows."""
        if response.meta.get("trs_expanded"):
            return
        for url in trs_page_urls(response.url, response.text):
            if source.list != "trs" and not source.should_follow(url) and source.id not in self.discovery:
                return
            if not self._may_list(source, url, depth):
                continue  # each page left out is counted
            request = self._request(source, url, self.parse_list, kind="list", depth=depth)
            request.meta["trs_expanded"] = True
            if source.id in self.discovery:
                self.discovery[source.id].pages.append(url)
                self.discovery[source.id].styles.add("trs")
            yield request

    def _hanweb_listing(self, source, response, depth: int):
        """A Hanweb column shows its first records only; the rest come from the dataproxy.jsp its page names.
        Read from the page when the seed gives no `hanweb:` parameters (once per column and run)."""
        found = hanweb_listing(response.url, response.text) if source.list == "links" else None
        if found is None:
            return
        host, hanweb = found
        if not self._allows(source, host) or (source.id, hanweb) in self.hanweb_columns:
            return
        self.hanweb_columns.add((source.id, hanweb))
        self._count(source.id, "hanweb_found")
        self._style(source, "hanweb")
        if self._may_list(source, f"{hanweb.url(response.url, 1, 1)} {hanweb.columnid}", depth):
            yield self._dataproxy(source, hanweb, response.url, start=1, depth=depth)

    def _jpaas_listing(self, source, response, depth: int):
        """Page 1 of each jpaas listing the page loads in script; parse_jpaas asks for the next ones."""
        for url, query in jpaas_units(response.text):
            self._style(source, "jpaas")
            if self._may_list(source, response.urljoin(url), depth):
                yield self._jpaas_request(source, response.urljoin(url), query, 1, depth)

    def _jpaas_request(self, source, url: str, query: dict, page: int, depth: int) -> Request:
        params = jpaas_paging(query, page, self.crawler.settings.getint("JPAAS_PAGE_SIZE", 20))
        request = self._request(source, f"{url}?{urlencode(params)}", self.parse_jpaas, kind="list", depth=depth)
        request.meta["jpaas"] = {"url": url, "query": query, "page": page}
        return request

    @_passes_column
    def parse_jpaas(self, response):
        """A JSON listing (jpaas's {"data": {"html": "<li>…"}} or any JSON with URLs in it). The next jpaas page
        is asked for while a page brings article links this run has not seen."""
        response = as_text(response)
        source = self._source(response)
        if "jpaas" in response.meta:
            self._count(source.id, "list_pages")
        try:
            data = json.loads(response.text)
        except ValueError as e:
            self._count(source.id, "bad_listing")
            self.logger.warning("listing %s is not JSON: %s", response.url, e)
            return
        before = len(self.seen_links)
        depth = self._depth(response)
        yield from self._links(source, [response.urljoin(u) for u in json_links(data)], depth, response.meta.get("column"))
        unit = response.meta.get("jpaas")
        if unit and len(self.seen_links) > before \
                and self._may_list(source, f"{unit['url']} page {unit['page'] + 1}", depth):
            yield self._jpaas_request(source, unit["url"], unit["query"], unit["page"] + 1, depth)

    @_passes_column
    def parse_feed(self, response):
        response = as_text(response)
        source = self._source(response)
        self._style(source, "rss")
        self._moved(source, response)
        self._count(source.id, "list_pages")
        # a feed served as text/html would lose <link>'s text to the HTML parser (a void element there)
        selector = response.selector if isinstance(response, XmlResponse) else Selector(text=response.text, type="xml")
        selector.remove_namespaces()
        links = []
        for entry in selector.xpath("//item | //entry"):
            link = entry.xpath("link/text() | link/@href | self::item[not(link)]/guid/text()").get()
            if not link:
                continue
            day = feed_date(entry.xpath("pubDate/text() | published/text() | updated/text() | date/text()").get())
            if self.since and day and day < self.since:
                self._count(source.id, "too_old")
                continue
            links.append(response.urljoin(link.strip()))
        yield from self._links(source, links, self._depth(response), response.meta.get("column"))

    @_passes_column
    def parse_sitemap(self, response):
        source = self._source(response)
        self._style(source, "sitemap")
        self._moved(source, response)
        self._count(source.id, "list_pages")
        body = maybe_gunzip(response.body)  # sitemap.xml.gz served as a file, not with Content-Encoding
        if body is None:
            self.logger.warning("sitemap %s: not a readable gzip file", response.url)
            return
        sitemap = Sitemap(body)
        entries = list(sitemap)
        depth = self._depth(response)
        if sitemap.type == "sitemapindex":
            for entry in entries:
                if self._may_list(source, response.urljoin(entry["loc"]), depth):
                    yield self._request(source, response.urljoin(entry["loc"]), self.parse_sitemap, kind="list",
                                        depth=depth)
            return
        fresh = [e["loc"] for e in entries if not self._too_old(e.get("lastmod", "")[:10])]
        yield from self._links(source, [response.urljoin(u) for u in fresh], depth, response.meta.get("column"))

    def _links(self, source, urls, depth: int, column: str | None = None):
        urls = [u for u in dict.fromkeys(u.split("#", 1)[0] for u in urls) if self._allows(source, urlsplit(u).hostname)]
        if source.id in self.discovery:  # a listing's article-shaped links (feed, sitemap, dataproxy, jpaas)
            found, _, _ = classify("", [Link(u) for u in urls], nav=False, listing=True)
            self.discovery[source.id].linked[column].update(found)
            yield from self._article_links(source, found)
            return
        for url in urls:
            if source.article.search(url):
                yield from self._article_links(source, [url])
            elif any(f.search(url) for f in source.follow):
                yield from self._list_link(source, url, depth)

    def _article_links(self, source, urls):
        state = Services.of(self.crawler).state
        discovery = self.discovery.get(source.id)
        for url in urls:
            if (source.id, url) in self.seen_links or discovery and discovery.refuted(url) \
                    or url in self.skip.get(source.id, ()):
                continue  # the same article listed twice (list page and dataproxy) counts once; a service page
            self.seen_links.add((source.id, url))
            self._count(source.id, "article_links")
            day = url_date(url)
            # every article link ends in one of these counters, or in fetched (the summary adds up)
            if self.since and day and day < self.since:
                self._count(source.id, "too_old")
            elif state.known(canonical(url)):
                self._count(source.id, "known")  # stored by an earlier run: not fetched again
            elif canonical(url) in self.requested:
                self._count(source.id, "listed_elsewhere")  # another source of this run has it
            elif self._too_long(url):
                self._count(source.id, "url_too_long")
            else:  # max_pages does not apply: a list page that was read has all its articles fetched
                self.requested.add(canonical(url))
                yield self._request(source, url, self.parse_article, kind="article")

    def _list_link(self, source, url: str, depth: int, **meta):
        """A list page linked from one: asked for unless asked for already (page 1 linked from page 2 costs no
        budget), too long, or over a bound."""
        discovery = self.discovery.get(source.id)
        relearning = discovery is not None and source.id in self.relearned
        if (discovery.listed if relearning else self.listed).__contains__(url):
            return
        if self._too_long(url):
            if (source.id, url) not in self.capped:
                self.capped.add((source.id, url))
                self._count(source.id, "list_url_too_long")
        elif self._may_list(source, url, depth):
            request = self._request(source, url, self.parse_list, kind="list", depth=depth, dont_filter=relearning)
            request.meta.update(meta)
            if discovery is not None:
                discovery.listed.add(url)
            yield request

    def _too_long(self, url: str) -> bool:
        """Over URLLENGTH_LIMIT, which Scrapy's UrlLengthMiddleware drops with one INFO line and no counter:
        the spider leaves such a link out itself, and counts it. Measured as Scrapy does, on the escaped URL."""
        return bool(self.url_length) and len(safe_url_string(url)) > self.url_length

    def _may_list(self, source, url: str, depth: int) -> bool:
        """Whether the source may have one more list page, `depth` list pages away from a start page. A page
        refused is counted once, under the first bound that refuses it, so that the summary shows where and
        why a crawl was cut short: over_max_depth (MAX_LIST_DEPTH), over_max_pages (-a max_pages, else the
        seed's, else MAX_LIST_PAGES_PER_SOURCE), over_run_pages (MAX_LIST_PAGES_PER_RUN), over_wall_time
        (SOURCE_WALL_TIME)."""
        cap = self.max_pages or source.max_pages or self.bounds.pages_per_source
        if depth <= self.bounds.max_depth and self.budget.spent(source.id) < cap \
                and self.budget.spent(RUN) < self.bounds.pages_per_run and not self.out_of_time(source.id):
            return True
        if url in self.listed or (source.id, url) in self.capped:
            return False  # refused before, and counted then
        self.capped.add((source.id, url))
        if depth > self.bounds.max_depth:
            self._count(source.id, "over_max_depth")
        elif self.budget.spent(source.id) >= cap:
            self._count(source.id, "over_max_pages")
        elif self.budget.spent(RUN) >= self.bounds.pages_per_run:
            self._count(source.id, "over_run_pages")
        else:
            self._count(source.id, "over_wall_time")
        return False

    def out_of_time(self, source_id: str) -> bool:
        """Whether the source has been crawled for SOURCE_WALL_TIME seconds since its first list page came back
        (a clock per source, so that a source waiting behind others in the queue is not charged for it)."""
        started = self.clock.get(source_id)
        return started is not None and time.monotonic() - started >= self.bounds.wall_time

    def _too_old(self, day: str) -> bool:
        try:
            return bool(self.since and day and date.fromisoformat(day) < self.since)
        except ValueError:
            return False

    # --- articles ---------------------------------------------------------------
    def parse_article(self, response):
        source = self._source(response)
        self._count(source.id, "fetched")
        headers = [(k.decode("latin-1"), b", ".join(v).decode("latin-1")) for k, v in response.headers.items()]
        yield {
            "url": response.url,
            "canonical": canonical(response.meta.get("redirect_urls", [response.url])[0]),  # the link we followed
            "source_id": source.id,
            "site": source.name,
            "region": source.region.as_dict(),
            "topic": source.topic,
            "status": response.status,
            "headers": headers,
            "content_type": response.headers.get("Content-Type", b"").decode("latin-1") or None,
            "body": response.body,
        }

    def request_dropped(self, request, spider=None):
        """The scheduler refused a request: its duplicate filter has the URL already (an article that
        meta-refreshes or redirects to itself, or to an article fetched before). An article link ends here; a list
        page is counted too (list_duplicate_request), or its links would vanish without a word."""
        kind, source = request.meta.get("kind"), request.meta.get("source")
        if kind in ("article", "list") and source in self.by_id:
            self._count(source, "duplicate_request" if kind == "article" else "list_duplicate_request")
            self.logger.info("%s %s dropped as a duplicate request (redirected from %s)", kind, request.url,
                             (request.meta.get("redirect_urls") or [request.url])[0])

    def on_error(self, failure):
        request = failure.request
        source = request.meta.get("source", "?")
        if failure.check(OverBound):  # a queued list page its source had no time left for: a bound, not an error
            self._count(source, "over_wall_time")
            return
        if failure.check(HostUnreachable):  # a dead host: said once for the host (crawler/deadhosts.py), counted here
            self._count(source, "errors")
            self._count(source, f"error/{failure_reason(failure)}")
            self.logger.debug("%s %s not sent: %s", request.meta.get("kind", "page"), request.url, failure.value)
            return
        if failure.check(IgnoreRequest) and str(failure.value).startswith("Forbidden by robots.txt"):
            self._count(source, "robots_blocked")
            return
        self._count(source, "errors")
        self._count(source, f"error/{failure_reason(failure)}")  # the summary's reasons
        self.logger.warning("%s %s failed: %s", request.meta.get("kind", "page"), request.url, failure.getErrorMessage() or repr(failure.value))

    def _source(self, response):
        if response.meta.get("kind") == "list":
            self.clock.setdefault(response.meta["source"], time.monotonic())  # SOURCE_WALL_TIME runs from here
        return self.by_id[response.meta["source"]]
