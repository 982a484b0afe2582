"""The limits a document is held to, written once: the pipeline's defaults, the CLI's defaults and help,
the readers of cleaners/inputs.py and the crawl (which cleans with the defaults) all read them here."""

MIN_CHARS = 60      # Chinese characters an article needs: shorter is a fragment, a caption, a list stub
TIME_LIMIT = 10.0   # seconds per document: a pathological page is rejected as 'timeout' and the run goes on

# Bytes of one document, as the crawl caps a download (its DOWNLOAD_MAXSIZE): an HTML or text file, a JSONL
# line, a WARC payload once de-chunked and inflated. Bigger is rejected as 'too_large' without being held
# in memory: a few KB of gzip can inflate to gigabytes, and no article is anywhere near this size.
MAX_BYTES = 10 * 1024 * 1024

# Tags ('<') of one HTML page: the largest real page we have (a 1 MB list page) has 31,000; parsed and scored,
# 10 MB of bare links took 8 s and 530 MB. A page over this is rejected as 'too_complex' before it is parsed.
MAX_TAGS = 200_000

# A reject line stays small whatever the input (a page of random bytes is all text and "removed" lines): it
# keeps the start of the text and of every other string, the first lines each rule removed, and counts in
# `cut` what it left out (cleaners/output.py reject_record).
REJECT_TEXT_CHARS = 2000    # of the text: enough to see why it was rejected
REJECT_CHARS = 500          # of any other string: title, url, id, detail…
REJECT_ITEMS = 10           # items of a list (the lines one rule removed) and…
REJECT_ITEM_CHARS = 200     # …characters of each
REJECT_KEYS = 50            # keys of a mapping (a JSONL record's region can hold anything)
