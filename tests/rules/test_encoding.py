from cleaners.metrics import bigram_f1
from cleaners.rules.encoding import gbk_shift_mojibake, utf8_read_as_gbk

from tests.conftest import FIXTURES

from .util import apply, lines

SEED_LINE = (
    "俄羅斯自然科學院外籍院士谷宇表示,“瑞安從項目支持、領導重視、產業落地化、技術落地來說,都應該是最好的,"
    "是我首選之地?!蹦壳埃扔钤菏繄F隊已簽約智能傳感器研究院項目并入駐東新科創園。"
)


def test_gbk_read_one_byte_out_of_step_is_repaired_where_the_bytes_allow():
    doc = apply(gbk_shift_mojibake, SEED_LINE)
    fixed = lines(doc)[0]
    assert "蹦壳埃扔钤菏繄" not in fixed
    assert "是我首選之地。”目前" in fixed and "院士團隊已簽約" in fixed
    assert {"mojibake_repaired", "mojibake_cut"} <= set(doc.flags)  # "谷" was lost upstream: flagged


def _one_byte_lost(line: str, cut: int) -> str:
    data = line.encode("gbk")
    return data[:cut].decode("gbk", "replace") + data[cut + 1:].decode("gbk", "replace")


def test_generated_shifts_of_real_gbk_text_are_detected_and_mostly_repaired():
    # real paragraphs as a GBK page carries them (full-width punctuation), one byte lost mid-line
    gold = [line for path in sorted((FIXTURES / "seeds_gold").glob("*.txt"))
            for line in path.read_text(encoding="utf-8").split("\n")]
    cases = []
    for line in gold:
        full = line.translate(str.maketrans(",:?!()", "，：？！（）"))
        data = full.encode("gbk")
        for cut in range(10, len(data) - 40, 37):
            garbled = _one_byte_lost(full, cut)
            if data[cut] >= 0x80 and sum(a != b for a, b in zip(garbled, full)) >= 8:
                cases.append((full, garbled))
    assert len(cases) >= 5
    detected, before, after = 0, [], []
    for full, garbled in cases:
        doc = apply(gbk_shift_mojibake, garbled)
        detected += bool(doc.flags)
        before.append(bigram_f1(garbled, full).f1)
        after.append(bigram_f1(doc.text, full).f1)
    assert detected >= 0.9 * len(cases)
    assert sum(after) / len(after) > sum(before) / len(before) + 0.05


def test_real_paragraphs_are_not_taken_for_mojibake():
    for stem in ("000_2848a3437ea9dc97", "002_08b51e217c1001c8", "004_a895562c53c77885"):
        for line in (FIXTURES / "seeds_gold" / f"{stem}.txt").read_text(encoding="utf-8").split("\n"):
            doc = apply(gbk_shift_mojibake, line.translate(str.maketrans(",:?!()", "，：？！（）")))
            assert not doc.flags, line


def test_rare_but_real_names_stay():
    text = "菏泽市钤记老字号与鄄城县的企业签约,郓城、鄄城两地科协负责人出席。"
    doc = apply(gbk_shift_mojibake, text)
    assert lines(doc) == [text] and not doc.flags


def test_utf8_read_as_gbk_round_trips():
    original = "我市高度重视科技创新"
    garbled = original.encode("utf-8").decode("gb18030")
    assert garbled.startswith("鎴戝競楂樺害閲嶈")
    doc = apply(utf8_read_as_gbk, garbled)
    assert lines(doc) == [original]
    assert "mojibake_repaired" in doc.flags


def test_utf8_read_as_latin1_round_trips():
    original = "科技副总入企服务"
    doc = apply(utf8_read_as_gbk, original.encode("utf-8").decode("latin-1"))
    assert lines(doc) == [original]


def test_clean_chinese_is_untouched():
    text = "中新网温州11月14日电(记者 范宇斌)2021世界青年科学家峰会在浙江温州举行。"
    doc = apply(utf8_read_as_gbk, text)
    assert lines(doc) == [text] and not doc.flags


def test_box_drawing_diagrams_and_indents_are_not_mojibake():
    for text in ("┌──────────┴──────────┐", "↓\u3000\u3000\u3000\u3000\u3000\u3000↓符合圣经原则吗(外证)?", "导┌────────────────┼────────────────┐"):
        doc = apply(gbk_shift_mojibake, text)
        assert lines(doc) == [text] and not doc.flags


def test_full_width_forms_in_correctly_decoded_text_stay():
    # real lines from GBK pages that decode correctly: brackets, full-width digits and slashes
    for text in ("以反革命抢劫罪」「从严从快判处死刑的案件", "李某（１９岁）在校读书期间获得国家奖学金", "向灾区／捐献物资的企业和个人表示感谢"):
        doc = apply(gbk_shift_mojibake, text)
        assert lines(doc) == [text] and not doc.flags, text


def test_decorations_and_a_lost_character_are_not_mojibake():
    # real WeChat tails: arrows repeated as decoration, and one character lost upstream as U+FFFD
    for line in ("关注我们，获取更多科技资讯，请点击下方链接↓↓↓", "长按识别二维码关注↓↓↓",
                 "觉得文章不错，请点【在看\ufffd】支持一下",
                 # traditional and Cantonese text: a rare character is not a shifted byte
                 "《為摯愛的鬱金香永恆祈禱》則是為亞洲巡迴展特製的大型彩色裝置，數以千計的彩色圓點從牆面延伸到立體鬱金香裝置上。",
                 "而移民的原因「唔係因為我怕咗共產黨，我係怕咗依家嘅年青人」"):
        doc = apply(gbk_shift_mojibake, line)
        assert lines(doc) == [line] and not doc.flags, line


def test_no_line_of_any_gold_text_is_taken_for_mojibake():
    """Repair must never fire on clean text: every hand-made clean line we have, as it is and with the
    full-width punctuation a GBK page carries."""
    data = FIXTURES.parent / "data"
    gold = sorted((data / "cwced" / "gt").glob("*.txt")) + sorted((data / "devset" / "gt").glob("*.txt"))
    gold += sorted((FIXTURES / "seeds_gold").glob("*.txt"))
    fired = []
    for path in gold:
        for line in filter(str.strip, path.read_text(encoding="utf-8").splitlines()):
            for variant in {line, line.translate(str.maketrans(",:?!()", "，：？！（）"))}:
                for rule in (gbk_shift_mojibake, utf8_read_as_gbk):
                    doc = apply(rule, variant)
                    if doc.flags or lines(doc) != apply(lambda d: None, variant).texts():
                        fired.append(f"{path.name} {rule.__name__}: {variant[:60]}")
    assert len(gold) >= 110 and fired == []


def test_japanese_is_not_mojibake():
    line = "このサイトは繁体字版です。日本語版「フォーカス台湾」に移動しますか。"  # a real CNA language prompt
    doc = apply(gbk_shift_mojibake, line)
    assert lines(doc) == [line] and not doc.flags
