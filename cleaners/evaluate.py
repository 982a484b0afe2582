"""`python -m cleaners eval DIR`: our HTML path against peer extractors on pages with hand-made main text.

DIR holds html/<id>.html and gt/<id>.txt (the layout of tests/data/cwced); an optional index.tsv with
`id`, `url`, `title`, `author`, `source` and `date` (or `published`) columns adds URLs and metadata accuracy
(each field compared as `title_matches`, `author_matches`, `source_matches`, `date_matches` say), and its `kind`
column marks list pages (`kind=list`, no gold: a cleaner should reject them). An optional must_not/<id>.txt
lists the page's chrome lines: a page is *clean* when none of them is left in the output, and *complete* when
the output's recall is at least COMPLETE_RECALL. Traditional script is compared as simplified on both sides
(our output is simplified by design). Every system gets the same bytes,
decoded by cleaners.decode.decode_html (decoding is timed as part of each system), and is timed over the
same pages in the same run. "ours" is exactly what `python -m cleaners clean` does: cleaners.pipeline.process
on a RawDoc; a rejected page scores as empty text.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean
from typing import Callable

from .decode import decode_html
from .inputs import RawDoc
from .metrics import bigram_f1
from .pipeline import Options, process

UNKNOWN = {"", "unknown", "none", "null", "n/a"}
COMPLETE_RECALL = 0.95   # a page is complete when the output has this share of the gold's bigrams
LIST_KEPT_CHARS = 200    # a peer (which never rejects) keeps a list page when it returns this much text


@dataclass
class Page:
    id: str
    data: bytes
    gold: str
    url: str | None = None
    title: str | None = None    # gold metadata from index.tsv, None when unknown
    author: str | None = None
    source: str | None = None
    date: str | None = None
    must_not: list[str] = field(default_factory=list)   # chrome lines that must not be in the output


@dataclass
class Output:
    text: str
    author: str | None = None
    published: str | None = None
    reject: str | None = None
    title: str | None = None
    source: str | None = None


@dataclass
class SystemResult:
    name: str
    precision: float
    recall: float
    f1: float
    ms_per_page: float
    pages: dict[str, dict] = field(default_factory=dict)   # id → p, r, f1, ms (and reject, metadata checks)
    metadata: dict[str, dict] | None = None                # field → correct, filled, total
    clean_complete: float = 0.0    # share of the pages with no must_not line left and recall ≥ COMPLETE_RECALL
    rejected: int = 0              # article pages with no text (ours: rejected)
    lists_kept: int | None = None  # list pages that came out as an article (None: the set has none)

    def summary(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "pages"}


# --- the pages --------------------------------------------------------------------------------------

def _known(value: str | None) -> str | None:
    value = (value or "").strip()
    return None if value.lower() in UNKNOWN else value


def _index(root: Path) -> dict[str, dict]:
    tsv = root / "index.tsv"
    if not tsv.exists():
        return {}
    with open(tsv, encoding="utf-8", newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f, delimiter="\t")}


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_pages(root: str | Path) -> list[Page]:
    """The article pages of DIR: those with a gold text."""
    root = Path(root)
    index = _index(root)
    pages = []
    for html in sorted((root / "html").glob("*.htm*")):
        gt = root / "gt" / f"{html.stem}.txt"
        if not gt.exists():
            continue
        row = index.get(html.stem, {})
        pages.append(Page(
            id=html.stem, data=html.read_bytes(), gold=gt.read_text(encoding="utf-8", errors="replace"),
            url=_known(row.get("url")), title=_known(row.get("title")), author=_known(row.get("author")),
            source=_known(row.get("source")), date=_known(row.get("date") or row.get("published")),
            must_not=_lines(root / "must_not" / f"{html.stem}.txt"),
        ))
    return pages


def load_list_pages(root: str | Path) -> list[Page]:
    """The pages index.tsv marks `kind=list`: no article to find; a cleaner should reject them."""
    root = Path(root)
    return [Page(id=id, data=(root / "html" / f"{id}.html").read_bytes(), gold="", url=_known(row.get("url")))
            for id, row in sorted(_index(root).items())
            if row.get("kind") == "list" and (root / "html" / f"{id}.html").exists()]


def comparable(text: str) -> str:
    """Text as the scores see it: NFKC, no white space, simplified script."""
    from .rules.script import simplified_if_traditional

    return "".join(simplified_if_traditional(unicodedata.normalize("NFKC", text)).split())


def chrome_left(output: str, must_not: list[str]) -> list[str]:
    """The must_not lines found in the output."""
    said = comparable(output)
    return [line for line in must_not if comparable(line) and comparable(line) in said]


# --- the systems ------------------------------------------------------------------------------------

def ours(page: Page, options: Options = Options()) -> Output:
    record, reject = process(RawDoc(page.id, "html", page.data, url=page.url), options)
    if reject:
        detail = record.get("detail")
        return Output("", reject=f"{reject} ({detail})" if detail else reject)
    return Output(record.get("text") or "", record.get("author"), record.get("published"),
                  title=record.get("title"), source=record.get("source"))


def _decoded(page: Page) -> str:
    return decode_html(page.data).text


def _trafilatura(**settings) -> Callable[[Page], Output]:
    import trafilatura

    def run(page: Page) -> Output:
        return Output(trafilatura.extract(_decoded(page), url=page.url, **settings) or "")

    return run


def _readability() -> Callable[[Page], Output]:
    import lxml.html
    from readability import Document

    def run(page: Page) -> Output:
        summary = Document(_decoded(page)).summary(html_partial=True)
        return Output(lxml.html.fromstring(summary).text_content() if summary.strip() else "")

    return run


def _justext() -> Callable[[Page], Output]:
    import justext

    def run(page: Page) -> Output:
        # jusText has no Chinese stoplist: with an empty one and the stopword thresholds at 0 it judges
        # paragraphs by length and link density alone; its length thresholds (70/200 letters) are scaled to
        # Chinese, where one character carries about what three Latin letters do
        paragraphs = justext.justext(_decoded(page), frozenset(), stopwords_low=0, stopwords_high=0,
                                     length_low=20, length_high=70)
        return Output("\n".join(p.text for p in paragraphs if not p.is_boilerplate))

    return run


OURS_SECOND_OPINION = "ours+second_opinion"
PEERS: dict[str, Callable[[], Callable[[Page], Output]]] = {
    "trafilatura": lambda: _trafilatura(),
    "trafilatura_precision": lambda: _trafilatura(favor_precision=True),
    "readability-lxml": _readability,
    "justext": _justext,
}


def available_systems(names: list[str] | None = None) -> dict[str, Callable[[Page], Output]]:
    """ours plus every peer that is installed (`pip install -e '.[bench]'`), in a stable order."""
    systems: dict[str, Callable[[Page], Output]] = {"ours": ours}
    if names is not None and OURS_SECOND_OPINION in names:  # only when asked: it is ours with trafilatura's help
        systems[OURS_SECOND_OPINION] = lambda page: ours(page, Options(second_opinion=True))
    for name, make in PEERS.items():
        if names is not None and name not in names:
            continue
        try:
            systems[name] = make()
        except ImportError:
            print(f"eval: {name} is not installed, skipped", file=sys.stderr)
    if names is not None:
        systems = {k: v for k, v in systems.items() if k in names}
    return systems


# --- metadata ----------------------------------------------------------------------------------------

_NAME_SPLIT = re.compile(r"[\s、,，;；/／]+")
_DATE = re.compile(r"((?:19|20)\d{2})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?)?")
# a credit's role words are not part of the name: "記者王小明、李大華" is the two people 王小明 and 李大华
_ROLE_PREFIX = re.compile(r"^.{0,12}?(?:记者|通讯员|实习生)|^(?:作者|撰文|撰稿|执笔|采写|文|编辑|责任编辑)[:：]?")


def _names(value: str) -> set[str]:
    from .rules.script import to_simplified_text

    value = re.sub(r"[(（][^)）]*[)）]", " ", to_simplified_text(unicodedata.normalize("NFKC", value)))
    return {_ROLE_PREFIX.sub("", n) for n in _NAME_SPLIT.split(value) if _ROLE_PREFIX.sub("", n)}


def _date_parts(value: str) -> tuple[int, ...] | None:
    m = _DATE.search(value)
    if not m:
        return None
    return tuple(int(g) for g in m.groups() if g)


def _wording(text: str) -> str:
    """comparable() without punctuation and symbols: 「」 or “”, a full or a half-width colon say the same."""
    return "".join(ch for ch in comparable(text) if not unicodedata.category(ch).startswith(("P", "S")))


def title_matches(predicted: str | None, gold: str) -> bool:
    """The same headline, word for word: a site name left on, or a headline cut short, is wrong."""
    return bool(predicted) and _wording(predicted) == _wording(gold)


_PAREN = re.compile(r"[(（][^)）]*[)）]")


def source_matches(predicted: str | None, gold: str) -> bool:
    """The same publisher's name as the page prints it; an edition in brackets after it ("21世纪经济报道(广州)")
    is not part of the name. An abbreviation ("中央社" for "中央通讯社") or a longer form counts as wrong:
    which names are one publisher is not something a comparison of strings can know."""
    return bool(predicted) and _wording(_PAREN.sub("", predicted)) == _wording(_PAREN.sub("", gold))


def author_matches(predicted: str | None, gold: str) -> bool:
    """The same set of people, in any order, without the credit's role words."""
    return bool(predicted) and _names(predicted) == _names(gold)


