from cleaners.rules.header import meta_lines, portal_chrome, strip_site_suffix, title

from .util import apply, lines

BODY = "向“新”提质,积“势”成力。随着2024年度长三角地区主要领导座谈会系列活动在温州落下帷幕,“一体化”“高质量”等关键词成为热点。"


def test_portal_chrome_menu_crumbs_and_widgets():
    doc = apply(portal_chrome, "• 我的订阅\n  • 国内\n\n借智长三角 助企向“新”行\n【字体:大 中 小】\n当前位置:首页 > 新闻中心 > 工作动态\n" + BODY)
    assert lines(doc) == ["借智长三角 助企向“新”行", BODY]


def test_portal_chrome_keeps_list_items_in_the_body():
    text = "\n".join([BODY] * 12 + ["• 加强科技人才队伍建设"])
    assert len(apply(portal_chrome, text).lines) == 13


def test_category_time_source_line_becomes_metadata():
    doc = apply(meta_lines, "类别:国内\u00a0发布时间:2024-06-09 14:16:00\u00a0来源:每日看点快看\n\n本文转自:温州日报\n" + BODY)
    assert lines(doc) == [BODY]
    assert doc.published == "2024-06-09T14:16:00+08:00"
    assert doc.source == "温州日报"  # the original publisher, not the portal


def test_government_header_line():
    doc = apply(meta_lines, "发布日期:2023-05-12  来源:瑞安市科技局  浏览次数:128\n" + BODY)
    assert lines(doc) == [BODY]
    assert doc.published == "2023-05-12" and doc.source == "瑞安市科技局"


def test_a_sentence_with_a_colon_stays():
    text = "时间:紧迫,任务:艰巨,全市上下要以只争朝夕的精神抓好落实,确保各项科技创新工作取得实效。\n" + BODY
    assert lines(apply(meta_lines, text)) == text.split("\n")


def test_site_suffix():
    assert strip_site_suffix("金乡打亲情牌,邀请“老乡专家”为发展科技赋能-天天视讯") == "金乡打亲情牌,邀请“老乡专家”为发展科技赋能"
    assert strip_site_suffix("西溪湿地博物馆建设进展顺利_世界新消息") == "西溪湿地博物馆建设进展顺利"
    assert strip_site_suffix("2021-2025年科技创新规划") == "2021-2025年科技创新规划"
    assert strip_site_suffix("中国-东盟博览会开幕") == "中国-东盟博览会开幕"
    # a Chinese dash pair belongs to the headline (devset h-0k-2's og:title)
    assert strip_site_suffix("新时代中国特色社会主义理论与实践（一）—— 论述题") == "新时代中国特色社会主义理论与实践（一）—— 论述题"
    assert strip_site_suffix("科技副总入企服务—温州网") == "科技副总入企服务"


def test_title_and_its_repeat():
    doc = apply(title, "借智长三角 助企向“新”行\n温州从长三角引进50余名“科技副总”\n借智长三角 助企向“新”行\n" + BODY)
    assert doc.title == "借智长三角 助企向“新”行"
    assert lines(doc) == ["温州从长三角引进50余名“科技副总”", BODY]


def test_a_dump_that_opens_with_a_paragraph_has_no_title():
    doc = apply(title, BODY + "\n" + BODY)
    assert doc.title is None and len(doc.lines) == 2


def test_interview_questions_are_not_metadata():
    text = "记者：你通过什么渠道最快的获取这些信息？\n" + BODY
    doc = apply(meta_lines, text)
    assert lines(doc) == text.split("\n") and doc.author is None


def test_bar_separated_header_with_a_site_name():
    doc = apply(meta_lines, "报纸网 |发布: 2021-1-29 13:18|点击: 313|来自: 互联网\n" + BODY)
    assert lines(doc) == [BODY]
    assert doc.published == "2021-01-29T13:18:00+08:00"


def test_a_single_bulleted_subheading_is_not_a_menu():
    text = "\n".join([BODY, "●播客热潮迅速蔓延", BODY, "• 传媒巨头青睐播客", BODY])
    assert lines(apply(portal_chrome, text)) == text.split("\n")


