"""The cheaper ways the HTML side finds things (issue 12) find what the code they replaced found: each is compared
with that code (kept here as the reference, verbatim) on the pages of cwced and the dev set.
tests/test_outputs_unchanged.py checks the whole outputs; these pin each helper down on its own."""
from __future__ import annotations

from functools import lru_cache
from itertools import islice

import lxml.etree

from cleaners.decode import decode_html
from cleaners.html import meta, widgets
from cleaners.html.chrome import drop_tags
from cleaners.html.parse import parse_html
from cleaners.html.textnodes import CODE, last_texts, texts_after, texts_before, texts_inside

from .conftest import DATA

# --- the references: the code before the change, verbatim ---------------------------------------------------
_MARKED_AUTHOR = (
    "*[contains(translate(@class, 'AUTHOR', 'author'), 'author') or contains(translate(@id, 'AUTHOR', 'author'), 'author')"
    " or @rel='author' or @itemprop='author']"
)
REFERENCE_MARKED_AT_START = lxml.etree.XPath(f"descendant::{_MARKED_AUTHOR}[position() <= 1]")
REFERENCE_FIRST_INSIDE = lxml.etree.XPath(
    ".//text()[normalize-space()][not(ancestor::script or ancestor::style)][position() <= 12]"
)
REFERENCE_FOLLOWING = lxml.etree.XPath(
    "following::text()[normalize-space()][not(ancestor::script or ancestor::style)][position() <= 20]"
)
REFERENCE_LINES_AT_START = lxml.etree.XPath(
    ".//text()[normalize-space()][not(ancestor::script or ancestor::style)][position() <= 6]"
)
REFERENCE_PANELS = lxml.etree.XPath("//table[.//img and .//a] | //ul[.//img and .//a] | //ol[.//img and .//a]")
REFERENCE_LAST_TEXTS = lxml.etree.XPath("(/descendant::text()[normalize-space()])[position() > last() - 80]")
REFERENCE_PRECEDING = lxml.etree.XPath(
    "preceding::text()[normalize-space()][not(ancestor::script or ancestor::style)][position() <= 30]"
)
REFERENCE_LINES_BEFORE = lxml.etree.XPath(
    "preceding::text()[normalize-space()][not(ancestor::script or ancestor::style or ancestor::a)]"
    "[position() <= 6]"
)
REFERENCE_LINES_ABOVE = lxml.etree.XPath(
    "preceding::text()[normalize-space()][not(ancestor::script or ancestor::style or ancestor::a)]"
    "[position() <= 12]"
)
REFERENCE_ALL_LINES_ABOVE = lxml.etree.XPath(
    "preceding::text()[normalize-space()][not(ancestor::script or ancestor::style)][position() <= 12]"
)
# the same with no position: every text node the walks may reach
EVERY_BEFORE = lxml.etree.XPath("preceding::text()[normalize-space()][not(ancestor::script or ancestor::style)]")
EVERY_TEXT = lxml.etree.XPath("/descendant::text()[normalize-space()]")
EVERY_INSIDE = lxml.etree.XPath(".//text()[normalize-space()][not(ancestor::script or ancestor::style)]")
EVERY_AFTER = lxml.etree.XPath("following::text()[normalize-space()][not(ancestor::script or ancestor::style)]")


@lru_cache(maxsize=2)
def pages(raw: bool = False) -> list:
    """The parsed pages, as the extraction sees them when it reads the metadata (scripts and forms gone), or
    as parsed (raw: scripts, styles and comments in place, to reach the walks' every branch)."""
    roots = []
    for path in sorted((DATA / "cwced" / "html").glob("*.html")) + sorted((DATA / "devset" / "html").glob("*.html")):
        root = parse_html(decode_html(path.read_bytes()).text)
        if root is not None:
            if not raw:
                drop_tags(root)
            roots.append(root)
    return roots


