"""The speed-ups of the text path change no result: each is compared here with the code it replaced (kept below
as the reference, verbatim), on the repository's texts and on generated
ones built to reach the cases the pre-filters rule out.

- the mojibake rules (cleaners/rules/encoding.py) rule clean text out with a character-class scan before any
  round trip; the repair is the same on clean text (nothing), on UTF-8 read as GB18030, cp1252 and Latin-1,
  and on GBK read one byte out of step, whole texts and pieces of lines;
- the class those scans use is stored (cleaners/data/gb18030_in_utf8.tsv): the file is what
  cleaners/charclasses.py works out;
- strip_pinyin finds and counts annotations in one split of the text.
"""
from __future__ import annotations

import copy
import random
import re
from functools import lru_cache

import pytest

from cleaners.document import Document
from cleaners.rules import encoding, script
from cleaners.textutil import CJK_CHAR, cjk_count

from .conftest import REPO


# --- the references: the code before the pre-filters, verbatim ---------------------------------------------
def reference_utf8_read_as_gbk(doc: Document) -> None:
    whole = doc.text
    if not encoding._NON_ASCII_RUN.search(whole):
        return
    for wrong in ("gb18030", "cp1252", "latin-1"):
        fixed = encoding._roundtrip(whole, wrong)
        if fixed is not None:
            doc.lines = type(doc).from_text(doc.id, fixed).lines
            doc.changed["utf8_read_as_gbk"] += 1
            doc.flag("mojibake_repaired")
            return
    for i, line in enumerate(doc.lines):
        for m in reversed(list(encoding._NON_ASCII_RUN.finditer(line.text))):
            for wrong in ("gb18030", "cp1252"):
                fixed = encoding._roundtrip(m.group(), wrong)
                if fixed is not None and encoding._zipf(fixed) > encoding._zipf(m.group()) + 1.0:
                    doc.replace(i, line.text[: m.start()] + fixed + line.text[m.end():], "utf8_read_as_gbk")
                    doc.flag("mojibake_repaired")
                    break


@lru_cache(maxsize=1)
def _uncommon() -> re.Pattern:
    return re.compile(encoding._uncommon_class())


def _reference_suspect_spans(line: str):
    if not _uncommon().search(line):
        return
    if encoding._KANA_WORDS.search(line):
        return
    table = encoding._charfreq()
    for m in encoding._CANDIDATE.finditer(line):
        span = m.group()
        if cjk_count(span) < encoding.MIN_HANZI:
            continue
        if not _uncommon().search(span):
            continue
        scores = [table.get(ch, encoding._PUNCT_ZIPF.get(ch, encoding.RARE)) for i, ch in enumerate(span)
                  if CJK_CHAR.match(ch) or i == 0 or span[i - 1] != ch]
        width = min(encoding.WINDOW, len(scores))
        window = sum(scores[:width])
        for i in range(width, len(scores) + 1):
            if window < encoding.SUSPECT_ZIPF * width:
                yield encoding._widen(line, m.start(), m.end())
                break
            if i < len(scores):
                window += scores[i] - scores[i - width]


def _reference_gain(text: str) -> float:
    table = encoding._charfreq()
    return sum(table.get(ch, encoding._PUNCT_ZIPF.get(ch, encoding.RARE)) - encoding.SUSPECT_ZIPF
               for ch in text if not ch.isascii())


def _reference_best_repair(span: str):
    best, best_gain, cut, best_k = None, _reference_gain(span) + encoding.MIN_GAIN, False, 0
    for k in range(len(span)):
        for cand in encoding._shift_decodings(span[k:]):
            kept = encoding._DAMAGED.sub("", cand)
            gain = _reference_gain(span[:k] + kept)
            if gain > best_gain:
                best, best_gain, cut, best_k = span[:k] + kept, gain, len(kept) < len(cand), k
    if best is None or encoding._mostly_kept(span[best_k:], best[best_k:]):
        return None
    return best, cut


