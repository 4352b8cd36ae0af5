"""The archive folder: WARC files (every response as fetched) and `manifest.parquet` (one row per
archived response or per failed URL).

Crash safety: each fetch appends its WARC records (flushed, fsynced), then the manifest is
rewritten atomically (temp file + rename), carrying in its metadata the committed length of each
WARC file. On open, WARC bytes past that length (a run killed between the two steps, or
mid-record) are cut off, so the WARC files and
the manifest always agree and a resumed run fetches those URLs once more, not twice.
"""
from __future__ import annotations

import io
import json
import logging
import os
import re
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

if TYPE_CHECKING:  # the reader imports this module without the HTTP client
    from .fetch import Exchange, FetchResult

log = logging.getLogger(__name__)

MANIFEST = "manifest.parquet"
_ENDS_KEY = b"cepi.warc_committed_bytes"
_WARC_NAME = re.compile(r"^cepi-\d{8}T\d{6}Z-[0-9a-f]{6}-\d{5}\.warc\.gz$")

_str, _i64 = pa.string(), pa.int64()
MANIFEST_SCHEMA = pa.schema([
    ("url", _str), ("final_url", _str), ("parent_url", _str), ("role", _str), ("fetched_at", _str),
    ("http_status", _i64), ("content_type", _str), ("charset", _str), ("sha256", _str), ("bytes", _i64),
    ("warc_file", _str), ("warc_offset", _i64), ("warc_length", _i64), ("etag", _str), ("last_modified", _str),
    ("error", _str),
])
# Roles: robots (robots.txt), index (a listing page), page (a matched or listed document), attachment.
DOCUMENT_ROLES = ("page", "attachment")


