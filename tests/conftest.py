import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
# test data copied into the repository with its origin and licence (tests/data/README.md)
DATA = REPO / "tests" / "data"
CWCED = DATA / "cwced"
FIXTURES_ZH = DATA / "fixtures-zh"
CHINANEWS = DATA / "pages" / "chinanews_2020.html"
SEEDS = FIXTURES / "seeds"

# compiled patterns are stored between runs (cleaners/regexcache.py): the session's runs share a store of their
# own, which starts empty, rather than the user's ~/.cache/kechuang-corpus
if "KECHUANG_CACHE_DIR" not in os.environ:
    os.environ["KECHUANG_CACHE_DIR"] = tempfile.mkdtemp(prefix="kechuang-test-cache-")
    atexit.register(shutil.rmtree, os.environ["KECHUANG_CACHE_DIR"], True)


def local_copy(shared_path: str) -> Path:
    """Where the repository keeps a file that the project's shared/ folder names (datasets/…, pages/…)."""
    return DATA / shared_path.removeprefix("datasets/")


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real command a user types: python -m cleaners …"""
    return subprocess.run(
        [sys.executable, "-m", "cleaners", *args],
        input=stdin, capture_output=True, cwd=cwd or REPO, timeout=600,
    )


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def cli():
    return run_cli


def run_demo(work: Path) -> subprocess.CompletedProcess:
    """The README's offline demo crawl (`python -m crawler.demo`, the sample site on 127.0.0.1), run in WORK as
    a user runs it: corpus in WORK/corpus.jsonl, data under WORK/data."""
    return subprocess.run([sys.executable, "-m", "crawler.demo", "--out", str(work / "corpus.jsonl"),
                           "--data", str(work / "data")], capture_output=True, text=True, timeout=300, cwd=work)


@pytest.fixture(scope="session")
def demo_runs(tmp_path_factory) -> dict:
    """The demo run twice in one directory, the second a cron run over an unchanged site; and a copy of that
    directory as the first run left it. tests/test_crawl.py checks both runs, tests/test_report.py reports on
    the state of one and of two runs: one pair of crawls for both files instead of one pair each."""
    work = tmp_path_factory.mktemp("demo")
    first = run_demo(work)
    after_first = tmp_path_factory.mktemp("demo-first-run") / "work"
    shutil.copytree(work, after_first)   # before the second run touches anything
    second = run_demo(work) if first.returncode == 0 else None
    return {"work": work, "after_first": after_first, "first": first, "second": second}
