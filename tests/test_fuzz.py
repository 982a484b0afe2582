"""Generated bad input for decode, extract and clean: nothing raises, every input yields exactly one answer.

CI runs a few dozen examples per property (a few seconds); `python scripts/fuzz.py` runs the same properties
with many more (KECHUANG_FUZZ_EXAMPLES, default there 10 000 each).
"""
import json
import os
import re

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners.cli import main as clean_main
from cleaners.decode import Decoded, decode_html
from cleaners.extract import Extracted, extract
from cleaners.inputs import RawDoc
from cleaners.pipeline import process

EXAMPLES = int(os.environ.get("KECHUANG_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100,
                suppress_health_check=list(HealthCheck))

# --- strategies: pieces of real-looking Chinese news pages, recombined and broken -------------------------
CJK = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=40)
PUNCT = st.sampled_from(list("，。：；！？“”《》（）、…—·　 \n\t") + ["&nbsp;", "&amp;", "&#20013;", "&#x4e2d;", "&bogus;", "&"])
TEXT = st.lists(st.one_of(CJK, PUNCT, st.text(max_size=20)), max_size=12).map("".join)
TAGS = ["p", "div", "span", "a", "table", "tr", "td", "li", "ul", "h1", "script", "style", "br", "img", "font",
        "center", "iframe", "form", "input", "title", "meta", "body", "html", "head", "!--", "![CDATA["]
ATTRS = st.sampled_from(['', ' id="zoom"', ' class="TRS_Editor"', ' class="left_zw"', ' class="share"',
                         ' href="/art/2024/6/9/art_1_1.html"', ' charset="gb2312"', ' name="PubDate" content="2024-06-09"',
                         ' style="display:none"', ' id=', ' class="x" class="y"', ' \x00'])
MARKERS = st.sampled_from(["<!--正文start-->", "<!--正文end-->", "来源：新华社", "责任编辑：张三", "发布时间：2024-06-09 10:00",
                           "记者 李四", "相关新闻", "<?xml version='1.0' encoding='gbk'?>", "<!DOCTYPE html>",
                           '<meta http-equiv="Content-Type" content="text/html; charset=big5">', "\ufeff", "锟斤拷", "\ufffd"])


@st.composite
def element(draw, depth=0):
    tag = draw(st.sampled_from(TAGS))
    inner = draw(st.lists(st.one_of(TEXT, MARKERS) if depth >= 3 else st.one_of(TEXT, MARKERS, element(depth + 1)),
                          max_size=5))
    close = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}", "</div>"]))
    return f"<{tag}{draw(ATTRS)}>" + "".join(inner) + close


HTML = st.lists(st.one_of(element(), TEXT, MARKERS), min_size=0, max_size=8).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "gb18030", "gbk", "big5", "utf-16", "latin-1"])
CONTENT_TYPES = st.sampled_from([None, "text/html", "text/html; charset=gb2312", "text/html; charset=utf-8",
                                 "text/html; charset=bogus", "text/html; charset=", "application/octet-stream",
                                 "text/html; charset=utf-16", 'text/html; charset="big5"'])


