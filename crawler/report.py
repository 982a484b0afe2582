"""`python -m crawler report`: what the runs of a crawl did, per source, read from its state directory.

    python -m crawler report [--state DIR] [-o report.html]

Sources of the report, all under STATE_DIR (crawler/state.py, crawler/extensions.py):
  state.sqlite  table runs: one per-source summary per finished run; table urls: every stored article with the
                time it was stored, which gives the kept articles per day. Opened read-only.
  runs/*.json   the whole summary of each run: finish_reason, and the alarms (failed_sources: the sources that
                make a run exit 3; capped_sources and bounded_sources: the warnings of a bound) and dead_hosts.
The report takes no lock and changes nothing there: it works while a crawl runs. A distributed crawl keeps its
state in Redis and only runs/*.json on each worker's disk; the report reads the local directory only, so there
the kept articles per day are counted from the run summaries.

Times and days are China's (UTC+8), as the days of the corpus shards (crawler/store.py). No Scrapy is imported.
"""
from __future__ import annotations

import html
import json
import math
import os
import sqlite3
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

from crawler.counters import BY_REASON

CHINA = timezone(timedelta(hours=8))  # crawler/store.py SHANGHAI: the day of a shard (importing it loads the cleaners)
DB_FILE = "state.sqlite"              # crawler/state.py State
STORED = "stored"                     # the urls outcome of a kept article (crawler/state.py FINAL)
KEPT, ERRORS = "kept", "errors"       # per-source counters (crawler/counters.py COUNTERS)
REJECTED, ERROR_REASONS = BY_REASON["rejected"], BY_REASON["error"]
ALARMS = {"failed_sources": "FAILED", "capped_sources": "capped", "bounded_sources": "bounded"}  # summary key → tag
PATTERNS_DEFAULT = "written"          # a run from before the summary said which patterns a source ran on
RECENT_RUNS = 12                      # kept by run: at most how many of a source's last runs the table shows…
RECENT_RUNS_HTML = 12                 # … and the page
CHART_DAYS = 30
CHART_SERIES = 9                      # sources drawn in a colour of their own; the rest are added up as "other"
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")
OTHER_COLOUR = "#8c8c8c"
WIDTH = 120                           # of the terminal table
NBSP = "\u00a0"                       # between a reason and its count on the page, which wraps between reasons


class ReportError(Exception):
    """Nothing to report: one `error:` line and exit status 2."""


@dataclass
class Run:
    started: float                  # epoch seconds
    sources: dict[str, dict]        # source → its counters (crawler/extensions.py per_source)
    summary: dict | None = None     # the runs/*.json report; None when the run has no readable file
    file: str | None = None


@dataclass
class Row:
    source: str
    runs: int = 0
    kept: list[int] = field(default_factory=list)   # kept in each of the source's runs, oldest first
    kept_total: int = 0
    last_run: Run | None = None
    last_found: float | None = None                  # start of the last run that kept any of its articles
    errors: dict[str, int] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)
    alarms: dict[str, str] | None = field(default_factory=dict)  # tag → why, latest run; None: no summary file
    patterns: str = PATTERNS_DEFAULT


@dataclass
class Report:
    state_dir: Path
    runs: list[Run]
    rows: list[Row]
    kept_by_day: dict[str, dict[str, int]]   # source → day (YYYY-MM-DD, UTC+8) → kept articles
    kept_from: str                           # where kept_by_day and kept_total come from
    warnings: list[str]
    now: float


# --- reading the state ------------------------------------------------------------------------------------

def default_state_dir() -> Path:
    """The crawl's own default (crawler/settings.py): STATE_DIR, else DATA_DIR/state."""
    from crawler import settings

    return Path(settings.STATE_DIR or Path(settings.DATA_DIR) / "state")


def connect(path: Path, immutable: bool) -> sqlite3.Connection:
    """The state database, read-only (the state lock is not taken). `immutable`: read the file alone, without
    the -wal and -shm files SQLite would otherwise create beside it even read-only (or fail to, in a directory
    the reader may not write)."""
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    db = sqlite3.connect(f"file:{quote(str(path.resolve()))}?{flags}", uri=True, timeout=10)
    db.execute("PRAGMA query_only = 1")
    return db


