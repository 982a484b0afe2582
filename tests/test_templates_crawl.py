"""A crawl learns each source's template in its state (SQLite, or Redis for a distributed crawl), so that the
next cron run starts with what the earlier ones learned, and the clean step strips what the state holds."""
from __future__ import annotations

import sqlite3

from scrapy.utils.test import get_crawler

from cleaners import templates
from cleaners.templates import Page, SiteTemplates

from .conftest import FIXTURES
from .crawl_util import scrapy_crawl
from .test_components import project_settings
from .test_distributed import needs_redis, redis_url  # noqa: F401  (the fixture: a real redis-server)
from .test_templates import CHROME, CNA, _dump, _family, _gold

SITE = FIXTURES / "site"


def _pages() -> list[Page]:
    """Real pages of one site and then of a busier one: CNA's articles in its chrome, 网易's without, and
    enough of them (each with its own numbered line) for the store to forget lines."""
    pages = [Page.of(_dump(id, head=CHROME[:1], tail=CHROME[1:])["text"]) for id in CNA]
    pages += [Page.of(_dump(CNA[0], tail=CHROME)["text"])]   # a copy teaches nothing
    gold = [line for id in _family("163.com") for line in _gold(id)]
    for n in range(templates.STALE_PAGES + 2 * templates.PRUNE_EVERY):
        pages.append(Page.of("\n".join([CHROME[0], f"{gold[n % len(gold)][:50]} {n}", gold[(n + 1) % len(gold)]])))
    pages.append(Page.of("\n".join([*gold[:2], *CHROME[1:]])))   # widgets gone for STALE_PAGES pages: forgotten
    return pages


def _same_as_the_cli(state, reopen=lambda s: s) -> None:
    """The store answers every lookup as the CLI's in-memory SiteTemplates does, page after page."""
    memory = SiteTemplates()
    for i, page in enumerate(_pages()):
        fps = page.candidates()
        assert state.template_lookup("src", fps) == memory.lookup("src", fps), i
        seen = page.observation()
        assert state.learn_template("src", seen) == memory.learn("src", seen), i
        if i == len(CNA):
            state = reopen(state)   # a new run: the state is all it has
    assert state.template_lookup("other", fps) == (0, {})


def test_the_sqlite_state_keeps_the_templates_the_runs_learned(tmp_path):
    from crawler.state import State

    def reopen(state):
        state.close()
        return State.open(tmp_path / "state")

    state = State.open(tmp_path / "state")
    _same_as_the_cli(state, reopen)


@needs_redis
def test_the_redis_state_keeps_the_same_templates(redis_url):  # noqa: F811
    import redis

    from crawler.redis_state import RedisState

    server = redis.Redis.from_url(f"{redis_url}/9")
    server.flushdb()
    _same_as_the_cli(RedisState(server, SITE, prefix="t"))


def _item(path, source: str) -> dict:
    url = "http://127.0.0.1/" + str(path.relative_to(SITE))
    return {"url": url, "canonical": url, "source_id": source, "site": "样例", "region": {}, "topic": "all",
            "status": 200, "headers": [], "content_type": "text/html; charset=utf-8", "body": path.read_bytes(),
            "warc_id": path.name}


def test_the_clean_step_strips_what_the_source_taught(tmp_path, monkeypatch):
    """A notice the sample 中新网 page prints at its end, shown by three earlier pages of its source, goes."""
    from crawler.pipelines import CleanPipeline
    from crawler.services import Services

    monkeypatch.delenv("REDIS_URL", raising=False)
    page = SITE / "news" / "gn" / "2020" / "06-09" / "9207002.shtml"
    results = {}
    for on in (True, False):
        crawler = get_crawler(settings_dict=project_settings(DATA_DIR=str(tmp_path / str(on)), SITE_TEMPLATES=on))
        state = Services.of(crawler).state
        item = CleanPipeline.from_crawler(crawler).process_item(_item(page, "sample_news"))
        notice = item["record"]["text"].split("\n")[-1]
        for other in sorted((SITE / "trs").rglob("t*.html"))[:templates.MIN_PAGES]:
            text = Page.of(CleanPipeline.from_crawler(crawler).process_item(_item(other, "x"))["record"]["text"] + "\n" + notice)
            state.learn_template("sample_news", text.observation())
        results[on] = CleanPipeline.from_crawler(crawler).process_item(_item(page, "sample_news"))["record"]
        Services.of(crawler).close()
    assert results[True]["meta"]["removed"][templates.RULE] == [notice]
    assert results[True]["text"].split("\n") == results[False]["text"].split("\n")[:-1]
    assert templates.RULE not in results[False]["meta"]["rules"]


