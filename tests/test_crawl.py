"""`scrapy crawl portal` end to end over the local copy of real sites: items, rejects, stats, WARC,
robots.txt, the incremental second run, the lock and the exit status cron relies on."""
import json
import re
from pathlib import Path

import pytest

from crawler.sample_site import JPAAS_TEMPLATE, MINIMAL_TEMPLATE, serve, write_seeds

from .conftest import FIXTURES, read_jsonl, run_cli
from .crawl_util import list_pages_per_source, manifest, scrapy_crawl, summary, unaccounted_links


@pytest.fixture(scope="module")
def site():
    server, base = serve()
    yield server, base
    server.stop()


@pytest.fixture(scope="module")
def two_runs(site, tmp_path_factory):
    server, base = site
    work = tmp_path_factory.mktemp("crawl")
    seeds = write_seeds(base, work / "seeds.yaml")
    server.reset()
    first = scrapy_crawl(work, seeds, "-O", str(work / "first.jsonl"))
    first_summary = summary(work)
    first_requests = list(server.requests)
    server.reset()
    second = scrapy_crawl(work, seeds, "-O", str(work / "second.jsonl"))
    return {"base": base, "work": work, "seeds": seeds, "first": first, "second": second,
            "first_summary": first_summary, "second_summary": summary(work),
            "first_requests": first_requests, "second_requests": list(server.requests)}


SITE = FIXTURES / "site"


def _paths(records, base):
    return {r["url"].removeprefix(base) for r in records}


def test_first_run_keeps_every_article_the_site_promises(two_runs):
    assert two_runs["first"].returncode == 0, two_runs["first"].stderr[-3000:]
    items = read_jsonl(two_runs["work"] / "first.jsonl")
    expected = {a["url"] for a in manifest() if a["expect"].startswith("kept")}
    assert _paths(items, two_runs["base"]) == expected
    assert len(items) == len({r["id"] for r in items})
    for record in items:
        assert record["text"] and record["region"] is not None and record["site"]
        assert set(record) >= {"id", "url", "title", "text", "published", "author", "editor", "source", "meta"}


