"""Metadata values whichever rule finds them: a source is an outlet's name (cleaners.textutil.outlet, applied by
Document.set_once, the header rule and the HTML metadata), a date is China's (cleaners.textutil.iso_datetime)."""
from cleaners.document import Document
from cleaners.textutil import outlet


def test_a_source_is_a_name():
    # real values: a WeChat "来源|…" line (devset d-weixin-2), a 简书 "本文转载自<url>" (d-jianshu-1)
    assert outlet("|长江日报及新华社、人民日报、央视新闻等") == "长江日报"
    assert outlet("http://blog.jobbole.com/24006/") is None
    assert outlet("科技日报等媒体") == "科技日报"


def test_names_with_inner_marks_stay_whole():
    for name in ("新华社", "人民网-人民日报", "21世纪经济报道(广州)", "和讯网", "中国和平报"):
        assert outlet(name) == name


def test_every_rule_that_sets_a_source_gets_a_name():
    doc = Document.from_text("t", "x")
    doc.set_once("source", "｜长江日报")
    assert doc.source == "长江日报"


def test_a_dated_time_with_a_zone_is_the_day_china_saw():
    from cleaners.textutil import iso_datetime

    # g-chencc-1 (a Hexo blog): <meta article:published_time> in UTC; the page prints 2022-03-29 02:10
    assert iso_datetime("2022-03-28T18:10:13.000Z") == "2022-03-29T02:10:13+08:00"
    assert iso_datetime("2023-01-08T20:00:00-0500") == "2023-01-09T09:00:00+08:00"
    assert iso_datetime("2020-07-04T01:55:00+08:00") == "2020-07-04T01:55:00+08:00"
    # a time range on a notice is no zone, and a page's own dates are China's
    assert iso_datetime("活动时间：2024-06-09 10:00-12:00") == "2024-06-09T10:00:00+08:00"
    assert iso_datetime("2019-09-26 12:11来源:证券时报网") == "2019-09-26T12:11:00+08:00"


def test_the_day_a_page_prints_wins_over_its_zoned_meta_date():
    from cleaners.html.meta import page_day

    # g-cqq-2 (a Hugo blog kept in UTC): the meta says 23:27 UTC, the page prints the same UTC day above the story
    above = "cqqqwq 的小站 Posts 「随笔」月圆 📅 Oct 26, 2018 · ☕ 2 min read · 👀 ... views"
    assert page_day("2018-10-26T23:27:23+0000", above) == "2018-10-26"
    # g-chencc-1 (a Hexo blog): the meta is UTC and the page prints China's day, which the conversion gives
    assert page_day("2022-03-28T18:10:13.000Z", "发布于 2022-03-29 02:10") == "2022-03-29T02:10:13+08:00"
    # g-ouuan-1: the page prints the meta's day and an update notice a day later; the publication day stays
    assert page_day("2020-08-19T22:04:16+08:00", "2020-08-19 经历 【注意】最后更新于 August 20, 2020") \
        == "2020-08-19T22:04:16+08:00"
    assert page_day("2018-10-26", "Oct 27, 2018") == "2018-10-26"  # no zone, nothing to correct
