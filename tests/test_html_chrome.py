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