def test_seeds_with_design_keys_only_find_hanweb_trs_feed_and_sitemap_lists_themselves(site, two_runs, tmp_path):
    """No `list:` and no `hanweb:` in the seeds: the same articles as the full seeds, through the same lists."""
    server, base = site
    seeds = write_seeds(base, tmp_path / "minimal.yaml", template_name=MINIMAL_TEMPLATE)
    server.reset()
    proc = scrapy_crawl(tmp_path, seeds, "-O", str(tmp_path / "items.jsonl"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    expected = {a["url"] for a in manifest() if a["expect"].startswith("kept")}
    assert _paths(read_jsonl(tmp_path / "items.jsonl"), base) == expected
    paths = [p for _, p in server.requests]
    assert sum(p.startswith("/kjt/module/jpage/dataproxy.jsp") for p in paths) >= 1  # read off the column page
    assert "/trs/kjdt/index_1.html" in paths  # a page only createPageHTML() names
    minimal, full = summary(tmp_path)["sources"], two_runs["first_summary"]["sources"]
    for source in ("sample_kjt", "sample_trs", "sample_news", "sample_county"):
        assert minimal[source]["kept"] == full[source]["kept"], source
        assert minimal[source]["rejected"] == full[source]["rejected"], source


def test_a_jpaas_column_is_read_through_its_json_listing(site, tmp_path):
    """kjt/xw/ shows 4 items; the other 9 come only from the JSON listing its bulidstatic script names."""
    server, base = site
    seeds = write_seeds(base, tmp_path / "jpaas.yaml", template_name=JPAAS_TEMPLATE)
    server.reset()
    proc = scrapy_crawl(tmp_path, seeds, "-O", str(tmp_path / "items.jsonl"), "-s", "JPAAS_PAGE_SIZE=5")
    assert proc.returncode == 0, proc.stderr[-3000:]
    listed = json.loads((SITE / "kjt/api-gateway/jpaas-publish-server/front/page/build/unit__records.json").read_text(encoding="utf-8"))
    listed = {re.search(r'href="([^"]+)"', li).group(1) for li in listed}
    kept = {a["url"] for a in manifest() if a["expect"].startswith("kept")}
    assert len(listed) == 13 and len(listed & kept) == 10
    assert _paths(read_jsonl(tmp_path / "items.jsonl"), base) == listed & kept
    pages = [p for _, p in server.requests if "/front/page/build/unit?" in p]
    # pages 1-3 hold the 13 items, page 4 is empty and ends the listing
    assert sorted(re.search(r"pageNo%22%3A(\d+)", p).group(1) for p in pages) == ["1", "2", "3", "4"]
    assert all("webId=8a1b2c3d4e5f" in p and "pageSize%22%3A5" in p for p in pages)


def test_the_summary_says_what_became_of_every_article_link(two_runs):
    for run in ("first_summary", "second_summary"):
        for source, counts in two_runs[run]["sources"].items():
            assert unaccounted_links(counts) == 0, (run, source, counts)


def test_items_are_stored_in_daily_shards_and_match_the_feed(two_runs):
    work = two_runs["work"]
    shards = sorted((work / "data" / "corpus").glob("*.jsonl"))
    assert shards
    stored = [r for s in shards for r in read_jsonl(s)]
    assert sorted(r["id"] for r in stored) == sorted(r["id"] for r in read_jsonl(work / "first.jsonl"))


def test_rejects_carry_reasons_and_are_counted(two_runs):
    rejects = [r for s in (two_runs["work"] / "data" / "rejects").glob("*.jsonl") for r in read_jsonl(s)]
    reasons = {}
    for r in rejects:
        reasons.setdefault(r["reason"], set()).add(r["url"].removeprefix(two_runs["base"]))
    off_topic = {a["url"] for a in manifest() if "off-topic" in a["expect"]}
    assert reasons.get("off_topic", set()) | reasons.get("not_article", set()) >= off_topic
    first = two_runs["first_summary"]
    counted = sum(n for s in first["sources"].values() for n in s["rejected"].values())
    assert counted == len(rejects)


def test_robots_txt_is_obeyed(two_runs):
    disallowed = [a["url"] for a in manifest() if "disallow" in a["expect"].lower()]
    assert disallowed
    for path in disallowed:
        assert all(p.split("?")[0] != path for _, p in two_runs["first_requests"])
    assert any(s["robots_blocked"] for s in two_runs["first_summary"]["sources"].values())


def test_failures_are_retried_or_reported(two_runs):
    requests = [p for _, p in two_runs["first_requests"]]
    flaky = [a["url"] for a in manifest() if "retry" in a["expect"]]
    for path in flaky:
        assert requests.count(path) == 2  # 500, then the retry succeeds
    kjt = two_runs["first_summary"]["sources"]["sample_kjt"]
    assert kjt["errors"] >= 1  # the 404


def test_raw_responses_are_kept_in_warc_and_reclean_to_the_same_corpus(two_runs, tmp_path):
    raw = two_runs["work"] / "data" / "raw"
    assert list(raw.glob("*.warc.gz"))
    out = tmp_path / "reclean.jsonl"
    proc = run_cli("clean", str(raw), "-o", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    again = {r["id"]: r for r in read_jsonl(out)}
    first = {r["id"]: r for r in read_jsonl(two_runs["work"] / "first.jsonl")}
    assert set(again) == set(first)  # the off-topic pages of topic: keywords sources are rejected again
    for doc_id, record in first.items():
        for field in ("text", "title", "published", "author", "editor", "source", "site", "region"):
            assert again[doc_id][field] == record[field], (doc_id, field)
    reasons = [r["reason"] for r in read_jsonl(tmp_path / "reclean.rejects.jsonl")]
    assert reasons.count("off_topic") == sum("off-topic" in a["expect"] for a in manifest())


def test_second_run_over_an_unchanged_site_fetches_no_known_article(two_runs):
    assert two_runs["second"].returncode == 0, two_runs["second"].stderr[-3000:]
    assert read_jsonl(two_runs["work"] / "second.jsonl") == []
    article_paths = {a["url"] for a in manifest()}
    fetched_again = [p for _, p in two_runs["second_requests"] if p.split("?")[0] in article_paths
                     and not any(x in p for x in ("404", "flaky"))]
    stored = {a["url"] for a in manifest() if a["expect"].startswith("kept")}
    assert not set(fetched_again) & stored
    second = two_runs["second_summary"]
    assert sum(s["kept"] for s in second["sources"].values()) == 0
    assert sum(s["known"] for s in second["sources"].values()) >= len(stored)
    assert second["failed_sources"] == {}


def test_a_changed_list_page_yields_its_new_article(site, two_runs, tmp_path):
    server, base = site
    work = two_runs["work"]
    # a copy of the site where the TRS column gained an article: list page and article added
    seeds = tmp_path / "seeds.yaml"
    text = two_runs["seeds"].read_text(encoding="utf-8")
    seeds.write_text(text, encoding="utf-8")
    root = Path(server.root)
    index = root / "trs" / "kjdt" / "index.html"
    new = root / "trs" / "kjdt" / "202406" / "t20240620_9999.html"
    original = index.read_bytes()
    page = (root / "trs" / "kjdt" / "202406" / "t20240609_1001.html").read_text(encoding="utf-8")
    first, rest = page.split("。", 1)  # a new sentence in the body makes it a different article
    try:
        new.write_text(first + "。记者从会上获悉,又有一批科技创新项目完成签约。" + rest, encoding="utf-8")
        index.write_bytes(original.replace(b"</body>", b'<a href="/trs/kjdt/202406/t20240620_9999.html">new</a></body>'))
        third = scrapy_crawl(work, seeds, "-O", str(tmp_path / "third.jsonl"), "-a", "source=sample_trs")
    finally:
        index.write_bytes(original)
        new.unlink(missing_ok=True)
    assert third.returncode == 0, third.stderr[-3000:]
    items = read_jsonl(tmp_path / "third.jsonl")
    assert [r["url"].removeprefix(base) for r in items] == ["/trs/kjdt/202406/t20240620_9999.html"]


def test_a_second_run_while_one_holds_the_state_exits_clearly(two_runs, tmp_path):
    from crawler.state import lock_state_dir

    holder = lock_state_dir(two_runs["work"] / "data" / "state")
    try:
        proc = scrapy_crawl(two_runs["work"], two_runs["seeds"])
    finally:
        holder.close()
    assert proc.returncode == 75
    assert "in use by pid" in proc.stderr


def test_two_runs_started_together_one_runs_and_one_exits_75(site, tmp_path):
    """No window between the command's lock check and the run's state: the loser exits 75, no traceback."""
    import subprocess
    import sys

    from .conftest import REPO
    from .crawl_util import FAST

    server, base = site
    seeds = write_seeds(base, tmp_path / "seeds.yaml")
    command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"seeds={seeds}", "-a", "source=sample_trs",
               "-s", f"DATA_DIR={tmp_path / 'data'}", *FAST]
    procs = [subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes == [0, 75], [err[-1500:] for _, err in results]
    loser = next(err for p, (_, err) in zip(procs, results) if p.returncode == 75)
    assert "in use by pid" in loser and "Traceback" not in loser


def test_a_source_that_stops_yielding_fails_the_run(site, two_runs, tmp_path):
    server, base = site
    seeds = tmp_path / "seeds.yaml"
    # the same source id, its start page now gone: it yielded articles before, none now
    text = two_runs["seeds"].read_text(encoding="utf-8").replace("/trs/kjdt/index.html", "/trs/gone/index.html")
    seeds.write_text(text, encoding="utf-8")
    proc = scrapy_crawl(two_runs["work"], seeds, "-a", "source=sample_trs")
    assert proc.returncode == 3, proc.stderr[-3000:]
    assert "source sample_trs failed" in proc.stderr
    report = json.loads((two_runs["work"] / "summary.json").read_text(encoding="utf-8"))
    assert "sample_trs" in report["failed_sources"]


def test_the_offline_demo_of_the_readme_can_be_run_twice(demo_runs):
    """The Quick start's command, twice: the second run is a cron run over an unchanged site (every article
    known, none fetched) and leaves the same corpus. (The two runs are conftest.py's, shared with test_report.)"""

    def demo(proc, work):
        assert proc.returncode == 0, proc.stderr[-3000:]   # (the second run is made once the first passed)
        assert "sample_kjt" in proc.stdout and "kept" in proc.stdout
        return proc, json.loads((work / "data" / "summary.json").read_text(encoding="utf-8"))

    kept = {a["url"] for a in manifest() if a["expect"].startswith("kept")}
    _, first = demo(demo_runs["first"], demo_runs["after_first"])
    corpus = (demo_runs["after_first"] / "corpus.jsonl").read_bytes()
    assert len(read_jsonl(demo_runs["after_first"] / "corpus.jsonl")) == len(kept)
    assert first["items_kept"] == len(kept)
    second_proc, second = demo(demo_runs["second"], demo_runs["work"])
    assert (demo_runs["work"] / "corpus.jsonl").read_bytes() == corpus
    assert second["items_kept"] == 0
    assert all(s["fetched"] == 0 for s in second["sources"].values()), second["sources"]
    assert sum(s["known"] for s in second["sources"].values()) >= len(kept)
    assert "nothing new" in second_proc.stdout


def test_a_bad_seeds_file_stops_the_crawl_with_file_and_source(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - id: broken\n    name: 坏的\n    start_urls: [http://127.0.0.1:9/]\n    article: '(unclosed'\n",
                   encoding="utf-8")
    proc = scrapy_crawl(tmp_path, bad)
    assert proc.returncode == 2
    assert "bad.yaml" in proc.stderr and "broken" in proc.stderr and "Traceback" not in proc.stderr
    # one line per problem, before Scrapy starts logging or any lock is taken
    assert [line for line in proc.stderr.splitlines() if line.strip()] == [
        line for line in proc.stderr.splitlines() if line.startswith("scrapy crawl: error: ")]
    assert not (tmp_path / "data" / "state").exists()


def test_user_agent_names_the_project_and_contact(site, tmp_path):
    server, base = site
    seeds = write_seeds(base, tmp_path / "seeds.yaml")
    server.reset()
    proc = scrapy_crawl(tmp_path, seeds, "-a", "source=sample_trs", "-a", "max_pages=1",
                        "-s", "CONTACT=mailto:corpus@example.org")
    assert proc.returncode in (0, 3), proc.stderr[-2000:]
    assert server.user_agents and all("kechuang-corpus" in ua and "corpus@example.org" in ua for ua in server.user_agents)


def test_a_start_url_that_moved_to_another_host_is_followed_there(site, tmp_path):
    """x.cn → www.x.cn, an old domain → a new one: the start URL's redirect target is the source's host now."""
    server, base = site
    moved = base.replace("127.0.0.1", "localhost") + "/faults/moved/trs/kjdt/index.html"
    seeds = tmp_path / "moved.yaml"
    seeds.write_text(
        "sources:\n  - id: moved\n    name: 样例科学技术部\n"
        f"    start_urls: ['{moved}']\n"
        "    article: '/trs/kjdt/\\d{6}/t\\d{8}_\\w+\\.html$'\n    follow: ['/trs/kjdt/index(_\\d+)?\\.html$']\n"
        "    topic: all\n", encoding="utf-8")
    server.reset()
    proc = scrapy_crawl(tmp_path, seeds, "-O", str(tmp_path / "items.jsonl"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    trs_kept = {a["url"] for a in manifest() if a["expect"].startswith("kept") and a["url"].startswith("/trs/")}
    assert _paths(read_jsonl(tmp_path / "items.jsonl"), base) == trs_kept
    assert "redirects to" in proc.stderr


def test_a_seed_key_for_another_tool_is_warned_about_once_and_the_crawl_runs(site, tmp_path):
    server, base = site
    seeds = write_seeds(base, tmp_path / "seeds.yaml")
    seeds.write_text(seeds.read_text(encoding="utf-8").replace("    list: trs\n", "    list: trs\n    selectors: {body: '#zoom'}\n"),
                     encoding="utf-8")
    proc = scrapy_crawl(tmp_path, seeds, "-a", "source=sample_trs")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stderr.count("warning: unknown key 'selectors' ignored") == 1


def test_max_pages_caps_the_list_pages_of_each_source_and_fetches_their_articles(site, tmp_path):
    """max_pages=2: two list pages per source (kjt: its column page and the dataproxy call the seed starts
    with; trs: index and index_1), and every article those pages list is fetched."""
    server, base = site
    seeds = write_seeds(base, tmp_path / "seeds.yaml")
    server.reset()
    proc = scrapy_crawl(tmp_path, seeds, "-a", "max_pages=2")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert list_pages_per_source(server.requests) == {"sample_kjt": 2, "sample_trs": 2, "sample_news": 1,
                                                      "sample_county": 1}
    counts = summary(tmp_path)["sources"]
    assert counts["sample_trs"]["over_max_pages"] == 1  # index_2.html
    assert counts["sample_kjt"]["over_max_pages"] == 1  # the column's page 2
    assert counts["sample_trs"]["fetched"] == 3  # two on index.html, one on index_1.html
    assert all(c["fetched"] > 0 for c in counts.values()), counts
    assert all(unaccounted_links(c) == 0 for c in counts.values()), counts
    assert summary(tmp_path)["capped_sources"] == {}


def test_robots_txt_holds_for_requests_that_wait_for_it_together(site, tmp_path):
    """Start requests all wait for the one robots.txt fetch; each must still be checked against it."""
    server, base = site
    private = "/kjt/private/col/index.html"  # under robots.txt's Disallow: /kjt/private/
    urls = [f"{base}/trs/kjdt/index_{n}.html" for n in (1, 2)] + [f"{base}{private}", f"{base}/trs/kjdt/index.html"]
    seeds = tmp_path / "seeds.yaml"
    seeds.write_text(
        "sources:\n  - id: burst\n    name: 同时起步\n    level: national\n    region: {}\n"
        f"    start_urls: [{', '.join(urls)}]\n"
        "    article: '/t\\d{8}_\\d+\\.html$'\n    follow: []\n    topic: all\n    status: unconfirmed\n"
        f"    examples: ['{base}/trs/kjdt/202406/t20240609_1001.html']\n",
        encoding="utf-8",
    )
    server.reset()
    proc = scrapy_crawl(tmp_path, seeds)
    assert "robotstxt/forbidden" in proc.stderr, proc.stderr[-2000:]
    assert server.requested(private) == 0