def reference_gbk_shift_mojibake(doc: Document) -> None:
    if not any(encoding._CANDIDATE.search(line.text) for line in doc.lines):
        return
    for i, line in enumerate(doc.lines):
        text = line.text
        spans = list(_reference_suspect_spans(text))
        if not spans:
            continue
        for start, end in reversed(spans):
            span = text[start:end]
            repair = _reference_best_repair(span)
            if repair is None:
                continue
            repaired, cut = repair
            text = text[:start] + repaired + text[end:]
            doc.removed.setdefault("gbk_shift_mojibake", []).append(span)
            doc.flag("mojibake_repaired")
            if cut:
                doc.flag("mojibake_cut")
        doc.replace(i, text, "gbk_shift_mojibake")


_HAS_TONE = re.compile(f"[{script._TONED}]")


def reference_strip_pinyin(doc: Document) -> None:
    toned = sum(1 for line in doc.lines for m in script._ANNOTATION.finditer(line.text)
                if _HAS_TONE.search(m.group(1)))
    if toned < script.MIN_ANNOTATIONS:
        return

    def strip(text: str) -> str:
        return script._ANNOTATION.sub(
            lambda m: "" if _HAS_TONE.search(m.group(1)) or m.group(1) in script._NEUTRAL else m.group(), text)

    doc.map_text(strip, "strip_pinyin")
    doc.changed["strip_pinyin"] = toned
    if doc.title:
        doc.title = strip(doc.title)
    doc.flag("pinyin_removed")


# --- the texts -----------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def gold_lines() -> tuple[str, ...]:
    paths = (sorted((REPO / "tests" / "data").glob("*/gt/*.txt")) + sorted((REPO / "tests" / "fixtures").glob("seeds*/*.txt"))
             + sorted((REPO / "tests" / "data" / "devset" / "must_not").glob("*.txt")))
    return tuple(line for p in paths for line in p.read_text(encoding="utf-8").split("\n") if line.strip())


def _garble(text: str, how: str, rnd: random.Random) -> str:
    if how == "gb18030":
        return text.encode("utf-8").decode("gb18030", "replace")
    if how == "cp1252":
        return text.encode("utf-8").decode("cp1252", "replace")
    if how == "latin-1":
        return text.encode("utf-8").decode("latin-1")
    data = text.translate(str.maketrans(",:?!()", "，：？！（）")).encode("gbk", "replace")  # one byte lost
    cut = rnd.randrange(len(data)) if data else 0
    return data[:cut].decode("gbk", "replace") + data[cut + 1:].decode("gbk", "replace")


# Japanese, whose kana and rare kanji gbk_shift_mojibake must tell from bytes out of step (every hiragana in use)
JAPANESE = ("このサイトは繁体字版です", "彼は籠を持って帰りました", "ものの見事に鬱蒼とした森を抜ける", "それはまるで薔薇の棘のようだ",
            "ゑびすの祠にをさめる", "ぢぢとづづの饂飩屋へゆく", "ゐなかの鰹節をゞ", "ゔぁいおりんの弾きかたを学ぶ")
# and lines whose kana all come from one stretch of the hiragana block, around rare kanji
JAPANESE += tuple(f"鬱蒼{chr(c)}{chr(c + 1)}薔薇{chr(c + 2)}{chr(c + 3)}棘鰹饂飩{chr(c)}{chr(c + 2)}です"[:-2]
                  for c in range(0x3041, 0x309D, 4))


