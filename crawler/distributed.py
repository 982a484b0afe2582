"""Distributed crawls: several `scrapy crawl portal` processes, on one machine or many, share one frontier in Redis.

Switched on by REDIS_URL (``-s REDIS_URL=redis://host:6379/0`` or the environment); without it nothing here is
used and the crawl is the local one. With it, the `Distributed` add-on (ADDONS in settings.py) puts in:

- the scheduler: scrapy-redis's shared priority queue and request dupefilter, with a *reliable* pop
  (`ReliableScheduler`): a request popped by a worker moves atomically into that worker's processing set and
  leaves it only when Scrapy is done with it (downloaded, callback run, every request it yielded queued). Each
  worker keeps a lease on its membership (a heartbeat every WORKER_LEASE/4 s); when a worker's lease runs out
  (SIGKILL, power cut, lost network) any live worker moves its processing set back into the queue;
- run scoping: the queue and dupefilter keys belong to one run, RUN_ID (default: the UTC date and hour,
  ``2024060914``: the workers a cron line starts together share it). A new run fetches the list pages again,
  as a local run does; the last worker to leave a drained run deletes its keys;
- idle close: a worker stops when the queue is empty and no live worker holds a request, so a worker never
  quits while another worker's leased requests could still come back;
- `RunStats`: per-source counters are mirrored into the run's hash as they happen, so the run summary (and
  the exit status for cron) is the run's, not one worker's, and a killed worker's counts are not lost;
- the state (what earlier runs stored, content hashes, run history) lives in Redis (crawler/redis_state.py)
  and no local lock is taken: many workers per run is the point.

Which Redis, run id and keys: crawler/redis_config.py (a leaf every module may import). The scheduler is in
crawler/redis_scheduler.py, the only module that imports scrapy_redis at import time, so a local crawl, which
imports this module for the add-on, never loads scrapy_redis. `Run` (this worker's membership of the run) is
an extension the add-on registers; the scheduler, the stats and the summary reach it with `Run.of(crawler)`.

Requests are pickled into Redis (scrapy-redis's default): the Redis server must be one only the crawl's own
workers can write to.
"""
from __future__ import annotations

import logging
import os
import secrets
import socket
import time

from scrapy import signals
from scrapy.statscollectors import MemoryStatsCollector

from .extensions import RunSummary, per_source
from .redis_config import RunKeys, key_prefix, redis_url, run_id
from .redis_config import default_run_id  # noqa: F401  (re-exported: its old home)
from .services import Services

logger = logging.getLogger(__name__)

DEFAULT_LEASE = 60.0            # seconds a worker's requests stay its own without a heartbeat
DEFAULT_RUN_TTL = 7 * 24 * 3600  # an abandoned run's keys vanish after this


class Distributed:
    """Scrapy add-on: with REDIS_URL set, the crawl shares its frontier and state through Redis."""

    def update_settings(self, settings) -> None:
        url = redis_url(settings)
        if not url:
            return
        if not settings.get("REDIS_URL"):
            settings.set("REDIS_URL", url, priority="addon")
        settings.set("RUN_ID", run_id(settings), priority="addon")
        keys = RunKeys(key_prefix(settings), settings["RUN_ID"])
        settings.set("SCHEDULER", "crawler.redis_scheduler.ReliableScheduler", priority="addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", priority="addon")
        settings.set("SCHEDULER_QUEUE_CLASS", "scrapy_redis.queue.PriorityQueue", priority="addon")
        settings.set("SCHEDULER_QUEUE_KEY", keys.queue, priority="addon")
        settings.set("SCHEDULER_DUPEFILTER_KEY", keys.dupefilter, priority="addon")
        settings.set("SCHEDULER_PERSIST", True, priority="addon")  # the run's keys outlive one worker
        settings.set("STATS_CLASS", "crawler.distributed.RunStats", priority="addon")
        # the run's summary instead of one worker's (same report, counts summed over the workers)
        settings["EXTENSIONS"]["crawler.extensions.RunSummary"] = None
        settings["EXTENSIONS"]["crawler.distributed.DistributedRunSummary"] = 500
        settings["EXTENSIONS"]["crawler.distributed.Run"] = 0  # this worker's membership of the run


