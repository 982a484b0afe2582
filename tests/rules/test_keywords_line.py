from cleaners.rules.tail import keywords_line

from .util import apply, lines

LAST = "据统计,瑞安市已累计引进海内外高层次人才861名,柔性引进7家院士团队,建成9家博士后工作站,人才资源总量连续三年居温州第一。"


def test_cuts_from_the_keywords_line_with_teasers_after_it():
    doc = apply(keywords_line, "\n".join([
        LAST,
        "关键词: 产业 创新 项目 科创 瑞安",
        "拒绝对过敏“束手就擒” 世界动态 近年来,过敏的人越来越多了,这种现象已经被多个大型的流行病学研究所证实。面对过敏,我们只能“束手就擒",
    ]))
    assert lines(doc) == [LAST]


def test_empty_keywords_line_with_full_width_colon():
    doc = apply(keywords_line, LAST + "\n关键词：\n责任编辑：宋璟")
    assert lines(doc) == [LAST]


def test_the_word_keyword_inside_a_paragraph_stays():
    text = LAST + "\n“一体化”“高质量”“新质生产力”等关键词成为热点,关键词:创新,是会议的主题。"
    assert lines(apply(keywords_line, text)) == text.split("\n")
