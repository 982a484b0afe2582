"""Which Redis and which run a distributed crawl uses: small helpers read from the settings.

A leaf module (it imports nothing of the crawler), so that the command, the services, the Redis state and
the distributed components can all read these without importing each other. Nothing here imports
scrapy_redis: a local crawl (no REDIS_URL) asks `redis_url` and goes no further.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone

DEFAULT_PREFIX = "kechuang"


def redis_url(settings) -> str | None:
    """REDIS_URL from the settings (-s) or the environment; None: a local crawl."""
    return settings.get("REDIS_URL") or os.environ.get("REDIS_URL") or None


def unreachable(url: str) -> str | None:
    """Why the Redis at url cannot be used (for a clear message before the crawl starts), or None."""
    import redis  # only a distributed crawl gets here

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5).ping()
    except (redis.RedisError, OSError, ValueError) as e:
        return f"cannot reach Redis at {url}: {e}"
    return None


def default_run_id() -> str:
    """The UTC date and hour (2024060914): the workers a cron line starts together share it."""
    return datetime.now(timezone.utc).strftime("%Y%m%d%H")


def run_id(settings) -> str:
    return settings.get("RUN_ID") or default_run_id()


def key_prefix(settings) -> str:
    """REDIS_PREFIX: every key of the crawl starts with it."""
    return settings.get("REDIS_PREFIX") or DEFAULT_PREFIX


class RunKeys:
    """The Redis keys of one run: they belong to the run, so the next run starts its frontier afresh."""

    def __init__(self, prefix: str, run_id: str):
        base = f"{prefix}:run:{run_id}"
        self.queue = f"{base}:requests"
        self.dupefilter = f"{base}:dupefilter"
        self.workers = f"{base}:workers"       # zset: worker id → lease deadline (unix time)
        self.processing = f"{base}:processing:"  # + worker id: zset request → priority score
        self.stats = f"{base}:stats"           # hash: source/… counter → value
