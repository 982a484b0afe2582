from cleaners.rules.tail import closing_credits

from .util import apply, lines

LAST = "下一步,我们将继续团结带领广大科技工作者积极进军科技创新和经济建设主战场,充分发挥科协特色优势,助推经济社会发展。徐鹏说。"


def test_publisher_line_and_stray_fragment_at_the_end():
    doc = apply(closing_credits, LAST + "\n\n永康市融媒体中心\n\n宣")
    assert lines(doc) == [LAST]
    assert doc.source == "永康市融媒体中心"


def test_repost_credit_in_book_title_marks():
    doc = apply(closing_credits, LAST + "\n转自《银川市企业科技创新服务协会》")
    assert lines(doc) == [LAST]
    assert doc.source == "银川市企业科技创新服务协会"


def test_end_mark():
    assert lines(apply(closing_credits, LAST + "\n(完)")) == [LAST]


def test_a_closing_heading_like_line_that_is_not_a_credit_stays():
    text = LAST + "\n记者手记\n授人以鱼不如授人以渔。"
    assert lines(apply(closing_credits, text)) == text.split("\n")


def test_a_bare_link_after_the_last_paragraph():
    # "http://www.qianlong.com/" closes a real 千龙网 repost (cwced)
    for link in ("http://www.qianlong.com/", "www.most.gov.cn", "https://kjt.zj.gov.cn/art/2024/6/7/art_1229080140_59012345.html"):
        assert lines(apply(closing_credits, f"{LAST}\n{link}")) == [LAST], link


def test_a_line_that_talks_about_a_link_stays():
    text = LAST + "\n详情请登录http://www.most.gov.cn查看"
    assert lines(apply(closing_credits, text)) == text.split("\n")


def test_original_title_and_production_credits_close_a_repost():
    # the last lines of a real 光明网 repost of 网易科学人 (fixtures-zh readability/gmw)
    text = "\n".join([LAST, "原标题：他晚于阿姆斯特朗登月 却是首个敢在月球喝酒的人", "出品︱网易科学人栏目组 胖胖"])
    assert lines(apply(closing_credits, text)) == [LAST]


def test_a_paragraph_about_a_production_stays():
    text = LAST + "\n出品方表示，这部纪录片将在明年春节前后与观众见面。"
    assert lines(apply(closing_credits, text)) == text.split("\n")


def test_a_portal_button_glued_to_the_last_paragraph_goes():
    from cleaners.rules.tail import closing_credits as rule

    last = "下一步，市科协将持续推进院士专家工作站建设，助力区域经济高质量发展。"
    for glued in (last + "返回搜狐，查看更多", last + " 返回凤凰网首页>>"):
        doc = apply(rule, f"{glued[:10]}前文。\n{glued}")
        assert doc.texts()[-1] == last, glued


def test_a_source_credit_with_its_authors():
    from cleaners.rules.tail import closing_credits as rule

    body = "下一步，市科协将持续推进院士专家工作站建设，助力区域经济高质量发展。"
    doc = apply(rule, f"{body}\n{body}\n本文来源：新华网 作者：黄晓南　谢彬彬 责任编辑:NF055")  # a real 网易 credit line
    assert doc.texts() == [body, body] and doc.source == "新华网" and doc.author == "黄晓南 谢彬彬"


def test_a_name_in_parentheses_signing_off_is_the_author():
    from cleaners.rules.tail import closing_credits as rule

    body = "下一步，市科协将持续推进院士专家工作站建设，助力区域经济高质量发展。"
    doc = apply(rule, f"{body}\n{body}\n（罗森）")  # the last line of a real sina.com.tw story, simplified
    assert doc.texts() == [body, body] and doc.author == "罗森"
    assert apply(rule, f"{body}\n{body}\n（完）").author is None


def test_wechat_credit_lines_at_the_end():
    # the last lines of a real WeChat article of 长江日报 (tests/data/devset d-weixin-2)
    text = "\n".join([LAST, "来源|长江日报及新华社、人民日报、央视新闻等", "编辑|张维纳 语音|徐佳 剪辑|李春 制图|张莉 校读|刘永杰"])
    doc = apply(closing_credits, text)
    assert lines(doc) == [LAST]
    assert doc.editor == "张维纳" and doc.source == "长江日报"


def test_a_reward_box_names_the_writer():
    # the top and the end of a real WeChat article (tests/data/devset d-weixin-12): the writer's name over the
    # reward button, and the writer and account glued under the title
    first = "又是美好的周末，又是可爱的羊和你们相见~"
    doc = apply(closing_credits, "\n".join(["迷死氧新氧", first, LAST, "迷死氧", "赞赏"]))
    assert lines(doc) == [first, LAST]
    assert (doc.author, doc.source) == ("迷死氧", "新氧")
    # a last paragraph over the button is the article's
    doc = apply(closing_credits, "\n".join([first, LAST, "赞赏"]))
    assert lines(doc) == [first, LAST] and doc.author is None
