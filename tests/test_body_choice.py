"""Which block is the article on unseen pages: foreign-language boxes, code listings, headline lists inside the
body, a short marked article among many links, and trafilatura's second opinion when our choice is unsure."""
import lxml.html

from cleaners.extract import extract
from cleaners.html.density import Stats, is_chinese, is_code_or_english, measure
from cleaners.html.headlines import drop_headline_runs, is_headline_link
from cleaners.html.second_opinion import is_unsure, links_it_left_out

from .test_extract import DEVSET, html_of, squeeze

# --- density: what counts as the article's prose ---------------------------------------------------------


def test_a_box_in_english_or_japanese_is_no_chinese_prose():
    # the "go to our English / Japanese site" box of a Taiwanese news site
    assert not is_chinese("Your browser does not appear to support Traditional Chinese. Would you like to go to "
                          "CNA’s English website,  “Focus Taiwan\" ?")
    assert not is_chinese("こちらのページは繁体字版です。日本語版「フォーカス台湾」に移動しますか。")
    # Chinese with a few English words stays Chinese
    assert is_chinese("然而在資訊快速傳播的今日，只要上網google一下就可以抓到全球資訊，不會被唬弄")


def test_a_code_listing_is_neither_prose_nor_chrome_but_a_url_line_is_chrome():
    assert is_code_or_english("EXPLAIN SELECT * FROM employees.titles WHERE emp_no='10001' AND title LIKE 'Senior%';")
    assert not is_code_or_english("Trackback: http://tb.donews.net/TrackBack.aspx?PostId=543698")
    assert not is_code_or_english("2014/10/25 19:55:00")


def test_foreign_text_adds_nothing_to_either_side():
    page = lxml.html.fromstring(
        "<div><p>Your browser does not appear to support Traditional Chinese. Would you like to go to "
        "CNA’s English website,  “Focus Taiwan\" ?</p><p>SHOW INDEX FROM employees.titles; +--------+------------+ | Table | "
        "Non_unique | Key_name |</p></div>")
    st = measure(page)[page]
    assert (st.prose, st.other) == (0, 0)


def test_the_article_beats_a_hidden_box_of_other_languages():
    ex = extract(html_of(DEVSET / "html" / "b-tw-cna-1.html"))
    text = squeeze(ex.text)
    assert squeeze("（中央社記者邱俊欽桃園19日電）桃園市平鎮區一家輪胎行今天清晨發生大火") in text
    assert "Yourbrowser" not in text and "こちらのページ" not in text


# --- headline lists inside the body ---------------------------------------------------------------------

_ARTICLE_END = ("<p>特別是台灣未來經濟走向勢必要與他國做經貿結盟，無論是透過中國間接擁抱世界還是直接面對世界，"
                "都有它的風險。</p>")


