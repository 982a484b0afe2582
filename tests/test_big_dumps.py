"""Big dumps: input is read as it is cleaned (memory does not grow with the dump), with any number of
workers, and the output keeps the input order."""
import json
import os
import subprocess
import sys

import pytest

from cleaners.cli import ALONE_SCALE, CHUNK_BYTES, CHUNK_UNITS, TAIL_PIECES, _chunks, only_files, read_ahead, run_units
from cleaners.inputs import RawDoc
from cleaners.pipeline import Options

from .conftest import FIXTURES, REPO, read_jsonl, run_cli

SEED_TEXT = (FIXTURES / "seeds_gold" / "002_08b51e217c1001c8.txt").read_text(encoding="utf-8")


def _counting(docs):
    pulled = [0]

    def gen():
        for doc in docs:
            pulled[0] += 1
            yield doc
    return gen(), pulled


def test_workers_read_only_a_bounded_window_ahead():
    window = read_ahead(2)
    n = 10 * (window + 1) * CHUNK_UNITS   # ten times what may be read ahead, 170 chunks through 2 workers
    units, pulled = _counting(RawDoc(f"d{i}", "text", "科创中国") for i in range(n))
    results = run_units(units, Options(), workers=2)
    first = [next(results) for _ in range(5)]
    assert [r[0]["id"] for r in first] == ["d0", "d1", "d2", "d3", "d4"]
    assert pulled[0] <= (window + 1) * CHUNK_UNITS   # not the n documents on offer
    rest = list(results)                              # and then every one of them, in order
    assert [r[0]["id"] for r in rest] == [f"d{i}" for i in range(5, n)]


def test_the_first_and_last_chunks_of_a_file_input_come_cut_smaller():
    """Read `tail` chunks ahead, the last ones are cut in TAIL_PIECES: the processes end together instead of
    one waiting for the whole chunk the other was handed last; and the first chunk comes as its first piece,
    after which the workers are forked, then the rest. Every unit once, in order."""
    units = [RawDoc(f"d{i}", "text", "科创中国") for i in range(5 * CHUNK_UNITS + 3)]
    assert [len(c) for c in _chunks(iter(units))] == [CHUNK_UNITS] * 5 + [3]
    cut = list(_chunks(iter(units), tail=2))
    piece = CHUNK_UNITS // TAIL_PIECES
    assert [len(c) for c in cut] == ([piece, CHUNK_UNITS - piece] + [CHUNK_UNITS] * 2
                                     + [piece] * (2 * TAIL_PIECES) + [1, 1, 1])
    assert [u.id for c in cut for u in c] == [u.id for u in units]
    assert [len(c) for c in _chunks(iter(units[:2]), tail=2)] == [1, 1]
    assert [len(c) for c in _chunks(iter(units[:CHUNK_UNITS + 1]), tail=2)] == [piece] * TAIL_PIECES + [1]