class Archive:
    """Open (or create) an archive folder for appending; `close()` when done."""

    def __init__(self, folder: str | os.PathLike, user_agent: str = "cepi", max_warc_bytes: int = 1 << 30):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.user_agent, self.max_warc_bytes = user_agent, max_warc_bytes
        self.rows, self.ends = read_manifest(self.folder, with_ends=True)
        self._index()
        self._recover()
        self._file = None
        self._name: str | None = None
        self._run = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
        self._serial = 0

    # -- lookups --------------------------------------------------------------------------------------------

    def latest(self, url: str) -> dict | None:
        """The URL's last row: its current error, else its latest archived version."""
        return self._error.get(url) or self._ok.get(url)

    def latest_ok(self, url: str) -> dict | None:
        return self._ok.get(url)

    def clear_error(self, url: str) -> None:
        """The URL answers again as archived: its error row goes."""
        if self._error.pop(url, None) is not None:
            self.rows = [r for r in self.rows if not (r["url"] == url and r["error"] is not None)]
            self._save()

    def _index(self) -> None:
        self._ok = {r["url"]: r for r in self.rows if r["error"] is None}
        self._error = {r["url"]: r for r in self.rows if r["error"] is not None}

    def payload(self, row: dict) -> bytes:
        return read_payload(self.folder, row)

    # -- writing --------------------------------------------------------------------------------------------

    def record(self, result: "FetchResult", role: str, parent_url: str | None, charset: str | None = None,
               error: str | None = None, write: bool = True) -> dict:
        """Append `result`'s exchanges to the WARC (if `write`) and one manifest row; returns the row."""
        offset = length = None
        warc_file = None
        if write and result.exchanges:
            warc_file, offset, length = self._write(result.exchanges)
        headers = result.headers
        error = error or result.error
        ok_payload = result.payload if error is None else None
        row = {
            "url": result.url, "final_url": result.final_url, "parent_url": parent_url, "role": role,
            "fetched_at": result.fetched_at or _now(), "http_status": result.status,
            "content_type": headers.get("content-type") if headers is not None else None,
            "charset": charset,
            "sha256": _sha256(result.payload) if result.payload is not None else None,
            "bytes": len(result.payload) if result.payload is not None else None,
            "warc_file": warc_file, "warc_offset": offset, "warc_length": length,
            "etag": headers.get("etag") if headers is not None and ok_payload is not None else None,
            "last_modified": headers.get("last-modified") if headers is not None and ok_payload is not None else None,
            "error": error,
        }
        # At most one error row per URL (the latest); a success clears it.
        if self._error.pop(row["url"], None) is not None:
            self.rows = [r for r in self.rows if not (r["url"] == row["url"] and r["error"] is not None)]
        self.rows.append(row)
        (self._ok if error is None else self._error)[row["url"]] = row
        self._save()
        return row

    def _write(self, exchanges: "list[Exchange]") -> tuple[str, int, int]:
        """Write request + response records for each exchange; (file, offset, length) of the last response."""
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        self._open()
        writer = WARCWriter(self._file, gzip=True)
        last = None
        for ex in exchanges:
            headers = [(k if k.lower() != "transfer-encoding" else "X-Archive-Orig-Transfer-Encoding", v)
                       for k, v in ex.response_headers]  # the body is stored de-chunked
            http = StatusAndHeaders(f"{ex.status} {ex.reason}".strip(), headers, protocol="HTTP/1.1")
            response = writer.create_warc_record(ex.url, "response", payload=io.BytesIO(ex.body),
                                                 http_headers=http, warc_headers_dict={"WARC-Date": ex.date})
            req_http = StatusAndHeaders(ex.request_line, ex.request_headers, is_http_request=True)
            request = writer.create_warc_record(ex.url, "request", payload=io.BytesIO(b""), http_headers=req_http,
                                                warc_headers_dict={"WARC-Date": ex.date})
            request.rec_headers.add_header("WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID"))
            writer.write_record(request)
            start = self._file.tell()
            writer.write_record(response)
            last = (start, self._file.tell() - start)
        self._file.flush()
        os.fsync(self._file.fileno())
        self.ends[self._name] = self._file.tell()
        return self._name, last[0], last[1]

    def _open(self) -> None:
        if self._file is not None and self._file.tell() < self.max_warc_bytes:
            return
        self._close_file()
        from warcio.warcwriter import WARCWriter

        self._serial += 1
        self._name = f"cepi-{self._run}-{self._serial:05d}.warc.gz"
        self._file = open(self.folder / self._name, "ab")
        writer = WARCWriter(self._file, gzip=True)
        writer.write_record(writer.create_warcinfo_record(self._name, {
            "software": "cepi (httpx, warcio)", "format": "WARC File Format 1.1",
            "http-header-user-agent": self.user_agent, "robots": "obey",
            "description": "cepi pull: government reports on the Central Environmental Protection Inspection",
        }))

    def _close_file(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def close(self) -> None:
        self._close_file()

    def _save(self) -> None:
        write_manifest(self.folder, self.rows, self.ends)

    def _recover(self) -> None:
        """Cut WARC bytes the manifest does not know (an interrupted run); drop WARC files it never saw."""
        ends = self.ends
        for path in self.folder.iterdir():
            if not _WARC_NAME.match(path.name):
                continue
            end = ends.get(path.name)
            if end is None:
                log.warning("removing %s: an interrupted run wrote it before recording anything", path.name)
                path.unlink()
            elif path.stat().st_size > end:
                log.warning("cutting %s to %d bytes: records after the manifest's last one are from an "
                            "interrupted run and will be fetched again", path.name, end)
                with open(path, "r+b") as f:
                    f.truncate(end)


def read_manifest(folder: str | os.PathLike, with_ends: bool = False):
    """The manifest rows (and, `with_ends`, the committed length of each WARC file)."""
    path = Path(folder) / MANIFEST
    if not path.exists():
        return ([], {}) if with_ends else []
    table = pq.read_table(path)
    rows = table.cast(MANIFEST_SCHEMA).to_pylist()
    if not with_ends:
        return rows
    ends = json.loads((table.schema.metadata or {}).get(_ENDS_KEY, b"{}"))
    return rows, ends


def write_manifest(folder: str | os.PathLike, rows: list[dict], ends: dict[str, int]) -> None:
    folder = Path(folder)
    tmp = folder / f".{MANIFEST}.tmp"
    schema = MANIFEST_SCHEMA.with_metadata({_ENDS_KEY: json.dumps(ends, sort_keys=True)})
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp)
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, folder / MANIFEST)


def read_payload(folder: str | os.PathLike, row: dict) -> bytes:
    """The archived entity body of a manifest row (content- and transfer-decoded by warcio)."""
    from warcio.archiveiterator import ArchiveIterator

    with open(Path(folder) / row["warc_file"], "rb") as f:
        f.seek(row["warc_offset"])
        record = next(iter(ArchiveIterator(f)))
        return record.content_stream().read()


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
