"""One list of per-source counters (crawler/counters.py): every counter the crawl can increment is one the run
summary reports. Before the list, the spider counted `hanweb_found` and `bad_listing` and the summary dropped
them without a word."""
import ast
from pathlib import Path

import pytest

from crawler.counters import BY_REASON, COUNTERS, key
from crawler.extensions import per_source

CRAWLER = Path(__file__).resolve().parents[1] / "crawler"
COUNTING_CALLS = {"count", "_count"}  # counters.count(stats, id, NAME), spider._count(id, NAME), pipeline count(item, NAME)


def _name_of(node: ast.AST) -> str | None:
    """The counter a call argument names: "kept", or "error/*" for f"error/{reason}"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
        return node.values[0].value.rstrip("/") + "/*"
    return None


def counted_names() -> dict[str, set[str]]:
    """Every per-source counter name the crawler's code can increment → the files that do."""
    found: dict[str, set[str]] = {}
    for path in sorted(CRAWLER.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = None
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) in COUNTING_CALLS \
                    and len(node.args) >= 2:  # (str.count("x") has one argument)
                name = _name_of(node.args[-1])
            elif isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant) \
                    and node.values[0].value == "source/" and isinstance(node.values[-1], ast.Constant):
                name = node.values[-1].value.lstrip("/")  # an inline f"source/{id}/NAME" (code not using count())
            if name:
                found.setdefault(name, set()).add(path.relative_to(CRAWLER.parent).as_posix())
    return found


def test_the_scan_finds_the_spiders_counters():
    names = counted_names()
    for name in ("list_pages", "hanweb_found", "bad_listing", "over_max_pages", "article_links", "fetched",
                 "kept", "blocked_address", "error/*", "rejected/*"):
        assert name in names, name


def test_every_counter_the_crawl_increments_is_in_the_run_summary():
    for name, files in counted_names().items():
        if name.endswith("/*"):
            family = name[:-2]
            assert family in BY_REASON, (name, files)
            stats = {f"source/s/{family}/some_reason": 7}
            assert per_source(stats)["s"][BY_REASON[family]] == {"some_reason": 7}, (name, files)
        else:
            assert name in COUNTERS, (name, files)
            assert per_source({f"source/s/{name}": 7})["s"][name] == 7, (name, files)


def test_a_counter_missing_from_the_list_is_refused_where_it_is_counted():
    assert key("s", "kept") == "source/s/kept" and key("s", "error/timeout") == "source/s/error/timeout"
    with pytest.raises(KeyError, match="hanweb_fuond"):
        key("s", "hanweb_fuond")


def test_every_listed_counter_is_in_every_sources_summary():
    summary = per_source({"source/s/kept": 1})["s"]
    assert list(summary)[:len(COUNTERS)] == list(COUNTERS) and set(BY_REASON.values()) <= set(summary)
