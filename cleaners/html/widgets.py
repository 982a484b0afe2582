"""Chrome known by what it says: a widget's label (分享到, 当前位置, 上一篇, 相关新闻 …) and a site's legal footer.

A label only condemns the small block around it, never a block that holds the article's prose.
"""
from __future__ import annotations

import re
from typing import Iterator

import lxml.etree
from lxml.html import HtmlElement

from .. import regexcache
from ..vocabulary import (
    BREADCRUMB, COMMENT_LABEL, FONT_SIZE, PAGER, RELATED_HEADING, SHARE_PRINT,
)
from .parse import document_elements, document_tops
from .textnodes import last_texts

# a widget's visible label: the text it starts with (cleaners/vocabulary.py; a font-size label with its sizes,
# a print or close link only when it is the whole label)
_LABEL = regexcache.compile(
    rf"^[【\[(（]?\s*(?:{SHARE_PRINT}|【?打印】?$|(?:{FONT_SIZE})\s*[:：]?\s*[【\[]?\s*[大中小]|{BREADCRUMB}"
    rf"|{RELATED_HEADING}|{PAGER}|正在加载|加载中|【?(?:我要)?纠错】?$|{COMMENT_LABEL}|版权所有|版权声明|Copyright|©)",
    re.I,
)
# the first characters of labels: an element's text is tried by the regex above only when its first character
# that is not XML white space is one of them. A traditional page's labels (相關新聞) are left to the text rules,
# which see the page converted: the related block after such a heading is cut there with the heading, not left
# behind it
_LABEL_FIRST = frozenset("分一扫描微用打关字当您你所上下相延推热精猜网发我评版正加纠看往大今最编其Cc©【[(（")
_XML_SPACE = " \t\r\n"
WIDGET_MAX_CHARS = 80       # share bars, breadcrumbs, print links: a label and a few links
LIST_MAX_CHARS = 1200       # related-story blocks and prev/next: headlines, mostly links
NOTICE_MAX_CHARS = 800      # a site's copyright and disclaimer notice
LIST_MIN_LINK_SHARE = 0.5
_LIST_LABELS = regexcache.compile(r"^[【\[(（]?\s*(?:上一|下一|相关|延伸|推荐|热点|热门|精彩|猜你)")
# the heading of a notice block: "版权声明", "振兴东北网版权与免责声明:", a forum's "郑 重 声 明"
_NOTICE_HEADING = regexcache.compile(r"^.{0,12}(?:版权|免责)(?:与免责)?声明\s*[:：]?$|^郑\s*重\s*声\s*明\s*[:：]?$")


# a subtree's text (its string value: what el.itertext() joins), built in C; walking the text pieces in Python
# cost most of the chrome search on table layouts, whose cells hold thousands of blank pieces
_STRING = lxml.etree.XPath("string()")


class TextSizes(dict):
    """Characters of each element's text less spaces, tabs, CR and LF, counted once per page: the climbs from
    many labels ask about the same big ancestors (a page of 50,000 "分享" links would count its whole text
    each time). Only while the tree is unchanged."""

    def __missing__(self, el: HtmlElement) -> int:
        text = _STRING(el)
        size = self[el] = len(text) - text.count(" ") - text.count("\n") - text.count("\t") - text.count("\r")
        return size


def _link_len(el: HtmlElement) -> int:
    return sum(len("".join("".join(a.itertext()).split())) for a in el.iter("a"))


LIST_MAX_SENTENCES = 2


def _unlinked_sentences(el: HtmlElement) -> int:
    """Sentences written outside links: a headline list has none."""
    parts: list[str] = []

    def walk(node: HtmlElement, in_link: bool) -> None:
        if node.text and not in_link:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child, in_link or child.tag == "a")
            if child.tail and not in_link:
                parts.append(child.tail)

    walk(el, el.tag == "a")
    text = "".join(parts)
    return text.count("。") + text.count("！") + text.count("？")


def sentences(el: HtmlElement) -> int:
    text = _STRING(el)  # asked of the whole page: its text joined in C
    return text.count("。") + text.count("！") + text.count("？")


