"""Character classes that are slow to work out and cheap to store: the characters that can take part in
UTF-8 text shown through GB18030 (the mojibake cleaners/rules/encoding.py repairs).

UTF-8 bytes decoded as GB18030 give characters whose GB18030 bytes are those UTF-8 bytes again; a run of
text can be such mojibake only if every one of its characters encodes to bytes that can sit inside valid
UTF-8. A character cannot when no state of a UTF-8 decoder reads its bytes without an error: a byte UTF-8
never uses (C0, C1, F5-FF), a lead byte (C2-F4) followed by anything but a continuation byte (80-BF), a
continuation byte after an ASCII one. About half the common hanzi fail that test, so a clean sentence almost
never passes it.

Working the class out walks every GB18030 code (0.1 s); cleaners/data/gb18030_in_utf8.tsv holds it (one
`first<TAB>last` range of code points in hex per line) and tests/test_prefilters.py checks the file against
`utf8_as_gb18030_chars()`. Rewrite the file with `python -m cleaners.charclasses`.
"""
from __future__ import annotations

from functools import lru_cache

from .data import read_data

DATA = "gb18030_in_utf8.tsv"


def _fits_utf8(data: bytes) -> bool:
    """Whether `data` can sit inside valid UTF-8: read from some state of a UTF-8 decoder (0 to 3 continuation
    bytes still due from the characters before), no byte is out of place. (Overlong and surrogate forms are
    not ruled out: the class is a superset, which is all a pre-filter needs.)"""
    for due in range(4):
        for byte in data:
            if due:
                if not 0x80 <= byte <= 0xBF:
                    break
                due -= 1
            elif byte < 0x80:
                continue
            elif 0xC2 <= byte <= 0xDF:
                due = 1
            elif 0xE0 <= byte <= 0xEF:
                due = 2
            elif 0xF0 <= byte <= 0xF4:
                due = 3
            else:  # a continuation byte with none due, C0, C1, F5-FF
                break
        else:
            return True
    return False


def utf8_as_gb18030_chars() -> list[tuple[int, int]]:
    """The Basic Multilingual Plane characters outside ASCII whose GB18030 bytes could sit inside valid UTF-8,
    as sorted ranges (first, last). Only two-byte GB18030 characters qualify: in a four-byte one (and every
    astral character is one) the third byte, after an ASCII digit, would have to start a sequence that the
    fourth, a digit again, cannot continue."""
    chars = []
    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue  # lone surrogates: GB18030 cannot encode them
        if _fits_utf8(chr(cp).encode("gb18030")):
            chars.append(cp)
    ranges: list[tuple[int, int]] = []
    for cp in chars:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return ranges


@lru_cache(maxsize=1)
def gb18030_in_utf8_class() -> str:
    """The stored ranges as the inside of a regex character class (literal characters: it compiles faster)."""
    text = read_data(DATA).decode("ascii")
    parts = []
    for line in text.split("\n"):
        if not line or line.startswith("#"):
            continue
        first, last = (int(x, 16) for x in line.split("\t"))
        parts.append(chr(first) if first == last else f"{chr(first)}-{chr(last)}")
    return "".join(parts)


def write_data() -> str:
    from importlib import resources

    ranges = utf8_as_gb18030_chars()
    path = resources.files("cleaners.data").joinpath(DATA)
    lines = ["# first\tlast: BMP characters whose GB18030 bytes can sit inside UTF-8 (cleaners/charclasses.py)"]
    lines += [f"{a:04X}\t{b:04X}" for a, b in ranges]
    with open(str(path), "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    return f"{path}: {len(ranges)} ranges, {sum(b - a + 1 for a, b in ranges)} characters"


if __name__ == "__main__":
    print(write_data())
