"""What a site or a platform says to its reader, not the article: legal and platform notices, and calls to
download, follow, subscribe or like. Both are told by their words (cleaners/vocabulary.py), not by site."""
from __future__ import annotations

import re

from ..document import Document
from ..textutil import LazyPattern
from ..vocabulary import (
    CTA_VERB, LEGAL, NOTICE_LABEL, PLATFORM, PROMPT_LATIN, PROMPT_LINES, PROMPT_WORDS, READER, SELF_CHANNEL,
    SELF_REFERENCE, SOCIAL_VERB, UI_WORD, WIDGET_LABEL, alternation,
)
from . import drop_lines, rule

_LEGAL = alternation(LEGAL, flags=re.I)
_NOTICE_HEAD = LazyPattern(rf"^[※\s【\[]*(?:{NOTICE_LABEL})\s*[】\]]?\s*[:：]", re.I)
NOTICE_MAX = 300
MIN_BODY_CHARS = 40   # a notice ends an article that has begun
TAIL_LINES = 8   # notices close the page; one inside the article is the article's subject


_SELF = alternation(SELF_REFERENCE, flags=re.I)
# what every match of _LEGAL holds, branch by branch: one of these words, or a letter of its English phrases
# (matched ignoring case: also the İ, ı, ſ and K that fold to ASCII letters)
_LEGAL_WORDS = ("版权所有", "许可证", "授权", "转载", "转贴", "改写", "著作权", "违者必究", "侵权必究", "不代表",
                "仅代表作者", "仅提供信息存储", "信息发布平台", "信息存储空间", "上传并发布", "举报电话", "违法和不良信息",
                "如有侵权", "版权归原作者")
_LATIN_LETTER = LazyPattern("[A-Za-z\u0130\u0131\u017f\u212a]")


def _may_hold_legal(text: str) -> bool:
    return any(map(text.__contains__, _LEGAL_WORDS)) or bool(_LATIN_LETTER.search(text))


def is_notice(text: str) -> bool:
    """A legal phrase in a line headed as a notice ("平台声明：…", "Notice: …") or speaking of the site or the
    text itself ("本网站之文字…不得转载", "本文版权所有"): the notice of a site or a platform."""
    if len(text) > NOTICE_MAX or not _LEGAL.search(text):
        return False
    return bool(_NOTICE_HEAD.match(text) or _SELF.search(text))


@rule("platform_notice")
def platform_notice(doc: Document) -> None:
    """"平台声明：该文观点仅代表作者本人，搜狐号系信息发布平台…", "※本网站之文字…不得转载", "本文为…授权…发布，
    转载请注明出处": the platform's and the site's words, at the end of the page."""
    tail = max(0, len(doc.lines) - TAIL_LINES)
    if not _may_hold_legal("\n".join(line.text for line in doc.lines[tail:])):
        return  # no tail line can be a notice
    first = next((i for i in range(tail, len(doc.lines)) if is_notice(doc.lines[i].text)), None)
    if first is None:
        return
    if first >= 1 and sum(len(line.text) for line in doc.lines[:first]) >= MIN_BODY_CHARS:
        doc.cut_from(first, "platform_notice")  # the article has ended: what follows is the site's too
    else:
        doc.drop_where(lambda i, t: i >= tail and is_notice(t), "platform_notice")


_CTA_VERB = alternation(CTA_VERB)
_SOCIAL_VERB = alternation(SOCIAL_VERB)
_PLATFORM = alternation(PLATFORM)
_READER = alternation(READER)
CTA_MAX = 100
CTA_BARE_MAX = 30   # so short a line with a verb and a platform needs no "please" to be a button
CTA_INSIDE_MAX = 40  # inside the article only a short line is a button; a longer one may tell of an app
# "请继续往下阅读...", "下一页继续": the reader is told to go on past an advert
_READ_ON = LazyPattern(r"^[>»【\[]*\s*(?:请)?(?:继续(?:往下|向下)?(?:阅读|浏览)|下一页继续|往下滑\S{0,6})\s*(?:\.{2,}|…+)?\s*[】\]]?$")
# a widget's label alone on its line, maybe with a number: "字级大小：", "分享工具", "观看人次: 1203"
_LONE_LABEL = LazyPattern(rf"^[【\[]?\s*(?:{WIDGET_LABEL})\s*[】\]]?\s*[:：]?\s*[\d,]*\s*(?:次|人)?$")