def read_db(path: Path, warn) -> tuple[list[Run], dict[str, dict[str, int]]]:
    """The runs and kept articles per day the database records. The crawl keeps it in WAL mode: while a run
    has it open (or after a killed one) the -wal file holds the newest writes, read through SQLite's shared
    memory; without one the database file is all there is, and a run that opens it meanwhile writes to a new
    -wal for its first thousand pages, leaving the file as read. Should it change all the same, read again."""
    if not path.with_name(path.name + "-wal").exists():
        try:
            return read_db_once(path, True, warn)
        except sqlite3.DatabaseError:
            pass
    return read_db_once(path, False, warn)


def read_db_once(path: Path, immutable: bool, warn) -> tuple[list[Run], dict[str, dict[str, int]]]:
    notes: list[str] = []
    db = connect(path, immutable)
    try:
        found = db_runs(db, notes.append), db_kept_by_day(db)
    finally:
        db.close()
    for note in notes:
        warn(note)
    return found


def parse_started(text: object, file: Path) -> float:
    """A summary's start: its "started" (local time with offset), else the UTC stamp of its file name."""
    if isinstance(text, str):
        try:
            return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S%z").timestamp()
        except ValueError:
            pass
    stamp = "-".join(file.stem.split("-")[:2])
    return datetime.strptime(stamp, "%Y%m%d-%H%M%S").replace(tzinfo=timezone.utc).timestamp()  # ValueError: none


def source_dicts(value: object) -> dict[str, dict]:
    if not isinstance(value, dict):
        raise ValueError("no per-source counts")
    return {sid: s for sid, s in value.items() if isinstance(s, dict)}


def db_runs(db: sqlite3.Connection, warn) -> list[Run]:
    runs = []
    for started, text in db.execute("SELECT started, summary FROM runs ORDER BY started"):
        try:
            runs.append(Run(float(started), source_dicts(json.loads(text))))
        except (TypeError, ValueError) as exc:
            warn(f"skipping the run of {when(started)} in {DB_FILE}: {exc}")
    return runs


