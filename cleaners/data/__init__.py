"""Tables the cleaners read at run time (cleaners/charclasses.py, cleaners/rules/encoding.py)."""
from __future__ import annotations

import os


def read_data(name: str) -> bytes:
    """The bytes of one file of this package, read through the package's loader as pkgutil.get_data does
    (a zip or an installed wheel works too), without importing pkgutil, importlib.resources or typing: each
    is milliseconds of every start-up."""
    return __spec__.loader.get_data(os.path.join(os.path.dirname(__file__), name))
