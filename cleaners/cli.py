"""python -m cleaners clean PATH... -o OUT.jsonl [--rejects R.jsonl] [--format …] [--keep-script] [--keep-width]
[--workers N] [--dedup] [--dedup-index PATH] [--no-templates] [--resume]"""
from __future__ import annotations

import argparse
import contextlib
import signal
import os
import sys
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import deferred
from .deferred import own_process
from .inputs import FORMATS, RawDoc, Unit, read_units
from .output import AppendWriter, JsonlWriter, reject_record, written_into
from .pipeline import MISSING_DEPENDENCY, Options
from .workers import QUEUED, Pool, Result, WorkerDied, blocked, signed, work_chunk

# Documents cleaned as one chunk (by a worker process or by this process), or fewer when they are big. Small
# enough that the workers have work at once and end together (a directory of 56 pages is 14 chunks), big
# enough that the frames cost nothing next to the cleaning. Most chunks end at CHUNK_BYTES: 8 units a chunk
# made 157 chunks of 10 MB of text records, and two workers took 6-10% longer than at 32 (each chunk passed
# between the processes wakes a reader thread on each side of a pipe).
CHUNK_UNITS = 32
CHUNK_BYTES = 128 * 1024
CHECKPOINT_SECONDS = 5.0
TAIL_PIECES = 4   # what the first and the last chunks of a file input are cut into (_chunks)
# One process alone on input that never waits (files) cleans chunks this many times bigger: there a chunk is only
# what it cleans before it turns to the results (signing them with --dedup, writing), and each turn starts on
# caches the other work left cold (--dedup on 10 MB of text records: 40 ms less at 4 than at 1, plain 10 ms)
ALONE_SCALE = 4


def _size(unit: Unit) -> int:
    return len(unit.data) if isinstance(unit, RawDoc) else 0


