"""seeds/*.yaml load into Source objects; every kind of mistake in a seed file is reported with its file,
source and line, all of them in one run; `python -m crawler check-seeds` is the command a user types."""
import ipaddress
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from crawler.seeds import LEVELS, HanwebParams, Problem, Region, SeedError, Source, check, load_sources

from .conftest import FIXTURES, REPO

SEEDS = REPO / "seeds"
BAD = FIXTURES / "bad_seeds"
BAD_REL = "tests/fixtures/bad_seeds"


def check_seeds(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crawler", "check-seeds", *args],
                          capture_output=True, text=True, cwd=REPO, timeout=120)


# the 31 province-level divisions of mainland China, as the seeds name them in `region: {province: ..}`
PROVINCES = (
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省", "浙江省",
    "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市",
    "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
)


@pytest.fixture(scope="module")
def sources() -> list[Source]:
    return load_sources(SEEDS)


def raw_entries() -> list[tuple[str, dict]]:
    """(file name, source mapping) for every source written in the shipped seed files, as YAML has it."""
    return [(f.name, entry) for f in sorted(SEEDS.glob("*.yaml"))
            for entry in yaml.safe_load(f.read_text(encoding="utf-8"))["sources"]]


def is_kexie(s: Source) -> bool:
    return "科协" in s.name or "科学技术协会" in s.name


def is_science_department(s: Source) -> bool:
    """科技厅 / 科学技术厅 / 科委 / 科学技术局: 科技 or 科学技术 in the name, and not the association."""
    return ("科技" in s.name or "科学技术" in s.name) and not is_kexie(s)


# ------------------------------------------------------------------------------------------ the real seeds

def test_real_seeds_load_with_enough_sources_at_every_level(sources):
    levels = Counter(s.level for s in sources)
    assert len(sources) >= 25
    assert levels["national"] >= 4
    assert levels["provincial"] >= 8
    assert levels["municipal"] + levels["county"] >= 8
    assert set(levels) <= set(LEVELS)
    assert check(SEEDS) == []


def test_ids_are_unique_slugs(sources):
    ids = [s.id for s in sources]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9_-]+", i) for i in ids)


def test_one_file_per_region_or_level(sources):
    files = {s.file.name for s in sources}
    assert {"national.yaml", "zhejiang.yaml", "shandong.yaml", "jiangsu.yaml", "ningxia.yaml"} <= files
    assert all(s.region.province is None for s in sources if s.file.name == "national.yaml")
    assert all(s.region.province == "浙江省" for s in sources if s.file.name == "zhejiang.yaml")


@pytest.mark.parametrize("source", [s for s in load_sources(SEEDS) if s.article is not None], ids=lambda s: s.id)
def test_every_pattern_matches_one_of_its_examples(source):
    """Sources that give an `article` regex (a hint) document it with examples; home-page-only sources have none."""
    assert source.examples, "give example URLs so the patterns can be checked"
    assert any(source.is_article(u) for u in source.examples), source.article.pattern
    for pattern in source.follow:
        assert any(pattern.search(u) for u in source.examples), pattern.pattern
    for url in source.start_urls:
        assert not source.is_article(url), f"a start URL would be taken for an article: {url}"


@pytest.mark.parametrize("source", load_sources(SEEDS), ids=lambda s: s.id)
def test_every_source_stays_inside_its_domains(source):
    assert source.status in ("confirmed", "unconfirmed")
    assert source.allowed_domains
    for url in (*source.start_urls, *source.examples):
        host = re.match(r"https?://([^/:?#]+)", url).group(1)
        assert any(host == d or host.endswith("." + d) for d in source.allowed_domains), url


def test_shipped_start_urls_are_public_hosts(sources):
    """No seed may send the crawl to this machine or a private network (those belong in tests/fixtures)."""
    for s in sources:
        for url in (*s.start_urls, *s.examples):
            host = urlsplit(url).hostname
            assert host and host != "localhost" and not host.endswith((".local", ".localhost")), (s.id, url)
            try:
                ip = ipaddress.ip_address(host)
            except ValueError:
                assert "." in host, (s.id, url)  # a public name, not a bare intranet host
            else:
                assert ip.is_global, (s.id, url)


