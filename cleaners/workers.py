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

The CLI's pool forks its workers instead (`Pool(..., fork=True)`), once this process has cleaned the first chunk
(a quarter of one, for file inputs: cleaners.cli._chunks): a fresh interpreter spent ~0.3 s of CPU on imports
and on the tables and patterns the first documents build, so on 10 MB of text two workers were barely faster
than one, and a forked child starts with all of it in place. A forked child keeps the same guarantees: its only
pipes are its own (every other descriptor it inherited is closed at once, so the CLI's output, locks and other
workers' pipes are not held by it), it arms the death signal and checks its parent as a spawned worker does, it
ignores SIGINT and dies on SIGTERM, and it leaves by os._exit, so nothing it inherited (buffered output, exit
handlers) is written twice. Where forking is unsafe (not Linux, or other threads in this process, whose locks a
child could inherit held) the pool starts fresh interpreters as above.
"""
from __future__ import annotations

import contextlib
import gc
import os
import signal
import struct
import sys
import threading
import time
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


def work(unit, options) -> Result:
    """What becomes of one input unit (a RawDoc or a Failure): the cleaning a worker process or the CLI does,
    with no signature yet (signed()). The pipeline is imported here, not at the top: a spawned worker starts
    before the pipeline is imported."""
    from .inputs import Failure
    from .pipeline import process

    if isinstance(unit, Failure):
        return {"id": unit.id, "url": unit.url, "detail": unit.detail}, unit.reason, None, None
    record, reason = process(unit, options)
    return record, reason, unit.fields.get("topic"), None


def signed(results: list[Result]) -> list[Result]:
    """The results with each kept document's near-duplicate signature (cleaners.neardup), taken where the
    documents were cleaned, so that N workers share that work too; once their chunk is cleaned, all together
    (neardup.signatures): signing between two cleanings ran on cold caches (0.02-0.06 s more on 10 MB of text)."""
    from .neardup import signatures

    sigs = iter(signatures([record.get("text") or "" for record, reason, _, _ in results if reason is None]))
    return [(record, reason, topic, next(sigs) if reason is None else None) for record, reason, topic, _ in results]


def work_chunk(chunk: list, options, sign: bool = False, between=None) -> list[Result]:
    """The results of a chunk's units; `between`, if given, is called after each one."""
    results = []
    for unit in chunk:
        results.append(work(unit, options))
        if between is not None:
            between()
    return signed(results) if sign else results


def send(f, obj) -> None:
    import pickle  # here: `clean` with one worker never pickles, and importing pickle is 2 ms of its start-up

    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)   # whole, before a byte is written: a chunk
    f.write(_LENGTH.pack(len(data)))                               # that cannot be pickled leaves the pipe as it was
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


@contextlib.contextmanager
def blocked(*signals: int):
    """These signals blocked, not ignored: one that lands meanwhile is delivered to this process afterwards,
    and a child started meanwhile starts with them blocked."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, set(signals))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _spawn():
    """A fresh interpreter running serve(): it imports what this process imports (this copy of cleaners)."""
    import subprocess   # (subprocess and queue: only a run with child workers imports them)

    with blocked(signal.SIGINT):
        return subprocess.Popen([sys.executable, "-c", _BOOT, str(os.getpid()), *sys.path],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def can_fork() -> bool:
    """Whether workers may be forks of this process: on Linux (elsewhere system libraries may not survive a
    fork), and only while this is its one thread, counting the threads of C libraries too (another thread
    may hold a lock the child would inherit held)."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    try:
        with open("/proc/self/status", "rb") as f:
            return any(line.split() == [b"Threads:", b"1"] for line in f)
    except OSError:
        return False


