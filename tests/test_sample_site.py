"""The local sample site (crawler/sample_site.py over tests/fixtures/site) answers like the real CMSs it copies."""
import html
import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
import yaml

from crawler.sample_site import DEFAULT_ROOT, html_charset, query_file_name, serve, write_seeds

from .conftest import REPO, SEEDS, local_copy

SITE = DEFAULT_ROOT
MANIFEST = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))
FORM = {"col": "1", "appid": "1", "webid": "1", "path": "/", "columnid": "1001", "sourceContentType": "1",
        "unitid": "1", "permissiontype": "0"}
DATAPROXY = "/kjt/module/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15"


def manifest_md_rows() -> dict[str, str]:
    """URL → expected outcome, from the article table of MANIFEST.md (the human-facing promise)."""
    rows = {}
    for line in (SITE / "MANIFEST.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| `(/[^`]+)` \| (\w+) \|", line)
        if m:
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            rows[m.group(1)] = cells[6]
    return rows


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(base, path, data=None, method=None, follow=True):
    """(status, headers, body, final_url) for a request to the sample site; HTTP errors are answers too."""
    if isinstance(data, dict):
        data = "&".join(f"{k}={v}" for k, v in data.items()).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as r:
            return r.status, r.headers, r.read(), r.url
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read(), None


@pytest.fixture(scope="module")
def site():
    server, base = serve()
    yield server, base
    server.stop()


@pytest.fixture
def fresh():
    server, base = serve()
    yield server, base
    server.stop()


def test_binds_localhost_only(site):
    server, base = site
    assert server.server_address[0] == "127.0.0.1"
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base)


def test_robots_txt(site):
    _, base = site
    status, headers, body, _ = fetch(base, "/robots.txt")
    assert status == 200
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    lines = body.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Disallow: /kjt/private/"]
    assert f"Sitemap: {base}/sitemap.xml" in lines


def test_hanweb_list_page(site):
    _, base = site
    status, headers, body, _ = fetch(base, "/kjt/col/col1001/index.html")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    text = body.decode()
    for n in ("101", "102", "103", "104", "100", "flaky"):
        assert f'href="/kjt/art/2024/6/9/art_1001_{n}.html"' in text
    assert 'href="/kjt/private/art/2024/6/9/art_1001_900.html"' in text
    assert 'href="/kjt/col/col1001/index.html?uid=1&amp;pageNum=2"' in text  # as HTML writes it


def test_pagination_query_string_maps_to_a_file(site):
    _, base = site
    assert query_file_name("index.html", "uid=1&pageNum=2") == "index.html__pageNum=2&uid=1"
    page2 = (SITE / "kjt/col/col1001/index.html__pageNum=2&uid=1").read_bytes()
    for query in ("uid=1&pageNum=2", "pageNum=2&uid=1"):
        status, headers, body, _ = fetch(base, f"/kjt/col/col1001/index.html?{query}")
        assert status == 200 and body == page2
        assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"art_1001_105.html" in page2 and b"art_1001_404.html" in page2
    assert fetch(base, "/kjt/col/col1001/index.html?uid=1&pageNum=3")[0] == 404
    assert fetch(base, "/kjt/col/col1001/index.html?uid=1&amp;pageNum=2")[0] == 404  # an unescaped &amp;
    assert fetch(base, "/kjt/col/col1001/index.html__pageNum=2&uid=1")[0] == 404  # files reached only by query


