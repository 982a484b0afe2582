"""A local copy of real 科创 news sites, served on 127.0.0.1 for end-to-end tests and the offline demo.

The site lives in tests/fixtures/site/ (see its MANIFEST.md: every file, its origin and licence, and the
counts a correct crawl must reach). Static files are served as they are, plus the few dynamic behaviours
the crawler has to cope with on the real sites:

- query strings: ``GET /p/index.html?uid=1&pageNum=2`` serves the file ``p/index.html__pageNum=2&uid=1``
  (parameters sorted by name, joined by ``&``, after ``__``); no such file → 404;
- Hanweb's ``POST …/dataproxy.jsp`` listing, sliced by ``startrecord``/``endrecord`` (see ``_dataproxy``);
- the jpaas CMS's ``GET …/front/page/build/unit?…&paramJson={"pageNo":N,"pageSize":M}`` listing (``_jpaas``);
- ``{base}`` in robots.txt and .xml files becomes ``http://<Host>`` (sitemap/RSS links must be absolute);
- one flaky article (500 on its first request per server instance, then 200) and one 301 redirect;
- Content-Type with the charset the bytes really are in (see ``html_charset``);
- a fault sub-site under ``/faults/`` (generated, no files; its seeds are ``faults.yaml.tmpl``): a page that
  answers after ``fault_sleep`` seconds (longer than a test's DOWNLOAD_TIMEOUT), a connection reset, a 503
  then 200, a truncated body, a slow but complete answer, a redirect loop and an endless redirect chain, a
  30 MB page (with and without Content-Length), a redirect to 127.0.0.1 (for the address guard), and
  ``/faults/moved/PATH``, a 301 to PATH on 127.0.0.1 (a site that moved host);
- ``SampleSite(delay=s)`` answers every request after ``s`` seconds (a slow site, to kill a crawl midway).

Stdlib only::

    server, base = serve()            # daemon thread on a free port
    write_seeds(base, tmp / "seeds.yaml")
    ...
    server.stop()

    python -m crawler.sample_site [--port N] [--seeds OUT.yaml] [--verbose]
"""
from __future__ import annotations

import argparse
import json
import re
import socket
import struct
import sys
import threading
import time
from collections import Counter
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

DEFAULT_ROOT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "site"
SEEDS_TEMPLATE = "seeds.yaml.tmpl"
FAULTS_TEMPLATE = "faults.yaml.tmpl"   # the /faults/ sub-site: kept apart so the main manifest's counts hold
MINIMAL_TEMPLATE = "minimal.yaml.tmpl"  # the same sources with DESIGN.md's keys only: list styles found by the spider
JPAAS_TEMPLATE = "jpaas.yaml.tmpl"      # kjt/xw/, a jpaas column listed through JSON (not in the main seeds)

# answer 500 to the first request for these paths (per server instance), 200 afterwards
FLAKY = frozenset({"/kjt/art/2024/6/9/art_1001_flaky.html"})
# old URL → new URL, answered with 301 Moved Permanently
REDIRECTS = {"/trs/kjdt/202406/t20240609_moved.html": "/trs/kjdt/202406/t20240609_1004.html"}
# files in the site directory that document it and are not part of the site
HIDDEN = frozenset({"MANIFEST.md", "manifest.json", SEEDS_TEMPLATE, FAULTS_TEMPLATE, MINIMAL_TEMPLATE, JPAAS_TEMPLATE,
                    "LICENSES", "_build.py", "__pycache__"})

