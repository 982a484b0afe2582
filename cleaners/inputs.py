"""Readers: every input unit becomes a RawDoc to clean or a Failure with a reason; nothing vanishes."""
from __future__ import annotations

import io
import json
import re
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

from .document import METADATA_FIELDS
from .limits import MAX_BYTES, MAX_JSON_DEPTH
from .records import Record
from .textutil import LazyPattern

FORMATS = ("auto", "html", "text", "jsonl", "warc")
SUFFIXES = {
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".txt": "text", ".text": "text",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".warc": "warc", ".arc": "warc",
}


class RawDoc(Record):
    __slots__ = FIELDS = ("id", "kind", "data", "url", "content_type", "fields")

    def __init__(self, id: str, kind: str, data: bytes | str, url: str | None = None,
                 content_type: str | None = None, fields: dict | None = None):
        self.id = id
        self.kind = kind                  # 'html' or 'text'
        self.data = data
        self.url = url
        self.content_type = content_type
        self.fields = {} if fields is None else fields  # title/site/region… carried by a JSONL record


class Failure(Record):
    __slots__ = FIELDS = ("id", "reason", "detail", "url")

    def __init__(self, id: str, reason: str, detail: str, url: str | None = None):
        self.id, self.reason, self.detail, self.url = id, reason, detail, url


Unit = RawDoc | Failure


def too_large(doc_id: str, where: str, size: int | None = None, url: str | None = None) -> Failure:
    """The reject of a document over MAX_BYTES; `size` when it is known (a JSONL line is read to its end)."""
    size_text = f"{size:,} bytes" if size is not None else "more bytes than that"
    return Failure(id=doc_id, reason="too_large", url=url,
                   detail=f"{where}: over the size cap of {MAX_BYTES:,} bytes ({size_text}); not cleaned")


def format_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    if name.endswith(".jsonl.gz"):
        return "jsonl"
    return SUFFIXES.get(path.suffix.lower())


