"""Title, date, source, author and editor from the page, before the text rules see the body.

Wrong metadata is worse than none: every field comes from a labelled place (a government <meta>, a
"来源：" label, a date printed right above the body) and stays empty when the page only hints at it.
"""
from __future__ import annotations

import re
from datetime import date
from itertools import islice

import lxml.etree
from lxml.html import HtmlElement

from .. import regexcache
from ..document import Metadata
from ..vocabulary import CLOCK, DATE, HAN, NAME
from ..vocabulary import DATE_TIME as DATE_MAYBE_TIME  # this module's DATE_TIME requires the clock
from ..rules.header import TITLE_SEPARATOR, strip_site_suffix
from ..rules.credits import read_credit
from ..rules.script import simplified_if_traditional, to_simplified_text
from ..textutil import LazyPattern, has_zone, iso_datetime, nfkc, outlet
from .htmldate_tree import import_htmldate, lent
from .textnodes import CODE, texts_after, texts_before, texts_inside

# <meta name=…> the Chinese government CMSs (Hanweb, TRS) fill in, then the usual Open Graph / Dublin Core ones
_TITLE_META = ("articletitle", "og:title", "twitter:title")
_DATE_META = ("pubdate", "publishdate", "publish_date", "publishtime", "article:published_time", "og:published_time",
              "datepublished", "dc.date.issued", "firstpublishedtime", "publish-date", "release_date")
_SOURCE_META = ("contentsource", "source")
_META = lxml.etree.XPath("/descendant::meta[@content]")  # one step: "//" asks every node for its children

_SPACE = regexcache.compile(r"\s+")
COLON = r"\s*[:：]\s*"
_CJK = "\u4e00-\u9fff"
# a label starts a word: "日期" inside "出道日期" (an infobox row) is not the article's date
_DATE_LABEL = regexcache.compile(
    rf"(?<![{_CJK}])(?:发布时间|发布日期|发表时间|发表日期|发稿时间|发文日期|更新时间|时间|日期){COLON}(?P<v>.{{8,40}})"
)
_SOURCE_LABEL = regexcache.compile(
    rf"(?<![{_CJK}])(?:信息来源|文章来源|新闻来源|稿件来源|来源|稿源){COLON}"
    rf"(?P<v>[^\s:：|｜/,，。【】\[\]()（）=\"'<>]{{2,30}})"
)
# a name is 2-4 characters standing alone; one followed by a colon is the next label ("作者：赵婕 出自：…")
_NAME = rf"{NAME}(?![{HAN}])(?!\s*[:：])"  # the vocabulary's name, standing alone
_NAMES = rf"{_NAME}(?:[\s、,，]+{_NAME})*"
# the name patterns are compiled on first use (30 ms at start-up) and asked only of texts that hold one of
# the words they require (_labelled): most texts hold no label at all
_AUTHOR_LABEL = LazyPattern(rf"(?:作者{COLON}|(?:^|[\s(（【\]])(?:本报|本台|本网)?记者(?:{COLON}|\s+))(?P<v>{_NAMES})")
_AUTHOR_WORDS = ("作者", "记者")
# text nodes are joined with NODE for the editor: a name never runs on into the next element ("返回首页")
NODE = "｜"
_EDITOR_LABEL = LazyPattern(rf"(?:责任编辑|责编|编辑){COLON}(?:{NODE}\s*)?(?P<v>{_NAMES})")
_EDITOR_WORDS = ("编辑", "责编")
_NOT_NAME = regexcache.compile(r"(报道|采写|摄影?|发自|整理|编译|来源|出自|日电|佚名|不详|本报|本网|记者|编辑|通讯员)")
# label words, and values that name no publisher ("转载文章" = a reposted article, "网络" = the internet)
_NOT_SOURCE = regexcache.compile(
    r"^(\d|作者|记者|编辑|责任编辑|发布|时间|日期|点击|浏览)|^(网络|互联网|本站|原创|转载|转载文章|综合|未知|不详|佚名)$"
)
_TAG = regexcache.compile(r"<[^>]*>")
_BREADCRUMB = regexcache.compile(r"\s*(?:[»›]|::)\s*")  # "多维博客 » 播客热潮…": blog and forum titles are breadcrumbs
_SITE_NAME = regexcache.compile(r"^.{0,8}(?:网|网站|门户|首页|频道|博客|论坛|社区)$")
TITLE_MIN_CJK = 5       # a <title> with fewer Chinese characters is a site or section name ("网易娱乐", "显示")