def date_matches(predicted: str | None, gold: str) -> bool:
    """Compared at the precision of the gold date ("1998-3" checks year and month)."""
    want, got = _date_parts(gold), _date_parts(predicted or "")
    return bool(want and got) and got[:len(want)] == want


METADATA_CHECKS = {"title": ("title", title_matches), "author": ("author", author_matches),
                   "source": ("source", source_matches), "date": ("published", date_matches)}


# --- running -------------------------------------------------------------------------------------------

def _timed(system: Callable[[Page], Output], page: Page) -> tuple[Output, float]:
    start = time.perf_counter()
    try:
        out = system(page)
    except Exception as e:  # a peer crashing on one page scores that page as empty
        out = Output("", reject=f"error: {type(e).__name__}")
    return out, (time.perf_counter() - start) * 1000


def run_systems(systems: dict[str, Callable[[Page], Output]], pages: list[Page],
                list_pages: list[Page] | None = None) -> list[SystemResult]:
    """Every system on every page, interleaved page by page so that a busy machine slows them all alike.

    Each page is timed once: timing a page again would flatter systems that cache per document.
    """
    for system in systems.values():
        if pages:
            _timed(system, pages[0])  # warm-up: imports, dictionaries and caches are not per-page costs
    outputs: dict[str, dict[str, Output]] = {name: {} for name in systems}
    per_page: dict[str, dict[str, dict]] = {name: {} for name in systems}
    for page in pages:
        gold = comparable(page.gold)
        for name, system in systems.items():
            out, ms = _timed(system, page)
            score = bigram_f1(comparable(out.text), gold)
            left = chrome_left(out.text, page.must_not)
            per_page[name][page.id] = {"p": score.precision, "r": score.recall, "f1": score.f1, "ms": ms,
                                       "clean": not left, "complete": score.recall >= COMPLETE_RECALL}
            if left:
                per_page[name][page.id]["chrome_left"] = left
            if out.reject:
                per_page[name][page.id]["reject"] = out.reject
            outputs[name][page.id] = out
    kept_lists = _lists_kept(systems, list_pages or [])
    results = []
    for name in systems:
        scores = per_page[name].values()
        result = SystemResult(
            name,
            fmean(s["p"] for s in scores) if pages else 0.0,
            fmean(s["r"] for s in scores) if pages else 0.0,
            fmean(s["f1"] for s in scores) if pages else 0.0,
            fmean(s["ms"] for s in scores) if pages else 0.0,
            per_page[name],
            clean_complete=fmean(s["clean"] and s["complete"] for s in scores) if pages else 0.0,
            rejected=sum(not outputs[name][p.id].text.strip() for p in pages),
            lists_kept=len(kept_lists[name]) if list_pages else None,
        )
        for id in kept_lists[name]:
            result.pages[id] = {"list_page_kept": True}
        if name == "ours":
            result.metadata = _metadata_accuracy(pages, outputs[name], per_page[name])
        results.append(result)
    return results


