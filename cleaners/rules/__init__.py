"""Cleaning rules: each is a small named function that edits a Document and records what it did.

`RULES` is the order they run in; see cleaners/pipeline.py for how options switch some off.
"""
from __future__ import annotations

from collections.abc import Callable

from ..document import Document

Rule = Callable[[Document], None]
REGISTRY: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        fn.rule_name = name  # type: ignore[attr-defined]
        REGISTRY[name] = fn
        return fn

    return register


def drop_lines(doc: Document, hits: list[int], reason: str) -> None:
    """What doc.drop_where(pred, reason) does, given `hits`: the lines (ascending) pred held for, asked of each
    line in order as drop_where asks it. A list comprehension over the lines a rule looks at (the header, the
    tail, or all) costs less than drop_where's walk with a predicate call per line, and when nothing is
    dropped the document is not walked at all."""
    if hits:
        kept = doc.lines[:]
        doc.removed.setdefault(reason, []).extend(kept[i].text for i in hits)
        for i in reversed(hits):  # (a few lines go: deleted from a copy in C, not a new list built in Python)
            del kept[i]
        doc.lines = kept
        doc.changed[reason] += len(hits)
