"""archive → clean (and judge, and the relevance of a topic: keywords source; then the source's template) →
deduplicate → store (and learn the source's template). Every drop is counted and written with its reason."""
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
from cleaners.limits import MIN_CHARS
from cleaners.output import reject_record
from cleaners.pipeline import process
from cleaners.templates import Page, rejudge, strip_record

from . import counters
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
        counters.count(self.stats, item["source_id"], key)  # names from crawler/counters.py: the summary shows them

    def reject(self, item: dict, reason: str, detail: str = "") -> None:
        """Write the reject, remember the outcome for the next run, and drop the item."""
        record = item.get("record") or {"id": item.get("warc_id"), "url": item["url"]}
        self.services.rejects.write(reject_record(reason, {"detail": detail, "source_id": item["source_id"], **record}))
        self.services.state.remember(item["canonical"], item["source_id"], reason)
        self.count(item, f"rejected/{reason}")
        self.stats.inc_value(f"rejected/{reason}")
        raise DropItem(f"{reason}: {item['url']} {detail}".strip())


class ArchivePipeline(_Step):
    """The raw response goes to WARC before anything can go wrong with it."""

    def process_item(self, item, spider=None):
        item["warc_id"] = self.services.archive.write(item["url"], item["status"], item["headers"], item["body"],
                                                      context=_context(item))
        return item


def _context(item: dict) -> dict:
    """What the seed says of the page, for the cleaner: the same in the crawl and when data/raw/ is cleaned again."""
    return {"site": item["site"], "region": item["region"], "topic": item["topic"]}


class CleanPipeline(_Step):
    """The same cleaning as `python -m cleaners clean` on the WARC record, the site template included: the
    CLI learns it per host within a run, the crawl per source in its state, so a cron run starts with what
    the earlier runs learned (SITE_TEMPLATES=False turns it off, as --no-templates does)."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.templates = crawler.settings.getbool("SITE_TEMPLATES", True)

    def process_item(self, item, spider=None):
        raw = RawDoc(item["warc_id"], "html", item.pop("body"), url=item["url"], content_type=item.get("content_type"),
                     fields=_context(item))
        record, reason = process(raw)  # off_topic too, for a source with topic: keywords
        item["record"] = record
        # the dedup's hash is of the text before the source's template goes (as the CLI's --dedup signature):
        # a copy of a page stored before the template was learned must still be found a copy once it is
        item["content_hash"] = content_hash(record.get("text") or "")
        if reason:
            self.reject(item, reason, record.get("detail", ""))
        if self.templates:
            reason = self._strip_template(item)
            if reason:
                self.reject(item, reason, record.get("detail", ""))
        return item

    def _strip_template(self, item: dict) -> str | None:
        record = item["record"]
        page = Page.of(record.get("text") or "")
        item["template_seen"] = page.observation()  # learned once the page is stored (StorePipeline)
        pages, stats = self.services.state.template_lookup(item["source_id"], page.candidates())
        if pages and strip_record(record, page, pages, stats):
            self.stats.inc_value("template/pages_stripped")
            return rejudge(record, MIN_CHARS, item["topic"])
        return None


_SPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    return hashlib.sha1(_SPACE.sub("", unicodedata.normalize("NFKC", text)).encode("utf-8")).hexdigest()


class DedupPipeline(_Step):
    """A story reposted under another URL, in this run or an earlier one, is stored once."""

    def process_item(self, item, spider=None):
        record = item["record"]
        digest = item.get("content_hash") or content_hash(record["text"])
        holder = self.services.state.claim_content(digest, item["canonical"], record["id"])
        if holder and holder != item["canonical"]:
            self.reject(item, "duplicate_content", f"same text as {holder}")
        return item


class StorePipeline(_Step):
    """Append to today's shard; what reaches the feed (-O) is the clean record alone.

    Exactly once, even when the process is killed (SIGKILL, OOM, power) between the shard write and the
    state update: the intent (URL, shard, record id) is committed to the state first, then the line is
    appended, then the URL is marked stored and the intent dropped in one transaction. An intent left over
    is settled by looking for its record id in its shard: there → the URL is marked stored (not stored or
    fetched again); absent → the intent is dropped (the article is stored when it is fetched again).
    A local state settles every left-over intent when the next run starts. In a distributed crawl
    (crawler/redis_state.py) the killed worker's requests go back into the queue, and the worker that fetches
    the URL again settles the intent before it stores; a shard it cannot read (another machine's disk) is
    counted as ``store/unverified`` and the record is stored (nothing lost; at most one duplicate, logged).
    FAULT_KILL_AFTER_STORES=N (tests only) kills the process with SIGKILL right after the Nth shard write,
    inside that window.
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        self.kill_after = crawler.settings.getint("FAULT_KILL_AFTER_STORES", 0)
        self.stored = 0

    def open_spider(self, spider=None):
        pending = self.services.state.intents()
        if not pending:
            return
        shards: dict = {}  # each shard is read once, however many intents point into it
        found = sum(1 for intent in pending if self._settle(intent["url"], intent, shards))
        self.stats.set_value("store/recovered", found)
        logger.warning("an earlier run was interrupted while storing %d record(s): %d found in the corpus "
                       "(kept), %d not (fetched again)", len(pending), found, len(pending) - found)

    def _settle(self, url: str, intent: dict, shards: dict | None = None) -> bool | None:
        """Settle an intent left by a killed process: True when its record is in its shard, False when not,
        None when the shard cannot be read here. `shards` caches the record ids of the shards read."""
        state = self.services.state
        shard = self.services.corpus.root / intent["shard"]  # an absolute path stays as it is
        shards = {} if shards is None else shards
        try:
            if shard not in shards:
                shards[shard] = _record_ids(shard)
            present = str(intent["doc_id"]) in shards[shard]
        except FileNotFoundError:
            present = False if shard.parent.is_dir() else None
        except OSError:
            present = None
        if present is None:
            return None
        if present:
            state.settle(url, intent["source"])
        else:
            state.drop_intent(url)
        return present

    def process_item(self, item, spider=None):
        record, url = item["record"], item["canonical"]
        state, corpus = self.services.state, self.services.corpus
        left = state.intent_for(url)
        if left is not None:  # a process died storing this URL (possibly another worker)
            present = self._settle(url, left)
            if present:
                self.stats.inc_value("store/recovered")
                self.count(item, "kept")
                raise DropItem(f"already in the corpus ({left['shard']}), stored by a process that was killed: {item['url']}")
            if present is None:
                self.stats.inc_value("store/unverified")
                logger.warning("%s: a killed worker may have stored it in %s, which this machine cannot read; "
                               "storing it here", item["url"], left["shard"])
        day = today()
        shard = corpus.root.resolve() / f"{day}.jsonl"
        state.intend(url, item["source_id"], str(shard), str(record["id"]))
        corpus.write(record, day)
        self.stored += 1
        if self.kill_after and self.stored == self.kill_after:
            os.kill(os.getpid(), signal.SIGKILL)  # fault injection: the worst moment to die
        state.settle(url, item["source_id"])
        self.count(item, "kept")
        if item.get("template_seen") is not None:  # only stored pages teach: not the judge's or the dedup's rejects
            state.learn_template(item["source_id"], item["template_seen"])
        return record


def _record_ids(shard) -> set:
    """The record ids in a corpus shard; a torn last line (a killed write) holds no record."""
    found = set()
    with open(shard, "rb") as f:
        for line in f:
            try:
                found.add(str(json.loads(line).get("id")))
            except (ValueError, AttributeError):
                continue
    return found
