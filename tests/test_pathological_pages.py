"""Pathological pages through the real CLI (issue 10, items 4 and 5).

Deep markup: a CMS nests tables in tables, and libxml2's default limit silently dropped whatever sat over 256
elements deep, so the page was rejected as not_article. Now it is parsed whole up to libxml2's own ceiling, and
a page past that is rejected as too_deep, the cause it has. Markup by the hundred thousand tags: 10 MB of bare
links took 8 s and 530 MB to parse and score; a page over MAX_TAGS is rejected as too_complex unparsed, and
one under it costs its tree and little beside: htmldate reads the page's own tree instead of a copy, the body
choice keeps scores only for the blocks it reads, chrome is set aside and put back without counting siblings.
Memory and time are measured by benchmarks/pathological_memory.py, never asserted here."""
from copy import deepcopy

import lxml.html

from cleaners.html.chrome import set_aside
from cleaners.html.density import measure
from cleaners.html.meta import _htmldate
from cleaners.html.parse import parse_html
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


def test_a_page_just_under_the_bound_is_parsed_and_judged_and_the_run_goes_on(tmp_path):
    links = "".join(f'<a href="/a/{i}.html">第{i}条</a>' for i in range(MAX_TAGS // 2 - 10))
    page = f"<html><body><div>{links}</div></body></html>"
    assert MAX_TAGS - 30 < page.count("<") <= MAX_TAGS
    (tmp_path / "a_links.html").write_text(page, encoding="utf-8")
    (tmp_path / "b_story.html").write_bytes(nested(3))
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    proc = run_cli("clean", str(tmp_path), "-o", str(out), "--rejects", str(rejects), "--no-templates")
    assert proc.returncode == 0, proc.stderr.decode()
    assert [(r["id"], r["reason"]) for r in read_jsonl(rejects)] == [("a_links", "not_article")]  # read, not refused
    assert [r["id"] for r in read_jsonl(out)] == ["b_story"]


def test_htmldate_prunes_the_pages_own_tree_and_every_node_comes_back(monkeypatch):
    import htmldate.core

    html = ("<html><head><title>t</title></head><body><p>开头<video>v<picture>p</picture>影片</video>尾一"
            "<audio>a</audio>尾二</p><div id='wm-ipp-base'>2018-05-06</div>工具栏之后<div><picture></picture>"
            "<picture>图</picture><span class='date'>2021-03-04</span>日期之后</div><script>s</script>末尾</body></html>")
    pruned = []
    clean_html = htmldate.core.clean_html
    monkeypatch.setattr(htmldate.core, "clean_html", lambda tree, tags: pruned.append(tree) or clean_html(tree, tags))
    root = parse_html(html)
    before = lxml.html.tostring(root)
    assert _htmldate(root, None) == "2021-03-04"
    assert pruned and all(tree is root for tree in pruned)  # no copy of the page was made…
    assert lxml.html.tostring(root) == before  # …and what htmldate took out of it is back, text and tails too
    from htmldate import find_date

    copy = parse_html(html)
    assert find_date(deepcopy(copy), original_date=True, extensive_search=False) == "2021-03-04"  # as on a copy


def test_chrome_set_aside_comes_back_in_place_siblings_comments_and_tails():
    cells = "".join(f'<div class="c{i % 3}">第{i}格</div>尾{i}<!--注{i}-->' for i in range(2000))
    root = lxml.html.fromstring(f"<div>开头{cells}<p>正文<b>粗</b>尾</p></div>")
    before = lxml.html.tostring(root)
    chosen = [el for el in root.iter("div", "b") if el is not root and el.get("class") != "c1"]
    with set_aside(chosen[::-1] + chosen[:5]):  # any order, and a subtree twice
        assert all(el.getparent() is None for el in chosen)
    assert lxml.html.tostring(root) == before


def test_scores_are_kept_for_the_blocks_with_prose_and_their_children_only():
    page = parse_html(
        "<html><body><div id='nav'><p>首页</p><p>新闻</p></div>"
        "<div id='story'><p>这是文章的第一段，写了几句完整的话。</p><p>相关链接</p></div></body></html>").find("body")
    stats = measure(page)
    kept = {el.get("id") or el.text or el.tag for el in stats}
    # the nav is weighed as a child of the body, which has prose; its own children are never read (and the
    # body's parent gets the body's sums, as it always did)
    assert kept == {"html", "body", "nav", "story", "这是文章的第一段，写了几句完整的话。", "相关链接"}
    assert (stats[page].prose, stats[page].other) == (18, 8)


def test_quoted_repeats_are_looked_for_in_a_bounded_prefix():
    """drop_repeats looked for every long line inside all the text kept before it: 99,000 long lines took 84 s.
    The search now covers the first QUOTE_SEARCH_CHARS of kept text (a summary box repeats the lead); exact
    repeats are still dropped anywhere."""
    from cleaners.extract import QUOTE_SEARCH_CHARS, drop_repeats

    lines = [f"第{i:06d}段：科技创新成果转化服务体系不断完善。" for i in range(QUOTE_SEARCH_CHARS // 20 + 100)]
    quote, late = lines[0][4:], lines[1][4:]  # long parts of the first lines, said again
    assert len(quote) >= 20 and len(late) >= 20
    text = "\n".join([lines[0], quote, *lines[1:], late, lines[5]])
    out = drop_repeats(text).split("\n")
    assert quote not in out                      # repeated near the start: found
    assert late in out                           # past the bound: not looked for
    assert out.count(lines[5]) == 1              # an exact repeat: dropped wherever it is
    assert len(out) == len(lines) + 1
