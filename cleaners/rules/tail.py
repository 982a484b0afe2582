"""The end of the article: what portals and mirrors append after the last paragraph."""
from __future__ import annotations

import re
from collections.abc import Callable

from ..document import Document
from ..textutil import COLON, LazyPattern, cjk_count, ends_sentence, is_prose
from ..vocabulary import MORE_TO_READ, NAMES, RELATED_HEADING, REWARD_BUTTON
from .credits import DASHES, read_role_credits, take_credits
from .header import ORIGINAL_TITLE, writer_and_account
from . import rule

MIN_BODY_CHARS = 40  # an end marker only ends an article that has begun


def _body_before(doc: Document, i: int) -> bool:
    prose = [line.text for line in doc.lines[:i] if is_prose(line.text)]
    return sum(len(t) for t in prose) >= MIN_BODY_CHARS


def _cut_at_marker(doc: Document, is_marker: Callable[[str], object], reason: str) -> None:
    i = doc.first_line(is_marker)
    while i is not None:
        if _body_before(doc, i):
            doc.cut_from(i, reason)
            return
        doc.drop(i, reason)  # the same marker in the header is a lone line, not the end
        i = doc.first_line(is_marker, i)


# a snapshot's line: what opens it, or what it says anywhere. (Two patterns, not one alternation with anchored
# branches: a pattern whose every branch opens with a character is searched by scanning for those characters;
# the one alternation was tried from every character of every line)
_SNAPSHOT_OPENING = LazyPattern(
    r"^(?:以上内容为资讯信息快照|快照生成时间|本站信息快照查询|信息原文地址|本站未对信息做任何修改"
    r"|.{0,12}?(版权与免责声明|免责声明|版权声明)\s*[:：]?$|(免责声明|版权声明)\s*[:：]|声明\s*[:：]"
    r"|(本文|文章)(来源于|转载自|转自)网络)"
)
_SNAPSHOT_ANYWHERE = LazyPattern(r"如有侵权[^。]{0,12}(联系|告知)[^。]{0,12}删除|版权归原作者所有")


def is_snapshot_line(text: str) -> bool:
    return bool(_SNAPSHOT_OPENING.match(text) or _SNAPSHOT_ANYWHERE.search(text))


# what every snapshot line holds, branch by branch: one of these words, or 声明 opening a line. A text with
# none has no snapshot line and is spared a search of every line from every character
_SNAPSHOT_WORDS = ("快照", "信息原文地址", "本站未对信息做任何修改", "如有侵权", "免责声明", "版权声明", "来源于网络",
                   "转载自网络", "转自网络", "版权归原作者所有", "\n声明")


@rule("snapshot_disclaimer")
def snapshot_disclaimer(doc: Document) -> None:
    """Snapshot/mirror aggregators append a disclaimer: the article has ended there."""
    text = "\n" + doc.text  # a line end before every line: "\n声明" finds 声明 opening one
    if not any(map(text.__contains__, _SNAPSHOT_WORDS)):
        return
    _cut_at_marker(doc, is_snapshot_line, "snapshot_disclaimer")


# what a portal prints after its last line: "【编辑:刘欢】 返回搜狐，查看更多"
PORTAL_BUTTON = r"(?:返回\S{1,6}?[,，]?\s*查看更多|查看更多|返回首页|返回顶部|返回列表|打印本页|关闭窗口|【?打印】?|【?关闭】?)"
_EDITOR = LazyPattern(
    rf"^[【\[(（]?\s*(责任编辑|责编|编辑|值班编辑|网络编辑|审核|校对|审校|初审|复审|终审|监制|统筹)\s*{COLON}?\s*"
    rf"(?P<name>{NAMES})?\s*[】\])）]?(?:\s*{PORTAL_BUTTON})*$"
)
_EDITOR_NAME = LazyPattern(rf"(责任编辑|责编|编辑)\s*{COLON}?\s*(?P<name>[\u4e00-\u9fff·]{{2,4}})")


# the roles of _EDITOR, as words (编辑 in 责任编辑, 值班编辑, 网络编辑): _EDITOR and _CLOSING_EDITOR need one
_EDITOR_WORDS = ("编辑", "责编", "审核", "校对", "审校", "初审", "复审", "终审", "监制", "统筹")


@rule("editor_line")
def editor_line(doc: Document) -> None:
    """"责任编辑:宋璟" closes an article: the name is the editor, the rest of the page is not text."""
    text = doc.text
    if not any(map(text.__contains__, _EDITOR_WORDS)):
        return  # no line can be an editor's
    for line in doc.lines:
        if _EDITOR.match(line.text):
            m = _EDITOR_NAME.search(line.text)
            if m:
                doc.set_once("editor", m["name"])
                break
    _cut_at_marker(doc, _EDITOR.match, "editor_line")
    # "…已经要求农委会加强管理。（编辑：苏龙麒）1120221": the editor's credit closing the last paragraph
    for i in range(len(doc.lines) - 1, max(-1, len(doc.lines) - 4), -1):
        m = _CLOSING_EDITOR.search(doc.lines[i].text)
        if m:
            doc.set_once("editor", m["name"])
            doc.replace(i, doc.lines[i].text[: m.start()].rstrip(), "editor_line")
            break


