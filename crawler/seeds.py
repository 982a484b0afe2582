"""Load and check the source lists in seeds/*.yaml.

Seeds are data: a typo in one must fail loudly, naming the file, the source and the line, before a crawl
starts rather than showing up later as a source that silently yields nothing. This module only needs
PyYAML (no Scrapy), so `python -m crawler check-seeds` and the tests run without a crawler.

    sources = load_sources("seeds", region="浙江省")   # raises SeedError listing every problem
    problems = check("seeds")                          # the same checks, returned instead of raised
"""
from __future__ import annotations

import codecs
import difflib
import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

import yaml

logger = logging.getLogger(__name__)
_WARNED: set = set()

__all__ = [
    "DEFAULT_SEEDS", "LEVELS", "LISTS", "TOPICS", "STATUSES",
    "Region", "HanwebParams", "Source", "Problem", "SeedError", "load_sources", "check",
]

DEFAULT_SEEDS = Path(__file__).resolve().parents[1] / "seeds"

LEVELS = ("national", "provincial", "municipal", "county")
LISTS = ("links", "hanweb", "trs", "rss", "sitemap")
TOPICS = ("all", "keywords")
STATUSES = ("confirmed", "unconfirmed")

FILE_KEYS = ("region", "level", "notes", "sources")
SOURCE_KEYS = (
    "id", "name", "level", "region", "start_urls", "article", "follow", "topic", "list", "hanweb",
    "encoding", "allowed_domains", "max_pages", "status", "notes", "examples",
)
REQUIRED_KEYS = ("id", "name", "start_urls")  # article, follow, list: hints; absent, the crawler learns them
REGION_KEYS = ("province", "city", "county")
HANWEB_KEYS = ("columnid", "unitid", "webid", "path", "perpage")
HANWEB_REQUIRED = ("columnid", "unitid", "webid")

SLUG = re.compile(r"[a-z0-9_-]+")
HOSTNAME = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")  # localhost too
# where `list: trs` can generate index_N pages: a directory URL or an index.<ext> page
TRS_INDEX = re.compile(r"/(index\.[a-z]+)?$")
# administrative suffixes, so that region='浙江' matches 浙江省 and region='温州' matches 温州市
REGION_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "省", "市", "区", "县", "旗", "盟")


# --------------------------------------------------------------------------------------------------- types

@dataclass(frozen=True)
class Region:
    province: str | None = None
    city: str | None = None
    county: str | None = None

    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.province, self.city, self.county) if n)

    def as_dict(self) -> dict[str, str]:
        return {k: v for k in REGION_KEYS if (v := getattr(self, k))}

    def matches(self, name: str) -> bool:
        """True when `name` is one of province/city/county, with or without its suffix (省/市/县…)."""
        want = _strip_suffix(name.strip())
        return bool(want) and any(n == name or _strip_suffix(n) == want for n in self.names())

    def __str__(self) -> str:
        return "".join(self.names())


