"""Plain text of a subtree: a line per block and per <br>, a "| a | b |" line per data-table row; line breaks
of the HTML source are white space, as a browser shows them.

Table rows keep trafilatura's pipe form because the text rules read it as article text (rules/tail.py).
Layout tables are gone by now (cleaners.html.tables), so every table left here holds data.
"""
from __future__ import annotations

import re

from lxml.html import HtmlElement

from .. import regexcache
from ..textutil import CJK
from .density import BLOCKS, SKIP

# A line break in the HTML source is white space, not a new line: browsers lay "谷歌(微博)\n  在2014年" out as
# one paragraph. Next to a Chinese character or mark it disappears (unless a Latin letter or a digit is on the
# other side); elsewhere it is a space.
_SOURCE_BREAK = regexcache.compile(r"[ \t\r\f\v]*\n\s*")
_MARK = "\x1f"
_WIDE = f"{CJK}\u3000-\u303f\uff00-\uffef“”‘’…—"
_PUNCT = re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# marks between wide characters, or between a wide one and ASCII punctuation. Written to start with the mark
# (each branch's lookbehind looks back over it), so that the regex engine scans for it instead of trying both
# lookbehinds at every character: the same matches
_JOINED = regexcache.compile(f"{_MARK}(?:(?<=[{_WIDE}]{_MARK}){_MARK}*(?=[{_WIDE}{_PUNCT}])"
                             f"|(?<=[{_WIDE}{_PUNCT}]{_MARK}){_MARK}*(?=[{_WIDE}]))")


def _flow(text: str) -> str:
    return _SOURCE_BREAK.sub(_MARK, text) if "\n" in text else text  # a break needs a newline: most texts have none


def _resolve(text: str) -> str:
    if _MARK not in text:
        return text
    return _JOINED.sub("", text).replace(_MARK, " ")


def _inline(node: HtmlElement, parts: list[str]) -> None:
    """Text of a table cell on one line."""
    for text in node.itertext():
        parts.append(text.replace("\n", " "))


def block_text(el: HtmlElement) -> str:
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else None
        if tag == "tr":
            cells = []
            for cell in node:
                if cell.tag in ("td", "th"):
                    cell_parts: list[str] = []
                    _inline(cell, cell_parts)
                    cells.append(" ".join("".join(cell_parts).split()))
            if any(cells):
                parts.append("\n| " + " | ".join(cells) + " |\n")
        elif tag is not None and tag not in SKIP:
            block = tag in BLOCKS or tag == "br"
            if block:
                parts.append("\n")
            if node.text:
                parts.append(node.text if tag == "pre" else _flow(node.text))
            for child in node:
                walk(child)
            if block and tag != "br":
                parts.append("\n")
        if node.tail and node is not el:
            parts.append(_flow(node.tail))

    walk(el)
    lines = _resolve("".join(parts)).split("\n")
    return "\n".join(line.strip() for line in lines if line.strip())
