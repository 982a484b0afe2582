"""Every input format through the real CLI, and inputs that must not crash it or lose a document."""
import gzip
import io
import json
import os
import random
import re
import shutil
from collections import Counter

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .conftest import CHINANEWS, FIXTURES, read_jsonl, run_cli

SEED = FIXTURES / "seeds" / "002_08b51e217c1001c8.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")


def _clean(tmp_path, *paths, extra=(), stdin=None):
    out, rej = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    proc = run_cli("clean", *map(str, paths), "-o", str(out), "--rejects", str(rej), *extra, stdin=stdin)
    assert proc.returncode == 0, proc.stderr.decode()
    return read_jsonl(out), read_jsonl(rej), proc.stderr.decode()


def test_bad_files_are_rejected_with_reasons_and_good_ones_arrive(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    (d / "random.txt").write_bytes(random.Random(4096).randbytes(4096))
    (d / "invalid_utf8.txt").write_bytes(SEED_TEXT.encode("utf-8")[:-7] + b"\xff\xfe\xc3" + b"\n")
    (d / "gbk.txt").write_bytes(SEED_TEXT.encode("gb18030"))
    (d / "good.txt").write_text(SEED_TEXT, encoding="utf-8")
    (d / "notes.bin").write_bytes(b"not an input format")
    kept, rejected, summary = _clean(tmp_path, d)
    assert {r["id"] for r in kept} == {"gbk", "good", "invalid_utf8"}
    assert {r["id"]: r["reason"] for r in rejected} == {"empty": "empty", "random": "not_chinese"}
    assert "documents in: 5  kept: 3  rejected: 2" in summary
    by_id = {r["id"]: r for r in kept}
    assert by_id["gbk"]["text"] == by_id["good"]["text"]
    assert "decode_errors" in by_id["invalid_utf8"]["meta"]["flags"]


def test_line_separators_inside_a_document_stay_inside_its_record(tmp_path):
    # random bytes once decoded to U+0085 in a rejected title and split that record in two for line readers
    src = tmp_path / "seps.txt"
    src.write_text(SEED_TEXT.replace("\n", "\u2028\n", 3) + "\x85\u2029\n", encoding="utf-8")
    garbage = tmp_path / "garbage.txt"
    garbage.write_text("\x85\u2028\u2029" * 50, encoding="utf-8")
    kept, rejected, _ = _clean(tmp_path, src, garbage)
    assert [r["id"] for r in kept] == ["seps"] and [r["id"] for r in rejected] == ["garbage"]
    for name in ("out.jsonl", "rejects.jsonl"):
        assert len((tmp_path / name).read_text(encoding="utf-8").splitlines()) == 1


def test_jsonl_records_and_a_broken_line(tmp_path):
    src = tmp_path / "dump.jsonl"
    html = CHINANEWS.read_bytes().decode("utf-8", "replace")
    src.write_text("\n".join([
        json.dumps({"id": "a", "url": "http://example.cn/a", "text": SEED_TEXT, "region": {"province": "山东省"}}, ensure_ascii=False),
        '{"id": "broken", "text": "unterminated',
        json.dumps({"id": "b", "html": html}, ensure_ascii=False),
        json.dumps({"id": "c", "body": "no text field"}),
        json.dumps(["not", "an", "object"]),
    ]) + "\n", encoding="utf-8")
    kept, rejected, _ = _clean(tmp_path, src)
    assert [r["id"] for r in kept] == ["a", "b"]
    assert kept[0]["region"] == {"province": "山东省"} and kept[0]["url"] == "http://example.cn/a"
    reasons = {r["id"]: r["reason"] for r in rejected}
    assert reasons == {f"{src}:2": "bad_json", "c": "no_content", f"{src}:5": "bad_json"}
    assert "dump.jsonl:2" in next(r["detail"] for r in rejected if r["id"].endswith(":2"))


def test_a_jsonl_record_nested_too_deep_is_rejected_the_same_whatever_the_workers(tmp_path):
    """json.loads gives up on a line nested about a thousand levels deep with a RecursionError, which ended the
    run with nothing written; and how deep it goes depends on the stack below it, so a record nested 981 levels
    was read by one worker and not by two. Deeper than MAX_JSON_DEPTH is bad_json for every reader; up to it a
    record is read, and its region kept (cut down in the reject line)."""
    from cleaners.limits import MAX_JSON_DEPTH

    def nested(depth: int) -> str:    # the record is the first level, its region the second
        return '{"k": ' * (depth - 2) + '"x"' + "}" * (depth - 2)

    src = tmp_path / "dump.jsonl"
    lines = [f'{{"id": "d{d}", "text": "短", "region": {{"r": {nested(d)}}}}}' for d in
             (MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1, 981, 5000)]
    lines.append(json.dumps({"id": "a", "text": SEED_TEXT}, ensure_ascii=False))
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outputs = []
    for workers in ("1", "2"):
        (tmp_path / str(workers)).mkdir()
        kept, rejected, _ = _clean(tmp_path / workers, src, extra=("--workers", workers))
        assert [r["id"] for r in kept] == ["a"]
        assert [(r["id"], r["reason"]) for r in rejected] == [
            (f"d{MAX_JSON_DEPTH}", "too_short"),
            *((f"{src}:{i}", "bad_json") for i in (2, 3, 4))]
        assert all(r["detail"].endswith(f"nested deeper than {MAX_JSON_DEPTH} levels") for r in rejected[1:])
        outputs.append((kept, rejected))
    assert outputs[0] == outputs[1]


def test_a_mirror_directory_with_pages_saved_under_other_names(tmp_path):
    page = CHINANEWS.read_bytes()
    mirror = tmp_path / "mirror" / "www.chinanews.com" / "gn"
    mirror.mkdir(parents=True)
    (mirror / "show.asp@id=9207001").write_bytes(page)
    (mirror / "logo.gif").write_bytes(b"GIF89a\x01\x00\x01\x00")
    (mirror / "notes").write_bytes(b"not an input format")
    (mirror / "feed").write_bytes(b'<?xml version="1.0"?><rss><channel><title>t</title></channel></rss>')
    kept, rejected, summary = _clean(tmp_path, tmp_path / "mirror")
    assert [r["id"] for r in kept] == ["show.asp@id=9207001"] and rejected == []
    assert "documents in: 1" in summary
    fragment = mirror / "content@id=5"  # a saved page that starts with its body
    fragment.write_bytes(b'<text id="5"><table><tr><td>' + page.split(b"<body", 1)[1].split(b">", 1)[1])
    again, _, _ = _clean(tmp_path, tmp_path / "mirror")
    assert sorted(r["id"] for r in again) == ["content@id=5", "show.asp@id=9207001"]
    fragment.unlink()
    single, _, _ = _clean(tmp_path, mirror / "show.asp@id=9207001")  # named on the command line: sniffed as HTML
    assert single[0]["text"] == kept[0]["text"]


def test_jsonl_from_other_tools_content_and_raw_content(tmp_path):
    html = CHINANEWS.read_bytes().decode("utf-8", "replace")
    src = tmp_path / "other.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "page", "url": "http://www.chinanews.com/gn/2020/a.shtml", "content": html},
        {"id": "dump", "raw_content": SEED_TEXT},
        {"id": "raw", "raw_html": html},
    ]) + "\n", encoding="utf-8")
    kept, rejected, _ = _clean(tmp_path, src)
    assert [r["id"] for r in kept] == ["page", "dump", "raw"] and rejected == []
    assert kept[0]["text"] == kept[2]["text"]  # read as HTML: the same article as raw_html gives
    assert "<" not in kept[0]["text"] and kept[1]["title"] == "金乡打亲情牌,邀请“老乡专家”为发展科技赋能"


