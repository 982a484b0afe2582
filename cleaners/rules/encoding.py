"""Mojibake: text that went through the wrong codec somewhere upstream."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add, sub

from .. import regexcache
from ..data import read_data
from ..document import Document
from ..textutil import CJK, CJK_CHAR, SHORT_TEXT, LazyPattern, cjk_count
from . import rule

_NON_ASCII_RUN = LazyPattern(r"[^\x00-\x7f]{6,}")


def _own_source() -> bytes:
    """What the patterns worked out here depend on besides their data: this module, the character classes and
    textutil (CJK)."""
    return regexcache.module_source(__name__, "cleaners.charclasses", "cleaners.textutil")
_NON_ASCII = LazyPattern(r"[^\x00-\x7f]+")


def _roundtrip(text: str, wrong: str) -> str | None:
    """Undo `utf8_bytes.decode(wrong)`; None unless it is exact."""
    try:
        fixed = text.encode(wrong).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return fixed if fixed != text else None


def _decodes(text: str, wrong: str) -> bool:
    """Whether `text.encode(wrong)` is valid UTF-8."""
    try:
        text.encode(wrong).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return True


@lru_cache(maxsize=1)
def _could_be_utf8_mojibake() -> re.Pattern:
    """An ASCII character, then a whole run of six or more non-ASCII characters (up to ASCII or the end, as
    _NON_ASCII_RUN finds runs) that could re-encode into valid UTF-8: every character of it a two-byte GB18030
    character whose bytes can sit inside UTF-8 (cleaners/charclasses.py), or every one a cp1252 or Latin-1
    character whose byte can. Text with no such run round-trips neither whole nor in runs, so clean text is
    ruled out by one scan in C (a clean sentence has a hanzi that cannot be mojibake within a few characters)
    instead of a round trip of every run through two codecs. (It starts with the ASCII character, which the
    regex engine scans for, rather than a lookbehind tried at every character: twice as fast. The runs are
    possessive: both classes are non-ASCII, so when the lookahead fails after the longest run it fails after
    every shorter one too, and giving back one character at a time only retried it along the whole run.)
    Kept worked out in the store of patterns (regexcache.derived)."""
    from .. import charclasses

    def build() -> str:
        single = set()
        for byte in [*range(0x80, 0xC0), *range(0xC2, 0xF5)]:  # bytes that occur in UTF-8
            single.add(chr(byte))  # Latin-1
            try:
                single.add(bytes([byte]).decode("cp1252"))
            except UnicodeDecodeError:
                pass
        cp = "".join(sorted(ch for ch in single if not ch.isascii()))
        return f"[\\x00-\\x7f](?:[{charclasses.gb18030_in_utf8_class()}]{{6,}}+|[{cp}]{{6,}}+)(?![^\\x00-\\x7f])"

    return regexcache.derived("could_be_utf8_mojibake", (read_data(charclasses.DATA), _own_source()), build)


def _mojibake_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of text that _could_be_utf8_mojibake() allows, in order; in a short text, every run
    of _NON_ASCII_RUN. The runs the class rules out fail every round trip, so the repair is the same either way;
    compiling the class (thousands of characters, 20 ms) costs more than round trips of the few runs of a short
    text (see SHORT_TEXT)."""
    if len(text) < SHORT_TEXT:
        return [m.span() for m in _NON_ASCII_RUN.finditer(text)]
    # a line end before the text stands for its start: a run there has ASCII (nothing) before it too
    return [(m.start(), m.end() - 1) for m in _could_be_utf8_mojibake().finditer("\n" + text)]


def line_positions(text: str, positions: list[int]) -> list[tuple[int, int]]:
    """For each of positions in text (ascending, none of them at a line end): the number of its line and where
    that line starts. Counted with str.count and str.rfind, in C, rather than by walking every line of the
    document to find the few that hold a position."""
    found, line, previous = [], 0, 0
    for at in positions:
        line += text.count("\n", previous, at)
        found.append((line, text.rfind("\n", 0, at) + 1))
        previous = at
    return found


