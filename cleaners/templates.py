"""A site's template, learned from its own pages and used as evidence against the lines it holds.

Extraction leaves a few lines of chrome around some articles (a navigation trail, a share bar, a footer),
and the rules only know chrome that every site words alike. What a site prints around *every* article is
its own: a line that comes back verbatim on page after page of one host is the template, not the story.
So, as the kept pages of a site arrive (per host in `python -m cleaners clean`, per source in a crawl, kept in
its state), the short lines of their cleaned text are counted, and a line the site has shown on enough of its
earlier pages is removed from the next one — at the margins of the text only.

What counts as a template line (`is_template`):
  - it is short: at most MAX_CHARS letters and digits. Navigation, share bars, footers and notices are short;
    a long paragraph that recurs is more likely a series' standard introduction or a company's "about us",
    which belongs to the article, and is never removed;
  - it was on at least MIN_PAGES distinct earlier pages of the site: one repeat is a coincidence (two stories
    by one author, two parts of one story); three pages that agree on a line are the site speaking;
  - it was on at least MIN_SHARE of the site's pages since it first appeared: the chrome is on nearly every
    page of its template, while a sentence reused now and then by a big site is not. Counting from the
    line's first appearance (not from the site's first page) lets a redesign's new chrome be learned as fast.
What is removed: template lines before the first and after the last *body line* (a line that is not template
and is long or a whole sentence). Between body lines a recurring short line is a column's heading
("记者手记", "专家观点") far more often than chrome, and it stays.

What is learned from: only pages that are kept (the judge and the dedup rejected none of them), and each
distinct page text once: a page whose body (its body lines as above, chrome ones included; all of its lines
when it has none) was already learned for the site is a copy — a print view, a repost under a second URL, the
same page fetched again with another view count — and two copies of one article must not teach that its
paragraphs are template (a story of paragraphs under MAX_CHARS would lose them all on its fourth copy).

Memory is bounded: a line not seen for STALE_PAGES learned pages of its site is forgotten (the unique lines of
each page, and the chrome of a template the site no longer uses), and so is a body older than BODY_PAGES pages.
A run of the CLI holds at most MAX_ENTRIES lines and bodies for all its sites together (a dump of a million
hosts): past it, the site that learned a page least recently is forgotten (it starts again if it comes back).
Everything here is deterministic for a given order of pages: hashes are blake2b, not Python's salted hash().
"""
from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from .document import Document
from .judge import judge
from .relevance import relevance
from .textutil import LazyPattern, nfkc

RULE = "site_template"
MIN_PAGES = 3
MIN_SHARE = 0.2
MAX_CHARS = 100
BODY_CHARS = 30       # a line this long (letters and digits), or a whole sentence, is the article's body
STALE_PAGES = 200
BODY_PAGES = 5000
PRUNE_EVERY = 50      # learned pages of a site between two prunings (a persistent store prunes with SQL)
MAX_ENTRIES = 150_000  # lines and bodies one run (the CLI) holds for all its sites together

_NOT_WORD = re.compile(r"[\W_]+")
# compiled at the first page with a site: a class of CJK punctuation takes a millisecond and a half to compile
_SENTENCE_END = LazyPattern(r"[。！？!?][”」』\"')）]*$")


# collections' namedtuple and plain classes, not typing.NamedTuple and dataclasses: `clean` imports this module
# on every run, and typing and dataclasses (inspect, ast) cost a fifth of a small run's start-up to import.

# count: learned pages of the site that held the line; first: the site's page number (1-based, learned pages) on
# which it was first seen
LineStats = namedtuple("LineStats", ["count", "first"])

Observation = namedtuple("Observation", ["body", "lines"])   # body: int, lines: tuple[int, ...]
Observation.__doc__ = "What a kept page teaches its site: its body's fingerprint and its short lines' fingerprints."


def normalize(line: str) -> str:
    """A line as fingerprints see it: NFKC, case-folded, letters and digits only (so a re-spaced or
    re-punctuated copy of a line is the same line). The folding of cleaners.neardup.normalize, which is not
    imported for it: that module loads numpy, which a run without --dedup does not need."""
    return _NOT_WORD.sub("", nfkc(line).casefold())


