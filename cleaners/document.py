"""The one type that flows fetch → decode → extract → clean → judge → store."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from . import regexcache
from .records import Record
from .textutil import outlet

METADATA_FIELDS = ("title", "published", "author", "editor", "source", "site")


class Metadata(Record):
    """What a page says about its article, the same six fields wherever they travel: extracted from HTML
    (cleaners/html/meta.py, cleaners/extract.py), carried by a JSONL record, held by a Document, written out."""
    FIELDS = METADATA_FIELDS

    def __init__(self, title: str | None = None, published: str | None = None, author: str | None = None,
                 editor: str | None = None, source: str | None = None, site: str | None = None) -> None:
        self.title, self.published, self.author = title, published, author
        self.editor, self.source, self.site = editor, source, site


class Line(Record):
    __slots__ = FIELDS = ("text", "gap")

    def __init__(self, text: str, gap: int = 0) -> None:
        self.text = text
        self.gap = gap  # blank lines that preceded it in the dump: image slots leave wide gaps


class Document(Metadata):
    """An article's lines and its Metadata, with what each rule removed or changed."""
    FIELDS = METADATA_FIELDS + ("id", "lines", "url", "region", "origin", "removed", "changed", "flags")

    def __init__(self, *, id: str, lines: list[Line] | None = None, url: str | None = None,
                 region: dict | None = None, origin: str = "text", removed: dict[str, list[str]] | None = None,
                 changed: Counter | None = None, flags: list[str] | None = None, **metadata) -> None:
        super().__init__(**metadata)
        self.id = id
        self.lines = [] if lines is None else lines
        self.url = url
        self.region = region
        self.origin = origin  # 'text' for dumps, 'html' when the lines were extracted from a page
        self.removed = {} if removed is None else removed
        self.changed = Counter() if changed is None else changed
        self.flags = [] if flags is None else flags

    @classmethod
    def from_text(cls, id: str, text: str, **fields) -> "Document":
        doc = cls(id=id, **fields)
        doc.lines = split_lines(text)
        return doc

    # --- reading -------------------------------------------------------
    @property
    def text(self) -> str:
        return "\n".join([line.text for line in self.lines])  # (a list: join makes one of a generator anyway)

    def texts(self) -> list[str]:
        return [line.text for line in self.lines]

    def first_line(self, pred: Callable[[str], object], start: int = 0) -> int | None:
        for i in range(start, len(self.lines)):
            if pred(self.lines[i].text):
                return i
        return None

    # --- changing (every change is recorded under the rule's name) -----
    def drop(self, i: int, reason: str) -> str:
        line = self.lines.pop(i)
        self.removed.setdefault(reason, []).append(line.text)
        self.changed[reason] += 1
        return line.text

    def drop_where(self, pred: Callable[[int, str], object], reason: str) -> int:
        keep, n = [], 0
        for i, line in enumerate(self.lines):
            if pred(i, line.text):
                self.removed.setdefault(reason, []).append(line.text)
                n += 1
            else:
                keep.append(line)
        if n:
            self.lines = keep
            self.changed[reason] += n
        return n

    def cut_from(self, i: int, reason: str) -> None:
        """Everything from line i on is not the article."""
        if i >= len(self.lines):
            return
        tail = self.lines[i:]
        del self.lines[i:]
        self.removed.setdefault(reason, []).extend(line.text for line in tail)
        self.changed[reason] += len(tail)

    def replace(self, i: int, new: str, reason: str) -> None:
        if new != self.lines[i].text:
            self.lines[i].text = new
            self.changed[reason] += 1

    def map_text(self, fn: Callable[[str], str], reason: str) -> None:
        for i, line in enumerate(self.lines):
            self.replace(i, fn(line.text), reason)
        self.drop_where(lambda _i, t: not t.strip(), "empty_line")

    def flag(self, name: str) -> None:
        if name not in self.flags:
            self.flags.append(name)

    def set_once(self, fieldname: str, value: str | None) -> None:
        """Metadata found first wins: headers come before bodies."""
        if fieldname == "source":
            value = outlet(value)
        if value and not getattr(self, fieldname):
            setattr(self, fieldname, value.strip())

    # --- output ----------------------------------------------------------
    def meta(self) -> dict:
        return {
            "rules": dict(sorted(self.changed.items())),
            "removed": self.removed,
            "flags": list(self.flags),
        }

    def record(self) -> dict:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "text": self.text,
            "published": self.published,
            "author": self.author,
            "editor": self.editor,
            "source": self.source,
            "site": self.site,
            "region": self.region,
            "meta": self.meta(),
        }


_NEWLINES = regexcache.compile(r"\r\n?|[\u2028\u2029\x0b\x0c]")  # not U+0085: mojibake produces it
_LINE_BREAKS = "\r\u2028\u2029\x0b\x0c"  # the first character of every match of _NEWLINES


# control characters other than tab and newline carry no text (a NUL in a dump is damage, not content)
_CONTROLS = regexcache.compile("[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_CHARS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F]))  # what _CONTROLS matches


def _holds_any(text: str, chars: str) -> bool:
    """Whether text holds one of chars: a substring test per character (a fast scan in C, mapped in C) is several
    times cheaper than a regex search for a class of them, and most texts hold none."""
    return any(map(text.__contains__, chars))


def split_lines(text: str) -> list[Line]:
    # the substitutions, only when they have something to replace (most dumps have neither)
    if _holds_any(text, _CONTROL_CHARS):
        text = _CONTROLS.sub("", text)
    if _holds_any(text, _LINE_BREAKS):
        text = _NEWLINES.sub("\n", text)
    lines, gap = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip(" \t\u3000\u00a0\ufeff\u200b")
        if not stripped:
            gap += 1
            continue
        lines.append(Line(stripped, gap))
        gap = 0
    return lines

