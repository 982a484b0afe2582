"""`python -m crawler SUBCOMMAND`: crawler tools that do not need a running crawl.

    python -m crawler check-seeds [PATH] [--list]

`python -m crawler --help` also lists the -a arguments of `scrapy crawl portal` (which Scrapy's own --help
cannot show) and its exit statuses, from the spec the crawl checks them with (crawler/arguments.py).
Each subcommand is a small function registered on the subparser; add new ones the same way.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from crawler.arguments import help_text
from crawler.seeds import DEFAULT_SEEDS, LEVELS, STATUSES, check, load_sources


def check_seeds(args: argparse.Namespace) -> int:
    path = Path(args.path) if args.path else (Path("seeds") if Path("seeds").is_dir() else DEFAULT_SEEDS)
    problems = check(path)
    for p in problems:
        print(p)
    errors = [p for p in problems if not p.warning]
    if errors:
        print(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in {path}", file=sys.stderr)
        return 1
    sources = load_sources(path)
    files = {s.file for s in sources}
    levels = Counter(s.level for s in sources)
    statuses = Counter(s.status for s in sources)
    if args.list:
        for s in sources:
            region = str(s.region) or "-"
            print(f"{s.id:<16} {s.level:<10} {s.status:<11} {s.list:<7} {region:<16} {s.name}")
    print(f"{len(sources)} sources in {len(files)} file{'s' if len(files) != 1 else ''}: "
          + ", ".join(f"{levels[lv]} {lv}" for lv in LEVELS if levels[lv]) + "; "
          + ", ".join(f"{statuses[st]} {st}" for st in STATUSES))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler", description=__doc__.splitlines()[0],
                                     epilog=help_text(), formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")

    p = sub.add_parser("check-seeds", help="check seed files: one line per problem, exit 1 if any",
                       description="Check seeds/*.yaml (or PATH, a file or directory): print one line per "
                                   "problem as FILE:LINE: source 'ID': MESSAGE and exit 1, else a summary.")
    p.add_argument("path", nargs="?", help="a seed file or a directory of *.yaml (default: seeds/)")
    p.add_argument("--list", action="store_true", help="also print one line per source")
    p.set_defaults(func=check_seeds)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
