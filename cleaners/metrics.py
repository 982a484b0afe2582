"""The project's quality metric: character-bigram F1 after NFKC and whitespace removal."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import NamedTuple

_SPACE = re.compile(r"\s+")


class Score(NamedTuple):
    precision: float
    recall: float
    f1: float


def bigrams(text: str) -> Counter:
    s = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    return Counter(s[i:i + 2] for i in range(len(s) - 1))


def bigram_f1(predicted: str, gold: str) -> Score:
    p, g = bigrams(predicted), bigrams(gold)
    if not p and not g:
        return Score(1.0, 1.0, 1.0)
    if not p or not g:
        return Score(0.0 if p else 1.0, 0.0 if g else 1.0, 0.0)
    overlap = sum((p & g).values())
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return Score(precision, recall, f1)
