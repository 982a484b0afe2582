"""The top of a dump: portal chrome, the category/date/source line, the title and its repeats."""
from __future__ import annotations

import re

from ..document import Document
from ..textutil import COLON, LazyPattern, ends_sentence, iso_datetime, nfkc, outlet
from ..vocabulary import DATE_TIME, RESHARE_CARD, RESHARER_NOTE
from .credits import REPORTED_FROM, read_role_credits, take_credits
from . import drop_lines, rule

HEADER_LINES = 12  # chrome and metadata sit above the article's first paragraphs

_BULLET_CRUMB = LazyPattern(r"^[•·▪>»›\-\*]\s*\S{1,12}$")
_BREADCRUMB = LazyPattern(r"^(当前位置|您的位置|你的位置|您现在的位置|你现在的位置|所在位置)\s*[:：]|(\S{1,8}\s*[>»›]\s*){2,}")
_BREADCRUMB_LABEL = LazyPattern(r"(当前位置|您的位置|你的位置|您现在的位置|你现在的位置|所在位置)\s*[:：]")


def is_breadcrumb(text: str) -> bool:
    """_BREADCRUMB.search(text), cheaply: its second half needs an arrow, and without one only its anchored label
    can match (searching a long paragraph for "\\S{1,8}\\s*[>»›]" from every character was the cost of this rule)."""
    if ">" in text or "»" in text or "›" in text:
        return bool(_BREADCRUMB.search(text))
    return bool(_BREADCRUMB_LABEL.match(text))
_WIDGET = LazyPattern(
    r"^[【\[]?\s*(字体|字号)\s*[:：]?\s*[【\[]?\s*[大中小]|^(打印本页|关闭窗口|打印|关闭|收藏|分享到?|扫一扫.*|浏览次数.*|点击数.*|阅读数.*)$"
)

LABELS = {
    "published": r"发布时间|发布日期|发表时间|发表日期|发稿时间|时间|日期|更新时间|最新更新|发布",
    "source": r"来源|稿源|信息来源|文章来源|新闻来源|出处|来自",
    "author": r"作者|记者|撰稿|撰文",
    "editor": r"责任编辑|编辑|责编",
    "noise": r"类别|分类|栏目|所属栏目|浏览次数|浏览|点击|点击数|阅读|阅读数|字号|字体|访问量|发布于|观看人次",
}
_ANY_LABEL = "|".join(LABELS.values())
_VALUE = r"(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?|[^:：|｜]){0,40}?"  # clock times carry colons too
_PAIR = LazyPattern(rf"(?P<label>{_ANY_LABEL})\s*{COLON}\s*(?P<value>{_VALUE})(?=\s*[|｜]?\s*(?:{_ANY_LABEL})\s*{COLON}|\s*[|｜]?\s*$)")
# "报纸网 |发布: 2021-1-29 13:18|点击: 313|来自: 互联网": a site name may lead, bars may separate
_META_LINE = LazyPattern(
    rf"^(?:[^\s|:：]{{2,12}}\s*[|｜]\s*)?(?:[【\[(（]?\s*(?:{_ANY_LABEL})\s*{COLON}\s*{_VALUE}[】\])）]?\s*[|｜]?\s*)+$"
)
# "2020-11-26 08:04", "2024年6月9日 星期日": a date alone under the title is the publication date
_BARE_DATE = LazyPattern(
    r"^(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
    r"(?:\s*(?:星期|周)[一二三四五六日天])?$"
)
_DATE_FIRST = LazyPattern(
    r"^(?P<date>(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?)"
    r"\s*(?P<rest>\S.*)$"   # "2019-09-26 12:11来源:证券时报网作者:李在山": the labels may follow without a space
)
_REPOST = LazyPattern(rf"^(本文)?(转自|转载自|转载于){COLON}?\s*《?(?P<src>[^》]{{2,30}})》?$")
ORIGINAL_TITLE = LazyPattern(rf"^(原标题|原题){COLON}.{{2,80}}$")  # a repost's note of the title it first had


