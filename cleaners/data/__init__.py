"""Tables the cleaners read at run time (cleaners/charclasses.py, cleaners/rules/encoding.py)."""
from __future__ import annotations

import pkgutil


def read_data(name: str) -> bytes:
    """The bytes of one file of this package. (pkgutil reads it through the package's loader, as
    importlib.resources does, without importing what importlib.resources does: 8 ms of every start-up.)"""
    data = pkgutil.get_data(__name__, name)
    if data is None:
        raise FileNotFoundError(name)
    return data
