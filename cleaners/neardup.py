"""Near-duplicates across a corpus: the same story reposted by several portals is kept once.

A document's *signature* is a MinHash (128 permutations) of its character 5-gram shingles, taken after NFKC
folding, case folding and removing everything that is not a letter or a digit (whitespace, punctuation,
symbols): Chinese has no word boundaries, and five characters are about two or three words — long enough that
two different stories share few shingles, short enough that a repost with a changed line or two still shares
most of them.

Two documents are near-duplicates when the Jaccard similarity of their shingle sets, estimated from the
signatures, is at least `THRESHOLD` (0.8). Candidates are the kept documents that agree with a signature on
all 8 rows of at least one of 16 bands (LSH: a pair at 0.8 becomes a candidate with probability 0.95, at 0.9
with 0.9999, at 0.5 with 0.06), and every candidate is then checked against the threshold on its full
signature, so the band layout decides only how much is checked, not what is a duplicate.

The signatures are datasketch's MinHash(num_perm=128, seed=1, scheme="affine32") of the shingle hashes, and
the candidates are what its MinHashLSH(params=(16, 8)) returns, value for value; the signatures in indexes
written when this module used datasketch stay valid. It is computed here with numpy instead because
`import datasketch` took 0.8-1.0 s of CPU (its package imports scipy.integrate for its LSH parameters, redis,
its asyncio storage...), more than all the signatures of a 10 MB text dump, and its update_batch goes through
a Python call per shingle. datasketch stays the reference: tests/test_neardup.py checks signatures and
candidates against it on real texts.

`NearDupIndex` is kept-first: the first document of a group stays in the index and every later one is
reported as a duplicate of it. The index persists in one file (`save`/`load`, written to a temporary file and
renamed): the kept documents' ids and signatures.
"""
from __future__ import annotations

import io
import json
import os
import re
import unicodedata
from bisect import bisect_right
from pathlib import Path

import numpy as np

from .data import read_data

NGRAM = 5
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
THRESHOLD = 0.8
BANDS, ROWS = 16, 8          # LSH layout for candidates; BANDS * ROWS == NUM_PERM
FORMAT = "kechuang-neardup/1"

_NOT_WORD = re.compile(r"[\W_]+")
_BASE = np.uint64(0x100000001B3)          # FNV prime: the polynomial base of the rolling shingle hash
_MIX = np.uint64(0xBF58476D1CE4E5B9)      # splitmix64's multiplier: spreads the polynomial's bits
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
_EMPTY = np.uint32(0xFFFFFFFF)            # a MinHash value before any shingle (datasketch's empty MinHash)


