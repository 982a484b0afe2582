"""What learning each site's template (cleaners/templates.py) buys on a set of pages, and what it costs.

    python scripts/template_gain.py tests/data/devset            # group by index.tsv's family
    python scripts/template_gain.py tests/data/cwced             # group by index.tsv's domain
    python scripts/template_gain.py tests/data/devset --as-text  # the pages as scraped text dumps
    python scripts/template_gain.py --site tests/fixtures/site   # the sample site, one site per sub-site

Pages go through the CLI's path (cleaners.pipeline.process) in the index's order, and then through what
`python -m cleaners clean` does per host: strip what the site's earlier kept pages taught, judge again, learn.
The grouping column stands for the host because several pages of the sets have no URL. With a gold text
(gt/<id>.txt) the article pages are scored as `python -m cleaners eval` scores them (bigram F1 in simplified
script, must_not lines left); every removed line is listed with whether the gold holds it (a loss).
--as-text feeds each page's visible text (script and style dropped, a line per block) as a text dump, as a
scraper without an extractor would save it: the case where the rules alone leave most chrome.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from statistics import fmean

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cleaners.evaluate import chrome_left, comparable  # noqa: E402
from cleaners.inputs import RawDoc  # noqa: E402
from cleaners.metrics import bigram_f1  # noqa: E402
from cleaners.pipeline import Options, process  # noqa: E402
from cleaners.templates import Page, SiteTemplates, rejudge  # noqa: E402

BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section",
          "article", "header", "footer", "nav", "dd", "dt", "title", "td", "th", "form", "blockquote", "pre"}


def visible_text(data: bytes) -> str:
    import lxml.html

    from cleaners.decode import decode_html

    root = lxml.html.fromstring(decode_html(data).text)
    for bad in root.xpath("//script|//style|//noscript|//head|//comment()"):
        if bad.getparent() is not None:
            bad.drop_tree()
    parts: list[str] = []

    def walk(el) -> None:
        if not isinstance(el.tag, str):   # a processing instruction or entity: no text of its own
            return
        block = isinstance(el.tag, str) and el.tag.lower() in BLOCKS
        if block:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(root)
    return "".join(parts)


def pages_of_index(root: Path) -> list[dict]:
    with open(root / "index.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    column = "family" if "family" in rows[0] else "domain"
    pages = []
    for row in rows:
        html = root / "html" / f"{row['id']}.html"
        if not html.exists():
            continue
        gt, must_not = root / "gt" / f"{row['id']}.txt", root / "must_not" / f"{row['id']}.txt"
        pages.append({"id": row["id"], "site": row[column], "url": row.get("url") or None, "data": html.read_bytes(),
                      "gold": gt.read_text(encoding="utf-8") if gt.exists() else None,
                      "must_not": [s.strip() for s in must_not.read_text(encoding="utf-8").splitlines() if s.strip()]
                      if must_not.exists() else []})
    return pages


def pages_of_site(root: Path) -> list[dict]:
    return [{"id": str(p.relative_to(root)), "site": p.relative_to(root).parts[0], "url": None,
             "data": p.read_bytes(), "gold": None, "must_not": []}
            for p in sorted(root.rglob("*")) if p.suffix in (".html", ".shtml", ".htm") and len(p.parts) > 1
            and p.relative_to(root).parts[0] not in ("LICENSES",)]


def run(pages: list[dict], as_text: bool) -> dict:
    options = Options()
    templates = SiteTemplates()
    rows, spent, kept_before, kept_after = [], 0.0, 0, 0
    for page in pages:
        raw = (RawDoc(page["id"], "text", visible_text(page["data"]), url=page["url"]) if as_text
               else RawDoc(page["id"], "html", page["data"], url=page["url"]))
        record, reason = process(raw, options)
        before = record.get("text", "") if reason is None else ""
        kept_before += reason is None
        start = time.perf_counter()
        removed: list[str] = []
        if reason is None:
            text = Page.of(record["text"])
            seen = text.observation()
            if templates.apply(page["site"], record, text):
                removed = record["meta"]["removed"]["site_template"]
                reason = rejudge(record, options.min_chars)
            if reason is None:
                templates.learn(page["site"], seen)
        spent += time.perf_counter() - start
        after = record.get("text", "") if reason is None else ""
        kept_after += reason is None
        rows.append({**page, "before": before, "after": after, "removed": removed, "reason": reason})
    return {"rows": rows, "ms_per_page": spent * 1000 / max(len(pages), 1),
            "kept_before": kept_before, "kept_after": kept_after}


def _gold_lines(text: str, gold: str | None) -> Counter:
    if gold is None:
        return Counter()
    wanted = Counter(comparable(line) for line in gold.splitlines()) - Counter({"": 10**9})
    have = Counter(comparable(line) for line in text.splitlines())
    return wanted & have


def report(result: dict) -> None:
    rows = result["rows"]
    scored = [r for r in rows if r["gold"] is not None]
    per_site = defaultdict(int)
    for r in rows:
        per_site[r["site"]] += 1
    print(f"pages: {len(rows)} in {len(per_site)} sites ({sum(1 for n in per_site.values() if n >= 2)} with 2+ pages)")
    print(f"kept: {result['kept_before']} without templates, {result['kept_after']} with")
    if scored:
        for label, key in (("without templates", "before"), ("with templates   ", "after")):
            f1 = fmean(bigram_f1(comparable(r[key]), comparable(r["gold"])).f1 for r in scored)
            left = sum(len(chrome_left(r[key], r["must_not"])) for r in scored)
            dirty = sum(1 for r in scored if chrome_left(r[key], r["must_not"]))
            print(f"{label}: F1 {f1:.4f}  must_not lines left {left} on {dirty} pages")
    changed = [r for r in rows if r["removed"]]
    print(f"pages changed: {len(changed)}; lines removed: {sum(len(r['removed']) for r in changed)}")
    for r in changed:
        # a loss: a line of the gold the output held before and not after (counted as a multiset, so a calendar
        # widget's "一" removed from the header is no loss while the article's own "一" stays), and any fall
        # of the page's recall
        lost = list((_gold_lines(r["before"], r["gold"]) - _gold_lines(r["after"], r["gold"])).elements())
        recall = ""
        if r["gold"] is not None:
            before, after = (bigram_f1(comparable(r[k]), comparable(r["gold"])).recall for k in ("before", "after"))
            recall = f", recall {before:.3f} → {after:.3f}"
        print(f"  {r['id']} ({r['site']}): -{len(r['removed'])}" + (f", {len(lost)} gold lines lost" if lost else "")
              + recall + (f", now rejected: {r['reason']}" if r["reason"] else ""))
        for line in r["removed"]:
            print(f"      {line[:70]}")
        for line in lost:
            print(f"      LOST {line[:70]}")
    print(f"template step: {result['ms_per_page']:.3f} ms/page (observe + strip + judge again + learn)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", nargs="?", help="a set with index.tsv and html/ (gt/, must_not/ optional)")
    parser.add_argument("--site", help="a site tree (the sample site): one site per top folder, no gold")
    parser.add_argument("--as-text", action="store_true", help="feed each page's visible text as a text dump")
    ns = parser.parse_args()
    if bool(ns.root) == bool(ns.site):
        parser.error("give a set or --site")
    pages = pages_of_site(Path(ns.site)) if ns.site else pages_of_index(Path(ns.root))
    report(run(pages, ns.as_text))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
