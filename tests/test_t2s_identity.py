"""The traditional-to-simplified conversion of cleaners/rules/script.py is OpenCC's own t2s (the
opencc-python-reimplemented package, the project's dependency), character for character: it only skips text
with nothing to convert, translates the pieces without a dictionary phrase through the character table, and
leaves the pieces with one to OpenCC. Compared here with the package's t2s on every text the repository holds
(whole and line by line): the gold texts, the dumps, the text of every test page, traditional-script versions
of the gold texts (OpenCC's s2t, which puts in the phrases t2s has to find), and random strings made of the
dictionaries' own keys, separators and common characters.
"""
from __future__ import annotations

import random
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.rules import script
from cleaners.rules.script import _t2s, to_simplified_text

from .conftest import REPO


@lru_cache(maxsize=1)
def reference():
    """A converter of the package's own, not the one cleaners.rules.script holds (nothing shared)."""
    from opencc import OpenCC

    converter = OpenCC("t2s")
    converter.convert("")
    return converter


def reference_simplified(text: str) -> str:
    """What to_simplified_text did before it skipped or split anything: OpenCC's t2s, then 著 read as a particle."""
    return script._particle_zhu(reference().convert(text))


PAGE_CHARS = 30_000


@lru_cache(maxsize=1)
def repository_texts() -> tuple[str, ...]:
    """Every text file under tests/, and the text of every HTML page there (all of it: menus and footers too)."""
    from lxml import html as lxml_html

    from cleaners.decode import decode_html

    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((REPO / "tests").rglob("*.txt"))]
    pages = [p for p in sorted((REPO / "tests").rglob("*"))
             if p.is_file() and p.suffix.lower() in (".html", ".htm", ".shtml")]
    for page in pages:
        decoded = decode_html(page.read_bytes(), None).text
        try:
            tree = lxml_html.fromstring(decoded.encode("utf-8"))
            for element in tree.xpath("//script|//style|//noscript"):
                element.drop_tree()
            text = tree.text_content()
        except Exception:  # noqa: BLE001 - a page lxml cannot parse still has its markup as text
            text = decoded
        # the lines with text, at most PAGE_CHARS of them (a few list pages run to megabytes, and OpenCC, the
        # reference, converts some 100 KB a second)
        texts.append("\n".join(line.strip() for line in text.splitlines() if line.strip())[:PAGE_CHARS])
    return tuple(t for t in texts if t.strip())


@lru_cache(maxsize=1)
def traditional_texts() -> tuple[str, ...]:
    """The gold texts in traditional script, as OpenCC's s2t writes them (every third: s2t is slow)."""
    from opencc import OpenCC

    s2t = OpenCC("s2t")
    gold = sorted((REPO / "tests" / "data").glob("*/gt/*.txt")) + sorted((REPO / "tests" / "fixtures" / "seeds_gold").glob("*.txt"))
    return tuple(s2t.convert(p.read_text(encoding="utf-8")) for p in gold[::3])


def _differences(texts) -> tuple[int, list[str]]:
    """(texts and lines compared, the ones that differ). OpenCC converts a text piece by piece between separators,
    a line end among them, so its conversion of the whole text, cut at the line ends, is its conversion of each
    line: one reference conversion per text."""
    compared, differ = 0, []
    for text in texts:
        want = reference().convert(text)
        pieces = [(text, want), *zip(text.split("\n"), want.split("\n"), strict=True)]
        for piece, converted in pieces:
            compared += 1
            if _t2s(piece) != converted or to_simplified_text(piece) != script._particle_zhu(converted):
                differ.append(piece[:80])
    return compared, differ


def test_every_text_of_the_repository_converts_as_opencc_does():
    compared, differ = _differences(repository_texts())
    assert compared > 10_000
    assert not differ, f"{len(differ)} of {compared} texts and lines differ from OpenCC's t2s: {differ[:5]}"


def test_traditional_script_with_phrases_converts_as_opencc_does():
    texts = traditional_texts()
    phrases = reference()._dict_chain_data[0][0][2]
    assert sum(any(p in t for p in phrases) for t in texts) >= 10  # the phrase path is exercised
    compared, differ = _differences(texts)
    assert not differ, f"{len(differ)} of {compared} texts and lines differ from OpenCC's t2s: {differ[:5]}"


@lru_cache(maxsize=1)
def _alphabet() -> tuple[list[str], list[str]]:
    """(dictionary keys and their values, separators and other characters) to draw random strings from."""
    phrases, characters = (d[2] for d in reference()._dict_chain_data[0])
    keys = sorted(phrases) + sorted(characters)
    keys += sorted({v.split(" ")[0] for v in phrases.values()} | {v.split(" ")[0] for v in characters.values()})
    keys += [p[:-1] for p in sorted(phrases)] + [p[1:] for p in sorted(phrases)]  # phrases cut short
    other = list("，。、；：？！“”（）《》 \n\t-.,?!　…—") + list("的了是在有科技创新中国ABCabc123") + ["𠁞", "𠌥", "著名", "著"]
    return keys, other


def _random_text(rnd: random.Random) -> str:
    keys, other = _alphabet()
    return "".join(rnd.choice(keys) if rnd.random() < 0.7 else rnd.choice(other) for _ in range(rnd.randint(0, 40)))


def test_random_strings_of_dictionary_keys_convert_as_opencc_does():
    rnd = random.Random(20240609)
    texts = [_random_text(rnd) for _ in range(20_000)]
    differ = [t for t in texts if _t2s(t) != reference().convert(t)]
    assert not differ, f"{len(differ)} of {len(texts)} random strings differ: {differ[:5]}"


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=0, max_size=40))
def test_property_random_key_strings(picks):
    keys, other = _alphabet()
    pool = keys + other
    text = "".join(pool[i % len(pool)] for i in picks)
    assert _t2s(text) == reference().convert(text)
    assert to_simplified_text(text) == reference_simplified(text)


@pytest.mark.parametrize("text", ["", "abc", "科技创新", "一目瞭然", "乾元", "後來", "𠁞𠌥", "乾乾淨淨，乾元。後來", "著名的著作著稱"])
def test_small_cases(text):
    assert _t2s(text) == reference().convert(text)
    assert to_simplified_text(text) == reference_simplified(text)
