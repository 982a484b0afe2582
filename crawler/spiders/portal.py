"""`scrapy crawl portal`: one spider, driven by the sources in seeds/."""
from __future__ import annotations

import html
import json
import re
from collections import Counter
from datetime import date
from urllib.parse import parse_qs, urlencode, urlsplit

import scrapy
from scrapy import Selector
from scrapy.exceptions import IgnoreRequest
from scrapy.http import FormRequest, Request, XmlResponse
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from crawler.middlewares import failure_reason
from crawler.seeds import HanwebParams, load_sources
from crawler.services import Services, canonical

_HREF = re.compile(r"""href\s*=\s*["']?([^"'\s<>]+)""", re.I)  # also inside Hanweb's CDATA records
# createPageHTML(3, 0, "index", "html") or, in newer templates, createPageHTML('paging', 3, 0, 'index', 'html')
_TRS_PAGES = re.compile(
    r"createPageHTML\(\s*(?:['\"][\w-]+['\"]\s*,\s*)?['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
# a Hanweb column page carries its bulk listing's address in <datastore><nextgroup><![CDATA[<a href="…dataproxy.jsp?…">
_NEXTGROUP = re.compile(r"""<nextgroup>\s*<!\[CDATA\[\s*<a\s[^>]*?href\s*=\s*["']([^"']*dataproxy\.jsp\?[^"']*)""", re.I)
# what an XML list page is, whatever the seed's `list` says: its root element after the prolog
_XML_ROOT = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*|<\?xml-stylesheet[^>]*>\s*)*"
    rb"<(?:[\w-]+:)?(rss|feed|RDF|urlset|sitemapindex)\b", re.S | re.I)
# the jpaas CMS (cast.org.cn, many .gov.cn sites) loads a column's items through
# <script parseType="bulidstatic" url="…/front/page/build/unit" querydata="{'webId':…}">
_JPAAS_SCRIPT = re.compile(r"<script\b(?=[^>]*\bparseType\s*=\s*[\"']bulidstatic[\"'])[^>]*>", re.I)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_URL_DATE = re.compile(
    r"(?P<y>20\d{2})[/-]?(?P<m>[01]?\d)[/-](?P<d>[0-3]?\d)(?!\d)|/t(?P<y2>20\d{2})(?P<m2>[01]\d)(?P<d2>[0-3]\d)_"
)


_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.S | re.I)
_HANDLER = re.compile(r'\son[a-z]+\s*=\s*"([^"]*)"', re.I)  # onclick="window.open('/art/…')"
# an absolute, root-relative or ./-relative URL quoted in script: window.open('/art/…'), lists built in JS
_QUOTED_URL = re.compile(r"""["']((?:https?:)?//[^"'\s<>\\]+|/[^"'\s<>\\/][^"'\s<>\\]*|\.\.?/[^"'\s<>\\]+)["']""")


def _hrefs(response) -> list[str]:
    """Every link a list page carries: href attributes, and URLs quoted in its scripts and event handlers (the caller keeps only
    those the seed's `article` and `follow` patterns accept)."""
    text = response.text
    found = _HREF.findall(text)
    for script in _SCRIPT.findall(text) + _HANDLER.findall(text):
        found += _QUOTED_URL.findall(script.replace("\\/", "/"))
    return [response.urljoin(html.unescape(h)) for h in found]


