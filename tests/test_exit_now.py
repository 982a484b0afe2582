"""`python -m cleaners` ends by os._exit once its exit handlers have run and its output is flushed
(cleaners.cli.exit_now): nothing a normal exit gives is lost, only the interpreter's teardown is skipped."""
import json
import os
import subprocess
import sys

from .conftest import REPO, SEEDS


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)


def test_exit_handlers_run_and_buffered_output_is_flushed():
    proc = _python("import atexit, sys\nfrom cleaners.cli import exit_now\n"
                   "atexit.register(lambda: print('handler ran'))\n"
                   "sys.stdout.write('buffered, no line end')\nsys.stderr.write('to stderr')\nexit_now(3)")
    assert proc.returncode == 3
    assert proc.stdout == "buffered, no line endhandler ran\n"
    assert proc.stderr == "to stderr"


def test_a_thread_still_running_is_waited_for_as_by_a_normal_exit():
    proc = _python("import threading, time\nfrom cleaners.cli import exit_now\n"
                   "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done'))).start()\nexit_now(4)")
    assert proc.returncode == 4
    assert proc.stdout == "thread done\n"


def test_a_flush_that_fails_is_status_120_as_in_a_normal_exit():
    """stdout a pipe nobody reads any more: the buffered write fails at exit (EPIPE)."""
    code = ("import io, sys\nfrom cleaners.cli import exit_now\n"   # buffered even under PYTHONUNBUFFERED
            "sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, 'w', closefd=False)))\n"
            "sys.stdout.write('x')\n{}(0)")
    codes = []
    for leave in ("exit_now", "sys.exit"):
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            codes.append(subprocess.run([sys.executable, "-c", code.format(leave)], cwd=REPO, stdout=write_end,
                                        stderr=subprocess.DEVNULL, timeout=60).returncode)
        finally:
            os.close(write_end)
    assert codes == [120, 120]


def test_the_program_writes_every_record_to_a_pipe(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "cleaners", "clean", *map(str, sorted(SEEDS.glob("*.txt"))),
                           "-o", "-", "--rejects", str(tmp_path / "rejects.jsonl")],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    kept = int(proc.stderr.split("kept:")[1].split()[0])
    assert kept == len(records) == 5
