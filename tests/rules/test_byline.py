from cleaners.rules.credits import byline

from .util import apply, lines

BODY = "向“新”提质,积“势”成力。随着2024年度长三角地区主要领导座谈会系列活动在温州落下帷幕,“一体化”“高质量”“新质生产力”等关键词成为热点。"


def test_reporter_lines():
    doc = apply(byline, "融媒记者 胡锦 吕琳萍\n" + BODY)
    assert lines(doc) == [BODY]
    assert doc.author == "胡锦 吕琳萍"
    doc = apply(byline, "本报记者 叶凝碧\n" + BODY)
    assert doc.author == "叶凝碧" and lines(doc) == [BODY]


def test_parenthesised_credit_names_reporter_and_outlet():
    doc = apply(byline, BODY + "\n(大众日报客户端记者 吕光社 报道)")
    assert lines(doc) == [BODY]
    assert doc.author == "吕光社"
    assert doc.source == "大众日报客户端"


def test_reporter_and_correspondent():
    doc = apply(byline, "本报记者 张三 通讯员 李四\n" + BODY)
    assert lines(doc) == [BODY]
    assert doc.author == "张三"  # correspondents (通讯员) assist; the author is the reporter


def test_dateline_stays_in_the_text_and_gives_the_author():
    first = "中新網溫州11月14日電(記者 范宇斌)11月14日,2021世界青年科學家峰會瑞安云江科創大會在浙江溫州瑞安東新科創園舉行。"
    first_s = "中新网温州11月14日电(记者 范宇斌)11月14日,2021世界青年科学家峰会瑞安云江科创大会在浙江温州瑞安东新科创园举行。"
    doc = apply(byline, first_s + "\n" + BODY)
    assert lines(doc) == [first_s, BODY]
    assert doc.author == "范宇斌" and doc.source == "中新网"
    assert apply(byline, first).texts()[0] == first


def test_headings_that_start_with_reporter_stay():
    text = "记者手记\n" + BODY + "\n记者在现场看到,即便是茶歇时间,不少企业家和院士专家还止不住交流。"
    doc = apply(byline, text)
    assert lines(doc) == text.split("\n")
    assert doc.author is None


def test_interns_and_outlet_prefixed_bylines():
    doc = apply(byline, "本报实习生 刘国栋 周炜\n" + BODY)
    assert lines(doc) == [BODY] and doc.author == "刘国栋 周炜"
    doc = apply(byline, "新华网黑龙江频道 记者 伊琳 李清芬\n" + BODY)
    assert lines(doc) == [BODY] and doc.author == "伊琳 李清芬"


def test_a_byline_with_a_dash():
    for line in ("作者︱春春", "作者—春春", "文|春春"):  # 作者︱春春: a real line (fixtures-zh readability/gmw)
        doc = apply(byline, BODY + "\n" + line)
        assert lines(doc) == [BODY] and doc.author == "春春", line


def test_an_outlet_joined_to_its_reporter():
    doc = apply(byline, "半月谈记者 史卫燕\n" + BODY)  # a real line (fixtures-zh trafilatura/banyuetan)
    assert lines(doc) == [BODY] and doc.author == "史卫燕"
    text = "学术论文 张三丰\n" + BODY  # not a reporter: stays
    assert lines(apply(byline, text)) == text.split("\n")


def test_a_byline_behind_a_box():
    doc = apply(byline, BODY + "\n□ 本报记者 葛灵丹")  # the last line of a real 新华日报 story (cwced b26fbb82)
    assert lines(doc) == [BODY] and doc.author == "葛灵丹"


def test_reported_from_lines():
    # real lines (tests/data/devset: ettoday, setn, nownews, pts, newtalk), simplified as the rules see them
    for line, author in (("记者林悦／南市报导", "林悦"), ("记者潘照文、张逸民／台北报导", "潘照文 张逸民"),
                         ("社会中心／综合报导", None), ("大陆新闻中心／综合报导", None), ("台中 嘉义 综合报导", None),
                         ("新头壳newtalk2014.10.24 金名/高雄报导", "金名"), ("记者 赖淑敏 蒋龙祥 台北报导", "赖淑敏 蒋龙祥")):
        doc = apply(byline, line + "\n" + BODY)
        assert lines(doc) == [BODY] and doc.author == author, line
    text = BODY + "\n这份调查报道引起了广泛关注，多家媒体进行了后续报道"
    assert lines(apply(byline, text)) == text.split("\n")


def test_written_by_credits():
    for line, author in (("采写:南都记者 张小明", "张小明"), ("执笔/李楠", "李楠"), ("文/王五", "王五")):
        doc = apply(byline, BODY + "\n" + line)
        assert lines(doc) == [BODY] and doc.author == author, line


def test_a_magazine_credit_and_a_closing_name():
    doc = apply(byline, "《棱镜》作者 周纯\n" + BODY)
    assert lines(doc) == [BODY] and doc.author == "周纯"
    doc = apply(byline, BODY + "\n下一步，市科协将持续推进院士专家工作站建设。（李楠）")
    assert doc.author == "李楠" and len(doc.lines) == 2  # the credit sets the author; the paragraph stays
    assert apply(byline, BODY + "\n下一步，市科协将持续推进院士专家工作站建设。（待续）").author is None


def test_credits_inside_the_first_or_last_paragraph_give_the_author():
    # real lines (tests/data/devset: ltn, udn, appledaily, upmedia), simplified; the paragraphs stay
    first = "〔记者巫其伦／台北报导〕财政部今天下午将公布今年1-2月期统一发票中奖清册，本期千万中奖张数为18张。"
    doc = apply(byline, first + "\n" + BODY)
    assert doc.author == "巫其伦" and lines(doc) == [first, BODY]
    first = "【联合晚报╱记者杨正海╱即时报导】台北市长柯文哲今天公布13位首长名单。"
    assert apply(byline, first + "\n" + BODY).author == "杨正海"
    last = "羅布斯塔则主要作为即溶咖啡原料。（刘利贞／综合外电报导）"
    doc = apply(byline, BODY + "\n" + last)
    assert doc.author == "刘利贞" and lines(doc) == [BODY, last]
    doc = apply(byline, "上报快讯／范姜佳钰\n" + BODY)
    assert doc.author == "范姜佳钰" and lines(doc) == [BODY]


def test_a_dateline_names_its_outlet():
    first = "香港文汇报讯（记者 郑治祖）不少法庭诉讼往往需时数月，甚至数年才能审结。"  # a real 文汇报 opening, simplified
    doc = apply(byline, first + "\n" + BODY)
    assert (doc.author, doc.source) == ("郑治祖", "香港文汇报") and lines(doc) == [first, BODY]


def test_a_role_without_names_goes():
    doc = apply(byline, "新华社北京4月24日电\n新华社记者\n" + BODY)
    assert lines(doc) == ["新华社北京4月24日电", BODY] and doc.author is None


def test_a_byline_with_the_writers_role_after_the_name():
    # a real 亿欧 column reshared on WeChat (tests/data/devset d-weixin-13): the role is not part of the name
    doc = apply(byline, "文/刘淑洋 亿欧专栏作者\n" + BODY)
    assert lines(doc) == [BODY]
    assert doc.author == "刘淑洋"
    sentence = "文/刘淑洋 亿欧专栏作者认为,知识产权服务行业的发展还处于起步阶段。"
    assert lines(apply(byline, sentence + "\n" + BODY)) == [sentence, BODY]