def test_extracted_html_text_gets_no_guessed_title():
    doc = apply(title, "北京市妇女儿童工作委员会儿童心理调研课题组\n" + BODY, origin="html")
    assert doc.title is None and len(doc.lines) == 2


def test_a_date_alone_under_the_title_is_the_publication_date():
    # "2020-11-26 08:04" stands alone under the title of a real 搜狐 page (cwced d8d4c4ec)
    for line, published in (("2020-11-26 08:04", "2020-11-26T08:04:00+08:00"), ("2024年6月9日 星期日", "2024-06-09")):
        doc = apply(meta_lines, f"“辱母案”于欢出狱的一天\n{line}\n{BODY}")
        assert lines(doc) == ["“辱母案”于欢出狱的一天", BODY], line
        assert doc.published == published


def test_a_paragraph_that_opens_with_a_date_stays():
    text = "2020年11月18日上午11点半，得知自己减刑释放的于欢还没缓过神来，被送到了冠县高速路口。\n" + BODY
    doc = apply(meta_lines, text)
    assert lines(doc) == text.split("\n") and doc.published is None


def test_an_original_title_line_is_no_source():
    # the header of a real 人民网 repost of 新华日报 (cwced b26fbb82)
    doc = apply(meta_lines, "原标题：春季学期开学，织密返校疫情防控网\n" + BODY)
    assert lines(doc) == [BODY] and doc.source is None


def test_a_date_then_labels_under_the_title():
    doc = apply(meta_lines, f"“辱母案”于欢出狱的一天\n2020-11-26 08:04 来源：中国新闻网\n{BODY}")  # cwced d8d4c4ec
    assert lines(doc) == ["“辱母案”于欢出狱的一天", BODY]
    assert doc.published == "2020-11-26T08:04:00+08:00" and doc.source == "中国新闻网"


def test_info_bars_under_the_title_become_the_date():
    # real lines (tests/data/devset: setn, bbc, cna, tvb), simplified as the rules see them
    for bar, published in (("2014/10/25 19:55:00 友善列印", "2014-10-25T19:55:00+08:00"),
                           ("更新时间 2012年12月10日, 格林尼治标准时间10:41", "2012-12-10"),
                           ("发稿时间：2013/08/13 11:24 最新更新：2013/08/13 11:24", "2013-08-13T11:24:00+08:00"),
                           ("市料美零售销售与消费者信心续升 2014-12-08 06:49", "2014-12-08T06:49:00+08:00")):
        doc = apply(meta_lines, f"{bar}\n{BODY}")
        assert lines(doc) == [BODY] and doc.published == published, bar


def test_a_dated_byline_and_a_dated_sentence_are_no_info_bar():
    for line in ("新头壳newtalk2014.10.24 金名/高雄报导", "2024年6月9日，全省科技创新大会在杭州召开，会议总结了过去一年的工作。"):
        assert lines(apply(meta_lines, f"{line}\n{BODY}")) == [line, BODY], line


def test_a_date_glued_to_its_labels():
    # the header bar of a 证券时报网 page, as the audit found it kept as the first line
    doc = apply(meta_lines, f"2019-09-26 12:11来源:证券时报网作者:李在山\n{BODY}")
    assert lines(doc) == [BODY]
    assert doc.published == "2019-09-26T12:11:00+08:00" and doc.source == "证券时报网" and doc.author == "李在山"


def test_a_dateline_that_repeats_the_headline_keeps_the_dateline():
    # 新华社's feature opening (fixtures-zh fundus People_2024_04_24)
    head = "促进航天技术更好惠及人民――习近平主席向首届论坛致贺信"
    doc = apply(title, f"{head}\n新华社北京4月24日电 题:{head}\n{BODY}")
    assert doc.title == head and lines(doc) == ["新华社北京4月24日电", BODY]