# KEYS: queue, processing(me), workers; ARGV: me, deadline
_POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
redis.call('ZADD', KEYS[2], r[2], r[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
return r[1]
"""
# every worker whose lease ran out: its requests go back to the queue, it leaves the run.
# KEYS: workers, queue; ARGV: now, processing prefix. Returns the number of requests put back.
_RECOVER = """
local n = 0
for _, w in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])) do
  local p = ARGV[2] .. w
  local items = redis.call('ZRANGE', p, 0, -1, 'WITHSCORES')
  for i = 1, #items, 2 do
    redis.call('ZADD', KEYS[2], items[i + 1], items[i])
    n = n + 1
  end
  redis.call('DEL', p)
  redis.call('ZREM', KEYS[1], w)
end
return n
"""
# 1 when the run's frontier is drained: nothing queued and no live worker holds a request.
# KEYS: workers, queue; ARGV: processing prefix
_DRAINED = """
if redis.call('ZCARD', KEYS[2]) > 0 then return 0 end
for _, w in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if redis.call('EXISTS', ARGV[1] .. w) == 1 then return 0 end
end
return 1
"""
# a worker leaves the run, handing back what it still holds (a stop before the end: Ctrl-C, SIGTERM); the
# last one out of a drained run deletes the run's keys. Returns 1 for the last.
# KEYS: workers, queue, dupefilter, stats, processing(me); ARGV: me
_LEAVE = """
redis.call('ZREM', KEYS[1], ARGV[1])
local items = redis.call('ZRANGE', KEYS[5], 0, -1, 'WITHSCORES')
for i = 1, #items, 2 do
  redis.call('ZADD', KEYS[2], items[i + 1], items[i])
end
redis.call('DEL', KEYS[5])
if redis.call('ZCARD', KEYS[1]) == 0 and redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
  return 1
