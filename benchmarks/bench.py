"""One benchmark run, one table: cleaning throughput, our extractor against trafilatura, start-up, crawl speed.

    python benchmarks/bench.py [--workers N] [--html-repeat 10] [--text-mb 10] [--runs 3] [--crawl-runs 3]
                               [--skip-crawl] [--skip-hostile] [--only text] [--repo DIR]

On the same inputs in one run:
- `python -m cleaners clean` (the real CLI, wall clock including start-up) with 1 and N worker processes on
  the 56 cwced pages (tests/data/cwced/html) and on --html-repeat copies of each: documents/s, input MB/s, and
  the N-worker speed-up;
- the text path: the same CLI on one JSONL file of text records ({"id", "text"}) built from the seed dumps in
  tests/fixtures/seeds, repeated to --text-mb MB, with 1 and N workers, each with and without --dedup (the
  best of --runs runs: wall clock and the CPU seconds of the CLI and its workers), and the floor of that
  file: reading every record with json.loads and writing it back with the CLI's JSONL writer, in this process;
- our HTML pipeline against trafilatura's defaults on the cwced pages and the dev set (tests/data/devset/html),
  whole process (start-up included) and in-process ms/page (benchmarks/html_speed.py);
- start-up: `clean` on one tiny text file, beside the bare interpreter (benchmarks/startup.py);
- `scrapy crawl portal` over the sample site on 127.0.0.1 (no politeness delays): pages/s with the full item
  pipeline (archive, clean, relevance, dedup, store) against the same crawl with ITEM_PIPELINES={} (the median
  of --crawl-runs runs each, pages/s = responses / the run's own seconds from its summary);
- hostile inputs: peak RSS of `clean` on a WARC whose record inflates to 1 GiB, and the wall time of a crawl of
  the trap site (endless pagination, an open-ended calendar) with the default bounds (--skip-hostile: not).

--repo DIR times another checkout's code on this checkout's inputs (e.g. `git worktree add /tmp/old COMMIT`),
so that before and after come from one machine.

Not a test: the numbers depend on the machine; compare runs on the same one.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CWCED = REPO / "tests" / "data" / "cwced" / "html"
SEEDS = sorted((REPO / "tests" / "fixtures" / "seeds").glob("*.txt"))
CODE = REPO  # the checkout whose cleaners package is timed (--repo); the inputs are always this one's


def copies(sources: list[Path], dest: Path, *, repeat: int | None = None, megabytes: float | None = None) -> tuple[int, int]:
    """Copy sources into dest, repeat times over (or until megabytes); (files, bytes)."""
    dest.mkdir(parents=True)
    n = total = 0
    rounds = 0
    while (repeat is not None and rounds < repeat) or (megabytes is not None and total < megabytes * 1e6):
        for src in sources:
            data = src.read_bytes()
            (dest / f"{n:06d}_{src.name}").write_bytes(data)
            n += 1
            total += len(data)
        rounds += 1
    return n, total


def clean_cli(src: Path, out: Path, workers: int, *extra: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system of the CLI and its worker processes) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cleaners", "clean", str(src), "-o", str(out), "--workers", str(workers),
                    "-q", *extra], check=True, cwd=CODE)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def text_records(dest: Path, megabytes: float) -> tuple[int, int]:
    """The text-dump input: a JSONL file of {"id", "text"} records, the seed dumps over and over; (records, bytes)."""
    n = total = 0
    with open(dest, "wb") as f:
        while total < megabytes * 1e6:
            for src in SEEDS:
                line = (json.dumps({"id": f"{n:06d}_{src.stem}", "text": src.read_text(encoding="utf-8")},
                                   ensure_ascii=False) + "\n").encode("utf-8")
                f.write(line)
                n += 1
                total += len(line)
    return n, total


def json_floor(src: Path, out: Path) -> float:
    """CPU seconds to read every record of src and write it with the CLI's JSONL writer (no cleaning)."""
    from cleaners.output import JsonlWriter

    started = time.process_time()
    with open(src, "rb") as f, JsonlWriter(str(out)) as writer:
        for line in f:
            writer.write(json.loads(line))
    return time.process_time() - started


def best_of(runs: int, variants: dict) -> dict:
    """{name: (wall, CPU)}, each the fastest of `runs` runs of variants[name]() (each taken as its own
    minimum). The variants take turns, run after run: the speed of this kind of machine drifts by tens of
    percent over minutes, and a ratio of two variants timed minutes apart measured the drift as much as them."""
    results: dict = {name: [] for name in variants}
    for _ in range(runs):
        for name, fn in variants.items():
            results[name].append(fn())
    return {name: (min(r[0] for r in rs), min(r[1] for r in rs)) for name, rs in results.items()}


