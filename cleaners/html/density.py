"""Where the prose is: one bottom-up pass that sorts every block's own text into prose and the rest.

A block's own text is what sits in it outside nested blocks. It is prose when it is mostly not link text and
carries sentence punctuation — Chinese articles are written in sentences, chrome is written in labels and
links. Every element then knows how much prose and how much other text it holds, which is all the body
choice and the list-page test need.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml.html import HtmlElement

from .. import regexcache
from ..textutil import CJK

BLOCKS = frozenset(
    "html body div p td th tr tbody thead tfoot table li ul ol dl dd dt h1 h2 h3 h4 h5 h6 pre blockquote article "
    "section main header footer aside nav figure figcaption address center form fieldset".split()
)
SKIP = frozenset("script style noscript template textarea select option button head title".split())
# full-width sentence punctuation, plus the ASCII comma some old pages type
PUNCTUATION = ("，", "。", "！", "？", "；", "、", ",")
PROSE_MIN_CHARS = 10      # below this a fragment is a label, a date or a name
# blog prose may separate its clauses with spaces instead of commas: this many characters in unbroken runs of
# RUN_MIN or more Chinese characters make a block prose anyway (menus and labels are runs of 2 to 6)
PROSE_UNPUNCTUATED = 15
RUN_MIN = 8
FOREIGN_MIN_CHARS = 40   # shorter ASCII is a date, a byline, a menu: chrome as much as anything
FOREIGN_MIN_WORDS = 6    # a URL or a "Trackback: <url>" line is long but one or two words
LIST_CELLS = frozenset(("li", "td", "dd", "dt"))
PROSE_MAX_LINK_SHARE = 0.5
OTHER_WEIGHT = 0.4     # a character of chrome inside the body costs less than a missed character of prose


@dataclass(slots=True)
class Stats:
    prose: int = 0          # characters of prose blocks (their non-link text)
    other: int = 0          # characters of everything else: labels, headlines, link text
    links: int = 0          # characters inside <a>
    link_items: int = 0     # list items / table cells that are (nearly) only a link
    longest: int = 0        # the longest single prose block
    met: int = field(default=0, compare=False, repr=False)  # when measure() first met the element (its order)

    @property
    def total(self) -> int:
        return self.prose + self.other

    @property
    def score(self) -> float:
        """How good a body this subtree is: its prose, discounted by how diluted it is, less what else it
        would drag in. The discount keeps a sidebar of comment snippets out of the article next to it."""
        if not self.prose:
            return -OTHER_WEIGHT * self.other
        return self.prose * self.prose / (self.prose + self.other) - OTHER_WEIGHT * self.other


_PUNCT = regexcache.compile("[" + "".join(PUNCTUATION) + "]")
_CJK_RUN = regexcache.compile(f"[{CJK}]{{{RUN_MIN},}}")
_CJK_CHARS = regexcache.compile(f"[{CJK}]+")  # counted by runs: a list of a match per character cost four times as much
_FOREIGN = regexcache.compile("[A-Za-z\u00c0-\u024f]+|[\u3040-\u30ff]")  # a Latin word, a kana


def is_chinese(text: str) -> bool:
    """Written in Chinese: more Chinese characters than Latin words and kana. The cookie notice and the
    "go to our English / Japanese site" boxes of a Chinese page are sentences, but not the article's."""
    return sum(map(len, _CJK_CHARS.findall(text))) > len(_FOREIGN.findall(text))


def is_code_or_english(text: str) -> bool:
    """A listing of code or a sentence of English: long ASCII text of many words."""
    if len(text) < FOREIGN_MIN_CHARS or not text.isascii():
        return False
    return len(text.split(None, FOREIGN_MIN_WORDS)) > FOREIGN_MIN_WORDS


CHINESE_SENTENCE, FOREIGN_TEXT = 1, 2   # bits of a block's punctuation signal


def _signal(text: str | None) -> tuple[int, int, int]:
    """(characters, which sentences it holds (bits above), characters in long unbroken runs of Chinese)."""
    if not text:
        return 0, 0, 0
    text = text.strip()
    n = len(text)
    if n < RUN_MIN:
        return n, 0, 0
    if is_code_or_english(text):
        return n, FOREIGN_TEXT, 0
    if _PUNCT.search(text):
        return n, CHINESE_SENTENCE if is_chinese(text) else FOREIGN_TEXT, 0
    return n, 0, sum(len(run) for run in _CJK_RUN.findall(text))