def test_dataproxy_post_lists_the_column(site):
    _, base = site
    status, headers, body, _ = fetch(base, DATAPROXY, data=FORM)
    assert status == 200 and headers["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(body)
    assert root.tag == "datastore"
    records = [r.text for r in root.find("recordset")]
    assert int(root.findtext("totalrecord")) == len(records) == 9
    links = [re.search(r'href="([^"]+)"', r).group(1) for r in records]
    assert links[:3] == [f"/kjt/art/2024/6/10/art_1001_{n}.html" for n in (20, 21, 22)]
    assert set(links[3:]) == {f"/kjt/art/2024/6/9/art_1001_{n}.html" for n in range(101, 107)}
    assert "<span" in records[0] and "<li>" in records[0]
    # the extras are on no HTML list page
    pages = (SITE / "kjt/col/col1001/index.html").read_text() + (SITE / "kjt/col/col1001/index.html__pageNum=2&uid=1").read_text()
    assert not any(link in pages for link in links[:3])


def test_dataproxy_slices_and_refuses(site):
    _, base = site
    body = fetch(base, "/kjt/module/jpage/dataproxy.jsp?startrecord=4&endrecord=5&perpage=15", data=FORM)[2]
    root = ET.fromstring(body)
    assert len(root.find("recordset")) == 2 and root.findtext("totalrecord") == "9"
    body = fetch(base, "/kjt/module/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15", data=FORM)[2]
    assert len(ET.fromstring(body).find("recordset")) == 0
    for wrong in ({"unitid": "2"}, {"webid": "7"}, {"columnid": "9999"}):
        body = fetch(base, DATAPROXY, data={**FORM, **wrong})[2]
        assert ET.fromstring(body).findtext("totalrecord") == "0", wrong
    status, headers, _, _ = fetch(base, DATAPROXY)
    assert status == 405 and headers["Allow"] == "POST"


def test_trs_pages(site):
    _, base = site
    for n, name in enumerate(("index.html", "index_1.html", "index_2.html")):
        status, _, body, _ = fetch(base, f"/trs/kjdt/{name}")
        assert status == 200
        assert f'createPageHTML({3}, {n}, "index", "html");' in body.decode()
    assert b'href="./202406/t20240609_1001.html"' in fetch(base, "/trs/kjdt/index.html")[2]
    assert fetch(base, "/trs/kjdt/")[2] == fetch(base, "/trs/kjdt/index.html")[2]
    assert fetch(base, "/trs/kjdt/index_3.html")[0] == 404


def test_rss_feed(site):
    _, base = site
    status, headers, body, _ = fetch(base, "/news/rss/scroll-news.xml")
    assert status == 200 and headers["Content-Type"] == "text/xml; charset=utf-8"
    channel = ET.fromstring(body).find("channel")
    links = [item.findtext("link") for item in channel.findall("item")]
    assert links == [f"{base}/news/gn/2020/06-09/92070{n:02d}.shtml" for n in range(1, 7)]
    assert all(item.findtext("pubDate").endswith("+0800") for item in channel.findall("item"))
    assert b"{base}" not in body


def test_sitemap(site):
    _, base = site
    status, headers, body, _ = fetch(base, "/sitemap.xml")
    assert status == 200 and headers["Content-Type"] == "text/xml; charset=utf-8"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.fromstring(body).findall("s:url/s:loc", ns)]
    assert locs[0] == f"{base}/county/index.html"
    assert all(re.fullmatch(re.escape(base) + r"/county/system/2024/06/09/\d{9}\.shtml", u) for u in locs[1:])
    assert len(locs) == 6


def test_base_follows_the_host_header(site):
    server, base = site
    port = server.server_address[1]
    request = urllib.request.Request(f"{base}/robots.txt", headers={"Host": f"localhost:{port}"})
    with urllib.request.urlopen(request, timeout=10) as r:
        assert f"Sitemap: http://localhost:{port}/sitemap.xml" in r.read().decode()


def test_gbk_page_bytes_and_header(site):
    _, base = site
    status, headers, body, _ = fetch(base, "/kjt/art/2024/6/9/art_1001_104.html")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=gb2312"
    assert body == (SITE / "kjt/art/2024/6/9/art_1001_104.html").read_bytes()
    assert b'charset=gb2312' in body[:2000]
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert "农机专家李金泽" in body.decode("gb18030")


def test_charset_header_tells_the_truth():
    assert html_charset("<meta charset=gb2312>中文".encode("utf-8")) == "utf-8"  # stale label on UTF-8 bytes
    assert html_charset('<meta content=text/html; charset=GBK>中文'.encode("gbk")) == "gbk"
    assert html_charset("中文".encode("gbk")) == "gbk"
    for url, charset in (("/trs/kjdt/202406/t20240609_1001.html", "utf-8"),   # stale GB2312 meta
                         ("/trs/kjdt/202406/t20240609_1005.html", "gbk")):    # no declaration at all
        assert html_charset((SITE / url.lstrip("/")).read_bytes()) == charset


