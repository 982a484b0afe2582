"""Learn a source's shape from its pages, as a person clicking through the site would: which links of a page are
its columns (nav links to list pages), its pagination and its articles, when the seed gives no `article` regex.

Links are grouped by URL *shape* (the path with its numbers generalised, and the query's keys): a list page links
to many pages of one shape, with headlines for anchor text; a nav menu links to a few pages with short names.
An article shape is confirmed by the judge (crawler/pipelines.py): the pages of a shape the judge keeps as
articles (stored, or rejected as off-topic or duplicate: articles all the same) are learned; a shape whose first
pages are all rejected as not being articles is dropped for the rest of the run. What was learned goes into the
state, so that the next run starts from the columns with article and pagination patterns, as a written seed does.

Pure functions of URLs and anchor texts, and the per-run `Discovery` bookkeeping; the spider
(crawler/spiders/portal.py) decides what to request and counts it.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

# query keys of pagination (?page=2, ?pageNum=2, ?pn=2 …): a list URL whose query holds other keys is a search,
# a filter or a calendar: endless variations, never followed
PAGING_KEYS = frozenset("""page pagenum pageno pageindex pagenumber page_no page_num pn pg p curpage currpage
currentpage current cpage start offset begin index uid totalresult total totalpage totalpages pagesize page_size
size rows limit count perpage per_page""".split())
# query keys that name a column rather than vary it (?classid=12): a column page may carry them
COLUMN_KEYS = frozenset("""id cid tid mid nid sid catid cateid categoryid classid typeid colid columnid channelid
nodeid chnlid class type channel column category cat node m c a tab""".split())
# query keys that name one article (?aid=123, ?newsid=…): an index.php carrying one shows an article
ARTICLE_KEYS = frozenset("aid articleid newsid contentid docid infoid itemid artid postid".split())
# query values that say "show one item" (PHPCMS ?m=content&c=index&a=show&id=3)
DETAIL_VALUES = frozenset("show detail details view content article read info".split())
# a date archive (/2024/06/, /2024/06/09/): a list of a month's or a day's posts, not a post
DATE_ARCHIVE = re.compile(r"^(.*/)?(19|20)\d{2}(/\d{1,2}){0,2}/?$")
# WordPress-style pagination: /category/x/page/2/
PAGE_SUFFIX = re.compile(r"/page/\d+/?$")
# a directory list's pages: /channel/tzgg/2/, /xwzx/index_2/
DIR_PAGE = re.compile(r"/(index_)?\d{1,4}/?$")
# a 专题 (special topic) page: a list of a topic's stories, whatever its number
TOPIC_PAGE = re.compile(r"/(topics?|zt|zhuanti|specials?|subjects?)/\d+/?$", re.I)
NEXT_TEXT = re.compile(r"^\s*([<‹«←]\s*)?(下一?页|下页|后页|上一?页|前一?页|首页|尾页|末页|最后一?页|下一頁|上一頁|较早|更早|加载更多|"
                       r"较新|更新|早期|以前|(较早|更早|较新|更新)的?文章|next|last|prev(ious)?|older|newer|first|>|>>|»|›|→|"
                       r"\d{1,3})(\s*[>›»→]+)?\s*$", re.I)
MORE_TEXT = re.compile(r"^\s*(\+\s*)?(查看)?(更多|more)\s*[>»›+]*\s*$", re.I)
# names of the columns a news crawl wants first
NEWS_TEXT = re.compile(r"新闻|要闻|动态|资讯|快讯|通知|公告|通告|科普|科技|创新|工作|基层|地方|热点|头条|报道|活动|更多|more", re.I)
# a site's service pages, never columns or articles: about, contact, site map, search, login, help, legal, the
# organisation's own pages (简介, 领导, 机构); matched in a link's short name, not inside a headline (关于印发…)
SERVICE_TEXT = re.compile(
    r"关于我们|关于本[站网]|联系|网站地图|站点地图|网站导航|搜索|检索|登录|登陆|注册|会员|个人中心|用户中心|帮助|隐私|版权|免责|声明|"
    r"无障碍|适老|English|繁體|繁体|简体|投稿|信箱|留言|意见|建议|订阅|下载|纠错|收藏|设为首页|加入我们|网站介绍|本站|说明|RSS|"
    r"广告|招聘|投诉|举报|简介|概况|领导|机构|职能|职责|沿革|打印|分享|评论|关闭|返回", re.I)
SERVICE_URL = re.compile(
    r"(?<![a-z])(about|aboutus|contact|contactus|sitemap|site-?map|map|search|so|login|logon|signin|signup|register|"
    r"reg|help|privacy|copyright|disclaimer|feedback|guestbook|mailbox|mail|english|en|big5|fanti|rss|download|"
    r"user|member|passport|account|cart|subscribe|wza|accessibility|vote|poll|survey|print|share|comment|"
    r"tag|tags|author|feed|wp-login|wp-admin|cdn-cgi)(?![a-z])", re.I)
CALENDAR = re.compile(r"(calendar|rili|date=|day=|month=|year=)", re.I)
NOT_PAGES = re.compile(r"\.(pdf|docx?|xlsx?|pptx?|wps|zip|rar|7z|gz|tar|jpe?g|png|gif|bmp|webp|svg|ico|mp[34]|avi|"
                       r"flv|swf|wmv|mov|exe|apk|ipa|txt|css|js|json|xml|rss)$", re.I)
# a last path segment that names a list (index.html, list_2.html, node_3.htm, more.shtml), not an article
LIST_SEGMENT = re.compile(r"^(index|default|list|lists|more|node|column|channel|home|main)([_-]\d+)?(\.\w+)?$", re.I)
HOME_PATH = re.compile(r"^/?((index|default|main|home|portal)\.\w+)?$", re.I)
DATE_IN_PATH = re.compile(r"(?<!\d)(19|20)\d{2}([/_-]?)(0?[1-9]|1[0-2])(\2|/)(0?[1-9]|[12]\d|3[01])?(?!\d)|/t20\d{6}_")
NUMBER = re.compile(r"\d+")
SLUG = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)+", re.I)  # a post's name made of words: my-first-post

NOT_ARTICLES = frozenset({"not_article", "too_short", "empty", "not_chinese", "too_complex", "too_deep"})
REFUTE_AFTER = 3      # pages of a shape fetched and all judged not articles: the shape is not an article shape
MAX_NAV_DEPTH = 2     # home page → column → sub-column: nav links are followed this many steps from a home page
MAX_SKIP = 500        # service pages of article shape remembered per source


@dataclass(frozen=True)
class Link:
    url: str
    text: str = ""   # anchor text (or title); "" for a URL found in a script, a feed or a listing


def shape(url: str) -> str:
    """The URL's shape: host left out, numbers of the path generalised, a slug after a date any name, the query's
    keys in order (values generalised). /kjt/art/2024/6/9/art_1001_101.html → /kjt/art/#/#/#/art_#_#.html"""
    parts = urlsplit(url)
    head, seg, trail = _split(parts.path or "/")
    ext = re.search(r"\.\w+$", seg)
    stem = seg[:len(seg) - len(ext.group(0))] if ext else seg
    if "%" in stem or DATE_IN_PATH.search(head + "/") and SLUG.fullmatch(stem):  # /2024/06/09/a-title/: any name
        seg = "*" + (ext.group(0) if ext else "")
    path = NUMBER.sub("#", f"{head}/{seg}{trail}")
    keys = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True)]
    return path + ("?" + "&".join(keys) if keys else "")


