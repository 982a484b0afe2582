"""Which subtree holds the article: the one a CMS marks, else the one with the most prose and least else."""
from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass

import lxml.etree
from lxml.html import HtmlElement

from .. import regexcache
from .density import Stats
from .parse import PARSER

# Body containers that Chinese CMSs and portals mark (shared/SOURCES.md): Hanweb JCMS (#zoom, .article-conter,
# .con_article-bd), TRS WCM (.TRS_Editor, .trs_editor_view), 中新网 (.left_zw), Sina (#artibody), NetEase
# (#endText), Sohu (#contentText), 大众网 (#news-body, .news-con), People's Daily CMS (#rwb_zw, .rm_txt_con).
MARKED_IDS = frozenset("zoom artibody endText contentText news-body rwb_zw UCAP-CONTENT".split())
MARKED_CLASSES = regexcache.compile(
    r"(?<![\w-])(?:TRS_Editor|trs_editor_view|left_zw|article-conter|con_article-bd|news-con|rm_txt_con)(?![\w-])"
)
# comment pairs around the body: Zhejiang's Hanweb (ZJEG_RSS.content.begin/end), 中新网 and many TRS
# templates (正文start/正文end, 正文开始/正文结束), People's Daily (enpcontent … /enpcontent)
_BEGIN = regexcache.compile(r"^\s*(?:ZJEG_RSS\.content\.begin|正文\s*(?:start|begin|开始)|enpcontent)\s*$", re.I)
_END = regexcache.compile(r"^\s*(?:ZJEG_RSS\.content\.end|正文\s*(?:end|结束)|/enpcontent)\s*$", re.I)

CONTAINERS = frozenset("body div td article section main table tbody center form blockquote font span p".split())
MARKED_SHARE = 0.6     # a marked container must hold this share of the best container's prose
RANGE_GAIN = 0.05      # a run of children must beat its whole parent by this share to be worth a copy:
                       # a stray dateline or byline at the edge is not worth cutting the parent for


@dataclass
class Body:
    parts: list[HtmlElement]      # one subtree, or a run of sibling subtrees, of the page (or a detached box)
    how: str                      # marked | densest | children

    @property
    def anchor(self) -> HtmlElement | None:
        """Where the body starts in the page: the metadata sits around it."""
        first = next((p for p in self.parts if isinstance(p.tag, str)), None)
        return first if first is not None and first.getparent() is not None else None

    def element(self) -> HtmlElement:
        """The subtree to extract; a run of siblings is copied into a box (call after chrome is dropped).

        Rows and cells are boxed in a table of their own, so that the table rules still see a table. The box is
        made by our parser (cleaners.html.parse), as the page was: lxml.html's own would pick the class of every
        element the extraction then meets in it in Python (a call per lxml proxy: about 1 ms of a boxed cwced page).
        """
        tags = {p.tag for p in self.parts if isinstance(p.tag, str)}
        if len(self.parts) == 1 and tags and not tags & {"tr", "td", "th"}:
            return self.parts[0]
        if tags and tags <= {"tr"}:
            box = outer = PARSER.makeelement("table")
        elif tags and tags <= {"td", "th"}:
            outer = PARSER.makeelement("table")
            box = lxml.etree.SubElement(outer, "tr")
        else:
            box = outer = PARSER.makeelement("div")
        for part in self.parts:
            box.append(deepcopy(part))
        return outer


def _best_run(values: list[float]) -> tuple[float, int, int]:
    """The contiguous run with the largest sum (Kadane): (sum, first, last)."""
    best, best_i, best_j = float("-inf"), 0, -1
    run, start = 0.0, 0
    for k, v in enumerate(values):
        if run <= 0:
            run, start = v, k
        else:
            run += v
        if run > best:
            best, best_i, best_j = run, start, k
    return best, best_i, best_j


def densest(stats: dict[HtmlElement, Stats]) -> Body | None:
    """The subtree, or run of sibling subtrees, whose prose less the chrome it also holds is largest.

    A run of siblings matters on old table layouts, where the article's <p>s share a cell with the related
    links and ads that follow them.
    """
    best: Body | None = None
    best_score = 0.0
    for el, st in stats.items():
        if not st.prose or not isinstance(el.tag, str) or el.tag not in CONTAINERS:
            continue
        score = st.score
        if score > best_score:
            best, best_score = Body([el], "densest"), score
        children = [c for c in el if isinstance(c.tag, str)]
        if len(children) < 2:
            continue
        run, i, j = _best_run([stats[c].score if c in stats else 0.0 for c in children])
        if run > max(best_score, score * (1 + RANGE_GAIN)) and (i, j) != (0, len(children) - 1):
            best, best_score = Body(children[i:j + 1], "children"), run
    return best


def between_comments(root: HtmlElement) -> list[HtmlElement] | None:
    """The run of sibling nodes from a body-begin comment up to (not including) its body-end comment.

    When the two comments sit at different depths, the run is the children of their nearest common ancestor
    that hold them: a little more than the body, never less.
    """
    begin = end = None
    for comment in root.iter(lxml.etree.Comment):
        text = comment.text or ""
        if begin is None and _BEGIN.match(text):
            begin = comment
        elif begin is not None and _END.match(text):
            end = comment
            break
    if begin is None or end is None:
        return None
    begin_path = [begin, *begin.iterancestors()]
    end_path = [end, *end.iterancestors()]
    common = next((a for a in begin_path if a in end_path), None)
    if common is None:
        return None
    first = begin_path[begin_path.index(common) - 1]
    last = end_path[end_path.index(common) - 1]
    children = list(common)
    i, j = children.index(first), children.index(last)
    run = children[i:j] if last is end else children[i:j + 1]  # the begin comment's tail is body text
    return run or None


def marked_runs(root: HtmlElement, named: list[HtmlElement]) -> list[list[HtmlElement]]:
    """Candidate bodies the page's CMS marks, best evidence first. named: the elements with an id or class."""
    between = between_comments(root)
    marked = [[el] for el in named if el.get("id") in MARKED_IDS or MARKED_CLASSES.search(el.get("class") or "")]
    return ([between] if between else []) + marked
