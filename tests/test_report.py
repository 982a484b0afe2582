"""`python -m crawler report` (crawler/report.py) on the state of real demo crawls, and its page in a real
headless Chromium."""
from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from lxml import html as lxml_html

from crawler import report as report_module
from crawler.sample_site import serve, write_seeds
from crawler.state import State, lock_state_dir

from .conftest import REPO
from .crawl_util import scrapy_crawl

SOURCES = {"sample_county", "sample_kjt", "sample_news", "sample_trs"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NO_CHROMIUM = "chromium is not installed (apt-get install chromium; .ci/run does it)"


def report(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crawler", "report", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


def table(stdout: str) -> dict[str, dict[str, str]]:
    """The terminal table: source → column → cell (columns are 2+ spaces apart, no cell holds two)."""
    lines = stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("source "))
    names = re.split(r"\s{2,}", lines[at].strip())
    rows = {}
    for line in lines[at + 1:]:
        if not line.strip():
            break
        cells = re.split(r"\s{2,}", line.strip())
        assert len(cells) == len(names), line
        rows[cells[0]] = dict(zip(names, cells))
    return rows


def page_table(page: str) -> dict[str, dict[str, str]]:
    """The page's table: source → column → cell text (and "last found datetime": its <time> attribute)."""
    doc = lxml_html.fromstring(page)
    names = [th.text_content() for th in doc.xpath("//table[@id='sources']//th")]
    rows = {}
    for tr in doc.xpath("//table[@id='sources']/tbody/tr"):
        row = dict(zip(names, (td.text_content() for td in tr.xpath("td"))))
        row["last found datetime"] = (tr.xpath(".//time/@datetime") or [None])[0]
        rows[row["source"]] = row
    return rows


def stored(state: Path) -> Counter:
    """Articles the state holds as stored, per source: what the report's totals must say."""
    db = sqlite3.connect(f"file:{state / 'state.sqlite'}?mode=ro", uri=True)
    try:
        return Counter(dict(db.execute("SELECT source, count(*) FROM urls WHERE outcome = 'stored' GROUP BY source")))
    finally:
        db.close()


def summaries(state: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((state / "runs").glob("*.json"))]


def china_iso(started: str) -> str:
    """A summary's "started" as the report's <time datetime> gives it (UTC+8)."""
    return datetime.strptime(started, "%Y-%m-%dT%H:%M:%S%z").astimezone(report_module.CHINA).isoformat()


def listing(directory: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(directory)): (p.stat().st_size, p.stat().st_mtime_ns) for p in directory.rglob("*")}


def copy_state(work: Path, to: Path) -> Path:
    shutil.copytree(work / "data" / "state", to)
    return to


@pytest.fixture(scope="module")
def one_run(demo_runs) -> Path:
    """A work directory holding one demo crawl: WORK/data/state (conftest.py's, as the first run left it)."""
    assert demo_runs["first"].returncode == 0, demo_runs["first"].stderr[-3000:]
    return demo_runs["after_first"]


@pytest.fixture(scope="module")
def two_runs(demo_runs) -> Path:
    """The same after the demo ran again (a cron run over an unchanged site: all known, nothing kept)."""
    assert demo_runs["second"].returncode == 0, demo_runs["second"].stderr[-3000:]
    return demo_runs["work"]


