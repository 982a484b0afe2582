"""A source given by its home page only (issue 11): the crawler finds the columns, the pagination and the article
pages itself, keeps no list, nav or service page, obeys robots.txt, learns the shape into the state so that the
next run fetches nothing new, and learns again when the site is redesigned. The real `scrapy crawl portal` on
a site it has never seen (tests/discovery_site.py: the 56 real pages of cwced behind a generated 科协 site)."""
import pytest

from crawler.discovery import (Link, article_patterns, article_shaped, classify, follow_patterns, is_home,
                               is_pagination, is_service, shape)

from .conftest import read_jsonl
from .crawl_util import scrapy_crawl, summary
from .discovery_site import serve, seeds

SERVICE_PATHS = ("/about/", "/contact.html", "/sitemap.html", "/user/", "/search", "/calendar", "/copyright.html",
                 "/en/", "/private/")


def stored_urls(work) -> set[str]:
    return {r["url"] for shard in (work / "data" / "corpus").glob("*.jsonl") for r in read_jsonl(shard)}


@pytest.fixture(scope="module")
def site_runs(tmp_path_factory):
    """Three runs, one state: the first learns the site, the second runs on what it learned, the third comes
    after a redesign that moved every column and article."""
    server, base = serve()
    work = tmp_path_factory.mktemp("discovery")
    path = seeds(base, work / "seeds.yaml")
    runs = []
    try:
        for i in range(3):
            if i == 2:
                server.redesign()
            before = len(server.requests)
            proc = scrapy_crawl(work, path, timeout=240)
            assert proc.returncode == 0, proc.stderr[-3000:]
            runs.append({"report": summary(work), "requests": server.requests[before:], "stderr": proc.stderr,
                         "stored": stored_urls(work), "articles": set(server.article_urls)})
    finally:
        server.stop()
    return {"runs": runs, "base": base, "work": work}


def test_a_home_page_is_enough_to_find_the_articles(site_runs):
    first = site_runs["runs"][0]
    base = site_runs["base"]
    asked = {base + r for r in first["requests"]} & first["articles"]
    coverage = len(asked) / len(first["articles"])
    assert coverage >= 0.85, f"{len(asked)} of {len(first['articles'])} article pages requested"
    archived = [p for p in first["requests"] if p.startswith("/archive/")]
    assert len(archived) == 4  # in no column: found through the sitemap robots.txt names
    source = first["report"]["sources"]["unseen"]
    assert source["patterns"] == "discovered" and first["report"]["learned_sources"] == ["unseen"]
    assert source["kept"] >= 0.85 * len(first["articles"])
    assert source["article_links"] == source["fetched"]  # every article link accounted for


def test_no_list_nav_or_service_page_is_kept_or_even_fetched(site_runs):
    first = site_runs["runs"][0]
    assert first["stored"] <= first["articles"], sorted(first["stored"] - first["articles"])
    fetched_service = [r for r in first["requests"] if r.startswith(SERVICE_PATHS)]
    assert not fetched_service  # about, contact, site map, login, search, calendar: never asked for
    assert "/private/notice_1.html" not in first["requests"]  # robots.txt forbids it
    lists = [r for r in first["requests"] if r not in {a.removeprefix(site_runs["base"]) for a in first["articles"]}]
    assert len(lists) <= 10, lists  # robots.txt (twice), the sitemap, the home page, and the two columns' six pages


def test_the_next_run_goes_straight_to_what_it_learned_and_fetches_nothing_new(site_runs):
    second = site_runs["runs"][1]
    source = second["report"]["sources"]["unseen"]
    assert source["patterns"] == "learned"
    assert source["fetched"] == 0 and source["known"] == source["article_links"] == len(second["articles"])
    assert not set(second["requests"]) & {a.removeprefix(site_runs["base"]) for a in second["articles"]}


def test_a_redesigned_site_is_learned_again_before_the_alarm(site_runs):
    third = site_runs["runs"][2]
    source = third["report"]["sources"]["unseen"]
    assert source["patterns"] == "relearned"
    assert "learning it again" in third["stderr"]
    assert third["report"]["failed_sources"] == {}
    base = site_runs["base"]
    asked = {base + r for r in third["requests"]} & third["articles"]
    assert len(asked) >= 0.85 * len(third["articles"])
    # the same pages at new addresses: fetched and judged articles, stored once (content dedup)
    assert source["kept"] == 0 and source["rejected"].get("duplicate_content", 0) >= 0.85 * len(third["articles"])


# --- the rules, on real link texts and URL shapes ------------------------------------------------------------

def test_url_shapes_generalise_numbers_and_keep_query_keys():
    assert shape("http://x.cn/kjt/art/2024/6/9/art_1001_101.html") == "/kjt/art/#/#/#/art_#_#.html"
    assert shape("http://x.cn/jcdt/content.jsp?id=7001") == "/jcdt/content.jsp?id"
    assert is_home("https://www.zast.org.cn/") and is_home("http://x.cn/index.html")
    assert not is_home("https://www.zast.org.cn/col/col1674197/index.html")


