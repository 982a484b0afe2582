"""Mojibake: text that went through the wrong codec somewhere upstream."""
from __future__ import annotations

import re
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


@rule("utf8_read_as_gbk")
def utf8_read_as_gbk(doc: Document) -> None:
    """UTF-8 bytes shown through GBK (or Latin-1) turn 科技 into 绉戞妧; re-encoding reverses it exactly.

    Real GBK-encodable Chinese almost never re-encodes into valid UTF-8, so an exact round trip of a
    long enough run is the evidence.
    """
    whole = doc.text
    if not _NON_ASCII_RUN.search(whole):
        return
    for wrong in ("gb18030", "cp1252", "latin-1"):
        fixed = _roundtrip(whole, wrong)
        if fixed is not None:
            doc.lines = type(doc).from_text(doc.id, fixed).lines
            doc.changed["utf8_read_as_gbk"] += 1
            doc.flag("mojibake_repaired")
            return
    for i, line in enumerate(doc.lines):
        for m in reversed(list(_NON_ASCII_RUN.finditer(line.text))):
            for wrong in ("gb18030", "cp1252"):
                fixed = _roundtrip(m.group(), wrong)
                if fixed is not None and _zipf(fixed) > _zipf(m.group()) + 1.0:
                    doc.replace(i, line.text[: m.start()] + fixed + line.text[m.end():], "utf8_read_as_gbk")
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
_CANDIDATE = re.compile(f"[{CJK}{_GBK_SYMBOLS}\ue000-\uf8ff\ufffd]{{5,}}")
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


_KANA_WORDS = re.compile("[\u3041-\u309f]{2,}.*[\u3041-\u309f]{2,}|です|ます|ません")


def _suspect_spans(line: str):
    if not _uncommon().search(line):
        return  # out-of-step decoding always yields some rare characters
    if _KANA_WORDS.search(line):
        return  # Japanese: its kana are words ("このサイトは繁体字版です"), not bytes out of step
    table = _charfreq()
    for m in _CANDIDATE.finditer(line):
        span = m.group()
        if cjk_count(span) < MIN_HANZI:
            continue  # symbols alone are a table or a diagram, not shifted text
        if not _uncommon().search(span):
            continue
        # a repeated symbol is decoration ("请点击下方链接↓↓↓"), not evidence: out-of-step GBK gives
        # uncommon hanzi mixed with assorted symbols
        scores = [table.get(ch, _PUNCT_ZIPF.get(ch, RARE)) for i, ch in enumerate(span)
                  if CJK_CHAR.match(ch) or i == 0 or span[i - 1] != ch]
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
    table = _charfreq()
    return sum(table.get(ch, _PUNCT_ZIPF.get(ch, RARE)) - SUSPECT_ZIPF for ch in text if not ch.isascii())


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
    for i, line in enumerate(doc.lines):
        text = line.text
        spans = list(_suspect_spans(text))
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
