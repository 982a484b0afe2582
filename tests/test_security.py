"""Security: the crawler stays on the public internet (redirects and DNS answers included), XML and HTML are
parsed without entity resolution or network access, output file names never come from URLs or records, and
credentials stay out of seeds, logs and the corpus."""
import html as htmlmod
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.sitemap import Sitemap

from cleaners.inputs import RawDoc
from cleaners.pipeline import process
from crawler.netguard import PINNED, PinnedResolver, check_answers, non_public
from crawler.sample_site import serve, write_seeds

from .conftest import FIXTURES, REPO, read_jsonl, run_cli
from .crawl_util import scrapy_crawl, summary

REFUSE = ["-s", "ALLOW_PRIVATE_ADDRESSES=False"]  # after crawl_util's FAST, which allows 127.0.0.1
CANARY = "CANARY-7f3a-SECRET-FILE-CONTENT"


@pytest.fixture(scope="module")
def site():
    server, base = serve()
    yield server, base
    server.stop()


# --- the address guard ---------------------------------------------------------------------------------
@pytest.mark.parametrize("address, why", [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"), ("10.0.0.7", "private"),
    ("172.16.5.4", "private"), ("192.168.1.1", "private"), ("169.254.169.254", "link-local"),
    ("fe80::1%eth0", "link-local"), ("224.0.0.251", "multicast"), ("0.0.0.0", "unspecified"),
    ("100.64.0.1", "not-global"), ("240.0.0.1", "reserved"), ("fc00::1", "private"),
    ("::ffff:127.0.0.1", "loopback"), ("64:ff9b::a00:1", "private"), ("2002:7f00:1::", "loopback"),
    ("8.8.8.8", None), ("2400:3200::1", None), ("223.5.5.5", None),
])
def test_non_public_addresses_are_named(address, why):
    assert non_public(address) == why


def test_one_private_answer_among_public_ones_refuses_the_host():
    assert check_answers("mixed.example", ["8.8.8.8", "10.0.0.1"]) == "blocked_address: mixed.example resolves to private address 10.0.0.1"
    assert check_answers("public.example", ["8.8.8.8", "2400:3200::1"]) is None


def test_the_connection_goes_to_the_address_the_guard_checked():
    """DNS rebinding: the resolver Scrapy connects through answers from the guard's pinned answer."""
    from twisted.internet import reactor

    PINNED["rebind.example"] = "93.184.215.14"
    try:
        result = []
        PinnedResolver(reactor, 0, 5).getHostByName("rebind.example").addCallback(result.append)
        assert result == ["93.184.215.14"]
    finally:
        del PINNED["rebind.example"]


def test_by_default_the_crawler_refuses_loopback(site, tmp_path):
    server, base = site
    seeds = write_seeds(base, tmp_path / "seeds.yaml")
    server.reset()
    proc = scrapy_crawl(tmp_path, seeds, "-a", "source=sample_trs", *REFUSE)
    assert server.requests == []  # not even robots.txt
    assert proc.returncode == 3, proc.stderr[-2000:]  # the source could fetch no list page: cron hears of it
    trs = summary(tmp_path)["sources"]["sample_trs"]
    assert trs["blocked_address"] >= 1 and trs["error_reasons"] == {"blocked_address": trs["errors"]}
    assert "blocked_address: 127.0.0.1 resolves to loopback address 127.0.0.1" in proc.stderr
    assert proc.stderr.count("-s PRIVATE_ADDRESS_ALLOWLIST=127.0.0.1 or -s ALLOW_PRIVATE_ADDRESSES=True") == 1


def guard_seeds(tmp_path: Path, base: str) -> Path:
    seeds = tmp_path / "guard.yaml"
    seeds.write_text(
        "sources:\n  - id: guard\n    name: 防护\n    start_urls: ['" + base + "/faults/guard.html']\n"
        "    article: '/faults/art/[a-z-]+\\.html$'\n    topic: all\n", encoding="utf-8")
    return seeds


def test_a_name_that_resolves_to_loopback_is_refused(site, tmp_path):
    """The check is on the DNS answers, not on the spelling of the host."""
    server, base = site
    assert "127.0.0.1" in {i[4][0] for i in socket.getaddrinfo("localhost", None)}
    server.reset()
    proc = scrapy_crawl(tmp_path, guard_seeds(tmp_path, base.replace("127.0.0.1", "localhost")), *REFUSE)
    assert server.requests == []
    assert re.search(r"blocked_address: localhost resolves to loopback address (127\.0\.0\.1|::1)", proc.stderr)


