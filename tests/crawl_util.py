"""Run the real `scrapy crawl portal` against the sample site served on 127.0.0.1."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from crawler.counters import LINK_OUTCOMES  # every article link ends in one of them

from .conftest import REPO

FAST = [  # the sample site is local: no politeness delays, short backoff
    "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_BACKOFF_BASE=0.05",
    "-s", "LOG_LEVEL=INFO",
    "-s", "ALLOW_PRIVATE_ADDRESSES=True",  # the sample site is on 127.0.0.1, which the crawler refuses by default
]


def scrapy_crawl(workdir: Path, seeds: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"seeds={seeds}",
         "-s", f"DATA_DIR={workdir / 'data'}", "-s", f"SUMMARY_FILE={workdir / 'summary.json'}", *FAST, *args],
        cwd=REPO, capture_output=True, text=True, timeout=timeout,
    )


def summary(workdir: Path) -> dict:
    return json.loads((workdir / "summary.json").read_text(encoding="utf-8"))


def manifest() -> list[dict]:
    return json.loads((REPO / "tests" / "fixtures" / "site" / "manifest.json").read_text(encoding="utf-8"))["articles"]


def pages_per_source(requests: list[tuple[str, str]]) -> dict[str, int]:
    """Distinct pages the sample site served to each source (retries of one page count once; robots.txt not)."""
    prefixes = {"sample_kjt": ("/kjt/",), "sample_trs": ("/trs/",), "sample_news": ("/news/",),
                "sample_county": ("/county/", "/sitemap.xml")}
    pages = {request for request in requests if request[1] != "/robots.txt"}
    return {source: sum(1 for _, path in pages if path.startswith(p)) for source, p in prefixes.items()}


def list_pages_per_source(requests: list[tuple[str, str]]) -> dict[str, int]:
    """As pages_per_source, list pages only (column pages, pagination, listing calls, feeds, sitemaps): what
    max_pages counts. Article pages are those the manifest names."""
    articles = {a["url"] for a in manifest()}
    return pages_per_source([r for r in requests if r[1].split("?", 1)[0] not in articles])




def unaccounted_links(source_summary: dict) -> int:
    """Article links of a source the summary does not say what became of (0 when it adds up; list-page
    errors would count here too, so use it on sources whose list pages all answer)."""
    return source_summary["article_links"] - sum(source_summary.get(k, 0) for k in LINK_OUTCOMES)
