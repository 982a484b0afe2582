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
import queue
import signal
import struct
import subprocess
import sys
import threading
from collections import deque
from typing import Iterable, Iterator

_LENGTH = struct.Struct("<Q")
# the worker imports what this process imports (this copy of cleaners), as multiprocessing's spawn does
_BOOT = "import sys; sys.path[:] = sys.argv[2:]; from cleaners.workers import serve; serve(int(sys.argv[1]))"


class WorkerDied(Exception):
    """A worker process ended before it returned all its results."""


# record, reject reason (None: kept), the input's topic filter (judged again after templates)
Result = tuple[dict, "str | None", "str | None"]


def work(unit, options) -> Result:
    """What becomes of one input unit (a RawDoc or a Failure): the cleaning a worker does, or the CLI itself
    with one worker. The pipeline is imported here, not at the top: the CLI that only reads and writes for its
    workers never loads it."""
    from .inputs import Failure
    from .pipeline import process

    if isinstance(unit, Failure):
        return {"id": unit.id, "url": unit.url, "detail": unit.detail}, unit.reason, None
    record, reason = process(unit, options)
    return record, reason, unit.fields.get("topic")


def work_chunk(chunk: list, options) -> list[Result]:
    return [work(u, options) for u in chunk]


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
    """One child process; it answers the chunks it is sent, one result frame per chunk, in order. A thread of
    ours reads each frame as it comes and puts (this worker, result) on `results`, then (this worker, None)
    when the worker's output ends.

    Start it from a thread that lasts as long as the run (the CLI's main thread): the kernel sends the death
    signal when the thread that started a process ends, not only when the whole process does.
    """

    def __init__(self, options, results: queue.SimpleQueue):
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
        self.owed: deque[int] = deque()   # numbers of the chunks sent and not yet answered, oldest first
        self._reader = threading.Thread(target=self._read, args=(results,), daemon=True)
        self._reader.start()
        self.submit(options)

    def submit(self, obj) -> None:
        try:
            send(self.proc.stdin, obj)
        except (BrokenPipeError, ValueError):  # ValueError: stdin already closed
            raise self.died() from None

    def _read(self, results: queue.SimpleQueue) -> None:
        try:
            while True:
                results.put((self, receive(self.proc.stdout)))
        except Exception:  # EOF (ended or killed), its pipe closed, a frame that does not unpickle: no more
            results.put((self, None))

    def died(self) -> WorkerDied:
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
    """N workers; `map` sends each chunk to the worker with the fewest chunks outstanding (a worker that
    finished early is fed again at once instead of waiting behind another's slow chunk) and gives the results
    back in the order the chunks came. Leaving the block normally closes the workers' input and reaps them;
    leaving it on an error, an interrupt or an abandoned generator kills them.
    """

    def __init__(self, n: int, options):
        self.workers: list[Worker] = []
        self._results: queue.SimpleQueue = queue.SimpleQueue()
        try:
            for _ in range(n):
                self.workers.append(Worker(options, self._results))
        except BaseException:
            self._stop(kill=True)
            raise

    def map(self, chunks: Iterable, window: int) -> Iterator:
        """The result of every chunk, in order; at most `window` chunks are read ahead of the one whose
        result is given next (memory does not grow with the input)."""
        chunks = iter(chunks)
        done: dict[int, object] = {}
        sent = given = 0
        while True:
            while sent - given < window and (chunk := next(chunks, None)) is not None:
                worker = min(self.workers, key=lambda w: len(w.owed))
                worker.submit(chunk)
                worker.owed.append(sent)
                sent += 1
            if given == sent:
                return
            while given not in done:
                worker, result = self._results.get()
                if result is None:
                    raise worker.died()
                done[worker.owed.popleft()] = result
            yield done.pop(given)
            given += 1

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
            w._reader.join(timeout=5)   # at the end of the worker's output: before that output is closed
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
    inbox: queue.SimpleQueue = queue.SimpleQueue()

    def read() -> None:
        try:
            while True:
                inbox.put(receive(chunks))
        except BaseException:  # EOF: the run is over or the CLI is gone
            inbox.put(None)

    threading.Thread(target=read, daemon=True).start()
    options = inbox.get()
    if options is None:
        return
    while (chunk := inbox.get()) is not None:
        try:
            send(results, work_chunk(chunk, options))
        except BrokenPipeError:
            return
