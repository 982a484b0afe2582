"""One benchmark run, one table: cleaning throughput, our extractor against trafilatura, crawl speed.

    python benchmarks/bench.py [--workers N] [--html-repeat 10] [--text-mb 10] [--crawl-runs 3] [--skip-crawl]

On the same inputs in one run:
- `python -m cleaners clean` (the real CLI, wall clock including start-up) with 1 and N worker processes on
  HTML pages (the cwced pages in tests/data/cwced/html, each copied --html-repeat times) and on text
  dumps (the seed dumps in tests/fixtures/seeds repeated to --text-mb MB): documents/s and input MB/s;
- per page, in this process, on the distinct cwced pages: our whole HTML pipeline (decode → extract → clean →
  judge, `cleaners.pipeline.process`) against `trafilatura.extract` with its defaults (fallbacks on), ms/page;
- `scrapy crawl portal` over the sample site on 127.0.0.1 (no politeness delays): pages/s with the full item
  pipeline (archive, clean, relevance, dedup, store) against the same crawl with ITEM_PIPELINES={} (the median
  of --crawl-runs runs each, pages/s = responses / the run's own seconds from its summary).

Not a test: the numbers depend on the machine; compare runs on the same one.
"""
from __future__ import annotations

import argparse
import json
import os
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


def clean_cli(src: Path, out: Path, workers: int) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cleaners", "clean", str(src), "-o", str(out), "--workers", str(workers), "-q"],
                   check=True, cwd=REPO)
    return time.perf_counter() - started


def per_page(pages: list[Path]) -> tuple[float, float, int, int]:
    """(ours ms/page, trafilatura ms/page, pages we keep, pages trafilatura returns text for)."""
    import trafilatura

    from cleaners.inputs import RawDoc
    from cleaners.pipeline import process

    bodies = [p.read_bytes() for p in pages]
    for body in bodies[:3]:  # warm both up (imports, lazy tables)
        process(RawDoc("warm", "html", body))
        trafilatura.extract(body)
    ours, theirs, kept, returned = [], [], 0, 0
    for i, body in enumerate(bodies):
        t = time.perf_counter()
        _, reason = process(RawDoc(str(i), "html", body))
        ours.append(time.perf_counter() - t)
        kept += reason is None
        t = time.perf_counter()
        text = trafilatura.extract(body)
        theirs.append(time.perf_counter() - t)
        returned += bool(text)
    return 1000 * statistics.mean(ours), 1000 * statistics.mean(theirs), kept, returned


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
                subprocess.run(cmd, cwd=REPO, capture_output=True, check=False, timeout=600)
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
    parser.add_argument("--text-mb", type=float, default=10.0, help="MB of text dumps (default 10)")
    parser.add_argument("--crawl-runs", type=int, default=3, help="crawls per variant (default 3; the median counts)")
    parser.add_argument("--skip-crawl", action="store_true")
    ns = parser.parse_args(argv)
    pages = sorted(CWCED.glob("*.html"))
    if not pages:
        print(f"error: no HTML pages in {CWCED}", file=sys.stderr)
        return 1
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        n_html, b_html = copies(pages, tmp / "html", repeat=ns.html_repeat)
        n_text, b_text = copies(SEEDS, tmp / "text", megabytes=ns.text_mb)
        for kind, src, n, size in (("HTML", tmp / "html", n_html, b_html), ("text", tmp / "text", n_text, b_text)):
            for workers in sorted({1, ns.workers}):
                seconds = clean_cli(src, tmp / f"out-{kind}-{workers}.jsonl", workers)
                rows.append((f"clean {kind}, {workers} worker{'s' if workers > 1 else ''}",
                             f"{n / seconds:,.1f} docs/s  {size / 1e6 / seconds:.2f} MB/s",
                             f"{n} docs, {size / 1e6:.1f} MB, {seconds:.1f} s"))
        shutil.rmtree(tmp / "html")
    ours, theirs, kept, returned = per_page(pages)
    rows.append(("our HTML pipeline (decode→extract→clean→judge)", f"{ours:.1f} ms/page",
                 f"{len(pages)} cwced pages, {kept} kept"))
    rows.append(("trafilatura.extract, defaults", f"{theirs:.1f} ms/page",
                 f"same pages, text for {returned}"))
    # the speed goal of the HTML path is stated as this ratio: both sides slow down alike on a busy machine
    rows.append(("ours / trafilatura", f"{ours / theirs:.2f}x", "the two rows above"))
    if not ns.skip_crawl:
        full, crawled, items = crawl(True, ns.crawl_runs)
        bare, crawled_bare, _ = crawl(False, ns.crawl_runs)
        rows.append(("crawl sample site, full pipeline", f"{full:.1f} pages/s", f"{crawled} pages, {items} kept, median of {ns.crawl_runs}"))
        rows.append(("crawl sample site, ITEM_PIPELINES={}", f"{bare:.1f} pages/s", f"{crawled_bare} pages, median of {ns.crawl_runs}"))
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    print(f"| {'what':<{w0}} | {'speed':<{w1}} | inputs |")
    print(f"|{'-' * (w0 + 2)}|{'-' * (w1 + 2)}|--------|")
    for what, speed, inputs in rows:
        print(f"| {what:<{w0}} | {speed:<{w1}} | {inputs} |")
    print(f"\n{os.cpu_count()} CPUs, Python {sys.version.split()[0]}; wall clock, CLI start-up included", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
