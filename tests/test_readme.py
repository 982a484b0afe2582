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
