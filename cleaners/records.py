"""Plain record classes for the types every run builds (RawDoc, Document, Options...).

Not dataclasses: importing dataclasses (inspect, ast, dis) was a sixth of the start-up of `python -m cleaners
clean` on a small file. A subclass names its fields in FIELDS, in a dataclass's order, and gets a dataclass's
equality and repr.
"""
from __future__ import annotations


class Record:
    __slots__ = ()
    FIELDS: tuple[str, ...] = ()

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def __eq__(self, other):
        return self._values() == other._values() if other.__class__ is self.__class__ else NotImplemented

    __hash__ = None  # mutable, as a dataclass without frozen=True

    def __repr__(self) -> str:
        args = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{type(self).__qualname__}({args})"
