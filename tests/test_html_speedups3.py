"""The cheaper ways the HTML side works (issue 12, third round) give what the code they replaced gave: each is
compared with that code (kept here as the reference, verbatim) on the pages of cwced and the dev set.
tests/test_outputs_unchanged.py checks the whole outputs; these pin each helper down on its own."""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from typing import Iterator

import lxml.etree
from lxml.html import HtmlElement

from cleaners.extract import marked_runs
from cleaners.html.chrome import NAMED, find_chrome, set_aside
from cleaners.html.density import BLOCKS, SKIP, Stats, _flowed, _met, _signal, measure
from cleaners.html.parse import document_elements, document_tops
from cleaners.html.textnodes import _XML_SPACE, CODE, _inside, _kept, _reversed_inside, _skipped

from .test_html_speedups import pages as parsed_pages
from .test_html_speedups2 import _classify


@lru_cache(maxsize=2)
def pages(raw: bool = False) -> list:
    """Parsed once for the file (parsing 231 pages was most of its time): its tests only read the trees, or
    set parts aside and put them back."""
    return parsed_pages(raw)


# --- the references: the code before the change, verbatim ---------------------------------------------------
def reference_measure(root: HtmlElement) -> dict[HtmlElement, Stats]:
    """Stats for root, for the elements under it that hold prose and for the children of those: all that the
    body choice and the list-page test read (an element without prose is never a body, and is weighed only
    as a child of one with prose). Listed in the order in which every element that holds text was first met
    walking the page backwards, which decides ties between equal bodies.

    What the walk holds at a time is bounded by the path it is on: per ancestor, what its children have given
    it so far, and the children's Stats until the ancestor is done, when they are kept only if it holds prose.
    No list of the page's elements, no Stats and no lxml proxy kept for each of a hundred thousand link cells."""
    stats: dict[HtmlElement, Stats] = {}
    signal, blocks, skip = _signal, BLOCKS, SKIP
    # descendants before ancestors, later siblings before earlier ones: the reverse of root.iter(), walked
    # from node to node rather than listed (a list holds a proxy for every element of the page at once).
    # path: a frame per node from root down to the node the walk is at, None until a child gives it something:
    # [its children's summed Stats or None, their inline text not yet filed under a block (chars, link chars,
    # punctuation, long runs) or None, [(child, its Stats)] for the children with Stats or None]. A stack, not
    # dicts keyed by element: most nodes give nothing, and three dict lookups per node were a third of the walk
    path: list[list | None] = [None]
    node = root
    while len(node):
        node = node[-1]
        path.append(None)
    step = 0
    while True:
        step += 2
        tag = node.tag
        frame = path.pop()
        if frame is None:
            st = flow = children = None
        else:
            st, flow, children = frame
        if tag.__class__ is not str or tag in skip:  # comments and PIs only carry a tail
            flow = None
        else:
            text = node.text
            if text and not text.isspace():  # blank text says nothing (and layouts hold much of it): no call
                flow = _flowed(flow, text, signal)
            if flow is not None:
                if tag == "a":
                    flow[1], flow[3] = flow[0], 0
                if tag in blocks:
                    if st is None:
                        st = Stats(met=step)
                    _classify(st, tag, *flow)
                    flow = None
        if children is not None and st.prose:
            # its children may be parts of a body: theirs are kept
            for child, child_stats in children:
                stats[child] = child_stats
        if node is root:
            parent = node.getparent()
            if st is not None:
                stats[root] = st
                if parent is not None:  # the parent's Stats, as far as root's subtree goes
                    stats[parent] = Stats(st.prose, st.other, st.links, st.link_items, st.longest, met=step + 1)
            return dict(sorted(stats.items(), key=_met))
        tail = node.tail
        if tail and not tail.isspace():
            flow = _flowed(flow, tail, signal)
        if flow is not None or st is not None:
            up = path[-1]
            if up is None:
                up = path[-1] = [None, None, None]
            if flow is not None:
                upflow = up[1]
                if upflow is None:
                    up[1] = flow  # the node is done with it
                else:
                    upflow[0] += flow[0]
                    upflow[1] += flow[1]
                    upflow[2] |= flow[2]
                    upflow[3] += flow[3]
            if st is not None:
                pst = up[0]
                if pst is None:
                    pst = up[0] = Stats(met=step + 1)
                    up[2] = [(node, st)]
                else:
                    up[2].append((node, st))
                pst.prose += st.prose
                pst.other += st.other
                pst.links += st.links
                pst.link_items += st.link_items
                if st.longest > pst.longest:
                    pst.longest = st.longest
        prev = node.getprevious()
        if prev is None:
            node = node.getparent()
        else:
            node = prev
            path.append(None)
            while len(node):
                node = node[-1]
                path.append(None)