@dataclass(frozen=True)
class HanwebParams:
    """The Hanweb JCMS bulk listing: POST {path}?startrecord=..&endrecord=..&perpage=.. with form()."""
    columnid: str
    unitid: str
    webid: str
    path: str = "/module/jpage/dataproxy.jsp"
    perpage: int = 15

    def url(self, base: str, start: int, end: int) -> str:
        """The dataproxy URL on the host of `base` (a start URL) for records start..end (1-based)."""
        parts = urlsplit(base)
        return f"{parts.scheme}://{parts.netloc}{self.path}?startrecord={start}&endrecord={end}&perpage={self.perpage}"

    def form(self) -> dict[str, str]:
        return {
            "col": "1", "appid": "1", "webid": self.webid, "path": "/", "columnid": self.columnid,
            "sourceContentType": "1", "unitid": self.unitid, "permissiontype": "0",
        }


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    level: str                              # national | provincial | municipal | county
    region: Region                          # file defaults updated by the source's own region
    start_urls: tuple[str, ...]
    article: re.Pattern[str] | None = None  # searched in the absolute URL; None: learned (crawler/discovery.py)
    follow: tuple[re.Pattern[str], ...] = ()
    topic: str = "all"                      # all | keywords
    list: str = "links"                     # links | hanweb | trs | rss | sitemap
    hanweb: HanwebParams | None = None      # set when list == "hanweb"
    encoding: str | None = None             # a hint; pages are still decoded on their own evidence
    allowed_domains: tuple[str, ...] = ()   # default: the hosts of start_urls
    max_pages: int | None = None            # list pages for the source, as -a max_pages (which overrides it); None: no cap
    status: str = "unconfirmed"             # confirmed | unconfirmed
    notes: str = ""
    examples: tuple[str, ...] = ()
    file: Path = field(default=Path("."), compare=False)
    line: int | None = field(default=None, compare=False)

    def is_article(self, url: str) -> bool:
        return self.article is not None and self.article.search(url) is not None

    def should_follow(self, url: str) -> bool:
        return any(p.search(url) for p in self.follow)


@dataclass(frozen=True)
class Problem:
    file: str
    source: str | None
    line: int | None
    message: str
    warning: bool = False  # reported, but the file still loads (an extra key this version does not know)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = f" source '{self.source}':" if self.source else ""
        return f"{where}:{who} {'warning: ' if self.warning else ''}{self.message}"