def test_shipped_seeds_hold_100_sources_and_every_province(sources):
    """Issue 11: at least 100 sources, with the 科协 and the science department (科技厅, or 科委/科学技术局 in the
    municipalities) of every province-level division."""
    assert len(sources) >= 100
    for province in PROVINCES:
        own = [s for s in sources if s.level == "provincial" and s.region.province == province]
        assert any(is_kexie(s) for s in own), f"no provincial 科协 for {province}: {[s.id for s in own]}"
        assert any(is_science_department(s) for s in own), f"no 科技厅 for {province}: {[s.id for s in own]}"
    assert {s.region.province for s in sources if s.region.province} >= set(PROVINCES)
    # the classification is not vacuous: 科学技术协会 is not taken for a department, nor 科技日报 for a 科协
    assert is_kexie(next(s for s in sources if s.id == "zast")) and not is_science_department(
        next(s for s in sources if s.id == "zast"))
    assert is_science_department(next(s for s in sources if s.id == "bjkw"))


def test_home_page_only_sources_load_with_article_none(sources):
    """Sources written without `article` (home pages; patterns left to the crawler's discovery) load with no
    patterns at all, take nothing for an article, and stay unconfirmed with a note on where the URL comes from."""
    by_id = {s.id: s for s in sources}
    home_only = [(name, e) for name, e in raw_entries() if "article" not in e]
    assert len(home_only) >= 60, "the 科协 / 科技厅 home pages of issue 11"
    for name, entry in home_only:
        s = by_id[entry["id"]]
        assert s.article is None and s.follow == () and s.examples == (), s.id
        assert s.status == "unconfirmed" and s.notes, s.id
        assert not any(s.is_article(u) for u in s.start_urls), s.id
        assert s.list == "links" and s.hanweb is None, s.id
        assert s.file.name == name
    # and every source written with an `article` still has it
    assert all(by_id[e["id"]].article is not None for _, e in raw_entries() if "article" in e)


def test_source_fields_are_typed_and_merged(sources):
    by_id = {s.id: s for s in sources}
    ruian = by_id["ruian"]
    assert ruian.region == Region(province="浙江省", city="温州市", county="瑞安市")
    assert ruian.level == "county" and ruian.topic == "keywords" and ruian.list == "links"
    assert isinstance(ruian.article, re.Pattern) and all(isinstance(p, re.Pattern) for p in ruian.follow)
    assert ruian.file == SEEDS / "zhejiang.yaml" and isinstance(ruian.line, int)
    assert ruian.allowed_domains == ("www.ruian.gov.cn",)  # default: the hosts of start_urls
    assert ruian.is_article("https://www.ruian.gov.cn/art/2021/3/8/art_1229181511_3854837.html")
    assert not ruian.is_article("https://www.ruian.gov.cn/col/col1229181511/index.html")

    sd = by_id["sdkjt"]
    assert sd.status == "confirmed" and sd.list == "hanweb"
    assert sd.hanweb == HanwebParams(columnid="13360", unitid="734277", webid="73")
    assert sd.hanweb.form()["columnid"] == "13360"
    assert sd.hanweb.url(sd.start_urls[0], 1, 45) == (
        "http://kjt.shandong.gov.cn/module/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15")
    assert by_id["jskjt"].hanweb.path == "/module/web/jpage/dataproxy.jsp"
    assert by_id["chinanews"].list == "rss" and by_id["wz-66wz"].encoding == "gb18030"
    with pytest.raises(AttributeError):
        sd.id = "other"  # frozen


def test_every_hanweb_source_has_its_parameters(sources):
    for s in sources:
        assert (s.list == "hanweb") == (s.hanweb is not None), s.id


def test_filter_by_source(sources):
    assert [s.id for s in load_sources(SEEDS, source="zast")] == ["zast"]
    assert {s.id for s in load_sources(SEEDS, source="zast,sdkjt")} == {"zast", "sdkjt"}
    with pytest.raises(SeedError) as e:
        load_sources(SEEDS, source="zats")
    assert "no source with id 'zats' (did you mean 'zast'?)" in str(e.value)


