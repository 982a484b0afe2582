"""Chrome found in the markup: captions the template names, form labels, picture-and-link panels.

The markup is cut from real pages of tests/data/devset (named at each test); the article around it is real
text from the same pages."""
from cleaners.extract import extract
from cleaners.html.captions import drop_captions
from cleaners.html.parse import parse_html
from cleaners.html.widgets import picture_link_panels

STORY = ("<p>香港行政长官梁振英在各方压力下就其大宅的违章建筑（僭建）问题到立法会接受质询，并向香港民众道歉。</p>"
         "<p>梁振英此前承认早在去年参选行政长官之前就已知悉其住宅的违建问题，引发诚信危机。</p>"
         "<p>梁振英在星期二（12月10日）的答问大会开始之际在其演说中道歉，但强调他在违章建筑问题上没有隐瞒的意图和动机。</p>"
         "<p>不过泛民主派议员们普遍指责梁振英撒谎，要求他马上辞职下台。</p>"
         "<p>一些亲北京阵营议员欢迎梁振英道歉，且认为应能获得香港民众接受，但这些议员也质问梁振英有否向执法部门施压。</p>")


def page(body: str) -> str:
    return f"<html><head><title>t</title></head><body><div class='main'>{body}</div></body></html>"


def container(html: str):
    return parse_html(page(html)).find(".//div")


def test_a_sentence_the_template_calls_a_caption_goes():
    # a-bbc-1: <img> then <p class="caption">, a full sentence
    figure = ('<div class="module "><div class="image img-w304"><img width="304" height="171" src="a.jpg" '
              'alt="香港行政长官梁振英（6/12/2012）" /><p class="caption">梁振英同时遭到泛民主派和亲北京阵营议员质问。</p>'
              '</div></div>')
    body = container(figure + STORY)
    assert drop_captions(body) == 1
    assert "议员质问。" not in "".join(body.itertext())


def test_a_sentence_under_a_picture_with_no_caption_name_stays():
    body = container('<div><img src="a.jpg"/><p>梁振英同时遭到泛民主派和亲北京阵营议员质问。</p></div>' + STORY)
    assert drop_captions(body) == 0


def test_a_form_label_is_not_the_article():
    # b-storm-1: a newsletter box under the story
    form = ('<div class="tinyletter"><form style="padding:3px;text-align:center;" action="" method="post">'
            '<span><label id="author_name" for="tlemail">想追蹤<span></span>的最新消息?</label></span>'
            '<span><input type="text" name="email" placeholder="請輸入E-mail"><input type="submit" value="訂閱"></span>'
            '</form></div>')
    result = extract(page(STORY + form))
    assert "最新消息" not in result.text and "执法部门施压" in result.text


def test_a_form_that_wraps_the_whole_page_stays():
    # ASP.NET WebForms pages put everything inside <form id="form1">
    result = extract(f"<html><body><form id='form1' method='post'><div>{STORY}</div></form></body></html>")
    assert "执法部门施压" in result.text


PROMO = ('<table width="100%" border="0"><tbody><tr>'
         '<td><p><a href="http://i.money.163.com/?wzy"><b>网易财经<br> 会赚钱的客户端：</b></a></p>'
         '<p><img alt="网易财经" src="a.png"></p></td>'
         '<td><p><a href="http://money.163.com/special/huatai_newstocktool/?wzy"><b>网易携手华泰证券<br> 推出“打新神器”：</b></a></p>'
         '<p><img alt="网易携手华泰证券推出“打新神器”" src="b.png"></p></td>'
         '</tr></tbody></table>')


def test_a_table_of_linked_pictures_is_a_promo_panel():
    # a-163-6: the app promo set after the story's signature
    root = parse_html(page(STORY + PROMO))
    assert [el.tag for el in picture_link_panels(root)] == ["table"]
    assert "打新神器" not in extract(page(STORY + PROMO)).text


def test_a_table_of_pictures_with_words_of_its_own_stays():
    # figures with unlinked captions, or linked pictures described in the article's words, are the article's
    table = ('<table><tr><td><a href="big1.jpg"><img src="1.jpg"></a><p>图1 示范企业的生产车间</p></td>'
             '<td><a href="big2.jpg"><img src="2.jpg"></a><p>图2 新建成的研发中心</p></td></tr></table>')
    assert picture_link_panels(parse_html(page(STORY + table))) == []
    links = ('<ul><li><a href="/a.html">第一篇文章</a></li><li><a href="/b.html">第二篇文章</a></li></ul>')
    assert picture_link_panels(parse_html(page(STORY + links))) == []  # no pictures: a headline list, judged elsewhere


