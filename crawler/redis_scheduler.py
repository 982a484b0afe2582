"""The scheduler of a distributed crawl (SCHEDULER, set by the `Distributed` add-on of crawler/distributed.py).

In a module of its own because it subclasses scrapy-redis's scheduler: only a distributed crawl loads it, so a
local crawl never imports scrapy_redis.
"""
from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.scheduler import Scheduler as RedisScheduler

from .distributed import Run
from .services import Services, canonical

logger = logging.getLogger(__name__)

IDLE_POLL = 1.0  # seconds between checks while waiting for other workers


class ReliableScheduler(RedisScheduler):
    """scrapy-redis's scheduler, with leased pops, recovery of dead workers' requests and a run-wide idle close.

    Its queue and dupefilter keys are the run's (SCHEDULER_PERSIST): a worker leaves the run only when its
    engine stops (`Run.close`), after the run's summary is written, handing back whatever it still holds.
    """

    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.run = Run.of(crawler)
        scheduler._leases = {}  # request object → its data in our processing set
        return scheduler

    def open(self, spider):
        super().open(spider)
        self.run.join()
        self.crawler.signals.connect(self._on_idle, signal=signals.spider_idle)
        # ack when Scrapy is done with a request: downloaded, callback or errback run, its output queued.
        # The engine's slot forgets a request at exactly that point; without that hook (another Scrapy),
        # requests are acked when the worker is idle, which is as safe and only redoes more after a crash.
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and callable(getattr(slot, "remove_request", None)):
            forget = slot.remove_request

            def remove_request(request, _forget=forget):
                _forget(request)
                self._ack(request)

            slot.remove_request = remove_request

    def enqueue_request(self, request):
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self):
        while True:
            data = self.run.pop()
            if data is None:
                return None
            request = self.queue._decode_request(data)
            if self._known_article(request):
                self.run.ack(data)  # put back after a crash, but a worker has stored it since: not fetched twice
                continue
            self._leases[request] = data
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/redis")
            return request

    def has_pending_requests(self):
        return len(self) > 0

    def _known_article(self, request) -> bool:
        if request.meta.get("kind") != "article":
            return False
        if Services.of(self.crawler).state.known(canonical(request.url)):
            if self.stats:
                self.stats.inc_value(f"source/{request.meta.get('source', '?')}/known")
            return True
        return False

    def _ack(self, request) -> None:
        data = self._leases.pop(request, None)
        if data is not None:
            self.run.ack(data)

    def _on_idle(self, spider=None):
        # nothing is in flight in this worker: whatever it still holds is done
        self._leases.clear()
        if self.run.release_all():
            logger.debug("released leases of finished requests")
        if self.run.drained():
            logger.info("run %s: queue drained and no worker holds a request; closing", self.run_id)
            return
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and hasattr(slot, "nextcall"):
            slot.nextcall.schedule(IDLE_POLL)  # look again soon: a dead worker's lease may run out
        raise DontCloseSpider

    @property
    def run_id(self) -> str:
        return self.run.run_id
