"""Cleaning layer for Chinese regional 科创 news: extraction, noise rules, judgement. Never imports Scrapy.

For library users: `clean_html(html, url=None, **options)` and `clean_text(text, **options)` (cleaners/api.py)
return the record `python -m cleaners clean` writes for the same input, or the reject with its reason.
"""
from .api import Cleaned, clean_html, clean_text
from .document import Document
from .pipeline import Options, clean, process

__all__ = ["Cleaned", "Document", "Options", "clean", "clean_html", "clean_text", "process"]
