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


def _both_ways(code: str, **run) -> list[subprocess.CompletedProcess]:
    """`code` ending with exit_now, and with Python's own exit (sys.exit), in fresh interpreters."""
    return [subprocess.run([sys.executable, "-c", code.format(leave)], cwd=REPO, timeout=60, **run)
            for leave in ("exit_now", "sys.exit")]


def test_a_flush_that_fails_is_reported_and_status_120_as_in_a_normal_exit():
    """stdout a pipe nobody reads any more: the buffered write fails at exit (EPIPE)."""
    code = ("import io, sys\nfrom cleaners.cli import exit_now\n"   # buffered even under PYTHONUNBUFFERED
            "sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, 'w', closefd=False)))\n"
            "sys.stdout.write('x')\n{}(3)")
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        ours, python = _both_ways(code, stdout=write_end, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write_end)
    assert ours.returncode == python.returncode == 120
    assert "BrokenPipeError" in ours.stderr and "BrokenPipeError" in python.stderr


def test_a_closed_stdout_is_skipped_as_in_a_normal_exit():
    ours, python = _both_ways("import sys\nfrom cleaners.cli import exit_now\nsys.stdout.close()\n{}(0)",
                              capture_output=True)
    assert ours.returncode == python.returncode == 0 and ours.stderr == python.stderr == b""


def test_a_host_that_runs_the_module_gets_control_back(tmp_path):
    """python -m cProfile -m cleaners writes its profile after the run; a script running the module with
    runpy carries on after it: only `python -m cleaners` itself ends by os._exit."""
    seed = str(sorted(SEEDS.glob("*.txt"))[0])
    profile = tmp_path / "profile.out"
    proc = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "cleaners", "clean", seed,
                           "-o", str(tmp_path / "a.jsonl"), "-q"], cwd=REPO, capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert profile.stat().st_size > 0
    host = ("import runpy\ntry:\n    runpy.run_module('cleaners', run_name='__main__')\n"
            "except SystemExit as e:\n    print('host carries on', e.code)")
    proc = subprocess.run([sys.executable, "-c", host, "clean", seed, "-o", str(tmp_path / "b.jsonl"), "-q"],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.stdout == "host carries on 0\n", proc.stderr


def test_the_program_writes_every_record_to_a_pipe(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "cleaners", "clean", *map(str, sorted(SEEDS.glob("*.txt"))),
                           "-o", "-", "--rejects", str(tmp_path / "rejects.jsonl")],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    kept = int(proc.stderr.split("kept:")[1].split()[0])
    assert kept == len(records) == 5