# what the page's machinery says, in three parts: the words that need no letter case, without re.I (which kept the
# regex engine from scanning for the words' first characters: it was most of the cost of call_to_action), the
# lines that are one only whole, and the Latin words, only on a line with a letter its words could match
_PROMPT_WORDS = alternation(PROMPT_WORDS)
_PROMPT_LINE = LazyPattern(rf"^(?:{PROMPT_LINES})$")
_PROMPT_LATIN = alternation(PROMPT_LATIN, flags=re.I)
PROMPT_MAX = 80
_UI_WORD = LazyPattern(rf"^(?:{UI_WORD})$")
_FOLLOW = LazyPattern(r"^\S{1,16}\s*[+＋]?\s*(?:关注|已关注|订阅)$")  # "科创中国 +关注": an account and its button


def is_controls(text: str) -> bool:
    """Three or more words, each a control's label ("字号 超大 大 标准 小"), and nothing else."""
    words = text.replace("/", " ").replace("|", " ").split()
    return len(words) >= 3 and all(_UI_WORD.match(w) for w in words)


# the characters every match of _READ_ON and _LONE_LABEL opens with, and every line is_controls takes (its first
# word's, or a mark between words), besides spaces and digits (tests/test_text_speedups.py derives them from the
# patterns): most lines open with another and are spared the three
_PROMPT_OPENERS = frozenset(">[»【下往继请一人你关分友取字当微您所打扫浏点用立观订访阅中举倍全原复大小已播收暂更标流特确自蓝超重静高默/|")


def _may_open_prompt(text: str) -> bool:
    first = text[:1]
    return first in _PROMPT_OPENERS or first.isspace() or first.isdecimal()


def is_prompt(text: str) -> bool:
    """What the page's machinery says (a comment box, a cookie banner, a paywall, a player, a control's label):
    no article says it, wherever it stands."""
    return bool(_may_open_prompt(text) and (_READ_ON.match(text) or _LONE_LABEL.match(text) or is_controls(text))
                or (text.endswith("关注") or text.endswith("订阅")) and _FOLLOW.match(text)  # _FOLLOW's ends
                or len(text) <= PROMPT_MAX and (_PROMPT_WORDS.search(text) or _PROMPT_LINE.match(text)
                                                or _LATIN_LETTER.search(text) and _PROMPT_LATIN.search(text)))


def is_call_to_action(text: str) -> bool:
    """A call to download, follow, subscribe or like, on a platform."""
    if len(text) > CTA_MAX:
        return False
    if not (_CTA_VERB.search(text) and _PLATFORM.search(text) or _SOCIAL_VERB.search(text)):
        return False
    return len(text) <= CTA_BARE_MAX or bool(_READER.search(text))


_OWN_CHANNEL = LazyPattern(rf"(?:{SELF_CHANNEL})\S{{0,4}}?(?:{PLATFORM})")
_REPORTED = LazyPattern(r"[“”「」]|(?:说|表示|介绍|认为)\s*[，,：:]")  # a story quoting someone's "我的公众号"
PROMOTION_MAX = 300  # a paragraph selling the writer's course or group runs longer than a button


def is_self_promotion(text: str) -> bool:
    """"最后日常推荐一下我的知识星球，…欢迎加入学习": the writer sells their own channel and asks the reader in;
    an article that tells of someone's app speaks of theirs, not "我的", and one quoting a "我的" reports it."""
    return (len(text) <= PROMOTION_MAX and bool(_OWN_CHANNEL.search(text)) and bool(_CTA_VERB.search(text))
            and bool(_READER.search(text)) and not _REPORTED.search(text))


@rule("call_to_action")
def call_to_action(doc: Document) -> None:
    """"立即下载…APP", "如果您喜欢我们的报导，请帮我们按个赞！", "扫描下方二维码关注…", "点【在看】…",
    "请继续往下阅读...", a widget's label left alone: the page talking to its reader, wherever it stands; at the end,
    a paragraph promoting the writer's own channel."""
    tail = max(0, len(doc.lines) - TAIL_LINES)
    drop_lines(doc, [i for i, line in enumerate(doc.lines)
                     if is_prompt(t := line.text) or (i >= tail or len(t) <= CTA_INSIDE_MAX) and is_call_to_action(t)
                     or i >= tail and is_self_promotion(t)], "call_to_action")
