"""Traditional-script mirrors of mainland articles: injected pinyin, then OpenCC back to simplified."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..document import Document
from ..textutil import CJK
from . import rule

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = (
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    rf"[aeiouüv{_TONED}][a-zü{_TONED}]{{0,4}}"
)
# '(' sometimes arrives as '?' when the mirror's bytes were damaged
_ANNOTATION = re.compile(rf"(?<=[{CJK}?)）])[(（?]({_SYLLABLE})[)）]")
_HAS_TONE = re.compile(f"[{_TONED}]")
# neutral-tone readings carry no mark: 們(men) 麼(me) 嗎(ma) 著(zhe) 過(guo) 個(ge) 頭(tou) 裡(li) 兒(er) 的(de) 了(le)
_NEUTRAL = frozenset("men me ma zhe guo ge tou li er de le zi".split())
MIN_ANNOTATIONS = 3  # one "(a)" is a list marker; a mirror injects dozens


@rule("strip_pinyin")
def strip_pinyin(doc: Document) -> None:
    """Mirrors print 落實(shí) for 落實: drop toned pinyin in parentheses right after a character.

    Real parentheses stay: they hold Chinese ("(記者 范宇斌)", "(銀川)"), or untoned Latin ("(AI)"); in a text
    that is a mirror, the untoned neutral-tone readings (們(men), 麼(me)) go with the toned ones.
    """
    toned = sum(
        1 for line in doc.lines for m in _ANNOTATION.finditer(line.text) if _HAS_TONE.search(m.group(1))
    )
    if toned < MIN_ANNOTATIONS:
        return

    def strip(text: str) -> str:
        return _ANNOTATION.sub(lambda m: "" if _HAS_TONE.search(m.group(1)) or m.group(1) in _NEUTRAL else m.group(), text)

    doc.map_text(strip, "strip_pinyin")
    doc.changed["strip_pinyin"] = toned  # annotations, not lines: the count a reader expects
    if doc.title:
        doc.title = strip(doc.title)
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
    sample = _NOT_CJK.sub("", text)[:SAMPLE]
    if not sample:
        return 0.0
    return len(_traditional_char().findall(sample)) / len(sample)


_NOT_CJK = re.compile(f"[^{CJK}]")


def _char_class(chars) -> re.Pattern:
    """A class of Basic Multilingual Plane characters, which re compiles to a bitmap tested in C; one astral
    character among them would make it a list that every character of the text is compared with."""
    assert all(ord(ch) <= 0xFFFF for ch in chars)
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]")


@lru_cache(maxsize=1)
def _traditional_char() -> re.Pattern:
    # the sample is CJK, all in the BMP: the astral traditional characters can never be counted
    return _char_class([ch for ch in _traditional_only() if ord(ch) <= 0xFFFF])


# 著 is both 'write/notable' and the aspect particle 着 in traditional script; t2s keeps it as 著
_ZHU_WORDS = re.compile(
    r"著(名|作|称|述|录|书|者|于|有)|(显|卓|土|原|名|巨|专|论|编|合|遗|新|译|大|拙|昭|撰|所|其)著"
)


def _particle_zhu(text: str) -> str:
    if "著" not in text:
        return text
    keep = {m.start() + m.group().index("著") for m in _ZHU_WORDS.finditer(text)}
    return "".join("着" if ch == "著" and i not in keep else ch for i, ch in enumerate(text))


@lru_cache(maxsize=1)
def _t2s_shortcut() -> tuple[re.Pattern, re.Pattern, dict[int, str]] | None:
    """(any t2s phrase, any BMP character the table maps, the single-character table), for converting without
    the pure-Python OpenCC.

    OpenCC's t2s replaces dictionary phrases first (longest match, recursively) and then maps the characters
    left over one by one, each to its first listed form; separators pass through. A text holding no phrase
    therefore converts exactly as str.translate with that character table, in C, and text with nothing to
    map (most calls: titles, credits, simplified pages) comes back as it is. None: the dictionaries are not
    laid out as this expects (another OpenCC release), and OpenCC converts everything itself.
    """
    converter = _converter("t2s")
    converter.convert("")  # loads the dictionaries
    chain = converter._dict_chain_data
    if len(chain) != 1 or len(chain[0]) != 2 or not all(isinstance(d, tuple) and len(d) == 3 for d in chain[0]):
        return None
    (_, _, phrases), (_, _, characters) = chain[0]
    if any(len(k) != 1 for k in characters):
        return None
    table = {ord(k): v.split(" ")[0] for k, v in characters.items()
             if v.split(" ")[0] != k and not converter.split_chars_re.fullmatch(k)}
    # a phrase split by a separator cannot match inside OpenCC, only here: such a text goes to OpenCC (exact)
    any_phrase = re.compile("|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)))
    return any_phrase, _char_class([chr(k) for k in table if k <= 0xFFFF]), table


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def _t2s(text: str) -> str:
    shortcut = _t2s_shortcut()
    if shortcut is None or shortcut[0].search(text):
        return _converter("t2s").convert(text)
    if not shortcut[1].search(text) and not _ASTRAL.search(text):
        return text  # nothing to map: str.translate would still build a copy, a dict lookup a character
    return text.translate(shortcut[2])


def to_simplified_text(text: str) -> str:
    return _particle_zhu(_t2s(text))


def simplified_if_traditional(text: str) -> str:
    """text in simplified script when it is written in traditional script, else as it is."""
    return to_simplified_text(text) if traditional_share(text) >= TRADITIONAL_SHARE else text


@rule("to_simplified")
def to_simplified(doc: Document) -> None:
    """The corpus is simplified Chinese: convert a document written in traditional script."""
    whole = doc.text + "\n" + (doc.title or "")
    if traditional_share(whole) < TRADITIONAL_SHARE:
        return
    doc.map_text(to_simplified_text, "to_simplified")
    for name in ("title", "author", "editor", "source"):
        value = getattr(doc, name)
        if value:
            setattr(doc, name, to_simplified_text(value))
    doc.flag("converted_from_traditional")
