"""The cleaner as a library call, as `trafilatura.extract(html)` is one: a page or a text dump in, the record
`python -m cleaners clean` writes for it out.

    import cleaners
    result = cleaners.clean_html(page_bytes, url="http://www.zast.org.cn/art/2024/6/9/art_1_2.html")
    if result.kept:
        print(result.record["title"], result.record["text"])
    else:
        print("rejected:", result.reason)

Both calls run exactly the CLI's path (cleaners.pipeline.process on one RawDoc): the same decoding of bytes,
rules, judgement and per-document time limit, so a record is the line the CLI writes for the same input.
"""
from __future__ import annotations

from dataclasses import dataclass

from .inputs import RawDoc
from .output import reject_record
from .pipeline import Options, process

OPTIONS = Options.FIELDS  # keep_script, keep_width, min_chars, time_limit, second_opinion


@dataclass(frozen=True)
class Cleaned:
    """What became of one input.

    `record` is the line the CLI writes for it: the document (id, url, title, text, published, author, editor,
    source, site, region, meta) when it is kept; when it is rejected, the line of the rejects file, which
    starts with the same `reason` and may carry a `detail`.
    """

    record: dict
    reason: str | None  # None: kept

    @property
    def kept(self) -> bool:
        return self.reason is None


def clean_html(html: str | bytes, url: str | None = None, *, id: str | None = None,
               content_type: str | None = None, **options) -> Cleaned:
    """Clean one HTML page. Bytes are decoded as the CLI decodes a page file (BOM, `content_type`'s charset,
    `<meta>`, then the bytes themselves; gb2312 read as GB18030); a str is taken as already decoded.

    options: keep_script, keep_width (as --keep-script, --keep-width), min_chars (as --min-chars) and
    time_limit (seconds per document, None for none); any other name raises TypeError.
    """
    return _clean("clean_html", "html", html, url, id, content_type, options)


def clean_text(text: str | bytes, *, url: str | None = None, id: str | None = None, **options) -> Cleaned:
    """Clean one text dump (a page's text as scraped, like tests/fixtures/seeds/*.txt). Bytes are decoded as
    the CLI decodes a .txt file (UTF-8 with or without BOM, UTF-16 with BOM, else GB18030). Options as for
    clean_html.

    (The step that cleans an already built Document is cleaners.pipeline.clean_text.)
    """
    return _clean("clean_text", "text", text, url, id, None, options)


def _clean(call: str, kind: str, data, url, id, content_type, options: dict) -> Cleaned:
    if not isinstance(data, (str, bytes)):
        raise TypeError(f"{call}() takes str or bytes, not {type(data).__name__}")
    unknown = [name for name in options if name not in OPTIONS]
    if unknown:
        raise TypeError(f"{call}() got an unknown option {unknown[0]!r}; options are {', '.join(OPTIONS)}")
    record, reason = process(RawDoc(id, kind, data, url=url, content_type=content_type), Options(**options))
    return Cleaned(record if reason is None else reject_record(reason, record), reason)
