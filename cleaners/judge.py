"""Document-level judgement: is what is left an article?"""
from __future__ import annotations

from .document import Document
from .textutil import cjk_count

MIN_CJK = 60          # shorter than a brief news item: a fragment, a caption, a list stub
MIN_CJK_SHARE = 0.3   # of letters (CJK + Latin); below it the page is not Chinese


def judge(doc: Document, min_chars: int = MIN_CJK) -> str | None:
    """The reason to reject doc, or None to keep it."""
    text = doc.text
    if not text.strip():
        return "empty"
    cjk = cjk_count(text)
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if cjk < MIN_CJK_SHARE * (cjk + latin) or cjk == 0:
        return "not_chinese"
    if cjk < min_chars:
        return "too_short"
    return None
