from cleaners.rules.tail import related_heading

from .util import apply, lines

BODY = "市科技局也于近日发布另一则利好:今年起,我市将每年设立市级“科技副总”科技专项经费,对聘任“科技副总”的企业申报的项目择优给予立项支持。"


def test_more_about_heading_cuts_the_list_after_it():
    doc = apply(related_heading, "\n".join([
        BODY, "更多关于国内的资讯:", "颐和园举办非遗市集 打造文旅消费新场景", "2026-01-26 17:00:00",
    ]))
    assert lines(doc) == [BODY]


def test_related_news_and_prev_next_links():
    assert lines(apply(related_heading, BODY + "\n相关新闻\n长三角新全媒联合体第六届年会在温州举行")) == [BODY]
    assert lines(apply(related_heading, BODY + "\n上一篇:温州科技局召开会议\n下一篇:瑞安举行科创大会")) == [BODY]


def test_a_paragraph_starting_with_related_words_stays():
    text = BODY + "\n相关新闻报道引起了社会各界的广泛关注,多家企业主动联系科技局,希望参与到“科技副总”工作中来。"
    assert lines(apply(related_heading, text)) == text.split("\n")
