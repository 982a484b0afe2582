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
    """Share of the Chinese characters that only traditional script writes (a cheap set lookup)."""
    sample = re.sub(f"[^{CJK}]", "", text)[:SAMPLE]
    if not sample:
        return 0.0
    trad = _traditional_only()
    return sum(ch in trad for ch in sample) / len(sample)


# 著 is both 'write/notable' and the aspect particle 着 in traditional script; t2s keeps it as 著
_ZHU_WORDS = re.compile(
    r"著(名|作|称|述|录|书|者|于|有)|(显|卓|土|原|名|巨|专|论|编|合|遗|新|译|大|拙|昭|撰|所|其)著"
)


def _particle_zhu(text: str) -> str:
    if "著" not in text:
        return text
    keep = {m.start() + m.group().index("著") for m in _ZHU_WORDS.finditer(text)}
    return "".join("着" if ch == "著" and i not in keep else ch for i, ch in enumerate(text))


def to_simplified_text(text: str) -> str:
    return _particle_zhu(_converter("t2s").convert(text))


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