@st.composite
def html_bytes(draw):
    """An HTML page in some encoding, maybe cut short, maybe with bytes flipped, or plain garbage."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=2000))
    data = draw(HTML).encode(draw(ENCODINGS), errors="replace")
    if data and draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]  # truncated, often inside a multibyte character
    if data and draw(st.integers(0, 3)) == 0:
        i = draw(st.integers(0, len(data) - 1))
        data = data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1:]
    return data


# Known bug, reported to the owner of cleaners/html: a C0 control character (\x1b, \x0c … common in text pasted
# from Word) in the tail of a dropped element makes lxml refuse the edit in cleaners/html/chrome.py drop()
# ("All strings must be XML compatible"), so the page is rejected as `error`. Until it is fixed the generated
# pages carry no such character (test_control_characters_in_a_page_are_not_an_error pins the bug: strict xfail).
_C0 = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
KNOWN_C0_BUG = False


def without_c0(data: bytes) -> bytes:
    return _C0.sub(b"", data) if KNOWN_C0_BUG else data


def without_c0_text(text: str) -> str:
    return without_c0(text.encode("utf-8", "surrogatepass")).decode("utf-8", "surrogatepass")


def _accounted(record, reason) -> None:
    assert isinstance(record, dict) and "id" in record
    assert reason is None or (isinstance(reason, str) and reason)
    # "error" means an exception inside the pipeline: accounted for, but still a bug to fix
    assert reason != "error", record.get("detail")


@FUZZ
@given(html_bytes(), CONTENT_TYPES)
def test_decode_never_raises(data, content_type):
    decoded = decode_html(data, content_type)
    assert isinstance(decoded, Decoded) and isinstance(decoded.text, str)


@FUZZ
@given(HTML, st.sampled_from([None, "http://example.org/art/2024/6/9/art_1_1.html", "not a url", "http://[::1"]))
def test_extract_never_raises(html, url):
    result = extract(without_c0_text(html), url)
    assert isinstance(result, Extracted) and isinstance(result.text, str)
    assert result.reject is None or isinstance(result.reject, str)


@FUZZ
@given(html_bytes(), CONTENT_TYPES)
def test_html_through_the_whole_pipeline_yields_one_answer(data, content_type):
    data = without_c0(data)
    _accounted(*process(RawDoc("fuzz", "html", data, url="http://example.org/a.html", content_type=content_type)))


@pytest.mark.xfail(KNOWN_C0_BUG, strict=True, reason="cleaners/html/chrome.py drop(): control characters in a tail")
def test_control_characters_in_a_page_are_not_an_error():
    _accounted(*process(RawDoc("c0", "html", "<p>科技创新</p><iframe></iframe>\x1b正文".encode("utf-8"))))


@FUZZ
@given(st.one_of(st.binary(max_size=3000), TEXT.map(lambda t: t.encode("utf-8")),
                 st.lists(st.one_of(TEXT, MARKERS), max_size=30).map(lambda ls: "\n".join(ls).encode("gb18030", "replace"))))
def test_text_through_the_whole_pipeline_yields_one_answer(data):
    _accounted(*process(RawDoc("fuzz", "text", data)))


# Known bug, reported to the owner of cleaners/inputs.py: a JSONL record whose title is not a string
# ({"title": true}) ends as `error` (TypeError in the title rule); other non-string fields pass through to
# the output as they are ({"url": 5} → "url": 5).
KNOWN_TITLE_BUG = False


@pytest.mark.xfail(KNOWN_TITLE_BUG, strict=True, reason="cleaners/inputs.py read_jsonl: non-string title")
def test_a_record_with_a_non_string_title_is_not_an_error(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "t", "title": true, "text": "科技创新"}\n', encoding="utf-8")
    assert clean_main(["clean", str(src), "-o", str(tmp_path / "out.jsonl"), "-q"]) == 0
    rejects = (tmp_path / "out.rejects.jsonl").read_text(encoding="utf-8")
    assert '"error"' not in rejects


JSON_VALUE = st.one_of(st.none(), st.booleans(), st.integers(), TEXT, st.lists(TEXT, max_size=2))
RECORD = st.one_of(
    st.fixed_dictionaries({"id": st.one_of(TEXT, st.integers(), st.none())},
                          optional={"html": st.one_of(HTML.map(without_c0_text), JSON_VALUE), "text": st.one_of(TEXT, JSON_VALUE),
                                    "url": JSON_VALUE, "region": JSON_VALUE,
                                    # a non-string title is the known bug below: strings only until it is fixed
                                    "title": TEXT if KNOWN_TITLE_BUG else JSON_VALUE}).map(json.dumps),
    st.text(max_size=60),  # not JSON at all
    st.sampled_from(["[]", "null", "{", '{"html": 1}', "\ufeff{}", "{}" * 3]),
)


@settings(max_examples=max(EXAMPLES // 10, 5), deadline=None, derandomize=EXAMPLES <= 100,
          suppress_health_check=list(HealthCheck))
@given(st.lists(RECORD, min_size=1, max_size=12))
def test_the_clean_command_accounts_for_every_record(tmp_path_factory, lines):
    work = tmp_path_factory.mktemp("fuzzcli")
    src, out = work / "in.jsonl", work / "out.jsonl"
    src.write_text("\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines) + "\n", encoding="utf-8")
    expected = sum(1 for line in src.read_bytes().split(b"\n") if line.strip())  # the reader's idea of a line
    assert clean_main(["clean", str(src), "-o", str(out), "-q"]) == 0
    kept = [r for r in out.read_text(encoding="utf-8").split("\n") if r]
    rejected = [json.loads(r) for r in (work / "out.rejects.jsonl").read_text(encoding="utf-8").split("\n") if r]
    assert len(kept) + len(rejected) == expected
    assert not [r for r in rejected if r["reason"] == "error"]
