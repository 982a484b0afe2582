"""The cheaper ways the HTML side works (issue 12, second round) give what the code they replaced gave: each is
compared with that code (kept here as the reference, verbatim) on the pages of cwced and the dev set.
tests/test_outputs_unchanged.py checks the whole outputs; these pin each helper down on its own."""
from __future__ import annotations

import os
import subprocess
import sys
from copy import deepcopy
from re import _constants, _parser

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from cleaners.extract import choose_body, marked_runs
from cleaners.html.body import Body
from cleaners.html.chrome import NAMED, _class_says, _id_says, find_chrome, set_aside
from cleaners.html.decks import _named_deck, deck_name, decks_before
from cleaners.html.density import (
    _CJK_CHARS, _FOREIGN, BLOCKS, CHINESE_SENTENCE, FOREIGN_TEXT, LIST_CELLS, PROSE_MAX_LINK_SHARE, PROSE_MIN_CHARS,
    PROSE_UNPUNCTUATED, SKIP, Stats, _met, _signal, is_chinese, measure,
)
from cleaners.html.parse import document_elements
from cleaners.html.text import block_text
from cleaners.html.widgets import (
    _LABEL, _NOTICE_MARK_START, _NOTICE_MARKS, TextSizes, _widget, labelled_widgets, outermost,
)

from .conftest import REPO
from .test_html_speedups import pages


def _classify(st: Stats, tag: str, chars: int, link: int, punct: int, runs: int) -> None:
    """density._classify as it was before measure filed blocks in lists (cleaners/html/density.py _file): the
    references here and in tests/test_html_speedups3.py file blocks with it."""
    if not chars:
        return
    own_text = chars - link
    if punct == FOREIGN_TEXT and not runs:
        # text in another language (an abstract's translation, a "visit our English site" box, a listing
        # of code) is not the Chinese article's prose, nor evidence against the block that holds it
        st.other += link
        st.links += link
        return
    prose = (punct & CHINESE_SENTENCE and own_text >= PROSE_MIN_CHARS
             or runs >= PROSE_UNPUNCTUATED and own_text >= 2 * PROSE_MIN_CHARS)
    if prose and link <= PROSE_MAX_LINK_SHARE * chars:
        st.prose += own_text
        st.other += link
        st.longest = max(st.longest, own_text)
    else:
        st.other += chars
    if tag in LIST_CELLS and link >= 0.5 * chars:
        st.link_items += 1
    st.links += link


