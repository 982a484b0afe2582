"""Compiled regular expressions kept between runs, as Python keeps compiled modules in .pyc files.

Compiling the rules' and the HTML side's patterns (character classes of thousands of hanzi, bylines with long
alternations) is done by the `re` module in Python: 0.18 s of every process that cleans text and 0.26 s of every
one that cleans HTML, once per process, so once per worker too. What it produces for a pattern (the `_sre`
code, its flags and groups) depends only on the pattern, the flags and the Python build, so a process stores it
and the next one rebuilds the pattern from it with `_sre.compile`, in microseconds.

The store is one file per Python build (the interpreter's cache tag, `_sre.MAGIC` and a hash of `sys.version`
are in its name) in $KECHUANG_CACHE_DIR, else $XDG_CACHE_HOME/kechuang-corpus, else ~/.cache/kechuang-corpus;
KECHUANG_CACHE_DIR set to an empty string keeps it in memory only. It is read once, on the first compile of a
process, and written at exit when the process compiled something new (a temporary file renamed over it, merged
with what other processes wrote meanwhile). A cache that cannot be read or written, or a Python whose `re`
internals differ, costs the compile time, never a run: the pattern is then compiled as `re.compile` does.
The file is trusted as a .pyc file is (it is the user's own); `_sre.compile` validates the code it is given.
"""
from __future__ import annotations

import os
import re
import sys
from functools import lru_cache

_FORMAT = 2   # 2: each pattern's code packed in bytes (1: a list of ints)
# the store holds the patterns of the code, not of data: past this many a file is started afresh (a pattern built
# from input would otherwise grow it run after run)
MAX_ENTRIES = 2000
_table: dict | None = None        # (pattern, flags) -> (flags, packed code, groups, groupindex, indexgroup)
_added: dict = {}                 # what this process compiled that the file did not have


def compile(pattern: str, flags: int = 0) -> re.Pattern:
    """re.compile(pattern, flags), from the store when a process compiled it before."""
    key = (pattern, int(flags))
    entry = _load().get(key)
    if entry is not None:
        try:
            return _build(pattern, entry)
        except Exception:  # a damaged entry: compiled afresh below, and stored again
            pass
    try:
        compiled, entry = _compile(pattern, int(flags))
    except Exception:  # another Python's re internals (or a bad pattern, which re.compile reports): no store
        return re.compile(pattern, flags)
    _remember(key, entry)
    return compiled


def _remember(key: tuple, entry) -> None:
    if not _added:
        import atexit

        atexit.register(save)
    _added[key] = entry
    _table[key] = entry


def derived(name: str, sources: tuple[bytes, ...], build, flags: int = 0) -> re.Pattern:
    """compile(build(), flags) for a pattern worked out from data (a class of thousands of characters read from a
    table): the store keeps the pattern itself under `name` and a checksum of `sources`, everything it is worked
    out from (the data file's bytes and the source of the modules that work it out, see module_source), so a
    later process neither works it out nor compiles it: 15 ms of the first document of every process. A
    change to the data or to that code is another key, and the pattern is worked out again."""
    import zlib

    crc = 0
    for part in sources:
        crc = zlib.crc32(part, crc)
    key = (f"\0{name}\0{crc:08x}\0{sum(map(len, sources))}", int(flags))
    pattern = _load().get(key)
    if pattern.__class__ is not str:
        pattern = build()
        _remember(key, pattern)
    return compile(pattern, flags)


def is_derived(key: tuple) -> bool:
    """Whether a key of the store names a derived() pattern (its entry is the pattern) rather than a pattern."""
    return key[0].startswith("\0")


@lru_cache(maxsize=None)
def module_source(*names: str) -> bytes:
    """The source of these modules, read through their loaders (a zip or a wheel works too): part of a derived()
    pattern's key; read once a process."""
    parts = []
    for name in names:
        __import__(name)
        module = sys.modules[name]
        parts.append(module.__spec__.loader.get_data(module.__file__))
    return b"".join(parts)


def _build(pattern: str, entry: tuple) -> re.Pattern:
    import _sre

    final_flags, packed, groups, groupindex, indexgroup = entry
    return _sre.compile(pattern, final_flags, _unpack(packed), groups, groupindex, indexgroup)


# A pattern's code is kept as the bytes of its 32-bit words, unpacked into the list _sre.compile takes only when
# the pattern is used: a list of ints in the file made marshal build an int object for every word of every pattern
# (150,000 of them, 5.6 ms of every start-up), most of them for patterns the process never uses.
_WORD = "I"


def _pack(code: list[int]) -> bytes:
    from array import array

    return array(_WORD, code).tobytes()


def _unpack(packed: bytes) -> list[int]:
    from array import array

    words = array(_WORD)
    words.frombytes(packed)
    return words.tolist()


def _compile(pattern: str, flags: int) -> tuple[re.Pattern, tuple]:
    """What re._compiler.compile does, keeping what it hands to _sre.compile."""
    import _sre
    from array import array
    from re import _compiler, _parser

    if _sre.CODESIZE != array(_WORD).itemsize:   # a build whose words are not 32 bits: no store (re.compile's)
        raise ValueError("code words of another size")
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    entry = (int(flags | parsed.state.flags), _pack(code), parsed.state.groups - 1, groupindex, tuple(indexgroup))
    return _build(pattern, entry), entry


def path() -> str | None:
    """The store's file for this Python build, or None when it is kept in memory only."""
    import _sre
    import zlib

    base = os.environ.get("KECHUANG_CACHE_DIR")
    if base is None:
        base = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "kechuang-corpus")
    if not base:
        return None
    build = f"{zlib.crc32(sys.version.encode()):08x}"
    return os.path.join(base, f"regex-{sys.implementation.cache_tag}-{_sre.MAGIC}-{build}-v{_FORMAT}.marshal")


def _read(file: str | None) -> dict:
    import marshal

    if file is None:
        return {}
    try:
        with open(file, "rb") as f:
            table = marshal.loads(f.read())   # marshal.load on a file reads it a few bytes at a time: 40x slower
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return table if isinstance(table, dict) else {}


def _load() -> dict:
    global _table
    if _table is None:
        _table = _read(path())
    return _table


def save() -> None:
    """Write what this process added (merged with the file as it is now); run at exit."""
    import marshal
    import tempfile

    file = path()
    if not _added or file is None:
        return
    try:
        os.makedirs(os.path.dirname(file), exist_ok=True)
        table = _read(file)
        if len(table) + len(_added) > MAX_ENTRIES:
            table = {}
        table.update(_added)
        fd, tmp = tempfile.mkstemp(prefix=".regex-", suffix=".tmp", dir=os.path.dirname(file))
        try:
            with os.fdopen(fd, "wb") as f:
                marshal.dump(table, f)
            os.replace(tmp, file)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):  # a read-only home, a full disk: the next process compiles again
        return
    _added.clear()
