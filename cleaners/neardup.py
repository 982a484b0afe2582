"""Near-duplicates across a corpus: the same story reposted by several portals is kept once.

A document's *signature* is a datasketch MinHash (128 permutations, scheme affine32) of its
character 5-gram shingles, taken after NFKC folding, case folding and removing everything that is not a
letter or a digit (whitespace, punctuation, symbols): Chinese has no word boundaries, and five characters
are about two or three words — long enough that two different stories share few shingles, short enough that a
repost with a changed line or two still shares most of them.

Two documents are near-duplicates when the Jaccard similarity of their shingle sets, estimated from the
signatures, is at least `THRESHOLD` (0.8). Candidates come from datasketch's MinHashLSH over 16 bands of 8 rows
(a pair at 0.8 becomes a candidate with probability 0.95, at 0.9 with 0.9999, at 0.5 with 0.06), and every
candidate is then checked against the threshold on its full signature, so the band layout decides only how
much is checked, not what is a duplicate.

`NearDupIndex` is kept-first: the first document of a group stays in the index and every later one is
reported as a duplicate of it. The index persists in one file (`save`/`load`, written to a temporary file and
renamed): the kept documents' ids and signatures.
"""
from __future__ import annotations

import io
import json
import operator
import zipfile
import os
import re
import tempfile
import unicodedata
from pathlib import Path

import numpy as np

NGRAM = 5
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
THRESHOLD = 0.8
BANDS, ROWS = 16, 8          # LSH layout for candidates; BANDS * ROWS == NUM_PERM
FORMAT = "kechuang-neardup/1"

_NOT_WORD = re.compile(r"[\W_]+")
_BASE = np.uint64(0x100000001B3)          # FNV prime: the polynomial base of the rolling shingle hash
_POWERS = [_BASE ** np.uint64(NGRAM - 1 - j) for j in range(NGRAM)]