def _widget(holder: HtmlElement, label: str, sizes: TextSizes, is_notice: bool = False) -> list[HtmlElement]:
    """The block a label heads, climbing while the ancestors stay widget-sized; [] when there is none."""
    is_list = bool(_LIST_LABELS.match(label))
    limit = LIST_MAX_CHARS if is_list else NOTICE_MAX_CHARS if is_notice else WIDGET_MAX_CHARS
    block = holder
    while True:
        parent = block.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        size = sizes[parent]
        if size > limit or (not (is_list or is_notice) and sentences(parent) >= 3):
            break
        if is_list and size > WIDGET_MAX_CHARS and (_link_len(parent) < LIST_MIN_LINK_SHARE * size
                                                    or _unlinked_sentences(parent) >= LIST_MAX_SENTENCES):
            break  # the related links' column also holds the article: its sentences are not links
        if is_notice and not "".join(parent.itertext()).lstrip().startswith(label):
            break  # a notice heads its block; one that does not is a mention inside the article
        block = parent
    if block.tag in ("body", "html") or sizes[block] > limit:
        return []
    found = [block]
    if is_list and sizes[block] <= WIDGET_MAX_CHARS:
        # the heading alone: the link lists right after it are the related block
        for sibling in block.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            size = sizes[sibling]
            if size and _link_len(sibling) < LIST_MIN_LINK_SHARE * size:
                break
            found.append(sibling)
    return found


def labelled_widgets(root: HtmlElement, sizes: TextSizes | None = None) -> list[HtmlElement]:
    """Blocks that start with a chrome label: the smallest ancestor that is the whole widget. sizes: the
    page's text sizes counted so far (find_chrome shares them between its searches)."""
    sizes = TextSizes() if sizes is None else sizes
    found = []
    # every element's own text (a tail label, "<br>相关新闻", has no element of its own), in document order: the
    # walk in Python (cleaners.html.parse.document_elements) costs less than libxml2's XPath for these texts
    # (/descendant::text()[normalize-space()][contains(first characters, substring(normalize-space(.), 1, 1))])
    for holder in document_elements(root):
        text = holder.text
        if not text:
            continue
        first = text[0]
        if first in _XML_SPACE:
            first = text.lstrip(_XML_SPACE)[:1]
        if not first or first not in _LABEL_FIRST:
            continue
        label = text.strip()
        if not _LABEL.match(label) or holder.getparent() is None:
            continue
        found.extend(_widget(holder, label, sizes))
    return outermost(found)


# a site's legal footer: copyright, licence numbers, "views are not ours", "do not repost"; in both scripts,
# since a traditional page's footer is cut here, before the text rules see the page converted
_NOTICE_MARKS = regexcache.compile(
    r"版[权權]所有|ICP\s*[备證证]|许可证|許可證|[未非][经經].{0,6}[授许許][权權可]|(?:禁止|不得|[谢謝][绝絕])[转轉][载載]"
    r"|不代表.{0,12}(?:[观觀][点點]|立[场場])|[举舉][报報][电電][话話]|[违違]法和不良[信資][息訊]",
    re.I,
)
# the characters a legal phrase starts with: a class of them is scanned for about eight times as fast as the
# alternation above tries its branches at each character, and most of the last texts of a page hold none of them
_NOTICE_MARK_START = regexcache.compile("[版I许許未非禁不谢謝举舉违違]", re.I)
# legal footers and notices close the page: only its last text nodes are searched (contains() over every
# text node of a page costs as much as the rest of the chrome search), read from the page's end (the XPath
# "(/descendant::text()[normalize-space()])[position() > last() - 80]" tests every text node of the page)
LAST_TEXTS = 80
NOTICE_BLOCK_MAX_CHARS = 300


