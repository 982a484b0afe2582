"""The profile share of each hotspot issue 12 named, in this process: text records and the cwced pages.

    python benchmarks/profile_shares.py [--text-mb 10]

cProfile over what `clean` does to each document (cleaners.pipeline.process, and for text records the JSONL
line the CLI writes), two passes after a warm-up; each share is the named function's cumulative time over the
profiled total. The text records are bench.py's (the seed dumps repeated to --text-mb MB). cProfile slows
Python-level code more than C: shares, not timings. Not a test: compare runs on the same machine.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TEXT_HOTSPOTS = {   # label: (file the function is in, function)
    "t2s conversion (to_simplified)": ("rules/script.py", "to_simplified"),
    "gbk_shift_mojibake": ("rules/encoding.py", "gbk_shift_mojibake"),
    "utf8_read_as_gbk": ("rules/encoding.py", "utf8_read_as_gbk"),
    "strip_pinyin": ("rules/script.py", "strip_pinyin"),
    "portal_chrome": ("rules/header.py", "portal_chrome"),
    "jsonl_line (the JSONL writer's encoding)": ("cleaners/output.py", "jsonl_line"),
    "is_traditional (traditional_share's test)": ("rules/script.py", "is_traditional"),
}
HTML_HOTSPOTS = {
    "metadata (extract_metadata)": ("html/meta.py", "extract_metadata"),
    "find_chrome": ("html/chrome.py", "find_chrome"),
    "density.measure": ("html/density.py", "measure"),
    "htmldate (find_date)": ("htmldate/core.py", "find_date"),
    "lxml parsing (document_fromstring)": ("lxml/html/__init__.py", "document_fromstring"),
    "chrome_name": ("html/chrome.py", "chrome_name"),
}


def shares(run, hotspots: dict[str, tuple[str, str]]) -> tuple[float, list[tuple[str, float]]]:
    """(profiled seconds, [(label, share)]) of two passes of run() after a warm-up one."""
    run()
    profile = cProfile.Profile()
    profile.enable()
    run()
    run()
    profile.disable()
    stats = pstats.Stats(profile)
    total = stats.total_tt
    rows = []
    for label, (where, name) in hotspots.items():
        spent = sum(row[3] for (path, _, func), row in stats.stats.items() if func == name and where in path)
        rows.append((label, spent / total))
    return total, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/profile_shares.py", description=__doc__.splitlines()[0])
    parser.add_argument("--text-mb", type=float, default=10.0, help="MB of text records (default 10)")
    ns = parser.parse_args(argv)
    sys.path.insert(0, str(REPO / "benchmarks"))
    from bench import text_records

    from cleaners.inputs import RawDoc, read_units
    from cleaners.output import jsonl_line
    from cleaners.pipeline import Options, process

    options = Options()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "text.jsonl"
        n, _ = text_records(src, ns.text_mb)
        units = list(read_units([str(src)]))

    def clean_text() -> None:
        for unit in units:
            jsonl_line(process(unit, options)[0])

    pages = [RawDoc(p.name, "html", p.read_bytes()) for p in sorted((REPO / "tests/data/cwced/html").glob("*.html"))]
    for title, run, hotspots in ((f"text records, {ns.text_mb:g} MB ({n} documents)", clean_text, TEXT_HOTSPOTS),
                                 (f"cwced pages ({len(pages)})", lambda: [process(p, options) for p in pages],
                                  HTML_HOTSPOTS)):
        total, rows = shares(run, hotspots)
        print(f"{title}: {total:.2f} s profiled, two passes")
        for label, share in rows:
            print(f"- {label}: {100 * share:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