def test_jsonl_records_of_a_keywords_topic_keep_only_kechuang_stories(tmp_path):
    off_topic = "\n".join(["女子在超市购物时与人发生口角，双方互不相让，最终由民警到场调解处理。"] * 6)
    src = tmp_path / "topic.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "kechuang", "text": SEED_TEXT, "topic": "keywords"},
        {"id": "other", "text": off_topic, "topic": "keywords"},
        {"id": "unfiltered", "text": off_topic},
    ]) + "\n", encoding="utf-8")
    kept, rejected, _ = _clean(tmp_path, src)
    assert [r["id"] for r in kept] == ["kechuang", "unfiltered"]
    assert [(r["id"], r["reason"]) for r in rejected] == [("other", "off_topic")] and "科创 terms" in rejected[0]["detail"]


def _warc(path, pages):
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=str(path).endswith(".gz"))
        for url, ctype, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))


def test_warc_responses(tmp_path):
    page = CHINANEWS.read_bytes()
    src = tmp_path / "crawl.warc.gz"
    _warc(src, [
        ("http://www.chinanews.com/gn/2020/a.shtml", "text/html; charset=utf-8", page),
        ("http://www.chinanews.com/logo.png", "image/png", b"\x89PNG\r\n"),
    ])
    kept, rejected, _ = _clean(tmp_path, src)
    assert len(kept) == 1 and kept[0]["url"] == "http://www.chinanews.com/gn/2020/a.shtml"
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", kept[0]["id"])  # the WARC-Record-ID without its <>
    assert [(r["reason"], r["url"]) for r in rejected] == [("not_html", "http://www.chinanews.com/logo.png")]