def reference_reversed_inside(el: HtmlElement, skip: frozenset, held: bool) -> Iterator[tuple[str, HtmlElement, bool]]:
    """The kept text nodes inside el (not its tail), last first, as (text, the element whose text or tail it
    is, whether it is a tail). held: an element around el is skipped. A stack, not recursion: a page may nest
    2,000 deep. Comments and other non-elements hold no text node, only their tails. _kept() is spelled out
    here: this loop visits every node at the end of a page."""
    if el.tag.__class__ is not str:
        return
    inner = held or el.tag in skip
    stack: list[tuple[HtmlElement, bool, bool]] = [(el, inner, True)]
    stack.extend([(child, inner, False) for child in el])
    pop, push = stack.pop, stack.append
    while stack:
        node, hidden, opened = pop()
        if opened:  # its subtree is done: its own text, which stands before its children, comes last
            text = node.text
            if text and not hidden and text.strip(_XML_SPACE):
                yield text, node, False
            continue
        text = node.tail  # hidden: its parent's; the tail stands after the subtree
        if text and not hidden and text.strip(_XML_SPACE):
            yield text, node, True
        tag = node.tag
        if tag.__class__ is str:
            inner = hidden or tag in skip
            push((node, inner, True))
            if len(node):
                stack.extend([(child, inner, False) for child in node])


def reference_inside(el: HtmlElement, skip: frozenset, per_parent: int | None) -> Iterator[str]:
    """The kept text nodes inside el (not its tail), in document order; at most per_parent of them that are
    children of one element. el is not held by a skipped element (the caller asks)."""
    counts: dict[HtmlElement, int] = {}
    path: list[tuple[HtmlElement, bool]] = []  # from el down to the node last met: (node, inside a skipped one)

    def kept(text: str | None, parent: HtmlElement) -> bool:
        if not _kept(text):
            return False
        if per_parent is not None:
            n = counts.get(parent, 0)
            if n >= per_parent:
                return False
            counts[parent] = n + 1
        return True

    for node in el.iter():
        if path:
            parent = node.getparent()
            while path[-1][0] is not parent:  # the nodes whose subtrees end here: their tails come first
                done, _ = path.pop()
                holder, hidden = path[-1]
                if not hidden and kept(done.tail, holder):
                    yield done.tail
        hidden = (path[-1][1] if path else False) or _skipped(node, skip)
        if isinstance(node.tag, str) and not hidden and kept(node.text, node):
            yield node.text
        path.append((node, hidden))
    while len(path) > 1:
        done, _ = path.pop()
        holder, hidden = path[-1]
        if not hidden and kept(done.tail, holder):
            yield done.tail


def reference_document_elements(node: HtmlElement) -> Iterator[HtmlElement]:
    for top in document_tops(node):
        yield from top.iter(lxml.etree.Element)


# --- the comparisons ---------------------------------------------------------------------------------------------
def _as_listed(stats: dict[HtmlElement, Stats]) -> list:
    return [(el, st.prose, st.other, st.links, st.link_items, st.longest, st.met) for el, st in stats.items()]