def test_filter_by_region(sources):
    zhejiang = load_sources(SEEDS, region="浙江省")
    assert zhejiang and all(s.region.province == "浙江省" for s in zhejiang)
    assert {s.id for s in zhejiang} == {s.id for s in sources if s.file.name == "zhejiang.yaml"}
    wenzhou = {s.id for s in load_sources(SEEDS, region="温州市")}
    assert {"wz-66wz", "wzrb", "wz-kjj", "wz-kx", "ruian", "rarb"} == wenzhou
    assert {s.id for s in load_sources(SEEDS, region="温州")} == wenzhou  # without the suffix
    assert {s.id for s in load_sources(SEEDS, region="瑞安市")} == {"ruian", "rarb"}
    assert {s.id for s in load_sources(SEEDS, source="ruian,zast", region="温州市")} == {"ruian"}
    assert {s.id for s in load_sources(SEEDS, region="西藏")} == {"xzkx", "xzkjt"}
    with pytest.raises(SeedError, match="no source in region '香港特别行政区'"):
        load_sources(SEEDS, region="香港特别行政区")


def test_single_file_and_the_design_example(tmp_path):
    assert {s.file.name for s in load_sources(SEEDS / "shandong.yaml")} == {"shandong.yaml"}
    # the example in DESIGN.md, verbatim: level is inferred from the region when not given
    design = tmp_path / "design.yaml"
    design.write_text(
        "region: {province: 浙江省}            # defaults for the file\n"
        "sources:\n"
        "  - id: zast\n"
        "    name: 浙江省科学技术协会\n"
        "    region: {province: 浙江省, city: 杭州市}\n"
        "    start_urls: [https://www.zast.org.cn/col/col1674197/index.html]\n"
        "    article: '/art/\\d{4}/\\d{1,2}/\\d{1,2}/art_\\d+_\\d+\\.html$'\n"
        "    follow: ['/col/col1674197/index\\.html\\?uid=\\d+&pageNum=\\d+'] # list and pagination pages\n"
        "    topic: all\n", encoding="utf-8")
    [zast] = load_sources(design)
    assert zast.level == "municipal" and zast.status == "unconfirmed" and zast.list == "links"
    assert zast.should_follow("https://www.zast.org.cn/col/col1674197/index.html?uid=7866513&pageNum=2")


def test_a_home_page_only_source_loads_and_one_without_start_urls_fails(tmp_path):
    """id, name, region and start_urls are a whole source: article, follow and list are hints the crawler learns
    when they are absent. start_urls stays required, and its absence is reported with file and line."""
    seeds = tmp_path / "home.yaml"
    seeds.write_text(
        "region: {province: 北京市}\n"
        "sources:\n"
        "  - id: bjkx\n"
        "    name: 北京市科学技术协会\n"
        "    region: {city: 北京市}\n"
        "    start_urls: [https://www.bast.net.cn/]\n", encoding="utf-8")
    assert check(seeds) == []
    [s] = load_sources(seeds)
    assert s.article is None and s.follow == () and s.examples == () and s.hanweb is None
    assert s.list == "links" and s.topic == "all" and s.status == "unconfirmed"
    assert s.level == "municipal" and s.region == Region(province="北京市", city="北京市")
    assert s.allowed_domains == ("www.bast.net.cn",)
    assert not s.is_article("https://www.bast.net.cn/art/2024/2/8/art_31266_19153.html")
    assert not s.should_follow("https://www.bast.net.cn/col/col31266/index.html")
    assert check_seeds(str(seeds)).returncode == 0

    broken = tmp_path / "nostart.yaml"
    broken.write_text(
        "sources:\n"
        "  - id: fine\n"
        "    name: 北京市科学技术协会\n"
        "    start_urls: [https://www.bast.net.cn/]\n"
        "  - id: nostart\n"
        "    name: 天津市科学技术协会\n"
        "    region: {province: 天津市}\n", encoding="utf-8")
    [problem] = check(broken)
    assert (problem.source, problem.line, problem.warning) == ("nostart", 5, False)
    assert problem.message == "missing required key 'start_urls'"
    with pytest.raises(SeedError):
        load_sources(broken)
    proc = check_seeds(str(broken))
    assert proc.returncode == 1
    assert f"{broken}:5: source 'nostart': missing required key 'start_urls'" in proc.stdout.splitlines()


def test_loader_does_not_need_scrapy():
    code = "import sys, crawler.seeds, crawler.__main__; print('scrapy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.stdout.strip() == "False", out.stderr


# ------------------------------------------------------------------------------------------ bad seed files

