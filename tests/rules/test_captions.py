from cleaners.rules.captions import gap_caption, image_placeholder, reader_buttons

from .util import apply, lines

P1 = "4月7日,金乡县将举行一场特殊的高质量发展“科技赋能”大会,60多位来自中国科学院、清华大学等高校院所的金乡籍专家学者将齐聚家乡。"
P2 = "据了解,金乡高质量发展之“科技赋能”大会包含中国检验检测学会“检验检测科普万里行(金乡站)”启动仪式等议程。"


def test_image_placeholders():
    for placeholder in ("(资料图片)", "（资料图片）", "(记者 张三 摄)", "图为与会专家参观企业展厅。", "(图片来源:网络)"):
        doc = apply(image_placeholder, f"{P1}\n{placeholder}\n{P2}")
        assert lines(doc) == [P1, P2], placeholder


def test_captions_signed_by_their_photographer():
    # real captions: fixtures-zh trafilatura/banyuetan and cwced 064b591b
    for caption in ("为了上网推介、售卖家乡特产，安化县一块花生地里正录制视频 李尕 摄", "这次生育对小李的身体影响很大 本报记者 惠禾 摄"):
        assert lines(apply(image_placeholder, f"{P1}\n{caption}\n{P2}")) == [P1, P2], caption
    sentence = "记者在现场看到，市民们纷纷拿出手机拍摄。"
    assert lines(apply(image_placeholder, f"{P1}\n{sentence}")) == [P1, sentence]


def test_parentheses_inside_a_paragraph_stay():
    text = P1 + "\n上海交通大学(银川)材料产业研究院的相关专家到场参会,并积极进行交流互动(资料图片见右)。"
    assert lines(apply(image_placeholder, text)) == text.split("\n")


def test_captions_set_apart_by_wide_gaps():
    text = "\n\n".join([P1, "融媒记者 胡锦 吕琳萍"]) + "\n\n\n\n专家和嘉宾出席启动仪式\n\n\n\n与会人员在院士大讲堂现场认真聆听\n\n台前\n\n" + P2
    doc = apply(gap_caption, text)
    assert lines(doc) == [P1, "融媒记者 胡锦 吕琳萍", "台前", P2]


def test_headings_at_the_usual_gap_stay():
    text = "\n\n".join([P1, "幕后", "倾心搭桥助企发展", P2])
    assert lines(apply(gap_caption, text)) == [P1, "幕后", "倾心搭桥助企发展", P2]


def test_double_spaced_dumps_have_no_gap_captions():
    text = "\n\n\n".join([P1, "幕后", P2, "记者手记", P1])
    assert len(apply(gap_caption, text).lines) == 5


def test_numbered_and_lead_in_headings_set_apart_by_wide_gaps_stay():
    # real lines from cwced gt pages (caee0a34, d7605742, 93498c29, c3a80850), each after a wider gap
    for heading in ("二、高度政治化的中国社会", "2.明白神的旨意是神的应许：", "动力系统主要参数：", "何夕的故事和心里话——"):
        text = P1 + "\n" + P2 + "\n\n\n" + heading + "\n" + P1 + "\n" + P2
        assert heading in lines(apply(gap_caption, text)), heading
    # the caption of the seed page at the same gap still goes
    text = P1 + "\n" + P2 + "\n\n\n与会人员在院士大讲堂现场认真聆听\n" + P1 + "\n" + P2
    assert "与会人员在院士大讲堂现场认真聆听" not in lines(apply(gap_caption, text))


def test_reader_buttons_go_wherever_they_stand():
    # "展开全文" and "返回搜狐，查看更多" are from a real 搜狐 page (cwced d8d4c4ec), "pdf下载  word下载" from a
    # 吉林省人民政府 information page (cwced e8847578); the others are the same
    # buttons as other portals print them
    for button in ("展开全文", "返回搜狐，查看更多", "展开剩余 85%", "阅读全文>>", "【点击查看大图】", "打开新华社客户端 阅读全文",
                   "查看更多内容", "pdf下载  word下载", "[1] [2] [3] [4] [5] [6]", "首页 上一页 1 2 3 下一页 尾页", "返目录"):
        doc = apply(reader_buttons, f"{P1}\n{button}\n{P2}")
        assert lines(doc) == [P1, P2], button


def test_sentences_that_mention_reading_stay():
    for sentence in ("专家建议，阅读全文之前先浏览目录，再展开全文细读。", "2023 2024 2025", "1 2"):
        assert lines(apply(reader_buttons, f"{P1}\n{sentence}\n{P2}")) == [P1, sentence, P2], sentence


