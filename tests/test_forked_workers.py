"""`clean --workers N` forks its workers once it has cleaned a chunk (cleaners/workers.py): a forked worker
holds none of the CLI's files, leaves Ctrl-C to the CLI, and a process that cannot fork safely (other
threads running) starts fresh interpreters instead. Killing at every moment, and the output being the same
for any number of workers, are tested in tests/test_kill_leaves_nothing.py and tests/test_big_dumps.py."""
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from .conftest import REPO
from .test_kill_leaves_nothing import MARK, _kill_and_check, _ours
from .test_resume import LONG_RUN, _dump

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")


@pytest.fixture(scope="module")
def dump(tmp_path_factory):
    src = tmp_path_factory.mktemp("forked") / "dump.jsonl"
    _dump(src, LONG_RUN)
    return src


def _fds(pid: int) -> dict[int, str]:
    """The process's descriptors and what each points to ({} once it is gone)."""
    found = {}
    try:
        for entry in Path(f"/proc/{pid}/fd").iterdir():
            try:
                found[int(entry.name)] = os.readlink(entry)
            except OSError:   # closed meanwhile
                pass
    except OSError:
        return {}
    return found


def test_a_forked_worker_holds_only_its_own_pipes(tmp_path, dump):
    """Not the CLI's output temp file, its dedup index lock, its input, or the other worker's pipes: a worker
    holding the write end of another's input would keep that one from ever seeing the end of its input."""
    mark = uuid.uuid4().hex
    out = tmp_path / "out" / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "cleaners", "clean", str(dump), "-o", str(out), "--workers", "3",
                             "-q", "--dedup-index", str(tmp_path / "index.npz")],
                            cwd=REPO, env=dict(os.environ, **{MARK: mark}),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(workers := [p for p in _ours(mark) if p != proc.pid]) < 2:
            assert time.monotonic() < deadline and proc.poll() is None, "the run never started its workers"
            time.sleep(0.01)
        cli_fds = set(_fds(proc.pid).values())
        for pid in workers:
            assert Path(f"/proc/{pid}/cmdline").read_bytes() == Path(f"/proc/{proc.pid}/cmdline").read_bytes(), \
                "a fork of the CLI, not a fresh interpreter"
            while True:   # it closes what it inherited as soon as it starts
                fds = _fds(pid)
                if len(fds) == 5 or time.monotonic() > deadline:
                    break
                time.sleep(0.01)
            assert sorted(fds) == [0, 1, 2, *sorted(fds)[3:]] and len(fds) == 5, fds
            assert fds[0] == os.devnull
            assert fds[1] == fds[2], "its stdout goes to stderr"
            own = [target for fd, target in fds.items() if fd > 2]
            assert all(target.startswith("pipe:") for target in own), own
            # each of its two pipes has its other end in the CLI, not in the other worker
            assert all(target in cli_fds for target in own), (own, cli_fds)
        assert not set(fds.values()) & {t for t in cli_fds if not t.startswith(("pipe:", "/dev/"))}
    finally:
        _kill_and_check(proc, mark)


def test_ctrl_c_reaches_the_cli_alone_and_ends_the_run_cleanly(tmp_path, dump):
    """Ctrl-C signals the whole process group: the workers ignore it, the CLI stops them and removes its temp
    files."""
    mark = uuid.uuid4().hex
    out_dir = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "cleaners", "clean", str(dump), "-o", str(out_dir / "out.jsonl"),
                             "--workers", "3", "-q"], cwd=REPO, env=dict(os.environ, **{MARK: mark}),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while not (out_dir.is_dir() and any(p.stat().st_size for p in out_dir.iterdir())):   # the workers work
        assert time.monotonic() < deadline and proc.poll() is None, "no output came"
        time.sleep(0.02)
    assert len([p for p in _ours(mark) if p != proc.pid]) == 2
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()[-2000:]
    assert "interrupted" in err.decode() and "Traceback" not in err.decode()
    assert list(out_dir.iterdir()) == []
    deadline = time.monotonic() + 30
    while _ours(mark) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _ours(mark) == []


POOL_KIND = """\
import sys, threading
from cleaners.inputs import RawDoc
from cleaners.pipeline import Options
from cleaners.workers import Pool

if sys.argv[1] == "thread":
    stop = threading.Event()
    threading.Thread(target=stop.wait, daemon=True).start()
chunks = [[RawDoc(f"{i}", "text", "科技创新推动区域经济高质量发展。" * 20)] for i in range(4)]
with Pool(1, Options(), fork=True) as pool:
    ids = [r[0]["id"] for results in pool.map(chunks, window=4) for r in results]
    print(type(pool.workers[0].proc).__name__, ids)
"""


