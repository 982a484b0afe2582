"""Mojibake: text that went through the wrong codec somewhere upstream."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from functools import lru_cache
from importlib import resources

from ..document import Document
from ..textutil import CJK, CJK_CHAR, cjk_count
from . import rule

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{6,}")


def _roundtrip(text: str, wrong: str) -> str | None:
    """Undo `utf8_bytes.decode(wrong)`; None unless it is exact."""
    try:
        fixed = text.encode(wrong).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return fixed if fixed != text else None


@lru_cache(maxsize=1)
def _could_be_utf8_mojibake() -> re.Pattern:
    """An ASCII character, then a whole run of six or more non-ASCII characters (up to ASCII or the end, as
    _NON_ASCII_RUN finds runs) that could re-encode into valid UTF-8: every character of it a two-byte GB18030
    character whose bytes can sit inside UTF-8 (cleaners/charclasses.py), or every one a cp1252 or Latin-1
    character whose byte can. Text with no such run round-trips neither whole nor in runs, so clean text is
    ruled out by one scan in C (a clean sentence has a hanzi that cannot be mojibake within a few characters)
    instead of a round trip of every run through two codecs. (It starts with the ASCII character, which the
    regex engine scans for, rather than a lookbehind tried at every character: twice as fast.)"""
    from ..charclasses import gb18030_in_utf8_class

    single = set()
    for byte in [*range(0x80, 0xC0), *range(0xC2, 0xF5)]:  # bytes that occur in UTF-8
        single.add(chr(byte))  # Latin-1
        try:
            single.add(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            pass
    cp = "".join(sorted(ch for ch in single if not ch.isascii()))
    return re.compile(f"[\\x00-\\x7f](?:[{gb18030_in_utf8_class()}]{{6,}}|[{cp}]{{6,}})(?![^\\x00-\\x7f])")


def _mojibake_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of text that _could_be_utf8_mojibake() allows, in order."""
    # a line end before the text stands for its start: a run there has ASCII (nothing) before it too
    return [(m.start(), m.end() - 1) for m in _could_be_utf8_mojibake().finditer("\n" + text)]


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
    for wrong in ("gb18030", "cp1252", "latin-1"):
        fixed = _roundtrip(whole, wrong)
        if fixed is not None:
            doc.lines = type(doc).from_text(doc.id, fixed).lines
            doc.changed["utf8_read_as_gbk"] += 1
            doc.flag("mojibake_repaired")
            return
    starts, at = [], 0
    for line in doc.lines:
        starts.append(at)
        at += len(line.text) + 1
    in_line: dict[int, list[tuple[int, int]]] = {}
    for run_start, run_end in runs:
        i = bisect_right(starts, run_start) - 1
        in_line.setdefault(i, []).append((run_start - starts[i], run_end - starts[i]))
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

@lru_cache(maxsize=1)
def _charfreq() -> dict[str, float]:
    table = {}
    text = resources.files("cleaners.data").joinpath("charfreq.tsv").read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        ch, z = line.split("\t")
        table[ch] = float(z)
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
_CANDIDATE = re.compile(f"[{_SPAN_CHARS}]{{5,}}")
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


@lru_cache(maxsize=1)
def _uncommon() -> re.Pattern:
    """Matches any character outside ASCII and the common characters: clean lines have none."""
    common = "".join(ch for ch, z in _charfreq().items() if z >= RARE_ZIPF)
    punct = "".join(_PUNCT_ZIPF) + "　「」『』〔〕【】〈〉《》·—–‘’“”…、。"
    return re.compile(f"[^\\x00-\\x7f{re.escape(common + punct)}\\uff01-\\uffe5]")


@lru_cache(maxsize=1)
def _uncommon_in_span() -> re.Pattern:
    """An uncommon character (_uncommon) that _CANDIDATE spans hold: the only uncommon characters that can make a
    span suspect. Lines with other uncommon characters only (the toned pinyin of a mirror, Latin letters with
    accents) need no look at their spans."""
    return re.compile(_uncommon().pattern + f"(?<=[{_SPAN_CHARS}])")  # the class first: the engine scans for it


_HIRAGANA = re.compile("[\u3041-\u309f]")  # in every match of _KANA_WORDS
_REPEATED_NON_CJK = re.compile(f"([^{CJK}])\\1")
_KANA_WORDS = re.compile("[\u3041-\u309f]{2,}.*[\u3041-\u309f]{2,}|です|ます|ません")


def _suspect_spans(line: str, marks: list[int] | None = None):
    """The spans of line that read as GBK out of step; `marks`, when known, are where line holds the uncommon
    characters of _uncommon_in_span() (ascending)."""
    if not _uncommon().search(line):
        return  # out-of-step decoding always yields some rare characters
    if _HIRAGANA.search(line) and _KANA_WORDS.search(line):
        return  # Japanese: its kana are words ("このサイトは繁体字版です"), not bytes out of step
    table = _charfreq()
    uncommon = _uncommon_in_span()  # (inside a span, the same as _uncommon)
    for m in _CANDIDATE.finditer(line):
        # (the two checks in the cheaper order: most spans hold no uncommon character)
        if marks is not None:
            k = bisect_left(marks, m.start())
            if k == len(marks) or marks[k] >= m.end():
                continue
        elif not uncommon.search(line, m.start(), m.end()):
            continue
        span = m.group()
        if cjk_count(span) < MIN_HANZI:
            continue  # symbols alone are a table or a diagram, not shifted text
        # a repeated symbol is decoration ("请点击下方链接↓↓↓"), not evidence: out-of-step GBK gives
        # uncommon hanzi mixed with assorted symbols
        get, punct = table.get, _PUNCT_ZIPF.get
        if _REPEATED_NON_CJK.search(span):
            scores = [get(ch, punct(ch, RARE)) for i, ch in enumerate(span)
                      if CJK_CHAR.match(ch) or i == 0 or span[i - 1] != ch]
        else:  # nothing to leave out: every character scores
            scores = [get(ch, punct(ch, RARE)) for ch in span]
        width = min(WINDOW, len(scores))
        window = sum(scores[:width])
        for i in range(width, len(scores) + 1):
            if window < SUSPECT_ZIPF * width:
                yield _widen(line, m.start(), m.end())
                break
            if i < len(scores):
                window += scores[i] - scores[i - width]


def _widen(line: str, start: int, end: int) -> tuple[int, int]:
    """Out-of-step decoding also yields stray ASCII at the span's edges ('?!' before, 'F' after)."""
    while start > 0 and line[start - 1] in "?!" and start > end - 40:
        start -= 1
    if end < len(line) and "!" <= line[end] <= "~" and line[end].isalnum():
        end += 1
    return start, end


_DAMAGED = re.compile("[\ufffd\ue000-\uf8ff\uff21-\uff3a\uff41-\uff5a]")
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
    if not any(_CANDIDATE.search(line.text) for line in doc.lines):
        return
    # a suspect span holds an uncommon character: the lines that hold one inside a span, found in one scan of the
    # whole text (a line end is none, so each match is inside a line); the other lines cannot have a suspect span
    marks = [m.start() for m in _uncommon_in_span().finditer(doc.text)]
    if not marks:
        return
    starts, at = [], 0
    for line in doc.lines:
        starts.append(at)
        at += len(line.text) + 1
    in_line: dict[int, list[int]] = {}
    for mark in marks:
        i = bisect_right(starts, mark) - 1
        in_line.setdefault(i, []).append(mark - starts[i])
    for i in sorted(in_line):
        line = doc.lines[i]
        text = line.text
        spans = list(_suspect_spans(text, in_line[i]))
        if not spans:
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