# an info bar: a short line that carries the date and time and no sentence ("2014/10/25 19:55:00 友善列印",
# "更新时间 2012年12月10日, 格林尼治标准时间10:41", the title again with its date): metadata, not text
_INFO_BAR_DATE = LazyPattern(rf"{DATE_TIME}")
_SENTENCE_MARK = LazyPattern(r"[，。；！？]")
INFO_BAR_MAX = 60


def is_info_bar(text: str) -> bool:
    """A byline that dates itself ("新头壳newtalk2014.10.24 金名/高雄报导") is the byline rule's."""
    return (len(text) <= INFO_BAR_MAX and not _SENTENCE_MARK.search(text) and bool(_INFO_BAR_DATE.search(text))
            and not REPORTED_FROM.match(text) and not _TABLE_ROW.match(text))


_LABEL_PATTERNS = {kind: LazyPattern(pattern) for kind, pattern in LABELS.items()}


def _label_kind(label: str) -> str:
    for kind, pattern in _LABEL_PATTERNS.items():
        if pattern.fullmatch(label):
            return kind
    return "noise"


_SPEECH = LazyPattern(r"[，,。？?！!]\s*$|[，。？！]")  # "记者:你通过什么渠道…?" is an interview, not a label


def parse_meta_line(doc: Document, text: str) -> bool:
    """Fill metadata from a "标签:值 标签:值" line; False when the line is not one."""
    if not (":" in text or "：" in text) or not _META_LINE.match(text) or _SPEECH.search(text):  # (a label's colon)
        return False
    for m in _PAIR.finditer(text):
        kind, value = _label_kind(m["label"]), m["value"].strip(" 【】[]()（）")
        if not value:
            continue
        if kind == "published":
            doc.set_once("published", iso_datetime(value))
        elif kind in ("source", "author", "editor"):
            doc.set_once(kind, value.split()[0] if kind == "source" else value)
    return True


@rule("portal_chrome")
def portal_chrome(doc: Document) -> None:
    """Menu crumbs ("• 我的订阅"), breadcrumbs (当前位置), font-size and print widgets at the top."""
    crumbs = [i < HEADER_LINES and bool(_BULLET_CRUMB.match(line.text)) for i, line in enumerate(doc.lines)]

    def in_menu(i: int) -> bool:  # a menu is two or more crumbs in a row; one bullet is a subheading
        return crumbs[i] and ((i > 0 and crumbs[i - 1]) or (i + 1 < len(crumbs) and crumbs[i + 1]))

    lines = doc.lines
    drop_lines(doc, [i for i in range(min(HEADER_LINES, len(lines)))
                     if in_menu(i) or is_breadcrumb(lines[i].text) or _WIDGET.match(lines[i].text)], "portal_chrome")


# WeChat's header: "原创 阮一峰 阮一峰的网络日志 2025年11月07日 08:00 北京", "原创 2018-01-03 58沈剑 架构师之路",
# "原创： 刘淑洋 亿欧网": the writer (when two names stand), the account, the time and where it was posted from
_ORIGINAL_MARK = LazyPattern(r"^原创(?:\s*[:：]|\s)\s*(?P<rest>\S.*)$")  # "原创设计大赛" is a headline
_ACCOUNT_NAME = LazyPattern(r"^[^\s，。！？；,!?;:：]{1,20}$")
_POSTED_FROM = LazyPattern(r"^[\u4e00-\u9fff]{0,6}$")
ACCOUNT_LINE_MAX = 60


def read_account_line(text: str) -> tuple[str | None, str, str | None] | None:
    """A WeChat header line's (author, account, published); None when the line is not one."""
    m = _ORIGINAL_MARK.match(text)
    if not m or len(text) > ACCOUNT_LINE_MAX:
        return None
    rest, published = m["rest"], None
    date = _INFO_BAR_DATE.search(rest)
    if date:
        before, after = rest[: date.start()].strip(), rest[date.end():].strip()
        if before and not _POSTED_FROM.match(after):
            return None
        rest, published = before or after, iso_datetime(date.group())
    names = rest.split()
    if not 1 <= len(names) <= 3 or not all(_ACCOUNT_NAME.match(n) for n in names):
        return None
    return (names[0] if len(names) > 1 else None), names[-1], published


ACCOUNT_TOP = 3
_NOT_ACCOUNT = LazyPattern(r"^(?:的|说|谈|与|和|在|是)")  # "张三的十年", "张三谈创新": the writer is the subject


