"""Is the page an article at all? List and index pages are headlines: links, short items, no long paragraph."""
from __future__ import annotations

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