def _lists_kept(systems: dict[str, Callable[[Page], Output]], list_pages: list[Page]) -> dict[str, list[str]]:
    """Per system, the list pages it returned as an article: ours when it did not reject them, a peer (which
    has no verdict) when it returned LIST_KEPT_CHARS or more."""
    kept: dict[str, list[str]] = {name: [] for name in systems}
    for page in list_pages:
        for name, system in systems.items():
            out, _ = _timed(system, page)
            if (name == "ours" and not out.reject) or (name != "ours" and len(comparable(out.text)) >= LIST_KEPT_CHARS):
                kept[name].append(page.id)
    return kept


def run_system(name: str, system: Callable[[Page], Output], pages: list[Page]) -> SystemResult:
    return run_systems({name: system}, pages)[0]


def _metadata_accuracy(pages: list[Page], outputs: dict[str, Output], per_page: dict[str, dict]) -> dict:
    table = {}
    for gold_field, (ours_field, matches) in METADATA_CHECKS.items():
        correct = filled = total = 0
        for page in pages:
            gold = getattr(page, gold_field)
            if gold is None or (gold_field == "date" and _date_parts(gold) is None):
                continue
            predicted = getattr(outputs[page.id], ours_field)
            ok = matches(predicted, gold)
            total += 1
            filled += bool(predicted)
            correct += ok
            per_page[page.id][gold_field] = {"gold": gold, "ours": predicted, "ok": ok}
        if total:
            table[gold_field] = {"correct": correct, "filled": filled, "total": total}
    return table


