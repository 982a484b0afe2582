from cleaners.rules.tail import editor_line

from .util import apply, lines

LAST = "(大众日报客户端记者 吕光社 报道)"
BODY = "近年来,金乡坚持把人才作为高质量发展的强大引擎,实施“十百千万”人才引进计划,累计引进国家级人才7人。"


def test_editor_goes_to_metadata_and_the_rest_is_cut():
    doc = apply(editor_line, "\n".join([BODY, LAST, "责任编辑:宋璟", "-", "点亮爱心,携手共治"]))
    assert lines(doc) == [BODY, LAST]
    assert doc.editor == "宋璟"


def test_chinanews_bracketed_editor():
    doc = apply(editor_line, BODY + "\n【编辑:刘欢】")
    assert lines(doc) == [BODY]
    assert doc.editor == "刘欢"


def test_a_sentence_mentioning_editors_stays():
    text = BODY + "\n编辑部的同事们说,这次活动让大家收获很多。"
    doc = apply(editor_line, text)
    assert lines(doc) == text.split("\n")
    assert doc.editor is None


def test_a_bracketed_editor_followed_by_the_portals_button():
    # the last line of a real 搜狐 page (cwced d8d4c4ec)
    doc = apply(editor_line, BODY + "\n新京报记者 彭冲 山东冠县报道\n【编辑:刘欢】 返回搜狐，查看更多")
    assert lines(doc) == [BODY, "新京报记者 彭冲 山东冠县报道"]
    assert doc.editor == "刘欢"


def test_an_editor_credit_closing_the_last_paragraph():
    from cleaners.rules.tail import editor_line as rule

    last = "他强调，这一波是全球性鸡蛋减产的问题，农委会要尽全力解决问题。"
    doc = apply(rule, f"{last}\n{last}（编辑：苏龙麒）1120221")  # a real CNA ending, simplified
    assert doc.texts() == [last, last] and doc.editor == "苏龙麒"
