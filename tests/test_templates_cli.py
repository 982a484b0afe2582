"""`python -m cleaners clean` learns each host's template within a run: the chrome that a host's text dumps
repeat goes from its later documents, article text stays, and the output is the same bytes whatever
--workers is and however often the run is killed and resumed."""
from __future__ import annotations

import importlib.util
import json
import random
import sys
from collections import Counter

from cleaners.evaluate import comparable
from cleaners.templates import MIN_PAGES, RULE

from .conftest import DATA, FIXTURES, REPO, read_jsonl, run_cli
from .test_resume import _kill_midway, _lines
from .test_templates import _family, _shared_chrome

DEVSET = DATA / "devset"
NETEASE = [f"a-163-{i}" for i in range(2, 7)]   # five 网易财经 pages of 2015: one template
CNA = "b-cna-2"                                 # another host in between: its template is its own


def _visible_text():
    """The visible text of a page, as scripts/template_gain.py --as-text dumps it (a line per block)."""
    spec = importlib.util.spec_from_file_location("template_gain", REPO / "scripts" / "template_gain.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.visible_text


def _dump(path) -> None:
    text = _visible_text()
    ids = NETEASE[:2] + [CNA] + NETEASE[2:]
    with open(path, "w", encoding="utf-8") as f:
        for id in ids:
            host = "www.cna.com.tw" if id == CNA else "money.163.com"
            record = {"id": id, "url": f"https://{host}/{id}.html", "text": text((DEVSET / "html" / f"{id}.html").read_bytes())}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def _gold_lines(record: dict) -> Counter:
    gold = Counter(comparable(line) for line in (DEVSET / "gt" / f"{record['id']}.txt").read_text(encoding="utf-8").splitlines())
    return gold & Counter(comparable(line) for line in record["text"].split("\n"))


def test_a_hosts_repeated_chrome_goes_from_its_later_documents(tmp_path):
    src = tmp_path / "dump.jsonl"
    _dump(src)
    outs = {}
    for name, extra in (("w1", ["--workers", "1"]), ("w2", ["--workers", "2"]), ("off", ["--no-templates"])):
        out = tmp_path / f"{name}.jsonl"
        proc = run_cli("clean", str(src), "-o", str(out), "-q", *extra)
        assert proc.returncode == 0, proc.stderr.decode()
        outs[name] = out
    assert outs["w1"].read_bytes() == outs["w2"].read_bytes()
    assert (tmp_path / "w1.rejects.jsonl").read_bytes() == (tmp_path / "w2.rejects.jsonl").read_bytes()

    on = {r["id"]: r for r in read_jsonl(outs["w1"])}
    off = {r["id"]: r for r in read_jsonl(outs["off"])}
    assert set(on) == set(off) == set(NETEASE) | {CNA}
    for id in NETEASE[:MIN_PAGES] + [CNA]:   # too early for the host's template, or another host
        assert on[id]["text"] == off[id]["text"] and RULE not in on[id]["meta"]["rules"], id
    for k, id in enumerate(NETEASE[MIN_PAGES:], MIN_PAGES):
        removed = on[id]["meta"]["removed"][RULE]
        assert removed and on[id]["meta"]["rules"][RULE] == len(removed)
        earlier = Counter(line for e in NETEASE[:k] for line in set(off[e]["text"].split("\n")))
        assert all(earlier[line] >= MIN_PAGES for line in removed), id   # what the host showed before
        assert _gold_lines(on[id]) == _gold_lines(off[id]), id           # and no line of the article


def _resume_dump(path, n: int) -> None:
    """Short articles (gold paragraphs of the seed documents) from two hosts, each printed inside real chrome
    of 网易's (the lines its pages share; simplified script, as the articles are: a site uses one script)."""
    netease = [id for id in _family("163.com") if id.startswith("a-")]
    chrome = _shared_chrome(netease, 2)
    assert len(chrome) >= 2
    rng = random.Random(5)
    pool = [p for f in sorted((FIXTURES / "seeds_gold").glob("*.txt"))
            for p in f.read_text(encoding="utf-8").split("\n") if len(p) > 40]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            host = ("a.example.cn", "b.example.cn")[i % 3 == 0]
            text = "\n".join([chrome[0], *rng.sample(pool, 3), *chrome[1:]])
            f.write(json.dumps({"id": f"doc{i:05d}", "url": f"http://{host}/{i}.html", "text": text},
                               ensure_ascii=False) + "\n")


def test_a_killed_run_resumes_with_the_templates_it_had_learned(tmp_path):
    n = 1500   # killed after about 320 of them (tests/test_resume.py: _kill_midway)
    src = tmp_path / "dump.jsonl"
    _resume_dump(src, n)
    ref = tmp_path / "ref.jsonl"
    proc = run_cli("clean", str(src), "-o", str(ref), "-q")
    assert proc.returncode == 0, proc.stderr.decode()

    out = tmp_path / "out.jsonl"
    args = ["clean", str(src), "-o", str(out), "--resume", "--checkpoint-every", "100", "--workers", "2", "-q"]
    _kill_midway([sys.executable, "-m", "cleaners", *args], out, tmp_path / "out.jsonl.journal")
    assert 0 < _lines(out) < n
    proc = run_cli(*args[:-1])   # not quiet: the summary says it resumed
    assert proc.returncode == 0, proc.stderr.decode()
    assert "resumed after" in proc.stderr.decode()
    assert out.read_bytes() == ref.read_bytes()   # the pages right after the restart lost their chrome too
    kept = read_jsonl(out)
    assert len(kept) == n and all(RULE in r["meta"]["rules"] for r in kept[3 * MIN_PAGES:])  # every host past its third page


def _cut_journal(journal, checkpoints: int, drop_key: str | None = None) -> None:
    """The journal as a run killed right after its `checkpoints`-th checkpoint left it (the output files hold
    more than that: the resumed run cuts them back). drop_key: a key the journal's writer did not know yet."""
    entries = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    entries = [e for e in entries if not e.get("complete")][:1 + checkpoints]
    assert len(entries) == 1 + checkpoints
    if drop_key is not None:
        entries[0]["args"].pop(drop_key)
        for e in entries[1:]:
            e.pop(drop_key, None)
    journal.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8")


def test_hosts_spelled_differently_are_one_site_and_a_url_that_does_not_parse_is_none(tmp_path):
    """www., case, a port, a trailing dot and punycode name one host; a URL that does not parse (an unclosed
    IPv6 bracket) names none: the run goes on and that document is cleaned like any other."""
    src = tmp_path / "dump.jsonl"
    _resume_dump(src, 12)
    records = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines()]
    spellings = ["http://www.例子.中国/", "http://XN--FSQU00A.XN--FIQS8S:8080/", "http://例子.中国./",
                 "https://WWW.xn--fsqu00a.xn--fiqs8s/"]
    for i, record in enumerate(records):
        record["url"] = spellings[i % len(spellings)] + f"{i}.html"
    records[5]["url"] = "http://[2001:db8::1/5.html"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run_cli("clean", str(src), "-o", str(out), "-q")
    assert proc.returncode == 0, proc.stderr.decode()
    kept = {r["id"]: r for r in read_jsonl(out)}
    assert len(kept) + len(read_jsonl(tmp_path / "out.rejects.jsonl")) == len(records)
    assert RULE not in kept[records[5]["id"]]["meta"]["rules"]       # no host: nothing to learn or apply
    stripped = [r["id"] for r in records if RULE in kept[r["id"]]["meta"]["rules"]]
    assert stripped == [r["id"] for i, r in enumerate(records) if i >= MIN_PAGES and i != 5]  # one host