def test_one_worker_on_files_cleans_bigger_chunks_and_a_pipe_the_usual_ones():
    """Alone on files, the CLI's chunks are ALONE_SCALE times bigger (by count and by bytes); from a pipe they
    stay the usual size, and the results are the same either way."""
    units = [RawDoc(f"d{i}", "text", "科创中国" * 40) for i in range(3 * ALONE_SCALE * CHUNK_UNITS + 1)]
    assert [len(c) for c in _chunks(iter(units), scale=ALONE_SCALE)] == [ALONE_SCALE * CHUNK_UNITS] * 3 + [1]
    big = [RawDoc(f"b{i}", "text", "科" * (CHUNK_BYTES // 2)) for i in range(4 * ALONE_SCALE)]
    assert [len(c) for c in _chunks(iter(big), scale=ALONE_SCALE)] == [2 * ALONE_SCALE] * 2
    alone = [r[:2] for r in run_units(iter(units[:300]), Options(), workers=1, files=True)]
    assert alone == [r[:2] for r in run_units(iter(units[:300]), Options(), workers=1, files=False)]


@pytest.mark.parametrize("sign", [False, True], ids=["plain", "signed here"])
def test_documents_from_a_pipe_are_not_held_for_the_next_ones(sign):
    """Standard input or a FIFO may wait long for its next document: every result of a chunk comes out before
    the document after it is asked for (not only the first piece's, as when the first chunk was cut), also
    when the CLI signs the results itself (--dedup with two workers), which from files first hands the
    workers more chunks."""
    from cleaners.cli import pooled
    from cleaners.workers import Pool

    asked = []

    def units():
        for i in range(CHUNK_UNITS + 1):
            asked.append(i)
            yield RawDoc(f"d{i}", "text", "科技创新推动区域经济高质量发展。" * 20)

    with Pool(1, Options(), fork=True) as pool:
        results = pooled(pool, units(), files=False, sign=sign)
        first = [next(results) for _ in range(CHUNK_UNITS)]
        assert len(asked) == CHUNK_UNITS
        assert [r[0]["id"] for r in first + list(results)] == [f"d{i}" for i in range(CHUNK_UNITS + 1)]


def test_only_file_inputs_are_read_ahead(tmp_path):
    """Standard input, a FIFO or a device may wait for their next document: the ones before it are not held."""
    (tmp_path / "a.jsonl").write_text("{}\n")
    os.mkfifo(tmp_path / "fifo")
    assert only_files([str(tmp_path / "a.jsonl"), str(tmp_path)])
    assert not only_files(["-"])
    assert not only_files([str(tmp_path / "a.jsonl"), str(tmp_path / "fifo")])
    assert not only_files([os.devnull])
    assert not only_files([str(tmp_path / "missing.jsonl")])


def test_big_documents_travel_alone():
    big = "科" * (3 * 1024 * 1024)
    units, pulled = _counting(RawDoc(f"d{i}", "text", big) for i in range(200))
    results = run_units(units, Options(), workers=2)
    next(results)
    assert pulled[0] <= read_ahead(2) + 1             # one multi-MB document per chunk: the window, and one more
    results.close()


@pytest.mark.parametrize("extra", [(), ("--dedup",)], ids=["plain", "dedup"])
def test_output_order_and_bytes_do_not_depend_on_workers(tmp_path, extra):
    """With --dedup the signatures are taken by the workers (three) or all by the CLI (two: cli._clean): which
    documents are duplicates of which, and the similarities given, do not depend on where a document was
    cleaned or signed either."""
    src = tmp_path / "dump.jsonl"
    paragraphs = [p for p in SEED_TEXT.split("\n") if p]
    with open(src, "w", encoding="utf-8") as f:
        for i in range(600):
            text = "科创" if i % 7 == 0 else "\n".join(paragraphs[i % len(paragraphs):] + paragraphs[:i % 3])
            f.write(json.dumps({"id": f"doc{i:04d}", "text": text}, ensure_ascii=False) + "\n")
    outputs = []
    for workers in ("1", "2", "3"):
        out = tmp_path / f"out{workers}.jsonl"
        proc = run_cli("clean", str(src), "-o", str(out), "--workers", workers, "-q", *extra)
        assert proc.returncode == 0, proc.stderr.decode()
        outputs.append((out.read_bytes(), (tmp_path / f"out{workers}.rejects.jsonl").read_bytes()))
    assert outputs[0] == outputs[1] == outputs[2]
    kept = read_jsonl(tmp_path / "out1.jsonl")
    rejected = read_jsonl(tmp_path / "out1.rejects.jsonl")
    assert len(kept) + len(rejected) == 600
    if extra:
        assert any(r.get("duplicate_of") for r in rejected)
    assert [r["id"] for r in kept] == sorted(r["id"] for r in kept)


# Runs the CLI and prints its peak RSS (KB). A wrapper, not os.wait4 from pytest: a child's ru_maxrss starts
# from the RSS of the process it was forked from, and pytest is big by now.
_MAXRSS = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""


def test_a_200_mb_dump_on_stdin_is_streamed(tmp_path):
    """Peak RSS of the CLI stays far below the size of what was piped in (it used to read stdin whole)."""
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-c", _MAXRSS, sys.executable, "-m", "cleaners", "clean", "-",
                             "-o", str(out), "-q"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=REPO)
    body = "x" * 100_000
    for i in range(2000):  # 200 MB of records without text: cheap to judge, heavy to hold
        proc.stdin.write((json.dumps({"id": f"r{i}", "body": body}) + "\n").encode())
    proc.stdin.close()
    peak_kb = int(proc.stdout.read())
    assert proc.wait() == 0
    assert len(read_jsonl(tmp_path / "out.rejects.jsonl")) == 2000
    assert peak_kb < 120 * 1024, f"peak RSS {peak_kb // 1024} MB for 200 MB piped in"


def test_stdin_is_still_sniffed_when_streamed(tmp_path):
    """WARC (gzipped) and gzipped JSONL arrive on stdin through the same streaming reader."""
    import gzip
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    page = ("<html><body><p>" + SEED_TEXT + "</p></body></html>").encode()
    for url in ("http://a.cn/1.html", "http://a.cn/2.html"):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page), http_headers=headers))
    out = tmp_path / "warc.jsonl"
    assert run_cli("clean", "-", "-o", str(out), "-q", stdin=buf.getvalue()).returncode == 0
    rows = read_jsonl(out) + read_jsonl(tmp_path / "warc.rejects.jsonl")
    assert sorted(r["url"] for r in rows) == ["http://a.cn/1.html", "http://a.cn/2.html"]

    out = tmp_path / "gz.jsonl"
    data = gzip.compress(json.dumps({"id": "a", "text": SEED_TEXT}, ensure_ascii=False).encode() + b"\n")
    assert run_cli("clean", "-", "--format", "jsonl", "-o", str(out), "-q", stdin=data).returncode == 0
    assert [r["id"] for r in read_jsonl(out)] == ["a"]