def _body(items: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<div>{_ARTICLE_END}<div>{items}</div></div>")


def test_a_list_of_headlines_after_the_article_goes():
    body = _body('<p><a href="/news/20141211/437573.htm?from=easynews">彭明輝／台灣真的會更好嗎？</a></p>'
                 '<p><a href="/news/20141212/437572.htm?from=easynews">彭明輝／火車出軌不能只想換司機</a></p>'
                 '<p><a href="/news/20141125/429986.htm?from=easynews">評／連勝文再爛，都比柯文哲好！</a></p>')
    assert drop_headline_runs(body) == 3
    assert squeeze(body.text_content()) == squeeze(lxml.html.fromstring(_ARTICLE_END).text_content())


def test_two_links_or_links_broken_by_text_stay():
    two = _body('<p><a href="/news/20141211/437573.htm">彭明輝／台灣真的會更好嗎？</a></p>'
                '<p><a href="/news/20141212/437572.htm">彭明輝／火車出軌不能只想換司機</a></p>')
    assert drop_headline_runs(two) == 0
    broken = _body('<p><a href="/news/20141211/437573.htm">彭明輝／台灣真的會更好嗎？</a></p>'
                   '<p>他說，包括種雞進口，包括換羽結束後可以增產。</p>'
                   '<p><a href="/news/20141212/437572.htm">彭明輝／火車出軌不能只想換司機</a></p>'
                   '<p><a href="/news/20141125/429986.htm">評／連勝文再爛，都比柯文哲好！</a></p>')
    assert drop_headline_runs(broken) == 0


def test_attachments_and_anchors_are_no_headlines():
    a = lxml.html.fromstring
    assert not is_headline_link(a('<a href="http://www.banyuetan.org/download/中国互联网禁毒公约.doc">中国互联网禁毒公约</a>'))
    assert not is_headline_link(a('<a href="#.E7.AE.80.E4.BB.8B">1 简介 个人生活背景</a>'))
    assert not is_headline_link(a('<a href="/list/headlines.aspx">聚焦新聞</a>'))  # a label
    # the websites an answer recommends are its content, not other stories
    assert not is_headline_link(a('<a href="https://pixabay.com/">https://pixabay.com/</a>'))
    assert is_headline_link(a('<a href="/news/20141211/437573.htm?from=easynews">彭明輝／台灣真的會更好嗎？</a>'))


def test_a_body_of_headlines_is_not_cut():
    body = lxml.html.fromstring(
        "<div><p>今日要闻。</p>"
        '<p><a href="/news/20141211/437573.htm">彭明輝／台灣真的會更好嗎？</a></p>'
        '<p><a href="/news/20141212/437572.htm">彭明輝／火車出軌不能只想換司機</a></p>'
        '<p><a href="/news/20141125/429986.htm">評／連勝文再爛，都比柯文哲好！</a></p></div>')
    assert drop_headline_runs(body) == 0


def test_the_more_stories_list_inside_the_article_column_goes():
    ex = extract(html_of(DEVSET / "html" / "b-ettoday-2.html"))
    assert "headlines_dropped" in ex.flags
    assert "彭明輝／台灣真的會更好嗎？" not in ex.text
    assert ex.text.rstrip().endswith("台灣需要的是有遠見有能力解決問題的領導者而不是製造對立的麻煩製造者！") or \
        "●作者李武忠" in ex.text


# --- list-page verdict ----------------------------------------------------------------------------------

def test_a_short_marked_article_among_many_links_is_an_article():
    ex = extract(html_of(DEVSET / "html" / "e-163-41.html"))
    assert ex.reject is None
    assert len(squeeze(ex.text)) > 250


# --- the second opinion ---------------------------------------------------------------------------------

def test_a_body_mostly_prose_is_sure_and_one_a_third_links_is_not():
    assert not is_unsure(Stats(prose=1200, other=60))
    assert is_unsure(Stats(prose=918, other=390))
    assert not is_unsure(Stats())


def test_only_link_blocks_trafilatura_also_left_out_are_named():
    body = lxml.html.fromstring(
        "<div><p>鄭文燦晚間出席中華民國全國商業總會112年新春聯誼晚宴前，被媒體問到有關缺蛋問題。</p>"
        '<div><a href="https://www.cna.com.tw/news/ahel/202302210104.aspx">雞蛋較春節後淡季少百萬顆 通路多為中高價產品</a></div>'
        '<div><a href="https://www.cna.com.tw/news/ahel/202302200093.aspx">陳吉仲：天氣回穩 雞蛋2月下旬可逐步恢復產量</a></div>'
        "</div>")
    theirs = "鄭文燦晚間出席中華民國全國商業總會112年新春聯誼晚宴前，被媒體問到有關缺蛋問題。\n陳吉仲：天氣回穩 雞蛋2月下旬可逐步恢復產量"
    left_out = links_it_left_out(body, theirs)
    assert [squeeze(el.text_content()) for el in left_out] == [squeeze("雞蛋較春節後淡季少百萬顆 通路多為中高價產品")]


def test_the_second_opinion_is_asked_on_an_unsure_body_and_recorded():
    assert not any(flag.startswith("second_opinion") for flag in extract(html_of(DEVSET / "html" / "a-cna-1.html")).flags)
    ex = extract(html_of(DEVSET / "html" / "a-cna-1.html"), second_opinion=True)  # off by default: it costs ~12%
    assert "second_opinion" in ex.flags
    assert "雞蛋較春節後淡季少百萬顆" not in ex.text
    assert squeeze("他說，包括種雞進口，包括換羽結束後可以增產") in squeeze(ex.text)


def test_a_sure_body_asks_no_second_opinion():
    ex = extract(html_of(DEVSET / "html" / "b-tw-cna-1.html"), second_opinion=True)
    assert not any(flag.startswith("second_opinion") for flag in ex.flags)
