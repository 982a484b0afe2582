"""The run's shared resources (state, stores, rejects): one set per crawler, a Scrapy extension."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from scrapy import signals
from w3lib.url import canonicalize_url

from . import settings as defaults
from .redis_config import redis_url
from .redis_state import RedisState
from .state import State
from .store import JsonlShards, WarcArchive

_TRACKING = ("utm_", "spm", "from=", "share", "wfr=", "ivk_sa")


def canonical(url: str) -> str:
    """One spelling per page: sorted query, no fragment, no tracking parameters, lower-case host."""
    parts = urlsplit(canonicalize_url(url))
    query = "&".join(q for q in parts.query.split("&") if q and not q.startswith(_TRACKING))
    host = parts.netloc.lower()
    if host.endswith(":80") and parts.scheme == "http" or host.endswith(":443") and parts.scheme == "https":
        host = host.rsplit(":", 1)[0]
    return urlunsplit((parts.scheme, host, parts.path or "/", query, ""))


class Services:
    """An extension (EXTENSIONS in settings.py) that the spider, the pipelines, the scheduler and the run
    summary reach with `Services.of(crawler)`. It closes when the engine stops: after every spider_closed
    handler, so the run summary can still record the run in the state."""

    def __init__(self, settings):
        data = Path(settings.get("DATA_DIR", defaults.DATA_DIR))
        self._settings = settings
        self._state_dir = settings.get("STATE_DIR") or data / "state"
        self._state: State | RedisState | None = None
        # the stores touch the disk only when the first record is written
        self.corpus = JsonlShards(Path(settings.get("CORPUS_DIR") or data / "corpus"))
        self.rejects = JsonlShards(Path(settings.get("REJECTS_DIR") or data / "rejects"))
        self.archive = WarcArchive(Path(settings.get("RAW_DIR") or data / "raw"))

    @classmethod
    def from_crawler(cls, crawler) -> "Services":
        services = cls(crawler.settings)
        crawler.signals.connect(services.close, signal=signals.engine_stopped)
        return services

    @classmethod
    def of(cls, crawler) -> "Services":
        services = crawler.get_extension(cls)
        if services is None:
            raise RuntimeError("crawler.services.Services is not in EXTENSIONS (crawler/settings.py lists it)")
        return services

    @property
    def state(self) -> State | RedisState:
        """Opened on first use, not when the extension is built: a command that builds a crawler without
        crawling (scrapy shell, fetch) takes no state lock."""
        if self._state is None:
            if redis_url(self._settings):  # a distributed crawl: the state is shared in Redis (crawler/redis_state.py)
                self._state = RedisState.from_settings(self._settings, self._state_dir)
            else:
                self._state = State.open(self._state_dir)
        return self._state

    def close(self) -> None:
        """Idempotent: a test may close what the engine closes again. A closed state stays closed."""
        self.corpus.close()
        self.rejects.close()
        self.archive.close()
        if self._state is not None:
            self._state.close()
