"""The main job, offline: serve the bundled sample site on 127.0.0.1 and crawl it with `scrapy crawl portal`.

    python -m crawler.demo [--out corpus.jsonl] [--data data/sample]

Everything a real crawl does happens here (robots.txt, retries, cleaning, relevance, dedup, WARC,
state); only politeness delays are off, since the server is local.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from .sample_site import serve, write_seeds

REPO = Path(__file__).resolve().parents[1]


def print_summary(report: dict) -> None:
    print(f"pages fetched: {report['pages_fetched']}  kept: {report['items_kept']}  ({report['seconds']} s)")
    print(f"{'source':<16}{'lists':>6}{'links':>7}{'known':>7}{'fetched':>8}{'kept':>6}{'errors':>8}  rejected")
    for sid, s in sorted(report["sources"].items()):
        rejected = ", ".join(f"{k} {v}" for k, v in sorted(s["rejected"].items())) or "-"
        print(f"{sid:<16}{s['list_pages']:>6}{s['article_links']:>7}{s['known']:>7}{s['fetched']:>8}{s['kept']:>6}{s['errors']:>8}  {rejected}")
    for sid, why in report["failed_sources"].items():
        print(f"FAILED {sid}: {why}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="corpus.jsonl", help="the documents of this run (scrapy -O)")
    parser.add_argument("--data", default="data/sample", help="DATA_DIR: shards, rejects, WARC and state")
    ns = parser.parse_args(argv)
    data = Path(ns.data).resolve()
    server, base = serve()
    try:
        seeds = write_seeds(base, data / "seeds.yaml")
        summary = data / "summary.json"
        print(f"sample site at {base}; crawling with seeds {seeds}", file=sys.stderr)
        proc = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"seeds={seeds}", "-O", str(Path(ns.out).resolve()),
             "-s", f"DATA_DIR={data}", "-s", f"SUMMARY_FILE={summary}", "-s", "DOWNLOAD_DELAY=0",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_BACKOFF_BASE=0.1", "-s", "LOG_LEVEL=WARNING",
             "-s", "ALLOW_PRIVATE_ADDRESSES=True"],  # the sample site is on 127.0.0.1
            cwd=REPO,
        )
    finally:
        server.stop()
    if summary.exists():
        print_summary(json.loads(summary.read_text(encoding="utf-8")))
    print(f"documents: {ns.out}  shards, rejects, WARC and state: {data}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
