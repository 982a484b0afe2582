"""The crawler fetches the public web only: no loopback, private, link-local or otherwise non-public address.

A seed, a link on a hostile page or a redirect could point the crawler at 127.0.0.1, a router's admin page,
the cloud metadata service (169.254.169.254) or an intranet host. `NetGuard` (a downloader middleware that
runs first, so robots.txt fetches and every redirect hop pass through it too) resolves each request's host
with getaddrinfo and refuses the request when *any* answer is not a public address: an IgnoreRequest whose
message starts with ``blocked_address``, counted in ``netguard/blocked`` and ``source/<id>/blocked_address``.

DNS rebinding (a name that answers a public address to the check and a private one to the connection) is
closed twice: each host is resolved once per run and the verdict cached, and `PinnedResolver` (the
TWISTED_DNS_RESOLVER) answers the connection with the very address the guard checked.

Settings:
- ``ALLOW_PRIVATE_ADDRESSES = False``: True turns the guard off (the tests and the offline demo crawl the
  sample site on 127.0.0.1 with it);
- ``PRIVATE_ADDRESS_ALLOWLIST = []``: host names (exact, lower case) allowed to resolve to a non-public
  address, e.g. a trusted intranet mirror; their redirect targets are still checked.

It also takes user:pass@ out of a request URL (a link on a page may carry one), so that credentials never
reach a log line or the corpus.

Not covered: a request sent through an HTTP proxy (the proxy resolves the name, not us).
"""
from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket

from scrapy.exceptions import CannotResolveHostError, IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import defer

from crawler.counters import count

logger = logging.getLogger(__name__)

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# host → the IPv4 address the guard checked; PinnedResolver answers connections from it (one per process)
PINNED: dict[str, str] = {}


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4, Teredo), if any."""
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    return None


def non_public(address: str) -> str | None:
    """Why an address is not on the public internet ('loopback', 'private', …), or None when it is."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # fe80::1%eth0: the zone does not matter
    except ValueError:
        return "unparsable"
    if isinstance(ip, ipaddress.IPv6Address) and (v4 := _embedded_v4(ip)) is not None:
        return non_public(str(v4))
    for name in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(ip, f"is_{name}"):
            return name.replace("_", "-")
    if not ip.is_global:  # 100.64.0.0/10 (carrier-grade NAT) and the like
        return "not-global"
    return None


def check_answers(host: str, addresses: list[str]) -> str | None:
    """The refusal for a host whose answers include a non-public address, or None when all are public."""
    if not addresses:
        return None  # nothing to connect to: the download itself fails with its own error
    for address in addresses:
        why = non_public(address)
        if why:
            return f"blocked_address: {host} resolves to {why} address {address}"
    return None


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


class NetGuard:
    """Refuses requests to hosts that resolve to a non-public address (see the module docstring)."""

    def __init__(self, crawler):
        settings = crawler.settings
        self.stats = crawler.stats
        self.enabled = not settings.getbool("ALLOW_PRIVATE_ADDRESSES", False)
        self.allowlist = {h.lower() for h in settings.getlist("PRIVATE_ADDRESS_ALLOWLIST", [])}
        self._verdicts: dict[str, asyncio.Future] = {}   # host → refusal or None, once per run
        self._unresolvable: dict[str, str] = {}          # host → why its name did not resolve
        self._hinted: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request, spider=None):
        parsed = urlparse_cached(request)
        if parsed.username is not None or parsed.password is not None:
            # a link with user:pass@ (seeds refuse them; a page may carry one): fetched without, so the
            # credentials never reach a request log line, the state or the corpus
            self.stats.inc_value("netguard/credentials_stripped")
            netloc = parsed.netloc.rsplit("@", 1)[1]
            return request.replace(url=parsed._replace(netloc=netloc).geturl())
        if not self.enabled:
            return None
        host = (parsed.hostname or "").lower()
        if not host or parsed.scheme not in ("http", "https") or host in self.allowlist:
            return None
        refusal = await self._verdict(host)
        if host in self._unresolvable:
            # the download would only look the name up again (with no network, another wait for the resolver);
            # crawler/deadhosts.py gives the host up for the run from here
            raise CannotResolveHostError(self._unresolvable[host])
        if refusal:
            self.stats.inc_value("netguard/blocked")
            source = request.meta.get("source")
            if source:
                count(self.stats, source, "blocked_address")
            via = request.meta.get("redirect_urls")
            logger.warning("refused %s: %s%s", request.url, refusal, f" (redirected from {via[0]})" if via else "")
            if host not in self._hinted:  # once per host: how to crawl a mirror or a local copy on purpose
                self._hinted.add(host)
                logger.warning("to crawl %s on purpose (a local copy, an intranet mirror), run with "
                               "-s PRIVATE_ADDRESS_ALLOWLIST=%s or -s ALLOW_PRIVATE_ADDRESSES=True", host, host)
            raise IgnoreRequest(refusal + (f" (redirected from {via[0]})" if via else ""))
        return None

    async def _verdict(self, host: str) -> str | None:
        future = self._verdicts.get(host)
        if future is None:  # the first request for a host resolves it; the others wait for that answer
            future = self._verdicts[host] = asyncio.get_running_loop().create_future()
            try:
                future.set_result(await self._resolve_and_check(host))
            except BaseException as e:  # noqa: BLE001 - hand the same failure to every waiter
                future.set_exception(e)
                raise
        return await asyncio.shield(future)

    async def _resolve_and_check(self, host: str) -> str | None:
        literal = _literal(host)
        if literal:
            return check_answers(host, [literal])
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except socket.gaierror as e:
            self._unresolvable[host] = f"DNS lookup failed: {host}: {e.strerror or e}"
            return None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        refusal = check_answers(host, addresses)
        if refusal is None:
            v4 = next((a for a in addresses if ":" not in a), None)
            if v4:
                PINNED[host] = v4
        return refusal


class PinnedResolver(CachingThreadedResolver):
    """Scrapy's resolver, except that a host the guard has checked connects to the address it checked."""

    def getHostByName(self, name, timeout=()):
        pinned = PINNED.get(name.lower())
        if pinned:
            return defer.succeed(pinned)
        return super().getHostByName(name, timeout)
