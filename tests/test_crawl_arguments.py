"""`scrapy crawl portal -a NAME=VALUE`: checked against one spec (crawler/arguments.py) before any work, by the
crawl command and the spider alike, and listed by `python -m crawler --help`."""
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from crawler.arguments import ARGUMENTS, ArgumentError, parse, parse_date
from crawler.sample_site import serve, write_seeds

from .conftest import REPO
from .crawl_util import scrapy_crawl, summary


@pytest.fixture(scope="module")
def site():
    server, base = serve()
    yield server, base
    server.stop()


def _refused(proc, tmp_path, server) -> str:
    """The crawl stopped before any work: exit 2, one `error:` line, no request, no state directory."""
    assert proc.returncode == 2, proc.stderr[-2000:]
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "error:" in lines[0], proc.stderr[-2000:]
    assert server.requests == [] and not (tmp_path / "data").exists()
    return lines[0]


@pytest.mark.parametrize("given, named, suggestion", [
    ("sources=sample_trs", "sources", "did you mean 'source'"),
    ("max_page=3", "max_page", "did you mean 'max_pages'"),
])
def test_an_unknown_argument_is_refused_with_a_suggestion(site, tmp_path, given, named, suggestion):
    server, base = site
    seeds = write_seeds(base, tmp_path / "seeds.yaml")
    server.reset()
    line = _refused(scrapy_crawl(tmp_path, seeds, "-a", given), tmp_path, server)
    assert f"-a {named}=" in line and suggestion in line


@pytest.mark.parametrize("given, says", [
    ("since=2024/13/01", "month must be in 1..12"),
    ("since=June", "not a date"),
    ("since=", "empty"),
    ("max_pages=abc", "not a whole number"),
    ("max_pages=0", "0 pages"),
])
def test_a_bad_value_is_one_error_line_before_any_request(site, tmp_path, given, says):
    server, base = site
    seeds = write_seeds(base, tmp_path / "seeds.yaml")
    server.reset()
    line = _refused(scrapy_crawl(tmp_path, seeds, "-a", given), tmp_path, server)
    assert given.split("=")[0] in line and says in line and "Traceback" not in line


@pytest.mark.parametrize("text", ["2024-06-01", "2024/06/01", "20240601", "2024.6.1", " 2024-6-1 "])
def test_since_takes_the_date_forms_people_type(text):
    assert parse_date(text) == date(2024, 6, 1)


def test_since_with_slashes_crawls_as_the_iso_form_does(site, tmp_path):
    server, base = site
    seeds = write_seeds(base, tmp_path / "seeds.yaml")

    def run(form):
        work = tmp_path / form.replace("/", "_")
        proc = scrapy_crawl(work, seeds, "-a", "source=sample_trs", "-a", f"since={form}")
        assert proc.returncode == 0, proc.stderr[-2000:]
        return summary(work)["sources"]["sample_trs"]

    forms = ("2024-06-10", "2024/06/10")
    with ThreadPoolExecutor(max_workers=2) as pool:   # two crawls of their own (work directories), side by side
        runs = dict(zip(forms, pool.map(run, forms)))
    assert runs["2024/06/10"] == runs["2024-06-10"] and runs["2024-06-10"]["too_old"] > 0


def test_the_spider_reads_its_arguments_through_the_same_spec(tmp_path):
    """Started without the crawl command (a script, a test), the spider refuses what the command refuses."""
    from crawler.spiders.portal import PortalSpider

    with pytest.raises(ArgumentError, match="did you mean 'source'"):
        PortalSpider(sources="x")
    with pytest.raises(ArgumentError, match="max_pages=abc"):
        PortalSpider(max_pages="abc")
    assert parse({"since": "20240601", "max_pages": "3"}) == {"since": date(2024, 6, 1), "max_pages": 3}


def test_python_m_crawler_help_lists_every_crawl_argument_and_the_exit_statuses():
    proc = subprocess.run([sys.executable, "-m", "crawler", "--help"], capture_output=True, text=True, cwd=REPO,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    for argument in ARGUMENTS:
        assert f"-a {argument.name}={argument.value}" in proc.stdout
        assert " ".join(argument.forms.split()[:3]) in " ".join(proc.stdout.split())  # wrapped, not cut
    assert "2024/06/01" in proc.stdout and "list pages per source" in proc.stdout
    for code in ("0", "1", "2", "3", "75"):
        assert f"\n  {code} " in proc.stdout
