"""Headline lists inside the chosen body: three or more links to other pages in a row, nothing else between.

The densest subtree often holds, besides the article, a "more stories" list at its edge or a box of related
links in its middle: each item is a whole block of link text. An article's own links sit inside sentences; the
files it attaches (附件) and the sections it jumps to (#anchors) are part of it, so those links never count.
"""
from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..textutil import cjk_count
from .density import BLOCKS, SKIP

HEADLINE_MIN_CHARS = 6     # "下一页", "更多", "首页" are labels; a headline is a phrase
HEADLINE_MIN_CJK = 4       # a link that reads as a URL or in English is a resource the article lists
HEADLINE_RUN = 3           # two links in a row may be the article's "see also"; three are a list
LINK_SHARE = 0.8           # of its block's text, for the block to be a headline item
MAX_SHARE = 0.5            # a body that is mostly headlines is a digest or a list page: not ours to cut
# files the article attaches: 附件 links are part of a government notice
_FILE = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|wps|et|ofd|zip|rar|7z|txt|jpe?g|png|gif)(?:[?#]|$)", re.I)


def _text(el: HtmlElement) -> str:
    return "".join(t for t in el.itertext() if t).strip() if el.tag not in SKIP else ""


def is_headline_link(a: HtmlElement) -> bool:
    """A link to another page whose text reads as a headline."""
    href = (a.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")) or _FILE.search(href):
        return False
    text = "".join(_text(a).split())
    return len(text) >= HEADLINE_MIN_CHARS and cjk_count(text) >= HEADLINE_MIN_CJK


def _line_of(a: HtmlElement, container: HtmlElement) -> HtmlElement:
    """The block the link stands in: its nearest block ancestor (the container at most)."""
    for anc in a.iterancestors():
        if anc.tag in BLOCKS or anc is container:
            return anc
    return container


def headline_items(container: HtmlElement) -> list[tuple[HtmlElement, int]]:
    """(block, headlines in it) for the blocks that are (nearly) only headline links, in document order."""
    links: dict[HtmlElement, list[HtmlElement]] = {}
    for a in container.iter("a"):
        if is_headline_link(a):
            links.setdefault(_line_of(a, container), []).append(a)
    items = []
    for block, anchors in links.items():
        if block is container:
            continue
        total = len("".join(_text(block).split()))
        linked = sum(len("".join(_text(a).split())) for a in anchors)
        if total and linked >= LINK_SHARE * total:
            items.append((block, len(anchors)))
    return items


def headline_runs(container: HtmlElement) -> list[list[HtmlElement]]:
    """Runs of headline blocks with no other text between them, holding HEADLINE_RUN headlines or more."""
    items = dict(headline_items(container))
    if not items:
        return []
    runs: list[list[HtmlElement]] = []
    run: list[HtmlElement] = []
    count = 0
    inside: HtmlElement | None = None   # the headline block the walk is in

    def close() -> None:
        nonlocal run, count
        if count >= HEADLINE_RUN:
            runs.append(run)
        run, count = [], 0

    def visit(node: HtmlElement) -> None:
        nonlocal inside, count
        entered = False
        if node in items and inside is None:
            inside, entered = node, True
            run.append(node)
            count += items[node]
        if isinstance(node.tag, str) and node.tag not in SKIP:
            if inside is None and node.text and node.text.strip():
                close()
            for child in node:
                visit(child)
        if entered:
            inside = None
        if node is not container and inside is None and node.tail and node.tail.strip():
            close()

    visit(container)
    close()
    return runs


def drop_headline_runs(container: HtmlElement) -> int:
    """Drop the headline lists from the body; the number of headlines dropped."""
    runs = headline_runs(container)
    cut = sum(len("".join(_text(el).split())) for run in runs for el in run)
    if not cut or cut > MAX_SHARE * len("".join(_text(container).split())):
        return 0
    dropped = 0
    for run in runs:
        for el in run:
            parent = el.getparent()
            if parent is not None:
                el.drop_tree()
                dropped += 1
    return dropped