def test_a_redirect_to_loopback_is_refused(site, tmp_path):
    """localhost is trusted here (PRIVATE_ADDRESS_ALLOWLIST); its page redirects to 127.0.0.1, which is not."""
    server, base = site
    server.reset()
    proc = scrapy_crawl(tmp_path, guard_seeds(tmp_path, base.replace("127.0.0.1", "localhost")), *REFUSE,
                        "-s", "PRIVATE_ADDRESS_ALLOWLIST=localhost")
    paths = [p for _, p in server.requests]
    assert "/faults/guard.html" in paths and "/faults/art/to-loopback.html" in paths  # the allowed host
    # ok.html once: through the page's own localhost link, never as the redirect's 127.0.0.1 target
    assert paths.count("/faults/art/ok.html") == 1
    guard = summary(tmp_path)["sources"]["guard"]
    assert guard["error_reasons"] == {"blocked_address": 1} and guard["blocked_address"] == 1
    assert "(redirected from http://localhost:" in proc.stderr


# --- XML and HTML parsing: no entities, no network ---------------------------------------------------------
def xxe_doctype(root: str, secret: Path, base: str) -> str:
    return (f'<!DOCTYPE {root} [\n<!ENTITY xxe SYSTEM "file://{secret}">\n'
            f'<!ENTITY net SYSTEM "{base}/xxe-network-fetch">\n<!ENTITY % remote SYSTEM "{base}/xxe-dtd-fetch">\n%remote;\n]>\n')


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A site whose feed, sitemap and article pages carry XXE payloads pointing at a local file and at the
    server itself, and whose URLs and ids are hostile file names."""
    root = tmp_path_factory.mktemp("hostile_site")
    secret = tmp_path_factory.mktemp("secret") / "secret.txt"
    secret.write_text(CANARY, encoding="utf-8")
    server, base = serve(root)
    lines = [line.strip() for line in (FIXTURES / "seeds" / "000_2848a3437ea9dc97.txt").read_text(encoding="utf-8").splitlines()
             if len(line.strip()) > 20]
    body = "".join(f"<p>{htmlmod.escape(line)}</p>" for line in lines)
    (root / "news").mkdir()
    names = ["a1", "..%2F..%2Fevil", "con", "x%00y"]
    for i, name in enumerate(names):
        page = (xxe_doctype("html", secret, base) + '<html><head><meta charset="utf-8"><title>科创新闻'
                f"{i}</title></head><body><h1>科创新闻{i} &xxe;</h1><div id=\"zoom\"><p>第{i}篇 &xxe; &net;</p>{body}</div></body></html>")
        (root / "news" / f"{name.replace('%2F', '_').replace('%00', '_')}.shtml").write_text(page, encoding="utf-8")
    items = "".join(f"<item><title>t &xxe;</title><link>{{base}}/news/{n}.shtml</link></item>" for n in names[:2])
    (root / "feed.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + xxe_doctype("rss", secret, base)
                                   + f'<rss version="2.0"><channel><title>&xxe;</title>{items}'
                                   "<item><link>{base}/news/&xxe;.shtml</link></item></channel></rss>\n", encoding="utf-8")
    locs = "".join(f"<url><loc>{{base}}/news/{n}.shtml</loc></url>" for n in names[2:])
    (root / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + xxe_doctype("urlset", secret, base)
                                      + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + locs
                                      + "<url><loc>{base}/news/&xxe;.shtml</loc></url></urlset>\n", encoding="utf-8")
    yield {"server": server, "base": base, "root": root, "secret": secret}
    server.stop()


@pytest.fixture(scope="module")
def hostile_crawl(hostile_site, tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile_crawl")
    base = hostile_site["base"]
    seeds = work / "seeds.yaml"
    seeds.write_text(
        "sources:\n"
        f"  - {{id: feed, name: 订阅, list: rss, start_urls: ['{base}/feed.xml'], article: '/news/[^/]+\\.shtml$', topic: all}}\n"
        f"  - {{id: map, name: 地图, list: sitemap, start_urls: ['{base}/sitemap.xml'], article: '/news/[^/]+\\.shtml$', topic: all}}\n",
        encoding="utf-8")
    hostile_site["server"].reset()
    proc = scrapy_crawl(work, seeds, "-O", str(work / "out.jsonl"), "-s", "LOG_LEVEL=DEBUG")
    return {"proc": proc, "work": work, "requests": [p for _, p in hostile_site["server"].requests]}


def test_xxe_in_feed_sitemap_and_pages_never_reads_the_file_or_the_network(hostile_crawl):
    proc, work = hostile_crawl["proc"], hostile_crawl["work"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    kept = read_jsonl(work / "out.jsonl")
    assert kept  # the pages themselves were crawled and cleaned
    assert not [p for p in hostile_crawl["requests"] if "xxe" in p or CANARY in p]  # no entity fetched anything
    for path in work.rglob("*"):
        if path.is_file() and not path.name.endswith(".gz"):
            assert CANARY not in path.read_text(encoding="utf-8", errors="replace"), path
    assert CANARY not in proc.stderr


def test_the_parsers_themselves_leave_entities_unresolved(hostile_site):
    root, base = hostile_site["root"], hostile_site["base"]
    feed = (root / "feed.xml").read_bytes().replace(b"{base}", base.encode())
    response = XmlResponse(url=f"{base}/feed.xml", body=feed)
    response.selector.remove_namespaces()
    assert CANARY not in " ".join(response.xpath("//text()").getall())
    sitemap = (root / "sitemap.xml").read_bytes().replace(b"{base}", base.encode())
    assert CANARY not in json.dumps(list(Sitemap(sitemap)))
    page = (root / "news" / "a1.shtml").read_bytes()
    assert CANARY not in " ".join(HtmlResponse(url=f"{base}/news/a1.shtml", body=page).xpath("//text()").getall())
    record, reason = process(RawDoc("a1", "html", page, url=f"{base}/news/a1.shtml"))
    assert CANARY not in json.dumps(record, ensure_ascii=False)
    assert not [p for _, p in hostile_site["server"].requests if "xxe" in p]


# --- file names -----------------------------------------------------------------------------------------
NAMES = [r"corpus/\d{4}-\d{2}-\d{2}\.jsonl", r"rejects/\d{4}-\d{2}-\d{2}\.jsonl", r"raw/\d{8}-\d{6}-\d+\.warc\.gz",
         r"state/(lock|state\.sqlite(-wal|-shm)?)", r"state/runs/\d{8}-\d{6}-\d+\.json"]


def test_crawl_output_names_come_from_dates_and_pids_never_from_urls(hostile_crawl):
    data = hostile_crawl["work"] / "data"
    files = [p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()]
    assert any(f.startswith("corpus/") for f in files)
    for f in files:
        assert any(re.fullmatch(n, f) for n in NAMES), f
    assert {p.name for p in hostile_crawl["work"].iterdir()} == {"data", "seeds.yaml", "out.jsonl", "summary.json"}


def test_clean_writes_only_the_paths_the_user_named(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    text = (FIXTURES / "seeds" / "000_2848a3437ea9dc97.txt").read_text(encoding="utf-8")
    records = [{"id": "../../escape", "url": "file:///etc/passwd", "text": text},
               {"id": "/tmp/absolute-name", "url": "http://x/../../y", "text": "短"},
               {"id": "a/b\x00c", "html": "<html><body><p>x</p></body></html>"}]
    (src / "in.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    out = tmp_path / "work" / "out.jsonl"
    out.parent.mkdir()
    before = set(Path("/tmp").iterdir())
    proc = run_cli("clean", str(src), "-o", str(out), "-q", cwd=out.parent)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.parent.iterdir()) == ["out.jsonl", "out.rejects.jsonl"]
    assert sorted(p.name for p in src.iterdir()) == ["in.jsonl"]
    assert not (tmp_path / "escape").exists()
    assert not {p for p in set(Path("/tmp").iterdir()) - before if "absolute-name" in p.name or "escape" in p.name}
    ids = [r["id"] for r in read_jsonl(out) + read_jsonl(out.parent / "out.rejects.jsonl")]
    assert sorted(ids) == sorted(r["id"] for r in records)


# --- credentials ----------------------------------------------------------------------------------------
def test_seeds_with_credentials_are_refused_without_echoing_them(tmp_path):
    bad = tmp_path / "creds.yaml"
    bad.write_text("sources:\n  - id: creds\n    name: 凭据\n    start_urls: ['http://admin:HUNTER2@example.org/list.html']\n"
                   "    article: '/art/'\n", encoding="utf-8")
    proc = scrapy_crawl(tmp_path, bad)
    assert proc.returncode == 2
    assert "credentials in URL refused" in proc.stderr and "HUNTER2" not in proc.stderr


def test_proxy_credentials_and_link_credentials_stay_out_of_logs_and_corpus(site, tmp_path):
    server, base = site
    server.reset()
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "http_proxy", "https_proxy")}
    env["http_proxy"] = base.replace("http://", "http://crawler:PROXY-PASSWORD@")  # the sample site proxies itself
    work = tmp_path
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"seeds={guard_seeds(tmp_path, base)}",
         "-s", f"DATA_DIR={work / 'data'}", "-s", f"SUMMARY_FILE={work / 'summary.json'}", "-O", str(work / "out.jsonl"),
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=DEBUG",
         "-s", "ALLOW_PRIVATE_ADDRESSES=True"],
        cwd=REPO, capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert any(line.startswith("GET http://") for line in server.request_lines)  # it did go through the proxy
    assert "/faults/art/ok.html" in [p for _, p in server.requests]  # the link with user:pass@ was fetched
    import base64
    hidden = ["PROXY-PASSWORD", "LINK-PASSWORD", base64.b64encode(b"crawler:PROXY-PASSWORD").decode(),
              base64.b64encode(b"reader:LINK-PASSWORD").decode()]
    outputs = [proc.stdout, proc.stderr] + [p.read_text(encoding="utf-8", errors="replace")
                                           for p in work.rglob("*") if p.is_file() and not p.name.endswith(".gz")]
    for secret in hidden:
        assert not [o for o in outputs if secret in o], secret
    assert all("@" not in r["url"] for r in read_jsonl(work / "out.jsonl"))