# --- the references: the code before the change, verbatim ---------------------------------------------------
def reference_measure(root: HtmlElement) -> dict[HtmlElement, Stats]:
    """Stats for root, for the elements under it that hold prose and for the children of those: all that the
    body choice and the list-page test read (an element without prose is never a body, and is weighed only
    as a child of one with prose). Listed in the order in which every element that holds text was first met
    walking the page backwards, which decides ties between equal bodies.

    What the walk holds at a time is bounded by the path it is on: the sums its ancestors have received so
    far, and each ancestor's children's Stats until the ancestor is done, when they are kept only if it holds
    prose. No list of the page's elements, no Stats and no lxml proxy kept for each of a hundred thousand
    link cells."""
    stats: dict[HtmlElement, Stats] = {}
    # per ancestor of the node the walk is at: what its children gave it so far (their summed Stats; their
    # inline text not yet filed under a block: chars, link chars, punctuation, long runs), and each child's
    # own Stats or None, last child first
    summed: dict[HtmlElement, Stats] = {}
    inline: dict[HtmlElement, list[int]] = {}
    kids: dict[HtmlElement, list[Stats | None]] = {}
    signal, blocks, skip = _signal, BLOCKS, SKIP
    # descendants before ancestors, later siblings before earlier ones: the reverse of root.iter(), walked
    # from node to node rather than listed (a list holds a proxy for every element of the page at once)
    node = _last_descendant(root)
    step = 0
    while True:
        step += 2
        tag = node.tag
        st = summed.pop(node, None)
        flow = inline.pop(node, None)
        children = kids.pop(node, None)
        if tag.__class__ is not str or tag in skip:  # comments and PIs only carry a tail
            flow = None
        else:
            text = node.text
            if text and not text.isspace():  # blank text says nothing (and layouts hold much of it): no call
                n, p, r = signal(text)
                if n:
                    if flow is None:
                        flow = [0, 0, 0, 0]
                    flow[0] += n
                    flow[2] |= p
                    flow[3] += r
            if flow is not None:
                if tag == "a":
                    flow[1], flow[3] = flow[0], 0
                if tag in blocks:
                    if st is None:
                        st = Stats(met=step)
                    _classify(st, tag, *flow)
                    flow = None
        if st is not None and st.prose and children is not None:
            # its children may be parts of a body: theirs are kept
            for child, child_stats in zip(node, reversed(children)):
                if child_stats is not None:
                    stats[child] = child_stats
        parent = node.getparent()
        if parent is not None:
            tail = node.tail
            if tail or flow is not None:
                n, p, r = signal(tail) if tail and not tail.isspace() else (0, 0, 0)
                if n or flow is not None:
                    up = inline.get(parent)
                    if up is None:
                        up = inline[parent] = [0, 0, 0, 0]
                    up[0] += n
                    up[2] |= p
                    up[3] += r
                    if flow is not None:
                        up[0] += flow[0]
                        up[1] += flow[1]
                        up[2] |= flow[2]
                        up[3] += flow[3]
            siblings = kids.get(parent)
            if siblings is None:
                siblings = kids[parent] = []
            siblings.append(st)
            if st is not None:
                pst = summed.get(parent)
                if pst is None:
                    pst = summed[parent] = Stats(met=step + 1)
                pst.prose += st.prose
                pst.other += st.other
                pst.links += st.links
                pst.link_items += st.link_items
                if st.longest > pst.longest:
                    pst.longest = st.longest
        if node is root:
            if st is not None:
                stats[root] = st
            if parent is not None and parent in summed:
                stats[parent] = summed[parent]
            return dict(sorted(stats.items(), key=_met))
        prev = node.getprevious()
        node = parent if prev is None else _last_descendant(prev)


def _last_descendant(node: HtmlElement) -> HtmlElement:
    """The last node of node's subtree in document order (node itself when it has no children)."""
    while len(node):
        node = node[-1]
    return node


REFERENCE_NAMED = lxml.etree.XPath("/descendant::*[@id or @class]")
EVERY_ELEMENT = lxml.etree.XPath("/descendant::*")
EVERY_TEXT_NODE = lxml.etree.XPath("/descendant::text()")

REFERENCE_LABEL_TEXTS = lxml.etree.XPath(
    "/descendant::text()[normalize-space()][contains('分一扫描微用打关字当您你所上下相延推热精猜网发我评版正加纠看往大今最编其Cc©【[(（"
    "', substring(normalize-space(.), 1, 1))]"
)


def reference_labelled_widgets(root: HtmlElement, sizes: TextSizes | None = None) -> list[HtmlElement]:
    sizes = TextSizes() if sizes is None else sizes
    found = []
    for text in REFERENCE_LABEL_TEXTS(root):
        label = text.strip()
        if text.is_tail or not _LABEL.match(label):
            continue  # a tail label ("<br>相关新闻") has no element of its own
        holder = text.getparent()
        if holder is None or holder.getparent() is None or not isinstance(holder.tag, str):
            continue
        found.extend(_widget(holder, label, sizes))
    return outermost(found)


def reference_NAMED(root):
    return [el for el in REFERENCE_NAMED(root) if _class_says(el.get("class") or "") or _id_says(el.get("id") or "")]


# --- the comparisons ---------------------------------------------------------------------------------------------
def _as_listed(stats: dict[HtmlElement, Stats]) -> list:
    return [(el, st.prose, st.other, st.links, st.link_items, st.longest, st.met) for el, st in stats.items()]


