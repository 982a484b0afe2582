"""How many list pages each source has been given, for max_pages (`-a max_pages`, else the seed's): the spider
adds one per list-page request under the source's id; article requests are not counted.

In a local crawl the count is this process's. In a distributed crawl (crawler/distributed.py) it is the run's:
every worker adds the requests it schedules to one Redis hash, so the caps hold for the run, not once per
worker. Start requests are counted once: every worker schedules them and the shared dupefilter keeps one.
Every source has a cap (its max_pages, else MAX_LIST_PAGES_PER_SOURCE), and the run has one too
(MAX_LIST_PAGES_PER_RUN, under the key RUN), so a distributed crawl reads Redis for each list page it may add.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from scrapy.exceptions import IgnoreRequest


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


RUN = "*"  # the budget key of the whole run: source ids are slugs ([a-z0-9_-]), so none can be "*"


class OverBound(IgnoreRequest):
    """A queued list request dropped because its source ran out of SOURCE_WALL_TIME (crawler/middlewares.py):
    counted as over_wall_time, not as an error."""


@dataclass(frozen=True)
class Bounds:
    """The defaults that bound every source's list-page walk (crawler/settings.py explains each)."""
    max_depth: int
    pages_per_source: int
    pages_per_run: int
    wall_time: float
    links_per_page: int

    SETTINGS = {"max_depth": "MAX_LIST_DEPTH", "pages_per_source": "MAX_LIST_PAGES_PER_SOURCE",
                "pages_per_run": "MAX_LIST_PAGES_PER_RUN", "wall_time": "SOURCE_WALL_TIME",
                "links_per_page": "MAX_LINKS_PER_PAGE"}

    @classmethod
    def from_settings(cls, settings) -> "Bounds":
        """The bounds -s and crawler/settings.py give; ValueError naming the setting for a value that would
        crawl nothing or never stop (0, negative, not a number)."""
        from crawler import settings as defaults  # a bare crawler (a test's) gets the project's defaults

        values = {}
        for field, name in cls.SETTINGS.items():
            raw = settings.get(name, getattr(defaults, name))
            kind = float if field == "wall_time" else int
            try:
                value = kind(str(raw).strip())
            except ValueError:
                raise ValueError(f"-s {name}={raw}: not a {'number' if kind is float else 'whole number'}; "
                                 f"expected a value above 0 (default {getattr(defaults, name)})") from None
            if not value > 0 or value != value or value == float("inf"):
                raise ValueError(f"-s {name}={raw}: must be above 0 and finite: a bound of 0 crawls no list page, "
                                 f"and there is no 'unbounded' (default {getattr(defaults, name)})")
            values[field] = value
        return cls(**values)

    def as_settings(self) -> dict:
        return {name: getattr(self, field) for field, name in self.SETTINGS.items()}
