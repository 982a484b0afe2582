"""Traditional-script mirrors of mainland articles: injected pinyin, then OpenCC back to simplified."""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from pathlib import Path

from .. import regexcache
from ..data import read_data
from ..document import Document
from ..textutil import CJK, CJK_CHAR, SHORT_TEXT, LazyPattern, cjk_count
from . import rule

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = (
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    rf"[aeiouüv{_TONED}][a-zü{_TONED}]{{0,4}}"
)
# '(' sometimes arrives as '?' when the mirror's bytes were damaged
_ANNOTATION = LazyPattern(rf"(?<=[{CJK}?)）])[(（?]({_SYLLABLE})[)）]")
# neutral-tone readings carry no mark: 們(men) 麼(me) 嗎(ma) 著(zhe) 過(guo) 個(ge) 頭(tou) 裡(li) 兒(er) 的(de) 了(le)
_NEUTRAL = frozenset("men me ma zhe guo ge tou li er de le zi".split())
MIN_ANNOTATIONS = 3  # one "(a)" is a list marker; a mirror injects dozens
# _ANNOTATION's matches cannot overlap (each opens with a bracket and holds only letters), so the ones
# strip_pinyin removes (toned, or a neutral-tone reading, which never has a tone mark) are found by a pattern of
# their own, which captures the syllable when it is toned: one split of the text (in C) yields the text without
# them and, in its captures, the toned ones to count; no Python callback per annotation. The pattern starts at
# the bracket (a prefix the regex engine scans for), with the lookbehind of _ANNOTATION behind it.
_AT_ANNOTATION = rf"[(（?](?<=[{CJK}?)）][(（?])"
_TONED_SYLLABLE = rf"(?=[a-zü{_TONED}]*[{_TONED}]){_SYLLABLE}"
_NEUTRAL_SYLLABLE = "|".join(sorted(_NEUTRAL, key=lambda w: (-len(w), w)))
_REMOVABLE_ANNOTATION = LazyPattern(rf"{_AT_ANNOTATION}(?:({_TONED_SYLLABLE})|(?:{_NEUTRAL_SYLLABLE}))[)）]")


@rule("strip_pinyin")
def strip_pinyin(doc: Document) -> None:
    """Mirrors print 落實(shí) for 落實: drop toned pinyin in parentheses right after a character.

    Real parentheses stay: they hold Chinese ("(記者 范宇斌)", "(銀川)"), or untoned Latin ("(AI)"); in a text
    that is a mirror, the untoned neutral-tone readings (們(men), 麼(me)) go with the toned ones.
    """
    whole = "\n".join(line.text for line in doc.lines)  # no annotation spans a line end or starts a line
    # toned annotations need a tone mark: most texts have none. A substring test per mark (a scan in C, mapped in
    # C) finds none in a page of Chinese in half the time of a regex search for the class of them
    if not any(map(whole.__contains__, _TONED)):
        return
    pieces = _REMOVABLE_ANNOTATION.split(whole)  # text, toned syllable or None, text, …
    toned = len(pieces) // 2 - pieces[1::2].count(None)
    if toned < MIN_ANNOTATIONS:
        return
    # what doc.map_text(strip, "strip_pinyin") does, from the one split of the whole text
    for i, line in enumerate("".join(pieces[::2]).split("\n")):
        doc.replace(i, line, "strip_pinyin")
    doc.drop_where(lambda _i, t: not t.strip(), "empty_line")
    doc.changed["strip_pinyin"] = toned  # annotations, not lines: the count a reader expects
    if doc.title:
        doc.title = _REMOVABLE_ANNOTATION.sub("", doc.title)
    doc.flag("pinyin_removed")


@lru_cache(maxsize=2)
def _converter(config: str):
    from opencc import OpenCC

    return OpenCC(config)


TRADITIONAL_SHARE = 0.05  # simplified text has a few characters t2s still maps; mirrors have many
SAMPLE = 3000


