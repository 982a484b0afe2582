"""Cleaning layer for Chinese regional 科创 news: extraction, noise rules, judgement. Never imports Scrapy.

For library users: `clean_html(html, url=None, **options)` and `clean_text(text, **options)` (cleaners/api.py)
return the record `python -m cleaners clean` writes for the same input, or the reject with its reason.
"""
from importlib import import_module

# name → the module that defines it, imported on first use: `python -m cleaners` and every worker import this
# package first, and neither needs the library API
_EXPORTS = {
    "Cleaned": "api", "clean_html": "api", "clean_text": "api",
    "Document": "document",
    "Options": "pipeline", "clean": "pipeline", "process": "pipeline",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value
