"""Bylines and photo credits: who wrote it goes to metadata, not into the text."""
from __future__ import annotations

import re

from ..document import Document
from ..textutil import COLON, LPAREN, RPAREN, LazyPattern
from ..vocabulary import CREDIT_AUTHOR, CREDIT_EDITOR, CREDIT_OTHER, CREDIT_SOURCE, HAN, NAMES
from . import drop_lines, rule

# a one-character role is a credit only when a mark or a space sets the name off: "文/王五", but "文章处理费"
_SET_OFF = r"(?=\s|[:：/／|｜︱—\-])"
ROLE = (r"(?:融媒|全媒体|本报|本台|本网|本刊|新华社|特约|实习|见习)?(?:记者|通讯员)|(?:本报|本台|本网)?实习生|作者|撰稿|撰文|执笔|采写"
        rf"|文字{_SET_OFF}|文/图|图/文|文{_SET_OFF}|摄影|摄{_SET_OFF}|图{_SET_OFF}")
DASHES = "—\\-|｜︱―"  # ︱ (a vertical-form dash) folds to — only at the end, in fold_width
_SEP = rf"(?:{COLON}|\s*[{DASHES}]{{1,2}}\s*)?/?"  # 记者：张三, 作者︱春春, 文|李四
# "新华网黑龙江频道 记者 伊琳", "半月谈记者 史卫燕": an outlet stands before the role, apart or joined to 记者
_OUTLET = (r"(?:《[^》]{1,12}》\s*(?=(?:作者|撰文|文)\s)|[\u4e00-\u9fff]{2,12}\s+"
           r"|[\u4e00-\u9fff]{2,12}(?=(?:特约|实习|见习)?(?:记者|通讯员)))")  # "《棱镜》作者 周纯", "半月谈记者 史卫燕"
_BULLET = r"(?:[□■●◆◇○]\s*)?"  # "□ 本报记者 葛灵丹": some papers set a box before the credit
# "文/刘淑洋 亿欧专栏作者": what the writer is to the outlet, after the name; the name alone is the author
_ROLE_SUFFIX = rf"(?:\s+|[,，]\s*)[{HAN}A-Za-z0-9]{{0,10}}?(?:作者|作家|撰稿人|评论员|主笔|分析师|研究员)"
_BYLINE = LazyPattern(
    rf"^{_BULLET}{_OUTLET}?(?:(?:{ROLE})\s*{_SEP}\s*{_OUTLET}?(?:记者\s*)?(?P<names>{NAMES})\s*)+(?P<suffix>{_ROLE_SUFFIX})?$"
)
# "记者林悦／南市报导", "记者潘照文、张逸民／台北报导", "社会中心／综合报导", "台中 嘉义 综合报导": reported from
_ROLE_ALONE = LazyPattern(r"^(?:新华社|中新社|本报|本台|本网|本刊)?(?:记者|通讯员)$")
_DISPATCH = LazyPattern(rf"^[{HAN}A-Za-z]{{2,8}}(?:快讯|即时|专讯|讯)\s*[/／╱]\s*(?P<name>[{HAN}·]{{2,4}})$")  # "上报快讯／范姜佳钰"
REPORTED_FROM = LazyPattern(rf"^.{{0,30}}?(?:[/／]\s*[{HAN}]{{0,6}}?|\s|^)(?:综合)?报[导道]$")
_REPORTER = LazyPattern(rf"(?:记者\s*(?P<named>{NAMES})|(?<![{HAN}])(?P<short>[{HAN}]{{2,3}}))\s*[/／]\s*[{HAN}]{{0,6}}报[导道]$")
_ROLE_NAMES = LazyPattern(rf"(?P<role>{ROLE})\s*{_SEP}\s*(?P<names>{NAMES})")
_PAREN_BYLINE = LazyPattern(
    rf"^{LPAREN}(?P<outlet>[^()（）]{{0,16}}?)(?:记者|通讯员)\s*(?P<names>{NAMES})\s*(?:报道|采写|摄)?\s*{RPAREN}$"
)
_DATELINE = LazyPattern(rf"^(?P<lead>.{{0,24}}?)(?:电|讯){LPAREN}(?:记者|通讯员)\s*(?P<names>{NAMES}){RPAREN}")
# agencies whose datelines open their stories ("中新网温州11月14日电"); the place name follows them
AGENCIES = LazyPattern(r"^(新华社|中新社|中新网|人民网|新华网|央视网|光明网|中国新闻网|科技日报|人民日报|经济日报|光明日报|澎湃新闻)")
MAX_BYLINE = 40
_CLOSING_NAME = LazyPattern(
    rf"[。！？]\s*{LPAREN}(?!(?:待续|未完|全文完|完|资料|图片|供图|图文|本报|编辑|综合|整理|编译|翻译|记者|通讯员))"
    rf"(?P<name>[{HAN}·]{{2,3}}){RPAREN}$"
)
_CLOSING_REPORT = LazyPattern(rf"[。！？]\s*{LPAREN}(?P<name>{NAMES})\s*[/／╱]\s*[{HAN}]{{0,6}}报[导道]{RPAREN}$")
_OPENING_BRACKETS = ("〔", "【", "[", "(", "（")  # what _OPENING_REPORT starts with
_OPENING_REPORT = LazyPattern(
    rf"^[〔【\[(（]\s*(?:(?P<outlet>[^〔〕【】()（）]{{0,10}}?)[/／╱]\s*)?记者\s*(?P<names>{NAMES})\s*[/／╱]\s*[{HAN}]{{0,8}}报[导道]\s*[〕】\])）]"
)
# a publisher's name: "香港文汇报", "联合晚报", "新华网"
_OUTLET_NAME = LazyPattern(rf"^[{HAN}]{{2,10}}(?:报|网|社|台|新闻)$")
_LEAD_OUTLET = LazyPattern(rf"^(?P<outlet>[{HAN}]{{2,10}}?(?:报|网|社|台))(?:[{HAN}]{{0,6}}\d{{1,2}}月\d{{1,2}}日)?$")
WRITERS = ("记者", "作者", "撰稿", "撰文", "执笔", "采写", "文", "实习生")