def normalize(text: str) -> str:
    """What shingles are taken from: NFKC, case-folded, letters and digits only."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


# The code points of the Basic Multilingual Plane as normalize() leaves them after NFKC, learnt lazily, one
# code point the first time a text has it: its case folding, or _DROPPED (not a letter or a digit), or
# _SEVERAL (folds into several characters). casefold() works character by character and _NOT_WORD is a
# character class, so a lookup per code point gives normalize()'s result; the regex alone took half the time
# of a signature (Chinese text has a punctuation mark every few characters, each a match to remove).
_UNKNOWN, _SEVERAL, _DROPPED = -3, -2, -1
_folds: np.ndarray | None = None


def _learn(codepoints: np.ndarray) -> None:
    for cp in set(codepoints.tolist()):       # not np.unique: its first call imports more of numpy (20 ms)
        folded = chr(cp).casefold()
        _folds[cp] = _SEVERAL if len(folded) != 1 else _DROPPED if _NOT_WORD.match(folded) else ord(folded)


def _folded(nfkc: str) -> np.ndarray | None:
    """The table's folding (see _folds) of each character of an NFKC text: a code point, or _DROPPED; None when
    the table cannot tell (a character beyond the BMP, or one that folds into several)."""
    global _folds
    if _folds is None:
        _folds = np.full(0x10000, _UNKNOWN, dtype=np.int32)
    # UTF-16 takes two bytes a character exactly when none is beyond the BMP: a test for free, where a max()
    # of the code points was one more numpy reduction per document (~3 µs each, as much as the arithmetic on
    # a short text). surrogatepass: a lone surrogate is one unit, not a letter: normalize() drops it and so
    # does the table.
    units = nfkc.encode("utf-16-le", "surrogatepass")
    if len(units) != 2 * len(nfkc):
        return None
    cp = np.frombuffer(units, dtype=np.uint16)
    folded = _folds.take(cp)
    least = folded.min(initial=0)     # one reduction answers both questions below; initial: an empty text
    if least == _UNKNOWN:
        _learn(cp[folded == _UNKNOWN])
        folded = _folds.take(cp)
        least = folded.min(initial=0)
    return folded if least >= _DROPPED else None


def _codepoints(text: str) -> np.ndarray:
    """The code points of normalize(text), by table where it can (see _folds), by normalize() where not:
    characters beyond the BMP, or folding into several characters (rare in this corpus)."""
    folded = _folded(unicodedata.normalize("NFKC", text))
    if folded is not None:
        return folded[folded >= 0]
    return np.frombuffer(normalize(text).encode("utf-32-le"), dtype=np.uint32)


def _windows(cp: np.ndarray, n: int) -> np.ndarray:
    """The 64-bit polynomial hash of each window of n code points (uint64 cp), one window if cp is shorter."""
    k = max(len(cp) - n + 1, 1)
    h = cp[:k].copy()
    for j in range(1, min(n, len(cp))):       # Horner: h = sum of cp[i + j] * _BASE ** (n - 1 - j), mod 2**64
        np.multiply(h, _BASE, out=h)
        np.add(h, cp[j:j + k], out=h)
    return h


def _mixed(h: np.ndarray) -> np.ndarray:
    """The 64-bit window hashes mixed down to 32 bits (in place, then a new array)."""
    h ^= h >> np.uint64(29)
    h *= _MIX
    # h ^ (h >> 32) truncated to 32 bits: the xor of the two halves, on either byte order
    halves = h.view(np.uint32)
    return halves[0::2] ^ halves[1::2]


def _shingles_many(texts: list[str]) -> tuple[np.ndarray, list[int]]:
    """The 32-bit hashes of each text's character NGRAM-grams (one if shorter, repeats included), end to end,
    and how many each text has. The code points of all the texts are hashed along their concatenation, a few
    numpy calls for all of them instead of a dozen for each; the NGRAM - 1 windows that straddle two texts are
    left out."""
    cps = [_codepoints(text) for text in texts]
    lengths = [len(cp) for cp in cps]
    cp = np.concatenate(cps).astype(np.uint64) if cps else np.zeros(0, dtype=np.uint64)
    whole = _mixed(_windows(cp, NGRAM)) if len(cp) >= NGRAM else None
    pieces, counts, at = [], [], 0
    for n in lengths:
        if n >= NGRAM:
            pieces.append(whole[at:at + n - NGRAM + 1])
        elif n:                             # shorter than a window: one shingle of its own
            pieces.append(_mixed(_windows(cp[at:at + n], NGRAM)))
        counts.append(len(pieces[-1]) if n else 0)
        at += n
    return (np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.uint32)), counts


def shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the distinct character NGRAM-grams of the normalized text (one shingle if shorter)."""
    return _distinct(_shingles_many([text])[0])


def _distinct(values: np.ndarray) -> np.ndarray:
    """np.unique's result (sorted, each value once), by a sort and a neighbour compare: numpy 2's unique
    takes about ten times as long on arrays of this size."""
    values = np.sort(values)
    keep = np.empty(len(values), dtype=bool)
    keep[:1] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


_PERMUTATIONS = "minhash_permutations.tsv"
_permutations: tuple[np.ndarray, np.ndarray] | None = None


def permutations() -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of the NUM_PERM permutations h -> a * h + b mod 2**32: datasketch's MinHash(num_perm=NUM_PERM,
    seed=SEED, scheme="affine32") draws them from np.random.RandomState(SEED) (its _init_permutations).
    cleaners/data/minhash_permutations.tsv holds them, one `a<TAB>b` line each: importing numpy.random to draw
    them again took 10-25 ms of CPU in every --dedup run. tests/test_neardup.py draws them and compares."""
    global _permutations
    if _permutations is None:
        rows = [map(int, line.split("\t")) for line in read_data(_PERMUTATIONS).decode("ascii").splitlines()
                if not line.startswith("#")]
        a, b = (np.array(column, dtype=np.uint32) for column in zip(*rows))
        _permutations = (a, b)
    return _permutations


# Shingles are permuted in blocks of _BLOCK (a smaller power of two when there are fewer), each a (NUM_PERM ×
# width) array with one row per permutation, the last block padded with repeats of the last shingle (a repeat
# does not change a minimum). numpy runs through whole contiguous arrays three to five times as fast as through
# broadcast or sliced ones, so the multipliers and increments are laid out at each width once (_tiles).
_BLOCK, _QUANTUM = 2048, 64
_tiles: dict[int, tuple[np.ndarray, np.ndarray]] = {}
_work: np.ndarray | None = None


def _tiled(width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a, b, work) at this block width: a and b repeated along rows, and an array to permute in."""
    global _work
    if width not in _tiles:
        a, b = permutations()
        _tiles[width] = (np.repeat(a, width).reshape(NUM_PERM, width), np.repeat(b, width).reshape(NUM_PERM, width))
    if _work is None:
        _work = np.empty(NUM_PERM * _BLOCK, dtype=np.uint32)
    return (*_tiles[width], _work[:NUM_PERM * width].reshape(NUM_PERM, width))


def _fmix32(h: np.ndarray) -> None:
    """MurmurHash3's 32-bit finalizer in place: datasketch's pre-mix of every hash (its _fmix, width 32)."""
    s1, m1, s2, m2, s3 = _FMIX32
    h ^= h >> s1
    h *= m1
    h ^= h >> s2
    h *= m2
    h ^= h >> s3


