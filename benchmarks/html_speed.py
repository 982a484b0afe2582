"""Our HTML pipeline against trafilatura's defaults, whole process and in-process, on cwced and the dev set.

    python benchmarks/html_speed.py [--runs 3] [--sets cwced devset] [--code DIR] [--skip-process] [--skip-inprocess]

The goal of issue 12 is stated as a ratio: our whole HTML pipeline takes at most 0.35x trafilatura's default
time. Two ways of measuring it, on each directory of pages:

- whole process: a fresh `python -m cleaners clean DIR -o OUT -q --workers 1` against a fresh Python process
  that imports trafilatura and runs `trafilatura.extract(html_bytes)` with its defaults on every page of DIR,
  start-up included; CPU seconds (user + system of the child and its children) and wall seconds, each the
  minimum of --runs runs (the two commands taking turns), after one warm-up run of each command (so that
  both find their .pyc caches, as a user's installation does; PYTHONDONTWRITEBYTECODE is taken out of the
  children's environment);
- in-process: `cleaners.pipeline.process(RawDoc(id, "html", bytes))` against `trafilatura.extract(bytes)`,
  page after page alternately, CPU ms/page (time.process_time), after one warm-up pass over the directory;
  the minimum of --runs passes.

--code DIR times another copy of the cleaners package (e.g. the code before a change): its CLI runs with cwd
DIR, and the in-process side imports it from DIR.

`rows()` returns the table rows [(what, speed, inputs)] as benchmarks/bench.py prints them. Not a test: the
numbers depend on the machine; compare ratios from one run.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SETS = {
    "cwced": REPO / "tests" / "data" / "cwced" / "html",
    "devset": REPO / "tests" / "data" / "devset" / "html",
}
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")  # what the CLI's `auto` format reads as HTML

# the reference: trafilatura's defaults, one fresh process over the same files as the CLI reads
TRAFILATURA = """\
import sys
from pathlib import Path
import trafilatura
for path in sys.argv[1:]:
    trafilatura.extract(Path(path).read_bytes())
"""


def pages(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in HTML_SUFFIXES)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's interpreter reads and writes .pyc caches
    return env


def timed_process(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(CPU seconds: user + system of the child and the children it waited for, wall seconds) of one run."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=_child_env(), stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return usage.ru_utime + usage.ru_stime, wall


def best_processes(cmds: dict[str, list[str]], cwd: Path, runs: int) -> dict[str, tuple[float, float]]:
    """{name: (min CPU seconds, min wall seconds)} of `runs` runs of each command after one warm-up run of
    each; the commands take turns, run after run, so that the machine's drift over minutes weighs on both."""
    for cmd in cmds.values():
        timed_process(cmd, cwd)
    results: dict[str, list] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            results[name].append(timed_process(cmd, cwd))
    return {name: (min(r[0] for r in rs), min(r[1] for r in rs)) for name, rs in results.items()}


def whole_process(directory: Path, code: Path, runs: int) -> dict[str, tuple[float, float]]:
    """{"ours": (cpu, wall), "trafilatura": (cpu, wall)} for the directory."""
    with tempfile.TemporaryDirectory() as tmp:
        ours = [sys.executable, "-m", "cleaners", "clean", str(directory), "-o", str(Path(tmp) / "out.jsonl"),
                "-q", "--workers", "1"]
        theirs = [sys.executable, "-c", TRAFILATURA, *map(str, pages(directory))]
        return best_processes({"ours": ours, "trafilatura": theirs}, code, runs)


def in_process(directory: Path, runs: int) -> dict[str, float]:
    """{"ours": CPU ms/page, "trafilatura": CPU ms/page, "kept": pages we keep}, the best of `runs` passes."""
    import trafilatura

    from cleaners.inputs import RawDoc
    from cleaners.pipeline import process

    bodies = [p.read_bytes() for p in pages(directory)]
    best_ours = best_theirs = float("inf")
    kept = 0
    for attempt in range(runs + 1):  # the first pass warms both up (imports, lazy tables, caches)
        ours = theirs = 0.0
        kept = 0
        for i, body in enumerate(bodies):
            t = time.process_time()
            _, reason = process(RawDoc(str(i), "html", body))
            ours += time.process_time() - t
            kept += reason is None
            t = time.process_time()
            trafilatura.extract(body)
            theirs += time.process_time() - t
        if attempt:
            best_ours, best_theirs = min(best_ours, ours), min(best_theirs, theirs)
    n = len(bodies)
    return {"ours": 1000 * best_ours / n, "trafilatura": 1000 * best_theirs / n, "kept": kept}


def rows(runs: int = 3, sets: tuple[str, ...] = tuple(SETS), code: Path = REPO,
         whole: bool = True, inproc: bool = True) -> list[tuple[str, str, str]]:
    """The table rows: per set, the whole-process CPU and wall times of both sides and their ratio, and the
    in-process ms/page of both sides and their ratio."""
    if str(code) not in sys.path:
        sys.path.insert(0, str(code))
    found: list[tuple[str, str, str]] = []
    for name in sets:
        directory = SETS[name]
        files = pages(directory)
        size = sum(p.stat().st_size for p in files) / 1e6
        where = f"{len(files)} {name} pages, {size:.1f} MB"
        if whole:
            w = whole_process(directory, code, runs)
            (ours_cpu, ours_wall), (theirs_cpu, theirs_wall) = w["ours"], w["trafilatura"]
            found.append((f"HTML {name}: `clean --workers 1`, whole process",
                          f"{ours_cpu:.3f} s CPU  {ours_wall:.3f} s wall",
                          f"{where}, start-up included, best of {runs}"))
            found.append((f"HTML {name}: trafilatura.extract defaults, whole process",
                          f"{theirs_cpu:.3f} s CPU  {theirs_wall:.3f} s wall",
                          f"same pages, start-up included, best of {runs}"))
            found.append((f"HTML {name}: ours / trafilatura, whole process",
                          f"{ours_cpu / theirs_cpu:.3f}x CPU  {ours_wall / theirs_wall:.3f}x wall",
                          "the two rows above; goal <= 0.35x (three decimals: the goal is at the second)"))
        if inproc:
            p = in_process(directory, runs)
            found.append((f"HTML {name}: our pipeline, in-process", f"{p['ours']:.1f} ms/page CPU",
                          f"{where}, {p['kept']} kept, best of {runs} after a warm-up pass"))
            found.append((f"HTML {name}: trafilatura.extract defaults, in-process",
                          f"{p['trafilatura']:.1f} ms/page CPU", f"same pages, best of {runs}"))
            found.append((f"HTML {name}: ours / trafilatura, in-process", f"{p['ours'] / p['trafilatura']:.2f}x",
                          "the two rows above"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/html_speed.py", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement; the best counts (default 3)")
    parser.add_argument("--sets", nargs="+", choices=tuple(SETS), default=list(SETS))
    parser.add_argument("--code", type=Path, default=REPO, help="the copy of the project to time (default: this one)")
    parser.add_argument("--skip-process", action="store_true", help="no whole-process rows")
    parser.add_argument("--skip-inprocess", action="store_true", help="no in-process rows")
    ns = parser.parse_args(argv)
    table = rows(ns.runs, tuple(ns.sets), ns.code.resolve(), not ns.skip_process, not ns.skip_inprocess)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench import print_rows

    print_rows(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
