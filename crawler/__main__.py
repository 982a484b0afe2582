"""`python -m crawler SUBCOMMAND`: crawler tools that do not need a running crawl.

    python -m crawler check-seeds [PATH] [--list]
    python -m crawler report [--state DIR] [-o report.html]
    python -m crawler discover URL [URL...] [--max-pages N] [-s NAME=VALUE] [--keep DIR]

`python -m crawler --help` also lists the -a arguments of `scrapy crawl portal` (which Scrapy's own --help
cannot show) and its exit statuses, from the spec the crawl checks them with (crawler/arguments.py).
Each subcommand is a small function registered on the subparser; add new ones the same way.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from crawler import report as run_report
from crawler.arguments import help_text
from crawler import discover as run_discover  # no Scrapy here: discovery's crawl runs in its own process
from crawler.discover import DEFAULT_MAX_PAGES
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


def report(args: argparse.Namespace) -> int:
    return run_report.run(args.state, args.output)


def discover(args: argparse.Namespace) -> int:
    return run_discover.run(args.urls, args.max_pages, args.set or [], Path(args.keep) if args.keep else None)


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

    p = sub.add_parser("report", help="what the crawl's runs did, per source, from its state directory",
                       description="Per source: runs, articles kept per run and in all, the day of the last run "
                                   "that kept any, errors and rejects by reason, the alarms of its latest run "
                                   "(FAILED: exit 3; capped, bounded), and whether it runs on written, learned or "
                                   "discovered patterns: a table in 120 columns, and with -o an HTML page that "
                                   "also charts the articles kept per day (no script, nothing fetched). Reads the "
                                   "local state directory only, read-only and without its lock, so it works while "
                                   "a crawl runs; a distributed crawl's state is in Redis and only its runs/*.json "
                                   "are local, so the report shows those. Exit status 2 when DIR holds no run.")
    p.add_argument("--state", metavar="DIR",
                   help="the crawl's STATE_DIR (default: the crawl's own, DATA_DIR/state: data/state)")
    p.add_argument("-o", "--output", metavar="FILE", help="also write the report as one self-contained HTML page")
    p.set_defaults(func=report)

    p = sub.add_parser("discover", help="learn sites from their home pages and print ready seeds entries",
                       description="Crawl each URL (a home page or a column page) as a source with nothing but its "
                                   "start URL (robots.txt, politeness and bounds as in any crawl, in a scratch "
                                   "directory), and print a seeds file of what was learned: the columns found, the "
                                   "article pattern, the pagination, the list style, example URLs. Exit 0, or 1 "
                                   "when a site taught nothing (a comment says which), 2 when the crawl failed.")
    p.add_argument("urls", nargs="+", metavar="URL", help="home or column pages, one site each")
    p.add_argument("--max-pages", type=int, default=DEFAULT_MAX_PAGES, metavar="N",
                   help=f"list pages per site (default {DEFAULT_MAX_PAGES})")
    p.add_argument("-s", "--set", action="append", metavar="NAME=VALUE",
                   help="a Scrapy setting for the crawl, e.g. -s DOWNLOAD_DELAY=0 (repeatable)")
    p.add_argument("--keep", metavar="DIR", help="keep the crawl's data, state and log in DIR")
    p.set_defaults(func=discover)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
