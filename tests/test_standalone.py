"""A clone from the web has nothing beside it: code, tests and docs refer only to what the repository holds."""
import re
import subprocess

from .conftest import REPO

LINK = re.compile(r"\]\(([^)\s]+)\)")
OUTSIDE = re.compile(r"""\.\./shared|parents?\[?\d?\]?\.parent\s*/\s*["']shared["']|REPO\.parent""")


def tracked(*patterns: str) -> list:
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", *patterns],
                         cwd=REPO, capture_output=True, text=True, check=True).stdout
    return [REPO / line for line in out.splitlines() if (REPO / line).is_file()]


def test_no_code_reads_a_path_beside_the_checkout():
    offenders = [f"{path.relative_to(REPO)}:{n}: {line.strip()}"
                 for path in tracked("*.py", "*.toml", "*.cfg", ".ci/run")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if OUTSIDE.search(line)]
    assert offenders == []


def test_every_relative_link_in_the_docs_resolves_inside_the_repository():
    broken = []
    for doc in tracked("*.md"):
        for target in LINK.findall(doc.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:|#", target):
                continue  # a web address or an anchor
            resolved = (doc.parent / target.split("#", 1)[0]).resolve()
            if not resolved.is_relative_to(REPO) or not resolved.exists():
                broken.append(f"{doc.relative_to(REPO)}: {target}")
    assert broken == []


def test_the_evaluation_sets_are_in_the_repository_with_their_licences():
    data = REPO / "tests" / "data"
    assert len(list((data / "cwced" / "html").glob("*.html"))) == 56
    assert len(list((data / "cwced" / "gt").glob("*.txt"))) == 56
    for licence in ("cwced/LICENSE", "fixtures-zh/trafilatura/LICENSE", "fixtures-zh/readability/LICENSE.md",
                    "fixtures-zh/fundus/LICENSE", "pages/LICENSE"):
        assert (data / licence).is_file(), licence
    assert "Chinese-Web-Content-Extraction-Dataset" in (data / "README.md").read_text(encoding="utf-8")
