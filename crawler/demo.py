"""The main job, offline: serve the bundled sample site on 127.0.0.1 and crawl it with `scrapy crawl portal`.

    python -m crawler.demo [--out corpus.jsonl] [--data data/sample] [--port N]

Everything a real crawl does happens here (robots.txt, retries, cleaning, relevance, dedup, WARC,
state); only politeness delays are off, since the server is local. Run it again and it behaves as a second
cron run does: the site is served on the port of the first run (kept in DATA/site_port), so the state
recognises every article stored before and nothing is fetched again; `--out` is the whole corpus so far.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
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
    for sid, why in report.get("capped_sources", {}).items():  # 0 articles, and max_pages is why
        print(f"CAPPED {sid}: {why}")
    for host, why in report.get("dead_hosts", {}).items():
        print(f"DEAD HOST {host}: {why} (given up for the run)")
    known = sum(s["known"] for s in report["sources"].values())
    if not report["items_kept"] and known:
        print(f"nothing new: {known} article links were known from earlier runs and not fetched again")


def site_port(data: Path, asked: int | None) -> int:
    """The port to serve on: the one asked for, else the one an earlier demo run used (its URLs are in the
    state), else 0 (a free one)."""
    if asked is not None:
        return asked
    try:
        return int((data / "site_port").read_text(encoding="ascii"))
    except (OSError, ValueError):
        return 0


def write_corpus(corpus_dir: Path, out: Path) -> int:
    """OUT = every document stored so far (the day shards in order), written to a temporary file and renamed."""
    lines = [line for shard in sorted(corpus_dir.glob("*.jsonl"))
             for line in shard.read_bytes().splitlines(keepends=True) if line.strip()]
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    with os.fdopen(fd, "wb") as f:
        f.writelines(lines)
    os.replace(tmp, out)
    return len(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.demo", description=__doc__.splitlines()[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--out", default="corpus.jsonl", help="every document stored so far, one JSON line each")
    parser.add_argument("--data", default="data/sample", help="DATA_DIR: shards, rejects, WARC and state")
    parser.add_argument("--port", type=int, default=None,
                        help="port of the sample site (default: the previous run's, so the state knows its URLs; "
                             "0: any free port)")
    ns = parser.parse_args(argv)
    data = Path(ns.data).resolve()
    port = site_port(data, ns.port)
    try:
        server, base = serve(port=port)
    except OSError as exc:
        if ns.port is not None or port == 0:
            print(f"error: cannot serve the sample site on 127.0.0.1:{port}: {exc}", file=sys.stderr)
            return 2
        print(f"port {port} of the previous run is busy ({exc}); serving on a new port, so every article is "
              "fetched again", file=sys.stderr)
        server, base = serve()
    data.mkdir(parents=True, exist_ok=True)
    (data / "site_port").write_text(str(server.server_address[1]), encoding="ascii")
    try:
        seeds = write_seeds(base, data / "seeds.yaml")
        summary = data / "summary.json"
        print(f"sample site at {base}; crawling with seeds {seeds}", file=sys.stderr)
        proc = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"seeds={seeds}",
             "-s", f"DATA_DIR={data}", "-s", f"SUMMARY_FILE={summary}", "-s", "DOWNLOAD_DELAY=0",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_BACKOFF_BASE=0.1", "-s", "LOG_LEVEL=WARNING",
             "-s", "ALLOW_PRIVATE_ADDRESSES=True"],  # the sample site is on 127.0.0.1
            cwd=REPO,
        )
    finally:
        server.stop()
    if summary.exists():
        print_summary(json.loads(summary.read_text(encoding="utf-8")))
    total = write_corpus(data / "corpus", Path(ns.out).resolve())
    print(f"corpus: {ns.out} ({total} documents in all)  shards, rejects, WARC and state: {data}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
