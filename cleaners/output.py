"""Output files are written whole or not at all: a temp file beside the target, renamed at the end."""
from __future__ import annotations

import io
import json
import os
import stat
import sys
from pathlib import Path

from .limits import REJECT_CHARS, REJECT_ITEM_CHARS, REJECT_ITEMS, REJECT_KEYS, REJECT_TEXT_CHARS

# JSON allows these raw, but str.splitlines, JavaScript and many line-based tools treat them as line ends
_LINE_BREAKS_JSON_KEEPS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


# what json.dumps(record, ensure_ascii=False) does, without making a JSONEncoder for every record
_TO_JSON = json.JSONEncoder(ensure_ascii=False).encode


def jsonl_line(record: dict) -> bytes:
    """One record as one line of UTF-8 JSON that every line reader sees as exactly one line, encoded: encoding
    it is also the test for what UTF-8 cannot hold. A lone surrogate (a file name that is not UTF-8, a broken
    emoji escape in a JSONL input) is such: that record is written with \\u escapes instead, which any JSON
    reader reads back."""
    line = _TO_JSON(record)
    # str.translate looks every character up in the table (half a millisecond for a page of Chinese); three
    # substring scans in C tell a line that holds none of them, which is nearly every line
    if "\u2028" in line or "\u2029" in line or "\x85" in line:
        line = line.translate(_LINE_BREAKS_JSON_KEEPS)
    try:
        return line.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return json.dumps(record, ensure_ascii=True).encode("ascii") + b"\n"


TEMP_FILES: set[str] = set()  # temp outputs of this process not yet renamed into place


def remove_temp_files() -> None:
    """After an interrupt: the temp outputs of the run go (the inputs and earlier outputs are untouched)."""
    for path in list(TEMP_FILES):
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        TEMP_FILES.discard(path)


# Every WRITEBACK_BYTES written to a file, the kernel is asked to start writing them to the disk (Linux starts the
# writeback of a range on posix_fadvise(POSIX_FADV_DONTNEED) and drops its pages once they are clean): the fsync
# that makes the finished file durable then waits for the last stretch only, not for all of it (44 ms of a 10 MB
# run's end, 17 ms with it), and a run over tens of gigabytes neither piles up dirty pages nor fills the page
# cache with output it will not read again.
WRITEBACK_BYTES = 1 << 20


def named(error: OSError, name: str) -> OSError:
    """The same error (the same class: BrokenPipeError stays one) naming the file it happened to: a failed
    write or flush names none, and a run writes two or three files."""
    if error.filename is not None or error.errno is None:
        return error
    return OSError(error.errno, error.strerror, name)


