"""The helpers that made the text path cheaper (issue 12) give what the code they replaced gave: each is compared
with that code (kept here as the reference) on the repository's texts and on texts built to reach the edges
(control characters, line separators, astral characters, lone surrogates, every branch of a split pattern).
tests/test_outputs_unchanged.py checks the whole outputs; these pin each helper down on its own.
"""
from __future__ import annotations

import copy
import itertools
import json
import random
import re
from bisect import bisect_right

import pytest

from cleaners.document import Document, Line, split_lines
from cleaners.rules import drop_lines, encoding, header, notices, script, tail
from cleaners.rules.credits import read_credit, read_role_credits
from cleaners.textutil import LazyPattern, ascii_letter_count

from .test_exact_shortcuts import gold_lines

EDGES = ("", "a", "\n", "\r\n", "\r", "\x0b", "\x0c", "\u2028", "\u2029", "\x00", "\x1f", "\x7f", "\x85", "\t",
         "\ud800", "\U0001f600", "𠀀", "Ａ", "ä", "ſ")


def texts(n: int = 400, seed: int = 12) -> list[str]:
    """Joins of gold lines with edge characters spliced in."""
    rnd = random.Random(seed)
    lines = gold_lines()
    out = []
    for _ in range(n):
        picked = [rnd.choice(lines) for _ in range(rnd.randint(1, 6))]
        text = "\n".join(picked)
        for _ in range(rnd.randint(0, 4)):
            at = rnd.randrange(len(text) + 1)
            text = text[:at] + rnd.choice(EDGES) + text[at:]
        out.append(text)
    return out


# --- cleaners/textutil.py ---------------------------------------------------------------------------------------
def test_lazy_pattern_compiles_on_first_use_and_then_is_the_pattern():
    lazy = LazyPattern(r"(?P<year>\d{4})年", re.I)
    assert "search" not in vars(lazy)  # nothing compiled yet
    compiled = re.compile(r"(?P<year>\d{4})年", re.I)
    text = "2021年到2024年"
    assert lazy.search(text).group() == compiled.search(text).group()
    assert "search" in vars(lazy)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.sub("", text) == compiled.sub("", text) and lazy.split(text) == compiled.split(text)
    assert bool(lazy.match(text)) and not lazy.fullmatch(text) and lazy.groupindex == compiled.groupindex
    assert lazy.pattern == compiled.pattern


def test_patterns_compile_through_the_store_of_compiled_patterns(monkeypatch):
    """LazyPattern and the classes the rules build compile through cleaners/regexcache.py (whose tests check that
    what it rebuilds is what re compiles), and give what re.compile gives."""
    from cleaners import regexcache

    asked = []

    def compile(pattern, flags=0):
        asked.append((pattern, flags))
        return re.compile(pattern, flags)

    monkeypatch.setattr(regexcache, "compile", compile)
    lazy = LazyPattern(r"[\u4e00-\u9fff]{2}", re.I)
    assert lazy.findall("科技创新") == ["科技", "创新"] and asked == [(r"[\u4e00-\u9fff]{2}", re.I)]
    for built in (encoding._could_be_utf8_mojibake, encoding._uncommon_in_span, script._traditional_char):
        built.cache_clear()
        try:
            assert built() == re.compile(built().pattern) and asked[-1] == (built().pattern, 0)
        finally:
            built.cache_clear()


def reference_jsonl_line(record: dict) -> str:
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record, ensure_ascii=True)
    if "\u2028" in line or "\u2029" in line or "\x85" in line:
        line = line.translate(str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}))
    return line + "\n"


def test_jsonl_line_is_what_json_dumps_wrote():
    """cleaners/output.py encodes with one JSONEncoder for every record, not one made by json.dumps for each."""
    from cleaners.output import jsonl_line

    for i, text in enumerate(texts() + list(EDGES)):
        record = {"id": str(i), "text": text, "n": i, "x": None, "meta": {"flags": [text[:3]], "f": 0.5}}
        assert jsonl_line(record) == reference_jsonl_line(record).encode("utf-8"), repr(text[:40])


def test_ascii_letter_count_is_the_regex_count():
    for text in texts() + list(EDGES) + ["ABCxyz", "ＡＢＣ", "ſK"]:
        assert ascii_letter_count(text) == sum(map(len, re.findall("[A-Za-z]+", text))), text