_CLOSING_EDITOR = LazyPattern(rf"(?<=[。！？”」])\s*[(（](?:责任)?编辑\s*{COLON}\s*(?P<name>{NAMES})\s*[)）]\s*\d{{0,8}}$")
KEYWORDS = LazyPattern(rf"^[【\[]?(关键词|关键字|标签|Tags?)[】\]]?\s*{COLON}", re.I)


@rule("keywords_line")
def keywords_line(doc: Document) -> None:
    """"关键词:…" is printed under the article, before related links."""
    _cut_at_marker(doc, KEYWORDS.match, "keywords_line")


RELATED = LazyPattern(
    rf"^[※【\[]?\s*(?:更多关于.{{0,16}}的(?:资讯|新闻|内容|报道)|更多(?:资讯|新闻|精彩|阅读)|{RELATED_HEADING})"
    r"\s*[】\]]?\s*[:：>»]?"
)
# a short heading made of "more to read" words: "※你可能还想看：", "【热门点阅】", "其他新闻"
_MORE = LazyPattern(rf"^(?:{MORE_TO_READ})$|^[※【\[]?\s*其[他它]\S{{0,4}}(?:新闻|文章|报道)\s*[】\]]?\s*[:：]?$")
MORE_MAX = 12


@rule("related_heading")
def related_heading(doc: Document) -> None:
    """"更多关于国内的资讯:", "相关新闻", "上一篇", "※你可能还想看：": what follows are links to other stories."""

    def is_heading(text: str) -> bool:
        if len(text) <= MORE_MAX and _MORE.match(text):
            return True
        m = RELATED.match(text)
        return bool(m) and (len(text) - m.end() <= 40 or not ends_sentence(text))

    _cut_at_marker(doc, is_heading, "related_heading")


_BULLET = LazyPattern(r"^[-–—•·▪■◆●○*]$")
_DATE_LINE = LazyPattern(r"^[\[(（【]?\s*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[\])）】]?$")
_TRUNCATED = LazyPattern(r"^(\.{3}|…)|(\.{3}|…)$")
HEADLINE_MAX = 40
_SENTENCES = LazyPattern(r"[。！？；]")
_CREDITED_END = LazyPattern(r"[。！？!?]\s*[(（][^()（）]{1,24}[)）]\s*\d{0,8}$")  # "…。（编辑：苏龙麒）1120221"


def _list_kind(text: str) -> str | None:
    """What a line of a related-links block looks like, or None if it could be article text."""
    if text.startswith("|") and text.endswith("|"):
        return None  # a table row belongs to the article
    if _CREDITED_END.search(text):
        return None  # "…上。(编译/林靖东)": a finished paragraph with its credit
    if _BULLET.match(text):
        return "bullet"
    if _DATE_LINE.match(text):
        return "date"
    if _TRUNCATED.search(text):
        return "teaser"
    if not ends_sentence(text):
        if len(text) <= HEADLINE_MAX:
            return "headline"
        # a teaser is one sentence cut short; a line of several is a paragraph that ends in a code or credit
        return "teaser" if len(_SENTENCES.findall(text)) <= 1 else None
    return None


MIN_RUN = 4


@rule("related_links")
def related_links(doc: Document) -> None:
    """A run of headlines at the end ("-" bullets, headline/date pairs, truncated teasers) is not the article."""
    start, strong, after = len(doc.lines), 0, None
    for i in range(len(doc.lines) - 1, -1, -1):
        text = doc.lines[i].text
        kind = _list_kind(text)
        if kind is None and after in ("date", "teaser") and len(text) <= HEADLINE_MAX:
            kind = "headline"  # a headline may end in ?/! when a date or teaser follows it
        if kind is None:
            break
        start, strong, after = i, strong + (kind != "headline"), kind
    run = len(doc.lines) - start
    if run >= MIN_RUN and strong >= 2 and _body_before(doc, start):
        doc.cut_from(start, "related_links")