def test_a_warc_page_sent_as_octet_stream_is_still_a_page(tmp_path):
    page = CHINANEWS.read_bytes()
    src = tmp_path / "mirror.warc"
    _warc(src, [("http://127.0.0.1:8000/gn/show.asp@id=1", "application/octet-stream", page)])
    kept, rejected, _ = _clean(tmp_path, src)
    assert [r["url"] for r in kept] == ["http://127.0.0.1:8000/gn/show.asp@id=1"] and rejected == []


def test_warc_error_pages_are_rejected_and_resource_records_read(tmp_path):
    page = CHINANEWS.read_bytes()
    src = tmp_path / "mixed.warc"
    with open(src, "wb") as f:
        writer = WARCWriter(f, gzip=False)
        for status, url in (("404 Not Found", "http://a.cn/gone.html"), ("301 Moved Permanently", "http://a.cn/old.html")):
            headers = StatusAndHeaders(status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page), http_headers=headers))
        writer.write_record(writer.create_warc_record("http://a.cn/saved.html", "resource", payload=io.BytesIO(page),
                                                      warc_content_type="text/html; charset=utf-8"))
        writer.write_record(writer.create_warc_record("http://a.cn/saved.html", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    kept, rejected, _ = _clean(tmp_path, src)
    assert [r["url"] for r in kept] == ["http://a.cn/saved.html"]
    assert sorted(r["reason"] for r in rejected) == ["http_status", "http_status"]
    assert any("HTTP 404" in r["detail"] for r in rejected)


def test_truncated_warc_keeps_what_came_before(tmp_path):
    src = tmp_path / "cut.warc"
    _warc(src, [("http://a.cn/1.html", "text/html", ("<html><body><p>" + SEED_TEXT + "</p></body></html>").encode())] * 2)
    data = src.read_bytes()
    src.write_bytes(data[: len(data) - 200])
    kept, rejected, _ = _clean(tmp_path, src)
    assert len(kept) + len(rejected) == 2
    assert len(kept) >= 1


def test_stdin_is_sniffed(tmp_path):
    kept, rejected, _ = _clean(tmp_path, "-", stdin=SEED_TEXT.encode())
    assert len(kept) == 1 and kept[0]["id"] == "stdin" and not rejected


def test_a_50_mb_file_does_not_crash_the_run(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "w", encoding="utf-8") as f:
        while f.tell() < 50 * 1024 * 1024:
            f.write(SEED_TEXT)
    small = tmp_path / "small.txt"
    small.write_text(SEED_TEXT, encoding="utf-8")
    kept, rejected, _ = _clean(tmp_path, big, small, extra=("-q",))
    assert len(kept) + len(rejected) == 2
    assert "small" in {r["id"] for r in kept}


def test_output_is_written_whole_or_not_at_all(tmp_path):
    out = tmp_path / "deep" / "out.jsonl"
    proc = run_cli("clean", str(SEED), "-o", str(out), "-q")
    assert proc.returncode == 0
    assert sorted(p.name for p in out.parent.iterdir()) == ["out.jsonl", "out.rejects.jsonl"]
    assert not any(p.name.endswith(".tmp") for p in out.parent.iterdir())


def test_workers_keep_the_input_order(tmp_path):
    seeds = sorted((FIXTURES / "seeds").glob("*.txt"))
    one, _, _ = _clean(tmp_path, *seeds)
    many_dir = tmp_path / "many"
    many_dir.mkdir()
    many, _, _ = _clean(many_dir, *seeds, extra=("--workers", "2"))
    assert [r["id"] for r in many] == [r["id"] for r in one]
    assert [r["text"] for r in many] == [r["text"] for r in one]


def test_usage_errors_exit_non_zero(tmp_path):
    proc = run_cli("clean", str(SEED))
    assert proc.returncode == 2 and b"-o" in proc.stderr


def test_a_document_over_the_time_limit_is_rejected_and_the_run_goes_on():
    from cleaners.inputs import RawDoc
    from cleaners.pipeline import Options, process

    huge = (SEED_TEXT + "\n") * 400  # several MB of text: far over a 1 ms limit
    record, reason = process(RawDoc("slow", "text", huge), Options(time_limit=0.001))
    assert reason == "timeout" and record["id"] == "slow"
    record, reason = process(RawDoc("ok", "text", SEED_TEXT), Options(time_limit=5))
    assert reason is None


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz"])
def test_a_warc_cut_short_inside_a_record_says_so_instead_of_giving_part_of_the_page(tmp_path, suffix):
    """A copy interrupted mid-transfer: warcio ends the last record quietly where the file ends; what there is of
    that page is not the page."""
    page = ("<html><body><p>" + SEED_TEXT.replace("\n", "</p><p>") + "</p></body></html>").encode()
    warc = tmp_path / f"cut{suffix}"
    _warc(warc, [(f"http://a.cn/{i}.html", "text/html; charset=utf-8", page) for i in range(3)])
    whole = warc.read_bytes()
    warc.write_bytes(whole[:len(whole) - len(whole) // 9])   # inside the third record's payload
    kept, rejected, _ = _clean(tmp_path, warc)
    assert [r["url"] for r in kept] == ["http://a.cn/0.html", "http://a.cn/1.html"]
    assert [(r["reason"], r["url"]) for r in rejected] == [("bad_warc", "http://a.cn/2.html")]
    assert "damaged after 2 records" in rejected[0]["detail"]
    _warc(warc, [(f"http://a.cn/{i}.html", "text/html; charset=utf-8", page) for i in range(3)])
    kept, rejected, _ = _clean(tmp_path, warc)   # whole, the same file has nothing to say
    assert len(kept) == 3 and rejected == []


def test_damaged_archives_keep_what_came_before_and_say_so(tmp_path):
    page = ("<html><body><p>" + SEED_TEXT.replace("\n", "</p><p>") + "</p></body></html>").encode()
    warc = tmp_path / "five.warc.gz"
    _warc(warc, [(f"http://a.cn/{i}.html", "text/html; charset=utf-8", page) for i in range(5)])
    data = bytearray(warc.read_bytes())
    middle = len(data) * 3 // 5
    data[middle:middle + 50] = bytes(50)  # inside the 3rd or 4th gzip member
    warc.write_bytes(bytes(data))
    dump = tmp_path / "dump.jsonl.gz"
    lines = "".join(json.dumps({"id": f"r{i}", "text": SEED_TEXT}, ensure_ascii=False) + "\n" for i in range(50))
    dump.write_bytes(gzip.compress(lines.encode())[:-200])  # cut short
    text_as_warc = tmp_path / "seed.txt"
    text_as_warc.write_text(SEED_TEXT, encoding="utf-8")
    kept, rejected, _ = _clean(tmp_path, warc, dump)
    reasons = Counter(r["reason"] for r in rejected)
    assert reasons["bad_warc"] == 1 and reasons["read_error"] == 1
    assert "damaged after" in next(r["detail"] for r in rejected if r["reason"] == "bad_warc")
    assert 2 <= sum(r["url"] is not None for r in kept) < 5 and 0 < sum(r["id"].startswith("r") for r in kept) < 50
    _, rejected, _ = _clean(tmp_path, text_as_warc, extra=("--format", "warc"))
    assert [r["reason"] for r in rejected] == ["bad_warc"]  # no record at all is said, not lost


def test_names_and_text_that_are_not_utf8_still_give_valid_jsonl(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / os.fsdecode(b"lat\xe9.txt")).write_text(SEED_TEXT, encoding="utf-8")
    (d / "s.jsonl").write_text('{"id": "s1", "text": ' + json.dumps(SEED_TEXT + "\ud83d") + "}\n", encoding="utf-8")
    kept, rejected, _ = _clean(tmp_path, d)
    assert sorted(r["id"] for r in kept) == ["lat\udce9", "s1"] and rejected == []
    (tmp_path / "out.jsonl").read_bytes().decode("utf-8")  # strict UTF-8


def test_outputs_that_would_destroy_inputs_or_each_other_are_refused_before_any_work(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(SEED_TEXT, encoding="utf-8")
    (tmp_path / "odir").mkdir()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    cases = [
        (["-o", str(src)], "is an input"),
        (["-o", str(tmp_path / "x.jsonl"), "--rejects", str(tmp_path / "x.jsonl")], "the same file"),
        (["-o", str(tmp_path / "odir")], "is a directory"),
        (["-o", str(tmp_path / "afile" / "out.jsonl")], "is a file, not a directory"),
        (["-o", "-"], "--rejects PATH"),
    ]
    for args, message in cases:
        proc = run_cli("clean", str(src), *args)
        assert proc.returncode == 2 and message in proc.stderr.decode(), (args, proc.stderr.decode()[-500:])
        assert "Traceback" not in proc.stderr.decode()
    assert src.read_text(encoding="utf-8") == SEED_TEXT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "afile", "odir"]  # nothing written


def test_outputs_inside_an_input_directory_are_not_read_back(tmp_path):
    d = tmp_path / "in"
    shutil.copytree(FIXTURES / "seeds", d)
    for _ in range(2):
        proc = run_cli("clean", str(d), "-o", str(d / "out.jsonl"), "-q")
        assert proc.returncode == 0
        assert len(read_jsonl(d / "out.jsonl")) == 5
    r = tmp_path / "resumable"
    shutil.copytree(FIXTURES / "seeds", r)
    proc = run_cli("clean", str(r), "-o", str(r / "out.jsonl"), "--resume", "-q")  # its growing output and journal
    assert proc.returncode == 0 and len(read_jsonl(r / "out.jsonl")) == 5


def test_damaged_journal_and_index_are_clear_errors(tmp_path):
    out = tmp_path / "out.jsonl"
    (tmp_path / "out.jsonl.journal").write_bytes(b"")
    proc = run_cli("clean", str(SEED), "-o", str(out), "--resume")
    assert proc.returncode == 2 and "journal" in proc.stderr.decode() and "Traceback" not in proc.stderr.decode()
    index = tmp_path / "index.npz"
    index.write_bytes(b"PK\x03\x04 cut short")
    proc = run_cli("clean", str(SEED), "-o", str(out), "--dedup-index", str(index))
    assert proc.returncode == 2 and "not a dedup index" in proc.stderr.decode()


def test_output_files_get_the_mode_of_the_umask(tmp_path):
    out = tmp_path / "out.jsonl"
    assert run_cli("clean", str(SEED), "-o", str(out), "-q").returncode == 0
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_jsonl_field_is_read_for_what_it_holds(tmp_path):
    html = CHINANEWS.read_bytes().decode("utf-8", "replace")
    src = tmp_path / "swapped.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "page_in_text", "text": html},
        {"id": "dump_in_html", "html": SEED_TEXT},
    ]) + "\n", encoding="utf-8")
    kept, rejected, _ = _clean(tmp_path, src)
    assert [r["id"] for r in kept] == ["page_in_text", "dump_in_html"] and rejected == []
    assert "<" not in kept[0]["text"] and kept[1]["title"] == "金乡打亲情牌,邀请“老乡专家”为发展科技赋能"


def test_control_characters_do_not_reach_the_text_and_thresholds_are_checked(tmp_path):
    src = tmp_path / "nul.jsonl"
    src.write_text(json.dumps({"id": "n", "text": SEED_TEXT.replace("。", "。\u0000", 3) + "\u0007"}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    kept, _, _ = _clean(tmp_path, src)
    assert not any(c in kept[0]["text"] for c in "\x00\x07")
    proc = run_cli("clean", str(src), "-o", str(tmp_path / "o.jsonl"), "--dedup-threshold", "5")
    assert proc.returncode == 2 and "(0, 1]" in proc.stderr.decode()


def test_jsonl_ids_of_other_types_are_written_as_json(tmp_path):
    src = tmp_path / "ids.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": 0, "text": SEED_TEXT}, {"id": ["a", 1], "text": SEED_TEXT.replace("金乡", "鱼台")}, {"id": "", "text": SEED_TEXT[:-3]},
    ]) + "\n", encoding="utf-8")
    kept, _, _ = _clean(tmp_path, src)
    assert [r["id"] for r in kept] == ["0", '["a", 1]', f"{src}:3"]


def test_a_jsonl_record_keeps_every_metadata_field_it_carries(tmp_path):
    from cleaners.document import METADATA_FIELDS

    text = (FIXTURES / "seeds" / "002_08b51e217c1001c8.txt").read_text(encoding="utf-8")
    given = {"title": "金乡打亲情牌", "published": "2024-04-07", "author": "吕光社", "editor": "宋璟",
             "source": "大众日报客户端", "site": "天天视讯"}
    assert set(given) == set(METADATA_FIELDS)
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": text, **given}, ensure_ascii=False) + "\n", encoding="utf-8")
    proc = run_cli("clean", str(src), "-o", str(tmp_path / "out.jsonl"))
    assert proc.returncode == 0, proc.stderr.decode()
    record = read_jsonl(tmp_path / "out.jsonl")[0]
    assert {k: record[k] for k in given} == given  # the editor too (it was dropped)