# --- cleaners/document.py ---------------------------------------------------------------------------------------
def reference_split_lines(text: str) -> list[Line]:
    lines, gap = [], 0
    newlines = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c]")
    for raw in newlines.sub("\n", re.sub("[\x00-\x08\x0e-\x1f\x7f]", "", text)).split("\n"):
        stripped = raw.strip(" \t\u3000\u00a0\ufeff\u200b")
        if not stripped:
            gap += 1
            continue
        lines.append(Line(stripped, gap))
        gap = 0
    return lines


def test_split_lines_substitutes_only_what_needs_it_and_gives_the_same_lines():
    for text in texts() + ["".join(p) for p in itertools.product(EDGES, repeat=2)]:
        assert split_lines(text) == reference_split_lines(text), repr(text[:80])


# --- cleaners/rules/__init__.py -----------------------------------------------------------------------------------
def test_drop_lines_is_drop_where():
    rnd = random.Random(3)
    for text in texts(100):
        doc = Document.from_text("d", text)
        hits = sorted(rnd.sample(range(len(doc.lines)), rnd.randint(0, len(doc.lines))))
        ours, theirs = copy.deepcopy(doc), copy.deepcopy(doc)
        drop_lines(ours, hits, "r")
        chosen = set(hits)
        if hits:
            theirs.drop_where(lambda i, _t: i in chosen, "r")
        assert (ours.texts(), ours.removed, ours.changed) == (theirs.texts(), theirs.removed, theirs.changed)


# --- cleaners/rules/encoding.py -----------------------------------------------------------------------------------
def test_line_positions_are_where_the_lines_start():
    for text in texts(100):
        starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        positions = [i for i, ch in enumerate(text) if ch != "\n"][::7]
        expected = [(bisect_right(starts, at) - 1, starts[bisect_right(starts, at) - 1]) for at in positions]
        assert encoding.line_positions(text, positions) == expected


def test_candidates_at_marks_are_the_candidate_matches_holding_a_mark():
    uncommon = encoding._uncommon_in_span()
    for text in list(gold_lines()[:3000]) + texts(200):
        marks = [m.start() for m in uncommon.finditer(text)]
        expected = [m.span() for m in encoding._CANDIDATE.finditer(text)
                    if any(m.start() <= at < m.end() for at in marks)]
        assert encoding._candidates_at(text, marks) == expected, text


def test_reads_rare_is_the_sliding_window_loop():
    def reference(scores):
        width = min(encoding.WINDOW, len(scores))
        window = sum(scores[:width])
        for i in range(width, len(scores) + 1):
            if window < encoding.SUSPECT_ZIPF * width:
                return True
            if i < len(scores):
                window += scores[i] - scores[i - width]
        return False

    rnd = random.Random(5)
    for _ in range(20000):
        scores = [rnd.choice([1.0, 2.5, 3.0, 4.3, 4.30000001, 5.1, 6.5, 7.0]) for _ in range(rnd.randint(1, 40))]
        assert encoding._reads_rare(scores) == reference(scores), scores


# the sha256 of charfreq.tsv when it had a `char<TAB>zipf` line per character (its header then below)
CHARFREQ_PER_CHAR_SHA256 = "6ec4ed03882f8f7a4d36d0055dd56f4189a717b08144ca0bc9719ee275c2aa7b"
CHARFREQ_PER_CHAR_HEADER = ("# char\tzipf (log10 of frequency per billion), from jieba's dictionary; see "
                            "scripts/build_charfreq.py")


def test_the_character_table_holds_what_its_line_per_character_held():
    import hashlib

    from cleaners.data import read_data

    rows = [line.split("\t") for line in read_data("charfreq.tsv").decode("utf-8").splitlines()[1:]]
    per_char = "".join(f"{ch}\t{zipf}\n" for zipf, chars in rows for ch in chars)
    assert hashlib.sha256(f"{CHARFREQ_PER_CHAR_HEADER}\n{per_char}".encode()).hexdigest() == CHARFREQ_PER_CHAR_SHA256
    assert len({zipf for zipf, _ in rows}) == len(rows)  # a line per zipf
    table = {}
    for line in per_char.splitlines():  # the loader it replaced
        ch, z = line.split("\t")
        table[ch] = float(z)
    assert list(encoding._charfreq().items()) == list(table.items())


