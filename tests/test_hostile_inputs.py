"""Inputs built to hurt, through the real CLI: a few KB that inflate to gigabytes, a line or a file over the size
cap, a page of random bytes. Each is one reject with a clear reason, read without being held in memory, and
every good document beside it still arrives."""
import gzip
import io
import json
import random
import resource
import subprocess
import sys
import zlib

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaners.limits import MAX_BYTES

from .bombs import deflate_bomb
from .conftest import FIXTURES, REPO, read_jsonl

SEED_TEXT = (FIXTURES / "seeds" / "002_08b51e217c1001c8.txt").read_text(encoding="utf-8")
PAGE = ("<html><body><p>" + SEED_TEXT.replace("\n", "</p><p>") + "</p></body></html>").encode()
GIB = 1 << 30
CAP = f"{MAX_BYTES:,} bytes"  # how a too_large reject names the cap


def _address_space_limit():
    # a reader that inflates a bomb whole then fails within seconds (MemoryError) instead of taking gigabytes
    # of a shared machine; the fixed CLI needs well under a tenth of this
    resource.setrlimit(resource.RLIMIT_AS, (3 * GIB, 3 * GIB))


def _clean(tmp_path, *paths, stdin=None):
    out, rej = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    proc = subprocess.run([sys.executable, "-m", "cleaners", "clean", *map(str, paths), "-o", str(out),
                           "--rejects", str(rej), "-q"], input=stdin, capture_output=True, cwd=REPO, timeout=300,
                          preexec_fn=_address_space_limit)
    assert proc.returncode == 0, proc.stderr.decode()
    return read_jsonl(out), read_jsonl(rej)


def _response(writer, url, body, headers=()):
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"), *headers], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))


