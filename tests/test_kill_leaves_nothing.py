"""A clean run with workers killed with SIGKILL at any moment — before its workers exist, while they start,
once they work — leaves no process behind.

The run's processes are found by a marker in their environment (every process the run starts inherits it),
not by the process tree: an orphan's parent is no longer the CLI, and a process the CLI started just before
it died may not have been seen as its child yet.
"""
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from .conftest import REPO
from .test_resume import _dump

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")

MARK = "KECHUANG_TEST_RUN"
GONE_WITHIN = 30.0   # seconds: a worker still importing when the CLI dies ends once it reads its closed pipe


def _ours(mark: str) -> list[int]:
    """Live processes (not zombies) whose environment carries MARK=mark."""
    needle = f"{MARK}={mark}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if state not in ("Z", "X"):
            found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def dump(tmp_path_factory):
    src = tmp_path_factory.mktemp("kill") / "dump.jsonl"
    _dump(src, 20_000)  # a run of half a minute here: far longer than the moments it is killed at, even on a fast machine
    return src


def _start(dump: Path, out: Path, mark: str, stderr=subprocess.DEVNULL) -> subprocess.Popen:
    # --workers 3: the CLI cleans too, beside two worker processes
    return subprocess.Popen([sys.executable, "-m", "cleaners", "clean", str(dump), "-o", str(out), "--workers", "3", "-q"],
                            cwd=REPO, env=dict(os.environ, **{MARK: mark}), stdout=subprocess.DEVNULL, stderr=stderr)


def _kill_and_check(proc: subprocess.Popen, mark: str) -> None:
    assert proc.poll() is None, "the run ended before it was killed"
    proc.kill()
    proc.wait(timeout=30)
    deadline = time.monotonic() + GONE_WITHIN
    while (left := _ours(mark)) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in left:  # do not leave them to the next test either
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"left behind {GONE_WITHIN:.0f} s after the kill: {left}"


@pytest.mark.parametrize("delay", [i / 10 for i in range(16)])
def test_killed_at_a_moment_of_the_start(tmp_path, dump, delay):
    mark = uuid.uuid4().hex
    proc = _start(dump, tmp_path / "out.jsonl", mark)
    time.sleep(delay)  # the moment of the kill, not a wait for something: every moment must be safe
    _kill_and_check(proc, mark)


@pytest.mark.parametrize("workers_seen", [1, 2])
def test_killed_as_soon_as_a_worker_exists(tmp_path, dump, workers_seen):
    """The worker has just been started: it has not run a line of its own code yet."""
    mark = uuid.uuid4().hex
    proc = _start(dump, tmp_path / "out.jsonl", mark)
    deadline = time.monotonic() + 60
    while len([p for p in _ours(mark) if p != proc.pid]) < workers_seen:  # polled without pause: the earliest moment
        assert time.monotonic() < deadline and proc.poll() is None, "the run never started its workers"
    _kill_and_check(proc, mark)


def test_a_worker_killed_midway_fails_the_run_with_status_1_and_no_output(tmp_path, dump):
    mark = uuid.uuid4().hex
    out_dir = tmp_path / "out"
    proc = _start(dump, out_dir / "out.jsonl", mark, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not (out_dir.is_dir() and any(p.stat().st_size for p in out_dir.iterdir())):  # the workers are working
        assert time.monotonic() < deadline and proc.poll() is None, "no output came"
        time.sleep(0.02)
    os.kill(next(p for p in _ours(mark) if p != proc.pid), signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, err.decode()[-2000:]
    assert "a worker process died" in err.decode() and "Traceback" not in err.decode()
    assert list(out_dir.iterdir()) == []  # no OUT, no half-written temp file
    deadline = time.monotonic() + GONE_WITHIN
    while _ours(mark) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _ours(mark) == []
