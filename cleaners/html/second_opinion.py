"""trafilatura as a second opinion, asked only when our own evidence says the body is in doubt.

Our body choice is sure when the chosen subtree is nearly all prose. When a good share of it is labels and
link text (UNSURE_OTHER_SHARE), some of that may be a related-links box we could not tell from the article.
trafilatura judges blocks by link density and position; where it also leaves a link block out, two
independent judges agree it is not the article, and the block goes. trafilatura alone decides nothing: on
Chinese pages it often drops a whole article (a notice laid out in a table, a page it takes for a list), so a
verdict that keeps less than TRUSTED_SHARE of our text is no opinion at all.
"""
from __future__ import annotations

from copy import deepcopy

from lxml.html import HtmlElement

from .density import Stats
from .headlines import _text, headline_items

UNSURE_OTHER_SHARE = 0.15   # of the body's text that is not prose; sure bodies stay under 0.1
TRUSTED_SHARE = 0.5         # trafilatura must keep this share of our text for its opinion to count


def is_unsure(body: Stats) -> bool:
    """Our evidence leaves the body in doubt: much of it is not prose."""
    return body.total > 0 and body.other >= UNSURE_OTHER_SHARE * body.total


def _squeeze(text: str) -> str:
    return "".join(text.split())


def trafilatura_text(tree: HtmlElement, url: str | None) -> str:
    """trafilatura in fast mode (no fallback extractors) on an already parsed tree (which it changes)."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        tree, url=url, fast=True, include_comments=False, include_tables=True, include_images=False,
        deduplicate=False, with_metadata=False,
    )
    return (doc.text if doc is not None else "") or ""


def links_it_left_out(container: HtmlElement, kept: str) -> list[HtmlElement]:
    """The headline blocks of container whose text is not in kept (trafilatura's text)."""
    said = _squeeze(kept)
    return [block for block, _ in headline_items(container) if _squeeze(_text(block)) not in said]


def second_opinion(container: HtmlElement, url: str | None) -> list[HtmlElement] | None:
    """The link blocks trafilatura agrees are not the article; None when its verdict is no opinion."""
    ours = _squeeze(_text(container))
    theirs = trafilatura_text(deepcopy(container), url)
    if len(_squeeze(theirs)) < TRUSTED_SHARE * len(ours):
        return None
    return links_it_left_out(container, theirs)