@pytest.mark.parametrize("threads, kind", [("none", "_Forked"), ("thread", "Popen")])
def test_the_pool_forks_only_a_one_thread_process(threads, kind):
    proc = subprocess.run([sys.executable, "-c", POOL_KIND, threads], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [kind, "['0',", "'1',", "'2',", "'3']"]


IGNORING_SIGCHLD = """\
import os, signal, sys
signal.signal(signal.SIGCHLD, signal.SIG_IGN)   # as some supervisors start programs: it is kept across exec
os.execv(sys.executable, [sys.executable, "-m", "cleaners", *sys.argv[1:]])
"""


def test_a_run_started_with_sigchld_ignored_ends_normally(tmp_path, dump):
    """The kernel then reaps the workers itself: waiting for one finds none, which is no error."""
    out = tmp_path / "out.jsonl"
    proc = subprocess.run([sys.executable, "-c", IGNORING_SIGCHLD, "clean", str(dump), "-o", str(out),
                           "--workers", "3", "-q"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stderr == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) + \
        len((tmp_path / "out.rejects.jsonl").read_text(encoding="utf-8").splitlines()) == LONG_RUN


@pytest.mark.parametrize("attempt", range(8))
def test_sigterm_to_the_group_as_the_workers_are_forked(tmp_path, dump, attempt):
    """A service stopped as the run forks its workers: the CLI ends as on any SIGTERM (status 130, its
    message, no temp files), and no child runs the CLI's handler (which printed a traceback, or ended the run a
    second time from inside the child)."""
    mark = uuid.uuid4().hex
    out_dir = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "cleaners", "clean", str(dump), "-o", str(out_dir / "out.jsonl"),
                             "--workers", "4", "-q"], cwd=REPO, env=dict(os.environ, **{MARK: mark}),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while not [p for p in _ours(mark) if p != proc.pid]:   # polled without pause: the first fork
        assert time.monotonic() < deadline and proc.poll() is None, "the run never started its workers"
    os.killpg(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()[-2000:]
    assert err.decode().count("interrupted") == 1 and "Traceback" not in err.decode() and "Exception" not in err.decode()
    assert list(out_dir.iterdir()) == [] if out_dir.exists() else True
    deadline = time.monotonic() + 30
    while _ours(mark) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _ours(mark) == []


FAILING_START = """\
import os, sys, time
import cleaners.workers as W
from cleaners.inputs import RawDoc
from cleaners.pipeline import Options

def failing(*pipes):   # the second worker's pipes cannot be set up: the pool's start fails half-way
    failing.calls += 1
    if failing.calls == 2:
        raise OSError("no more pipes")
failing.calls = 0
W._widen = failing
chunks = [[RawDoc(f"{i}", "text", "科技创新推动区域经济高质量发展。" * 20)] for i in range(8)]
try:
    with W.Pool(3, Options(), fork=True) as pool:
        list(pool.map(chunks, window=8))
except OSError as e:
    print("failed:", e)
me = str(os.getpid())
kids = [d for d in os.listdir("/proc") if d.isdigit() and os.path.exists(f"/proc/{d}/stat")
        and open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()[1] == me]
print("children:", kids)
"""


def test_a_pool_whose_start_fails_half_way_leaves_no_child():
    """Workers forked but not yet in the pool's hands are stopped and reaped too (not even zombies stay)."""
    proc = subprocess.run([sys.executable, "-c", FAILING_START], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["failed: no more pipes", "children: []"]


KILLED_AFTER_ITS_LAST_CHUNK = """\
import os, signal
from cleaners.inputs import RawDoc
from cleaners.pipeline import Options
from cleaners.workers import Pool, WorkerDied

def chunks(pool):
    for i in range(6):
        if i == 1:   # the worker exists (forked after the first chunk): stopped, it answers nothing
            os.kill(pool.workers[0].proc.pid, signal.SIGSTOP)
        yield [RawDoc(f"{i}", "text", "科技创新推动区域经济高质量发展。" * 20)]
    # the input is over: the pool is about to close the worker's input, with the worker owing its chunks
    print("owed", len(pool.workers[0].owed))
    os.kill(pool.workers[0].proc.pid, signal.SIGKILL)
    pool.workers[0].proc.wait()

with Pool(1, Options(), fork=True) as pool:
    try:
        print("results", sum(len(r) for r in pool.map(chunks(pool), window=8)))
    except WorkerDied:
        print("worker died")
"""


def test_a_worker_that_dies_owing_results_after_the_input_ended_still_fails_the_run():
    """Once the input is over the workers' input is closed and each leaves when it has answered; the end of
    a worker's output then ends the run only if nothing is owed by it."""
    proc = subprocess.run([sys.executable, "-c", KILLED_AFTER_ITS_LAST_CHUNK], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["owed", "2", "worker", "died"], proc.stdout
