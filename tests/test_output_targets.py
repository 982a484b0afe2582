"""Where `clean` writes, and what a failed write leaves: a file is replaced whole or not at all (both files made
durable before either is renamed), a symlink is written through, a FIFO or a device is written into (renamed
over, /dev/null itself became a regular file), and a write that fails is one `error:` line naming the file."""
import os
import resource
import stat
import subprocess
import sys
import threading

import pytest

from .conftest import REPO, SEEDS, read_jsonl, run_cli

SEED = str(sorted(SEEDS.glob("*.txt"))[0])
ALL_SEEDS = [str(p) for p in sorted(SEEDS.glob("*.txt"))]


def _limited(size: int, *args: str) -> subprocess.CompletedProcess:
    """The CLI with files limited to `size` bytes (RLIMIT_FSIZE: a write past it fails with EFBIG, as on a full
    disk; Python ignores SIGXFSZ), and no regex store written."""
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return subprocess.run([sys.executable, "-m", "cleaners", "clean", *args], cwd=REPO, capture_output=True,
                          env=dict(os.environ, KECHUANG_CACHE_DIR=""), preexec_fn=limit, timeout=300)


def _error_line(proc: subprocess.CompletedProcess) -> str:
    lines = proc.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    return lines[0]


def test_a_write_that_fails_at_the_end_leaves_both_files_as_they_were(tmp_path):
    """One seed document is under the 8 KB the writer buffers: the only write is the final flush, and it fails."""
    out, rejects = tmp_path / "out.jsonl", tmp_path / "out.rejects.jsonl"
    out.write_text("earlier output\n")
    rejects.write_text("earlier rejects\n")
    proc = _limited(1024, SEED, "-o", str(out))
    assert proc.returncode == 1
    line = _error_line(proc)
    assert str(out) in line and "File too large" in line and "no output was written" in line
    assert out.read_text() == "earlier output\n" and rejects.read_text() == "earlier rejects\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "out.rejects.jsonl"]   # no temp file


def test_the_error_names_the_file_that_failed(tmp_path):
    """Standard output takes everything; the rejects file (the seeds' duplicates, with --dedup) overflows."""
    rejects = tmp_path / "rejects.jsonl"
    proc = _limited(20000, *ALL_SEEDS, *ALL_SEEDS, "-o", "-", "--rejects", str(rejects), "--dedup", "-q")
    assert proc.returncode == 1
    line = _error_line(proc)
    assert str(rejects) in line and "no rejects file was written" in line
    assert not rejects.exists() and list(tmp_path.iterdir()) == []


def test_a_symlink_is_written_through(tmp_path):
    (tmp_path / "runs").mkdir()
    target = tmp_path / "runs" / "today.jsonl"
    link = tmp_path / "latest.jsonl"
    link.symlink_to(target)
    proc = run_cli("clean", SEED, "-o", str(link), "-q")
    assert proc.returncode == 0, proc.stderr.decode()
    assert link.is_symlink() and len(read_jsonl(target)) == 1


def test_a_fifo_is_written_into_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    proc = run_cli("clean", *ALL_SEEDS, "-o", str(fifo), "--rejects", str(tmp_path / "rejects.jsonl"), "-q")
    reader.join(timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    assert got and len(got[0].decode().splitlines()) == 5
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_resume_into_something_that_is_not_a_file_is_a_usage_error(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    proc = run_cli("clean", SEED, "-o", str(tmp_path / "out.jsonl"), "--rejects", str(fifo), "--resume")
    assert proc.returncode == 2 and str(fifo) in _error_line(proc)


def test_standard_output_closed_is_a_usage_error(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "cleaners", "clean", SEED, "-o", "-", "--rejects",
                           str(tmp_path / "r.jsonl")], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          preexec_fn=lambda: os.close(1), timeout=120)
    assert proc.returncode == 2 and "standard output is closed" in _error_line(proc)


def test_a_fifo_as_output_needs_a_rejects_file_named(tmp_path):
    """OUT.rejects.jsonl beside a FIFO or a device would be /dev/null.rejects.jsonl: name one instead, as for -o -."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    proc = run_cli("clean", SEED, "-o", str(fifo))
    assert proc.returncode == 2 and "--rejects" in _error_line(proc)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_symlink_loop_as_output_is_a_usage_error(tmp_path):
    """A symlink that leads back to itself: one error line, no traceback, and nothing written."""
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    proc = run_cli("clean", SEED, "-o", str(tmp_path / "a"))
    assert proc.returncode == 2 and str(tmp_path / "a") in _error_line(proc)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


def test_standard_output_left_non_blocking_loses_no_record(tmp_path):
    """O_NONBLOCK belongs to the pipe, shared by all who hold it: a parent may have set it. The CLI then waits
    while the pipe is full instead of dropping what does not fit (Python's buffered writer lost 2,984 of
    3,000 lines and exited 0)."""
    import fcntl
    import json
    import time

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": str(i), "text": "科技创新推动区域经济高质量发展。" * 40}, ensure_ascii=False) + "\n"
                           for i in range(600)), encoding="utf-8")
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETFL, fcntl.fcntl(write_end, fcntl.F_GETFL) | os.O_NONBLOCK)
    proc = subprocess.Popen([sys.executable, "-m", "cleaners", "clean", str(src), "-o", "-", "--rejects",
                             str(tmp_path / "r.jsonl"), "-q"], cwd=REPO, stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    time.sleep(0.5)   # the pipe fills (64 KB) long before the reader starts
    with os.fdopen(read_end, "rb") as reader:
        lines = reader.read().splitlines()
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    assert [json.loads(line)["id"] for line in lines] == [str(i) for i in range(600)]


INTERRUPTED_AS_RENAMED = """\
import os, signal, sys
from cleaners import cli

replace = os.replace

def replace_then_interrupt(src, dst):
    if str(dst).endswith("out.jsonl"):   # the output renamed, the rejects file not yet
        os.kill(os.getpid(), getattr(signal, sys.argv[1]))
    replace(src, dst)

os.replace = replace_then_interrupt
sys.exit(cli.main(sys.argv[2:]))
"""


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
def test_a_signal_as_the_files_are_renamed_leaves_both_and_says_so(tmp_path, signame):
    """Ctrl-C or SIGTERM landing between the two renames took effect at once: the output in place, the rejects
    file as it was, and the run said no output was written. Both are renamed before the signal takes effect, and
    the run says what it left."""
    out = tmp_path / "out.jsonl"
    proc = subprocess.run([sys.executable, "-c", INTERRUPTED_AS_RENAMED, signame, "clean", *ALL_SEEDS, "-o", str(out),
                           "-q"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr.strip() == "interrupted once the output and the rejects file were written whole"
    assert len(read_jsonl(out)) == len(ALL_SEEDS) and (tmp_path / "out.rejects.jsonl").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "out.rejects.jsonl"]
