"""Peak memory and time of `python -m cleaners clean` on pathological pages, one shape per run.

    python benchmarks/pathological_memory.py [--shapes links table …] [--tags N] [--limit-gb 4] [--timeout 120]

Builds each page in a temporary directory, as tests/test_pathological_pages.py builds its pages, with
--tags '<' (default: just under cleaners.limits.MAX_TAGS); the shapes marked "over" are built past the bound
whatever --tags says, and must be rejected as too_complex unparsed:

    links          bare links in one <div> (two '<' a link)
    links_over     the same past MAX_TAGS
    divs           <div>s nested 100 deep, a few characters of text in each
    paragraphs     <p>s holding a sentence each
    table          a table of rows of 3 cells, closed tags (8 '<' a row)
    table_open     the same, end tags omitted as HTML allows (4 '<' a row): more cells for the bound
    table_60k      60,000 rows × 3 cells (480,000 '<'): over
    classed        <div>s with an id and a class each (every element a named one)
    chrome_cells   <div class="nav">s: every element named chrome, set aside while the body is chosen
    list_story     <li>s without end tags (one '<' an element), then a real article: kept, so every stage runs
    story          the seed story alone: the baseline

Runs the real CLI on each page alone (--no-templates, one worker) under an address-space limit (RLIMIT_AS,
--limit-gb) and a wall-clock --timeout, and prints the page's size and tags, the CLI's wall and CPU time (on a
busy machine, compare the CPU time), its peak RSS (ru_maxrss from wait4), what became of the page, and the
peak over the baseline's as a multiple of the page's size. The CLI's time includes its start (the baseline's).

Not a test: the numbers depend on the machine. What a page costs is its lxml tree (libxml2 spends some
250-550 bytes an element: 15-25 times the page for bare link cells) and what the pipeline holds beside it
while it reads the tree (scores for the blocks that matter, htmldate's serialisation of the page); the
multiple is largest where the markup is densest, and the bound on tags is what bounds the cost in absolute
terms. Compare two checkouts with --repo.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cleaners.limits import MAX_TAGS  # noqa: E402

SEED = REPO / "tests" / "fixtures" / "seeds_gold" / "002_08b51e217c1001c8.txt"


def _story() -> str:
    lines = SEED.read_text(encoding="utf-8").splitlines()[1:]
    return "".join(f"<p>{line}</p>" for line in lines if line.strip())


def _page(body: str) -> bytes:
    return f"<html><head><title>t</title></head><body>{body}</body></html>".encode()


def build(shape: str, tags: int) -> bytes:
    """The page of `shape` with about `tags` '<' (the 'over' shapes ignore it)."""
    n = tags - 8  # the frame's own tags
    if shape == "links":
        return _page("<div>" + "".join(f'<a href="/a/{i}.html">第{i}条</a>' for i in range(n // 2 - 1)) + "</div>")
    if shape == "links_over":
        return _page("<div>" + "".join(f'<a href="/a/{i}.html">第{i}条</a>' for i in range(MAX_TAGS // 2 + 1))
                     + "</div>")
    if shape == "divs":
        chain = "".join(f"<div>文字{j}" for j in range(100)) + "</div>" * 100
        return _page(chain * (n // 200))
    if shape == "paragraphs":
        return _page("".join(f"<p>这是第{i}段，写了一句话。</p>" for i in range(n // 2)))
    if shape == "table":
        return _page("<table>" + "".join(f"<tr><td>{i}</td><td>名称{i}</td><td>{i * 3}</td></tr>"
                                         for i in range(n // 8)) + "</table>")
    if shape == "table_open":
        return _page("<table>" + "".join(f"<tr><td>{i}<td>名称{i}<td>{i * 3}" for i in range(n // 4)) + "</table>")
    if shape == "table_60k":
        return _page("<table>" + "".join(f"<tr><td>{i}</td><td>名称{i}</td><td>{i * 3}</td></tr>"
                                         for i in range(60_000)) + "</table>")
    if shape == "classed":
        return _page("".join(f'<div class="item-{i % 7}" id="n{i}">第{i}条</div>' for i in range(n // 2)))
    if shape == "chrome_cells":
        return _page("".join(f'<div class="nav">第{i}条</div>' for i in range(n // 2)))
    if shape == "list_story":
        story = _story()
        return _page("<ul>" + "".join(f"<li>第{i}条" for i in range(n - story.count("<") - 2)) + "</ul>"
                     + f"<div>{story}</div>")
    if shape == "story":
        return _page(f"<div>{_story()}</div>")
    raise ValueError(shape)


SHAPES = ("story", "links", "links_over", "divs", "paragraphs", "table", "table_open", "table_60k", "classed",
          "chrome_cells", "list_story")


def run(cmd: list[str], cwd: Path, limit_bytes: int, timeout: float) -> tuple[float, float, int, int | str]:
    """(wall seconds, CPU seconds, peak RSS in KB, exit status or what stopped it)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, preexec_fn=limit, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = "killed at the timeout"
            break
        time.sleep(0.02)
    took = time.perf_counter() - started
    code = proc.returncode if isinstance(proc.returncode, str) else os.waitstatus_to_exitcode(status)
    proc.returncode = 0 if isinstance(code, str) else code  # reaped already: Popen must not wait again
    err = proc.stderr.read().decode(errors="replace").strip()
    if code != 0 and err:
        print("  stderr:", err.splitlines()[-1][:200])
    return took, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code


