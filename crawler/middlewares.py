"""Retries that back off: a struggling server gets more time between attempts, not the same hammering."""
from __future__ import annotations

import asyncio

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as _RobotsTxt
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from crawler import settings as defaults  # the one place a default is written: a bare crawler gets the project's


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry, plus a delay of RETRY_BACKOFF_BASE * 2^(n-1) s (capped) before attempt n+1."""

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", defaults.RETRY_BACKOFF_BASE)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", defaults.RETRY_BACKOFF_MAX)

    def _retry(self, request, reason):
        retry = super()._retry(request, reason)
        if retry is not None:
            retry.meta["retry_delay"] = min(self.base * 2 ** (retry.meta["retry_times"] - 1), self.cap)
        return retry


class RetryDelayMiddleware:
    """Waits out a retry's delay without blocking other downloads."""

    async def process_request(self, request, spider=None):
        delay = request.meta.pop("retry_delay", 0)
        if delay > 0:
            await asyncio.sleep(delay)
        return None


class RedirectLoopMiddleware:
    """A redirect back to a URL this request already went through is a loop: an error with that reason.

    Without it the scheduler's dupefilter drops the looping request without a word, and the article link
    ends neither fetched nor in error. (An endless chain of new URLs ends at REDIRECT_MAX_TIMES.)
    """

    def process_response(self, request, response, spider=None):
        if response.status in (301, 302, 303, 307, 308) and b"Location" in response.headers:
            from scrapy.exceptions import IgnoreRequest
            from w3lib.url import safe_url_string

            target = safe_url_string(response.urljoin(response.headers[b"Location"].decode("latin-1")))
            seen = [*request.meta.get("redirect_urls", []), request.url]
            if target in seen:
                raise IgnoreRequest(f"redirect loop: {' -> '.join([*seen, target])}")
        return response


def failure_reason(failure) -> str:
    """A short, stable name for why a request finally failed, for the run summary (errors by reason)."""
    from scrapy.exceptions import (CannotResolveHostError, DownloadCancelledError, DownloadConnectionRefusedError,
                                   DownloadTimeoutError, IgnoreRequest, ResponseDataLossError)
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.internet import error

    from crawler.deadhosts import HostUnreachable

    value = getattr(failure, "value", failure)
    message = str(value)
    if isinstance(value, HostUnreachable):  # a dead host: the reason that made it dead (dns_error…)
        return value.reason
    if isinstance(value, HttpError):
        return f"http_{value.response.status}"
    if isinstance(value, IgnoreRequest):
        if message.startswith("blocked_address"):
            return "blocked_address"
        if "max redirections" in message or message.startswith("redirect loop"):
            return "redirect_loop"
        if "exceeded DOWNLOAD_MAXSIZE" in message \
                or type(value.__cause__).__name__ == "_DecompressionMaxSizeExceeded":
            # HttpCompressionMiddleware's refusal of a body that inflates past the cap (a gzip bomb): the same
            # fault as a plain body over DOWNLOAD_MAXSIZE, which the download handler cancels
            return "too_large"
        return "ignored"
    if isinstance(value, (DownloadTimeoutError, error.TimeoutError)):
        return "timeout"
    if isinstance(value, DownloadCancelledError):
        # the HTTP handler cancels a download for one reason: DOWNLOAD_MAXSIZE, announced or counted
        return "too_large"
    if isinstance(value, ResponseDataLossError) or "_DataLoss" in message:
        return "truncated"
    if isinstance(value, (error.ConnectionLost, error.ConnectionDone)) \
            or any(name in message for name in ("ConnectionLost", "ConnectionDone", "ResponseNeverReceived")):
        return "connection_lost"
    if isinstance(value, (DownloadConnectionRefusedError, error.ConnectionRefusedError)):
        return "connection_refused"
    if isinstance(value, (CannotResolveHostError, error.DNSLookupError)):
        return "dns_error"
    return type(value).__name__


class RobotsTxtMiddleware(_RobotsTxt):
    """Scrapy's robots.txt middleware, fixed for requests that wait for a robots.txt already being fetched.

    Scrapy 2.13+ awaits the one Deferred per host from every waiting request; the first waiter's callback
    consumes its result, so the others get None and are let through unchecked (a disallowed page fetched).
    Once the Deferred has fired, the parser is in ``_parsers``: take it from there.
    """

    async def robot_parser(self, request):
        parser = await super().robot_parser(request)
        if parser is None:
            known = self._parsers.get(urlparse_cached(request).netloc)
            if known is not None and not isinstance(known, Deferred):
                parser = known
        return parser


class WallTimeMiddleware:
    """Drops the queued list requests of a source whose SOURCE_WALL_TIME is up (OverBound, counted as
    over_wall_time by the spider's errback), before any download or robots.txt fetch.

    The spider stops asking for new list pages of such a source, but pages it asked for earlier may still wait
    in the queue; a wide column (hundreds of index_N pages found at once) would otherwise go on for as long as
    they take. Articles are let through: those were found on pages read in time, and fetch no further pages.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        from crawler.budget import OverBound

        spider = self.crawler.spider
        meta = request.meta  # (a dataproxy call's "start" is its first record, a number: not a start page)
        if meta.get("kind") == "list" and meta.get("start") is not True and hasattr(spider, "out_of_time") \
                and spider.out_of_time(meta.get("source")):
            raise OverBound(f"source {meta.get('source')}: SOURCE_WALL_TIME is up; list page {request.url} "
                            "not fetched")
        return None
