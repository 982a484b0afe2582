"""Pathological pages through the real CLI (issue 10, items 4 and 5).

Deep markup: a CMS nests tables in tables, and libxml2's default limit silently dropped whatever sat over 256
elements deep, so the page was rejected as not_article. Now it is parsed whole up to libxml2's own ceiling, and
a page past that is rejected as too_deep, the cause it has. Markup by the hundred thousand tags: 10 MB of bare
links took 8 s and 530 MB to parse and score; a page over MAX_TAGS is rejected as too_complex unparsed."""
from cleaners.limits import MAX_TAGS

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


def test_a_page_of_more_tags_than_any_article_is_rejected_unparsed_and_the_next_page_still_arrives(tmp_path):
    links = "".join(f'<a href="/a/{i}.html">第{i}条</a>' for i in range(MAX_TAGS // 2 + 1))  # two '<' a link
    (tmp_path / "a_links.html").write_text(f"<html><body><div>{links}</div></body></html>", encoding="utf-8")
    (tmp_path / "b_story.html").write_bytes(nested(3))
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    proc = run_cli("clean", str(tmp_path), "-o", str(out), "--rejects", str(rejects), "--no-templates")
    assert proc.returncode == 0, proc.stderr.decode()
    assert [(r["id"], r["reason"]) for r in read_jsonl(rejects)] == [("a_links", "too_complex")]
    assert [r["id"] for r in read_jsonl(out)] == ["b_story"]
