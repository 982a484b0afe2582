from cleaners.rules.tail import related_links

from .util import apply, lines

BODY = [
    "近年来,金乡坚持把人才作为高质量发展的强大引擎,实施“十百千万”人才引进计划,累计引进国家级人才7人。",
    "金乡将以最优越的环境、最优惠的政策、最优质的服务,为来金人才施展才华搭建舞台、为各项技术成果落地铺平道路。",
]


def test_dash_bullet_headlines():
    tail = ["-", "点亮爱心,携手共治", "-", "西溪湿地博物馆_世界新消息", "-", "一季度消费市场稳步恢复"]
    assert lines(apply(related_links, "\n".join(BODY + tail))) == BODY


def test_headline_and_date_line_pairs():
    tail = [
        "金融力量保障温州民企阔步新征程",
        "...理总局浙江监管局指导辖内机构,围绕2024年浙江省推进长三角一体化发展工作要点、工作任务及重大项目清单,推进清单化对接",
        "2024-06-03 07:36:00",
        "新闻1+1丨长三角高质量一体化发展 应向何处纵深突破?",
        "6月5日至6日,2024年度长三角地区主要领导座谈会在浙江温州召开。回看过去这五年,长三角一体化建设取得了怎样的突破和成果?进入又一个五年的发展新阶段,接下来如何继续划好“同心圆",
        "2024-06-06 08:18:00",
    ]
    assert lines(apply(related_links, "\n".join(BODY + tail))) == BODY


def test_headline_teaser_lines_cut_mid_sentence():
    tail = [
        "拒绝对过敏“束手就擒” 世界动态 近年来,过敏的人越来越多了,这种现象已经被多个大型的流行病学研究所证实。面对过敏,我们只能“束手就擒",
        "今日快讯:“五一”来南庄,不仅有车展,还有美食、美景等着你! 4月29日,2023佛山(南庄)汽车文化嘉年华马上就要和大家见面啦!本届汽车文化嘉年华是“佛山车展”首次落",
        "白银期货上行继续看涨 今日周五(4月28日)亚盘时段,白银...",
        "音乐类院校国际排名 世界著名音乐学院最新权威排名 今天,大学路小编为大家带来了音乐...",
    ]
    assert lines(apply(related_links, "\n".join(BODY + tail))) == BODY


def test_closing_credits_and_headings_are_not_a_list():
    text = BODY + ["永康市融媒体中心", "宣"]
    assert lines(apply(related_links, "\n".join(text))) == text


def test_section_headings_inside_the_article_stay():
    text = [BODY[0], "幕后", "倾心搭桥助企发展", "市科协多措并举服务大局", BODY[1]]
    assert lines(apply(related_links, "\n".join(text))) == text


def test_a_table_of_references_is_article_text():
    refs = [
        "| [1] | 章炳林. C2C电子商务的物流配送问题研究[D]: [硕士学位论文]. 合肥: 合肥工业大学, 2008. |",
        "| [2] | 张磊. 电子商务环境下物流配送路线优化研究[D]: [硕士学位论文]. 成都: 西南交通大学, 2008. |",
        "| [3] | 周仕仁. 电子商务下的物流配送模式研究[J]. 物流科技, 2011(11): 56-58. |",
        "| [4] | 杨阳. 淘宝网物流配送模式分析[J]. 商业经济, 2011(23): 33-34. |",
    ]
    assert lines(apply(related_links, "\n".join(BODY + refs))) == BODY + refs


def test_paragraphs_ending_in_a_credit_are_prose():
    text = BODY + [
        "DeepMind已将其研究结果发表在科学刊物《自然》(Nature)上。(编译/林靖东)",
        "-",
        "西溪湿地博物馆_世界新消息",
        "2024-06-03 07:36:00",
        "一季度消费市场稳步恢复",
        "2024-06-03 07:36:00",
    ]
    assert lines(apply(related_links, "\n".join(text))) == text[:3]
