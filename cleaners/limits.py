"""The two limits a document is judged by, written once: the pipeline's defaults, the CLI's defaults and help,
and the crawl (which cleans with the defaults) all read them here."""

MIN_CHARS = 60      # Chinese characters an article needs: shorter is a fragment, a caption, a list stub
TIME_LIMIT = 10.0   # seconds per document: a pathological page is rejected as 'timeout' and the run goes on
