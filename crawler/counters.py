"""The per-source counters of a crawl (Scrapy stats `source/<id>/<name>`): the one list that the spider, the
pipelines and the netguard count with and that the run summary (crawler/extensions.py) reports, so that no
counter is counted and then left out of the summary. `count()` refuses a name that is not listed here.

Every article link ends in exactly one of known, too_old, listed_elsewhere or fetched, or, when its fetch
fails, in errors, robots_blocked or blocked_address: the summary adds up.
"""
from __future__ import annotations

# name → meaning, in the order the summary lists them
COUNTERS: dict[str, str] = {
    "list_pages": "list pages, feeds, sitemaps and listing answers read",
    "hanweb_found": "Hanweb dataproxy.jsp listings found on column pages (the seed named none)",
    "bad_listing": "listing answers that were not the JSON they should be",
    "over_max_pages": "list pages not requested because the source had reached max_pages",
    "article_links": "distinct article links found",
    "known": "article links stored by an earlier run: not fetched again",
    "too_old": "article links dated before -a since",
    "listed_elsewhere": "article links another source of this run already asked for",
    "fetched": "articles fetched",
    "kept": "articles cleaned and stored",
    "errors": "requests that failed for good (reasons under error_reasons)",
    "robots_blocked": "requests robots.txt forbids",
    "blocked_address": "requests to hosts that resolve to a non-public address",
}
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
