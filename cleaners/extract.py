"""HTML → main text and metadata, before the text rules run.

One lxml parse per page, then (cleaners/html/):
1. chrome that trafilatura does not know on Chinese sites is found (share bars, breadcrumbs, 相关新闻 …);
2. the body is the container a CMS marks (正文start/end comments, #zoom, .TRS_Editor, .left_zw …) or else
   the subtree with the most prose and least else, measured on the page as if the chrome were gone;
3. list and index pages, and pages without a single block of prose, are rejected (not_article);
4. metadata is read around that body (government <meta>, 来源/发布时间/责任编辑 labels);
5. the chrome is dropped, layout tables are flattened and the body becomes text: by our block walker
   (default) or by trafilatura in fast mode (serializer="trafilatura").
"""
from __future__ import annotations

import lxml.etree
from lxml.html import HtmlElement

from .document import METADATA_FIELDS, Metadata
from .html.body import MARKED_SHARE, Body, densest, marked_runs
from .html.captions import drop_captions
from .html.chrome import NAMED, drop, drop_tags, find_chrome, set_aside
from .html.widgets import label_picture_widgets
from .html.decks import decks_before
from .html.headlines import byline_under_title, drop_headline_runs, drop_trailing_links
from .html.density import Stats, measure
from .html.listpage import LONG_PARAGRAPH, is_list_page, is_teaser_feed
from .html.meta import extract_metadata
from .html.parse import MarkupTooDeep, parse_html
from .html.second_opinion import is_unsure, second_opinion, trafilatura_text
from .html.tables import drop_repeated_tables, flatten_layout_tables
from .html.text import block_text
from .html.timelimit import PageTimeout, time_limit
from .limits import MAX_TAGS, TIME_LIMIT
from .rules.summary import is_labelled_summary

REPEAT_MIN_CHARS = 10    # shorter lines ("图片", "点击查看") may well repeat inside an article
QUOTE_MIN_CHARS = 20     # a line this long found inside an earlier one is a repeat, not a coincidence
# a quoted line is looked for in the first QUOTE_SEARCH_CHARS of kept text only: a summary box repeats the lead,
# and searching all of it made a page of 99,000 long lines take 84 s (quadratic)
QUOTE_SEARCH_CHARS = 200_000
SERIALIZERS = ("blocks", "trafilatura")


class Extracted(Metadata):
    FIELDS = METADATA_FIELDS + ("text", "reject", "flags")

    def __init__(self, text: str = "", reject: str | None = None, flags: list[str] | None = None,
                 **metadata) -> None:
        super().__init__(**metadata)
        self.text = text
        self.reject = reject      # e.g. 'not_article' for list and index pages
        self.flags = [] if flags is None else flags


def extract(html: str, url: str | None = None, *, time_limit_s: float | None = TIME_LIMIT,
            serializer: str = "blocks", second_opinion: bool = False) -> Extracted:
    """Main text and metadata of one page; `reject` says why there is none (not_article, timeout, …).

    serializer: how the chosen body becomes text, "blocks" (a line per block; fast) or "trafilatura"
    (trafilatura's fast mode on the body, about 3 ms a page more).
    second_opinion: where our body is in doubt, drop the link blocks trafilatura also leaves out. Off by
    default: measured on devset and cwced it changes F1 by +0.0003 and costs about 12% of the time
    (`python -m cleaners eval DIR --systems ours,ours+second_opinion`).
    """
    if serializer not in SERIALIZERS:
        raise ValueError(f"serializer must be one of {SERIALIZERS}")
    try:
        with time_limit(time_limit_s):
            return _extract(html, url, serializer, second_opinion)
    except PageTimeout:
        return Extracted(text="", reject="timeout")
    except MarkupTooDeep:
        return Extracted(text="", reject="too_deep")  # not "not_article": the article may be down there


def choose_body(stats: dict[HtmlElement, Stats], marked: list[list[HtmlElement]]) -> Body | None:
    """A marked body when it holds most of the prose the densest choice would get; else the densest."""
    best = densest(stats)
    best_prose = sum(stats[el].prose for el in best.parts if el in stats) if best else 0
    for run in marked:
        prose = sum(stats[el].prose for el in run if el in stats)
        if prose and prose >= MARKED_SHARE * best_prose:
            return Body(run, "marked")
    return best


