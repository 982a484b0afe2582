"""Cleaning rules: each is a small named function that edits a Document and records what it did.

`RULES` is the order they run in; see cleaners/pipeline.py for how options switch some off.
"""
from __future__ import annotations

from typing import Callable

from ..document import Document

Rule = Callable[[Document], None]
REGISTRY: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        fn.rule_name = name  # type: ignore[attr-defined]
        REGISTRY[name] = fn
        return fn

    return register
