"""Eight more sites the crawler has never seen, on 127.0.0.1, for discovery from a home page (tests/test_discovery_sites.py,
scripts/discovery_check.py). Like tests/discovery_site.py, the articles are real pages served byte for byte with their
own charset: the 154 articles of tests/data/devset and the 56 pages of tests/data/cwced, a quarter to each of the
first four sites (FIRST) and, shuffled again, a quarter to each of the second four (SECOND).
Everything around them (home, columns, pagination, service pages) is generated in the shapes of a real CMS family:

- `hanweb`: a 市科学技术局 on 大汉 Hanweb JCMS (most Zhejiang government sites). Nav of top items that are
  `javascript:void(0)` with the real columns in a drop-down; 科技要闻 lists its records only inside
  `<script type="text/xml"><datastore>` CDATA (absolute links with the full host) with the rest behind a POST to
  /module/jpage/dataproxy.jsp; 通知公告 `?uid=…&pageNum=N` with 首页/上页/下页/尾页, truncated titles (full in title=);
  区县动态 `../../art/…` relative links in a table, 上一页/下一页 only; 政务公开 a landing page of sub-columns (政策文件
  with .pdf/.doc and downfile.jsp attachments, 规划计划, 机构概况 whose 单位简介/领导信息/内设机构 are article-shaped
  /art/ pages: service pages); 局长信箱 form and letters under /module/idea/ (robots-disallowed), 网上调查, hot-word
  search links to an endless /jsearchfront/search.do, 网站地图/联系我们/网站声明 as /col/ pages; robots.txt disallows
  /nw/ (an internal article listed in 区县动态) and /module/idea/.
- `media`: a 日报社 / 融媒体中心 news site on a Founder (方正) style CMS, chrome in GBK (no charset in the header).
  The nav is written by `document.write` from a JS array (no anchor in the HTML); columns node_N.htm with node_N_M.htm
  pages (本地: 1 2 3 下一页; 科技前沿: 下一页 only), 科创 a landing page of two sub-columns, 时评 reachable only by the
  home page's 更多>>, a picture column (image link + caption link), 专题 (nav) listing special pages with long titles
  and dates: two /zt/…/index.htm pages and one article-shaped content_N.htm page that is a link list, each with
  articles no column lists; home headlines (头条, 焦点图) that no column lists; article links `content/YYYY-MM/DD/
  content_N.htm` relative, `../../content/…` from /zt/, absolute with the host in 时评; a 评论 link per item to
  /comment/comment.jsp?newsid=N; service pages gywm/lxwm/wzdt/ggfw/bqsm.htm (pinyin names), /passport/ login, an
  endless TRS /was5/web/search; robots.txt disallows /preview/ (a draft preview link in 本地 page 2), /was5/, /passport/.
- `phpcms`: a 省科学技术协会 on PHPCMS v9 with dynamic URLs: every page is /index.php?m=…&c=…&a=… (lists
  a=lists&catid=N&page=M, articles a=show&catid=N&id=M). Nested drop-down `<ul><li><ul>` nav; 新闻中心 and 学会学术
  landing pages of sub-columns; 科协要闻 numbered pages, 基层动态 下一页 only (one link into robots-disallowed
  catid=15), 媒体聚焦 half off-site links, 学术交流 with an [打印] /print.php?catid=&id= link per item (same bytes as
  the article), 科普 image+caption; 专题专栏 (nav) listing specials (?m=special&c=index&id=N, long titles and dates)
  with articles of their own (?m=special&c=index&a=show&id=N) and of other columns; 学术活动日历 (&date=, endless),
  search (?m=search…&q=&page=, endless), 会员中心/登录/注册 (?m=member, robots-disallowed), 留言板 (?m=guestbook),
  资料下载 (.pdf/.doc and a ?c=down page), 关于我们/联系我们/网站地图/组织机构 as single-page categories, "更多+" and
  "MORE+" links.
- `wordpress`: a 科技企业孵化器 on WordPress with a static front page. Menu items `href="#"` with sub-menus;
  categories /category/x/ with /category/x/page/N/ (news: 1 2 3 4 下一页 »; policy: "← 较早文章" only; events
  reachable only from the home page's 查看全部活动 →), articles /YYYY/MM/DD/slug/ (percent-encoded Chinese slugs or
  English words), each linked by title, by date (2024年6月9日) and by 继续阅读<title>; the home slider links
  /?p=ID shortlinks that 301 to the post; sidebar 近期文章, 文章归档 /YYYY/MM/, a calendar widget of day archives
  /YYYY/MM/DD/, a tag cloud /tag/…/, author archive, /feed/ (RSS, linked from <head>), search /?s= (endless
  /page/N/?s=), /wp-login.php; pages /about/ /team/ /services/ /join/ /contact/; a hand-written robots.txt that
  disallows /wp-admin/, /?s= and one internal post listed in 园区动态, and names no sitemap (/wp-sitemap.xml exists,
  linked from nowhere).
- `dede`: a 县科学技术局 on DedeCMS 5.7 GBK (its default templates). Nav with drop-downs written at the page's end;
  静态 columns /a/kjdt/gzdt/ (= index.html = list_2_1.html, then list_2_N.html: 首页 上一页 1 2 3 下一页 末页, a
  <select> of pages, 共 3页19条), articles /a/kjdt/gzdt/YYYY/MMDD/aid.html with 简介 and 点击; 科技动态 a channel
  cover of two sub-columns; 通知公告 a 动态 column: /plus/list.php?tid=4&TotalResult=12&PageNo=N and articles
  /plus/view.php?aid=N, mixed with the static ones in the home's 最新更新; 科普园地 image list; 推荐/热点 sidebars;
  单页 /a/about/ and /a/lianxi/, /data/sitemap.html, /data/rss.html and its feeds, /tags.php and tag lists
  /tags.php?/科技创新/ (Chinese in the query, GBK-escaped by a client), a guestbook, 高级搜索; search and /member
  in DedeCMS's stock robots.txt (hot-search links to /plus/search.php), plus /a/nbzl/ (an internal article in 乡镇动态).
- `rongmei`: a 县融媒体中心 on a modern CMS, URLs without extensions: /news/list/N, /news/detail/ID. Nav items an
  icon and a <span>; 本地 shows 10 items and a 加载更多 <button data-url="/news/list/1?page=2"> its script fetches
  (no page link anywhere); 科创 上一页/下一页 ?page=N (page 2 lists a /news/detail/ID?preview=1&token=… draft,
  robots `Disallow: /*preview=`); 视频 cards whose anchor holds only an <img alt>; 公告 a plain list; 专题 /topic
  with /topic/N pages (banner, description, news cards with summaries), each with articles of its own; home swiper
  of image-only anchors (two articles only there); /page/about, /page/contact, /page/copyright, /sitemap, /app,
  /user/login (robots), an endless /search?keyword=&page=N that robots.txt allows.
- `aspnet`: a 市生产力促进中心 on ASP.NET WebForms: one <form> with __VIEWSTATE around every page, relative links.
  NewsList.aspx?ClassID=N lists in GridView tables (title cut with "..." and whole in title=, the date in its own
  <td>); 中心动态 (ClassID=1) pages by `javascript:__doPostBack('ctl00$ContentPlaceHolder1$AspNetPager1','2')` only
  (a POST answers; the articles of page 2 are `site.unreachable`, not counted, except one that 热点排行 lists);
  科技资讯 and 政策法规 by AspNetPager URLs &page=N; 图片新闻 a DataList of pictures; articles NewsShow.aspx?ID=N;
  热点排行 (ten articles of any column) on every page; About.aspx?ID=1-3, Contact.aspx, SiteMap.aspx, DownList.aspx
  with Download.aspx?ID= files, Message.aspx?page=N; robots.txt disallows /Admin/ and /Search.aspx (hot words).
- `shtml`: a 区科学技术和工业信息化局 whose / 301s to /index.shtml. Nav 政务公开 first; 科技要闻's column page frames
  <iframe src="list.html">, bare list.html/list_N.html pages with relative links to /channel/kjyw/YYYY-MM/DD/c_N.shtml;
  通知公告 in directories: /channel/tzgg/, /channel/tzgg/2/, articles /channel/tzgg/YYYYMMDD/N/; 媒体聚焦 TRS-style
  index.shtml/index_1.shtml with the pager written by createPageHTML() (page 2's articles counted: the call names
  its pages) and two off-site reports; 政务公开 a catalogue of 224 leaf columns /zwgk/col/N/index.shtml (all on its
  home, a leaf's own branch open on each leaf page; most say 暂无信息, three list articles, 机构职能/领导信息/内设机构
  are text) to see whether a list-page budget still reaches the news columns; 专题专栏 with two specials of the site;
  网上展厅 halls of exhibit pages (a picture and three lines); 互动交流, /wzdt.shtml, /lxwm.shtml, /gybz.shtml,
  /wza/; robots.txt disallows /search/ and the 局长信箱 /hdjl/ldxx/.

    site = serve("hanweb")      # daemon thread on a free port; site.requests: (method, path) in arrival order
    site.articles               # key → page bytes of every article page served (key: see norm())
    site.reachable              # the keys of the article pages a crawl that obeys robots.txt should find
    site.stop()

`measure(layout, workdir)` runs `scrapy crawl portal` twice on a home-page-only seed and returns what the check
script prints and the tests assert.
"""
from __future__ import annotations

import gzip
import html
import json
import random
import re
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit

from protego import Protego

from crawler.sample_site import html_charset

from .conftest import CWCED, DATA

FIRST = ("hanweb", "media", "phpcms", "wordpress")   # each takes a quarter of the pool (the first shuffle)
SECOND = ("dede", "rongmei", "aspnet", "shtml")        # each takes a quarter of the pool (a second shuffle)
LAYOUTS = FIRST + SECOND
DEVSET = DATA / "devset"
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.S | re.I)
_HREF = re.compile(r"""(?:href|value)\s*=\s*["']([^"'<>]+)["']""", re.I)


# --- the real articles ---------------------------------------------------------------------------------------

@dataclass
class Art:
    body: bytes
    title: str
    name: str            # the data file it is
    key: str = ""        # its path (and query) on the site
    day: date = date(2024, 6, 1)
    id: int = 0


def _clean_title(text: str) -> str:
    return " ".join(html.unescape(text).replace("\u200b", "").split())


def _cwced_title(page: Path, body: bytes) -> str:
    m = _TITLE.search(body)
    text = _clean_title(m.group(1).decode(html_charset(body), "replace")) if m else ""
    parts = [p for p in re.split(r"\s*[_|｜\-–—»]\s*", text) if p]
    title = max(parts, key=len) if parts else ""
    if len(title) < 6 or "访问" in title:
        gt = CWCED / "gt" / (page.stem + ".txt")
        first = next((line.strip() for line in gt.read_text(encoding="utf-8").splitlines() if len(line.strip()) >= 6), "")
        title = first[:30]
    return title or "无标题"


