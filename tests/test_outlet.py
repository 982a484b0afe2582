"""A source is an outlet's name, whichever rule finds it (cleaners.textutil.outlet, applied by Document.set_once,
the header rule and the HTML metadata)."""
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