def written_into(path: str) -> bool:
    """Whether path is a device, a FIFO or a socket (through any symlinks): written into as it is, not replaced
    by a temporary file renamed over it (-o /dev/null itself became a regular file, a reader waiting on a named
    pipe got nothing)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


class _Descriptor:
    """Standard output written with os.write, 64 KB at a time, waiting while the pipe is full. Whoever shares a
    pipe shares its O_NONBLOCK: a parent that set it made Python's BufferedWriter drop lines without an
    error (3,000 records written, 914 read, exit 0)."""

    CHUNK = 1 << 16

    def __init__(self, fd: int):
        self._fd = fd
        self._pending = bytearray()

    def write(self, data: bytes) -> None:
        self._pending += data
        if len(self._pending) >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        data, self._pending = memoryview(self._pending), bytearray()
        while data:
            try:
                data = data[os.write(self._fd, data):]
            except BlockingIOError:
                import select

                select.select([], [self._fd], [])


class JsonlWriter:
    """A JSONL output: to a temporary file beside the target, renamed over it when the run completes (finish,
    then commit), or removed when it does not. A symlink is written through (its target is replaced, the link
    stays); a device or a FIFO is written into directly; "-" is standard output, as UTF-8 bytes to its byte
    layer whatever its encoding; None writes nothing."""

    def __init__(self, path: str | None):
        self.path = path
        self._tmp: str | None = None
        self._target: str | None = None   # the file the temporary one replaces (a symlink's target)
        self._f: io.BufferedIOBase | None = None
        self._text = False      # self._f takes str: a standard output without a byte layer (a library caller's)
        self.count = 0
        self._pending = 0       # bytes written since the last writeback started
        self._written = 0       # bytes of the file whose writeback has started
        self._finished = False

    @property
    def name(self) -> str:
        return "standard output" if self.path == "-" else str(self.path)

    def __enter__(self) -> "JsonlWriter":
        if self.path in (None, "-"):
            if self.path == "-" and sys.stdout is not None:   # None: a process started without one
                sys.stdout.flush()   # what was printed before comes first
                try:
                    self._f = _Descriptor(sys.stdout.fileno())
                except (AttributeError, OSError, ValueError):   # a library caller's stdout in memory
                    self._f = getattr(sys.stdout, "buffer", None)
                    if self._f is None:
                        self._f, self._text = sys.stdout, True
            return self
        if written_into(self.path):
            self._f = open(self.path, "wb")
            return self
        self._target = os.path.realpath(self.path)
        target = Path(self._target)
        target.parent.mkdir(parents=True, exist_ok=True)
        # named and registered before it exists: an interrupt at any moment leaves nothing remove_temp_files misses.
        # os.urandom(4).hex() is what secrets.token_hex(4) returns; importing secrets (hmac, hashlib, random)
        # cost 8 ms of every start-up
        self._tmp = str(target.parent / f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        TEMP_FILES.add(self._tmp)
        fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as for open()
        self._f = os.fdopen(fd, "wb")
        return self

    def write(self, record: dict) -> None:
        if self._f is not None:
            line = jsonl_line(record)
            try:
                self._f.write(line.decode("utf-8") if self._text else line)
            except OSError as e:
                raise named(e, self.name) from None
            if self._tmp is not None:
                self._pending += len(line)
                if self._pending >= WRITEBACK_BYTES:
                    self._write_back()
        self.count += 1

    def _write_back(self) -> None:
        self._pending = 0
        if not hasattr(os, "posix_fadvise"):
            return
        try:
            self._f.flush()
        except OSError as e:
            raise named(e, self.name) from None
        fd = self._f.fileno()
        end = os.lseek(fd, 0, os.SEEK_CUR)
        try:
            os.posix_fadvise(fd, self._written, end - self._written, os.POSIX_FADV_DONTNEED)
        except OSError:   # advice only: a file system that does not take it writes at the fsync
            return
        self._written = end

    def finish(self) -> None:
        """Everything written durably (the temporary file flushed, synced and closed): all that can fail before
        the rename. On an error the temporary file is removed and the target left as it was."""
        if self._f is None or self._finished:
            return
        self._finished = True
        try:
            self._f.flush()
            if self._tmp is not None:
                os.fsync(self._f.fileno())
                self._f.close()
        except OSError as e:
            self.discard()
            raise named(e, self.name) from None

    def commit(self) -> None:
        """The finished temporary file renamed over the target."""
        if self._tmp is None:
            return
        os.replace(self._tmp, self._target)
        TEMP_FILES.discard(self._tmp)
        self._tmp = None

    def _close(self) -> None:
        """Close the file written to (the temporary one, a device or a FIFO; never standard output)."""
        if self._f is not None and self.path != "-" and not self._f.closed:
            try:
                self._f.close()
            except OSError:   # flushed and synced before, or not wanted
                pass

    def discard(self) -> None:
        """The run did not complete: the temporary file goes, the target stays as it was."""
        self._close()
        if self._tmp is None:
            return
        try:
            os.unlink(self._tmp)
        except FileNotFoundError:
            pass
        TEMP_FILES.discard(self._tmp)
        self._tmp = None

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.discard()
            return
        self.finish()
        self.commit()
        self._close()


class AppendWriter:
    """Appends JSONL records to a file that a resumable run grows in place (see `cleaners.resume`).

    Opened at a checkpointed `size`: whatever lies beyond it (lines written after the last checkpoint, a
    line cut in half by a kill) is truncated away first, so the file holds each record exactly once.
    """

    def __init__(self, path: str | Path, size: int = 0):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            if size:
                raise ValueError(f"{self.path}: missing, but the journal says {size} bytes were written")
            self.path.touch()
        actual = self.path.stat().st_size
        if actual < size:
            raise ValueError(f"{self.path}: {actual} bytes, but the journal says {size} were written")
        os.truncate(self.path, size)
        self._f = open(self.path, "ab")
        self.count = 0

    def write(self, record: dict) -> None:
        self._f.write(jsonl_line(record))
        self.count += 1

    def write_bytes(self, data: bytes) -> None:
        self._f.write(data)

    def sync(self) -> int:
        """Flush to the disk; returns the file's size, every byte of it durable."""
        self._f.flush()
        os.fsync(self._f.fileno())
        return self._f.tell()

    def close(self) -> None:
        self._f.close()


