"""Portal chrome that trafilatura does not know on Chinese sites, found as whole subtrees before extraction.

The evidence: tags that are never text (<nav>, <footer>, <aside>), class/id names in English and pinyin
(fenxiang 分享, xgxw 相关新闻, dayin 打印 …), and what a block says (cleaners.html.widgets: 分享到, 当前位置,
相关新闻, a legal footer …).
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from typing import Iterable, Iterator

from lxml.html import HtmlElement

from .. import regexcache
from .body import MARKED_CLASSES, MARKED_IDS
from .parse import document_elements
from .widgets import (
    TextSizes, labelled_widgets, legal_notices, outermost, picture_link_panels, sentences, summary_cards,
)

# a <label> names a form control ("想追踪…的最新消息?" over an e-mail box): never the article's words
DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "select", "textarea", "button", "input",
             "label", "template", "svg", "canvas", "map")
FORM_MAX_CHARS = 80  # a search, login or subscribe form; ASP.NET pages wrap the whole page in one <form>
# never the article, but an article's <footer> may carry its editor line: chrome, read for metadata first
CHROME_TAGS = ("nav", "footer", "aside")

# A class/id word (words start after a space, '_', '-', or at a camelCase hump) that begins with one of
# these names chrome. Strong names are never the article; weak ones (nav, header, top …) sometimes name a
# whole column, so a weak name does not condemn a block that holds most of the page's sentences.
_WORD = r"(?:(?<![A-Za-z0-9])|(?<=[a-z])(?=[A-Z]))"
_END = r"(?![a-z0-9])"  # case-sensitive: "adEditor" is ad + Editor, "address" is not ad
_STRONG_NAMES = (
    # share bars, QR codes, font-size widgets
    r"share|bdshare|bshare|jiathis|fenxiang|ewm|erweima|qrcode|dayin|zihao|fontsize|zoomin|zoomout"
    # breadcrumbs (dqwz = 当前位置)
    r"|breadcrumb|crumb|mianbao|dqwz|curpos"
    # previous/next article (sxp = 上下篇)
    r"|prevnext|pre_next|shangxia|sxp|sxy|sxw"
    # related and recommended stories (xg = 相关, tj = 推荐)
    r"|related|xgxw|xgwz|xgyd|xglj|xgtj|xgbd|tuijian|recommend|rmtj|rdtj"
    # comments (not commentary, a genre), copyright, ads, login and search boxes
    r"|comment(?!ary)|pinglun|copyright|banquan|advert|guanggao|login|search|sousuo"
)
_STRONG_SHORT = "ad|ads|gg"   # these and _WEAK_SHORT only as a whole word
_STRONG = regexcache.compile(_WORD + f"(?:(?i:{_STRONG_NAMES})|(?i:{_STRONG_SHORT})" + _END + ")")
# no utility-class words here (Bootstrap's border-bottom, sticky-top, position-relative; Tailwind's pl-4):
# they sit on article blocks as often as on chrome
_WEAK_NAMES = "weizhi|location|nav|menu|daohang|footer|sidebar|hotnews|rank|paihang|toolbar|print"
_WEAK_SHORT = "foot|hot|prev|next|header|head|tools?"
_WEAK = regexcache.compile(_WORD + f"(?:(?i:{_WEAK_NAMES})|(?i:{_WEAK_SHORT})" + _END + ")")
# An ASCII name that either names holds one of their words in lower case, wherever it stands: one pass over
# name.lower() without the word-start test at each character rules out most names at a third of the cost
# (outside ASCII, IGNORECASE matches more than lower() gives: the Kelvin sign is a k, the long s an s)
_HINT = regexcache.compile("|".join((_STRONG_NAMES, _STRONG_SHORT, _WEAK_NAMES, _WEAK_SHORT)))

# words too common in utility classes to count as one word among several, but plain chrome as a whole name
_WHOLE = frozenset("top bottom position pre".split())
_ANY = regexcache.compile(f"{_STRONG.pattern}|{_WEAK.pattern}")  # one pass rules out the many names that are neither


# ".reactRoot[721].[1].{comment5268}": a path a framework generates, not a name the template gives
_GENERATED = regexcache.compile(r"\S*[\[\]{}$=]\S*")
# a page repeats its few class names on thousands of elements: each distinct value is judged once
NAME_CACHE = 8192


@lru_cache(maxsize=NAME_CACHE)
def name_kind(name: str) -> str | None:
    """'strong' or 'weak' when one class or id value (stripped) names chrome, else None. A match never spans
    two values, so judging the class and the id apart says what judging them joined by a space would."""
    if name.isascii() and not _HINT.search(name.lower()) or not _ANY.search(name):
        return None
    if "[" in name or "{" in name or "$" in name or "=" in name:
        name = _GENERATED.sub(" ", name)
        if not _ANY.search(name):
            return None
    return "strong" if _STRONG.search(name) else "weak"


def chrome_name(el: HtmlElement) -> str | None:
    """'strong' or 'weak' when el's class or id names chrome, else None."""
    cls, id = (el.get("class") or "").strip(), (el.get("id") or "").strip()
    if cls.lower() in _WHOLE or id.lower() in _WHOLE:
        return "weak"
    kinds = (name_kind(cls), name_kind(id))
    return "strong" if "strong" in kinds else "weak" if "weak" in kinds else None


