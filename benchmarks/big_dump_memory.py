"""Peak memory of `python -m cleaners clean` on a big JSONL dump: RSS of the CLI and of all its workers.

    python benchmarks/big_dump_memory.py [--mb 300] [--workers 1 2] [--dump FILE] [--extra=--dedup]

Generates a JSONL dump of distinct documents built from the paragraphs of the bundled seed dumps
(each record a real-looking article: the seed's header, 12–20 paragraphs sampled from all seeds, the seed's
tail), runs the real CLI once per worker count and samples /proc every 0.1 s for the resident memory of
the CLI process and of the whole process tree (CLI + workers). Prints peak RSS and docs/s. Not a test:
numbers depend on the machine; memory should not grow with the size of the dump.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "tests" / "fixtures" / "seeds").glob("*.txt"))


def build(path: Path, megabytes: float, seed: int = 7) -> int:
    rng = random.Random(seed)
    texts = [s.read_text(encoding="utf-8") for s in SEEDS]
    pool = [p for t in texts for p in t.split("\n") if len(p) > 30]
    n, size = 0, 0
    with open(path, "w", encoding="utf-8") as f:
        while size < megabytes * 1e6:
            lines = texts[n % len(texts)].split("\n")
            body = rng.sample(pool, rng.randint(12, 20))
            text = "\n".join(lines[:6] + body + lines[-8:])
            line = json.dumps({"id": f"doc{n:07d}", "url": f"http://example.cn/{n}.html", "text": text}, ensure_ascii=False) + "\n"
            f.write(line)
            size += len(line.encode("utf-8"))
            n += 1
    return n


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return out


def measure(cmd: list[str], cwd: Path) -> tuple[float, int, int]:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd)
    peak_main = peak_tree = 0
    while proc.poll() is None:
        peak_main = max(peak_main, _rss_kb(proc.pid))
        peak_tree = max(peak_tree, sum(_rss_kb(p) for p in _tree(proc.pid)))
        time.sleep(0.1)
    if proc.returncode:
        raise SystemExit(f"{cmd} exited {proc.returncode}")
    return time.perf_counter() - started, peak_main, peak_tree


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=300.0, help="size of the generated JSONL dump")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--dump", type=Path, help="use (or create) this dump instead of a temporary one")
    parser.add_argument("--repo", type=Path, default=REPO, help="checkout whose cleaners package to run")
    parser.add_argument("--extra", action="append", default=[], help="extra CLI argument (repeatable)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dump = args.dump or Path(tmp) / "dump.jsonl"
        if not dump.exists():
            build(dump, args.mb)
        with open(dump, "rb") as f:
            docs = sum(1 for _ in f)
        size = dump.stat().st_size
        print(f"input: {docs} JSONL records, {size / 1e6:.0f} MB")
        print(f"{'workers':>7} {'seconds':>8} {'docs/s':>8} {'peak RSS CLI':>13} {'peak RSS all':>13}")
        for workers in args.workers:
            out = Path(tmp) / f"out{workers}.jsonl"
            cmd = [sys.executable, "-m", "cleaners", "clean", str(dump), "-o", str(out),
                   "--workers", str(workers), "-q", *args.extra]
            took, main_kb, tree_kb = measure(cmd, args.repo)
            print(f"{workers:>7} {took:>8.1f} {docs / took:>8.1f} {main_kb / 1024:>10.0f} MB {tree_kb / 1024:>10.0f} MB",
                  flush=True)


if __name__ == "__main__":
    main()
