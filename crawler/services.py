"""The run's shared resources (state, stores, rejects), one set per crawler, closed when the spider closes."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url

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
    def __init__(self, settings):
        data = Path(settings.get("DATA_DIR", "data"))
        state_dir = settings.get("STATE_DIR") or data / "state"
        from .distributed import redis_url

        if redis_url(settings):  # a distributed crawl: the state is shared in Redis (crawler/redis_state.py)
            from .redis_state import RedisState

            self.state = RedisState.from_settings(settings, state_dir)
        else:
            self.state = State.open(state_dir)
        self.corpus = JsonlShards(Path(settings.get("CORPUS_DIR") or data / "corpus"))
        self.rejects = JsonlShards(Path(settings.get("REJECTS_DIR") or data / "rejects"))
        self.archive = WarcArchive(Path(settings.get("RAW_DIR") or data / "raw"))

    @classmethod
    def of(cls, crawler) -> "Services":
        services = getattr(crawler, "_kechuang_services", None)
        if services is None:
            services = crawler._kechuang_services = cls(crawler.settings)
        return services

    def close(self) -> None:
        self.corpus.close()
        self.rejects.close()
        self.archive.close()
        self.state.close()