def legal_notices(root: HtmlElement, sizes: TextSizes | None = None) -> list[HtmlElement]:
    """Blocks headed by a notice heading (版权声明, 郑重声明), and the largest block of at most
    NOTICE_BLOCK_MAX_CHARS around a legal phrase that holds two different such phrases (one alone may be a
    sentence of an article about copyright)."""
    sizes = TextSizes() if sizes is None else sizes
    found = []
    for text, owner, is_tail in last_texts(root, LAST_TEXTS):
        heading = text.strip()
        if _NOTICE_HEADING.match(heading) and not is_tail:
            found.extend(_widget(owner, heading, sizes, is_notice=True))
            continue
        if not _NOTICE_MARK_START.search(text) or not _NOTICE_MARKS.search(text):
            continue
        block = owner.getparent() if is_tail else owner
        if block is None or not isinstance(block.tag, str) or block.tag in ("body", "html"):
            continue
        while True:
            parent = block.getparent()
            if parent is None or parent.tag in ("body", "html"):
                break
            if sizes[parent] > NOTICE_BLOCK_MAX_CHARS:
                break
            block = parent
        marks = {m.group() for m in _NOTICE_MARKS.finditer("".join(block.itertext()))}
        if len(marks) >= 2 and sizes[block] <= NOTICE_BLOCK_MAX_CHARS:
            found.append(block)
    return outermost(found)


_PANEL_ITEMS = {"table": ("td", "th"), "ul": ("li",), "ol": ("li",)}
PANEL_MIN_ITEMS = 2


def _panels(root: HtmlElement) -> Iterator[HtmlElement]:
    """/descendant::table[descendant::img and descendant::a] and the same of ul and ol, in document order:
    walked in C by lxml, each candidate's search stopping at its first picture and link: a quarter to a third
    less time than libxml2's XPath took on cwced and the dev set."""
    for top in document_tops(root):
        for el in top.iter(*_PANEL_ITEMS):
            if next(el.iter("img"), None) is not None and next(el.iter("a"), None) is not None:
                yield el


def _unlinked_chars(el: HtmlElement, sizes: TextSizes) -> int:
    return sizes[el] - _link_len(el)


def picture_link_panels(root: HtmlElement, sizes: TextSizes | None = None) -> list[HtmlElement]:
    """Tables and lists whose every item with words is a picture and a link and nothing else: app promos,
    "重点推荐" thumbnails, other stories' covers. An article's own figures are not links to elsewhere."""
    sizes = TextSizes() if sizes is None else sizes
    found = []
    for panel in _panels(root):  # only those holding a picture and a link: most are ruled out in C
        if sizes[panel] > LIST_MAX_CHARS:
            continue
        items = [it for it in panel.iter(*_PANEL_ITEMS[panel.tag]) if sizes[it]]
        if len(items) < PANEL_MIN_ITEMS:
            continue
        if all(_unlinked_chars(it, sizes) == 0 and any(True for _ in it.iter("img")) for it in items):
            found.append(panel)
    return outermost(found)


def outermost(elements: list[HtmlElement]) -> list[HtmlElement]:
    """Those not inside another of them (each subtree once)."""
    chosen = set(elements)
    return [el for el in dict.fromkeys(elements) if not any(a in chosen for a in el.iterancestors())]


# a widget of labels and pictures: a gallery's end screen ("图集已浏览完毕", "重新浏览", "悦图推荐" over other
# galleries' covers), a "more videos" strip. Its words are short labels, its pictures lead to other pages
_PICTURE_LINKS = lxml.etree.XPath(".//a[@href][.//img]")
LABEL_MAX_CHARS = 8          # a label names a button or a box; a caption or a sentence is longer
LABELS_MAX_CHARS = 40        # the labels of one widget together
LABEL_WIDGET_MIN_PICTURES = 2
_SENTENCE_END = regexcache.compile(r"[。！？；，]")
_IMAGE_FILE = regexcache.compile(r"\.(?:jpe?g|png|gif|webp|bmp)(?:[?#]|$)", re.I)
_UNLINKED_TEXTS = lxml.etree.XPath(".//text()[normalize-space()][not(ancestor::a)]")
_TEXT_SIZE = lxml.etree.XPath("string-length(normalize-space(.))")  # in C: big blocks are ruled out at once
LINKED_MAX_CHARS = 400       # the titles of a few covers


