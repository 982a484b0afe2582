"""The run summary: per source, what was fetched, kept and rejected, and whether a source has failed."""
from __future__ import annotations

import json
import logging
import os
import time
from collections import defaultdict
from pathlib import Path

from scrapy import signals


logger = logging.getLogger(__name__)
# per source; every article link ends in known, too_old, listed_elsewhere, over_budget or fetched (or errors,
# robots_blocked, blocked_address when the fetch fails)
COUNTERS = ("list_pages", "article_links", "known", "too_old", "listed_elsewhere", "over_budget", "fetched", "kept",
            "errors", "robots_blocked", "blocked_address")


def per_source(stats: dict) -> dict[str, dict]:
    sources: dict[str, dict] = defaultdict(lambda: {c: 0 for c in COUNTERS} | {"rejected": {}, "error_reasons": {}})
    for key, value in stats.items():
        if not key.startswith("source/"):
            continue
        _, source, *rest = key.split("/")
        if rest[0] == "rejected":
            sources[source]["rejected"][rest[1]] = value
        elif rest[0] == "error":  # errors by reason: timeout, http_503, truncated, blocked_address…
            sources[source]["error_reasons"][rest[1]] = value
        elif rest[0] in COUNTERS:
            sources[source][rest[0]] = value
    return dict(sources)


def failures(summary: dict[str, dict], previous: list[dict], expected: list[str]) -> dict[str, str]:
    """Sources to report: one that yielded article links before and none now, or that only erred."""
    failed = {}
    for source in expected:
        now = summary.get(source, {c: 0 for c in COUNTERS})
        if now["list_pages"] == 0 and now["errors"] > 0:
            failed[source] = f"no list page could be fetched ({now['errors']} errors)"
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
        services = getattr(self.crawler, "_kechuang_services", None)
        stats = self.crawler.stats.get_stats()
        self.report(spider, reason, stats, stats, services)
        if services:
            services.close()

    def report(self, spider, reason, whole: dict, local: dict, services, **extra) -> dict:
        """Judge the run on `whole` (all workers' counters), record it, write and log the summary."""
        summary = per_source(whole)
        expected = [s.id for s in getattr(spider, "sources", [])]
        for source in expected:
            summary.setdefault(source, {c: 0 for c in COUNTERS} | {"rejected": {}, "error_reasons": {}})
        previous = services.state.previous_runs() if services else []
        failed = failures(summary, previous, expected) if reason == "finished" else {}
        report = {
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(self.started)),
            "seconds": round(time.time() - self.started, 2),
            "finish_reason": reason,
            "pages_fetched": local.get("response_received_count", 0),
            "items_kept": sum(s["kept"] for s in summary.values()),
            "sources": summary,
            "failed_sources": failed,
            **extra,
        }
        self.crawler.stats.set_value("run/failed_sources", sorted(failed))
        if services:
            services.state.record_run(self.started, summary)
            self._write(services.state.dir / "runs" / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.json", report)
        if self.path:
            self._write(Path(self.path), report)
        logger.info("run summary: %s", json.dumps(report, ensure_ascii=False))
        for source, why in failed.items():
            logger.error("source %s failed: %s", source, why)
        return report

    @staticmethod
    def _write(path: Path, report: dict) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
