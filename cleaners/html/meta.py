"""Title, date, source, author and editor from the page, before the text rules see the body.

Wrong metadata is worse than none: every field comes from a labelled place (a government <meta>, a
"来源：" label, a date printed right above the body) and stays empty when the page only hints at it.
"""
from __future__ import annotations

import re

import lxml.etree
from lxml.html import HtmlElement

from ..document import Metadata
from ..vocabulary import HAN, NAME
from ..rules.header import TITLE_SEPARATOR, strip_site_suffix
from ..rules.script import simplified_if_traditional
from ..textutil import iso_datetime

# <meta name=…> the Chinese government CMSs (Hanweb, TRS) fill in, then the usual Open Graph / Dublin Core ones
_TITLE_META = ("articletitle", "og:title", "twitter:title")
_DATE_META = ("pubdate", "publishdate", "publish_date", "publishtime", "article:published_time", "og:published_time",
              "datepublished", "dc.date.issued", "firstpublishedtime", "publish-date", "release_date")
_SOURCE_META = ("contentsource", "source")
_META = lxml.etree.XPath("//meta[@content]")

_SPACE = re.compile(r"\s+")
COLON = r"\s*[:：]\s*"
_CJK = "\u4e00-\u9fff"
# a label starts a word: "日期" inside "出道日期" (an infobox row) is not the article's date
_DATE_LABEL = re.compile(
    rf"(?<![{_CJK}])(?:发布时间|发布日期|发表时间|发表日期|发稿时间|发文日期|更新时间|时间|日期){COLON}(?P<v>.{{8,40}})"
)
_SOURCE_LABEL = re.compile(
    rf"(?<![{_CJK}])(?:信息来源|文章来源|新闻来源|稿件来源|来源|稿源){COLON}"
    rf"(?P<v>[^\s:：|｜/,，。【】\[\]()（）=\"'<>]{{2,30}})"
)
# a name is 2-4 characters standing alone; one followed by a colon is the next label ("作者：赵婕 出自：…")
_NAME = rf"{NAME}(?![{HAN}])(?!\s*[:：])"  # the vocabulary's name, standing alone
_NAMES = rf"{_NAME}(?:[\s、,，]+{_NAME})*"
_AUTHOR_LABEL = re.compile(rf"(?:作者{COLON}|(?:^|[\s(（【\]])(?:本报|本台|本网)?记者(?:{COLON}|\s+))(?P<v>{_NAMES})")
# text nodes are joined with NODE for the editor: a name never runs on into the next element ("返回首页")
NODE = "｜"
_EDITOR_LABEL = re.compile(rf"(?:责任编辑|责编|编辑){COLON}(?:{NODE}\s*)?(?P<v>{_NAMES})")
_NOT_NAME = re.compile(r"(报道|采写|摄影?|发自|整理|编译|来源|出自|日电|佚名|不详|本报|本网|记者|编辑|通讯员)")
# label words, and values that name no publisher ("转载文章" = a reposted article, "网络" = the internet)
_NOT_SOURCE = re.compile(
    r"^(\d|作者|记者|编辑|责任编辑|发布|时间|日期|点击|浏览)|^(网络|互联网|本站|原创|转载|转载文章|综合|未知|不详|佚名)$"
)
_TAG = re.compile(r"<[^>]*>")
_BREADCRUMB = re.compile(r"\s*(?:[»›]|::)\s*")  # "多维博客 » 播客热潮…": blog and forum titles are breadcrumbs
_SITE_NAME = re.compile(r"^.{0,8}(?:网|网站|门户|首页|频道|博客|论坛|社区)$")
TITLE_MIN_CJK = 5       # a <title> with fewer Chinese characters is a site or section name ("网易娱乐", "显示")

NEAR_CHARS = 300        # how far from the body a date or label may sit and still belong to it
DATE_TIME = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*\d{1,2}[:：时]\d{2}")


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", (text or "").replace("\u200b", "").replace("\ufeff", "")).strip()


