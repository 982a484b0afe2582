"""The bundled sample site without hand-written patterns (issue 11): each source with its `article`, `follow` and
`examples` keys removed finds the same articles as with them, with at most 30% more requests; and
`python -m crawler discover` on its start pages prints seeds that, pasted into a file, crawl the same articles."""
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from crawler.sample_site import serve, write_seeds
from crawler.seeds import check

from .conftest import REPO, read_jsonl
from .crawl_util import FAST, scrapy_crawl, summary


def stored(work) -> set[str]:
    return {r["url"] for shard in (work / "data" / "corpus").glob("*.jsonl") for r in read_jsonl(shard)}


def without_patterns(path):
    """The seeds file with every source's article, follow and examples lines taken out."""
    text = re.sub(r"\n    (article|follow|examples): .*", "", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site():
    server, base = serve()
    yield server, base
    server.stop()


def crawl(server, work, seeds_path):
    before = len(server.requests)
    proc = scrapy_crawl(work, seeds_path, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return summary(work), [r for r in server.requests[before:] if r[1] != "/robots.txt"]


@pytest.fixture(scope="module")
def written_and_learned(site, tmp_path_factory):
    """The sample site crawled with its seeds as written (on the module's server) and with their patterns taken
    out (on a server of its own, so that the two crawls run side by side: each server's requests are its
    crawl's). Stored URLs are compared as paths: the servers' ports differ."""
    def run(mode, server, base):
        work = tmp_path_factory.mktemp(mode)
        path = write_seeds(base, work / "seeds.yaml")
        if mode == "learned":
            without_patterns(path)
        report, requests = crawl(server, work, path)
        urls = stored(work)
        return {"report": report, "requests": requests, "stored": urls, "work": work, "seeds": path,
                "paths": {url.removeprefix(base) for url in urls}}

    own, own_base = serve()
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = {"written": pool.submit(run, "written", *site), "learned": pool.submit(run, "learned", own, own_base)}
        return {mode: future.result() for mode, future in futures.items()}
    finally:
        own.stop()


def test_every_sample_source_finds_the_same_articles_without_its_patterns(written_and_learned):
    written, learned = written_and_learned["written"], written_and_learned["learned"]
    assert len(written["stored"]) == 19  # MANIFEST.md's expected count
    assert learned["paths"] == written["paths"]
    for sid, source in learned["report"]["sources"].items():
        assert source["patterns"] == "discovered", sid
        assert source["kept"] == written["report"]["sources"][sid]["kept"], sid
    assert "article:" not in learned["seeds"].read_text(encoding="utf-8")


def test_discovery_costs_at_most_30_percent_more_requests(written_and_learned):
    written, learned = (len(written_and_learned[m]["requests"]) for m in ("written", "learned"))
    assert learned <= 1.3 * written, (learned, written)


def test_discover_prints_seeds_that_crawl_the_same_articles(site, written_and_learned, tmp_path):
    server, base = site
    starts = [f"{base}/kjt/col/col1001/index.html", f"{base}/trs/kjdt/index.html", f"{base}/news/rss/scroll-news.xml",
              f"{base}/sitemap.xml"]
    proc = subprocess.run([sys.executable, "-m", "crawler", "discover", *starts, *FAST], cwd=tmp_path,
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    entries = yaml.safe_load(proc.stdout)["sources"]
    assert [e["start_urls"][0] for e in entries] == starts
    for e in entries:
        assert e["status"] == "unconfirmed" and e["article"] and e["examples"]
    kjt, trs, news, county = entries
    assert any("pageNum" in f for f in kjt["follow"]) and any("index_" in f for f in trs["follow"])
    assert news.get("list") == "rss" and county.get("list") == "sitemap"
    # the general news sources are told apart from the 科创 ones by what their pages are about
    assert [e["topic"] for e in entries] == ["all", "all", "keywords", "keywords"]
    # pasted as printed into a seeds file, it passes check-seeds and crawls the same articles as the hand-written
    # seeds
    pasted = tmp_path / "pasted.yaml"
    pasted.write_text(proc.stdout, encoding="utf-8")
    assert [p for p in check(pasted) if not p.warning] == []
    work = tmp_path / "crawl"
    report, _ = crawl(server, work, pasted)
    assert stored(work) == written_and_learned["written"]["stored"]
    assert all(s["patterns"] == "written" for s in report["sources"].values())