def _chunked(body: bytes, size: int) -> bytes:
    chunks = [body[i:i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"


def test_a_gzip_bomb_in_a_warc_is_too_large_and_every_other_record_arrives(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    raw_deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    with open(warc, "wb") as f:
        w = WARCWriter(f, gzip=True)
        _response(w, "http://a.cn/1.html", PAGE)
        _response(w, "http://a.cn/gzip-bomb.html", deflate_bomb(GIB + 1), [("Content-Encoding", "gzip")])
        _response(w, "http://a.cn/2.html", gzip.compress(PAGE), [("Content-Encoding", "gzip")])
        # the whole bomb in one HTTP chunk: warcio reads a chunk at once and inflates it in one call
        _response(w, "http://a.cn/chunked-bomb.html", _chunked(deflate_bomb(GIB + 1, container="zlib"), 1 << 30),
                  [("Content-Encoding", "deflate"), ("Transfer-Encoding", "chunked")])
        _response(w, "http://a.cn/3.html", _chunked(raw_deflate.compress(PAGE) + raw_deflate.flush(), 1000),
                  [("Content-Encoding", "deflate"), ("Transfer-Encoding", "chunked")])
        _response(w, "http://a.cn/big.html", PAGE + b" " * MAX_BYTES)  # over the cap with no encoding at all
        _response(w, "http://a.cn/4.html", PAGE)
    assert warc.stat().st_size < 64 * 1024  # a few KB on disk, two gigabytes once inflated

    kept, rejected = _clean(tmp_path, warc)
    assert [r["url"] for r in kept] == [f"http://a.cn/{i}.html" for i in (1, 2, 3, 4)]
    assert len({r["text"] for r in kept}) == 1  # gzip, chunked raw deflate and plain: the same page
    assert [(r["reason"], r["url"]) for r in rejected] == [
        ("too_large", "http://a.cn/gzip-bomb.html"), ("too_large", "http://a.cn/chunked-bomb.html"),
        ("too_large", "http://a.cn/big.html")]
    assert all(CAP in r["detail"] for r in rejected)


def test_a_huge_line_in_a_jsonl_dump_is_too_large_and_the_lines_after_it_arrive(tmp_path):
    def line(i):
        return json.dumps({"id": f"r{i}", "text": SEED_TEXT}, ensure_ascii=False).encode() + b"\n"

    packed = tmp_path / "dump.jsonl.gz"  # three gzip members; the second opens a line that inflates to 1 GiB
    packed.write_bytes(gzip.compress(line(0) + line(1))
                       + deflate_bomb(GIB, prefix=b'{"id": "bomb", "text": "')
                       + gzip.compress(b'"}\n' + line(2) + line(3)))
    plain = tmp_path / "dump.jsonl"
    big = json.dumps({"id": "big", "text": "科创" * (MAX_BYTES // 6 + 1)}, ensure_ascii=False).encode() + b"\n"
    plain.write_bytes(line(4) + big + line(5))

    kept, rejected = _clean(tmp_path, packed, plain)
    assert [r["id"] for r in kept] == [f"r{i}" for i in range(6)]
    assert [(r["id"], r["reason"]) for r in rejected] == [(f"{packed}:3", "too_large"), (f"{plain}:2", "too_large")]
    assert f"({GIB + 2:,} bytes)" in rejected[0]["detail"] and f"({len(big) - 1:,} bytes)" in rejected[1]["detail"]
    assert all(CAP in r["detail"] for r in rejected)


def test_a_file_over_the_cap_is_too_large_and_the_next_file_arrives(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a_big.html").write_bytes(PAGE.replace(b"<body>", b"<body>" + b"<!-- -->" * (MAX_BYTES // 8)))
    (d / "b_good.html").write_bytes(PAGE)
    kept, rejected = _clean(tmp_path, d)
    assert [r["id"] for r in kept] == ["b_good"]
    assert [(r["id"], r["reason"]) for r in rejected] == [("a_big", "too_large")] and CAP in rejected[0]["detail"]


def test_stdin_over_the_cap_is_too_large(tmp_path):
    text = (SEED_TEXT + "\n").encode()
    kept, rejected = _clean(tmp_path, "-", stdin=text * (MAX_BYTES // len(text) + 1))
    assert kept == [] and [(r["id"], r["reason"]) for r in rejected] == [("stdin", "too_large")]
    assert CAP in rejected[0]["detail"]


def test_a_reject_of_random_bytes_stays_small(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    noise = random.Random(10).randbytes(256 * 1024)
    (d / "noise_dump.txt").write_bytes(noise)
    (d / "noise_page.html").write_bytes(b"<html><body>" + noise + b"</body></html>")
    (d / "story.txt").write_text(SEED_TEXT, encoding="utf-8")
    kept, rejected = _clean(tmp_path, d)
    assert [r["id"] for r in kept] == ["story"]
    assert sorted(r["id"] for r in rejected) == ["noise_dump", "noise_page"]
    for line in (tmp_path / "rejects.jsonl").read_bytes().splitlines():
        assert len(line) < 16 * 1024  # were 454 KB and 292 KB, as big as the page
    by_id = {r["id"]: r for r in rejected}
    assert by_id["noise_dump"]["cut"]["text"]["chars"] > 100_000  # what was left out is counted
    assert any(path.startswith("meta.removed.") for path in by_id["noise_page"]["cut"])

    import cleaners

    assert len(json.dumps(cleaners.clean_text(noise).record)) < 16 * 1024  # the library returns the same line


def test_the_cap_is_the_crawls_download_cap():
    from crawler import settings

    assert settings.DOWNLOAD_MAXSIZE == MAX_BYTES


def test_a_warc_header_line_that_inflates_to_a_gigabyte_ends_the_file_with_bad_warc(tmp_path):
    warc = tmp_path / "headers.warc.gz"
    with open(warc, "wb") as f:
        _response(WARCWriter(f, gzip=True), "http://a.cn/1.html", PAGE)
    # the next gzip member is a record whose target URI never ends: nothing after it can be told apart
    start = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.cn/"
    with open(warc, "ab") as f:
        f.write(deflate_bomb(GIB, prefix=start))
    kept, rejected = _clean(tmp_path, warc)
    assert [r["url"] for r in kept] == ["http://a.cn/1.html"]
    assert [r["reason"] for r in rejected] == ["bad_warc"] and CAP.removesuffix(" bytes") in rejected[0]["detail"]
