"""JOBDIR that survives SIGKILL: a queue and seen-set that were not closed cleanly are not trusted.

Scrapy writes the disk queue's bookkeeping (requests.queue/active.json, queuelib's info.json) only when the
spider closes, and requests.seen through a buffer. After a SIGKILL the seen-set may list requests that the
queue has lost: a restart would filter them as duplicates and never fetch them (a list page, and so every
article only it links to). So a run marks JOBDIR as in use and clears the mark after the scheduler has
written its state; a run that finds the mark left behind starts the queue and seen-set afresh. Nothing is
fetched twice for all that: the state (SQLite under STATE_DIR) knows every stored article; only list pages
are fetched again.

An extension rather than a dupefilter: extensions are built before the scheduler opens JOBDIR, and the
dupefilter class stays free for the distributed add-on (crawler/distributed.py) to replace.
"""
from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.job import job_dir

logger = logging.getLogger(__name__)
MARK = "kechuang.running"


class StaleJobdir:
    def __init__(self, path: str):
        self.mark = Path(path, MARK)
        if self.mark.exists():
            logger.warning("JOBDIR %s was not closed cleanly (%s): its request queue and seen-set are discarded; "
                           "the state keeps what was stored", path, self.mark.read_text().strip())
            shutil.rmtree(Path(path, "requests.queue"), ignore_errors=True)
            Path(path, "requests.seen").unlink(missing_ok=True)
        self.mark.write_text(f"pid {os.getpid()}\n")

    @classmethod
    def from_crawler(cls, crawler):
        path = job_dir(crawler.settings)
        if not path:
            raise NotConfigured
        ext = cls(path)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)  # after the scheduler's close
        return ext

    def spider_closed(self, spider, reason):
        self.mark.unlink(missing_ok=True)