def evaluate(root: str | Path, names: list[str] | None = None) -> list[SystemResult]:
    return run_systems(available_systems(names), load_pages(root), load_list_pages(root))


def format_table(results: list[SystemResult], n_pages: int) -> str:
    fields = [f for f in METADATA_CHECKS if any(r.metadata and f in r.metadata for r in results)]
    lists = any(r.lists_kept is not None for r in results)
    head = (f"{'system':<24}{'P':>7}{'R':>7}{'F1':>7}{'clean+complete':>16}{'empty':>7}" + (f"{'lists kept':>12}" if lists else "")
            + f"{'ms/page':>9}" + "".join(f"{f + ' ok/set/n':>18}" for f in fields))
    lines = [f"{n_pages} pages; mean per page; every system decodes with cleaners.decode, timed", head, "-" * len(head)]
    for r in results:
        row = (f"{r.name:<24}{r.precision:>7.3f}{r.recall:>7.3f}{r.f1:>7.3f}{r.clean_complete:>16.3f}{r.rejected:>7}"
               + (f"{r.lists_kept:>12}" if lists else "") + f"{r.ms_per_page:>9.1f}")
        for f in fields:
            m = (r.metadata or {}).get(f)
            row += f"{m['correct']}/{m['filled']}/{m['total']}".rjust(18) if m else f"{'-':>18}"
        lines.append(row)
    lines.append(f"clean+complete: share of pages with no must_not line left and recall >= {COMPLETE_RECALL}; "
                 "empty: pages with no text (ours: rejected)"
                 + (f"; lists kept: list pages returned as an article (peers: >= {LIST_KEPT_CHARS} chars)" if lists else ""))
    if fields:
        lines.append("metadata: ok = matches the gold value, set = field filled, n = pages whose gold value is known")
    return "\n".join(lines)


def cmd_eval(ns: argparse.Namespace) -> int:
    # usage errors as `clean` reports them: exit 2 and one `error:` line, before any page is read
    root = Path(ns.dir)
    if not root.is_dir():
        print(f"error: no such directory: {root}", file=sys.stderr)
        return 2
    if not (root / "html").is_dir() or not (root / "gt").is_dir():
        print(f"error: {root} needs html/<id>.html and gt/<id>.txt", file=sys.stderr)
        return 2
    names = ns.systems.split(",") if ns.systems else None
    unknown = [n for n in names or () if n not in ("ours", OURS_SECOND_OPINION) and n not in PEERS]
    if unknown:
        print(f"error: unknown system {', '.join(unknown)}; --systems takes ours,{OURS_SECOND_OPINION},"
              f"{','.join(PEERS)}", file=sys.stderr)
        return 2
    systems = available_systems(names)
    missing = [n for n in names or () if n not in systems]
    if missing:  # named on purpose: a table without it would mislead
        print(f"error: {', '.join(missing)} not installed (pip install -e '.[bench]')", file=sys.stderr)
        return 2
    n_pages = len(load_pages(root))
    results = run_systems(systems, load_pages(root), load_list_pages(root))
    print(format_table(results, n_pages))
    if ns.worst:
        ours_result = next((r for r in results if r.name == "ours"), None)
        if ours_result:
            worst = sorted(ours_result.pages.items(), key=lambda kv: kv[1].get("f1", 2.0))[: ns.worst]
            print("\nours, lowest F1:")
            for id, s in worst:
                if "f1" not in s:
                    continue  # a list page
                left = f"chrome left: {' | '.join(s['chrome_left'])[:120]}" if s.get("chrome_left") else ""
                print(f"  {s['f1']:.3f}  P {s['p']:.3f}  R {s['r']:.3f}  {id}  {s.get('reject', '')} {left}".rstrip())
            kept = [id for id, s in ours_result.pages.items() if s.get("list_page_kept")]
            if kept:
                print("ours, list pages kept as articles: " + ", ".join(kept))
    if ns.json:
        payload = {"dir": str(root), "pages": n_pages, "systems": [r.summary() | {"pages": r.pages} for r in results]}
        Path(ns.json).write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser("eval", help="score our HTML extraction and installed peers against gold text")
    p.add_argument("dir", metavar="DIR", help="directory with html/<id>.html, gt/<id>.txt and optional index.tsv")
    p.add_argument("--json", metavar="OUT", help="also write the numbers (and per-page scores) to OUT")
    p.add_argument("--systems", help=f"comma-separated subset: ours,{OURS_SECOND_OPINION}," + ",".join(PEERS)
                   + " (default: ours and every installed peer)")
    from .cli import whole_number

    p.add_argument("--worst", type=whole_number(0), default=0, metavar="N",
                   help="also list our N lowest-scoring pages (default: %(default)s, none)")
    p.set_defaults(func=cmd_eval)
    return p
