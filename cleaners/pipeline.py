"""decode → extract → clean → judge for one input; the CLI and the crawler both call `process`."""
from __future__ import annotations

from .document import METADATA_FIELDS, Document
from .html.timelimit import PageTimeout, time_limit
from .inputs import RawDoc
from .judge import judge
from .limits import MIN_CHARS, TIME_LIMIT
from .records import Record
from .relevance import relevance

_registry: dict | None = None


def _rules() -> dict:
    """The registry of rules, imported on first use: compiling their patterns is most of the start-up of a
    process, and a process that never cleans (the CLI reading and writing for its --workers) never pays it."""
    global _registry
    if _registry is None:
        from .rules import (  # noqa: F401  (registration)
            REGISTRY, captions, credits, encoding, header, notices, paragraphs, script, summary, tail,
        )
        _registry = REGISTRY
    return _registry


def __getattr__(name: str):
    if name == "REGISTRY":
        return _rules()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


ORDER = [
    # repair the characters first: every later pattern is written against clean text
    "utf8_read_as_gbk",
    "gbk_shift_mojibake",
    "strip_pinyin",
    "to_simplified",
    # the header
    "portal_chrome",
    "meta_lines",
    "title",
    "summary_box",
    # the end of the article, marked and unmarked
    "snapshot_disclaimer",
    "platform_notice",
    "editor_line",
    "keywords_line",
    "related_heading",
    "related_links",
    # inside the article
    "byline",
    "image_placeholder",
    "reader_buttons",
    "call_to_action",
    "gap_caption",
    "closing_credits",
    "join_broken_paragraphs",
    "fold_width",
]


class Options(Record):
    """How to clean: the CLI's flags. Frozen (a run's options do not change under it); the class attributes
    are the defaults (the CLI's help shows them)."""
    FIELDS = ("keep_script", "keep_width", "min_chars", "time_limit", "second_opinion")
    keep_script: bool = False
    keep_width: bool = False
    min_chars: int = MIN_CHARS
    time_limit: float | None = TIME_LIMIT  # None: no limit
    second_opinion: bool = False  # ask trafilatura where our body is in doubt (cleaners/html/second_opinion.py)

    def __init__(self, keep_script: bool = False, keep_width: bool = False, min_chars: int = MIN_CHARS,
                 time_limit: float | None = TIME_LIMIT, second_opinion: bool = False) -> None:
        for name, value in zip(self.FIELDS, (keep_script, keep_width, min_chars, time_limit, second_opinion)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError(f"cannot assign to field {name!r}: Options are frozen")

    def __hash__(self) -> int:
        return hash(self._values())

    def __reduce__(self):
        return Options, self._values()

    def rules(self) -> list[str]:
        skip = {"to_simplified"} if self.keep_script else set()
        if self.keep_width:
            skip.add("fold_width")
        return [name for name in ORDER if name not in skip]


def clean(doc: Document, options: Options = Options()) -> Document:
    registry = _registry or _rules()
    for name in options.rules():
        registry[name](doc)
    return doc


def clean_text(id: str, text: str, options: Options = Options(), **fields) -> tuple[Document, str | None]:
    """Clean a text dump; returns the document and the reason it is rejected (None when kept)."""
    doc = clean(Document.from_text(id, text, **fields), options)
    return doc, judge(doc, options.min_chars)


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Text dumps are UTF-8 (with or without BOM) or, from older Chinese tools, GB18030."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace"), []
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec), []
        except UnicodeDecodeError:
            pass
    return data.decode("utf-8", errors="replace"), ["decode_errors"]


FIELDS = (*METADATA_FIELDS, "region")


def build_document(raw: RawDoc, second_opinion: bool = False) -> Document | str:
    """decode and extract: the Document to clean, or the reason there is none."""
    if raw.kind == "html":
        from .decode import decode_html
        from .extract import extract

        flags = []
        if isinstance(raw.data, bytes):
            decoded = decode_html(raw.data, raw.content_type)
            html, flags = decoded.text, list(decoded.flags)
        else:
            html = raw.data
        ex = extract(html, raw.url, second_opinion=second_opinion)
        doc = Document.from_text(raw.id, ex.text, url=raw.url, origin="html")
        for name in METADATA_FIELDS:
            setattr(doc, name, getattr(ex, name))
        doc.flags = flags + ex.flags
        if ex.reject:
            return ex.reject
    else:
        text, flags = (raw.data, []) if isinstance(raw.data, str) else decode_text(raw.data)
        doc = Document.from_text(raw.id, text, url=raw.url)
        doc.flags = flags
    for name, value in raw.fields.items():
        if name in FIELDS and (value or isinstance(value, dict)):  # region {}: a national source, known to be
            setattr(doc, name, value)
    return doc


# the reason of a page whose cleaning needed a module the installation lacks: every page that needs it would
# fail the same way, so `clean` stops instead of rejecting them one by one
MISSING_DEPENDENCY = "missing_dependency"


def process(raw: RawDoc, options: Options = Options()) -> tuple[dict, str | None]:
    """One input → its output record and the reason it is rejected (None when kept). Never raises."""
    try:
        with time_limit(options.time_limit):
            doc = build_document(raw, options.second_opinion)
            if isinstance(doc, str):
                return {"id": raw.id, "url": raw.url}, doc
            clean(doc, options)
        record, reason = doc.record(), judge(doc, options.min_chars)
        if reason is None and raw.fields.get("topic") == "keywords":
            # a source that publishes everything: only 科创 stories are kept (crawler seeds' `topic: keywords`)
            on_topic, why = relevance(record["title"], record["text"])
            if not on_topic:
                record["detail"], reason = why, "off_topic"
        return record, reason
    except PageTimeout:
        return {"id": raw.id, "url": raw.url, "detail": f"over {options.time_limit} s"}, "timeout"
    except ImportError as e:  # not the page's fault: a dependency missing from the installation (the CLI stops)
        return {"id": raw.id, "url": raw.url, "detail": f"{type(e).__name__}: {e}"}, MISSING_DEPENDENCY
    except Exception as e:  # one bad page must not stop a run; the reject names the error
        return {"id": raw.id, "url": raw.url, "detail": f"{type(e).__name__}: {e}"}, "error"