# --- cleaners/rules/script.py -------------------------------------------------------------------------------------
def test_is_traditional_is_the_share_of_the_sample():
    long_traditional = "為深入貫徹落實習近平總書記來寧講話精神" * 200  # more CJK than the sample holds
    for text in texts() + [long_traditional, long_traditional + "为" * 9000, "为" * 9000 + long_traditional]:
        assert script.is_traditional(text) == (script.traditional_share(text) >= script.TRADITIONAL_SHARE)


def test_the_stored_traditional_characters_are_what_opencc_gives():
    from cleaners.data import read_data

    stored = read_data(script.TRADITIONAL_DATA).decode("utf-8").split("\n")
    assert stored[0].startswith("#") and stored[-1] == ""
    assert "".join(stored[1:-1]) == script.traditional_chars(), "run python -m cleaners.rules.script"


def test_the_stored_t2s_marks_are_what_opencc_gives():
    from cleaners.data import read_data

    assert read_data(script.MARKS_DATA).decode("utf-8") == script.marks_file(), \
        "run python -m cleaners.rules.script"
    phrases, table = script._t2s_parts()
    stored, built = script._stored_marks(), script._marks_pattern(script._marks(table, phrases))
    assert [p.pattern for p in stored] == [p.pattern for p in built]


def test_every_phrase_and_character_t2s_changes_holds_a_mark():
    """The blocks OpenCC converts a text from, each alone: one that changes holds a mark, so a text without
    marks holds none that changes. Characters of simplified text that are only part of a phrase are not marks."""
    converter = script._converter("t2s")
    phrases, _table = script._t2s_parts()
    characters = converter._dict_chain_data[0][1][2]
    marks = script._stored_marks()
    blocks = [k for k in [*phrases, *characters] if ord(k[0]) <= 0xFFFF]
    changed = [k for k in blocks if converter.convert(k) != k]
    assert len(changed) > 3000
    assert all(script._holds_mark(k, marks) for k in changed)
    for simplified in ("一九八九年四月，我在湖南开一个全省教学研究会",  # 一 starts "一目瞭然", 八 "八濛山"
                       "取得新成效，沈斌同志沉默不语"):            # 得 is in "衹得", 沈 in "沈默"
        assert not script._holds_mark(simplified, marks)


def test_stored_marks_from_other_dictionaries_are_not_used(monkeypatch):
    monkeypatch.setattr(script, "_t2s_files_header", lambda: "# t2s marks: TSPhrases.txt 1, TSCharacters.txt 2")
    assert script._stored_marks.__wrapped__() is None


NO_DICTIONARIES = """\
from cleaners.rules import script
assert script.to_simplified_text("科技创新推动区域经济高质量发展") == "科技创新推动区域经济高质量发展"
assert script.to_simplified_text("一九八九年四月，我在湖南开会") == "一九八九年四月，我在湖南开会"
print(script._converter.cache_info().currsize, end=" ")
assert script.to_simplified_text("責任編輯") == "责任编辑"
print(script._converter.cache_info().currsize)
"""