def _metas(root: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in _META(root):
        key = (m.get("name") or m.get("property") or m.get("itemprop") or "").strip().lower()
        value = _clean(m.get("content"))
        if key and value and key not in found:
            found[key] = value
    return found


def _first(metas: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((metas[k] for k in keys if metas.get(k)), None)


_HEADINGS = lxml.etree.XPath("//h1 | //h2 | //h3 | //*[contains(@class, 'title') or contains(@id, 'title')]")


def _cjk(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def page_title(root: HtmlElement, metas: dict[str, str]) -> str | None:
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
    for h in _HEADINGS(root)[:40]:
        text = _clean(h.text_content())
        # the headline opens <title> or is most of it; a logo heading ("中国新闻网") is only its suffix
        if 5 <= len(text) <= 80 and text in title and (title.startswith(text) or len(text) >= 0.4 * len(title)):
            if text != site and not _SITE_NAME.match(text):
                return text
    title = strip_site_suffix(title).strip(" -_|｜")
    parts = [p for p in _BREADCRUMB.split(title) if p]
    if len(parts) > 1:
        title = max(parts, key=_cjk)  # the headline is the wordiest step
    if _cjk(title) < TITLE_MIN_CJK or title == site or _SITE_NAME.match(title):
        return None
    return title


_HEADING_BEFORE = lxml.etree.XPath(
    "preceding::*[self::h1 or self::h2 or self::h3 or contains(translate(@class, 'TITLE', 'title'), 'title')"
    " or contains(translate(@id, 'TITLE', 'title'), 'title')]"
    "[not(ancestor-or-self::a)]"
)
HEADING_LOOKBACK = 6     # headings just above the body: the nearest few


def heading_before(anchor: HtmlElement | None, site: str | None) -> str | None:
    """The headline set right above the body: the nearest heading there that reads like one."""
    if anchor is None:
        return None
    for h in reversed(_HEADING_BEFORE(anchor)[-HEADING_LOOKBACK:]):
        text = _clean(h.text_content())
        if 5 <= len(text) <= 80 and _cjk(text) >= TITLE_MIN_CJK and text != site and not _SITE_NAME.match(text) \
                and not text.endswith(("。", "：", ":")):
            return text
    return None


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


_REPORT = re.compile(
    rf"(?:(?P<outlet>[{_CJK}]{{2,8}}(?:报|网|社|台))\s*[/／╱]?\s*)?记者\s*(?P<names>{_NAMES})\s*[/／╱]\s*[{_CJK}]{{0,8}}报[导道]"
)


def _names(value: str) -> str | None:
    names = [n for n in re.split(r"[\s、,，]+", value) if n and not _NOT_NAME.search(n)]
    return " ".join(names) or None


def _texts(nodes, sep: str = " ") -> str:
    return sep.join(t.strip() for t in nodes if t.strip())


_PRECEDING = lxml.etree.XPath(
    "preceding::text()[normalize-space()][not(ancestor::script or ancestor::style)][position() <= 30]"
)
_FIRST_INSIDE = lxml.etree.XPath(
    ".//text()[normalize-space()][not(ancestor::script or ancestor::style)][position() <= 12]"
)
_FOLLOWING = lxml.etree.XPath(
    "following::text()[normalize-space()][not(ancestor::script or ancestor::style)][position() <= 20]"
)
_EDITOR_NODES = lxml.etree.XPath("//text()[contains(., '编辑') or contains(., '责编')][not(ancestor::a)]")


def _near(anchor: HtmlElement | None, root: HtmlElement) -> tuple[str, str, str]:
    """Text just above the body, at its start and just after it (each at most NEAR_CHARS)."""
    if anchor is None:
        return "", "", ""
    before = _texts(_PRECEDING(anchor))[-NEAR_CHARS:]
    start = _texts(_FIRST_INSIDE(anchor))[:NEAR_CHARS] if isinstance(anchor.tag, str) else ""
    after = _texts(_FOLLOWING(anchor))[:NEAR_CHARS]
    return before, start, after


def _date_from(text: str) -> str | None:
    m = _DATE_LABEL.search(text)
    if m:
        return iso_datetime(m["v"])
    return None


def _htmldate(root: HtmlElement, url: str | None) -> str | None:
    """htmldate's conservative search (URL, then <meta> and markup; no guessing from free text)."""
    from htmldate import find_date

    try:
        return find_date(root, url=url, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except Exception:  # a date is optional: htmldate failing on an odd page must not lose the article
        return None


def extract_metadata(root: HtmlElement, anchor: HtmlElement | None, url: str | None = None) -> Metadata:
    """anchor: where the body starts in the page (None when there is no body); dates, sources and bylines
    are read just above it and at its start, the editor line just after it or anywhere on the page."""
    metas = _metas(root)
    title = page_title(root, metas)
    if title and is_sentence(title):
        title = None  # the CMS filled its title field with the story's first sentence: that is text, not a headline
    meta = Metadata(title=title.strip(" -_|｜·") or None if title else None)  # "…如何经营_": a suffix's stub
    meta.site = _first(metas, ("sitename", "og:site_name"))
    before, start, after = _near(anchor, root)
    header = f"{before} {start}"
    lede = _texts(_FOLLOWING(anchor))[:NEAR_CHARS] if anchor is not None else ""
    opening = f"{start} {lede}"
    if meta.title:
        headings = {"".join(_clean(h.text_content()).split()) for h in _HEADINGS(root)[:40]}
        meta.title = _headline_segment(meta.title, opening, headings)
    heading = heading_before(anchor, meta.site)
    if heading and heading != meta.title and not (meta.title and meta.title in heading):
        # <title> may be the site or a channel ("新闻动态--…官网", "公视新闻网"), og:title the site's slogan: the
        # heading above the body wins when the story's opening says more of its words (over a <meta> title,
        # only when the opening says little of that one)
        ours = _overlap(meta.title, opening) if meta.title else 0.0
        if _overlap(heading, opening) > ours and (ours < SEGMENT_MIN_OVERLAP or not _first(metas, _TITLE_META)):
            meta.title = heading

    meta.published = iso_datetime(_first(metas, _DATE_META) or "") or _date_from(header)
    if not meta.published:
        # an unlabelled date with a clock time right above the body is the article's ("2005年03月21日 11:21")
        found = DATE_TIME.findall(before)
        if found:
            meta.published = iso_datetime(found[-1])
        else:
            found = DATE_TIME.findall(start)
            meta.published = iso_datetime(found[0]) if found else _htmldate(root, url)

    source = _first(metas, _SOURCE_META)
    if source:
        source = re.sub(rf"^(?:来源|稿源){COLON}", "", source).strip() or None
        if source and (len(source) > 30 or _NOT_SOURCE.search(source)):
            source = None
    if not source:
        m = _SOURCE_LABEL.search(header)
        # a publisher is named in Chinese; Latin after 来源 is usually markup or a URL fragment
        source = m["v"] if m and _cjk(m["v"]) >= 2 and not _NOT_SOURCE.search(m["v"]) else None
    meta.source = source

    m = _AUTHOR_LABEL.search(header)
    meta.author = _names(m["v"]) if m else None
    if meta.author is None:
        # "【联合晚报╱记者杨正海╱即时报导】", "联合报 记者林宸谊／即时报导" above the body; a traditional page's labels are
        # read in simplified script (its fields are converted later anyway)
        m = _REPORT.search(simplified_if_traditional(header))
        if m:
            meta.author = _names(m["names"])
            if not meta.source and m["outlet"]:
                meta.source = m["outlet"]

    after_nodes = _texts(_FOLLOWING(anchor), NODE)[:NEAR_CHARS] if anchor is not None else ""
    m = _EDITOR_LABEL.search(after_nodes) or _EDITOR_LABEL.search(_texts(_EDITOR_NODES(root), NODE))
    meta.editor = _names(m["v"]) if m else None
    return meta