@rule("utf8_read_as_gbk")
def utf8_read_as_gbk(doc: Document) -> None:
    """UTF-8 bytes shown through GBK (or Latin-1) turn 科技 into 绉戞妧; re-encoding reverses it exactly.

    Real GBK-encodable Chinese almost never re-encodes into valid UTF-8, so an exact round trip of a
    long enough run is the evidence.
    """
    whole = doc.text
    if not _NON_ASCII_RUN.search(whole):
        return
    # the runs of _NON_ASCII_RUN that can round-trip at all (the others fail every codec below), found in the
    # whole text at once: a line end is ASCII, so a run is the same in the text as in its line
    runs = _mojibake_runs(whole)
    if not runs:
        return
    # the whole text round-trips only when its first run of non-ASCII does alone: ASCII stands between the runs,
    # one byte in each codec here, and UTF-8 carries no character across one. Tried on that run, a few
    # characters, the codecs it fails spare most texts an encoding of the whole (gb18030's was 30 µs a text)
    first = _NON_ASCII.search(whole).group()
    for wrong in ("gb18030", "cp1252", "latin-1"):
        fixed = _roundtrip(whole, wrong) if _decodes(first, wrong) else None
        if fixed is not None:
            doc.lines = type(doc).from_text(doc.id, fixed).lines
            doc.changed["utf8_read_as_gbk"] += 1
            doc.flag("mojibake_repaired")
            return
    in_line: dict[int, list[tuple[int, int]]] = {}
    starts: dict[int, int] = {}
    for (run_start, run_end), (i, at) in zip(runs, line_positions(whole, [start for start, _ in runs])):
        starts[i] = at
        in_line.setdefault(i, []).append((run_start - at, run_end - at))
    for i in sorted(in_line):
        line = doc.lines[i]
        for start, end in reversed(in_line[i]):
            run = whole[starts[i] + start:starts[i] + end]
            for wrong in ("gb18030", "cp1252"):
                fixed = _roundtrip(run, wrong)
                if fixed is not None and _zipf(fixed) > _zipf(run) + 1.0:
                    doc.replace(i, line.text[:start] + fixed + line.text[end:], "utf8_read_as_gbk")
                    doc.flag("mojibake_repaired")
                    break


# --- GBK decoded one byte out of step ---------------------------------------------------------

def _zipf_lines() -> list[list[str]]:
    """[zipf, its characters] per line of charfreq.tsv under its header, from the most common down. A line per
    zipf, not per character: 450 fields to read, not 13,600 (reading those was 13 ms of the first text of every
    process)."""
    body = read_data("charfreq.tsv").decode("utf-8").split("\n", 1)[1].rstrip("\n")
    return [line.split("\t") for line in body.split("\n")]


@lru_cache(maxsize=1)
def _charfreq() -> dict[str, float]:
    """character → zipf, the characters in the table's order (the most common first)."""
    table: dict[str, float] = {}
    for zipf, chars in _zipf_lines():
        table.update(dict.fromkeys(chars, float(zipf)))
    return table


_PUNCT_ZIPF = {ch: 6.5 for ch in "，。、；：？！“”‘’（）《》【】「」『』〔〕〈〉·—…,.;:?!()"}
RARE = 1.0  # zipf of a character missing from the table: mojibake lands on such characters


def _zipf(text: str) -> float:
    """Mean commonness of the Chinese characters and punctuation in text (0 when it has none)."""
    table = _charfreq()
    scores = [table.get(ch, _PUNCT_ZIPF.get(ch, RARE)) for ch in text if not ch.isascii() or ch in "!?,.;:()"]
    return sum(scores) / len(scores) if scores else 0.0


# out-of-step GBK pairs also land on kana, Greek, Cyrillic, box drawing and full-width forms
# (not box drawing or the ideographic space: real pages draw diagrams and indent with them)
# (nor full-width forms: 「」（）１９／ are ordinary in correctly decoded Chinese)
_GBK_SYMBOLS = "\u0391-\u03c9\u0401-\u0451\u2010-\u2312\u2460-\u249b\u3001-\u30ff\ufe30-\ufe6b"
_SPAN_CHARS = f"{CJK}{_GBK_SYMBOLS}\ue000-\uf8ff\ufffd"
MIN_SPAN = 5
_CANDIDATE = LazyPattern(f"[{_SPAN_CHARS}]{{{MIN_SPAN},}}")
MIN_HANZI = 4
SUSPECT_ZIPF = 4.3  # real running text averages above 5; one-byte-shifted GBK near 3.5
WINDOW = 8


