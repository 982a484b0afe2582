"""A host that does not resolve, or refuses before it ever answered, is given up for the run: no retries, its
other requests fail without being sent, ONE warning line, and the summary names it (crawler/deadhosts.py)."""
import socket

import pytest

from crawler.sample_site import serve, write_seeds

from .crawl_util import scrapy_crawl, summary

QUIET = ("-s", "LOG_LEVEL=WARNING")  # as cron runs it: what is left on stderr is what someone must read
# the default backoff: before the fix, three retries of robots.txt and three of each page cost 2+4+8 s apiece
BACKOFF = ("-s", "RETRY_BACKOFF_BASE=2.0")


def _dead_source(path, urls: list[str]) -> None:
    path.write_text(
        "sources:\n  - id: dead\n    name: 已关闭的站\n"
        f"    start_urls: [{', '.join(repr(u) for u in urls)}]\n"
        "    article: '/art/\\d+\\.html$'\n    follow: ['/col/\\d+\\.html$']\n    topic: all\n",
        encoding="utf-8")


def _assert_given_up_once(proc, work, host: str, reason: str, starts: int, sent: int = 1) -> None:
    assert proc.returncode == 3, proc.stderr[-3000:]  # the source's list pages all failed: cron must hear of it
    lines = proc.stderr.strip().splitlines()
    about_host = [line for line in lines if host in line]
    assert len(about_host) == 1 and "WARNING" in about_host[0] and reason in about_host[0], proc.stderr[-3000:]
    assert len(lines) == 2 and "source dead failed" in lines[1], proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and "Retrying" not in proc.stderr
    report = summary(work)
    assert report["retries"] == 0
    assert report["requests_sent"] == sent  # the first request found the host dead; the others were never sent
    assert report["dead_hosts"] == {host: reason}
    dead = report["sources"]["dead"]
    assert dead["errors"] == starts and dead["error_reasons"] == {reason: starts}
    assert f"{reason} {starts}" in report["failed_sources"]["dead"]


@pytest.mark.parametrize("netguard, sent", [
    ("on", 0),   # the netguard looks the name up before anything is sent, and fails the request there
    ("off", 1),  # the download looks it up: robots.txt is the one request that goes as far as the downloader
])
def test_a_host_that_does_not_resolve_is_one_warning_and_no_retries(tmp_path, netguard, sent):
    """`.invalid` never resolves (RFC 2606) and needs no network."""
    seeds = tmp_path / "seeds.yaml"
    _dead_source(seeds, ["http://kczg.invalid/", "http://kczg.invalid/col/1.html", "https://kczg.invalid/col/2.html"])
    proc = scrapy_crawl(tmp_path, seeds, *QUIET, *BACKOFF, "-s", f"ALLOW_PRIVATE_ADDRESSES={netguard == 'off'}")
    _assert_given_up_once(proc, tmp_path, "kczg.invalid", "dns_error", starts=3, sent=sent)


@pytest.fixture
def refusing_port():
    """A port on 127.0.0.1 that refuses connections for as long as the test runs: bound, never listening."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    yield sock.getsockname()[1]
    sock.close()


def test_a_refused_port_is_given_up_and_the_other_sources_are_crawled(tmp_path, refusing_port):
    server, base = serve()
    try:
        seeds = write_seeds(base, tmp_path / "seeds.yaml")
        _dead_source(tmp_path / "dead.yaml", [f"http://127.0.0.1:{refusing_port}/col/{n}.html" for n in (1, 2)])
        seeds.write_text(seeds.read_text(encoding="utf-8")
                         + "\n" + (tmp_path / "dead.yaml").read_text(encoding="utf-8").split("sources:\n", 1)[1],
                         encoding="utf-8")
        proc = scrapy_crawl(tmp_path, seeds, "-a", "source=dead,sample_trs", *QUIET, *BACKOFF)
    finally:
        server.stop()
    host = f"127.0.0.1:{refusing_port}"
    assert "Traceback" not in proc.stderr and [line for line in proc.stderr.splitlines() if host in line]
    report = summary(tmp_path)
    assert report["sources"]["sample_trs"]["kept"] > 0  # the live source on the same address is not touched
    assert report["dead_hosts"] == {host: "connection_refused"}
    assert report["sources"]["dead"]["error_reasons"] == {"connection_refused": 2}
    assert report["retries"] == 0
    lines = proc.stderr.strip().splitlines()
    assert sum(host in line for line in lines) == 1 and len(lines) == 2, proc.stderr[-3000:]


def test_a_refusal_from_a_host_that_answered_before_is_retried_as_usual():
    """A server restarting mid-run refuses for a moment: only a host:port that never answered is dead."""
    from scrapy.exceptions import DownloadConnectionRefusedError
    from scrapy.http import Request, Response
    from scrapy.utils.test import get_crawler

    from crawler.deadhosts import DeadHosts, HostUnreachable

    hosts = DeadHosts(get_crawler())
    seen = Request("http://127.0.0.1:8001/a.html")
    hosts.process_response(seen, Response(seen.url), None)
    refused = DownloadConnectionRefusedError("Connection was refused by other side: 111")
    assert hosts.process_exception(Request("http://127.0.0.1:8001/b.html"), refused, None) is None  # retry decides
    with pytest.raises(HostUnreachable):
        hosts.process_exception(Request("http://127.0.0.1:8002/b.html"), refused, None)
    with pytest.raises(HostUnreachable, match="connection_refused: 127.0.0.1:8002"):  # and fast from now on
        hosts.process_request(Request("http://127.0.0.1:8002/c.html"), None)
    hosts.process_request(Request("http://127.0.0.1:8001/c.html"), None)  # the other port is not touched
    with pytest.raises(HostUnreachable, match="example.org:80"):
        hosts.process_exception(Request("http://example.org/a.html"), refused, None)
    hosts.process_request(Request("https://example.org/a.html"), None)  # port 443 may well answer