HTML_SUFFIXES = {".html", ".htm", ".shtml"}
TEXT_TYPES = {".xml": "text/xml", ".txt": "text/plain", ".css": "text/css", ".js": "application/javascript",
              ".json": "application/json"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_RECORD = re.compile(r"<record>.*?</record>", re.S)
_REQUIRES = re.compile(r"<!--\s*requires:([^>]*?)(?:\(|-->)")


# /faults/art/<name>.html → what the server does; the kept ones serve a copy of a real article page
FAULT_PAGES = {
    "ok": "a plain 200",
    "unavailable": "503 on the first request per server instance, then 200",
    "slow": "200, its body trickled out over half a second",
    "timeout": "nothing for fault_sleep seconds (longer than the crawl's DOWNLOAD_TIMEOUT)",
    "reset": "the connection is reset before any response",
    "truncated": "Content-Length promises more than is sent, then the connection closes",
    "loop": "302 to loop-back.html, which 302s back here",
    "chain": "302 to chain.html?hop=N+1, without end",
    "huge": "30 MB of HTML with its Content-Length",
    "huge-stream": "30 MB of HTML without Content-Length (the size shows only while reading)",
}
FAULT_KEPT = {"ok": "/trs/kjdt/202406/t20240609_1001.html", "unavailable": "/trs/kjdt/202406/t20240609_1002.html",
              "slow": "/trs/kjdt/202406/t20240609_1003.html"}
HUGE_BYTES = 30 * 1024 * 1024


def html_charset(body: bytes) -> str:
    """The charset a well-configured server would announce: the one the bytes are really in.

    Valid UTF-8 is utf-8 even under a stale gb2312 <meta> (a common template bug, kept in the pages);
    otherwise the page's own label, and gbk when it has none.
    """
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(body[:16384])
    return m.group(1).decode("ascii").lower() if m else "gbk"


def query_file_name(name: str, query: str) -> str:
    """``index.html`` + ``uid=1&pageNum=2`` → ``index.html__pageNum=2&uid=1`` (the mapping MANIFEST.md documents)."""
    params = sorted(parse_qsl(query, keep_blank_values=True))
    return f"{name}__" + "&".join(f"{k}={v}" for k, v in params)


class SampleSite(ThreadingHTTPServer):
    """The server: root directory, request log and the flaky page's state live here, one set per instance."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, root: Path | str | None = None, port: int = 0, verbose: bool = False, delay: float = 0.0,
                 fault_sleep: float = 5.0):
        self.delay = delay              # seconds before every answer (a slow site)
        self.fault_sleep = fault_sleep  # how long /faults/art/timeout.html keeps the client waiting
        self.root = Path(root or DEFAULT_ROOT).resolve()
        if not self.root.is_dir():
            raise FileNotFoundError(f"sample site directory not found: {self.root}")
        self.verbose = verbose
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()           # path → requests so far
        self.requests: list[tuple[str, str]] = []      # (method, path?query), in arrival order
        self.user_agents: list[str] = []               # User-Agent of each request, same order
        self.request_lines: list[str] = []             # the raw request lines (absolute URLs when proxied)
        self._thread: threading.Thread | None = None
        super().__init__(("127.0.0.1", port), Handler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def reset(self) -> None:
        """Forget the request log and re-arm the flaky page (as a fresh server would)."""
        with self.lock:
            self.hits.clear()
            self.requests.clear()
            self.user_agents.clear()
            self.request_lines.clear()

    def requested(self, path: str) -> int:
        """How many requests asked for this path (query string ignored)."""
        with self.lock:
            return sum(1 for _, p in self.requests if p.split("?", 1)[0] == path)

    def start(self) -> "SampleSite":
        self._thread = threading.Thread(target=self.serve_forever, name="sample-site", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> "SampleSite":
        return self if self._thread else self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class Handler(BaseHTTPRequestHandler):
    server: SampleSite
    server_version = "SampleSite/1.0"
    protocol_version = "HTTP/1.1"

    # --- methods ----------------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._handle("GET")

    def do_HEAD(self) -> None:
        self._handle("HEAD")

    def do_POST(self) -> None:
        self._handle("POST")

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
        if self.server.verbose:
            super().log_message(format, *args)

    # --- routing ----------------------------------------------------------------------------------
    def _handle(self, method: str) -> None:
        parts = urlsplit(self.path)
        path, query = unquote(parts.path), parts.query
        body = self._read_body() if method == "POST" else b""
        with self.server.lock:
            self.server.requests.append((method, path + (f"?{query}" if query else "")))
            self.server.user_agents.append(self.headers.get("User-Agent", ""))
            self.server.request_lines.append(self.requestline)
            first = self.server.hits[path] == 0
            self.server.hits[path] += 1

        if self.server.delay:
            time.sleep(self.server.delay)
        if path.startswith("/faults/"):
            try:
                return self._fault(path, query, method, first)
            except (BrokenPipeError, ConnectionResetError, socket.timeout):
                self.close_connection = True  # the client gave up (timeout, size cap): expected here
                return None
        if path in REDIRECTS:
            return self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/html; charset=utf-8", method,
                              {"Location": self._base() + REDIRECTS[path]})
        if path in FLAKY and first:
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, method)
        if path.endswith("/dataproxy.jsp"):
            if method != "POST":
                return self._error(HTTPStatus.METHOD_NOT_ALLOWED, method, {"Allow": "POST"})
            return self._dataproxy(path, query, body)
        if method == "POST":
            return self._error(HTTPStatus.METHOD_NOT_ALLOWED, method, {"Allow": "GET, HEAD"})
        if path.endswith("/front/page/build/unit"):
            return self._jpaas(path, query, method)

        file = self._file(path, query)
        if file is None:
            return self._error(HTTPStatus.NOT_FOUND, method)
        data = file.read_bytes()
        suffix = file.suffix.lower() if "__" not in file.name else Path(file.name.split("__", 1)[0]).suffix.lower()
        if suffix in HTML_SUFFIXES:
            ctype = f"text/html; charset={html_charset(data)}"
        elif suffix in TEXT_TYPES:
            ctype = f"{TEXT_TYPES[suffix]}; charset=utf-8"
            data = data.replace(b"{base}", self._base().encode("ascii"))
        else:
            ctype = "application/octet-stream"
        self._send(HTTPStatus.OK, data, ctype, method)

    def _file(self, path: str, query: str) -> Path | None:
        """The file a GET for path?query serves, or None (hidden, outside the root, missing)."""
        rel = path.lstrip("/")
        segments = [s for s in rel.split("/") if s]
        if any(s in ("..", ".") or s.startswith(".") for s in segments):
            return None
        if segments and segments[0] in HIDDEN:
            return None
        if any("__" in s for s in segments) and not query:
            return None  # the query-string files are only reachable through their query string
        file = self.server.root.joinpath(*segments) if segments else self.server.root
        if file.is_dir():
            file = file / "index.html"
        if query:
            file = file.with_name(query_file_name(file.name, query))
        try:
            file.resolve().relative_to(self.server.root)
        except ValueError:
            return None
        return file if file.is_file() else None

    def _dataproxy(self, path: str, query: str, body: bytes) -> None:
        """Hanweb's column listing: POST …/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15 with the form
        col=1&appid=1&webid=..&path=/&columnid=..&sourceContentType=1&unitid=..&permissiontype=0.

        The column lives in ``…/dataproxy.jsp__columnid=<columnid>.xml``; its ``<!-- requires: unitid=1 webid=1 -->``
        comment names the form values it answers to. The reply keeps ``<totalrecord>`` (the whole column) and the
        records ``startrecord``..``endrecord`` (1-based, inclusive). Anything else: an empty datastore, as Hanweb does.
        """
        params = dict(parse_qsl(query, keep_blank_values=True))
        params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        column = params.get("columnid", "")
        xml = None
        if re.fullmatch(r"\d+", column):
            file = (self.server.root / path.lstrip("/")).with_name(f"dataproxy.jsp__columnid={column}.xml")
            if file.is_file() and file.resolve().is_relative_to(self.server.root):
                xml = file.read_text(encoding="utf-8")
                m = _REQUIRES.search(xml)
                required = dict(kv.split("=", 1) for kv in m.group(1).split() if "=" in kv) if m else {}
                if any(params.get(k) != v for k, v in required.items()):
                    xml = None
        records = _RECORD.findall(xml) if xml else []
        try:
            start = max(int(params.get("startrecord", 1)), 1)
            perpage = max(int(params.get("perpage", 15)), 1)
            end = int(params.get("endrecord", start + 3 * perpage - 1))
        except ValueError:
            return self._error(HTTPStatus.BAD_REQUEST, "POST")
        nextgroup = re.search(r"<nextgroup>.*?</nextgroup>", xml, re.S).group(0) if xml and "<nextgroup>" in xml \
            else "<nextgroup><![CDATA[]]></nextgroup>"
        out = "\n".join([
            '<?xml version="1.0" encoding="UTF-8"?>',
            "<datastore>",
            nextgroup,
            "<recordset>",
            *records[start - 1:end],
            "</recordset>",
            f"<totalrecord>{len(records)}</totalrecord>",
            f"<totalpage>{-(-len(records) // perpage)}</totalpage>",
            "</datastore>",
            "",
        ])
        self._send(HTTPStatus.OK, out.encode("utf-8"), "text/xml; charset=utf-8", "POST")

    def _jpaas(self, path: str, query: str, method: str) -> None:
        """The jpaas listing: the column's <li> items (``unit__records.json`` beside the path), page ``pageNo`` of
        ``pageSize`` from the ``paramJson`` parameter, as ``{"success": true, "data": {"html": …}}``. A request
        without ``parseType=bulidstatic``, ``webId`` and ``pageId`` (what the page's querydata carries) → 400."""
        params = dict(parse_qsl(query, keep_blank_values=True))
        file = (self.server.root / path.lstrip("/")).with_name("unit__records.json")
        try:
            paging = json.loads(params.get("paramJson", "{}"))
            page, size = int(paging.get("pageNo", 1)), int(paging.get("pageSize", 10))
        except (ValueError, TypeError, AttributeError):
            return self._error(HTTPStatus.BAD_REQUEST, method)
        if params.get("parseType") != "bulidstatic" or not params.get("webId") or not params.get("pageId") \
                or not file.is_file() or page < 1 or size < 1:
            return self._error(HTTPStatus.BAD_REQUEST, method)
        records = json.loads(file.read_text(encoding="utf-8"))
        items = records[(page - 1) * size:page * size]
        reply = {"success": True, "message": "", "data": {"html": "<ul>" + "".join(items) + "</ul>", "total": len(records)}}
        self._send(HTTPStatus.OK, json.dumps(reply, ensure_ascii=False).encode("utf-8"), "application/json;charset=UTF-8", method)

    # --- the fault sub-site --------------------------------------------------------------------------
    def _fault(self, path: str, query: str, method: str, first: bool) -> None:
        base = self._base()
        if path in ("/faults/", "/faults/index.html"):
            links = "".join(f'<li><a href="/faults/art/{name}.html">{name}: {what}</a></li>'
                            for name, what in FAULT_PAGES.items())
            page = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>故障样例</title></head>'
                    f"<body><h1>故障样例</h1><ul>{links}</ul></body></html>\n")
            return self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8", method)
        if path == "/faults/guard.html":
            # for the address guard, a link whose target redirects to 127.0.0.1; for the log hygiene, a link
            # that carries user:password@
            host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
            page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>guard</title></head><body>'
                    '<a href="/faults/art/to-loopback.html">to-loopback</a>'
                    f'<a href="http://reader:LINK-PASSWORD@{host}/faults/art/ok.html">ok</a></body></html>\n')
            return self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8", method)
        if path.startswith("/faults/moved/"):  # a site that moved host: 301 to the same path on 127.0.0.1
            port = self.server.server_address[1]
            return self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/html; charset=utf-8", method,
                              {"Location": f"http://127.0.0.1:{port}/{path.removeprefix('/faults/moved/')}"})
        m = re.fullmatch(r"/faults/art/([\w-]+)\.html", path)
        name = m.group(1) if m else ""
        html_type = "text/html; charset=utf-8"
        if name == "to-loopback":
            port = self.server.server_address[1]
            return self._send(HTTPStatus.FOUND, b"", html_type, method,
                              {"Location": f"http://127.0.0.1:{port}/faults/art/ok.html"})
        if name in FAULT_KEPT and not (name == "unavailable" and first):
            data = (self.server.root / FAULT_KEPT[name].lstrip("/")).read_bytes()
            ctype = f"text/html; charset={html_charset(data)}"
            if name != "slow":
                return self._send(HTTPStatus.OK, data, ctype, method)
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            step = max(len(data) // 5, 1)
            for i in range(0, len(data), step):
                time.sleep(0.1)
                self.wfile.write(data[i:i + step])
                self.wfile.flush()
            return None
        if name == "unavailable":
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, method, {"Retry-After": "1"})
        if name == "timeout":
            time.sleep(self.server.fault_sleep)
            return self._error(HTTPStatus.GATEWAY_TIMEOUT, method)
        if name == "reset":  # RST instead of an answer: SO_LINGER 0, then close
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            return None
        if name == "truncated":
            data = (self.server.root / FAULT_KEPT["ok"].lstrip("/")).read_bytes()
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", html_type)
            self.send_header("Content-Length", str(len(data) + 4096))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return None
        if name in ("loop", "loop-back"):
            target = "/faults/art/loop-back.html" if name == "loop" else "/faults/art/loop.html"
            return self._send(HTTPStatus.FOUND, b"", html_type, method, {"Location": base + target})
        if name == "chain":
            hop = dict(parse_qsl(query)).get("hop", "0")
            hop = int(hop) + 1 if hop.isdigit() else 1
            return self._send(HTTPStatus.FOUND, b"", html_type, method,
                              {"Location": f"{base}/faults/art/chain.html?hop={hop}"})
        if name in ("huge", "huge-stream"):
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", html_type)
            if name == "huge":
                self.send_header("Content-Length", str(HUGE_BYTES))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if method == "HEAD":
                return None
            head, tail = b"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>", b"</body></html>"
            chunk = ("<p>" + "科技创新" * 4000 + "</p>\n").encode("utf-8")
            left = HUGE_BYTES - len(head) - len(tail)
            self.wfile.write(head)
            while left > 0:
                piece = chunk[:left]
                self.wfile.write(piece)
                left -= len(piece)
            self.wfile.write(tail)
            return None
        return self._error(HTTPStatus.NOT_FOUND, method)

    # --- plumbing ---------------------------------------------------------------------------------
    def _base(self) -> str:
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        return f"http://{host}"

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _error(self, status: HTTPStatus, method: str, headers: dict | None = None) -> None:
        body = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{status.value} {status.phrase}</title>"
                f"</head><body><h1>{status.value} {status.phrase}</h1></body></html>\n").encode("utf-8")
        self._send(status, body, "text/html; charset=utf-8", method, headers)

    def _send(self, status: HTTPStatus, body: bytes, ctype: str, method: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(body)


# --- helpers ----------------------------------------------------------------------------------------
def serve(root: Path | str | None = None, port: int = 0, verbose: bool = False, **options) -> tuple[SampleSite, str]:
    """Start the sample site in a daemon thread on 127.0.0.1 (port 0: a free one); return (server, base_url).

    ``options``: ``delay`` and ``fault_sleep`` (see SampleSite). Stop it with ``server.stop()`` (or use the
    server as a context manager).
    """
    server = SampleSite(root, port, verbose, **options).start()
    return server, server.base_url


def write_seeds(base_url: str, out_path: Path | str, root: Path | str | None = None,
                template_name: str = SEEDS_TEMPLATE) -> Path:
    """Render the site's seeds.yaml.tmpl (or ``template_name``, e.g. FAULTS_TEMPLATE) for a running server:
    ``{base}`` → base_url (no trailing slash)."""
    template = Path(root or DEFAULT_ROOT) / template_name
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(template.read_text(encoding="utf-8").replace("{base}", base_url.rstrip("/")), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.sample_site",
                                     description="Serve the local sample 科创 site on 127.0.0.1 until Ctrl-C.")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    parser.add_argument("--root", default=None, help=f"site directory (default: {DEFAULT_ROOT})")
    parser.add_argument("--seeds", metavar="OUT.yaml", help="also write a seeds file pointing at this server")
    parser.add_argument("--verbose", action="store_true", help="log every request on stderr")
    ns = parser.parse_args(argv)
    try:
        server = SampleSite(ns.root, ns.port, ns.verbose)
    except OSError as exc:
        print(f"error: cannot serve on 127.0.0.1:{ns.port}: {exc}", file=sys.stderr)
        return 1
    if ns.seeds:
        write_seeds(server.base_url, ns.seeds, ns.root)
    print(server.base_url, flush=True)
    print(f"serving {server.root} at {server.base_url}/ (Ctrl-C to stop)"
          + (f"; seeds written to {ns.seeds}" if ns.seeds else ""), file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
