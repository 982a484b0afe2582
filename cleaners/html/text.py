"""Plain text of a subtree: a line per block and per <br>, a "| a | b |" line per data-table row.

Table rows keep trafilatura's pipe form because the text rules read it as article text (rules/tail.py).
Layout tables are gone by now (cleaners.html.tables), so every table left here holds data.
"""
from __future__ import annotations

from lxml.html import HtmlElement

from .density import BLOCKS, SKIP


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
                parts.append(node.text)
            for child in node:
                walk(child)
            if block and tag != "br":
                parts.append("\n")
        if node.tail and node is not el:
            parts.append(node.tail)

    walk(el)
    lines = "".join(parts).split("\n")
    return "\n".join(line.strip() for line in lines if line.strip())
