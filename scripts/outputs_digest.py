"""One sha256 over every output of the real pipeline on the repository's test pages, to prove that a change
meant to be output-neutral (speed work) really is.

    python scripts/outputs_digest.py [PER_PAGE_FILE]

prints the overall digest and the page count; PER_PAGE_FILE (default /tmp/outputs_digest.tsv) gets one
`path<TAB>sha256` line per input, so two runs can be diffed to find the pages that changed. The time limit is
off: a page timing out on a busy machine is not an output change.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaners.inputs import RawDoc  # noqa: E402
from cleaners.pipeline import Options, process  # noqa: E402

HTML_DIRS = ["tests/data/devset/html", "tests/data/cwced/html", "tests/data/pages", "tests/data/fixtures-zh",
             "tests/fixtures/decode", "tests/fixtures/site"]
TEXT_DIRS = ["tests/fixtures/seeds", "tests/fixtures/seeds_gold"]
HTML_SUFFIXES = (".html", ".htm", ".shtml")


def inputs() -> list[tuple[Path, str]]:
    found = []
    for d in HTML_DIRS:
        found += [(p, "html") for p in sorted((ROOT / d).rglob("*"))
                  if p.is_file() and p.name.lower().endswith(HTML_SUFFIXES)]
    for d in TEXT_DIRS:
        found += [(p, "text") for p in sorted((ROOT / d).rglob("*.txt"))]
    return found


def page_digest(path: Path, kind: str, options: Options) -> str:
    record, reason = process(RawDoc(path.stem, kind, path.read_bytes()), options)
    payload = json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n" + str(reason)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/outputs_digest.tsv")
    options = Options(time_limit=None)
    total = hashlib.sha256()
    lines = []
    for path, kind in inputs():
        h = page_digest(path, kind, options)
        total.update(h.encode())
        lines.append(f"{path.relative_to(ROOT)}\t{h}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(total.hexdigest(), len(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
