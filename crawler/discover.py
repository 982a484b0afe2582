"""`python -m crawler discover URL [URL…]`: learn each site's shape and print a ready seeds entry for it.

Each URL (a home page or a column page) becomes a source with nothing but its start URL, and one real
`scrapy crawl portal` runs over them in a scratch directory: robots.txt, politeness, the list-page bounds and the
judge are those of any crawl. What the crawl learned (crawler/discovery.py) is printed as a seeds file: the
columns found (as start_urls), the article pattern, the pagination (follow), the list style, and example URLs,
each entry `status: unconfirmed` until someone pins it. Nothing is written outside the scratch directory unless
--keep DIR is given (then the crawl's data, state and log stay there).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from crawler.discovery import is_home

DEFAULT_MAX_PAGES = 30   # list pages per site: enough for a home page's columns and their first pages
TOPIC_ALL_SHARE = 0.5    # a site whose stored pages are at least this often 科创 stories is a 科创 site: topic: all


def source_id(url: str, taken: set[str]) -> str:
    """A slug from the URL's host (and path, for a column): www.zast.org.cn → zast-org-cn."""
    parts = urlsplit(url)
    host = (parts.hostname or "site").removeprefix("www.")
    path = "" if is_home(url) else re.sub(r"\.\w+$", "", parts.path)
    slug = re.sub(r"[^a-z0-9]+", "-", f"{host} {path}".lower()).strip("-")[:40].strip("-") or "site"
    sid, n = slug, 2
    while sid in taken:
        sid, n = f"{slug}-{n}", n + 1
    taken.add(sid)
    return sid


