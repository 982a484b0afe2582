"""cleaners.clean_html / cleaners.clean_text give a library user the record the CLI writes for the same input."""
import json
from pathlib import Path

import pytest

import cleaners

from .conftest import FIXTURES, read_jsonl, run_cli

SITE = FIXTURES / "site"
PAGES = sorted([*(SITE / "news").rglob("*.shtml"), *(SITE / "county" / "system").rglob("*.shtml"),
                *(SITE / "kjt" / "art").rglob("*.html")])       # real pages, byte for byte (MANIFEST.md)
LIST_PAGE = SITE / "kjt" / "col" / "col1001" / "index.html"     # a column's list of headlines: not an article
DUMPS = sorted((FIXTURES / "seeds").glob("*.txt"))


def _cli_lines(tmp_path: Path, files: list[Path], *flags: str) -> dict[str, dict]:
    """id → the line the CLI wrote for it, kept or rejected."""
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    proc = run_cli("clean", *map(str, files), "-o", str(out), "--rejects", str(rejects), "-q", *flags)
    assert proc.returncode == 0, proc.stderr.decode()
    return {r["id"]: r for r in read_jsonl(out) + read_jsonl(rejects)}


def _as_written(result: cleaners.Cleaned) -> dict:
    return json.loads(json.dumps(result.record, ensure_ascii=False))  # the CLI's line went through JSON


def test_clean_html_gives_the_cli_record_of_each_page_and_reject(tmp_path):
    assert len(PAGES) >= 10
    cli = _cli_lines(tmp_path, [*PAGES, LIST_PAGE])
    assert len(cli) == len(PAGES) + 1  # ids (file stems) are distinct: each line is found by its id
    for page in [*PAGES, LIST_PAGE]:
        result = cleaners.clean_html(page.read_bytes(), id=page.stem)
        assert _as_written(result) == cli[page.stem], page
        assert result.kept == ("reason" not in cli[page.stem])
    assert sum(cleaners.clean_html(p.read_bytes()).kept for p in PAGES) >= len(PAGES) - 2
    listing = cleaners.clean_html(LIST_PAGE.read_bytes(), url="http://127.0.0.1/kjt/col/col1001/index.html")
    assert not listing.kept and listing.reason == listing.record["reason"] == cli["index"]["reason"]
    assert listing.record["url"] == "http://127.0.0.1/kjt/col/col1001/index.html"


def test_clean_text_gives_the_cli_record_of_each_dump_with_the_same_options(tmp_path):
    for flags, options in (((), {}), (("--keep-script", "--keep-width", "--min-chars", "400"),
                                      {"keep_script": True, "keep_width": True, "min_chars": 400})):
        cli = _cli_lines(tmp_path, DUMPS, *flags)
        for dump in DUMPS:
            assert _as_written(cleaners.clean_text(dump.read_bytes(), id=dump.stem, **options)) == cli[dump.stem]
    text = DUMPS[2].read_text(encoding="utf-8")
    kept = cleaners.clean_text(text)  # a str is taken as decoded; no id unless one is given
    assert kept.kept and kept.reason is None and kept.record["id"] is None
    assert kept.record["title"] == "金乡打亲情牌,邀请“老乡专家”为发展科技赋能"


def test_a_reject_comes_back_with_its_reason():
    short = cleaners.clean_text("科创中国", url="http://example.cn/a.html")
    assert (short.kept, short.reason) == (False, "too_short")
    assert short.record["reason"] == "too_short" and short.record["url"] == "http://example.cn/a.html"
    assert cleaners.clean_text(DUMPS[2].read_bytes(), min_chars=100_000).reason == "too_short"
    assert cleaners.clean_html(b"<html><body><p>Hello world, this page is in English.</p></body></html>").reason


def test_unknown_options_and_inputs_are_type_errors():
    with pytest.raises(TypeError, match="keep_scripts"):
        cleaners.clean_html("<p>科创</p>", keep_scripts=True)
    with pytest.raises(TypeError, match="workers"):
        cleaners.clean_text("科创", workers=2)
    with pytest.raises(TypeError, match="str or bytes"):
        cleaners.clean_text(None)