end
return 0
"""


class Run:
    """This worker's membership of the run: its id, lease, processing set, and the run's keys.

    An extension (the add-on puts it in EXTENSIONS): the scheduler joins the run when it opens; the worker
    leaves it, and closes its connection, when the engine stops, after every spider_closed handler (the run's
    summary reads the run's counters, which the last worker out deletes).
    """

    def __init__(self, settings):
        from scrapy_redis.connection import get_redis_from_settings

        self.server = get_redis_from_settings(settings)
        self.run_id = run_id(settings)
        self.keys = RunKeys(key_prefix(settings), self.run_id)
        self.worker = settings.get("WORKER_ID") or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.processing = self.keys.processing + self.worker
        self.lease = settings.getfloat("WORKER_LEASE", DEFAULT_LEASE)
        self.ttl = settings.getint("RUN_TTL", DEFAULT_RUN_TTL)
        self._pop = self.server.register_script(_POP)
        self._recover = self.server.register_script(_RECOVER)
        self._drained = self.server.register_script(_DRAINED)
        self._leave = self.server.register_script(_LEAVE)
        self._heartbeat = None
        self.joined = False

    @classmethod
    def from_crawler(cls, crawler) -> "Run":
        run = cls(crawler.settings)
        crawler.signals.connect(run.close, signal=signals.engine_stopped)
        return run

    @classmethod
    def of(cls, crawler) -> "Run":
        """The crawler's Run extension (built after the spider: look it up when it is needed, not before)."""
        run = crawler.get_extension(cls)
        if run is None:
            raise RuntimeError("crawler.distributed.Run is not in EXTENSIONS (the Distributed add-on puts it there)")
        return run

    def close(self) -> None:
        self.leave()
        self.server.close()

    # --- membership -----------------------------------------------------------------------
    def join(self) -> None:
        from twisted.internet import task

        self.beat()
        self.joined = True
        self._heartbeat = task.LoopingCall(self._beat_safely)
        self._heartbeat.start(max(self.lease / 4, 0.1), now=False)
        logger.info("worker %s joined run %s (lease %ss)", self.worker, self.run_id, self.lease)

    def beat(self) -> None:
        with self.server.pipeline() as pipe:
            pipe.zadd(self.keys.workers, {self.worker: time.time() + self.lease})
            for key in (self.keys.workers, self.keys.queue, self.keys.dupefilter, self.keys.stats):
                pipe.expire(key, self.ttl)
            pipe.execute()

    def _beat_safely(self) -> None:
        try:
            self.beat()
        except Exception as e:  # a Redis hiccup must not stop the heartbeat for good
            logger.warning("worker %s: heartbeat failed: %s", self.worker, e)

    def leave(self) -> bool:
        """Leave the run; True when this worker was the last one and the drained run's keys are gone."""
        if self._heartbeat is not None and self._heartbeat.running:
            self._heartbeat.stop()
        if not self.joined:
            return False
        self.joined = False
        k = self.keys
        last = bool(self._leave(keys=[k.workers, k.queue, k.dupefilter, k.stats, self.processing], args=[self.worker]))
        logger.info("worker %s left run %s%s", self.worker, self.run_id, " (the last: run keys deleted)" if last else "")
        return last

    # --- the reliable queue -----------------------------------------------------------------
    def pop(self) -> bytes | None:
        """The next request's data, now leased to this worker (in its processing set)."""
        data = self._pop(keys=[self.keys.queue, self.processing, self.keys.workers],
                         args=[self.worker, time.time() + self.lease])
        return data or None

    def ack(self, data: bytes) -> None:
        self.server.zrem(self.processing, data)

    def release_all(self) -> int:
        """Forget every request leased by this worker (when nothing is in flight here, they are all done)."""
        with self.server.pipeline() as pipe:
            pipe.zcard(self.processing)
            pipe.delete(self.processing)
            n, _ = pipe.execute()
        return n

    def recover(self) -> int:
        """Put the requests of workers whose lease ran out back into the queue."""
        n = self._recover(keys=[self.keys.workers, self.keys.queue], args=[time.time(), self.keys.processing])
        if n:
            logger.warning("run %s: put %d requests of a dead worker back into the queue", self.run_id, n)
        return n

    def drained(self) -> bool:
        self.recover()
        return bool(self._drained(keys=[self.keys.workers, self.keys.queue], args=[self.keys.processing]))

    # --- run-wide counters ----------------------------------------------------------------
    def add(self, key: str, count: int) -> None:
        self.server.hincrby(self.keys.stats, key, count)

    def counters(self) -> dict[str, int]:
        return {(k.decode() if isinstance(k, bytes) else k): int(v) for k, v in self.server.hgetall(self.keys.stats).items()}


class RunStats(MemoryStatsCollector):
    """Scrapy's stats, with the per-source counters (source/…) also added to the run's hash in Redis."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self._run: Run | None = None  # stats are built before the extensions: Run is looked up on first use

    @property
    def run(self) -> Run:
        if self._run is None:
            self._run = Run.of(self._crawler)
        return self._run

    def inc_value(self, key, count=1, start=0, spider=None):
        super().inc_value(key, count, start)
        if key.startswith("source/"):
            self.run.add(key, count)

    def run_stats(self) -> dict:
        """This worker's stats with the per-source counters of the whole run."""
        stats = {k: v for k, v in self.get_stats().items() if not k.startswith("source/")}
        stats.update(self.run.counters())
        return stats


class DistributedRunSummary(RunSummary):
    """RunSummary over the whole run: the per-source counts of every worker, judged once for the run.

    Every worker of a run writes the same report (under its own DATA_DIR/state/runs/), with its own
    pages and items under ``worker``; the run history in Redis keeps one summary per run.
    """

    def spider_closed(self, spider, reason):
        run = Run.of(self.crawler)
        services = Services.of(self.crawler)
        stats = self.crawler.stats
        local = stats.get_stats()
        whole = stats.run_stats() if isinstance(stats, RunStats) else local
        mine = per_source(local)
        worker = {"id": run.worker, "pages_fetched": local.get("response_received_count", 0),
                  "items_kept": sum(s["kept"] for s in mine.values())}
        self.report(spider, reason, whole, local, services, run_id=run.run_id, worker=worker)
        # the run is left (Run.close) and the services closed (Services.close) when the engine stops
