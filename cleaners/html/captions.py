"""Captions in the markup: a <figcaption>, and the short line set right under a block that holds only a picture,
centred as the picture is or named as a caption.

A picture's caption is a label, not a sentence, and a page sets it directly below the picture; a heading may
follow a picture too: in bold or an <h2>, or set flush left like the text, it stays.
"""
from __future__ import annotations

import re

from lxml.html import HtmlElement

from .. import regexcache
from ..textutil import ends_sentence
from .chrome import ancestors_of, drop

CAPTION_MAX_CHARS = 60
SENTENCE_CAPTION_MAX_CHARS = 20
_SENTENCE_END = regexcache.compile(r"[。！？!?]")
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_EMPHASIS = frozenset("strong b em".split())
_BLOCKS = frozenset("p div figure center span".split())
_CENTRED = regexcache.compile(r"text-align\s*:\s*center", re.I)
# "f_center", "text-center"
_CENTRED_CLASS = regexcache.compile(r"(?:^|[\s_-])(?:text-?|t-?|f-?)?cent(?:er|re)(?:$|[\s_-])", re.I)
_CAPTION_NAME = regexcache.compile(
    r"caption|pic_?(?:txt|text|desc|info)|img_?(?:txt|text|desc|info)|tuzhu|photo_?(?:txt|desc)", re.I
)
_BYLINE = regexcache.compile(r"^(?:作者|记者|文|撰稿|编辑|责任编辑|来源|本报记者|通讯员)\s*[:：/|︱]")


def _text(el: HtmlElement) -> str:
    return "".join("".join(el.itertext()).split())


def _picture_only(el: HtmlElement, holders: set[HtmlElement]) -> bool:
    """A block holding a picture and no text, or the picture itself when its caption is its sibling.
    holders: the elements that hold a picture."""
    if el.tag == "img":
        return True
    # the picture first, then the first text that is not blank: building the block's whole text (_text) to see
    # that it is empty was 1.5% of a page's time, for blocks that hold a whole article as often as not
    return el.tag in _BLOCKS and el in holders and not any(t and not t.isspace() for t in el.itertext())


def _named_caption(el: HtmlElement) -> bool:
    return bool(_CAPTION_NAME.search(f"{el.get('class') or ''} {el.get('id') or ''}"))


def _emphasised(el: HtmlElement) -> bool:
    """All its text inside <strong>/<b>/<em>: how pages set a subheading."""
    inner = "".join(_text(e) for e in el.iter(*_EMPHASIS) if not any(a.tag in _EMPHASIS for a in e.iterancestors()))
    return bool(inner) and len(inner) >= len(_text(el))


def _set_as_caption(el: HtmlElement) -> bool:
    """Centred like the picture above it, or named as a caption by the template."""
    for node in (el, *el.iterdescendants()):
        if not isinstance(node.tag, str):
            continue
        if (node.tag == "center" or (node.get("align") or "").lower() == "center" or _CENTRED.search(node.get("style") or "")
                or _CENTRED_CLASS.search(node.get("class") or "")):
            return True
        if _CAPTION_NAME.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
    parent = el.getparent()
    return parent is not None and parent.tag == "center"


def _pictures(el: HtmlElement) -> list[HtmlElement]:
    return [el] if el.tag == "img" else list(el.iter("img"))


def _repeats_alt(picture: HtmlElement, text: str) -> bool:
    """The line says what the picture's alt says: the template prints one description twice, whatever its
    length or punctuation."""
    return any(len(alt) >= SENTENCE_CAPTION_MAX_CHARS and alt == text
               for alt in ("".join((img.get("alt") or "").split()) for img in _pictures(picture)))


def _picture_href(picture: HtmlElement) -> str | None:
    for node in (picture, *picture.iterancestors()):
        if node.tag == "a":
            return (node.get("href") or "").strip() or None
        if node.tag in _BLOCKS:
            break
    link = next(picture.iter("a"), None) if picture.tag != "img" else None
    return (link.get("href") or "").strip() or None if link is not None else None


def _same_link(picture: HtmlElement, line: HtmlElement) -> bool:
    """The line is only a link to where the picture links: a chart's "查看最新行情", a cover's "点击进入" — the
    picture's label, not a sentence of the article."""
    links = list(line.iter("a"))
    if len(links) != 1 or _text(links[0]) != _text(line):
        return False
    href = _picture_href(picture)
    return bool(href) and not href.startswith(("#", "javascript:")) and (links[0].get("href") or "").strip() == href


def _next_line(picture: HtmlElement) -> HtmlElement | None:
    """The block right under the picture, when nothing stands between them."""
    nxt = picture.getnext()
    if nxt is None or not isinstance(nxt.tag, str) or nxt.tag in _HEADINGS or nxt.tag not in _BLOCKS:
        return None
    if (picture.tail or "").strip():
        return None  # text between them: the picture sits inside a paragraph
    return nxt


def _said_by_picture(picture: HtmlElement) -> HtmlElement | None:
    """The line under the picture that repeats its alt or its link: the picture's own words, however long."""
    nxt = _next_line(picture)
    if nxt is None:
        return None
    text = _text(nxt)
    if text and (_repeats_alt(picture, text) or len(text) <= CAPTION_MAX_CHARS and _same_link(picture, nxt)):
        return nxt
    return None


def _caption_after(picture: HtmlElement) -> HtmlElement | None:
    nxt = _next_line(picture)
    if nxt is None:
        return None
    text = _text(nxt)
    if not text or len(text) > CAPTION_MAX_CHARS or _emphasised(nxt) or _BYLINE.match(text):
        return None
    if ends_sentence(text) and not _named_caption(nxt) and (len(text) > SENTENCE_CAPTION_MAX_CHARS or _SENTENCE_END.search(text[:-1])):
        return None  # a sentence under a picture is the article's, unless the template calls it a caption or it
                     # is one short sentence ("各地高温津贴一览。")
    if not _set_as_caption(nxt):
        return None
    if any(True for _ in nxt.iter("img")):
        return None
    return nxt


CAPTION_MAX_SHARE = 0.15  # more than this of the text under pictures: the page writes its text that way (a
                          # photo blog centres every line between its pictures), they are not captions


def drop_captions(container: HtmlElement) -> int:
    """Remove figcaptions and the captions under pictures; returns how many went."""
    # the holders of the pictures, found once: asking each block for a picture below it walked each subtree
    holders = ancestors_of(container.iter("img"))
    pictures = [el for el in container.iter("img", *_BLOCKS) if _picture_only(el, holders)]
    under = [c for c in (_caption_after(el) for el in pictures) if c is not None]
    if sum(len(_text(c)) for c in under) > CAPTION_MAX_SHARE * len(_text(container)):
        under = []
    # a line repeating the picture's alt or link is its caption even where captions weigh much (a short story
    # under a big photo)
    echoes = [c for c in (_said_by_picture(el) for el in pictures) if c is not None]
    found = list(dict.fromkeys(list(container.iter("figcaption")) + under + echoes))
    for el in found:
        drop(el)
    return len(found)