NEAR_CHARS = 300        # how far from the body a date or label may sit and still belong to it
_SENTENCE_MARK = regexcache.compile(r"[，。；！？,;!?]")
DATE_TIME = regexcache.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*\d{1,2}[:：时]\d{2}")


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", (text or "").replace("\u200b", "").replace("\ufeff", "")).strip()


def _metas(root: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in _META(root):
        value = _clean(m.get("content"))
        # one tag may carry two keys (property="og:site_name" name="application-name"): both are known
        for attr in ("name", "property", "itemprop"):
            key = (m.get(attr) or "").strip().lower()
            if key and value and key not in found:
                found[key] = value
    return found


def _first(metas: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((metas[k] for k in keys if metas.get(k)), None)


# through the attribute nodes: a test on every element of the page costs libxml2 about three times as much
_HEADINGS = lxml.etree.XPath("//h1 | //h2 | //h3 | //@class[contains(., 'title')]/.. | //@id[contains(., 'title')]/..")
HEADINGS_READ = 40


def first_headings(root: HtmlElement) -> list[HtmlElement]:
    return _HEADINGS(root)[:HEADINGS_READ]


def _cjk(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def page_title(root: HtmlElement, metas: dict[str, str], headings: list[HtmlElement] | None = None) -> str | None:
    """ArticleTitle / og:title; else the page heading that <title> holds (the headline without the site name
    around it); else <title> without its site suffix, when it reads like a headline and not a site name."""
    value = _first(metas, _TITLE_META)
    if value:
        return strip_site_suffix(_clean(_TAG.sub(" ", value))) or None
    title_el = root.find(".//title")
    title = _clean(title_el.text_content()) if title_el is not None else ""
    if not title:
        return None
    site = _first(metas, ("sitename", "og:site_name"))
    for h in first_headings(root) if headings is None else headings:
        text = _clean(h.text_content())
        # the headline opens <title> or is most of it; a logo heading ("中国新闻网") is only its suffix
        if 5 <= len(text) <= 80 and text in title and (title.startswith(text) or len(text) >= 0.4 * len(title)):
            if text != site and not _SITE_NAME.match(text):
                return text
        # a short headline ("关于音乐") is one when the page's heading says exactly what <title> says
        if text == title and _cjk(text) >= 2 and text != site and not _SITE_NAME.match(text):
            return text
    title = strip_site_suffix(title).strip(" -_|｜")
    parts = [p for p in _BREADCRUMB.split(title) if p]
    if len(parts) > 1:
        title = max(parts, key=_cjk)  # the headline is the wordiest step
    if _cjk(title) < TITLE_MIN_CJK or title == site or _SITE_NAME.match(title):
        return None
    return title


_TITLE_NAMED = "contains(translate(., 'TITLE', 'title'), 'title')"
# a union through the attribute nodes, as _HEADINGS: a predicate on every preceding element is the slow way
_HEADING_BEFORE = lxml.etree.XPath(
    f"(preceding::h1 | preceding::h2 | preceding::h3 | preceding::*/@class[{_TITLE_NAMED}]/.."
    f" | preceding::*/@id[{_TITLE_NAMED}]/..)[not(ancestor-or-self::a)]"
)
HEADING_LOOKBACK = 6     # headings just above the body: the nearest few


def _reads_like_headline(text: str, site: str | None) -> bool:
    return (5 <= len(text) <= 80 and _cjk(text) >= TITLE_MIN_CJK and text != site and not _SITE_NAME.match(text)
            and not text.endswith(("。", "：", ":")))


def heading_before(anchor: HtmlElement | None, site: str | None) -> str | None:
    """The headline set right above the body: the nearest heading there that reads like one."""
    if anchor is None:
        return None
    for h in reversed(_HEADING_BEFORE(anchor)[-HEADING_LOOKBACK:]):
        text = _clean(h.text_content())
        if _reads_like_headline(text, site):
            return text
    return None


SITE_REPEATS = 3
_DIGITS_DATE = regexcache.compile(r"\d{1,4}\s*[-/.年月]\s*\d{1,2}")


def line_before(anchor: HtmlElement | None, site: str | None, opening: str) -> str | None:
    """The nearest line above the body that reads like a headline and whose words the story's opening tells,
    whatever its markup (old pages set the headline in a <td> or a styled <div>): asked only when the page's
    title says nothing of the story. An info bar (a date, a counter) is no headline."""
    if anchor is None:
        return None
    above = list(islice(texts_before(anchor, _PLAIN), max(CREDIT_LOOKBACK, HEADING_LOOKBACK)))  # nearest first
    # a name printed again and again above the body is the site's or the account's ("…古刹 …古刹 …古刹")
    said = [_clean(text) for text, _, _ in above[:CREDIT_LOOKBACK]]
    for _, owner, is_tail in above[:HEADING_LOOKBACK]:
        parent = owner.getparent() if is_tail else owner  # a tail's text is in the element around the one it follows
        if parent is None or not isinstance(parent.tag, str) or parent.xpath(".//a"):
            continue  # a headline is no link, and no line that holds links (a breadcrumb, a byline)
        text = _clean(parent.text_content())
        if _reads_like_headline(text, site) and not _SENTENCE_MARK.search(text) and not _DIGITS_DATE.search(text) \
                and _overlap(text, opening) >= SEGMENT_MIN_OVERLAP and said.count(text) < SITE_REPEATS:
            return text
    return None


_QUOTES = "\"'“”‘’"


def _completed(title: str, headings: list[str]) -> str:
    """og:title cut short by a quote mark that ends its attribute (content="…："…""): the page's heading that
    goes on from it with a quote mark is the whole headline."""
    for text in headings:
        if len(text) <= 80 and text.startswith(title) and text[len(title):][:1] in _QUOTES \
                and len(text) > len(title) + 1 and _reads_like_headline(text, None):
            return text
    return title


def _overlap(title: str, text: str) -> float:
    """Share of the title's character pairs that the text has: a headline is told by the story under it."""
    title, text = "".join(title.split()), "".join(text.split())
    pairs = {title[i:i + 2] for i in range(len(title) - 1)}
    return sum(p in text for p in pairs) / len(pairs) if pairs else 0.0


SEGMENT_MIN_OVERLAP = 0.3


def _headline_segment(title: str, opening: str, headings: set[str]) -> str:
    """"台旅团挪威车祸 1死7伤 | 热门话题 | 中央社即时新闻 CNA NEWS": of the parts a title bar joins, the one a
    heading of the page repeats is the headline; else the one the story's opening tells most of (the site's
    name may be the longest part, a column's name the first)."""
    parts = [p.strip() for p in TITLE_SEPARATOR.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    for part in parts:
        if "".join(part.split()) in headings:
            return part
    if not opening.strip():
        return title
    # most pairs found, not the highest share: a two-word section name ("两岸透视") may sit in the opening too
    scored = sorted(((_overlap(p, opening) * len(p), _overlap(p, opening), p) for p in parts), reverse=True)
    (best, share, part), (second, _, _) = scored[0], scored[1]
    return part if share >= SEGMENT_MIN_OVERLAP and best > second and _cjk(part) >= TITLE_MIN_CJK else title


SENTENCE_TITLE_MIN = 30


def is_sentence(title: str) -> bool:
    """Headlines do not end in a full stop; a long line that does is a sentence."""
    return len(title) >= SENTENCE_TITLE_MIN and title.rstrip().endswith(("。", "."))


_REPORT = LazyPattern(
    rf"(?:(?P<outlet>[{_CJK}]{{2,8}}(?:报|网|社|台))\s*[/／╱]?\s*)?记者\s*(?P<names>{_NAMES})\s*[/／╱]\s*[{_CJK}]{{0,8}}报[导道]"
)


def _labelled(pattern: LazyPattern, text: str, words: tuple[str, ...]) -> re.Match | None:
    """pattern.search(text), when text holds one of the words the pattern requires."""
    return pattern.search(text) if any(word in text for word in words) else None


_NAME_SEPARATORS = LazyPattern(r"[\s、,，]+")


def _names(value: str) -> str | None:
    names = [n for n in _NAME_SEPARATORS.split(value) if n and not _NOT_NAME.search(n)]
    return " ".join(names) or None


def _texts(nodes, sep: str = " ") -> str:
    return sep.join(t.strip() for t in nodes if t.strip())


def _stripped_until(nodes, limit: int) -> list[str]:
    """The stripped non-blank texts of nodes, in their order, read only until joined by spaces they reach
    limit characters: _texts(nodes)[:limit] is " ".join(them)[:limit]."""
    parts, size = [], -1
    for t in nodes:
        t = t.strip()
        if t:
            parts.append(t)
            size += 1 + len(t)
            if size >= limit:
                break
    return parts


# the text nodes around the body: read one by one, from the body out, up to what is asked (textnodes.py), where
# XPath ("following::text()[…][position() <= 20]") tests every one to the end (or the start) of the page
PRECEDING_READ = 30
FIRST_INSIDE_PER_ELEMENT = 12
FOLLOWING_READ = 20
_EDITOR_NODES = lxml.etree.XPath("/descendant::text()[contains(., '编辑') or contains(., '责编')][not(ancestor::a)]")
# a label and its colon stand in one text node, so a page whose whole text has no such pair has no editor
# line; string(), one pass in C, spares most pages the node-by-node test of _EDITOR_NODES
_EDITOR_HINT = regexcache.compile(rf"(?:责任编辑|责编|编辑){COLON}")


def _near(anchor: HtmlElement | None, root: HtmlElement) -> tuple[str, str, list[str]]:
    """Text just above the body and at its start (each at most NEAR_CHARS), and the first text nodes after it."""
    if anchor is None:
        return "", "", []
    nearest = _stripped_until((text for text, _, _ in islice(texts_before(anchor), PRECEDING_READ)), NEAR_CHARS)
    before = " ".join(reversed(nearest))[-NEAR_CHARS:]
    start = ""
    if isinstance(anchor.tag, str):
        start = " ".join(_stripped_until(texts_inside(anchor, FIRST_INSIDE_PER_ELEMENT), NEAR_CHARS))[:NEAR_CHARS]
    return before, start, list(islice(texts_after(anchor), FOLLOWING_READ))


def printed_source(header: str) -> str | None:
    """The "来源：" label by the body: what the page prints for its readers."""
    m = _SOURCE_LABEL.search(header)
    # a publisher is named in Chinese; Latin after 来源 is usually markup or a URL fragment
    return m["v"] if m and _cjk(m["v"]) >= 2 and not _NOT_SOURCE.search(m["v"]) else None


_SITE_OWN_KEYS = ("og:site_name", "application-name", "sitename")
_SITE_KEYS = (*_SITE_OWN_KEYS, "author")


def site_own_names(metas: dict[str, str]) -> set[str]:
    return {_key(metas[k]) for k in _SITE_OWN_KEYS if metas.get(k)} - {""}


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", simplified_if_traditional(nfkc(text)))


def site_names(metas: dict[str, str], root: HtmlElement) -> set[str]:
    """The names the site gives itself: its og:site_name, the author its CMS fills in for every page, the
    last part of its <title> bar."""
    names = {_key(metas[k]) for k in _SITE_KEYS if metas.get(k)}
    title_el = root.find(".//title")
    parts = [p for p in TITLE_SEPARATOR.split(_clean(title_el.text_content()) if title_el is not None else "") if p.strip()]
    if len(parts) > 1:
        names.add(_key(parts[-1]))
    return names - {""}


_SOURCE_PREFIX = LazyPattern(rf"^(?:来源|稿源){COLON}")


def meta_source(metas: dict[str, str], root: HtmlElement) -> str | None:
    """<meta name="source">, unless it names the site itself: many CMSs fill it with their own name on every
    page ("中时电子报" over a story of 中国时报), which says where the page is, not where the story came from."""
    source = _first(metas, _SOURCE_META)
    if not source:
        return None
    source = _SOURCE_PREFIX.sub("", source).strip()
    if not source or len(source) > 30 or _NOT_SOURCE.search(source) or _key(source) in site_names(metas, root):
        return None
    return source


CREDIT_LOOKBACK = 12     # text pieces above the body where a credit line may stand (title, info bar, share bar)
_LEADING_DATE = regexcache.compile(rf"^\s*{DATE}(?:\s*{CLOCK})?\s*")
# links above the body are menus and other stories; a credit is plain text (a reporter's link is marked_author's)
_PLAIN = CODE | {"a"}
LINES_AT_START_PER_ELEMENT = 6


def _lines_above(anchor: HtmlElement, n: int, skip: frozenset = CODE) -> list[str]:
    """preceding::text()[normalize-space()][not(ancestor::script or ancestor::style …)][position() <= n]: the
    n nearest text nodes above the anchor, in document order."""
    return [text for text, _, _ in islice(texts_before(anchor, skip), n)][::-1]


def _credit_of(piece: str) -> tuple[str, str | None] | None:
    text = _LEADING_DATE.sub("", to_simplified_text(_clean(piece)))  # "2020-10-04 15:05联合报 记者林宸谊／即时报导"
    credit = read_credit(text)
    return (credit[0], credit[1]) if credit and credit[0] else None


def credit_above(anchor: HtmlElement | None, title: str | None) -> tuple[str, str | None] | None:
    """A credit line ("上报快讯／范姜佳钰", "联合报 记者林宸谊／即时报导") between the headline and the body, or
    opening the body, read as the byline rule reads one in a text. Above the headline stand other stories'
    credits (a list of the latest news), so the search stops at it."""
    if anchor is None:
        return None
    key = "".join((title or "").split())
    above = _lines_above(anchor, CREDIT_LOOKBACK)
    heads = [i for i, t in enumerate(above) if key and "".join(t.split()) == key]
    # under the headline a credit may be a link ("上报快讯／范姜佳钰"); without it, only plain text is trusted
    pieces = above[heads[-1] + 1:] if heads else _lines_above(anchor, 3, _PLAIN)
    if isinstance(anchor.tag, str):
        pieces += list(islice(texts_inside(anchor, LINES_AT_START_PER_ELEMENT), 3))
    for piece in pieces:
        credit = _credit_of(piece)
        if credit:
            return credit
    return None


# an element the page itself marks as the author's ("con1_author", rel="author", itemprop="author"), found
# through its attribute nodes: a predicate on every element of the axis is the slow way
_AUTHOR_NAMED = "contains(translate(., 'AUTHOR', 'author'), 'author')"


def _marked_on(axis: str) -> lxml.etree.XPath:
    """The elements on the axis marked as the author's, in document order."""
    return lxml.etree.XPath(
        f"{axis}::*/@class[{_AUTHOR_NAMED}]/.. | {axis}::*/@id[{_AUTHOR_NAMED}]/.."
        f" | {axis}::*/@rel[. = 'author']/.. | {axis}::*/@itemprop[. = 'author']/.."
    )


_MARKED_ABOVE = _marked_on("preceding")  # the last two are the nearest two
MARKED_LOOKBACK = 2
_MARKED_INSIDE = _marked_on("descendant")  # the first is the one at the start
_HANDLE = regexcache.compile(r"^[A-Za-z][A-Za-z0-9_.-]{2,24}$")  # a blogger's pen name ("maomaobear")
_BARE_NAME = LazyPattern(rf"^{_NAME}$")
MARKED_MAX = 40


def marked_author(anchor: HtmlElement | None, site: set[str]) -> tuple[str, None] | None:
    """The text of the nearest element the page marks as the author's, just above the body or at its start:
    a name alone, a pen name, or a credit line. A site's name there (CMS default) is no author."""
    if anchor is None or not isinstance(anchor.tag, str):
        return None
    for el in [*reversed(_MARKED_ABOVE(anchor)[-MARKED_LOOKBACK:]), *_MARKED_INSIDE(anchor)[:1]]:
        text = to_simplified_text(_clean(el.text_content()))
        if not text or len(text) > MARKED_MAX or _key(text) in site:
            continue
        credit = _credit_of(text)
        if credit:
            return credit[0], None
        # one name alone: what else a marked box holds ("迷死氧 赞赏") is its buttons
        if _BARE_NAME.match(text) or _HANDLE.match(text):
            return _names(text), None
    return None


_DAY = regexcache.compile(DATE_MAYBE_TIME)


_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_ENGLISH_DAY = regexcache.compile(
    r"\b(?P<m>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>(?:19|20)\d{2})\b",
    re.I,
)


def printed_days(text: str) -> list[str]:
    """The dates text prints, as ISO: "2018-10-26", "2018年10月26日 07:27", and a theme's "Oct 26, 2018"."""
    days = [day for day in map(iso_datetime, _DAY.findall(text)) if day]
    for m in _ENGLISH_DAY.finditer(text):
        days.append(f"{int(m['y']):04d}-{_MONTHS.index(m['m'][:3].lower()) + 1:02d}-{int(m['d']):02d}")
    return days


def page_day(machine: str, above: str) -> str | None:
    """The <meta> date, unless it states a zone and the page prints, above the body, a date a day off: a site
    kept in UTC or abroad prints its own day ("Oct 26, 2018" for 2018-10-26T23:27:23+0000), and the day the
    page prints is the article's."""
    published = iso_datetime(machine)
    if not published or not has_zone(machine):
        return published
    printed = printed_days(above)
    if any(day[:10] == published[:10] for day in printed):
        return published  # the page agrees (an "updated" date beside it is another matter)
    return next((day for day in printed if _days_apart(day, published) <= 1), published)


def _days_apart(a: str, b: str) -> int:
    return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)


def _date_from(text: str) -> str | None:
    m = _DATE_LABEL.search(text)
    if m:
        return iso_datetime(m["v"])
    return None


def _htmldate(root: HtmlElement, url: str | None) -> str | None:
    """htmldate's conservative search (URL, then <meta> and markup; no guessing from free text), on the page's
    own tree lent to it, not on the copy it would make (cleaners/html/htmldate_tree.py)."""
    import_htmldate()
    from htmldate import find_date

    try:
        with lent(root):
            return find_date(root, url=url, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except Exception:  # a date is optional: htmldate failing on an odd page must not lose the article
        return None


def extract_metadata(root: HtmlElement, anchor: HtmlElement | None, url: str | None = None) -> Metadata:
    """anchor: where the body starts in the page (None when there is no body); dates, sources and bylines
    are read just above it and at its start, the editor line just after it or anywhere on the page."""
    metas = _metas(root)
    headings = first_headings(root)
    title = page_title(root, metas, headings)
    if title and is_sentence(title):
        title = None  # the CMS filled its title field with the story's first sentence: that is text, not a headline
    meta = Metadata(title=title.strip(" -_|｜·") or None if title else None)  # "…如何经营_": a suffix's stub
    meta.site = _first(metas, ("sitename", "og:site_name"))
    before, start, following = _near(anchor, root)
    header = f"{before} {start}"
    lede = _texts(following)[:NEAR_CHARS]
    opening = f"{start} {lede}"
    if meta.title and _key(meta.title) in site_own_names(metas):
        meta.title = None  # og:title "-公视新闻网": the site's name with an empty headline slot before it
    if meta.title:
        heading_texts = [_clean(h.text_content()) for h in headings]
        headings = {"".join(t.split()) for t in heading_texts}
        meta.title = _headline_segment(meta.title, opening, headings)
        if _first(metas, _TITLE_META):
            meta.title = _completed(meta.title, [t for t in heading_texts if t.startswith(meta.title[:2])])
    heading = heading_before(anchor, meta.site)
    if not meta.title or (not heading and _overlap(meta.title, opening) < SEGMENT_MIN_OVERLAP):
        # no title, or one that no heading backs and the story does not tell of (a site or channel name)
        heading = line_before(anchor, meta.site, opening) or heading
    if heading and heading != meta.title and not (meta.title and meta.title in heading):
        # <title> may be the site or a channel ("新闻动态--…官网", "公视新闻网"), og:title the site's slogan: the
        # heading above the body wins when the story's opening says more of its words (over a <meta> title,
        # only when the opening says little of that one)
        ours = _overlap(meta.title, opening) if meta.title else 0.0
        if _overlap(heading, opening) > ours and (ours < SEGMENT_MIN_OVERLAP or not _first(metas, _TITLE_META)):
            meta.title = heading

    meta.published = page_day(_first(metas, _DATE_META) or "", before) or _date_from(header)
    if not meta.published:
        # an unlabelled date with a clock time right above the body is the article's ("2005年03月21日 11:21")
        found = DATE_TIME.findall(before)
        if found:
            meta.published = iso_datetime(found[-1])
        else:
            found = DATE_TIME.findall(start)
            meta.published = iso_datetime(found[0]) if found else _htmldate(root, url)

    meta.source = printed_source(header) or meta_source(metas, root)

    m = _labelled(_AUTHOR_LABEL, header, _AUTHOR_WORDS)
    meta.author = _names(m["v"]) if m else None
    if meta.author is None:
        # "【联合晚报╱记者杨正海╱即时报导】", "联合报 记者林宸谊／即时报导" above the body; a traditional page's labels are
        # read in simplified script (its fields are converted later anyway)
        m = _labelled(_REPORT, simplified_if_traditional(header), ("记者",))
        if m:
            meta.author = _names(m["names"])
            if not meta.source and m["outlet"]:
                meta.source = m["outlet"]

    if meta.author is None:
        credit = credit_above(anchor, meta.title) or marked_author(anchor, site_names(metas, root))
        if credit:
            meta.author = credit[0]
            meta.source = meta.source or credit[1]

    after_nodes = _texts(following, NODE)[:NEAR_CHARS]
    m = _labelled(_EDITOR_LABEL, after_nodes, _EDITOR_WORDS) or (
        _EDITOR_HINT.search(root.text_content()) and _EDITOR_LABEL.search(_texts(_EDITOR_NODES(root), NODE)))
    meta.editor = _names(m["v"]) if m else None
    meta.source = outlet(meta.source)
    return meta
