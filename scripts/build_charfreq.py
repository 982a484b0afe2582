"""Build cleaners/data/charfreq.tsv: how common each Chinese character is.

Source: the word-frequency dictionary shipped with jieba (MIT). A character's weight is the summed
frequency of the dictionary words containing it; traditional forms (OpenCC s2t) get the weight of
their simplified character, so mirrors in traditional script score the same.
Run: pip install jieba && python scripts/build_charfreq.py
"""
from __future__ import annotations

import collections
import itertools
import math
import os
from pathlib import Path

from opencc import OpenCC

try:
    import jieba
except ImportError:  # a build-time tool only: the cleaner reads the table this script wrote
    raise SystemExit("error: this script reads jieba's dictionary: pip install jieba")

OUT = Path(__file__).resolve().parents[1] / "cleaners" / "data" / "charfreq.tsv"


def main() -> None:
    counts: collections.Counter[str] = collections.Counter()
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as f:
        for line in f:
            word, freq, *_ = line.split(" ")
            for ch in word:
                if "\u3400" <= ch <= "\u9fff":
                    counts[ch] += int(freq)
    s2t = OpenCC("s2t")
    for ch, n in list(counts.items()):
        for trad in s2t.convert(ch):
            if trad != ch and counts[trad] < n:
                counts[trad] = n
    total = sum(counts.values())
    # a line per zipf with its characters (most common first): the cleaner reads 450 lines, not 13,600
    ranked = [(ch, f"{math.log10(n / total * 1e9):.2f}") for ch, n in sorted(counts.items(), key=lambda kv: -kv[1])]
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("# zipf (log10 of frequency per billion)\tthe characters of that zipf, most common first; from jieba's"
                  " dictionary: see scripts/build_charfreq.py\n")
        for zipf, group in itertools.groupby(ranked, key=lambda pair: pair[1]):
            out.write(f"{zipf}\t{''.join(ch for ch, _ in group)}\n")


if __name__ == "__main__":
    main()
