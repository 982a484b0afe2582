"""Distributed crawls through a real redis-server: two `scrapy crawl portal` workers share one frontier and one
state, store every article of the sample site exactly once between them, survive one of them being SIGKILLed,
stop when the queue is drained, and a second run stores nothing new. Without REDIS_URL nothing changes."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from crawler.sample_site import Handler, SampleSite, write_seeds

from .conftest import REPO, read_jsonl
from .crawl_util import FAST, manifest

REDIS_SERVER = shutil.which("redis-server")
NO_REDIS = "redis-server is not installed (apt-get install redis-server; .ci/run does it)"
# on a developer's machine the distributed tests are skipped without redis-server; in CI they must run
needs_redis = pytest.mark.skipif(REDIS_SERVER is None and not os.environ.get("CI"), reason=NO_REDIS)
LEASE = "2"  # seconds: a killed worker's requests come back this soon
# the lease of a worker no test kills: a worker whose reactor is held up longer than its lease (a first page's
# imports on a machine busy with other work) is taken for dead and its requests are fetched again by another
STEADY_LEASE = "30"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if REDIS_SERVER is None:
        if os.environ.get("CI"):
            pytest.fail(NO_REDIS)
        pytest.skip(NO_REDIS)
    port = _free_port()
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"redis-server did not start on port {port}")
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


def worker(workdir: Path, seeds: Path, redis: str, run_id: str, *args: str, lease: str = STEADY_LEASE) -> subprocess.Popen:
    """One real `scrapy crawl portal` worker of a distributed run, with its own DATA_DIR."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    return subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"seeds={seeds}",
         "-s", f"DATA_DIR={workdir / 'data'}", "-s", f"SUMMARY_FILE={workdir / 'summary.json'}", *FAST,
         "-s", f"REDIS_URL={redis}", "-s", f"RUN_ID={run_id}", "-s", f"WORKER_LEASE={lease}", *args],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def finish(proc: subprocess.Popen, timeout: int = 180) -> tuple[int, str]:
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err


def stored(*workdirs: Path) -> list[dict]:
    return [r for w in workdirs for s in sorted((w / "data" / "corpus").glob("*.jsonl")) for r in read_jsonl(s)]


def expected_paths() -> set[str]:
    return {a["url"] for a in manifest() if a["expect"].startswith("kept")}


def assert_once_each(records: list[dict], base: str) -> None:
    urls = [r["url"].removeprefix(base) for r in records]
    assert sorted(urls) == sorted(set(urls)), "an article was stored twice"
    assert len({r["id"] for r in records}) == len(records)
    assert set(urls) == expected_paths()


class SlowHandler(Handler):
    """The sample site, a little slower per request (server.delay seconds), so that both workers get to work
    and a worker always has requests in flight."""

    def _handle(self, method: str) -> None:
        self.server.meet(self.headers.get("User-Agent", ""), self.path)
        time.sleep(self.server.delay)
        super()._handle(method)


MEET_TIMEOUT = 20  # seconds a page waits for the workers to meet, then is served (under DOWNLOAD_TIMEOUT)
ONE_AT_A_TIME = ("-s", "CONCURRENT_REQUESTS=2")