def write_seeds(urls: list[str], path: Path) -> dict[str, str]:
    """A seeds file of home-page-only sources; {id: url}."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for url in urls:
        ids[source_id(url, taken)] = url
    entries = [{"id": sid, "name": urlsplit(url).hostname, "start_urls": [url]} for sid, url in ids.items()]
    path.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return ids


def crawl(seeds: Path, data: Path, max_pages: int, settings: list[str]) -> subprocess.CompletedProcess:
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings")
    args = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"seeds={seeds}", "-a", f"max_pages={max_pages}",
            "-s", f"DATA_DIR={data}", "-s", f"SUMMARY_FILE={data / 'summary.json'}", "-s", "LOG_LEVEL=INFO",
            "-s", f"LOG_FILE={data / 'crawl.log'}"]
    for setting in settings:
        args += ["-s", setting]
    return subprocess.run(args, env=env, capture_output=True, text=True)


def learned_patterns(state_dir: Path, source: str) -> dict | None:
    """What the crawl learned of a source, read from its state without taking the lock."""
    import json
    import sqlite3

    db = sqlite3.connect(f"file:{state_dir / 'state.sqlite'}?mode=ro", uri=True)
    try:
        row = db.execute("SELECT patterns FROM learned WHERE source = ?", (source,)).fetchone()
    except sqlite3.Error:
        row = None
    finally:
        db.close()
    return json.loads(row[0]) if row else None


def on_topic_shares(data: Path) -> dict[str, tuple[int, int]]:
    """source → (pages the 科创 relevance judge keeps, pages stored): the discovery crawl keeps every article
    (topic: all), so this says whether the site is a 科创 site or a general one that needs topic: keywords."""
    import json
    import sqlite3

    from cleaners.relevance import relevance
    from crawler.services import canonical

    db = sqlite3.connect(f"file:{data / 'state' / 'state.sqlite'}?mode=ro", uri=True)
    try:
        owner = dict(db.execute("SELECT url, source FROM urls WHERE outcome = 'stored'"))
    finally:
        db.close()
    shares: dict[str, list[int]] = {}
    for shard in sorted((data / "corpus").glob("*.jsonl")):
        for line in shard.open(encoding="utf-8"):
            record = json.loads(line)
            source = owner.get(canonical(record["url"]))
            if source:
                share = shares.setdefault(source, [0, 0])
                share[0] += relevance(record.get("title"), record.get("text", ""))[0]
                share[1] += 1
    return {k: (v[0], v[1]) for k, v in shares.items()}


def entry(sid: str, url: str, learned: dict, on_topic: tuple[int, int] = (0, 0)) -> dict:
    """A seeds entry for what was learned (seeds/README.md: the keys)."""
    styles = learned.get("styles", [])
    start = [url, *[c for c in learned.get("lists", []) if c != url]]
    item = {"id": sid, "name": learned.get("title") or urlsplit(url).hostname, "start_urls": start}
    patterns = learned["article"]
    item["article"] = patterns[0] if len(patterns) == 1 else "|".join(f"(?:{p})" for p in patterns)
    if learned.get("follow"):
        item["follow"] = learned["follow"]
    if "rss" in styles and len(start) == 1:
        item["list"] = "rss"
    elif "sitemap" in styles and len(start) == 1:
        item["list"] = "sitemap"
    kept, pages = on_topic
    # a site whose stories are mostly not 科创 news (a city paper, a general portal) keeps only those that are
    item["topic"] = "all" if not pages or kept >= TOPIC_ALL_SHARE * pages else "keywords"
    item["status"] = "unconfirmed"
    listing = f"; listings: {', '.join(styles)} (read from the pages)" if styles else ""
    item["notes"] = (f"discovered {time.strftime('%Y-%m-%d')} from {url}: {learned.get('articles', 0)} pages judged "
                     f"articles ({kept} of {pages} stored ones 科创 stories), {len(start) - 1} "
                     f"column{'s' if len(start) != 2 else ''} found{listing}. "
                     "Check the patterns against the live site, then set status: confirmed.")
    item["examples"] = [*learned.get("examples", []), *learned.get("page_examples", [])]
    return item


def _tail(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def run(urls: list[str], max_pages: int, settings: list[str], keep: Path | None, out=sys.stdout) -> int:
    """Print the seeds; 0 when every site taught something, 1 when one did not, 2 when the crawl failed."""
    bad = [u for u in urls if urlsplit(u).scheme not in ("http", "https") or not urlsplit(u).hostname]
    if bad:
        print(f"python -m crawler discover: error: not an http(s) URL: {bad[0]}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="discover-") as scratch:
        work = keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        seeds = work / "discover-seeds.yaml"
        ids = write_seeds(urls, seeds)
        print(f"discovering {len(urls)} site{'s' if len(urls) != 1 else ''} (at most {max_pages} list pages "
              f"each; log: {work / 'data' / 'crawl.log' if keep else 'kept with --keep DIR'}) …", file=sys.stderr)
        (work / "data").mkdir(exist_ok=True)
        proc = crawl(seeds, work / "data", max_pages, settings)
        if proc.returncode not in (0, 1) or not (work / "data" / "state" / "state.sqlite").exists():
            print(f"python -m crawler discover: error: the crawl failed (exit {proc.returncode}):\n"
                  f"{(proc.stderr or _tail(work / 'data' / 'crawl.log'))[-2000:]}", file=sys.stderr)
            return 2
        entries, missing = [], []
        shares = on_topic_shares(work / "data")
        for sid, url in ids.items():
            learned = learned_patterns(work / "data" / "state", sid)
            if learned and learned.get("article"):
                entries.append(entry(sid, url, learned, shares.get(sid, (0, 0))))
            else:
                missing.append(url)
    print("# seeds written by `python -m crawler discover`: paste into seeds/*.yaml, check, pin", file=out)
    if entries:
        print(yaml.safe_dump({"sources": entries}, allow_unicode=True, sort_keys=False, width=110), end="", file=out)
    for url in missing:
        print(f"# {url}: no page judged an article (no column or article links found, or the site did not "
              "answer); write its seed by hand", file=out)
    return 1 if missing else 0
