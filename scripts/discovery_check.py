"""Discovery from a home page on the sites the crawler has never seen (tests/discovery_sites.py): for each, two
runs of `scrapy crawl portal` with a home-page-only seed (one state), and what they did on the site.

    python scripts/discovery_check.py [layout …] [--json out.json] [--keep DIR]

Coverage: the site's article pages (robots-allowed) that run 1 fetched as articles (its WARC), over all of them.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.discovery_sites import LAYOUTS, measure  # noqa: E402


def _shape(key: str) -> str:
    import re
    return re.sub(r"\d+", "#", key)


def report(r: dict) -> None:
    one, two = r["runs"]
    print(f"\n=== {r['layout']} ===")
    print(f"article pages on the site (reachable, robots-allowed): {r['articles']}")
    print(f"run 1: {one['requests']} requests in {one['wall']} s (exit {one['returncode']}); article pages requested "
          f"{len(one['article_requests'])}, fetched as articles {len(set(one['fetched_as_article']))}")
    print(f"coverage: {r['coverage']:.1%} (fetched as articles)   requested: {r['requested_coverage']:.1%}")
    print(f"kept: {r['kept']} ({r['kept_articles']} articles); kept non-articles: {len(r['kept_non_articles'])}")
    for k in r["kept_non_articles"]:
        print("   KEPT NON-ARTICLE", k)
    if r["fetched_non_articles"]:
        print(f"fetched as articles but not articles: {len(r['fetched_non_articles'])}")
        for k in r["fetched_non_articles"]:
            print("   ", k)
    print(f"non-article requests (run 1): {len(one['non_article_requests'])}")
    shapes = Counter(_shape(k) for k in one["non_article_requests"])
    for s, n in sorted(shapes.items()):
        print(f"   {n:3d} × {s}")
    print(f"run 2: {two['requests']} requests in {two['wall']} s (exit {two['returncode']}); article requests: "
          f"{len(r['run2_article_requests'])} {r['run2_article_requests'][:5]}")
    print(f"robots-disallowed requests: {r['disallowed'] or 'none'}")
    rej = Counter(reason for _, reason in r["rejected"])
    print(f"rejected by the judge: {dict(rej)}")
    print(f"summary run 1: {one['summary']}")
    learned = json.loads(one["learned"]) if one["learned"] else None
    if learned:
        print(f"learned: {len(learned.get('article', []))} article patterns {learned.get('article', [])[:3]}"
              f"{' …' if len(learned.get('article', [])) > 3 else ''}; follow {learned.get('follow')}; lists {len(learned.get('lists', []))}")
    else:
        print("learned: nothing")
    print(f"learned article patterns match the site's next articles: {len(r['future_matched'])} of {len(r['future'])}"
          f" {sorted(set(r['future']) - set(r['future_matched']))}")
    if r["missed"]:
        print(f"missed ({len(r['missed'])}):")
        for k, where in r["missed"].items():
            print(f"   {k}   linked from {where[:4]}")
    for run in (one, two):
        if run["returncode"]:
            print(run["stderr_tail"])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("layouts", nargs="*", default=list(LAYOUTS))
    ap.add_argument("--json")
    ap.add_argument("--keep", help="directory for the crawls' data (default: a temporary one)")
    ap.add_argument("--guard", type=int, default=0, help="CLOSESPIDER_TIMEOUT for each run (seconds; 0: none)")
    args = ap.parse_args()
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="discovery-check-"))
    results = []
    for layout in args.layouts:
        extra = ("-s", f"CLOSESPIDER_TIMEOUT={args.guard}") if args.guard else ()
        r = measure(layout, root / layout, *extra)
        report(r)
        results.append(r)
    print("\nsite        coverage  kept-non-art  non-art-req  run2-art-req  disallowed  wall(s)")
    for r in results:
        print(f"{r['layout']:<11} {r['coverage']:>7.1%}  {len(r['kept_non_articles']):>12}  "
              f"{len(r['runs'][0]['non_article_requests']):>11}  {len(r['run2_article_requests']):>12}  "
              f"{len(r['disallowed']):>10}  {r['runs'][0]['wall'] + r['runs'][1]['wall']:>7.1f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\ndata: {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