def _readable_head(head: bytes) -> bytes:
    """The start of a file as bytes a sniffer can read: gunzipped, UTF-16 turned into UTF-8, BOM and blanks gone."""
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 4096)
        except zlib.error:
            return b""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head[: len(head) // 2 * 2].decode("utf-16", "replace").encode("utf-8")
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")


def sniff(head: bytes) -> str:
    inner = _readable_head(head)
    if inner.startswith(b"{"):
        return "jsonl"  # gzip'ed JSONL as well
    if inner.startswith(b"WARC/") or head.startswith(b"\x1f\x8b"):
        return "warc"
    if inner[:1] == b"<":
        return "html"
    return "text"


# a page, or a fragment of one (some saved pages start with their body: "<text id=…><table>…"). This and the
# other patterns here compile at their first use: a run on text files never uses them (a millisecond of start-up)
_HTML_START = LazyPattern(rb"<(?:!doctype\s+html|html|head|body|div|p|table|span|a|br|ul|li|h[1-6]|font|center)\b", re.I)


def _head(path: Path, size: int = 2048) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(size)
    except OSError:
        return b""


def is_html_page(head: bytes) -> bool:
    """A saved page whatever its name (page.asp, show.jsp@id=3, index.php?x from a mirror)."""
    head = _readable_head(head)
    return head[:1] == b"<" and bool(_HTML_START.search(head))


def expand(paths: list[str], exclude: frozenset[Path] = frozenset()) -> Iterator[tuple[str, Path | None, Path | None]]:
    """(display name, path, the directory it was found in) for every file to read; directories recurse over
    known suffixes and over pages saved under other names (a site mirror's .asp, .jsp, .php files). Files in
    `exclude` (this run's own outputs) are left out."""
    for p in paths:
        if p == "-":
            yield "-", None, None
            continue
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.resolve() in exclude or child.name.startswith(".") and child.name.endswith(".tmp"):
                    continue
                if child.is_file() and (format_of(child) or is_html_page(_head(child))):
                    yield str(child), child, path
        else:
            yield p, path, None


def read_units(paths: list[str], fmt: str = "auto", exclude: frozenset[Path] = frozenset()) -> Iterator[Unit]:
    """Every document of the inputs, in order. Ids are unique in a run: a file stem met again (source.html in
    two folders, the same file twice) becomes its path in the folder given (readability/gmw/source), then
    gets #2, #3…"""
    used: set[str] = set()
    for name, path, root in expand(paths, exclude):
        try:
            if path is None:
                stdin = sys.stdin.buffer
                head = stdin.read(512)  # enough to sniff; the rest is read as the records are
                kind = fmt if fmt != "auto" else sniff(head)
                yield from _units(name, "stdin", kind, io.BufferedReader(_Prefixed(head, stdin)), used)
                continue
            kind = fmt if fmt != "auto" else (format_of(path) or sniff(_head(path)))
            # the id of a page or dump is its file name without a known suffix (a mirror's show.asp@id=3 keeps all)
            stem = (path.stem if format_of(path) else path.name) if kind in ("html", "text") else name
            if kind in ("html", "text") and _stem(stem) in used and root is not None:
                stem = str(path.relative_to(root).with_name(stem))
            with open(path, "rb") as f:
                yield from _units(name, stem, kind, f, used)
        except (OSError, EOFError, zlib.error) as e:
            yield Failure(id=name, reason="read_error", detail=f"{name}: {getattr(e, 'strerror', None) or e}")


def _units(name: str, stem: str, kind: str, f: io.BufferedIOBase, used: set[str]) -> Iterator[Unit]:
    if kind in ("html", "text"):
        doc_id = _stem(stem)
        n = 1
        while doc_id in used:
            n += 1
            doc_id = f"{_stem(stem)}#{n}"
        used.add(doc_id)
        data = f.read(MAX_BYTES + 1)  # one byte more tells a file over the cap without holding all of it
        yield too_large(doc_id, name) if len(data) > MAX_BYTES else RawDoc(id=doc_id, kind=kind, data=data)
    elif kind == "jsonl":
        yield from read_jsonl(name, f)
    elif kind == "warc":
        yield from read_warc(name, f)
    else:
        yield Failure(id=name, reason="unknown_format", detail=f"{name}: format {kind!r}")


def _stem(stem: str) -> str:
    for suffix in (".warc", ".jsonl", ".html", ".txt"):
        stem = stem.removesuffix(suffix)
    return stem


class _Prefixed(io.RawIOBase):
    """A stream that yields `head` and then the rest of `rest`: stdin, sniffed without reading it whole."""

    def __init__(self, head: bytes, rest: io.BufferedIOBase):
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        if self._head:
            n = min(len(buf), len(self._head))
            buf[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read1(len(buf)) if hasattr(self._rest, "read1") else self._rest.read(len(buf))
        buf[:len(data)] = data
        return len(data)


class _LongLine:
    """Stands for a line over MAX_BYTES, read past but never held: its size in bytes."""
    __slots__ = ("size",)

    def __init__(self, size: int):
        self.size = size


def _lines(f: io.BufferedIOBase, cap: int = MAX_BYTES, block: int = 1 << 16) -> Iterator[bytes | _LongLine]:
    """The lines of a plain file; a line over `cap` is skipped to its end in blocks (one line of a dump can be
    gigabytes with no newline) and reported as a _LongLine."""
    while line := f.readline(cap + 1):
        if len(line) <= cap or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while (rest := f.readline(block)) and not rest.endswith(b"\n"):
            size += len(rest)
        yield _LongLine(size + len(rest.rstrip(b"\n")))


def _inflated(inflate, data: bytes, step: int) -> Iterator[bytes]:
    """What `data` inflates to, in pieces of at most `step` bytes: never more at once, however well it packs."""
    while True:
        out = inflate.decompress(data, step)
        if out:
            yield out
        if inflate.eof:
            return
        data = inflate.unconsumed_tail
        if not data and len(out) < step:  # a full piece may leave output inside zlib: ask again
            return


def _gunzipped_lines(f: io.BufferedIOBase, cap: int = MAX_BYTES, block: int = 1 << 16) -> Iterator[bytes | _LongLine]:
    """The lines of a gzip stream (members one after another), each as soon as it is whole, inflated a block
    at a time; a line over `cap` is inflated through but not kept (a _LongLine). A stream cut short or damaged
    gives every line before the damage, then raises EOFError or zlib.error."""
    inflate, fed = zlib.decompressobj(16 + zlib.MAX_WBITS), False
    pending, skipped = bytearray(), None  # skipped: bytes of an over-long line read so far
    while data := f.read(block):
        while data:
            fed = True
            for piece in _inflated(inflate, data, block):
                start = 0
                while (end := piece.find(b"\n", start)) >= 0:
                    if skipped is None and len(pending) + end - start > cap:
                        skipped = len(pending)
                        pending.clear()
                    if skipped is not None:
                        yield _LongLine(skipped + end - start)
                        skipped = None
                    elif not pending:  # the common case: a whole line inside one piece
                        yield piece[start:end + 1]
                    else:
                        pending += piece[start:end + 1]
                        yield bytes(pending)
                        pending.clear()
                    start = end + 1
                if skipped is not None:
                    skipped += len(piece) - start
                else:
                    pending += piece[start:]
                    if len(pending) > cap:
                        skipped = len(pending)
                        pending.clear()
            data = b""
            if inflate.eof:  # the next member starts in what is left
                data, inflate, fed = inflate.unused_data, zlib.decompressobj(16 + zlib.MAX_WBITS), False
    if skipped is not None:
        yield _LongLine(skipped)
    elif pending:
        yield bytes(pending)
    if fed and not inflate.eof:
        raise EOFError("compressed file ended before the end-of-stream marker was reached")


def read_jsonl(name: str, f: io.BufferedIOBase) -> Iterator[Unit]:
    if hasattr(f, "peek"):
        head = f.peek(2)[:2]
    else:
        head = f.read(2)
        f.seek(0)
    lines = _gunzipped_lines(f) if head == b"\x1f\x8b" else _lines(f)
    for lineno, raw in enumerate(lines, 1):
        where = f"{name}:{lineno}"
        if isinstance(raw, _LongLine):
            yield too_large(where, where, raw.size)
            continue
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
            if _nested_deeper(record, MAX_JSON_DEPTH):
                raise RecursionError
        except (ValueError, UnicodeDecodeError) as e:
            yield Failure(id=where, reason="bad_json", detail=f"{where}: {e}")
            continue
        except RecursionError:   # json.loads's own, at a depth that depends on the stack below it: the same reject
            yield Failure(id=where, reason="bad_json", detail=f"{where}: nested deeper than {MAX_JSON_DEPTH} levels")
            continue
        if not isinstance(record, dict):
            yield Failure(id=where, reason="bad_json", detail=f"{where}: a record must be a JSON object")
            continue
        doc_id = _record_id(record.get("id")) or _record_id(record.get("url")) or where
        # metadata fields are kept only in the shape the output promises: strings (region: a string or a dict)
        fields = {k: record[k] for k in (*METADATA_FIELDS, "region", "topic")
                  if record.get(k) and (isinstance(record[k], str) or k == "region" and isinstance(record[k], dict))}
        url = record.get("url") if isinstance(record.get("url"), str) else None
        kind, content = _jsonl_content(record)
        if content is None:
            yield Failure(id=doc_id, reason="no_content",
                          detail=f"{where}: no 'html', 'raw_html', 'text', 'content' or 'raw_content' string field")
        else:
            yield RawDoc(doc_id, kind, content, url=url, fields=fields)


def _nested_deeper(value, limit: int) -> bool:
    """Whether a JSON value nests lists and objects deeper than `limit` levels (a walk with a stack of its own; a
    record of strings is one step)."""
    stack = [(value, 1)]
    while stack:
        value, depth = stack.pop()
        kind = value.__class__
        if kind is dict:
            value = value.values()
        elif kind is not list:
            continue
        if depth > limit:
            return True
        stack.extend((v, depth + 1) for v in value if v.__class__ is dict or v.__class__ is list)
    return False


def _record_id(value) -> str | None:
    """A record's id as text: 0 is an id, None and "" are not; a list or object is written as JSON."""
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


_MARKUP = LazyPattern(r"^\s*<|<(html|body|p|div|br|article)\b", re.I)


def _jsonl_content(record: dict) -> tuple[str, str | None]:
    """The document a JSONL record carries: html/raw_html, text, or content/raw_content (dumps from other
    tools); HTML when it reads as markup, whichever field it is in."""
    for key in ("html", "raw_html", "text", "content", "raw_content"):
        value = record.get(key)
        if isinstance(value, str):
            # a field holds what it holds: markup in `text` is a page, plain text in `html` a dump
            head = value[:4096]
            # `"<" in` first: no markup without one, and the pattern's scan costs a quarter of a millisecond
            return ("html" if "<" in head and _MARKUP.search(head) else "text"), value
    return "text", None


# what `scrapy crawl portal` knows of a page beyond its bytes, kept in its WARC record (crawler/store.py), so that
# cleaning data/raw/ again gives the crawl's records: the seed's site and region, and its topic filter
CONTEXT_HEADERS = {"site": "WARC-Kechuang-Site", "region": "WARC-Kechuang-Region", "topic": "WARC-Kechuang-Topic"}


def crawl_context(headers) -> dict:
    fields = {}
    for name, header in CONTEXT_HEADERS.items():
        value = headers.get_header(header)
        if value:
            try:
                fields[name] = json.loads(value)
            except ValueError:
                continue
    return {k: v for k, v in fields.items() if isinstance(v, str) or k == "region" and isinstance(v, dict)}


def warc_record_id(header_value: str) -> str:
    """A record's id as the WARC-Record-ID header names it: the bare URI (urn:uuid:…). The angle brackets are
    the header's syntax (WARC 1.1), not part of the id; the crawl (crawler/store.py) uses this too, so cleaning
    data/raw/ again gives the crawl's ids."""
    value = header_value.strip()
    return value[1:-1] if value.startswith("<") and value.endswith(">") else value


def _reader_that_tells(reader):
    """warcio's reader, except that a gzip member that fails to decompress midway is remembered (`damage`)
    instead of only printed to stderr, and that a header line over MAX_BYTES is damage too: warcio reads a
    line whole, and a few KB of gzip can hold a gigabyte without a line end."""
    from warcio.bufferedreaders import DecompressingBufferedReader

    class Telling(type(reader)):
        damage = None
        inflated = False  # a member has decompressed: the file is gzip, so a failing member is damage

        def readline(self, length=None):
            line = super().readline(min(length or MAX_BYTES + 1, MAX_BYTES + 1))
            if len(line) > MAX_BYTES:
                raise ValueError(f"a header line over the size cap of {MAX_BYTES:,} bytes")
            return line

        def _decompress(self, data):
            if self.decompressor and data and (self.num_block_read or self.inflated):
                try:
                    data = self.decompressor.decompress(data)
                except Exception as e:  # noqa: BLE001 - zlib raises its own error type
                    self.damage = e
                    return b""
                self.inflated = True
                return data
            data = DecompressingBufferedReader._decompress(self, data)
            self.inflated = self.inflated or self.decompressor is not None
            return data

    reader.__class__ = Telling
    return reader


def _read_upto(stream, n: int) -> bytes:
    parts, size = [], 0
    while size < n and (data := stream.read(min(n - size, 1 << 16))):
        parts.append(data)
        size += len(data)
    return b"".join(parts)


_CHUNK_SIZE = LazyPattern(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]*)?\r\n")


class _Dechunked:
    """An HTTP payload with its chunked transfer coding undone as it is read, a block at a time (warcio's own
    reader takes a whole chunk at once, and a chunk can claim 2 GB). A body that says chunked and is not is
    passed on as it is, as warcio does."""

    def __init__(self, raw):
        self.raw, self.left, self.carry, self.state = raw, 0, b"", "chunks"   # or "plain", "end"

    def read(self, n: int) -> bytes:
        if self.carry:
            data, self.carry = self.carry[:n], self.carry[n:]
            return data
        if self.state != "chunks":
            return self.raw.read(n) if self.state == "plain" else b""
        if not self.left:
            line = self.raw.readline(64)
            size = _CHUNK_SIZE.fullmatch(line)
            if size is None:
                self.state, self.carry = "plain", line
                return self.read(n)
            self.left = int(size[1], 16)
            if not self.left:
                self.state = "end"
                return b""
        data = self.raw.read(min(n, self.left))
        if not data:  # cut short: what came is the page
            self.state = "end"
            return b""
        self.left -= len(data)
        if not self.left and (crlf := self.raw.read(2)) != b"\r\n":
            self.state, self.carry = "plain", crlf
        return data


class _Brotli:
    """brotli's decompressor with zlib's interface (max_length, unconsumed_tail, eof)."""

    def __init__(self, brotli):
        self._d, self.unconsumed_tail = brotli.Decompressor(), b""

    @property
    def eof(self) -> bool:
        return self._d.is_finished()

    def decompress(self, data: bytes, max_length: int) -> bytes:
        if data and not self._d.can_accept_more_data():  # output is still waiting inside: that first
            self.unconsumed_tail = data
            data = b""
        else:
            self.unconsumed_tail = b""
        return self._d.process(data, output_buffer_limit=max_length)


def _decompressor(encoding: str, attempt: int = 0):
    """What inflates a Content-Encoding, or None (not one we read: the bytes are taken as they are). `attempt`
    1 is the fallback for a stream the first one failed on: raw deflate, which many servers send as deflate."""
    if encoding in ("gzip", "x-gzip") and attempt == 0:
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate" and attempt < 2:
        return zlib.decompressobj(zlib.MAX_WBITS if attempt == 0 else -zlib.MAX_WBITS)
    if encoding == "br" and attempt == 0:
        try:
            import brotli
        except ImportError:
            return None
        # only a brotli whose output can be capped (1.2+): without one a bomb inflates whole in one call
        return _Brotli(brotli) if hasattr(brotli.Decompressor(), "can_accept_more_data") else None
    return None


class _Replay:
    """`head` (bytes already read), then the rest of `stream`: a payload tried again with another decoder."""

    def __init__(self, head: bytes, stream):
        self.head, self.stream = head, stream

    def read(self, n: int) -> bytes:
        if self.head:
            data, self.head = self.head[:n], self.head[n:]
            return data
        return self.stream.read(n)


def _payload(record, cap: int = MAX_BYTES, block: int = 1 << 14) -> bytes:
    """A response's page bytes (transfer coding undone, Content-Encoding inflated), at most cap + 1 of them:
    more than `cap` is a document too large to clean, and what lies beyond is never inflated or held (a few KB
    of gzip inflate to gigabytes). warcio's content_stream() inflates it all, and a whole chunk at a time."""
    stream, encoding = record.raw_stream, ""
    if record.http_headers is not None:
        if (record.http_headers.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
            stream = _Dechunked(stream)
        encoding = (record.http_headers.get_header("Content-Encoding") or "").strip().lower()
    for attempt in range(3):
        inflate = _decompressor(encoding, attempt)
        if inflate is None:  # not an encoding we read, or not compressed after all, whatever the header says
            break
        out, raw = bytearray(), bytearray()  # raw: what was read before any output, to try the next decoder on
        try:
            while len(out) <= cap and len(raw) <= cap and not inflate.eof and (data := stream.read(block)):
                if not out:
                    raw += data
                for piece in _inflated(inflate, data, cap + 1 - len(out)):
                    out += piece
                    if len(out) > cap:
                        break
                if out:
                    raw.clear()
        except Exception:  # noqa: BLE001 - zlib.error, brotli.error
            if not out:
                stream = _Replay(bytes(raw), stream)
                continue
            # damaged midway: the page is what inflated before the damage, as warcio has it
        # raw over the cap with nothing inflated yet (a gzip header can name a file of any length): too large
        return bytes(raw[:cap + 1]) if len(raw) > cap else bytes(out[:cap + 1])
    return _read_upto(stream, cap + 1)


def _cut_short(record) -> int:
    """Bytes of the record that its Content-Length promised and its file does not hold (0: none): warcio ends a
    record quietly where the file (or its last gzip member) ends."""
    stream = record.raw_stream
    missing = getattr(stream, "limit", 0)
    return missing if missing and not stream.read(1) else 0


def read_warc(name: str, f: io.BufferedIOBase) -> Iterator[Unit]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    records = ArchiveIterator(f)
    records.reader = reader = _reader_that_tells(records.reader)  # the iterator drops its reference at the end
    try:
        for record in records:
            if record.rec_type not in ("response", "resource"):
                continue  # requests, metadata, revisits (a duplicate of a response already read)
            n += 1
            header_id = record.rec_headers.get_header("WARC-Record-ID")
            rec_id = warc_record_id(header_id) if header_id else f"{name}#{n}"
            url = record.rec_headers.get_header("WARC-Target-URI")
            if record.http_headers is not None:
                ctype = record.http_headers.get_header("Content-Type")
                status = record.http_headers.get_statuscode() or ""
                if status and not status.startswith("2"):  # an error page or a redirect, not the article
                    yield Failure(id=rec_id, reason="http_status", detail=f"{url}: HTTP {status}", url=url)
                    continue
            else:  # a resource record: the payload is the document itself
                ctype = record.rec_headers.get_header("Content-Type")
            try:
                body = _payload(record)
            except Exception as e:  # a truncated or badly compressed record loses only itself
                yield Failure(id=rec_id, reason="bad_warc_record", detail=f"{name}: {url}: {e}", url=url)
                continue
            missing = _cut_short(record)
            if missing:   # the file ends inside this record: what there is of it is not the page
                yield Failure(id=rec_id, reason="bad_warc", url=url,
                              detail=f"{name}: damaged after {n - 1} records: it ends {missing} bytes short of {url}'s record's end")
                return
            if ctype and not any(t in ctype.lower() for t in ("html", "xml", "text/plain")) and not is_html_page(body[:2048]):
                # a page a plain static server sent as application/octet-stream is still a page
                yield Failure(id=rec_id, reason="not_html", detail=f"{url}: Content-Type {ctype}", url=url)
                continue
            if len(body) > MAX_BYTES:
                yield too_large(rec_id, f"{name}: {url}", url=url)
                continue
            kind = "text" if ctype and "text/plain" in ctype.lower() else "html"
            yield RawDoc(rec_id, kind, body, url=url, content_type=ctype, fields=crawl_context(record.rec_headers))
    except (ArchiveLoadFailed, OSError, ValueError, EOFError) as e:
        yield Failure(id=f"{name}#{n + 1}", reason="bad_warc", detail=f"{name}: after {n} responses: {e}")
        return
    damage = reader.damage
    if damage is not None:  # warcio stops at a damaged gzip member and only prints why; the rest is lost
        yield Failure(id=f"{name}#{n + 1}", reason="bad_warc", detail=f"{name}: damaged after {n} records: {damage}")
    elif n == 0:
        yield Failure(id=name, reason="bad_warc", detail=f"{name}: no WARC response or resource record")