class _Forked:
    """A worker forked from this process, with what the pool uses of subprocess.Popen's interface. Fork it
    with SIGINT and SIGTERM blocked (Pool._start): the child must not run the CLI's handlers, and this process
    must not be interrupted before the child is in its pool's hands, to be stopped with the others."""

    def __init__(self, options, sign: bool):
        parent = os.getpid()
        chunks_in, chunks_out = os.pipe()
        results_in, results_out = os.pipe()
        for stream in (sys.stdout, sys.stderr):   # what they hold would be the child's too
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        try:
            pid = os.fork()
        except BaseException:
            for fd in (chunks_in, chunks_out, results_in, results_out):
                os.close(fd)
            raise
        if pid == 0:
            _forked_worker(parent, chunks_in, results_out, options, sign)   # never returns
        os.close(chunks_in)
        os.close(results_out)
        self.pid = pid
        self.returncode: int | None = None
        self.stdin = os.fdopen(chunks_out, "wb")
        self.stdout = os.fdopen(results_in, "rb")

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                try:
                    pid, status = os.waitpid(self.pid, 0 if deadline is None else os.WNOHANG)
                except ChildProcessError:   # SIGCHLD ignored (a supervisor's choice, kept across exec): reaped
                    self.returncode = 0     # by the kernel, its status lost (as subprocess.Popen takes it)
                    break
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
                    break
                if time.monotonic() >= deadline:
                    import subprocess

                    raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout)
                time.sleep(0.005)
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


class _NeverRaised(Exception):
    pass


def _timeout_expired() -> type[Exception]:
    """subprocess.TimeoutExpired, for an `except` (evaluated only once something is raised): a worker's wait
    imports subprocess before it raises one, so while subprocess is not imported no wait has. Importing it to
    stop a pool of forked workers was 5 ms at the end of every run."""
    subprocess = sys.modules.get("subprocess")
    return _NeverRaised if subprocess is None else subprocess.TimeoutExpired


class Worker:
    """One child process; it answers the chunks it is sent, one result frame per chunk, in order. A thread of
    ours reads each frame as it comes and puts (this worker, result) on `results`, then (this worker, None)
    when the worker's output ends.

    Start it from a thread that lasts as long as the run (the CLI's main thread): the kernel sends the death
    signal when the thread that started a process ends, not only when the whole process does.
    """

    def __init__(self, proc, results, job=None):
        """proc: a started child (_spawn's or _Forked); results: a queue.SimpleQueue of (worker, result); job:
        the (options, sign) a spawned child is sent first (a forked one has them already)."""
        self.proc = proc
        _widen(self.proc.stdin, self.proc.stdout)
        self.owed: deque[int] = deque()   # numbers of the chunks sent and not yet answered, oldest first
        self.answered = False             # a result came: the worker is past its start
        self._reader = threading.Thread(target=self._read, args=(results,), daemon=True)
        self._reader.start()
        if job is not None:
            self.submit(job)

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

    def __init__(self, n: int, options, sign: bool = False, fork: bool = False):
        """fork: start the workers as forks of this process, once it has cleaned the first chunk (see the
        module's docstring); otherwise fresh interpreters, started now."""
        import queue

        self.n, self.options, self.sign, self.fork = n, options, sign, fork
        self.workers: list[Worker] = []
        self._results: queue.SimpleQueue = queue.SimpleQueue()
        if not fork:
            self._start()

    def _start(self) -> None:
        try:
            if self.fork and can_fork():
                # every child is forked before any reader thread exists (each from a one-thread process), and
                # in the hands of the pool before a signal can interrupt this process (see _Forked)
                with blocked(signal.SIGINT, signal.SIGTERM):
                    procs: list = []
                    try:
                        for _ in range(self.n):
                            procs.append(_Forked(self.options, self.sign))
                        for proc in procs:
                            self.workers.append(Worker(proc, self._results))
                    except BaseException:   # the pool stops those it holds; the others are stopped here
                        held = {id(w.proc) for w in self.workers}
                        for proc in procs:
                            if id(proc) not in held:
                                proc.kill()
                                proc.wait()
                                proc.stdin.close()
                                proc.stdout.close()
                        raise
            else:
                for _ in range(self.n):
                    self.workers.append(Worker(_spawn(), self._results, (self.options, self.sign)))
        except BaseException:
            self._stop(kill=True)
            raise

    def map(self, chunks: Iterable, window: int, first_queued: int = 0) -> Iterator:
        """The result of every chunk, in order; at most `window` chunks are read ahead of the one whose
        result is given next (memory does not grow with the input). The first chunk is cleaned here, while
        spawned workers start, or before forked ones are forked; with `first_queued`, the workers are then
        handed that many chunks each before its results are given (only for input that never waits: read
        ahead, a pipe's next document would hold up the results of the ones before it)."""
        chunks = iter(chunks)
        if (first := next(chunks, None)) is None:
            return
        results = work_chunk(first, self.options, self.sign)
        if not self.workers:
            self._start()
        done: dict[int, list] = {}
        sent = given = 0
        more = True

        def top_up(take: bool, queued: int = QUEUED) -> tuple[int, list] | None:
            """Take in the results that came, then queue chunks at the workers until each has `queued`; with
            `take`, then also read one (number, chunk) for this process to clean."""
            nonlocal sent, more
            self._collect(done, block=False)
            while more and sent - given < window:
                worker = min(self.workers, key=lambda w: len(w.owed))
                full = len(worker.owed) >= queued
                if full and not take:
                    return None
                if (chunk := next(chunks, None)) is None:
                    more = False
                    for w in self.workers:   # each leaves once it has answered: its exit overlaps this
                        w.close()            # process's last chunks, writes and fsync instead of following them
                    return None
                sent += 1
                if full:
                    return sent - 1, chunk
                try:
                    worker.submit(chunk)
                except RecursionError:   # a record nested deeper than pickle goes (a JSONL region): it stays here
                    done[sent - 1] = work_chunk(chunk, self.options, self.sign)
                    continue
                worker.owed.append(sent - 1)
            return None

        if first_queued:   # input that never waits: the workers start before this process turns to the results
            top_up(take=False, queued=first_queued)
        yield results
        while more or given < sent:
            if (mine := top_up(take=True)) is not None:
                # the workers are topped up after every document cleaned here, not only after the chunk: a
                # worker whose queue ran dry while this process cleaned, read and wrote sat idle
                number, chunk = mine
                done[number] = work_chunk(chunk, self.options, self.sign, between=lambda: top_up(take=False))
            elif given < sent and given not in done:   # the window is full or the input is over: the next
                self._collect(done, block=True)           # result to give is a worker's
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
                if worker.proc.stdin.closed and not worker.owed:   # it answered everything and left, as told to
                    continue
                raise worker.died()
            done[worker.owed.popleft()] = result
            block = False

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, exc_type, *_) -> None:
        self._stop(kill=exc_type is not None)

    def _stop(self, kill: bool) -> None:
        for w in self.workers:
            if kill or not w.answered:  # one that never answered may still be starting: nothing of it is needed
                w.kill()
            else:
                w.close()
        for w in self.workers:
            try:
                w.proc.wait(timeout=None if kill else 30)
            except _timeout_expired():  # cannot happen to an idle worker; never leave one behind
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
    """A spawned worker's life: answer chunks until the CLI closes the pipe or dies."""
    from .deathsig import die_with_parent
    from .deferred import own_process

    own_process()  # a process that runs nothing but this loop

    if not die_with_parent(parent):
        return  # the CLI died while this process started
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    _answer(sys.stdin.buffer, results, None)