_OUTLET_WORD = LazyPattern(r"(?:记者|通讯员|中心|频道|编辑部|报[导道])$")  # "南都记者", "台北报导": not names


def _names(text: str) -> str:
    return " ".join(n for n in re.split(r"[\s、,，]+", text) if n and not _OUTLET_WORD.search(n))


_ROLE_NEXT = LazyPattern(r"(?:特约|实习|见习)?(?:记者|通讯员)")  # joined to the name before it: that was an outlet


def _writers(text: str) -> str:
    # "文/广州日报记者赖伟行": what stands right before 记者 is the reporter's paper, not a second writer
    found = [_names(m["names"]) for m in _ROLE_NAMES.finditer(text)
             if m["role"].endswith(WRITERS) and not _ROLE_NEXT.match(text, m.end())]
    return " ".join(found)


# "联合报 记者林宸谊／即时报导": the paper named before the reporter
_OUTLET_FIRST = LazyPattern(rf"^(?P<outlet>[{HAN}]{{2,10}}(?:报|网|社|台))\s*[/／╱]?\s*(?=记者)")


# what every line read_credit reads as a credit holds: a role of ROLE (every match of _BYLINE has one: a word, or
# 文, 文字, 图 or 摄 set off), 记者 or 通讯员 (_ROLE_ALONE, _PAREN_BYLINE), what a dispatch is called (_DISPATCH)
# or 报导/报道 (REPORTED_FROM). A line with none of them is no credit, without a try of the five patterns (nor
# their compiling, in a short run)
_CREDIT_WORDS = ("记者", "通讯员", "实习生", "作者", "撰稿", "撰文", "执笔", "采写", "摄影", "讯", "即时", "报导", "报道")
_SET_OFF_ROLE = LazyPattern(rf"(?:文字?|图|摄){_SET_OFF}")  # (文/图 and 图/文 set one off with their slash)


def _may_be_credit(text: str) -> bool:
    return any(map(text.__contains__, _CREDIT_WORDS)) or bool(_SET_OFF_ROLE.search(text))


def read_credit(text: str) -> tuple[str | None, str | None] | None:
    """A credit line's author and outlet (either may be None, "新华社记者" names neither); None when the line is
    no credit. The HTML side reads the lines above a body with it, the byline rule the lines of a text."""
    if len(text) > MAX_BYLINE or not _may_be_credit(text):
        return None
    if _ROLE_ALONE.match(text):
        return None, None  # "新华社记者": the names stand elsewhere
    m = _BYLINE.match(text)
    if m:
        return _writers(text[: m.start("suffix")] if m["suffix"] else text) or None, None
    m = _DISPATCH.match(text)
    if m:
        return m["name"], None
    if REPORTED_FROM.match(text):
        m, outlet = _REPORTER.search(text), _OUTLET_FIRST.match(text)
        return (_names(m["named"] or m["short"]) or None if m else None), (outlet["outlet"] if outlet else None)
    m = _PAREN_BYLINE.match(text)
    if m:
        outlet = m["outlet"].strip()
        return _names(m["names"]) or None, outlet if len(outlet) >= 2 else None
    return None


