"""Paragraph shape and width, last: they work on the text the other rules left."""
from __future__ import annotations

from ..document import Document
from ..textutil import LazyPattern, nfkc
from . import rule

# a line cut mid-sentence ends on a character, a digit or a comma; real ends are punctuation. (Tested on one
# character by comparisons: a regex class with the range of hanzi costs 3 ms to compile, in every process.)
_WORD_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_INNER = LazyPattern(r"[，,。、；;]")
FRAGMENT_MIN = 15


def _continues(ch: str) -> bool:
    """Whether ch (one character) is a hanzi of U+4E00-U+9FFF, an ASCII digit or an ASCII letter."""
    return "\u4e00" <= ch <= "\u9fff" or ch in _WORD_CHARS


def _open_end(ch: str) -> bool:
    return _continues(ch) or ch in "，,、"


# "2．《…》，潮新闻": the next item of a numbered list starts a line of its own; "2.5亿元" may go on a sentence
_ITEM = LazyPattern(r"^(?:\d{1,2}\s*[、.．](?!\d)|[一二三四五六七八九十]{1,3}\s*[、.．])")


def _broken(first: str, second: str) -> bool:
    return (
        not _ITEM.match(second)
        and len(first) >= FRAGMENT_MIN
        and _open_end(first[-1])
        and bool(_INNER.search(first))
        and second[:1] != "" and _continues(second[0])
        and bool(_INNER.search(second) or second.endswith("。"))
    )


@rule("join_broken_paragraphs")
def join_broken_paragraphs(doc: Document) -> None:
    """"…科技创新典型示" + "范企业…": a stray line break inside a sentence; headings never qualify."""
    i = 0
    while i + 1 < len(doc.lines):
        first, second = doc.lines[i].text, doc.lines[i + 1].text
        if _broken(first, second):
            doc.replace(i, first + second, "join_broken_paragraphs")
            del doc.lines[i + 1]
        else:
            i += 1


@rule("fold_width")
def fold_width(doc: Document) -> None:
    """The corpus is NFKC: ，→, ：→: （→( as in the seed documents."""
    doc.map_text(lambda t: nfkc(t).strip(), "fold_width")
    for name in ("title", "author", "editor", "source"):
        value = getattr(doc, name)
        if value:
            setattr(doc, name, nfkc(value).strip())
