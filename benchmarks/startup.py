"""Start-up of `python -m cleaners clean` on one tiny text file: the fixed cost every run and every crawl pays.

    python benchmarks/startup.py [--runs 5] [--code DIR]

Spawns the real CLI on a two-line Chinese text file, --runs times after one warm-up run, with the .pyc caches
a normal user has (PYTHONDONTWRITEBYTECODE is dropped from the environment), and reports the minimum wall
clock and the minimum CPU seconds (user + system of the child), beside the same figures for a bare
`python -c pass` (the interpreter's own floor), and for a JSONL file whose one line is not JSON (the CLI's own
fixed cost: reading, writing and renaming, without the pipeline). `rows()` gives them in benchmarks/bench.py's
table format. --code DIR times another checkout's `cleaners` (the CLI runs with DIR as its working directory).

Not a test: the numbers depend on the machine; compare runs on the same one, at a quiet moment.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TINY = "北京市科学技术委员会发布新一轮科技创新政策，支持青年科学家开展基础研究。\n第二行文字。\n"


def timed(cmd: list[str], env: dict, code: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of one run of `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=code, env=env, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def best(cmd: list[str], runs: int, code: Path = REPO) -> tuple[float, float]:
    """The minimum wall and the minimum CPU of `runs` runs, after one warm-up run that writes the .pyc files."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    timed(cmd, env, code)
    results = [timed(cmd, env, code) for _ in range(runs)]
    return min(r[0] for r in results), min(r[1] for r in results)


def rows(runs: int = 5, code: Path = REPO) -> list[tuple[str, str, str]]:
    """[(what, speed, inputs)]: `clean` on one tiny file, on one bad JSONL line, and the bare interpreter."""
    with tempfile.TemporaryDirectory() as tmp:
        tiny, bad = Path(tmp) / "tiny.txt", Path(tmp) / "bad.jsonl"
        tiny.write_text(TINY, encoding="utf-8")
        bad.write_text("not json\n", encoding="utf-8")
        clean = [sys.executable, "-m", "cleaners", "clean", "-o", str(Path(tmp) / "t.jsonl"), "-q"]
        text = best([*clean, str(tiny)], runs, code)
        fixed = best([*clean, str(bad)], runs, code)
    bare = best([sys.executable, "-c", "pass"], runs)
    note = f"min of {runs} runs after a warm-up, .pyc caches on"
    return [
        ("start-up: clean one tiny text file", f"{text[0]:.3f} s wall  {text[1]:.3f} s CPU",
         f"{len(TINY)} characters, {note}"),
        ("start-up: clean one bad JSONL line (no pipeline)", f"{fixed[0]:.3f} s wall  {fixed[1]:.3f} s CPU", note),
        ("start-up: python -c pass (floor)", f"{bare[0]:.3f} s wall  {bare[1]:.3f} s CPU", note),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/startup.py", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs; the minimum counts (default 5)")
    parser.add_argument("--code", type=Path, default=REPO, help="the checkout whose CLI is timed (default: this one)")
    ns = parser.parse_args(argv)
    for what, speed, inputs in rows(ns.runs, ns.code.resolve()):
        print(f"| {what} | {speed} | {inputs} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
