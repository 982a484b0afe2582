"""Deep markup through the real CLI (issue 10, item 4): a CMS nests tables in tables, and libxml2's default limit
silently dropped whatever sat over 256 elements deep, so the page was rejected as not_article. Now it is parsed
whole up to libxml2's own ceiling, and a page past that is rejected as too_deep, the cause it has."""
from .conftest import FIXTURES, read_jsonl, run_cli

STORY = (FIXTURES / "seeds_gold" / "002_08b51e217c1001c8.txt").read_text(encoding="utf-8")


def nested(depth: int) -> bytes:
    """A real article (seed 002's clean text) at the bottom of `depth` nested layout tables' cells."""
    paragraphs = "".join(f"<p>{line}</p>" for line in STORY.splitlines()[1:] if line.strip())
    opening, closing = "<table><tr><td>" * (depth // 3), "</td></tr></table>" * (depth // 3)
    return f"<html><head><title>t</title></head><body>{opening}{paragraphs}{closing}</body></html>".encode()


def test_an_article_nested_hundreds_deep_is_kept_and_one_past_the_parser_is_rejected_as_too_deep(tmp_path):
    (tmp_path / "deep.html").write_bytes(nested(600))       # 600 elements deep: the old parser lost the text
    (tmp_path / "deeper.html").write_bytes(nested(3000))    # past libxml2's ceiling of 2048
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    proc = run_cli("clean", str(tmp_path / "deep.html"), str(tmp_path / "deeper.html"), "-o", str(out),
                   "--rejects", str(rejects), "--no-templates")
    assert proc.returncode == 0, proc.stderr.decode()
    kept = read_jsonl(out)
    assert [r["id"] for r in kept] == ["deep"]
    assert STORY.splitlines()[2][:20] in kept[0]["text"]
    assert [r["reason"] for r in read_jsonl(rejects)] == ["too_deep"]
