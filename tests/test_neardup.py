"""Near-duplicate detection: reposts of one story across portals are kept once, other stories are kept,
and the index carries over from one run to the next."""
import json
import os
import random
import subprocess
import sys

import numpy as np
import pytest

from cleaners import neardup
from cleaners.neardup import NearDupIndex, signature, similarity

from .conftest import CWCED, FIXTURES, REPO, read_jsonl, run_cli

SEEDS = {p.stem: p for p in sorted((FIXTURES / "seeds").glob("*.txt"))}
GOLD = {p.stem: p for p in sorted((FIXTURES / "seeds_gold").glob("*.txt"))}
TRAD_PINYIN = "001_32e949faef2fe3ee"   # a mirror's traditional-script copy with pinyin injected
CHINANEWS = "003_b2cf538a030ad554"     # a 中新网 story on a traditional-script mirror
YONGKANG = "000_2848a3437ea9dc97"
JINXIANG = "002_08b51e217c1001c8"
OTHER = "004_a895562c53c77885"


def gold(stem: str) -> str:
    return GOLD[stem].read_text(encoding="utf-8")


def meta(stem: str) -> dict:
    return json.loads((FIXTURES / "seeds_gold" / f"{stem}.json").read_text(encoding="utf-8"))


def repost(stem: str, portal: str) -> str:
    """The same story as another portal carries it: its own header chrome, source line and tail."""
    m = meta(stem)
    return "\n".join([
        f"首页 > {portal} > 科协动态 > 正文",
        m["title"] or "“科创中国”活动报道",
        f"来源：{m['source'] or portal}    发布时间：2024-06-09 10:21    浏览次数：",
        "【字体：大 中 小】",
        gold(stem),
        "",
        f"责任编辑：{portal}编辑部",
        "【打印本页】【关闭窗口】",
        "相关新闻",
        "全省科协系统深入推进“科创中国”建设",
    ]) + "\n"


def _clean(tmp_path, *paths, extra=()):
    out, rej = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    proc = run_cli("clean", *map(str, paths), "-o", str(out), "--rejects", str(rej), *extra)
    assert proc.returncode == 0, proc.stderr.decode()
    return read_jsonl(out), read_jsonl(rej), proc.stderr.decode()


def test_shingles_ignore_width_space_and_punctuation():
    a = "科创中国，助力银川 高质量发展。ABC"
    b = "科创中国,助力银川高质量发展 abc"
    assert neardup.normalize(a) == neardup.normalize(b) == "科创中国助力银川高质量发展abc"
    assert signature(a) == signature(b)
    assert len(neardup.shingle_hashes("科创")) == 1 and len(neardup.shingle_hashes("")) == 0


# --- datasketch is the reference: the same signatures, the same candidates --------------------------------
CJK = "".join(chr(0x4E00 + i) for i in range(2100))     # distinct characters: n + 4 of them give n shingles
EDGE_TEXTS = [
    "", "a", "科创", "科创中国", "科创中国助", "，。！ ……", "_-_",
    "ß Straße STRASSE ǅ İ",                  # case folding into several characters: normalize() itself
    "😀科创中国助力𠀋银川😀",                   # beyond the BMP: normalize() itself
    "\ud800科创中国助力\udfff",                 # lone surrogates: dropped like any non-letter
    "科创\ud83d\ude00中国助力",                 # a surrogate pair as two code points: two lone surrogates
    "ＡＢＣ１２３ ﬁ ① Ⅻ ²",                     # NFKC
    *(CJK[:n + 4] for n in (1, 63, 64, 65, 511, 512, 513, 1024, 1025, 2047, 2048, 2049)),   # around the block sizes
]


def real_texts() -> list[str]:
    """The seed dumps, their cleaned texts, the cwced pages' reference texts, and the edge cases."""
    paths = [*SEEDS.values(), *GOLD.values(), *sorted((CWCED / "gt").glob("*.txt"))]
    return [p.read_text(encoding="utf-8") for p in paths] + EDGE_TEXTS