def file_runs(state_dir: Path, warn) -> list[Run]:
    runs = []
    for path in sorted((state_dir / "runs").glob("*.json")):
        try:
            summary = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(summary, dict):
                raise ValueError("not a JSON object")
            runs.append(Run(parse_started(summary.get("started"), path), source_dicts(summary.get("sources")),
                            summary, path.name))
        except (OSError, UnicodeDecodeError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
            warn(f"skipping {path}: {exc}")
    return runs


def merge(recorded: list[Run], files: list[Run]) -> list[Run]:
    """The runs of the database with the summary file each wrote (the same `started`, to the second); a file
    whose run is not in the database (a distributed run, a database started afresh) is a run of its own."""
    by_second = {int(f.started): f for f in files}
    merged = []
    for run in recorded:
        second = int(run.started)
        f = by_second.pop(second, None) or by_second.pop(second - 1, None) or by_second.pop(second + 1, None)
        merged.append(Run(run.started, run.sources, f.summary, f.file) if f else run)
    merged.extend(by_second.values())
    return sorted(merged, key=lambda r: r.started)


def db_kept_by_day(db: sqlite3.Connection) -> dict[str, dict[str, int]]:
    kept: dict[str, dict[str, int]] = {}
    for source, day_, n in db.execute(
            "SELECT source, date(seen_at + 8 * 3600, 'unixepoch'), count(*) FROM urls WHERE outcome = ? "
            "GROUP BY 1, 2", (STORED,)):
        kept.setdefault(source, {})[day_] = n
    return kept


def runs_kept_by_day(runs: list[Run]) -> dict[str, dict[str, int]]:
    kept: dict[str, dict[str, int]] = {}
    for run in runs:
        for source, s in run.sources.items():
            if number(s.get(KEPT)):
                days = kept.setdefault(source, {})
                days[day(run.started)] = days.get(day(run.started), 0) + number(s.get(KEPT))
    return kept


def read_state(state_dir: Path, now: float | None = None, warn=None) -> Report:
    """Everything the report shows; ReportError when the directory holds no run. `warn` is called at once with
    each part skipped (the report keeps them too)."""
    if not state_dir.is_dir():
        raise ReportError(f"no state directory {state_dir} (give the crawl's STATE_DIR with --state DIR)")
    warnings: list[str] = []

    def skipped(why: str) -> None:
        warnings.append(why)
        if warn:
            warn(why)

    db_path = state_dir / DB_FILE
    recorded, kept_by_day = [], None
    if db_path.is_file():
        try:
            recorded, kept_by_day = read_db(db_path, skipped)
        except sqlite3.Error as exc:
            raise ReportError(f"cannot read the crawl state {db_path}: {exc}") from None
    runs = merge(recorded, file_runs(state_dir, skipped))
    if not runs:
        raise ReportError(f"no finished run in {state_dir}: neither {DB_FILE} nor runs/*.json records one")
    kept_from = f"stored articles ({DB_FILE})"
    if kept_by_day is None:
        kept_by_day = runs_kept_by_day(runs)
        kept_from = f"run summaries (no {DB_FILE} here: a distributed crawl keeps it in Redis)"
    return Report(state_dir, runs, source_rows(runs, kept_by_day), kept_by_day, kept_from, warnings,
                  time.time() if now is None else now)


def source_rows(runs: list[Run], kept_by_day: dict[str, dict[str, int]]) -> list[Row]:
    rows: dict[str, Row] = {}
    for run in runs:
        for source, s in run.sources.items():
            row = rows.setdefault(source, Row(source))
            row.runs += 1
            row.kept.append(number(s.get(KEPT)))
            row.last_run = run
            if row.kept[-1]:
                row.last_found = run.started
            row.errors = reasons(s.get(ERROR_REASONS)) or ({ERRORS: number(s.get(ERRORS))} if number(s.get(ERRORS)) else {})
            row.rejected = reasons(s.get(REJECTED))
            row.patterns = str(s.get("patterns") or PATTERNS_DEFAULT)
            row.alarms = None if run.summary is None else {
                tag: str(why) for key, tag in ALARMS.items()
                if isinstance(found := run.summary.get(key), dict) and (why := found.get(source)) is not None}
    for source, days in kept_by_day.items():
        rows.setdefault(source, Row(source)).kept_total = sum(days.values())
    return [rows[s] for s in sorted(rows)]


def number(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def reasons(value: object) -> dict[str, int]:
    return {str(k): number(n) for k, n in sorted(value.items())} if isinstance(value, dict) else {}


def day(ts: float) -> str:
    return datetime.fromtimestamp(ts, CHINA).strftime("%Y-%m-%d")


def when(ts: float) -> str:
    return datetime.fromtimestamp(ts, CHINA).strftime("%Y-%m-%d %H:%M")


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, CHINA).isoformat(timespec="seconds")


# --- what each cell says ------------------------------------------------------------------------------------

def counts(by_reason: dict[str, int], space: str = " ") -> str:
    """The reasons, most frequent first: `off_topic 3, not_article 1`."""
    ranked = sorted(by_reason.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{reason}{space}{n}" for reason, n in ranked) or "-"


def recent(kept: list[int], n: int, width: int = 0) -> str:
    """The last N runs' kept counts, oldest first, as many as fit in WIDTH characters (0: any)."""
    while n > 1 and width and len(recent(kept, n)) > width:
        n -= 1
    return ("… " if len(kept) > n else "") + " ".join(map(str, kept[-n:])) if kept else "-"


def alarm_tags(row: Row) -> str:
    if row.alarms is None:
        return "?"
    return ",".join(row.alarms) or "-"


def cells(row: Row) -> dict[str, str]:
    return {"source": row.source, "runs": str(row.runs),
            "kept by run": recent(row.kept, RECENT_RUNS, COLUMNS["kept by run"][0]),
            "total": str(row.kept_total), "last found": day(row.last_found) if row.last_found else "never",
            "errors, last run": counts(row.errors), "rejected, last run": counts(row.rejected),
            "alarm": alarm_tags(row), "patterns": row.patterns}


def alarm_lines(report: Report) -> list[str]:
    """Each source's alarms of its latest run, in full, and the hosts the latest run gave up."""
    lines = []
    for row in report.rows:
        if row.alarms is None and row.last_run is not None:
            lines.append(f"? {row.source}: its latest run ({when(row.last_run.started)}) left no readable "
                         "runs/*.json: alarms unknown")
        for tag, why in (row.alarms or {}).items():
            lines.append(f"{tag} {row.source} ({when(row.last_run.started)}): {why}")
    latest = report.runs[-1]
    if latest.summary:
        for host, why in (latest.summary.get("dead_hosts") or {}).items():
            lines.append(f"dead host {host} ({when(latest.started)}): {why}, given up for the run")
    return lines


def overview(report: Report) -> list[str]:
    first, latest = report.runs[0], report.runs[-1]
    reason = (latest.summary or {}).get("finish_reason", "unknown: no runs/*.json")
    kept = sum(number(s.get(KEPT)) for s in latest.sources.values())
    return [f"state {report.state_dir}: {len(report.runs)} run{'s' if len(report.runs) != 1 else ''}, "
            f"{when(first.started)} to {when(latest.started)} (UTC+8)",
            f"latest run {when(latest.started)}: {kept} kept, finish reason {reason}"]


# --- the terminal table ----------------------------------------------------------------------------------------

# column → (width, align); None: shares the room the others leave (at least FLEX_MIN)
COLUMNS: dict[str, tuple[int | None, str]] = {
    "source": (16, "<"), "runs": (4, ">"), "kept by run": (12, ">"), "total": (6, ">"), "last found": (10, "<"),
    "errors, last run": (None, "<"), "rejected, last run": (None, "<"), "alarm": (7, "<"), "patterns": (10, "<"),
}
FLEX_MIN = 10
GAP = "  "


def fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def widths(rows: list[dict[str, str]]) -> dict[str, int]:
    fixed = {name: max([w, len(name)] + ([len(r[name]) for r in rows] if name == "source" else []))
             for name, (w, _) in COLUMNS.items() if w is not None}
    flex = [name for name, (w, _) in COLUMNS.items() if w is None]
    room = WIDTH - sum(fixed.values()) - len(GAP) * (len(COLUMNS) - 1)
    each = max(FLEX_MIN, room // len(flex))
    return {name: fixed.get(name) or min(each, max([len(name)] + [len(r[name]) for r in rows])) for name in COLUMNS}


def table_line(values: dict[str, str], w: dict[str, int]) -> str:
    return GAP.join(f"{fit(values[name], w[name]):{COLUMNS[name][1]}{w[name]}}" for name in COLUMNS).rstrip()


def terminal_table(report: Report) -> str:
    rows = [cells(r) for r in report.rows]
    w = widths(rows)
    lines = overview(report) + ["", table_line({name: name for name in COLUMNS}, w)]
    lines += [table_line(r, w) for r in rows]
    lines += ["", f"kept by run: the source's last runs, newest last; total: kept so far, from the {report.kept_from}; "
                  "last found: the day of its last run that kept any; errors and rejected: reasons of its last run"]
    alarms = alarm_lines(report)
    if alarms:
        lines += ["", "alarms of each source's latest run:"]
    lines += [textwrap.fill(a, WIDTH, initial_indent="  ", subsequent_indent="      ") for a in alarms]
    return "\n".join(textwrap.fill(line, WIDTH, subsequent_indent="  ") if len(line) > WIDTH else line
                     for line in lines) + "\n"


# --- the chart ----------------------------------------------------------------------------------------------------

def chart_days(kept_by_day: dict[str, dict[str, int]], now: float) -> list[str]:
    """The days the chart shows: up to CHART_DAYS, ending today (or on the last day with kept articles)."""
    found = sorted({d for days in kept_by_day.values() for d, n in days.items() if n})
    end = max([date.fromisoformat(day(now))] + ([date.fromisoformat(found[-1])] if found else []))
    start = end - timedelta(days=CHART_DAYS - 1)
    if found:
        start = max(start, date.fromisoformat(found[0]))
    return [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]


def chart_series(kept_by_day: dict[str, dict[str, int]], days: list[str]) -> list[tuple[str, str, list[int]]]:
    """(label, colour, kept per day) for the sources that kept any of the days; the smallest beyond
    CHART_SERIES are added up as one grey "other"."""
    per = {s: [d.get(x, 0) for x in days] for s, d in kept_by_day.items()}
    found = sorted((s for s in per if sum(per[s])), key=lambda s: (-sum(per[s]), s))
    series = [(s, PALETTE[i], per[s]) for i, s in enumerate(found[:CHART_SERIES])]
    rest = found[CHART_SERIES:]
    if len(rest) == 1:
        series.append((rest[0], OTHER_COLOUR, per[rest[0]]))
    elif rest:
        series.append((f"other ({len(rest)} sources)", OTHER_COLOUR, [sum(per[s][i] for s in rest)
                                                                      for i in range(len(days))]))
    return series


def nice_step(top: int, ticks: int = 5) -> int:
    raw = max(1, math.ceil(top / ticks))
    magnitude = 10 ** (len(str(raw)) - 1)
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def svg_chart(kept_by_day: dict[str, dict[str, int]], now: float) -> str:
    days = chart_days(kept_by_day, now)
    series = chart_series(kept_by_day, days)
    if not series:
        return f'<p class="empty">No article kept from {days[0]} to {days[-1]}.</p>'
    width, height, left, top, right, bottom = 960, 320, 56, 16, 720, 262
    totals = [sum(s[2][i] for s in series) for i in range(len(days))]
    step = nice_step(max(totals))
    ymax = step * max(1, math.ceil(max(totals) / step))
    slot = (right - left) / len(days)
    bar = min(slot * 0.8, 48)

    def y(v: float) -> float:
        return bottom - (bottom - top) * v / ymax

    e = html.escape
    out = [f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="kept articles per day per source, {days[0]} to {days[-1]}" class="chart">']
    for v in range(0, ymax + 1, step):
        out.append(f'<line x1="{left}" x2="{right}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="grid"/>'
                   f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v}</text>')
    for i, d in enumerate(days):
        x = left + slot * i + (slot - bar) / 2
        base = 0
        for label, colour, values in series:
            if values[i]:
                out.append(f'<rect x="{x:.1f}" y="{y(base + values[i]):.1f}" width="{bar:.1f}" '
                           f'height="{y(base) - y(base + values[i]):.1f}" fill="{colour}">'
                           f'<title>{e(label)} {d}: {values[i]} kept</title></rect>')
                base += values[i]
    every = max(1, math.ceil(len(days) / 10))
    for i in range(0, len(days), every):
        out.append(f'<text x="{left + slot * (i + 0.5):.1f}" y="{bottom + 18}" text-anchor="middle">{days[i][5:]}</text>')
    out.append(f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" class="axis"/>'
               f'<line x1="{left}" x2="{left}" y1="{top}" y2="{bottom}" class="axis"/>'
               f'<text x="{(left + right) / 2}" y="{height - 12}" text-anchor="middle" class="title">'
               f'day (UTC+8), {days[0]} to {days[-1]}</text>'
               f'<text transform="translate(16 {(top + bottom) / 2}) rotate(-90)" text-anchor="middle" class="title">'
               f'kept articles</text>')
    for i, (label, colour, values) in enumerate(series):
        ly = top + 8 + 22 * i
        out.append(f'<rect x="{right + 24}" y="{ly}" width="14" height="14" fill="{colour}"/>'
                   f'<text x="{right + 46}" y="{ly + 12}">{e(label)} ({sum(values)})</text>')
    out.append("</svg>")
    return "\n".join(out)


# --- the page ------------------------------------------------------------------------------------------------------

CSS = """
body { font: 14px/1.4 "DejaVu Sans", "Liberation Sans", Arial, "Noto Sans CJK SC", sans-serif; color: #1a1a1a;
       margin: 16px 24px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 20px 0 6px; }
p { margin: 2px 0; }
svg.chart text { font-size: 12px; fill: #1a1a1a; } svg.chart text.title { fill: #555; }
svg.chart .grid { stroke: #e6e6e6; } svg.chart .axis { stroke: #666; }
table { border-collapse: collapse; } th, td { padding: 3px 8px; border-bottom: 1px solid #ddd; text-align: left;
       vertical-align: top; } th { background: #f2f2f2; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; } td.k { white-space: nowrap; }
td.why { max-width: 360px; }
.alarm { color: #b00020; font-weight: bold; } .warn { color: #8a5a00; } ul { margin: 4px 0; padding-left: 20px; }
"""


def html_row(row: Row) -> str:
    e = html.escape
    found = (f'<time datetime="{iso(row.last_found)}">{when(row.last_found)}</time>' if row.last_found else "never")
    if row.alarms is None:
        alarm = "? (no runs/*.json for its latest run)"
    else:
        alarm = "<br>".join(f'<span class="{"alarm" if tag == "FAILED" else "warn"}">{e(tag)}</span>: {e(why)}'
                            for tag, why in row.alarms.items()) or "-"
    return (f"<tr><td class=k>{e(row.source)}</td><td class=n>{row.runs}</td>"
            f"<td class=n>{e(recent(row.kept, RECENT_RUNS_HTML))}</td><td class=n>{row.kept_total}</td>"
            f"<td class=k>{found}</td><td>{e(counts(row.errors, NBSP))}</td><td>{e(counts(row.rejected, NBSP))}</td>"
            f"<td class=why>{alarm}</td><td class=k>{e(row.patterns)}</td></tr>")


def html_page(report: Report) -> str:
    e = html.escape
    head = ("<tr><th>source</th><th>runs</th><th>kept by run</th><th>total</th><th>last found</th>"
            "<th>errors, last run</th><th>rejected, last run</th><th>alarms, last run</th><th>patterns</th></tr>")
    latest = report.runs[-1]
    dead = (latest.summary or {}).get("dead_hosts") or {}
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">',
        f"<title>Crawl report: {e(str(report.state_dir))}</title>\n<style>{CSS}</style>\n</head>\n<body>",
        "<h1>Crawl report</h1>",
        *(f"<p>{e(line)}</p>" for line in overview(report)),
        f"<p>made {e(when(report.now))} (UTC+8) by <code>python -m crawler report</code></p>",
        "<h2>Kept articles per day</h2>",
        svg_chart(report.kept_by_day, report.now),
        f"<p>counted from the {e(report.kept_from)}</p>",
        "<h2>Sources</h2>",
        f'<table id="sources">\n<thead>{head}</thead>\n<tbody>',
        *(html_row(r) for r in report.rows),
        "</tbody>\n</table>",
        f"<p>kept by run: the source's last {RECENT_RUNS_HTML} runs, oldest first; total: kept so far; last found: the start of its "
        "last run that kept any; errors, rejected and alarms: of its last run (FAILED makes a run exit 3; capped "
        "and bounded: a bound left list pages out); patterns: written in its seed, learned by an earlier run, or "
        "discovered in its last run.</p>",
    ]
    if dead:
        parts += ["<h2>Hosts the latest run gave up</h2>", "<ul>",
                  *(f"<li>{e(host)}: {e(str(why))}</li>" for host, why in dead.items()), "</ul>"]
    if report.warnings:
        parts += ["<h2>Skipped</h2>", "<ul>", *(f'<li class="warn">{e(w)}</li>' for w in report.warnings), "</ul>"]
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


def write_atomic(path: Path, text: str) -> None:
    """A reader of PATH sees the old page or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(state: str | None, output: str | None) -> int:
    """The subcommand: the table on stdout, the page to OUTPUT; warnings and errors on stderr."""
    state_dir = Path(state) if state else default_state_dir()
    try:
        report = read_state(state_dir, warn=lambda why: print(f"warning: {why}", file=sys.stderr))
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(terminal_table(report))
    if output:
        try:
            write_atomic(Path(output), html_page(report))
        except OSError as exc:
            print(f"error: cannot write {output}: {exc}", file=sys.stderr)
            return 1
        print(f"report page: {output}", file=sys.stderr)
    return 0
