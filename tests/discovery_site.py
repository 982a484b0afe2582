"""A site the crawler has never seen, on 127.0.0.1, for discovery from a home page (issue 11; tests/test_discovery.py).

The articles are real pages: the 56 pages of tests/data/cwced, served byte for byte (their own chrome, charsets
and off-site links). Everything around them is generated, in the shapes of Chinese government and 科协 sites:

- `/` (also `/index.html`): a nav menu (首页, two columns, 关于我们, 联系我们, 网站地图, 登录), a search form, a
  headline block linking articles of both columns, 更多>> links, a calendar box, friendly links off-site and a
  footer with 版权声明;
- column A, 科协要闻, in the static style of TRS sites: `/xwzx/kxyw/` = `index.html`, then `index_1.html`,
  `index_2.html`, 10 articles a page, articles `/xwzx/kxyw/YYYYMM/tYYYYMMDD_N.html`;
- column B, 基层动态, in the query style of JSP sites: `/jcdt/list.jsp?cid=2002&page=N`, 12 a page, articles
  `/jcdt/content.jsp?id=N`; one link points into `/private/`, which robots.txt forbids;
- service pages: `/about/` (an organisation's prose), `/contact.html`, `/sitemap.html` (links to every column and
  service page), `/user/login.html`, `/search?q=…&page=N` (results for any query, paginated for ever) and
  `/calendar?date=YYYY-MM-DD` (each day links to the day before and after, for ever);
- `/robots.txt`: `Disallow: /private/` and `Sitemap: /sitemap.xml`, which lists every article, column and service
  page; the last 4 articles (`/archive/YYYY/MMDD/N.html`) are in no column: only there;
- `server.redesign()`: every column and article moves to new addresses of other shapes (`/news/kxyw/list_N.html`,
  `/news/YYYYMMDD/N.shtml`, `/list.php?tid=5&page=N`, `/show.php?aid=N`); the old ones answer 404.

    server, base = serve()      # daemon thread on a free port; server.requests: paths in arrival order
    server.articles             # path → the cwced page it serves (the article pages a crawl should find)
    server.stop()
"""
from __future__ import annotations

import html
import re
import threading
from datetime import date, timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from crawler.sample_site import html_charset

from .conftest import CWCED

A_PER_PAGE, B_PER_PAGE = 10, 12
SERVICE = [("关于我们", "/about/"), ("联系我们", "/contact.html"), ("网站地图", "/sitemap.html"), ("登录", "/user/login.html")]
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.S | re.I)


def _title(body: bytes) -> str:
    m = _TITLE.search(body)
    text = m.group(1).decode(html_charset(body), "replace") if m else ""
    return " ".join(html.unescape(text).split())[:40] or "无标题"


# the URL shapes of the two layouts: the site before and after a redesign (same articles, new addresses)
LAYOUTS = {
    1: {"a_article": "/xwzx/kxyw/{day:%Y%m}/t{day:%Y%m%d}_{n}.html", "b_article": "/jcdt/content.jsp?id={n}",
        "archive": "/archive/{day:%Y}/{day:%m%d}/{n}.html",
        "a_first": "/xwzx/kxyw/", "a_page": "/xwzx/kxyw/index_{k}.html", "b_page": "/jcdt/list.jsp?cid=2002&page={k1}"},
    2: {"a_article": "/news/{day:%Y%m%d}/{n}.shtml", "b_article": "/show.php?aid={n}", "archive": "/old/{n}.htm",
        "a_first": "/news/kxyw/list_1.html", "a_page": "/news/kxyw/list_{k1}.html", "b_page": "/list.php?tid=5&page={k1}"},
}


ARCHIVED = 4  # the last pages: in no column, only in the sitemap that robots.txt names


def _articles(layout: int) -> tuple[dict[str, bytes], list[tuple[str, str]], list[tuple[str, str]]]:
    """path → page bytes, and the (path, title) lists of columns A and B."""
    shapes = LAYOUTS[layout]
    pages = sorted((CWCED / "html").glob("*.html"))
    served, col_a, col_b = {}, [], []
    for i, page in enumerate(pages):
        body = page.read_bytes()
        day = date(2024, 6, 1) + timedelta(days=i % 28)
        if i >= len(pages) - ARCHIVED:
            path = shapes["archive"].format(day=day, n=9000 + i)
        elif i % 2 == 0:
            path = shapes["a_article"].format(day=day, n=5000 + i)
            col_a.append((path, _title(body)))
        else:
            path = shapes["b_article"].format(day=day, n=7000 + i)
            col_b.append((path, _title(body)))
        served[path] = body
    return served, col_a, col_b