def _outcome(out: Path, rejects: Path) -> str:
    for path, kept in ((out, True), (rejects, False)):
        if path.exists():
            for line in open(path, encoding="utf-8"):
                record = json.loads(line)
                return f"kept ({len(record.get('text', ''))} chars)" if kept else record["reason"]
    return "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    parser.add_argument("--tags", type=int, default=MAX_TAGS - 2_000, help="'<' of a page (not the over shapes)")
    parser.add_argument("--limit-gb", type=float, default=4.0, help="address-space limit of the CLI (RLIMIT_AS)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before the CLI is killed")
    parser.add_argument("--repo", type=Path, default=REPO, help="checkout whose cleaners package to run")
    args = parser.parse_args()
    shapes = ["story", *[s for s in args.shapes if s != "story"]]  # the baseline first
    print(f"MAX_TAGS {MAX_TAGS:,}; each page alone through `python -m cleaners clean --no-templates`; "
          f"RLIMIT_AS {args.limit_gb:g} GB")
    print(f"{'shape':<12} {'tags':>8} {'size':>9} {'wall s':>7} {'CPU s':>6} {'peak RSS':>9} {'over base':>10} "
          f"{'× size':>7}  outcome")
    base_kb = None
    with tempfile.TemporaryDirectory() as tmp:
        for shape in shapes:
            page = build(shape, args.tags)
            path = Path(tmp) / f"{shape}.html"
            path.write_bytes(page)
            out, rejects = Path(tmp) / f"{shape}.jsonl", Path(tmp) / f"{shape}.rejects.jsonl"
            cmd = [sys.executable, "-m", "cleaners", "clean", str(path), "-o", str(out), "--rejects", str(rejects),
                   "--no-templates", "-q"]
            took, cpu, peak_kb, code = run(cmd, args.repo, int(args.limit_gb * 1e9), args.timeout)
            outcome = _outcome(out, rejects) if code == 0 else f"exit {code}"
            if base_kb is None:
                base_kb = peak_kb
            over = (peak_kb - base_kb) / 1024
            ratio = (peak_kb - base_kb) * 1024 / len(page)
            print(f"{shape:<12} {page.count(b'<'):>8,} {len(page) / 1e6:>7.2f}MB {took:>7.2f} {cpu:>6.2f} "
                  f"{peak_kb / 1024:>6.0f} MB {over:>7.0f} MB {ratio:>6.1f}×  {outcome}")
            path.unlink()


if __name__ == "__main__":
    main()