def reject_record(reason: str, record: dict) -> dict:
    """The line of the rejects file for `record`: its reason first, then the record cut down to a size that
    does not grow with the input (the limits are in cleaners/limits.py). A reject is read by a person
    wondering why; a page of random bytes, kept whole as text and as the lines every rule removed, made a
    reject line as big as the page. What was cut is counted under `cut`, by field: {"chars": …, "items": …}."""
    cut: dict[str, dict[str, int]] = {}
    body = {}
    for key, value in record.items():
        if key not in ("reason", "cut"):
            chars = REJECT_TEXT_CHARS if key == "text" else REJECT_CHARS
            # most fields are a short string or None: taken without a call
            short = value.__class__ in _SCALARS or value.__class__ is str and len(value) <= chars
            body[key] = value if short else _bound(value, key, chars, cut)
    return {"reason": reason, **body, **({"cut": cut} if cut else {})}


def _bound(value, path: str, chars: int, cut: dict[str, dict[str, int]]):
    """The value cut down to the limits, what was cut counted in `cut` under path; the value itself when nothing
    in it is over them (one walk: a near-duplicate is a whole record, and a check of every field before cutting
    it walked most of a record twice). A list or a mapping becomes a plain one when its items are cut or its
    keys are not strings. One call a level of nesting: a JSONL record's region may nest as deep as the JSON
    reader allows."""
    if isinstance(value, str):
        if len(value) > chars:
            _count(cut, path, "chars", len(value) - chars)
            return value[:chars]
        return value
    if isinstance(value, list):
        if len(value) > REJECT_ITEMS:
            _count(cut, path, "items", len(value) - REJECT_ITEMS)
        out, same = [], type(value) is list and len(value) <= REJECT_ITEMS
        for v in value[:REJECT_ITEMS]:
            # a short string (most items: the lines a rule removed) without a call
            b = v if v.__class__ is str and len(v) <= REJECT_ITEM_CHARS else _bound(v, path, REJECT_ITEM_CHARS, cut)
            same = same and b is v
            out.append(b)
        return value if same else out
    if isinstance(value, dict):
        if len(value) > REJECT_KEYS:
            _count(cut, path, "items", len(value) - REJECT_KEYS)
        out, same = {}, type(value) is dict and len(value) <= REJECT_KEYS
        for key, v in list(value.items())[:REJECT_KEYS]:
            name = str(key)[:REJECT_ITEM_CHARS]
            b = out[name] = v if v.__class__ in _SCALARS else _bound(v, f"{path}.{name}" if path else name, REJECT_CHARS, cut)
            same = same and b is v and name is key
        return value if same else out
    return value


_SCALARS = frozenset({int, float, bool, type(None)})   # nothing in them to cut (the counts of the rules fired)


def _count(cut: dict[str, dict[str, int]], path: str, what: str, n: int) -> None:
    where = cut.setdefault(path, {})
    where[what] = where.get(what, 0) + n