@pytest.fixture(scope="module")
def page(one_run, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report-page") / "pages" / "report.html"  # a directory -o creates
    proc = report("--state", str(one_run / "data" / "state"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


def test_the_report_of_the_demo_crawl_says_what_its_state_holds(one_run, page):
    state = one_run / "data" / "state"
    before = listing(state)
    proc = report("--state", str(state))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert listing(state) == before  # read-only: not a file created, changed or touched
    assert all(len(line) <= 120 for line in proc.stdout.splitlines()), proc.stdout
    (run,) = summaries(state)
    day = china_iso(run["started"])[:10]
    rows = table(proc.stdout)
    assert set(rows) == set(run["sources"]) == SOURCES
    kept = stored(state)
    assert sum(kept.values()) == run["items_kept"] > 0
    for source, s in run["sources"].items():
        row = rows[source]
        assert row["runs"] == "1"
        assert row["kept by run"] == str(s["kept"])
        assert row["total"] == str(kept[source])
        assert row["last found"] == (day if s["kept"] else "never")
        most_first = sorted(s["rejected"].items(), key=lambda item: (-item[1], item[0]))
        assert row["rejected, last run"] == (", ".join(f"{r} {n}" for r, n in most_first) or "-")
        assert row["alarm"] == "-" and row["patterns"] == "written"
    assert rows["sample_kjt"]["errors, last run"] == "http_404 1"  # the sample site's 404 on purpose
    assert f"state {state}: 1 run" in proc.stdout

    # the page: the same table, everything inline
    text = page.read_text(encoding="utf-8")
    cells = page_table(text)
    assert set(cells) == SOURCES
    for source, s in run["sources"].items():
        assert cells[source]["runs"] == "1" and cells[source]["kept by run"] == str(s["kept"])
        assert cells[source]["total"] == str(kept[source])
        assert cells[source]["last found datetime"] == (china_iso(run["started"]) if s["kept"] else None)
        assert cells[source]["patterns"] == "written"
    assert "<svg" in text and "<script" not in text.lower()
    assert not re.search(r"\b(src|href)\s*=", text, flags=re.I) and not re.search(r"https?://", text)
    assert not list(page.parent.glob(".*"))  # written through a temporary file, renamed
    # one bar segment per source and day, with the day's count; a legend entry per source
    bars = re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"><title>(\w+) (\d{4}-\d\d-\d\d): (\d+) kept</title>', text)
    assert {(source, d, int(n)) for _, source, d, n in bars} == {(s, day, n) for s, n in kept.items()}
    assert len({colour for colour, *_ in bars}) == len(kept)


def test_later_runs_are_counted_and_the_last_found_day_and_alarm_are_theirs(two_runs, tmp_path):
    """The demo again (a cron run over an unchanged site: all known, nothing kept), then a run of sample_trs
    whose column is gone: the crawl exits 3 and names it in failed_sources, the alarm."""
    work = tmp_path
    shutil.copytree(two_runs / "data", work / "data")
    server, base = serve()
    try:
        seeds = write_seeds(base, work / "seeds.yaml")
        seeds.write_text(seeds.read_text(encoding="utf-8").replace("/trs/kjdt/index.html", "/trs/gone/index.html"),
                         encoding="utf-8")
        proc = scrapy_crawl(work, seeds, "-a", "source=sample_trs")
    finally:
        server.stop()
    assert proc.returncode == 3, proc.stderr[-3000:]

    state = work / "data" / "state"
    first, second, third = summaries(state)
    assert second["items_kept"] == 0 and set(third["failed_sources"]) == {"sample_trs"}
    out = tmp_path / "report.html"
    proc = report("--state", str(state), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    rows, cells = table(proc.stdout), page_table(out.read_text(encoding="utf-8"))
    kept = stored(state)
    for source in SOURCES:
        runs = 3 if source == "sample_trs" else 2
        by_run = " ".join(str(k) for k in [first["sources"][source]["kept"]] + [0] * (runs - 1))
        assert (rows[source]["runs"], rows[source]["kept by run"], rows[source]["total"]) == (
            str(runs), by_run, str(kept[source]))
        assert cells[source]["runs"] == str(runs) and cells[source]["kept by run"] == by_run
        # the last run that kept any is the first one
        assert rows[source]["last found"] == china_iso(first["started"])[:10]
        assert cells[source]["last found datetime"] == china_iso(first["started"])
        assert rows[source]["alarm"] == ("FAILED" if source == "sample_trs" else "-")
    why = third["failed_sources"]["sample_trs"]  # its start page answers 404 now
    assert f"FAILED sample_trs ({china_iso(third['started'])[:16].replace('T', ' ')}): {why}" in proc.stdout
    assert cells["sample_trs"]["alarms, last run"] == f"FAILED: {why}"
    assert f"state {state}: 3 runs" in proc.stdout and "finish reason finished" in proc.stdout


def test_patterns_of_the_latest_run_and_a_corrupt_summary_file(one_run, tmp_path):
    state = copy_state(one_run, tmp_path / "state")
    db = sqlite3.connect(state / "state.sqlite")
    rowid, summary = db.execute("SELECT rowid, summary FROM runs ORDER BY started DESC LIMIT 1").fetchone()
    summary = json.loads(summary)
    summary["sample_kjt"]["patterns"], summary["sample_news"]["patterns"] = "learned", "discovered"
    db.execute("UPDATE runs SET summary = ? WHERE rowid = ?", (json.dumps(summary), rowid))
    db.commit()
    db.close()
    (state / "runs" / "20990101-000000-1.json").write_text('{"started": "2099-01-01T00:00:00+0000", "sou',
                                                            encoding="utf-8")
    (state / "runs" / "20990101-000001-1.json").write_text("[]", encoding="utf-8")
    proc = report("--state", str(state))
    assert proc.returncode == 0, proc.stderr
    warnings = proc.stderr.splitlines()
    assert len(warnings) == 2 and all(w.startswith("warning: skipping ") for w in warnings), warnings
    assert "20990101-000000-1.json" in warnings[0] and "20990101-000001-1.json" in warnings[1]
    rows = table(proc.stdout)
    assert {s: rows[s]["patterns"] for s in rows} == {"sample_county": "written", "sample_kjt": "learned",
                                                      "sample_news": "discovered", "sample_trs": "written"}
    assert all(row["runs"] == "1" for row in rows.values())


def test_the_report_works_while_a_crawl_holds_the_state(one_run, tmp_path):
    """The lock held and an article stored since, still in SQLite's write-ahead log: the report counts it."""
    state = copy_state(one_run, tmp_path / "state")
    running = State(state, lock_state_dir(state))
    try:
        running.remember("http://127.0.0.1/trs/new.html", "sample_trs", "stored")
        names = set(listing(state))
        proc = report("--state", str(state))
        assert proc.returncode == 0, proc.stderr
        assert table(proc.stdout)["sample_trs"]["total"] == str(stored(one_run / "data" / "state")["sample_trs"] + 1)
        assert set(listing(state)) == names
    finally:
        running.close()


def test_the_summary_files_alone_are_reported(one_run, tmp_path):
    """A distributed crawl's state is in Redis: only runs/*.json are on the worker's disk."""
    state = tmp_path / "state"
    shutil.copytree(one_run / "data" / "state" / "runs", state / "runs")
    proc = report("--state", str(state))
    assert proc.returncode == 0, proc.stderr
    (run,) = summaries(state)
    assert {s: r["total"] for s, r in table(proc.stdout).items()} == {s: str(v["kept"]) for s, v in run["sources"].items()}
    assert "from the run summaries" in proc.stdout


def test_the_default_state_dir_is_the_crawls(one_run, tmp_path):
    copy_state(one_run, tmp_path / "data" / "state")
    proc = report(cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert set(table(proc.stdout)) == SOURCES and "state data/state: 1 run" in proc.stdout


@pytest.mark.parametrize("make", ["missing", "empty", "only a corrupt file"])
def test_no_state_is_one_error_line_and_exit_2(tmp_path, make):
    state = tmp_path / "state"
    if make != "missing":
        (state / "runs").mkdir(parents=True)
    if make == "only a corrupt file":
        (state / "runs" / "20240101-000000-1.json").write_text("{", encoding="utf-8")
    proc = report("--state", str(state), "-o", str(tmp_path / "report.html"))
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert lines[-1].startswith("error: ") and str(state) in lines[-1]
    assert len(lines) == (2 if make == "only a corrupt file" else 1), lines
    assert not (tmp_path / "report.html").exists()


def test_the_report_loads_no_scrapy(one_run):
    code = ("import sys; from crawler.__main__ import main; rc = main(['report', '--state', sys.argv[1]]); "
            "assert rc == 0; assert not [m for m in sys.modules if m.split('.')[0] in ('scrapy', 'twisted')]")
    proc = subprocess.run([sys.executable, "-c", code, str(one_run / "data" / "state")], capture_output=True,
                          text=True, timeout=120, cwd=REPO)
    assert proc.returncode == 0, proc.stderr


def test_names_it_shares_with_the_crawl():
    from crawler.counters import COUNTERS
    from crawler.store import SHANGHAI

    assert report_module.CHINA == SHANGHAI
    assert {report_module.KEPT, report_module.ERRORS} <= COUNTERS.keys()


# --- the page in a browser ----------------------------------------------------------------------------------------

def matches(pixels, colour: str, tolerance: int = 6):
    """Where an H x W x 3 image is COLOUR (#rrggbb), within TOLERANCE per channel."""
    import numpy as np

    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return (np.abs(pixels.astype(int) - rgb) <= tolerance).all(axis=2)


def test_the_page_shows_its_chart_and_table_in_headless_chromium(page, tmp_path):
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail(NO_CHROMIUM)
        pytest.skip(NO_CHROMIUM)
    from PIL import Image

    shot = tmp_path / "shot.png"
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=1200,900",
                           page.as_uri()], capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})
    assert proc.returncode == 0 and shot.is_file(), proc.stderr[-3000:]
    import numpy as np

    pixels = np.asarray(Image.open(shot).convert("RGB"))
    assert pixels.shape == (900, 1200, 3)
    colours = set(re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"><title>', page.read_text(encoding="utf-8")))
    assert len(colours) == len(SOURCES)
    # the chart: each source's colour, over more than its legend swatch (14 x 14 px): its bar
    found = {c: matches(pixels, c) for c in colours}
    assert all(m.sum() > 2 * 14 * 14 for m in found.values()), {c: int(m.sum()) for c, m in found.items()}
    chart_bottom = max(int(np.nonzero(m.any(axis=1))[0].max()) for m in found.values())
    # the table, below the chart and its axis labels: dark text on several lines (bands of rows with dark pixels)
    dark = (pixels.max(axis=2) < 90).sum(axis=1) >= 3
    rows = np.nonzero(dark[chart_bottom + 80:])[0]
    bands = 1 + int((np.diff(rows) > 1).sum()) if len(rows) else 0
    assert bands >= 6, (chart_bottom, bands)  # the heading, the table's head and its four rows
