"""Crawler traps end by themselves (issue 10, item 1). A list page that links to ?page=N+1 for ever, or an
e-paper calendar whose `follow` pattern matches every day back to year 1, used to keep a run going until it was
killed, holding the state lock so that every later cron run exited 75. Default bounds now stop every source's
list-page walk: MAX_LIST_DEPTH, MAX_LIST_PAGES_PER_SOURCE (for a seed without max_pages),
MAX_LIST_PAGES_PER_RUN and SOURCE_WALL_TIME. Each run here is the real `scrapy crawl portal` against a real
trap server on 127.0.0.1, with small -s bounds, and must end by itself, count the bound in its summary and store
the articles found before it."""
import subprocess
import sys

import pytest

from .conftest import REPO, read_jsonl
from .crawl_util import FAST, scrapy_crawl, summary
from .trap_site import seeds, serve

HIGH = ["-s", "MAX_LIST_DEPTH=100000", "-s", "MAX_LIST_PAGES_PER_SOURCE=100000", "-s", "MAX_LIST_PAGES_PER_RUN=100000"]
TIMEOUT = 240  # a run that does not end fails here instead of hanging the suite


@pytest.fixture(scope="module")
def site():
    server, base = serve()
    yield server, base
    server.stop()


def stored_urls(work) -> set[str]:
    return {r["url"] for shard in sorted((work / "data" / "corpus").glob("*.jsonl")) for r in read_jsonl(shard)}


def trap_articles(base: str, col: str, pages: int) -> set[str]:
    return {f"{base}/trap/{col}/art/{page}-{i}.html" for page in range(1, pages + 1) for i in (1, 2)}