def test_missing_article_is_404(site):
    _, base = site
    status, headers, _, _ = fetch(base, "/kjt/art/2024/6/9/art_1001_404.html")
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    for hidden in ("/MANIFEST.md", "/manifest.json", "/seeds.yaml.tmpl", "/_build.py", "/LICENSES/cwced-MIT.txt",
                   "/kjt/module/jpage/dataproxy.jsp__columnid=1001.xml", "/%2e%2e/README.md"):
        assert fetch(base, hidden)[0] == 404, hidden


def test_flaky_page_fails_once_per_server(fresh):
    server, base = fresh
    path = "/kjt/art/2024/6/9/art_1001_flaky.html"
    assert fetch(base, path)[0] == 500
    status, _, body, _ = fetch(base, path)
    assert status == 200 and body == (SITE / path.lstrip("/")).read_bytes()
    assert fetch(base, path)[0] == 200
    assert server.requested(path) == 3
    server.reset()
    assert fetch(base, path)[0] == 500


def test_redirect(site):
    _, base = site
    status, headers, _, _ = fetch(base, "/trs/kjdt/202406/t20240609_moved.html", follow=False)
    assert status == 301
    assert headers["Location"] == f"{base}/trs/kjdt/202406/t20240609_1004.html"
    status, _, body, url = fetch(base, "/trs/kjdt/202406/t20240609_moved.html")
    assert status == 200 and url == f"{base}/trs/kjdt/202406/t20240609_1004.html"
    assert body == (SITE / "trs/kjdt/202406/t20240609_1004.html").read_bytes()


def test_head_request(site):
    _, base = site
    status, headers, body, _ = fetch(base, "/kjt/col/col1001/index.html", method="HEAD")
    assert status == 200 and body == b""
    assert int(headers["Content-Length"]) == (SITE / "kjt/col/col1001/index.html").stat().st_size


def test_manifest_md_and_json_agree():
    rows = manifest_md_rows()
    assert rows == {a["url"]: a["expect"] for a in MANIFEST["articles"]}
    counts = MANIFEST["counts"]
    assert counts["total"] == {"article_urls_linked": 29, "article_pages": 26, "kept": 19, "off_topic": 7}
    assert [counts[s]["kept"] for s in ("kjt", "trs", "news", "county")] == [10, 5, 2, 2]
    assert sum(1 for a in MANIFEST["articles"] if a["topic"] == "on") >= 8
    for sub, c in counts.items():
        if sub != "total":
            kept = sum(1 for a in MANIFEST["articles"] if a["sub"] == sub and a["expect"].startswith("kept"))
            assert c["kept"] == kept
    text = (SITE / "MANIFEST.md").read_text(encoding="utf-8")
    for sub, c in counts.items():
        assert f"| {sub} | {c['article_urls_linked']} | {c['article_pages']} | {c['kept']} | {c['off_topic']} |" in text


def test_every_promised_article_url_is_served(fresh):
    _, base = fresh
    for url, expect in manifest_md_rows().items():
        if expect.startswith("404"):
            assert fetch(base, url)[0] == 404, url
        elif expect.startswith("301"):
            assert fetch(base, url, follow=False)[0] == 301, url
        else:  # kept, dropped, rejected, never fetched (it exists: only robots.txt protects it)
            status = fetch(base, url)[0]
            if expect == "kept after a retry":
                assert status == 500, url
                status = fetch(base, url)[0]
            assert status == 200, url