def _labels_only(el: HtmlElement) -> bool:
    """Its words outside links are a few short labels, none a sentence; its links' words (other pages'
    titles) are not many."""
    if _TEXT_SIZE(el) > LINKED_MAX_CHARS + LABELS_MAX_CHARS:
        return False
    total = 0
    for piece in _UNLINKED_TEXTS(el):
        piece = "".join(piece.split())
        total += len(piece)
        if len(piece) > LABEL_MAX_CHARS or total > LABELS_MAX_CHARS or _SENTENCE_END.search(piece):
            return False
    return True


def _leads_to_page(a: HtmlElement) -> bool:
    """A picture link to another page; one to the picture's own file is the article's figure, zoomable."""
    href = (a.get("href") or "").strip()
    return bool(href) and not href.startswith(("#", "javascript:")) and not _IMAGE_FILE.search(href)


def label_picture_widgets(root: HtmlElement) -> list[HtmlElement]:
    """The largest block under root around picture links to other pages whose words are only short labels,
    holding at least two such pictures and a label: the article's own figures lead to their image files or
    carry captions, and its sentences stop the climb. Searched in the chosen body only (outside it, such a
    widget costs nothing), so that the search stays cheap."""
    found = []
    seen: set[HtmlElement] = set()
    # an ancestor of a block with too many words has them too: the climbs of later links stop there at once
    wordy: set[HtmlElement] = set()
    for a in _PICTURE_LINKS(root):
        if not _leads_to_page(a):
            continue
        block = a
        while True:
            parent = block.getparent()
            if parent is None or parent is root or parent.tag in ("body", "html") or parent in seen or parent in wordy:
                break
            if not _labels_only(parent):
                wordy.add(parent)
                break
            block = parent
        seen.add(block)
        if block is a or not _TEXT_SIZE(block):
            continue
        pictures = sum(1 for x in block.iter("a") if _leads_to_page(x) and any(True for _ in x.iter("img")))
        if pictures >= LABEL_WIDGET_MIN_PICTURES:
            found.append(block)
    return outermost(found)


# story cards: a summary set inside the link to its story (<a><dd><img><p>summary, in sentences</p></dd></a>). An
# article's own sentences are never a link's text; a run of such links is a home page's or a sidebar's cards
_LONG_LINKS = lxml.etree.XPath("/descendant::a[@href][string-length() >= 40]")  # white space counted: a cheap superset
SUMMARY_MIN_CHARS = 40
SUMMARY_CARDS_MIN = 3
SUMMARY_SHARE = 0.5   # of the block's text, in summaries


def _is_summary_link(a: HtmlElement) -> bool:
    href = (a.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:")):
        return False
    text = "".join("".join(a.itertext()).split())
    return len(text) >= SUMMARY_MIN_CHARS and bool(_SENTENCE_END.search(text))


def summary_cards(root: HtmlElement) -> list[HtmlElement]:
    """The largest block holding SUMMARY_CARDS_MIN summary links or more whose text is mostly theirs (the
    cards and their box's heading), found climbing from each card until a block is too wordy."""
    links = [a for a in _LONG_LINKS(root) if _is_summary_link(a)]
    if len(links) < SUMMARY_CARDS_MIN:
        return []
    inside: dict[HtmlElement, list[HtmlElement]] = {}
    for a in links:
        for anc in a.iterancestors():
            if anc.tag in ("body", "html"):
                break
            inside.setdefault(anc, []).append(a)
    verdict: dict[HtmlElement, bool] = {}
    found = []
    for a in links:
        # up from each card: the first block too wordy to be cards ends the climb (its ancestors only add words)
        for anc in a.iterancestors():
            held = inside.get(anc)
            if held is None:
                break
            if len(held) < SUMMARY_CARDS_MIN:
                continue
            if anc not in verdict:
                summary = sum(len("".join("".join(x.itertext()).split())) for x in held)
                verdict[anc] = summary >= SUMMARY_SHARE * _TEXT_SIZE(anc)
                if verdict[anc]:
                    found.append(anc)
            if not verdict[anc]:
                break
    return outermost(found)