def test_captions_closed_by_a_photo_credit_or_placing_people():
    # real caption lines (tests/data/devset: ltn, ettoday, udn, singtao, chinatimes, appledaily, tvbs, 163), simplified
    for caption in (
        "财政部今天下午将公布今年1-2月期统一发票中奖清册，财政部透露，本期千万中奖张数为18张。（资料照）",
        "▲台南市永康分局报请台南地检署检察官，率法医至台南市立殡仪馆相验，认定死者系属自杀行为。（图／记者林悦翻摄）",
        "日本电子产品制造商索尼与记忆体制造商「铠侠」，已经向美国华府申请继续为华为提供设备。 图／腾讯科技",
        "薛夫洛根（右）和占士法兰高。美联社",
        "贪污问题谘询委员会主席周松冈(前)。",
        "台中市赖姓女子酒后与男友发生口角后，从5楼租屋处坠楼身亡。王煌忠摄",
        "桃园机场第二航厦昨天凌晨发生夫妻双双坠楼事件，警消医护赶到现场抢救。 记者陈嘉宁／摄影",
        "◎照片来源：PROMPERU",
        "△坦帕市市长简·卡斯特",
        "英国《金融时报》评选库克为2014年度代表人物，iPhone 6和Apple Watch正式宣告「库克时代」的来临。﹝路透﹞",
    ):
        assert lines(apply(image_placeholder, f"{P1}\n{caption}\n{P2}")) == [P1, P2], caption


def test_paragraphs_with_parentheses_and_agencies_stay():
    for paragraph in (
        "他说，未来三年（2024—2026年）将投入专项资金支持企业技术改造，推动产业向高端化迈进。",
        "据路透社报道，该公司当天宣布将在上海新建研发中心（右侧为效果图见官网），预计明年投用。",
        "新华社北京6月9日电 记者从科技部获悉，我国将进一步加强基础研究。",
        "左右为难的企业家们，最终选择了与科研院所合作。",
    ):
        assert lines(apply(image_placeholder, f"{P1}\n{paragraph}")) == [P1, paragraph], paragraph


def test_a_paragraph_citing_its_data_source_stays():
    paragraph = "今年一季度，全省规上工业增加值同比增长6.2%，高新技术产业增加值增长9.1%。（来源：浙江省统计局）"
    assert lines(apply(image_placeholder, f"{P1}\n{paragraph}")) == [P1, paragraph]


def test_a_bracketed_heading_with_a_picture_word_is_no_caption():
    heading = "【美国西雅图一大学宿舍区超100名学生感染新冠肺炎】"  # a real 网易 subheading (tests/data/devset a-163-1)
    assert lines(apply(image_placeholder, f"{P1}\n{heading}\n{P2}")) == [P1, heading, P2]


def test_a_picture_credit_alone_goes():
    assert lines(apply(image_placeholder, f"{P1}\n故宫博物院供图\n{P2}")) == [P1, P2]  # a real ifeng line


def test_file_photo_and_via_captions():
    # real captions of WeChat articles (tests/data/devset d-weixin-2, d-weixin-5)
    for caption in ("李敖 资料图", "冬日的北京国家图书馆自习大厅。（via[6]）"):
        assert lines(apply(image_placeholder, f"{P1}\n{caption}\n{P2}")) == [P1, P2], caption
    # real lines kept by the gold texts (d-weixin-5, devset g-hjd-3, cwced 2bac7fb2): they point at a picture
    for sentence in ("上图就是它的主界面，各种设置一个接一个，布满了让外行摸不着头脑的文字说明。", "下图为规划网络拓扑：",
                     "资料图显示，该地区近五年降雨量偏多。"):
        assert lines(apply(image_placeholder, f"{P1}\n{sentence}\n{P2}")) == [P1, sentence, P2], sentence


# paragraphs around two real chart titles of a WeChat article (tests/data/devset d-weixin-13)
CHART_BEFORE = ("亿欧企业服务频道整理了2010-2018年的专利受理数量（包括发明专利、实用新型专利、外观专利）、商标申请数量，"
                "从2010年开始，国内专利受理、商标受理数量加速增长，2012年实现均突破200万，2016年更是实现均突破300万。")
CHART_AFTER = "2016年12月，国务院发布《“十三五”国家知识产权保护和运用规划》，首次将知识产权规划列入国家重点专项规划。"


def test_a_charts_title_between_paragraphs_goes():
    for title in ("2010-2018年中国专利申请量和商标申请量", "知识产权服务领域科技企业汇总（按照企业名称字母排序）"):
        doc = apply(image_placeholder, f"{CHART_BEFORE}\n{title}\n{CHART_AFTER}")
        assert lines(doc) == [CHART_BEFORE, CHART_AFTER], title


def test_section_headings_and_a_tables_title_stay():
    # real section headings of the same article; the chart title over rows of a table (made up) titles text
    for heading in ("政策倾斜、万亿市场规模", "解读知识产权服务产业链", "知识产权服务产业如何破局？"):
        text = f"{CHART_BEFORE}\n{heading}\n{CHART_AFTER}"
        assert lines(apply(image_placeholder, text)) == text.split("\n"), heading
    text = f"{CHART_BEFORE}\n2010-2018年中国专利申请量和商标申请量\n| 年份 | 专利 | 商标 |\n| 2018 | 432.3万件 | 737.1万件 |"
    assert lines(apply(image_placeholder, text)) == text.split("\n")