def test_measure_lists_what_the_walk_keyed_by_element_listed_in_the_same_order():
    """On every page as the extraction measures it (chrome set aside), on the whole page, on pages with their
    scripts and comments in place, and from inner elements (whose parent then gets its share)."""
    compared = 0
    for raw in (False, True):
        for root in pages(raw):
            page = root.find("body")
            if page is None:
                continue
            named = NAMED(page)
            marked = marked_runs(root, named)
            chrome = find_chrome(page, named, keep=frozenset(el for run in marked for el in run))
            with set_aside(chrome):
                assert _as_listed(measure(page)) == _as_listed(reference_measure(page))
            assert _as_listed(measure(root)) == _as_listed(reference_measure(root))
            for el in list(page.iter())[::97]:
                assert _as_listed(measure(el)) == _as_listed(reference_measure(el))
            compared += 1
    assert compared > 400


def test_the_document_walks_list_what_the_xpaths_list_from_any_element_of_the_page():
    """Pages whose parser left more than one element at the top (an <html> after </html>) among them; with
    their scripts and comments, and without."""
    compared = tops = widgets = 0
    for raw in (False, True):
        for root in pages(raw):
            tops += len(list(root.itersiblings())) + len(list(root.itersiblings(preceding=True)))
            for el in [root, root.find("body"), *list(root.iter())[::997]]:
                if el is None or not isinstance(el.tag, str):
                    continue
                assert list(document_elements(el)) == EVERY_ELEMENT(el)
                assert NAMED(el) == reference_NAMED(el)
                compared += 1
            found = labelled_widgets(root)
            assert found == reference_labelled_widgets(root)
            widgets += len(found)
    assert compared > 1000 and tops > 20 and widgets > 1000


def reference_element(body: Body) -> HtmlElement:
    tags = {p.tag for p in body.parts if isinstance(p.tag, str)}
    if len(body.parts) == 1 and tags and not tags & {"tr", "td", "th"}:
        return body.parts[0]
    if tags and tags <= {"tr"}:
        box = outer = lxml.html.Element("table")
    elif tags and tags <= {"td", "th"}:
        outer = lxml.html.Element("table")
        box = lxml.etree.SubElement(outer, "tr")
    else:
        box = outer = lxml.html.Element("div")
    for part in body.parts:
        box.append(deepcopy(part))
    return outer


def test_a_body_boxed_by_our_parser_is_the_box_lxml_html_made_with_plain_html_elements():
    """The same markup and text; its elements of one class (lxml.html gives forms and inputs their own, which
    nothing here asks for)."""
    boxed = 0
    for root in pages():
        page = root.find("body")
        if page is None:
            continue
        named = NAMED(page)
        marked = marked_runs(root, named)
        with set_aside(find_chrome(page, named, keep=frozenset(el for run in marked for el in run))):
            body = choose_body(measure(page), marked)
        if body is None or len(body.parts) == 1 and body.parts[0].tag not in ("tr", "td", "th"):
            continue
        ours, theirs = body.element(), reference_element(body)
        assert lxml.etree.tostring(ours, encoding="unicode") == lxml.etree.tostring(theirs, encoding="unicode")
        assert block_text(ours) == block_text(theirs)
        assert {type(el) for el in ours.iter(lxml.etree.Element)} == {lxml.html.HtmlElement}
        boxed += 1
    assert boxed > 30


# --- cleaners/html/htmldate_tree.py: htmldate imported with its patterns from the store ------------------------
_IMPORT_AND_COMPARE = """
import re, sys
real = re.compile
from cleaners import regexcache
from cleaners import deferred
from cleaners.html.htmldate_tree import import_htmldate
deferred.own_process()  # as in the CLI
import_htmldate()
assert re.compile is real
patterns = [value for name, module in list(sys.modules.items())
            if name.split(".")[0] in ("htmldate", "dateutil", "urllib3", "charset_normalizer")
            for value in vars(module).values() if isinstance(value, re.Pattern)]
assert all(p == real(p.pattern, p.flags) for p in patterns)  # the same pattern, flags and code
print(len(patterns), len(regexcache._added), "urllib3" in sys.modules)
"""


