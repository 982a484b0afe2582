"""read_credit: one line read as a credit, the same way by the byline rule and by the HTML side."""
from cleaners.rules.credits import byline, read_credit

from .util import apply, lines

BODY = "温州从长三角引进50余名“科技副总”，助力企业技术攻关和产品研发，取得了明显成效。"


def test_a_credit_line_gives_its_writer_and_the_paper_before_the_reporter():
    assert read_credit("上报快讯／范姜佳钰") == ("范姜佳钰", None)             # upmedia, above the body
    assert read_credit("联合报 记者林宸谊／即时报导") == ("林宸谊", "联合报")  # udn's info bar, after its date
    assert read_credit("执笔/李楠") == ("李楠", None)


def test_the_paper_joined_to_the_reporter_is_no_second_writer():
    # a real 163.com line: "文/广州日报记者赖伟行" is one writer of 广州日报
    assert read_credit("文/广州日报记者赖伟行") == ("赖伟行", None)
    doc = apply(byline, "文/广州日报记者赖伟行\n" + BODY)
    assert doc.author == "赖伟行" and lines(doc) == [BODY]


def test_a_one_character_role_needs_a_mark_or_a_space_before_the_name():
    # menu entries of real pages: a journal's "文章处理费" (article fee), a paper's "记者博客" (reporters' blogs)
    assert read_credit("文章处理费") is None
    assert read_credit("记者博客") is None
    doc = apply(byline, "文章处理费\n" + BODY)
    assert doc.author is None and lines(doc) == ["文章处理费", BODY]
    assert read_credit("文 王五") == ("王五", None) and read_credit("文|春春") == ("春春", None)


def test_no_credit_in_a_sentence():
    assert read_credit(BODY) is None
