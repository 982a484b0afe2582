"""cleaners/output.py reject_record takes a field within the limits as it is and cuts down only the others, in
one walk: the rejects file is what cutting down every field gave (the reference below is the code it replaced),
on real records and on values at, under and over every limit."""
from __future__ import annotations

from cleaners.limits import REJECT_CHARS, REJECT_ITEM_CHARS, REJECT_ITEMS, REJECT_KEYS, REJECT_TEXT_CHARS
from cleaners.output import jsonl_line, reject_record

from .conftest import REPO


def reference_reject_record(reason: str, record: dict) -> dict:
    cut: dict[str, dict[str, int]] = {}

    def count(path: str, what: str, n: int) -> None:
        where = cut.setdefault(path, {})
        where[what] = where.get(what, 0) + n

    def bound(value, path: str, chars: int):
        if isinstance(value, str):
            if len(value) > chars:
                count(path, "chars", len(value) - chars)
                return value[:chars]
            return value
        if isinstance(value, list):
            if len(value) > REJECT_ITEMS:
                count(path, "items", len(value) - REJECT_ITEMS)
            return [bound(v, path, REJECT_ITEM_CHARS) for v in value[:REJECT_ITEMS]]
        if isinstance(value, dict):
            if len(value) > REJECT_KEYS:
                count(path, "items", len(value) - REJECT_KEYS)
            out = {}
            for key, v in list(value.items())[:REJECT_KEYS]:
                key = str(key)[:REJECT_ITEM_CHARS]
                out[key] = bound(v, f"{path}.{key}" if path else key, REJECT_CHARS)
            return out
        return value

    body = {key: bound(value, key, REJECT_TEXT_CHARS if key == "text" else REJECT_CHARS)
            for key, value in record.items() if key not in ("reason", "cut")}
    return {"reason": reason, **body, **({"cut": cut} if cut else {})}


class Text(str):
    pass


def edge_values():
    for n in (REJECT_ITEM_CHARS, REJECT_CHARS, REJECT_TEXT_CHARS):
        for k in (n - 1, n, n + 1):
            yield "科" * k
    for n in (REJECT_ITEMS - 1, REJECT_ITEMS, REJECT_ITEMS + 1):
        yield ["行"] * n
        yield ["行" * (REJECT_ITEM_CHARS + 1)] * n
        yield [["嵌", "套"], {"k": "v" * (REJECT_CHARS + 1)}] * n
    for n in (REJECT_KEYS - 1, REJECT_KEYS, REJECT_KEYS + 1):
        yield {f"k{i}": i for i in range(n)}
    yield {"k" * (REJECT_ITEM_CHARS + 1): 1, "k" * (REJECT_ITEM_CHARS + 2): 2}   # keys that cut to the same one
    yield {1: "a", None: "b", 2.5: ["c"]}                                            # keys that become strings
    yield {"rules": {"byline": 1}, "removed": {"keywords_line": [f"关键词{i}" for i in range(19)]}, "flags": []}
    yield Text("子类" * REJECT_CHARS)
    yield (1, 2, "元组")
    yield [None, True, 0.5, 7]
    yield {"deep": [[["科" * (REJECT_ITEM_CHARS + 5)] * (REJECT_ITEMS + 2)]]}


def test_edge_values_are_cut_as_before():
    for i, value in enumerate(edge_values()):
        for key in ("text", "meta", "region"):
            record = {"id": str(i), key: value, "reason": "dropped", "cut": "dropped"}
            assert jsonl_line(reject_record("near_duplicate", record)) == \
                jsonl_line(reference_reject_record("near_duplicate", record)), (key, repr(value)[:80])


def test_real_records_are_cut_as_before():
    """The records the pipeline makes of the seed dumps and of cwced pages, kept or rejected, as --dedup
    rejects a near-duplicate: whole, with its removed lines."""
    from cleaners.inputs import RawDoc
    from cleaners.pipeline import Options, process

    units = [RawDoc(p.name, "text", p.read_text(encoding="utf-8")) for p in sorted((REPO / "tests/fixtures/seeds").glob("*.txt"))]
    units += [RawDoc(p.name, "html", p.read_bytes()) for p in sorted((REPO / "tests/data/cwced/html").glob("*.html"))[:12]]
    records = [process(unit, Options())[0] for unit in units]
    assert any(len(r["text"]) > REJECT_TEXT_CHARS for r in records)
    assert any(len(lines) > REJECT_ITEMS for r in records for lines in r["meta"]["removed"].values())
    for record in records:
        full = {"duplicate_of": "x", "similarity": 0.9, **record}
        assert jsonl_line(reject_record("near_duplicate", full)) == jsonl_line(reference_reject_record("near_duplicate", full))


def test_a_region_nested_as_deep_as_a_jsonl_reader_allows_is_cut_as_before():
    """A JSONL record's region holds whatever its producer put there: 600 levels of mappings, 400 of lists (the
    reference takes two calls a level of lists), within the limits or with too long a string at the bottom,
    both ways. A check before the cut (_fits) once made two calls a level of mappings, and a region 330 deep ended
    the run."""
    for bottom in ("短", "长" * (REJECT_CHARS + 1)):
        for make, depth in ((lambda inner: {"k": inner}, 600), (lambda inner: [inner], 400)):
            region = bottom
            for _ in range(depth):
                region = make(region)
            record = {"id": "deep", "text": "短", "region": region}
            assert jsonl_line(reject_record("too_short", record)) == jsonl_line(reference_reject_record("too_short", record))
