"""A hostile site on 127.0.0.1 for the crawl's bounds and link accounting (tests/test_traps.py,
tests/test_link_accounting.py, benchmarks/trap_crawl.py). Everything is generated; nothing is read from disk.

- `/trap/<col>/list?page=N`: a list page with two articles (`&links=K`: K) and a link to `?page=N+1`, for ever
  (the pagination trap of issue 10);
- `/cal/html/YYYY-MM/DD/node_K.htm` (K = 1..3): an e-paper day with two articles per page, linking to the
  day's other pages and to the day before, back to year 1 (the open-ended calendar `follow` of wzrb);
- `/acc/`: a list page whose article links end in every way a link can end: ordinary articles, one that
  meta-refreshes to itself, one that redirects to an article already listed, one whose URL is longer than
  Scrapy's URLLENGTH_LIMIT, a gzip bomb (a small gzip body that inflates to GZIP_BOMB_BYTES), a 404,
  one robots.txt forbids;
- every article is a distinct 科创 story of its own (distinct text, long paragraphs), so the cleaning keeps it
  and the content dedup and the site template leave it alone.

    server, base = serve()      # daemon thread on a free port; server.requests: paths in arrival order
    server.stop()
"""
from __future__ import annotations

import gzip
import io
import re
import threading
import time
from datetime import date, timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

GZIP_BOMB_BYTES = 64 * 1024 * 1024  # inflates past the crawl's 10 MB DOWNLOAD_MAXSIZE; 64 KB on the wire
LONG_URL_CHARS = 2200               # over Scrapy's URLLENGTH_LIMIT (2083)
ACC_ARTICLES = ("a1", "a2", "a3")   # ordinary articles of /acc/
# what each special link of /acc/ is, and the counter it must end in
ACC_SPECIAL = {"refresh": "duplicate_request", "moved": "duplicate_request", "bomb": "errors",
               "missing": "errors", "private": "robots_blocked", "long": "url_too_long"}

_TOPICS = ("人工智能", "新能源汽车", "集成电路", "生物医药", "新材料", "量子信息", "工业互联网", "智慧农业")


def article_html(key: str, title_hint: str = "") -> bytes:
    """A 科创 news story whose text depends on `key`: a distinct, keepable article per key."""
    n = sum(ord(c) * (i + 1) for i, c in enumerate(key))
    topic = _TOPICS[n % len(_TOPICS)]
    day = date(2024, 1, 1) + timedelta(days=n % 300)
    paragraphs = [
        f"本报讯（记者 王{key}）近日，{topic}科技创新成果发布会在市科技馆举行，编号{key}的项目团队介绍了"
        f"他们在{topic}领域取得的第{n}项关键技术突破，该成果已在本地{n % 17 + 3}家企业推广应用，"
        f"带动相关产业新增产值约{n % 900 + 100}万元，为区域高质量发展注入了新的科技动能。",
        f"据介绍，项目{key}由市科学技术协会牵头，联合高校和科研院所共同攻关，历时{n % 5 + 2}年完成。"
        f"项目组先后攻克了{n % 7 + 2}项核心难题，申请发明专利{n % 30 + 5}件，培养青年科技人才{n % 40 + 10}名，"
        f"形成了从基础研究到成果转化的完整链条，得到了与会专家的一致肯定。",
        f"市科协相关负责人表示，下一步将继续围绕{topic}等重点方向，完善科技成果转化服务体系，"
        f"推动更多像{key}这样的创新成果走出实验室、走向生产线，让科技创新更好地服务经济社会发展。"
        f"本次发布会共有{n % 200 + 50}名科技工作者和企业代表参加。",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    title = f"{title_hint}{topic}科技创新成果{key}发布"
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<div class="article"><h1>{title}</h1><div class="info">发布时间：{day.isoformat()} 10:00 来源：市科协</div>'
            f'<div class="content">{body}</div></div></body></html>\n').encode("utf-8")


def _page(title: str, links: list[str], extra_head: str = "") -> bytes:
    items = "".join(f'<li><a href="{href}">{href.rsplit("/", 1)[-1][:40]}</a></li>' for href in links)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{extra_head}</head>'
            f"<body><h1>{title}</h1><ul>{items}</ul></body></html>\n").encode("utf-8")


def long_path() -> str:
    return "/acc/art/long-" + "x" * LONG_URL_CHARS + ".html"