def _page(title: str, main: str, sidebar: str = "", nav_items: tuple = ()) -> bytes:
    nav = "".join(f'<li><a href="{href}">{name}</a></li>' for name, href in nav_items)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} - 样例市科学技术协会</title>'
            '<link rel="stylesheet" href="/css/main.css"></head><body>'
            '<div class="top"><a href="/">样例市科学技术协会</a> <a href="/user/login.html">登录</a> '
            '<a href="/user/register.html">注册</a> <a href="/en/">English</a></div>'
            f'<ul class="nav">{nav}</ul>'
            '<form action="/search" method="get"><input name="q"><button>搜索</button></form>'
            f'<div class="main">{main}</div><div class="side">{sidebar}</div>'
            '<div class="footer"><a href="/copyright.html">版权声明</a> <a href="/sitemap.html">网站地图</a> '
            '<a href="http://www.beian.gov.cn/">备案号</a> 主办：样例市科学技术协会</div></body></html>').encode("utf-8")


def _list(items: list[tuple[str, str]]) -> str:
    return "<ul>" + "".join(f'<li><a href="{p}" title="{html.escape(t)}">{html.escape(t)}</a><span>2024-06-09</span></li>'
                            for p, t in items) + "</ul>"


def _side(col_a, col_b) -> str:
    hot = col_a[-2:] + col_b[-3:]
    today = date(2024, 6, 9)
    return ("<h3>热门文章</h3>" + _list(hot) + "<h3>日历</h3>"
            + "".join(f'<a href="/calendar?date={today + timedelta(days=d)}">{(today + timedelta(days=d)).day}</a> '
                      for d in range(-3, 4))
            + '<h3>友情链接</h3><a href="http://www.cast.org.cn/">中国科协</a> <a href="https://www.most.gov.cn/">科学技术部</a>')


def _pager(pages: list[str], k: int) -> str:
    links = [f'<a href="{pages[0]}">首页</a>']
    if k > 0:
        links.append(f'<a href="{pages[k - 1]}">上一页</a>')
    links += [f'<a href="{p}">{j + 1}</a>' for j, p in enumerate(pages)]
    if k < len(pages) - 1:
        links.append(f'<a href="{pages[k + 1]}">下一页</a>')
    links.append(f'<a href="{pages[-1]}">尾页</a>')
    return f'<div class="pager">共 {len(pages)} 页 ' + " ".join(links) + "</div>"