def test_a_damaged_templates_journal_is_refused_with_one_error_line(tmp_path):
    src = tmp_path / "dump.jsonl"
    _resume_dump(src, 400)
    out = tmp_path / "out.jsonl"
    args = ["clean", str(src), "-o", str(out), "--resume", "--checkpoint-every", "100", "-q"]
    assert run_cli(*args).returncode == 0
    journal, learned = tmp_path / "out.jsonl.journal", tmp_path / "out.jsonl.journal.templates"
    _cut_journal(journal, 2)
    damaged = bytearray(learned.read_bytes())
    damaged[40:48] = b"\xff\x00oops\xfe\n"
    learned.write_bytes(bytes(damaged))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    proc = run_cli(*args)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err, err
    assert err.count("\n") == 1 and err.startswith("error: cannot resume: ") and "out.jsonl.journal.templates" in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before   # nothing touched


def test_a_journal_written_before_templates_resumes_without_them(tmp_path):
    """A run interrupted under the version before site templates removed none: the same command with
    --no-templates carries it on, to the bytes of an uninterrupted run; without it, one error line says so."""
    src = tmp_path / "dump.jsonl"
    _resume_dump(src, 400)
    ref = tmp_path / "ref.jsonl"
    assert run_cli("clean", str(src), "-o", str(ref), "--no-templates", "-q").returncode == 0
    out = tmp_path / "out.jsonl"
    args = ["clean", str(src), "-o", str(out), "--resume", "--checkpoint-every", "100", "-q"]
    assert run_cli(*args, "--no-templates").returncode == 0
    _cut_journal(tmp_path / "out.jsonl.journal", 2, drop_key="templates")
    before = out.read_bytes()
    proc = run_cli(*args)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and err.count("\n") == 1 and "--no-templates" in err, err
    assert out.read_bytes() == before
    proc = run_cli(*args, "--no-templates")
    assert proc.returncode == 0, proc.stderr.decode()
    assert out.read_bytes() == ref.read_bytes()
    assert (tmp_path / "out.rejects.jsonl").read_bytes() == (tmp_path / "ref.rejects.jsonl").read_bytes()
