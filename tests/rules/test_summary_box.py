from cleaners.rules.summary import summary_box

from .util import apply, lines

# tests/data/devset a-163-3 (网易财经): the summary box is clauses of the story's 4th and 5th paragraphs
SUMMARY = ("[摘要:前不久,由于中国区业绩不佳,联想集团移动业务集团总裁刘军卸任,杨元庆也放出重话,说联想部分员工“拿榔头敲都敲不醒”。"
           "中兴在中国的手机业务同样出现了下滑,已经不在前五之列。而华为不仅稳住了阵脚,还发动了凶猛的反攻。"
           "面对互联网模式的猛烈冲击,为什么是华为率先抵挡住了进攻?]")
STORY = [
    "6月18日,笔者参加了京东618的手机战况发布会。",
    "前不久,由于中国区业绩不佳,联想集团移动业务集团总裁刘军卸任,杨元庆也放出重话,说联想部分员工“拿榔头敲都敲不醒”。"
    "中兴在中国的手机业务同样出现了下滑,已经不在前五之列。迫于竞争压力,另一家老牌手机厂商酷派将旗下的“大神”品牌分拆出来。",
    "而华为不仅稳住了阵脚,还发动了凶猛的反攻。如今,华为不仅通过Mate和P系列成功在2000元以上价位站稳了脚跟。",
]


def test_a_summary_that_repeats_the_story_goes():
    assert lines(apply(summary_box, "\n".join([SUMMARY, *STORY]))) == STORY


def test_a_labelled_lead_in_its_own_words_stays():
    lead = "【核心提示】全市科技型中小企业今年突破五千家,创新平台建设提速,研发投入强度创下历史新高。"
    text = "\n".join([lead, *STORY])
    assert lines(apply(summary_box, text)) == text.split("\n")


def test_an_unlabelled_opening_that_the_story_repeats_stays():
    # a lead paragraph restated later is the writer's choice; only a box labelled as a summary goes
    text = "\n".join([STORY[1], *STORY])
    assert lines(apply(summary_box, text)) == text.split("\n")


def test_a_boxed_summary_goes_even_in_other_words():
    # e-163-7 (网易财经 亦观察): the box says what the story will argue, in words of its own
    box = ("[摘要:在埃洛普入主诺基亚之前,诺基亚如日中天。而埃洛普入主诺基亚之后,诺基亚一落千丈,最终被微软收购。"
           "如今收购来的诺基亚反而成了微软的包袱,埃洛普也从卧底的功臣变成了弃儿,在这个过程中,微软做错了什么呢?]")
    assert lines(apply(summary_box, "\n".join([box, *STORY]))) == STORY


def test_an_editors_note_and_a_papers_abstract_stay():
    # cwced keeps both: "编者按" heading a note, and a thesis whose text opens with its own 摘要
    for head in ("编者按", "[编者按:神州可以说是犯了众怒,本质上说此次营销活动属于公关性质,公关其实有好几个细分。]",
                 "摘要: 本文基于网络化购物普及的背景下,叙述了电子商务和物流配送等相关理论知识以及对淘宝网物流配送现状的分析。"):
        text = "\n".join([head, *STORY])
        assert lines(apply(summary_box, text)) == text.split("\n"), head


def test_an_editors_note_made_of_the_storys_sentences_goes():
    # e-163-9 (网易财经 亦观察): "[编者按:…]" strings together clauses the story says below
    note = "[编者按:神州可以说是犯了众怒,本质上说此次营销活动属于公关性质,公关其实有好几个细分。]"
    story = ["自己购车自己雇司机的神州租车今日发起了一个营销活动。", "神州可以说是犯了众怒。",
             "此次营销活动属于公关性质。公关其实有好几个细分。通常所谓的PR,指的是公共关系。"]
    assert lines(apply(summary_box, "\n".join([note, *story]))) == story