def test_a_text_with_no_mark_is_converted_without_loading_opencc():
    import subprocess
    import sys

    from .conftest import REPO

    proc = subprocess.run([sys.executable, "-c", NO_DICTIONARIES], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["0", "1"]


def test_nfkc_is_unicodedatas():
    """The half-width table is each character's compatibility decomposition, and nfkc gives what normalize gives
    on every text, on every line of them, and where a full-width character meets a combining mark."""
    import unicodedata

    from cleaners import textutil

    assert all(unicodedata.normalize("NFKD", k) == v for k, v in textutil._HALF_WIDTH.items())
    assert sorted(k for k in map(chr, range(0x10000)) if textutil._FULL_WIDTH.match(k)) == sorted(textutil._HALF_WIDTH)
    edges = ["Ａ\u0301", "ｅ\u0308\u0323", "\u3000\u0301", "（\u20dd）", "ｶﾞ①㎡", "ﬁ，Ⅻ", "\u1100\u1161\u11a8，"]
    for text in texts() + list(EDGES) + edges:
        for piece in [text, *text.split("\n")]:
            assert textutil.nfkc(piece) == unicodedata.normalize("NFKC", piece), repr(piece)


def test_has_astral_is_the_range_search():
    for text in texts() + list(EDGES):
        assert script.has_astral(text) == bool(re.search("[\U00010000-\U0010FFFF]", text)), repr(text)


def test_any_word_pattern_finds_a_word_where_the_alternation_does():
    words = ["乾隆", "乾", "乾坤大挪移", "後來", "後", "只不過", "發展", "發展中國家", "a.b", "(x)"]
    alternation = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    trie = re.compile(script._any_word_pattern(words[2:]))
    full = re.compile(script._any_word_pattern(words))
    samples = ["".join(p) for p in itertools.product(["", "乾", "後", "只不", "發展中", "a.b", "axb", "(x)", "家"], repeat=3)]
    for text in samples:
        assert bool(full.search(text)) == bool(alternation.search(text)), text
        assert bool(trie.search(text)) == bool(re.search("|".join(map(re.escape, words[2:])), text)), text


# --- the split patterns and the pre-checks of the line rules ------------------------------------------------------
OLD_SNAPSHOT = re.compile(
    r"^(以上内容为资讯信息快照|快照生成时间|本站信息快照查询|信息原文地址|本站未对信息做任何修改)"
    r"|如有侵权[^。]{0,12}(联系|告知)[^。]{0,12}删除|^.{0,12}?(版权与免责声明|免责声明|版权声明)\s*[:：]?$|^(免责声明|版权声明)\s*[:：]|^声明\s*[:：]"
    r"|^(本文|文章)(来源于|转载自|转自)网络|版权归原作者所有"
)
OLD_PROMPT_WORDS = re.compile(
    r"(?:抢沙发|暂无评论|还没有评论|说点什么|发表评论|我要评论|写评论|查看评论|表情删除后不可恢复"
    r"|文明上网|理性发言|请先登录|登录后(?:查看|阅读|评论|发表)|(?:浏览器|设备)\S{0,8}(?:无法|不支持|不能)\S{0,6}(?:播放|视频)"
    r"|视频加载(?:失败|中)|网络(?:不给力|异常).{0,6}(?:重试|刷新)|正文已结束"
    r"|隐私(?:声明|政策|条款|权)\S{0,40}同意|同意\S{0,20}隐私"
    r"|栏位空白|必填栏位|请输入(?:正确的)?(?:电子邮件|邮箱|手机号)"
    r"|付费会员|(?:加入|成为|开通)\S{0,4}会员(?:后|即可|才能)"
    r"|沉浸阅读|(?:向|往)?[上下左右]滑(?:动)?(?:阅览|查看|阅读|浏览)|滑动(?:查看|阅览)(?:更多)?"
    r"|^(?:关注|联系|订阅|加入)我们\s*[:：]?$"
    r"|(?:最后|上次)(?:更新|修改)于.{0,30}(?:过时|失效).{0,8}谨慎"
    r"|^文章目录$)"
)
# phrases of every branch, set in lines with and without something around them
PHRASES = ("以上内容为资讯信息快照", "快照生成时间", "信息原文地址", "如有侵权请联系我们删除", "如有侵权，请告知。删除",
           "网站版权与免责声明：", "免责声明", "版权声明:", "声明：", "本文来源于网络", "文章转自网络", "版权归原作者所有",
           "一二三四五六七八九十一二免责声明", "一二三四五六七八九十一二三免责声明",
           "关注我们", "联系我们：", "订阅我们 :", "加入我们", "文章目录", "向上滑动查看", "往左滑阅读", "右滑动浏览", "上滑阅览",
           "滑动查看更多", "成为VIP会员即可", "开通会员后", "加入 会员才能", "浏览器版本过低无法播放视频", "设备暂不支持播放",
           "最后更新于2020年，内容可能过时，请谨慎", "上次修改于昨天已失效请谨慎", "同意cookie隐私", "隐私政策请同意", "抢沙发",
           "责任编辑:宋璟", "编辑｜腾宇", "本报记者 叶凝碧", "(大众日报客户端记者 吕光社 报道)", "记者林悦／南市报导", "新华社记者",
           "上报快讯／范姜佳钰", "文/刘淑洋 亿欧专栏作者", "摄影 张三", "图/文 李四", "文/图张三", "文字：王五", "摄 赵六",
           "撰文 钱七", "图｜孙八", "文—周九")


def edge_lines() -> list[str]:
    return list(gold_lines()) + [pre + p + post for p in PHRASES
                                 for pre, post in itertools.product(["", "x", "声明", "（"], ["", "y", " :", "）", "\n"])]


def test_the_snapshot_line_is_what_the_one_pattern_found():
    for line in edge_lines():
        assert tail.is_snapshot_line(line) == bool(OLD_SNAPSHOT.search(line)), line


def test_the_prompt_words_and_lines_are_what_the_one_pattern_found():
    for line in edge_lines():
        ours = bool(notices._PROMPT_WORDS.search(line) or notices._PROMPT_LINE.match(line))
        assert ours == bool(OLD_PROMPT_WORDS.search(line)), line


def test_read_credit_without_its_words_is_no_credit():
    """The words read_credit checks first are in every line its patterns read as a credit."""
    from cleaners.rules import credits

    for line in edge_lines():
        if len(line) <= credits.MAX_BYLINE and not credits._may_be_credit(line):
            assert not (credits._ROLE_ALONE.match(line) or credits._BYLINE.match(line) or credits._DISPATCH.match(line)
                        or credits.REPORTED_FROM.match(line) or credits._PAREN_BYLINE.match(line)), line
    assert read_credit("本报记者 叶凝碧") == ("叶凝碧", None)


def test_a_credit_line_has_a_mark_after_its_role():
    from cleaners.rules import credits

    for line in edge_lines():
        if not any(mark in line for mark in credits._CREDIT_MARKS):
            assert not list(credits._CREDIT_PAIR.finditer(line)), line
    assert read_role_credits("编辑|张维纳 语音|徐佳") == [("editor", "张维纳"), (None, "徐佳")]


def test_the_editor_words_are_in_every_editor_line():
    for line in edge_lines():
        if not any(word in line for word in tail._EDITOR_WORDS):
            assert not (tail._EDITOR.match(line) or tail._CLOSING_EDITOR.search(line)), line


@pytest.mark.parametrize("title", ["金乡打亲情牌,邀请“老乡专家”为发展科技赋能", "借智长三角 助企向“新”行", "ＡＢＣ科技", ""])
def test_has_key_is_key_equality(title):
    key = header._key(title)
    for line in list(gold_lines()[:5000]) + [title, title + "!", "!" + title, title.upper(), "㈱" + title]:
        assert header._has_key(line, key) == (header._key(line) == key), line


# --- short texts: no class of thousands of characters compiled ------------------------------------------------------
def test_a_short_text_is_repaired_as_through_the_class(monkeypatch):
    """utf8_read_as_gbk on a short text (every run of non-ASCII tried) does what it does through
    _could_be_utf8_mojibake() (only the runs the class allows)."""
    from .test_exact_shortcuts import _state, documents

    docs = [doc for doc in documents(1500, seed=3) if len(doc.text) < encoding.SHORT_TEXT]
    short = [copy.deepcopy(doc) for doc in docs]
    for doc in short:
        encoding.utf8_read_as_gbk(doc)
    monkeypatch.setattr(encoding, "SHORT_TEXT", 0)
    for doc, ours in zip(docs, short):
        encoding.utf8_read_as_gbk(doc)
        assert _state(doc) == _state(ours)
    assert sum("mojibake_repaired" in doc.flags for doc in short) >= 20  # (40 of them)


def test_a_short_text_holds_traditional_as_the_class_finds(monkeypatch):
    samples = texts() + ["為", "为", "", "\U0001f600為"]
    short = [script._holds_traditional(text) for text in samples]
    monkeypatch.setattr(script, "SHORT_TEXT", 0)
    assert short == [script._holds_traditional(text) for text in samples]
    assert any(short) and not all(short)


def test_median_is_the_statistics_median():
    from statistics import median

    from cleaners.rules.captions import _median

    rnd = random.Random(5)
    for n in range(1, 30):
        values = [rnd.randint(0, 6) for _ in range(n)]
        assert repr(_median(values)) == repr(median(values))


def test_the_character_table_runs_from_the_most_common_down():
    zipfs = list(encoding._charfreq().values())
    assert zipfs == sorted(zipfs, reverse=True)
    assert encoding._common_chars() == {ch for ch, z in encoding._charfreq().items() if z >= encoding.RARE_ZIPF}


def test_a_short_text_has_the_marks_the_class_finds(monkeypatch):
    samples = [text for text in list(gold_lines()[:3000]) + texts(300) if len(text) < encoding.SHORT_TEXT]
    samples += ["".join(map(chr, range(start, start + 200))) for start in range(0x80, 0x10000, 200)]
    short = [encoding._uncommon_marks(text) for text in samples]
    monkeypatch.setattr(encoding, "SHORT_TEXT", 0)
    assert short == [encoding._uncommon_marks(text) for text in samples]
    assert sum(map(bool, short)) > 100


def test_the_paragraph_ends_are_the_classes_they_replaced():
    from cleaners.rules import paragraphs

    open_end, continues = re.compile(r"[\u4e00-\u9fff0-9A-Za-z，,、]$"), re.compile(r"^[\u4e00-\u9fff0-9A-Za-z]")
    for code in range(0x110000):
        ch = chr(code)
        assert paragraphs._open_end(ch) == bool(open_end.search(ch))
        assert paragraphs._continues(ch) == bool(continues.match(ch))


def test_the_closing_lines_a_first_character_rules_out_are_not_matched():
    for text in list(gold_lines()) + edge_lines() + ["转自《科技日报》", "（来源：新华网）", "WWW.example.com", "https://a.cn/x"]:
        if text[:1] not in tail._CREDIT_SOURCE_FIRST:
            assert not tail._CREDIT_SOURCE.match(text)
        if text[:1] not in "hHwW":
            assert not tail._BARE_URL.match(text)
        if text[:1] not in "(（":
            assert not tail._NAME_ALONE.match(text)
        if text[-1:] not in tail._ORG_LAST:
            assert not tail._ORG.match(text)


def test_the_publisher_line_ends_on_a_character_the_pattern_ends_with():
    endings = re.search(r"\((融媒体中心.*)\)\$$", tail._ORG.pattern)[1].split("|")
    assert {word[-1] for word in endings} == set(tail._ORG_LAST)


# --- what a line must open with: the first characters of a pattern's matches, read off its parsed form ----------
_CATEGORY_PROBES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
                    "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}
ALL_CHARACTERS = "".join(map(chr, range(0x110000)))


def _category_chars(category) -> set[str]:
    return set(re.findall(_CATEGORY_PROBES[str(category)], ALL_CHARACTERS))


def _first_of_sequence(items) -> tuple[set[str] | None, bool]:
    """The characters a match of the sequence can open with (None: any) and whether it can match nothing."""
    found: set[str] = set()
    for op, av in items:
        chars, empty = _first_of_item(str(op), av)
        if chars is None:
            return None, False
        found |= chars
        if not empty:
            return found, False
    return found, True


def _first_of_item(op: str, av) -> tuple[set[str] | None, bool]:
    if op == "LITERAL":
        return {chr(av)}, False
    if op == "IN":
        chars: set[str] = set()
        for kind, value in av:
            if str(kind) == "LITERAL":
                chars.add(chr(value))
            elif str(kind) == "RANGE":
                chars |= set(map(chr, range(value[0], value[1] + 1)))
            elif str(kind) == "CATEGORY":
                chars |= _category_chars(value)
            else:  # NEGATE and the like: nearly any character
                return None, False
        return chars, False
    if op == "SUBPATTERN":
        _group, add_flags, _del_flags, sub = av
        return (None, False) if add_flags & re.I else _first_of_sequence(list(sub))
    if op == "BRANCH":
        chars, empty = set(), False
        for alternative in av[1]:
            alt_chars, alt_empty = _first_of_sequence(list(alternative))
            if alt_chars is None:
                return None, False
            chars, empty = chars | alt_chars, empty or alt_empty
        return chars, empty
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _high, sub = av
        chars, empty = _first_of_sequence(list(sub))
        return chars, empty or low == 0
    if op in ("AT", "ASSERT", "ASSERT_NOT"):  # match no character
        return set(), True
    return None, False  # ANY, NOT_LITERAL, a category outside a class, a group reference: any character


def first_characters(pattern: str, flags: int = 0) -> set[str] | None:
    """Every character a match of pattern (anchored at the start of a text) can open with; None when that is any
    character (a pattern that matches nothing, one ignoring case, or one opening with ., [^…] or \\S)."""
    from re import _parser

    if flags & re.I:
        return None
    chars, empty = _first_of_sequence(list(_parser.parse(pattern, flags)))
    return None if empty else chars


def test_first_characters_reads_the_patterns_it_is_given():
    assert first_characters(r"^(?:ab|c)?d") == {"a", "c", "d"}
    assert first_characters(r"[【\[]?\s*x") >= {"【", "[", " ", "\u3000", "x"}
    assert first_characters(r"\d{2}年") == set(filter(str.isdecimal, ALL_CHARACTERS))
    assert first_characters(r"a?") is None and first_characters(r".b") is None and first_characters("x", re.I) is None


def test_spaces_and_digits_of_the_patterns_are_what_str_calls_them():
    # the gates test a line's first character with str.isspace() and str.isdecimal(), for \s and \d
    assert "".join(re.findall(r"\s", ALL_CHARACTERS)) == "".join(filter(str.isspace, ALL_CHARACTERS))
    assert "".join(re.findall(r"\d", ALL_CHARACTERS)) == "".join(filter(str.isdecimal, ALL_CHARACTERS))


def _opens_as_gated(chars: set[str], openers: frozenset[str]) -> bool:
    return all(c in openers or c.isspace() or c.isdecimal() for c in chars)


def test_the_reader_buttons_open_with_a_character_the_gate_lets_through():
    from cleaners.rules import captions

    for pattern in (captions.READER_BUTTON, captions.PAGER):
        chars = first_characters(pattern.pattern, pattern.flags)
        assert chars is not None and _opens_as_gated(chars, captions._BUTTON_OPENERS), pattern.pattern
    # and no opener more than the patterns have
    both = first_characters(captions.READER_BUTTON.pattern) | first_characters(captions.PAGER.pattern)
    assert captions._BUTTON_OPENERS <= both


def test_the_gated_reader_buttons_are_the_buttons_the_patterns_find():
    from cleaners.rules import captions

    buttons = ["展开全文", "【阅读全文】", "点击打开新浪新闻App，阅读全文", "返回搜狐，查看更多", "PDF下载", "[1] [2] [3]",
               "首页 上一页 1 2 3 下一页 尾页", " 展开", "\x1c收起", "١ ٢ ٣", "TOP", "回到顶部>>", "查看原图"]
    lines = list(gold_lines()) + edge_lines() + buttons + [e + b for e in EDGES for b in buttons] + list(EDGES)
    for text in lines:
        ungated = bool(captions.READER_BUTTON.match(text) or captions.PAGER.match(text))
        assert (captions._may_be_button(text) and ungated) == ungated, text
    assert sum(bool(captions.READER_BUTTON.match(b) or captions.PAGER.match(b)) for b in buttons) >= 10



def test_the_prompts_open_with_a_character_the_gate_lets_through():
    # is_controls: the line's first word matches _UI_WORD whole, or a mark ("/", "|", a space) comes first
    controls = first_characters(notices._UI_WORD.pattern) | {"/", "|"}
    reading, label = first_characters(notices._READ_ON.pattern), first_characters(notices._LONE_LABEL.pattern)
    assert None not in (reading, label)
    assert _opens_as_gated(reading | label | controls, notices._PROMPT_OPENERS)
    assert notices._PROMPT_OPENERS <= reading | label | controls


def test_the_gated_prompts_are_the_prompts_the_patterns_find():
    def ungated(text: str) -> bool:
        return bool(notices._READ_ON.match(text) or notices._LONE_LABEL.match(text) or notices.is_controls(text))

    prompts = ["请继续往下阅读...", "【字号】", "分享到：", "字号 超大 大 标准 小", "/大/中/小", "| 打印 | 关闭 |", "1.0x 1.25x 倍速",
               " 倍速 0.5x 1.0x", "观看人次: 1203", "往下滑看更多", "下一页继续", "»继续阅读", "\x1c分享工具"]
    lines = list(gold_lines()) + edge_lines() + prompts + [e + p for e in EDGES for p in prompts] + list(EDGES)
    for text in lines:
        assert (notices._may_open_prompt(text) and ungated(text)) == ungated(text), text
    assert sum(map(ungated, prompts)) >= 10
