"""What a list page links to, in each form the sources use: hrefs and URLs quoted in scripts, RSS/Atom feeds
and sitemaps, TRS's script-built pages, Hanweb's dataproxy.jsp listing, jpaas's JSON listing, and the dates
CMSs write into article URLs. Pure functions of the page: the spider (crawler/spiders/portal.py) decides what
to request."""
from __future__ import annotations

import html
import json
import re
from datetime import date
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, urljoin, urlsplit

from scrapy.utils.gz import gunzip

from crawler.seeds import HanwebParams

# href=" ../a.html" (a space inside the quotes), href=\"…\" (written by a script): browsers follow both
_HREF = re.compile(r"""href\s*=\s*\\?["']?\s*([^"'\s<>\\]+)""", re.I)  # also inside Hanweb's CDATA records
# <button data-url="/news/list/1?page=2">加载更多</button>: the next page a script loads
_DATA_URL = re.compile(r"""\bdata-(?:url|href|link|next|more)\s*=\s*["']\s*([^"'\s<>]+)""", re.I)
_FRAME = re.compile(r"""<i?frame\b[^>]*?\bsrc\s*=\s*["']?\s*([^"'\s<>]+)""", re.I)  # lists some portals frame in
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.S | re.I)
_HANDLER = re.compile(r'\son[a-z]+\s*=\s*"([^"]*)"', re.I)  # onclick="window.open('/art/…')"
# an absolute, root-relative or ./-relative URL quoted in script: window.open('/art/…'), lists built in JS
_QUOTED_URL = re.compile(
    r"""["']((?:https?:)?//[^"'\s<>\\]+|/[^"'\s<>\\/][^"'\s<>\\]*|\.\.?/[^"'\s<>\\]+"""
    r"""|[\w-][\w./-]*\.(?:s?html?|jsp|aspx?|php)(?:\?[^"'\s<>\\]*)?)["']""", re.I)  # and window.open('a_1.html')
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
GZIP_MAX = 50 * 1024 * 1024


def as_text(response):
    """The response as a TextResponse. A static server that does not know a file's type (a mirror's
    `index.html@pageNum=2`, a feed without .xml) sends application/octet-stream, and Scrapy gives such a
    body no .text; the page is read as HTML, or XML, with its encoding found from its own bytes."""
    from scrapy.http import HtmlResponse, TextResponse, XmlResponse

    if isinstance(response, TextResponse):
        return response
    cls = XmlResponse if xml_list_kind(response.body) else HtmlResponse
    return cls(response.url, status=response.status, headers=response.headers, body=response.body,
               request=response.request, flags=response.flags)


def page_links(response, limit: int | None = None) -> tuple[list[str], int]:
    """Every link a list page carries: href attributes, frame sources, and URLs quoted in its scripts and event
    handlers, the first `limit` of them (distinct, in page order), and how many more there were. The spider
    keeps only those the seed's `article` and `follow` patterns accept."""
    text = response.text
    found = _HREF.findall(text) + _FRAME.findall(text) + _DATA_URL.findall(text)
    for script in _SCRIPT.findall(text) + _HANDLER.findall(text):
        found += _QUOTED_URL.findall(script.replace("\\/", "/").replace('\\"', '"').replace("\\'", "'"))
    found = list(dict.fromkeys(found))
    cut = max(0, len(found) - limit) if limit is not None else 0
    return [response.urljoin(html.unescape(h)) for h in found[:limit]], cut


def maybe_gunzip(body: bytes, max_size: int = GZIP_MAX) -> bytes | None:
    """The body, gunzipped when it is a gzip file (sitemap.xml.gz served as a file); None when unreadable."""
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        return gunzip(body, max_size=max_size)
    except (OSError, EOFError, ValueError):
        return None


def xml_list_kind(body: bytes) -> str | None:
    """'rss' for RSS, Atom and RDF feeds, 'sitemap' for sitemaps and sitemap indexes, None for anything else."""
    body = maybe_gunzip(body)
    m = _XML_ROOT.match(body[:4096]) if body else None
    if not m:
        return None
    return "sitemap" if m.group(1).lower() in (b"urlset", b"sitemapindex") else "rss"


def is_json(body: bytes) -> bool:
    return body.lstrip()[:1] in (b"{", b"[") and b"<html" not in body[:2048].lower()


def trs_page_urls(page_url: str, text: str) -> list[str]:
    """The other pages of a TRS column, which createPageHTML(N, current, "index", "html") builds in script."""
    m = _TRS_PAGES.search(text)
    if not m:
        return []
    count, name, ext = int(m.group(1)), m.group(3), m.group(4)
    base = page_url.rsplit("/", 1)[0] + "/"
    return [f"{base}{name}_{n}.{ext}" for n in range(1, count)]


def hanweb_listing(page_url: str, text: str) -> tuple[str, HanwebParams] | None:
    """(host, parameters) of the dataproxy.jsp listing a Hanweb column page names in its <nextgroup>."""
    m = _NEXTGROUP.search(text)
    if not m:
        return None
    href = urlsplit(urljoin(page_url, html.unescape(m.group(1)).strip()))
    query = {k: v[0] for k, v in parse_qs(href.query).items()}
    if not all(query.get(k, "").isdigit() for k in ("columnid", "unitid")):
        return None
    webid = query.get("webid", "")
    return href.hostname or "", HanwebParams(columnid=query["columnid"], unitid=query["unitid"],
                                             webid=webid if webid.isdigit() else "1", path=href.path)


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


def jpaas_paging(query: dict[str, str], page: int, default_size: int) -> dict[str, str]:
    """The query for page `page` of a jpaas listing: paramJson={"pageNo":N,"pageSize":M}, keeping a page size
    the page's own querydata gives."""
    try:
        paging = json.loads(query.get("paramJson") or "{}")
    except ValueError:
        paging = {}
    if not isinstance(paging, dict):
        paging = {}
    size = paging.get("pageSize")
    if not isinstance(size, int) or size < 1:
        size = default_size
    return {**query, "paramJson": json.dumps({**paging, "pageNo": page, "pageSize": size}, separators=(",", ":"))}


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


def feed_date(value: str | None) -> date | None:
    """The day of a feed entry: RSS pubDate (RFC 822), Atom published/updated or dc:date (ISO 8601)."""
    if not value:
        return None
    value = value.strip()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


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