def documents(n: int, seed: int) -> list[Document]:
    """Documents of gold lines: clean ones, and ones with lines or pieces of lines garbled, or garbled whole."""
    rnd = random.Random(seed)
    lines = gold_lines() + JAPANESE * 40
    docs = []
    for k in range(n):
        picked = [rnd.choice(lines) for _ in range(rnd.randint(1, 12))]
        kind = k % 5
        if kind:  # 1-4: one of the four ways to garble, on some lines, pieces of lines, or all of it
            how = ("gb18030", "cp1252", "latin-1", "shift")[kind - 1]
            whole = rnd.random() < 0.2
            for j, line in enumerate(picked):
                if whole or rnd.random() < 0.3:
                    if rnd.random() < 0.5 and len(line) > 8:
                        a, b = sorted(rnd.sample(range(len(line)), 2))
                        picked[j] = line[:a] + _garble(line[a:b], how, rnd) + line[b:]
                    else:
                        picked[j] = _garble(line, how, rnd)
        docs.append(Document.from_text(f"d{k}", "\n".join(picked)))
    return docs


def _state(doc: Document):
    return doc.texts(), doc.title, doc.removed, dict(doc.changed), doc.flags


@pytest.mark.parametrize("rule, reference", [
    (encoding.utf8_read_as_gbk, reference_utf8_read_as_gbk),
    (encoding.gbk_shift_mojibake, reference_gbk_shift_mojibake),
])
def test_mojibake_rules_repair_exactly_as_before(rule, reference):
    docs = documents(1500, seed=1)
    repaired = 0
    for doc in docs:
        ours, theirs = copy.deepcopy(doc), copy.deepcopy(doc)
        rule(ours)
        reference(theirs)
        assert _state(ours) == _state(theirs), doc.texts()[:3]
        repaired += "mojibake_repaired" in ours.flags
    assert repaired >= 200  # the garbled documents are repaired, not only the clean ones left alone


def test_no_clean_line_is_a_mojibake_candidate():
    """The pre-filter of utf8_read_as_gbk lets no line of the clean texts through to a round trip (the cost of
    clean text), with the punctuation a GBK page carries or as the gold writes it."""
    passed = [line for line in gold_lines()
              for variant in {line, line.translate(str.maketrans(",:?!()", "，：？！（）"))}
              for run in encoding._mojibake_runs(variant)
              if encoding._roundtrip(variant[run[0]:run[1]], "gb18030") is not None]
    assert not passed


def test_the_stored_character_class_is_what_it_should_be():
    from cleaners.charclasses import DATA, utf8_as_gb18030_chars
    from importlib import resources

    stored = [tuple(int(x, 16) for x in line.split("\t"))
              for line in resources.files("cleaners.data").joinpath(DATA).read_text(encoding="ascii").split("\n")
              if line and not line.startswith("#")]
    assert stored == utf8_as_gb18030_chars(), "run python -m cleaners.charclasses"


def test_the_class_holds_every_character_of_real_mojibake():
    """Every character of UTF-8 text read as GB18030 is in the class (the pre-filter can never hide one)."""
    from cleaners.charclasses import gb18030_in_utf8_class

    allowed = re.compile(f"[{gb18030_in_utf8_class()}]")
    for line in gold_lines()[::7]:
        garbled = line.encode("utf-8").decode("gb18030", "ignore")
        for run in re.findall(r"[^\x00-\x7f]{6,}", garbled):
            if encoding._roundtrip(run, "gb18030") is not None:
                assert all(allowed.match(ch) for ch in run), run


def test_strip_pinyin_strips_and_counts_as_before():
    rnd = random.Random(7)
    alphabet = list("科技創新(（?)）ab") + list(script._TONED) + ["men", "de", "zhe", "(shí)", "(xí)", "(men)", "(a)",
                                                              "\n", " ", "(shì)", "（lè）", "?xún)", "們(men)"]
    texts = ["\n".join(gold_lines()[i:i + 5]) for i in range(0, 2000, 5)]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 80))) for _ in range(5000)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "tests" / "fixtures" / "seeds").glob("*.txt"))]
    for text in texts:
        ours, theirs = Document.from_text("a", text, title=text[:12]), Document.from_text("a", text, title=text[:12])
        script.strip_pinyin(ours)
        reference_strip_pinyin(theirs)
        assert _state(ours) == _state(theirs), text[:80]
