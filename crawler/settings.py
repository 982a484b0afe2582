"""Scrapy settings for `scrapy crawl portal`: polite by default, everything switchable with -s."""

from cleaners.limits import MAX_BYTES

BOT_NAME = "kechuang"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"  # our `crawl`: state lock and exit status for cron

# who we are and how to reach us: site operators see this in their logs. Set CONTACT (a URL or mail
# address) for your deployment; the spider sends "kechuang-corpus/0.1 (+CONTACT)" unless USER_AGENT is set.
CONTACT = "https://github.com/kechuang-corpus/kechuang-corpus"
USER_AGENT = None
ROBOTSTXT_USER_AGENT = "kechuang-corpus"  # the token robots.txt rules are matched against

# politeness
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = MAX_BYTES  # the cleaner's cap on any input: a page the crawl keeps, the CLI can re-clean
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 3
RETRY_BACKOFF_BASE = 2.0   # seconds before the first retry; doubles each time
RETRY_BACKOFF_MAX = 120.0
REDIRECT_MAX_TIMES = 5
JPAAS_PAGE_SIZE = 20       # items per request to a jpaas column listing (cast.org.cn and many .gov.cn sites)

# bounds on the list-page walk that no seed can forget: a list page linking to ?page=N+1 forever, or a calendar
# of dated pages, would otherwise keep a run going for ever, holding the state lock so that every later cron
# run exits 75. A bound only leaves list pages out (never an article found on a page read); each page it
# leaves out is counted (over_max_depth, over_max_pages, over_run_pages, over_wall_time) and a source cut by
# one of these defaults is named in the summary's bounded_sources and in a WARNING. Start pages are always
# fetched. Per process: the workers of a distributed run share the page counts, each has its own clock.
MAX_LIST_DEPTH = 50              # list pages away from a start page (page 2 of a column is 1, page 3 is 2…):
                                 # the deepest shipped seed pagination is 30 (max_pages)
MAX_LIST_PAGES_PER_SOURCE = 100  # a source's max_pages when neither its seed nor -a max_pages gives one:
                                 # 3-10 times what the shipped seeds set (10-30)
MAX_LIST_PAGES_PER_RUN = 2000    # all sources together: the shipped seeds' caps add up to ≈730, so this is a
                                 # backstop for far larger seed sets and for -a max_pages over many sources
MAX_LINKS_PER_PAGE = 5000        # links read from one list page, in page order (the rest: over_max_links): a
                                 # column page lists tens to hundreds; 10 MB of bare links took 7 s to read
SOURCE_WALL_TIME = 1800          # seconds from a source's first list page to its last new list page request
                                 # (its articles found by then are still fetched): well inside the two hours
                                 # between the README's cron runs. Fractions are fine (-s SOURCE_WALL_TIME=0.5)

# the public web only (crawler/netguard.py): hosts that resolve to loopback, private, link-local or other
# non-public addresses are refused, redirect targets included; the resolver connects to the checked address
ALLOW_PRIVATE_ADDRESSES = False   # True: no check (the tests and the demo crawl 127.0.0.1)
PRIVATE_ADDRESS_ALLOWLIST = []    # host names trusted to resolve to a private address (an intranet mirror)
TWISTED_DNS_RESOLVER = "crawler.netguard.PinnedResolver"
FAULT_KILL_AFTER_STORES = 0       # tests only: SIGKILL right after the Nth corpus write (crawler/pipelines.py)

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.WallTimeMiddleware": 40,  # a queued list page past SOURCE_WALL_TIME costs no request at all
    "crawler.netguard.NetGuard": 50,  # first: robots.txt fetches and every redirect hop are checked too
    # many requests waiting for one robots.txt must all be checked (a Scrapy 2.13+ bug lets all but one through)
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.RobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "crawler.middlewares.RetryDelayMiddleware": 560,
    # a host whose name does not resolve, or that refuses before it ever answered, is given up for the run:
    # no retries, one WARNING (after robots.txt at 100, before retry at 550: crawler/deadhosts.py)
    "crawler.deadhosts.DeadHosts": 580,
    "crawler.middlewares.RedirectLoopMiddleware": 650,  # sees a 3xx before RedirectMiddleware (600) follows it
}
ITEM_PIPELINES = {
    "crawler.pipelines.ArchivePipeline": 100,
    "crawler.pipelines.CleanPipeline": 200,
    "crawler.pipelines.DedupPipeline": 400,
    "crawler.pipelines.StorePipeline": 500,
}
EXTENSIONS = {
    # state, corpus, rejects and WARC of the run, reached with Services.of(crawler); closed when the engine stops
    "crawler.services.Services": 0,
    "crawler.extensions.RunSummary": 500,
    "crawler.jobdir.StaleJobdir": 0,  # a JOBDIR left by a killed run: queue and seen-set discarded (state kept)
}
# distributed runs: with REDIS_URL (-s or environment) the workers share queue, dupefilter and state in Redis;
# without it this add-on changes nothing. RUN_ID (default: UTC date+hour), WORKER_LEASE: crawler/distributed.py
ADDONS = {"crawler.distributed.Distributed": 0}
LOG_FORMATTER = "crawler.logformat.QuietDrops"

# a source's template: short lines at the top or bottom of the text that 3+ of its stored pages (and a fifth of
# those since) also had are the site's chrome, learned in the state across runs (cleaners/templates.py)
SITE_TEMPLATES = True

# where things go (see README "Output"): data/corpus/*.jsonl, data/rejects/*.jsonl, data/raw/*.warc.gz, data/state/
DATA_DIR = "data"
STATE_DIR = None      # default DATA_DIR/state
SUMMARY_FILE = None   # also write the run summary here

FEED_EXPORT_ENCODING = "utf-8"