def test_the_story_keeps_its_sentences_that_a_summary_box_above_it_repeats():
    # e-163-9 (网易财经 亦观察): "[编者按：…]" strings together the story's own sentences; the story keeps them
    # and the box goes (summary_box)
    sentence = "PR基本上属于大众传播范畴，无论你使用大众媒体还是使用社会化媒体。"
    box = f"<p>[编者按：神州可以说是犯了众怒，本质上说此次营销活动属于公关性质。{sentence}]</p>"
    story = ("<p>自己购车自己雇司机的神州租车今日发起了一个营销活动。</p><p>神州可以说是犯了众怒。</p>"
             "<p>此次营销活动属于公关性质。公关其实有好几个细分。</p>"
             f"<p>{sentence}</p><p>但GR和IR，有时候不是大众传播，反倒是关起门来的人际传播。</p>")
    from cleaners.api import clean_html
    text = clean_html(page(box + story)).record["text"]
    assert "编者按" not in text and "PR基本上属于大众传播范畴" in text


def test_a_path_a_framework_generates_is_no_chrome_name():
    # b-passiontimes-2: the span holding the post is ".reactRoot[721]…{comment5268…}…", React's path, not a name
    from lxml.html import fragment_fromstring

    from cleaners.html.chrome import chrome_name

    generated = fragment_fromstring(
        '<span id=".reactRoot[721].[1][4][1]{comment526843690713577_527006187363994}.0.[1].0.[1].0.[0].[0][2]">x</span>')
    assert chrome_name(generated) is None
    assert chrome_name(fragment_fromstring('<div id="comment_list">x</div>')) == "strong"


# --- captions that repeat the picture ------------------------------------------------------------------

def test_a_caption_that_repeats_the_alt_goes_however_long_and_the_story_stays():
    # b-tw-cna-1: a long caption, the picture's alt printed again under it, over a one-paragraph story
    said = "桃園市平鎮區一家輪胎行19日清晨發生大火，7人從火\n場中疏散，一名62歲女子逃生不及，命喪火窟。\n（消防局提供）\n中央社記者邱俊欽桃園傳真 105年3月19日"
    figure = (f'<div class="floatImg center"><div class="wrap"><img src="6868754.jpg" alt="{said}"></div>'
              f'<div class="picinfo">{said}</div></div>')
    story = "<p>（中央社記者邱俊欽桃園19日電）桃園市平鎮區一家輪胎行今天清晨發生大火，7人從火場中疏散；由於火勢延燒猛烈，一名62歲女子逃生不及，命喪火窟。</p>"
    body = container(figure + story)
    assert drop_captions(body) == 1
    assert "消防局提供" not in "".join(body.itertext()) and "火勢延燒猛烈" in "".join(body.itertext())
    # the same line under a picture whose alt says something else is the story's
    other = container(figure.replace('alt="', 'alt="火場').replace('class="picinfo"', "") + story)
    assert drop_captions(other) == 0


def test_a_link_under_a_picture_to_where_the_picture_links_goes():
    # c-sina-1: a quote chart and its "查看最新行情" link, both to the quote page
    chart = ('<center><div class="ct_hqimg"><div><a href="http://stock.finance.sina.com.cn/usstock/quotes/GOOG.html">'
             '<img src="goog.png" alt="谷歌两年花170亿美元并购超五大公司总和" /></a></div>'
             '<div class="to_page"><a href="http://stock.finance.sina.com.cn/usstock/quotes/GOOG.html">查看最新行情</a>'
             '</div></div></center>')
    body = container(chart + STORY)
    assert drop_captions(body) == 1 and "查看最新行情" not in "".join(body.itertext())
    # a link elsewhere under the picture is a line of the article
    elsewhere = container(chart.replace('quotes/GOOG.html">查看', 'news/2014.html">查看') + STORY)
    assert drop_captions(elsewhere) == 0


# --- widgets of labels and pictures, story cards --------------------------------------------------------