def normalize(text: str) -> str:
    """What shingles are taken from: NFKC, case-folded, letters and digits only."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def shingle_hashes(text: str, n: int = NGRAM) -> np.ndarray:
    """32-bit hashes of the distinct character n-grams of the normalized text (one shingle if shorter)."""
    s = normalize(text)
    if not s:
        return np.zeros(0, dtype=np.uint32)
    cp = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    k = max(len(cp) - n + 1, 1)
    m = min(n, len(cp))
    with np.errstate(over="ignore"):
        h = np.zeros(k, dtype=np.uint64)
        for j in range(m):
            h = h * _BASE + cp[j:j + k]
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return _distinct((h & np.uint64(0xFFFFFFFF)).astype(np.uint32))


def _distinct(values: np.ndarray) -> np.ndarray:
    """np.unique's result (sorted, each value once), by a sort and a neighbour compare: numpy 2's unique
    takes about ten times as long on arrays of this size."""
    values = np.sort(values)
    keep = np.empty(len(values), dtype=bool)
    keep[:1] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


_BATCH = 512        # shingles per update_batch call (see hashvalues)
_blank = None


def _empty_minhash():
    """The MinHash every signature starts from, built once per process. Drawing its permutations (a seeded
    RandomState) cost more than hashing a document, and they are the same for every document; copies share
    them. Its hash function hands the shingle hashes through unchanged (they are 32-bit hashes already):
    operator.index is the cheapest call that does, and datasketch makes one per shingle."""
    global _blank
    if _blank is None:
        from datasketch import MinHash

        _blank = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=operator.index, scheme=SCHEME)
    return _blank


def hashvalues(text: str) -> np.ndarray:
    """datasketch's MinHash of the text's shingle hashes (already 32-bit hashes: no second hashing).

    update_batch permutes a (shingles × NUM_PERM) matrix at once. A page's matrix is most of a megabyte or
    more, which malloc maps afresh and the kernel faults in page by page on every call (a third of the time or
    more); _BATCH shingles at a time keep it at 256 KB, reused and in the cache. The minimum of the pieces'
    minima is the same signature."""
    m = _empty_minhash().copy()
    hv = shingle_hashes(text).tolist()
    for start in range(0, len(hv), _BATCH):
        m.update_batch(hv[start:start + _BATCH])
    return m.hashvalues


def signature(text: str) -> bytes:
    """The MinHash values as bytes (NUM_PERM × uint32): cheap to send between processes and to store."""
    return hashvalues(text).astype("<u4").tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4")))


class BadIndex(ValueError):
    """A dedup index file that cannot be used (other format or parameters, damaged)."""


class NearDupIndex:
    """Kept documents' signatures in a datasketch MinHashLSH to find candidates; kept-first."""

    def __init__(self, threshold: float = THRESHOLD):
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.ids: list[str] = []
        self._sigs = bytearray()
        # the band layout only decides which pairs are compared; the threshold decides on the full signature
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
        self.runs: list[str] = []      # tokens of the runs whose kept documents are in the index

    def __len__(self) -> int:
        return len(self.ids)

    def _sig(self, row: int) -> bytes:
        size = NUM_PERM * 4
        return bytes(self._sigs[row * size:(row + 1) * size])

    @staticmethod
    def _minhash(sig: bytes):
        from datasketch import MinHash

        return MinHash(seed=SEED, hashvalues=np.frombuffer(sig, "<u4"), scheme=SCHEME,
                       permutations=_empty_minhash().permutations)   # not drawn again for every query

    def candidates(self, sig: bytes) -> set[int]:
        return set(self._lsh.query(self._minhash(sig)))

    def match(self, sig: bytes) -> tuple[str, float] | None:
        """The kept document this signature duplicates (the most similar; the earliest on ties), if any."""
        best: tuple[float, int] | None = None
        for row in self.candidates(sig):
            sim = similarity(sig, self._sig(row))
            if sim >= self.threshold and (best is None or (sim, -row) > (best[0], -best[1])):
                best = (sim, row)
        if best is None:
            return None
        return self.ids[best[1]], best[0]

    def add(self, doc_id: str, sig: bytes) -> None:
        if len(sig) != NUM_PERM * 4:
            raise ValueError(f"signature of {len(sig)} bytes, expected {NUM_PERM * 4}")
        row = len(self.ids)
        self.ids.append(doc_id)
        self._sigs += sig
        self._lsh.insert(row, self._minhash(sig), check_duplication=False)

    def check(self, doc_id: str, sig: bytes) -> tuple[str, float] | None:
        """Kept-first: the duplicate's (id, similarity), or None after adding the document to the index."""
        found = self.match(sig)
        if found is None:
            self.add(doc_id, sig)
        return found

    # --- persistence ---------------------------------------------------------
    def save(self, path: str | Path) -> None:
        """Atomically: a temporary file beside the target, fsynced, renamed over it."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {"format": FORMAT, "ngram": NGRAM, "num_perm": NUM_PERM, "seed": SEED, "scheme": SCHEME,
                "threshold": self.threshold, "count": len(self.ids), "runs": self.runs}
        ids = json.dumps(self.ids, ensure_ascii=False).encode("utf-8")
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
                         ids=np.frombuffer(ids, dtype=np.uint8),
                         signatures=np.frombuffer(bytes(self._sigs), dtype="<u4"))
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    @classmethod
    def load(cls, path: str | Path, threshold: float | None = None) -> "NearDupIndex":
        try:
            with open(path, "rb") as f:
                data = np.load(io.BytesIO(f.read()), allow_pickle=False)
                meta = json.loads(data["meta"].tobytes())
                ids = json.loads(data["ids"].tobytes())
                sigs = data["signatures"].astype("<u4").tobytes()
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as e:
            raise BadIndex(f"{path}: not a dedup index ({e})") from e
        want = {"format": FORMAT, "ngram": NGRAM, "num_perm": NUM_PERM, "seed": SEED, "scheme": SCHEME}
        got = {k: meta.get(k) for k in want}
        if got != want:
            raise BadIndex(f"{path}: built with {got}, this version uses {want}")
        if len(sigs) != len(ids) * NUM_PERM * 4:
            raise BadIndex(f"{path}: {len(ids)} ids but {len(sigs) // (NUM_PERM * 4)} signatures")
        index = cls(meta["threshold"] if threshold is None else threshold)
        size = NUM_PERM * 4
        for row, doc_id in enumerate(ids):
            index.add(doc_id, sigs[row * size:(row + 1) * size])
        index.runs = list(meta.get("runs", []))
        return index
