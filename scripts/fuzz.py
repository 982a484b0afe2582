"""The long fuzz run (not part of CI): the properties of tests/test_fuzz.py with many more generated inputs.

    python scripts/fuzz.py [--examples 10000] [-k decode] [--seed N]

decode_html, extract and the whole clean pipeline (HTML and text) get --examples inputs each, the clean CLI a
tenth as many JSONL files of up to 12 records. Randomised (not derandomised as in CI): every run explores new
inputs; a failure prints the smallest input that shows it, and hypothesis keeps it in .hypothesis/ so the next
run (CI included) tries it first. Exit status: pytest's (0 when nothing failed).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/fuzz.py", description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000, help="generated inputs per property (default 10000)")
    parser.add_argument("-k", default=None, help="only the properties whose name matches (pytest -k)")
    parser.add_argument("--seed", default=None, help="hypothesis seed, to repeat a run")
    ns = parser.parse_args(argv)
    env = dict(os.environ, KECHUANG_FUZZ_EXAMPLES=str(ns.examples))
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(REPO / "tests" / "test_fuzz.py"),
           "--hypothesis-show-statistics"]
    if ns.k:
        cmd += ["-k", ns.k]
    if ns.seed:
        cmd += [f"--hypothesis-seed={ns.seed}"]
    started = time.perf_counter()
    code = subprocess.call(cmd, cwd=REPO, env=env)
    print(f"fuzz: {ns.examples} inputs per property, {time.perf_counter() - started:.0f} s, "
          f"{'no failure' if code == 0 else 'FAILURES (see above)'}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
