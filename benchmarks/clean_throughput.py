"""Throughput of `python -m cleaners clean` on text dumps: MB/s and docs/s, wall clock, real CLI.

    python benchmarks/clean_throughput.py [--mb 20] [--workers 1 2]

Builds a directory of text dumps by repeating the bundled seed dumps (each file a real dump, so every
rule does its real work), runs the CLI once per worker count and prints a table. Not a test: timings
depend on the machine.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "tests" / "fixtures" / "seeds").glob("*.txt"))


def build(dirpath: Path, megabytes: float) -> tuple[int, int]:
    total, n = 0, 0
    while total < megabytes * 1e6:
        for seed in SEEDS:
            data = seed.read_bytes()
            (dirpath / f"{n:06d}_{seed.name}").write_bytes(data)
            total += len(data)
            n += 1
    return n, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of the generated dump directory")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "dumps"
        src.mkdir()
        docs, size = build(src, args.mb)
        print(f"input: {docs} text dumps, {size / 1e6:.1f} MB (copies of {len(SEEDS)} seed dumps)")
        print(f"{'workers':>7} {'seconds':>8} {'MB/s':>7} {'docs/s':>8}")
        for workers in args.workers:
            out = Path(tmp) / f"out{workers}.jsonl"
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "cleaners", "clean", str(src), "-o", str(out), "--workers", str(workers), "-q"],
                check=True, cwd=REPO,
            )
            took = time.perf_counter() - started
            print(f"{workers:>7} {took:>8.2f} {size / 1e6 / took:>7.2f} {docs / took:>8.1f}")


if __name__ == "__main__":
    main()
