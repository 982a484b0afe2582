"""The lines a newspaper prints above and below a headline (引题, 副题), which page templates keep beside the
headline, outside the article's container (方正 e-paper and many CMSs: #PreTitle, #SubTitle, .introtitle)."""
from __future__ import annotations

import re
from functools import lru_cache

from lxml.html import HtmlElement

from .. import regexcache

_DECK_NAME = regexcache.compile(r"^(?:pre|intro|sub|vice|fu|yin)[-_]?(?:title|tit|ti)$|^(?:fbt|ytitle)$", re.I)
DECK_MAX_CHARS = 80  # a deck is a line, not a paragraph


def _named_deck(el: HtmlElement) -> bool:
    """An element (not a comment) whose id or class names a deck. Most elements above the body have neither,
    and no name is no deck: they are let go without a call."""
    id, cls = el.get("id"), el.get("class")
    if id is None and cls is None:
        return False
    return el.tag.__class__ is str and deck_name(id or "", cls or "")


@lru_cache(maxsize=4096)
def deck_name(id: str, cls: str) -> bool:
    """The id or one of the classes names a deck. Asked of every element above the body, whose few distinct
    names repeat: each pair is judged once."""
    return any(_DECK_NAME.match(n) for n in id.split() + cls.split())


def _squeeze(text: str) -> str:
    return "".join(text.split())


def decks_before(page: HtmlElement, container: HtmlElement, title: str | None) -> list[str]:
    """Texts of the deck elements before the container that sit beside the headline (a sibling whose text is
    the title), in page order."""
    if not title:
        return []
    headline = _squeeze(title)
    found = []
    for el in page.iter():
        if el is container:
            break
        if not _named_deck(el):
            continue
        parent = el.getparent()
        beside = parent is not None and any(
            sib is not el and isinstance(sib.tag, str) and _squeeze(sib.text_content()) == headline for sib in parent)
        text = " ".join(el.text_content().split())
        if beside and 2 <= len(text) <= DECK_MAX_CHARS and text not in found:
            found.append(text)
    return found