def test_htmldate_imported_with_patterns_from_the_store_has_the_patterns_re_compiles(tmp_path):
    """A first process stores the patterns htmldate and its libraries compile at import; a second builds them all
    from the store. Both get what re.compile gives, and re.compile is itself again afterwards."""
    env = {**os.environ, "KECHUANG_CACHE_DIR": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", _IMPORT_AND_COMPARE], env=env, cwd=REPO, capture_output=True,
                           text=True, check=True).stdout.split() for _ in range(2)]
    assert [r[2] for r in runs] == ["False", "False"]  # urllib3 waits until htmldate fetches (tests/test_deferred.py)
    (found, compiled_first), (found_again, compiled_second) = (map(int, r[:2]) for r in runs)
    assert found == found_again > 30
    assert compiled_first > 30 and compiled_second == 0


# --- cleaners/html/widgets.py: the legal phrases' first characters ---------------------------------------------
def _first_literals(parsed) -> set[int]:
    """The code points a parsed pattern (re._parser) can start with; it starts with literals, classes of them,
    alternations and groups only."""
    op, av = parsed[0]
    if op is _constants.LITERAL:
        return {av}
    if op is _constants.IN:
        assert all(o is _constants.LITERAL for o, _ in av)
        return {v for _, v in av}
    if op is _constants.BRANCH:
        return set().union(*(_first_literals(branch) for branch in av[1]))
    assert op is _constants.SUBPATTERN
    return _first_literals(av[-1])


def test_every_legal_phrase_starts_with_a_character_of_the_prefilter():
    """On the phrases' pattern itself, and on every text node of the pages with the characters that case
    folding joins to I."""
    starts = _first_literals(_parser.parse(_NOTICE_MARKS.pattern, _NOTICE_MARKS.flags))
    assert len(starts) > 10
    assert all(_NOTICE_MARK_START.fullmatch(chr(c)) for c in starts)
    for root in pages():
        for text in EVERY_TEXT_NODE(root):
            for variant in (text, text.replace("I", "\u0131"), text.replace("I", "\u0130"), text.lower()):
                assert _NOTICE_MARK_START.search(variant) or not _NOTICE_MARKS.search(variant)


# --- cleaners/html/density.py: is_chinese counting by removal ---------------------------------------------------
def reference_is_chinese(text: str) -> bool:
    return sum(map(len, _CJK_CHARS.findall(text))) > len(_FOREIGN.findall(text))


def test_is_chinese_says_what_counting_runs_and_words_said():
    """On every text node of the pages, and on texts at the edge: as many Chinese characters as words, kana,
    astral and compatibility ideographs, half and half."""
    edges = ["", "中", "a", "中a", "中文ab", "中 a b", "中文 a b c", "かな中", "中かな", "ÀÉ中文", "𠀀中a", "豈a", "中文 English",
             "中文，English words here", "abc中文字", "a b c 中文字"]
    compared = 0
    for root in pages():
        for text in [*EVERY_TEXT_NODE(root), *edges]:
            assert is_chinese(text) == reference_is_chinese(text)
            compared += 1
    assert compared > 50000


# --- cleaners/html/decks.py: the deck names, without a call for an element that has none -------------------------
def reference_named_deck(el: HtmlElement) -> bool:
    return isinstance(el.tag, str) and deck_name(el.get("id") or "", el.get("class") or "")


def test_the_deck_names_are_found_on_the_nodes_they_were_found_on():
    """Every node of the pages, comments and scripts in place; and the decks beside a heading that says the
    title (a sibling's text)."""
    named = found = 0
    for raw in (False, True):
        for root in pages(raw):
            nodes = list(root.iter())
            decks = [n for n in nodes if reference_named_deck(n)]
            assert [n for n in nodes if _named_deck(n)] == decks
            named += len(decks)
            for deck in decks[:3]:
                for sibling in deck.itersiblings(lxml.etree.Element):
                    found += len(decks_before(root, None, sibling.text_content()))
    assert named > 20 and found > 5
