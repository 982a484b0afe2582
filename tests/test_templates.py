"""The site-template rule (cleaners/templates.py) on real lines: the chrome that several pages of one site share
(read from tests/data/devset's must_not files) and the articles around it (their gold texts)."""
from __future__ import annotations

import csv
import random
from collections import Counter

from cleaners import templates
from cleaners.templates import MAX_CHARS, MIN_PAGES, Observation, Page, SiteTemplates, normalize, rejudge

from .conftest import DATA

DEVSET = DATA / "devset"


def _family(name: str) -> list[str]:
    with open(DEVSET / "index.tsv", encoding="utf-8", newline="") as f:
        return [row["id"] for row in csv.DictReader(f, delimiter="\t")
                if row["family"] == name and row["kind"] == "article" and (DEVSET / "must_not" / f"{row['id']}.txt").exists()]


def _lines(path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _shared_chrome(ids: list[str], at_least: int) -> list[str]:
    """Chrome lines that at least `at_least` of the pages print (their must_not files agree on them)."""
    counts = Counter(line for id in ids for line in set(_lines(DEVSET / "must_not" / f"{id}.txt")))
    return sorted(line for line, n in counts.items() if n >= at_least and 0 < len(normalize(line)) <= MAX_CHARS)


CNA = _family("cna.com.tw")
CHROME = _shared_chrome(CNA, MIN_PAGES + 1)   # CNA's copyright notice, its fan-page button, its rating widget


def _gold(id: str) -> list[str]:
    return _lines(DEVSET / "gt" / f"{id}.txt")


def _dump(id: str, head: list[str] = (), tail: list[str] = ()) -> dict:
    """A page as a scraper without an extractor saves it: the site's chrome around the article."""
    return {"id": id, "url": None, "title": None, "published": None, "text": "\n".join([*head, *_gold(id), *tail])}


def _run(site: SiteTemplates, record: dict) -> int:
    page = Page.of(record["text"])
    seen = page.observation()
    removed = site.apply("cna", record, page)
    if rejudge(record, 0) is None:
        site.learn("cna", seen)
    return removed


def test_the_chrome_cna_prints_on_every_page_goes_from_the_fourth_page_on():
    assert len(CNA) >= MIN_PAGES + 1 and CHROME
    site = SiteTemplates()
    records = [_dump(id, head=CHROME[:1], tail=CHROME[1:]) for id in CNA]
    removed = [_run(site, r) for r in records]
    assert removed[:MIN_PAGES] == [0] * MIN_PAGES            # three pages are evidence, not yet a verdict
    for id, record, n in zip(CNA[MIN_PAGES:], records[MIN_PAGES:], removed[MIN_PAGES:]):
        lines = record["text"].split("\n")
        assert n == len(CHROME) and not set(CHROME) & set(lines), id
        assert lines == _gold(id), id                        # every line of the article stays, in order
        assert record["meta"]["removed"][templates.RULE] == [CHROME[0], *CHROME[1:]]
        assert record["meta"]["rules"][templates.RULE] == len(CHROME)


def test_copies_of_one_page_do_not_teach_that_its_lines_are_template():
    site = SiteTemplates()
    first = CNA[0]
    for _ in range(MIN_PAGES + 2):   # one article fetched under several URLs, chrome and all
        _run(site, _dump(first, tail=CHROME))
    record = _dump(CNA[1], tail=CHROME)
    assert _run(site, record) == 0
    assert record["text"].split("\n")[-len(CHROME):] == CHROME


def test_a_repeated_line_between_paragraphs_stays():
    """A column's recurring heading inside the article is not removed, however often it comes back."""
    heading = CHROME[0]
    site = SiteTemplates()
    for id in CNA:
        gold = _gold(id)
        if len(gold) < 2:
            continue
        record = {"id": id, "url": None, "title": None, "published": None,
                  "text": "\n".join([gold[0], heading, *gold[1:]])}
        assert _run(site, record) == 0
        assert heading in record["text"].split("\n")


def test_a_long_paragraph_is_never_template():
    """A series' standard introduction printed on every page belongs to the articles."""
    intro = next(line for id in CNA for line in _gold(id) if len(normalize(line)) > MAX_CHARS)
    site = SiteTemplates()
    for id in CNA:
        record = _dump(id, head=[intro])
        assert _run(site, record) == 0
        assert record["text"].split("\n")[0] == intro


def test_a_line_on_a_few_pages_of_a_big_site_is_not_template():
    site = SiteTemplates()
    pages = [_dump(id) for id in _family("163.com") + CNA]
    rare = CHROME[0]
    for i, record in enumerate(pages):
        if i % 8 == 0:   # on one page in eight: below MIN_SHARE however many pages have it
            record["text"] += "\n" + rare
        assert _run(site, record) == 0, record["id"]


def test_a_page_that_was_mostly_the_template_is_judged_again():
    site = SiteTemplates()
    for id in CNA[:MIN_PAGES]:
        _run(site, _dump(id, tail=CHROME))
    record = {"id": "chrome-only", "url": None, "title": None, "published": None, "text": "\n".join(CHROME)}
    page = Page.of(record["text"])
    assert site.apply("cna", record, page) == len(CHROME)
    assert rejudge(record, 80) == "empty"


def test_a_site_forgets_lines_it_no_longer_shows():
    """Memory is bounded: a line not seen for STALE_PAGES pages of its site is dropped (each page's own lines
    are, and a template the site stopped using)."""
    site = SiteTemplates()
    gold = [line for id in _family("163.com") + CNA for line in _gold(id)]
    per_page = 4
    for n in range(templates.STALE_PAGES + 5 * templates.PRUNE_EVERY):   # every line of every page its own
        text = "\n".join(f"{gold[(n * per_page + k) % len(gold)][:40]} {n}" for k in range(per_page))
        site.learn("site", Page.of(text).observation())
    kept = site._sites["site"].lines
    assert len(kept) <= (templates.STALE_PAGES + templates.PRUNE_EVERY) * per_page


def test_fingerprints_do_not_depend_on_the_process():
    """blake2b, not Python's salted hash(): a resumed run and a crawl's next run must find the same lines."""
    import subprocess
    import sys

    line = CHROME[0]
    here = templates.fingerprint(line)
    there = subprocess.run([sys.executable, "-c", "import sys; from cleaners.templates import fingerprint; "
                            "print(fingerprint(sys.stdin.read()))"], input=line, capture_output=True, text=True,
                           check=True)
    assert int(there.stdout) == here


def test_a_run_of_many_hosts_holds_a_bounded_number_of_lines():
    """A dump of many small hosts (a broad crawl's WARC) must not grow the run's memory with every host: past
    MAX_ENTRIES lines and bodies the least recently learned sites are forgotten, while a busy site that keeps
    learning keeps its template."""
    site = SiteTemplates()
    assert site.max_entries == templates.MAX_ENTRIES   # the run's own bound, not a smaller one for the test
    stripped = []
    sizes = random.Random(12)
    for n in range(4 * templates.MAX_ENTRIES // 12):
        host = f"host{n // 2}.example.cn"   # two pages per host, each with 8 to 12 short lines of its own
        # what Page.of(text).observation() gives such a page (its body's fingerprint and its lines'), built
        # directly: normalizing and hashing half a million lines took 10 of the test's 12 s, and the store sees
        # only the fingerprints, none shared with another page. Sizes at random, as real pages have: with pages
        # of one size the store overflowed at the same moment of every round, which hid an eviction of the
        # wrong site (the one learned before the last).
        site.learn(host, Observation(body=-1 - n, lines=tuple(range(12 * n, 12 * n + sizes.randint(8, 12)))))
        if n % 10 == 0:   # and a busy site all along, its chrome around its articles
            record = _dump(CNA[n // 10 % len(CNA)], head=CHROME[:1], tail=CHROME[1:])
            record["text"] += f"\n{n}"   # each of its pages is a page of its own
            stripped.append(_run(site, record))
    held = sum(len(s.lines) + len(s.bodies) for s in site._sites.values())
    assert held <= templates.MAX_ENTRIES
    assert len(site._sites) < 4 * templates.MAX_ENTRIES // 12 // 2
    assert stripped[MIN_PAGES:] and all(k == len(CHROME) for k in stripped[MIN_PAGES:])


def test_copies_that_differ_in_a_counter_do_not_teach_that_the_story_is_template():
    """A story of paragraphs under MAX_CHARS (most of them are) fetched again and again, each copy with its own
    view count: a copy all the same. Counted as new pages, the copies taught the store that every paragraph was
    template, and the fourth copy lost the whole story."""
    story = next(id for id in _family("163.com") + CNA
                 if len(_gold(id)) >= 3 and all(len(normalize(line)) <= MAX_CHARS for line in _gold(id)))
    site = SiteTemplates()
    for n in range(MIN_PAGES + 3):
        record = _dump(story, tail=[f"浏览次数：{100 + 7 * n}"])
        _run(site, record)
        assert record["text"].split("\n")[:-1] == _gold(story), n
