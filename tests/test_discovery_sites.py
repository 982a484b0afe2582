"""Discovery from a home page only, on four more sites the crawler has never seen (tests/discovery_sites.py: a
Hanweb government site, a Founder-style GBK news site, a PHPCMS 科协 site with dynamic URLs, a WordPress
incubator site). The requirement: a source given only by its home page finds at least 85% of the article pages,
keeps no list, nav or service page as an article, obeys robots.txt, and a second run fetches nothing new.

Each site is crawled twice (one state) by the real `scrapy crawl portal`, once for the module, two sites at a
time. When the sites were written (by someone who had not read crawler/discovery.py), discovery failed on three of
them: PHPCMS 0% (its index.php?…&id=N articles taken for pages of one list), a Hanweb site kept 单位简介/领导信息
as articles, and second runs fetched articles again; scripts/discovery_check.py prints the same measures in full.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from .discovery_sites import LAYOUTS, measure

# a crawl gone astray (as phpcms's did: every article fetched as a list page, and the links in it) ends after
# this long; a crawl that works ends in 1-10 s
GUARD = ("-s", "CLOSESPIDER_TIMEOUT=20")

@pytest.fixture(scope="module")
def results(tmp_path_factory):
    root = tmp_path_factory.mktemp("discovery-sites")
    slow_first = sorted(LAYOUTS, key=lambda layout: layout != "phpcms")  # the others run beside it
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {layout: pool.submit(measure, layout, root / layout, *GUARD) for layout in slow_first}
    return {layout: future.result() for layout, future in futures.items()}


def _explain(r: dict) -> str:
    runs = "; ".join(f"run {i}: exit {run['returncode']}, {run['requests']} requests, {run['wall']} s, {run['summary']}"
                     for i, run in enumerate(r["runs"], 1))
    return f"{r['layout']}: {runs}"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_home_page_leads_to_85_percent_of_the_articles(results, layout):
    r = results[layout]
    assert [run["returncode"] for run in r["runs"]] == [0, 0], _explain(r) + "\n" + r["runs"][0]["stderr_tail"]
    missed = list(r["missed"])[:10]
    assert r["coverage"] >= 0.85, f"{r['coverage']:.1%} of {r['articles']} articles; missed e.g. {missed}; {_explain(r)}"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_list_nav_or_service_page_is_kept(results, layout):
    r = results[layout]
    assert r["kept_non_articles"] == [], _explain(r)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_nothing_robots_txt_forbids_is_requested(results, layout):
    r = results[layout]
    assert r["disallowed"] == [], _explain(r)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_second_run_requests_no_article(results, layout):
    r = results[layout]
    assert r["run2_article_requests"] == [], _explain(r)
