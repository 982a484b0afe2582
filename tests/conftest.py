import json
import subprocess
import sys
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
