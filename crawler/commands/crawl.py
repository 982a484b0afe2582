"""`scrapy crawl` as cron needs it: a clear refusal when another run holds the state, and a non-zero
exit when a source that used to yield articles yields none or errs out."""
from __future__ import annotations

import sys
from pathlib import Path

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler.distributed import redis_url, unreachable
from crawler.seeds import SeedError, load_sources
from crawler.state import StateLocked, lock_state_dir

EXIT_LOCKED = 75        # EX_TEMPFAIL: try again later
EXIT_SOURCE_FAILED = 3
EXIT_BAD_SEEDS = 2


class Command(ScrapyCrawl):
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
        if args[0] == "portal":
            try:
                load_sources(opts.spargs.get("seeds", "seeds"), opts.spargs.get("source"), opts.spargs.get("region"))
            except SeedError as e:  # name every bad entry, not a traceback
                for problem in e.problems:
                    print(f"scrapy crawl: {problem}", file=sys.stderr)
                self.exitcode = EXIT_BAD_SEEDS
                return
        crawler = self.crawler_process.create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        elif crawler.stats and crawler.stats.get_value("run/failed_sources"):
            self.exitcode = EXIT_SOURCE_FAILED
