"""How many requests each source has been given, for `-a max_pages` and a seed's `max_pages`.

In a local crawl the count is this process's. In a distributed crawl (crawler/distributed.py) it is the run's:
every worker adds the requests it schedules to one Redis hash, so the caps hold for the run, not once per
worker. Start requests are counted once: every worker schedules them and the shared dupefilter keeps one.
Redis is read only when a cap is set.
"""
from __future__ import annotations

from collections import Counter


class RequestBudget:
    def __init__(self, run=None):
        self.starts: Counter = Counter()
        self.found: Counter = Counter()
        self.run = run  # crawler.distributed.Run, or None in a local crawl

    @classmethod
    def for_crawler(cls, crawler) -> "RequestBudget":
        from .distributed import Run, redis_url

        return cls(Run.of(crawler) if redis_url(crawler.settings) else None)

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
