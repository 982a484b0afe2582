"""`--workers N`: N cleaners, this process and N-1 child processes of our own, each child fed through a pipe,
none of which can outlive the run. This process cleans a chunk whenever the children have enough queued: on
N cores a child process of its own would leave a core to reading and writing alone.

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
import signal
import struct
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator

_LENGTH = struct.Struct("<Q")
# the worker imports what this process imports (this copy of cleaners), as multiprocessing's spawn does
_BOOT = "import sys; sys.path[:] = sys.argv[2:]; from cleaners.workers import serve; serve(int(sys.argv[1]))"
# chunks a worker process has queued before this process cleans one itself: one to clean and one more, so the
# worker is still busy when it finishes a chunk while this process cleans, reads and writes
QUEUED = 2


class WorkerDied(Exception):
    """A worker process ended before it returned all its results."""


# record, reject reason (None: kept), the input's topic filter (judged again after templates), and with --dedup
# the kept document's near-duplicate signature
Result = tuple[dict, "str | None", "str | None", "bytes | None"]


def work(unit, options, sign: bool = False) -> Result:
    """What becomes of one input unit (a RawDoc or a Failure): the cleaning a worker process or the CLI does.
    With `sign`, also the kept document's signature (cleaners.neardup): taken where the document is cleaned,
    so that N workers share that work too. The pipeline is imported here, not at the top: a worker starts
    before the pipeline is imported."""
    from .inputs import Failure
    from .pipeline import process

    if isinstance(unit, Failure):
        return {"id": unit.id, "url": unit.url, "detail": unit.detail}, unit.reason, None, None
    record, reason = process(unit, options)
    sig = None
    if sign and reason is None:
        from .neardup import signature

        sig = signature(record.get("text") or "")
    return record, reason, unit.fields.get("topic"), sig


def work_chunk(chunk: list, options, sign: bool = False) -> list[Result]:
    return [work(u, options, sign) for u in chunk]


def send(f, obj) -> None:
    import pickle  # here: `clean` with one worker never pickles, and importing pickle is 2 ms of its start-up

    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    f.write(_LENGTH.pack(len(data)))
    f.write(data)
    f.flush()


def receive(f):
    import pickle

    head = f.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError
    (size,) = _LENGTH.unpack(head)
    data = f.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


PIPE_BYTES = 1 << 20   # Linux's default ceiling for a pipe an unprivileged process widens (fs.pipe-max-size)


def _widen(*pipes) -> None:
    """Pipes of PIPE_BYTES instead of 64 KB: a chunk is up to 128 KB, and through a 64 KB pipe this process
    blocked writing it until the worker's reader thread, which waits for the GIL while the worker cleans, had
    taken the first half (a fifth of a second per 10 MB of text, with this process idle instead of cleaning).
    With QUEUED chunks of CHUNK_BYTES in flight, a write now goes through at once. Where pipes cannot be widened
    (not Linux, a lower ceiling) the run is slower, not different."""
    try:
        import fcntl

        for f in pipes:
            fcntl.fcntl(f.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):   # no fcntl, no F_SETPIPE_SZ, a ceiling below PIPE_BYTES
        pass


class Worker:
    """One child process; it answers the chunks it is sent, one result frame per chunk, in order. A thread of
    ours reads each frame as it comes and puts (this worker, result) on `results`, then (this worker, None)
    when the worker's output ends.

    Start it from a thread that lasts as long as the run (the CLI's main thread): the kernel sends the death
    signal when the thread that started a process ends, not only when the whole process does.
    """

    def __init__(self, options, sign: bool, results):   # results: a queue.SimpleQueue of (worker, result)
        import subprocess   # (subprocess and queue: only a run with child workers imports them)

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
        _widen(self.proc.stdin, self.proc.stdout)
        self.owed: deque[int] = deque()   # numbers of the chunks sent and not yet answered, oldest first
        self.answered = False             # a result came: the worker is past its start
        self._reader = threading.Thread(target=self._read, args=(results,), daemon=True)
        self._reader.start()
        self.submit((options, sign))

    def submit(self, obj) -> None:
        try:
            send(self.proc.stdin, obj)
        except (BrokenPipeError, ValueError):  # ValueError: stdin already closed
            raise self.died() from None

    def _read(self, results) -> None:
        try:
            while True:
                result = receive(self.proc.stdout)
                self.answered = True
                results.put((self, result))
        except Exception:  # EOF (ended or killed), its pipe closed, a frame that does not unpickle: no more
            results.put((self, None))

    def died(self) -> WorkerDied:
        import subprocess

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
    """N worker processes and this process: `map` keeps QUEUED chunks at each worker (the one with the fewest
    chunks outstanding first: a worker that finished early is fed again at once instead of waiting behind
    another's slow chunk), cleans the next chunk here when they all have their share, and gives the results
    back in the order the chunks came. Cleaning here runs on the caller's thread: the per-page time limit
    (SIGALRM) holds on the main thread. Leaving the block normally closes the workers' input and reaps them;
    leaving it on an error, an interrupt or an abandoned generator kills them.
    """

    def __init__(self, n: int, options, sign: bool = False):
        import queue

        self.options, self.sign = options, sign
        self.workers: list[Worker] = []
        self._results: queue.SimpleQueue = queue.SimpleQueue()
        try:
            for _ in range(n):
                self.workers.append(Worker(options, sign, self._results))
        except BaseException:
            self._stop(kill=True)
            raise

    def map(self, chunks: Iterable, window: int) -> Iterator:
        """The result of every chunk, in order; at most `window` chunks are read ahead of the one whose
        result is given next (memory does not grow with the input). The first chunk is cleaned here while the
        workers start."""
        chunks = iter(chunks)
        done: dict[int, object] = {}
        sent = given = 0
        more = True
        while more or given < sent:
            mine = None   # (number, chunk) to clean here once the workers have their share
            while more and sent - given < window:
                worker = min(self.workers, key=lambda w: len(w.owed))
                full = len(worker.owed) >= QUEUED
                if mine is not None and full:
                    break
                if (chunk := next(chunks, None)) is None:
                    more = False
                    break
                if mine is None and (sent == 0 or full):
                    mine = sent, chunk
                else:
                    worker.submit(chunk)
                    worker.owed.append(sent)
                sent += 1
            if mine is not None:
                done[mine[0]] = work_chunk(mine[1], self.options, self.sign)
                self._collect(done, block=False)
            elif given < sent:   # the window is full or the input is over: what remains is the workers'
                self._collect(done, block=True)
            while given in done:
                yield done.pop(given)
                given += 1

    def _collect(self, done: dict, block: bool) -> None:
        """Take the results the workers have sent; with `block`, wait for one first."""
        import queue

        while True:
            try:
                worker, result = self._results.get(block=block)
            except queue.Empty:
                return
            if result is None:
                raise worker.died()
            done[worker.owed.popleft()] = result
            block = False

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, exc_type, *_) -> None:
        self._stop(kill=exc_type is not None)

    def _stop(self, kill: bool) -> None:
        import subprocess

        for w in self.workers:
            if kill or not w.answered:  # one that never answered may still be starting: nothing of it is needed
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
    import queue

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
    job = inbox.get()
    if job is None:
        return
    options, sign = job
    while (chunk := inbox.get()) is not None:
        try:
            send(results, work_chunk(chunk, options, sign))
        except BrokenPipeError:
            return