def _piece(chunk: list[Unit]) -> int:
    """The length of a TAIL_PIECES-th of chunk, rounded up (at least one unit)."""
    return -(-len(chunk) // TAIL_PIECES)


def _chunks(units: Iterable[Unit], tail: int = 0, scale: int = 1) -> Iterator[list[Unit]]:
    """The units in chunks of `scale` times CHUNK_UNITS or CHUNK_BYTES. With `tail`, for input that never waits
    (files), whose chunks can be read ahead:
    - the first chunk comes as its first TAIL_PIECES-th, then the rest: the first documents pay the first use
      of the tables and patterns, and the workers, forked once the first chunk is cleaned, inherit them and
      start on the rest (70 ms sooner, on 10 MB of text with two workers);
    - the chunks are read `tail` ahead, and the last `tail` come cut in TAIL_PIECES: whoever finishes first
      takes the next piece, instead of waiting at the end for the process that was handed a whole chunk last
      (23-45 ms of one core idle before, 0-22 ms after).
    Input that may wait (standard input, a FIFO) is never read ahead: its documents would wait for the next."""
    held: deque[list[Unit]] = deque()
    chunk: list[Unit] = []
    size = 0
    started = not tail
    for unit in units:
        chunk.append(unit)
        size += _size(unit)
        if len(chunk) >= CHUNK_UNITS * scale or size >= CHUNK_BYTES * scale:
            held.append(chunk)
            chunk, size = [], 0
            if len(held) > tail:
                oldest = held.popleft()
                if not started:
                    started = True
                    step = _piece(oldest)
                    yield oldest[:step]
                    oldest = oldest[step:]
                if oldest:
                    yield oldest
    if chunk:
        held.append(chunk)
    for chunk in held:
        step = _piece(chunk) if tail else len(chunk)
        for start in range(0, len(chunk), step):
            yield chunk[start:start + step]


def run_units(units: Iterable[Unit], options: Options, workers: int, sign: bool = False,
              files: bool = False) -> Iterator[Result]:
    """Results in input order, whatever the number of workers, reading the input as it goes; `files`: the units
    are read from files, which never wait (bigger chunks for one worker: ALONE_SCALE).

    Workers are fresh interpreters fed through pipes (cleaners.workers), not forks of the calling program,
    whose state this module does not know; none of them outlives this process, however it ends.
    """
    if workers <= 1:
        # a chunk at a time, as a worker cleans: what this process then does with the results (templates,
        # the dedup index, writing) runs on warm caches instead of alternating with the pipeline document by
        # document
        for chunk in _chunks(units, scale=ALONE_SCALE if files else 1):
            yield from work_chunk(chunk, options, sign)
        return
    with Pool(workers - 1, options, sign) as pool:   # this process is the N-th worker
        yield from pooled(pool, units)


def read_ahead(workers: int) -> int:
    """Chunks in flight with N workers: QUEUED at each of the N-1 worker processes, the one this process cleans,
    and room for the results that wait for an older chunk (results are given in input order)."""
    return (QUEUED + 2) * workers


def pooled(pool: Pool, units: Iterable[Unit], files: bool = False, sign: bool = False) -> Iterator[Result]:
    """The results of `units` cleaned by `pool` and this process, in input order. At most read_ahead(N) chunks
    (each ≤ CHUNK_UNITS documents or ≈ CHUNK_BYTES) are in flight, so memory does not grow with the input:
    the next chunk is read only when the oldest one has come back. files: the units are read from files, so
    the chunks may be read ahead, and the first and the last ones cut smaller (_chunks). sign: the results
    are signed here, a chunk at a time, not by the pool."""
    tail = QUEUED * pool.n + 1 if files else 0   # what the workers hold queued and the next one
    # signing here, this process imports numpy (45 ms) at the first results: from files, the workers are handed
    # more chunks first (with two, the one child sat idle 20-30 ms of it)
    first = QUEUED + 3 if sign and files else 0
    for results in pool.map(_chunks(units, tail), window=read_ahead(pool.n + 1), first_queued=first):
        yield from signed(results) if sign else results


def only_files(paths: list[str]) -> bool:
    """Whether every path is a regular file or a directory: no standard input, FIFO or device."""
    import stat

    try:
        return all(p != "-" and (stat.S_ISREG(mode := os.stat(p).st_mode) or stat.S_ISDIR(mode)) for p in paths)
    except OSError:
        return False


def default_rejects(out: str | None) -> str | None:
    """OUT.rejects.jsonl beside OUT; none beside standard output, a device or a FIFO (/dev/null.rejects.jsonl)."""
    if out in (None, "-") or written_into(out):
        return None
    p = Path(out)
    return str(p.with_name(p.name.removesuffix(".jsonl") + ".rejects.jsonl"))


class UsageError(Exception):
    pass


class _IndexOnFirstUse:
    """--dedup without an index file: the index, and cleaners.neardup's import of numpy (45 ms), come with the
    first signature to check, after the workers are forked rather than before."""

    def __init__(self, threshold: float | None):
        self._threshold, self._index = threshold, None

    def check(self, doc_id: str, sig: bytes):
        if self._index is None:
            from .neardup import THRESHOLD, NearDupIndex

            self._index = NearDupIndex(THRESHOLD if self._threshold is None else self._threshold)
        return self._index.check(doc_id, sig)


class MissingDependency(Exception):
    """A page's cleaning needed a module the installation lacks (pipeline.MISSING_DEPENDENCY)."""


# --- where results go ---------------------------------------------------------------------------------------
class AtomicSink:
    """Default: both files are written to temporary files and renamed when the run completes."""

    def __init__(self, out: str, rejects: str | None):
        self.out, self.rejects = JsonlWriter(out), JsonlWriter(rejects)
        self.written = False   # both files in place

    def __enter__(self):
        self.out.__enter__()
        self.rejects.__enter__()
        return self

    def __exit__(self, exc_type, *_):
        writers = (self.out, self.rejects)
        if exc_type is not None:
            for writer in writers:
                writer.discard()
            return
        # both files are durable before either is renamed: a disk that fills at the end leaves both as they were
        try:
            for writer in writers:
                writer.finish()
        except BaseException:
            for writer in writers:
                writer.discard()
            raise
        # renamed together, and known to be: Ctrl-C or SIGTERM landing here takes effect after, once the run
        # can tell that the output and the rejects file were written whole
        with blocked(signal.SIGINT, signal.SIGTERM):
            for writer in writers:
                writer.__exit__(None, None, None)
            self.written = True

    def kept(self, record: dict, sig: bytes | None) -> None:
        self.out.write(record)

    def rejected(self, record: dict) -> None:
        self.rejects.write(record)

    def learned(self, site: str, seen) -> None:
        pass

    def done(self, units: int, last_id: str) -> None:
        pass

    def finish(self, units: int, last_id: str | None) -> None:
        pass


class ResumableSink:
    """--resume: append to OUT and REJECTS in place, with a journal of checkpoints (see cleaners.resume)."""

    def __init__(self, ns: argparse.Namespace, rejects: str, args: dict, index, templates):
        from . import resume

        self.resume = resume
        self.journal = resume.Journal(ns.output)
        state = self.journal.read()
        if state is not None:
            # a journal written before site templates existed is of a run without them
            state.args.setdefault("templates", False)
        if state is not None and state.args != args:
            keys = [k for k in sorted(set(state.args) | set(args)) if state.args.get(k) != args.get(k)]
            differ = "; ".join(f"{k}: {state.args.get(k)!r} then, {args.get(k)!r} now" for k in keys)
            hint = ("run with --no-templates to carry on (the interrupted run did not remove site templates), or "
                    if keys == ["templates"] and not state.args["templates"] else "")
            raise UsageError(f"{self.journal.path} belongs to a run with other arguments ({differ}); "
                             f"{hint}run without --resume to start over")
        if state is None:
            state = self.journal.start(args)
        self.state = state
        self.every = ns.checkpoint_every
        self.dedup = args["dedup"]
        if templates is not None and state.templates and not state.complete:
            # before any file is cut back to the checkpoint: a damaged journal is refused with nothing touched
            self._relearn(templates, resume.templates_path(ns.output), state.templates)
        try:
            self.out = AppendWriter(ns.output, state.out)
            self.rejects = AppendWriter(rejects, state.rejects)
            self.sigs = AppendWriter(resume.sigs_path(ns.output), state.sigs) if self.dedup else None
            self.learning = (AppendWriter(resume.templates_path(ns.output), state.templates)
                             if templates is not None else None)
        except ValueError as e:
            raise UsageError(f"cannot resume: {e}; run without --resume to start over") from e
        if index is not None and state.units and state.run not in index.runs:
            self._rebuild(index, Path(ns.output), resume.sigs_path(ns.output))
        self._last_units, self._last_time = state.units, time.monotonic()

    def _rebuild(self, index, out: Path, sigs_file: Path) -> None:
        """The documents kept before the interruption are in the index again (no cleaning needed)."""
        import json

        from .neardup import NUM_PERM

        size = NUM_PERM * 4
        with open(out, "rb") as f, open(sigs_file, "rb") as s:
            for line in f:
                sig = s.read(size)
                if len(sig) != size:
                    raise UsageError(f"cannot resume: {sigs_file} has fewer signatures than {out} has lines")
                index.add(json.loads(line)["id"], sig)
            if s.read(1):
                raise UsageError(f"cannot resume: {sigs_file} has more signatures than {out} has lines")

    @staticmethod
    def _relearn(templates, path: Path, size: int) -> None:
        """The site templates the interrupted run had learned, page by page in the same order (no cleaning):
        the first `size` bytes of `path` (what the last checkpoint counts)."""
        import json

        from .templates import Observation

        if not path.exists() or path.stat().st_size < size:
            return   # AppendWriter refuses it, with the sizes
        done = 0
        with open(path, "rb") as f:
            for number, line in enumerate(f, 1):
                done += len(line)
                if done > size:
                    raise UsageError(f"cannot resume: {path} is damaged: its line {number} crosses the end "
                                     "the journal records; run without --resume to start over")
                try:
                    entry = json.loads(line)
                    site, body, lines = entry["site"], entry["body"], entry["lines"]
                    if not (isinstance(site, str) and _is_int(body) and isinstance(lines, list)
                            and all(_is_int(fp) for fp in lines)):
                        raise ValueError("not a learned page")
                except (ValueError, TypeError, KeyError) as e:
                    raise UsageError(f"cannot resume: {path} is damaged at line {number} ({e}); "
                                     "run without --resume to start over") from None
                templates.learn(site, Observation(body, tuple(lines)))
                if done == size:
                    break

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for w in (self.out, self.rejects, self.sigs, self.learning):
            if w is not None:
                w.close()
        self.journal.close()

    def kept(self, record: dict, sig: bytes | None) -> None:
        self.out.write(record)
        if self.sigs is not None:
            self.sigs.write_bytes(sig)

    def rejected(self, record: dict) -> None:
        self.rejects.write(record)

    def learned(self, site: str, seen) -> None:
        self.learning.write({"site": site, "body": seen.body, "lines": list(seen.lines)})

    def done(self, units: int, last_id: str) -> None:
        if units - self._last_units >= self.every or time.monotonic() - self._last_time >= CHECKPOINT_SECONDS:
            self.checkpoint(units, last_id)

    def checkpoint(self, units: int, last_id: str | None) -> None:
        entry = {"units": units, "out": self.out.sync(), "rejects": self.rejects.sync()}
        if self.sigs is not None:
            entry["sigs"] = self.sigs.sync()
        if self.learning is not None:
            entry["templates"] = self.learning.sync()
        entry["last"] = last_id
        self.journal.append(entry)          # only after the data it counts is on disk
        self._last_units, self._last_time = units, time.monotonic()

    def finish(self, units: int, last_id: str | None) -> None:
        self.checkpoint(units, last_id)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _skip(units: Iterator[Unit], n: int, last_id: str | None) -> Iterator[Unit]:
    """Skip the n documents a resumed run has already done; the n-th must be the one the journal names."""
    unit = None
    for i in range(n):
        unit = next(units, None)
        if unit is None:
            raise UsageError(f"cannot resume: the inputs now hold {i} documents, the journal says {n} were done")
    if unit is not None and unit.id != last_id:
        raise UsageError(f"cannot resume: document {n} is now {unit.id!r}, the journal says {last_id!r}; "
                         "the inputs changed — run without --resume to start over")
    return units


def _lock(path: str):
    """Hold PATH.lock for the run: two runs saving one dedup index would lose each other's documents."""
    import fcntl

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    f = open(f"{path}.lock", "a")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        f.close()
        raise UsageError(f"dedup index {path} is in use by another run") from None
    return f


def _apply_template(templates, record: dict, min_chars: int, topic: str | None):
    """Strip what the record's site has shown on its earlier pages; (site, what the page teaches, reason).
    Runs here, in input order, never in a worker: the template depends on the pages before this one."""
    from .templates import Page, rejudge, site_of

    site = site_of(record)
    if site is None:
        return None, None, None
    page = Page.of(record.get("text") or "")
    seen = page.observation()   # the page as cleaned: its own chrome counts for the next pages
    reason = rejudge(record, min_chars, topic) if templates.apply(site, record, page) else None
    return site, seen, reason


def cmd_clean(ns: argparse.Namespace) -> int:
    from .resume import ResumeError

    try:
        return _clean(ns)
    except (UsageError, ResumeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `… -o - | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except MissingDependency as e:
        print(f"error: {e}: the installation is incomplete (pip install -e . installs what cleaners needs); "
              + _outcome(ns), file=sys.stderr)
        return 1
    except WorkerDied as e:
        print(f"error: a worker process died ({e}); nothing was lost"
              + (": run the same command again to carry on" if ns.resume else ""), file=sys.stderr)
        return 1
    except OSError as e:   # a full disk, a file system turned read-only, no process to be had
        cause = f"{e.filename}: {e.strerror}" if e.filename and e.strerror else e.strerror or str(e)
        print(f"error: {cause}; " + _outcome(ns), file=sys.stderr)
        return 1


def _outcome(ns: argparse.Namespace) -> str:
    """What a run that failed leaves, for its error line."""
    if getattr(ns, "outputs_written", False):   # it failed after (saving the dedup index, the summary)
        return "the output and the rejects file were written whole"
    if ns.resume:
        return "what was written is kept: run the same command again to carry on"
    if ns.output == "-":
        return "standard output got part of the output; no rejects file was written"
    return "no output was written: the output and rejects files are as they were"


def _check_paths(ns: argparse.Namespace, rejects_path: str | None) -> frozenset[Path]:
    """Refuse, before any work, inputs that do not exist, and outputs that would destroy an input, each other,
    or cannot be written; the outputs (and their journal) are left out of the inputs when they sit in an input
    directory."""
    # a path typed wrong is the caller's mistake, not a document to reject: a run that exits 0 with an empty
    # output would hide it from cron and scripts (a file that fails to read during the run is still read_error)
    missing = [p for p in ns.paths if p != "-" and not os.path.exists(p)]
    if missing:
        raise UsageError("no such file or directory: " + ", ".join(missing))
    outputs = [p for p in (ns.output, rejects_path) if p not in (None, "-")]
    if ns.output is not None and rejects_path is None:
        raise UsageError(f"with -o {ns.output} name a file for the rejected documents: --rejects PATH "
                         "(nothing is dropped silently)")
    if "-" in (ns.output, rejects_path) and sys.stdout is None:
        raise UsageError("standard output is closed: name a file with -o (and --rejects)")
    if ns.resume and any(map(written_into, outputs)):
        raise UsageError("--resume needs OUT and REJECTS to be files: "
                         + ", ".join(filter(written_into, outputs)) + " is not one")
    if len({os.path.abspath(p) for p in outputs}) < len(outputs):
        raise UsageError(f"-o and --rejects are the same file: {ns.output}")
    inputs = {Path(p).resolve() for p in ns.paths if p != "-" and not Path(p).is_dir()}
    for out in outputs:
        path = Path(out)
        try:
            resolved = path.resolve()
        except (RuntimeError, OSError) as e:   # a loop of symlinks: RuntimeError before Python 3.13, then OSError
            raise UsageError(f"{out}: its symbolic links lead nowhere ({e})") from None
        if resolved in inputs:
            raise UsageError(f"{out} is an input: writing the output there would destroy it")
        if path.is_dir():
            raise UsageError(f"{out} is a directory; name a file")
        if written_into(out):
            continue   # a device or a FIFO (cleaners.output.JsonlWriter)
        parent = next((p for p in resolved.parents if p.exists()), None)
        if parent is not None and not parent.is_dir():
            raise UsageError(f"{out}: {parent} is a file, not a directory")
        if parent is not None and not os.access(parent, os.W_OK):
            raise UsageError(f"{out}: cannot write in {parent}")
    from .resume import journal_path, sigs_path, templates_path

    own = {Path(out).resolve() for out in outputs}
    if ns.output not in (None, "-"):
        own |= {journal_path(ns.output).resolve(), sigs_path(ns.output).resolve(),
                templates_path(ns.output).resolve()}
    return frozenset(own)


def _clean(ns: argparse.Namespace) -> int:
    options = Options(keep_script=ns.keep_script, keep_width=ns.keep_width, min_chars=ns.min_chars)
    rejects_path = ns.rejects or default_rejects(ns.output)
    own_files = _check_paths(ns, rejects_path)
    dedup = ns.dedup or ns.dedup_index is not None or ns.dedup_threshold is not None  # each implies --dedup
    if ns.dedup_threshold is not None and not 0 < ns.dedup_threshold <= 1:
        raise UsageError(f"--dedup-threshold is a Jaccard similarity in (0, 1], got {ns.dedup_threshold}")
    if ns.resume and (ns.output == "-" or rejects_path in (None, "-")):
        raise UsageError("--resume needs OUT and REJECTS to be files")
    lock = _lock(ns.dedup_index) if ns.dedup_index else None
    # With one child this process signs every result itself (--dedup): numpy is then imported once, after the
    # fork, while the child cleans (the child never needs it); before, it was imported ahead of the fork, for the
    # child to inherit, and held up the child's start by 45-60 ms. With more children each signs its own: this
    # process signing for all of them would be the bottleneck.
    sign_here = dedup and ns.workers == 2
    # the worker processes (N-1: this process cleans too) are forked once this process has cleaned the first
    # chunk: they start with its imports, tables and compiled patterns (cleaners.workers)
    with (Pool(ns.workers - 1, options, sign=dedup and not sign_here, fork=True) if ns.workers > 1
          else contextlib.nullcontext()) as pool:
        code = _run(ns, options, rejects_path, own_files, dedup, pool, sign_here)
    if lock is not None:
        lock.close()
    return code


# glibc's mallopt parameters (malloc.h)
M_TRIM_THRESHOLD, M_TOP_PAD = -1, -2


def keep_freed_heap() -> None:
    """--dedup's numpy arrays (a chunk's shingles and their permutations, hundreds of KB each) are freed and made
    again chunk after chunk: glibc gave the top of its heap back to the system each time and the next chunk
    touched it in again, page by page. Kept: up to 64 MB of freed heap top, and 32 MB more asked for whenever
    the heap grows (on 60 MB of text, 76,000 page faults became 18,000 and the run 3-4% shorter, for 2 MB more
    peak memory). Only in the CLI's own process (malloc's settings are the whole process's); nothing without
    glibc."""
    if not deferred.OWN_PROCESS:
        return
    try:
        import ctypes  # (numpy, which --dedup imports, imports it too)

        mallopt = ctypes.CDLL(None).mallopt
    except (ImportError, OSError, AttributeError):
        return
    mallopt(M_TRIM_THRESHOLD, 64 << 20)
    mallopt(M_TOP_PAD, 32 << 20)


def _run(ns: argparse.Namespace, options: Options, rejects_path: str | None, own_files: frozenset[Path],
         dedup: bool, pool: Pool | None, sign_here: bool = False) -> int:
    index = threshold = None
    if dedup:
        keep_freed_heap()
    if dedup and (ns.dedup_index or ns.resume):   # the index file, or the journal's arguments, are read first
        from .neardup import THRESHOLD, BadIndex, NearDupIndex

        threshold = ns.dedup_threshold if ns.dedup_threshold is not None else THRESHOLD
        try:
            index = (NearDupIndex.load(ns.dedup_index, threshold) if ns.dedup_index and os.path.exists(ns.dedup_index)
                     else NearDupIndex(threshold))
        except BadIndex as e:
            raise UsageError(str(e)) from e
    elif dedup:
        index = _IndexOnFirstUse(ns.dedup_threshold)

    templates = None
    if ns.templates:
        from .templates import SiteTemplates

        templates = SiteTemplates()

    stats: Counter = Counter()
    reasons: Counter = Counter()
    rules: Counter = Counter()
    started = time.perf_counter()
    units: Iterator[Unit] = iter(read_units(ns.paths, ns.format, exclude=own_files))
    if ns.resume:
        args = {
            "paths": [p if p == "-" else os.path.abspath(p) for p in ns.paths], "format": ns.format,
            "keep_script": ns.keep_script, "keep_width": ns.keep_width, "min_chars": ns.min_chars,
            "rejects": os.path.abspath(rejects_path), "dedup": dedup,
            "dedup_index": os.path.abspath(ns.dedup_index) if ns.dedup_index else None, "threshold": threshold,
            "templates": templates is not None,
        }
        sink = ResumableSink(ns, rejects_path, args, index, templates)
        state = sink.state
        if state.complete:
            sink.__exit__(None, None, None)
            if not ns.quiet:
                print(f"nothing to do: {sink.journal.path} records a complete run of {state.units} documents",
                      file=sys.stderr)
            return 0
        units = _skip(units, state.units, state.last)
        stats["done_before"] = state.units
        run_id = state.run
    else:
        sink = AtomicSink(ns.output, rejects_path)
        run_id = None

    n, last_id = stats["done_before"], None
    try:
        with sink:
            results = (pooled(pool, units, only_files(ns.paths), sign=sign_here) if pool is not None
                       else run_units(units, options, 1, sign=dedup, files=only_files(ns.paths)))
            if not ns.quiet and sys.stderr is not None and sys.stderr.isatty():   # None: started with stderr closed
                from tqdm import tqdm

                tqdm.monitor_interval = 0   # no monitor thread: the workers are forked from a one-thread process
                results = tqdm(results, desc="clean", unit="doc", file=sys.stderr)
            # signatures come with the results: taken where the document was cleaned, before the site's template
            # is removed, so a signature does not depend on which pages of the site came earlier in this run (a
            # --dedup-index compares documents across runs)
            for record, reason, topic, sig in results:
                if reason == MISSING_DEPENDENCY:
                    raise MissingDependency(f"{record['id']}: {record['detail']}")
                stats["in"] += 1
                site = seen = None
                if reason is None and templates is not None:
                    site, seen, reason = _apply_template(templates, record, options.min_chars, topic)
                for name, k in record.get("meta", {}).get("rules", {}).items():
                    rules[name] += k
                if reason is None and index is not None:
                    found = index.check(record["id"], sig)
                    if found is not None:
                        reason = "near_duplicate"
                        record = {"duplicate_of": found[0], "similarity": round(found[1], 3), **record}
                if reason is None:
                    sink.kept(record, sig)
                    stats["kept"] += 1
                    if site is not None and templates.learn(site, seen):
                        sink.learned(site, seen)
                else:
                    sink.rejected(reject_record(reason, record))
                    reasons[reason] += 1
                n += 1
                last_id = record["id"]
                sink.done(n, last_id)
            sink.finish(n, last_id)
    finally:   # (also when interrupted as the files are renamed: see AtomicSink)
        ns.outputs_written = getattr(sink, "written", False)
    # the index is saved only once the output it describes is complete
    if index is not None and ns.dedup_index:
        if run_id is None:
            import uuid

            run_id = uuid.uuid4().hex
        if run_id not in index.runs:
            index.runs = (index.runs + [run_id])[-1000:]
        index.save(ns.dedup_index)
        ns.index_saved = True
    if ns.resume:
        sink.journal.append({"complete": True, "units": n})
        sink.journal.close()
    elif ns.output != "-":
        from .resume import remove

        remove(ns.output)  # an interrupted --resume run of this output is superseded
    if not ns.quiet:
        print_summary(stats, reasons, rules, time.perf_counter() - started, ns.output, rejects_path,
                      len(index) if index is not None and ns.dedup_index else None)
    return 0


def print_summary(stats: Counter, reasons: Counter, rules: Counter, seconds: float, out, rejects,
                  indexed: int | None = None) -> None:
    err = sys.stderr
    rejected = sum(reasons.values())
    if stats["done_before"]:
        print(f"resumed after {stats['done_before']} documents done by the interrupted run", file=err)
    print(f"documents in: {stats['in']}  kept: {stats['kept']}  rejected: {rejected}  ({seconds:.2f} s)", file=err)
    for reason, n in reasons.most_common():
        print(f"  rejected {reason}: {n}", file=err)
    if rules:
        top = ", ".join(f"{name} {n}" for name, n in rules.most_common(8))
        print(f"rules fired most: {top}", file=err)
    if indexed is not None:
        print(f"dedup index: {indexed} documents", file=err)
    print(f"output: {out}" + (f"  rejects: {rejects}" if rejects else ""), file=err)


def whole_number(minimum: int):
    """An argparse type: a whole number of at least `minimum` (argparse turns the ValueError into exit 2)."""
    def parse(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, got {value}")
        return value

    parse.__name__ = f"whole number >= {minimum}"
    return parse


def _columns() -> int:
    """The terminal's width as shutil.get_terminal_size finds it: $COLUMNS, else standard output's terminal,
    else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):   # no stdout, closed, or not a terminal
            columns = 0
    return columns or 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's own, at the width argparse gives it (the terminal's, less 2), found without shutil: argparse
    imports shutil, and bz2 and lzma with it, to build a formatter at every add_argument, 4 ms of every run."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose formatter is _HelpFormatter, as are its subcommands' (add_parser makes them of
    the parent's class)."""

    def __init__(self, *args, formatter_class=_HelpFormatter, **kwargs):
        super().__init__(*args, formatter_class=formatter_class, **kwargs)


def build_parser(evaluate: bool = True) -> argparse.ArgumentParser:
    """The CLI's parser; without `evaluate`, no `eval` command (its module is not imported: `clean` is
    parsed the same without it)."""
    parser = _Parser(prog="python -m cleaners", description="Clean Chinese news dumps into a corpus.")
    sub = parser.add_subparsers(dest="command", required=True)
    clean = sub.add_parser("clean", help="clean HTML, text, JSONL or WARC dumps into JSONL documents")
    clean.add_argument("paths", nargs="+", metavar="PATH", help="files, directories (recursed) or - for stdin")
    clean.add_argument("-o", "--output", required=True, help="output JSONL (- for stdout)")
    clean.add_argument("--rejects", help="rejected documents with their reason (default: OUT.rejects.jsonl)")
    clean.add_argument("--format", choices=FORMATS, default="auto",
                       help="what the inputs are; auto: by suffix, else sniffed (default: %(default)s)")
    clean.add_argument("--keep-script", action="store_true", help="do not convert traditional script to simplified")
    clean.add_argument("--keep-width", action="store_true", help="do not fold full-width characters (NFKC)")
    clean.add_argument("--workers", type=whole_number(1), default=1, metavar="N",
                       help="processes to clean with: this one and N-1 more; the output is the same "
                            "whatever N (default: %(default)s)")
    clean.add_argument("--min-chars", type=whole_number(0), default=Options.min_chars,
                       help="Chinese characters an article needs (default: %(default)s)")
    clean.add_argument("--dedup", action="store_true",
                       help="reject near-duplicates of a document kept earlier in this run (reason near_duplicate)")
    clean.add_argument("--dedup-index", metavar="PATH",
                       help="near-duplicate index file: loaded if it exists, saved at the end (implies --dedup)")
    clean.add_argument("--dedup-threshold", type=float, metavar="J",
                       help="estimated Jaccard similarity of 5-character shingles that makes a duplicate "
                            "(default: 0.8; implies --dedup)")
    clean.add_argument("--no-templates", dest="templates", action="store_false",
                       help="do not learn each host's template: by default a short line at the top or bottom of "
                            "the text that earlier documents of the same host (URL, else site name) repeat "
                            "verbatim is removed (rule site_template)")
    clean.add_argument("--resume", action="store_true",
                       help="append as the run goes, with a journal (OUT.journal): the same command run again "
                            "after a kill carries on where it stopped")
    clean.add_argument("--checkpoint-every", type=whole_number(1), default=1000, metavar="N",
                       help="with --resume: checkpoint every N documents and every 5 s (default: %(default)s)")
    clean.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    clean.set_defaults(func=cmd_clean)
    if not evaluate:
        return parser
    try:
        from .evaluate import add_parser as add_eval
    except ImportError:  # the evaluation harness is optional while it is being built
        pass
    else:
        add_eval(sub)
    return parser


def is_the_program(module_globals: dict) -> bool:
    """Whether the module of these globals is the program this interpreter runs: `python -m cleaners`, not a
    host that runs it as one step of its own (python -m cProfile -m cleaners, pdb, runpy.run_module from a script),
    which must get control back."""
    main = sys.modules.get("__main__")
    argv = getattr(sys, "orig_argv", [])
    return (main is not None and main.__dict__ is module_globals and "-m" in argv
            and argv[argv.index("-m") + 1:][:1] == ["cleaners"])


def exit_now(code: int) -> None:
    """End this process with `code` once its exit handlers have run and its output is flushed, without tearing
    the interpreter down: freeing every module, table and compiled pattern one by one took 25-35 ms after the
    last output was renamed into place, a tenth of a one-page run. For the program itself only (is_the_program,
    cleaners/__main__.py). A thread still running, or an output that does not flush (a full disk, a closed
    pipe), is left to Python's own exit, which waits for the thread, and reports the failed flush and exits
    with 120."""
    import threading

    if threading.active_count() > 1 or not isinstance(code, int):
        sys.exit(code)
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        if stream is None or stream.closed:   # (Python's exit skips them too)
            continue
        try:
            stream.flush()
        except Exception:
            sys.exit(code)   # flushed again at exit, failing again: reported as Python reports it
    os._exit(code)


def _interrupted(ns: argparse.Namespace) -> str:
    """What an interrupted run leaves, for its last line."""
    if getattr(ns, "resume", False):
        return "interrupted: run the same command again to carry on"
    if not getattr(ns, "outputs_written", False):
        return "interrupted: no output written"
    unsaved = getattr(ns, "dedup_index", None) and not getattr(ns, "index_saved", False)
    return ("interrupted once the output and the rejects file were written whole"
            + (f"; the dedup index {ns.dedup_index} was left as it was" if unsaved else ""))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # `clean` runs without the evaluation harness, which imports the HTML side and statistics
    ns = build_parser(evaluate=args[:1] != ["clean"]).parse_args(args)
    # numpy (--dedup) starts an OpenBLAS thread per core at import, 0.1 s of CPU for linear algebra that
    # nothing here does
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if argv is None:  # the program itself (python -m cleaners), not a call from someone else's code
        own_process()  # htmldate without urllib3 (cleaners/deferred.py): nobody else's code runs here
    # SIGTERM (kill, a timeout, a stopped service) ends a run as Ctrl-C does: temp files removed, journal kept
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return ns.func(ns)
    except KeyboardInterrupt:
        from .output import remove_temp_files

        remove_temp_files()
        print(_interrupted(ns), file=sys.stderr)
        return 130