class SeedError(ValueError):
    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        n = len(self.problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in seed files:\n{lines}")


# --------------------------------------------------------------------------------------------------- API

def load_sources(path: str | Path = DEFAULT_SEEDS, source: str | None = None,
                 region: str | None = None) -> list[Source]:
    """Every source under `path` (a .yaml file or a directory of them), optionally only the ids in
    `source` (comma-separated) and those whose region names `region` (province, city or county).

    Raises SeedError with every problem in every file; a filter that selects nothing is a problem too."""
    sources, problems = _load(Path(path))
    errors = [p for p in problems if not p.warning]
    if errors:
        raise SeedError(errors)
    for p in problems:
        if p not in _WARNED:  # the crawl command and the spider both load the seeds: say it once
            _WARNED.add(p)
            logger.warning("%s", p)
    if source:
        wanted = [s.strip() for s in source.split(",") if s.strip()]
        known = {s.id for s in sources}
        missing = [w for w in wanted if w not in known]
        if missing:
            raise SeedError(Problem(str(path), None, None, f"no source with id {m!r}{did_you_mean(m, known)}")
                            for m in missing)
        sources = [s for s in sources if s.id in wanted]
    if region:
        sources = [s for s in sources if s.region.matches(region)]
        if not sources:
            raise SeedError([Problem(str(path), None, None, f"no source in region {region!r}")])
    return sources


def check(path: str | Path = DEFAULT_SEEDS) -> list[Problem]:
    """Every problem in the seed file or directory at `path` (empty when all is well); those with `warning`
    set do not stop a crawl."""
    return _load(Path(path))[1]


# --------------------------------------------------------------------------------------------------- loading

def _load(path: Path) -> tuple[list[Source], list[Problem]]:
    if path.is_dir():
        files = sorted(path.glob("*.yaml"))
        if not files:
            return [], [Problem(str(path), None, None, "no *.yaml files in this directory")]
    elif path.is_file():
        files = [path]
    else:
        return [], [Problem(str(path), None, None, "no such file or directory")]
    sources: list[Source] = []
    problems: list[Problem] = []
    first_seen: dict[str, str] = {}  # id -> "file:line" where it first appears
    for f in files:
        file_sources, file_problems, ids = _load_file(f)
        problems.extend(file_problems)
        duplicates = set()
        for sid, line in ids:
            if sid in first_seen:
                problems.append(Problem(str(f), sid, line, f"duplicate id {sid!r} (also at {first_seen[sid]})"))
                duplicates.add(sid)
        for sid, line in ids:
            first_seen.setdefault(sid, f"{f}:{line}" if line else str(f))
        sources.extend(s for s in file_sources if s.id not in duplicates)
    # files in name order, problems in line order within a file
    order = {str(f): i for i, f in enumerate(files)}
    problems.sort(key=lambda p: (order.get(p.file, -1), p.line or 0))
    return sources, problems


def _load_file(path: Path) -> tuple[list[Source], list[Problem], list[tuple[str, int | None]]]:
    """The valid sources of one file, its problems, and every (id, line) it declares (valid or not)."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return [], [Problem(name, None, None, f"cannot read: {e}")], []
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        return [], [Problem(name, None, mark.line + 1 if mark else None, f"YAML syntax error: {_yaml_message(e)}")], []
    finally:
        loader.dispose()

    if not isinstance(data, dict):
        what = "empty" if data is None else type(data).__name__
        line = node.start_mark.line + 1 if node is not None else 1
        return [], [Problem(name, None, line, f"top level must be a mapping with 'sources', got {what}")], []

    problems: list[Problem] = []
    top = _Nodes(node, name, None, problems)
    for key in data:
        if key not in FILE_KEYS:
            problems.append(top.problem(key, f"unknown top-level key {key!r}{did_you_mean(key, FILE_KEYS)}"))

    defaults = _region(data.get("region"), top, "region") if "region" in data else Region()
    file_level = data.get("level")
    if file_level is not None and file_level not in LEVELS:
        problems.append(top.problem("level", f"unknown level {file_level!r} (expected one of {', '.join(LEVELS)})"))
        file_level = None

    entries = data.get("sources")
    if not entries:
        problems.append(top.problem("sources", "missing or empty 'sources' (a list of sources)"))
        return [], problems, []
    if not isinstance(entries, list):
        problems.append(top.problem("sources", f"'sources' must be a list, got {type(entries).__name__}"))
        return [], problems, []

    seq = top.value("sources")
    item_nodes = seq.value if isinstance(seq, yaml.SequenceNode) else [None] * len(entries)
    sources: list[Source] = []
    ids: list[tuple[str, int | None]] = []
    seen: dict[str, int | None] = {}
    for i, (entry, item_node) in enumerate(zip(entries, item_nodes)):
        line = item_node.start_mark.line + 1 if item_node is not None else None
        if not isinstance(entry, dict):
            problems.append(Problem(name, None, line,
                                    f"sources[{i}] must be a mapping, got {type(entry).__name__}: {entry!r:.60}"))
            continue
        sid = entry.get("id")
        label = sid if isinstance(sid, str) and sid else None
        nodes = _Nodes(item_node, name, label, problems, line)
        if label is None:  # name the source by its position instead
            nodes.prefix = f"sources[{i}]: "
        source = _source(entry, nodes, defaults, file_level, path, line)
        if label is not None:
            if label in seen:
                where = f"{name}:{seen[label]}" if seen[label] else name
                problems.append(Problem(name, label, line, f"duplicate id {label!r} (also at {where})"))
                continue
            seen[label] = line
            ids.append((label, line))
        if source is not None:
            sources.append(source)
    return sources, problems, ids


class _Nodes:
    """Line numbers for the keys of one YAML mapping, and problems reported against them."""

    def __init__(self, node: yaml.Node | None, file: str, label: str | None, problems: list[Problem],
                 line: int | None = None):
        self.file, self.label, self.problems, self.prefix = file, label, problems, ""
        self.line = line if line is not None else (node.start_mark.line + 1 if node is not None else None)
        self.pairs: dict[Any, tuple[yaml.Node, yaml.Node]] = {}
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else None
                if key in self.pairs:  # PyYAML keeps the last silently; a repeated key is always a mistake
                    problems.append(Problem(file, label, k.start_mark.line + 1, f"duplicate key {key!r}"))
                self.pairs[key] = (k, v)

    def value(self, key: str) -> yaml.Node | None:
        pair = self.pairs.get(key)
        return pair[1] if pair else None

    def line_of(self, key: Any, index: int | None = None) -> int | None:
        """The key's line, or its item's line for a problem in one item of a list."""
        pair = self.pairs.get(key) if isinstance(key, str) else None
        if pair is None:
            return self.line
        key_node, node = pair
        if index is not None and isinstance(node, yaml.SequenceNode) and index < len(node.value):
            return node.value[index].start_mark.line + 1
        return key_node.start_mark.line + 1

    def problem(self, key: Any, message: str, index: int | None = None) -> Problem:
        return Problem(self.file, self.label, self.line_of(key, index), self.prefix + message)

    def add(self, key: Any, message: str, index: int | None = None) -> None:
        self.problems.append(self.problem(key, message, index))

    def warn(self, key: Any, message: str) -> None:
        self.problems.append(replace(self.problem(key, message), warning=True))


def _source(entry: dict, nodes: _Nodes, defaults: Region, file_level: str | None, path: Path,
            line: int | None) -> Source | None:
    before = len(nodes.problems)
    add = nodes.add

    for key in entry:
        if key not in SOURCE_KEYS:
            near = did_you_mean(key, SOURCE_KEYS)
            if near:  # a misspelt key would silently lose its value: an error
                add(key, f"unknown key {key!r}{near}")
            else:  # a key for another tool or a later version: said, and ignored
                nodes.warn(key, f"unknown key {key!r} ignored")
    for key in REQUIRED_KEYS:
        if key not in entry or entry[key] in (None, "", []):
            add(key, f"missing required key {key!r}")

    sid = entry.get("id")
    if "id" in entry and sid not in (None, "") and not (isinstance(sid, str) and SLUG.fullmatch(sid)):
        add("id", f"id {sid!r} is not a slug (lower-case letters, digits, '-' and '_')")

    name = entry.get("name")
    if name not in (None, "") and not isinstance(name, str):
        add("name", f"'name' must be a string, got {type(name).__name__}")

    region = defaults
    if "region" in entry:
        own = _region(entry["region"], nodes, "region")
        region = Region(**{**defaults.as_dict(), **own.as_dict()})

    level = entry.get("level", file_level)
    if level is None:
        level = _infer_level(region)
    elif level not in LEVELS:
        add("level", f"unknown level {level!r} (expected one of {', '.join(LEVELS)})")

    start_urls = _urls(entry.get("start_urls"), nodes, "start_urls", required=True)
    article = _regex(entry.get("article"), nodes, "article") if entry.get("article") not in (None, "") else None
    follow = _regex_list(entry.get("follow", []), nodes, "follow")

    topic = entry.get("topic", "all")
    if topic not in TOPICS:
        add("topic", f"unknown topic {topic!r} (expected one of {', '.join(TOPICS)})")
    list_kind = entry.get("list", "links")
    if list_kind not in LISTS:
        add("list", f"unknown list {list_kind!r} (expected one of {', '.join(LISTS)})")
    status = entry.get("status", "unconfirmed")
    if status not in STATUSES:
        add("status", f"unknown status {status!r} (expected one of {', '.join(STATUSES)})")

    hanweb = None
    if "hanweb" in entry:
        hanweb = _hanweb(entry["hanweb"], nodes)
        if list_kind != "hanweb":
            add("hanweb", f"'hanweb' parameters given but list is {list_kind!r} (set list: hanweb)")
    elif list_kind == "hanweb":
        add("list", "list: hanweb needs 'hanweb: {columnid: .., unitid: .., webid: ..}'")
    if list_kind == "trs":
        for j, url in enumerate(start_urls):
            if not TRS_INDEX.search(urlsplit(url).path):
                add("start_urls", f"list: trs needs a column index URL (ending in '/' or index.<ext>), got {url}", j)

    encoding = entry.get("encoding")
    if encoding is not None:
        try:
            codecs.lookup(str(encoding))
        except LookupError:
            add("encoding", f"unknown encoding {encoding!r}")
            encoding = None

    allowed = entry.get("allowed_domains")
    if allowed is None:
        allowed_domains = tuple(dict.fromkeys(urlsplit(u).hostname for u in start_urls if urlsplit(u).hostname))
    elif not isinstance(allowed, list) or not allowed:
        add("allowed_domains", "'allowed_domains' must be a non-empty list of host names")
        allowed_domains = ()
    else:
        allowed_domains = ()
        for j, d in enumerate(allowed):
            if isinstance(d, str) and HOSTNAME.fullmatch(d):
                allowed_domains += (d,)
            else:
                add("allowed_domains", f"allowed_domains[{j}] {d!r} is not a host name (no scheme, path or port)", j)

    max_pages = entry.get("max_pages")
    if max_pages is not None and (isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1):
        add("max_pages", f"'max_pages' must be a positive integer, got {max_pages!r}")
        max_pages = None

    notes = entry.get("notes", "")
    if notes is None:
        notes = ""
    if not isinstance(notes, str):
        add("notes", "'notes' must be text")
        notes = ""

    examples = _urls(entry.get("examples", []), nodes, "examples", required=False)
    if examples and article is not None:
        _check_examples(examples, article, follow, allowed_domains, nodes)
    if article is not None:
        for j, url in enumerate(start_urls):
            if article.search(url) and list_kind not in ("rss", "sitemap"):
                add("article", f"'article' matches start URL {url} (a list page would be taken for an article)")

    if any(not p.warning for p in nodes.problems[before:]):
        return None
    return Source(
        id=sid, name=name, level=level, region=region, start_urls=start_urls, article=article, follow=follow,
        topic=topic, list=list_kind, hanweb=hanweb, encoding=encoding, allowed_domains=allowed_domains,
        max_pages=max_pages, status=status, notes=notes.strip(), examples=examples, file=path, line=line,
    )


def _region(value: Any, nodes: _Nodes, key: str) -> Region:
    if value is None:
        return Region()
    if not isinstance(value, dict):
        nodes.add(key, f"'{key}' must be a mapping like {{province: 浙江省, city: 温州市}}, got {type(value).__name__}")
        return Region()
    out = {}
    for k, v in value.items():
        if k not in REGION_KEYS:
            nodes.add(key, f"unknown region key {k!r}{did_you_mean(k, REGION_KEYS)} (expected province, city, county)")
        elif not isinstance(v, str) or not v.strip():
            nodes.add(key, f"region {k} must be a non-empty name, got {v!r}")
        else:
            out[k] = v.strip()
    return Region(**out)


def _infer_level(region: Region) -> str:
    if region.county:
        return "county"
    if region.city:
        return "municipal"
    return "provincial" if region.province else "national"


def _urls(value: Any, nodes: _Nodes, key: str, required: bool) -> tuple[str, ...]:
    if value in (None, "", []):
        return ()  # a missing required key is reported once, by the caller
    if not isinstance(value, list):
        nodes.add(key, f"'{key}' must be a list of http(s) URLs, got {type(value).__name__}")
        return ()
    out = []
    for j, url in enumerate(value):
        why = _bad_url(url)
        if why:
            nodes.add(key, f"{key}[{j}]: {why}", j)
        else:
            out.append(url)
    return tuple(out)


def _bad_url(url: Any) -> str | None:
    if not isinstance(url, str):
        return f"not a URL: {url!r}"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as e:
        return f"not a URL ({e}): {url}"
    if parts.username is not None or parts.password is not None:
        masked = f"{parts.scheme}://***@{parts.hostname or ''}{parts.path}"
        return f"credentials in URL refused (user:pass@ must not be stored in seeds): {masked}"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"not an http(s) URL: {url}"
    if any(c.isspace() for c in url):
        return f"URL contains whitespace: {url!r}"
    return None


def _regex(value: Any, nodes: _Nodes, key: str, index: int | None = None) -> re.Pattern[str] | None:
    what = f"'{key}'" if index is None else f"'{key}' item {index}"
    if not isinstance(value, str) or not value:
        nodes.add(key, f"{what} must be a regex string, got {value!r}", index)
        return None
    try:
        return re.compile(value)
    except re.error as e:
        nodes.add(key, f"bad regex in {what}: {e}", index)
        return None


def _regex_list(value: Any, nodes: _Nodes, key: str) -> tuple[re.Pattern[str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        nodes.add(key, f"'{key}' must be a list of regexes, got {type(value).__name__}")
        return ()
    out = []
    for j, pattern in enumerate(value):
        compiled = _regex(pattern, nodes, key, j)
        if compiled is not None:
            out.append(compiled)
    return tuple(out)


def _hanweb(value: Any, nodes: _Nodes) -> HanwebParams | None:
    if not isinstance(value, dict):
        nodes.add("hanweb", f"'hanweb' must be a mapping {{columnid: .., unitid: .., webid: ..}}, got {type(value).__name__}")
        return None
    ok = True
    for k in value:
        if k not in HANWEB_KEYS:
            nodes.add("hanweb", f"unknown hanweb key {k!r}{did_you_mean(k, HANWEB_KEYS)}")
            ok = False
    params: dict[str, Any] = {}
    for k in HANWEB_REQUIRED:
        v = value.get(k)
        if v is None or isinstance(v, bool) or not re.fullmatch(r"\d+", str(v)):
            nodes.add("hanweb", f"hanweb needs a numeric {k!r}, got {v!r}")
            ok = False
        else:
            params[k] = str(v)
    if "path" in value:
        p = value["path"]
        if not isinstance(p, str) or not p.startswith("/"):
            nodes.add("hanweb", f"hanweb path must be an absolute path such as /module/jpage/dataproxy.jsp, got {p!r}")
            ok = False
        else:
            params["path"] = p
    if "perpage" in value:
        n = value["perpage"]
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            nodes.add("hanweb", f"hanweb perpage must be a positive integer, got {n!r}")
            ok = False
        else:
            params["perpage"] = n
    return HanwebParams(**params) if ok else None


def _check_examples(examples: tuple[str, ...], article: re.Pattern[str], follow: tuple[re.Pattern[str], ...],
                    allowed: tuple[str, ...], nodes: _Nodes) -> None:
    """Examples document the patterns: the article regex and every follow regex must match one of them."""
    if not any(article.search(u) for u in examples):
        nodes.add("examples", f"no example matches 'article' ({article.pattern})")
    for j, pattern in enumerate(follow):
        if not any(pattern.search(u) for u in examples):
            nodes.add("follow", f"no example matches 'follow' item {j} ({pattern.pattern})", j)
    for j, url in enumerate(examples):
        if not article.search(url) and not any(p.search(url) for p in follow):
            nodes.add("examples", f"example matches neither 'article' nor any 'follow' regex: {url}", j)
        host = urlsplit(url).hostname or ""
        if allowed and not any(host == d or host.endswith("." + d) for d in allowed):
            nodes.add("examples", f"example host {host} is outside allowed_domains ({', '.join(allowed)})", j)


# --------------------------------------------------------------------------------------------------- helpers

def _strip_suffix(name: str) -> str:
    for suffix in REGION_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def did_you_mean(word: Any, choices: Iterable[str]) -> str:
    """The suffix ` (did you mean 'x'?)` for a near miss among `choices`, else '' (seed keys, ids, crawl arguments)."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _yaml_message(e: yaml.YAMLError) -> str:
    parts = [getattr(e, "context", None), getattr(e, "problem", None)]
    text = ", ".join(p for p in parts if p)
    return text or str(e).splitlines()[0]