def anchors(root, count: int = 12) -> list:
    """About `count` elements spread evenly over the page (in document order), and the first elements the page
    marks as an author's with their parents: where the body may start."""
    nodes = list(root.iter(lxml.etree.Element))
    chosen = nodes[::max(1, len(nodes) // count)]
    for el in meta._MARKED_INSIDE(root)[:4]:
        chosen += [el, el.getparent()]
    return [n for n in dict.fromkeys(chosen) if n is not None]


def test_the_marked_author_at_the_start_is_found_through_attribute_nodes_as_by_the_predicate():
    compared = found = 0
    for root in pages():
        for anchor in anchors(root, 12):
            expected = REFERENCE_MARKED_AT_START(anchor)
            assert meta._MARKED_INSIDE(anchor)[:1] == expected
            compared += 1
            found += bool(expected)
    assert compared > 2500 and found > 100


def test_the_text_nodes_at_the_start_and_after_the_body_are_those_the_xpaths_list():
    compared = 0
    for raw in (False, True):
        for root in pages(raw):
            for anchor in anchors(root, 3 if raw else 6):
                assert list(texts_inside(anchor, 12)) == REFERENCE_FIRST_INSIDE(anchor)
                assert list(islice(texts_inside(anchor, 6), 3)) == REFERENCE_LINES_AT_START(anchor)[:3]
                assert list(islice(texts_after(anchor), 20)) == REFERENCE_FOLLOWING(anchor)
                compared += 1
    assert compared > 1500


def test_the_walks_reach_text_held_by_scripts_comments_and_deep_runs_of_one_element():
    """Unlimited, the walks list exactly what the XPaths without a position list (scripts and styles held,
    comments' tails kept), and the cap per element is reached on real pages (a paragraph of many <br> lines)."""
    capped = 0
    for root in pages(raw=True):
        for anchor in anchors(root, 2):
            assert list(texts_inside(anchor, 10**9)) == EVERY_INSIDE(anchor)
            assert list(texts_after(anchor)) == EVERY_AFTER(anchor)
            capped += len(EVERY_INSIDE(anchor)) > len(REFERENCE_FIRST_INSIDE(anchor))
    assert capped > 5


def _as_walked(found) -> list[tuple[str, object, bool]]:
    return [(str(t), t.getparent(), t.is_tail) for t in found]


def test_the_last_text_nodes_of_the_page_are_those_the_xpath_lists_with_their_owners():
    for raw in (False, True):
        for root in pages(raw):
            body = root.find("body")
            assert last_texts(root, 80) == _as_walked(REFERENCE_LAST_TEXTS(root))
            if body is not None:  # absolute: the whole document, whatever node asks
                assert last_texts(body, 80) == _as_walked(REFERENCE_LAST_TEXTS(body))
            assert last_texts(root, 10**9) == _as_walked(EVERY_TEXT(root))


def _nearest(anchor, n: int, skip=CODE) -> list[tuple[str, object, bool]]:
    """The n nearest text nodes before the anchor, in document order (as the XPath lists them)."""
    return list(islice(texts_before(anchor, skip), n))[::-1]


def test_the_text_nodes_before_the_body_are_those_the_xpaths_list_with_their_owners():
    compared = 0
    with_links = CODE | {"a"}
    for raw in (False, True):
        for root in pages(raw):
            for anchor in anchors(root, 3 if raw else 6):
                assert _nearest(anchor, 30) == _as_walked(REFERENCE_PRECEDING(anchor))
                assert _nearest(anchor, 12) == _as_walked(REFERENCE_ALL_LINES_ABOVE(anchor))
                assert _nearest(anchor, 12, with_links) == _as_walked(REFERENCE_LINES_ABOVE(anchor))
                assert _nearest(anchor, 6, with_links) == _as_walked(REFERENCE_LINES_BEFORE(anchor))
                compared += 1
    assert compared > 1500
    for root in pages(raw=True):
        for anchor in anchors(root, 2):
            assert list(texts_before(anchor))[::-1] == _as_walked(EVERY_BEFORE(anchor))


def test_the_picture_panels_are_found_in_one_step_per_axis_as_before():
    found = 0
    for raw in (False, True):
        for root in pages(raw):
            assert list(widgets._panels(root)) == REFERENCE_PANELS(root)
            found += len(REFERENCE_PANELS(root))
    assert found > 200