def line_of(file: str, needle: str, after: str | None = None) -> int:
    """1-based line of the first line containing `needle` (after the line containing `after`)."""
    lines = (BAD / file).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and needle in line) + 1


# (file, source id or None, line: (needle, after) in that file, message fragment)
BAD_CASES = [
    ("syntax.yaml", None, ("start_urls: [", None), "YAML syntax error"),
    ("not_mapping.yaml", None, ("- id: zast", None), "top level must be a mapping"),
    ("no_sources.yaml", None, ("source:", None), "unknown top-level key 'source' (did you mean 'sources'?)"),
    ("no_sources.yaml", None, ("region:", None), "missing or empty 'sources'"),
    ("empty_sources.yaml", None, ("sources: []", None), "missing or empty 'sources'"),
    ("sources.yaml", None, ("- just-a-string", None), "sources[0] must be a mapping"),
    ("sources.yaml", "missing-start", ("id: missing-start", None), "missing required key 'start_urls'"),
    ("sources.yaml", None, ("name: 没有编号", None), "sources[2]: missing required key 'id'"),
    ("sources.yaml", "Bad_Slug", ("id: Bad_Slug", None), "id 'Bad_Slug' is not a slug"),
    ("sources.yaml", "dup-within", ("id: dup-within", "重复编号（第一次）"), "duplicate id 'dup-within' (also at"),
    ("sources.yaml", "start-not-list", ("start_urls: https://", None), "'start_urls' must be a list of http(s) URLs"),
    ("sources.yaml", "start-ftp", ("ftp://", None), "start_urls[1]: not an http(s) URL: ftp://www.zast.org.cn/pub/"),
    ("sources.yaml", "credentials", ("crawler:s3cret@", None), "credentials in URL refused"),
    ("sources.yaml", "bad-regex", ("'/art/(", None),
     "bad regex in 'article': missing ), unterminated subpattern at position 5"),
    ("sources.yaml", "follow-not-list", ("follow: '", None), "'follow' must be a list of regexes"),
    ("sources.yaml", "bad-follow", ("[0-9+", None), "bad regex in 'follow' item 1: unterminated character set"),
    ("sources.yaml", "bad-values", ("level: town", None), "unknown level 'town'"),
    ("sources.yaml", "bad-values", ("topic: science", None), "unknown topic 'science'"),
    ("sources.yaml", "bad-values", ("list: html", None), "unknown list 'html'"),
    ("sources.yaml", "bad-values", ("status: maybe", None), "unknown status 'maybe'"),
    ("sources.yaml", "hanweb-missing", ("list: hanweb", "id: hanweb-missing"), "list: hanweb needs 'hanweb:"),
    ("sources.yaml", "hanweb-bad", ("hanweb: {", None), "unknown hanweb key 'webId' (did you mean 'webid'?)"),
    ("sources.yaml", "hanweb-bad", ("hanweb: {", None), "hanweb needs a numeric 'columnid', got 'abc'"),
    ("sources.yaml", "typo-key", ("artcle:", None), "unknown key 'artcle' (did you mean 'article'?)"),
    ("sources.yaml", "example-mismatch", ("examples:", "id: example-mismatch"), "no example matches 'article'"),
    ("sources.yaml", "example-mismatch", ("- https://www.zast.org.cn/art/2024", None),
     "example matches neither 'article' nor any 'follow' regex"),
    ("sources.yaml", "dup-across", ("id: dup-across", None), "duplicate id 'dup-across' (also at"),
    ("sources.yaml", "misc-values", ("encoding: klingon", None), "unknown encoding 'klingon'"),
    ("sources.yaml", "misc-values", ("max_pages: 0", None), "'max_pages' must be a positive integer"),
    ("sources.yaml", "misc-values", ("allowed_domains: [https", None), "is not a host name"),
    ("sources.yaml", "misc-values", ("list.jsp", None), "list: trs needs a column index URL"),
    ("sources.yaml", "repeated-key", ("htm$", "id: repeated-key"), "duplicate key 'article'"),
    ("other.yaml", "dup-across", ("region: {town", None), "unknown region key 'town'"),
]


@pytest.fixture(scope="module")
def bad_problems() -> list[Problem]:
    return check(BAD)


