"""What `clean --dedup` costs: the CLI with and without it on one text file, and where the dedup time goes.

    python benchmarks/dedup_speed.py [--input RECORDS.jsonl] [--runs 3] [--code DIR] [--skip-cli]

- whole process: `python -m cleaners clean INPUT -o OUT -q --workers 1`, with and without --dedup, runs
  interleaved (A B A B ...) after one warm-up of each, with the .pyc caches a normal user has
  (PYTHONDONTWRITEBYTECODE dropped); the minimum CPU seconds (user + system) of each, and the overhead;
- in this process, on the texts the run without --dedup kept: the import of cleaners.neardup, shingle_hashes,
  the signatures from those hashes, and the index (check of every signature), in CPU seconds;
- in this process, the CPU spent in neardup.signature when the CLI's own loop (cleaners.cli.run_units, one
  worker) cleans and signs the input, a chunk's signatures after its cleaning: the cleaning between them
  leaves the CPU caches colder for numpy's work than the tight loop of the row above.
--code DIR times another checkout's `cleaners` (the CLI runs with DIR as its working directory; the
in-process part imports DIR's cleaners.neardup).

Not a test: the numbers depend on the machine; compare runs on the same one, at a quiet moment.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def cpu_of(cmd: list[str], env: dict, code: Path) -> float:
    """CPU seconds (user + system) of one run of `cmd` and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, cwd=code, env=env, stdin=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def whole_process(source: Path, runs: int, code: Path, out: Path) -> tuple[float, float]:
    """(min CPU without --dedup, min CPU with it), interleaved runs after one warm-up of each."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    plain = [sys.executable, "-m", "cleaners", "clean", str(source), "-o", str(out), "-q", "--workers", "1"]
    dedup = [*plain, "--dedup"]
    cpu_of(plain, env, code)
    cpu_of(dedup, env, code)
    times: dict[str, list[float]] = {"plain": [], "dedup": []}
    for _ in range(runs):
        times["plain"].append(cpu_of(plain, env, code))
        times["dedup"].append(cpu_of(dedup, env, code))
    return min(times["plain"]), min(times["dedup"])


def in_process(texts: list[str], code: Path) -> list[tuple[str, float]]:
    """CPU seconds of each step of --dedup on `texts`, in this process (best of 3 for the repeated steps)."""
    sys.path.insert(0, str(code))
    started = time.process_time()
    from cleaners import neardup
    steps = [("import cleaners.neardup (and what it imports)", time.process_time() - started)]

    def best(fn) -> float:
        spent = []
        for _ in range(3):
            started = time.process_time()
            fn()
            spent.append(time.process_time() - started)
        return min(spent)

    hashes = [neardup.shingle_hashes(t) for t in texts]
    steps.append(("shingle_hashes", best(lambda: [neardup.shingle_hashes(t) for t in texts])))
    started = time.process_time()
    signatures = [neardup.signature(t) for t in texts]
    steps.append(("signature (first call: includes the one-off set-up)", time.process_time() - started))
    steps.append(("signature, one text at a time (shingles included)", best(lambda: [neardup.signature(t) for t in texts])))
    batches = [texts[i:i + 64] for i in range(0, len(texts), 64)]
    steps.append(("signatures, 64 texts at a time (as the CLI signs a chunk)",
                  best(lambda: [neardup.signatures(b) for b in batches])))

    def check_all():
        index = neardup.NearDupIndex()
        for i, sig in enumerate(signatures):
            index.check(str(i), sig)

    steps.append(("NearDupIndex.check of every signature", best(check_all)))
    steps.append((f"({len(texts)} texts, {sum(len(h) for h in hashes)} distinct shingles)", 0.0))
    return steps


def in_pipeline(source: Path, code: Path) -> float:
    """CPU seconds spent in neardup.signatures while cleaners.cli.run_units cleans and signs `source` with one
    worker, as `clean --dedup` does on a file (best of 2, after one warm-up run)."""
    sys.path.insert(0, str(code))
    from cleaners import neardup
    from cleaners.cli import run_units
    from cleaners.inputs import read_units
    from cleaners.pipeline import Options

    units = list(read_units([str(source)]))
    sign, spent = neardup.signatures, [0.0]

    def timed(texts: list[str]) -> list[bytes]:
        started = time.process_time()
        sigs = sign(texts)
        spent[0] += time.process_time() - started
        return sigs

    neardup.signatures = timed      # cleaners.workers.signed imports it from the module at each chunk
    try:
        runs = []
        for _ in range(3):
            spent[0] = 0.0
            for _ in run_units(iter(units), Options(), 1, sign=True, files=True):
                pass
            runs.append(spent[0])
    finally:
        neardup.signatures = sign
    return min(runs[1:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/dedup_speed.py", description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path,
                        help="JSONL text records (default: bench.py's 10 MB of the seed dumps, built here)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each; the minimum counts (default 3)")
    parser.add_argument("--code", type=Path, default=REPO, help="the checkout timed (default: this one)")
    parser.add_argument("--skip-cli", action="store_true", help="only the in-process breakdown")
    ns = parser.parse_args(argv)
    code = ns.code.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        if ns.input is None:
            from bench import text_records

            ns.input = Path(tmp) / "text.jsonl"
            text_records(ns.input, 10.0)
        if not ns.skip_cli:
            plain, dedup = whole_process(ns.input.resolve(), ns.runs, code, out)
            print(f"| clean --workers 1 | {plain:.2f} s CPU | min of {ns.runs} |")
            print(f"| clean --workers 1 --dedup | {dedup:.2f} s CPU | +{100 * (dedup / plain - 1):.0f}% |")
        # the texts --dedup signs: what the run without it keeps (the last timed run was one with it)
        subprocess.run([sys.executable, "-m", "cleaners", "clean", str(ns.input.resolve()), "-o", str(out),
                        "-q", "--workers", "1"], check=True, cwd=code)
        with open(out, encoding="utf-8") as f:
            texts = [json.loads(line).get("text") or "" for line in f]
        for what, seconds in in_process(texts, code):
            print(f"| {what} | {seconds:.3f} s CPU |")
        inside = in_pipeline(ns.input.resolve(), code)
        print(f"| signatures inside the CLI's loop (cleaning between chunks of signatures) | {inside:.3f} s CPU |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