def test_a_gallery_end_screen_of_labels_and_covers_goes():
    # e-163-24: the overlay a gallery shows at its end, inside the article's column
    overlay = ('<div class="nph_layout_htp"><div class="nph_layout_htp_top clearfix"><span>图集已浏览完毕</span>'
               '<div class="nph_btn_again">重新浏览</div><a href="javascript:" class="nph_layout_close"></a></div>'
               '<div class="nph_layout_htp_title"><a href="http://yuetu.163.com/">悦图推荐</a></div>'
               '<div class="nph_layout_htp_bd"><div class="nph_layout_htp_bd_t"><a class="nph_htp_yuetu" '
               'href="http://yuetu.163.com/?f=ArticleHtp#money&amp;s=0025/18576"><img alt="" src="a.jpg">'
               '<span>商业传奇 No.65 日本家电企业的中国大败退</span></a></div><div class="nph_layout_htp_bd_b clearfix">'
               '<a class="nph_htp_yuetu" href="http://yuetu.163.com/?f=ArticleHtp#money&amp;s=0025/18361"><img alt="" '
               'src="b.jpg"><span>商业传奇No.64 苹果的成功背后都还有谁？</span></a></div></div></div>')
    text = extract(page(STORY + overlay)).text
    assert "图集已浏览完毕" not in text and "悦图推荐" not in text and "执法部门施压" in text


def test_linked_figures_with_captions_or_sentences_are_no_label_widget():
    from cleaners.html.widgets import label_picture_widgets
    # pictures that open their own files, and pictures beside the article's sentences
    zoom = ('<div><a href="http://img.example.cn/2015/big1.jpg"><img src="1.jpg"></a>'
            '<a href="http://img.example.cn/2015/big2.jpg"><img src="2.jpg"></a><p>图1</p></div>')
    assert label_picture_widgets(parse_html(page(STORY + zoom))) == []
    told = ('<div><p>不过泛民主派议员们普遍指责梁振英撒谎。</p><a href="/photo/1.html"><img src="1.jpg"></a>'
            '<a href="/photo/2.html"><img src="2.jpg"></a><p>组图</p></div>')
    assert label_picture_widgets(parse_html(page(told))) == []


CARD = ('<dl><dt><h3>{label}</h3>{title}</dt><a class="gt" href="/Mvnews.aspx?PageGroupID=11&amp;NewsID={id}"><dd>'
        '<img src="{id}.jpg" width="120" height="80" /><p>{summary}</p></dd></a></dl>')
CARDS = "".join(CARD.format(**c) for c in (  # b-list-setn-1 and b-setn-2 (the same box under the article)
    dict(label="富郁向錢衝", title="油價跌、日圓貶！年底購車全攻略", id=52456,
         summary="搶攻歲末最後一個月的黃金銷售潮，車商促銷一波波，加上日圓狂貶，天時、地利、人和，這個時候是買日系車的最好時機嗎？"),
    dict(label="", title="成龍、劉德華都住這裡！北京豪宅曝光", id=52447,
         summary="名人或者藝人的住所總是令粉絲好奇，也有許多藝人投資房產相當有成，像是國際巨星成龍就在世界各地置產。"),
    dict(label="新台灣加油", title="陳為廷選立委！李登輝力挺答應站台", id=52435,
         summary="日前因反黑箱服貿竄紅的學運領袖陳為廷，日前表態聲明要參選苗栗縣立委補選，前總統李登輝表態支持。"),
))


def test_story_cards_with_their_summaries_inside_links_go():
    from cleaners.html.widgets import summary_cards
    root = parse_html(page(STORY + f'<div id="idSlideView3" class="sv3"><h2><a href="Movie.aspx">精彩節目</a></h2>{CARDS}</div>'))
    assert [el.get("id") for el in summary_cards(root)] == ["idSlideView3"]
    text = extract(page(STORY + f'<div class="sv3">{CARDS}</div>')).text
    assert "黃金銷售潮" not in text and "执法部门施压" in text


def test_links_among_the_articles_sentences_are_no_story_cards():
    from cleaners.html.widgets import summary_cards
    # an article may link a long clause, but its own unlinked sentences outweigh those links
    linked = "".join(f'<p>据<a href="/n/{i}.html">新华社报道，香港行政长官梁振英在各方压力下就其大宅的违章建筑问题到立法会接受质询</a>。</p>'
                     for i in range(3))
    assert summary_cards(parse_html(page(STORY + linked))) == []


