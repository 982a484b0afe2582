"""Cleaning layer for Chinese regional 科创 news: extraction, noise rules, judgement. Never imports Scrapy."""
from .document import Document
from .pipeline import Options, clean, clean_text, process

__all__ = ["Document", "Options", "clean", "clean_text", "process"]