@lru_cache(maxsize=1)
def _traditional_only() -> frozenset[str]:
    """Characters OpenCC maps to simplified that are not themselves simplified forms."""
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"

    def keys(name: str) -> dict[str, str]:
        pairs = (line.split("\t", 1) for line in (folder / name).read_text(encoding="utf-8").splitlines() if "\t" in line)
        return {k: v.split()[0] for k, v in pairs if v.split()}

    simplified = keys("STCharacters.txt")
    return frozenset(k for k, v in keys("TSCharacters.txt").items() if v != k and k not in simplified)


def traditional_share(text: str) -> float:
    """Share of the Chinese characters that only traditional script writes."""
    sample = _cjk_sample(text)
    if not sample:
        return 0.0
    return len(_traditional_char().findall(sample)) / len(sample)


def is_traditional(text: str) -> bool:
    """traditional_share(text) >= TRADITIONAL_SHARE, without counting further than it takes to know."""
    if not _holds_traditional(text):
        return 0.0 >= TRADITIONAL_SHARE  # not one anywhere, so none in the sample: most texts, one scan
    n = cjk_count(text)
    if n > SAMPLE:
        sample = _cjk_sample(text)
        n = len(sample)
    else:
        # the sample would be every CJK character of text, and every traditional character is one (of the
        # BMP, see _traditional_char): counted in text itself, without gathering the sample
        sample = text
    if not n:
        return 0.0 >= TRADITIONAL_SHARE
    # the fewest traditional characters that reach the share (the same float division as traditional_share)
    need = int(n * TRADITIONAL_SHARE)
    while need / n < TRADITIONAL_SHARE:
        need += 1
    while need > 0 and (need - 1) / n >= TRADITIONAL_SHARE:
        need -= 1
    if need == 0:
        return True
    # the need-th traditional character, if there is one (islice walks the matches in C)
    return next(islice(_traditional_char().finditer(sample), need - 1, None), None) is not None


_CJK_RUN = LazyPattern(f"[{CJK}]+")


def _cjk_sample(text: str) -> str:
    """The first SAMPLE Chinese characters of text (runs, not single characters: a match per character was most
    of the cost)."""
    return "".join(_CJK_RUN.findall(text))[:SAMPLE]


def _char_class(chars) -> re.Pattern:
    """A class of Basic Multilingual Plane characters, which re compiles to a bitmap tested in C; one astral
    character among them would make it a list that every character of the text is compared with."""
    return regexcache.compile(_class_pattern(chars))


def _class_pattern(chars) -> str:
    assert all(ord(ch) <= 0xFFFF for ch in chars)
    return "[" + re.escape("".join(sorted(chars))) + "]"  # escape works character by character


def _from_data(name: str, data: bytes, build) -> re.Pattern:
    """A pattern worked out from one of cleaners/data's files by this module's code, kept worked out in the
    store of patterns (regexcache.derived): sorting and escaping thousands of characters is milliseconds of the
    first text of every process."""
    return regexcache.derived(name, (data, regexcache.module_source(__name__)), build)


TRADITIONAL_DATA = "traditional_only.tsv"  # a comment line, then one character a line


def traditional_chars() -> str:
    """The characters _traditional_char counts, sorted: the sample is CJK, all in the BMP, so the astral
    traditional characters (and any outside CJK) can never be counted, and is_traditional counts in a whole text
    what it would count in its sample. Stored in cleaners/data (reading OpenCC's two dictionaries was 17 ms of the
    first text of every process); tests/test_text_speedups.py checks the file against this, and
    `python -m cleaners.rules.script` writes it again."""
    return "".join(sorted(ch for ch in _traditional_only() if CJK_CHAR.match(ch)))


@lru_cache(maxsize=1)
def _traditional_list() -> list[str]:
    return read_data(TRADITIONAL_DATA).decode("utf-8").split("\n")[1:-1]


@lru_cache(maxsize=1)
def _traditional_char() -> re.Pattern:
    return _from_data("traditional_char", read_data(TRADITIONAL_DATA), lambda: _class_pattern(_traditional_list()))