def hashvalues(text: str) -> np.ndarray:
    """datasketch's MinHash of the text's shingle hashes (already 32-bit hashes: no second hashing), the
    affine32 scheme: min over the shingles of a * fmix32(h) + b mod 2**32, for each permutation (a, b)."""
    return hashvalues_many([text])[0]


def hashvalues_many(texts: list[str]) -> np.ndarray:
    """hashvalues() of each text, one row each, computed together: the shingles of all the texts are permuted
    in the same blocks, and each block's columns are reduced text by text (minimum.reduceat). One text at a
    time, the numpy calls per text and the padding of each to whole blocks were a fifth of the time."""
    hashes, counts = _shingles_many(texts)
    out = np.full((len(texts), NUM_PERM), _EMPTY, dtype=np.uint32)
    rows = [i for i, k in enumerate(counts) if k]
    if not rows:
        return out
    starts = [0]                  # where each row's shingles start in hashes
    for i in rows[:-1]:
        starts.append(starts[-1] + counts[i])
    total = len(hashes)
    width = _BLOCK if total >= _BLOCK else max(_QUANTUM, 1 << (total - 1).bit_length())
    padded = np.empty(-(-total // width) * width, dtype=np.uint32)
    padded[:total] = hashes
    padded[total:] = hashes[-1]
    _fmix32(padded)
    a, b, work = _tiled(width)
    found = np.full((NUM_PERM, len(rows)), _EMPTY, dtype=np.uint32)
    for start in range(0, len(padded), width):
        np.copyto(work, padded[start:start + width])
        np.multiply(work, a, out=work)
        np.add(work, b, out=work)
        first, last = bisect_right(starts, start) - 1, bisect_right(starts, start + width - 1)
        cuts = [max(s - start, 0) for s in starts[first:last]]
        np.minimum(found[:, first:last], np.minimum.reduceat(work, cuts, axis=1), out=found[:, first:last])
    out[rows] = found.T
    return out


def signature(text: str) -> bytes:
    """The MinHash values as bytes (NUM_PERM × uint32): cheap to send between processes and to store."""
    return signatures([text])[0]


def signatures(texts: list[str]) -> list[bytes]:
    """signature() of each text, computed together (hashvalues_many)."""
    return [row.tobytes() for row in hashvalues_many(texts).astype("<u4", copy=False)]


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return np.count_nonzero(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4")) / NUM_PERM


class BadIndex(ValueError):
    """A dedup index file that cannot be used (other format or parameters, damaged)."""


class NearDupIndex:
    """Kept documents' signatures, with one dict per LSH band to find candidates; kept-first."""

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self.ids: list[str] = []
        self._sigs = bytearray()
        # the band layout only decides which pairs are compared; the threshold decides on the full signature
        self._bands: list[dict[bytes, list[int]]] = [{} for _ in range(BANDS)]
        self.runs: list[str] = []      # tokens of the runs whose kept documents are in the index

    def __len__(self) -> int:
        return len(self.ids)

    def _sig(self, row: int) -> bytes:
        size = NUM_PERM * 4
        return bytes(self._sigs[row * size:(row + 1) * size])

    @staticmethod
    def _band_keys(sig: bytes) -> list[bytes]:
        """A band's key is its ROWS values as bytes: two signatures share a key exactly when they agree on
        the whole band, as in datasketch's MinHashLSH (which keys on the same values byte-swapped)."""
        size = ROWS * 4
        return [sig[i * size:(i + 1) * size] for i in range(BANDS)]

    def candidates(self, sig: bytes) -> set[int]:
        """The rows that agree with the signature on at least one band (MinHashLSH.query's result)."""
        found: set[int] = set()
        for band, key in zip(self._bands, self._band_keys(sig)):
            found.update(band.get(key, ()))
        return found

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
        for band, key in zip(self._bands, self._band_keys(sig)):
            band.setdefault(key, []).append(row)

    def check(self, doc_id: str, sig: bytes) -> tuple[str, float] | None:
        """Kept-first: the duplicate's (id, similarity), or None after adding the document to the index."""
        found = self.match(sig)
        if found is None:
            self.add(doc_id, sig)
        return found

    # --- persistence ---------------------------------------------------------
    def save(self, path: str | Path) -> None:
        """Atomically: a temporary file beside the target, fsynced, renamed over it."""
        import tempfile  # here: 10 ms of imports that only a run with --dedup-index needs, and at its end

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
        from zipfile import BadZipFile  # here, as tempfile in save()

        try:
            with open(path, "rb") as f:
                data = np.load(io.BytesIO(f.read()), allow_pickle=False)
                meta = json.loads(data["meta"].tobytes())
                ids = json.loads(data["ids"].tobytes())
                sigs = data["signatures"].astype("<u4").tobytes()
        except (OSError, ValueError, KeyError, EOFError, BadZipFile) as e:
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
