"""`--workers N`: N cleaning processes of our own, each fed through a pipe, none of which can outlive the run.

Not multiprocessing: its fork server and resource tracker are started by exec and learn to die with the CLI
only once their Python code runs, and every worker holds the fork server's "alive" pipe and both ends of its
own task queue. A run killed while they started left the fork server, workers blocked forever on that queue,
and the resource tracker behind, with parent pid 1. Here a worker is a plain child (`python -c _BOOT PARENT_PID
SYS_PATH...`) that:
  - reads pickled chunks from its stdin and ends at EOF. The CLI holds the only write end (the children are
    started with close_fds), so however and whenever the CLI dies, the kernel closes that end and the
    worker's next read ends it;
  - arms PR_SET_PDEATHSIG before it reads any work, then checks that its parent is still the CLI, so a
    worker busy on a chunk is killed with the CLI instead of finishing the chunk first;
  - starts with SIGINT blocked: Ctrl-C reaches the whole process group and the CLI alone handles it.
Results travel on a copy of the worker's stdout; its fd 1 then points to stderr, so a library that prints
cannot corrupt them.
"""
from __future__ import annotations

import os
import pickle
import signal
import struct
import subprocess
import sys

_LENGTH = struct.Struct("<Q")
# the worker imports what this process imports (this copy of cleaners), as multiprocessing's spawn does
_BOOT = "import sys; sys.path[:] = sys.argv[2:]; from cleaners.workers import serve; serve(int(sys.argv[1]))"


class WorkerDied(Exception):
    """A worker process ended before it returned all its results."""


def send(f, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    f.write(_LENGTH.pack(len(data)))
    f.write(data)
    f.flush()


def receive(f):
    head = f.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError
    (size,) = _LENGTH.unpack(head)
    data = f.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


class Worker:
    """One child process; it answers the chunks it is sent, one result frame per chunk, in order.

    Start it from a thread that lasts as long as the run (the CLI's main thread): the kernel sends the death
    signal when the thread that started a process ends, not only when the whole process does.
    """

    def __init__(self, options, dedup: bool):
        # blocked, not ignored: a Ctrl-C that lands now is delivered to this process once unblocked
        blocked = hasattr(signal, "pthread_sigmask")
        if blocked:
            previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self.proc = subprocess.Popen([sys.executable, "-c", _BOOT, str(os.getpid()), *sys.path],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        finally:
            if blocked:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        self.submit((options, dedup))

    def submit(self, obj) -> "Worker":
        try:
            send(self.proc.stdin, obj)
        except (BrokenPipeError, ValueError):  # ValueError: stdin already closed
            raise self._died() from None
        return self

    def result(self):
        """The result of the oldest chunk not yet collected."""
        try:
            return receive(self.proc.stdout)
        except (EOFError, pickle.UnpicklingError):
            raise self._died() from None

    def _died(self) -> WorkerDied:
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        return WorkerDied(f"worker {self.proc.pid} ended " + (f"with status {code}" if code is not None else "its output"))

    def close(self) -> None:
        """End of input: the worker exits once it has answered what it was sent."""
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass

    def kill(self) -> None:
        self.proc.kill()


class Pool:
    """N workers, sent chunks in turn; a chunk's result is read from the worker that got it (`submit` returns
    it), so reading them in the order they were submitted gives input order. Leaving the block normally closes
    the workers' input and reaps them; leaving it on an error, an interrupt or an abandoned generator kills them.
    """

    def __init__(self, n: int, options, dedup: bool):
        self.workers: list[Worker] = []
        self._next = 0
        try:
            for _ in range(n):
                self.workers.append(Worker(options, dedup))
        except BaseException:
            self._stop(kill=True)
            raise

    def submit(self, chunk) -> Worker:
        worker = self.workers[self._next]
        self._next = (self._next + 1) % len(self.workers)
        return worker.submit(chunk)

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, exc_type, *_) -> None:
        self._stop(kill=exc_type is not None)

    def _stop(self, kill: bool) -> None:
        for w in self.workers:
            if kill:
                w.kill()
            else:
                w.close()
        for w in self.workers:
            try:
                w.proc.wait(timeout=None if kill else 30)
            except subprocess.TimeoutExpired:  # cannot happen to an idle worker; never leave one behind
                w.kill()
                w.proc.wait()
            for f in (w.proc.stdin, w.proc.stdout):
                try:
                    f.close()
                except OSError:
                    pass


# --- the worker process ---------------------------------------------------------------------------------------

def serve(parent: int) -> None:
    """The worker's life: answer chunks until the CLI closes the pipe or dies."""
    from .deathsig import die_with_parent

    if not die_with_parent(parent):
        return  # the CLI died while this process started
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    chunks = sys.stdin.buffer

    # chunks are read by a thread as they come, so the CLI never blocks writing a chunk while this process
    # blocks writing a result the CLI has not come to yet (two full pipes, each side waiting for the other)
    import queue
    import threading

    inbox: queue.SimpleQueue = queue.SimpleQueue()

    def read() -> None:
        try:
            while True:
                inbox.put(receive(chunks))
        except BaseException:  # EOF: the run is over or the CLI is gone
            inbox.put(None)

    threading.Thread(target=read, daemon=True).start()
    from .cli import _work_chunk

    first = inbox.get()
    if first is None:
        return
    options, dedup = first
    while (chunk := inbox.get()) is not None:
        try:
            send(results, _work_chunk(chunk, options, dedup))
        except BrokenPipeError:
            return
