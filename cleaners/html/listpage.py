"""Is the page an article at all? List and index pages are headlines: links, short items, no long paragraph."""
from __future__ import annotations

import re

from .. import regexcache
from .density import Stats

LIST_MIN_ITEMS = 5          # a 专题 landing page may list only a handful of headlines
LONG_PARAGRAPH = 100        # characters: one paragraph this long makes the page an article
LINKS_OVER_PROSE = 2.0      # a list page's link text outweighs its prose this much


def is_list_page(page: Stats) -> bool:
    """page: the stats of the whole page with its chrome already set aside."""
    if page.longest >= LONG_PARAGRAPH:
        return False
    if page.link_items < LIST_MIN_ITEMS:
        return False
    return page.links >= LINKS_OVER_PROSE * page.prose


# a teaser cut short: "…帮助火箭以...", "...more", "原来...D病毒是(2014-12-13 15:00)"; a literary "……" is not one
_CUT_SHORT = regexcache.compile(
    r"(?<![.…])(?:\.{3}|…)(?!…)\S{0,10}?\s*(?:more|更多|全文|详细)?\s*(?:[(（][^()（）]{0,24}[)）])?\s*$", re.I
)
TEASER_SHARE = 0.5
EXCERPT_MIN_CHARS = 40   # a line this long is an excerpt or a paragraph, not a headline or a count
EXCERPTS_MIN = 6         # this many excerpts cut short, and most of the long lines: a feed of answers or stories


def is_cut_short(line: str) -> bool:
    """The line ends in an ellipsis and at most a few words, a "more" or a date; the pattern is tried only on
    lines that hold one (it scans every position of a line that does not)."""
    return ("…" in line or "..." in line) and _CUT_SHORT.search(line) is not None


def is_teaser_feed(text: str) -> bool:
    """The text is stories cut short: most of it stands in lines that end in an ellipsis (a "more stories"
    feed, a home page's summaries), not an article."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    cut_lines = {line for line in lines if is_cut_short(line)}
    total = sum(len(line) for line in lines)
    cut = sum(len(line) for line in lines if line in cut_lines)
    if cut and cut >= TEASER_SHARE * total:
        return True
    # headlines and vote counts between the excerpts ("…显示全部") weigh little: judge the long lines alone
    long = [line for line in lines if len(line) >= EXCERPT_MIN_CHARS]
    excerpts = [line for line in long if line in cut_lines]
    return len(excerpts) >= EXCERPTS_MIN and sum(map(len, excerpts)) >= TEASER_SHARE * sum(map(len, long))