def test_measure_with_tallies_lists_the_stats_the_walk_with_stats_listed_in_the_same_order():
    """On every page as the extraction measures it (chrome set aside), on the whole page, on pages with their
    scripts and comments in place, and from inner elements (whose parent then gets its share)."""
    compared = 0
    for raw in (False, True):
        for root in pages(raw)[raw::2]:  # every page once, as extracted or with its scripts and comments
            page = root.find("body")
            if page is None:
                continue
            named = NAMED(page)
            marked = marked_runs(root, named)
            chrome = find_chrome(page, named, keep=frozenset(el for run in marked for el in run))
            with set_aside(chrome):
                assert _as_listed(measure(page)) == _as_listed(reference_measure(page))
            assert _as_listed(measure(root)) == _as_listed(reference_measure(root))
            for el in list(page.iter())[::499]:
                assert _as_listed(measure(el)) == _as_listed(reference_measure(el))
                compared += 1
    assert compared > 150


def test_the_reversed_walk_from_node_to_node_gives_the_text_nodes_the_stack_gave():
    """From elements and comments all over the pages, scripts and comments in place and gone, with the skipped
    elements of each caller and none, inside a skipped element and not; read whole and stopped early."""
    compared = 0
    for raw in (False, True):
        for root in pages(raw):
            for el in list(root.iter())[5::97]:  # a sample: every node took minutes
                for skip, held in ((CODE, False), (CODE | {"a"}, False), (frozenset(), False), (CODE, True)):
                    ours = _reversed_inside(el, skip, held)
                    theirs = reference_reversed_inside(el, skip, held)
                    assert list(islice(ours, 3)) == list(islice(theirs, 3))
                    assert list(ours) == list(theirs)
                    compared += 1
    assert compared > 2_000


def test_the_document_elements_are_those_the_generator_gave():
    """From the top, the body and inner elements of every page; pages whose parser left more than one element
    at the top among them."""
    compared = tops = 0
    for raw in (False, True):
        for root in pages(raw):
            tops += len(document_tops(root)) > 1
            for el in [root, root.find("body"), *list(root.iter())[::301]]:
                if el is None:
                    continue
                assert list(document_elements(el)) == list(reference_document_elements(el))
                compared += 1
    assert compared > 1000 and tops > 0


def test_the_forward_walk_with_its_tests_spelled_out_gives_the_text_nodes_it_gave():
    """From elements all over the pages, scripts and comments in place and gone, with the skipped elements of
    each caller and none, every text node and a few per element."""
    compared = 0
    for raw in (False, True):
        for root in pages(raw):
            for el in list(root.iter(lxml.etree.Element))[7::211]:  # not the root: a whole page each time
                for skip in (CODE, frozenset()):
                    for per_parent in (None, 12, 1):
                        assert list(_inside(el, skip, per_parent)) == list(reference_inside(el, skip, per_parent))
                        compared += 1
    assert compared > 2_000


def test_joined_marks_are_found_where_the_lookbehind_first_pattern_found_them():
    """cleaners/html/text.py _JOINED, starting with the mark, against the pattern it replaced, on every text node of
    the pages with its source line breaks marked, and on marks next to every kind of neighbour."""
    from cleaners.html import text

    before = re.compile(f"(?<=[{text._WIDE}]){text._MARK}+(?=[{text._WIDE}{text._PUNCT}])"
                        f"|(?<=[{text._WIDE}{text._PUNCT}]){text._MARK}+(?=[{text._WIDE}])")
    m = text._MARK
    samples = [f"{a}{m * n}{b}" for a in ("中", "a", "1", ",", "，", "", m) for b in ("文", "b", "2", ".", "。", "", m)
               for n in (1, 2, 3)]
    for root in pages(True)[::3]:
        samples += [text._flow(t) for t in root.itertext() if "\n" in t]
    assert sum(m in s for s in samples) > 1000
    for sample in samples:
        assert text._JOINED.sub("", sample) == before.sub("", sample), repr(sample)
