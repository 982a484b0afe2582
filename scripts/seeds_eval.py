"""The five seed documents scored like an eval set: ours and the peers on their pages, ours on their dumps.

The seeds are text dumps (tests/fixtures/seeds); the sample site serves each wrapped in a real CMS template
(tests/fixtures/site, manifest.json kind=seed). This builds an eval directory from those pages, the hand
annotation (tests/fixtures/seeds_gold/<id>.txt) and, as `must_not`, the noise the seeds carry (the list the
seed tests check, tests/test_seeds_end_to_end.py), runs `python -m cleaners eval` on it, and reports F1 and
clean+complete of the text path (the dumps through `cleaners.pipeline.process`) beside it.

    python scripts/seeds_eval.py [--systems ours,trafilatura,…]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from statistics import fmean

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cleaners.cli import main as cli_main  # noqa: E402
from cleaners.evaluate import COMPLETE_RECALL, chrome_left, comparable  # noqa: E402
from cleaners.inputs import RawDoc  # noqa: E402
from cleaners.metrics import bigram_f1  # noqa: E402
from cleaners.pipeline import process  # noqa: E402
from tests.test_seeds_end_to_end import NOISE  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures"
SITE = FIXTURES / "site"


def build(root: Path) -> list[str]:
    """html/, gt/ and must_not/ of the seed pages under root; returns the ids."""
    for name in ("html", "gt", "must_not"):
        (root / name).mkdir(parents=True)
    manifest = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))
    ids = []
    for article in manifest["articles"]:
        if article["kind"] != "seed":
            continue
        id = article["src"]
        (root / "html" / f"{id}.html").write_bytes((SITE / article["url"].lstrip("/")).read_bytes())
        (root / "gt" / f"{id}.txt").write_bytes((FIXTURES / "seeds_gold" / f"{id}.txt").read_bytes())
        (root / "must_not" / f"{id}.txt").write_text("\n".join(NOISE) + "\n", encoding="utf-8")
        ids.append(id)
    return ids


def text_path(ids: list[str]) -> tuple[float, float]:
    """Mean F1 and clean+complete of the seed dumps through the text pipeline."""
    f1s, good = [], []
    for id in ids:
        data = (FIXTURES / "seeds" / f"{id}.txt").read_bytes()
        record, _ = process(RawDoc(id, "text", data))
        text = record.get("text") or ""
        score = bigram_f1(comparable(text), comparable((FIXTURES / "seeds_gold" / f"{id}.txt").read_text("utf-8")))
        f1s.append(score.f1)
        good.append(not chrome_left(text, NOISE) and score.recall >= COMPLETE_RECALL)
    return fmean(f1s), fmean(good)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", help="as for python -m cleaners eval (default: ours and installed peers)")
    ns = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        ids = build(Path(tmp))
        f1, clean_complete = text_path(ids)
        print(f"seed dumps (text path), ours: F1 {f1:.3f}, clean+complete {clean_complete:.3f} ({len(ids)} documents)")
        print("seed pages (HTML, the sample site's CMS templates):")
        return cli_main(["eval", tmp] + (["--systems", ns.systems] if ns.systems else []))


if __name__ == "__main__":
    sys.exit(main())