def reference_shingles(text: str) -> list[int]:
    """The shingle hashes by their definition, one n-gram at a time in Python ints: the polynomial hash of
    the n-gram's code points mod 2**64, mixed, the xor of its halves; sorted, each once."""
    s, mask = neardup.normalize(text), (1 << 64) - 1
    found = set()
    for i in range(max(len(s) - neardup.NGRAM + 1, 1) if s else 0):
        h = 0
        for ch in s[i:i + neardup.NGRAM]:
            h = (h * 0x100000001B3 + ord(ch)) & mask
        h ^= h >> 29
        h = (h * 0xBF58476D1CE4E5B9) & mask
        found.add((h ^ (h >> 32)) & 0xFFFFFFFF)
    return sorted(found)


def datasketch_minhash(hashvalues=None, shingles=()):
    from datasketch import MinHash

    m = MinHash(num_perm=neardup.NUM_PERM, seed=neardup.SEED, hashfunc=lambda x: x, scheme=neardup.SCHEME,
                hashvalues=hashvalues)
    if shingles:
        m.update_batch(shingles)
    return m


def test_the_table_folding_is_normalize():
    for text in real_texts():
        assert neardup._codepoints(text).astype("<u4").tobytes() == neardup.normalize(text).encode("utf-32-le")


def test_shingle_hashes_are_their_definition():
    for text in real_texts():
        assert neardup.shingle_hashes(text).tolist() == reference_shingles(text), text[:20]


def test_the_stored_permutations_are_the_ones_datasketch_draws():
    """cleaners/data/minhash_permutations.tsv spares numpy.random's import: it holds what datasketch's
    _init_permutations draws for affine32, drawn here again the same way."""
    gen = np.random.RandomState(neardup.SEED)
    a = gen.randint(0, 1 << 31, neardup.NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, neardup.NUM_PERM, dtype=np.uint32)
    stored = neardup.permutations()
    assert stored[0].dtype == stored[1].dtype == np.uint32
    assert stored[0].tolist() == a.tolist() and stored[1].tolist() == b.tolist()


def test_signatures_are_datasketchs_minhash():
    """Computed with numpy in blocks, padded, in another layout: the values of datasketch's MinHash all the
    same, so the signatures stored in indexes stay valid."""
    a, b = datasketch_minhash().permutations
    assert a.tobytes() == neardup.permutations()[0].tobytes() and b.tobytes() == neardup.permutations()[1].tobytes()
    for text in real_texts():
        want = datasketch_minhash(shingles=reference_shingles(text)).hashvalues.astype("<u4").tobytes()
        assert signature(text) == want, text[:20]


def test_texts_signed_together_are_signed_as_alone():
    """signatures() hashes the texts along their concatenation, permutes their shingles in the same blocks and
    reduces each block text by text: the same values as a text alone (checked against datasketch above),
    whatever the order and the sizes of the texts beside it (empty, shorter than a window, across the edges of
    blocks)."""
    texts = real_texts()
    alone = [signature(t) for t in texts]
    rnd = random.Random(7)
    for size in (2, 3, 5, 16, 32, len(texts)):
        order = list(range(len(texts)))
        rnd.shuffle(order)
        for start in range(0, len(order), size):
            batch = order[start:start + size]
            assert neardup.signatures([texts[i] for i in batch]) == [alone[i] for i in batch], size
    assert neardup.signatures([]) == []