def test_a_traditional_legal_footer_goes():
    # a-cna-1: "非經授權，不得轉載", two marks of a notice, written in traditional characters
    from cleaners.html.widgets import legal_notices
    notice = "<div class='paragraph'><p>本網站之文字、圖片及影音，非經授權，不得轉載、公開播送或公開傳輸及利用。</p></div>"
    assert len(legal_notices(parse_html(page(STORY + notice)))) == 1
    one_mark = "<p>法院認定被告非經授權即轉貼他人文章，判賠十萬元。</p>"  # one mark: a sentence about copyright
    assert legal_notices(parse_html(page(STORY + one_mark))) == []


# --- what the chrome search computes once per page or per name (issue 12) ------------------------------

def test_a_class_and_an_id_are_judged_apart_as_they_were_joined():
    # name_kind judges one value; chrome_name combines the class's and the id's verdicts, strong first
    from lxml.html import fragment_fromstring

    from cleaners.html.chrome import chrome_name, name_kind

    assert name_kind("bdshare_box") == "strong" and name_kind("navbar") == "weak"
    assert name_kind("address") is None and name_kind("adEditor") == "strong"  # ad + Editor; "address" is a word
    assert name_kind("") is None
    assert chrome_name(fragment_fromstring('<div class="navbar" id="share-box">x</div>')) == "strong"
    assert chrome_name(fragment_fromstring('<div class="content" id="top-nav">x</div>')) == "weak"
    assert chrome_name(fragment_fromstring('<div class="top">x</div>')) == "weak"  # a whole name only
    assert chrome_name(fragment_fromstring('<div class="article" id="main">x</div>')) is None


def _regex_only_kind(name: str) -> str | None:
    """name_kind without its lower-case pre-check: the word-start patterns alone decide."""
    from cleaners.html.chrome import _ANY, _GENERATED, _STRONG

    if "[" in name or "{" in name or "$" in name or "=" in name:
        name = _GENERATED.sub(" ", name)
    return None if not _ANY.search(name) else "strong" if _STRONG.search(name) else "weak"


def test_the_lower_case_pre_check_rules_out_only_names_the_patterns_rule_out():
    """Every class and id value of the cwced and dev set pages, and names where IGNORECASE and lower() part ways
    (the Kelvin sign is a k, the long s an s, the dotless i an i), get the verdict of the patterns alone."""
    import lxml.etree
    import lxml.html

    from cleaners.html.chrome import name_kind

    from .conftest import REPO

    names = {"ſhare", "Ꮶ", "\u212aad", "ſearch-box", "ınav", "İnav", "NAVbar", "aComment", "xcommentary", "Tools",
             "toolsbar", "a1share", "XMLShare", "ad$", "{comment5268}", "ADS", "headTop", "ﬀooter"}
    for path in sorted((REPO / "tests" / "data").glob("*/html/*.htm*")):
        try:
            root = lxml.html.fromstring(path.read_bytes())
        except lxml.etree.ParserError:  # a page of nothing
            continue
        for el in root.iter():
            for value in (el.get("class"), el.get("id")) if isinstance(el.tag, str) else ():
                if value is not None:
                    names.add(value.strip())
    assert len(names) > 3000
    assert [n for n in sorted(names) if name_kind.__wrapped__(n) != _regex_only_kind(n)] == []


def test_ancestors_of_are_every_element_above_the_ones_given():
    from cleaners.html.chrome import ancestors_of

    root = parse_html("<html><body><div id='a'><p id='b'><span id='c'>x</span></p><p id='d'>y</p></div></body></html>")
    c, d = root.get_element_by_id("c"), root.get_element_by_id("d")
    assert {el.get("id") or el.tag for el in ancestors_of([c, d])} == {"b", "a", "body", "html"}
    assert ancestors_of([]) == set()


def test_text_sizes_count_the_text_less_blanks_as_its_pieces_would():
    from cleaners.html.widgets import TextSizes, sentences

    root = parse_html("<html><body><div>分享到：\n\t<a href='/x'> 微 博 </a><!-- 注释。 -->\r\n尾巴。好！</div></body></html>")
    div = root.find(".//div")
    sizes = TextSizes()
    expected = sum(len(p) - p.count(" ") - p.count("\n") - p.count("\t") - p.count("\r") for p in div.itertext())
    assert sizes[div] == expected == 11
    assert div in sizes  # counted once, then read
    assert sentences(div) == 2  # the comment's full stop is no text of the page
