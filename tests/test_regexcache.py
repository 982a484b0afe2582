"""Compiled patterns kept between runs (cleaners/regexcache.py): a pattern rebuilt from the store is the pattern
re.compile makes, a run with a warm store writes what a run without one writes, and a damaged, unwritable or
switched-off store costs time, never a run."""
import marshal
import os
import re
import subprocess
import sys

import pytest

from cleaners import regexcache

from .conftest import CWCED, REPO, SEEDS


def _clean(out, store, *inputs):
    env = dict(os.environ, KECHUANG_CACHE_DIR=str(store))
    return subprocess.run([sys.executable, "-m", "cleaners", "clean", *map(str, inputs), "-o", str(out), "-q"],
                          cwd=REPO, env=env, capture_output=True, timeout=300)


def _store_file(store) -> str:
    old = os.environ.get("KECHUANG_CACHE_DIR")
    os.environ["KECHUANG_CACHE_DIR"] = str(store)
    try:
        return regexcache.path()
    finally:
        if old is None:
            del os.environ["KECHUANG_CACHE_DIR"]
        else:
            os.environ["KECHUANG_CACHE_DIR"] = old


INPUTS = (CWCED / "html", *sorted(SEEDS.glob("*.txt")))


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """The store after one run over the cwced pages and the seed dumps, and that run's output."""
    base = tmp_path_factory.mktemp("regexcache")
    proc = _clean(base / "first.jsonl", base / "store", *INPUTS)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    return base


def test_every_pattern_of_a_run_rebuilds_as_re_compile_makes_it(warm):
    with open(_store_file(warm / "store"), "rb") as f:
        table = marshal.loads(f.read())
    assert len(table) >= 100   # the rules' and the HTML side's patterns, not a handful
    derived = {key: entry for key, entry in table.items() if regexcache.is_derived(key)}
    # the patterns worked out from data (regexcache.derived): each entry is its pattern, itself in the store
    assert len(derived) >= 3 and all((entry, key[1]) in table for key, entry in derived.items())
    for (pattern, flags), entry in table.items():
        if (pattern, flags) in derived:
            continue
        rebuilt = regexcache._build(pattern, entry)
        fresh = re.compile(pattern, flags)
        # Pattern equality compares the flags and the compiled code itself
        assert rebuilt == fresh and rebuilt.groupindex == fresh.groupindex, pattern[:80]


def test_a_warm_store_gives_the_output_of_no_store(warm, tmp_path):
    warm_run = _clean(tmp_path / "warm.jsonl", warm / "store", *INPUTS)
    cold_run = _clean(tmp_path / "cold.jsonl", "", *INPUTS)   # empty: in memory only
    assert warm_run.returncode == cold_run.returncode == 0
    assert (tmp_path / "warm.jsonl").read_bytes() == (tmp_path / "cold.jsonl").read_bytes() \
        == (warm / "first.jsonl").read_bytes()


def test_a_damaged_store_is_written_afresh(tmp_path):
    file = _store_file(tmp_path / "store")
    os.makedirs(os.path.dirname(file))
    with open(file, "wb") as f:
        f.write(b"\x00not marshal" * 100)
    proc = _clean(tmp_path / "out.jsonl", tmp_path / "store", *INPUTS)
    assert proc.returncode == 0 and proc.stderr == b""
    with open(file, "rb") as f:
        assert len(marshal.loads(f.read())) > 10


