"""A clean run killed midway (SIGKILL) and started again with the same command finishes the job: every input
document lands in exactly one of OUT / REJECTS, none twice, and the files are those of an uninterrupted run."""
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import FIXTURES, REPO, read_jsonl, run_cli

N_DOCS = 1500  # the run is killed after about 320 of them, so the resumed run does most of the work
LONG_RUN = 4000  # a dump that keeps a run busy for seconds: a signal sent soon after its start finds it working


def _dump(path, n=N_DOCS):
    """Small articles from the gold paragraphs, with bad lines, too-short texts and reposts mixed in."""
    rng = random.Random(3)
    pool = [p for f in sorted((FIXTURES / "seeds_gold").glob("*.txt"))
            for p in f.read_text(encoding="utf-8").split("\n") if len(p) > 40]
    texts, lines = [], []
    for i in range(n):
        if i % 97 == 5:
            lines.append('{"id": "broken%d", "text": "unterminated' % i)
            continue
        if i % 50 == 7:
            text = "科创中国"
        elif i % 40 == 9 and texts:
            text = texts[rng.randrange(len(texts))] + "\n（转载）"
        else:
            text = "\n".join(rng.sample(pool, 3))
            texts.append(text)
        lines.append(json.dumps({"id": f"doc{i:05d}", "url": f"http://example.cn/{i}.html", "text": text},
                                ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _ids(rows):
    return [r["id"] for r in rows]


def _lines(path):
    return path.read_bytes().count(b"\n") if path.exists() else 0


def _kill_midway(cmd, out, journal, min_lines=300):
    """Start the CLI, SIGKILL it once output and a checkpoint exist (it must still be running)."""
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            if _lines(out) >= min_lines and _lines(journal) >= 2:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the run finished before it could be killed: " + proc.stderr.read().decode()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # workers of the killed run, if any outlived it
        except ProcessLookupError:
            pass
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


@pytest.fixture(scope="module")
def dump(tmp_path_factory):
    d = tmp_path_factory.mktemp("resume")
    src = d / "dump.jsonl"
    _dump(src)
    ref = d / "ref"
    ref.mkdir()
    proc = run_cli("clean", str(src), "-o", str(ref / "out.jsonl"), "--dedup-index", str(ref / "index"), "-q")
    assert proc.returncode == 0, proc.stderr.decode()
    from cleaners.neardup import NearDupIndex
    return src, ref, NearDupIndex.load(ref / "index").ids


@pytest.mark.parametrize("workers", ["1", "2"])
def test_killed_run_finishes_exactly_once(tmp_path, dump, workers):
    src, ref, ref_ids = dump
    out, rej, index = tmp_path / "out.jsonl", tmp_path / "out.rejects.jsonl", tmp_path / "index"
    args = ["clean", str(src), "-o", str(out), "--dedup-index", str(index), "--resume",
            "--checkpoint-every", "100", "--workers", workers, "-q"]
    _kill_midway([sys.executable, "-m", "cleaners", *args], out, tmp_path / "out.jsonl.journal")
    done_lines = _lines(out) + _lines(rej)
    assert 0 < done_lines < N_DOCS
    with open(out, "ab") as f:  # as if the kill had cut a line in half
        f.write(b'{"id": "doc9', )

    proc = run_cli(*args[:-1])
    assert proc.returncode == 0, proc.stderr.decode()
    assert "resumed after" in proc.stderr.decode()

    kept, rejected = read_jsonl(out), read_jsonl(rej)
    ids = _ids(kept) + _ids(rejected)
    assert len(ids) == len(set(ids)) == N_DOCS  # every document once, none twice
    assert sorted(_ids(kept)) == _ids(kept)     # kept in input order
    assert {r["reason"] for r in rejected} == {"bad_json", "too_short", "near_duplicate"}
    # byte for byte what an uninterrupted run writes, dedup index included
    assert out.read_bytes() == (ref / "out.jsonl").read_bytes()
    assert rej.read_bytes() == (ref / "out.rejects.jsonl").read_bytes()
    from cleaners.neardup import NearDupIndex
    assert NearDupIndex.load(index).ids == ref_ids

    again = run_cli(*args[:-1])  # a finished run is not redone
    assert again.returncode == 0 and "nothing to do" in again.stderr.decode()
    assert out.read_bytes() == (ref / "out.jsonl").read_bytes()


def test_resume_refuses_other_arguments_and_changed_inputs(tmp_path, dump):
    src, _, _ = dump
    out = tmp_path / "out.jsonl"
    args = ["clean", str(src), "-o", str(out), "--resume", "--checkpoint-every", "100", "-q"]
    _kill_midway([sys.executable, "-m", "cleaners", *args], out, tmp_path / "out.jsonl.journal", min_lines=150)

    other = run_cli(*args, "--keep-width")
    assert other.returncode == 2 and b"other arguments" in other.stderr

    changed = tmp_path / "changed.jsonl"  # same path in the journal, other documents behind it
    src_lines = src.read_bytes().splitlines(keepends=True)
    os.replace(src, changed)
    try:
        src.write_bytes(b"".join(src_lines[:50]))
        short = run_cli(*args)
        assert short.returncode == 2 and b"cannot resume" in short.stderr
        src.write_bytes(b"".join(reversed(src_lines)))
        reordered = run_cli(*args)
        assert reordered.returncode == 2 and b"inputs changed" in reordered.stderr
    finally:
        os.replace(changed, src)

    fresh = run_cli(*[a for a in args if a != "--resume"])  # without --resume: starts over, atomically
    assert fresh.returncode == 0, fresh.stderr.decode()
    assert not (tmp_path / "out.jsonl.journal").exists()
    assert _lines(out) + _lines(tmp_path / "out.rejects.jsonl") == N_DOCS


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_killed_run_leaves_no_workers_behind(tmp_path):
    """Killed once its workers are up (tests/test_workers.py kills it at every moment of their start)."""
    src = tmp_path / "dump.jsonl"
    _dump(src, LONG_RUN)
    proc = subprocess.Popen([sys.executable, "-m", "cleaners", "clean", str(src), "-o", str(tmp_path / "out.jsonl"),
                             "--workers", "3", "-q"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    helpers: set[int] = set()
    while len(helpers) < 2 and time.time() < deadline and proc.poll() is None:  # the 2 worker processes
        helpers = _descendants(proc.pid)
        time.sleep(0.05)
    assert len(helpers) >= 2, "the run never started its workers"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.time() + 15
    while time.time() < deadline and any(Path(f"/proc/{pid}").exists() for pid in helpers):
        time.sleep(0.1)
    alive = [pid for pid in helpers if Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split(")")[1][:3]]
    assert alive == [], f"left behind: {alive}"


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_ends_a_run_cleanly_and_leaves_no_temp_files(tmp_path, workers):
    src = tmp_path / "dump.jsonl"
    _dump(src, LONG_RUN)
    out_dir = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "cleaners", "clean", str(src), "-o", str(out_dir / "out.jsonl"),
                             "--workers", workers, "-q"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    # once documents are being written: interrupted mid-work, with temp outputs to remove and workers to stop
    while not (out_dir.is_dir() and any(p.stat().st_size for p in out_dir.iterdir())) and time.time() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()[-2000:]
    assert "interrupted" in err.decode() and "Traceback" not in err.decode()
    assert list(out_dir.iterdir()) == []
