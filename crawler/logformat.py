"""Dropped items are an expected outcome (off-topic, duplicate…), counted in the summary: log them at INFO."""
import logging

from scrapy.logformatter import LogFormatter


class QuietDrops(LogFormatter):
    def dropped(self, item, exception, response, spider=None):
        entry = super().dropped(item, exception, response, spider)
        entry["level"] = logging.INFO
        entry["msg"] = "Dropped: %(exception)s"
        entry["args"] = {"exception": exception}
        return entry
