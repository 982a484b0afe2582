"""Character classes and line shapes shared by the rules (both widths: rules run before width folding)."""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta, timezone

# re.compile, from the program an earlier run stored: the rules' patterns, classes of thousands of hanzi, were
# 180 ms of compiling in the first texts of every process, every worker's too
from . import regexcache


class LazyPattern:
    """re.compile(pattern, flags), done when the pattern is first used. Compiling the rules' patterns was most
    of the start-up of a process (a class with a range of hanzi alone costs a millisecond or more), and many
    are used only behind a check that most texts fail. The first use puts the compiled pattern's methods on
    this object, so a call costs what a call on the compiled pattern does."""

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern, self.flags = pattern, flags

    def __getattr__(self, name: str):  # only for what is not set yet: before the first use
        compiled = regexcache.compile(self.pattern, self.flags)
        for method in self._METHODS:
            setattr(self, method, getattr(compiled, method))
        self.groupindex, self.groups = compiled.groupindex, compiled.groups
        return getattr(compiled, name)


# Full-width ASCII and the ideographic space, each with its compatibility decomposition (one ASCII character or a
# space): what most Chinese lines hold that NFKC changes ("，" "：" "（").
_FULL_WIDTH = LazyPattern("[\uff01-\uff5e\u3000]")
_HALF_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}


def _half_width(m: re.Match) -> str:
    return _HALF_WIDTH[m.group()]


def nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), two to three times as fast on Chinese lines with full-width punctuation. A character replaced by its full
    compatibility decomposition leaves the text's NFKD, so its NFKC, as it was; once the full-width characters
    are replaced, normalize() mostly finds the text normalized by its quick check instead of decomposing and
    composing all of it (about 200 ns a character). tests/test_text_speedups.py checks the table against
    unicodedata."""
    if unicodedata.is_normalized("NFKC", text):  # most lines of a dump already folded: its quick check, no copy
        return text
    return unicodedata.normalize("NFKC", _FULL_WIDTH.sub(_half_width, text))


CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = LazyPattern(f"[{CJK}]")
COLON = "[:：]"
LPAREN, RPAREN = "[(（]", "[)）]"
SENTENCE_END = "。!?！？…；;”」』\"'"
_END = LazyPattern(f"[{re.escape(SENTENCE_END)}]$")
_INNER_PUNCT = LazyPattern("[，,。;；、:：!?！？]")
DATE_TIME = LazyPattern(
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:(?P<T>T)|\s*)(?:(?P<H>\d{1,2})[:：时](?P<M>\d{2})(?:[:：分](?P<S>\d{2}))?)?"
)


# 一、 （二） (3) 4. 5、 第六章 第七部分: how Chinese writing numbers its sections
_NUMBERED_HEADING = LazyPattern(
    r"^\s*(?:[一二三四五六七八九十百]+\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]+\s*[)）]|\d{1,2}\s*[、.．](?!\d)"
    r"|第[一二三四五六七八九十百\d]+\s*[章节部分篇条])"
)
# a line that hands over to what follows it: "动力系统主要参数：", "何夕的故事和心里话——"
_LEAD_IN = LazyPattern(r"(?:[:：]|—{1,2}|-{2,}|……)\s*$")


def is_section_heading(text: str) -> bool:
    """A numbered section heading, or a line that introduces the next one: structure of the article itself."""
    return bool(_NUMBERED_HEADING.match(text) or _LEAD_IN.search(text))


_CJK_RUN = LazyPattern(f"[{CJK}]+")

# characters: below this a text is looked at in ways that need no class of thousands of characters compiled (a set
# looked up per character, a round trip per run), which cost more per character than a regex scan in C but less
# than compiling the class: the first, short text of a process (a title, a test, one small file) is not charged
# tens of milliseconds for it, and a long text, where the class pays, compiles it
SHORT_TEXT = 256


# the first byte of a BMP character in UTF-16-BE is its code point's high byte: the rows of CJK are 34-9F (3400-
# 9FFF) and F9-FA; the end of row 4D (4DC0-4DFF, the Yijing hexagrams) is not CJK and is taken off after
_NOT_CJK_ROWS = bytes(b for b in range(256) if not (0x34 <= b <= 0x9F or b in (0xF9, 0xFA)))
_HEXAGRAMS = LazyPattern("[\u4dc0-\u4dff]")


def cjk_count(text: str) -> int:
    """The number of CJK characters in text (the ranges of CJK)."""
    if len(text) < 256:
        # runs, not characters: findall would make a string per character
        return sum(map(len, _CJK_RUN.findall(text)))
    # a long text: its high bytes counted in C (bytes.translate), a tenth of the time of the regex. Characters
    # outside the BMP are surrogate pairs (D8-DF): not counted, as the regex does not count them
    high = text.encode("utf-16-be", "surrogatepass")[::2]
    count = len(high.translate(None, _NOT_CJK_ROWS))  # what is left once the other rows are deleted
    if b"\x4d" in high:
        count -= len(_HEXAGRAMS.findall(text))
    return count


_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def ascii_letter_count(text: str) -> int:
    """The number of ASCII letters (A-Z, a-z) in text, counted in C: the ASCII characters of text (its encoding
    to ASCII, the others left out: lone surrogates too, which a JSON record may carry), less those bytes.translate
    deletes, the letters (a regex findall of the letter runs made a string per run; the whole text in UTF-8 was
    three times the bytes to copy and scan)."""
    data = text.encode("ascii", "ignore")
    return len(data) - len(data.translate(None, _ASCII_LETTERS))


def ends_sentence(text: str) -> bool:
    # _END.search on the last character alone: "[…]$" searched a whole line from every character
    return bool(_END.search(text.rstrip()[-1:]))


def has_inner_punct(text: str) -> bool:
    return bool(_INNER_PUNCT.search(text))


def is_prose(text: str) -> bool:
    """A paragraph of running text, as opposed to a heading, caption or headline."""
    return ends_sentence(text) and (len(text) >= 20 or has_inner_punct(text[:-1]))


def iso_datetime(text: str) -> str | None:
    """The first full date in text, ISO 8601 in Asia/Shanghai; None when no full date."""
    m = DATE_TIME.search(text)
    if not m:
        return None
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    if m["H"] is None:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    hh, mm, ss = int(m["H"]), int(m["M"]), int(m["S"] or 0)
    if hh > 23 or mm > 59 or ss > 59:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    zone = _ZONE.match(text, m.end()) if m["T"] else None  # only ISO 8601 ("…T18:10:13Z") states a zone;
    if zone:                                               # "10:00-12:00" is a time range  # "2022-03-28T18:10:13.000Z" in a <meta> is 2022-03-29 02:10 in China: the day the page prints
        try:
            when = datetime(y, mo, d, hh, mm, ss, tzinfo=_offset(zone["z"])).astimezone(CHINA)
        except ValueError:
            return f"{y:04d}-{mo:02d}-{d:02d}"
        return when.isoformat()
    return f"{y:04d}-{mo:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}+08:00"


CHINA = timezone(timedelta(hours=8))
_ZONE = LazyPattern(r"(?:[.,]\d+)?\s*(?P<z>Z|[+-]\d{2}:?\d{2})(?![\d:])")


def has_zone(text: str) -> bool:
    """An ISO 8601 date and time with its zone ("…T23:27:23+0000", "…Z")."""
    m = DATE_TIME.search(text)
    return bool(m and m["T"] and m["H"] and _ZONE.match(text, m.end()))


def _offset(zone: str) -> timezone:
    if zone == "Z":
        return timezone.utc
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


_URL = LazyPattern(r"^(?:https?://|www\.)\S+$", re.I)
# "长江日报及新华社、人民日报、央视新闻等": several outlets; the first is the one that published it
_MORE_OUTLETS = LazyPattern(r"(?:及|、|/)\S*?(?:等(?:媒体)?)?$|等(?:媒体)?$")


def outlet(value: str | None) -> str | None:
    """A source as a name: separators ("|长江日报") trimmed, a list cut to its first outlet, a bare URL refused."""
    if not value:
        return None
    value = value.strip(" \t|｜:：/／-—·•")
    if not value or _URL.match(value):
        return None
    return _MORE_OUTLETS.sub("", value) or value
