"""What earlier runs stored, in SQLite under STATE_DIR, so a cron run fetches only what is new.

One process at a time owns a state directory: `State.open` takes an exclusive lock on
STATE_DIR/lock and a second run fails fast with `StateLocked` instead of corrupting it.
"""
from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
from pathlib import Path

from cleaners import templates
from cleaners.templates import LineStats, Observation


class StateLocked(RuntimeError):
    pass


SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,          -- canonical URL of an article page
    source TEXT NOT NULL,
    outcome TEXT NOT NULL,         -- 'stored' or the reject reason
    seen_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS contents (
    hash TEXT PRIMARY KEY,         -- hash of the cleaned text
    url TEXT NOT NULL,
    doc_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS storing (
    url TEXT PRIMARY KEY,          -- a record being appended to the corpus (crawler/pipelines.py StorePipeline)
    source TEXT NOT NULL,
    shard TEXT NOT NULL,           -- the shard file it goes to
    doc_id TEXT NOT NULL
);
-- each source's template (cleaners/templates.py): what its stored pages repeat, kept across runs
CREATE TABLE IF NOT EXISTS template_sources (
    source TEXT PRIMARY KEY,
    pages INTEGER NOT NULL         -- the source's pages learned from
);
CREATE TABLE IF NOT EXISTS template_lines (
    source TEXT NOT NULL,
    fp INTEGER NOT NULL,           -- fingerprint of a short line
    count INTEGER NOT NULL,        -- learned pages that held it
    first INTEGER NOT NULL,        -- the source's page number that first held it
    last INTEGER NOT NULL,         -- … and the last
    PRIMARY KEY (source, fp)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS template_bodies (
    source TEXT NOT NULL,
    body INTEGER NOT NULL,         -- fingerprint of a learned page's body: a copy of it teaches nothing
    page INTEGER NOT NULL,
    PRIMARY KEY (source, body)
) WITHOUT ROWID;
-- a source without an `article` regex: the patterns its discovery learned (crawler/discovery.py), for later runs
CREATE TABLE IF NOT EXISTS learned (
    source TEXT PRIMARY KEY,
    patterns TEXT NOT NULL,        -- JSON: {"article": [regex], "follow": [regex], "lists": [url], "articles": n}
    learned_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    started REAL NOT NULL,
    summary TEXT NOT NULL          -- JSON: per source counts
);
"""
# outcomes that are final: fetching the page again would give the same answer
FINAL = ("stored", "duplicate_content", "off_topic", "not_article", "too_short", "not_chinese", "empty")


_HELD: dict[str, object] = {}  # state dir → this process's open lock file (the crawl command hands it to the run)


def lock_state_dir(state_dir: Path):
    """The open lock file, held until closed; StateLocked when another run holds it. A process that holds the
    lock already gets the same file back: `scrapy crawl` takes the lock before the crawl starts and the run's
    State keeps it, so no other run can slip in between."""
    state_dir.mkdir(parents=True, exist_ok=True)
    key = str(state_dir.resolve())
    held = _HELD.get(key)
    if held is not None and not held.closed:
        return held
    fh = open(state_dir / "lock", "a+")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(fh)
        fh.close()
        raise StateLocked(f"state directory {state_dir} is in use by {holder}; this run stops here") from None
    fh.seek(0)
    fh.truncate()
    fh.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
    fh.flush()
    _HELD[key] = fh
    return fh


def _holder(fh, wait: float = 0.5) -> str:
    """What the lock file says of the run that holds it. A run that has just taken the lock writes its pid right
    after, so a run started at the same moment may find the file still empty: it waits a little for the line."""
    deadline = time.monotonic() + wait
    while True:
        fh.seek(0)
        holder = fh.read().strip()
        if holder or time.monotonic() >= deadline:
            return holder or "another run"
        time.sleep(0.01)


class State:
    def __init__(self, state_dir: Path, lock):
        self.dir = state_dir
        self._lock = lock
        self.db = sqlite3.connect(state_dir / "state.sqlite", isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)

    @classmethod
    def open(cls, state_dir: str | Path) -> "State":
        path = Path(state_dir)
        return cls(path, lock_state_dir(path))

    def close(self) -> None:
        self.db.close()
        if self._lock:
            self._lock.close()
            self._lock = None

    # --- articles ----------------------------------------------------------
    def known(self, url: str) -> bool:
        row = self.db.execute("SELECT outcome FROM urls WHERE url = ?", (url,)).fetchone()
        return row is not None and row[0] in FINAL

    def remember(self, url: str, source: str, outcome: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO urls (url, source, outcome, seen_at) VALUES (?, ?, ?, ?)",
            (url, source, outcome, time.time()),
        )

    def claim_content(self, digest: str, url: str, doc_id: str) -> str | None:
        """Record a text's hash; the URL that already holds it, or None when it is new."""
        row = self.db.execute("SELECT url FROM contents WHERE hash = ?", (digest,)).fetchone()
        if row:
            return row[0]
        self.db.execute("INSERT INTO contents (hash, url, doc_id) VALUES (?, ?, ?)", (digest, url, doc_id))
        return None

    # --- store intents (see StorePipeline) --------------------------------------
    def intend(self, url: str, source: str, shard: str, doc_id: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO storing (url, source, shard, doc_id) VALUES (?, ?, ?, ?)",
                        (url, source, shard, doc_id))

    def settle(self, url: str, source: str) -> None:
        """The record is in its shard: the URL is stored and the intent gone, in one transaction."""
        self.db.execute("BEGIN IMMEDIATE")
        self.remember(url, source, "stored")
        self.db.execute("DELETE FROM storing WHERE url = ?", (url,))
        self.db.execute("COMMIT")

    def drop_intent(self, url: str) -> None:
        self.db.execute("DELETE FROM storing WHERE url = ?", (url,))

    def intent_for(self, url: str) -> dict | None:
        row = self.db.execute("SELECT source, shard, doc_id FROM storing WHERE url = ?", (url,)).fetchone()
        return dict(zip(("source", "shard", "doc_id"), row)) if row else None

    def intents(self) -> list[dict]:
        """Intents a killed run left behind (one process owns a local state: every one of them)."""
        rows = self.db.execute("SELECT url, source, shard, doc_id FROM storing").fetchall()
        return [dict(zip(("url", "source", "shard", "doc_id"), row)) for row in rows]

    # --- site templates (the same bookkeeping as cleaners.templates.SiteTemplates) ----------------------------
    def template_lookup(self, source: str, fps: list[int]) -> tuple[int, dict[int, LineStats]]:
        row = self.db.execute("SELECT pages FROM template_sources WHERE source = ?", (source,)).fetchone()
        if row is None or not fps:
            return (row[0] if row else 0), {}
        found: dict[int, LineStats] = {}
        for i in range(0, len(fps), 500):  # SQLite's limit on bound parameters
            part = fps[i:i + 500]
            marks = ",".join("?" * len(part))
            for fp, count, first in self.db.execute(
                    f"SELECT fp, count, first FROM template_lines WHERE source = ? AND fp IN ({marks})", (source, *part)):
                found[fp] = LineStats(count, first)
        return row[0], found

    def learn_template(self, source: str, seen: Observation) -> bool:
        """Count a stored page's short lines for its source; False when the page's body was learned before."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            if db.execute("SELECT 1 FROM template_bodies WHERE source = ? AND body = ?", (source, seen.body)).fetchone():
                db.execute("ROLLBACK")
                return False
            row = db.execute("SELECT pages FROM template_sources WHERE source = ?", (source,)).fetchone()
            n = (row[0] if row else 0) + 1
            db.execute("INSERT OR REPLACE INTO template_sources (source, pages) VALUES (?, ?)", (source, n))
            db.execute("INSERT INTO template_bodies (source, body, page) VALUES (?, ?, ?)", (source, seen.body, n))
            db.executemany("INSERT INTO template_lines (source, fp, count, first, last) VALUES (?, ?, 1, ?, ?) "
                           "ON CONFLICT (source, fp) DO UPDATE SET count = count + 1, last = excluded.last",
                           [(source, fp, n, n) for fp in seen.lines])
            if n % templates.PRUNE_EVERY == 0:
                db.execute("DELETE FROM template_lines WHERE source = ? AND last < ?", (source, n - templates.STALE_PAGES))
                db.execute("DELETE FROM template_bodies WHERE source = ? AND page < ?", (source, n - templates.BODY_PAGES))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return True

    # --- learned patterns ----------------------------------------------------
    def learned(self, source: str) -> dict | None:
        row = self.db.execute("SELECT patterns FROM learned WHERE source = ?", (source,)).fetchone()
        return json.loads(row[0]) if row else None

    def learn(self, source: str, patterns: dict) -> None:
        self.db.execute("INSERT OR REPLACE INTO learned (source, patterns, learned_at) VALUES (?, ?, ?)",
                        (source, json.dumps(patterns, ensure_ascii=False), time.time()))

    # --- runs ----------------------------------------------------------------
    def previous_runs(self) -> list[dict]:
        return [json.loads(s) for (s,) in self.db.execute("SELECT summary FROM runs ORDER BY started")]

    def record_run(self, started: float, summary: dict) -> None:
        self.db.execute("INSERT INTO runs (started, summary) VALUES (?, ?)", (started, json.dumps(summary, ensure_ascii=False)))
