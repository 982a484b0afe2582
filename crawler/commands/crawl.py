"""`scrapy crawl` as cron needs it: a clear refusal when another run holds the state, and a non-zero
exit when a source that used to yield articles yields none or errs out."""
from __future__ import annotations

import sys
from pathlib import Path

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler.arguments import EXIT_CRASHED, EXIT_LOCKED, EXIT_SOURCE_FAILED, EXIT_USAGE, ArgumentError
from crawler.arguments import parse as parse_arguments
from crawler.budget import Bounds
from crawler.redis_config import redis_url, unreachable
from crawler.seeds import SeedError, load_sources
from crawler.state import StateLocked, lock_state_dir

EXIT_BAD_SEEDS = EXIT_USAGE  # a bad -a argument or seeds file: fix the command, like argparse's 2
# EXIT_LOCKED (75) is EX_TEMPFAIL: try again later; all of them are listed in crawler/arguments.py


class Command(ScrapyCrawl):
    def long_desc(self):
        return (f"{super().long_desc()}. The portal spider's -a arguments, their accepted forms and the exit "
                "statuses: python -m crawler --help")

    def process_options(self, args, opts):
        super().process_options(args, opts)
        if args == ["portal"]:
            # checked here, before Scrapy sets up logging and its crawler process, so a typo is one line and
            # costs nothing: no lock, no Redis, no seeds read, no request (crawler/arguments.py)
            try:
                self.portal_args = parse_arguments(opts.spargs)
            except ArgumentError as e:
                print(f"scrapy crawl: error: {e}", file=sys.stderr)
                raise SystemExit(EXIT_BAD_SEEDS) from None
            try:  # the bounds of -s too (crawler/budget.py): a value that would crawl nothing or never stop
                Bounds.from_settings(self.settings)
            except ValueError as e:
                print(f"scrapy crawl: error: {e}", file=sys.stderr)
                raise SystemExit(EXIT_BAD_SEEDS) from None
            portal = self.portal_args
            try:  # the seeds too: a bad file or path is one line per problem, with no lock taken
                load_sources(portal.get("seeds", "seeds"), portal.get("source"), portal.get("region"))
            except SeedError as e:  # name every bad entry, not a traceback
                for problem in e.problems:
                    print(f"scrapy crawl: error: {problem}", file=sys.stderr)
                raise SystemExit(EXIT_BAD_SEEDS) from None

    def run(self, args, opts):
        if len(args) != 1:
            raise UsageError("running 'scrapy crawl' needs exactly one spider")
        settings = self.settings
        state_dir = Path(settings.get("STATE_DIR") or Path(settings.get("DATA_DIR", "data")) / "state")
        try:
            if not redis_url(settings):  # distributed (REDIS_URL): many workers share the state, no lock
                lock_state_dir(state_dir)  # held from here to the end of the run (the run's State keeps it)
            elif problem := unreachable(redis_url(settings)):
                raise StateLocked(problem)
        except StateLocked as e:
            print(f"scrapy crawl: {e}", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        crawler = self.crawler_process.create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_CRASHED
        elif crawler.stats and crawler.stats.get_value("run/failed_sources"):
            self.exitcode = EXIT_SOURCE_FAILED
