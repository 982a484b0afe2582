from cleaners.rules.paragraphs import fold_width, join_broken_paragraphs

from .util import apply, lines


def test_joins_a_sentence_broken_by_a_stray_line_break():
    doc = apply(join_broken_paragraphs, "永康通过多年的探索,成功开辟了一条科技成果转化新通道,也打造一批批科技创新典型示\n\n范企业,推动了永康五金走向世界。")
    assert lines(doc) == ["永康通过多年的探索,成功开辟了一条科技成果转化新通道,也打造一批批科技创新典型示范企业,推动了永康五金走向世界。"]
    doc = apply(join_broken_paragraphs, "目前,我市累计引进国家级人才16人,建成省级院士专家工作站\n\n2家,金华市级院士工作站12家。")
    assert lines(doc) == ["目前,我市累计引进国家级人才16人,建成省级院士专家工作站2家,金华市级院士工作站12家。"]


def test_headings_and_real_paragraph_ends_stay():
    text = [
        "台前", "科技交流推动创新", "企业“卡脖子”问题得到解决",
        "事实上,借“智”长三角赋能地方发展,在温州“科技副总”机制上已有体现——",
        "前段时间,市委科创委专门出台《温州市深入推进“科技副总”工作三年行动计划》,派出262位“科技副总”到企业上任。",
        "金乡县为什么要举行这样一场大会?",
        "近年来,金乡把园区作为新旧动能转换的主阵地。",
    ]
    assert lines(apply(join_broken_paragraphs, "\n".join(text))) == text


def test_fold_width_as_the_seed_corpus_does():
    doc = apply(fold_width, "类别：国内（测试）　发布时间：2024，“科技副总”。")
    assert lines(doc) == ["类别:国内(测试) 发布时间:2024,“科技副总”。"]


def test_numbered_items_are_not_joined_to_the_item_before():
    # the reference list of a real WeChat article (tests/data/devset d-weixin-8)
    text = ["1.《刷梗的隐喻：玩梗青年的社交货币与情感载体》，青年记者，魏宝涛 曲奕同",
            "2．《“包的”“那咋了”，杭州妈妈被14岁儿子的流行语整破防：不会好好说话了？》，潮新闻"]
    assert lines(apply(join_broken_paragraphs, "\n".join(text))) == text
