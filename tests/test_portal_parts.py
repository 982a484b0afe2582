"""The spider's small parts (crawler/listing.py): URL dates, TRS pages, Hanweb and jpaas listings, feeds and
sitemaps, links in scripts, canonical URLs."""
import gzip
from datetime import date

from crawler.listing import (
    as_text, hanweb_listing, jpaas_paging, jpaas_units, json_links, page_links, trs_page_urls, url_date, xml_list_kind,
)
from crawler.seeds import HanwebParams
from crawler.services import canonical


def test_url_dates_of_the_cms_families():
    assert url_date("https://www.zast.org.cn/art/2024/6/9/art_1674197_1.html") == date(2024, 6, 9)
    assert url_date("https://www.most.gov.cn/kjbgz/202406/t20240609_190000.html") == date(2024, 6, 9)
    assert url_date("https://www.chinanews.com.cn/gn/2020/06-09/9207001.shtml") == date(2020, 6, 9)
    assert url_date("https://news.66wz.com/system/2024/06/09/105600000.shtml") == date(2024, 6, 9)
    assert url_date("https://www.kczg.org.cn/zt530activity/newsDetail?id=1234") is None


def test_trs_page_count_in_both_template_forms():
    column = "https://www.most.gov.cn/kjbgz/index.html"
    assert trs_page_urls(column, 'createPageHTML(3, 0, "index", "html");') == [
        "https://www.most.gov.cn/kjbgz/index_1.html", "https://www.most.gov.cn/kjbgz/index_2.html"]
    pages = trs_page_urls(column, "createPageHTML('paging', 12, 1, 'index', 'shtml')")
    assert len(pages) == 11 and pages[-1] == "https://www.most.gov.cn/kjbgz/index_11.shtml"
    assert trs_page_urls(column, "<p>no pager</p>") == []


def test_canonical_urls():
    assert canonical("HTTP://WWW.Example.cn:80/a/b.html?b=2&a=1#top") == "http://www.example.cn/a/b.html?a=1&b=2"
    assert canonical("https://x.cn/art.html?utm_source=wx&id=3") == "https://x.cn/art.html?id=3"


