"""How much of an already clean text the text pipeline keeps: a check that the rules generalise.

Every gt/<id>.txt of an evaluation set (default tests/data/cwced) goes through the text path of
`python -m cleaners clean` as if it were a dump. Nothing in it is noise, so whatever the rules remove is a
false positive, except the first line, which the pipeline moves into `title`. Reports the mean character-bigram
recall against the input (after OpenCC t2s, as the pipeline converts) and the pages that lose most, with the
rule that removed what.

    python scripts/gold_passthrough.py [DIR] [--worst N]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from statistics import fmean

from opencc import OpenCC

from cleaners.inputs import RawDoc
from cleaners.metrics import bigram_f1
from cleaners.pipeline import process

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", default=str(REPO / "tests" / "data" / "cwced"))
    parser.add_argument("--worst", type=int, default=10)
    ns = parser.parse_args(argv)
    t2s = OpenCC("t2s")
    rows = []
    for gt in sorted((Path(ns.dir) / "gt").glob("*.txt")):
        text = gt.read_text(encoding="utf-8")
        record, reason = process(RawDoc(id=gt.stem, kind="text", data=text))
        body = "\n".join(filter(None, [record.get("title"), record.get("text")]))
        recall = bigram_f1(body, t2s.convert(text)).recall
        rows.append((recall, gt.stem, reason, record.get("meta", {}).get("removed", {})))
    if not rows:
        print(f"no gt/*.txt under {ns.dir}", file=sys.stderr)
        return 2
    print(f"{len(rows)} clean texts; mean bigram recall of title + text: {fmean(r[0] for r in rows):.4f}; "
          f"rejected: {sum(1 for r in rows if r[2])}")
    for recall, stem, reason, removed in sorted(rows)[:ns.worst]:
        what = "; ".join(f"{rule}: {len(lines)} line(s)" for rule, lines in removed.items())
        print(f"  {recall:.3f}  {stem}  {reason or ''}  {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