@pytest.mark.parametrize("file,source,where,fragment", BAD_CASES, ids=lambda v: v if isinstance(v, str) else None)
def test_each_bad_case_is_reported_with_file_source_and_line(bad_problems, file, source, where, fragment):
    line = line_of(file, *where)
    hits = [p for p in bad_problems if Path(p.file).name == file and fragment in p.message]
    assert hits, f"{file}: nothing reported containing {fragment!r}: {[str(p) for p in bad_problems]}"
    assert any(p.source == source and p.line == line for p in hits), [str(p) for p in hits]


def test_all_problems_in_all_files_in_one_run(bad_problems):
    assert {Path(p.file).name for p in bad_problems} == {p.name for p in BAD.glob("*.yaml")}
    assert len(bad_problems) >= len(BAD_CASES)
    with pytest.raises(SeedError) as e:
        load_sources(BAD)
    assert e.value.problems == bad_problems
    assert isinstance(e.value, ValueError)


def test_credentials_are_not_echoed(bad_problems):
    assert not any("s3cret" in str(p) for p in bad_problems)


def test_duplicate_ids_name_both_places(bad_problems):
    [across] = [p for p in bad_problems if "duplicate id 'dup-across'" in p.message]
    assert across.message.endswith(f"other.yaml:{line_of('other.yaml', 'id: dup-across')})")


# ------------------------------------------------------------------------------------------ the command

def test_check_seeds_command_passes_on_the_real_seeds(sources):
    proc = check_seeds()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    levels = Counter(s.level for s in sources)
    summary = proc.stdout.strip().splitlines()[-1]
    assert summary.startswith(f"{len(sources)} sources in {len({s.file for s in sources})} files: ")
    assert f"{levels['national']} national" in summary and "confirmed" in summary
    listing = check_seeds("seeds", "--list")
    assert listing.returncode == 0 and any(line.startswith("zast ") for line in listing.stdout.splitlines())


def test_check_seeds_command_fails_on_bad_seeds_with_one_line_per_problem():
    proc = check_seeds(BAD_REL)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == len(check(BAD))
    expected = [
        f"{BAD_REL}/sources.yaml:{line_of('sources.yaml', chr(39) + '/art/(')}: source 'bad-regex': "
        "bad regex in 'article': missing ), unterminated subpattern at position 5",
        f"{BAD_REL}/sources.yaml:{line_of('sources.yaml', 'artcle:')}: source 'typo-key': "
        "unknown key 'artcle' (did you mean 'article'?)",
        f"{BAD_REL}/sources.yaml:{line_of('sources.yaml', 'level: town')}: source 'bad-values': "
        "unknown level 'town' (expected one of national, provincial, municipal, county)",
        f"{BAD_REL}/syntax.yaml:{line_of('syntax.yaml', 'start_urls: [')}: YAML syntax error: "
        "while parsing a flow sequence, expected ',' or ']', but got '?'",
        f"{BAD_REL}/not_mapping.yaml:{line_of('not_mapping.yaml', '- id: zast')}: "
        "top level must be a mapping with 'sources', got list",
    ]
    for line in expected:
        assert line in lines, f"{line!r} not in output:\n{proc.stdout}"


def test_check_seeds_command_on_a_missing_path():
    proc = check_seeds("no/such/dir")
    assert proc.returncode == 1 and "no/such/dir: no such file or directory" in proc.stdout


def test_a_key_for_another_tool_is_a_warning_and_the_source_still_loads(tmp_path):
    seeds = tmp_path / "extra.yaml"
    seeds.write_text(
        "sources:\n"
        "  - id: zast\n"
        "    name: 浙江省科学技术协会\n"
        "    start_urls: [https://www.zast.org.cn/col/col1674197/index.html]\n"
        "    article: '/art/\\d{4}/\\d{1,2}/\\d{1,2}/art_\\d+_\\d+\\.html$'\n"
        "    crawl_frequency: daily\n", encoding="utf-8")
    [problem] = check(seeds)
    assert problem.warning and problem.line == 6 and "unknown key 'crawl_frequency' ignored" in str(problem)
    assert [s.id for s in load_sources(seeds)] == ["zast"]
    proc = check_seeds(str(seeds))
    assert proc.returncode == 0 and "warning: unknown key 'crawl_frequency' ignored" in proc.stdout