def test_a_crawl_learns_its_stored_pages_in_its_state(tmp_path):
    """The sample site's sources share no line once their pages are cleaned (they are real pages of different
    sites), so nothing is stripped here; what is checked is that every stored page, and only those, is
    learned and kept in the state for the next run."""
    from crawler.sample_site import serve, write_seeds

    server, base = serve()
    try:
        seeds = write_seeds(base, tmp_path / "seeds.yaml")
        proc = scrapy_crawl(tmp_path, seeds, "-a", "source=sample_news", "-O", str(tmp_path / "items.jsonl"))
    finally:
        server.stop()
    assert proc.returncode == 0, proc.stderr[-3000:]
    db = sqlite3.connect(tmp_path / "data" / "state" / "state.sqlite")
    stored = db.execute("SELECT COUNT(*) FROM urls WHERE source = 'sample_news' AND outcome = 'stored'").fetchone()[0]
    rejected = db.execute("SELECT COUNT(*) FROM urls WHERE source = 'sample_news' AND outcome != 'stored'").fetchone()[0]
    assert stored and rejected   # the off-topic pages of this topic: keywords source teach nothing
    assert db.execute("SELECT pages FROM template_sources WHERE source = 'sample_news'").fetchone() == (stored,)
    assert db.execute("SELECT COUNT(*) FROM template_bodies WHERE source = 'sample_news'").fetchone() == (stored,)


def test_a_copy_stored_before_the_template_was_learned_is_still_a_copy(tmp_path, monkeypatch):
    """The dedup compares texts before the source's template goes (as the CLI's --dedup does): a page stored
    while its source's template was unknown, fetched again under a second URL once it is known, is the same
    text and not a second article in the corpus."""
    from scrapy.exceptions import DropItem

    from crawler.pipelines import CleanPipeline, DedupPipeline
    from crawler.services import Services

    monkeypatch.delenv("REDIS_URL", raising=False)
    crawler = get_crawler(settings_dict=project_settings(DATA_DIR=str(tmp_path)))
    state = Services.of(crawler).state
    page = SITE / "news" / "gn" / "2020" / "06-09" / "9207002.shtml"
    first = CleanPipeline.from_crawler(crawler).process_item(_item(page, "sample_news"))
    DedupPipeline.from_crawler(crawler).process_item(first)   # stored with its closing notice
    notice = first["record"]["text"].split("\n")[-1]
    for other in sorted((SITE / "trs").rglob("t*.html"))[:templates.MIN_PAGES]:   # the source shows it 3 times
        text = CleanPipeline.from_crawler(crawler).process_item(_item(other, "x"))["record"]["text"]
        state.learn_template("sample_news", Page.of(text + "\n" + notice).observation())
    copy = _item(page, "sample_news")
    copy["url"] = copy["canonical"] = copy["url"] + "?print=1"
    copy = CleanPipeline.from_crawler(crawler).process_item(copy)
    assert copy["record"]["meta"]["removed"][templates.RULE] == [notice]
    try:
        DedupPipeline.from_crawler(crawler).process_item(copy)
        raise AssertionError("the copy was not recognised: the corpus would hold the story twice")
    except DropItem as e:
        assert str(e).startswith("duplicate_content"), e
    finally:
        Services.of(crawler).close()
