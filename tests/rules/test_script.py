from cleaners.rules.script import strip_pinyin, to_simplified

from .util import apply, lines

MIRROR = "為深入貫徹落實(shí)習(xí)近平總書(shū)記來(lái)寧講話(huà)精神,搶抓“科創(chuàng)中國(guó)”建設(shè)機(jī)遇。"


def test_strip_injected_pinyin():
    doc = apply(strip_pinyin, MIRROR)
    assert lines(doc) == ["為深入貫徹落實習近平總書記來寧講話精神,搶抓“科創中國”建設機遇。"]
    assert "pinyin_removed" in doc.flags


def test_real_parentheses_stay():
    text = MIRROR + "\n中新網溫州11月14日電(記者 范宇斌)上海交通大學(銀川)材料產業研究院、日科年產3萬臺(套)設備(AI)"
    doc = apply(strip_pinyin, text)
    assert lines(doc)[1] == "中新網溫州11月14日電(記者 范宇斌)上海交通大學(銀川)材料產業研究院、日科年產3萬臺(套)設備(AI)"


def test_neutral_tone_readings_go_in_a_mirror_only():
    doc = apply(strip_pinyin, MIRROR + "\n專家們(men)為什麼(me)看好這(zhè)個(ge)項目(a)")
    assert lines(doc)[1] == "專家們為什麼看好這個項目(a)"
    plain = "专家们说的(de)确如此"  # no mirror: a lone untoned annotation stays
    assert lines(apply(strip_pinyin, plain)) == [plain]


def test_damaged_opening_parenthesis():
    doc = apply(strip_pinyin, MIRROR + "\n三方在技術(shù)研發(fā)等發(fā)揮各自?xún)?yōu)勢")
    assert lines(doc)[1] == "三方在技術研發等發揮各自勢"


def test_a_lone_latin_annotation_is_not_a_mirror():
    text = "该项目编号为项目(a),另一个为项目(b)。"
    assert lines(apply(strip_pinyin, text)) == [text]


def test_traditional_becomes_simplified():
    doc = apply(to_simplified, "為深入貫徹落實習近平總書記來寧講話精神,乘著此次大會的東風,催生著城市能級提升,名著與著作不變。")
    assert lines(doc) == ["为深入贯彻落实习近平总书记来宁讲话精神,乘着此次大会的东风,催生着城市能级提升,名著与著作不变。"]
    assert "converted_from_traditional" in doc.flags


def test_simplified_text_is_left_alone():
    text = "瑞安市成功入选“科创中国”浙江省级试点县(市、区),他是著名的科学家,著有多部著作。"
    doc = apply(to_simplified, text)
    assert lines(doc) == [text] and not doc.flags
