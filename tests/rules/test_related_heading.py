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


def test_headings_that_say_more_to_read():
    # real headings (tests/data/devset: cna, upmedia), simplified
    for heading in ("※你可能还想看：", "【热门点阅】", "其他新闻"):
        doc = apply(related_heading, f"{BODY}\n{heading}\n挪威车祸台女丧生 疑路窄肇事\n挪威巴士车祸 传1台女丧生")
        assert lines(doc) == [BODY], heading


def test_section_headings_with_more_to_read_words_stay():
    for heading in ("找相关的原则", "美方应当采取更多行动", "专家解读"):
        text = f"{BODY}\n{heading}\n{BODY}"
        assert lines(apply(related_heading, text)) == text.split("\n"), heading
