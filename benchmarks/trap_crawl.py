"""How long a crawl of a trap site takes with the default bounds (issue 10, item 1).

    python benchmarks/trap_crawl.py [--polite] [--timeout 3600]

Serves tests/trap_site.py on 127.0.0.1 — a list that links to ?page=N+1 for ever and an e-paper calendar whose
`follow` matches every day back to year 1 — and runs the real `scrapy crawl portal` over both with the
project's default settings: no -s bound, so MAX_LIST_DEPTH, MAX_LIST_PAGES_PER_SOURCE, MAX_LIST_PAGES_PER_RUN
and SOURCE_WALL_TIME are those of crawler/settings.py. Without --polite the politeness delays are off
(DOWNLOAD_DELAY=0, no AutoThrottle), as in the tests, which measures the crawler; with it they are the shipped
ones, which is what a cron run against such a site would take. Prints the wall time of the whole command,
whether it ended by itself (a crawl without bounds is killed at --timeout) and, per source, the list pages
read, the bound counters and the articles kept.

Not a test: the numbers depend on the machine; compare runs on the same one.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.trap_site import seeds, serve  # noqa: E402

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polite", action="store_true", help="keep the shipped politeness delays")
    parser.add_argument("--timeout", type=float, default=3600, help="kill the crawl after this many seconds")
    args = parser.parse_args(argv)

    server, base = serve()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path = seeds(base, work / "seeds.yaml", ["trap_bench", "calendar"])
        command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"seeds={path}",
                   "-s", f"DATA_DIR={work / 'data'}", "-s", f"SUMMARY_FILE={work / 'summary.json'}",
                   "-s", "ALLOW_PRIVATE_ADDRESSES=True", "-s", "LOG_LEVEL=WARNING", *([] if args.polite else FAST)]
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=args.timeout)
            ended = True
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            ended = False
        wall = time.perf_counter() - started
        server.stop()
        lists = {"trap_bench": server.count(r"^/trap/bench/list"), "calendar": server.count(r"/node_\d+\.htm$")}
        print(f"trap crawl, default bounds, {'shipped politeness' if args.polite else 'no politeness delays'}")
        print(f"ended by itself: {'yes' if ended else 'NO (killed at --timeout)'}; exit status {proc.returncode}; "
              f"wall time {wall:.1f} s; requests served {len(server.requests)}")
        if not ended or not (work / "summary.json").exists():
            print("list pages served: " + ", ".join(f"{k} {v}" for k, v in lists.items()))
            return 1
        report = json.loads((work / "summary.json").read_text(encoding="utf-8"))
        print(f"bounds: {report.get('bounds')}")
        print(f"{'source':<12}{'list_pages':>11}{'over_max_depth':>16}{'over_max_pages':>16}{'over_run_pages':>16}"
              f"{'over_wall_time':>16}{'kept':>7}")
        for sid, s in report["sources"].items():
            print(f"{sid:<12}{s['list_pages']:>11}{s.get('over_max_depth', 0):>16}{s['over_max_pages']:>16}"
                  f"{s.get('over_run_pages', 0):>16}{s.get('over_wall_time', 0):>16}{s['kept']:>7}")
        for sid, why in (report.get("bounded_sources") or {}).items():
            print(f"bounded: {sid}: {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
