"""A host that cannot be reached is given up for the rest of the run, with one WARNING line.

Without this, a dead site (or a crawl with no network at all) cost 30 s per host and a screenful of stderr:
each DNS failure went through the retry middleware with backoff, first for robots.txt and then for the page,
and Scrapy's robots.txt middleware logged the failure with a 60-line traceback even at LOG_LEVEL=WARNING.

- A DNS failure is final for the host name (any port, any scheme): asking again seconds later does not make a
  name resolve, and with no network nothing will.
- A refused connection is final for host:port when it has answered nothing in this run: nothing listens there.
  A host:port that answered before and refuses now is probably restarting; that is retried as usual.

The request that finds a host dead is not retried, and every later request to it fails at once, without being
sent, with the same reason: a HostUnreachable, which is an IgnoreRequest so that the robots.txt middleware
does not log it. The spider counts it under `errors` with reason `dns_error` or `connection_refused` and logs
nothing more; `deadhost/<reason>/<host>` in the stats becomes the run summary's `dead_hosts`.

Its order (580, see settings.py): process_exception must see a failure before the retry middleware (550) does,
and process_request must run after the robots.txt middleware (100), so that the requests that were waiting for
a dead host's robots.txt fail fast too.
"""
from __future__ import annotations

import logging

from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import error

logger = logging.getLogger(__name__)


def final_reason(exception: BaseException) -> str | None:
    """dns_error or connection_refused (the names crawler.middlewares.failure_reason gives them) for the failures
    that can make a host dead; None for any other."""
    if isinstance(exception, (CannotResolveHostError, error.DNSLookupError)):
        return "dns_error"
    if isinstance(exception, (DownloadConnectionRefusedError, error.ConnectionRefusedError)):
        return "connection_refused"
    return None


class HostUnreachable(IgnoreRequest):
    def __init__(self, host: str, reason: str, detail: str):
        self.host, self.reason, self.detail = host, reason, detail
        super().__init__(f"{reason}: {host} is unreachable ({detail})")


def _host_port(request) -> tuple[str, str]:
    """The host name, and host:port (the scheme's port when the URL names none: http://x/ is x:80, not x:443)."""
    parsed = urlparse_cached(request)
    host = (parsed.hostname or "").lower()
    return host, f"{host}:{parsed.port or {'https': 443}.get(parsed.scheme, 80)}"


class DeadHosts:
    def __init__(self, crawler):
        self.stats = crawler.stats
        self.dead: dict[str, HostUnreachable] = {}  # a host name (DNS) or host:port (refused) → why
        self.answered: set[str] = set()             # host:port that gave a response in this run

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _known_dead(self, request) -> HostUnreachable | None:
        host, netloc = _host_port(request)
        return self.dead.get(host) or self.dead.get(netloc)

    def process_request(self, request, spider=None):
        dead = self._known_dead(request)
        if dead is not None:
            raise self._fail(dead)
        return None

    def process_response(self, request, response, spider=None):
        self.answered.add(_host_port(request)[1])
        return response

    def process_exception(self, request, exception, spider=None):
        if isinstance(exception, HostUnreachable):
            return None  # raised by process_request above: already counted
        reason = final_reason(exception)
        host, netloc = _host_port(request)
        if reason is None or (reason == "connection_refused" and netloc in self.answered):
            return None  # another failure, or a host that answered before: the retry middleware decides
        dead = self._known_dead(request)  # requests in flight when the host was found dead end here too
        if dead is None:
            dead = self.dead[host if reason == "dns_error" else netloc] = HostUnreachable(
                host if reason == "dns_error" else netloc, reason, str(exception).strip() or type(exception).__name__)
            logger.warning("%s; given up for this run: no retries, its other requests fail without being sent "
                           "(found on %s)", dead, request.url)
        raise self._fail(dead) from exception

    def _fail(self, dead: HostUnreachable) -> HostUnreachable:
        self.stats.inc_value(f"deadhost/{dead.reason}/{dead.host}")
        return HostUnreachable(dead.host, dead.reason, dead.detail)  # a fresh exception: no traceback piles up
