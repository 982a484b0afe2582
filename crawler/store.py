"""Where crawled documents land: JSONL shards by day (append-safe) and raw responses in WARC."""
from __future__ import annotations

import io
import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cleaners.output import jsonl_line

SHANGHAI = timezone(timedelta(hours=8))


def today() -> str:
    """The day of a shard: the news day in China, where the sources publish."""
    return datetime.now(SHANGHAI).strftime("%Y-%m-%d")


def file_stamp() -> str:
    """The time in the names of WARC files and run summaries: UTC, whatever the machine's zone, so that the
    files of workers in different zones sort together and a name never depends on the TZ of the cron job."""
    return datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")


class JsonlShards:
    """data/<kind>/YYYY-MM-DD.jsonl; each record is one write() of one line on an O_APPEND descriptor,
    so concurrent writers and a killed process never leave half a record in the middle of a file."""

    def __init__(self, root: Path):
        self.root = root
        self._fds: dict[str, int] = {}

    def write(self, record: dict, day: str | None = None) -> Path:
        day = day or today()
        path = self.root / f"{day}.jsonl"
        fd = self._fds.get(day)
        if fd is None:
            self.root.mkdir(parents=True, exist_ok=True)
            fd = self._fds[day] = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.write(fd, jsonl_line(record))
        return path

    def close(self) -> None:
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()


class WarcArchive:
    """Every fetched article response, raw, so the corpus can be re-cleaned without crawling again.

    One gzip member per record: a killed run leaves every complete record readable.
    """

    def __init__(self, root: Path):
        self.root = root
        self._file = None
        self._writer = None
        self.path: Path | None = None

    def _open(self) -> None:
        from warcio.warcwriter import WARCWriter

        self.root.mkdir(parents=True, exist_ok=True)
        self.path = self.root / f"{file_stamp()}-{os.getpid()}.warc.gz"
        self._file = open(self.path, "ab")
        self._writer = WARCWriter(self._file, gzip=True)

    def write(self, url: str, status: int, headers: list[tuple[str, str]], body: bytes,
              context: dict | None = None) -> str:
        """context: the seed's site, region and topic, kept in WARC-Kechuang-* headers (see cleaners.inputs).
        Returns the record's id, the bare urn:uuid:… that cleaning the WARC again gives it too."""
        from warcio.statusandheaders import StatusAndHeaders

        from cleaners.inputs import CONTEXT_HEADERS, warc_record_id

        if self._writer is None:
            self._open()
        http_headers = StatusAndHeaders(f"{status} OK", headers, protocol="HTTP/1.1")
        extra = {header: json.dumps(context[name], ensure_ascii=True)
                 for name, header in CONTEXT_HEADERS.items() if context and context.get(name) is not None}
        record = self._writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http_headers,
                                                 warc_headers_dict=extra)
        self._writer.write_record(record)
        self._file.flush()
        return warc_record_id(record.rec_headers.get_header("WARC-Record-ID"))  # the record's id: urn:uuid:…

    def close(self) -> None:
        if self._file:
            self._file.close()
            self._file = self._writer = None