def _to_gbk_bytes(text: str) -> bytes:
    # NFKC folding turned ！ into !; the mojibake bytes were the full-width form
    out = bytearray()
    for ch in text:
        if "!" <= ch <= "~" and ch not in "?":
            ch = chr(ord(ch) + 0xFEE0) if not ch.isalnum() else ch
        try:
            out += ch.encode("gb18030")
        except UnicodeEncodeError:
            out += b"?"
    return bytes(out)


def _shift_decodings(span: str):
    data = _to_gbk_bytes(span)
    if data.startswith(b"?"):
        # the decoder swallowed a lead byte and printed '?': try each lead byte in its place
        body = data[1:]
        for lead in range(0xA1, 0xFF):
            yield (bytes([lead]) + body).decode("gbk", errors="replace")
    yield data[1:].decode("gbk", errors="replace")


RARE_ZIPF = 3.0  # below this a character is rare enough that ordinary text seldom has one


_COMMON_PUNCT = "".join(_PUNCT_ZIPF) + "　「」『』〔〕【】〈〉《》·—–‘’“”…、。"


def _uncommon_class() -> str:
    """A regex class of any character outside ASCII and the common characters: clean lines have none."""
    common = "".join(ch for ch, z in _charfreq().items() if z >= RARE_ZIPF)
    return f"[^\\x00-\\x7f{re.escape(common + _COMMON_PUNCT)}\\uff01-\\uffe5]"


@lru_cache(maxsize=1)
def _uncommon_in_span() -> re.Pattern:
    """An uncommon character (_uncommon_class) that _CANDIDATE spans hold: the only uncommon characters that can
    make a span suspect. Lines with other uncommon characters only (the toned pinyin of a mirror, Latin letters
    with accents) need no look at their spans. Kept worked out in the store of patterns (regexcache.derived):
    the class is built from the whole table of character frequencies."""
    # the class first: the engine scans for it
    return regexcache.derived("uncommon_in_span", (read_data("charfreq.tsv"), _own_source()),
                              lambda: _uncommon_class() + f"(?<=[{_SPAN_CHARS}])")


def _uncommon_marks(text: str) -> list[int]:
    """Where text holds a character of _uncommon_in_span(), ascending. A short text (SHORT_TEXT) is looked at
    character by character, without the class of thousands of characters compiled (15 ms) or the table read (14
    ms): the characters of _SPAN_CHARS (none ASCII or full-width) that are neither common nor punctuation."""
    if len(text) >= SHORT_TEXT:
        return [m.start() for m in _uncommon_in_span().finditer(text)]
    common, spans = _common_chars(), _span_ranges()
    return [i for i, ch in enumerate(text)
            if ch not in common and ch not in _COMMON_PUNCT and any(first <= ch <= last for first, last in spans)]


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """The characters of charfreq.tsv with a zipf of RARE_ZIPF or more (what _uncommon_class() calls common),
    without the table built: the characters of the zipf lines at or over RARE_ZIPF."""
    return frozenset("".join(chars for zipf, chars in _zipf_lines() if float(zipf) >= RARE_ZIPF))


@lru_cache(maxsize=1)
def _span_ranges() -> list[tuple[str, str]]:
    """_SPAN_CHARS (literal characters and ranges, no escapes) as (first, last) pairs."""
    pairs, i = [], 0
    while i < len(_SPAN_CHARS):
        if _SPAN_CHARS[i + 1:i + 2] == "-":
            pairs.append((_SPAN_CHARS[i], _SPAN_CHARS[i + 2]))
            i += 3
        else:
            pairs.append((_SPAN_CHARS[i], _SPAN_CHARS[i]))
            i += 1
    return pairs