def writer_and_account(doc: Document) -> None:
    """"迷死氧新氧", "刘淑洋 亿欧网" under the title: WeChat's writer and account, once the writer is known (from
    a byline or the reward box at the end); the rest of the line is the account, the source."""
    if not doc.author:
        return
    for i, line in enumerate(doc.lines[:ACCOUNT_TOP]):
        rest = line.text[len(doc.author):].strip() if line.text.startswith(doc.author) else ""
        if 2 <= len(rest) and _ACCOUNT_NAME.match(rest) and not _NOT_ACCOUNT.match(rest):
            doc.set_once("source", rest)
            doc.drop(i, "meta_lines")
            return


_RESHARE_CARD = LazyPattern(
    rf"^(?:{RESHARE_CARD})\s*(?P<src>[^，,]{{2,30}}?)\s*(?:[，,]\s*作者\s*[:：]?\s*(?P<author>[^，,。\s]{{1,20}}))?\s*$"
)
_RESHARER_NOTE = LazyPattern(rf"^(?:{RESHARER_NOTE})\s*[:：]?")


def reshare_card(doc: Document) -> None:
    """"以下文章来源于橘宝AI ，作者橘宝": the article is another account's; its account and writer are the source
    and author, and what the resharing account wrote above the card ("编者荐语：…") is not the article."""
    # the first card among the header lines (what a card further down would leave alone too)
    for i, line in enumerate(doc.lines[:HEADER_LINES]):
        if line.text.startswith("以下文章") and (m := _RESHARE_CARD.match(line.text)):
            break
    else:
        return
    doc.source = outlet(m["src"]) or doc.source  # the original account beats the resharing one
    doc.author = m["author"] or doc.author
    note = next((j for j in range(i) if _RESHARER_NOTE.match(doc.lines[j].text)), i)
    for j in range(i, note - 1, -1):
        doc.drop(j, "meta_lines")