def test_article_shaped_urls():
    for url in ("https://www.zast.org.cn/art/2024/8/26/art_1673864_58973805.html",
                "http://www.most.gov.cn/kjbgz/202406/t20240609_190123.html",
                "https://www.zj.chinanews.com.cn/cj/2026-03-06/detail-ihfaimzs0649597.shtml",
                "http://x.cn/jcdt/content.jsp?id=7001", "http://x.cn/index.php?m=content&c=index&a=show&catid=12&id=345"):
        assert article_shaped(url), url
    for url in ("https://www.zast.org.cn/col/col1674197/index.html", "http://x.cn/xwzx/kxyw/",
                "http://x.cn/xwzx/kxyw/index_2.html", "http://x.cn/html/2024-06/09/node_2.htm",
                "http://x.cn/list.jsp?cid=2002&page=2"):
        assert not article_shaped(url), url


def test_service_links_are_known_by_short_names_not_by_words_inside_headlines():
    for text, href in (("关于我们", "/about/"), ("联系我们", "/lxwm.html"), ("网站地图", "/wzdt.html"), ("登录", "/u.html"),
                       ("领导信箱", "/xx.html"), ("English", "/e.html"), ("无障碍", "/x.html")):
        assert is_service(Link("http://x.cn" + href, text)), text
    for text in ("关于印发《科技创新券管理办法》的通知", "吉林省人民政府关于禁止新增建设项目的通告"):
        assert not is_service(Link("http://x.cn/art/2024/6/9/art_1_2.html", text)), text
    assert is_service(Link("http://x.cn/search?q=科技&page=2", "下一页"))
    assert is_service(Link("http://x.cn/calendar?date=2024-06-10", "10"))


def test_pagination_is_the_same_list_with_another_page():
    col = "http://x.cn/kjt/col/col1001/index.html"
    assert is_pagination(col, Link(col + "?uid=1&pageNum=2", "下一页"))
    assert is_pagination("http://x.cn/trs/kjdt/index.html", Link("http://x.cn/trs/kjdt/index_1.html", "2"))
    assert is_pagination("http://x.cn/xwzx/kxyw/", Link("http://x.cn/xwzx/kxyw/index_2.html", "3"))
    assert not is_pagination(col, Link(col + "?keyword=科技&page=2", "下一页"))  # a search: endless variations
    # an article titled "1" in the list's own directory is no page of it
    assert not is_pagination("http://x.cn/jcdt/list.jsp?cid=2&page=1", Link("http://x.cn/jcdt/content.jsp?id=7037", "1"))


def test_a_list_page_is_read_as_articles_pages_and_columns():
    page = "http://x.cn/"
    links = [Link("http://x.cn/", "首页"), Link("http://x.cn/xwzx/kxyw/", "科协要闻"),
             Link("http://x.cn/jcdt/list.jsp?cid=2002&page=1", "基层动态"), Link("http://x.cn/about/", "关于我们"),
             Link("http://x.cn/xwzx/kxyw/202406/t20240609_5008.html", "书记市长这一周 | 奋马扬鞭争春色"),
             Link("http://x.cn/xwzx/kxyw/202406/t20240611_5010.html", "土豆不“土” 土豆无“土” 松花江网"),
             Link("http://x.cn/jcdt/content.jsp?id=7021", "从上海车展看在华布局 现代汽车再次提速"),
             Link("http://x.cn/jcdt/content.jsp?id=7023", "图说洛阳| 洛阳职业技术学院：剪“廉洁窗花”"),
             Link("http://x.cn/calendar?date=2024-06-09", "9"), Link("http://x.cn/files/a.pdf", "附件下载")]
    articles, pages, columns = classify(page, links, nav=True)
    assert articles == [links[i].url for i in (4, 5, 6, 7)]
    assert columns == ["http://x.cn/xwzx/kxyw/", "http://x.cn/jcdt/list.jsp?cid=2002&page=1"] and pages == []
    # from a column page (nav off), the nav is not followed
    assert classify("http://x.cn/xwzx/kxyw/", links, nav=False)[2] == []


def test_learned_patterns_match_the_shapes_confirmed_and_no_list_page():
    confirmed = ["http://x.cn/kjt/art/2024/6/9/art_1001_101.html", "http://x.cn/kjt/art/2024/6/9/art_1001_flaky.html",
                 "http://x.cn/jcdt/content.jsp?id=7001"]
    patterns = article_patterns(confirmed)
    import re
    article = re.compile("|".join(patterns))
    assert all(article.search(u) for u in confirmed)
    assert article.search("https://x.cn:8080/kjt/art/2025/1/2/art_1001_99.html")
    assert article.search("http://x.cn/jcdt/content.jsp?id=9")
    assert not article.search("http://x.cn/kjt/col/col1001/index.html")
    follow = re.compile("|".join(follow_patterns(["http://x.cn/kjt/col/col1001/index.html?uid=1&pageNum=2",
                                                  "http://x.cn/xwzx/kxyw/index_1.html"])))
    assert follow.search("http://x.cn/kjt/col/col1001/index.html?uid=1&pageNum=7")
    assert follow.search("http://x.cn/xwzx/kxyw/index_12.html")
    assert not follow.search("http://x.cn/kjt/col/col1002/index.html?uid=1&pageNum=2")  # another column