_HIRAGANA = LazyPattern("[\u3041-\u309f]")  # in every match of _KANA_WORDS
_REPEATED_NON_CJK = LazyPattern(f"([^{CJK}])\\1")
_KANA_WORDS = LazyPattern("[\u3041-\u309f]{2,}.*[\u3041-\u309f]{2,}|です|ます|ません")


def _suspect_spans(text: str, marks: list[int]) -> list[tuple[int, int]]:
    """The spans of text that read as GBK out of step, widened (_widen); `marks` are where text holds the uncommon
    characters of _uncommon_in_span() (ascending: out-of-step decoding always yields some rare characters). Text
    may be a document's lines joined by line ends: no span holds one, and _widen stops at one as at a line's
    edge, so each span is what the line alone gives."""
    table, scored = _charfreq(), _scores()
    found = []
    for start, end in _candidates_at(text, marks):
        span = text[start:end]
        if cjk_count(span) < MIN_HANZI:
            continue  # symbols alone are a table or a diagram, not shifted text
        # a repeated symbol is decoration ("请点击下方链接↓↓↓"), not evidence: out-of-step GBK gives
        # uncommon hanzi mixed with assorted symbols
        if _REPEATED_NON_CJK.search(span):
            get, punct = table.get, _PUNCT_ZIPF.get
            scores = [get(ch, punct(ch, RARE)) for i, ch in enumerate(span)
                      if CJK_CHAR.match(ch) or i == 0 or span[i - 1] != ch]
        else:  # nothing to leave out: every character scores
            scores = list(map(scored.get, span, repeat(RARE)))
        if _reads_rare(scores):
            found.append(_widen(text, start, end))
    return found


def _is_japanese(line: str) -> bool:
    """Its kana are words ("このサイトは繁体字版です"), not bytes out of step."""
    return bool(_HIRAGANA.search(line) and _KANA_WORDS.search(line))


_SPAN_RUN = LazyPattern(f"[{_SPAN_CHARS}]*")


