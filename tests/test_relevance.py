from cleaners.relevance import relevance

from .conftest import FIXTURES


def test_the_seed_stories_are_on_topic():
    for gold in sorted((FIXTURES / "seeds_gold").glob("*.txt")):
        ok, why = relevance(None, gold.read_text(encoding="utf-8"))
        assert ok, (gold.name, why)


def test_title_evidence():
    ok, why = relevance("借智长三角 助企向“新”行 温州引进50余名科技副总", "")
    assert ok and "科技" in why


def test_off_topic_stories_are_dropped_with_a_reason():
    text = (
        "颐和园举办非遗市集,各种商品吸引了市民和游客的目光。游客免费领取福字,来自重庆的非遗传承人展示剪纸作品,"
        "刺绣荷包吸引消费者。市集现场热闹非凡,吹糖人、兔爷等老北京手艺让游客流连忘返。"
    )
    ok, why = relevance("颐和园举办非遗市集 打造文旅消费新场景", text)
    assert not ok and "none in the title" in why
