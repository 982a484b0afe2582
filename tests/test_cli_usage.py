"""Exit statuses cron and scripts can trust: a mistake in the command line is exit 2 and one `error:` line,
before any work; `--help` states the defaults."""
import subprocess
import sys

from cleaners.pipeline import Options

from .conftest import FIXTURES, REPO, run_cli

SEED = FIXTURES / "seeds" / "002_08b51e217c1001c8.txt"


def _one_error_line(stderr: bytes) -> str:
    lines = stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    return lines[0]


def test_a_missing_input_is_a_usage_error_and_nothing_is_written(tmp_path):
    missing = tmp_path / "seed"  # a typo: tests/fixtures/seed for tests/fixtures/seeds
    out = tmp_path / "out" / "x.jsonl"
    for paths in ([missing], [SEED, missing], [missing, SEED]):
        proc = run_cli("clean", *map(str, paths), "-o", str(out))
        assert proc.returncode == 2
        assert str(missing) in _one_error_line(proc.stderr)
        assert not out.parent.exists()  # checked before any work: no output, no rejects, no directory
    proc = run_cli("clean", str(missing), str(tmp_path / "other.txt"), "-o", str(out), "--resume")
    line = _one_error_line(proc.stderr)
    assert proc.returncode == 2 and str(missing) in line and "other.txt" in line
    assert not out.parent.exists()


def test_a_file_that_exists_is_still_cleaned(tmp_path):
    out = tmp_path / "x.jsonl"
    proc = run_cli("clean", str(SEED), "-", "-o", str(out), "-q", stdin=b"")  # '-' is stdin, never missing
    assert proc.returncode == 0, proc.stderr.decode()
    assert out.exists()


def test_eval_of_a_missing_directory_or_an_unknown_system_is_a_usage_error(tmp_path):
    proc = run_cli("eval", str(tmp_path / "cwced"))
    assert proc.returncode == 2 and str(tmp_path / "cwced") in _one_error_line(proc.stderr)
    (tmp_path / "html").mkdir()
    (tmp_path / "gt").mkdir()
    proc = run_cli("eval", str(tmp_path), "--systems", "ours,trafilatur")
    assert proc.returncode == 2 and "trafilatur" in _one_error_line(proc.stderr)


def _option_help(usage: str, option: str) -> str:
    """The help of one option, joined into one line: argparse starts each option on a line of its own."""
    blocks: list[str] = []
    for line in usage.split("options:", 1)[1].splitlines():
        if line.startswith("  -"):
            blocks.append(line)
        elif blocks and line.startswith("   "):
            blocks[-1] += line
    for block in blocks:
        names = block.strip().split("  ", 1)[0].replace(",", " ").split()  # "-o OUTPUT, --output OUTPUT"
        if option in names:
            return " ".join(block.split())
    raise AssertionError(f"{option} is not in --help")


def test_help_states_the_defaults():
    clean = run_cli("clean", "--help").stdout.decode()
    assert "(default: 1)" in _option_help(clean, "--workers")
    assert f"(default: {Options().min_chars})" in _option_help(clean, "--min-chars")
    assert "(default: auto)" in _option_help(clean, "--format")
    assert "(default: 1000)" in _option_help(clean, "--checkpoint-every")
    evaluate = run_cli("eval", "--help").stdout.decode()
    assert "(default: 0" in _option_help(evaluate, "--worst")


def test_bad_numbers_are_usage_errors(tmp_path):
    out = tmp_path / "o.jsonl"
    for args in (["--workers", "0"], ["--workers", "-1"], ["--min-chars", "-5"], ["--resume", "--checkpoint-every", "0"]):
        proc = run_cli("clean", str(SEED), "-o", str(out), *args)
        assert proc.returncode == 2 and not out.exists(), args
    proc = run_cli("eval", str(FIXTURES.parent / "data" / "cwced"), "--systems", "ours", "--worst", "-1")
    assert proc.returncode == 2


def test_clean_imports_only_what_it_uses(tmp_path):
    """Start-up: `clean -q` on a text file loads neither the evaluation harness, nor tqdm (no progress bar),
    nor the HTML side, nor datasketch (no --dedup), nor hashlib (nothing to fingerprint: the text names no
    site), nor what only a temp name (secrets), a new journal (uuid) or worker processes (pickle) would need,
    nor shutil (argparse's formatter asks it for the terminal's width)."""
    src = tmp_path / "a.txt"
    src.write_text("科创中国发布了新的政策。\n", encoding="utf-8")
    script = ("import sys; from cleaners.cli import main; "
              f"main(['clean', {str(src)!r}, '-o', {str(tmp_path / 'o.jsonl')!r}, '-q']); "
              "print(' '.join(sorted(m for m in ('cleaners.evaluate', 'tqdm', 'lxml', 'htmldate', 'trafilatura', "
              "'warcio', 'datasketch', 'numpy', 'hashlib', 'secrets', 'uuid', 'pickle', 'shutil') if m in sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, check=True)
    assert proc.stdout.decode().strip() == ""


def test_a_run_started_with_stderr_closed_still_cleans(tmp_path):
    """cron and some service managers start programs without a stderr (`2>&-`): `clean -q` has nothing to
    say there and must not fail asking whether it is a terminal."""
    import os

    out = tmp_path / "x.jsonl"
    proc = subprocess.run([sys.executable, "-m", "cleaners", "clean", str(SEED), "-o", str(out), "-q"], cwd=REPO,
                          stdout=subprocess.PIPE, preexec_fn=lambda: os.close(2), timeout=120)
    assert proc.returncode == 0
    assert [r for r in out.read_text(encoding="utf-8").splitlines() if r]


def test_a_full_disk_is_one_error_line_and_the_rejects_file_is_left_as_it_was(tmp_path):
    """Standard output on a full device (/dev/full fails every write with ENOSPC): exit 1, one `error:` line
    naming the cause, no traceback, and the rejects file of an earlier run untouched."""
    rejects = tmp_path / "rejects.jsonl"
    rejects.write_text("earlier\n", encoding="utf-8")
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "cleaners", "clean", str(SEED), "-o", "-", "--rejects",
                               str(rejects), "-q"], cwd=REPO, stdout=full, stderr=subprocess.PIPE, timeout=120)
    assert proc.returncode == 1
    assert "No space left on device" in _one_error_line(proc.stderr)
    assert rejects.read_text(encoding="utf-8") == "earlier\n"
    assert [p.name for p in tmp_path.iterdir()] == ["rejects.jsonl"]   # no temp file left beside it