def _classify(st: Stats, tag: str, chars: int, link: int, punct: int, runs: int) -> None:
    """File a block's own text under prose or other."""
    if not chars:
        return
    own_text = chars - link
    if punct == FOREIGN_TEXT and not runs:
        # text in another language (an abstract's translation, a "visit our English site" box, a listing
        # of code) is not the Chinese article's prose, nor evidence against the block that holds it
        st.other += link
        st.links += link
        return
    prose = (punct & CHINESE_SENTENCE and own_text >= PROSE_MIN_CHARS
             or runs >= PROSE_UNPUNCTUATED and own_text >= 2 * PROSE_MIN_CHARS)
    if prose and link <= PROSE_MAX_LINK_SHARE * chars:
        st.prose += own_text
        st.other += link
        st.longest = max(st.longest, own_text)
    else:
        st.other += chars
    if tag in LIST_CELLS and link >= 0.5 * chars:
        st.link_items += 1
    st.links += link


def measure(root: HtmlElement) -> dict[HtmlElement, Stats]:
    """Stats for root, for the elements under it that hold prose and for the children of those: all that the
    body choice and the list-page test read (an element without prose is never a body, and is weighed only
    as a child of one with prose). Listed in the order in which every element that holds text was first met
    walking the page backwards, which decides ties between equal bodies.

    What the walk holds at a time is bounded by the path it is on: the sums its ancestors have received so
    far, and each ancestor's children's Stats until the ancestor is done, when they are kept only if it holds
    prose. No list of the page's elements, no Stats and no lxml proxy kept for each of a hundred thousand
    link cells."""
    stats: dict[HtmlElement, Stats] = {}
    # per ancestor of the node the walk is at: what its children gave it so far (their summed Stats; their
    # inline text not yet filed under a block: chars, link chars, punctuation, long runs), and each child's
    # own Stats or None, last child first
    summed: dict[HtmlElement, Stats] = {}
    inline: dict[HtmlElement, list[int]] = {}
    kids: dict[HtmlElement, list[Stats | None]] = {}
    signal, blocks, skip = _signal, BLOCKS, SKIP
    # descendants before ancestors, later siblings before earlier ones: the reverse of root.iter(), walked
    # from node to node rather than listed (a list holds a proxy for every element of the page at once)
    node = _last_descendant(root)
    step = 0
    while True:
        step += 2
        tag = node.tag
        st = summed.pop(node, None)
        flow = inline.pop(node, None)
        children = kids.pop(node, None)
        if tag.__class__ is not str or tag in skip:  # comments and PIs only carry a tail
            flow = None
        else:
            text = node.text
            if text and not text.isspace():  # blank text says nothing (and layouts hold much of it): no call
                n, p, r = signal(text)
                if n:
                    if flow is None:
                        flow = [0, 0, 0, 0]
                    flow[0] += n
                    flow[2] |= p
                    flow[3] += r
            if flow is not None:
                if tag == "a":
                    flow[1], flow[3] = flow[0], 0
                if tag in blocks:
                    if st is None:
                        st = Stats(met=step)
                    _classify(st, tag, *flow)
                    flow = None
        if st is not None and st.prose and children is not None:
            # its children may be parts of a body: theirs are kept
            for child, child_stats in zip(node, reversed(children)):
                if child_stats is not None:
                    stats[child] = child_stats
        parent = node.getparent()
        if parent is not None:
            tail = node.tail
            if tail or flow is not None:
                n, p, r = signal(tail) if tail and not tail.isspace() else (0, 0, 0)
                if n or flow is not None:
                    up = inline.get(parent)
                    if up is None:
                        up = inline[parent] = [0, 0, 0, 0]
                    up[0] += n
                    up[2] |= p
                    up[3] += r
                    if flow is not None:
                        up[0] += flow[0]
                        up[1] += flow[1]
                        up[2] |= flow[2]
                        up[3] += flow[3]
            siblings = kids.get(parent)
            if siblings is None:
                siblings = kids[parent] = []
            siblings.append(st)
            if st is not None:
                pst = summed.get(parent)
                if pst is None:
                    pst = summed[parent] = Stats(met=step + 1)
                pst.prose += st.prose
                pst.other += st.other
                pst.links += st.links
                pst.link_items += st.link_items
                if st.longest > pst.longest:
                    pst.longest = st.longest
        if node is root:
            if st is not None:
                stats[root] = st
            if parent is not None and parent in summed:
                stats[parent] = summed[parent]
            return dict(sorted(stats.items(), key=_met))
        prev = node.getprevious()
        node = parent if prev is None else _last_descendant(prev)


def _met(item: tuple[HtmlElement, Stats]) -> int:
    return item[1].met


def _last_descendant(node: HtmlElement) -> HtmlElement:
    """The last node of node's subtree in document order (node itself when it has no children)."""
    while len(node):
        node = node[-1]
    return node
