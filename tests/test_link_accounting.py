"""Every article link ends in a counter (issue 10, items 3 and 6a): article_links = the sum of LINK_OUTCOMES.

Before, an article that meta-refreshed to itself (or redirected to one already fetched) was dropped by Scrapy's
duplicate filter, and a link over URLLENGTH_LIMIT by UrlLengthMiddleware with one INFO line: counted nowhere,
in neither the corpus nor the rejects. A gzip bomb (a small gzip body that inflates past DOWNLOAD_MAXSIZE) was
an error with the reason `ignored` instead of `too_large`. The real `scrapy crawl portal` against a real server
on 127.0.0.1 that serves each of them."""
import pytest

from crawler.counters import LINK_OUTCOMES

from .conftest import read_jsonl
from .crawl_util import scrapy_crawl, summary
from .trap_site import ACC_ARTICLES, ACC_SPECIAL, seeds, serve


def outcomes(source: dict) -> dict[str, int]:
    return {name: source[name] for name in LINK_OUTCOMES if source[name]}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Two runs over the same site, the second incremental (same state)."""
    server, base = serve()
    work = tmp_path_factory.mktemp("accounting")
    path = seeds(base, work / "seeds.yaml", ["acc"])
    try:
        reports, stderr = [], []
        for _ in range(2):
            proc = scrapy_crawl(work, path, "-s", "RETRY_TIMES=0", timeout=240)
            assert proc.returncode == 0, proc.stderr[-3000:]
            reports.append(summary(work))
            stderr.append(proc.stderr)
    finally:
        server.stop()
    return {"reports": reports, "stderr": stderr, "work": work, "base": base, "requests": list(server.requests)}


def test_every_article_link_ends_in_exactly_one_counter(runs):
    for report in runs["reports"]:
        source = report["sources"]["acc"]
        assert source["article_links"] == len(ACC_ARTICLES) + len(ACC_SPECIAL)
        assert source["article_links"] == sum(outcomes(source).values()), outcomes(source)


def test_each_link_ends_where_it_should(runs):
    first, second = (r["sources"]["acc"] for r in runs["reports"])
    expected = {"fetched": len(ACC_ARTICLES), "duplicate_request": 2, "url_too_long": 1, "errors": 2,
                "robots_blocked": 1}
    assert sum(expected.values()) == len(ACC_ARTICLES) + len(ACC_SPECIAL)
    assert outcomes(first) == expected
    assert first["kept"] == len(ACC_ARTICLES)
    # the next run fetches none of the stored articles again. moved.html is fetched this time: the article it
    # redirects to is no longer in this run's duplicate filter, and the copy is rejected as duplicate_content
    assert outcomes(second) == expected | {"known": len(ACC_ARTICLES), "fetched": 1, "duplicate_request": 1}
    assert second["kept"] == 0 and second["rejected"] == {"duplicate_content": 1}
    stored = {r["url"].removeprefix(runs["base"]) for shard in (runs["work"] / "data" / "corpus").glob("*.jsonl")
              for r in read_jsonl(shard)}
    assert stored == {f"/acc/art/{name}.html" for name in ACC_ARTICLES}


def test_a_page_that_refreshes_to_itself_or_redirects_to_a_fetched_one_is_a_duplicate_request(runs):
    requests = runs["requests"]
    assert requests.count("/acc/art/refresh.html") == 2 and requests.count("/acc/art/moved.html") == 2  # one per run
    assert "dropped as a duplicate request" in runs["stderr"][0]


def test_a_list_page_that_refreshes_to_itself_is_counted(runs):
    """Its one fetch is a refresh, never read as a list: without list_duplicate_request it ended nowhere."""
    for report in runs["reports"]:
        assert report["sources"]["acc"]["list_duplicate_request"] == 1
    assert runs["requests"].count("/acc/list/refresh.html") == 2  # one per run
    assert "list " in runs["stderr"][0] and "/acc/list/refresh.html dropped as a duplicate request" in runs["stderr"][0]


def test_an_overlong_url_is_not_requested_and_is_counted(runs):
    assert not any(r.startswith("/acc/art/long-") for r in runs["requests"])
    assert "Ignoring link (url length" not in runs["stderr"][0]  # the spider counts it; Scrapy never sees it


def test_a_gzip_bomb_is_too_large(runs):
    source = runs["reports"][0]["sources"]["acc"]
    assert source["error_reasons"] == {"too_large": 1, "http_404": 1}
    assert "exceeded DOWNLOAD_MAXSIZE" in runs["stderr"][0]