@rule("byline")
def byline(doc: Document) -> None:
    """"融媒记者 胡锦 吕琳萍", "本报记者 叶凝碧", "(大众日报客户端记者 吕光社 报道)" are credits, not text."""

    def is_byline(_i: int, text: str) -> bool:
        credit = read_credit(text)
        if credit is None:
            return False
        doc.set_once("author", credit[0])
        doc.set_once("source", credit[1])
        return True

    drop_lines(doc, [i for i, line in enumerate(doc.lines) if is_byline(i, line.text)], "byline")  # (in order)
    # "…将持续推进。（李楠）", "…原料。（刘利贞／综合外电报导）": the reporter's name closing the story
    # (both patterns end with the closing bracket)
    if doc.lines and doc.author is None and doc.lines[-1].text.endswith((")", "）")):
        m = _CLOSING_NAME.search(doc.lines[-1].text) or _CLOSING_REPORT.search(doc.lines[-1].text)
        if m:
            doc.set_once("author", _names(m["name"]))
    # "〔记者巫其伦／台北报导〕财政部今天…", "【联合晚报╱记者杨正海╱即时报导】": a credit opening the first paragraph
    for line in doc.lines[:3]:
        m = line.text.startswith(_OPENING_BRACKETS) and _OPENING_REPORT.match(line.text)
        if m:
            doc.set_once("author", _names(m["names"]))
            if m["outlet"] and _OUTLET_NAME.match(m["outlet"].strip()):
                doc.set_once("source", m["outlet"].strip())
            break
    # a news dateline "中新网温州11月14日电(记者 范宇斌)" stays in the text; its reporter is the author
    for line in doc.lines[:3]:  # (_DATELINE's credit names a 记者 or a 通讯员)
        m = ("记者" in line.text or "通讯员" in line.text) and _DATELINE.match(line.text)
        if m:
            doc.set_once("author", _names(m["names"]))
            agency = AGENCIES.match(m["lead"]) or _LEAD_OUTLET.match(m["lead"].strip())
            if agency:
                doc.set_once("source", agency.group("outlet") if "outlet" in agency.re.groupindex else agency.group())
            break


# a credit line of roles and values ("编辑｜腾宇", "编辑|张维纳 语音|徐佳 剪辑|李春", "作者：黄晓南　谢彬彬责任编辑：NF055"):
# each role set off by a bar or a colon, its value short and no sentence, the line nothing else
_CREDIT_ROLE = rf"(?:{CREDIT_OTHER}|{CREDIT_SOURCE}|{CREDIT_EDITOR}|{CREDIT_AUTHOR})"
_CREDIT_SEP = r"\s*[|｜︱丨:：]\s*"
_CREDIT_MARKS = "|｜︱丨:："  # what every credit pair has after its role: a line with none is no credit line
_CREDIT_PAIR = LazyPattern(
    rf"(?P<role>{_CREDIT_ROLE}){_CREDIT_SEP}(?P<value>[^\s|｜︱丨。！？!?；;，,][^|｜︱丨。！？!?；;，,]{{0,29}}?)"
    rf"(?=\s*{_CREDIT_ROLE}{_CREDIT_SEP}|\s*$)"
)
CREDIT_LINE_MAX = 80
_CREDIT_KINDS = (("author", LazyPattern(rf"(?:{CREDIT_AUTHOR})")), ("editor", LazyPattern(rf"(?:{CREDIT_EDITOR})")),
                 ("source", LazyPattern(rf"(?:{CREDIT_SOURCE})")))
# "新周刊（ID：new-weekly）": the account's handle is not its name
_ACCOUNT_ID = LazyPattern(r"\s*[(（]\s*(?:微信)?(?:ID|id|微信号|公众号)\s*[:：][^()（）]*[)）]")


def read_role_credits(text: str) -> list[tuple[str | None, str]] | None:
    """The (kind, value) pairs of a credit line, kind "author", "editor", "source" or None for the other roles
    (a cover's source, the layout, the proofreading); None when the line is not all credits."""
    if len(text) > CREDIT_LINE_MAX or not any(map(text.__contains__, _CREDIT_MARKS)):
        return None
    found, pos = [], 0
    for m in _CREDIT_PAIR.finditer(text):
        if text[pos:m.start()].strip():
            return None
        kind = next((k for k, pattern in _CREDIT_KINDS if pattern.fullmatch(m["role"])), None)
        found.append((kind, m["value"].strip()))
        pos = m.end()
    if not found or text[pos:].strip():
        return None
    return found


def take_credits(doc: Document, credits: list[tuple[str | None, str]]) -> None:
    for kind, value in credits:
        if kind == "source":
            doc.set_once("source", _ACCOUNT_ID.sub("", value).strip("《》 "))
        elif kind == "author":
            doc.set_once("author", _names(value) or None)
        elif kind == "editor":
            doc.set_once("editor", value)
