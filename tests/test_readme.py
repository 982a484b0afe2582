"""The README's commands are the ones CI runs: a missing install step shows up in CI, not for a user."""
import re

from .conftest import REPO


def quick_start_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(?:sh|bash)\n(.+?)\n```", section, flags=re.S)


def test_ci_runs_the_readme_test_command():
    commands = quick_start_commands()
    assert len(commands) == 2
    assert commands[1].strip() in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_first_command_crawls_the_bundled_site():
    first = quick_start_commands()[0]
    assert "pip install -e ." in first and first.endswith("python -m crawler.demo")


def test_each_quick_start_command_works_from_a_new_shell():
    """Neither command may rely on a venv the other one activated: each creates (or reuses) and activates it."""
    for command in quick_start_commands():
        assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && "), command


def test_the_sample_dumps_example_does_not_overwrite_the_demo_corpus():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    dumps = re.search(r"`(python -m cleaners clean tests/fixtures/seeds [^`]+)`", section).group(1)
    assert "corpus.jsonl" not in dumps.split()


def test_the_eval_example_runs_on_data_the_repository_holds():
    """The README's eval command works in a clone with nothing beside it (ours only here, for time)."""
    import subprocess
    import sys

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    dirs = re.findall(r"^python -m cleaners eval (\S+)", readme, flags=re.M)
    assert dirs and all(not d.startswith("..") and (REPO / d / "gt").is_dir() for d in dirs), dirs
    proc = subprocess.run([sys.executable, "-m", "cleaners", "eval", dirs[0], "--systems", "ours"],
                          capture_output=True, text=True, cwd=REPO, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "\nours " in proc.stdout


def test_the_redis_requirement_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "apt-get install redis-server" in readme.split("## The cleaning CLI")[0]