# the lead and first paragraphs of a real WeChat article (tests/data/devset d-weixin-8), as a dump has them
LEAD = "比小学生满口网络烂梗，爱说“包的”更让人担忧的事，是当下语言的僵化、套路化，以及随之而来的思维能力退化。"
PARAGRAPHS = [
    "江西一位小学老师布置作业时，学生们回敬她一连串网络热梗，她站在讲台上苦口婆心：",
    "杭州有家长叮嘱孩子快点写作业，孩子回“那咋了”；提醒“饭菜要凉了”，“那咋了”；提醒“好好说话”，依然是“那～咋～了～”。",
    "对小学生而言，热梗像是一张“社交入场券”，而对成年人，则更像一个“情绪减压阀”。",
    "语言不仅与沟通有关，还能提供强烈的归属感。使用圈内的黑话和俚语，是确立自己人身份的一种方式。",
    "别说孩子，自问思想更成熟的成年人，同样也难逃“热梗”真香定律。",
]


def test_credit_lines_with_bars_under_the_lead_become_metadata():
    credits = ["编辑｜腾宇", "来源｜新周刊（ID：new-weekly）", "封面来源｜《米小圈上学记》"]
    doc = apply(meta_lines, "\n".join([LEAD, *credits, *PARAGRAPHS]))
    assert lines(doc) == [LEAD, *PARAGRAPHS]
    assert doc.editor == "腾宇"
    assert doc.source == "新周刊"  # the account's handle is not its name; the cover's source is no source of the text


def test_sentences_led_by_a_role_word_stay():
    # the last is a real headline of a news feed (github.com: a 聚合数据 news API sample)
    for sentence in ("来源：据国家知识产权局统计，2018年我国发明专利申请量为154.2万件。", "编辑：你为什么选择回到家乡创业？",
                     "视频｜1.5公里长！来看上海最美的樱花隧道"):
        text = "\n".join([LEAD, sentence, *PARAGRAPHS])
        assert lines(apply(meta_lines, text)) == text.split("\n"), sentence


def test_a_short_articles_closing_credit_is_not_a_header():
    # a real 网易 blog post (cwced c2d9f85c) is short enough that its last lines fall in the first twelve
    text = "\n".join([LEAD, *PARAGRAPHS, *PARAGRAPHS[:3], "文：眉间尺", "------------------------------"])
    assert "文：眉间尺" in lines(apply(meta_lines, text))


def test_wechat_account_lines():
    # real header lines of WeChat articles (tests/data/devset d-weixin-5, -11, -13, -7)
    for line, author, source, published in (
        ("原创 阮一峰 阮一峰的网络日志", "阮一峰", "阮一峰的网络日志", None),
        ("原创 2018-01-03 58沈剑 架构师之路", "58沈剑", "架构师之路", "2018-01-03"),
        ("原创： 刘淑洋 亿欧网", "刘淑洋", "亿欧网", None),
        ("原创 十一 十一 小说拾遗", "十一", "小说拾遗", None),
    ):
        doc = apply(meta_lines, "\n".join([LEAD, line, *PARAGRAPHS]))
        assert lines(doc) == [LEAD, *PARAGRAPHS], line
        assert (doc.author, doc.source, doc.published) == (author, source, published), line
    for text in ("原创设计大赛在杭州开幕", "原创，是一个作者的生命线。"):
        assert text in lines(apply(meta_lines, "\n".join([LEAD, text, *PARAGRAPHS]))), text


def test_a_reshared_articles_card_names_it_and_the_resharers_note_goes():
    # the top of a real reshared WeChat article (tests/data/devset d-weixin-9)
    note = ["编者荐语：", "大家好，我是轩辕，最近NotebookLM非常火爆，一直想找机会写一篇，但工作繁忙没抽出时间，昨天看到一篇写的还不错的，"
            "直接偷个懒分享给大家，绝对是懒人学习神器！"]
    title = "Google的这个AI新产品，在YouTube上爆火了！"
    doc = apply(meta_lines, "\n".join([title, *note, "以下文章来源于橘宝AI ，作者橘宝", *PARAGRAPHS]))
    assert lines(doc) == [title, *PARAGRAPHS]
    assert (doc.source, doc.author) == ("橘宝AI", "橘宝")
    # a card with no note above it: only the card goes
    doc = apply(meta_lines, "\n".join([title, "以下文章来源于新周刊 ，作者何驰", LEAD, *PARAGRAPHS]))
    assert lines(doc) == [title, LEAD, *PARAGRAPHS]
    assert (doc.source, doc.author) == ("新周刊", "何驰")