def is_marked_article(body: Body, stats: dict[HtmlElement, Stats]) -> bool:
    """The CMS marks the body and it holds sentences: a short article among many links (a portal's
    related-news boxes) is still an article."""
    return body.how == "marked" and body_stats(stats, body).prose >= LONG_PARAGRAPH


def body_stats(stats: dict[HtmlElement, Stats], body: Body) -> Stats:
    """What the chosen body holds, summed over its parts."""
    total = Stats()
    for part in body.parts:
        st = stats.get(part)
        if st is not None:
            total.prose += st.prose
            total.other += st.other
            total.links += st.links
    return total


def _extract(html: str, url: str | None, serializer: str, ask_second_opinion: bool = False) -> Extracted:
    if html.count("<") > MAX_TAGS:  # counted in C: parsing and scoring such a page is the cost we bound
        return Extracted(text="", reject="too_complex")
    root = parse_html(html)
    page = root.find("body") if root is not None else None
    if page is None:
        return Extracted(text="", reject="no_main_text")
    drop_tags(root)
    named = NAMED(page)
    marked = marked_runs(root, named)
    chrome = find_chrome(page, named, keep=frozenset(el for run in marked for el in run))
    # the body is chosen on the page without its chrome; the metadata is read on the whole page
    with set_aside(chrome):
        stats = measure(page)
        body = choose_body(stats, marked)
    if body is None or is_list_page(stats.get(page, Stats())) and not is_marked_article(body, stats):
        # headlines, or not one block that reads as prose (no sentence punctuation, no long run of
        # Chinese): trafilatura would only return the labels and link text of such a page. Its metadata is
        # not read: a reject keeps only its id and URL, and reading it (htmldate above all) cost as much as
        # the chrome search
        return Extracted(text="", reject="not_article")
    meta = extract_metadata(root, body.anchor, url)
    result = Extracted(**{name: getattr(meta, name) for name in METADATA_FIELDS})
    for el in chrome:
        drop(el)
    container = body.element()
    lxml.etree.strip_elements(container, lxml.etree.Comment, with_tail=False)
    flatten_layout_tables(container)
    drop_repeated_tables(container)
    drop_captions(container)
    for widget in label_picture_widgets(container):
        drop(widget)
    byline = byline_under_title(container, meta.title)
    if byline is not None:
        result.author = result.author or "".join(byline.text_content().split())
        drop(byline)
    if drop_headline_runs(container):
        result.flags.append("headlines_dropped")
    if drop_trailing_links(container):
        result.flags.append("trailing_links_dropped")
    if ask_second_opinion and is_unsure(body_stats(stats, body)):
        left_out = second_opinion(container, url)
        result.flags.append("second_opinion" if left_out is not None else "second_opinion_void")
        for block in left_out or ():
            block.drop_tree()
    if serializer == "trafilatura":
        text = trafilatura_text(container, url)
        own = block_text(container)
        result.text = text if len(text) >= 0.5 * len(own) else own  # it dropped most of a body we trust
    else:
        result.text = block_text(container)
    decks = [d for d in decks_before(page, container, meta.title) if d != meta.title]
    if decks and result.text:
        result.text = "\n".join(decks) + "\n" + result.text
    result.text = drop_repeats(result.text)
    if is_teaser_feed(result.text):
        result.reject = "not_article"  # summaries of other pages, each cut short: a list page
        return result
    result.flags.append(f"body_{body.how}")
    return result


def drop_repeats(text: str) -> str:
    """A paragraph seen before is a second copy of the body (desktop and accessible versions, galleries);
    a long line already said word for word earlier is a summary box repeating the lead. A labelled summary
    above the story ("[编者按：…]") is no first copy: the story's own sentences stay, and the summary_box rule
    judges the summary."""
    seen: set[str] = set()
    said = ""  # the kept lines so far, separated by newlines so that no match spans two of them
    kept = []
    for line in text.split("\n"):
        key = "".join(line.split())
        if len(key) >= REPEAT_MIN_CHARS:
            if key in seen or (len(key) >= QUOTE_MIN_CHARS and len(said) < QUOTE_SEARCH_CHARS and key in said):
                continue
            seen.add(key)
            if not is_labelled_summary(line):
                said += key + "\n"
        kept.append(line)
    return "\n".join(kept)