_CREDIT_SOURCE = LazyPattern(
    rf"^[(（]?(转自|转载自|来源|稿件来源|文章来源|本文来源|稿源)\s*{COLON}?\s*《?(?P<src>[^》)）]{{2,30}}?)》?"
    rf"(?:\s+作者\s*{COLON}\s*(?P<author>{NAMES}))?(?:\s*责任编辑\s*{COLON}?\s*\S+)?[)）]?$"   # "本文来源：新华网 作者：黄晓南　谢彬彬"
)
# the first or last characters of every match of a pattern of closing_credits: a line without one is not matched (and
# the first text of a process does not compile the pattern for it). _BARE_URL's match starts with h or w in either
# case (no other character folds to them under re.I); _NAME_ALONE's with a bracket
_CREDIT_SOURCE_FIRST = "(（转来稿文本"
_ORG_LAST = "心社报网台团会协局厅部室"
_NAME_ALONE = LazyPattern(r"^[(（](?!(?:完|待续|未完|全文完|资料|图片|本报|编辑|综合)[)）])(?P<name>[\u4e00-\u9fff·]{2,4})[)）]$")
_END_MARK = LazyPattern(r"^[(（【\[]?\s*(完|全文完|END|end|ENDS?)\s*[)）】\]]?$")
_ORG = LazyPattern(
    r"^[\u4e00-\u9fff]{2,18}(融媒体中心|新闻中心|传媒中心|报社|日报|晚报|新闻网|电视台|广播电视台|传媒集团|新闻社"
    r"|科学技术协会|科协|科技局|科技厅|宣传部|办公室)$"
)
# "出品—网易科学人栏目组 胖胖", "策划：王五" in the closing credits
_PRODUCTION = LazyPattern(rf"^(出品|策划|监制|制作|统筹|设计|视觉|海报|视频|剪辑|校对|审核|编审|终审|主编)(?:{COLON}|\s*[{DASHES}]{{1,2}}\s*)\S.{{0,30}}$")
_BARE_URL = LazyPattern(r"^(?:https?://|www\.)[\w.-]+\.[a-z]{2,}(?:[/?#][^\s\u4e00-\u9fff]*)?$", re.I)  # a link, not a sentence
STRAY_MAX = 2
TAIL_LINES = 4


# "…发展。返回搜狐，查看更多", "…发展。 返回凤凰网首页>>": the portal's button glued to the last paragraph
_GLUED_BUTTON = LazyPattern(r"(?<=[。！？”」])\s*(?:返回\S{1,8}?[,，]?\s*查看更多|返回\S{0,10}首页\s*[>》»]*)$")


_REWARD_BUTTON = LazyPattern(rf"^(?:{REWARD_BUTTON})$")
_SIGNATURE = LazyPattern(r"^[^\s，。！？；：,.!?;:、“”\"()（）]{1,16}$")


def reward_box(doc: Document) -> None:
    """"迷死氧" over "赞赏": a WeChat reward box names the writer it pays above its button; both go, the name is
    the author."""
    if len(doc.lines) < 3 or not _REWARD_BUTTON.match(doc.lines[-1].text):
        return
    doc.drop(len(doc.lines) - 1, "closing_credits")
    name = doc.lines[-1].text
    if _SIGNATURE.match(name):
        doc.set_once("author", name)
        doc.drop(len(doc.lines) - 1, "closing_credits")


@rule("closing_credits")
def closing_credits(doc: Document) -> None:
    """"转自《…》", a closing publisher line ("永康市融媒体中心"), "(完)", a bare link, "原标题：…", production
    credits ("出品—网易科学人栏目组", "编辑|张维纳 语音|徐佳"), a reward box and stray fragments ("宣")."""
    if doc.lines and _GLUED_BUTTON.search(doc.lines[-1].text):
        doc.replace(len(doc.lines) - 1, _GLUED_BUTTON.sub("", doc.lines[-1].text), "closing_credits")
    reward_box(doc)
    writer_and_account(doc)  # the writer is known now, from a byline or the reward box
    for _ in range(TAIL_LINES):
        if len(doc.lines) < 2:
            return
        text = doc.lines[-1].text
        m = _CREDIT_SOURCE.match(text) if text[:1] in _CREDIT_SOURCE_FIRST else None
        credits = None if m else read_role_credits(text)
        if credits:
            take_credits(doc, credits)
        elif m:
            doc.set_once("source", m["src"].strip())
            if m["author"]:
                doc.set_once("author", " ".join(m["author"].split()))
        elif text[:1] in "(（" and _NAME_ALONE.match(text):
            doc.set_once("author", _NAME_ALONE.match(text)["name"])  # "（罗森）": the reporter, signing off
        elif text[-1:] in _ORG_LAST and _ORG.match(text):
            doc.set_once("source", text)
        elif not (_END_MARK.match(text) or text[:1] in "hHwW" and _BARE_URL.match(text) or ORIGINAL_TITLE.match(text)
                  or _PRODUCTION.match(text) or len(text) <= STRAY_MAX + 1 and cjk_count(text) <= STRAY_MAX):
            return
        doc.drop(len(doc.lines) - 1, "closing_credits")
