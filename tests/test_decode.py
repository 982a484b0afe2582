"""cleaners.decode: raw HTML bytes → text, the encoding decided on each page's own evidence."""
from __future__ import annotations

import codecs
import csv
import html
import json
import random
import re
from pathlib import Path

import pytest

from cleaners.decode import Decoded, decode_html

from .conftest import CWCED, FIXTURES, FIXTURES_ZH as FIXZH

HERE = FIXTURES / "decode"


def _clean(text: str) -> bool:
    return "\ufffd" not in text and "锟斤拷" not in text


def _squash(text: str) -> str:
    """Tags out, entities resolved, whitespace gone: enough to find a ground-truth sentence in a page."""
    return re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]*>", "", text)))


# A sentence with two characters GB2312 lacks (镕 and 喆 are GBK-only): pages labelled gb2312 carry them.
ZH = "朱镕基总理和新华社记者胡喆在北京参观了一个科技创新展览，展示了人工智能和新能源的最新成果。"
GBK_PAGE = f'<html><head><meta charset="gb2312"><title>科技</title></head><body><p>{ZH}</p></body></html>'


# ------------------------------------------------------------------------------------------ real pages

def _cwced_rows() -> list[dict]:
    with open(CWCED / "index.tsv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_cwced_dataset_is_all_there():
    rows = _cwced_rows()
    assert len(rows) == 56
    assert sum(r["charset"].startswith("gb18030") for r in rows) >= 30


@pytest.mark.parametrize("row", _cwced_rows(), ids=lambda r: r["id"][:8])
def test_cwced_page_decodes_cleanly(row):
    data = (CWCED / "html" / f"{row['id']}.html").read_bytes()
    d = decode_html(data)
    assert isinstance(d, Decoded)
    assert _clean(d.text), d.flags
    assert "decode_errors" not in d.flags
    family = "gb18030" if row["charset"].startswith("gb18030") else "utf-8"
    assert d.encoding == family
    if row["charset"] == "utf-8 (BOM)":
        assert d.evidence == "bom" and not d.text.startswith("\ufeff")
    gt = (CWCED / "gt" / f"{row['id']}.txt").read_text(encoding="utf-8")
    head = re.sub(r"\s+", "", gt)[:20]
    assert head in _squash(d.text)


def test_cwced_gbk_punctuation_is_read_as_gbk_not_gb2312():
    # gb2312's Python table maps A1AA to U+2015 and A1A4 to U+30FB; GBK/GB18030 (and the ground truth)
    # have the em dash U+2014 and the middle dot U+00B7. A gb2312 reading (what charset-normalizer picks,
    # so trafilatura's decode_file) gets these wrong.
    data = (CWCED / "html" / "6820ebe7-83ad-4876-babc-dcc92bf7d2df.html").read_bytes()
    d = decode_html(data)
    assert "——" in d.text and "―" not in d.text
    assert data.decode("gb2312", "replace") != d.text
    gt = (CWCED / "gt" / "6820ebe7-83ad-4876-babc-dcc92bf7d2df.txt").read_text(encoding="utf-8")
    assert "——" in gt


def test_cwced_unlabelled_gbk_page_is_sniffed():
    data = (CWCED / "html" / "455de1c0-8332-4c76-aca6-724d22f840fd.html").read_bytes()
    assert b"charset" not in data.lower()
    d = decode_html(data)
    assert (d.encoding, d.evidence, d.flags) == ("gb18030", "sniff", [])


def test_cwced_script_charset_attribute_is_not_a_page_label():
    # the only "charset" in this UTF-8 page is <script charset="gb2312">: not a declaration of the page
    data = (CWCED / "html" / "064b591b-3cac-4a08-88d0-41c193a2350d.html").read_bytes()
    assert b'<script' in data and b'charset="gb2312"' in data
    d = decode_html(data)
    assert (d.encoding, d.evidence, d.flags) == ("utf-8", "sniff", [])


def _fixzh_pages() -> list[tuple[str, Path, str, str | None]]:
    """(id, html, expected encoding, a title or sentence the decoded page must contain)"""
    pages = []
    evaldata = json.loads((FIXZH / "trafilatura" / "expected.evaldata.json").read_text(encoding="utf-8"))
    for entry in evaldata.values():
        path = FIXZH / "trafilatura" / "html" / entry["file"]
        enc = "gb18030" if entry["file"].startswith("archive.org.he.xinhuanet") else "utf-8"
        pages.append((entry["file"][:30], path, enc, entry["title"].strip()))
    for name in ("gmw", "qq", "youth", "pixnet"):
        meta = json.loads((FIXZH / "readability" / name / "expected-metadata.json").read_text(encoding="utf-8"))
        pages.append((name, FIXZH / "readability" / name / "source.html", "utf-8", meta["title"]))
    people = json.loads((FIXZH / "fundus" / "People.json").read_text(encoding="utf-8"))
    sentence = people["V1"]["body"]["sections"][0]["paragraphs"][2][:30]
    pages.append(("people", FIXZH / "fundus" / "People_2024_04_24.html", "utf-8", sentence))
    return pages


@pytest.mark.parametrize("page", _fixzh_pages(), ids=lambda p: p[0])
def test_fixtures_zh_page_decodes(page):
    _, path, enc, expected = page
    data = path.read_bytes()
    d = decode_html(data)
    assert d.encoding == enc
    assert _squash(expected) in _squash(d.text)
    if path.name == "People_2024_04_24.html":
        # the upstream file itself carries two U+FFFD (EF BF BD, a broken 喆 in a byline): the decode is
        # right and exact, and says so
        assert data.count(b"\xef\xbf\xbd") == 2
        assert d.text == data.decode("utf-8")
        assert "decode_errors" in d.flags
    else:
        assert _clean(d.text) and "decode_errors" not in d.flags


@pytest.mark.parametrize("path", ["readability/qq/source.html", "fundus/People_2024_04_24.html"])
def test_fixtures_zh_stale_gb2312_meta_on_utf8(path):
    data = (FIXZH / path).read_bytes()
    assert re.search(rb'<meta[^>]*charset=gb2312', data, re.I)
    d = decode_html(data)
    assert d.encoding == "utf-8"
    assert "label_mismatch" in d.flags
    # what the label alone would give: GB18030 mojibake
    assert data.decode("gb18030", "replace") != d.text


def test_fixtures_zh_late_meta_after_archive_toolbar():
    # the Wayback toolbar's <script charset="utf-8"> tags come first; the page's gb2312 meta after them
    data = (FIXZH / "trafilatura/html/archive.org.he.xinhuanet.com.25340717.html").read_bytes()
    assert data.find(b'charset="utf-8"') < data.lower().find(b"charset=gb2312")
    d = decode_html(data)
    assert (d.encoding, d.evidence, d.flags) == ("gb18030", "meta", [])
    assert "话剧《约定无期限》" in d.text


# ------------------------------------------------------------------------------------------ small bytes

def test_bom_utf8_wins_over_meta_and_is_stripped():
    data = codecs.BOM_UTF8 + '<meta charset="gbk"><p>中文新闻</p>'.encode("utf-8")
    d = decode_html(data, "text/html; charset=gbk")
    assert (d.text, d.encoding, d.evidence, d.flags) == ('<meta charset="gbk"><p>中文新闻</p>', "utf-8", "bom", [])


@pytest.mark.parametrize("codec,bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_bom_utf16(codec, bom):
    text = '<html><meta charset="utf-8"><p>地方新闻：科技创新</p></html>'
    d = decode_html(bom + text.encode(codec), "text/html; charset=gbk")
    assert (d.text, d.encoding, d.evidence, d.flags) == (text, codec, "bom", [])


def test_http_header_wins_over_meta():
    # GBK bytes, header says GBK, a copied-in meta says utf-8: the header is believed, no override needed
    data = GBK_PAGE.replace("gb2312", "utf-8").encode("gb18030")
    d = decode_html(data, "text/html; charset=GBK")
    assert (d.encoding, d.evidence, d.flags) == ("gb18030", "http", [])
    assert ZH in d.text
    # UTF-8 bytes, header utf-8, meta gb2312: header again
    d = decode_html(GBK_PAGE.encode("utf-8"), 'text/html; charset="UTF-8"')
    assert (d.encoding, d.evidence, d.flags) == ("utf-8", "http", [])


def test_meta_wins_when_header_has_no_charset():
    d = decode_html(GBK_PAGE.encode("gb18030"), "text/html")
    assert (d.encoding, d.evidence, d.flags) == ("gb18030", "meta", [])


def test_stale_gb2312_meta_on_utf8_bytes():
    data = GBK_PAGE.encode("utf-8")
    d = decode_html(data)
    assert d.text == GBK_PAGE
    assert (d.encoding, d.evidence) == ("utf-8", "sniff")
    assert d.flags == ["label_mismatch"]


def test_gb2312_label_with_gbk_only_characters():
    data = GBK_PAGE.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")  # the label taken literally fails on 镕 and 喆
    d = decode_html(data)
    assert (d.encoding, d.evidence, d.flags) == ("gb18030", "meta", [])
    assert "朱镕基" in d.text and "胡喆" in d.text


@pytest.mark.parametrize("label", ["x-gbk", "GBK", "cp936", "GB_2312-80", "euc-cn", "windows-936"])
def test_gb_label_aliases_read_as_gb18030(label):
    d = decode_html(GBK_PAGE.replace("gb2312", label).encode("gb18030"))
    assert (d.encoding, d.evidence, d.flags) == ("gb18030", "meta", [])


def test_utf8_label_on_gbk_bytes():
    data = GBK_PAGE.replace("gb2312", "utf-8").encode("gb18030")
    d = decode_html(data)
    assert ZH in d.text
    assert d.encoding == "gb18030" and d.evidence == "sniff"
    assert d.flags == ["label_mismatch"]


def test_latin1_server_default_header_on_gbk_page():
    # a server default of ISO-8859-1 must not turn a Chinese page into cp1252 mojibake
    d = decode_html(GBK_PAGE.encode("gb18030"), "text/html; charset=ISO-8859-1")
    assert (d.encoding, d.evidence, d.flags) == ("gb18030", "meta", ["label_mismatch"])
    d = decode_html(GBK_PAGE.replace('<meta charset="gb2312">', "").encode("gb18030"), "text/html; charset=iso-8859-1")
    assert ZH in d.text and d.encoding == "gb18030" and "label_mismatch" in d.flags


def test_big5_with_big5_label():
    data = (HERE / "big5_pixnet.html").read_bytes()
    assert b"charset=big5" in data
    d = decode_html(data)
    assert d.text == data.decode("big5")
    assert (d.encoding, d.evidence, d.flags) == ("big5hkscs", "meta", [])
    assert "新竹尖石鄉後山一帶層層山巒" in d.text


def test_big5_without_label_is_not_read_as_gb18030():
    data = (HERE / "big5_pixnet.html").read_bytes().replace(b"; charset=big5", b"")
    assert b"charset" not in data
    data.decode("gb18030")  # Big5 bytes are valid GB18030: strictness alone cannot tell them apart
    d = decode_html(data)
    assert d.text == data.decode("big5")
    assert (d.encoding, d.evidence, d.flags) == ("big5hkscs", "sniff", [])


@pytest.mark.parametrize("header", ["text/html; charset=utf-8", "text/html; charset=gb2312"])
def test_big5_bytes_under_a_wrong_label(header):
    data = (HERE / "big5_pixnet.html").read_bytes().replace(b"; charset=big5", b"")
    d = decode_html(data, header)
    assert d.text == data.decode("big5")
    assert d.encoding == "big5hkscs" and "label_mismatch" in d.flags


def test_big5_label_needs_hkscs_or_cp950():
    hk = "香港嘅天氣好熱，佢哋啱啱去咗海灘。"
    data = f'<meta charset="big5"><p>{hk}</p>'.encode("big5hkscs")
    with pytest.raises(UnicodeDecodeError):
        data.decode("big5")
    d = decode_html(data)
    assert hk in d.text and (d.encoding, d.flags) == ("big5hkscs", [])
    euro = '<meta charset="big5"><p>價格：€100</p>'.encode("cp950")
    d = decode_html(euro)
    assert "€100" in d.text and (d.encoding, d.flags) == ("cp950", [])


def test_gb18030_lead_0x80_is_the_euro_sign():
    # the WHATWG GB18030 decoder (and cp936) read a lone 0x80 as €; Python's gb18030 codec rejects it
    d = decode_html(b'<meta charset="gbk"><p>\x80100 \xd6\xd0\xce\xc4</p>')
    assert (d.text, d.evidence, d.flags) == ('<meta charset="gbk"><p>€100 中文</p>', "meta", [])
    d = decode_html(b"<p>\x80" + "100 元的科技新闻</p>".encode("gbk"))
    assert (d.text, d.encoding, d.evidence, d.flags) == ("<p>€100 元的科技新闻</p>", "gb18030", "sniff", [])


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("content_type", [None, "text/html; charset=gbk", "text/html; charset=utf-8",
                                          "text/html; charset=big5", "text/html; charset=nonsense"])
def test_random_bytes_never_raise_and_are_flagged(seed, content_type):
    rng = random.Random(seed)
    data = bytes(rng.randrange(256) for _ in range(4000))
    d = decode_html(data, content_type)
    assert isinstance(d.text, str) and d.text
    assert "decode_errors" in d.flags
    expected = {"text/html; charset=gbk": "gb18030", "text/html; charset=utf-8": "utf-8",
                "text/html; charset=big5": "big5hkscs"}.get(content_type)
    if expected:
        # no reading of garbage is better than another: the declaration stands, flagged
        assert (d.encoding, d.evidence) == (expected, "http") and "label_mismatch" not in d.flags
    else:
        assert d.evidence == "fallback"


def test_empty_bytes():
    assert decode_html(b"") == Decoded("", "utf-8", "fallback", [])
    assert decode_html(b"", "text/html; charset=gbk").text == ""


def test_truncated_utf8_stays_utf8():
    data = GBK_PAGE.encode("utf-8")
    cut = data[: data.index("最新".encode()) + 4]  # ends inside 新
    d = decode_html(cut.replace(b"gb2312", b"utf-8"))
    assert d.encoding == "utf-8" and d.text.endswith("最\ufffd")
    assert "truncated" in d.flags and "decode_errors" in d.flags and "label_mismatch" not in d.flags


def test_utf8_page_with_a_stray_byte_keeps_utf8():
    data = GBK_PAGE.replace("gb2312", "utf-8").encode("utf-8").replace(b"<p>", b"<p>\xb0", 1)
    d = decode_html(data)
    assert d.encoding == "utf-8" and ZH in d.text
    assert "decode_errors" in d.flags and "label_mismatch" not in d.flags


def test_gbk_page_with_a_stray_byte_keeps_gb18030():
    data = GBK_PAGE.encode("gb18030").replace(b"<p>", b"<p>\x81 ", 1)
    for page in (data, data.replace(b'<meta charset="gb2312">', b"")):
        d = decode_html(page)
        assert d.encoding == "gb18030" and ZH in d.text and "decode_errors" in d.flags


def test_mojibake_marker_is_flagged():
    data = '<meta charset="gbk"><p>锟斤拷的新闻标题和正文内容都在这里</p>'.encode("gbk")
    d = decode_html(data)
    assert "锟斤拷" in d.text and "decode_errors" in d.flags


def test_meta_inside_a_comment_is_ignored():
    data = ('<html><head><!-- <meta charset="big5"> --><meta charset="gbk"></head>'
            f"<body><p>{ZH}</p></body></html>").encode("gb18030")
    d = decode_html(data)
    assert (d.encoding, d.evidence, d.flags) == ("gb18030", "meta", [])


def test_meta_far_into_the_page_is_found():
    filler = "<script>var x = 1;</script>\n" * 600  # ~17 KB before the declaration
    page = f"<html><head>{filler}<meta http-equiv=Content-Type content='text/html; charset=GBK'></head><body><p>{ZH}</p>"
    d = decode_html(page.encode("gb18030"))
    assert len(filler) > 8192
    assert (d.encoding, d.evidence, d.flags) == ("gb18030", "meta", [])


@pytest.mark.parametrize("data,content_type", [
    (b"<p>plain ascii</p>", "text/html; charset=utf-7"),
    (b"<p>plain ascii</p>", b"text/html; charset=gbk"),
    (bytearray("<p>中文</p>".encode("utf-8")), None),
    (b"\x00\x01\x02\xff\xfe", "charset="),
    (b'<meta charset="x-user-defined"><p>\xd6\xd0</p>', "text/html; charset=\"\""),
])
def test_odd_inputs_do_not_raise(data, content_type):
    d = decode_html(data, content_type)
    assert isinstance(d, Decoded) and isinstance(d.text, str)
