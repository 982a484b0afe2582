"""A dependency missing from the installation stops `clean` with one error line naming it. Each page that
needed it used to be rejected as `error`, one by one, in a run that ended 0 with every traditional-script page
gone to the rejects file."""
import json
import os
import subprocess
import sys

import pytest

from .conftest import FIXTURES, REPO

SIMPLIFIED = FIXTURES / "seeds" / "002_08b51e217c1001c8.txt"
TRADITIONAL = FIXTURES / "seeds" / "001_32e949faef2fe3ee.txt"   # converted to simplified with opencc


def clean_without_opencc(tmp_path, *args: str) -> subprocess.CompletedProcess:
    """The real CLI where `import opencc` fails as it does when the package is not installed."""
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "opencc.py").write_text("raise ModuleNotFoundError(\"No module named 'opencc'\", name='opencc')\n")
    env = {**os.environ, "PYTHONPATH": str(broken)}
    return subprocess.run([sys.executable, "-m", "cleaners", "clean", *args], capture_output=True, cwd=REPO,
                          env=env, timeout=600)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_missing_dependency_stops_the_run_and_names_it(tmp_path, workers):
    # the page that needs opencc comes late: with two workers either process may be the one to clean it
    src = tmp_path / "dump.jsonl"
    lines = [{"id": f"s{i}", "text": SIMPLIFIED.read_text(encoding="utf-8")} for i in range(120)]
    lines.append({"id": "traditional", "text": TRADITIONAL.read_text(encoding="utf-8")})
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = clean_without_opencc(tmp_path, str(src), "-o", str(out), "--workers", workers)
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "error: traditional: ModuleNotFoundError: No module named 'opencc'" in err
    assert "the installation is incomplete" in err and "no output was written" in err
    assert not out.exists() and not (tmp_path / "out.rejects.jsonl").exists()


def test_with_resume_what_was_written_is_kept(tmp_path):
    out = tmp_path / "out.jsonl"
    proc = clean_without_opencc(tmp_path, str(FIXTURES / "seeds"), "-o", str(out), "--resume")
    assert proc.returncode == 1
    assert "run the same command again to carry on" in proc.stderr.decode()
    rerun = subprocess.run([sys.executable, "-m", "cleaners", "clean", str(FIXTURES / "seeds"), "-o", str(out), "--resume"],
                           capture_output=True, cwd=REPO, timeout=600)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert len(out.read_text(encoding="utf-8").splitlines()) + len((tmp_path / "out.rejects.jsonl").read_text(encoding="utf-8").splitlines()) == 5
