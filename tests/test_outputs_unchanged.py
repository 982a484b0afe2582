"""Every output line the CLI writes for the repository's dumps, byte for byte, against stored sha256s.

Speed work on the cleaning path is meant to change no output. This test runs the real CLI (`cleaners.cli`, in
this process, one worker, the per-document time limit off as scripts/outputs_digest.py has it: a page timing
out on a busy machine is not an output change) over

- every HTML page directory of tests/ and tests/data (read as the CLI reads a directory),
- every text dump directory (the seed dumps, their gold texts, the evaluation sets' gold texts), with the
  flags that change output: none, --keep-script, --keep-width, --dedup,
- JSONL and WARC dumps built here, always the same way, from those files (tests/ holds none on disk): the
  text records of the benchmark (benchmarks/bench.py) with url and site, the 600-record dump of
  tests/test_big_dumps.py, and a WARC of the sample site's pages,

and compares, for every document, the sha256 of the exact line the CLI wrote (the output or the rejects file:
JsonlWriter and reject_record included) and the reject reason with tests/data/expected_outputs/<case>.tsv.

After a change that is meant to change outputs, write the expectations again and review the diff:

    python tests/test_outputs_unchanged.py --write
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

EXPECTED = REPO / "tests" / "data" / "expected_outputs"

HTML_DIRS = ["tests/data/devset/html", "tests/data/cwced/html", "tests/data/pages", "tests/data/fixtures-zh",
             "tests/fixtures/decode", "tests/fixtures/site"]
TEXT_DIRS = ["tests/fixtures/seeds", "tests/fixtures/seeds_gold", "tests/data/cwced/gt", "tests/data/devset/gt",
             "tests/data/devset/must_not"]
TEXT_FLAGS = [(), ("--keep-script",), ("--keep-width",), ("--dedup",)]


# --- the dumps built here --------------------------------------------------------------------------------
def seed_records_jsonl(path: Path) -> None:
    """The benchmark's text records (two rounds of the seed dumps: the second round repeats the first, which
    --dedup and the site templates both act on), with a url and a site as a crawl's export has them."""
    seeds = sorted((REPO / "tests" / "fixtures" / "seeds").glob("*.txt"))
    with open(path, "w", encoding="utf-8") as f:
        for n in range(2 * len(seeds)):
            src = seeds[n % len(seeds)]
            record = {"id": f"{n:06d}_{src.stem}", "url": f"http://www.example.cn/a/{n}.html", "site": "示例科创网",
                      "text": src.read_text(encoding="utf-8")}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def big_dump_jsonl(path: Path) -> None:
    """tests/test_big_dumps.py's 600 records: the paragraphs of a gold text rotated, and short stubs."""
    seed_text = (REPO / "tests" / "fixtures" / "seeds_gold" / "002_08b51e217c1001c8.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in seed_text.split("\n") if p]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(600):
            text = "科创" if i % 7 == 0 else "\n".join(paragraphs[i % len(paragraphs):] + paragraphs[:i % 3])
            f.write(json.dumps({"id": f"doc{i:04d}", "text": text}, ensure_ascii=False) + "\n")


def site_warc(path: Path) -> None:
    """The sample site's pages and the chinanews page as a crawl's WARC responses (fixed record ids)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    site = REPO / "tests" / "fixtures" / "site"
    pages = [(f"http://127.0.0.1:8000/{p.relative_to(site).as_posix()}", p)
             for p in sorted(site.rglob("*")) if p.is_file() and p.suffix in (".html", ".htm", ".shtml")]
    pages.append(("https://www.chinanews.com/gn/2020/06-09/9207462.shtml", REPO / "tests" / "data" / "pages" / "chinanews_2020.html"))
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for n, (url, page) in enumerate(pages):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(page.read_bytes()), http_headers=headers,
                warc_headers_dict={"WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>",
                                   "WARC-Date": "2024-06-10T00:00:00Z"})
            writer.write_record(record)


BUILT = {"seeds.jsonl": seed_records_jsonl, "big_dump.jsonl": big_dump_jsonl, "site.warc.gz": site_warc}


def cases() -> list[tuple[str, str, tuple[str, ...]]]:
    """(case name, input: a repository path or built:<name>, CLI flags)."""
    found = [(f"html {d}", d, ()) for d in HTML_DIRS]
    for d in TEXT_DIRS:
        found += [(" ".join(("text", d, *flags)), d, flags) for flags in TEXT_FLAGS]
    for name in ("seeds.jsonl", "big_dump.jsonl"):
        found += [(" ".join(("jsonl", name, *flags)), f"built:{name}", flags) for flags in TEXT_FLAGS]
    found.append(("warc site.warc.gz", "built:site.warc.gz", ()))
    return found


def case_file(name: str) -> Path:
    return EXPECTED / (name.replace("tests/data/", "").replace("tests/fixtures/", "fixtures-").replace("/", "-")
                       .replace(" --", "+").replace(" ", "_") + ".tsv")


# --- running the CLI --------------------------------------------------------------------------------------
@contextlib.contextmanager
def _patched(obj, name, value):
    old = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, old)


def run_case(source: str, flags: tuple[str, ...], work: Path) -> list[tuple[str, str, str, str]]:
    """(input file, document id, reject reason or "-", sha256 of the line written) per document, in order."""
    from cleaners import cli, inputs
    from cleaners.pipeline import Options

    if source.startswith("built:"):
        name = source.removeprefix("built:")
        path = work / name
        if not path.exists():
            BUILT[name](path)
        shown, arg = name, str(path)
    else:
        shown, arg = source, str(REPO / source)

    class NoTimeLimit(Options):
        def __init__(self, *args, time_limit: float | None = None, **kwargs):
            super().__init__(*args, time_limit=time_limit, **kwargs)

    files: list[str] = []   # the file read when each document was pulled (read_units reads them in turn)
    labels: list[tuple[str, str]] = []
    real_expand, real_read_units = inputs.expand, cli.read_units

    def expand(*args, **kwargs):
        for name, path, root in real_expand(*args, **kwargs):
            files.append(path.relative_to(REPO).as_posix() if path and path.is_relative_to(REPO) else shown)
            yield name, path, root

    def read_units(*args, **kwargs):
        for unit in real_read_units(*args, **kwargs):
            labels.append((files[-1], unit.id))
            yield unit

    out, rejects = work / "out.jsonl", work / "rejects.jsonl"
    ns = cli.build_parser().parse_args(["clean", arg, "-o", str(out), "--rejects", str(rejects), "-q", *flags])
    with _patched(inputs, "expand", expand), _patched(cli, "read_units", read_units), \
            _patched(cli, "Options", NoTimeLimit):
        assert cli.cmd_clean(ns) == 0
    lines: dict[str, tuple[str, bytes]] = {}
    for where in (out, rejects):
        for line in where.read_bytes().splitlines(keepends=True):
            record = json.loads(line)
            assert record["id"] not in lines, f"two outputs for {record['id']}"
            lines[record["id"]] = (record.get("reason", "-") if where == rejects else "-", line)
    assert len(lines) == len(labels), "every document has exactly one output line"
    rows = []
    for file, doc_id in labels:
        reason, line = lines[doc_id]
        rows.append((file, doc_id, reason, hashlib.sha256(line).hexdigest()))
    for p in (out, rejects):
        p.unlink()
    return rows


def _row(row: tuple[str, ...]) -> str:
    return "\t".join(json.dumps(v, ensure_ascii=False) if "\t" in v or "\n" in v else v for v in row)


def read_expected(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def write_all() -> int:
    EXPECTED.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, source, flags in cases():
            rows = run_case(source, flags, Path(tmp))
            case_file(name).write_text("".join(_row(r) + "\n" for r in rows), encoding="utf-8")
            print(f"{case_file(name).relative_to(REPO)}: {len(rows)} documents")
    return 0


# --- the test ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("outputs")


def test_the_expectations_cover_every_case():
    stored = sorted(p.name for p in EXPECTED.glob("*.tsv"))
    assert stored == sorted(case_file(name).name for name, _, _ in cases())


@pytest.mark.parametrize("name, source, flags", cases(), ids=[c[0] for c in cases()])
def test_outputs_unchanged(name, source, flags, work):
    expected = read_expected(case_file(name))
    got = [_row(r) for r in run_case(source, flags, work)]
    if got == expected:
        return
    want = {tuple(line.split("\t")[:2]): line for line in expected}
    have = {tuple(line.split("\t")[:2]): line for line in got}
    differ = [f"{k[0]} {k[1]}: {want[k].split(chr(9))[2:]} -> {have[k].split(chr(9))[2:]}"
              for k in want if k in have and want[k] != have[k]]
    missing = [f"{k[0]} {k[1]}" for k in want if k not in have]
    new = [f"{k[0]} {k[1]}" for k in have if k not in want]
    report = [f"{len(differ)} documents' outputs differ:", *differ[:40]]
    if missing:
        report += [f"{len(missing)} documents no longer output:", *missing[:20]]
    if new:
        report += [f"{len(new)} documents not in the expectations:", *new[:20]]
    if not (differ or missing or new):
        report.append("the same outputs in another order")
    pytest.fail(f"{name}: outputs changed ({case_file(name).relative_to(REPO)})\n" + "\n".join(report))


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        print(__doc__.splitlines()[-1].strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(write_all())