def _candidates_at(line: str, marks: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each match of _CANDIDATE in line that holds one of marks (ascending positions of characters
    of _SPAN_CHARS). _CANDIDATE.finditer matches the longest runs of _SPAN_CHARS, of MIN_SPAN or more: the one
    around a mark is found from the mark, forwards in line and backwards in line reversed, instead of scanning the
    whole line, where every shorter run was an attempt per character (the pinyin of a mirror makes many)."""
    found: list[tuple[int, int]] = []
    backwards = line[::-1]
    for at in marks:
        if found and at < found[-1][1]:
            continue  # in the run found for the mark before
        start = len(line) - _SPAN_RUN.match(backwards, len(line) - 1 - at).end()
        end = _SPAN_RUN.match(line, at).end()
        if end - start >= MIN_SPAN:
            found.append((start, end))
    return found


@lru_cache(maxsize=1)
def _scores() -> dict[str, float]:
    """Each character's score, table.get(ch, _PUNCT_ZIPF.get(ch, RARE)) without RARE: the two tables in one, so a
    span is scored by one dict.get per character, mapped in C."""
    return {**_PUNCT_ZIPF, **_charfreq()}


def _reads_rare(scores: list[float]) -> bool:
    """Whether some WINDOW scores in a row (all of them, when fewer) average below SUSPECT_ZIPF. The sliding sum
    (window += scores[i] - scores[i - width]) is worked out by accumulate and map in C: the same float
    operations in the same order as the loop in Python it replaced, so the same sums."""
    width = min(WINDOW, len(scores))
    sums = accumulate(map(sub, scores[width:], scores), add, initial=sum(scores[:width]))
    return min(sums) < SUSPECT_ZIPF * width


def _widen(line: str, start: int, end: int) -> tuple[int, int]:
    """Out-of-step decoding also yields stray ASCII at the span's edges ('?!' before, 'F' after)."""
    while start > 0 and line[start - 1] in "?!" and start > end - 40:
        start -= 1
    if end < len(line) and "!" <= line[end] <= "~" and line[end].isalnum():
        end += 1
    return start, end


_DAMAGED = LazyPattern("[\ufffd\ue000-\uf8ff\uff21-\uff3a\uff41-\uff5a]")
MIN_GAIN = 3.0


def _gain(text: str) -> float:
    """Common characters add, rare ones subtract: a reading of the bytes that makes sense scores high."""
    gains, rare = _char_gains()
    get = gains.get
    return sum([get(ch, rare) for ch in text if not ch.isascii()])


@lru_cache(maxsize=1)
def _char_gains() -> tuple[dict[str, float], float]:
    """Each character's term of _gain, worked out once: table.get(ch, _PUNCT_ZIPF.get(ch, RARE)) - SUSPECT_ZIPF
    (the same float operations, so the same sums), and the term of a character in neither table."""
    table = _charfreq()
    gains = {ch: z - SUSPECT_ZIPF for ch, z in _PUNCT_ZIPF.items()}
    gains.update((ch, z - SUSPECT_ZIPF) for ch, z in table.items())
    return gains, RARE - SUSPECT_ZIPF


# a span is tried at every start and every lead byte (a hundred decodings): the same damaged span, met again in
# a copy of the same page, is not worked out again
@lru_cache(maxsize=1024)
def _best_repair(span: str) -> tuple[str, bool] | None:
    """The best one-byte-over reading of span, and whether damaged characters had to be cut.

    The misalignment may start anywhere in the span: try every start, keep the text before it.
    None when no reading beats the span as it is.
    """
    best, best_gain, cut, best_k = None, _gain(span) + MIN_GAIN, False, 0
    for k in range(len(span)):
        for cand in _shift_decodings(span[k:]):
            kept = _DAMAGED.sub("", cand)
            gain = _gain(span[:k] + kept)
            if gain > best_gain:
                best, best_gain, cut, best_k = span[:k] + kept, gain, len(kept) < len(cand), k
    if best is None or _mostly_kept(span[best_k:], best[best_k:]):
        return None
    return best, cut


REDECODED_MIN_CHANGED = 4


def _mostly_kept(before: str, after: str) -> bool:
    """Decoding bytes one over changes a run of characters; a "repair" that changes only one or two of them
    dropped or swapped a rare character (a Cantonese 咗, a traditional 製): the text was not shifted."""
    pool = Counter(before)
    for ch in after:
        if pool[ch] > 0:
            pool[ch] -= 1
    return sum(pool.values()) < REDECODED_MIN_CHANGED


@rule("gbk_shift_mojibake")
def gbk_shift_mojibake(doc: Document) -> None:
    """A GBK page decoded one byte out of step reads as rare characters ("?!蹦壳埃扔钤菏繄F").

    Re-encode the span and decode it one byte over: keep what comes back as ordinary text, cut the
    rest and flag the document, since bytes lost upstream cannot be recovered.
    """
    whole = doc.text
    if len(whole) >= SHORT_TEXT and not any(_CANDIDATE.search(line.text) for line in doc.lines):
        return  # (a short text is looked at without the class of _CANDIDATE: its marks alone tell)
    # a suspect span holds an uncommon character: found in one scan of the whole text, and the spans around them
    # scored there (a line end is neither, so each is inside a line); only the lines with a suspect span are looked at
    marks = _uncommon_marks(whole)
    if not marks:
        return
    suspect = _suspect_spans(whole, marks)
    in_line: dict[int, list[tuple[int, int]]] = {}
    for (start, end), (i, at) in zip(suspect, line_positions(whole, [start for start, _ in suspect])):
        in_line.setdefault(i, []).append((start - at, end - at))
    for i, spans in in_line.items():  # (in line order)
        text = doc.lines[i].text
        if _is_japanese(text):
            continue
        for start, end in reversed(spans):
            span = text[start:end]
            repair = _best_repair(span)
            if repair is None:
                continue
            repaired, cut = repair
            text = text[:start] + repaired + text[end:]
            doc.removed.setdefault("gbk_shift_mojibake", []).append(span)
            doc.flag("mojibake_repaired")
            if cut:
                doc.flag("mojibake_cut")
        doc.replace(i, text, "gbk_shift_mojibake")