@rule("meta_lines")
def meta_lines(doc: Document) -> None:
    """Header lines of labelled metadata ("类别:国内 发布时间:… 来源:…", "本文转自:温州日报"), a date alone, credits
    ("编辑｜腾宇"), WeChat's account line and a reshared article's card."""
    reshare_card(doc)
    # a short article's header lines reach its end, where credits close it (tail.py's to take)
    top = min(HEADER_LINES, len(doc.lines) // 2)
    credit_lines = [read_role_credits(line.text) for line in doc.lines[:top]] + [None] * (len(doc.lines) - top)

    def in_credits(i: int) -> bool:
        """"设计｜让城市更宜居" alone may head a section; roles that name no writer, editor or source are credits
        when they stand with other credits."""
        credits = credit_lines[i] if i < len(credit_lines) else None
        if not credits:
            return False
        if any(kind for kind, _value in credits):
            return True
        return any(0 <= j < len(credit_lines) and credit_lines[j] for j in (i - 1, i + 1))

    def is_meta(i: int, text: str) -> bool:
        if i >= HEADER_LINES:
            return False
        account = i < top and read_account_line(text)
        if account:
            doc.set_once("author", account[0])
            doc.set_once("source", account[1])
            doc.set_once("published", account[2])
            return True
        if in_credits(i):
            take_credits(doc, credit_lines[i])
            return True
        m = _REPOST.match(text)
        if m:
            doc.source = outlet(m["src"]) or doc.source  # the original publisher beats the portal's 来源
            return True
        if ORIGINAL_TITLE.match(text):
            return True
        if _BARE_DATE.match(text):
            doc.set_once("published", iso_datetime(text))
            return True
        m = _DATE_FIRST.match(text)  # "2020-11-26 08:04 来源:中国新闻网"
        if m and parse_meta_line(doc, m["rest"]):
            doc.set_once("published", iso_datetime(m["date"]))
            return True
        if parse_meta_line(doc, text):
            return True
        if is_info_bar(text):
            doc.set_once("published", iso_datetime(text))
            return True
        return False

    # is_meta says False below the header lines: asked of those only, in order (it records what it reads)
    drop_lines(doc, [i for i, line in enumerate(doc.lines[:HEADER_LINES]) if is_meta(i, line.text)], "meta_lines")


# "——" is Chinese punctuation inside a headline ("…实践（一）—— 论述题"), not a separator
_SITE_SUFFIX = LazyPattern(r"^(?P<title>.{6,}?\D)\s*(?:[-_|｜]|(?<![–—])[–—](?![–—])|\s-\s)\s*"
                          r"(?P<site>[\u4e00-\u9fff][^-_|｜–—，,。！!？?“”]{1,11})$")
MAX_TITLE = 60


# "headline | section | site", "headline│site SETN.COM": a bar, or a dash set off by spaces, separates the
# headline from the names after it
TITLE_SEPARATOR = LazyPattern(r"\s*[|｜│]\s*|\s+[-–—_]\s+|_")
HEADLINE_DOMINANCE = 1.5  # the headline outweighs every name after it this much
_TABLE_ROW = LazyPattern(r"^\|.*\|$")  # "| 标 题： | …通告 |": a row of the page's own table, not a title


def _weight(text: str) -> int:
    return sum(1 for ch in text if ch.isalnum())


_SEPARATOR_CHARS = "|｜│_-–—"  # one of them is in every match of TITLE_SEPARATOR, _SITE_SUFFIX and _TABLE_ROW


def strip_site_suffix(title: str) -> str:
    """"…为发展科技赋能-天天视讯" → the headline; portals glue their name (and section) around it."""
    if not any(map(title.__contains__, _SEPARATOR_CHARS)):
        return title  # nothing to split at and no suffix (most lines: the title rule asks of a dozen)
    if _TABLE_ROW.match(title):
        return title
    parts = [p.strip() for p in TITLE_SEPARATOR.split(title) if p.strip()]
    if len(parts) > 1 and all(_weight(parts[0]) >= HEADLINE_DOMINANCE * _weight(p) for p in parts[1:]):
        title = parts[0]  # the names come after it; a headline after the names is told by the story (html/meta)
    for _ in range(2):
        m = _SITE_SUFFIX.match(title)
        if not m or len(m["site"]) >= len(m["title"]):
            break
        title = m["title"].strip()
    return title


_NOT_WORD = LazyPattern(r"[\W_]+")


def _key(text: str) -> str:
    return _NOT_WORD.sub("", nfkc(text))


def _has_key(text: str, key: str) -> bool:
    """_key(text) == key. _key only deletes characters from the NFKC form of text, so a form shorter than key or
    without one of key's characters cannot give it: most lines are told so by a few substring tests, without the
    substitution, which was most of the cost of the title rule (run on every header line)."""
    folded = nfkc(text)
    if len(folded) < len(key) or not all(ch in folded for ch in key):
        return False
    return _NOT_WORD.sub("", folded) == key


def _looks_like_title(text: str) -> bool:
    return len(text) <= MAX_TITLE and not ends_sentence(text) and not re.search(r"[。；;]", text)


_TITLED_DATELINE = LazyPattern(rf"^(?P<dateline>.{{2,30}}?[电讯])\s*题\s*{COLON}\s*(?P<title>.+)$")


@rule("title")
def title(doc: Document) -> None:
    """A dump's first line is its title when it reads like one; its repeats in the body go."""
    if not doc.lines:
        return
    guess = doc.origin == "text"  # an HTML page's title comes from its markup or not at all
    if guess and doc.title is None and len(doc.lines) > 1 and _looks_like_title(doc.lines[0].text):
        doc.title = strip_site_suffix(doc.drop(0, "title"))
    elif doc.title:
        doc.title = strip_site_suffix(doc.title)
    if not doc.title:
        return
    key = _key(doc.title)
    drop_lines(doc, [i for i, line in enumerate(doc.lines[:HEADER_LINES])
                     if _has_key(strip_site_suffix(line.text), key)], "title_repeat")
    # "新华社北京4月24日电 题：<the headline>": the dateline stays, the headline it repeats goes
    for i, line in enumerate(doc.lines[:HEADER_LINES]):
        m = _TITLED_DATELINE.match(line.text)
        if m and _key(m["title"]) == key:
            doc.replace(i, m["dateline"], "title_repeat")
