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
_CJK_CHARS = regexcache.compile(f"[{CJK}]+")  # removed by runs: a match per character cost four times as much
_FOREIGN = regexcache.compile("[A-Za-z\u00c0-\u024f]+|[\u3040-\u30ff]")  # a Latin word, a kana


def is_chinese(text: str) -> bool:
    """Written in Chinese: more Chinese characters than Latin words and kana. The cookie notice and the
    "go to our English / Japanese site" boxes of a Chinese page are sentences, but not the article's.

    The Chinese characters are counted as what removing them takes off (one string built in C, not a list of
    runs); a word or a kana is at least one character that is not Chinese, so a text more than half Chinese
    has more Chinese characters than words and kana without looking for those."""
    chinese = len(text) - len(_CJK_CHARS.sub("", text))
    return 2 * chinese > len(text) or chinese > len(_FOREIGN.findall(text))


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
    return n, 0, sum(map(len, _CJK_RUN.findall(text)))


def _file(tally: list, tag: str, chars: int, link: int, punct: int, runs: int) -> None:
    """File a block's own text under prose or other, in measure's tally of it ([prose, other, links,
    link_items, longest, met]: a list costs a tenth of what building a Stats costs, and most blocks' tallies are
    let go before their parent is done). Text in another language (an abstract's translation, a "visit our
    English site" box, a listing of code) is not the Chinese article's prose, nor evidence against the block
    that holds it."""
    if not chars:
        return
    own_text = chars - link
    if punct == FOREIGN_TEXT and not runs:
        tally[1] += link
        tally[2] += link
        return
    if (punct & CHINESE_SENTENCE and own_text >= PROSE_MIN_CHARS
            or runs >= PROSE_UNPUNCTUATED and own_text >= 2 * PROSE_MIN_CHARS) and link <= PROSE_MAX_LINK_SHARE * chars:
        tally[0] += own_text
        tally[1] += link
        if own_text > tally[4]:
            tally[4] = own_text
    else:
        tally[1] += chars
    if tag in LIST_CELLS and link >= 0.5 * chars:
        tally[3] += 1
    tally[2] += link


def _flowed(flow: list | None, text: str, signal) -> list:
    """The run of inline text `flow` ([characters, of them in links, punctuation seen, run length]) with `text`
    added; most texts are a label's few characters, whose signal is their length: no call for them."""
    n, p, r = (len(text.strip()), 0, 0) if len(text) < RUN_MIN else signal(text)
    if flow is None:
        return [n, 0, p, r]
    flow[0] += n
    flow[2] |= p
    flow[3] += r
    return flow


def measure(root: HtmlElement) -> dict[HtmlElement, Stats]:
    """Stats for root, for the elements under it that hold prose and for the children of those: all that the
    body choice and the list-page test read (an element without prose is never a body, and is weighed only
    as a child of one with prose). Listed in the order in which every element that holds text was first met
    walking the page backwards, which decides ties between equal bodies.

    What the walk holds at a time is bounded by the path it is on: per ancestor, what its children have given
    it so far, and the children's Stats until the ancestor is done, when they are kept only if it holds prose.
    No list of the page's elements, no Stats and no lxml proxy kept for each of a hundred thousand link cells."""
    stats: dict[HtmlElement, Stats] = {}
    signal, blocks, skip, file = _signal, BLOCKS, SKIP, _file
    # descendants before ancestors, later siblings before earlier ones: the reverse of root.iter(), walked
    # from node to node rather than listed (a list holds a proxy for every element of the page at once).
    # path: a frame per ancestor of the node the walk is at, from root down, None until a child gives it
    # something: [its children's summed Stats or None, their inline text not yet filed under a block (chars,
    # link chars, punctuation, long runs) or None, [(child, its Stats)] for the children with Stats or None].
    # A stack, not dicts keyed by element: most nodes give nothing, and three dict lookups per node were a third
    # of the walk. The node's own frame is held apart: a leaf (half the nodes) never has one to push and pop
    path: list[list | None] = []
    push, pop = path.append, path.pop
    node = root
    while len(node):
        push(None)
        node = node[-1]
    frame = None
    step = 0
    while True:
        step += 2
        tag = node.tag
        if frame is None:
            st = flow = children = None
        else:
            st, flow, children = frame
        if tag.__class__ is not str or tag in skip:  # comments and PIs only carry a tail
            flow = None
        else:
            text = node.text
            if text and not text.isspace():  # blank text says nothing (and layouts hold much of it): no call
                flow = _flowed(flow, text, signal)
            if flow is not None:
                if tag == "a":
                    flow[1], flow[3] = flow[0], 0
                if tag in blocks:
                    if st is None:
                        st = [0, 0, 0, 0, 0, step]
                    file(st, tag, *flow)
                    flow = None
        if children is not None and st[0]:
            # its children may be parts of a body: theirs are kept
            for child, tally in children:
                stats[child] = Stats(*tally)
        if node is root:
            parent = node.getparent()
            if st is not None:
                stats[root] = Stats(*st)
                if parent is not None:  # the parent's Stats, as far as root's subtree goes
                    stats[parent] = Stats(*st[:5], met=step + 1)
            return dict(sorted(stats.items(), key=_met))
        tail = node.tail
        if tail and not tail.isspace():
            flow = _flowed(flow, tail, signal)
        if flow is not None or st is not None:
            up = path[-1]
            if up is None:
                up = path[-1] = [None, None, None]
            if flow is not None:
                upflow = up[1]
                if upflow is None:
                    up[1] = flow  # the node is done with it
                else:
                    upflow[0] += flow[0]
                    upflow[1] += flow[1]
                    upflow[2] |= flow[2]
                    upflow[3] += flow[3]
            if st is not None:
                pst = up[0]
                if pst is None:
                    up[0] = [st[0], st[1], st[2], st[3], st[4], step + 1]
                    up[2] = [(node, st)]
                else:
                    up[2].append((node, st))
                    pst[0] += st[0]
                    pst[1] += st[1]
                    pst[2] += st[2]
                    pst[3] += st[3]
                    if st[4] > pst[4]:
                        pst[4] = st[4]
        prev = node.getprevious()
        if prev is None:
            node = node.getparent()
            frame = pop()
        else:
            node = prev
            frame = None
            while len(node):
                push(None)
                node = node[-1]


def _met(item: tuple[HtmlElement, Stats]) -> int:
    return item[1].met