def _forked_worker(parent: int, chunks_fd: int, results_fd: int, options, sign: bool) -> None:
    """A forked worker's life, to its os._exit: answer chunks until the CLI closes the pipe or dies."""
    status = 1
    try:
        # SIGINT and SIGTERM are blocked until the CLI's handlers are replaced (see _Forked)
        signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl-C reaches the process group: the CLI handles it
        signal.signal(signal.SIGTERM, signal.SIG_DFL)   # not the CLI's handler, which ends a run cleanly
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        gc.freeze()   # the collector leaves the CLI's objects alone: their pages stay shared with the CLI
        from .deathsig import die_with_parent

        if die_with_parent(parent):
            _keep_only(chunks_fd, results_fd)
            _answer(os.fdopen(chunks_fd, "rb"), os.fdopen(results_fd, "wb"), (options, sign))
        status = 0
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        os._exit(status)


def _keep_only(*fds: int) -> None:
    """Close every descriptor inherited from the CLI but stderr and `fds`; stdin reads nothing, stdout goes to
    stderr (a library that prints cannot write into the CLI's output)."""
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    keep = {0, 1, 2, *fds}
    for name in os.listdir("/proc/self/fd"):   # forked on Linux only (can_fork)
        if int(name) not in keep:
            try:
                os.close(int(name))
            except OSError:   # the descriptor listdir itself had open
                pass


def _answer(chunks, results, job) -> None:
    """Read chunks from `chunks`, write their results to `results`, until EOF; job: (options, sign), or None
    when it is the first frame to read."""
    import queue

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
    if job is None:
        job = inbox.get()
        if job is None:
            return
    options, sign = job
    while (chunk := inbox.get()) is not None:
        try:
            send(results, work_chunk(chunk, options, sign))
        except BrokenPipeError:
            return
