"""The five seed documents through the real CLI: each comes out as its clean article with metadata."""
import json

import pytest

from cleaners.metrics import bigram_f1

from .conftest import FIXTURES, read_jsonl, run_cli

SEEDS = sorted(p.stem for p in (FIXTURES / "seeds").glob("*.txt"))

# noise the seeds carry; none of it may survive (checked after NFKC, as the output is)
NOISE = [
    "我的订阅", "类别:", "本文转自", "融媒记者", "本报记者", "大众日报客户端记者", "转自《", "永康市融媒体中心",
    "(资料图片)", "专家和嘉宾出席启动仪式", "关键词:", "责任编辑", "更多关于", "以上内容为资讯信息快照", "快照生成时间",
    "本站信息快照查询", "信息原文地址", "天天视讯", "点亮爱心", "2024-06-10 07:57:00", "蹦壳埃", "(shí)", "(shū)",
    "世界动态", "颐和园举办非遗市集",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds") / "corpus.jsonl"
    proc = run_cli("clean", str(FIXTURES / "seeds"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    records = {r["id"]: r for r in read_jsonl(out)}
    return records, proc.stderr.decode(), out


def test_every_seed_is_kept(corpus):
    records, summary, out = corpus
    assert sorted(records) == SEEDS
    assert "documents in: 5  kept: 5  rejected: 0" in summary
    assert read_jsonl(out.with_name("corpus.rejects.jsonl")) == []


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_matches_its_gold_annotation(corpus, stem):
    record = corpus[0][stem]
    gold = (FIXTURES / "seeds_gold" / f"{stem}.txt").read_text(encoding="utf-8")
    assert bigram_f1(record["text"], gold).f1 >= 0.97
    for noise in NOISE:
        assert noise not in record["text"], noise
    if record["title"]:
        assert record["title"] not in record["text"].split("\n")


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_metadata(corpus, stem):
    record = corpus[0][stem]
    expected = json.loads((FIXTURES / "seeds_gold" / f"{stem}.json").read_text(encoding="utf-8"))
    for field in ("title", "author", "editor", "published"):
        assert record[field] == expected[field], field
    # the source may only be left empty, never wrong
    assert record["source"] in (expected["source"], None)


def test_record_shape(corpus):
    record = corpus[0]["003_b2cf538a030ad554"]
    assert set(record) >= {"id", "url", "title", "text", "published", "author", "editor", "source", "site", "region", "meta"}
    assert {"converted_from_traditional", "pinyin_removed", "mojibake_repaired"} <= set(record["meta"]["flags"])
    assert record["meta"]["rules"]["keywords_line"] > 0
    assert "\n\n" not in record["text"]


def test_keep_width_and_keep_script(tmp_path):
    out = tmp_path / "o.jsonl"
    seed = FIXTURES / "seeds" / "003_b2cf538a030ad554.txt"
    assert run_cli("clean", str(seed), "-o", str(out), "--keep-script", "--keep-width", "-q").returncode == 0
    text = read_jsonl(out)[0]["text"]
    assert "中新網溫州" in text and "(shí)" not in text  # script kept, injected pinyin still removed
    plain = tmp_path / "p.jsonl"
    run_cli("clean", str(FIXTURES / "seeds" / "004_a895562c53c77885.txt"), "-o", str(plain), "--keep-width", "-q")
    # the seed is already folded: --keep-width must not change what is there
    assert "借智" in read_jsonl(plain)[0]["title"]


SITE = FIXTURES / "site"


@pytest.mark.parametrize("stem", SEEDS)
def test_the_seed_as_a_page_and_as_a_dump_give_the_same_article(corpus, stem):
    """The crawl cleans the seed's page on the sample site, the CLI its text dump: the same text and credits.
    Only the date differs, where the page states one (PubDate) and the dump does not."""
    page = next(a["url"] for a in json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))["articles"]
                if a["kind"] == "seed" and a["src"] == stem)
    proc = run_cli("clean", str(SITE / page.lstrip("/")), "-o", "-", "--rejects", "/dev/null")
    assert proc.returncode == 0, proc.stderr.decode()
    html_record = json.loads(proc.stdout.decode().splitlines()[0])
    text_record = corpus[0][stem]
    assert html_record["text"] == text_record["text"]
    for field in ("author", "editor", "source"):
        assert html_record[field] == text_record[field], field
    assert text_record["title"] in (None, html_record["title"])
    assert text_record["published"] in (None, html_record["published"])