def _pool(seed: int = 20240609) -> list[Art]:
    """Every real article page, in a fixed shuffled order (each site takes a quarter)."""
    titles = {}
    for line in (DEVSET / "index.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) > 5 and cols[1] == "article":
            titles[cols[0]] = _clean_title(cols[5])
    arts = []
    for page in sorted((DEVSET / "html").glob("*.html")):
        if "list" in page.name:
            continue
        title = titles.get(page.stem) or ""
        if len(title) < 4:
            gt = DEVSET / "gt" / (page.stem + ".txt")
            title = next((l.strip()[:30] for l in gt.read_text(encoding="utf-8").splitlines() if len(l.strip()) >= 6), page.stem)
        arts.append(Art(page.read_bytes(), title, "devset/" + page.name))
    for page in sorted((CWCED / "html").glob("*.html")):
        body = page.read_bytes()
        arts.append(Art(body, _cwced_title(page, body), "cwced/" + page.name))
    random.Random(seed).shuffle(arts)
    return arts


def _share(layout: str) -> list[Art]:
    """The site's quarter of the pool, newest first: dates from 2024-06-28 back, a day or two apart."""
    group, seed = (FIRST, 20240609) if layout in FIRST else (SECOND, 20240923)
    k = group.index(layout)
    arts = [Art(a.body, a.title, a.name) for a in _pool(seed)[k::len(group)]]
    day = date(2024, 6, 28)
    for i, a in enumerate(arts):
        a.day = day
        a.id = 5100 + i
        day -= timedelta(days=1 + i % 2)
    return arts


def _take(arts: list[Art], *counts: int) -> list[list[Art]]:
    """The articles cut in groups of these sizes, in order; the first group takes what is left over."""
    spare = len(arts) - sum(counts)
    assert spare >= 0, (len(arts), counts)
    sizes = [counts[0] + spare, *counts[1:]]
    out, at = [], 0
    for n in sizes:
        out.append(arts[at:at + n])
        at += n
    return out


def _qsl(query: str) -> list[tuple[str, str]]:
    """The query's pairs, percent-escapes read as UTF-8, or as GBK when they are not UTF-8 (a browser or a crawler
    encodes a link's query in the page's charset: a GBK page's /tags.php?/科技/ arrives as %BF%C6%BC%BC)."""
    try:
        return parse_qsl(query, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        return parse_qsl(query, keep_blank_values=True, encoding="gbk", errors="replace")


def norm(url: str) -> str:
    """A URL or path as the site keys it: the path unquoted, the query's pairs sorted (host left out)."""
    parts = urlsplit(url)
    pairs = sorted(_qsl(parts.query))
    return (unquote(parts.path) or "/") + ("?" + "&".join(f"{k}={v}" for k, v in pairs) if pairs else "")


def e(text: str) -> str:
    return html.escape(text, quote=True)


def cut(text: str, n: int, dots: str = "…") -> str:
    return text if len(text) <= n else text[:n] + dots


def pages_of(items: list, per: int) -> list[list]:
    return [items[i:i + per] for i in range(0, len(items), per)] or [[]]


ABOUT = (
    "{org}成立于一九八六年，是在市委、市政府领导下主管全市科技工作的职能部门，内设办公室、政策法规处、高新技术处、"
    "农村科技处、成果转化处和科技合作处六个处室，下属科技信息研究院、生产力促进中心两个事业单位。",
    "主要职责是：贯彻落实国家和省关于科技创新的方针政策和法律法规，拟订全市科技发展规划和年度计划并组织实施；"
    "统筹推进全市创新体系建设和科技体制改革，会同有关部门健全技术创新激励机制；牵头建立统筹协调的科技资源配置机制。",
    "负责全市高新技术企业认定、科技型中小企业评价和各类创新载体的培育工作，推动产学研合作和科技成果转移转化，"
    "组织开展科技普及与科技交流合作。机关地址：样例市行政中心三号楼，邮编000000，办公电话0000-88888888。",
)


def about_html(org: str) -> str:
    return "".join(f"<p>{p.format(org=org)}</p>" for p in ABOUT)


# --- the server ----------------------------------------------------------------------------------------------

class Site(ThreadingHTTPServer):
    """One layout, on a free port of 127.0.0.1."""

    daemon_threads = True

    def __init__(self, layout: str):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.layout = layout
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.requests: list[tuple[str, str]] = []
        self.articles: dict[str, bytes] = {}           # key → real page bytes
        self.article_names: dict[str, str] = {}        # key → data file
        self.article_paths: dict[str, str] = {}        # key → the path (and query) as the site links it
        self.pages: dict[str, tuple[bytes, str]] = {}  # key → (bytes, content type): home, lists, service pages
        self.redirects: dict[str, str] = {}            # key → path to 301 to
        self.other_links: dict[str, list[str]] = {}    # article key → where it is listed other than in an <a> of a page
        self.unreachable: set[str] = set()             # article keys no link leads to (only a form post, say): not counted
        self.robots = "User-agent: *\nDisallow:\n"
        self.dynamic = None                            # (site, path, query dict) → (bytes, ctype) | None
        self.post = None                               # (site, path, query dict, form dict) → (bytes, ctype) | None
        self.lock = threading.Lock()
        self.future: list[str] = []                    # URLs the site's next articles will have (learned patterns should match)
        BUILDERS[layout](self)
        self._robots = Protego.parse(self.robots)

    # what a crawl should find -------------------------------------------------------------
    def allowed(self, path: str) -> bool:
        """Whether robots.txt lets a crawler have this path (and query), as requested or as linked."""
        parts = urlsplit(path)
        path = quote(parts.path, safe="/%") + ("?" + parts.query if parts.query else "")
        return self._robots.can_fetch(self.base_url + path, "kechuang-corpus")

    @property
    def reachable(self) -> set[str]:
        return {k for k in self.articles if k not in self.unreachable and self.allowed(self.article_paths.get(k, k))}

    def article(self, key: str, art: Art) -> None:
        self.articles[norm(key)] = art.body
        self.article_names[norm(key)] = art.name
        self.article_paths[norm(key)] = key

    def page(self, key: str, body: bytes | str, ctype: str = "text/html; charset=utf-8") -> None:
        self.pages[norm(key)] = (body.encode("utf-8") if isinstance(body, str) else body, ctype)

    def linked_from(self) -> dict[str, list[str]]:
        """article key → the generated pages that link it (for the report on misses)."""
        found: dict[str, list[str]] = {k: list(v) for k, v in self.other_links.items()}
        for key, (body, _) in self.pages.items():
            text = body.decode("gbk" if b"charset=gb2312" in body[:600] else "utf-8", "replace")
            for href in _HREF.findall(text):
                target = norm(urljoin(self.base_url + key, html.unescape(href)))
                target = self.redirects.get(target, target)
                if target in self.articles:
                    found.setdefault(target, []).append(key)
        return found

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: Site

    def log_message(self, *args):
        pass

    def do_GET(self):
        site = self.server
        with site.lock:
            site.requests.append(("GET", self.path))
        key = norm(self.path)
        parts = urlsplit(self.path)
        if parts.path == "/robots.txt":
            return self._send(site.robots.encode("utf-8"), "text/plain; charset=utf-8")
        if key in site.redirects:
            return self._send(b"", "text/html; charset=utf-8", HTTPStatus.MOVED_PERMANENTLY,
                              {"Location": site.base_url + site.redirects[key]})
        body = site.articles.get(key)
        if body is not None:
            return self._send(body, f"text/html; charset={html_charset(body)}")
        found = site.pages.get(key)
        if found is None and site.dynamic is not None:
            found = site.dynamic(site, unquote(parts.path), dict(_qsl(parts.query)))
        if found is not None:
            return self._send(*found)
        return self._send("<html><body><h1>404 Not Found</h1></body></html>".encode(), "text/html; charset=utf-8",
                          HTTPStatus.NOT_FOUND)

    def do_POST(self):
        site = self.server
        with site.lock:
            site.requests.append(("POST", self.path))
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(parse_qsl(self.rfile.read(length).decode("utf-8", "replace"), keep_blank_values=True))
        parts = urlsplit(self.path)
        found = site.post(site, parts.path, dict(parse_qsl(parts.query)), form) if site.post else None
        if found is None:
            return self._send(b"method not allowed", "text/plain", HTTPStatus.METHOD_NOT_ALLOWED)
        return self._send(*found)

    def _send(self, body: bytes, ctype: str, status: HTTPStatus = HTTPStatus.OK, headers: dict | None = None):
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def serve(layout: str) -> Site:
    site = Site(layout)
    threading.Thread(target=site.serve_forever, name=f"discovery-{layout}", daemon=True).start()
    return site


NAMES = {"hanweb": "样例市科学技术局", "media": "样例日报社", "phpcms": "样例省科学技术协会",
         "wordpress": "样例市科技企业孵化器", "dede": "样例县科学技术局", "rongmei": "样例县融媒体中心",
         "aspnet": "样例市生产力促进中心", "shtml": "样例区科学技术和工业信息化局"}


def seeds(site: Site, path, source_id: str | None = None) -> Path:
    """A seeds file with one source given by its home page only: id, name, region, start_urls."""
    path = Path(path)
    source_id = source_id or f"unseen_{site.layout}"
    path.write_text(f"sources:\n  - id: {source_id}\n    name: {NAMES[site.layout]}\n"
                    f"    region: {{province: 浙江省, city: 温州市}}\n    start_urls: ['{site.base_url}/']\n",
                    encoding="utf-8")
    return path


# === hanweb: 样例市科学技术局 on 大汉 JCMS ==========================================================================

HW_WEBID, HW_SITE = "3209", "330300000000000"


def _hw_art(a: Art, col: int, prefix: str = "") -> str:
    return f"{prefix}/art/{a.day.year}/{a.day.month}/{a.day.day}/art_{col}_{5800000 + a.id}.html"


def _hw_col(col: int) -> str:
    return f"/col/col{col}/index.html"


HW_NAV = [  # (top item, its href, [(sub-column, col id)])
    ("新闻动态", "javascript:void(0)", [("科技要闻", 1229101), ("通知公告", 1229102), ("区县动态", 1229103)]),
    ("政务公开", _hw_col(1229200), [("政策文件", 1229201), ("规划计划", 1229202), ("机构概况", 1229203)]),
    ("互动交流", "javascript:void(0);", [("局长信箱", 1229301), ("网上调查", 1229302)]),
]


def _hw_page(site: Site, title: str, main: str, column: str = "") -> str:
    nav = ['<li class="on"><a href="/">首页</a></li>']
    for top, href, subs in HW_NAV:
        sub = "".join(f'<a href="{_hw_col(c)}">{n}</a>' for n, c in subs)
        nav.append(f'<li><a href="{href}" class="nav-a">{top}</a><div class="subnav">{sub}</div></li>')
    nav.append('<li><a href="https://www.zjzwfw.gov.cn/zjservice/front/index/page.do?webId=3" target="_blank">政务服务</a></li>')
    hot = "".join(f'<a href="/jsearchfront/search.do?websiteid={HW_SITE}&searchid=12&pg=&p=1&tpl=1569&q={w}" '
                  f'target="_blank">{w}</a> ' for w in ("科技创新", "高新技术企业", "科技特派员", "研发投入"))
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<title>{e(title)}</title>
<meta name="SiteName" content="样例市科学技术局" /><meta name="SiteDomain" content="kjj.example.gov.cn" />
<meta name="SiteIDCode" content="3303000041" /><meta name="ColumnName" content="{e(column or title)}" />
<link rel="stylesheet" type="text/css" href="/module/jslib/bootstrap/css/bootstrap.min.css" />
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
</head><body>
<div class="top"><div class="w1200"><span class="fl">今天是：<script>document.write(new Date().toLocaleDateString());</script></span>
<span class="fr"><a href="javascript:void(0)" onclick="SetHome(this,window.location)">设为首页</a> |
<a href="javascript:void(0)" onclick="AddFavorite(window.location,document.title)">加入收藏</a> |
<a href="javascript:void(0)" id="cniil_wza">无障碍浏览</a> | <a href="javascript:void(0)" class="zhangzhe">长者模式</a> |
<a href="https://www.zjzwfw.gov.cn/" target="_blank">浙江政务服务网</a></span></div></div>
<div class="header w1200"><a href="/"><img src="/images/logo.png" alt="样例市科学技术局" /></a>
<div class="search"><form action="/jsearchfront/search.do" method="get" target="_blank" name="searchform">
<input type="hidden" name="websiteid" value="{HW_SITE}" /><input type="hidden" name="searchid" value="12" />
<input type="hidden" name="tpl" value="1569" /><input type="hidden" name="p" value="1" />
<input type="text" name="q" class="search-input" /><input type="submit" value="搜索" /></form>
<div class="hotword">热词：{hot}</div></div></div>
<div class="nav"><ul class="w1200">{"".join(nav)}</ul></div>
{main}
<div class="footer"><div class="w1200"><p><a href="{_hw_col(1229402)}">网站地图</a> | <a href="{_hw_col(1229401)}">联系我们</a> |
<a href="{_hw_col(1229403)}">网站声明</a></p>
<p>主办单位：样例市科学技术局 &nbsp; 网站标识码：3303000041 &nbsp;
<a href="https://beian.miit.gov.cn/" target="_blank">浙ICP备12345678号-1</a> &nbsp;
<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=33030202000123" target="_blank">浙公网安备 33030202000123号</a></p>
<script id="_jiucuo_" sitecode="3303000041" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>
<span id="_ideConac"><a href="https://bszs.conac.cn/sitename?method=show&amp;id=1A2B3C4D5E6F" target="_blank"><img src="/images/red.png" /></a></span>
</div></div></body></html>"""


def _hw_column(site: Site, top: str, name: str, col: int, listing: str) -> str:
    subs = next((s for t, _, s in HW_NAV if t == top), [])
    menu = "".join(f'<li><a href="{_hw_col(c)}">{n}</a></li>' for n, c in subs)
    top_href = next((h for t, h, _ in HW_NAV if t == top), "javascript:void(0)")
    main = f"""<div class="main w1200"><div class="left"><div class="left-title">{top}</div><ul class="left-menu">{menu}</ul></div>
<div class="right"><div class="position">当前位置：<a href="/">首页</a> &gt; <a href="{top_href}">{top}</a> &gt;
<a href="{_hw_col(col)}">{name}</a></div><div class="right-title">{name}</div>{listing}</div></div>"""
    return _hw_page(site, f"{name} {top} 样例市科学技术局", main, name)


def _hw_record(site: Site, a: Art, col: int) -> str:
    return (f'<li><a href="{site.base_url}{_hw_art(a, col)}" target="_blank" title="{e(a.title)}">{e(cut(a.title, 28))}</a>'
            f'<span class="bt-data-time">{a.day:%Y-%m-%d}</span></li>')


def _build_hanweb(site: Site) -> None:
    arts = _share("hanweb")
    news, notice, county, policy, plan = _take(arts, 20, 12, 10, 6, 4)
    cols = {1229101: news, 1229102: notice, 1229103: county, 1229201: policy, 1229202: plan}
    for col, group in cols.items():
        for a in group:
            a.key = _hw_art(a, col)
            site.article(a.key, a)
    # an internal article under /nw/, listed in 区县动态 page 2: robots.txt forbids it
    internal = Art(news[-1].body, "【内部】关于做好2024年度科技统计调查工作的通知（内部）", news[-1].name, day=date(2024, 6, 8))
    internal.key = "/nw/art/2024/6/8/art_1229103_5899001.html"
    site.article(internal.key, internal)
    site.robots = "# robots.txt for kjj.example.gov.cn\nUser-agent: *\nDisallow: /nw/\nDisallow: /module/idea/\n"
    site.future = [f"{site.base_url}/art/2024/6/29/art_1229101_5809001.html", f"{site.base_url}/art/2024/7/1/art_1229102_5809002.html"]

    # 科技要闻: records in the datastore (15 of them), the rest from dataproxy.jsp
    unit = 7500101
    records = "".join(f"<record><![CDATA[\n{_hw_record(site, a, 1229101)}\n]]></record>\n" for a in news[:15])
    nextgroup = (f'<a href="/module/jpage/dataproxy.jsp?page=1&webid={HW_WEBID}&path=/&columnid=1229101&unitid={unit}'
                 f'&webname=%E6%A0%B7%E4%BE%8B%E5%B8%82%E7%A7%91%E5%AD%A6%E6%8A%80%E6%9C%AF%E5%B1%80&permissiontype=0"></a>')
    listing = f"""<div id="{unit}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[{nextgroup}]]></nextgroup>
<recordset>
{records}</recordset>
</datastore></script></div>
<script language="javascript" src="/module/jslib/jquery/jpage/jquery.page.min.js"></script>
<script>$(document).ready(function(){{$('#{unit}').jpage({{dataStore:dataStore,perPage:15,totalRecord:{len(news)},
barPosition:'bottom',ajaxParam:{{'col':1,'appid':1,'webid':{HW_WEBID},'path':'/','columnid':1229101,'sourceContentType':1,
'unitid':{unit},'webname':'样例市科学技术局','permissiontype':0}}}});}});</script>"""
    site.page(_hw_col(1229101), _hw_column(site, "新闻动态", "科技要闻", 1229101, listing))

    def dataproxy(site, path, query, form):
        if path != "/module/jpage/dataproxy.jsp":
            return None
        group = {"1229101": news}.get(form.get("columnid") or query.get("columnid", ""), [])
        start, end = int(query.get("startrecord") or 1), int(query.get("endrecord") or 45)
        recs = "".join(f"<record><![CDATA[\n{_hw_record(site, a, 1229101)}\n]]></record>\n" for a in group[start - 1:end])
        per = int(query.get("perpage") or 15)
        xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n<totalrecord>{len(group)}</totalrecord>\n'
               f'<totalpage>{-(-len(group) // per)}</totalpage>\n<recordset>\n{recs}</recordset>\n</datastore>')
        return xml.encode("utf-8"), "text/xml; charset=UTF-8"
    site.post = dataproxy
    for a in news[15:]:
        site.other_links[norm(a.key)] = ["POST /module/jpage/dataproxy.jsp (columnid=1229101)"]

    # 通知公告: static ?uid=&pageNum= pages, 首页 上页 下页 尾页
    chunks = pages_of(notice, 7)
    for k, chunk in enumerate(chunks, 1):
        def pg(n):
            return f"{_hw_col(1229102)}?uid=7500102&amp;pageNum={n}"
        items = "".join(f'<li><span class="bt-data-time">[{a.day:%Y-%m-%d}]</span><a href="{a.key}" title="{e(a.title)}" '
                        f'target="_blank">{e(cut(a.title, 18))}</a></li>' for a in chunk)
        pager = (f'<div class="default_pgContainer">共{len(notice)}条记录 第{k}/{len(chunks)}页 <a href="{pg(1)}">首页</a> '
                 f'<a href="{pg(max(1, k - 1))}">上页</a> <a href="{pg(min(len(chunks), k + 1))}">下页</a> '
                 f'<a href="{pg(len(chunks))}">尾页</a> 跳转到 <input type="text" size="2" /> 页 '
                 f'<a href="javascript:void(0)" onclick="goPage()">GO</a></div>')
        body = _hw_column(site, "新闻动态", "通知公告", 1229102, f'<ul class="list">{items}</ul>{pager}')
        site.page(f"{_hw_col(1229102)}?uid=7500102&pageNum={k}", body)
        if k == 1:
            site.page(_hw_col(1229102), body)

    # 区县动态: a table of ../../art/ links with dates, 上一页/下一页 only; page 2 lists the internal article
    chunks = pages_of(county, 4)
    chunks[1] = chunks[1] + [internal]
    for k, chunk in enumerate(chunks, 1):
        rows = "".join(f'<tr><td width="85%">·<a href="../..{a.key}" target="_blank" title="{e(a.title)}">{e(cut(a.title, 30))}</a>'
                       f'</td><td>{a.day:%Y-%m-%d}</td></tr>' for a in chunk)
        nav = []
        if k > 1:
            nav.append(f'<a href="?uid=7500103&amp;pageNum={k - 1}">上一页</a>')
        if k < len(chunks):
            nav.append(f'<a href="?uid=7500103&amp;pageNum={k + 1}">下一页</a>')
        body = _hw_column(site, "新闻动态", "区县动态", 1229103,
                          f'<table width="100%" class="tb">{rows}</table><div class="pages">{" ".join(nav)}</div>')
        site.page(f"{_hw_col(1229103)}?uid=7500103&pageNum={k}", body)
        if k == 1:
            site.page(_hw_col(1229103), body)

    # 政务公开: a landing page of sub-columns
    about_pages = [("单位简介", "/art/2023/1/5/art_1229203_4100001.html"), ("领导信息", "/art/2024/3/1/art_1229203_4100002.html"),
                   ("内设机构", "/art/2024/3/1/art_1229203_4100003.html")]
    blocks = [
        ("政策文件", 1229201, "".join(f'<li><a href="{a.key}" title="{e(a.title)}">{e(cut(a.title, 24))}</a>'
                                  f'<span>{a.day:%m-%d}</span></li>' for a in policy[:3])),
        ("规划计划", 1229202, "".join(f'<li><a href="{a.key}">{e(cut(a.title, 24))}</a></li>' for a in plan[:3])),
        ("机构概况", 1229203, "".join(f'<li><a href="{h}">{n}</a></li>' for n, h in about_pages)),
    ]
    landing = "".join(f'<div class="gk-block"><div class="gk-title"><span>{n}</span><a href="{_hw_col(c)}" class="more">更多</a>'
                      f'</div><ul>{items}</ul></div>' for n, c, items in blocks)
    site.page(_hw_col(1229200), _hw_column(site, "政务公开", "政务公开", 1229200, landing))
    rows = "".join(
        f'<tr><td><a href="{a.key}" target="_blank" title="{e(a.title)}">{e(cut(a.title, 26))}</a></td>'
        f'<td>样科〔2024〕{10 + i}号</td><td>{a.day:%Y-%m-%d}</td>'
        f'<td><a href="/module/download/downfile.jsp?classid=0&amp;filename=24{a.id}1530.pdf">附件.pdf</a> '
        f'<a href="/attach/0/24{a.id}1531.doc">申报表.doc</a></td></tr>'
        for i, a in enumerate(policy))
    site.page(_hw_col(1229201), _hw_column(site, "政务公开", "政策文件", 1229201,
                                           f'<table class="xxgk"><tr><th>标题</th><th>文号</th><th>发布日期</th><th>附件</th></tr>{rows}</table>'))
    site.page(_hw_col(1229202), _hw_column(site, "政务公开", "规划计划", 1229202, "<ul class=\"list\">" + "".join(
        f'<li><a href="{a.key}" target="_blank">{e(a.title)}</a><span>{a.day:%Y-%m-%d}</span></li>' for a in plan) + "</ul>"))
    site.page(_hw_col(1229203), _hw_column(site, "政务公开", "机构概况", 1229203, "<ul class=\"list\">" + "".join(
        f'<li><a href="{h}">{n}</a></li>' for n, h in about_pages) + "</ul>"))
    leaders = ("<p>局长：张某某，主持局全面工作。负责财务、审计工作。分管办公室、政策法规处。</p>"
               "<p>副局长：李某某，负责高新技术产业、科技成果转化工作。分管高新技术处、成果转化处。</p>"
               "<p>副局长：王某某，负责农村科技、科技合作与交流工作。分管农村科技处、科技合作处。</p>")
    offices = "".join(f"<p>{n}：{d}</p>" for n, d in (
        ("办公室", "负责机关日常运转，承担信息、安全、保密、信访、政务公开等工作。"),
        ("政策法规处", "拟订科技创新政策，承担科技体制改革和科技法制建设工作。"),
        ("高新技术处", "负责高新技术企业培育和高新技术产业化工作。"),
        ("成果转化处", "负责科技成果转移转化和技术市场管理工作。")))
    for (name, path), text in zip(about_pages, (about_html("样例市科学技术局"), leaders, offices)):
        site.page(path, _hw_column(site, "政务公开", name, 1229203,
                                   f'<div class="article"><h1>{name}</h1><div id="zoom">{text}</div></div>'))

    # 互动交流: 局长信箱 (a form and letters under the robots-disallowed /module/idea/), 网上调查
    letters = "".join(f'<tr><td><a href="/module/idea/que_content.jsp?webid={HW_WEBID}&amp;id={9100 + i}">关于{t}的咨询</a>'
                      f'</td><td>已回复</td><td>2024-06-{20 - i:02d}</td></tr>'
                      for i, t in enumerate(("高新技术企业认定", "科技创新券申领", "研发费用加计扣除", "科技特派员选派")))
    site.page(_hw_col(1229301), _hw_column(site, "互动交流", "局长信箱", 1229301, f"""
<form action="/module/idea/que_add.jsp" method="post"><p>姓名：<input name="name" /> 电话：<input name="tel" /></p>
<p>标题：<input name="title" /></p><p>内容：<textarea name="content"></textarea></p><input type="submit" value="提交" /></form>
<table class="letters"><tr><th>信件标题</th><th>状态</th><th>日期</th></tr>{letters}</table>
<a href="/module/idea/que_list.jsp?webid={HW_WEBID}&amp;page=2">更多信件</a>"""))
    site.page(_hw_col(1229302), _hw_column(site, "互动交流", "网上调查", 1229302,
                                           '<ul class="list"><li><a href="/module/vote/vote_view.jsp?vote_id=123&amp;webid=3209">'
                                           '2024年度科技惠企政策满意度调查</a><span>进行中</span></li>'
                                           '<li><a href="/module/vote/vote_view.jsp?vote_id=118&amp;webid=3209">科技特派员工作成效调查'
                                           '</a><span>已结束</span></li></ul>'))
    for vote in (123, 118):
        site.page(f"/module/vote/vote_view.jsp?vote_id={vote}&webid=3209", _hw_page(
            site, "网上调查", '<form action="/module/vote/vote_submit.jsp" method="post"><p>1. 您对本市科技惠企政策是否满意？</p>'
                           '<input type="radio" name="q1" />满意 <input type="radio" name="q1" />基本满意 '
                           '<input type="radio" name="q1" />不满意 <input type="submit" value="投票" /></form>'))

    # service pages
    site.page(_hw_col(1229401), _hw_column(site, "", "联系我们", 1229401,
                                           "<p>地址：样例市行政中心三号楼 邮编：000000</p><p>办公室电话：0000-88888888 传真：0000-88888889</p>"
                                           "<p>电子邮箱：kjj@example.gov.cn</p>"))
    smap = "".join(f'<dl><dt><a href="{h}">{t}</a></dt><dd>' + "".join(f'<a href="{_hw_col(c)}">{n}</a> ' for n, c in subs)
                   + "</dd></dl>" for t, h, subs in HW_NAV)
    site.page(_hw_col(1229402), _hw_column(site, "", "网站地图", 1229402, f'<div class="sitemap">{smap}</div>'))
    site.page(_hw_col(1229403), _hw_column(site, "", "网站声明", 1229403,
                                           "<p>本网站所载内容的版权属于样例市科学技术局，未经许可不得转载。转载本网站内容的，应注明来源。</p>"
                                           "<p>本网站链接的外部网站内容由该网站负责，本网站对其内容不承担责任。</p>"))
    # 专题 banner: a column page that lists three 科技要闻 articles again
    site.page(_hw_col(1229501), _hw_column(site, "", "2024年科技创新大会", 1229501, "<ul class=\"list\">" + "".join(
        _hw_record(site, a, 1229101) for a in news[2:5]) + "</ul>"))

    def search(site, path, query):
        if path != "/jsearchfront/search.do":
            return None
        q, p = query.get("q", ""), int(query.get("p") or 1)
        hits = [a for a in news + notice if q and q in a.title][:10] or (news + notice)[(p * 3) % 20:(p * 3) % 20 + 10]
        items = "".join(f'<div class="jcse-result-box"><a href="{a.key}" target="_blank">{e(a.title)}</a>'
                        f'<span>{a.day:%Y-%m-%d}</span></div>' for a in hits)
        nxt = (f'<a href="/jsearchfront/search.do?websiteid={HW_SITE}&amp;searchid=12&amp;pg=&amp;p={p + 1}&amp;tpl=1569'
               f'&amp;q={quote(q)}">下一页</a>')
        return _hw_page(site, f"搜索结果 {q}", f'<div class="jcse-news">找到相关结果约{100 + p}条{items}{nxt}</div>').encode(), \
            "text/html; charset=utf-8"
    site.dynamic = search

    # home
    head = news[0]
    slide = "".join(f'<li><a href="{a.key}" target="_blank"><img src="/picture/0/24{a.id}.jpg" alt="" /></a>'
                    f'<p><a href="{a.key}" target="_blank">{e(cut(a.title, 20))}</a></p></li>' for a in news[1:4])

    def tab(name, col, group, n):
        return (f'<div class="tab"><div class="tab-title"><span>{name}</span><a href="{_hw_col(col)}" class="more" target="_blank">'
                f'更多&gt;&gt;</a></div><ul>' + "".join(_hw_record(site, a, col) for a in group[:n]) + "</ul></div>")
    main = f"""<div class="main w1200">
<div class="toutiao"><h2><a href="{head.key}" target="_blank">{e(head.title)}</a></h2></div>
<div class="slide"><ul>{slide}</ul></div>
{tab("科技要闻", 1229101, news[4:], 6)}{tab("通知公告", 1229102, notice, 6)}{tab("区县动态", 1229103, county, 5)}
<div class="zt"><a href="{_hw_col(1229501)}" target="_blank"><img src="/images/zt_cxdh.jpg" alt="2024年科技创新大会" /></a>
<a href="https://www.zj.gov.cn/col/col1545735/index.html" target="_blank"><img src="/images/zt_yhyshj.jpg" alt="优化营商环境" /></a></div>
<div class="hudong"><a href="{_hw_col(1229301)}"><img src="/images/jzxx.png" alt="局长信箱" /></a>
<a href="{_hw_col(1229302)}"><img src="/images/wsdc.png" alt="网上调查" /></a></div>
<div class="links">友情链接：<select onchange="window.open(this.value)"><option>—— 政府网站 ——</option>
<option value="https://www.most.gov.cn/">科学技术部</option><option value="https://kjt.zj.gov.cn/">浙江省科学技术厅</option>
<option value="https://www.wenzhou.gov.cn/">样例市人民政府</option></select></div></div>"""
    home = _hw_page(site, "样例市科学技术局", main, "首页")
    site.page("/", home)
    site.page("/index.html", home)


# === media: 样例日报社 on a Founder-style CMS, GBK =================================================================

def _md_art(a: Art) -> str:
    return f"/content/{a.day:%Y-%m}/{a.day:%d}/content_{a.id}.htm"


def _gbk(text: str) -> tuple[bytes, str]:
    return text.encode("gbk", "xmlcharrefreplace"), "text/html"


MD_NAV = [("首页", "/"), ("本地", "/node_2.htm"), ("科创", "/node_5.htm"), ("图片", "/node_8.htm"), ("专题", "/node_9.htm"),
          ("视听", "http://v.example.cn/"), ("数字报", "http://epaper.example.cn/")]


def _md_page(site: Site, title: str, main: str, side: str = "") -> tuple[bytes, str]:
    navs = ", ".join(f'["{n}", "{h}"]' for n, h in MD_NAV)
    return _gbk(f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{e(title)}_样例网</title><meta name="keywords" content="样例网,样例日报,样例新闻" />
<link href="/images/css/style.css" rel="stylesheet" type="text/css" /></head>
<body><div id="top"><div class="l">样例日报社主办 <script type="text/javascript">showDate();</script></div>
<div class="r"><a href="/passport/login.htm">登录</a> | <a href="/passport/reg.htm">注册</a> |
<a href="http://epaper.example.cn/" target="_blank">数字报</a> | <a href="http://app.example.cn/download.html" target="_blank">客户端</a></div></div>
<div id="logo"><a href="/"><img src="/images/logo.gif" border="0" /></a>
<form name="searchform" action="/was5/web/search" method="get" target="_blank"><input type="hidden" name="channelid" value="246379" />
<input type="text" name="searchword" size="20" /><input type="submit" value="搜索" /></form></div>
<div id="nav"><script type="text/javascript">
var navs = [{navs}];
document.write('<ul class="navlist">');
for (var i = 0; i < navs.length; i++) {{
  document.write('<li><a href="' + navs[i][1] + '" target="_blank">' + navs[i][0] + '</a></li>');
}}
document.write('</ul>');
</script></div>
<div id="main"><div class="mainl">{main}</div><div class="mainr">{side}</div></div>
<div id="footer"><a href="/gywm.htm">关于我们</a> | <a href="/lxwm.htm">联系我们</a> | <a href="/wzdt.htm">网站地图</a> |
<a href="/ggfw.htm">广告服务</a> | <a href="/bqsm.htm">版权声明</a> | <a href="mailto:tougao@example.cn">投稿邮箱</a><br />
<a href="http://www.12377.cn/" target="_blank">违法和不良信息举报</a> 互联网新闻信息服务许可证：33120170000 <br />
Copyright &copy; 样例日报社 All Rights Reserved</div></body></html>""")


def _build_media(site: Site) -> None:
    arts = _share("media")
    local, comment, front, corp, pics, zt_kjz, zt_cxdh, zt_lh, home_only = _take(arts, 16, 4, 8, 6, 6, 2, 3, 2, 5)
    for a in arts:
        a.key = _md_art(a)
        site.article(a.key, a)
    draft = Art(local[-1].body, "【预览】我市召开科技创新工作推进会（草稿）", local[-1].name, day=date(2024, 6, 15))
    draft.key = "/preview/content/2024-06/15/content_5999.htm"
    site.article(draft.key, draft)
    site.robots = "User-agent: *\nDisallow: /preview/\nDisallow: /was5/\nDisallow: /passport/\n"
    site.future = [f"{site.base_url}/content/2024-06/29/content_6101.htm", f"{site.base_url}/content/2024-07/01/content_6102.htm"]
    hot = local[:2] + front[:1] + corp[:1] + comment[:1]
    side = ('<div class="box"><h3>热点排行</h3><ol>' + "".join(f'<li><a href="/{a.key.lstrip("/")}" target="_blank">{e(a.title)}</a></li>'
                                                             for a in hot) + "</ol></div>")

    def item(a: Art, href: str | None = None, comments: bool = False) -> str:
        more = f' <a href="/comment/comment.jsp?newsid={a.id}" class="pl" target="_blank">评论</a>' if comments else ""
        return (f'<li><a href="{href or a.key.lstrip("/")}" target="_blank">{e(a.title)}</a>'
                f'<span class="time">{a.day:%Y-%m-%d} 08:30</span>{more}</li>')

    def path(name: str, node: str, parent: tuple[str, str] | None = None) -> str:
        up = f' &gt;&gt; <a href="{parent[1]}">{parent[0]}</a>' if parent else ""
        return f'<div class="path">您当前的位置 ：<a href="/">样例网</a>{up} &gt;&gt; <a href="{node}">{name}</a></div>'

    # 本地: node_2.htm, node_2_2.htm …: 1 2 3 下一页; page 2 carries a draft preview link
    chunks = pages_of(local, 6)
    chunks[1] = chunks[1] + [draft]
    names = ["node_2.htm"] + [f"node_2_{k}.htm" for k in range(2, len(chunks) + 1)]
    for k, chunk in enumerate(chunks):
        nums = " ".join(f'<span class="current">{j + 1}</span>' if j == k else f'<a href="{n}">{j + 1}</a>' for j, n in enumerate(names))
        prev = f'<a href="{names[k - 1]}">上一页</a> ' if k else ""
        nxt = f' <a href="{names[k + 1]}">下一页</a>' if k < len(names) - 1 else ""
        items = "".join(item(a, href=("/preview/content/2024-06/15/content_5999.htm" if a is draft else None), comments=True)
                        for a in chunk)
        site.page("/" + names[k], *_md_page(site, "本地", path("本地", "node_2.htm") + f'<ul class="list">{items}</ul>'
                                             f'<div id="displaypagenum"><center>{prev}{nums}{nxt}</center></div>', side))
    # 时评: node_3.htm, reachable from the home page's 更多>> only; absolute links with the host
    site.page("/node_3.htm", *_md_page(site, "时评", path("时评", "node_3.htm") + '<ul class="list">' + "".join(
        item(a, href=site.base_url + a.key) for a in comment) + "</ul>", side))
    # 科创: a landing page of 科技前沿 (node_51, 下一页 only) and 创新企业 (node_52, ./ links)
    site.page("/node_5.htm", *_md_page(site, "科创", path("科创", "node_5.htm") + "".join(
        f'<div class="block"><div class="tit"><span>{n}</span><a href="{node}" class="more">更多&gt;&gt;</a></div><ul>'
        + "".join(f'<li><a href="{a.key.lstrip("/")}" title="{e(a.title)}">{e(cut(a.title, 20))}</a></li>' for a in g[:3]) + "</ul></div>"
        for n, node, g in (("科技前沿", "node_51.htm", front), ("创新企业", "node_52.htm", corp))), side))
    chunks = pages_of(front, 4)
    names = ["node_51.htm"] + [f"node_51_{k}.htm" for k in range(2, len(chunks) + 1)]
    for k, chunk in enumerate(chunks):
        nav = (f'<a href="{names[k - 1]}">上一页</a> ' if k else "") + (f'<a href="{names[k + 1]}">下一页</a>' if k < len(names) - 1 else "")
        site.page("/" + names[k], *_md_page(site, "科技前沿", path("科技前沿", "node_51.htm", ("科创", "node_5.htm"))
                                             + '<ul class="list">' + "".join(item(a) for a in chunk) + f'</ul><div class="page">{nav}</div>', side))
    site.page("/node_52.htm", *_md_page(site, "创新企业", path("创新企业", "node_52.htm", ("科创", "node_5.htm")) + '<ul class="list">'
                                         + "".join(item(a, href="./" + a.key.lstrip("/")) for a in corp) + "</ul>", side))
    # 图片: an image link and a caption link per article
    grid = "".join(f'<div class="pic"><a href="{a.key.lstrip("/")}" target="_blank"><img src="/images/{a.day:%Y-%m}/{a.day:%d}/{a.id}.jpg" '
                   f'width="200" height="140" border="0" /></a><p><a href="{a.key.lstrip("/")}" title="{e(a.title)}" target="_blank">'
                   f'{e(cut(a.title, 14))}</a></p></div>' for a in pics)
    site.page("/node_8.htm", *_md_page(site, "图片", path("图片", "node_8.htm") + f'<div class="piclist">{grid}</div>', side))
    # 专题: special pages listed like articles, with long titles and dates
    lh_key = "/content/2024-03/05/content_7001.htm"
    specials = [("zt/kjz2024/index.htm", "2024年全国科技活动周暨样例市第三十届科技节", "2024-05-20"),
                ("zt/cxdh2024/index.htm", "样例市2024年科技创新大会暨科学技术奖励大会", "2024-04-10"),
                (lh_key.lstrip("/"), "聚焦2024全国两会·代表委员谈科技创新", "2024-03-05"),
                ("http://zt.example.cn/2023/kjz/", "2023年全国科技活动周暨样例市第二十九届科技节", "2023-05-22")]
    site.page("/node_9.htm", *_md_page(site, "专题", path("专题", "node_9.htm") + '<ul class="list">' + "".join(
        f'<li><a href="{h}" target="_blank">{t}</a><span class="time">{d}</span></li>' for h, t, d in specials) + "</ul>", side))

    def special(title: str, groups: list[tuple[str, list[Art]]], up: str) -> tuple[bytes, str]:
        blocks = "".join(f'<div class="ztblock"><h3>{n}</h3><ul>' + "".join(
            f'<li><a href="{up}{a.key.lstrip("/")}" target="_blank">{e(a.title)}</a><span>{a.day:%m-%d}</span></li>' for a in g)
            + "</ul></div>" for n, g in groups)
        return _md_page(site, title, f'<div class="ztbanner"><img src="/images/zt/banner.jpg" /><h1>{title}</h1></div>{blocks}'
                                     f'<div class="ztback"><a href="/node_9.htm">返回专题列表</a> <a href="/">返回首页</a></div>')
    site.page("/zt/kjz2024/index.htm", *special("2024年全国科技活动周", [("活动动态", zt_kjz + local[3:5])], "../../"))
    site.page("/zt/cxdh2024/index.htm", *special("2024年科技创新大会", [("大会报道", zt_cxdh)], "../../"))
    site.page(lh_key, *special("聚焦2024全国两会", [("代表委员谈创新", zt_lh), ("相关专题", [])], "../../../"))

    def search(site, p, query):
        if p == "/comment/comment.jsp":
            return _md_page(site, "网友评论", f'<div class="pl">网友评论（共0条）</div><form action="/comment/post.jsp" method="post">'
                                              f'<input type="hidden" name="newsid" value="{e(query.get("newsid", ""))}" />'
                                              f'<textarea name="content"></textarea><input type="submit" value="发表评论" /></form>')
        if p == "/was5/web/search":
            page = int(query.get("page") or 1)
            hits = local[(page * 2) % 10:(page * 2) % 10 + 6]
            return _md_page(site, "搜索结果", '<ul class="list">' + "".join(item(a, href=a.key) for a in hits) + "</ul>"
                            + f'<a href="/was5/web/search?channelid=246379&amp;searchword={quote(query.get("searchword", ""))}'
                              f'&amp;page={page + 1}">下一页</a>')
        return None
    site.dynamic = search
    service = {
        "/gywm.htm": ("关于我们", "<p>样例日报社创刊于1949年，是中共样例市委机关报。报社现有样例日报、样例晚报、样例网和样例新闻客户端等媒体，"
                               "形成报、网、端、微、屏全媒体传播矩阵。</p><p>样例网是经国家互联网信息办公室批准的新闻网站，是样例市最具影响力的"
                               "新闻门户网站，开设本地、科创、图片、专题、视听等频道，日均发布各类新闻信息五百余条。</p>"
                               "<p>报社地址：样例市新闻大厦。欢迎社会各界朋友提供新闻线索，新闻热线：0000-96345。</p>"),
        "/lxwm.htm": ("联系我们", "<p>新闻热线：0000-96345 广告热线：0000-88880000</p><p>地址：样例市新闻大厦 邮编：000000</p>"),
        "/wzdt.htm": ("网站地图", "<ul>" + "".join(f'<li><a href="{h}">{n}</a></li>' for n, h in MD_NAV)
                      + '<li><a href="/node_3.htm">时评</a></li><li><a href="/node_51.htm">科技前沿</a></li>'
                        '<li><a href="/node_52.htm">创新企业</a></li></ul>'),
        "/ggfw.htm": ("广告服务", "<p>首页通栏 每天3000元；频道页通栏 每天1000元。联系电话：0000-88880000</p>"),
        "/bqsm.htm": ("版权声明", "<p>凡本网注明“来源：样例网”的所有作品，版权均属于样例日报社，未经授权不得转载、摘编或利用其它方式使用。</p>"),
        "/passport/login.htm": ("登录", '<form action="/passport/login.do" method="post"><input name="u" /><input name="p" type="password" /></form>'),
        "/passport/reg.htm": ("注册", '<form action="/passport/reg.do" method="post"><input name="u" /></form>'),
    }
    for key, (title, text) in service.items():
        site.page(key, *_md_page(site, title, f"<h2>{title}</h2>{text}"))

    # home: 头条 and 焦点图 (articles no column lists), column blocks
    head = home_only[:2]
    focus = home_only[2:]
    main = (f'<div class="headline"><h1><a href="{head[0].key.lstrip("/")}" target="_blank">{e(head[0].title)}</a></h1>'
            f'<h3><a href="{head[1].key.lstrip("/")}" target="_blank">{e(head[1].title)}</a></h3></div>'
            '<div class="focus"><ul>' + "".join(
                f'<li><a href="{a.key.lstrip("/")}" target="_blank"><img src="/images/focus/{a.id}.jpg" /></a>'
                f'<span><a href="{a.key.lstrip("/")}" target="_blank">{e(cut(a.title, 16))}</a></span></li>' for a in focus) + "</ul></div>"
            '<div class="block"><div class="tit"><span>本地</span><a href="/node_2.htm" class="more">更多&gt;&gt;</a></div><ul>'
            + "".join(f'<li><span>{a.day:%m-%d}</span><a href="{a.key.lstrip("/")}" target="_blank">{e(a.title)}</a></li>' for a in local[:5])
            + '</ul></div><div class="block"><div class="tit"><span>时评</span><a href="node_3.htm" class="more">更多&gt;&gt;</a></div><ul>'
            + "".join(f'<li><a href="{site.base_url}{a.key}" target="_blank">{e(a.title)}</a></li>' for a in comment[:3])
            + '</ul></div><div class="block"><div class="tit"><span>科创</span></div><ul>'
            + "".join(f'<li><a href="{a.key.lstrip("/")}" target="_blank">{e(a.title)}</a></li>' for a in front[:2] + corp[:2])
            + '</ul></div><div class="ztbanner"><a href="zt/kjz2024/index.htm" target="_blank"><img src="/images/zt/kjz2024.jpg" /></a></div>'
            '<div class="hotsearch">热搜：' + "".join(f'<a href="/was5/web/search?channelid=246379&amp;searchword={w}">{w}</a> '
                                                   for w in ("科技创新", "人才", "高新区")) + "</div>")
    home = _md_page(site, "样例网_样例日报社主办", main, side)
    site.page("/", *home)
    site.page("/index.htm", *home)


# === phpcms: 样例省科学技术协会 on PHPCMS v9 (dynamic URLs) ===========================================================

def _pc_list(catid: int, page: int = 1, amp: str = "&") -> str:
    return f"/index.php?m=content{amp}c=index{amp}a=lists{amp}catid={catid}" + (f"{amp}page={page}" if page > 1 else "")


def _pc_show(catid: int, a: Art, amp: str = "&") -> str:
    return f"/index.php?m=content{amp}c=index{amp}a=show{amp}catid={catid}{amp}id={a.id}"


def _pc_page(site: Site, title: str, main: str) -> str:
    amp = "&amp;"
    L = lambda c: _pc_list(c, amp=amp)  # noqa: E731
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{e(title)} - 样例省科学技术协会</title><meta name="keywords" content="科协,科普,学会" />
<link href="/statics/css/reset.css" rel="stylesheet" type="text/css" /><script src="/statics/js/jquery.min.js"></script></head>
<body><div class="header"><div class="top"><span class="fl">欢迎访问样例省科学技术协会！</span><span class="fr">
<a href="/index.php?m=member{amp}c=index{amp}a=login">会员登录</a> | <a href="/index.php?m=member{amp}c=index{amp}a=register{amp}siteid=1">注册</a> |
<a href="javascript:;" onclick="setHome(this)">设为首页</a> | <a href="javascript:;" onclick="addFav()">加入收藏</a></span></div>
<div class="logo"><a href="/"><img src="/statics/images/logo.png" alt="样例省科学技术协会" /></a></div>
<div class="search"><form action="/index.php" method="get" target="_blank"><input type="hidden" name="m" value="search" />
<input type="hidden" name="c" value="index" /><input type="hidden" name="a" value="init" /><input type="hidden" name="typeid" value="1" />
<input type="hidden" name="siteid" value="1" /><input type="text" name="q" id="q" /><button type="submit">搜索</button></form></div></div>
<ul id="nav" class="nav">
<li><a href="/">首页</a></li>
<li class="drop"><a href="{L(6)}">新闻中心</a><ul class="sub"><li><a href="{L(7)}">科协要闻</a></li><li><a href="{L(8)}">基层动态</a></li>
<li><a href="{L(9)}">媒体聚焦</a></li><li><a href="{L(14)}">通知公告</a></li></ul></li>
<li class="drop"><a href="{L(10)}">学会学术</a><ul class="sub"><li><a href="{L(11)}">学术交流</a></li><li><a href="{L(12)}">学会动态</a></li>
<li><a href="{L(16)}{amp}date=2024-06-09">学术活动日历</a></li></ul></li>
<li><a href="{L(13)}">科学普及</a></li>
<li><a href="/index.php?m=special{amp}c=index{amp}a=special{amp}siteid=1">专题专栏</a></li>
<li class="drop"><a href="{L(2)}">关于我们</a><ul class="sub"><li><a href="{L(2)}">科协简介</a></li><li><a href="{L(17)}">组织机构</a></li>
<li><a href="{L(3)}">联系我们</a></li></ul></li>
<li><a href="{L(5)}">资料下载</a></li>
<li><a href="/index.php?m=guestbook{amp}c=index{amp}a=init{amp}siteid=1">留言板</a></li>
</ul>
<div class="main">{main}</div>
<div class="footer"><p><a href="{L(2)}">关于我们</a> | <a href="{L(3)}">联系我们</a> | <a href="{L(4)}">网站地图</a> |
<a href="/index.php?m=member{amp}c=index{amp}a=init">会员中心</a> | <a href="/index.php?m=guestbook{amp}c=index{amp}a=init{amp}siteid=1">留言板</a></p>
<p>版权所有：样例省科学技术协会 <a href="https://beian.miit.gov.cn/" target="_blank">样ICP备05001234号</a> Powered by
<a href="http://www.phpcms.cn" target="_blank">PHPCMS</a></p></div></body></html>"""


def _build_phpcms(site: Site) -> None:
    arts = _share("phpcms")
    news, grass, media, notice, academic, society, popsci, sp12, sp13 = _take(arts, 13, 10, 5, 6, 7, 4, 4, 2, 1)
    cats = {7: news, 8: grass, 9: media, 14: notice, 11: academic, 12: society, 13: popsci}
    for catid, group in cats.items():
        for a in group:
            a.key = _pc_show(catid, a)
            site.article(a.key, a)
    special_arts = {12: sp12, 13: sp13}
    for group in special_arts.values():
        for a in group:
            a.key = f"/index.php?m=special&c=index&a=show&id={a.id}"
            site.article(a.key, a)
    internal = Art(grass[0].body, "【内部资料】2024年全省科协系统重点工作任务分解表", grass[0].name, day=date(2024, 6, 11))
    internal.id = 999
    internal.key = _pc_show(15, internal)
    site.article(internal.key, internal)
    for a in academic:  # the print version: the same page (a duplicate, not an article page of its own)
        site.page(f"/print.php?catid=11&id={a.id}", a.body, f"text/html; charset={html_charset(a.body)}")
    site.robots = ("User-agent: *\nDisallow: /caches\nDisallow: /phpcms\nDisallow: /install\nDisallow: /phpsso_server\n"
                   "Disallow: /api\nDisallow: /admin.php\nDisallow: /index.php?m=member\n"
                   "Disallow: /index.php?m=content&c=index&a=show&catid=15&\n")
    site.future = [f"{site.base_url}/index.php?m=content&c=index&a=show&catid=7&id=6001",
                   f"{site.base_url}/index.php?m=content&c=index&a=show&catid=8&id=6002"]
    names = {7: "科协要闻", 8: "基层动态", 9: "媒体聚焦", 14: "通知公告", 11: "学术交流", 12: "学会动态", 13: "科学普及",
             6: "新闻中心", 10: "学会学术"}
    parents = {7: 6, 8: 6, 9: 6, 14: 6, 11: 10, 12: 10}

    def crumbs(catid: int) -> str:
        chain = [catid] + ([parents[catid]] if catid in parents else [])
        return '<div class="crumbs">当前位置：<a href="/">首页</a>' + "".join(
            f' &gt; <a href="{_pc_list(c, amp="&amp;")}">{names[c]}</a>' for c in reversed(chain)) + "</div>"

    def li(a: Art, n: int = 24, extra: str = "") -> str:
        return (f'<li><span class="rt">{a.day:%Y-%m-%d}</span>·<a href="{e(a.key)}" target="_blank" title="{e(a.title)}">'
                f'{e(cut(a.title, n))}</a>{extra}</li>')

    def column(catid: int, chunks: list[list[Art]], pager, per_item=li) -> None:
        for k, chunk in enumerate(chunks, 1):
            body = _pc_page(site, names[catid], crumbs(catid) + f'<div class="list"><ul>{"".join(per_item(a) for a in chunk)}</ul>'
                            f'<div id="pages" class="text-c">{pager(catid, k, len(chunks))}</div></div>')
            site.page(_pc_list(catid, k), body)

    def numbered(catid, k, n):
        out = [f'<a class="a1">{sum(len(g) for g in [cats[catid]])}条</a>']
        out.append(f'<a href="{e(_pc_list(catid, max(1, k - 1)))}" class="a1">上一页</a>')
        out += [f"<span>{j}</span>" if j == k else f'<a href="{e(_pc_list(catid, j))}">{j}</a>' for j in range(1, n + 1)]
        out.append(f'<a href="{e(_pc_list(catid, min(n, k + 1)))}" class="a1">下一页</a>')
        return " ".join(out)

    def next_only(catid, k, n):
        return (f'<a href="{e(_pc_list(catid, k - 1))}">上一页</a> ' if k > 1 else "") + \
            (f'<a href="{e(_pc_list(catid, k + 1))}">下一页</a>' if k < n else "")

    column(7, pages_of(news, 8), numbered)
    chunks = pages_of(grass, 4)
    chunks[0] = chunks[0] + [internal]
    column(8, chunks, next_only)
    offsite = [("人民网", "http://scitech.people.com.cn/n1/2024/0605/c1007-40250001.html", "我省科协推动科技志愿服务走深走实"),
               ("新华网", "http://www.news.cn/tech/20240601/abc123def4567890/c.html", "样例省院士专家工作站建设成效显著"),
               ("科技日报", "http://www.stdaily.com/web/gdxw/2024-05/28/content_1234567.html", "样例省：科普大篷车开进山区学校"),
               ("中国科协网", "https://www.cast.org.cn/xw/DFKX/art/2024/art_0123456789abcdef0123456789abcdef.html", "样例省科协召开全委会")]
    items = [li(a) for a in media] + [f'<li><span class="rt">2024-06-0{i + 1}</span>·<a href="{u}" target="_blank">{t}</a>'
                                      f'<span class="from">[{s}]</span></li>' for i, (s, u, t) in enumerate(offsite)]
    site.page(_pc_list(9), _pc_page(site, "媒体聚焦", crumbs(9) + f'<div class="list"><ul>{"".join(items)}</ul></div>'))
    column(14, [notice], lambda *_: "")
    column(11, pages_of(academic, 4), numbered,
           lambda a: li(a, extra=f' <a href="/print.php?catid=11&amp;id={a.id}" target="_blank" class="print">[打印]</a>'))
    column(12, [society], lambda *_: "")
    grid = "".join(f'<li><a href="{e(a.key)}" target="_blank"><img src="/uploadfile/2024/{a.day:%m%d}/thumb_{a.id}.jpg" /></a>'
                   f'<p><a href="{e(a.key)}" target="_blank">{e(cut(a.title, 12))}</a></p></li>' for a in popsci)
    site.page(_pc_list(13), _pc_page(site, "科学普及", crumbs(13) + f'<ul class="photo-list">{grid}</ul>'))
    # landing pages of sub-columns
    for catid, subs in ((6, (7, 8, 9, 14)), (10, (11, 12))):
        blocks = "".join(f'<div class="box"><h5 class="title-2"><a href="{e(_pc_list(c))}" class="more">更多+</a>{names[c]}</h5><ul>'
                         + "".join(li(a, 20) for a in cats[c][:5]) + "</ul></div>" for c in subs)
        site.page(_pc_list(catid), _pc_page(site, names[catid], crumbs(catid) + blocks))
    # 专题专栏: specials listed with long titles and dates
    specials = [(12, "2024年全国科技工作者日专题：致敬新时代科技工作者", "2024-05-30", sp12 + news[5:7]),
                (13, "学习贯彻全国科技大会精神专题", "2024-06-24", sp13 + news[1:3] + academic[:1])]
    site.page("/index.php?m=special&c=index&a=special&siteid=1", _pc_page(site, "专题专栏", '<div class="list"><ul>' + "".join(
        f'<li><span class="rt">{d}</span>·<a href="/index.php?m=special&amp;c=index&amp;id={s}" target="_blank" title="{t}">{t}</a></li>'
        for s, t, d, _ in specials) + "</ul></div>"))
    for s, t, d, group in specials:
        site.page(f"/index.php?m=special&c=index&id={s}", _pc_page(
            site, t, f'<div class="special-banner"><h1>{t}</h1></div><div class="list"><ul>{"".join(li(a, 30) for a in group)}</ul></div>'))
    # service pages, calendar, guestbook, search, member, downloads
    pages = {2: ("科协简介", about_html("样例省科学技术协会").replace("主管全市科技工作的职能部门", "全省科技工作者的群众组织")),
             3: ("联系我们", "<p>地址：样例省样例市科技路1号 邮编：000000</p><p>电话：0000-87654321 邮箱：kx@example.org.cn</p>"),
             4: ("网站地图", "<ul>" + "".join(f'<li><a href="{e(_pc_list(c))}">{n}</a></li>' for c, n in names.items()) + "</ul>"),
             17: ("组织机构", "<p>办公室、组织人事部、学会学术部、科学普及部、调研宣传部</p><p>直属单位：省科技馆、省科技交流中心</p>")}
    for catid, (title, text) in pages.items():
        site.page(_pc_list(catid), _pc_page(site, title, f'<div class="page-content"><h2>{title}</h2>{text}</div>'))
    files = "".join(f'<li><span class="rt">2024-05-{10 + i}</span>·<a href="/uploadfile/2024/05{10 + i}/2024051{i}0915{i}234.{x}">'
                    f'{t}</a></li>' for i, (t, x) in enumerate((("2024年度省科协科技创新智库课题申报指南", "pdf"),
                                                               ("2024年度省科协科技创新智库课题申报书", "doc"),
                                                               ("全省学会工作统计报表", "xls"))))
    files += '<li><span class="rt">2024-05-09</span>·<a href="/index.php?m=content&amp;c=down&amp;a=init&amp;catid=5&amp;id=77">' \
             '2024年度科普示范基地申报材料模板</a></li>'
    site.page(_pc_list(5), _pc_page(site, "资料下载", f'<div class="list"><ul>{files}</ul></div>'))
    site.page("/index.php?m=content&c=down&a=init&catid=5&id=77", _pc_page(
        site, "下载", '<div class="down"><p>文件大小：56KB</p><a href="/uploadfile/2024/0509/20240509091577.zip">点击下载</a></div>'))

    def dynamic(site, path, query):
        if path == "/print.php":
            return None
        if path != "/index.php":
            return None
        m, a = query.get("m"), query.get("a")
        if m == "content" and a == "lists" and query.get("catid") == "16":  # the calendar: every day leads to the next
            try:
                day = date.fromisoformat(query.get("date", ""))
            except ValueError:
                day = date(2024, 6, 9)
            links = " ".join(f'<a href="{e(_pc_list(16))}&amp;date={day + timedelta(days=d)}">{(day + timedelta(days=d)).day}日</a>'
                             for d in (-1, 1))
            return _pc_page(site, "学术活动日历", f"<h2>{day} 学术活动</h2><p>本日暂无学术活动安排。</p>{links}").encode(), "text/html; charset=utf-8"
        if m == "search":
            page, q = int(query.get("page") or 1), query.get("q", "")
            hits = (news + grass)[(page * 3) % 15:(page * 3) % 15 + 8]
            nxt = f'<a href="/index.php?m=search&amp;c=index&amp;a=init&amp;typeid=1&amp;siteid=1&amp;q={quote(q)}&amp;page={page + 1}">下一页</a>'
            return _pc_page(site, "搜索", f'<div class="list"><ul>{"".join(li(x) for x in hits)}</ul>{nxt}</div>').encode(), "text/html; charset=utf-8"
        if m == "member":
            return _pc_page(site, "会员中心", '<form action="/index.php?m=member&amp;c=index&amp;a=login" method="post">'
                                          '<input name="username" /><input type="password" name="password" /></form>').encode(), \
                "text/html; charset=utf-8"
        if m == "guestbook":
            page = int(query.get("page") or 1)
            rows = "".join(f"<dl><dt>网友{page}{i}：请问今年的科技创新智库课题什么时候申报？</dt><dd>回复：请关注通知公告栏目。</dd></dl>"
                           for i in range(5))
            nxt = f'<a href="/index.php?m=guestbook&amp;c=index&amp;a=init&amp;siteid=1&amp;page={page + 1}">下一页</a>' if page < 3 else ""
            return _pc_page(site, "留言板", f'<form action="/index.php?m=guestbook&amp;c=index&amp;a=register" method="post">'
                                         f'<textarea name="content"></textarea><input type="submit" value="提交留言" /></form>{rows}{nxt}').encode(), \
                "text/html; charset=utf-8"
        return None
    site.dynamic = dynamic

    # home
    focus = "".join(f'<li><a href="{e(a.key)}" target="_blank"><img src="/uploadfile/2024/{a.day:%m%d}/{a.id}.jpg" /></a>'
                    f'<p><a href="{e(a.key)}" target="_blank">{e(cut(a.title, 18))}</a></p></li>' for a in news[:3])
    cal = "".join(f'<a href="{e(_pc_list(16))}&amp;date=2024-06-{d:02d}">{d}</a> ' for d in range(1, 31))
    main = (f'<div class="focus"><ul>{focus}</ul></div>'
            f'<div class="box"><h5 class="title-2"><a href="{e(_pc_list(7))}" class="more">更多+</a>科协要闻</h5><ul>'
            + "".join(li(a, 22) for a in news[3:11]) + "</ul></div>"
            f'<div class="box"><h5 class="title-2"><a href="{e(_pc_list(14))}" class="more">MORE+</a>通知公告</h5><ul>'
            + "".join(li(a, 22) for a in notice[:5]) + "</ul></div>"
            '<div class="box"><h5 class="title-2">基层动态</h5><ul>' + "".join(li(a, 22) for a in grass[:5]) + "</ul></div>"
            '<div class="special">' + "".join(f'<a href="/index.php?m=special&amp;c=index&amp;id={s}"><img src="/uploadfile/special/{s}.jpg" /></a>'
                                             for s, *_ in specials) + "</div>"
            f'<div class="calendar"><h5>学术活动日历</h5>{cal}</div>'
            '<div class="links">友情链接：<a href="https://www.cast.org.cn/" target="_blank">中国科协</a> '
            '<a href="https://www.most.gov.cn/" target="_blank">科技部</a></div>')
    home = _pc_page(site, "首页", main)
    site.page("/", home)
    site.page("/index.php", home)


# === wordpress: 样例市科技企业孵化器 on WordPress ====================================================================

WP_WORDS = ("demo-day", "ai-forum", "policy-briefing", "roadshow", "open-day", "startup-camp", "patent-clinic",
            "talent-salon", "innovation-week", "investor-meetup", "lab-tour", "tech-transfer")


def _wp_slug(a: Art) -> str:
    if a.id % 3 == 0:
        return f"{WP_WORDS[a.id % len(WP_WORDS)]}-{chr(97 + a.id % 26)}{chr(97 + a.id // 26 % 26)}"
    chars = re.sub(r"[\s\W_]+", "-", a.title).strip("-")[:12].lower() or f"post-{a.id}"
    return quote(chars, safe="-").lower()


def _build_wordpress(site: Site) -> None:
    b = site.base_url
    arts = _share("wordpress")
    news, policy, media, companies, events = _take(arts, 22, 10, 6, 6, 8)
    cats = {"news": ("园区动态", news), "policy": ("政策解读", policy), "media": ("媒体报道", media),
            "companies": ("入驻企业", companies), "events": ("活动预告", events)}
    slugs = set()
    tags = ("人工智能", "科技金融", "知识产权", "创新创业")
    for slug_cat, (_, group) in cats.items():
        for a in group:
            slug = _wp_slug(a)
            while slug in slugs:
                slug += "-2"
            slugs.add(slug)
            a.key = f"/{a.day:%Y/%m/%d}/{slug}/"
            a.cat = slug_cat  # type: ignore[attr-defined]
            a.tag = tags[a.id % len(tags)]  # type: ignore[attr-defined]
            site.article(a.key, a)
            site.redirects[norm(f"/?p={a.id}")] = a.key
    internal = Art(news[1].body, "【内部】孵化器2024年度绩效考核自评材料（请勿外传）", news[1].name, day=date(2024, 6, 7))
    internal.key = "/2024/06/07/neibu-ziping-cailiao/"
    site.article(internal.key, internal)
    # a hand-written robots.txt that names no sitemap (wp-sitemap.xml is there, linked from nowhere)
    site.robots = f"User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\nDisallow: /?s=\nDisallow: {internal.key}\n"
    site.future = [f"{b}/2024/06/29/new-incubator-policy/", f"{b}/2024/06/30/{quote('孵化器举办创业沙龙', safe='').lower()}/"]
    everything = sorted(arts, key=lambda a: a.day, reverse=True)
    url = lambda a: b + quote(a.key, safe="/%")  # noqa: E731

    def wp_page(title: str, main: str, body_class: str = "archive") -> str:
        menu = [f'<li class="menu-item"><a href="{b}/">首页</a></li>']
        for top, subs in (("新闻中心", (("园区动态", "/category/news/"), ("政策解读", "/category/policy/"), ("媒体报道", "/category/media/"))),
                          ("企业服务", (("入驻企业", "/category/companies/"), ("孵化服务", "/services/"), ("入驻申请", "/join/"))),
                          ("关于我们", (("孵化器简介", "/about/"), ("运营团队", "/team/"), ("联系我们", "/contact/")))):
            sub = "".join(f'<li class="menu-item"><a href="{b}{h}">{n}</a></li>' for n, h in subs)
            menu.append(f'<li class="menu-item menu-item-has-children"><a href="#">{top}</a><ul class="sub-menu">{sub}</ul></li>')
        recent = "".join(f'<li><a href="{url(a)}">{e(a.title)}</a></li>' for a in everything[:5])
        months = sorted({(a.day.year, a.day.month) for a in arts}, reverse=True)
        archive = "".join(f'<li><a href="{b}/{y}/{m:02d}/">{y}年{m}月</a></li>' for y, m in months)
        june = {a.day.day for a in arts if (a.day.year, a.day.month) == (2024, 6)}
        cal = "".join(f'<td><a href="{b}/2024/06/{d:02d}/" aria-label="文章发布于 2024年6月{d}日">{d}</a></td>' if d in june else f"<td>{d}</td>"
                      for d in range(1, 31))
        cloud = " ".join(f'<a href="{b}/tag/{quote(t)}/" class="tag-cloud-link" style="font-size: 12pt;">{t}</a>' for t in tags)
        return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} &#8211; 样例市科技企业孵化器</title>
<meta name='robots' content='max-image-preview:large' />
<link rel="alternate" type="application/rss+xml" title="样例市科技企业孵化器 &raquo; Feed" href="{b}/feed/" />
<link rel="alternate" type="application/rss+xml" title="样例市科技企业孵化器 &raquo; 评论Feed" href="{b}/comments/feed/" />
<link rel='stylesheet' id='wp-block-library-css' href='{b}/wp-includes/css/dist/block-library/style.min.css?ver=6.5.4' media='all' />
<link rel='stylesheet' id='twentyseventeen-style-css' href='{b}/wp-content/themes/twentyseventeen/style.css?ver=20240402' media='all' />
<link rel="https://api.w.org/" href="{b}/wp-json/" /><link rel="EditURI" type="application/rsd+xml" title="RSD" href="{b}/xmlrpc.php?rsd" />
<meta name="generator" content="WordPress 6.5.4" />
</head><body class="{body_class} hfeed">
<div id="page" class="site"><a class="skip-link screen-reader-text" href="#content">跳至内容</a>
<header id="masthead" class="site-header"><div class="site-branding"><h1 class="site-title"><a href="{b}/" rel="home">样例市科技企业孵化器</a></h1>
<p class="site-description">国家级科技企业孵化器 · 创新创业服务平台</p></div>
<nav id="site-navigation" class="main-navigation" aria-label="顶部菜单"><button class="menu-toggle" aria-expanded="false">菜单</button>
<ul id="top-menu" class="menu">{"".join(menu)}</ul></nav></header>
<div id="content" class="site-content"><div class="wrap"><div id="primary" class="content-area"><main id="main" class="site-main">
{main}
</main></div>
<aside id="secondary" class="widget-area">
<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="{b}/">
<label><span class="screen-reader-text">搜索：</span><input type="search" class="search-field" placeholder="搜索&hellip;" value="" name="s" /></label>
<button type="submit" class="search-submit">搜索</button></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">近期文章</h2><ul>{recent}</ul></section>
<section id="archives-2" class="widget widget_archive"><h2 class="widget-title">文章归档</h2><ul>{archive}</ul></section>
<section id="calendar-2" class="widget widget_calendar"><div id="calendar_wrap" class="calendar_wrap"><table id="wp-calendar" class="wp-calendar-table">
<caption>2024年6月</caption><tbody><tr>{cal}</tr></tbody></table><nav aria-label="上个月及下个月" class="wp-calendar-nav">
<span class="wp-calendar-nav-prev"><a href="{b}/2024/05/">&laquo; 5月</a></span></nav></div></section>
<section id="tag_cloud-2" class="widget widget_tag_cloud"><h2 class="widget-title">标签</h2><div class="tagcloud">{cloud}</div></section>
<section id="meta-2" class="widget widget_meta"><h2 class="widget-title">其他操作</h2><ul><li><a href="{b}/wp-login.php">登录</a></li>
<li><a href="{b}/feed/">条目feed</a></li><li><a href="{b}/comments/feed/">评论feed</a></li><li><a href="https://cn.wordpress.org/">WordPress.org</a></li></ul></section>
</aside></div></div>
<footer id="colophon" class="site-footer"><div class="site-info"><a href="{b}/about/">关于我们</a> | <a href="{b}/contact/">联系我们</a> |
<a href="https://beian.miit.gov.cn/" target="_blank">样ICP备19001234号-1</a> | <a href="https://cn.wordpress.org/" class="imprint">自豪地采用WordPress</a></div></footer>
</div></body></html>"""

    def post_entry(a: Art) -> str:
        cname = cats[a.cat][0]  # type: ignore[attr-defined]
        return f"""<article id="post-{a.id}" class="post-{a.id} post type-post status-publish format-standard hentry category-{a.cat}">
<header class="entry-header"><div class="entry-meta"><span class="posted-on"><span class="screen-reader-text">发布于 </span><a href="{url(a)}" rel="bookmark">
<time class="entry-date published" datetime="{a.day:%Y-%m-%d}T09:30:00+08:00">{a.day.year}年{a.day.month}月{a.day.day}日</time></a></span>
<span class="byline"> 作者 <span class="author vcard"><a class="url fn n" href="{b}/author/admin/">admin</a></span></span></div>
<h2 class="entry-title"><a href="{url(a)}" rel="bookmark">{e(a.title)}</a></h2></header>
<div class="entry-content"><p><a href="{url(a)}" class="more-link">继续阅读<span class="screen-reader-text">“{e(a.title)}”</span></a></p></div>
<footer class="entry-footer"><span class="cat-tags-links"><span class="cat-links">分类 <a href="{b}/category/{a.cat}/" rel="category tag">{cname}</a></span>
<span class="tags-links">标签 <a href="{b}/tag/{quote(a.tag)}/" rel="tag">{a.tag}</a></span></span>
<span class="comments-link"><a href="{url(a)}#respond">发表评论</a></span></footer></article>"""  # type: ignore[attr-defined]

    def archive(base_path: str, title: str, group: list[Art], per: int, style: str) -> None:
        chunks = pages_of(group, per)
        for k, chunk in enumerate(chunks, 1):
            here = f"{base_path}page/{k}/" if k > 1 else base_path
            if style == "numbers":
                links = [f'<span aria-current="page" class="page-numbers current">{j}</span>' if j == k
                         else f'<a class="page-numbers" href="{b}{base_path}{"" if j == 1 else f"page/{j}/"}">{j}</a>'
                         for j in range(1, len(chunks) + 1)]
                if k > 1:
                    links.insert(0, f'<a class="prev page-numbers" href="{b}{base_path}{"" if k == 2 else f"page/{k - 1}/"}">&laquo; 上一页</a>')
                if k < len(chunks):
                    links.append(f'<a class="next page-numbers" href="{b}{base_path}page/{k + 1}/">下一页 &raquo;</a>')
                nav = f'<nav class="navigation pagination" aria-label="文章分页"><div class="nav-links">{"".join(links)}</div></nav>'
            else:  # older / newer only
                older = f'<div class="nav-previous"><a href="{b}{base_path}page/{k + 1}/"><span class="meta-nav">&larr;</span> 较早文章</a></div>' \
                    if k < len(chunks) else ""
                newer = f'<div class="nav-next"><a href="{b}{base_path}{"" if k == 2 else f"page/{k - 1}/"}">较新文章 <span class="meta-nav">&rarr;</span></a></div>' \
                    if k > 1 else ""
                nav = f'<nav class="navigation posts-navigation"><div class="nav-links">{older}{newer}</div></nav>'
            site.page(here, wp_page(title, f'<header class="page-header"><h1 class="page-title">{title}</h1></header>'
                                           + "".join(post_entry(a) for a in chunk) + nav))

    news_listed = news[:2] + [internal] + news[2:]
    internal.cat, internal.tag = "news", tags[0]  # type: ignore[attr-defined]
    archive("/category/news/", "分类：园区动态", news_listed, 6, "numbers")
    archive("/category/policy/", "分类：政策解读", policy, 5, "older")
    archive("/category/media/", "分类：媒体报道", media, 10, "numbers")
    archive("/category/events/", "分类：活动预告", events, 4, "numbers")
    cards = "".join(f'<div class="company-card"><a href="{url(a)}"><img src="{b}/wp-content/uploads/{a.day:%Y/%m}/logo-{a.id}.png" alt="" /></a>'
                    f'<h3><a href="{url(a)}">{e(cut(a.title, 15, "..."))}</a></h3><a class="button" href="{url(a)}">了解更多</a></div>'
                    for a in companies)
    site.page("/category/companies/", wp_page("分类：入驻企业", f'<header class="page-header"><h1 class="page-title">分类：入驻企业</h1></header>'
                                                               f'<div class="company-grid">{cards}</div>'))
    # date, day, tag and author archives: the same posts again
    for (y, m) in {(a.day.year, a.day.month) for a in arts}:
        archive(f"/{y}/{m:02d}/", f"月份：{y}年{m}月", [a for a in everything if (a.day.year, a.day.month) == (y, m)], 10, "numbers")
    for d in {a.day for a in arts}:
        archive(f"/{d:%Y/%m/%d}/", f"日：{d.year}年{d.month}月{d.day}日", [a for a in everything if a.day == d], 10, "numbers")
    for t in tags:
        archive(f"/tag/{t}/", f"标签：{t}", [a for a in everything if a.tag == t], 10, "numbers")  # type: ignore[attr-defined]
    archive("/author/admin/", "作者：admin", everything, 10, "numbers")
    # feed and sitemap
    items = "".join(f"<item><title>{e(a.title)}</title><link>{url(a)}</link><pubDate>{a.day:%a, %d %b %Y} 09:30:00 +0800</pubDate>"
                    f"<guid isPermaLink=\"false\">{b}/?p={a.id}</guid></item>" for a in everything[:10])
    site.page("/feed/", f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>样例市科技企业孵化器</title>'
                        f"<link>{b}</link><description>创新创业服务平台</description>{items}</channel></rss>",
              "application/rss+xml; charset=UTF-8")
    site.page("/comments/feed/", f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>评论</title>'
                                 f"<link>{b}</link></channel></rss>", "application/rss+xml; charset=UTF-8")
    site.page("/wp-sitemap.xml", f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                 f"<sitemap><loc>{b}/wp-sitemap-posts-post-1.xml</loc></sitemap></sitemapindex>", "application/xml; charset=UTF-8")
    site.page("/wp-sitemap-posts-post-1.xml", '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
              + "".join(f"<url><loc>{url(a)}</loc></url>" for a in everything) + "</urlset>", "application/xml; charset=UTF-8")
    # pages
    team = "".join(f"<p>{n}：{d}</p>" for n, d in (("总经理 陈某某", "负责孵化器整体运营，十五年科技服务经验。"),
                                                 ("投资总监 林某某", "负责种子基金投资与投融资对接。"), ("运营经理 黄某某", "负责企业入驻与日常服务。")))
    pages = {"/about/": ("孵化器简介", "<p>样例市科技企业孵化器成立于2012年，是国家级科技企业孵化器，孵化场地面积三万平方米，"
                                     "重点孵化新一代信息技术、生物医药和智能制造领域的初创企业。</p><p>孵化器已累计孵化企业三百余家，"
                                     "其中毕业企业一百二十家，培育国家高新技术企业六十余家，设立种子基金五千万元。</p>"),
             "/team/": ("运营团队", team),
             "/services/": ("孵化服务", "<p>为入驻企业提供办公场地、政策申报、知识产权、投融资对接、创业辅导、人才招聘等全链条服务。</p>"),
             "/join/": ("入驻申请", f'<p>请下载并填写<a href="{b}/wp-content/uploads/2024/06/入驻申请表.docx">入驻申请表</a>。</p>'
                                     f'<form action="{b}/wp-admin/admin-post.php" method="post"><input name="company" /><input type="submit" value="提交" /></form>'),
             "/contact/": ("联系我们", "<p>地址：样例市高新区创新路8号 电话：0000-66668888 邮箱：fhq@example.com</p>"),
             "/wp-login.php": ("登录", '<form name="loginform" action="/wp-login.php" method="post"><input name="log" /><input name="pwd" type="password" /></form>')}
    for key, (title, text) in pages.items():
        site.page(key, wp_page(title, f'<article class="page type-page"><header class="entry-header"><h1 class="entry-title">{title}</h1></header>'
                                      f'<div class="entry-content">{text}</div></article>', "page-template-default page"))

    def dynamic(site, path, query):
        m = re.fullmatch(r"/(?:page/(\d+)/)?", path)
        if m and "s" in query:  # search: /?s=x, /page/N/?s=x, for ever
            k = int(m.group(1) or 1)
            hits = everything[(k * 4) % 40:(k * 4) % 40 + 5]
            nxt = f'<a class="next page-numbers" href="{b}/page/{k + 1}/?s={quote(query["s"])}">下一页 &raquo;</a>'
            return wp_page(f"“{query['s']}”的搜索结果", "".join(post_entry(a) for a in hits) + nxt, "search").encode(), "text/html; charset=UTF-8"
        return None
    site.dynamic = dynamic

    # the static front page
    slider = "".join(f'<div class="slide"><a href="{b}/?p={a.id}"><img src="{b}/wp-content/uploads/{a.day:%Y/%m}/banner-{a.id}.jpg" alt="" /></a>'
                     f'<p class="caption"><a href="{b}/?p={a.id}">{e(a.title)}</a></p></div>' for a in news[:3])

    def widget(title: str, group: list[Art], more: tuple[str, str]) -> str:
        return (f'<section class="home-widget"><h2>{title}<a class="more" href="{b}{more[1]}">{more[0]}</a></h2><ul>'
                + "".join(f'<li><a href="{url(a)}">{e(a.title)}</a><span class="date">{a.day:%Y-%m-%d}</span></li>' for a in group) + "</ul></section>")
    logos = "".join(f'<a href="{url(a)}"><img src="{b}/wp-content/uploads/{a.day:%Y/%m}/logo-{a.id}.png" alt="" /></a>' for a in companies)
    main = (f'<div class="home-slider">{slider}</div>' + widget("园区动态", news[3:8], ("更多 &raquo;", "/category/news/"))
            + widget("政策解读", policy[:4], ("MORE", "/category/policy/"))
            + widget("活动预告", events[:3], ("查看全部活动 &rarr;", "/category/events/"))
            + f'<section class="home-widget"><h2>入驻企业</h2><div class="logos">{logos}</div></section>')
    site.page("/", wp_page("首页", main, "home page-template-default page"))


# --- the second four: shared helpers ------------------------------------------------------------------------------

def _intro(a: Art, n: int = 60) -> str:
    """The first words of the article's text (its ground truth), as a CMS's 简介/description field holds them."""
    src, name = a.name.split("/", 1)
    gt = (DEVSET if src == "devset" else CWCED) / "gt" / (Path(name).stem + ".txt")
    text = "".join(gt.read_text(encoding="utf-8").split()) if gt.exists() else ""
    if text.startswith(a.title.replace(" ", "")):
        text = text[len(a.title.replace(" ", "")):]
    return cut(text, n) or a.title


# === dede: 样例县科学技术局 on DedeCMS 5.7 GBK, static and dynamic columns ==========================================

DD_SITE = "样例县科学技术局"
DD_TAGS = ("科技创新", "科技特派员", "高新技术企业", "科普")


def _dd_art(a: Art, typedir: str) -> str:
    return f"{typedir}/{a.day:%Y}/{a.day:%m%d}/{a.id}.html"


def _dd_page(title: str, main: str, keywords: str = "") -> tuple[bytes, str]:
    nav = ("<li><a href='/'><span>首页</span></a></li>\n"
           "<li><a href='/a/kjdt/'  rel='dropmenu1'><span>科技动态</span></a></li>\n"
           "<li><a href='/plus/list.php?tid=4' ><span>通知公告</span></a></li>\n"
           "<li><a href='/a/zcfg/' ><span>政策法规</span></a></li>\n"
           "<li><a href='/a/kpyd/' ><span>科普园地</span></a></li>\n"
           "<li><a href='/a/about/'  rel='dropmenu7'><span>关于我们</span></a></li>\n")
    tags = "".join(f"<li><a href='/tags.php?/{t}/'>{t}</a></li>" for t in DD_TAGS)
    return _gbk(f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{e(title)}</title>
<meta name="keywords" content="{e(keywords or title)}" />
<meta name="description" content="{DD_SITE}官方网站" />
<link href="/templets/default/style/dedecms.css" rel="stylesheet" media="screen" type="text/css" />
<script language="javascript" type="text/javascript" src="/include/dedeajax2.js"></script>
</head>
<body class="articlelist">
<div class="header_top"><div class="w960 center"><span id="time" class="time">欢迎访问{DD_SITE}网站</span>
<div class="toplinks"><a href="/plus/heightsearch.php" target="_blank">高级搜索</a>|<a href="/data/sitemap.html" target="_blank">网站地图</a>|<a href="/tags.php">TAG标签</a><a href="/data/rss.html" class="rss">RSS订阅</a>
<span>[<a href="" onclick="this.style.behavior='url(#default#homepage)';this.setHomePage('http://kjj.example.gov.cn');">设为首页</a>]
[<a href="javascript:window.external.AddFavorite('http://kjj.example.gov.cn','{DD_SITE}')">加入收藏</a>]</span></div></div></div>
<div class="header"><div class="top w960 center"><div class="title"><h1><a href="/"><img src="/templets/default/images/logo.gif" height="54" width="216" alt="{DD_SITE}"/></a></h1></div>
<div class="banner"><img src="/uploads/allimg/banner.jpg" /></div></div>
<div class="module blue mT10 wrapper w963"><div class="top"><div id="navMenu"><ul>
{nav}</ul></div>
<div class="search"><form name="formsearch" action="/plus/search.php"><div class="form"><h4>搜索</h4>
<input type="hidden" name="kwtype" value="0" />
<input name="q" type="text" class="search-keyword" id="search-keyword" value="在这里搜索..." onfocus="if(this.value=='在这里搜索...'){{this.value='';}}" onblur="if(this.value==''){{this.value='在这里搜索...';}}" />
<select name="searchtype" class="search-option" id="search-option"><option value="title" selected='1'>检索标题</option><option value="titlekeyword">智能模糊</option></select>
<button type="submit" class="search-submit">搜索</button></div></form>
<div class="tags"><h4>热门标签:</h4><ul>{tags}</ul></div></div></div></div></div>
<!-- //二级子类下拉菜单，考虑SEO原因放置于底部 -->
<script type='text/javascript' src='/images/js/dropdown.js'></script>
<ul id="dropmenu1" class="dropMenu"><li><a href="/a/kjdt/gzdt/">工作动态</a></li><li><a href="/a/kjdt/xzdt/">乡镇动态</a></li></ul>
<ul id="dropmenu7" class="dropMenu"><li><a href="/a/about/">单位简介</a></li><li><a href="/a/lianxi/">联系我们</a></li></ul>
<script type="text/javascript">cssdropdown.startchrome("navMenu")</script>
{main}
<div class="flink w960 center clear"><dl class="tbox"><dt><strong>友情链接</strong></dt><dd><ul class="f5">
<li><a href='https://www.most.gov.cn/' target='_blank'>科学技术部</a></li><li><a href='http://kjt.example.gov.cn/' target='_blank'>省科技厅</a></li>
<li><a href='http://www.example.gov.cn/' target='_blank'>样例县人民政府</a></li></ul></dd></dl></div>
<div class="footer w960 center mt1 clear"><div class="footer_left"></div><div class="footer_body">
<p class="powered"><a href="/a/about/">关于我们</a> | <a href="/a/lianxi/">联系我们</a> | <a href="/data/sitemap.html">网站地图</a> | <a href="/plus/guestbook.php">留言板</a> | <a href="/member/">会员中心</a><br />
Powered by <a href="http://www.dedecms.com" title="织梦内容管理系统(DedeCms)" target="_blank"><strong>DedeCMS_V57_GBK_SP2</strong></a> &copy; 2004-2024 <a href="http://www.desdev.cn/" target="_blank">DesDev</a> Inc.<br /></p>
<div class="copyright">Copyright &copy; 2024 {DD_SITE} 版权所有 <a href="https://beian.miit.gov.cn/" target="_blank">样ICP备13001234号-1</a></div></div>
<div class="footer_right"></div></div>
</body>
</html>""")


def _build_dede(site: Site) -> None:
    arts = _share("dede")
    for i, a in enumerate(arts):
        a.id = 1400 - i * 3  # DedeCMS aids: newest highest, gaps where drafts were deleted
    work, town, notice, policy, popsci = _take(arts, 16, 10, 12, 7, 5)
    dirs = {2: ("工作动态", "/a/kjdt/gzdt", work), 3: ("乡镇动态", "/a/kjdt/xzdt", town), 5: ("政策法规", "/a/zcfg", policy),
            6: ("科普园地", "/a/kpyd", popsci)}
    for _, typedir, group in dirs.values():
        for a in group:
            a.key = _dd_art(a, typedir)
            site.article(a.key, a)
    for a in notice:  # 通知公告 is a dynamic column: its list and its articles are PHP pages
        a.key = f"/plus/view.php?aid={a.id}"
        site.article(a.key, a)
    internal = Art(town[-1].body, "【内部资料】2024年上半年科技项目资金拨付情况（内部）", town[-1].name, day=date(2024, 6, 8))
    internal.id = 1999
    internal.key = "/a/nbzl/2024/0608/1999.html"
    site.article(internal.key, internal)
    site.robots = ("User-agent: * \nDisallow: /plus/ad_js.php\nDisallow: /plus/advancedsearch.php\nDisallow: /plus/car.php\n"
                   "Disallow: /plus/carbuyaction.php\nDisallow: /plus/shops_buyaction.php\nDisallow: /plus/erraddsave.php\n"
                   "Disallow: /plus/posttocar.php\nDisallow: /plus/disdls.php\nDisallow: /plus/feedback_js.php\n"
                   "Disallow: /plus/mytag_js.php\nDisallow: /plus/rss.php\nDisallow: /plus/search.php\nDisallow: /plus/recommend.php\n"
                   "Disallow: /plus/stow.php\nDisallow: /plus/count.php\nDisallow: /include\nDisallow: /templets\n"
                   "Disallow: /member\nDisallow: /a/nbzl/\n")
    site.future = [f"{site.base_url}/a/kjdt/gzdt/2024/0629/1403.html", f"{site.base_url}/plus/view.php?aid=1406"]
    everything = sorted(arts, key=lambda a: a.day, reverse=True)
    for a in arts:
        a.tag = DD_TAGS[a.id % len(DD_TAGS)]  # type: ignore[attr-defined]

    def item(a: Art) -> str:  # list_article.htm
        return (f"<li><a href=\"{a.key}\" class=\"title\">{e(a.title)}</a>\n"
                f"<span class=\"info\"><small>日期：</small>{a.day:%Y-%m-%d} 09:{a.id % 60:02d}:1{a.id % 10}"
                f"<small>点击：</small>{a.id % 397 + 23}<small>好评：</small>0</span>\n<p class=\"intro\">{e(_intro(a, 70))}</p></li>\n")

    def side() -> str:
        rec = "".join(f'<li><a href="{a.key}">{e(cut(a.title, 16, ""))}</a></li>' for a in everything[1:6])
        hot = "".join(f'<li><a href="{a.key}">{e(cut(a.title, 16, ""))}</a><span><small>点击:</small>{900 - 37 * j}</span></li>'
                      for j, a in enumerate(work[2:5] + notice[:2] + policy[:1]))
        return (f'<div class="pright"><div class="commend mt1"><dl class="tbox light"><dt class="light"><strong>推荐内容</strong></dt>'
                f'<dd class="light"><ul class="d4">{rec}</ul></dd></dl></div>'
                f'<div class="hot mt1"><dl class="tbox light"><dt class="light"><strong>热点内容</strong></dt>'
                f'<dd class="light"><ul class="c1 ico2">{hot}</ul></dd></dl></div></div>')

    def place(*crumbs: tuple[str, str]) -> str:
        return '<div class="place"><strong>当前位置:</strong> <a href=\'/\'>主页</a> > ' + " > ".join(
            f"<a href='{h}'>{n}</a>" for n, h in crumbs) + " > </div>"

    def pagelist(k: int, n: int, total: int, rule) -> str:
        out = [f"<li><a href='{rule(1)}'>首页</a></li>" if k > 1 else "<li><a>首页</a></li>"]
        if k > 1:
            out.append(f"<li><a href='{rule(k - 1)}'>上一页</a></li>")
        out += [f'<li class="thisclass">{j}</li>' if j == k else f"<li><a href='{rule(j)}'>{j}</a></li>" for j in range(1, n + 1)]
        if k < n:
            out += [f"<li><a href='{rule(k + 1)}'>下一页</a></li>", f"<li><a href='{rule(n)}'>末页</a></li>"]
        else:
            out.append("<li><a>末页</a></li>")
        opts = "".join(f"<option value='{rule(j)}'{' selected' if j == k else ''}>{j}</option>" for j in range(1, n + 1))
        out.append(f"<li><select name='sldd' style='width:36px' onchange='location.href=this.options[this.selectedIndex].value;'>{opts}</select></li>")
        out.append(f'<li><span class="pageinfo">共 <strong>{n}</strong>页<strong>{total}</strong>条</span></li>')
        return '<div class="dede_pages"><ul class="pagelist">\n' + "\n".join(out) + "\n</ul></div>"

    def listing(title: str, crumbs, chunk: list[Art], pager: str, image: bool = False) -> tuple[bytes, str]:
        if image:
            body = "<ul class=\"e7\">" + "".join(
                f"<li><a href='{a.key}' class='preview'><img src='/uploads/allimg/{a.day:%y%m%d}/1-{a.day:%y%m%d}0Z{a.id % 97:02d}-lp.jpg' /></a>"
                f"<a href='{a.key}' class='title'>{e(cut(a.title, 12, ''))}</a></li>" for a in chunk) + "</ul>"
        else:
            body = f'<ul class="e2">{"".join(item(a) for a in chunk)}</ul>'
        main = (f'<div class="w960 center clear mt1"><div class="pleft">{place(*crumbs)}<div class="listbox">{body}</div>'
                f'{pager}</div>{side()}</div>')
        return _dd_page(f"{title}_{DD_SITE}", main)

    # static columns: {typedir}/ = index.html = list_{tid}_1.html, then list_{tid}_N.html
    town_listed = town[:8] + [internal] + town[8:]
    internal.tag = DD_TAGS[0]  # type: ignore[attr-defined]
    for tid, per, group in ((2, 7, work), (3, 6, town_listed), (5, 10, policy), (6, 10, popsci)):
        name, typedir, _ = dirs[tid]
        chunks = pages_of(group, per)
        crumbs = ([("科技动态", "/a/kjdt/")] if tid in (2, 3) else []) + [(name, typedir + "/")]
        for k, chunk in enumerate(chunks, 1):
            body = listing(name, crumbs, chunk, pagelist(k, len(chunks), len(group) - (tid == 3), lambda j: f"list_{tid}_{j}.html"),
                           image=tid == 6)
            site.page(f"{typedir}/list_{tid}_{k}.html", *body)
            if k == 1:
                site.page(f"{typedir}/", *body)
                site.page(f"{typedir}/index.html", *body)
    # 通知公告: dynamic, /plus/list.php?tid=4&TotalResult=N&PageNo=M
    chunks = pages_of(notice, 5)

    def dyn_rule(j: int) -> str:
        return f"/plus/list.php?tid=4&TotalResult={len(notice)}&PageNo={j}"
    notice_pages = {k: listing("通知公告", [("通知公告", "/plus/list.php?tid=4")], chunk, pagelist(k, len(chunks), len(notice), dyn_rule))
                    for k, chunk in enumerate(chunks, 1)}
    # 科技动态: a channel cover of its two sub-columns
    blocks = "".join(
        f'<div class="listbox"><dl class="tbox"><dt><strong><a href="{d}/">{n}</a></strong><span class="more"><a href="{d}/">更多...</a></span></dt>'
        f'<dd><ul class="d1 ico3">' + "".join(f'<li><span>{a.day:%m-%d}</span><a href="{a.key}">{e(cut(a.title, 26, ""))}</a></li>' for a in g[:6])
        + "</ul></dd></dl></div>" for n, d, g in (("工作动态", "/a/kjdt/gzdt", work), ("乡镇动态", "/a/kjdt/xzdt", town)))
    cover = _dd_page(f"科技动态_{DD_SITE}", f'<div class="w960 center clear mt1"><div class="pleft">{place(("科技动态", "/a/kjdt/"))}{blocks}</div>{side()}</div>')
    site.page("/a/kjdt/", *cover)
    site.page("/a/kjdt/index.html", *cover)
    # single pages, sitemap, rss, tags, guestbook, advanced search
    singles = {"/a/about/": ("单位简介", about_html(DD_SITE).replace("市委、市政府", "县委、县政府").replace("全市", "全县")),
               "/a/lianxi/": ("联系我们", "<p>地址：样例县行政中心五楼 邮编：000000</p><p>电话：0000-6688123 传真：0000-6688124</p>"
                                       "<p>邮箱：kjj@example.gov.cn</p>")}
    for path, (title, text) in singles.items():
        page = _dd_page(f"{title}_{DD_SITE}", f'<div class="w960 center clear mt1"><div class="pleft">{place((title, path))}'
                                              f'<div class="viewbox"><div class="title"><h2>{title}</h2></div><div class="content">{text}</div></div></div>{side()}</div>')
        site.page(path, *page)
        site.page(path + "index.html", *page)
    columns = [("科技动态", "/a/kjdt/", [("工作动态", "/a/kjdt/gzdt/"), ("乡镇动态", "/a/kjdt/xzdt/")]), ("通知公告", "/plus/list.php?tid=4", []),
               ("政策法规", "/a/zcfg/", []), ("科普园地", "/a/kpyd/", []), ("关于我们", "/a/about/", [("联系我们", "/a/lianxi/")])]
    smap = "".join(f"<div class=\"linkbox\"><h3><a href='{h}'>{n}</a></h3><ul class='f6'>"
                   + "".join(f"<li><a href='{sh}'>{sn}</a></li>" for sn, sh in subs) + "</ul><div class='clr'></div></div>"
                   for n, h, subs in columns)
    site.page("/data/sitemap.html", *_dd_page(f"{DD_SITE}_网站地图", f'<div class="w960 center clear mt1"><div class="tbox"><dt>网站地图</dt><dd>{smap}</dd></div></div>'))
    rss = "".join(f"<li><a href='/a/{d}/'>{n}</a> <a href='/data/rss/{tid}.xml'>/data/rss/{tid}.xml</a></li>"
                  for tid, n, d in ((2, "工作动态", "kjdt/gzdt"), (3, "乡镇动态", "kjdt/xzdt"), (5, "政策法规", "zcfg")))
    site.page("/data/rss.html", *_dd_page(f"RSS订阅_{DD_SITE}", f'<div class="w960 center clear mt1"><ul class="rsslist">{rss}</ul></div>'))
    for tid in (2, 3, 5):
        name, typedir, group = dirs[tid]
        xml = (f'<?xml version="1.0" encoding="gb2312" ?>\n<rss version="2.0">\n<channel>\n<title>{name}</title>\n'
               f"<link>{site.base_url}{typedir}/</link>\n<description>{name}</description>\n<language>zh-cn</language>\n"
               + "".join(f"<item>\n<title><![CDATA[{a.title}]]></title>\n<link>{site.base_url}{a.key}</link>\n"
                         f"<description><![CDATA[{_intro(a)}]]></description>\n<pubDate>{a.day:%Y-%m-%d} 09:30:00</pubDate>\n</item>\n"
                         for a in group) + "</channel>\n</rss>")
        site.page(f"/data/rss/{tid}.xml", xml.encode("gbk", "xmlcharrefreplace"), "application/xml")
    cloud = "".join(f"<a href='/tags.php?/{t}/' style='font-size:1{i}px'>{t}</a> " for i, t in enumerate(DD_TAGS))
    site.page("/tags.php", *_dd_page(f"TAG标签_{DD_SITE}", f'<div class="w960 center clear mt1"><div class="tbox"><dt>所有TAG标签</dt><dd class="tags">{cloud}</dd></div></div>'))
    for t in DD_TAGS:
        tagged = [a for a in everything + [internal] if a.tag == t]  # type: ignore[attr-defined]
        chunks = pages_of(tagged, 8)
        for k, chunk in enumerate(chunks, 1):
            rule = (lambda j, t=t: f"/tags.php?/{t}/{j}/")
            body = listing(f"{t}", [(t, f"/tags.php?/{t}/")], chunk, pagelist(k, len(chunks), len(tagged), rule))
            site.page(f"/tags.php?/{t}/{k}/", *body)
            if k == 1:
                site.page(f"/tags.php?/{t}/", *body)

    def guestbook(k: int) -> tuple[bytes, str]:
        msgs = "".join(f'<div class="gbook"><div class="gbook-title">网友{k}{j}　留言时间：2024-06-{20 - j:02d}</div>'
                       f'<div class="gbook-content">请问今年的科技特派员什么时候开始申报？</div><div class="gbook-reply">管理员回复：请留意通知公告栏目。</div></div>'
                       for j in range(5))
        nav = (f"<a href='/plus/guestbook.php?gotopagerank=&totalresult=15&pageno={k + 1}'>下一页</a>" if k < 3 else "")
        return _dd_page(f"留言板_{DD_SITE}", f'<div class="w960 center clear mt1">{msgs}<div class="dede_pages">{nav}</div>'
                                           f'<form action="/plus/guestbook.php" method="post"><input type="hidden" name="action" value="save" />'
                                           f'<textarea name="msg"></textarea><input type="submit" value="提交留言" /></form></div>')
    site.page("/plus/heightsearch.php", *_dd_page(f"高级搜索_{DD_SITE}", '<form action="/plus/advancedsearch.php" method="post">'
                                                                  '<input name="q" /><select name="typeid"><option value="0">不限栏目</option></select>'
                                                                  '<input type="submit" value="搜索" /></form>'))

    def dynamic(site, path, query):
        if path == "/plus/list.php" and query.get("tid") == "4":
            k = int(query.get("PageNo") or 1)
            return notice_pages.get(k)
        if path == "/plus/guestbook.php":
            k = int(query.get("pageno") or 1)
            return guestbook(k) if k <= 3 else None
        if path == "/plus/search.php":
            k = int(query.get("PageNo") or 1)
            hits = everything[(k * 4) % 40:(k * 4) % 40 + 10]
            nxt = f"<li><a href='/plus/search.php?keyword={quote(query.get('q', ''))}&searchtype=titlekeyword&PageNo={k + 1}'>下一页</a></li>"
            return listing("搜索结果", [], hits, f'<div class="dede_pages"><ul class="pagelist">{nxt}</ul></div>')
        return None
    site.dynamic = dynamic

    # home (index.htm)
    flash = "".join(f"<li><a href='{a.key}' target='_blank'><img src='/uploads/allimg/{a.day:%y%m%d}/1-{a.day:%y%m%d}0Z{a.id % 97:02d}.jpg' "
                    f"alt='{e(a.title)}' /></a><span><a href='{a.key}'>{e(cut(a.title, 20, ''))}</a></span></li>" for a in work[:4])
    head = work[0]
    latest = "".join(f'<li><span class="date">{a.day:%m-%d}</span><a href="{a.key}">{e(cut(a.title, 30, ""))}</a></li>' for a in everything[:10])

    def block(name: str, more: str, group: list[Art], n: int) -> str:
        return (f'<dl class="tbox"><dt><strong><a href="{more}">{name}</a></strong><span class="more"><a href="{more}">更多...</a></span></dt>'
                f'<dd><ul class="d1 ico3">' + "".join(f'<li><span>{a.day:%m-%d}</span><a href="{a.key}">{e(cut(a.title, 24, ""))}</a></li>'
                                                         for a in group[:n]) + "</ul></dd></dl>")
    pics = "".join(f"<li><a href='{a.key}'><img src='/uploads/allimg/{a.day:%y%m%d}/kp{a.id}.jpg' alt='{e(a.title)}' /></a>"
                   f"<span class='title'><a href='{a.key}'>{e(cut(a.title, 10, ''))}</a></span></li>" for a in popsci[:4])
    main = f"""<div class="w960 center clear mt1"><div class="pleft">
<div class="flashnews"><ul class="flash">{flash}</ul></div>
<div class="toutiao"><h2><a href="{head.key}">{e(head.title)}</a></h2><p>{e(_intro(head, 90))}<a href="{head.key}">[详细]</a></p></div>
<dl class="tbox"><dt><strong>最新更新</strong></dt><dd><ul class="c2 ico1">{latest}</ul></dd></dl>
{block("工作动态", "/a/kjdt/gzdt/", work[4:], 8)}{block("乡镇动态", "/a/kjdt/xzdt/", town, 6)}
{block("通知公告", "/plus/list.php?tid=4", notice, 6)}{block("政策法规", "/a/zcfg/", policy, 6)}
<dl class="tbox"><dt><strong>科普园地</strong><span class="more"><a href="/a/kpyd/">更多...</a></span></dt><dd><ul class="e7">{pics}</ul></dd></dl>
</div><div class="pright"><div class="userlogin"><form action="/member/index_do.php" method="post"><input type="hidden" name="fmdo" value="login" />
用户名：<input name="userid" /> 密码：<input type="password" name="pwd" /><button type="submit">登录</button> <a href="/member/index_do.php?fmdo=user&amp;dopost=regnew">注册</a></form></div>
<dl class="tbox"><dt><strong>热门搜索</strong></dt><dd>""" + "".join(
        f"<a href='/plus/search.php?keyword={w}&searchtype=titlekeyword'>{w}</a> " for w in ("科技特派员", "创新券", "专利")) + """</dd></dl>
</div></div>"""
    home = _dd_page(DD_SITE, main, "科技,创新,科普")
    site.page("/", *home)
    site.page("/index.html", *home)


# === rongmei: 样例县融媒体中心 on a modern CMS, URLs without extensions, 加载更多 ====================================

RM_SITE = "样例县融媒体中心"
RM_COLS = [(1, "本地", "icon-local"), (2, "科创", "icon-tech"), (3, "视频", "icon-video"), (4, "公告", "icon-notice")]


def _rm_page(title: str, main: str, active: str = "") -> str:
    nav = [f'<a class="nav-item{" active" if active == "/" else ""}" href="/"><i class="iconfont icon-home"></i><span>首页</span></a>']
    nav += [f'<a class="nav-item{" active" if active == f"/news/list/{c}" else ""}" href="/news/list/{c}"><i class="iconfont {icon}"></i>'
            f"<span>{n}</span></a>" for c, n, icon in RM_COLS]
    nav.append(f'<a class="nav-item{" active" if active == "/topic" else ""}" href="/topic"><i class="iconfont icon-topic"></i><span>专题</span></a>')
    nav.append('<a class="nav-item" href="https://live.example.cn/channel/12" target="_blank"><i class="iconfont icon-live"></i><span>直播</span></a>')
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no">
<meta name="renderer" content="webkit">
<title>{e(title)}</title>
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="/static/css/swiper-bundle.min.css">
<link rel="stylesheet" href="/static/css/app.3f9a1c2e.css">
</head>
<body>
<header class="header"><div class="container">
<a class="logo" href="/"><img src="/static/img/logo.png" alt="{RM_SITE}"></a>
<nav class="main-nav">{"".join(nav)}</nav>
<form class="search-box" action="/search" method="get"><input type="text" name="keyword" placeholder="请输入关键词" autocomplete="off">
<button type="submit" aria-label="搜索"><i class="iconfont icon-search"></i></button></form>
<div class="header-user"><a href="/user/login"><i class="iconfont icon-user"></i><span>登录</span></a>
<a href="/app" class="app-btn"><i class="iconfont icon-phone"></i><span>客户端</span></a></div>
</div></header>
<main class="container main">
{main}
</main>
<footer class="footer"><div class="container">
<div class="footer-links"><a href="/page/about">关于我们</a><a href="/page/contact">联系我们</a><a href="/sitemap">网站地图</a>
<a href="/page/copyright">版权声明</a><a href="/app">下载客户端</a></div>
<div class="footer-qr"><img src="/static/img/qr-wechat.png" alt="微信公众号"><img src="/static/img/qr-app.png" alt="客户端下载"></div>
<p>主办：{RM_SITE} 地址：样例县新闻大楼 新闻热线：0000-7788123</p>
<p><a href="https://beian.miit.gov.cn/" target="_blank" rel="noopener">样ICP备20001234号-1</a> 互联网新闻信息服务许可证：33120230001</p>
</div></footer>
<script src="/static/js/swiper-bundle.min.js"></script>
<script src="/static/js/app.8b1d0f.js"></script>
</body>
</html>"""


def _build_rongmei(site: Site) -> None:
    arts = _share("rongmei")
    for i, a in enumerate(arts):
        a.id = 128400 - i * 7
    local, tech, video, notice, topic_own, home_only = _take(arts, 20, 14, 6, 8, 3, 2)
    for a in arts:
        a.key = f"/news/detail/{a.id}"
        site.article(a.key, a)
    draft = Art(tech[-1].body, "【预览】县科技局召开科技型中小企业培育座谈会（待审）", tech[-1].name, day=date(2024, 6, 14))
    draft.id = 128999
    draft.key = "/news/detail/128999?preview=1&token=8f2c1e"
    site.article(draft.key, draft)
    site.robots = "User-agent: *\nDisallow: /api/\nDisallow: /user/\nDisallow: /*preview=\n"
    site.future = [f"{site.base_url}/news/detail/128407", f"{site.base_url}/news/detail/128414"]
    columns = {1: local, 2: tech, 3: video, 4: notice}

    def meta(a: Art) -> str:
        return (f'<p class="meta"><span class="source">{RM_SITE}</span><span class="time">{a.day:%Y-%m-%d} 1{a.id % 10}:{a.id % 60:02d}</span>'
                f'<span class="views"><i class="iconfont icon-eye"></i>{a.id % 4000 + 300}</span></p>')

    def card(a: Art) -> str:  # thumbnail + title + meta, the 本地/科创 list item
        return (f'<div class="news-item"><a class="thumb" href="{a.key}"><img src="/upload/{a.day:%Y/%m/%d}/{a.id:x}.jpg" '
                f'alt="{e(a.title)}" loading="lazy"></a><div class="info"><a class="title" href="{a.key}">{e(a.title)}</a>'
                f'<p class="summary">{e(_intro(a, 50))}</p>{meta(a)}'
                f'<a href="javascript:;" class="share" data-url="{a.key}" data-title="{e(a.title)}"><i class="iconfont icon-share"></i></a></div></div>')

    def video_card(a: Art) -> str:  # the anchor holds only the cover image; the title is plain text
        return (f'<div class="video-card"><a class="cover" href="{a.key}"><img src="/upload/{a.day:%Y/%m/%d}/v{a.id:x}.jpg" alt="{e(a.title)}">'
                f'<i class="iconfont icon-play"></i><span class="duration">0{a.id % 5 + 1}:{a.id % 60:02d}</span></a>'
                f'<h4 class="card-title">{e(a.title)}</h4></div>')

    def crumb(name: str) -> str:
        return f'<div class="crumb"><a href="/">首页</a><i class="iconfont icon-right"></i><span>{name}</span></div>'

    # 本地: 10 a load; the rest behind a 加载更多 button (data-url, fetched by script), no page links
    chunks = pages_of(local, 10)
    for k, chunk in enumerate(chunks, 1):
        if k < len(chunks):
            button = (f'<button type="button" class="btn-more" id="loadMore" data-url="/news/list/1?page={k + 1}" data-page="{k + 1}" '
                      f'data-pages="{len(chunks)}">加载更多</button>')
        else:
            button = '<button type="button" class="btn-more" disabled>没有更多了</button>'
        main = (crumb("本地") + f'<div class="news-list" id="newsList">{"".join(card(a) for a in chunk)}</div>'
                f'<div class="load-more">{button}</div>'
                """<script>
document.addEventListener('click', function (ev) {
  var btn = ev.target.closest('#loadMore'); if (!btn) return;
  btn.disabled = true; btn.textContent = '加载中…';
  fetch(btn.dataset.url, {headers: {'X-Requested-With': 'XMLHttpRequest'}}).then(function (r) { return r.text(); }).then(function (html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    document.getElementById('newsList').insertAdjacentHTML('beforeend', doc.getElementById('newsList').innerHTML);
    btn.parentNode.replaceChild(doc.querySelector('.btn-more'), btn);
  });
});
</script>""")
        body = _rm_page(f"本地 - {RM_SITE}", main, "/news/list/1")
        site.page(f"/news/list/1?page={k}", body)
        if k == 1:
            site.page("/news/list/1", body)
    # 科创: 上一页 / 下一页 links; page 2 carries a preview link
    chunks = pages_of(tech, 6)
    chunks[1] = chunks[1][:3] + [draft] + chunks[1][3:]
    for k, chunk in enumerate(chunks, 1):
        prev = f'<a class="prev" href="/news/list/2?page={k - 1}">上一页</a>' if k > 1 else '<span class="prev disabled">上一页</span>'
        nxt = f'<a class="next" href="/news/list/2?page={k + 1}">下一页</a>' if k < len(chunks) else '<span class="next disabled">下一页</span>'
        main = (crumb("科创") + f'<div class="news-list">{"".join(card(a) for a in chunk)}</div>'
                f'<div class="pagination"><span class="total">共{len(tech)}条</span>{prev}<span class="cur">{k}/{len(chunks)}</span>{nxt}</div>')
        body = _rm_page(f"科创 - {RM_SITE}", main, "/news/list/2")
        site.page(f"/news/list/2?page={k}", body)
        if k == 1:
            site.page("/news/list/2", body)
    # 视频: cover-image anchors only
    site.page("/news/list/3", _rm_page(f"视频 - {RM_SITE}", crumb("视频") + f'<div class="video-grid">{"".join(video_card(a) for a in video)}</div>',
                                       "/news/list/3"))
    # 公告: a plain list
    site.page("/news/list/4", _rm_page(f"公告 - {RM_SITE}", crumb("公告") + '<ul class="notice-list">' + "".join(
        f'<li><i class="dot"></i><a href="{a.key}" title="{e(a.title)}">{e(a.title)}</a><span class="time">{a.day:%Y-%m-%d}</span></li>'
        for a in notice) + "</ul>", "/news/list/4"))
    # 专题
    topics = [(31, "2024年科技活动周：科技创新 共享未来", "科普讲座、科技成果展、创新大赛等系列活动集中展示。", topic_own[:2] + local[3:5]),
              (32, "科技特派员在行动", "全县科技特派员深入田间地头，服务乡村振兴。", topic_own[2:] + tech[1:3] + video[:1])]
    site.page("/topic", _rm_page(f"专题 - {RM_SITE}", crumb("专题") + '<div class="topic-list">' + "".join(
        f'<div class="topic-card"><a href="/topic/{t}"><img src="/upload/topic/{t}.jpg" alt="{e(n)}"></a>'
        f'<div class="topic-name"><a href="/topic/{t}">{e(n)}</a></div><p>{e(d)}</p></div>' for t, n, d, _ in topics) + "</div>", "/topic"))
    for t, n, d, group in topics:
        site.page(f"/topic/{t}", _rm_page(f"{n} - {RM_SITE}", f'<div class="topic-banner"><img src="/upload/topic/{t}-banner.jpg" alt="{e(n)}">'
                                                           f'<h1>{e(n)}</h1><p>{e(d)}</p></div><div class="news-list">'
                                                           + "".join(card(a) for a in group) + "</div>", "/topic"))
    # service pages
    pages = {"/page/about": ("关于我们", f"<p>{RM_SITE}成立于2019年，整合原县广播电视台、县新闻中心等媒体资源，拥有报纸、广播、电视、"
                                        "网站、客户端、微信公众号、视频号等传播平台，是县委县政府的主流舆论阵地和综合服务平台。</p>"
                                        "<p>中心坚持移动优先，建设“中央厨房”式融媒体指挥调度平台，实现一次采集、多种生成、多元传播。</p>"),
             "/page/contact": ("联系我们", "<p>新闻热线：0000-7788123</p><p>广告合作：0000-7788456</p><p>地址：样例县新闻大楼 邮编：000000</p>"),
             "/page/copyright": ("版权声明", f"<p>凡本网注明“来源：{RM_SITE}”的作品，版权均属{RM_SITE}所有，未经授权不得转载。</p>"),
             "/app": ("下载客户端", '<div class="app-download"><img src="/static/img/app-phone.png" alt="客户端"><a href="https://apps.example.cn/ios/123">iPhone版</a>'
                                 '<a href="https://apps.example.cn/android/app-release.apk">Android版</a></div>'),
             "/user/login": ("登录", '<form action="/api/user/login" method="post"><input name="mobile" placeholder="手机号"><input name="code" placeholder="验证码">'
                                   '<button type="submit">登录</button></form>')}
    for path, (title, text) in pages.items():
        site.page(path, _rm_page(f"{title} - {RM_SITE}", f'{crumb(title)}<div class="page-content"><h1>{title}</h1>{text}</div>'))
    smap = "".join(f'<dl><dt><a href="/news/list/{c}">{n}</a></dt></dl>' for c, n, _ in RM_COLS) + \
        '<dl><dt><a href="/topic">专题</a></dt><dd>' + "".join(f'<a href="/topic/{t}">{e(n)}</a>' for t, n, *_ in topics) + "</dd></dl>" + \
        "<dl><dt>关于</dt><dd>" + "".join(f'<a href="{p}">{t}</a>' for p, (t, _) in list(pages.items())[:3]) + "</dd></dl>"
    site.page("/sitemap", _rm_page(f"网站地图 - {RM_SITE}", f'{crumb("网站地图")}<div class="sitemap">{smap}</div>'))
    everything = sorted(arts, key=lambda a: a.day, reverse=True)

    def search(site, path, query):
        if path != "/search":
            return None
        k, q = int(query.get("page") or 1), query.get("keyword", "")
        hits = everything[(k * 5) % 40:(k * 5) % 40 + 8]
        nxt = f'<a class="next" href="/search?keyword={quote(q)}&amp;page={k + 1}">下一页</a>'
        return _rm_page(f"搜索：{q} - {RM_SITE}", f'{crumb("搜索")}<p class="search-tip">找到约{200 + k}条与“{e(q)}”相关的结果</p>'
                                                 f'<div class="news-list">{"".join(card(a) for a in hits)}</div><div class="pagination">{nxt}</div>').encode(), \
            "text/html; charset=utf-8"
    site.dynamic = search

    # home
    slides = "".join(f'<div class="swiper-slide"><a href="{a.key}"><img src="/upload/{a.day:%Y/%m/%d}/b{a.id:x}.jpg" alt="{e(a.title)}"></a></div>'
                     for a in home_only + local[:2])
    head = home_only[0]

    def block(c: int, name: str, group: list[Art], n: int, style=None) -> str:
        items = "".join((style or (lambda a: f'<li><a href="{a.key}">{e(a.title)}</a><span class="time">{a.day:%m-%d}</span></li>'))(a)
                        for a in group[:n])
        return (f'<section class="home-block"><div class="block-head"><h2><i class="iconfont icon-bar"></i><span>{name}</span></h2>'
                f'<a class="more" href="/news/list/{c}">更多<i class="iconfont icon-right"></i></a></div><ul class="block-list">{items}</ul></section>')
    hot = "".join(f'<a href="/search?keyword={w}">{w}</a>' for w in ("科技特派员", "乡村振兴", "创新大赛"))
    main = (f'<section class="banner"><div class="swiper"><div class="swiper-wrapper">{slides}</div><div class="swiper-pagination"></div></div></section>'
            f'<section class="headline"><h1><a href="{head.key}">{e(head.title)}</a></h1><p>{e(_intro(head, 80))}</p></section>'
            + block(1, "本地", local, 6) + block(2, "科创", tech, 5)
            + block(3, "视频", video, 3, lambda a: f'<li class="video-card"><a href="{a.key}"><img src="/upload/{a.day:%Y/%m/%d}/v{a.id:x}.jpg" '
                                                  f'alt="{e(a.title)}"><i class="iconfont icon-play"></i></a></li>')
            + block(4, "公告", notice, 5)
            + f'<section class="hot-words"><span>热搜：</span>{hot}</section>'
            + '<section class="topic-entry"><a href="/topic"><img src="/upload/topic/entry.jpg" alt="专题"></a></section>')
    site.page("/", _rm_page(RM_SITE, main, "/"))


# === aspnet: 样例市生产力促进中心 on ASP.NET WebForms: GridView tables, a postback pager, 热点排行 ====================

AS_SITE = "样例市生产力促进中心"
AS_CLASSES = {1: "中心动态", 2: "科技资讯", 3: "通知公告", 4: "政策法规", 5: "图片新闻"}


def _as_viewstate(seed: str, n: int = 360) -> str:
    import base64
    import hashlib
    raw = b"".join(hashlib.sha256(f"{seed}{i}".encode()).digest() for i in range(n // 32 + 1))[:n]
    return "/wEPDwUK" + base64.b64encode(raw).decode()


def _as_page(title: str, main: str, action: str, hot: str) -> str:
    menu = ['<li><a id="ctl00_hlHome" href="Default.aspx">网站首页</a></li>']
    menu += [f'<li><a id="ctl00_rptMenu_ctl0{c}_hlMenu" href="NewsList.aspx?ClassID={c}">{n}</a></li>' for c, n in AS_CLASSES.items() if c != 5]
    menu += ['<li><a id="ctl00_hlAbout" href="About.aspx?ID=1">中心概况</a></li>', '<li><a id="ctl00_hlDown" href="DownList.aspx">资料下载</a></li>',
             '<li><a id="ctl00_hlMessage" href="Message.aspx">在线留言</a></li>', '<li><a id="ctl00_hlContact" href="Contact.aspx">联系我们</a></li>']
    words = "".join(f'<a href="Search.aspx?key={w}">{w}</a> ' for w in ("科技成果", "专利", "创新券"))
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">

<html xmlns="http://www.w3.org/1999/xhtml">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>
	{e(title)}
</title><link href="css/style.css" rel="stylesheet" type="text/css" /><script src="js/jquery-1.4.2.min.js" type="text/javascript"></script></head>
<body>
    <form name="aspnetForm" method="post" action="{e(action)}" id="aspnetForm">
<div>
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{_as_viewstate(action)}" />
</div>

<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
if (!theForm) {{
    theForm = document.aspnetForm;
}}
function __doPostBack(eventTarget, eventArgument) {{
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {{
        theForm.__EVENTTARGET.value = eventTarget;
        theForm.__EVENTARGUMENT.value = eventArgument;
        theForm.submit();
    }}
}}
//]]>
</script>

    <div id="top"><div class="topl">今天是：<span id="ctl00_lblDate">2024年6月28日 星期五</span></div>
    <div class="topr"><a href="javascript:void(0)" onclick="this.style.behavior='url(#default#homepage)';this.setHomePage(location.href);">设为首页</a> |
    <a href="javascript:window.external.addFavorite(location.href,'{AS_SITE}')">加入收藏</a> | <a href="SiteMap.aspx">网站地图</a> | <a href="Admin/Login.aspx">管理登录</a></div></div>
    <div id="banner"><img src="images/banner.jpg" width="1000" height="150" alt="{AS_SITE}" /></div>
    <div id="menu"><ul>{"".join(menu)}</ul></div>
    <div id="searchbar">站内搜索：<input name="ctl00$txtKey" type="text" id="ctl00_txtKey" class="input" />
    <input type="submit" name="ctl00$btnSearch" value="搜索" id="ctl00_btnSearch" class="btn" /> 热门搜索：{words}</div>
    <div id="container">
    <div id="left">{hot}
    <div class="box"><div class="tt">快速通道</div><ul class="quick"><li><a href="http://www.example.gov.cn/zwfw/" target="_blank">网上办事大厅</a></li>
    <li><a href="http://kjt.example.gov.cn/" target="_blank">省科技厅</a></li><li><a href="DownList.aspx">资料下载</a></li></ul></div></div>
    <div id="right">
{main}
    </div></div>
    <div id="footer"><a href="About.aspx?ID=1">中心简介</a> | <a href="Contact.aspx">联系我们</a> | <a href="SiteMap.aspx">网站地图</a> | <a href="Message.aspx">在线留言</a><br />
    版权所有：{AS_SITE} 地址：样例市科技大厦十二楼 电话：0000-85551234 <a href="https://beian.miit.gov.cn/" target="_blank">样ICP备09001234号</a><br />
    技术支持：样例网络科技有限公司</div>

<div>
	<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="{_as_viewstate(action + 'ev', 60).replace('/wEPDwUK', '/wEWBgL')}" />
</div></form>
</body>
</html>"""


def _build_aspnet(site: Site) -> None:
    arts = _share("aspnet")
    for i, a in enumerate(arts):
        a.id = 3260 - i * 2
    center, tech, notice, policy, pics = _take(arts, 14, 16, 8, 10, 4)
    cls = {1: center, 2: tech, 3: notice, 4: policy, 5: pics}
    for group in cls.values():
        for a in group:
            a.key = f"/NewsShow.aspx?ID={a.id}"
            site.article(a.key, a)
    site.robots = "User-agent: *\nDisallow: /Admin/\nDisallow: /Search.aspx\nDisallow: /Upload/\nDisallow: /aspnet_client/\n"
    site.future = [f"{site.base_url}/NewsShow.aspx?ID=3262", f"{site.base_url}/NewsShow.aspx?ID=3264"]
    # 热点排行: the ten most read, on every page (one of them is on 中心动态's second page, which only a postback shows)
    ranking = [tech[3], center[11], notice[0], policy[2], tech[7], center[2], pics[1], policy[6], tech[12], notice[5]]
    hot = ('<div class="box"><div class="tt">热点排行</div><ul class="hot">' + "".join(
        f'<li><span class="num n{j + 1}">{j + 1}</span><a href="NewsShow.aspx?ID={a.id}" title="{e(a.title)}" target="_blank">'
        f"{e(cut(a.title, 13, '...'))}</a></li>" for j, a in enumerate(ranking)) + "</ul></div>")

    def position(name: str, c: int | None = None) -> str:
        link = f' &gt;&gt; <a href="NewsList.aspx?ClassID={c}">{name}</a>' if c else f" &gt;&gt; {name}"
        return f'<div class="position">您现在的位置：<a href="Default.aspx">首页</a>{link}</div>'

    def grid(gid: str, rows: list[Art], doc_no: bool = False) -> str:
        head = '<tr class="head"><th scope="col">标题</th>' + ('<th scope="col">文号</th>' if doc_no else "") + '<th scope="col">发布日期</th></tr>'
        body = "".join(
            f'<tr class="{"row" if j % 2 == 0 else "altrow"}"><td class="title"><img src="images/dot.gif" alt="" /> '
            f'<a id="ctl00_ContentPlaceHolder1_{gid}_ctl{j + 2:02d}_hlTitle" title="{e(a.title)}" href="NewsShow.aspx?ID={a.id}" target="_blank">'
            f"{e(cut(a.title, 22, '...'))}</a></td>"
            + (f'<td align="center">样生促〔2024〕{a.id % 50 + 1}号</td>' if doc_no else "")
            + f'<td align="center" style="width:90px;">{a.day:%Y-%m-%d}</td></tr>' for j, a in enumerate(rows))
        return (f'<table class="gridview" cellspacing="0" rules="rows" border="0" id="ctl00_ContentPlaceHolder1_{gid}" '
                f'style="width:100%;border-collapse:collapse;">\n{head}{body}</table>')

    def postback_pager(k: int, n: int) -> str:
        target = "ctl00$ContentPlaceHolder1$AspNetPager1"

        def a(text: str, j: int, on: bool) -> str:
            if not on:
                return f'<a disabled="disabled" style="margin-right:5px;">{text}</a>'
            return f"<a href=\"javascript:__doPostBack('{target}','{j}')\" style=\"margin-right:5px;\">{text}</a>"
        nums = "".join(f'<span style="margin-right:5px;font-weight:Bold;color:red;">{j}</span>' if j == k else a(str(j), j, True)
                       for j in range(1, n + 1))
        return (f'<div id="ctl00_ContentPlaceHolder1_AspNetPager1" class="pager">{a("首页", 1, k > 1)}{a("上一页", k - 1, k > 1)}{nums}'
                f'{a("下一页", k + 1, k < n)}{a("尾页", n, k < n)}</div>')

    def url_pager(c: int, k: int, n: int, total: int) -> str:
        def a(text: str, j: int, on: bool) -> str:
            href = f"NewsList.aspx?ClassID={c}" + (f"&amp;page={j}" if j > 1 else "")
            return f'<a href="{href}">{text}</a>' if on else f'<a disabled="disabled">{text}</a>'
        nums = " ".join(f'<span class="cpb">{j}</span>' if j == k else a(str(j), j, True) for j in range(1, n + 1))
        return (f'<div class="pager">共{total}条记录 当前第{k}/{n}页 {a("首页", 1, k > 1)} {a("上一页", k - 1, k > 1)} {nums} '
                f'{a("下一页", k + 1, k < n)} {a("尾页", n, k < n)}</div>')

    def list_page(c: int, k: int, inner: str) -> bytes:
        action = f"./NewsList.aspx?ClassID={c}" + (f"&page={k}" if k > 1 and c != 1 else "")
        return _as_page(f"{AS_CLASSES[c]}-{AS_SITE}", position(AS_CLASSES[c], c) + f'<div class="listbox">{inner}</div>', action, hot).encode()

    # 中心动态: a postback pager; only page 1 has an address
    center_pages = pages_of(center, 10)
    for k, chunk in enumerate(center_pages, 1):
        body = list_page(1, k, grid("gvNews", chunk) + postback_pager(k, len(center_pages)))
        if k == 1:
            site.page("/NewsList.aspx?ClassID=1", body)
    site.unreachable = {norm(a.key) for chunk in center_pages[1:] for a in chunk} - {norm(a.key) for a in ranking}

    def post(site, path, query, form):
        if path.lower() != "/newslist.aspx" or query.get("ClassID") != "1":
            return None
        k = int(form.get("__EVENTARGUMENT") or 1) if "AspNetPager1" in form.get("__EVENTTARGET", "") else 1
        k = min(max(k, 1), len(center_pages))
        return list_page(1, k, grid("gvNews", center_pages[k - 1]) + postback_pager(k, len(center_pages))), "text/html; charset=utf-8"
    site.post = post
    # 科技资讯 and 政策法规: URL pagers
    for c, per, doc_no in ((2, 8, False), (4, 6, True)):
        chunks = pages_of(cls[c], per)
        for k, chunk in enumerate(chunks, 1):
            body = list_page(c, k, grid("gvNews", chunk, doc_no) + url_pager(c, k, len(chunks), len(cls[c])))
            site.page(f"/NewsList.aspx?ClassID={c}&page={k}", body)
            if k == 1:
                site.page(f"/NewsList.aspx?ClassID={c}", body)
    site.page("/NewsList.aspx?ClassID=3", list_page(3, 1, grid("gvNews", notice)))
    # 图片新闻: a DataList of pictures
    cells = "".join(f'<td align="center"><a id="ctl00_ContentPlaceHolder1_dlPic_ctl0{j}_hlPic" href="NewsShow.aspx?ID={a.id}" target="_blank">'
                    f'<img src="Upload/Pic/{a.day:%Y%m%d}{a.id}.jpg" alt="" border="0" width="180" height="120" /></a><br />'
                    f'<a id="ctl00_ContentPlaceHolder1_dlPic_ctl0{j}_hlTitle" title="{e(a.title)}" href="NewsShow.aspx?ID={a.id}" target="_blank">'
                    f"{e(cut(a.title, 12, '...'))}</a></td>" for j, a in enumerate(pics))
    site.page("/NewsList.aspx?ClassID=5", list_page(5, 1, f'<table id="ctl00_ContentPlaceHolder1_dlPic" cellspacing="10" border="0"><tr>{cells}</tr></table>'))
    # service pages
    about = {1: ("中心简介", about_html(AS_SITE).replace("主管全市科技工作的职能部门", "市科技局直属的科技服务事业单位")),
             2: ("组织机构", "<p>中心内设综合部、技术转移部、企业服务部、信息服务部四个部门。</p><p>主任：赵某某；副主任：钱某某、孙某某。</p>"),
             3: ("服务项目", "<p>科技成果转化服务、科技型中小企业评价辅导、高新技术企业申报辅导、科技创新券兑付、技术合同登记、科技查新。</p>")}
    about_menu = "".join(f'<li><a href="About.aspx?ID={i}">{t}</a></li>' for i, (t, _) in about.items())
    for i, (title, text) in about.items():
        site.page(f"/About.aspx?ID={i}", _as_page(f"{title}-{AS_SITE}", position(title) + f'<ul class="submenu">{about_menu}</ul>'
                                                 f'<div class="content"><h2>{title}</h2>{text}</div>', f"./About.aspx?ID={i}", hot))
    site.page("/Contact.aspx", _as_page(f"联系我们-{AS_SITE}", position("联系我们") + '<div class="content"><p>地址：样例市科技大厦十二楼</p>'
                                       '<p>电话：0000-85551234 传真：0000-85551235</p><p>邮箱：scl@example.org.cn</p></div>', "./Contact.aspx", hot))
    smap = "".join(f'<li><a href="NewsList.aspx?ClassID={c}">{n}</a></li>' for c, n in AS_CLASSES.items()) + about_menu + \
        '<li><a href="DownList.aspx">资料下载</a></li><li><a href="Message.aspx">在线留言</a></li><li><a href="Contact.aspx">联系我们</a></li>'
    site.page("/SiteMap.aspx", _as_page(f"网站地图-{AS_SITE}", position("网站地图") + f'<ul class="sitemap">{smap}</ul>', "./SiteMap.aspx", hot))
    downs = [("科技型中小企业评价申报指南", 11), ("高新技术企业认定申报材料清单", 12), ("科技创新券兑付申请表", 13)]
    site.page("/DownList.aspx", _as_page(f"资料下载-{AS_SITE}", position("资料下载") + grid_files(downs), "./DownList.aspx", hot))
    for _, i in downs:
        site.page(f"/Download.aspx?ID={i}", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "application/msword")
    site.page("/Admin/Login.aspx", _as_page("管理登录", '<input name="txtUser" /><input name="txtPwd" type="password" />', "./Login.aspx", ""))

    def dynamic(site, path, query):
        low = path.lower()
        if low == "/message.aspx":
            k = int(query.get("page") or 1)
            if k > 3:
                return None
            rows = "".join(f'<div class="msg"><div class="q">网友{k}{j}：请问创新券今年什么时候开始兑付？<span>2024-06-{20 - j:02d}</span></div>'
                           f'<div class="a">回复：请关注通知公告。</div></div>' for j in range(6))
            nxt = f'<a href="Message.aspx?page={k + 1}">下一页</a>' if k < 3 else ""
            return _as_page(f"在线留言-{AS_SITE}", position("在线留言") + rows + f'<div class="pager">{nxt}</div>'
                            '<div class="msgform">姓名：<input name="ctl00$ContentPlaceHolder1$txtName" /> 内容：<textarea name="ctl00$ContentPlaceHolder1$txtContent"></textarea>'
                            '<input type="submit" name="ctl00$ContentPlaceHolder1$btnSubmit" value="提交留言" /></div>',
                            "./Message.aspx", hot).encode(), "text/html; charset=utf-8"
        if low == "/search.aspx":
            k, q = int(query.get("page") or 1), query.get("key", "")
            hits = (tech + policy)[(k * 3) % 20:(k * 3) % 20 + 8]
            return _as_page(f"搜索结果-{AS_SITE}", position("搜索结果") + grid("gvSearch", hits) +
                            f'<div class="pager"><a href="Search.aspx?key={quote(q)}&amp;page={k + 1}">下一页</a></div>',
                            f"./Search.aspx?key={quote(q)}", hot).encode(), "text/html; charset=utf-8"
        return None
    site.dynamic = dynamic

    # home
    flash = "".join(f'<a href="NewsShow.aspx?ID={a.id}" target="_blank"><img src="Upload/Pic/{a.day:%Y%m%d}{a.id}.jpg" alt="{e(a.title)}" /></a>'
                    for a in pics)

    def block(c: int, group: list[Art], n: int) -> str:
        rows = "".join(f'<tr><td><img src="images/dot.gif" alt="" /> <a href="NewsShow.aspx?ID={a.id}" title="{e(a.title)}" target="_blank">'
                       f"{e(cut(a.title, 20, '...'))}</a></td><td class=\"date\">{a.day:%m-%d}</td></tr>" for a in group[:n])
        return (f'<div class="homebox"><div class="tt"><span class="more"><a href="NewsList.aspx?ClassID={c}">更多&gt;&gt;</a></span>'
                f'{AS_CLASSES[c]}</div><table width="100%" cellpadding="0" cellspacing="0">{rows}</table></div>')
    main = (f'<div class="focus"><div id="flash">{flash}</div><div class="focustitle"><a href="NewsShow.aspx?ID={pics[0].id}">{e(pics[0].title)}</a></div></div>'
            + block(1, center, 8) + block(2, tech, 8) + block(3, notice, 6) + block(4, policy, 6)
            + '<div class="links">友情链接：<select name="ctl00$ContentPlaceHolder1$ddlLinks" onchange="window.open(this.value)">'
              '<option value="">--请选择--</option><option value="http://kjt.example.gov.cn/">省科技厅</option>'
              '<option value="http://www.most.gov.cn/">科学技术部</option></select></div>')
    home = _as_page(AS_SITE, main, "./Default.aspx", hot).encode()
    site.page("/", home)
    site.page("/Default.aspx", home)


def grid_files(downs: list[tuple[str, int]]) -> str:
    rows = "".join(f'<tr><td><a href="Download.aspx?ID={i}">{t}.doc</a></td><td align="center">2024-05-{i + 5:02d}</td></tr>' for t, i in downs)
    return f'<table class="gridview" id="ctl00_ContentPlaceHolder1_gvDown" style="width:100%;">{rows}</table>'


# === shtml: 样例区科学技术和工业信息化局, /index.shtml, an <iframe> column, directory URLs, a 政务公开 tree ===========

SH_SITE = "样例区科学技术和工业信息化局"
SH_NAV = [("首页", "/index.shtml"), ("政务公开", "/zwgk/index.shtml"), ("科技要闻", "/channel/kjyw/index.shtml"),
          ("通知公告", "/channel/tzgg/"), ("媒体聚焦", "/channel/mtjj/index.shtml"), ("专题专栏", "/channel/ztzl/index.shtml"),
          ("网上展厅", "/wszt/index.shtml"), ("互动交流", "/hdjl/index.shtml")]


def _sh_tree() -> list[tuple[str, list[tuple[int, str]]]]:
    """The 政府信息公开目录: groups of leaf columns (ids from 1001), a few hundred in all, as on real 政务公开 pages."""
    groups: list[tuple[str, list[str]]] = [
        ("机构信息", ["机构职能", "领导信息", "内设机构", "直属单位", "办公地址"]),
        ("政策文件", ["规范性文件", "其他文件", "政策解读", "已废止文件"]),
        ("规划计划", ["发展规划", "年度计划", "工作总结"]),
        ("财政信息", [f"{y}年部门预算" for y in range(2014, 2025)] + [f"{y}年部门决算" for y in range(2014, 2024)]
         + [f"{y}年“三公”经费" for y in range(2014, 2025)]),
        ("人事信息", ["人事任免", "招考录用", "干部公示"]),
        ("行政权力", ["权力清单", "责任清单", "行政许可", "行政处罚", "行政检查", "行政确认", "行政奖励", "其他行政权力"]),
        ("双随机一公开", [f"{y}年{k}" for y in range(2018, 2025) for k in ("抽查计划", "抽查结果")]),
        ("科技项目", [f"{y}年{k}" for y in range(2016, 2025) for k in ("项目申报", "立项公示", "验收结果", "资金拨付")]),
        ("科技奖励", [f"{y}年区科学技术奖" for y in range(2012, 2025)]),
        ("企业培育", [f"{y}年{k}" for y in range(2017, 2025) for k in ("高新技术企业", "科技型中小企业", "专精特新企业")]),
        ("工业和信息化", [f"{y}年{k}" for y in range(2017, 2025) for k in ("技术改造", "两化融合", "节能降耗", "数字经济")]),
        ("建议提案", [f"{y}年{k}" for y in range(2015, 2025) for k in ("人大代表建议", "政协委员提案")]),
        ("统计信息", [f"{y}年统计数据" for y in range(2014, 2025)]),
        ("政府信息公开年报", [f"{y}年年报" for y in range(2008, 2024)]),
        ("政府信息公开指南", ["公开指南", "依申请公开", "公开制度"]),
    ]
    out, cid = [], 1001
    for g, leaves in groups:
        out.append((g, [(cid + j, n) for j, n in enumerate(leaves)]))
        cid += len(leaves)
    return out


def _sh_page(title: str, main: str, column: str = "") -> str:
    nav = "".join(f'<li{" class=on" if n == column else ""}><a href="{h}">{n}</a></li>' for n, h in SH_NAV)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<title>{e(title)}</title>
<meta name="SiteName" content="{SH_SITE}">
<meta name="SiteDomain" content="kgxj.example.gov.cn">
<meta name="SiteIDCode" content="3301080012">
<meta name="ColumnName" content="{e(column or title)}">
<link rel="stylesheet" href="/res/css/common.css">
<script src="/res/js/jquery-1.12.4.min.js"></script>
</head>
<body>
<div class="topbar"><div class="w1200"><span class="fl">欢迎访问{SH_SITE}网站</span>
<span class="fr"><a href="/wza/index.shtml">无障碍</a> | <a href="javascript:void(0)" id="jft">繁體</a> | <a href="https://www.zjzwfw.gov.cn/" target="_blank">政务服务网</a></span></div></div>
<div class="head w1200"><a class="logo" href="/index.shtml"><img src="/res/images/logo.png" alt="{SH_SITE}"></a>
<form class="search" action="/search/search.jsp" method="get" target="_blank"><input type="hidden" name="siteid" value="12"><input type="text" name="q" placeholder="请输入关键字">
<input type="submit" value="搜索"></form></div>
<div class="nav"><ul class="w1200">{nav}</ul></div>
<div class="w1200 mainbox">
{main}
</div>
<div class="footer"><div class="w1200"><p><a href="/wzdt.shtml">网站地图</a> | <a href="/lxwm.shtml">联系我们</a> | <a href="/gybz.shtml">关于本站</a> | <a href="/wza/index.shtml">无障碍说明</a></p>
<p>主办单位：{SH_SITE} 地址：样例区政务中心B座 网站标识码：3301080012</p>
<p><a href="https://beian.miit.gov.cn/" target="_blank">浙ICP备05012345号</a> <a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=33010802001234" target="_blank">浙公网安备 33010802001234号</a></p>
<script type="text/javascript">document.write(unescape("%3Cspan id='_ideConac' %3E%3C/span%3E%3Cscript src='https://dcs.conac.cn/js/33/000/0000/60430123/CA330000000604301230004.js' type='text/javascript'%3E%3C/script%3E"));</script>
</div></div>
</body>
</html>"""


_SH_PAGER_JS = """<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  document.write("共" + _nPageCount + "页&nbsp;&nbsp;");
  if(nCurrIndex == 0) document.write("首页&nbsp;上一页&nbsp;");
  else {
    document.write("<a href=\\"" + _sPageName + "." + _sPageExt + "\\">首页</a>&nbsp;");
    if(nCurrIndex == 1) document.write("<a href=\\"" + _sPageName + "." + _sPageExt + "\\">上一页</a>&nbsp;");
    else document.write("<a href=\\"" + _sPageName + "_" + (nCurrIndex - 1) + "." + _sPageExt + "\\">上一页</a>&nbsp;");
  }
  if(nCurrIndex == (_nPageCount - 1)) document.write("下一页&nbsp;尾页");
  else {
    document.write("<a href=\\"" + _sPageName + "_" + (nCurrIndex + 1) + "." + _sPageExt + "\\">下一页</a>&nbsp;");
    document.write("<a href=\\"" + _sPageName + "_" + (_nPageCount - 1) + "." + _sPageExt + "\\">尾页</a>");
  }
}
</script>"""


def _build_shtml(site: Site) -> None:
    arts = _share("shtml")
    for i, a in enumerate(arts):
        a.id = 4710 + 52 - i
    news, notice, media, gk, zt = _take(arts, 20, 12, 10, 6, 4)
    for a in news:
        a.key = f"/channel/kjyw/{a.day:%Y-%m}/{a.day:%d}/c_{a.id}.shtml"
    for a in notice:
        a.key = f"/channel/tzgg/{a.day:%Y%m%d}/{a.id}/"
    for a in media:
        a.key = f"/channel/mtjj/{a.day:%Y%m}/t{a.day:%Y%m%d}_{a.id}.shtml"
    tree = _sh_tree()
    leaves = {cid: (g, n) for g, ls in tree for cid, n in ls}
    by_name = {n: cid for cid, (g, n) in leaves.items()}
    gk_cols = {by_name["规范性文件"]: gk[:2], by_name["政策解读"]: gk[2:4], by_name["2024年立项公示"]: gk[4:]}
    for cid, group in gk_cols.items():
        for a in group:
            a.key = f"/zwgk/col/{cid}/{a.day:%Y%m}/t{a.day:%Y%m%d}_{a.id}.shtml"
    zt_kjz, zt_yh = zt[:2], zt[2:]
    for a in zt_kjz:
        a.key = f"/channel/ztzl/2024kjz/{a.day:%Y%m}/t{a.day:%Y%m%d}_{a.id}.shtml"
    for a in zt_yh:
        a.key = f"/channel/ztzl/yhyshj/{a.day:%Y%m}/t{a.day:%Y%m%d}_{a.id}.shtml"
    for a in arts:
        site.article(a.key, a)
    site.redirects[norm("/")] = "/index.shtml"
    site.robots = "User-agent: *\nDisallow: /search/\nDisallow: /hdjl/ldxx/\nDisallow: /cms/\n"
    site.future = [f"{site.base_url}/channel/kjyw/2024-06/29/c_4763.shtml", f"{site.base_url}/channel/tzgg/20240630/4764/"]

    def pos(*crumbs: tuple[str, str]) -> str:
        return '<div class="position">当前位置：<a href="/index.shtml">首页</a>' + "".join(f" &gt; <a href=\"{h}\">{n}</a>" for n, h in crumbs) + "</div>"

    chan_menu = "".join(f'<li><a href="{h}">{n}</a></li>' for n, h in SH_NAV[2:5])

    def channel(name: str, home: str, inner: str) -> str:
        return _sh_page(f"{name}_{SH_SITE}", f'<div class="left"><div class="ltitle">新闻中心</div><ul class="lmenu">{chan_menu}</ul></div>'
                                             f'<div class="right">{pos((name, home))}<div class="rtitle">{name}</div>{inner}</div>', name)

    # 科技要闻: the column page frames list.html; list.html, list_2.html … are bare pages
    site.page("/channel/kjyw/index.shtml", channel("科技要闻", "/channel/kjyw/index.shtml",
                                                   '<iframe src="list.html" name="listframe" id="listframe" width="100%" height="860" frameborder="0" '
                                                   'scrolling="no" onload="this.height=this.contentWindow.document.body.scrollHeight"></iframe>'))
    chunks = pages_of(news, 8)
    for k, chunk in enumerate(chunks, 1):
        def pg(j):
            return "list.html" if j == 1 else f"list_{j}.html"
        items = "".join(f'<li><a href="{a.day:%Y-%m}/{a.day:%d}/c_{a.id}.shtml" title="{e(a.title)}">{e(a.title)}</a><span>{a.day:%Y-%m-%d}</span></li>'
                        for a in chunk)
        pager = (f'<div class="page">共{len(news)}条 {k}/{len(chunks)}页 <a href="{pg(1)}">首页</a> <a href="{pg(max(1, k - 1))}">上一页</a> '
                 f'<a href="{pg(min(len(chunks), k + 1))}">下一页</a> <a href="{pg(len(chunks))}">尾页</a></div>')
        site.page(f"/channel/kjyw/{pg(k)}", f'<!DOCTYPE html><html><head><meta charset="utf-8"><base target="_blank">'
                                            f'<link rel="stylesheet" href="/res/css/list.css"></head><body><ul class="list">{items}</ul>{pager}</body></html>')
    # 通知公告: directory URLs, /channel/tzgg/, /channel/tzgg/2/ …; articles /channel/tzgg/YYYYMMDD/N/
    chunks = pages_of(notice, 5)
    for k, chunk in enumerate(chunks, 1):
        def pg(j):
            return "/channel/tzgg/" if j == 1 else f"/channel/tzgg/{j}/"
        items = "".join(f'<li><span class="date">{a.day:%Y-%m-%d}</span><a href="{a.key}" target="_blank" title="{e(a.title)}">'
                        f"{e(cut(a.title, 32))}</a></li>" for a in chunk)
        nums = " ".join(f"<b>{j}</b>" if j == k else f'<a href="{pg(j)}">{j}</a>' for j in range(1, len(chunks) + 1))
        nxt = f' <a href="{pg(k + 1)}">下一页</a>' if k < len(chunks) else ""
        prev = f'<a href="{pg(k - 1)}">上一页</a> ' if k > 1 else ""
        body = channel("通知公告", "/channel/tzgg/", f'<ul class="list">{items}</ul><div class="page">{prev}{nums}{nxt}</div>')
        site.page(pg(k), body)
        if k == 1:
            site.page("/channel/tzgg/index.shtml", body)
    # 媒体聚焦: TRS-style index.shtml, index_1.shtml, its pager written by createPageHTML(); two off-site reports
    chunks = pages_of(media, 7)
    offsite = [("http://zjnews.example.com.cn/202406/t20240612_1234567.shtml", "样例区：科技创新赋能产业升级", "浙江日报"),
               ("http://www.example-tv.cn/news/2024-06-03/987654.html", "样例区科技成果转化跑出加速度", "样例电视台")]
    for k, chunk in enumerate(chunks):
        items = "".join(f'<li><a href="./{a.day:%Y%m}/t{a.day:%Y%m%d}_{a.id}.shtml" target="_blank" title="{e(a.title)}">{e(a.title)}</a>'
                        f"<span>{a.day:%Y-%m-%d}</span></li>" for a in chunk)
        if k == 0:
            items += "".join(f'<li><a href="{u}" target="_blank">{t}</a><em>[{s}]</em><span>2024-06-0{j + 3}</span></li>'
                             for j, (u, t, s) in enumerate(offsite))
        body = channel("媒体聚焦", "/channel/mtjj/index.shtml", f'<ul class="list">{items}</ul>{_SH_PAGER_JS}'
                                                               f'<div class="page"><script type="text/javascript">createPageHTML({len(chunks)}, {k}, "index", "shtml");</script></div>')
        site.page("/channel/mtjj/index.shtml" if k == 0 else f"/channel/mtjj/index_{k}.shtml", body)
    # 政务公开: the tree on its home and on every leaf
    def tree_html(open_group: str | None = None) -> str:
        """The catalogue: every leaf on 政务公开's home; on a leaf's page, the other groups folded (a link to their
        first leaf) and its own group open."""
        return '<div class="gktree"><div class="ttl">政府信息公开目录</div><ul>' + "".join(
            f'<li class="folder open"><span>{g}</span><ul>' + "".join(f'<li><a href="/zwgk/col/{cid}/index.shtml">{n}</a></li>' for cid, n in ls)
            + "</ul></li>" if open_group in (None, g) else f'<li class="folder"><a href="/zwgk/col/{ls[0][0]}/index.shtml">{g}</a></li>'
            for g, ls in tree) + "</ul></div>"
    gk_home_links = "".join(f'<li><a href="/zwgk/col/{by_name[n]}/index.shtml">{n}</a></li>' for n in ("规范性文件", "政策解读", "2024年部门预算",
                                                                                                      "2024年立项公示", "权力清单", "公开指南"))
    site.page("/zwgk/index.shtml", _sh_page(f"政务公开_{SH_SITE}", f'<div class="left">{tree_html()}</div><div class="right">{pos(("政务公开", "/zwgk/index.shtml"))}'
                                                                  f'<div class="gkhome"><div class="rtitle">重点公开</div><ul>{gk_home_links}</ul>'
                                                                  f'<div class="gkintro">{about_html(SH_SITE)}</div></div></div>', "政务公开"))
    duties = {"机构职能": about_html(SH_SITE), "领导信息": "<p>局长：周某某，主持全面工作。</p><p>副局长：吴某某，分管科技创新。</p><p>副局长：郑某某，分管工业和信息化。</p>",
              "内设机构": "<p>办公室、科技创新科、产业发展科、信息化推进科、政策法规科。</p>"}
    for cid, (g, n) in leaves.items():
        if n in duties:
            inner = f'<div class="content"><h2>{n}</h2>{duties[n]}</div>'
        elif cid in gk_cols:
            inner = '<table class="gklist"><tr><th>索引号</th><th>标题</th><th>发布日期</th></tr>' + "".join(
                f'<tr><td>00260{cid}/2024-{a.id:05d}</td><td><a href="{a.key}" target="_blank" title="{e(a.title)}">{e(cut(a.title, 30))}</a></td>'
                f"<td>{a.day:%Y-%m-%d}</td></tr>" for a in gk_cols[cid]) + "</table>"
        else:
            inner = '<div class="nodata">暂无信息</div>'
        site.page(f"/zwgk/col/{cid}/index.shtml", _sh_page(f"{n}_政务公开_{SH_SITE}", f'<div class="left">{tree_html(g)}</div><div class="right">'
                                                          f'{pos(("政务公开", "/zwgk/index.shtml"), (g, f"/zwgk/col/{cid}/index.shtml"), (n, f"/zwgk/col/{cid}/index.shtml"))}'
                                                          f'<div class="rtitle">{n}</div>{inner}</div>', "政务公开"))
    # 专题专栏: two specials of the site and one elsewhere
    specials = [("2024kjz", "2024年样例区科技活动周", "2024-05-18", zt_kjz + news[4:6]),
                ("yhyshj", "优化营商环境 助力企业发展", "2024-03-01", zt_yh + notice[2:4] + media[1:2])]
    cards = "".join(f'<li><a href="/channel/ztzl/{d}/index.shtml" target="_blank"><img src="/res/images/zt/{d}.jpg" alt="{e(t)}"></a>'
                    f'<p><a href="/channel/ztzl/{d}/index.shtml" target="_blank">{e(t)}</a></p><span>{day}</span></li>' for d, t, day, _ in specials)
    cards += ('<li><a href="http://www.example.gov.cn/col/col1229567/index.html" target="_blank"><img src="/res/images/zt/qmcx.jpg" alt="全面从严治党"></a>'
              '<p><a href="http://www.example.gov.cn/col/col1229567/index.html" target="_blank">全面从严治党</a></p><span>2023-11-01</span></li>')
    site.page("/channel/ztzl/index.shtml", _sh_page(f"专题专栏_{SH_SITE}", f'{pos(("专题专栏", "/channel/ztzl/index.shtml"))}<ul class="ztlist">{cards}</ul>', "专题专栏"))
    for d, t, _, group in specials:
        site.page(f"/channel/ztzl/{d}/index.shtml", _sh_page(f"{t}_{SH_SITE}", f'<div class="ztbanner"><img src="/res/images/zt/{d}-banner.jpg" alt="{e(t)}"></div>'
                                                           f'<div class="ztbox"><div class="ztt">专题报道</div><ul>' + "".join(
                                                               f'<li><a href="{a.key}" target="_blank">{e(a.title)}</a><span>{a.day:%m-%d}</span></li>' for a in group)
                                                           + '</ul></div><div class="ztback"><a href="/channel/ztzl/index.shtml">返回专题列表</a></div>', "专题专栏"))
    # 网上展厅: halls of exhibits (a picture and a few lines each)
    halls = [("hall01", "科技成果展厅", ["智能巡检机器人", "高效光伏组件", "工业互联网平台", "新型生物基材料"]),
             ("hall02", "创新企业展厅", ["样例智造科技有限公司", "样例生物医药有限公司", "样例数字科技有限公司"]),
             ("hall03", "科普展厅", ["青少年科技创新大赛获奖作品", "科普基地风采", "院士专家工作站"])]
    site.page("/wszt/index.shtml", _sh_page(f"网上展厅_{SH_SITE}", pos(("网上展厅", "/wszt/index.shtml")) + '<div class="halls">' + "".join(
        f'<div class="hall"><a href="/wszt/{h}/index.shtml"><img src="/wszt/{h}/images/cover.jpg" alt="{n}"></a><h3><a href="/wszt/{h}/index.shtml">{n}</a></h3></div>'
        for h, n, _ in halls) + "</div>", "网上展厅"))
    for h, n, items in halls:
        site.page(f"/wszt/{h}/index.shtml", _sh_page(f"{n}_网上展厅_{SH_SITE}", pos(("网上展厅", "/wszt/index.shtml"), (n, f"/wszt/{h}/index.shtml"))
                                                   + '<ul class="exhibits">' + "".join(
                                                       f'<li><a href="/wszt/{h}/zp_{j + 1:02d}.shtml"><img src="/wszt/{h}/images/zp_{j + 1:02d}.jpg" alt="{x}"></a>'
                                                       f'<p><a href="/wszt/{h}/zp_{j + 1:02d}.shtml">{x}</a></p></li>' for j, x in enumerate(items)) + "</ul>", "网上展厅"))
        for j, x in enumerate(items):
            site.page(f"/wszt/{h}/zp_{j + 1:02d}.shtml", _sh_page(
                f"{x}_{n}_{SH_SITE}", pos(("网上展厅", "/wszt/index.shtml"), (n, f"/wszt/{h}/index.shtml"))
                + f'<div class="exhibit"><h1>{x}</h1><img src="/wszt/{h}/images/zp_{j + 1:02d}_big.jpg" alt="{x}">'
                  f"<p>展品名称：{x}</p><p>所属展厅：{n}</p><p>完成单位：样例区相关单位</p>"
                  f'<p><a href="/wszt/{h}/index.shtml">返回展厅</a></p></div>', "网上展厅"))
    # 互动交流, service pages
    site.page("/hdjl/index.shtml", _sh_page(f"互动交流_{SH_SITE}", pos(("互动交流", "/hdjl/index.shtml")) +
                                            '<ul class="hd"><li><a href="/hdjl/ldxx/index.jsp">局长信箱</a></li><li><a href="/hdjl/ldxx/list.jsp?page=1">信件选登</a></li>'
                                            '<li><a href="/hdjl/cjwt/index.shtml">常见问题</a></li><li><a href="/hdjl/dczj/index.shtml">征集调查</a></li></ul>', "互动交流"))
    site.page("/hdjl/cjwt/index.shtml", _sh_page(f"常见问题_{SH_SITE}", pos(("互动交流", "/hdjl/index.shtml"), ("常见问题", "/hdjl/cjwt/index.shtml"))
                                                 + "<dl><dt>问：高新技术企业认定需要哪些条件？</dt><dd>答：请参照《高新技术企业认定管理办法》。</dd>"
                                                   "<dt>问：科技型中小企业如何评价入库？</dt><dd>答：登录全国科技型中小企业信息服务平台填报。</dd></dl>", "互动交流"))
    site.page("/hdjl/dczj/index.shtml", _sh_page(f"征集调查_{SH_SITE}", pos(("互动交流", "/hdjl/index.shtml"), ("征集调查", "/hdjl/dczj/index.shtml"))
                                                 + '<ul class="list"><li>暂无正在进行的征集调查</li></ul>', "互动交流"))
    smap = "".join(f'<dl><dt><a href="{h}">{n}</a></dt></dl>' for n, h in SH_NAV) + "<dl><dt>政务公开</dt><dd>" + "".join(
        f'<a href="/zwgk/col/{ls[0][0]}/index.shtml">{g}</a> ' for g, ls in tree) + "</dd></dl>"
    service = {"/wzdt.shtml": ("网站地图", f'<div class="sitemap">{smap}</div>'),
               "/lxwm.shtml": ("联系我们", "<p>地址：样例区政务中心B座七楼 邮编：000000</p><p>电话：0000-86001234 传真：0000-86001235</p>"),
               "/gybz.shtml": ("关于本站", f"<p>本站是{SH_SITE}的官方网站，发布本局政务信息和科技、工业和信息化工作动态。</p>"
                                       "<p>本站所载内容版权归本局所有，转载请注明出处。建议使用1366×768以上分辨率浏览。</p>"),
               "/wza/index.shtml": ("无障碍说明", "<p>本网站支持无障碍浏览，提供语音朗读、大字幕、高对比度等辅助功能。</p>")}
    for path, (title, text) in service.items():
        site.page(path, _sh_page(f"{title}_{SH_SITE}", pos((title, path)) + f'<div class="content"><h2>{title}</h2>{text}</div>'))

    def search(site, path, query):
        if path == "/search/search.jsp":
            k = int(query.get("page") or 1)
            hits = (news + notice)[(k * 3) % 20:(k * 3) % 20 + 10]
            return _sh_page("搜索结果", '<ul class="list">' + "".join(f'<li><a href="{a.key}">{e(a.title)}</a></li>' for a in hits) + "</ul>"
                            f'<a href="/search/search.jsp?q={quote(query.get("q", ""))}&amp;page={k + 1}">下一页</a>').encode(), "text/html; charset=utf-8"
        if path.startswith("/hdjl/ldxx/"):
            return _sh_page("局长信箱", '<form action="/hdjl/ldxx/submit.jsp" method="post"><input name="title"><textarea name="content"></textarea></form>').encode(), \
                "text/html; charset=utf-8"
        return None
    site.dynamic = search

    # home
    slides = "".join(f'<li><a href="{a.key}" target="_blank"><img src="/res/upload/{a.day:%Y%m%d}/{a.id}.jpg" alt="{e(a.title)}"></a>'
                     f'<p>{e(cut(a.title, 22))}</p></li>' for a in news[:4])

    def box(name: str, more: str, group: list[Art], n: int) -> str:
        return (f'<div class="box"><div class="boxt"><span>{name}</span><a class="more" href="{more}">更多&gt;&gt;</a></div><ul>'
                + "".join(f'<li><a href="{a.key}" target="_blank" title="{e(a.title)}">{e(cut(a.title, 28))}</a><span>{a.day:%m-%d}</span></li>'
                          for a in group[:n]) + "</ul></div>")
    main = (f'<div class="row"><div class="slide"><ul>{slides}</ul></div>{box("科技要闻", "/channel/kjyw/index.shtml", news, 7)}</div>'
            f'<div class="row">{box("通知公告", "/channel/tzgg/", notice, 6)}{box("媒体聚焦", "/channel/mtjj/index.shtml", media, 5)}</div>'
            f'<div class="row"><div class="box gk"><div class="boxt"><span>政务公开</span><a class="more" href="/zwgk/index.shtml">更多&gt;&gt;</a></div>'
            f"<ul>{gk_home_links}</ul></div>"
            '<div class="box zt"><div class="boxt"><span>专题专栏</span><a class="more" href="/channel/ztzl/index.shtml">更多&gt;&gt;</a></div>'
            + "".join(f'<a href="/channel/ztzl/{d}/index.shtml" target="_blank"><img src="/res/images/zt/{d}.jpg" alt="{e(t)}"></a>' for d, t, _, _ in specials)
            + '</div><div class="box wszt"><a href="/wszt/index.shtml"><img src="/res/images/wszt.jpg" alt="网上展厅"></a></div></div>'
            '<div class="row hd"><a href="/hdjl/ldxx/index.jsp"><img src="/res/images/jzxx.png" alt="局长信箱"></a>'
            '<a href="/hdjl/cjwt/index.shtml"><img src="/res/images/cjwt.png" alt="常见问题"></a></div>')
    site.page("/index.shtml", _sh_page(SH_SITE, main, "首页"))


BUILDERS = {"hanweb": _build_hanweb, "media": _build_media, "phpcms": _build_phpcms, "wordpress": _build_wordpress,
            "dede": _build_dede, "rongmei": _build_rongmei, "aspnet": _build_aspnet, "shtml": _build_shtml}


# === measuring a crawl ==========================================================================================

def _warc_urls(paths) -> list[str]:
    urls = []
    for path in paths:
        data = gzip.open(path).read()
        urls += [u.decode("utf-8", "replace") for u in re.findall(rb"WARC-Target-URI: (\S+)", data)]
    return urls


def _jsonl(paths) -> list[dict]:
    return [json.loads(line) for p in paths for line in Path(p).read_text(encoding="utf-8").splitlines() if line.strip()]


def _matched(urls: list[str], learned: str | None) -> list[str]:
    """The URLs that the learned article patterns (the log line's JSON) accept."""
    if not learned:
        return []
    try:
        patterns = [re.compile(p) for p in json.loads(learned).get("article", [])]
    except ValueError:
        return []
    return [u for u in urls if any(p.search(u) for p in patterns)]


def measure(layout: str, work: Path, *args: str, timeout: int = 240) -> dict:
    """Two runs of `scrapy crawl portal` on a home-page-only seed (one state), and what they did on the site.
    `args` go to both runs (e.g. "-s", "CLOSESPIDER_TIMEOUT=15": a guard, so that a crawl gone astray ends)."""
    from .crawl_util import scrapy_crawl, summary

    site = serve(layout)
    try:
        work = Path(work)
        work.mkdir(parents=True, exist_ok=True)
        path = seeds(site, work / "seeds.yaml")
        source = f"unseen_{layout}"
        reachable = site.reachable
        out: dict = {"layout": layout, "articles": len(reachable), "runs": []}
        warcs_before: set = set()
        for run in (1, 2):
            n0 = len(site.requests)
            t0 = time.monotonic()
            proc = scrapy_crawl(work, path, *args, timeout=timeout)
            wall = time.monotonic() - t0
            (work / f"run{run}.log").write_text(proc.stderr, encoding="utf-8")
            reqs = site.requests[n0:]
            warcs = set((work / "data" / "raw").glob("*.warc.gz")) - warcs_before
            warcs_before |= warcs
            as_article = {norm(u) for u in _warc_urls(sorted(warcs))}
            keys = [norm(p) for _, p in reqs if urlsplit(p).path != "/robots.txt"]
            rep = summary(work)["sources"].get(source, {})
            learned = next((line.split("learned ", 1)[1] for line in proc.stderr.splitlines() if f"source {source}: learned" in line), None)
            out["runs"].append({
                "returncode": proc.returncode, "wall": round(wall, 1), "requests": len(keys),
                "article_requests": sorted({k for k in keys if k in site.articles}),
                "fetched_as_article": sorted(as_article),
                "non_article_requests": sorted({k for k in keys if k not in site.articles}),
                "disallowed": sorted({norm(p) for _, p in reqs if not site.allowed(p)}),
                "summary": {k: v for k, v in rep.items() if v}, "learned": learned,
                "stderr_tail": proc.stderr[-3000:] if proc.returncode else "",
            })
        corpus = _jsonl(sorted((work / "data" / "corpus").glob("*.jsonl")))
        rejects = _jsonl(sorted((work / "data" / "rejects").glob("*.jsonl"))) if (work / "data" / "rejects").exists() else []
        kept = {norm(r["url"]) for r in corpus}
        run1 = out["runs"][0]
        found = set(run1["fetched_as_article"]) & reachable
        links = site.linked_from()
        out.update({
            "coverage": len(found) / len(reachable),
            "requested_coverage": len(set(run1["article_requests"]) & reachable) / len(reachable),
            "kept": len(kept), "kept_articles": len(kept & set(site.articles)),
            "kept_non_articles": sorted(kept - set(site.articles)),
            "rejected": sorted((norm(r.get("url", "")), r.get("reason", "")) for r in rejects),
            "missed": {k: links.get(k, []) for k in sorted(reachable - found)},
            "fetched_non_articles": sorted(set(run1["fetched_as_article"]) - set(site.articles)),
            "disallowed": sorted(set(run1["disallowed"]) | set(out["runs"][1]["disallowed"])),
            "run2_article_requests": out["runs"][1]["article_requests"],
            "names": {k: site.article_names.get(k) for k in reachable},
            "future": site.future,
            "future_matched": _matched(site.future, out["runs"][0]["learned"]),
        })
        return out
    finally:
        site.stop()