@lru_cache(maxsize=NAME_CACHE)
def _class_says(cls: str) -> bool:
    """The class marks a body (cleaners.html.body) or may name chrome (chrome_name decides with the id)."""
    stripped = cls.strip()
    return bool(MARKED_CLASSES.search(cls) or stripped.lower() in _WHOLE or name_kind(stripped))


@lru_cache(maxsize=NAME_CACHE)
def _id_says(id: str) -> bool:
    stripped = id.strip()
    return id in MARKED_IDS or stripped.lower() in _WHOLE or bool(name_kind(stripped))


def NAMED(root: HtmlElement) -> list[HtmlElement]:
    """The elements of the page whose id or class says something: a body its CMS marks (cleaners.html.body
    marked_runs) or chrome (chrome_name), in page order. What else has an id or class is let go at once:
    kept, a page with a class on each of its hundred thousand elements held a proxy for each of them.
    /descendant::*[@id or @class], walked in Python (cleaners.html.parse.document_elements)."""
    found = []
    for el in document_elements(root):
        cls, id = el.get("class"), el.get("id")
        if (cls is not None or id is not None) and (_class_says(cls or "") or _id_says(id or "")):
            found.append(el)
    return found


def drop(el: HtmlElement) -> None:
    """Remove el and its subtree; the text after it (its tail) belongs to the parent and stays."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


@contextmanager
def set_aside(elements: list[HtmlElement]) -> Iterator[None]:
    """Take the subtrees out of the page for a while and put each back where it was.

    A place is the node before the subtree (or its parent, for a first child), not its index: counting a
    parent's children to every place and back costs the square of their number (100,000 chrome cells in one
    <div> took minutes). Put back in the reverse order, each finds the page as it left it."""
    places = []
    for el in elements:
        parent = el.getparent()
        if parent is not None:
            places.append((parent, el.getprevious(), el))
            parent.remove(el)
    try:
        yield
    finally:
        for parent, prev, el in reversed(places):
            if prev is None:
                parent.insert(0, el)
            else:
                prev.addnext(el)


# a comment thread can hold more sentences than the post it follows: its name is believed whatever it holds
_THREAD = regexcache.compile(r"(?i:comment|pinglun|reply|huifu)")
SPARE_SHARE = 0.5    # a named block holding this share of the page's sentences is the column, not chrome…
STRONG_SPARE_MIN = 3  # …and, when its name is a strong one, at least this many sentences


def ancestors_of(elements: Iterable[HtmlElement]) -> set[HtmlElement]:
    """Every element that holds one of the elements (their ancestors), each path walked up only until it
    meets one already found."""
    found: set[HtmlElement] = set()
    for el in elements:
        for ancestor in el.iterancestors():
            if ancestor in found:
                break
            found.add(ancestor)
    return found


def named_chrome(named: list[HtmlElement], root: HtmlElement, keep: frozenset = frozenset()) -> list[HtmlElement]:
    """Subtrees whose class or id names chrome; never one that holds the body or most of the page's sentences.

    A name can lie: templates call a whole column "has-nav" or "newspapers_ad", and Next.js calls the page
    "__next". Such a block is spared, and the named blocks inside it are judged in its place.
    """
    found, weak = list(root.iter(*CHROME_TAGS)), set()
    for el in named:
        if el.tag in ("html", "body") or el in keep or not isinstance(el.tag, str):
            continue
        kind = chrome_name(el)
        if kind:
            found.append(el)
            if kind == "weak":
                weak.add(el)
    candidates = set(found)
    holders = ancestors_of(keep)
    page_sentences = None
    doomed = []
    queue = outermost(found)
    while queue:
        el = queue.pop()
        spared = el in holders
        if not spared:
            s = sentences(el)
            if s >= 2:
                if page_sentences is None:
                    page_sentences = sentences(root)
                if el in weak:
                    spared = s >= SPARE_SHARE * page_sentences
                elif not _THREAD.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
                    spared = s >= STRONG_SPARE_MIN and s >= SPARE_SHARE * page_sentences
        if spared:
            queue.extend(outermost([d for d in el.iterdescendants() if d in candidates]))
        else:
            doomed.append(el)
    return doomed


def drop_tags(root: HtmlElement) -> None:
    """Scripts, styles, form controls, embedded objects: never text, whatever the page.

    Inline display:none stays: CMSs hide a copy of the body there for scripts to show (适老版 views).
    """
    for el in list(root.iter(*DROP_TAGS)):
        if el.getparent() is not None:
            drop(el)
    for form in list(root.iter("form")):
        if form.getparent() is not None and len("".join("".join(form.itertext()).split())) <= FORM_MAX_CHARS:
            drop(form)


def find_chrome(root: HtmlElement, named: list[HtmlElement], keep: frozenset = frozenset()) -> list[HtmlElement]:
    """Every chrome subtree under root (outermost only); nothing is removed yet."""
    sizes = TextSizes()
    return outermost(named_chrome(named, root, keep) + labelled_widgets(root, sizes) + legal_notices(root, sizes)
                     + picture_link_panels(root, sizes) + summary_cards(root))
