"""A page's text nodes near the body (or at its end), read one at a time, as XPath's text() steps list them.

The metadata wants the few lines just above the body, at its start and after it (a byline, a date, an
editor's name); the legal-footer search wants the page's last lines. The XPaths that say so
("following::text()[normalize-space()][…][position() <= 20]") have libxml2 test every text node up to the end
(or the start) of the page before the position is counted; these walks stop at the lines asked for, reading
from the body out (or from the page's end back). What they give is what the XPath gives (tests/test_html_speedups.py compares them on every page of
cwced and the dev set): text nodes are an element's text and the tail after each child (comments' tails
too), those that normalize-space() keeps (XML white space is space, tab, CR and LF only), none that a skipped
element (<script>, <style>) holds.

lxml gives the text nodes between two elements joined (.text, .tail), XPath one by one: the two agree while
no two text nodes stand side by side. The parser never leaves them so, nor does the extraction before the
metadata is read (drop() and set_aside() move an element with its tail, htmldate's pruning is undone text and
all); lxml.etree.strip_elements(..., with_tail=False), which does, runs after it.
"""
from __future__ import annotations

from typing import Iterator

from lxml.html import HtmlElement

CODE = frozenset(("script", "style"))
_XML_SPACE = " \t\r\n"


def _kept(text: str | None) -> bool:
    """What normalize-space() leaves something of."""
    return bool(text) and bool(text.strip(_XML_SPACE))


def _skipped(node: HtmlElement, skip: frozenset) -> bool:
    return isinstance(node.tag, str) and node.tag in skip


def _held(el: HtmlElement, skip: frozenset) -> bool:
    """el or an element around it is skipped: every text node inside el is."""
    return _skipped(el, skip) or any(a.tag in skip for a in el.iterancestors())


def _inside(el: HtmlElement, skip: frozenset, per_parent: int | None) -> Iterator[str]:
    """The kept text nodes inside el (not its tail), in document order; at most per_parent of them that are
    children of one element. el is not held by a skipped element (the caller asks). _kept() and _skipped() are
    spelled out: this loop visits every node of the subtrees after the body."""
    counts: dict[HtmlElement, int] = {}
    path: list[tuple[HtmlElement, bool]] = []  # from el down to the node last met: (node, inside a skipped one)

    def counted(parent: HtmlElement) -> bool:
        """One more of parent's text nodes is within per_parent."""
        if per_parent is None:
            return True
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
                text = done.tail
                if text and not hidden and text.strip(_XML_SPACE) and counted(holder):
                    yield text
            hidden = path[-1][1]
        else:
            hidden = False
        tag = node.tag
        if tag.__class__ is str:
            if not hidden and tag in skip:
                hidden = True
            text = node.text
            if text and not hidden and text.strip(_XML_SPACE) and counted(node):
                yield text
        path.append((node, hidden))
    while len(path) > 1:
        done, _ = path.pop()
        holder, hidden = path[-1]
        text = done.tail
        if text and not hidden and text.strip(_XML_SPACE) and counted(holder):
            yield text


def texts_inside(el: HtmlElement, per_parent: int, skip: frozenset = CODE) -> Iterator[str]:
    """.//text()[normalize-space()][not(ancestor::script or ancestor::style)][position() <= per_parent]: the
    position counts the text nodes of each element apart (the step is child::text(), under every element)."""
    if not _held(el, skip):
        yield from _inside(el, skip, per_parent)


def texts_after(anchor: HtmlElement, skip: frozenset = CODE) -> Iterator[str]:
    """following::text()[normalize-space()][not(ancestor::script or ancestor::style)], in document order: the
    anchor's tail, its later siblings (each subtree, then its tail), then the same from each ancestor up."""
    levels = [anchor, *anchor.iterancestors()]
    for node, hidden in zip(levels, _held_levels(levels, skip)):
        if hidden:
            continue
        if _kept(node.tail):
            yield node.tail
        for sibling in node.itersiblings():
            if not _skipped(sibling, skip):
                yield from _inside(sibling, skip, None)
            if _kept(sibling.tail):
                yield sibling.tail


