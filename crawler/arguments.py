"""The arguments of `scrapy crawl portal` (`-a NAME=VALUE`): one spec, read by the crawl command (which
checks them before any work), by the spider (which uses the typed values) and by `python -m crawler --help`
(which lists them), so that the three cannot drift apart.

Scrapy hands every `-a` to the spider as a string and, left alone, sets unknown names as attributes: a typo
such as `-a sources=kczg` would be ignored and the run would crawl every source. Here an unknown name or a
bad value is an ArgumentError with a one-line message instead.

No Scrapy import: `python -m crawler --help` and the tests read this without a crawler.
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from crawler.seeds import did_you_mean

__all__ = ["ARGUMENTS", "EXIT_STATUSES", "Argument", "ArgumentError", "parse", "parse_date", "help_text"]

# the exit statuses of `scrapy crawl portal` (crawler/commands/crawl.py), as --help and the README list them
EXIT_OK, EXIT_CRASHED, EXIT_USAGE, EXIT_SOURCE_FAILED, EXIT_LOCKED = 0, 1, 2, 3, 75
EXIT_STATUSES = {
    EXIT_OK: "the run finished, bounds hit or not (a source that max_pages or another bound stopped before any "
             "article is in capped_sources; one a default bound cut short, in bounded_sources)",
    EXIT_CRASHED: "the crawl could not start or crashed (a traceback says why)",
    EXIT_USAGE: "nothing was crawled: a bad -a argument or option, or a bad seeds file (one line per problem)",
    EXIT_SOURCE_FAILED: "a source failed: none of its list pages could be fetched, or it found article links "
                        "in an earlier run and none now (the summary's failed_sources)",
    EXIT_LOCKED: "nothing was crawled: another run holds the state directory, or Redis (REDIS_URL) is "
                 "unreachable; try again later",
}


class ArgumentError(ValueError):
    """A bad `-a` argument; str() is the one line to show the user."""


@dataclass(frozen=True)
class Argument:
    name: str
    value: str                      # the placeholder in usage lines: FILE_OR_DIR, N…
    meaning: str
    forms: str                      # what a value may look like (for --help and for error messages)
    convert: Callable[[str], Any]   # the text (stripped, not empty) → the value the spider uses; ValueError if bad


_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(\d{4})(\d{2})(\d{2})")


def parse_date(text: str) -> date:
    """2024-06-01, 2024/06/01, 2024.6.1 or 20240601: the forms people type."""
    m = _DATE.fullmatch(text.strip())
    if not m:
        raise ValueError("not a date")
    y, mo, d = (int(g) for g in (m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)))
    return date(y, mo, d)  # ValueError("month must be in 1..12") and the like for 2024-13-01


def _positive_int(text: str) -> int:
    if not re.fullmatch(r"\+?\d+", text):
        raise ValueError("not a whole number")
    if int(text) < 1:
        raise ValueError("0 pages would crawl nothing")
    return int(text)


ARGUMENTS: tuple[Argument, ...] = (
    Argument("seeds", "FILE_OR_DIR", "the seed file, or a directory of *.yaml seed files",
             "a path; default: seeds/", str),
    Argument("source", "ID[,ID…]", "crawl only these sources (seed ids)",
             "comma-separated ids, e.g. source=zast,kczg", str),
    Argument("region", "NAME", "crawl only the sources whose region names this province, city or county",
             "a Chinese name, with or without its suffix: 浙江省 or 浙江, 温州市 or 温州", str),
    Argument("since", "DATE", "skip articles whose URL, feed or sitemap date is older than this day",
             "2024-06-01, 2024/06/01, 2024.6.1 or 20240601", parse_date),
    Argument("max_pages", "N", "list pages per source: how deep into its columns' pagination the crawl goes "
             "(start pages, follow pages, TRS index_N pages, Hanweb/jpaas listing calls and sub-sitemaps count; "
             "articles found on those pages are all fetched). Overrides the seeds' max_pages",
             "a whole number of 1 or more", _positive_int),
)
BY_NAME = {a.name: a for a in ARGUMENTS}


def parse(given: dict[str, Any]) -> dict[str, Any]:
    """The typed value of each argument given (those not given are left out).

    Raises ArgumentError for the first unknown name, empty value or value of the wrong form."""
    values = {}
    for name, raw in given.items():
        argument = BY_NAME.get(name)
        if argument is None:
            raise ArgumentError(f"unknown argument -a {name}={raw}{did_you_mean(name, BY_NAME)}; "
                                f"portal takes {', '.join(BY_NAME)} (python -m crawler --help)")
        text = str(raw).strip()
        if not text:  # `-a since=$SINCE` with SINCE unset: refuse rather than silently crawl without it
            raise ArgumentError(f"-a {name}= is empty; expected {argument.forms} (or leave the argument out)")
        try:
            values[name] = argument.convert(text)
        except ValueError as e:
            raise ArgumentError(f"-a {name}={raw}: {e}; expected {argument.forms}") from None
    return values


def help_text() -> str:
    """The arguments as `python -m crawler --help` lists them."""
    def wrap(text: str, indent: str, first: str = "") -> list[str]:
        return textwrap.wrap(text, 100, initial_indent=first or indent, subsequent_indent=indent)

    lines = wrap("scrapy crawl portal arguments (-a NAME=VALUE; an unknown name or a bad value stops the crawl "
                 "with exit status 2 before any request):", "")
    for a in ARGUMENTS:
        lines.append(f"  -a {a.name}={a.value}")
        lines += wrap(a.meaning, " " * 6) + wrap(f"accepted: {a.forms}", " " * 16, " " * 6)
    lines.append("exit status of scrapy crawl portal:")
    for code, meaning in EXIT_STATUSES.items():
        lines += wrap(meaning, " " * 6, f"  {code:<3} ")
    return "\n".join(lines)
