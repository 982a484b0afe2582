"""The per-source counters of a crawl (Scrapy stats `source/<id>/<name>`): the one list that the spider, the
pipelines and the netguard count with and that the run summary (crawler/extensions.py) reports, so that no
counter is counted and then left out of the summary. `count()` refuses a name that is not listed here.

Every article link ends in exactly one of LINK_OUTCOMES (known, too_old, listed_elsewhere, url_too_long,
duplicate_request or fetched, or, when its fetch fails, errors, robots_blocked or blocked_address): the summary
adds up, article_links = the sum of its outcomes (errors of list pages aside).

The over_* counters are the list pages a bound left out (crawler/settings.py "bounds"): one list page refused is
counted once, under the first bound that refused it.
"""
from __future__ import annotations

# name → meaning, in the order the summary lists them
COUNTERS: dict[str, str] = {
    "list_pages": "list pages, feeds, sitemaps and listing answers read",
    "hanweb_found": "Hanweb dataproxy.jsp listings found on column pages (the seed named none)",
    "bad_listing": "listing answers that were not the JSON they should be",
    "over_max_pages": "list pages not requested because the source had reached max_pages (the seed's, -a "
                      "max_pages, else MAX_LIST_PAGES_PER_SOURCE)",
    "over_max_depth": "list pages not requested because they were more than MAX_LIST_DEPTH list pages away "
                      "from a start page",
    "over_run_pages": "list pages not requested because the run had requested MAX_LIST_PAGES_PER_RUN list pages",
    "over_wall_time": "list pages not requested, or dropped from the queue, because the source had been crawled "
                      "for SOURCE_WALL_TIME seconds",
    "over_max_links": "links past MAX_LINKS_PER_PAGE on one list page: not read (nor counted as article links)",
    "list_url_too_long": "links to list pages longer than URLLENGTH_LIMIT: not requested",
    "list_duplicate_request": "list requests Scrapy's duplicate filter dropped: a list page that redirects or "
                              "meta-refreshes to itself, or to a list page this run already read",
    "article_links": "distinct article links found",
    "known": "article links stored by an earlier run: not fetched again",
    "too_old": "article links dated before -a since",
    "listed_elsewhere": "article links another source of this run already asked for",
    "url_too_long": "article links longer than URLLENGTH_LIMIT (Scrapy's 2,083): not requested",
    "duplicate_request": "article requests Scrapy's duplicate filter dropped: a page that redirects or "
                         "meta-refreshes to itself, or to a page this run already fetched",
    "fetched": "articles fetched",
    "kept": "articles cleaned and stored",
    "errors": "requests that failed for good (reasons under error_reasons)",
    "robots_blocked": "requests robots.txt forbids",
    "blocked_address": "requests to hosts that resolve to a non-public address",
}
# what an article link can end as; article_links is their sum (tests/test_link_accounting.py)
LINK_OUTCOMES: tuple[str, ...] = ("known", "too_old", "listed_elsewhere", "url_too_long", "duplicate_request",
                                  "fetched", "errors", "robots_blocked", "blocked_address")
# the list-page bounds: counter → the setting that sets it (none for max_pages: a seed or -a sets it)
BOUNDS: dict[str, str] = {"over_max_pages": "MAX_LIST_PAGES_PER_SOURCE", "over_max_depth": "MAX_LIST_DEPTH",
                          "over_run_pages": "MAX_LIST_PAGES_PER_RUN", "over_wall_time": "SOURCE_WALL_TIME"}
# counted per reason, `source/<id>/rejected/<reason>` and `source/<id>/error/<reason>`; the summary's key for each
BY_REASON: dict[str, str] = {"rejected": "rejected", "error": "error_reasons"}


def key(source_id: str, name: str) -> str:
    """The stats key of a per-source counter; KeyError for a name the summary would not report."""
    family = name.split("/", 1)[0] if "/" in name else None
    if name not in COUNTERS and family not in BY_REASON:
        raise KeyError(f"per-source counter {name!r} is not in crawler/counters.py: the run summary would drop it")
    return f"source/{source_id}/{name}"


def count(stats, source_id: str, name: str, n: int = 1) -> None:
    stats.inc_value(key(source_id, name), n)


def empty() -> dict:
    """A source's summary entry before anything is counted."""
    return {c: 0 for c in COUNTERS} | {summary_key: {} for summary_key in BY_REASON.values()}
