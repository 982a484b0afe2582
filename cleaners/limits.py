"""The limits a document is held to, written once: the pipeline's defaults, the CLI's defaults and help,
the readers of cleaners/inputs.py and the crawl (which cleans with the defaults) all read them here."""

MIN_CHARS = 60      # Chinese characters an article needs: shorter is a fragment, a caption, a list stub
TIME_LIMIT = 10.0   # seconds per document: a pathological page is rejected as 'timeout' and the run goes on

# Bytes of one document, as the crawl caps a download (its DOWNLOAD_MAXSIZE): an HTML or text file, a JSONL
# line, a WARC payload once de-chunked and inflated. Bigger is rejected as 'too_large' without being held
# in memory: a few KB of gzip can inflate to gigabytes, and no article is anywhere near this size.
MAX_BYTES = 10 * 1024 * 1024

# Tags ('<') of one HTML page. A page over this is rejected as 'too_complex' before it is parsed. The largest real
# page we have (tests/data, tests/fixtures: a 1.1 MB list page) has 30,983, the largest article 15,397: this is
# 3.2 times the one and 6.5 times the other. What a page costs grows with its tags, not its bytes: its lxml tree
# takes 125-500 bytes a tag (15-28 times the page, for pages of bare cells) and the pipeline 10-40 µs of CPU.
# At 200,000 the slowest shapes still took 4.4-8.5 s of CPU, too near the 10 s limit on a busy machine, and up
# to 125 MB over the CLI's own 44; at this bound 1-4.5 s and 60 MB at most (benchmarks/pathological_memory.py).
MAX_TAGS = 100_000

# Levels of lists and objects in a JSONL record: deeper is rejected as 'bad_json'. How deep json.loads can go
# depends on how deep the stack already is where it is called, which differs with --workers: a record nested
# 981 levels was read by one worker and not by two. Under this bound every reader reads a record whole, and a
# region kept from it is printed and cut as a reject within Python's recursion limit (a chunk too deep to pickle
# for a worker is cleaned in the CLI's own process: cleaners.workers).
MAX_JSON_DEPTH = 500

# A reject line stays small whatever the input (a page of random bytes is all text and "removed" lines): it
# keeps the start of the text and of every other string, the first lines each rule removed, and counts in
# `cut` what it left out (cleaners/output.py reject_record).
REJECT_TEXT_CHARS = 2000    # of the text: enough to see why it was rejected
REJECT_CHARS = 500          # of any other string: title, url, id, detail…
REJECT_ITEMS = 10           # items of a list (the lines one rule removed) and…
REJECT_ITEM_CHARS = 200     # …characters of each
REJECT_KEYS = 50            # keys of a mapping (a JSONL record's region can hold anything)