def test_every_linked_article_url_is_in_the_manifest(site):
    """The list pages, dataproxy, feed and sitemap link exactly the article URLs MANIFEST.md accounts for."""
    _, base = site
    seeds = yaml.safe_load((SITE / "seeds.yaml.tmpl").read_text(encoding="utf-8").replace("{base}", base))
    sources = {s["id"]: s for s in seeds["sources"]}
    pages = {"sample_kjt": ["/kjt/col/col1001/index.html", "/kjt/col/col1001/index.html?uid=1&pageNum=2"],
             "sample_trs": ["/trs/kjdt/index.html", "/trs/kjdt/index_1.html", "/trs/kjdt/index_2.html"],
             "sample_news": ["/news/rss/scroll-news.xml"], "sample_county": ["/sitemap.xml"]}
    sub_of = {"sample_kjt": "kjt", "sample_trs": "trs", "sample_news": "news", "sample_county": "county"}
    for sid, urls in pages.items():
        bodies = [fetch(base, u)[2].decode() for u in urls]
        if sid == "sample_kjt":
            bodies.append(fetch(base, DATAPROXY, data=FORM)[2].decode())
        found = set()
        for body in bodies:
            for href in re.findall(r"""(?:href="|<link>|<loc>)([^"<]+)""", body):
                href = urllib.parse.urljoin(base + urls[0], html.unescape(href)).removeprefix(base)
                if re.search(sources[sid]["article"], href):
                    found.add(href)
        promised = {a["url"] for a in MANIFEST["articles"] if a["sub"] == sub_of[sid] and not a["via"].startswith("301")}
        assert found == promised, sid
        assert len(found) == MANIFEST["counts"][sub_of[sid]]["article_urls_linked"]


def test_article_bytes_are_the_real_pages():
    for a in MANIFEST["articles"]:
        served = SITE / a["url"].lstrip("/")
        if a["kind"] == "copy":
            assert served.read_bytes() == local_copy(a["src"]).read_bytes(), a["url"]
        elif a["kind"] == "seed":
            page = served.read_text(encoding="utf-8")
            zoom = page.split('<div id="zoom">', 1)[1].split("</div>", 1)[0]
            paras = [html.unescape(p) for p in re.findall(r"<p(?: [^>]*)?>(?!<img)(.*?)</p>", zoom, re.S)]
            seed = (SEEDS / f"{a['src']}.txt").read_text(encoding="utf-8")
            assert paras == [line for line in seed.split("\n") if line.strip()], a["url"]
            assert f'<meta name="ArticleTitle" content="{html.escape(a["title"])}">' in page
            assert f'<meta name="PubDate" content="{a["pubdate"]}">' in page
    for licence in ("cwced-MIT.txt", "fundus-MIT.txt", "trafilatura-Apache-2.0.txt", "readability-Apache-2.0.md",
                    "GerapyAutoExtractor-Apache-2.0.txt"):
        assert (SITE / "LICENSES" / licence).is_file()


def test_write_seeds_renders_the_template(site, tmp_path):
    _, base = site
    out = write_seeds(base, tmp_path / "seeds" / "sample.yaml")
    text = out.read_text(encoding="utf-8")
    assert "{base}" not in text
    seeds = yaml.safe_load(text)
    by_id = {s["id"]: s for s in seeds["sources"]}
    assert set(by_id) == {"sample_kjt", "sample_trs", "sample_news", "sample_county"}
    for s in by_id.values():
        assert all(u.startswith(base + "/") for u in s["start_urls"])
        assert s["list"] in {"links", "hanweb", "trs", "rss", "sitemap"} and s["topic"] in {"all", "keywords"}
        assert s["level"] in {"national", "provincial", "municipal", "county"}
        assert fetch(base, s["start_urls"][0].removeprefix(base))[0] == 200
    assert by_id["sample_kjt"]["hanweb"] == {"columnid": 1001, "unitid": 1, "webid": 1,
                                             "path": "/kjt/module/jpage/dataproxy.jsp", "perpage": 15}
    # only robots.txt keeps a crawler out of /kjt/private/: the URL looks like any article
    assert re.search(by_id["sample_kjt"]["article"], base + "/kjt/private/art/2024/6/9/art_1001_900.html")
    assert re.search(by_id["sample_kjt"]["follow"][0], base + "/kjt/col/col1001/index.html?uid=1&pageNum=2")
    assert not re.search(by_id["sample_kjt"]["article"], base + "/kjt/col/col1001/index.html")


def test_cli_serves_in_the_foreground(tmp_path):
    seeds = tmp_path / "demo.yaml"
    proc = subprocess.Popen([sys.executable, "-m", "crawler.sample_site", "--port", "0", "--seeds", str(seeds)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = proc.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base)
        assert fetch(base, "/robots.txt")[0] == 200
        assert fetch(base, "/nothing-here.html")[0] == 404
        assert base in seeds.read_text(encoding="utf-8")
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert "GET" not in err  # quiet: no per-request log without --verbose
