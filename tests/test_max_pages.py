"""max_pages has one meaning, in a seed and on the command line: list pages per source (how deep into its
columns' pagination a run goes). Every article on the pages read is fetched, and a source that the cap stopped
before any article link is named in the run summary."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from crawler.sample_site import serve, write_seeds

from .crawl_util import list_pages_per_source, scrapy_crawl, summary


@pytest.fixture(scope="module")
def site():
    server, base = serve()
    yield server, base
    server.stop()


def _crawl_trs(work, seed_max_pages: int | None, *args: str):
    """A crawl of sample_trs on a sample site of its own (its requests are the crawl's): (list pages read, counts)."""
    server, base = serve()
    try:
        seeds = write_seeds(base, work / "seeds.yaml")
        if seed_max_pages is not None:
            seeds.write_text(seeds.read_text(encoding="utf-8").replace(
                "    list: trs\n", f"    list: trs\n    max_pages: {seed_max_pages}\n"), encoding="utf-8")
        proc = scrapy_crawl(work, seeds, "-a", "source=sample_trs", *args)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return list_pages_per_source(server.requests)["sample_trs"], summary(work)["sources"]["sample_trs"]
    finally:
        server.stop()


def test_the_seed_and_the_command_line_mean_the_same_and_the_command_line_wins(tmp_path):
    crawls = {"seed": (2,), "cli": (None, "-a", "max_pages=2"),
              "both": (1, "-a", "max_pages=3")}  # both: a deeper run than the seed's
    with ThreadPoolExecutor(max_workers=3) as pool:   # three crawls of their own, side by side
        futures = {name: pool.submit(_crawl_trs, tmp_path / name, *how) for name, how in crawls.items()}
    in_seed, on_command_line, both = (futures[name].result() for name in crawls)
    assert in_seed == on_command_line
    lists, counts = in_seed
    assert lists == 2 and counts["over_max_pages"] == 1 and counts["fetched"] == 3  # index, index_1: 2 + 1 articles
    lists, counts = both
    assert lists == 3 and counts["over_max_pages"] == 0 and counts["fetched"] == 5


def test_a_source_the_cap_stops_before_any_article_is_named_in_the_summary(site, tmp_path):
    """The home page lists columns, not articles: with max_pages=1 the run reads it and stops there."""
    server, base = site
    seeds = tmp_path / "seeds.yaml"
    seeds.write_text(
        "sources:\n  - id: home\n    name: 样例首页\n"
        f"    start_urls: ['{base}/index.html']\n"
        "    article: '/trs/kjdt/\\d{6}/t\\d{8}_\\w+\\.html$'\n    follow: ['/trs/kjdt/index(_\\d+)?\\.html$']\n"
        "    topic: all\n", encoding="utf-8")
    proc = scrapy_crawl(tmp_path, seeds, "-a", "max_pages=1", "-s", "LOG_LEVEL=WARNING")
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = summary(tmp_path)
    home = report["sources"]["home"]
    assert home["list_pages"] == 1 and home["over_max_pages"] == 1 and home["fetched"] == 0
    assert "max_pages" in report["capped_sources"]["home"]
    assert "source home: max_pages reached before any article link" in proc.stderr
    proc = scrapy_crawl(tmp_path, seeds, "-a", "max_pages=2")  # one page deeper: the column and its articles
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert summary(tmp_path)["capped_sources"] == {} and summary(tmp_path)["sources"]["home"]["fetched"] == 2
