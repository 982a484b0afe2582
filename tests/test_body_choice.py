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


# a-cna-1: two "read also" links set loose among the paragraphs (the page boxes them; here they stand bare, so
# that no rule of ours tells them from the article's lines)
_LOOSE_LINKS = (
    '<div class="paragraph"><p>（中央社記者溫貴香台北21日電）行政院副院長鄭文燦今天表示，這一波是全球性的雞蛋減產的問題，'
    "美國與日本蛋價上漲也非常驚人，也出現蛋荒的現象，目前日產量與需求數有個差距，必須進口。</p>"
    '<div><a class="insert" href="https://www.cna.com.tw/news/ahel/202302210104.aspx"><span>雞蛋較春節後淡季少百萬顆 '
    "通路多為中高價產品</span></a></div>"
    '<div><a class="insert" href="https://www.cna.com.tw/news/ahel/202302200093.aspx"><span>陳吉仲：天氣回穩 '
    "雞蛋2月下旬可逐步恢復產量</span></a></div>"
    "<p>他說，包括種雞進口，包括換羽結束後可以增產，農委會預估3月初才能夠緩解，所以目前拜託各通路能夠分時段來供應，"
    "分時段供應也是很重要。</p></div>")


def test_the_second_opinion_is_asked_on_an_unsure_body_and_recorded():
    page = f"<html><head><title>t</title></head><body><article>{_LOOSE_LINKS}</article></body></html>"
    assert not any(flag.startswith("second_opinion") for flag in extract(page).flags)
    assert "雞蛋較春節後淡季少百萬顆" in extract(page).text  # what the second opinion is for
    ex = extract(page, second_opinion=True)  # off by default: it costs ~12%
    assert "second_opinion" in ex.flags
    assert "雞蛋較春節後淡季少百萬顆" not in ex.text
    assert squeeze("他說，包括種雞進口，包括換羽結束後可以增產") in squeeze(ex.text)


def test_a_sure_body_asks_no_second_opinion():
    ex = extract(html_of(DEVSET / "html" / "b-tw-cna-1.html"), second_opinion=True)
    assert not any(flag.startswith("second_opinion") for flag in ex.flags)


def test_two_headlines_boxed_between_paragraphs_go():
    # a-cna-1: a "read also" insert of two links set between two paragraphs
    from cleaners.html.headlines import drop_headline_runs
    body = lxml.html.fromstring(
        "<div class='paragraph'><p>（中央社記者溫貴香台北21日電）行政院副院長鄭文燦今天表示，這一波是全球性的雞蛋減產的問題。</p>"
        "<div class='media'><div class='insertGroup'>"
        "<div><a class='insert' href='https://www.cna.com.tw/news/ahel/202302210104.aspx'><span>雞蛋較春節後淡季少百萬顆 通路多為中高價產品</span></a></div>"
        "<div><a class='insert' href='https://www.cna.com.tw/news/ahel/202302200093.aspx'><span>陳吉仲：天氣回穩 雞蛋2月下旬可逐步恢復產量</span></a></div>"
        "</div></div><p>他說，包括種雞進口，包括換羽結束後可以增產，農委會預估3月初才能夠緩解。</p></div>")
    assert drop_headline_runs(body) == 2
    assert "雞蛋較春節後" not in body.text_content() and "換羽結束後" in body.text_content()


def test_section_labels_inside_a_box_of_headlines_do_not_break_it():
    # a-163-6: "重点推荐" after the story, headlines in twos under bold section labels
    box = ('<div><p><b>行业动态</b></p>'
           '<p><a href="http://money.163.com/15/0704/07/ATLNAMN400253B0H.html">航空股：即将迎来航空旺季 业绩向好提升股价</a></p>'
           '<p><a href="http://money.163.com/15/0704/07/ATLNAMMH00253B0H.html">光伏产业获政策强力扶持 基金掘金相关概念股</a></p>'
           '<p><b>公司新闻</b></p>'
           '<p><a href="http://money.163.com/15/0704/06/ATLLOD9T002526O3.html">泸州老窖换届新目标遭质疑 少壮派上位面临压力</a></p>'
           '</div>')
    story = ("<p>坚定信心、众志成城。资本市场是金融体系的重要组成部分，也是我们这些上市公司赖以生存的金融平台。"
             "我们要竭尽全力保障股东及广大投资人的权益。我们矢志对投资人负责、对监管机构负责、更对我们赖以安身立命的企业负责。</p>"
             "<p>此刻，我们在行动！</p><p>中关村上市公司协会</p>")
    body = lxml.html.fromstring(f"<div>{story}{box}</div>")
    assert drop_headline_runs(body) == 5  # three headlines and their two labels
    assert squeeze(body.text_content()) == squeeze(lxml.html.fromstring(f"<div>{story}</div>").text_content())
    # a line of the article's, with words and punctuation, breaks the run
    told = lxml.html.fromstring(f"<div>{story}{box.replace('<b>公司新闻</b>', '我们必将不断提升经营管理水平。')}</div>")
    assert drop_headline_runs(told) == 0