def _held_levels(levels: list[HtmlElement], skip: frozenset) -> list[bool]:
    """For each of a node and its ancestors (levels, innermost first): whether an element around it is skipped,
    which holds its tail, its siblings and its parent's text."""
    held = [False] * len(levels)
    for i in range(len(levels) - 2, -1, -1):
        held[i] = held[i + 1] or _skipped(levels[i + 1], skip)
    return held


def texts_before(anchor: HtmlElement, skip: frozenset = CODE) -> Iterator[tuple[str, HtmlElement, bool]]:
    """preceding::text()[normalize-space()][not(ancestor::script or ancestor::style)] (skip: the elements
    named in ancestor::), nearest first, as (text, owner, is_tail): the earlier siblings of the anchor (each
    tail, then its subtree from the end), its parent's text, then the same from each ancestor up."""
    levels = [anchor, *anchor.iterancestors()]
    for i, (node, hidden) in enumerate(zip(levels, _held_levels(levels, skip))):
        if hidden:
            continue
        for sibling in node.itersiblings(preceding=True):
            if _kept(sibling.tail):
                yield sibling.tail, sibling, True
            yield from _reversed_inside(sibling, skip, False)
        if i + 1 < len(levels):
            parent = levels[i + 1]
            if _kept(parent.text):
                yield parent.text, parent, False


def _reversed_inside(el: HtmlElement, skip: frozenset, held: bool) -> Iterator[tuple[str, HtmlElement, bool]]:
    """The kept text nodes inside el (not its tail), last first, as (text, the element whose text or tail it
    is, whether it is a tail). held: an element around el is skipped. A walk from node to node, not recursion
    (a page may nest 2,000 deep) nor a stack of every child met: the walk stops at the lines asked for, and a
    proxy for each child of a long <body> was most of its cost. Comments and other non-elements hold no text
    node, only their tails. _kept() is spelled out here: this loop visits every node at the end of a page."""
    if el.tag.__class__ is not str:
        return
    # the elements whose children the walk is in, innermost last, each with whether what is inside it is hidden
    opened: list[tuple[HtmlElement, bool]] = []
    node, inner = el, held or el.tag in skip  # inner: what is inside node is hidden
    while True:
        if len(node):  # its children, last first, then its own text, which stands before them
            opened.append((node, inner))
            node = node[-1]
        else:
            if node.tag.__class__ is str:
                text = node.text
                if text and not inner and text.strip(_XML_SPACE):
                    yield text, node, False
            while True:  # node's subtree is done: the sibling before it, or its parent's own text
                if node is el:
                    return
                node = node.getprevious()
                if node is not None:
                    break
                node, inner = opened.pop()
                text = node.text
                if text and not inner and text.strip(_XML_SPACE):
                    yield text, node, False
        inner = opened[-1][1]
        text = node.tail  # the parent's text node: hidden as what is inside the parent
        if text and not inner and text.strip(_XML_SPACE):
            yield text, node, True
        tag = node.tag
        if tag.__class__ is str and tag in skip:
            inner = True


def last_texts(node: HtmlElement, n: int) -> list[tuple[str, HtmlElement, bool]]:
    """(/descendant::text()[normalize-space()])[position() > last() - n] as (text, owner, is_tail), in
    document order: the last n text nodes of node's document, read from its end (the XPath tests every text
    node of the page)."""
    top = node.getroottree().getroot()
    found: list[tuple[str, HtmlElement, bool]] = []
    for piece in _document_reversed(top):
        found.append(piece)
        if len(found) == n:
            break
    found.reverse()
    return found


def _document_reversed(top: HtmlElement) -> Iterator[tuple[str, HtmlElement, bool]]:
    """Every kept text node of the document, last first: what follows the root element (comments), the root,
    what precedes it."""
    none: frozenset = frozenset()
    for sibling in reversed(list(top.itersiblings())):
        if _kept(sibling.tail):
            yield sibling.tail, sibling, True
        yield from _reversed_inside(sibling, none, False)
    if _kept(top.tail):
        yield top.tail, top, True
    yield from _reversed_inside(top, none, False)
    for sibling in top.itersiblings(preceding=True):
        if _kept(sibling.tail):
            yield sibling.tail, sibling, True
        yield from _reversed_inside(sibling, none, False)