def test_a_store_that_cannot_be_written_costs_time_not_the_run(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the store's directory would be")
    proc = _clean(tmp_path / "out.jsonl", blocker / "store", sorted(SEEDS.glob("*.txt"))[0])
    assert proc.returncode == 0 and proc.stderr == b""
    assert (tmp_path / "out.jsonl").stat().st_size > 0


def test_an_empty_setting_writes_nothing(tmp_path):
    env = dict(os.environ, KECHUANG_CACHE_DIR="", HOME=str(tmp_path / "home"), XDG_CACHE_HOME=str(tmp_path / "xdg"))
    proc = subprocess.run([sys.executable, "-m", "cleaners", "clean", str(sorted(SEEDS.glob("*.txt"))[0]),
                           "-o", str(tmp_path / "out.jsonl"), "-q"], cwd=REPO, env=env, capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()
    assert not (tmp_path / "home").exists() and not (tmp_path / "xdg").exists()


def test_the_store_does_not_grow_without_bound(tmp_path, monkeypatch):
    monkeypatch.setenv("KECHUANG_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regexcache, "MAX_ENTRIES", 5)
    for round_ in range(3):   # three processes' worth of patterns made from data
        monkeypatch.setattr(regexcache, "_table", None)
        monkeypatch.setattr(regexcache, "_added", {})
        for i in range(4):
            assert regexcache.compile(f"site-{round_}-{i}-(?P<n>\\d+)").match(f"site-{round_}-{i}-7")["n"] == "7"
        regexcache.save()
    with open(regexcache.path(), "rb") as f:
        assert len(marshal.loads(f.read())) <= 5


def test_a_bad_pattern_raises_as_re_compile_does(monkeypatch, tmp_path):
    monkeypatch.setenv("KECHUANG_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regexcache, "_table", None)
    monkeypatch.setattr(regexcache, "_added", {})
    with pytest.raises(re.error):
        regexcache.compile("[unclosed")
    assert regexcache._added == {}


def test_code_is_stored_packed_and_a_damaged_entry_is_compiled_afresh(monkeypatch, tmp_path):
    """The store keeps each pattern's code as the bytes of its words (unpacked only for a pattern a process
    uses); an entry whose bytes are cut short or are not code is compiled again, as re.compile makes it."""
    monkeypatch.setenv("KECHUANG_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regexcache, "_added", {})
    good = re.compile(r"(?P<y>\d{4})年")
    for packed in (b"\x01\x02\x03", b"\x00" * 8):   # not whole words; words that are not this pattern's code
        monkeypatch.setattr(regexcache, "_table", {(good.pattern, 0): (32, packed, 1, {"y": 1}, (None, "y"))})
        rebuilt = regexcache.compile(good.pattern)
        assert rebuilt == good and rebuilt.search("2024年")["y"] == "2024"
    entry = regexcache._table[(good.pattern, 0)]
    assert isinstance(entry[1], bytes) and regexcache._build(good.pattern, entry) == good


def test_a_derived_pattern_is_worked_out_once_and_again_when_its_sources_change(monkeypatch, tmp_path):
    """regexcache.derived keeps the worked-out pattern under its sources' checksum: a later process (here, the
    store saved and read back) does not call the builder; changed data or code is another key."""
    monkeypatch.setenv("KECHUANG_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regexcache, "_table", None)
    monkeypatch.setattr(regexcache, "_added", {})
    calls = []

    def build(chars):
        def worked_out():
            calls.append(chars)
            return f"[{chars}]+"
        return worked_out

    assert regexcache.derived("test_class", (b"abc", b"code v1"), build("abc")).fullmatch("cab")
    regexcache.save()
    monkeypatch.setattr(regexcache, "_table", None)   # another process: the store read from its file
    monkeypatch.setattr(regexcache, "_added", {})
    assert regexcache.derived("test_class", (b"abc", b"code v1"), build("never called")).fullmatch("bca")
    assert calls == ["abc"]
    assert regexcache.derived("test_class", (b"abd", b"code v1"), build("abd")).fullmatch("dab")   # the data changed
    assert regexcache.derived("test_class", (b"abc", b"code v2"), build("abe")).fullmatch("eab")   # the code changed
    assert calls == ["abc", "abd", "abe"]


def test_the_keys_of_derived_patterns_cover_their_code():
    """The mojibake and script rules' patterns worked out from data are keyed on the modules that work them out."""
    from cleaners.rules import encoding, script

    assert b"def _could_be_utf8_mojibake" in encoding._own_source()
    assert b"def gb18030_in_utf8_class" in encoding._own_source() and b"CJK =" in encoding._own_source()
    assert b"def _class_pattern" in regexcache.module_source(script.__name__)
