"""Hostile inputs built for real, small on disk and huge once read: shared by tests/test_hostile_inputs.py and
benchmarks/gzip_bomb_memory.py."""
from __future__ import annotations

import struct
import zlib

MIB = 1 << 20


def deflate_bomb(inflated: int, prefix: bytes = b"<html><body>", container: str = "gzip") -> bytes:
    """A valid gzip (container "gzip"), zlib ("zlib", HTTP's deflate) or raw deflate ("raw") stream of `prefix`
    and then spaces, `inflated` bytes in all, about a thousand times smaller. Built in a second or two rather
    than by compressing gigabytes: a full flush puts the compressor back where it started, so the deflate
    data of one MiB of spaces, flushed, is the same bytes every time and can be repeated."""
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = b" " * MIB
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    piece = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    assert c.compress(block) + c.flush(zlib.Z_FULL_FLUSH) == piece
    blocks, rest = divmod(inflated - len(prefix), MIB)
    body = head + piece * blocks + c.compress(b" " * rest) + c.flush()
    if container == "raw":
        return body
    check = zlib.crc32 if container == "gzip" else zlib.adler32
    value = check(prefix)
    for _ in range(blocks):
        value = check(block, value)
    value = check(b" " * rest, value)
    if container == "zlib":
        return b"\x78\xda" + body + struct.pack(">I", value)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + body + struct.pack("<II", value, inflated & 0xFFFFFFFF)
