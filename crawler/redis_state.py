"""The state of crawler/state.py (what earlier runs stored, content hashes, run history) in Redis, shared by
every worker of a distributed crawl (see crawler/distributed.py). Same interface as `State`; no lock: many
workers at once is the point, and each operation is one atomic Redis command.

Keys (prefix REDIS_PREFIX, default ``kechuang``):
  <prefix>:state:urls      hash  canonical URL → "<outcome> <source>"
  <prefix>:state:contents  hash  content hash  → canonical URL that holds it (HSETNX: the first claim wins)
  <prefix>:state:runs      hash  run id → {"started": …, "summary": {…}} (one record per run, the run's counts)
  <prefix>:state:storing   hash  canonical URL → {"source", "shard" (absolute path), "doc_id", "host", "pid"}:
                                 a record being appended to a worker's corpus (crawler/pipelines.py StorePipeline)
  <prefix>:state:learned   hash  source → the patterns its discovery learned (JSON, crawler/discovery.py)
  <prefix>:state:template:pages            hash  source → pages learned from (cleaners/templates.py)
  <prefix>:state:template:<source>:count   hash  line fingerprint → learned pages that held it
  <prefix>:state:template:<source>:first   hash  line fingerprint → the source's page number that first held it
  <prefix>:state:template:<source>:last    hash  line fingerprint → … and the last (for forgetting stale lines)
  <prefix>:state:template:<source>:bodies  hash  body fingerprint → page number: a copy of it teaches nothing

Only summary files stay local: under `dir` (DATA_DIR/state by default), runs/*.json, written by the run summary.
"""
from __future__ import annotations

import json
import os
import socket
from pathlib import Path

from cleaners import templates
from cleaners.templates import LineStats, Observation

from .redis_config import DEFAULT_PREFIX, key_prefix, redis_url, run_id
from .state import FINAL


