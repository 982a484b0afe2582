"""Headline lists inside the chosen body: three or more links to other pages in a row, nothing else between.

The densest subtree often holds, besides the article, a "more stories" list at its edge or a box of related
links in its middle: each item is a whole block of link text. An article's own links sit inside sentences; the
files it attaches (附件) and the sections it jumps to (#anchors) are part of it, so those links never count.
"""
from __future__ import annotations

import re

from lxml.html import HtmlElement

from .. import regexcache
from ..textutil import cjk_count
from .density import BLOCKS, SKIP

HEADLINE_MIN_CHARS = 6     # "下一页", "更多", "首页" are labels; a headline is a phrase
HEADLINE_MIN_CJK = 4       # a link that reads as a URL or in English is a resource the article lists
HEADLINE_RUN = 3           # two links in a row may be the article's "see also"; three are a list…
BOXED_RUN = 2              # …and two are one when a box of their own, set between paragraphs, holds them
LINK_SHARE = 0.8           # of its block's text, for the block to be a headline item
MAX_SHARE = 0.5            # a body that is mostly headlines is a digest or a list page: not ours to cut
# files the article attaches: 附件 links are part of a government notice
_FILE = regexcache.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|wps|et|ofd|zip|rar|7z|txt|jpe?g|png|gif)(?:[?#]|$)", re.I)


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


def _boxed(run: list[HtmlElement], container: HtmlElement) -> bool:
    """The headlines are the whole of a box set in the body (a "read also" insert between paragraphs), not
    lines of the article's own flow: their common parent holds no other text and is not the body itself. Only
    between paragraphs: two links closing the article may be its own "see also"."""
    parent = run[0].getparent()
    if parent is None or parent is container or any(el.getparent() is not parent for el in run):
        return False
    return len("".join(_text(parent).split())) == sum(len("".join(_text(el).split())) for el in run)


LABEL_MAX_CHARS = 8        # "证券要闻", "行业动态": a box's section label, not a line of the article
LABEL_MIN_CJK = 2          # a bullet ("·") or a number is a table layout's decoration: judged as before
_LABEL_PUNCT = regexcache.compile(r"[，。！？；：,.!?;:、]")


def _is_label(el: HtmlElement) -> bool:
    """A block that is one short label: no link, no sentence, a few characters (a box's section name)."""
    if el.tag not in BLOCKS or any(True for _ in el.iter("a")):
        return False
    text = "".join(_text(el).split())
    return len(text) <= LABEL_MAX_CHARS and cjk_count(text) >= LABEL_MIN_CJK and not _LABEL_PUNCT.search(text)


def headline_runs(container: HtmlElement) -> list[list[HtmlElement]]:
    """Runs of headline blocks with no other text between them, holding HEADLINE_RUN headlines or more."""
    items = dict(headline_items(container))
    if not items:
        return []
    runs: list[list[HtmlElement]] = []
    run: list[HtmlElement] = []
    labels: list[HtmlElement] = []      # section labels seen since the last headline ("行业动态")
    count = 0
    inside: HtmlElement | None = None   # the headline block the walk is in

    def close(inside_text: bool = True) -> None:
        nonlocal run, count
        if count >= HEADLINE_RUN or inside_text and count >= BOXED_RUN and _boxed(run, container):
            runs.append(run)
        run, count = [], 0
        labels.clear()

    def visit(node: HtmlElement) -> None:
        nonlocal inside, count
        entered = False
        if node in items and inside is None:
            inside, entered = node, True
            run.extend(labels)     # the labels between headlines head the next group of them
            labels.clear()
            run.append(node)
            count += items[node]
        elif inside is None and node is not container and _is_label(node):
            labels.append(node)
            if node.tail and node.tail.strip():
                close()
            return
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
    close(inside_text=False)
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


# --- link-only blocks at the end of the body ------------------------------------------------------------

EDGE_MAX_SHARE = 0.25     # more than this of the body in trailing links: a digest of links, not ours to cut
_ATTACHMENTS = regexcache.compile(r"附\s*[件檔档]")
ATTACHMENT_LOOKBACK = 20  # characters before the links where an "附件：" label would stand


def _own_text(el: HtmlElement) -> str:
    """el's text outside its child elements (its text; the tails of its children)."""
    return "".join([el.text or "", *(c.tail or "" for c in el)]).strip()


def _all_linked(el: HtmlElement) -> bool:
    """Every character of el's text sits inside a link (and it has some)."""
    if el.tag in SKIP or not isinstance(el.tag, str):
        return False
    text = "".join(_text(el).split())
    if not text:
        return False
    links = [a for a in el.iter("a") if _leads_away(a)]
    if el.tag == "a":
        return bool(links)
    return sum(len("".join(_text(a).split())) for a in links) >= len(text) \
        and not any(x.tag == "a" for a in links for x in a.iterancestors())


def _leads_away(a: HtmlElement) -> bool:
    """A link to another page or file; "#", "##" and javascript: are the page's own buttons (赞赏, 展开)."""
    href = (a.get("href") or "").strip()
    return bool(href) and not href.startswith(("#", "javascript:"))


def trailing_links(container: HtmlElement) -> list[HtmlElement]:
    """The blocks after the article's last words that are nothing but links: tag clouds (#鄭文燦), "read the
    Q&A" and "download this notice" links, the heading of a box of other stories. A link inside a sentence, or
    a line with words of its own, ends the search."""
    found: list[HtmlElement] = []
    node = container
    while True:
        if (node.text or "").strip() and not len(node):
            break
        children = [c for c in node if isinstance(c.tag, str) and c.tag not in SKIP]
        in_line = bool(_own_text(node))  # a line with words: its links are inline, the line's own
        descend = None
        for child in reversed(children):
            if (child.tail or "").strip():
                return found          # words after it: the article's, stop
            if not any(True for _ in child.iter("a")):
                if any(t.strip() for t in child.itertext()):
                    return found      # words and no link: the article's last line
                continue
            if not "".join(_text(child).split()):
                continue
            if _all_linked(child):
                if in_line and child.tag not in BLOCKS:
                    return found
                found.append(child)
                continue
            descend = child
            break
        if descend is None or descend.tag == "a":
            break
        node = descend
    return found


def drop_trailing_links(container: HtmlElement) -> int:
    """Drop the link-only blocks at the body's end; how many went. Links under an "附件" label are the
    notice's attachments and stay."""
    found = trailing_links(container)
    if not found:
        return 0
    cut = sum(len("".join(_text(el).split())) for el in found)
    whole = "".join(_text(container).split())
    if cut > EDGE_MAX_SHARE * len(whole) or _ATTACHMENTS.search(whole[-cut - ATTACHMENT_LOOKBACK:]):
        return 0
    for el in found:
        el.drop_tree()
    return len(found)


# --- the byline under the title -------------------------------------------------------------------------

_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BYLINE_MAX_CHARS = 8       # a pen name or a name; a subtitle is a phrase
_NAME = regexcache.compile(r"^[\u4e00-\u9fff·・]{2,8}$")


def byline_under_title(container: HtmlElement, title: str | None) -> HtmlElement | None:
    """A smaller heading set right under the title heading that holds only a name ("<h2>title</h2><h5>同人于
    野</h5>") and whose rank the body uses nowhere else: the author's byline, not the article's first line."""
    if not title:
        return None
    wanted = "".join(title.split())
    for heading in container.iter(*_HEADING_TAGS):
        if "".join(_text(heading).split()) != wanted:
            continue
        nxt = heading.getnext()
        if nxt is None or nxt.tag not in _HEADING_TAGS or nxt.tag <= heading.tag or (heading.tail or "").strip():
            return None
        name = "".join(_text(nxt).split())
        if not _NAME.match(name) or any(True for _ in nxt.iter("a")):
            return None
        # a heading of a rank the body uses again is a section's ("前言", then "一切开始的地方"), not a byline
        return nxt if sum(1 for _ in container.iter(nxt.tag)) == 1 else None
    return None