class DiscoverySite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[str] = []
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.build(1)

    def redesign(self) -> None:
        """The site moves every column and article to new addresses (layout 2); the old ones are gone (404)."""
        self.build(2)

    def build(self, layout: int) -> None:
        shapes = LAYOUTS[layout]
        self.articles, self.col_a, self.col_b = _articles(layout)
        a_pages = [shapes["a_first"]] + [shapes["a_page"].format(k=k, k1=k + 1)
                                         for k in range(1, -(-len(self.col_a) // A_PER_PAGE))]
        b_pages = [shapes["b_page"].format(k=k, k1=k + 1) for k in range(-(-len(self.col_b) // B_PER_PAGE))]
        nav = (("首页", "/"), ("科协要闻", a_pages[0]), ("基层动态", b_pages[0]), *SERVICE)
        side = _side(self.col_a, self.col_b)

        def page(title: str, main: str, sidebar: str = "") -> bytes:
            return _page(title, main, sidebar, nav)

        pages: dict[str, bytes] = {}
        for k, path in enumerate(a_pages):
            items = self.col_a[k * A_PER_PAGE:(k + 1) * A_PER_PAGE]
            pages[path] = page("科协要闻", "<h2>科协要闻</h2>" + _list(items) + _pager(a_pages, k), side)
        if a_pages[0].endswith("/"):
            pages[a_pages[0] + "index.html"] = pages[a_pages[0]]
        for k, path in enumerate(b_pages):
            items = self.col_b[k * B_PER_PAGE:(k + 1) * B_PER_PAGE]
            if k == 0:
                items = items + [("/private/notice_1.html", "内部通知：关于召开科协系统内部工作会议的通知")]
            pages[path] = page("基层动态", "<h2>基层动态</h2>" + _list(items) + _pager(b_pages, k), side)
        headlines = self.col_a[:4] + self.col_b[:4]
        pages["/"] = pages["/index.html"] = page(
            "首页", "<h2>头条</h2>" + _list(headlines)
            + f'<div class="more"><a href="{a_pages[0]}">更多&gt;&gt;</a> <a href="{b_pages[0]}">更多&gt;&gt;</a></div>',
            side)
        about = "".join(f"<p>{p}</p>" for p in (
            "样例市科学技术协会是中国共产党领导下的科学技术工作者的群众组织，是党和政府联系科学技术工作者的桥梁和纽带，"
            "是推动本市科学技术事业发展的重要力量。市科协现有所属学会四十二个，基层科协组织三百余个，会员两万余人。",
            "市科协的主要职责是：团结动员广大科技工作者积极参与创新驱动发展战略，开展学术交流，活跃学术思想，促进学科发展；"
            "弘扬科学精神，普及科学知识，提高全民科学素质；组织科技工作者参与国家科学决策的咨询和论证，建设高水平科技智库。",
            "市科协机关内设办公室、组织人事部、学会学术部、科学普及部、企业工作部等五个部门，下属市科技馆、市科技交流中心"
            "两个直属事业单位。机关地址位于样例市人民路一百号科技大厦，欢迎广大科技工作者来访交流。"))
        pages["/about/"] = page("关于我们", "<h2>关于我们</h2>" + about, side)
        pages["/contact.html"] = page("联系我们", "<h2>联系我们</h2><p>地址：样例市人民路100号 电话：0000-12345678 "
                                              "邮编：000000 电子邮箱：kx@example.org</p>", side)
        pages["/user/login.html"] = page("登录", '<form action="/user/login" method="post"><input name="u">'
                                             '<input name="p" type="password"></form>')
        pages["/sitemap.html"] = page("网站地图", "<h2>网站地图</h2>" + _list([(h, n) for n, h in nav]))
        pages["/copyright.html"] = page("版权声明", "<p>本网站所刊登的各种新闻、信息和各种专题专栏资料，"
                                                "均为样例市科学技术协会版权所有，未经协议授权，禁止下载使用。</p>")
        urls = [*self.articles, *a_pages, *b_pages, *(h for _, h in SERVICE)]
        self.sitemap = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                        + "".join(f"<url><loc>{{base}}{html.escape(u)}</loc></url>\n" for u in urls) + "</urlset>\n")
        self.pages = pages

    @property
    def article_urls(self) -> set[str]:
        """The article pages a crawl that obeys robots.txt can find (the /private/ one is forbidden)."""
        return {self.base_url + p for p in self.articles}

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: DiscoverySite

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.requests.append(self.path)
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        site = self.server
        if parts.path == "/robots.txt":
            robots = f"User-agent: *\nDisallow: /private/\n\nSitemap: {site.base_url}/sitemap.xml\n"
            return self._send(robots.encode(), "text/plain; charset=utf-8")
        if parts.path == "/sitemap.xml":
            return self._send(site.sitemap.replace("{base}", site.base_url).encode(), "text/xml; charset=utf-8")
        body = site.articles.get(self.path)
        if body is not None:
            return self._send(body, f"text/html; charset={html_charset(body)}")
        body = site.pages.get(self.path)
        if body is not None:
            return self._send(body, "text/html; charset=utf-8")
        if parts.path == "/search":  # any query has results, and a next page, for ever
            page = int((query.get("page") or ["1"])[0] or 1)
            q = (query.get("q") or [""])[0]
            items = [(p, t) for p, t in site.col_a + site.col_b if q in t][:10] or site.col_a[:10]
            nxt = f'<a href="/search?q={q}&page={page + 1}">下一页</a>'
            return self._send(_page(f"搜索 {q}", _list(items) + nxt), "text/html; charset=utf-8")
        if parts.path == "/calendar":  # a day links to the days around it, for ever
            try:
                day = date.fromisoformat((query.get("date") or [""])[0])
            except ValueError:
                return self._send(b"bad date", "text/plain", HTTPStatus.BAD_REQUEST)
            links = "".join(f'<a href="/calendar?date={day + timedelta(days=d)}">{day + timedelta(days=d)}</a> '
                            for d in (-1, 1))
            return self._send(_page(f"日历 {day}", f"<p>{day} 的活动</p>" + links), "text/html; charset=utf-8")
        return self._send(b"not found", "text/plain", HTTPStatus.NOT_FOUND)

    def _send(self, body: bytes, ctype: str, status: HTTPStatus = HTTPStatus.OK):
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def serve() -> tuple[DiscoverySite, str]:
    server = DiscoverySite()
    threading.Thread(target=server.serve_forever, name="discovery-site", daemon=True).start()
    return server, server.base_url


def seeds(base: str, path, source_id: str = "unseen") -> "Path":
    """A seeds file with one source given by its home page only: id, name, region, start_urls."""
    from pathlib import Path

    path = Path(path)
    path.write_text(f"sources:\n  - id: {source_id}\n    name: 样例市科学技术协会\n    region: {{province: 浙江省, city: 温州市}}\n"
                    f"    start_urls: ['{base}/']\n", encoding="utf-8")
    return path