def xml_list_kind(body: bytes) -> str | None:
    """'rss' for RSS, Atom and RDF feeds, 'sitemap' for sitemaps and sitemap indexes, None for anything else."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip(body, max_size=50 * 1024 * 1024)
        except (OSError, EOFError, ValueError):
            return None
    m = _XML_ROOT.match(body[:4096])
    if not m:
        return None
    return "sitemap" if m.group(1).lower() in (b"urlset", b"sitemapindex") else "rss"


def jpaas_units(text: str) -> list[tuple[str, dict[str, str]]]:
    """(url, query) of each jpaas listing a page loads; querydata is JSON written with single quotes."""
    units = []
    for tag in _JPAAS_SCRIPT.findall(text):
        attrs = {k.lower(): html.unescape(a or b) for k, a, b in _ATTR.findall(tag)}
        try:
            query = json.loads(attrs.get("querydata", "").replace("'", '"'))
        except ValueError:
            continue
        if attrs.get("url") and isinstance(query, dict):
            units.append((attrs["url"], {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in query.items()}))
    return units


def json_links(value) -> list[str]:
    """Every URL in a JSON listing: string values that are URLs or paths, and the hrefs of HTML inside strings."""
    found, stack = [], [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            stack.extend(reversed(list(v.values())))
        elif isinstance(v, list):
            stack.extend(reversed(v))
        elif isinstance(v, str):
            if "<" in v:
                found += [html.unescape(h) for h in _HREF.findall(v)]
            elif re.match(r"(https?:)?//|/[^/\s]|\.\.?/", v) and not re.search(r"\s", v):
                found.append(v)
    return found


def url_date(url: str) -> date | None:
    """The publication day many CMSs write into article URLs (/art/2024/6/9/, t20240609_, /2020/06-09/)."""
    m = _URL_DATE.search(urlsplit(url).path)
    if not m:
        return None
    y, mo, d = (m["y"], m["m"], m["d"]) if m["y"] else (m["y2"], m["m2"], m["d2"])
    try:
        return date(int(y), int(mo), int(d))
    except ValueError:
        return None


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(self, seeds: str = "seeds", source: str | None = None, region: str | None = None,
                 since: str | None = None, max_pages: str | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = load_sources(seeds, source=source, region=region)
        if not self.sources:
            raise ValueError(f"no source in {seeds} matches source={source!r} region={region!r}")
        self.by_id = {s.id: s for s in self.sources}
        self.since = date.fromisoformat(since) if since else None
        self.max_pages = int(max_pages) if max_pages else None
        self.scheduled: Counter = Counter()   # every request, capped by -a max_pages
        self.list_pages: Counter = Counter()  # list requests, capped by the seed's max_pages
        self.hanweb_columns: set = set()      # (source id, HanwebParams) read from column pages
        self.seen_links: set[tuple[str, str]] = set()
        self.allowed = {s.id: set(s.allowed_domains or [urlsplit(u).hostname for u in s.start_urls]) for s in self.sources}

    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
        # a User-Agent that names the project and how to reach whoever runs it (-s CONTACT=…)
        if not settings.get("USER_AGENT"):
            settings.set("USER_AGENT", f"kechuang-corpus/0.1 (+{settings.get('CONTACT')})", priority="spider")

    # --- starting points --------------------------------------------------------
    async def start(self):
        for request in self.start_requests():
            yield request

    def start_requests(self):
        for source in self.sources:
            for url in source.start_urls:
                callback = {"rss": self.parse_feed, "sitemap": self.parse_sitemap}.get(source.list, self.parse_list)
                yield self._request(source, url, callback, kind="list")
                if source.list == "hanweb":
                    yield self._dataproxy(source, source.hanweb, url, start=1)

    def _request(self, source, url, callback, kind, **kwargs) -> Request:
        self.scheduled[source.id] += 1
        if kind == "list":
            self.list_pages[source.id] += 1
        return Request(url, callback=callback, errback=self.on_error,
                       meta={"source": source.id, "kind": kind}, **kwargs)

    def _dataproxy(self, source, hanweb: HanwebParams, page_url: str, start: int) -> FormRequest:
        """Hanweb columns list their articles through a POST to dataproxy.jsp, 3 pages per call."""
        perpage = hanweb.perpage
        url = hanweb.url(page_url, start, start + 3 * perpage - 1)
        self.scheduled[source.id] += 1
        self.list_pages[source.id] += 1
        return FormRequest(url, formdata=hanweb.form(), callback=self.parse_dataproxy, errback=self.on_error,
                           meta={"source": source.id, "kind": "list", "start": start, "page_url": page_url,
                                 "hanweb": vars(hanweb).copy()})

    # --- list pages -------------------------------------------------------------
    def parse_list(self, response):
        """A list page; a feed or a sitemap is read as one even when the seed does not say so."""
        xml = xml_list_kind(response.body)
        if xml == "rss":
            yield from self.parse_feed(response)
            return
        if xml == "sitemap":
            yield from self.parse_sitemap(response)
            return
        source = self._source(response)
        self.crawler.stats.inc_value(f"source/{source.id}/list_pages")
        if response.body.lstrip()[:1] in (b"{", b"[") and b"<html" not in response.body[:2048].lower():
            yield from self.parse_jpaas(response)  # a JSON listing named as a start URL
            return
        yield from self._links(source, _hrefs(response))
        yield from self._trs_pages(source, response)
        yield from self._hanweb_listing(source, response)
        yield from self._jpaas_listing(source, response)

    def parse_dataproxy(self, response):
        source = self._source(response)
        self.crawler.stats.inc_value(f"source/{source.id}/list_pages")
        yield from self._links(source, _hrefs(response))
        total = re.search(r"<totalrecord>\s*(\d+)\s*</totalrecord>", response.text)
        hanweb = HanwebParams(**response.meta["hanweb"])
        nxt = response.meta["start"] + 3 * hanweb.perpage
        if total and nxt <= int(total.group(1)) and self._budget(source):
            yield self._dataproxy(source, hanweb, response.meta["page_url"], nxt)

    def _trs_pages(self, source, response):
        """TRS columns print their page count in createPageHTML(N, current, "index", "html") and build the
        page links in script. With `list: trs` every page is fetched; otherwise those the seed's follow allows."""
        m = _TRS_PAGES.search(response.text)
        if not m or response.meta.get("trs_expanded"):
            return
        count, name, ext = int(m.group(1)), m.group(3), m.group(4)
        base = response.url.rsplit("/", 1)[0] + "/"
        for n in range(1, count):
            url = f"{base}{name}_{n}.{ext}"
            if source.list != "trs" and not source.should_follow(url):
                return
            if not self._budget(source):
                break
            request = self._request(source, url, self.parse_list, kind="list")
            request.meta["trs_expanded"] = True
            yield request

    def _hanweb_listing(self, source, response):
        """A Hanweb column shows its first records only; the rest come from the dataproxy.jsp its page names.
        Read from the page when the seed gives no `hanweb:` parameters (once per column and run)."""
        if source.list != "links":
            return
        m = _NEXTGROUP.search(response.text)
        if not m:
            return
        href = urlsplit(response.urljoin(html.unescape(m.group(1)).strip()))
        query = {k: v[0] for k, v in parse_qs(href.query).items()}
        if href.hostname not in self.allowed[source.id] or not all(query.get(k, "").isdigit() for k in ("columnid", "unitid")):
            return
        hanweb = HanwebParams(columnid=query["columnid"], unitid=query["unitid"],
                              webid=query.get("webid", "1") if query.get("webid", "1").isdigit() else "1", path=href.path)
        if (source.id, hanweb) in self.hanweb_columns or not self._budget(source):
            return
        self.hanweb_columns.add((source.id, hanweb))
        self.crawler.stats.inc_value(f"source/{source.id}/hanweb_found")
        yield self._dataproxy(source, hanweb, response.url, start=1)

    def _jpaas_listing(self, source, response):
        """Page 1 of each jpaas listing the page loads in script; parse_jpaas asks for the next ones."""
        for url, query in jpaas_units(response.text):
            if self._budget(source):
                yield self._jpaas_request(source, response.urljoin(url), query, 1)

    def _jpaas_request(self, source, url: str, query: dict, page: int) -> Request:
        paging = json.loads(query.get("paramJson") or "{}") if (query.get("paramJson") or "").startswith("{") else {}
        size = paging.get("pageSize")
        if not isinstance(size, int) or size < 1:
            size = self.crawler.settings.getint("JPAAS_PAGE_SIZE", 20)
        params = {**query, "paramJson": json.dumps({**paging, "pageNo": page, "pageSize": size}, separators=(",", ":"))}
        request = self._request(source, f"{url}?{urlencode(params)}", self.parse_jpaas, kind="list")
        request.meta["jpaas"] = {"url": url, "query": query, "page": page}
        return request

    def parse_jpaas(self, response):
        """A JSON listing (jpaas's {"data": {"html": "<li>…"}} or any JSON with URLs in it). The next jpaas page
        is asked for while a page brings article links this run has not seen."""
        source = self._source(response)
        if "jpaas" in response.meta:
            self.crawler.stats.inc_value(f"source/{source.id}/list_pages")
        try:
            data = json.loads(response.text)
        except ValueError as e:
            self.crawler.stats.inc_value(f"source/{source.id}/bad_listing")
            self.logger.warning("listing %s is not JSON: %s", response.url, e)
            return
        before = len(self.seen_links)
        yield from self._links(source, [response.urljoin(u) for u in json_links(data)])
        unit = response.meta.get("jpaas")
        if unit and len(self.seen_links) > before and self._budget(source):
            yield self._jpaas_request(source, unit["url"], unit["query"], unit["page"] + 1)

    def parse_feed(self, response):
        source = self._source(response)
        self.crawler.stats.inc_value(f"source/{source.id}/list_pages")
        # a feed served as text/html would lose <link>'s text to the HTML parser (a void element there)
        selector = response.selector if isinstance(response, XmlResponse) else Selector(text=response.text, type="xml")
        selector.remove_namespaces()
        links = selector.xpath("//item/link/text() | //entry/link/@href | //item[not(link)]/guid/text()").getall()
        yield from self._links(source, [response.urljoin(u.strip()) for u in links])

    def parse_sitemap(self, response):
        source = self._source(response)
        self.crawler.stats.inc_value(f"source/{source.id}/list_pages")
        body = response.body
        if body[:2] == b"\x1f\x8b":  # sitemap.xml.gz served as a file, not with Content-Encoding
            try:
                body = gunzip(body, max_size=self.crawler.settings.getint("DOWNLOAD_MAXSIZE") or 50 * 1024 * 1024)
            except (OSError, EOFError, ValueError) as e:
                self.logger.warning("sitemap %s: not a readable gzip file (%s)", response.url, e)
                return
        sitemap = Sitemap(body)
        entries = list(sitemap)
        if sitemap.type == "sitemapindex":
            for entry in entries:
                if self._budget(source):
                    yield self._request(source, response.urljoin(entry["loc"]), self.parse_sitemap, kind="list")
            return
        fresh = [e["loc"] for e in entries if not self._too_old(e.get("lastmod", "")[:10])]
        yield from self._links(source, [response.urljoin(u) for u in fresh])

    def _links(self, source, urls):
        stats = self.crawler.stats
        state = Services.of(self.crawler).state
        for url in dict.fromkeys(u.split("#", 1)[0] for u in urls):
            if urlsplit(url).hostname not in self.allowed[source.id]:
                continue
            if source.article.search(url):
                if (source.id, url) in self.seen_links:
                    continue  # the same article listed twice (list page and dataproxy) counts once
                self.seen_links.add((source.id, url))
                stats.inc_value(f"source/{source.id}/article_links")
                day = url_date(url)
                if self.since and day and day < self.since:
                    stats.inc_value(f"source/{source.id}/too_old")
                elif state.known(canonical(url)):
                    stats.inc_value(f"source/{source.id}/known")  # stored by an earlier run: not fetched again
                elif self._budget(source, "article"):
                    yield self._request(source, url, self.parse_article, kind="article")
            elif any(f.search(url) for f in source.follow) and self._budget(source):
                yield self._request(source, url, self.parse_list, kind="list")

    def _budget(self, source, kind: str = "list") -> bool:
        if self.max_pages is not None and self.scheduled[source.id] >= self.max_pages:
            return False
        return kind != "list" or source.max_pages is None or self.list_pages[source.id] < source.max_pages

    def _too_old(self, day: str) -> bool:
        try:
            return bool(self.since and day and date.fromisoformat(day) < self.since)
        except ValueError:
            return False

    # --- articles ---------------------------------------------------------------
    def parse_article(self, response):
        source = self._source(response)
        self.crawler.stats.inc_value(f"source/{source.id}/fetched")
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

    def on_error(self, failure):
        request = failure.request
        source = request.meta.get("source", "?")
        if failure.check(IgnoreRequest) and "robots" in str(failure.value).lower():
            self.crawler.stats.inc_value(f"source/{source}/robots_blocked")
            return
        self.crawler.stats.inc_value(f"source/{source}/errors")
        self.crawler.stats.inc_value(f"source/{source}/error/{failure_reason(failure)}")  # the summary's reasons
        self.logger.warning("%s %s failed: %s", request.meta.get("kind", "page"), request.url, failure.getErrorMessage() or repr(failure.value))

    def _source(self, response):
        return self.by_id[response.meta["source"]]
