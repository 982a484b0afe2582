"""An editor's summary set above the story: a boxed one, or one that only repeats the story's sentences."""
from __future__ import annotations


from ..document import Document
from ..textutil import LazyPattern
from ..vocabulary import LEAD_LABEL, SUMMARY_LABEL
from . import rule

_LABELLED = LazyPattern(rf"^\s*[【\[(（]?\s*(?:{SUMMARY_LABEL}|{LEAD_LABEL})\s*[】\])）]?\s*[:：]?")
# "[摘要：…]" wrapped whole in brackets, or "【内容提要】…": a box the portal sets apart. A paper's own
# "摘要：" opening its text is the paper's, and an editor's note ("编者按") in its own words is kept, as cwced keeps it
_BOXED = LazyPattern(rf"^\s*(?:\[\s*(?:{SUMMARY_LABEL})\s*[:：].*\]|【\s*(?:{SUMMARY_LABEL})\s*】.*)\s*$")
_NOT_WORD = LazyPattern(r"[\W_]+")
HEAD_LINES = 3          # a summary stands above the story
BOX_MIN_CHARS = 20      # a label alone on its line heads what follows
STORY_MIN_LINES = 2     # a page that is only a summary and a line keeps both
RUN = 6                 # six characters in a row rarely repeat by chance; a lead in its own words shares few
REPEATED_SHARE = 0.6    # this much of the summary said again below, run by run: an extract of the story


def is_labelled_summary(text: str) -> bool:
    """A line that a summary or lead label opens ("[摘要：…", "【核心提示】…", "编者按：…")."""
    return bool(_LABELLED.match(text))


def repeated_share(summary: str, rest: str) -> float:
    """The share of the summary's RUN-character runs (punctuation aside) found verbatim in rest."""
    summary, rest = _NOT_WORD.sub("", summary), _NOT_WORD.sub("", rest)
    runs = [summary[i:i + RUN] for i in range(len(summary) - RUN + 1)]
    return sum(run in rest for run in runs) / len(runs) if runs else 0.0


@rule("summary_box")
def summary_box(doc: Document) -> None:
    """"[摘要：在埃洛普入主诺基亚之前，…]" boxed above the story, or a labelled summary whose clauses the story
    says again: it goes; a labelled lead written in its own words stays."""
    for i in range(min(HEAD_LINES, len(doc.lines))):
        text = doc.lines[i].text
        label = _LABELLED.match(text)
        if not label:
            continue
        summary = "".join(text[label.end():].split())
        if len(summary) < BOX_MIN_CHARS or len(doc.lines) - i - 1 < STORY_MIN_LINES:
            return
        rest = "".join("".join(line.text.split()) for line in doc.lines[i + 1:])
        if _BOXED.match(text) or repeated_share(summary, rest) >= REPEATED_SHARE:
            doc.drop(i, "summary_box")
        return