class SlowSite(SampleSite):
    """meet: user agents (parts of them) that must all have asked for something before any page but robots.txt
    is served. A worker that started seconds after the other on a busy machine found the frontier drained (the
    first had fetched every page), so that both taking part was a matter of timing. Held so, the first worker
    holds its two requests and the rest of the start requests wait in the queue, where the
    second finds them (CONCURRENT_REQUESTS=2: a worker takes from the queue only what it works on); its first
    request (robots.txt) lets everything go."""

    def __init__(self, *args, delay: float = 0.15, meet: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.delay = delay
        self.RequestHandlerClass = SlowHandler
        self._waiting_for, self._met, self._meeting = set(meet), threading.Event(), threading.Lock()
        if not meet:
            self._met.set()

    def meet(self, agent: str, path: str) -> None:
        if not self._met.is_set():
            with self._meeting:
                self._waiting_for = {w for w in self._waiting_for if w not in agent}
                if not self._waiting_for:
                    self._met.set()
        if path != "/robots.txt":
            self._met.wait(timeout=MEET_TIMEOUT)


# --- two workers share one run --------------------------------------------------------------------
@pytest.fixture(scope="module")
def shared_run(redis_url, tmp_path_factory):
    server = SlowSite(delay=0.25, meet=("worker-a", "worker-b")).start()
    try:
        base = server.base_url
        root = tmp_path_factory.mktemp("distributed")
        seeds = write_seeds(base, root / "seeds.yaml")
        a, b = root / "a", root / "b"
        # two requests at a time each: a worker takes no more from the queue than it works on, so the start
        # requests it does not hold wait there for the other (with 16, the first took them all at once)
        procs = [worker(a, seeds, f"{redis_url}/0", "run1", "-s", "CONTACT=worker-a", *ONE_AT_A_TIME),
                 worker(b, seeds, f"{redis_url}/0", "run1", "-s", "CONTACT=worker-b", *ONE_AT_A_TIME)]
        results = [finish(p) for p in procs]
        requests = list(zip(server.requests, server.user_agents))
        server.reset()
        again = [worker(root / "a2", seeds, f"{redis_url}/0", "run2"), worker(root / "b2", seeds, f"{redis_url}/0", "run2")]
        second = [finish(p) for p in again]
        second_requests = list(server.requests)
    finally:
        server.stop()
    return {"base": base, "root": root, "a": a, "b": b, "first": results, "second": second,
            "requests": [r for r, _ in requests], "agents": [ua for _, ua in requests],
            "second_requests": second_requests}


@needs_redis
def test_two_workers_store_every_article_exactly_once_and_stop_when_drained(shared_run):
    for code, err in shared_run["first"]:
        assert code == 0, err[-3000:]
        assert "queue drained" in err
    records = stored(shared_run["a"], shared_run["b"])
    assert_once_each(records, shared_run["base"])
    # both took part, and the frontier was shared: no page fetched by both
    pages = [(p, ua) for (_, p), ua in zip(shared_run["requests"], shared_run["agents"]) if p != "/robots.txt"]
    assert any("worker-a" in ua for _, ua in pages) and any("worker-b" in ua for _, ua in pages)
    # robots.txt holds for a worker that joins with a burst of article requests (crawler.distributed.RobotsTxtMiddleware)
    disallowed = {a["url"] for a in manifest() if "disallow" in a["expect"].lower()}
    assert disallowed and not disallowed & {p.split("?")[0] for p, _ in pages}
    article_paths = {a["url"] for a in manifest()} - {a["url"] for a in manifest() if "retry" in a["expect"]}
    fetched = [p for _, p in shared_run["requests"] if p in article_paths]
    assert len(fetched) == len(set(fetched)), "an article page was fetched by both workers"


@needs_redis
def test_the_run_summary_is_the_runs(shared_run):
    import json

    reports = [json.loads((w / "summary.json").read_text(encoding="utf-8")) for w in (shared_run["a"], shared_run["b"])]
    for report in reports:
        assert report["run_id"] == "run1" and report["failed_sources"] == {}
        assert report["items_kept"] == len(expected_paths())  # the run's, not the worker's
    assert sum(r["worker"]["items_kept"] for r in reports) == len(expected_paths())
    assert list((shared_run["a"] / "data" / "state" / "runs").glob("*.json"))
    assert not (shared_run["a"] / "data" / "state" / "state.sqlite").exists()  # the state is in Redis


@needs_redis
def test_a_second_distributed_run_stores_nothing_new(shared_run):
    """A new RUN_ID: the list pages are fetched again (a fresh dupefilter), no known article is."""
    for code, err in shared_run["second"]:
        assert code == 0, err[-3000:]
    root = shared_run["root"]
    assert stored(root / "a2", root / "b2") == []
    kept = expected_paths()
    assert not {p for _, p in shared_run["second_requests"]} & kept
    assert any("list" in p or "index" in p for _, p in shared_run["second_requests"])  # list pages looked at again


# --- a worker killed mid-run ---------------------------------------------------------------------------
@needs_redis
def test_a_worker_killed_mid_run_loses_nothing(redis_url, tmp_path):
    """SIGKILL one worker while it holds requests: once its lease runs out the other puts them back into the
    queue and completes the run; nothing is missing and nothing is stored twice."""
    server = SlowSite(delay=0.15).start()
    try:
        base = server.base_url
        seeds = write_seeds(base, tmp_path / "seeds.yaml")
        redis = f"{redis_url}/1"  # a fresh state
        victim = worker(tmp_path / "b", seeds, redis, "kill1", "-s", "CONTACT=worker-b", lease=LEASE)
        deadline = time.time() + 60
        # the victim dies while it waits for its third answer: it certainly holds requests then
        while sum("worker-b" in ua for ua in list(server.user_agents)) < 3:
            assert time.time() < deadline and victim.poll() is None, "the victim never got going"
            time.sleep(0.02)
        survivor = worker(tmp_path / "a", seeds, redis, "kill1", "-s", "CONTACT=worker-a")
        victim.send_signal(signal.SIGKILL)
        victim.communicate(timeout=30)
        code, err = finish(survivor)
    finally:
        server.stop()
    assert code == 0, err[-3000:]
    assert "back into the queue" in err  # the victim's leased requests came back to the survivor
    assert_once_each(stored(tmp_path / "a", tmp_path / "b"), base)


@needs_redis
def test_a_worker_killed_between_its_corpus_write_and_the_state_update_stores_nothing_twice(redis_url, tmp_path):
    """The worst moment: the victim has appended a record to its shard but not yet marked the URL stored.
    Its request comes back to the survivor, which finds the victim's intent, reads the victim's shard and
    settles the URL instead of storing the article a second time."""
    server = SlowSite(delay=0.05).start()
    try:
        base = server.base_url
        seeds = write_seeds(base, tmp_path / "seeds.yaml")
        redis = f"{redis_url}/2"  # a fresh state
        victim = worker(tmp_path / "b", seeds, redis, "kill2", "-s", "FAULT_KILL_AFTER_STORES=2", lease=LEASE)
        victim.communicate(timeout=120)
        assert victim.returncode == -signal.SIGKILL
        code, err = finish(worker(tmp_path / "a", seeds, redis, "kill2"))
    finally:
        server.stop()
    assert code == 0, err[-3000:]
    victims = stored(tmp_path / "b")
    assert len(victims) == 2  # both writes landed; the state knows only the first
    assert_once_each(stored(tmp_path / "a", tmp_path / "b"), base)
    assert "already in the corpus" in err


@needs_redis
def test_max_pages_caps_the_run_not_each_worker(redis_url, tmp_path):
    """max_pages counts a source's list pages for the run. The site's home page links two columns, each with
    more pages: with max_pages=3 the run reads the home page and the two columns, whichever worker reads
    which (a worker that counted only its own pages would go on to the columns' next pages)."""
    server = SlowSite(delay=0.1).start()
    try:
        base = server.base_url
        seeds = tmp_path / "seeds.yaml"
        seeds.write_text(
            "sources:\n  - id: home\n    name: 样例首页\n"
            f"    start_urls: ['{base}/index.html']\n"
            "    article: '/(trs/kjdt/\\d{6}/t\\d{8}_\\w+|kjt/art/\\d{4}/\\d{1,2}/\\d{1,2}/art_\\d+_[0-9a-z]+)\\.html$'\n"
            "    follow: ['/trs/kjdt/index(_\\d+)?\\.html$', '/kjt/col/col1001/index\\.html']\n    topic: all\n",
            encoding="utf-8")
        redis = f"{redis_url}/3"
        procs = [worker(tmp_path / name, seeds, redis, "cap1", "-a", "max_pages=3", "-s", f"CONTACT=worker-{name}")
                 for name in ("a", "b")]
        results = [finish(p) for p in procs]
        requests = list(server.requests)
    finally:
        server.stop()
    assert all(code == 0 for code, _ in results), results[0][1][-2000:]
    articles = {a["url"] for a in manifest()}
    pages = {path for _, path in requests if path != "/robots.txt"}
    assert {p for p in pages if p.split("?")[0] not in articles} == {
        "/index.html", "/kjt/col/col1001/index.html", "/trs/kjdt/index.html"}
    assert "/trs/kjdt/202406/t20240609_1001.html" in pages  # the articles of the pages read are all fetched


@needs_redis
def test_the_request_budget_is_shared_by_the_workers_of_a_run(redis_url):
    from scrapy.settings import Settings

    from crawler.budget import RequestBudget
    from crawler.distributed import Run

    def budget(worker_id: str) -> RequestBudget:
        settings = Settings({"REDIS_URL": f"{redis_url}/4", "RUN_ID": "budget1", "WORKER_ID": worker_id})
        return RequestBudget(Run(settings))

    a, b = budget("a"), budget("b")
    for w in (a, b):
        w.add("zast", start=True)  # each worker schedules the start URL; the dupefilter keeps one
    a.add("zast")
    b.add("zast")
    b.add("zast/list")
    assert a.spent("zast") == b.spent("zast") == 3  # 1 start + 2 found, whichever worker found them
    assert a.spent("zast/list") == 1 and RequestBudget().spent("zast") == 0


# --- without REDIS_URL ---------------------------------------------------------------------------------------
def _settings(monkeypatch, **extra):
    from scrapy.settings import Settings

    from crawler.distributed import Distributed

    monkeypatch.delenv("REDIS_URL", raising=False)
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    for k, v in extra.items():
        settings.set(k, v, priority="cmdline")
    before = {k: (v.copy_to_dict() if hasattr(v, "copy_to_dict") else v) for k, v in settings.items()}
    Distributed().update_settings(settings)
    after = {k: (v.copy_to_dict() if hasattr(v, "copy_to_dict") else v) for k, v in settings.items()}
    return before, after


def test_without_redis_url_the_settings_are_unchanged(monkeypatch):
    before, after = _settings(monkeypatch)
    assert before == after
    assert after["ADDONS"] == {"crawler.distributed.Distributed": 0}


def test_with_redis_url_the_frontier_is_shared_and_scoped_to_the_run(monkeypatch):
    _, after = _settings(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/0", RUN_ID="2024060914")
    assert after["SCHEDULER"] == "crawler.redis_scheduler.ReliableScheduler"
    assert after["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert after["SCHEDULER_QUEUE_KEY"] == "kechuang:run:2024060914:requests"
    assert after["SCHEDULER_DUPEFILTER_KEY"] == "kechuang:run:2024060914:dupefilter"
    assert after["EXTENSIONS"]["crawler.extensions.RunSummary"] is None
    assert after["DOWNLOADER_MIDDLEWARES"]["crawler.middlewares.RobotsTxtMiddleware"] == 100  # as in every crawl


def test_redis_url_from_the_environment(monkeypatch):
    from scrapy.settings import Settings

    from crawler.distributed import Distributed, default_run_id

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    Distributed().update_settings(settings)
    assert settings["REDIS_URL"] == "redis://127.0.0.1:6379/3"
    assert settings["RUN_ID"] == default_run_id() and len(default_run_id()) == 10  # YYYYMMDDHH, UTC


def test_an_unreachable_redis_stops_the_crawl_clearly(tmp_path):
    seeds = write_seeds("http://127.0.0.1:9", tmp_path / "seeds.yaml")
    url = f"redis://127.0.0.1:{_free_port()}/0"  # nothing listens there
    proc = worker(tmp_path, seeds, url, "none")
    code, err = finish(proc, timeout=60)
    assert code == 75  # EX_TEMPFAIL, as for a busy state directory: cron tries again next time
    assert "cannot reach Redis" in err and "Traceback" not in err


# --- discovery across workers --------------------------------------------------------------------------------
@needs_redis
def test_two_workers_learn_a_home_page_only_source_together(redis_url, tmp_path):
    """Each worker learns from the pages it handled; the state in Redis holds the union, and the next run (one
    worker) goes straight to the columns and fetches no article again."""
    from .discovery_site import serve as serve_unseen
    from .discovery_site import seeds as unseen_seeds

    server, base = serve_unseen()
    try:
        seeds = unseen_seeds(base, tmp_path / "seeds.yaml")
        url = f"{redis_url}/5"
        procs = [worker(tmp_path / "a", seeds, url, "disc1"), worker(tmp_path / "b", seeds, url, "disc1")]
        for code, err in (finish(p) for p in procs):
            assert code == 0, err[-3000:]
        records = stored(tmp_path / "a", tmp_path / "b")
        urls = [r["url"] for r in records]
        assert len(urls) == len(set(urls)) >= 0.85 * len(server.articles)
        before = len(server.requests)
        code, err = finish(worker(tmp_path / "c", seeds, url, "disc2"))
        assert code == 0, err[-3000:]
        import json
        report = json.loads((tmp_path / "c" / "summary.json").read_text(encoding="utf-8"))
        source = report["sources"]["unseen"]
        assert source["patterns"] == "learned" and source["fetched"] == 0 and source["known"] >= len(set(urls))
        assert not set(server.requests[before:]) & set(server.articles)
    finally:
        server.stop()
