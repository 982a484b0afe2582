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


def test_what_is_left_of_a_poll_or_a_menu_is_no_article():
    # tests/data/devset b-list-setn-1 (a home page), what the extractor left of it, simplified
    poll = ["精彩节目", "时事民调", "2014年,你最「喜欢」的名嘴有谁?(每小时可投十票)", "我喜欢周玉蔻", "我喜欢邱毅", "我喜欢唐湘龙",
            "我喜欢赵少康", "我喜欢徐嵚煌", "我喜欢姚立明", "我喜欢林火旺", "我喜欢康仁俊", "我喜欢郑村棋", "我喜欢黄光芹",
            "......更多选项", "我家的狗,绝对认为自己是个人!", "粉丝团", "热门影音", "三立新闻", "台湾亮起来", "政经关不了"]
    assert judge(Document.from_text("a", "\n".join(poll))) == "not_article"


def test_an_article_of_short_lines_that_make_sentences_stays():
    # a notice of short numbered items, each a sentence
    notice = ["一、申报对象为本市注册的科技型企业。", "二、申报项目应具有自主知识产权。", "三、申报截止日期为6月30日。",
              "四、材料报送至市科技局高新科。", "五、联系电话:0577-88888888。", "特此通知。"]
    assert judge(Document.from_text("a", "\n".join(notice) + "\n" + ARTICLE)) is None
    assert judge(Document.from_text("a", "\n".join(notice))) in (None, "too_short")  # never taken for a menu
