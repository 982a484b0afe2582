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