def test_links_alone_at_the_end_of_the_body_go():
    # c-shgjj-1: after the notice's signature, a link to its PDF and one to its Q&A page
    from cleaners.html.headlines import drop_trailing_links
    body = lxml.html.fromstring(
        "<div id='zoom'><p>二、符合规定条件的生产经营困难企业，可以按照本市降低住房公积金缴存比例或缓缴住房公积金管理办法申请降低住房"
        "公积金缴存比例或缓缴住房公积金。企业申请降低缴存比例可至5%以下。企业申请降低缴存比例或缓缴住房公积金的，须经本单位职工代表"
        "大会或者工会讨论通过，向市公积金管理中心提出申请。</p>"
        "<p>三、本通知自发布之日起施行。此前发布的规定与本通知规定不一致的，以本通知为准。</p>"
        "<p style='text-align: right'>上海市住房公积金管理委员会</p><p style='text-align: right'>二〇一八年六月二十日</p>"
        "<p>&nbsp;&nbsp;&nbsp; <a href='/html/zyxw/img/20180625150527133.pdf'><span style='color: #ff0000'>《补充通知》PDF文件下载</span></a></p>"
        "<p>&nbsp;&nbsp;&nbsp; <a href='/html/zyxw/101775.html' target=_blank><span style='color: #ff0000'>《关于调整2018年度上海市住房公积金缴存比例的补充通知》的问答</span></a></p></div>")
    assert drop_trailing_links(body) == 2
    assert "PDF文件下载" not in body.text_content() and "二〇一八年六月二十日" in body.text_content()


def test_attachments_inline_links_and_buttons_at_the_end_stay():
    from cleaners.html.headlines import drop_trailing_links
    end = "<p>三、本通知自发布之日起施行。此前发布的规定与本通知规定不一致的，以本通知为准。</p>"
    # the files a notice attaches, under their label
    attached = lxml.html.fromstring(f"<div>{end}<p>附件：</p><p><a href='/files/1.pdf'>1.缴存比例申请表</a></p></div>")
    assert drop_trailing_links(attached) == 0
    # d-jianshu-1: a reference whose URL is a link, inside its line
    reference = lxml.html.fromstring(
        f"<div>{end}<p>[6] MySQL5.1参考手册 – <a href='http://dev.mysql.com/doc/refman/5.1/zh/index.html'>"
        "http://dev.mysql.com/doc/refman/5.1/zh/index.html</a></p></div>")
    assert drop_trailing_links(reference) == 0
    # d-weixin-12: the 赞赏 button is the page's own, href="##", and the text rules read it
    button = lxml.html.fromstring(f"<div>{end}<p><a href='##'>赞赏</a></p></div>")
    assert drop_trailing_links(button) == 0


def test_a_name_heading_under_the_title_is_the_byline():
    # c-geekonomics-1: <h2>title</h2><h5>pen name</h5>, then the post
    from cleaners.html.headlines import byline_under_title
    post = lxml.html.fromstring(
        '<div id="post-988"><h2 class="post-title">权威的合法性从哪里来？</h2><h5>同人于野</h5><br>'
        '<div class="post-content clearfix"><p>（首发于<a href="https://m.igetget.com/try/column/cid/13">“得到”App付费专栏</a>'
        "，2016年8月18日）</p></div></div>")
    assert byline_under_title(post, "权威的合法性从哪里来？").text == "同人于野"
    ex = extract(html_of(DEVSET / "html" / "c-geekonomics-1.html"))
    assert ex.author == "同人于野" and "同人于野" not in ex.text
    # a subtitle is a phrase, and a heading of the same rank is a section
    sub = lxml.html.fromstring('<div><h2>权威的合法性从哪里来？</h2><h4>从格拉德威尔的书说起，谈谈权威</h4></div>')
    assert byline_under_title(sub, "权威的合法性从哪里来？") is None
    same = lxml.html.fromstring('<div><h2>权威的合法性从哪里来？</h2><h2>同人于野</h2></div>')
    assert byline_under_title(same, "权威的合法性从哪里来？") is None
    # h-adu-4: a first section's heading, a rank the post uses again
    sections = lxml.html.fromstring(
        '<div class="post-container"><h1>大一学年总结</h1><h2 id="前言">前言</h2><p>现在是凌晨零点三十分，我在一些个伤感BGM下写下这个总结。</p>'
        '<h2 id="一切开始的地方">一切开始的地方</h2><p>写这个总结的初衷主要是为了记录这一年发生了的太多的事。</p></div>')
    assert byline_under_title(sections, "大一学年总结") is None