@pytest.mark.skipif(not hasattr(__import__("fcntl"), "F_GETPIPE_SZ"), reason="Linux: pipe sizes")
def test_a_workers_pipes_hold_what_is_queued_at_it():
    """The CLI never blocks handing a worker its chunks (it would sit idle instead of cleaning): each pipe holds
    QUEUED chunks of CHUNK_BYTES and their frames."""
    import fcntl

    from cleaners.cli import CHUNK_BYTES
    from cleaners.workers import QUEUED, Pool

    with Pool(1, Options()) as pool:
        proc = pool.workers[0].proc
        for pipe in (proc.stdin, proc.stdout):
            assert fcntl.fcntl(pipe.fileno(), fcntl.F_GETPIPE_SZ) >= 2 * QUEUED * CHUNK_BYTES


def test_a_record_nested_deeper_than_pickle_goes_is_cleaned_by_the_cli(tmp_path):
    """A JSONL record nested as deep as a record may be (MAX_JSON_DEPTH) reads as JSON but does not pickle
    (RecursionError): its chunk is cleaned in the CLI's own process instead of ending the run, and the output
    is the one worker's."""
    import pickle

    from cleaners.limits import MAX_JSON_DEPTH

    deep = "x"
    for _ in range(MAX_JSON_DEPTH - 1):   # the record itself is the first level
        deep = {"k": deep}
    with pytest.raises(RecursionError):
        pickle.dumps([{"fields": {"region": deep}}], protocol=pickle.HIGHEST_PROTOCOL)
    src = tmp_path / "in.jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for i in range(200):
            record = {"id": f"d{i}", "text": "科技创新推动区域经济高质量发展。" * 30}
            if i == CHUNK_UNITS + 8:   # in the second chunk, the one the worker is always sent
                record["region"] = deep
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.jsonl"
        proc = run_cli("clean", str(src), "-o", str(out), "--workers", workers, "-q")
        assert proc.returncode == 0, proc.stderr.decode()[-2000:]
        outputs.append((out.read_bytes(), (tmp_path / f"out{workers}.rejects.jsonl").read_bytes()))
    assert outputs[0] == outputs[1] and f'"d{CHUNK_UNITS + 8}"'.encode() in outputs[0][0]
