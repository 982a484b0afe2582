"""One real local `scrapy crawl portal` (no REDIS_URL) of the sample site, on a machine whose clock is set to
China time: it loads no scrapy_redis, names its WARC file and run summary in UTC, and gives every record the
bare `urn:uuid:…` of its WARC record as id."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timezone

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.sample_site import serve, write_seeds

from .conftest import REPO, read_jsonl
from .crawl_util import FAST

# the process's local time is UTC+8 (POSIX TZ: no tz database needed): a name in local time is 8 hours off
CHINA_TZ = "CST-8"
# `scrapy crawl` as the command line runs it, plus a note at exit of the Redis modules the process loaded
PROBE = """
import atexit, json, sys
atexit.register(lambda: open(sys.argv[1], "w").write(json.dumps(
    sorted(m for m in sys.modules if m.split(".")[0] in ("scrapy_redis", "redis")))))
from scrapy.cmdline import execute
execute(["scrapy", *sys.argv[2:]])
"""
UUID_URN = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    work = tmp_path_factory.mktemp("local_crawl")
    server, base = serve()
    try:
        seeds = write_seeds(base, work / "seeds.yaml")
        env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | {"TZ": CHINA_TZ}
        started = datetime.now(timezone.utc).replace(microsecond=0)
        proc = subprocess.run(
            [sys.executable, "-c", PROBE, str(work / "modules.json"), "crawl", "portal", "-a", f"seeds={seeds}",
             "-s", f"DATA_DIR={work / 'data'}", "-O", str(work / "feed.jsonl"), *FAST],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
        )
        finished = datetime.now(timezone.utc)
    finally:
        server.stop()
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {"work": work, "data": work / "data", "started": started, "finished": finished}


def stamp_in_utc(name: str) -> datetime:
    """The time in a WARC or summary file name (YYYYMMDD-HHMMSS-pid…), read as UTC."""
    return datetime.strptime(name[:15], "%Y%m%d-%H%M%S").replace(tzinfo=timezone.utc)


def assert_named_in_utc(path, crawl) -> None:
    stamp = stamp_in_utc(path.name)  # whole seconds: `started` is rounded down to match
    ran = f"{crawl['started']:%H:%M:%S}–{crawl['finished']:%H:%M:%S} UTC"
    assert crawl["started"] <= stamp <= crawl["finished"], f"{path.name} is not named in UTC: the crawl ran {ran}"


def test_a_local_crawl_never_loads_scrapy_redis(crawl):
    """scrapy-redis and redis are for distributed runs (pyproject.toml); a local crawl does not import them."""
    loaded = json.loads((crawl["work"] / "modules.json").read_text())
    assert "scrapy_redis" not in loaded and "redis" not in loaded, loaded


def test_warc_files_are_named_in_utc(crawl):
    warcs = sorted((crawl["data"] / "raw").glob("*.warc.gz"))
    assert warcs
    for path in warcs:
        assert_named_in_utc(path, crawl)


def test_run_summaries_are_named_in_utc(crawl):
    summaries = sorted((crawl["data"] / "state" / "runs").glob("*.json"))
    assert len(summaries) == 1
    assert_named_in_utc(summaries[0], crawl)


def test_records_carry_the_bare_warc_record_id(crawl):
    data = crawl["data"]
    kept = [r for shard in sorted((data / "corpus").glob("*.jsonl")) for r in read_jsonl(shard)]
    rejected = [r for shard in sorted((data / "rejects").glob("*.jsonl")) for r in read_jsonl(shard)]
    feed = read_jsonl(crawl["work"] / "feed.jsonl")
    assert kept and rejected
    for record in kept + rejected + feed:
        assert UUID_URN.fullmatch(str(record["id"])), record["id"]
    archived = set()
    for path in sorted((data / "raw").glob("*.warc.gz")):
        with open(path, "rb") as raw:
            for record in ArchiveIterator(raw):
                if record.rec_type == "response":
                    archived.add(record.rec_headers.get_header("WARC-Record-ID"))
    # every archived response ends as one kept or rejected record, under the id inside the header's <>
    assert {f"<{r['id']}>" for r in kept + rejected} == archived
    assert sorted(r["id"] for r in feed) == sorted(r["id"] for r in kept)
