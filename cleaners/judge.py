"""Document-level judgement: is what is left an article?"""
from __future__ import annotations

from .document import Document
from .limits import MIN_CHARS
from .textutil import LazyPattern, ascii_letter_count, cjk_count

MIN_CJK_SHARE = 0.3   # of letters (CJK + Latin); below it the page is not Chinese
SHORT_SHARE = 1 / 3   # an article page proves itself (headline, date, a whole sentence) down to this share of min_chars
_SENTENCE = LazyPattern(r"[。！？]")
_ANY_SENTENCE_MARK = LazyPattern(r"[。！？!?；;]")
LABELS_MIN_LINES = 5        # a list of at least this many lines…
LABEL_MAX_CHARS = 40        # …none longer than a headline…
LABEL_SENTENCE_SHARE = 0.25  # …and few ending a sentence: menu items, poll options, headlines


def is_label_list(text: str) -> bool:
    """Short lines that say nothing in sentences: what is left of a poll, a menu or a headline list."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < LABELS_MIN_LINES or any(len(line) > LABEL_MAX_CHARS for line in lines):
        return False
    return sum(bool(_ANY_SENTENCE_MARK.search(line)) for line in lines) < LABEL_SENTENCE_SHARE * len(lines)


def reads_as_article(doc: Document) -> bool:
    """A bulletin of two sentences is still an article when its page gives it a headline and a date."""
    return bool(doc.title and doc.published and _SENTENCE.search(doc.text))


def judge(doc: Document, min_chars: int = MIN_CHARS) -> str | None:
    """The reason to reject doc, or None to keep it."""
    text = doc.text
    if not text.strip():
        return "empty"
    cjk = cjk_count(text)
    latin = ascii_letter_count(text)
    if cjk < MIN_CJK_SHARE * (cjk + latin) or cjk == 0:
        return "not_chinese"
    if cjk < min_chars and not (cjk >= SHORT_SHARE * min_chars and reads_as_article(doc)):
        return "too_short"
    if is_label_list(text):
        return "not_article"
    return None