def _hash64(text: str) -> int:
    # signed: fits SQLite's INTEGER and survives JSON as a plain number
    return int.from_bytes(_blake2b(text.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def _blake2b(data: bytes, digest_size: int):
    """hashlib's blake2b, imported at the first hash, which it then replaces (no cost per call). From _blake2,
    CPython's module that hashlib takes it from, where there is one: hashlib loads OpenSSL for its other
    hashes, 5 ms of every run that hashes a line."""
    global _blake2b
    try:
        from _blake2 import blake2b as _blake2b
    except ImportError:   # an interpreter without it
        from hashlib import blake2b as _blake2b

    return _blake2b(data, digest_size=digest_size)


def _fingerprint(key: str) -> int | None:
    """None when the line cannot be template: too long, or no letter or digit."""
    return _hash64(key) if key and len(key) <= MAX_CHARS else None


def fingerprint(line: str) -> int | None:
    return _fingerprint(normalize(line))


class Page(namedtuple("Page", ["lines", "keys", "fps"])):
    """A record's text as its site's template sees it; each line is normalized and hashed once.
    lines: tuple[str, ...], keys: tuple[str, ...], fps: tuple[int | None, ...]. Immutable, as it is shared."""
    __slots__ = ()

    @classmethod
    def of(cls, text: str) -> "Page":
        lines = tuple(line for line in text.split("\n") if line.strip())
        keys = tuple(normalize(line) for line in lines)
        return cls(lines, keys, tuple(_fingerprint(key) for key in keys))

    def candidates(self) -> list[int]:
        """The distinct fingerprints of its short lines, in order: what to look up and what to learn."""
        return list(dict.fromkeys(fp for fp in self.fps if fp is not None))

    def observation(self) -> Observation:
        # the body: its lines of BODY_CHARS or more, or whole sentences — not only those too long to be
        # template (a story of short paragraphs has none) and never a short line a copy may print
        # differently (a view counter, the time it was fetched): a copy must be known for one
        body = [key for line, key in zip(self.lines, self.keys) if _is_body(line, key)] or list(self.keys)
        return Observation(_hash64("\n".join(body)), tuple(self.candidates()))


def observe(text: str) -> Observation:
    return Page.of(text).observation()


def _is_body(line: str, key: str) -> bool:
    return len(key) >= BODY_CHARS or _SENTENCE_END.search(line) is not None


def is_template(stats: LineStats | None, pages: int) -> bool:
    """pages: the site's learned pages so far."""
    if stats is None or stats.count < MIN_PAGES:
        return False
    return stats.count >= MIN_SHARE * (pages - stats.first + 1)


def template_lines(page: Page, pages: int, stats: Mapping[int, LineStats]) -> list[int]:
    """Indices of the template lines in the margins of the page (see the module's docstring)."""
    marked = [fp is not None and is_template(stats.get(fp), pages) for fp in page.fps]
    body = [i for i, (line, key) in enumerate(zip(page.lines, page.keys)) if not marked[i] and _is_body(line, key)]
    first, last = (body[0], body[-1]) if body else (len(page.lines), -1)
    return [i for i in range(len(page.lines)) if marked[i] and (i < first or i > last)]


def strip_record(record: dict, page: Page, pages: int, stats: Mapping[int, LineStats]) -> int:
    """Remove the template lines from an output record's text (page: Page.of(its text)), recorded in its meta
    as the rules' removals are."""
    drop = set(template_lines(page, pages, stats))
    if not drop:
        return 0
    record["text"] = "\n".join(line for i, line in enumerate(page.lines) if i not in drop)
    meta = record.setdefault("meta", {})
    rules = dict(meta.get("rules") or {})
    rules[RULE] = rules.get(RULE, 0) + len(drop)
    meta["rules"] = dict(sorted(rules.items()))
    meta.setdefault("removed", {}).setdefault(RULE, []).extend(page.lines[i] for i in sorted(drop))
    return len(drop)


def rejudge(record: dict, min_chars: int, topic: str | None = None) -> str | None:
    """The judgement again, on what the template left (a page that was mostly chrome is now too short; a
    keywords source's page on topic only through its navigation is now off topic)."""
    doc = Document.from_text(record["id"], record.get("text") or "", title=record.get("title"),
                             published=record.get("published"))
    reason = judge(doc, min_chars)
    if reason is None and topic == "keywords":
        on_topic, why = relevance(record.get("title"), doc.text)
        if not on_topic:
            record["detail"], reason = why, "off_topic"
    return reason


def site_of(record: dict) -> str | None:
    """Which site's template a CLI record belongs to: its host, else the site name the page gives; None when
    it names neither (nothing to learn or apply). The host is compared as a browser would: case, a trailing
    dot, the port and a leading www. do not matter, and an internationalized name is the same site in Unicode
    and in punycode (例子.中国 = xn--fsqu00a.xn--fiqs8s). A URL that does not parse (http://[bad) names no host."""
    url = record.get("url")
    host = _host(url) if isinstance(url, str) and url else None
    if host:
        return host
    site = record.get("site")
    return f"site:{site}" if isinstance(site, str) and site.strip() else None


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:   # an unclosed IPv6 bracket, a bad port: not a host to learn under
        return None
    if not host:
        return None
    host = host.rstrip(".").lower()
    if not host.isascii() or "xn--" in host:
        try:
            host = host.encode("idna").decode("ascii")   # one spelling for an internationalized name
        except UnicodeError:
            pass
        try:
            host = host.encode("ascii").decode("idna")
        except UnicodeError:
            pass
    host = host.removeprefix("www.")
    return host or None


# --- the in-memory store of one run (the CLI); crawler/state.py and redis_state.py keep the same in their state --

_BITS = 40                      # a line's count, first and last page packed in one int (memory: many sites)
_FIELD = (1 << _BITS) - 1
_BELOW_LAST = (1 << 2 * _BITS) - 1


class _Site:
    __slots__ = ("pages", "lines", "bodies")

    def __init__(self) -> None:
        self.pages = 0
        self.lines: dict[int, int] = {}     # fp → _pack(count, first, last)
        self.bodies: dict[int, int] = {}    # body → page number it was learned at


class SiteTemplates:
    """Per-site line counts for one run, fed in input order (so the output does not depend on --workers).
    Which sites are forgotten to stay within MAX_ENTRIES depends on the learned pages alone, so a resumed run
    that learns them again (cleaners/resume.py) holds exactly what the interrupted one held."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._sites: dict[str, _Site] = {}   # least recently learned first
        self._entries = 0
        self.max_entries = max_entries

    def lookup(self, site: str, fps: Iterable[int]) -> tuple[int, dict[int, LineStats]]:
        s = self._sites.get(site)
        if s is None:
            return 0, {}
        return s.pages, {fp: LineStats(v & _FIELD, (v >> _BITS) & _FIELD) for fp in fps
                         if (v := s.lines.get(fp)) is not None}

    def learn(self, site: str, seen: Observation) -> bool:
        """Count a kept page's lines; False (nothing learned) when its body was learned before."""
        s = self._sites.pop(site, None) or _Site()
        self._sites[site] = s   # the most recently learned now
        if seen.body in s.bodies:
            return False
        before = len(s.lines) + len(s.bodies)
        s.pages += 1
        n = s.pages
        s.bodies[seen.body] = n
        lines = s.lines
        for fp in seen.lines:
            v = lines.get(fp)
            # count + 1 and last = n (first stays); a new line: count 1, first = last = n
            lines[fp] = 1 + (n << _BITS) + (n << 2 * _BITS) if v is None else (v & _BELOW_LAST) + 1 + (n << 2 * _BITS)
        if n % PRUNE_EVERY == 0:
            s.lines = {fp: v for fp, v in lines.items() if n - (v >> 2 * _BITS) <= STALE_PAGES}
            s.bodies = {b: at for b, at in s.bodies.items() if n - at <= BODY_PAGES}
        self._entries += len(s.lines) + len(s.bodies) - before
        while self._entries > self.max_entries and len(self._sites) > 1:
            old = self._sites.pop(next(iter(self._sites)))
            self._entries -= len(old.lines) + len(old.bodies)
        return True

    def apply(self, site: str, record: dict, page: Page) -> int:
        """Strip the site's template from record (page: Page.of(its text)); the number of lines removed."""
        pages, stats = self.lookup(site, page.candidates())
        return strip_record(record, page, pages, stats) if pages else 0