class RedisState:
    def __init__(self, server, state_dir: Path, prefix: str = DEFAULT_PREFIX, run_id: str = "local"):
        self.server = server
        self.dir = Path(state_dir)
        self.run_id = run_id
        self._urls = f"{prefix}:state:urls"
        self._contents = f"{prefix}:state:contents"
        self._runs = f"{prefix}:state:runs"
        self._storing = f"{prefix}:state:storing"
        self._template = f"{prefix}:state:template"
        self._learned = f"{prefix}:state:learned"

    @classmethod
    def from_settings(cls, settings, state_dir: str | Path) -> "RedisState":
        from scrapy_redis import defaults
        from scrapy_redis.connection import get_redis

        params = {**defaults.REDIS_PARAMS, **settings.getdict("REDIS_PARAMS")}
        server = get_redis(url=redis_url(settings), **params)
        return cls(server, Path(state_dir), key_prefix(settings), run_id(settings))

    def close(self) -> None:
        self.server.close()

    # --- articles ----------------------------------------------------------
    def known(self, url: str) -> bool:
        value = self.server.hget(self._urls, url)
        return value is not None and _text(value).split(" ", 1)[0] in FINAL

    def remember(self, url: str, source: str, outcome: str) -> None:
        self.server.hset(self._urls, url, f"{outcome} {source}")

    def claim_content(self, digest: str, url: str, doc_id: str) -> str | None:
        """Record a text's hash; the URL that already holds it, or None when it is new (atomic across workers)."""
        if self.server.hsetnx(self._contents, digest, url):
            return None
        holder = self.server.hget(self._contents, digest)
        return _text(holder) if holder is not None else None

    # --- store intents (see StorePipeline) --------------------------------------
    def intend(self, url: str, source: str, shard: str, doc_id: str) -> None:
        intent = {"source": source, "shard": shard, "doc_id": doc_id, "host": socket.gethostname(), "pid": os.getpid()}
        self.server.hset(self._storing, url, json.dumps(intent, ensure_ascii=False))

    def settle(self, url: str, source: str) -> None:
        """The record is in its shard: the URL is stored and the intent gone, in one MULTI/EXEC."""
        with self.server.pipeline(transaction=True) as pipe:
            pipe.hset(self._urls, url, f"stored {source}")
            pipe.hdel(self._storing, url)
            pipe.execute()

    def drop_intent(self, url: str) -> None:
        self.server.hdel(self._storing, url)

    def intent_for(self, url: str) -> dict | None:
        value = self.server.hget(self._storing, url)
        return json.loads(_text(value)) if value is not None else None

    def intents(self) -> list[dict]:
        """None to settle at start: other workers' intents may be in flight. StorePipeline settles a left-over
        intent when its URL comes back to be stored (a dead worker's requests go back into the queue)."""
        return []

    # --- site templates (the same bookkeeping as cleaners.templates.SiteTemplates) ----------------------------
    def template_lookup(self, source: str, fps: list[int]) -> tuple[int, dict[int, LineStats]]:
        pages = self.server.hget(f"{self._template}:pages", source)
        if pages is None or not fps:
            return int(pages or 0), {}
        key = f"{self._template}:{source}"
        counts = self.server.hmget(f"{key}:count", [str(fp) for fp in fps])
        firsts = self.server.hmget(f"{key}:first", [str(fp) for fp in fps])
        return int(pages), {fp: LineStats(int(c), int(f)) for fp, c, f in zip(fps, counts, firsts)
                            if c is not None and f is not None}

    def learn_template(self, source: str, seen: Observation) -> bool:
        """Count a stored page's short lines for its source; False when the page's body was learned before.
        Workers learn at once: the body is claimed with HSETNX (one of two copies teaches), the page number
        comes from HINCRBY; a line pruned by one worker while another counts it only starts again (lossy, as
        the template allows: a real template line is back above the threshold within MIN_PAGES pages)."""
        key = f"{self._template}:{source}"
        if not self.server.hsetnx(f"{key}:bodies", str(seen.body), 0):
            return False
        n = self.server.hincrby(f"{self._template}:pages", source, 1)
        with self.server.pipeline(transaction=True) as pipe:
            pipe.hset(f"{key}:bodies", str(seen.body), n)
            for fp in seen.lines:
                pipe.hincrby(f"{key}:count", str(fp), 1)
                pipe.hsetnx(f"{key}:first", str(fp), n)
            if seen.lines:
                pipe.hset(f"{key}:last", mapping={str(fp): n for fp in seen.lines})
            pipe.execute()
        if n % templates.PRUNE_EVERY == 0:
            self._prune_template(key, n)
        return True

    def _prune_template(self, key: str, n: int) -> None:
        stale = [fp for fp, last in self.server.hgetall(f"{key}:last").items() if int(last) < n - templates.STALE_PAGES]
        old = [body for body, page in self.server.hgetall(f"{key}:bodies").items()
               if 0 < int(page) < n - templates.BODY_PAGES]  # 0: claimed by a worker that is still counting it
        with self.server.pipeline(transaction=True) as pipe:
            for part in range(0, len(stale), 1000):
                for name in ("count", "first", "last"):
                    pipe.hdel(f"{key}:{name}", *stale[part:part + 1000])
            for part in range(0, len(old), 1000):
                pipe.hdel(f"{key}:bodies", *old[part:part + 1000])
            pipe.execute()

    # --- runs ----------------------------------------------------------------
    def learned(self, source: str) -> dict | None:
        value = self.server.hget(self._learned, source)
        return json.loads(_text(value)) if value is not None else None

    def learn(self, source: str, patterns: dict) -> None:
        """Each worker learns from the pages it saw: the workers of one run add up, a later run replaces."""
        old = self.learned(source)
        patterns = dict(patterns, run=self.run_id)
        if old and old.get("run") == self.run_id:
            for key in ("article", "follow", "lists"):
                patterns[key] = sorted(set(old.get(key, [])) | set(patterns.get(key, [])))
            patterns["articles"] = old.get("articles", 0) + patterns.get("articles", 0)
        self.server.hset(self._learned, source, json.dumps(patterns, ensure_ascii=False))

    def previous_runs(self) -> list[dict]:
        """The summaries of the other runs, oldest first (the current run, still being written, is left out)."""
        runs = []
        for run_id, value in self.server.hgetall(self._runs).items():
            if _text(run_id) != self.run_id:
                record = json.loads(_text(value))
                runs.append((record["started"], record["summary"]))
        return [summary for _, summary in sorted(runs, key=lambda r: r[0])]

    def record_run(self, started: float, summary: dict) -> None:
        """The run's summary; every worker of the run writes it, the last to finish (most complete) stays."""
        old = self.server.hget(self._runs, self.run_id)
        if old is not None:
            started = min(started, json.loads(_text(old))["started"])
        self.server.hset(self._runs, self.run_id, json.dumps({"started": started, "summary": summary}, ensure_ascii=False))


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value
