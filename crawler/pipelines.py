"""archive → clean → judge (relevance) → deduplicate → store. Every drop is counted and written with its reason."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import signal
import unicodedata

from scrapy.exceptions import DropItem

from cleaners.inputs import RawDoc
from cleaners.pipeline import process
from cleaners.relevance import relevance

from .services import Services
from .store import today

logger = logging.getLogger(__name__)


class _Step:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def services(self) -> Services:
        return Services.of(self.crawler)

    def count(self, item: dict, key: str) -> None:
        self.stats.inc_value(f"source/{item['source_id']}/{key}")

    def reject(self, item: dict, reason: str, detail: str = "") -> None:
        """Write the reject, remember the outcome for the next run, and drop the item."""
        record = item.get("record") or {"id": item.get("warc_id"), "url": item["url"]}
        self.services.rejects.write({"reason": reason, "detail": detail, "source_id": item["source_id"], **record})
        self.services.state.remember(item["canonical"], item["source_id"], reason)
        self.count(item, f"rejected/{reason}")
        self.stats.inc_value(f"rejected/{reason}")
        raise DropItem(f"{reason}: {item['url']} {detail}".strip())


class ArchivePipeline(_Step):
    """The raw response goes to WARC before anything can go wrong with it."""

    def process_item(self, item, spider=None):
        item["warc_id"] = self.services.archive.write(item["url"], item["status"], item["headers"], item["body"])
        return item


class CleanPipeline(_Step):
    """The same cleaning as `python -m cleaners clean` on the WARC record."""

    def process_item(self, item, spider=None):
        raw = RawDoc(item["warc_id"], "html", item.pop("body"), url=item["url"], content_type=item.get("content_type"))
        record, reason = process(raw)
        record["site"] = record.get("site") or item["site"]
        record["region"] = item["region"]
        item["record"] = record
        if reason:
            self.reject(item, reason, record.get("detail", ""))
        return item


class RelevancePipeline(_Step):
    """Sources that publish everything (topic: keywords) keep only 科创 stories."""

    def process_item(self, item, spider=None):
        if item["topic"] == "keywords":
            record = item["record"]
            on_topic, why = relevance(record.get("title"), record.get("text", ""))
            if not on_topic:
                self.reject(item, "off_topic", why)
        return item


_SPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    return hashlib.sha1(_SPACE.sub("", unicodedata.normalize("NFKC", text)).encode("utf-8")).hexdigest()


class DedupPipeline(_Step):
    """A story reposted under another URL, in this run or an earlier one, is stored once."""

    def process_item(self, item, spider=None):
        record = item["record"]
        holder = self.services.state.claim_content(content_hash(record["text"]), item["canonical"], record["id"])
        if holder and holder != item["canonical"]:
            self.reject(item, "duplicate_content", f"same text as {holder}")
        return item


class StorePipeline(_Step):
    """Append to today's shard; what reaches the feed (-O) is the clean record alone.

    Exactly once, even when the process is killed (SIGKILL, OOM, power) between the shard write and the
    state update: the intent (URL, shard, record id) is committed to the state first, then the line is
    appended, then the URL is marked stored and the intent dropped in one transaction. A run that finds
    intents left over looks for each record id in its shard: there → marked stored (not fetched again);
    absent → forgotten (fetched again). FAULT_KILL_AFTER_STORES=N (tests only) kills the process with
    SIGKILL right after the Nth shard write, inside that window.
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        self.kill_after = crawler.settings.getint("FAULT_KILL_AFTER_STORES", 0)
        self.stored = 0

    @property
    def _journal(self):
        """The SQLite connection the intents live in; None for a state without one (Redis: crawler/redis_state.py)."""
        return getattr(self.services.state, "db", None)

    def open_spider(self, spider=None):
        db = self._journal
        if db is None:
            return
        db.execute("CREATE TABLE IF NOT EXISTS storing (url TEXT PRIMARY KEY, source TEXT NOT NULL, "
                   "shard TEXT NOT NULL, doc_id TEXT NOT NULL)")
        pending = db.execute("SELECT url, source, shard, doc_id FROM storing").fetchall()
        if pending:
            self._reconcile(pending)

    def _reconcile(self, pending) -> None:
        ids_in: dict[str, set] = {}
        for shard in {row[2] for row in pending}:
            found = ids_in[shard] = set()
            try:
                with open(self.services.corpus.root / shard, "rb") as f:
                    for line in f:
                        try:
                            found.add(json.loads(line).get("id"))
                        except ValueError:
                            continue  # a torn last line: that record is not stored
            except FileNotFoundError:
                pass
        db = self._journal
        db.execute("BEGIN IMMEDIATE")
        for url, source, shard, doc_id in pending:
            if doc_id in ids_in[shard]:
                self.services.state.remember(url, source, "stored")
            db.execute("DELETE FROM storing WHERE url = ?", (url,))
        db.execute("COMMIT")
        recovered = sum(1 for _, _, shard, doc_id in pending if doc_id in ids_in[shard])
        self.stats.set_value("store/recovered", recovered)
        logger.warning("an earlier run was interrupted while storing %d record(s): %d found in the corpus "
                           "(kept), %d not (fetched again)", len(pending), recovered, len(pending) - recovered)

    def process_item(self, item, spider=None):
        record = item["record"]
        state, corpus, db = self.services.state, self.services.corpus, self._journal
        day = today()
        if db is not None:
            db.execute("INSERT OR REPLACE INTO storing (url, source, shard, doc_id) VALUES (?, ?, ?, ?)",
                       (item["canonical"], item["source_id"], f"{day}.jsonl", str(record["id"])))
        corpus.write(record, day)
        self.stored += 1
        if self.kill_after and self.stored == self.kill_after:
            os.kill(os.getpid(), signal.SIGKILL)  # fault injection: the worst moment to die
        if db is None:
            state.remember(item["canonical"], item["source_id"], "stored")
        else:
            db.execute("BEGIN IMMEDIATE")
            state.remember(item["canonical"], item["source_id"], "stored")
            db.execute("DELETE FROM storing WHERE url = ?", (item["canonical"],))
            db.execute("COMMIT")
        self.count(item, "kept")
        return record