def is_home(url: str) -> bool:
    """A site's home page (/, /index.html): its nav menu leads to the columns. A start URL deeper in the site is
    a column, and only its own pagination and articles are taken."""
    return bool(HOME_PATH.fullmatch(urlsplit(url).path or "/"))


def _last_segment(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1] if path.strip("/") else ""


def is_service(link: Link) -> bool:
    """A link to a service page: named so in a few characters (关于我们, not 关于印发…的通知), or by its URL."""
    text = link.text.strip()
    named = len(text) <= 8 and SERVICE_TEXT.search(text)
    parts = urlsplit(link.url)
    by_url = SERVICE_URL.search(parts.path) or any(SERVICE_URL.fullmatch(v) for _, v in parse_qsl(parts.query))
    return bool(named or by_url or CALENDAR.search(link.url))


def is_page(url: str) -> bool:
    """A web page worth a look: http(s), not a file such as a PDF, an image or a script."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and not NOT_PAGES.search(parts.path)


def endless_query(url: str) -> bool:
    """A query a list page should not have: a search, a filter or a calendar (endless variations)."""
    return any(k.lower() not in PAGING_KEYS | COLUMN_KEYS for k, _ in parse_qsl(urlsplit(url).query,
                                                                                 keep_blank_values=True))


def _not_paging(query: str) -> dict[str, str]:
    return {k.lower(): v for k, v in parse_qsl(query, keep_blank_values=True) if k.lower() not in PAGING_KEYS}


def is_pagination(page_url: str, link: Link) -> bool:
    """A link to another page of the same list: the same path with other paging values (?page=2 named 下一页 or
    2), the same name with a page number (index.html → index_2.html, node_2.htm → node_2_3.htm, /x/ →
    /x/page/2/), or 下一页/a page number to a sibling name (index_1.html → index_2.html). Not a PHP site's every
    index.php?…&id=N (other keys differ), nor node_9.htm from node_2.htm unless it is named as a page."""
    page, other = urlsplit(page_url), urlsplit(link.url)
    if endless_query(link.url) or _not_paging(other.query) != _not_paging(page.query):
        return False
    named = bool(NEXT_TEXT.match(link.text)) and (not link.text.strip().isdigit() or not article_shaped(link.url))
    if other.path == page.path:  # ?p=5100 under a slider's headline is a post, not page 5100
        return other.query != page.query and (named or not link.text.strip())
    if PAGE_SUFFIX.sub("/", other.path).rstrip("/") == PAGE_SUFFIX.sub("/", page.path).rstrip("/"):
        return True
    if (named or other.path.endswith("/")) and DIR_PAGE.search(other.path) \
            and DIR_PAGE.sub("/", other.path) == DIR_PAGE.sub("/", page.path if DIR_PAGE.search(page.path) else page.path.rstrip("/") + "/0/"):
        return True  # /channel/tzgg/ → /channel/tzgg/2/ → /channel/tzgg/3/
    if other.path.rsplit("/", 1)[0] != page.path.rsplit("/", 1)[0]:
        return False
    mine, theirs = page.path.rsplit("/", 1)[1] or "index", other.path.rsplit("/", 1)[1]
    stem = re.sub(r"\.\w+$", "", mine)
    if re.fullmatch(rf"{re.escape(stem)}[_-]\d+(\.\w+)?", theirs, re.I):
        return True  # index → index_1, node_2 → node_2_2
    base = re.escape(re.sub(r"[_-]\d+$", "", stem))
    # named 2 or 下一页 in the same directory: a sibling name (index_2.html), or from a directory page any list
    # name (/a/kjdt/ → list_2_2.html); node_9.htm named 专题 is another column
    return named and (bool(re.fullmatch(rf"{base}([_-]\d+)?(\.\w+)?", theirs, re.I)) or not article_shaped(link.url))


def article_shaped(url: str) -> bool:
    """A URL that can be an article's: a date or an id in it (/2024/06/…, t20240609_1.html, ?id=123), and no list
    name (index, list_2, node_3) last."""
    parts = urlsplit(url)
    last = _last_segment(parts.path)
    query = {k.lower(): v for k, v in parse_qsl(parts.query) if re.fullmatch(r"\d+|[0-9a-f]{8,}", v)}
    if last and LIST_SEGMENT.match(last):  # index.php?…&catid=12&id=345 is an article, list.php?id=5 a column
        shows = any(v.lower() in DETAIL_VALUES for _, v in parse_qsl(parts.query))
        return bool(query.keys() & ARTICLE_KEYS or "id" in query and (shows or query.keys() & {"catid", "classid", "typeid", "cid"}))
    if DATE_ARCHIVE.match(parts.path) or PAGE_SUFFIX.search(parts.path) or TOPIC_PAGE.search(parts.path):
        return False  # /2024/06/: a month's archive; /page/2/: a list's page; /topic/31: a 专题's list
    if DATE_IN_PATH.search(parts.path) or re.search(r"\d{2,}", last):
        return True
    return any(k not in PAGING_KEYS and len(v) >= 2 for k, v in query.items())


def headline(text: str) -> bool:
    return len(text.strip()) >= 6


def nav_shaped(link: Link) -> bool:
    """A nav link to a column: a short name, a URL that names a list or a directory."""
    text = link.text.strip()
    path = urlsplit(link.url).path
    names_list = path.endswith("/") or LIST_SEGMENT.match(_last_segment(path)) is not None
    if not text:  # a menu written by a script (document.write, a JS array): its list-named URLs
        return names_list and not urlsplit(link.url).query
    if len(text) < 2 or NEXT_TEXT.match(text):
        return False
    return names_list and len(text) <= 30 or len(text) <= 12 and not article_shaped(link.url)


def classify(page_url: str, links: list[Link], nav: bool, listing: bool = False,
             news_only: bool = False) -> tuple[list[str], list[str], list[str]]:
    """(articles, pagination, columns) among a list page's links, all on the caller's allowed hosts.

    `listing`: the links come from a feed, a sitemap or a CMS's listing answer, which list articles: every
    article-shaped one is a candidate. Otherwise a shape is an article shape when its links carry headlines (a
    median anchor text of 6+ characters), or when 3+ links of it come from the page's scripts. `nav`: columns
    (nav links and 更多 links) are wanted too; `news_only`: only those named like news columns (beyond a home
    page, where a 政务公开 tree of hundreds of columns would spend the source's list-page budget)."""
    articles, pages, columns = [], [], []
    groups: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        if link.url.split("#")[0] == page_url or not is_page(link.url) or is_service(link):
            continue
        if is_pagination(page_url, link):
            pages.append(link.url)
            continue
        groups[shape(link.url)].append(link)
    for members in groups.values():
        texts = [len(m.text.strip()) for m in members if m.text.strip()]
        shaped = [m for m in members if article_shaped(m.url)]
        if shaped and (listing or (texts and statistics.median(texts) >= 6)
                       or (not texts and len(members) >= 3 and any(DATE_IN_PATH.search(m.url) for m in members))):
            articles += [m.url for m in shaped]
        elif nav:
            columns += [m for m in members if (nav_shaped(m) or MORE_TEXT.match(m.text))
                        and not endless_query(m.url) and not DATE_IN_PATH.search(urlsplit(m.url).path)]
    # news columns first: a site's list-page budget goes to them before 政务公开 or 办事服务
    columns.sort(key=lambda m: not NEWS_TEXT.search(m.text))
    if news_only:
        columns = [m for m in columns if NEWS_TEXT.search(m.text)]
    return list(dict.fromkeys(articles)), list(dict.fromkeys(pages)), list(dict.fromkeys(m.url for m in columns))


# --- patterns from what was confirmed ------------------------------------------------------------------------

def _split(path: str) -> tuple[str, str, str]:
    """(directories, last segment, trailing slash): /2024/06/09/slug/ → ('/2024/06/09', 'slug', '/')."""
    trail = "/" if path.endswith("/") and path.strip("/") else ""
    head, _, seg = path[:len(path) - len(trail)].rpartition("/")
    return head, seg, trail


def _pattern(url: str, last: str | None = None, same_dir: bool = False) -> str:
    """A regex for URLs of this one's shape: its path (and query keys), numbers generalised; `last` replaces the
    last segment's part; `same_dir` keeps the directories as they are (the pages of one list)."""
    parts = urlsplit(url)
    head, seg, trail = _split(parts.path)
    if last is None:
        last = re.escape(seg) if same_dir and parts.query else _generalise(seg)
    body = (re.escape(head) if same_dir else _generalise(head)) + "/" + last + trail
    if parts.query:
        keys = [re.escape(k) for k, _ in parse_qsl(parts.query, keep_blank_values=True)]
        body += r"\?" + "&".join(f"{k}=[^&]*" for k in keys)
    return r"^https?://[^/]+" + body + "$"


def _generalise(text: str) -> str:
    return r"\d+".join(re.escape(piece) for piece in NUMBER.split(text))


def article_patterns(urls: list[str]) -> list[str]:
    """Regexes for the confirmed article URLs: one per shape, and one per directory when the names in it differ
    (art_1001_101.html and art_1001_flaky.html: art_\\d+_[^/]+\\.html; /2024/06/09/a-slug/: [^/]+/)."""
    by_dir: dict[tuple[str, str], list[str]] = defaultdict(list)
    for url in urls:
        parts = urlsplit(url)
        head, seg, trail = _split(parts.path)
        ext = re.search(r"\.\w+$", seg)
        by_dir[(NUMBER.sub("#", head), (ext.group(0) if ext else "") + trail + "?" + shape(url).partition("?")[2])].append(url)
    patterns = []
    for members in by_dir.values():
        shapes = {_pattern(u) for u in members}
        if len(shapes) == 1:
            patterns.append(shapes.pop())
            continue
        segs = [_split(urlsplit(u).path)[1] for u in members]
        ext = re.search(r"\.\w+$", segs[0])
        stems = [_tokens(s[:len(s) - len(ext.group(0))] if ext else s) for s in segs]
        prefix = stems[0]
        for other in stems[1:]:
            n = 0
            while n < min(len(prefix), len(other)) and prefix[n] == other[n]:
                n += 1
            prefix = prefix[:n]
        while prefix and prefix[-1] not in ("_", "-"):  # never cut a name or a number in two
            prefix = prefix[:-1]
        last = "".join(r"\d+" if t == "#" else re.escape(t) for t in prefix) + r"[^/?]+" \
            + (re.escape(ext.group(0)) if ext else "")
        patterns.append(_pattern(members[0], last))
    return sorted(set(patterns))


def _tokens(text: str) -> list[str]:
    """A name as tokens: each run of digits is one '#', every other character itself."""
    return ["#" if t[0].isdigit() else t for t in re.findall(r"\d+|\D", text)]


def follow_patterns(urls: list[str]) -> list[str]:
    """Regexes for the pagination pages that were read: /list/index_2.html → index_\\d+\\.html, ?page=2 → page=[^&]*"""
    return sorted({_pattern(u, same_dir=True) for u in urls})


# --- a run's bookkeeping ------------------------------------------------------------------------------------

@dataclass
class Discovery:
    """What one source's discovery has seen in this run: the list pages read (and which were columns or pages of
    one), the article links asked for by shape, and the judge's answers by shape."""
    source: str
    columns: list[str] = field(default_factory=list)        # column pages found from a home page (nav, 更多)
    pages: list[str] = field(default_factory=list)          # pagination pages asked for
    listed: set[str] = field(default_factory=set)           # list pages asked for (a relearning source's own)
    judged: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # shape → article / other
    confirmed: set[str] = field(default_factory=set)        # article URLs judged articles
    linked: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # column → article links on its pages
    title: str = ""                                         # the start page's <title>: the site's name
    styles: set[str] = field(default_factory=set)           # listings met: trs, hanweb, jpaas, rss, sitemap
    service: set[str] = field(default_factory=set)          # article-shaped links named as service pages (简介)

    def refuted(self, url: str) -> bool:
        """Whether the URL's shape had REFUTE_AFTER pages judged and none was an article."""
        seen = self.judged.get(shape(url))
        return bool(seen) and seen["article"] == 0 and seen["other"] >= REFUTE_AFTER

    def judge(self, url: str, outcome: str) -> bool:
        """The pipeline's answer for an article asked for ('stored' or a reject reason); whether it is one."""
        article = outcome not in NOT_ARTICLES
        self.judged[shape(url)]["article" if article else "other"] += 1
        if article:
            self.confirmed.add(url)
        return article

    def learned(self) -> dict | None:
        """The patterns to keep in the state, or None when nothing was confirmed as an article."""
        if not self.confirmed:
            return None
        # a column is worth starting from when its pages link articles of their own, wherever those were first
        # found: not only the ones a sidebar (最新文章) puts on every page
        linking = Counter(u for c in self.columns for u in self.linked.get(c, set()) & self.confirmed)
        sitewide = max(2, len(self.columns) // 2)
        columns = [c for c in self.columns if any(linking[u] <= sitewide for u in self.linked.get(c, set()) & self.confirmed)]
        follow = follow_patterns(self.pages)
        return {"article": article_patterns(sorted(self.confirmed)), "follow": follow, "lists": columns,
                "articles": len(self.confirmed), "title": self.title, "styles": sorted(self.styles),
                "examples": sorted(self.confirmed)[:3],
                # what a learned article pattern would match but the names said was a service page: left out later
                "skip": sorted(self.service - self.confirmed)[:MAX_SKIP],
                # one page per follow pattern, so that a seeds entry written from this documents each of them
                "page_examples": [next(u for u in self.pages if re.search(p, u)) for p in follow]}