@lru_cache(maxsize=1)
def _traditional_set() -> frozenset[str]:
    return frozenset(_traditional_list())


def _holds_traditional(text: str) -> bool:
    """Whether text holds a character _traditional_char() matches: a short text (SHORT_TEXT) looked up in a set,
    without compiling the class (10 ms); a long one scanned by the regex, ten times faster than the set."""
    if len(text) < SHORT_TEXT:
        return not _traditional_set().isdisjoint(text)
    return bool(_traditional_char().search(text))


# 著 is both 'write/notable' and the aspect particle 着 in traditional script; t2s keeps it as 著
_ZHU_WORDS = LazyPattern(
    r"著(名|作|称|述|录|书|者|于|有)|(显|卓|土|原|名|巨|专|论|编|合|遗|新|译|大|拙|昭|撰|所|其)著"
)


def _particle_zhu(text: str) -> str:
    if "著" not in text:
        return text
    # what _ZHU_WORDS.finditer(text) finds, by trying it only where a match can start: every match is two
    # characters holding a 著 (at its start or its end), taken left to right without overlapping
    keep, free = set(), 0
    at = text.find("著")
    while at >= 0:
        for start in (at - 1, at):
            if start >= free and (m := _ZHU_WORDS.match(text, start)):
                keep.add(start + m.group().index("著"))
                free = m.end()
        at = text.find("著", at + 1)
    if not keep:
        return text.replace("著", "着")
    # the 著 that are not in a 著 word become 着: found with str.find, not by a Python step per character
    parts, start = [], 0
    at = text.find("著")
    while at >= 0:
        if at not in keep:
            parts += (text[start:at], "着")
            start = at + 1
        at = text.find("著", at + 1)
    parts.append(text[start:])
    return "".join(parts)


@lru_cache(maxsize=1)
def _t2s_shortcut() -> tuple[re.Pattern, tuple[re.Pattern, re.Pattern | None], dict[int, str]] | None:
    """(any t2s phrase, any of the marks, the single-character table), for converting
    without running the pure-Python OpenCC over whole texts.

    OpenCC's t2s cuts the text at separators (punctuation, spaces) and converts each piece on its own: the
    dictionary phrases first (the longest one anywhere in the piece, then recursively left and right of it),
    then the characters left over one by one, each to its first listed form; separators pass through. So
    - a text with none of the marks (_marks: most calls, titles, credits, simplified pages) comes back as
      it is;
    - a piece holding no phrase converts exactly as str.translate with the character table, in C;
    - only the pieces that hold a phrase go through OpenCC's own conversion, piece by piece (the same call
      OpenCC makes on them), and the same piece is converted once (`_convert_piece` remembers it).
    None: the dictionaries are not laid out as this expects (another OpenCC release), and OpenCC converts
    everything itself. tests/test_t2s_identity.py compares this with OpenCC's t2s on every text we have.
    """
    parts = _t2s_parts()
    if parts is None:
        return None
    phrases, table = parts
    # a phrase split by a separator cannot match inside OpenCC; here it only sends its piece to OpenCC (exact)
    any_phrase = regexcache.compile(_any_word_pattern(phrases))
    return any_phrase, _stored_marks() or _marks_pattern(_marks(table, phrases)), table


def _t2s_parts() -> tuple[dict, dict[int, str]] | None:
    """(the phrase dictionary, the single-character table of what changes), or None when the dictionaries are
    not laid out as _t2s_shortcut expects."""
    converter = _converter("t2s")
    converter.convert("")  # loads the dictionaries
    chain = converter._dict_chain_data
    if len(chain) != 1 or len(chain[0]) != 2 or not all(isinstance(d, tuple) and len(d) == 3 for d in chain[0]):
        return None
    (_, _, phrases), (_, _, characters) = chain[0]
    if any(len(k) != 1 for k in characters) or any(len(k) < 2 for k in phrases):
        return None
    return phrases, {ord(k): v.split(" ")[0] for k, v in characters.items()
                     if v.split(" ")[0] != k and not converter.split_chars_re.fullmatch(k)}