def test_xml_list_pages_are_recognised_by_their_root_element():
    sitemap = b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
    assert xml_list_kind(sitemap) == "sitemap"
    assert xml_list_kind(gzip.compress(sitemap)) == "sitemap"  # sitemap.xml.gz served as a file
    assert xml_list_kind(b"\xef\xbb\xbf<?xml version='1.0'?><!-- generated --><sitemapindex>") == "sitemap"
    assert xml_list_kind('<?xml version="1.0" encoding="gb2312"?>\r\n<rss version="2.0"><channel><title>科技'.encode("gbk")) == "rss"
    assert xml_list_kind(b'<?xml version="1.0"?><?xml-stylesheet href="a.xsl"?><feed xmlns="http://www.w3.org/2005/Atom">') == "rss"
    assert xml_list_kind(b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">') == "rss"
    # HTML, and HTML that talks about feeds, is not a feed
    assert xml_list_kind(b"<!DOCTYPE html><html><head><title>rss</title></head><body><rss>") is None
    assert xml_list_kind(b'<?xml version="1.0"?><datastore><nextgroup>') is None
    assert xml_list_kind(b"\x1f\x8b not really gzip") is None


def test_hanweb_column_pages_name_their_listing():
    page = ('<div id="764752"><script type="text/xml"><datastore>\n<nextgroup><![CDATA[<a href="/module/web/jpage/'
            'dataproxy.jsp?page=1&webid=73&columnid=103585&unitid=764752"></a>]]></nextgroup>\n<recordset>')
    assert hanweb_listing("http://kjt.example.gov.cn/col/col103585/index.html", page) == (
        "kjt.example.gov.cn", HanwebParams(columnid="103585", unitid="764752", webid="73", path="/module/web/jpage/dataproxy.jsp"))
    plain_link = '<a href="/module/web/jpage/dataproxy.jsp?columnid=1&unitid=2">下一页</a>'  # not a datastore
    assert hanweb_listing("http://kjt.example.gov.cn/", plain_link) is None


def test_list_links_come_from_hrefs_and_from_urls_quoted_in_scripts():
    from scrapy.http import HtmlResponse

    body = """<html><head><base href="http://kx.example.cn/col/"></head><body>
<a href="col12/index.html">栏目</a><iframe src="/col/col12/list_1.html" frameborder="0"></iframe>
<li onclick="window.open('/art/2024/6/9/art_12_1.html')">第一篇</li>
<script>var items = [{"url": "\\/art\\/2024\\/6\\/9\\/art_12_2.html"}, {"url": "./col12/index_2.html"}];
document.write('<a href="' + base + '">x</a>'); var ratio = "3/4";</script></body></html>"""
    response = HtmlResponse("http://kx.example.cn/col/col12/index.html", body=body.encode(), encoding="utf-8")
    links, _ = page_links(response)
    assert "http://kx.example.cn/col/col12/index.html" in links  # <base href> respected
    assert "http://kx.example.cn/col/col12/list_1.html" in links  # a list framed in the page
    assert "http://kx.example.cn/art/2024/6/9/art_12_2.html" in links  # JSON in script, escaped slashes
    assert "http://kx.example.cn/col/col12/index_2.html" in links
    assert "http://kx.example.cn/art/2024/6/9/art_12_1.html" in links  # onclick handler
    assert not any("3/4" in link for link in links)


def test_jpaas_listings_named_by_bulidstatic_scripts():
    page = ('<ul class="list"></ul><script parseType="bulidstatic" id="list" url="/api-gateway/jpaas-publish-server/'
            'front/page/build/unit" querydata="{\'webId\':\'abc\',\'pageId\':\'def\',\'parseType\':\'bulidstatic\','
            '\'tagId\':\'内容1\',\'pageNo\':1}" type="text/javascript"></script>'
            '<script type="text/javascript" src="/js/jquery.js"></script>'
            '<script parsetype=\'bulidstatic\' url=\'/x\' querydata=\'not json\'></script>')
    assert jpaas_units(page) == [("/api-gateway/jpaas-publish-server/front/page/build/unit",
                                  {"webId": "abc", "pageId": "def", "parseType": "bulidstatic", "tagId": "内容1", "pageNo": "1"})]


def test_jpaas_pages_keep_the_querydata_and_its_page_size():
    query = {"webId": "abc", "paramJson": '{"pageNo":1,"pageSize":12}'}
    assert jpaas_paging(query, 3, 20) == {"webId": "abc", "paramJson": '{"pageNo":3,"pageSize":12}'}
    assert jpaas_paging({"webId": "abc", "paramJson": "not json"}, 2, 20)["paramJson"] == '{"pageNo":2,"pageSize":20}'


def test_json_listings_give_their_urls_and_the_hrefs_of_their_html():
    listing = {"success": True, "data": {"html": '<ul><li><a href="/xw/art/2024/art_ab12.html">标题</a></li></ul>',
                                         "items": [{"url": "https://www.example.cn/kp/art/2024/art_cd34.html"},
                                                   {"url": "./art_ef56.html", "title": "科技 创新"}],
                                         "count": 3, "note": "/ not a path", "date": "2024/06/09"}}
    assert json_links(listing) == ["/xw/art/2024/art_ab12.html", "https://www.example.cn/kp/art/2024/art_cd34.html",
                                   "./art_ef56.html"]


def test_pages_served_as_octet_stream_are_still_read():
    """A plain static server sends a mirror's `index.html@pageNum=2` or an extensionless feed as
    application/octet-stream; Scrapy gives such a Response no .text."""
    from scrapy.http import Response, XmlResponse

    page = '<html><head><meta charset="gbk"></head><body><a href="/art/2024/6/9/art_1_2.html">科技</a></body></html>'
    response = as_text(Response("http://kx.example.cn/col/index.html@pageNum=2", body=page.encode("gbk"),
                                headers={"Content-Type": "application/octet-stream"}))
    assert "科技" in response.text and page_links(response)[0] == ["http://kx.example.cn/art/2024/6/9/art_1_2.html"]
    feed = as_text(Response("http://kx.example.cn/rss", body=b'<?xml version="1.0"?><rss><channel></channel></rss>'))
    assert isinstance(feed, XmlResponse)


def test_links_browsers_follow_that_a_strict_parser_misses():
    from scrapy.http import HtmlResponse

    base = "http://kx.example.cn/news/tpl/index.html"
    body = """<ul><li><a href=" ../../content/2024-07/01/content_2001.html">有空格</a></li>
<script>document.write("<li><a href=\\"../../content/2024-07/01/content_2002.html\\">转义</a></li>");</script>
<li onclick="window.open('content_2003.html')">相对</li>
<script>window.open('../../content/2024-07/01/content_2004.html');</script></ul>"""
    links, _ = page_links(HtmlResponse(base, body=body.encode(), encoding="utf-8"))
    assert {u for u in links if "content_" in u} == {
        "http://kx.example.cn/content/2024-07/01/content_2001.html", "http://kx.example.cn/content/2024-07/01/content_2002.html",
        "http://kx.example.cn/news/tpl/content_2003.html", "http://kx.example.cn/content/2024-07/01/content_2004.html"}
    assert not any(u.endswith("\\\\") for u in links)


def test_allowed_domains_take_in_subdomains_and_the_bare_domain_of_www(tmp_path):
    from crawler.spiders.portal import PortalSpider

    seeds = tmp_path / "seeds.yaml"
    seeds.write_text(
        "sources:\n"
        "  - {id: listed, name: 甲, start_urls: ['http://kx.example.gov.cn/news/index.html'], article: 'content_\\d+',"
        " allowed_domains: [example.gov.cn]}\n"
        "  - {id: www, name: 乙, start_urls: ['http://www.zast.org.cn/col/index.html'], article: 'art_\\d+'}\n"
        "  - {id: local, name: 丙, start_urls: ['http://localhost:8000/col/index.html'], article: 'art_\\d+',"
        " allowed_domains: [localhost]}\n", encoding="utf-8")
    spider = PortalSpider(seeds=str(seeds))
    listed, www, local = spider.sources
    assert all(spider._allows(listed, h) for h in ("example.gov.cn", "www.example.gov.cn", "kx.example.gov.cn"))
    assert not spider._allows(listed, "badexample.gov.cn") and not spider._allows(listed, "example.gov.cn.evil.cn")
    assert spider._allows(www, "zast.org.cn") and spider._allows(www, "www.zast.org.cn") and not spider._allows(www, "org.cn")
    assert spider._allows(local, "localhost")


def test_feed_dates_of_rss_atom_and_dublin_core():
    from crawler.listing import feed_date

    assert feed_date("Tue, 09 Jun 2020 08:00:00 +0800") == date(2020, 6, 9)
    assert feed_date("2018-01-01T09:00:00Z") == date(2018, 1, 1)
    assert feed_date(" 2024-06-09 ") == date(2024, 6, 9)
    assert feed_date("not a date") is None and feed_date(None) is None


def test_since_skips_feed_entries_by_their_own_date(tmp_path):
    """Entries whose URLs carry no date are judged by pubDate/updated; each skipped one is counted."""
    from scrapy.http import Request, XmlResponse
    from scrapy.utils.test import get_crawler

    from crawler.services import Services
    from crawler.spiders.portal import PortalSpider

    seeds = tmp_path / "seeds.yaml"
    seeds.write_text("sources:\n  - {id: feed, name: 甲, start_urls: ['http://kx.example.cn/rss'], article: 'content_\\d+'}\n",
                     encoding="utf-8")
    feed = b"""<?xml version="1.0"?><rss xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<item><title>a</title><link>http://kx.example.cn/c/content_1.html</link><pubDate>Mon, 01 Jan 2018 08:00:00 +0800</pubDate></item>
<item><title>b</title><link>http://kx.example.cn/c/content_2.html</link><pubDate>Sun, 09 Jun 2024 08:00:00 +0800</pubDate></item>
<item><title>c</title><link>http://kx.example.cn/c/content_3.html</link></item>
</channel></rss>"""
    crawler = get_crawler(PortalSpider, {"DATA_DIR": str(tmp_path / "data"),
                                         "EXTENSIONS": {"crawler.services.Services": 0}})  # the state it reads
    spider = PortalSpider.from_crawler(crawler, seeds=str(seeds), since="2024-06-01")
    crawler.spider = spider
    try:
        response = XmlResponse("http://kx.example.cn/rss", body=feed, request=Request("http://kx.example.cn/rss", meta={"source": "feed"}))
        urls = [r.url for r in spider.parse_feed(response)]
        assert urls == ["http://kx.example.cn/c/content_2.html", "http://kx.example.cn/c/content_3.html"]
        assert crawler.stats.get_value("source/feed/too_old") == 1
    finally:
        Services.of(crawler).close()