def variants() -> list[str]:
    """Each cleaned story, reposted, cut to a half and to three quarters, with a paragraph changed: pairs at
    every similarity, from identical to unrelated."""
    texts = []
    for stem in GOLD:
        lines = gold(stem).split("\n")
        texts += [gold(stem), repost(stem, "丽水科协网"), "\n".join(lines[: len(lines) // 2]),
                  "\n".join(lines[: 3 * len(lines) // 4]), "\n".join(lines[:1] + ["科创中国" * 20] + lines[2:])]
    return texts + [t for t in real_texts() if len(t) > 200]


def test_candidates_are_minhashlshs():
    from datasketch import MinHashLSH

    sigs = [signature(t) for t in variants()]
    lsh, index = MinHashLSH(num_perm=neardup.NUM_PERM, params=(neardup.BANDS, neardup.ROWS)), NearDupIndex()
    for row, sig in enumerate(sigs[::2]):
        lsh.insert(row, datasketch_minhash(np.frombuffer(sig, "<u4")))
        index.add(str(row), sig)
    similarities, alone = set(), 0
    for sig in sigs:
        found = index.candidates(sig)
        assert found == set(lsh.query(datasketch_minhash(np.frombuffer(sig, "<u4"))))
        similarities |= {similarity(sig, index._sig(row)) for row in found}
        alone += not found
    assert alone and 1.0 in similarities and min(similarities) < neardup.THRESHOLD < max(similarities - {1.0})


def write_index_as_before(path, ids: list[str], sigs: list[bytes]) -> None:
    """An index file as the code built on datasketch wrote it: meta, ids and signatures in one npz."""
    meta = {"format": neardup.FORMAT, "ngram": neardup.NGRAM, "num_perm": neardup.NUM_PERM, "seed": neardup.SEED,
            "scheme": neardup.SCHEME, "threshold": neardup.THRESHOLD, "count": len(ids), "runs": ["old"]}
    with open(path, "wb") as f:
        np.savez(f, meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
                 ids=np.frombuffer(json.dumps(ids, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
                 signatures=np.frombuffer(b"".join(sigs), dtype="<u4"))


def test_an_index_written_with_datasketchs_signatures_loads_and_matches(tmp_path):
    stems = list(GOLD)
    sigs = [datasketch_minhash(shingles=reference_shingles(gold(s))).hashvalues.astype("<u4").tobytes()
            for s in stems]
    write_index_as_before(tmp_path / "old.idx", stems, sigs)
    index = NearDupIndex.load(tmp_path / "old.idx")
    assert index.ids == stems and index.runs == ["old"]
    for stem in stems:
        assert index.match(signature(repost(stem, "济宁新闻网")))[0] == stem
    index.save(tmp_path / "new.idx")
    data = np.load(tmp_path / "new.idx")
    assert data["signatures"].tobytes() == b"".join(sigs) and json.loads(data["ids"].tobytes()) == stems


def test_signing_and_matching_do_not_import_datasketch_or_numpy_random():
    """datasketch's import took 0.8-1.0 s of CPU: more than the signatures of a 10 MB text dump;
    numpy.random's 25 ms, to draw the same permutations every run."""
    code = ("import sys; from cleaners.neardup import NearDupIndex, signature; i = NearDupIndex(); "
            "i.check('a', signature('科创中国助力银川')); i.check('b', signature('科创中国助力银川')); "
            "found = {'datasketch', 'numpy.random'} & set(sys.modules); assert not found, found")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()


def test_different_stories_are_far_apart_and_a_repost_is_close():
    sigs = {stem: signature(gold(stem)) for stem in GOLD}
    for a in sigs:
        for b in sigs:
            if a < b:
                assert similarity(sigs[a], sigs[b]) < 0.1, (a, b)
    assert similarity(sigs[YONGKANG], signature(repost(YONGKANG, "丽水科协网"))) >= 0.85


def test_an_excerpt_is_not_a_duplicate():
    paragraphs = gold(YONGKANG).split("\n")
    half = "\n".join(paragraphs[: len(paragraphs) // 2])
    index = NearDupIndex()
    assert index.check("full", signature(gold(YONGKANG))) is None
    assert index.check("half", signature(half)) is None
    assert len(index) == 2


@pytest.mark.parametrize("workers", ["1", "2"])
def test_reposts_are_kept_once_and_other_stories_kept(tmp_path, workers):
    d = tmp_path / "in"
    d.mkdir()
    # sorted by name = the input order: each original comes before its reposts
    (d / "a_mirror.txt").write_bytes(SEEDS[TRAD_PINYIN].read_bytes())
    (d / "b_repost.txt").write_text(repost(TRAD_PINYIN, "银川科技网"), encoding="utf-8")
    (d / "c_other.txt").write_bytes(SEEDS[JINXIANG].read_bytes())
    (d / "d_chinanews_mirror.txt").write_bytes(SEEDS[CHINANEWS].read_bytes())
    (d / "e_chinanews_repost.txt").write_text(repost(CHINANEWS, "温州网"), encoding="utf-8")
    (d / "f_chinanews_again.txt").write_text(repost(CHINANEWS, "瑞安新闻网"), encoding="utf-8")
    kept, rejected, summary = _clean(tmp_path, d, extra=("--dedup", "--workers", workers))
    assert [r["id"] for r in kept] == ["a_mirror", "c_other", "d_chinanews_mirror"]
    dups = {r["id"]: (r["reason"], r["duplicate_of"]) for r in rejected}
    assert dups == {
        "b_repost": ("near_duplicate", "a_mirror"),
        "e_chinanews_repost": ("near_duplicate", "d_chinanews_mirror"),
        "f_chinanews_again": ("near_duplicate", "d_chinanews_mirror"),
    }
    assert all(r["similarity"] >= 0.8 and r["text"] for r in rejected)
    assert "rejected near_duplicate: 3" in summary


def test_without_dedup_every_repost_is_kept(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_bytes(SEEDS[YONGKANG].read_bytes())
    (d / "b.txt").write_text(repost(YONGKANG, "丽水科协网"), encoding="utf-8")
    kept, rejected, _ = _clean(tmp_path, d)
    assert [r["id"] for r in kept] == ["a", "b"] and not rejected


def test_the_index_persists_across_runs(tmp_path):
    index = tmp_path / "state" / "neardup.idx"
    first = tmp_path / "first"
    first.mkdir()
    kept, rejected, summary = _clean(first, SEEDS[YONGKANG], SEEDS[JINXIANG], extra=("--dedup-index", str(index)))
    assert len(kept) == 2 and not rejected and "dedup index: 2 documents" in summary
    assert index.exists() and not [p for p in index.parent.iterdir() if p.name.endswith(".tmp")]

    second = tmp_path / "second"
    second.mkdir()
    (second / "later_repost.txt").write_text(repost(YONGKANG, "永康新闻网"), encoding="utf-8")
    (second / "new_story.txt").write_bytes(SEEDS[OTHER].read_bytes())
    kept, rejected, summary = _clean(second, second / "later_repost.txt", second / "new_story.txt",
                                     extra=("--dedup-index", str(index)))
    assert [r["id"] for r in kept] == ["new_story"]
    assert [(r["id"], r["reason"], r["duplicate_of"]) for r in rejected] == [
        ("later_repost", "near_duplicate", YONGKANG)]
    assert "dedup index: 3 documents" in summary
    assert len(NearDupIndex.load(index)) == 3


def test_a_damaged_index_stops_the_run_before_it_starts(tmp_path):
    index = tmp_path / "neardup.idx"
    index.write_bytes(b"not an index")
    out = tmp_path / "out.jsonl"
    proc = run_cli("clean", str(SEEDS[YONGKANG]), "-o", str(out), "--dedup-index", str(index))
    assert proc.returncode == 2 and b"not a dedup index" in proc.stderr
    assert not out.exists() and index.read_bytes() == b"not an index"


def test_save_and_load_round_trip(tmp_path):
    index = NearDupIndex()
    for stem in GOLD:
        assert index.check(stem, signature(gold(stem))) is None
    index.runs = ["r1"]
    index.save(tmp_path / "i")
    again = NearDupIndex.load(tmp_path / "i")
    assert again.ids == index.ids and again.runs == ["r1"]
    assert again.match(signature(repost(JINXIANG, "济宁新闻网")))[0] == JINXIANG


FREED_HEAP = """\
import ctypes, resource, sys
from cleaners import cli, deferred
if sys.argv[1] == "own":
    deferred.own_process()
cli.keep_freed_heap()
libc = ctypes.CDLL(None)
libc.malloc.restype, libc.malloc.argtypes, libc.free.argtypes = ctypes.c_void_p, [ctypes.c_size_t], [ctypes.c_void_p]

def touch_and_free():
    blocks = [libc.malloc(100_000) for _ in range(200)]  # 20 MB on the heap: under the 128 KB mmap threshold
    for b in blocks:
        ctypes.memset(b, 1, 100_000)
    for b in reversed(blocks):
        libc.free(b)

touch_and_free()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
touch_and_free()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or os.environ.get("LD_PRELOAD"), reason="glibc's malloc")
def test_the_cli_keeps_its_freed_heap_for_the_next_chunk():
    """--dedup frees and makes again hundreds of KB of numpy arrays a chunk: in the CLI's own process the top of
    the heap freed is kept, so the next chunk does not touch it in again page by page; a library caller's malloc
    is left as it was."""
    def faults(mode: str) -> int:
        proc = subprocess.run([sys.executable, "-c", FREED_HEAP, mode], cwd=REPO, capture_output=True, text=True,
                              timeout=60)
        assert proc.returncode == 0, proc.stderr
        return int(proc.stdout)

    assert faults("own") < 500       # the 20 MB again without faulting it in (4,900 pages)
    assert faults("library") > 3000  # glibc's default: given back, faulted in again