def gzip_bomb() -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as f:
        chunk = b"\0" * (1024 * 1024)
        for _ in range(GZIP_BOMB_BYTES // len(chunk)):
            f.write(chunk)
    return buf.getvalue()


class TrapSite(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, delay: float = 0.0):
        self.delay = delay  # seconds before each answer
        self.lock = threading.Lock()
        self.requests: list[str] = []
        self.bomb = gzip_bomb()
        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def base_url(self) -> str:
        return "http://{}:{}".format(*self.server_address[:2])

    def count(self, pattern: str) -> int:
        """Requests whose path?query matches the regex."""
        with self.lock:
            return sum(1 for r in self.requests if re.search(pattern, r))

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def handle_error(self, request, client_address):
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):  # a killed crawl's socket
            super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    server: TrapSite
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass

    def do_GET(self):
        parts = urlsplit(self.path)
        path, query = parts.path, dict(parse_qsl(parts.query))
        with self.server.lock:
            self.server.requests.append(self.path)
        if self.server.delay:
            time.sleep(self.server.delay)
        html = "text/html; charset=utf-8"
        if path == "/robots.txt":
            return self._send(b"User-agent: *\nDisallow: /acc/art/private\n", "text/plain")
        m = re.fullmatch(r"/trap/(\w+)/list", path)
        if m:
            col, page = m.group(1), int(query.get("page", "1")) if query.get("page", "1").isdigit() else 1
            many = int(query["links"]) if query.get("links", "").isdigit() else 2  # ?links=N: a wider page
            links = [f"/trap/{col}/art/{page}-{i}.html" for i in range(1, many + 1)] + [f"/trap/{col}/list?page={page + 1}"]
            return self._send(_page(f"列表 {col} 第{page}页", links), html)
        m = re.fullmatch(r"/trap/(\w+)/art/(\d+-\d+)\.html", path)
        if m:
            return self._send(article_html(f"{m.group(1)}{m.group(2)}"), html)
        m = re.fullmatch(r"/cal/html/(\d{4})-(\d{2})/(\d{2})/(node|content)_(\d+)\.htm", path)
        if m:
            try:
                day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return self._send(b"not found", html, HTTPStatus.NOT_FOUND)
            k = int(m.group(5))
            if m.group(4) == "content":
                return self._send(article_html(f"{day:%Y%m%d}c{k}"), html)
            if not 1 <= k <= 3:
                return self._send(b"not found", html, HTTPStatus.NOT_FOUND)
            stem = f"/cal/html/{day:%Y-%m}/{day:%d}"
            before = day - timedelta(days=1) if day > date.min else day
            links = [f"{stem}/content_{k * 10 + i}.htm" for i in (1, 2)]
            links += [f"{stem}/node_{j}.htm" for j in (1, 2, 3) if j != k]
            links.append(f"/cal/html/{before:%Y-%m}/{before:%d}/node_1.htm")
            return self._send(_page(f"数字报 {day} 第{k}版", links), html)
        if path == "/acc/":
            links = [f"/acc/art/{name}.html" for name in ACC_ARTICLES]
            links += ["/acc/art/refresh.html", "/acc/art/moved.html", "/acc/art/bomb.html",
                      "/acc/art/missing.html", "/acc/art/private.html", long_path(), "/acc/list/refresh.html"]
            return self._send(_page("链接去向", links), html)
        if path == "/acc/list/refresh.html":  # a list page that reloads itself: its links would vanish unsaid
            head = '<meta http-equiv="refresh" content="0; url=/acc/list/refresh.html">'
            return self._send(_page("栏目跳转中", ["/acc/art/a1.html"], head), html)
        m = re.fullmatch(r"/acc/art/([\w-]+)\.html", path)
        name = m.group(1) if m else ""
        if name in ACC_ARTICLES:
            return self._send(article_html(f"acc{name}"), html)
        if name == "refresh":  # a page that reloads itself at once: Scrapy asks for the same URL again
            head = '<meta http-equiv="refresh" content="0; url=/acc/art/refresh.html">'
            return self._send(_page("跳转中", [], head), html)
        if name == "moved":  # to an article the list also links to, which the run fetches anyway
            return self._send(b"", html, HTTPStatus.MOVED_PERMANENTLY, {"Location": "/acc/art/a1.html"})
        if name == "bomb":
            return self._send(self.server.bomb, html, headers={"Content-Encoding": "gzip"})
        if name.startswith("long-") or name == "private":
            return self._send(article_html(f"acc{name[:8]}"), html)
        return self._send(b"not found", html, HTTPStatus.NOT_FOUND)

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
            self.close_connection = True  # the crawl gave up on the answer: expected here


def serve(delay: float = 0.0) -> tuple[TrapSite, str]:
    server = TrapSite(delay)
    threading.Thread(target=server.serve_forever, name="trap-site", daemon=True).start()
    return server, server.base_url


def seeds(base: str, path, sources: list[str], **extra: dict) -> "Path":
    """Write a seeds file with the named sources: `trap_<col>` (the ?page=N+1 trap of column <col>), `calendar`
    (the e-paper calendar, starting today), `acc` (/acc/). extra: {source id: {key: value}} added to its entry."""
    from pathlib import Path

    today = date.today()
    entries = []
    for sid in sources:
        if sid.startswith("trap_"):
            col = sid.removeprefix("trap_")
            entry = {"start_urls": [f"{base}/trap/{col}/list?page=1"], "article": rf"/trap/{col}/art/\d+-\d+\.html$",
                     "follow": [rf"/trap/{col}/list\?page=\d+$"]}
        elif sid == "calendar":
            entry = {"start_urls": [f"{base}/cal/html/{today:%Y-%m}/{today:%d}/node_1.htm"],
                     "article": r"/html/\d{4}-\d{2}/\d{2}/content_\d+\.htm$",
                     "follow": [r"/html/\d{4}-\d{2}/\d{2}/node_\d+\.htm$"]}  # wzrb's open-ended pattern
        elif sid == "acc":
            entry = {"start_urls": [f"{base}/acc/"], "article": r"/acc/art/[\w-]+\.html$",
                     "follow": [r"/acc/list/[\w-]+\.html$"]}
        else:
            raise ValueError(sid)
        entry |= extra.get(sid, {})
        lines = [f"  - id: {sid}", f"    name: 陷阱 {sid}", "    topic: all",
                 "    start_urls: [" + ", ".join(f"'{u}'" for u in entry.pop("start_urls")) + "]",
                 f"    article: '{entry.pop('article')}'"]
        if "follow" in entry:
            lines.append("    follow: [" + ", ".join(f"'{f}'" for f in entry.pop("follow")) + "]")
        lines += [f"    {k}: {v}" for k, v in entry.items()]
        entries.append("\n".join(lines))
    path = Path(path)
    path.write_text("sources:\n" + "\n".join(entries) + "\n", encoding="utf-8")
    return path