def _marks(table: dict[int, str], phrases) -> list[str]:
    """What a text holds whenever t2s changes it, one of them at least: every character of the Basic Multilingual
    Plane the table changes (sorted), then every phrase that t2s changes though none of its characters changes
    alone (sorted: "瞭解" to "了解", 瞭 being its own first form). A text with none of them holds no phrase that
    changes and no character that does. The phrases are searched for as they are, not by a character of
    each: any character of them is common somewhere (得 of "衹得", 沈 of "沈默", a surname), and a mark in a
    simplified sentence sent it through the dictionaries."""
    changed = {chr(k) for k in table}
    unmarked = [p for p, v in phrases.items() if v.split(" ")[0] != p and not changed.intersection(p)]
    return sorted(ch for ch in changed if ord(ch) <= 0xFFFF) + sorted(unmarked)


def _marks_pattern(marks: list[str], data: bytes | None = None) -> tuple[re.Pattern, re.Pattern | None]:
    """(a class of the marks' characters, a search for their phrases or None): two searches, each of which the
    regex engine scans for with a table of first characters; one alternation of both would try every position.
    data: the file the marks were read from, whose patterns are then kept worked out (_from_data)."""
    def pattern(name: str, build) -> re.Pattern:
        return regexcache.compile(build()) if data is None else _from_data(name, data, build)

    phrases = [m for m in marks if len(m) > 1]
    return (pattern("t2s_mark_chars", lambda: _class_pattern([m for m in marks if len(m) == 1])),
            pattern("t2s_mark_phrases", lambda: _any_word_pattern(phrases)) if phrases else None)


def _holds_mark(text: str, marks: tuple[re.Pattern, re.Pattern | None]) -> bool:
    characters, phrases = marks
    return bool(characters.search(text) or phrases is not None and phrases.search(text))


MARKS_DATA = "t2s_marks.tsv"   # a comment line naming the dictionaries' sizes, then one mark a line
_T2S_FILES = ("TSPhrases.txt", "TSCharacters.txt")


def _t2s_files_header() -> str:
    """What the stored marks were taken from: the sizes of the t2s dictionaries of this OpenCC (found without
    importing it: 4 ms that a text with no mark never needs)."""
    from importlib.util import find_spec

    spec = find_spec("opencc")
    if spec is None or spec.origin is None:
        raise OSError("opencc is not installed")
    folder = Path(spec.origin).parent / "dictionary"
    return "# t2s marks: " + ", ".join(f"{name} {(folder / name).stat().st_size}" for name in _T2S_FILES)


def marks_file() -> str:
    """cleaners/data/t2s_marks.tsv as it should be: tests/test_text_speedups.py checks the file against
    this, and `python -m cleaners.rules.script` writes it again."""
    phrases, table = _t2s_parts()
    return "\n".join([_t2s_files_header(), *_marks(table, phrases)]) + "\n"


@lru_cache(maxsize=1)
def _stored_marks() -> tuple[re.Pattern, re.Pattern | None] | None:
    """_t2s_shortcut's class of marks from cleaners/data, without loading OpenCC's dictionaries (20 ms and
    most of the first call's time, in every process that converts so much as a credit line); None when the
    installed OpenCC's dictionaries are not the ones the file was taken from."""
    data = read_data(MARKS_DATA)
    lines = data.decode("utf-8").split("\n")
    try:
        if lines[0] != _t2s_files_header():
            return None
    except OSError:
        return None
    return _marks_pattern(lines[1:-1], data)


def _any_word_pattern(words) -> str:
    """A regex that finds where one of words occurs (which one it matches is left open: only whether there is one
    counts). Written as a trie, each character once: an alternation of every word made the regex engine try
    each word in turn at every character a word starts with. A word that begins with a shorter one needs no
    branch: where it occurs the shorter one does."""
    trie: dict = {}
    for word in sorted(words, key=len):
        node = trie
        for ch in word:
            if "" in node:
                break  # a shorter word ends here
            node = node.setdefault(ch, {})
        else:
            node.clear()
            node[""] = {}

    def branch(node: dict) -> str:
        if "" in node:
            return ""
        alternatives = [re.escape(ch) + branch(child) for ch, child in sorted(node.items())]
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return branch(trie)