def crawl(pipeline: bool, runs: int) -> tuple[float, int, int]:
    """(median pages/s, pages per run, items kept per run) over `runs` crawls of the sample site."""
    from crawler.sample_site import serve, write_seeds

    rates, pages, kept = [], 0, 0
    server, base = serve()
    try:
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                work = Path(tmp)
                seeds = write_seeds(base, work / "seeds.yaml")
                server.reset()
                cmd = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"seeds={seeds}",
                       "-s", f"DATA_DIR={work / 'data'}", "-s", f"SUMMARY_FILE={work / 'summary.json'}",
                       "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_BACKOFF_BASE=0.05",
                       "-s", "ALLOW_PRIVATE_ADDRESSES=True", "-s", "LOG_LEVEL=ERROR"]
                if not pipeline:
                    cmd += ["-s", "ITEM_PIPELINES={}"]
                subprocess.run(cmd, cwd=CODE, capture_output=True, check=False, timeout=600)
                report = json.loads((work / "summary.json").read_text(encoding="utf-8"))
                pages = report["pages_fetched"]
                kept = report["items_kept"]
                rates.append(pages / report["seconds"])
    finally:
        server.stop()
    return statistics.median(rates), pages, kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="N for the N-worker runs (default: CPUs)")
    parser.add_argument("--html-repeat", type=int, default=10, help="copies of each cwced page (default 10)")
    parser.add_argument("--text-mb", type=float, default=10.0, help="MB of text records (default 10)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each text row; the best counts (default 3)")
    parser.add_argument("--only", choices=("text",), help="only the text rows")
    parser.add_argument("--crawl-runs", type=int, default=3, help="crawls per variant (default 3; the median counts)")
    parser.add_argument("--skip-crawl", action="store_true")
    parser.add_argument("--repo", type=Path, default=REPO,
                        help="checkout whose cleaners package to time (e.g. a worktree of an older commit; "
                             "default: this one). Inputs are this checkout's")
    parser.add_argument("--skip-hostile", action="store_true",
                        help="leave out the hostile rows (1 GiB gzip bomb WARC, trap-site crawl)")
    ns = parser.parse_args(argv)
    global CODE
    CODE = ns.repo.resolve()
    sys.path.insert(0, str(CODE))
    pages = sorted(CWCED.glob("*.html"))
    if not pages:
        print(f"error: no HTML pages in {CWCED}", file=sys.stderr)
        return 1
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if ns.only != "text":
            rows += worker_rows(pages, tmp, ns)
        rows += text_rows(tmp, ns)
    if ns.only == "text":
        print_rows(rows)
        return 0
    import html_speed
    import startup

    rows += html_speed.rows(ns.runs, code=CODE)
    rows += startup.rows(max(5, ns.runs), code=CODE)
    if not ns.skip_crawl:
        full, crawled, items = crawl(True, ns.crawl_runs)
        bare, crawled_bare, _ = crawl(False, ns.crawl_runs)
        rows.append(("crawl sample site, full pipeline", f"{full:.1f} pages/s", f"{crawled} pages, {items} kept, median of {ns.crawl_runs}"))
        rows.append(("crawl sample site, ITEM_PIPELINES={}", f"{bare:.1f} pages/s", f"{crawled_bare} pages, median of {ns.crawl_runs}"))
    if not ns.skip_hostile:
        rows += hostile_rows()
    print_rows(rows)
    return 0


def worker_rows(pages: list[Path], tmp: Path, ns: argparse.Namespace) -> list[tuple[str, str, str]]:
    """`clean` with 1 and N workers on the 56 cwced pages and on --html-repeat copies of them (best of --runs)."""
    rows = []
    for label, repeat in (("cwced pages", 1), (f"cwced pages x{ns.html_repeat}", ns.html_repeat)):
        n_html, b_html = copies(pages, tmp / "html", repeat=repeat)
        walls = {}
        timed = best_of(ns.runs, {w: lambda w=w: clean_cli(tmp / "html", tmp / f"out-html-{w}.jsonl", w)
                                  for w in sorted({1, ns.workers})})
        for workers, (wall, cpu) in timed.items():
            walls[workers] = wall
            rows.append((f"clean HTML, {label}, {workers} worker{'s' if workers > 1 else ''}",
                         f"{n_html / wall:,.1f} docs/s  {b_html / 1e6 / wall:.2f} MB/s",
                         f"{n_html} docs, {b_html / 1e6:.1f} MB, {wall:.2f} s wall, {cpu:.2f} s CPU, best of {ns.runs}"))
        if ns.workers > 1:
            rows.append((f"clean HTML, {label}, {ns.workers} workers / 1 worker", f"{walls[1] / walls[ns.workers]:.2f}x",
                         "wall clock, the rows above"))
        shutil.rmtree(tmp / "html")
    return rows


