"""Layout tables become plain blocks before extraction; data tables stay tables.

Old portals lay whole pages out in tables. Serialised as table rows ("| 2005年08月16日 来源:新华网 |"), their
cells hide date lines, editor lines and disclaimers from the text rules, which read plain lines.
"""
from __future__ import annotations

from lxml.html import HtmlElement

BLOCK_CHILDREN = frozenset("p div table ul ol dl blockquote pre h1 h2 h3 h4 h5 h6 form center".split())
DATA_CELL_MAX_CHARS = 60     # data tables hold figures and short labels, not paragraphs
SHORT_ROW_MAX_CHARS = 30     # a row of short cells ("来源：" | "新华网") reads as one line


def _chars(el: HtmlElement) -> int:
    return len("".join("".join(el.itertext()).split()))


def _cells(row: HtmlElement) -> list[HtmlElement]:
    return [c for c in row if c.tag in ("td", "th")]


def _rows(table: HtmlElement) -> list[HtmlElement]:
    return [r for r in table.iter("tr") if _owner(r) is table]


def _owner(el: HtmlElement) -> HtmlElement | None:
    return next(el.iterancestors("table"), None)


def _has_blocks(cell: HtmlElement) -> bool:
    return any(child.tag in BLOCK_CHILDREN for child in cell.iterdescendants())


def is_data_table(table: HtmlElement) -> bool:
    rows = _rows(table)
    if len(rows) < 2 or table.find(".//table") is not None:
        return False
    widths = [len(_cells(r)) for r in rows]
    if max(widths) < 2:
        return False
    for row in rows:
        for cell in _cells(row):
            if _chars(cell) > DATA_CELL_MAX_CHARS or _has_blocks(cell):
                return False
    return True


def flatten_layout_tables(root: HtmlElement) -> None:
    """Every layout table under root (root included) is rewritten as divs: one line per short row, one
    block per cell otherwise."""
    tables = [t for t in root.iter("table") if not is_data_table(t)]
    for table in reversed(tables):  # innermost first
        for row in _rows(table):
            cells = _cells(row)
            short = all(_chars(c) <= SHORT_ROW_MAX_CHARS and not _has_blocks(c) for c in cells)
            row.tag = "p" if short else "div"
            for cell in cells:
                if short:
                    cell.tag = "span"
                    cell.tail = " " + (cell.tail or "")
                else:
                    cell.tag = "div"
        for part in table.iter("tbody", "thead", "tfoot"):
            if _owner(part) is table:
                part.tag = "div"
        table.tag = "div"
        for attr in ("width", "border", "cellspacing", "cellpadding", "align", "bgcolor"):
            table.attrib.pop(attr, None)


def _cell_texts(table: HtmlElement) -> frozenset[str]:
    return frozenset(t for row in _rows(table) for c in _cells(row) if (t := "".join("".join(c.itertext()).split())))


def drop_repeated_tables(root: HtmlElement) -> None:
    """A table whose cells all appeared in an earlier table is a second layout of it (government information
    pages carry their 索引号/发文机关 table once for narrow and once for wide screens): the copy goes."""
    seen: list[frozenset[str]] = []
    removed: list[HtmlElement] = []
    for table in list(root.iter("table")):
        if any(a in removed for a in table.iterancestors()):
            continue
        cells = _cell_texts(table)
        if len(cells) >= 4 and any(cells <= earlier for earlier in seen):
            table.drop_tree()  # lxml keeps the text that followed it
            removed.append(table)
            continue
        seen.append(cells)
