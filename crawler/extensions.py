"""The run summary: per source, what was fetched, kept and rejected, and whether a source has failed."""
from __future__ import annotations

import json
import logging
import os
import time
from collections import defaultdict
from pathlib import Path

from scrapy import signals

from crawler.counters import BOUNDS, BY_REASON, COUNTERS, empty
from crawler.services import Services
from crawler.store import file_stamp

logger = logging.getLogger(__name__)


def per_source(stats: dict) -> dict[str, dict]:
    """The source/<id>/… counters (crawler/counters.py) as {id: {counter: n, rejected: {…}, error_reasons: {…}}}."""
    sources: dict[str, dict] = defaultdict(empty)
    for key, value in stats.items():
        if not key.startswith("source/"):
            continue
        _, source, *rest = key.split("/")
        if rest[0] in BY_REASON and len(rest) > 1:  # rejected/off_topic, error/timeout, error/dns_error…
            sources[source][BY_REASON[rest[0]]][rest[1]] = value
        elif rest[0] in COUNTERS:
            sources[source][rest[0]] = value
        else:  # counters.key() refuses such names; one that got past it is shown, not dropped
            sources[source].setdefault("other", {})["/".join(rest)] = value
    return dict(sources)


def dead_hosts(stats: dict) -> dict[str, str]:
    """host → why it was given up for the run (crawler/deadhosts.py counts `deadhost/<reason>/<host>`)."""
    return {key.split("/", 2)[2]: key.split("/", 2)[1] for key in stats if key.startswith("deadhost/")}


def capped(summary: dict[str, dict]) -> dict[str, str]:
    """Sources that a bound (max_pages or another, crawler/counters.py BOUNDS) stopped before any article link
    was found: 0 articles, and only the bound to blame."""
    found = {}
    for source, s in summary.items():
        hit = [counter for counter in BOUNDS if s[counter]]
        if hit and not s["article_links"]:
            what = "max_pages" if hit == ["over_max_pages"] else " and ".join(BOUNDS[c] if c != "over_max_pages"
                                                                             else "max_pages" for c in hit)
            left = sum(s[c] for c in hit)
            found[source] = (f"{what} reached before any article link was found ({s['list_pages']} list pages "
                             f"read, {left} not requested); raise {what} to get articles")
    return found


def bounded(summary: dict[str, dict], bounds: dict, default_capped: set[str]) -> dict[str, str]:
    """Sources a default bound (MAX_LIST_DEPTH, MAX_LIST_PAGES_PER_SOURCE for a seed without max_pages,
    MAX_LIST_PAGES_PER_RUN, SOURCE_WALL_TIME) cut short: a pagination trap, an open-ended `follow`, or a source
    that needs a max_pages of its own. A seed's own max_pages is a choice, not news: not named here."""
    found = {}
    for source, s in summary.items():
        parts = [f"{BOUNDS[c]}={bounds[BOUNDS[c]]:g}: {s[c]} list page{'s' if s[c] != 1 else ''} left out"
                 for c in BOUNDS if s[c] and BOUNDS[c] in bounds
                 and (c != "over_max_pages" or source in default_capped)]
        if parts:
            found[source] = "; ".join(parts)
    return found


def failures(summary: dict[str, dict], previous: list[dict], expected: list[str]) -> dict[str, str]:
    """Sources to report: one that yielded article links before and none now, or that only erred."""
    failed = {}
    for source in expected:
        now = summary.get(source) or empty()
        if now["list_pages"] == 0 and now["errors"] > 0:
            reasons = ", ".join(f"{r} {n}" for r, n in sorted(now["error_reasons"].items()))
            failed[source] = (f"no list page could be fetched ({now['errors']} error{'s' if now['errors'] != 1 else ''}"
                              f"{': ' + reasons if reasons else ''})")
        elif now["article_links"] == 0 and any(run.get(source, {}).get("article_links", 0) for run in previous):
            failed[source] = "found article links in an earlier run, none now"
    return failed


class RunSummary:
    def __init__(self, crawler):
        self.crawler = crawler
        self.started = time.time()
        self.path = crawler.settings.get("SUMMARY_FILE")

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason):
        services = self.crawler.get_extension(Services)  # None: a crawl without them (a test's bare crawler)
        stats = self.crawler.stats.get_stats()
        self.report(spider, reason, stats, stats, services)  # Services closes itself when the engine stops

    def report(self, spider, reason, whole: dict, local: dict, services, **extra) -> dict:
        """Judge the run on `whole` (all workers' counters), record it, write and log the summary."""
        summary = per_source(whole)
        expected = [s.id for s in getattr(spider, "sources", [])]
        for source in expected:
            summary.setdefault(source, empty())
        # written (the seed's article regex), learned (an earlier run's discovery), discovered or relearned (this
        # run's), discovering (nothing confirmed yet): crawler/discovery.py
        patterns = getattr(spider, "patterns", {})
        for source, how in patterns.items():
            summary.setdefault(source, empty())["patterns"] = how
        previous = services.state.previous_runs() if services else []
        failed = failures(summary, previous, expected) if reason == "finished" else {}
        bounds = spider.bounds.as_settings() if hasattr(spider, "bounds") else {}
        report = {
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(self.started)),
            "seconds": round(time.time() - self.started, 2),
            "finish_reason": reason,
            "requests_sent": local.get("downloader/request_count", 0),  # robots.txt and retries included
            "retries": local.get("retry/count", 0),
            "pages_fetched": local.get("response_received_count", 0),
            "items_kept": sum(s["kept"] for s in summary.values()),
            "sources": summary,
            "failed_sources": failed,
            "capped_sources": capped(summary),
            "bounds": bounds,
            "bounded_sources": bounded(summary, bounds, getattr(spider, "default_capped", set())),
            "dead_hosts": dead_hosts(whole),
            "learned_sources": sorted(s for s, how in patterns.items() if how != "written"),
            **extra,
        }
        self.crawler.stats.set_value("run/failed_sources", sorted(failed))
        if services:
            services.state.record_run(self.started, summary)
            self._write(services.state.dir / "runs" / f"{file_stamp()}-{os.getpid()}.json", report)  # UTC, as WARC
        if self.path:
            self._write(Path(self.path), report)
        logger.info("run summary: %s", json.dumps(report, ensure_ascii=False))
        for source, why in failed.items():
            logger.error("source %s failed: %s", source, why)
        for source, why in report["capped_sources"].items():
            if source not in failed:
                logger.warning("source %s: %s", source, why)
        for source, why in report["bounded_sources"].items():  # the run goes on and exits 0: a bound is no failure
            logger.warning("source %s: stopped by a default bound (%s); if its pages run on for ever, fix its "
                           "follow pattern, else give its seed a max_pages", source, why)
        return report

    @staticmethod
    def _write(path: Path, report: dict) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
