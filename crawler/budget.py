"""How many list pages each source has been given, for max_pages (`-a max_pages`, else the seed's): the spider
adds one per list-page request under the source's id; article requests are not counted.

In a local crawl the count is this process's. In a distributed crawl (crawler/distributed.py) it is the run's:
every worker adds the requests it schedules to one Redis hash, so the caps hold for the run, not once per
worker. Start requests are counted once: every worker schedules them and the shared dupefilter keeps one.
Redis is read only when a cap is set.
"""
from __future__ import annotations

from collections import Counter


class RequestBudget:
    def __init__(self, run=None, crawler=None):
        self.starts: Counter = Counter()
        self.found: Counter = Counter()
        self._run = run
        self._crawler = crawler  # a distributed crawl whose Run is looked up on first use

    @property
    def run(self):
        """crawler.distributed.Run, or None in a local crawl."""
        if self._run is None and self._crawler is not None:
            from .distributed import Run

            self._run = Run.of(self._crawler)
        return self._run

    @classmethod
    def for_crawler(cls, crawler) -> "RequestBudget":
        from .redis_config import redis_url

        # the spider, and so its budget, is built before the extensions (Run among them): no Run to take yet
        return cls(crawler=crawler) if redis_url(crawler.settings) else cls()

    def add(self, key: str, start: bool = False) -> None:
        if start:
            self.starts[key] += 1
        elif self.run is None:
            self.found[key] += 1
        else:
            self.run.add(f"budget/{key}", 1)

    def spent(self, key: str) -> int:
        if self.run is None:
            return self.starts[key] + self.found[key]
        value = self.run.server.hget(self.run.keys.stats, f"budget/{key}")
        return self.starts[key] + (int(value) if value is not None else 0)