def test_a_pagination_trap_ends_at_max_list_depth(site, tmp_path):
    server, base = site
    path = seeds(base, tmp_path / "seeds.yaml", ["trap_depth"])
    proc = scrapy_crawl(tmp_path, path, "-s", "MAX_LIST_DEPTH=5", timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr[-3000:]  # a bound is no failure
    report = summary(tmp_path)
    source = report["sources"]["trap_depth"]
    # the start page is depth 0: pages 1-6 read, page 7 refused and counted
    assert source["list_pages"] == 6 and source["over_max_depth"] == 1
    assert server.count(r"/trap/depth/list\?page=7$") == 0
    assert source["article_links"] == source["fetched"] == source["kept"] == 12
    assert stored_urls(tmp_path) == trap_articles(base, "depth", 6)
    assert report["bounds"]["MAX_LIST_DEPTH"] == 5
    assert report["bounded_sources"] == {"trap_depth": "MAX_LIST_DEPTH=5: 1 list page left out"}
    assert "source trap_depth: stopped by a default bound (MAX_LIST_DEPTH=5" in proc.stderr


def test_a_seed_without_max_pages_gets_the_default_cap(site, tmp_path):
    """The default applies to the seed that forgot max_pages; a seed's own max_pages still wins, and is a choice
    the summary does not report as a bound."""
    server, base = site
    path = seeds(base, tmp_path / "seeds.yaml", ["trap_nocap", "trap_ownc"], trap_ownc={"max_pages": 3})
    proc = scrapy_crawl(tmp_path, path, *HIGH, "-s", "MAX_LIST_PAGES_PER_SOURCE=4", timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = summary(tmp_path)
    nocap, own = report["sources"]["trap_nocap"], report["sources"]["trap_ownc"]
    assert (nocap["list_pages"], nocap["over_max_pages"], nocap["kept"]) == (4, 1, 8)
    assert (own["list_pages"], own["over_max_pages"], own["kept"]) == (3, 1, 6)
    assert stored_urls(tmp_path) == trap_articles(base, "nocap", 4) | trap_articles(base, "ownc", 3)
    assert report["bounded_sources"] == {"trap_nocap": "MAX_LIST_PAGES_PER_SOURCE=4: 1 list page left out"}


def test_the_run_cap_holds_over_all_sources(site, tmp_path):
    server, base = site
    path = seeds(base, tmp_path / "seeds.yaml", ["trap_runa", "trap_runb"])
    proc = scrapy_crawl(tmp_path, path, *HIGH, "-s", "MAX_LIST_PAGES_PER_RUN=7", timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = summary(tmp_path)
    a, b = report["sources"]["trap_runa"], report["sources"]["trap_runb"]
    assert a["list_pages"] + b["list_pages"] == 7  # both start pages among them
    assert a["over_run_pages"] + b["over_run_pages"] >= 1
    assert server.count(r"/trap/run[ab]/list") == 7
    for s in (a, b):
        assert s["kept"] == s["fetched"] == s["article_links"] == 2 * s["list_pages"]
    assert set(report["bounded_sources"]) == {sid for sid, s in report["sources"].items() if s["over_run_pages"]}


def test_an_open_ended_calendar_ends_at_the_wall_time(tmp_path):
    """wzrb's `follow` (/html/YYYY-MM/DD/node_N.htm) over an e-paper whose days link to the day before, back to
    year 1, and no other bound in reach: SOURCE_WALL_TIME ends it. Articles of the pages read are stored."""
    server, base = serve(delay=0.05)
    try:
        path = seeds(base, tmp_path / "seeds.yaml", ["calendar"])
        proc = scrapy_crawl(tmp_path, path, *HIGH, "-s", "SOURCE_WALL_TIME=1", timeout=TIMEOUT)
    finally:
        server.stop()
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = summary(tmp_path)
    source = report["sources"]["calendar"]
    assert source["over_wall_time"] >= 1 and source["list_pages"] >= 1
    assert source["errors"] == 0  # queued list pages dropped at the bound are counted there, not as errors
    assert source["kept"] == source["fetched"] == source["article_links"] == len(stored_urls(tmp_path)) > 0
    assert report["bounded_sources"]["calendar"].startswith("SOURCE_WALL_TIME=1: ")


def test_with_no_bound_given_a_trap_ends_at_the_defaults(site, tmp_path):
    """No -s bound at all (the seeds as shipped would run): the project's defaults end the trap."""
    from crawler import settings

    server, base = site
    path = seeds(base, tmp_path / "seeds.yaml", ["trap_dflt"])
    proc = scrapy_crawl(tmp_path, path, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    source = summary(tmp_path)["sources"]["trap_dflt"]
    depth = settings.MAX_LIST_DEPTH
    assert depth < settings.MAX_LIST_PAGES_PER_SOURCE  # so the depth is the bound a linear trap meets first
    assert source["list_pages"] == depth + 1 and source["over_max_depth"] == 1
    assert source["kept"] == 2 * (depth + 1)


@pytest.mark.parametrize("setting, value, why", [
    ("MAX_LIST_DEPTH", "0", "must be above 0"),
    ("MAX_LIST_PAGES_PER_RUN", "lots", "not a whole number"),
    ("SOURCE_WALL_TIME", "inf", "must be above 0 and finite"),
    ("MAX_LINKS_PER_PAGE", "-1", "must be above 0"),
])
def test_a_bad_bound_is_an_error_and_exit_2_before_any_request(tmp_path, setting, value, why):
    path = seeds("http://127.0.0.1:9", tmp_path / "seeds.yaml", ["trap_x"])
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"seeds={path}",
         "-s", f"DATA_DIR={tmp_path / 'data'}", *FAST, "-s", f"{setting}={value}"],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert f"error: -s {setting}={value}: {why}" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "data" / "corpus").exists()
    assert "Spider opened" not in proc.stderr
    lines = proc.stderr.strip().splitlines()  # one line, before Scrapy logs anything or a lock is taken
    assert len(lines) == 1 and lines[0].startswith(f"scrapy crawl: error: -s {setting}={value}: {why}"), lines


def test_a_list_page_is_read_up_to_max_links_per_page(site, tmp_path):
    """A page of a million links is a trap too (issue 10, item 5: reading one took 7 s): the first
    MAX_LINKS_PER_PAGE links are read in page order, the rest counted as over_max_links."""
    server, base = site
    path = seeds(base, tmp_path / "seeds.yaml", ["trap_wide"],
                 trap_wide={"start_urls": [f"{base}/trap/wide/list?page=1&links=40"], "max_pages": 1})
    proc = scrapy_crawl(tmp_path, path, "-s", "MAX_LINKS_PER_PAGE=10", timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    source = summary(tmp_path)["sources"]["trap_wide"]
    assert (source["article_links"], source["over_max_links"], source["kept"]) == (10, 31, 10)  # 40 articles + next
    assert stored_urls(tmp_path) == {f"{base}/trap/wide/art/1-{i}.html" for i in range(1, 11)}
    assert "31 links past MAX_LINKS_PER_PAGE=10 not read" in proc.stderr