@lru_cache(maxsize=1)
def _bmp_table() -> list:
    """The character table as a list indexed by code point (every BMP character, mapped or itself):
    str.translate looks a list up twice as fast as a dict. Astral characters are out of its range and would be
    left alone, so a text holding one is translated with the dict."""
    table = _t2s_shortcut()[2]
    bmp: list = list(range(0x10000))
    for k, v in table.items():
        if k < 0x10000:
            bmp[k] = ord(v) if len(v) == 1 else v
    return bmp


def has_astral(text: str) -> bool:
    """Whether text holds a character outside the Basic Multilingual Plane: in UTF-16 such a character takes two
    code units and every other (a lone surrogate too) one, so the encoding (a copy in C) is longer than two
    bytes a character. Five times faster than a regex search for the range."""
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


@lru_cache(maxsize=4096)
def _convert_piece(piece: str) -> str:
    """OpenCC's conversion of one piece between separators (what OpenCC.convert does to each)."""
    converter = _converter("t2s")
    return converter._convert(piece, converter._dict_chain_data)


def _t2s(text: str) -> str:
    """OpenCC's t2s of text, the same to the character (see _t2s_shortcut)."""
    bmp = not has_astral(text)
    # no mark anywhere (most calls): nothing to convert (str.translate would still copy it), and with the
    # stored class not even a dictionary to load
    marks = _stored_marks() if bmp else None
    if marks is not None and not _holds_mark(text, marks):
        return text
    shortcut = _t2s_shortcut()
    if shortcut is None:
        return _converter("t2s").convert(text)
    any_phrase, shortcut_marks, table = shortcut
    if bmp:
        if marks is None and not _holds_mark(text, shortcut_marks):
            return text
        table = _bmp_table()
    if not any_phrase.search(text):
        return text.translate(table)
    pieces = _converter("t2s").split_chars_re.split(text)  # pieces and the separators between them
    for i in range(0, len(pieces), 2):
        piece = pieces[i]
        pieces[i] = _convert_piece(piece) if any_phrase.search(piece) else piece.translate(table)
    return "".join(pieces)


def to_simplified_text(text: str) -> str:
    return _particle_zhu(_t2s(text))


def simplified_if_traditional(text: str) -> str:
    """text in simplified script when it is written in traditional script, else as it is."""
    return to_simplified_text(text) if is_traditional(text) else text


@rule("to_simplified")
def to_simplified(doc: Document) -> None:
    """The corpus is simplified Chinese: convert a document written in traditional script."""
    text = doc.text
    if not is_traditional(text + "\n" + (doc.title or "")):
        return
    # the lines converted as one text: a line end is a separator to OpenCC, and no 著 word spans one, so
    # each line comes out as it would alone (what doc.map_text(to_simplified_text, …) does line by line)
    for i, line in enumerate(to_simplified_text(text).split("\n")):
        doc.replace(i, line, "to_simplified")
    doc.drop_where(lambda _i, t: not t.strip(), "empty_line")
    for name in ("title", "author", "editor", "source"):
        value = getattr(doc, name)
        if value:
            setattr(doc, name, to_simplified_text(value))
    doc.flag("converted_from_traditional")


if __name__ == "__main__":
    import sys

    data = Path(__file__).parents[1] / "data"
    header = "# characters OpenCC's t2s maps that are not simplified forms (CJK): cleaners/rules/script.py"
    (data / TRADITIONAL_DATA).write_text("\n".join([header, *traditional_chars()]) + "\n", encoding="utf-8")
    (data / MARKS_DATA).write_text(marks_file(), encoding="utf-8")
    print(f"{data}: {len(traditional_chars())} traditional characters, "
          f"{len(marks_file().splitlines()) - 1} marks", file=sys.stderr)
