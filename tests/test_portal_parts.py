"""The spider's small parts: URL dates, TRS page counts, canonical URLs."""
from datetime import date

from crawler.services import canonical
from crawler.spiders.portal import _TRS_PAGES, url_date


def test_url_dates_of_the_cms_families():
    assert url_date("https://www.zast.org.cn/art/2024/6/9/art_1674197_1.html") == date(2024, 6, 9)
    assert url_date("https://www.most.gov.cn/kjbgz/202406/t20240609_190000.html") == date(2024, 6, 9)
    assert url_date("https://www.chinanews.com.cn/gn/2020/06-09/9207001.shtml") == date(2020, 6, 9)
    assert url_date("https://news.66wz.com/system/2024/06/09/105600000.shtml") == date(2024, 6, 9)
    assert url_date("https://www.kczg.org.cn/zt530activity/newsDetail?id=1234") is None


def test_trs_page_count_in_both_template_forms():
    assert _TRS_PAGES.search('createPageHTML(3, 0, "index", "html");').group(1, 3, 4) == ("3", "index", "html")
    assert _TRS_PAGES.search("createPageHTML('paging', 12, 1, 'index', 'shtml')").group(1, 3, 4) == ("12", "index", "shtml")


def test_canonical_urls():
    assert canonical("HTTP://WWW.Example.cn:80/a/b.html?b=2&a=1#top") == "http://www.example.cn/a/b.html?a=1&b=2"
    assert canonical("https://x.cn/art.html?utm_source=wx&id=3") == "https://x.cn/art.html?id=3"
