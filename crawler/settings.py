"""Scrapy settings for `scrapy crawl portal`: polite by default, everything switchable with -s."""

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
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 3
RETRY_BACKOFF_BASE = 2.0   # seconds before the first retry; doubles each time
RETRY_BACKOFF_MAX = 120.0
REDIRECT_MAX_TIMES = 5
JPAAS_PAGE_SIZE = 20       # items per request to a jpaas column listing (cast.org.cn and many .gov.cn sites)

# the public web only (crawler/netguard.py): hosts that resolve to loopback, private, link-local or other
# non-public addresses are refused, redirect targets included; the resolver connects to the checked address
ALLOW_PRIVATE_ADDRESSES = False   # True: no check (the tests and the demo crawl 127.0.0.1)
PRIVATE_ADDRESS_ALLOWLIST = []    # host names trusted to resolve to a private address (an intranet mirror)
TWISTED_DNS_RESOLVER = "crawler.netguard.PinnedResolver"
FAULT_KILL_AFTER_STORES = 0       # tests only: SIGKILL right after the Nth corpus write (crawler/pipelines.py)

DOWNLOADER_MIDDLEWARES = {
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
