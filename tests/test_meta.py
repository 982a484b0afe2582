"""Metadata read from the HTML (cleaners/html/meta.py) on real pages: what it must take and what it must not."""
from pathlib import Path

import pytest

from cleaners.decode import decode_html
from cleaners.extract import extract
from cleaners.html.meta import extract_metadata
from cleaners.html.parse import parse_html

from .conftest import CWCED, DATA

DEVSET = DATA / "devset"


def page(name: str) -> Path:
    return DEVSET / "html" / f"{name}.html"


def cwced(prefix: str) -> Path:
    return next((CWCED / "html").glob(f"{prefix}*.html"))


def ex(path: Path):
    return extract(decode_html(path.read_bytes()).text)


# --- source -------------------------------------------------------------------------------------------

def test_the_printed_source_label_beats_the_source_meta():
    # <meta name="source" content="新华社"> over the printed "来源：新华网"
    assert ex(page("a-xinhua-1")).source == "新华网"


@pytest.mark.parametrize("name", ["b-tw-setn-1", "b-ettoday-2", "b-tw-chinatimes-1"])
def test_a_source_meta_that_names_the_site_itself_is_no_source(name):
    # <meta name="source"> = <meta name="author"> = "三立新聞網" / og:site_name "中時電子報" on every page of the site
    assert ex(page(name)).source is None


def test_a_source_meta_naming_another_publisher_is_kept():
    assert ex(cwced("d232c5df")).source == "内蒙古日报"   # a government portal's ContentSource


# --- title --------------------------------------------------------------------------------------------

def test_an_og_title_that_is_only_the_site_name_gives_way_to_the_headline_line():
    # og:title "-公視新聞網", <title> "公共電視台 新聞網"; the headline sits in a <td> above the body
    assert ex(page("b-pts-1")).title == "中風年輕化 劉泰英14歲孫子腦溢血"


def test_a_site_title_gives_way_to_a_headline_in_a_styled_div():
    # <title>中國廣播公司全球資訊網</title>; <div class="tt26">強烈大陸冷氣團明發威 愈晚愈冷</div>
    assert ex(page("b-bcc-1")).title == "強烈大陸冷氣團明發威 愈晚愈冷"


def test_a_short_title_that_the_heading_repeats_is_the_headline():
    # a WeChat post: <title>关于音乐</title> and the same heading; the account's name is printed three times
    assert ex(page("d-weixin-3")).title == "关于音乐"


def test_a_section_heading_above_the_body_does_not_replace_a_title_the_heading_backs():
    # <title> and the heading say "一分钟了解互联网动静分离架构"; the body starts under "一、静态页面"
    assert ex(page("d-weixin-11")).title == "一分钟了解互联网动静分离架构"


def test_a_breadcrumb_is_no_headline():
    assert ex(page("e-163-40")).title == "深圳基金业救市倡议书：市场随时会逆转"


def test_an_og_title_cut_at_an_inner_quote_is_completed_by_the_heading():
    # og:title written with ASCII quotes inside: the parser ends the attribute at the inner quote
    html = ('<html><head><meta property="og:title" content="习近平："要有"/><title>x</title></head><body>'
            '<h1>习近平："要有信心"</h1><div id="c"><p>' + "习近平说要有信心，并讲了很多话。" * 20 + "</p></div></body></html>")
    root = parse_html(html)
    assert extract_metadata(root, root.get_element_by_id("c")).title == '习近平："要有信心"'


# --- author -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, author", [
    ("a-upmedia-1", "范姜佳钰"),   # 上報快訊／范姜佳鈺, a link under the headline
    ("a-udn-1", "林宸谊"),         # <span>2020-10-04 15:05</span>聯合報 記者林宸誼／即時報導
])
def test_a_credit_line_under_the_headline_gives_the_author(name, author):
    assert ex(page(name)).author == author


@pytest.mark.parametrize("name, author", [
    ("a-163-3", "冀勇庆"),            # <span class="con1_author">冀勇庆</span>
    ("e-163-7", "maomaobear"),        # a pen name in the same box
    ("b-tw-chinatimes-1", "谢明俊"),  # <div class="author"><a>謝明俊</a></div>, read in simplified script
])
def test_an_element_marked_as_the_author_gives_a_name_alone(name, author):
    assert ex(page(name)).author == author


def test_no_author_from_menu_entries_or_a_box_with_buttons():
    assert ex(cwced("2397c95d")).author is None   # "文章处理费" in the journal's menu above the body
    assert ex(cwced("274a65d9")).author is None   # "记者博客" in a paper's menu
    assert ex(page("d-weixin-12")).author is None  # "迷死氧 赞赏": the name and its reward button


def test_a_name_pattern_is_asked_only_of_text_that_holds_its_label_word():
    from cleaners.html.meta import _AUTHOR_LABEL, _AUTHOR_WORDS, _labelled

    assert _labelled(_AUTHOR_LABEL, "2020-01-01 来源：新华网", _AUTHOR_WORDS) is None
    assert _labelled(_AUTHOR_LABEL, "来源：新华网 作者：赵婕", _AUTHOR_WORDS)["v"] == "赵婕"
