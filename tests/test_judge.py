from cleaners.document import Document
from cleaners.judge import judge

ARTICLE = "向“新”提质,积“势”成力。随着2024年度长三角地区主要领导座谈会系列活动在温州落下帷幕,“一体化”“高质量”“新质生产力”等关键词成为热点。"


def test_article_is_kept():
    assert judge(Document.from_text("a", ARTICLE + "\n" + ARTICLE)) is None


def test_reasons():
    assert judge(Document.from_text("a", "")) == "empty"
    assert judge(Document.from_text("a", "The quick brown fox jumps over the lazy dog. " * 20 + "中文")) == "not_chinese"
    assert judge(Document.from_text("a", "科技副总入企服务")) == "too_short"
    assert judge(Document.from_text("a", "\ufffd\x00\x01" * 50)) == "not_chinese"


def test_a_short_bulletin_with_headline_and_date_is_an_article():
    # a real 79-character stock-filing bulletin (tests/data/devset b-singtao-3), simplified
    bulletin = "联交所股权披露显示，新地(00016)副主席兼非执行董事李兆基，于12月11日，再增持2.5万股公司股份，每股平均价113.18元，持股达1.23%。(rw)"
    doc = Document.from_text("a", bulletin, title="李兆基增持新地2.5万股", published="2014-12-12")
    assert judge(doc) is None
    assert judge(Document.from_text("a", bulletin)) == "too_short"  # no headline, no date: a fragment
    assert judge(Document.from_text("a", "科技副总入企服务", title="科技副总", published="2024-06-09")) == "too_short"
