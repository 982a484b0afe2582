from cleaners.rules.tail import snapshot_disclaimer

from .util import apply, lines

ARTICLE = (
    "授人以鱼不如授人以渔。“科技副总”要立足企业实际需求,主动把技术和服务融进去,注重扶持企业科研团队,"
    "分享自身的科研经验和方法论,让企业不仅能够获得短期的技术支持,还能培育起长期的科研能力。"
)


def test_cuts_from_the_disclaimer_of_a_snapshot_site():
    doc = apply(snapshot_disclaimer, "\n".join([
        ARTICLE,
        "以上内容为资讯信息快照,由td.fyun.cc爬虫进行采集并收录,本站未对信息做任何修改,信息内容不代表本站立场。",
        "快照生成时间:2024-06-09 17:45:05",
        "本站信息快照查询为非营利公共服务,如有侵权请联系我们进行删除。",
        "信息原文地址:",
        "2024-06-10 07:57:00",
    ]))
    assert lines(doc) == [ARTICLE]
    assert doc.changed["snapshot_disclaimer"] == 5


def test_other_mirror_disclaimers_end_the_article_too():
    doc = apply(snapshot_disclaimer, ARTICLE + "\n免责声明:本文转自网络,版权归原作者所有,如有侵权请联系删除。\n热门推荐")
    assert lines(doc) == [ARTICLE]


def test_a_sentence_about_snapshots_inside_the_article_stays():
    text = ARTICLE + "\n记者注意到,该网站提供网页快照服务,用户可以查询历史页面。\n" + ARTICLE
    assert lines(apply(snapshot_disclaimer, text)) == text.split("\n")


def test_a_disclaimer_above_the_article_is_dropped_alone():
    doc = apply(snapshot_disclaimer, "快照生成时间:2024-06-09 17:45:05\n" + ARTICLE)
    assert lines(doc) == [ARTICLE]


def test_site_named_copyright_notice():
    doc = apply(snapshot_disclaimer, ARTICLE + "\n振兴东北网版权与免责声明:\n凡本网注明“来源:振兴东北网”的所有作品,版权均属于本网。")
    assert lines(doc) == [ARTICLE]