def hostile_rows() -> list[tuple[str, str, str]]:
    """Issue 10's rows: peak RSS of `clean` on a WARC whose one record inflates to 1 GiB (benchmarks/
    gzip_bomb_memory.py), and the wall time of a crawl of the trap site with the default bounds and no
    politeness delays (benchmarks/trap_crawl.py)."""
    import re

    from gzip_bomb_memory import build, run

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "bomb.warc.gz"
        build(warc, 1.0, "gzip")
        took, peak_kb, code = run([sys.executable, "-m", "cleaners", "clean", str(warc), "-o", str(Path(tmp) / "o.jsonl"),
                                   "-q"], CODE, int(8e9), 600.0)
        rows.append(("clean a WARC with a 1 GiB gzip bomb", f"{peak_kb / 1024:.0f} MB peak RSS",
                     f"{warc.stat().st_size / 1024:.0f} KB WARC, {took:.1f} s, exit {code}"))
    proc = subprocess.run([sys.executable, str(REPO / "benchmarks" / "trap_crawl.py"), "--timeout", "600"],
                          capture_output=True, text=True)
    m = re.search(r"ended by itself: (\w+).*wall time ([\d.]+) s", proc.stdout)
    rows.append(("crawl the trap site, default bounds", f"{m.group(2)} s wall" if m else "failed",
                 f"ended by itself: {m.group(1) if m else '?'} (benchmarks/trap_crawl.py)"))
    return rows


def text_rows(tmp: Path, ns: argparse.Namespace) -> list[tuple[str, str, str]]:
    """The text path: the CLI on the JSONL of text records, 1 and N workers, without and with --dedup."""
    src = tmp / "text.jsonl"
    n, size = text_records(src, ns.text_mb)
    mb = size / 1e6
    rows = []
    floor = min(json_floor(src, tmp / "floor.jsonl") for _ in range(ns.runs))
    rows.append(("text records: JSON read + write floor", f"{mb / floor:.1f} MB/s (CPU)",
                 f"{n} records, {mb:.1f} MB, {floor:.2f} s CPU, best of {ns.runs}"))
    plain: dict[int, float] = {}
    variants = {(dedup, w): lambda w=w, dedup=dedup: clean_cli(src, tmp / "out-text.jsonl", w, *(("--dedup",) if dedup else ()))
                for dedup in (False, True) for w in sorted({1, ns.workers})}
    plain_cpu: dict[int, float] = {}
    for (dedup, workers), (wall, cpu) in best_of(ns.runs, variants).items():
        label = f"clean text records, {workers} worker{'s' if workers > 1 else ''}" + (", --dedup" if dedup else "")
        note = f"{n} docs, {mb:.1f} MB, {wall:.3f} s wall, {cpu:.3f} s CPU, best of {ns.runs}"
        if dedup:
            note += (f", {100 * (wall / plain[workers] - 1):+.1f}% wall "
                     f"({100 * (cpu / plain_cpu[workers] - 1):+.1f}% CPU) over no --dedup")
        else:
            plain[workers], plain_cpu[workers] = wall, cpu
        rows.append((label, f"{n / wall:,.1f} docs/s  {mb / wall:.2f} MB/s  ({mb / cpu:.2f} MB/CPU-s)", note))
    if ns.workers > 1:
        rows.append((f"text records, {ns.workers} workers / 1 worker", f"{plain[1] / plain[ns.workers]:.3f}x",
                     "wall clock, the rows above"))
    return rows


def print_rows(rows: list[tuple[str, str, str]]) -> None:
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    print(f"| {'what':<{w0}} | {'speed':<{w1}} | inputs |")
    print(f"|{'-' * (w0 + 2)}|{'-' * (w1 + 2)}|--------|")
    for what, speed, inputs in rows:
        print(f"| {what:<{w0}} | {speed:<{w1}} | {inputs} |")
    print(f"\n{os.cpu_count()} CPUs, Python {sys.version.split()[0]}; wall clock, CLI start-up included", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
