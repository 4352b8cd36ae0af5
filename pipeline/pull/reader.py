"""An archive folder (made by `cepi pull`) as input to `cepi extract`: one Document per archived
document URL (pages and attachments; robots.txt and index pages are not documents).

`source` is the URL, `parent_url` the page that linked it, `published_date` the date the page
states (an attachment takes its parent page's). A URL archived in several versions is read in its
latest one; a URL that never succeeded is an `error` row carrying the manifest's message.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from ..records import Document
from .archive import DOCUMENT_ROLES, MANIFEST, read_manifest, read_payload
from .html import decode_html, document_kind, parse_page, published_date, title_of

log = logging.getLogger(__name__)


def is_archive(folder: str | os.PathLike) -> bool:
    """A folder holding a cepi manifest (the WARC files it points to sit beside it)."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return False
    import pyarrow.parquet as pq

    try:
        names = set(pq.read_schema(path).names)
    except Exception:  # not a parquet file after all
        return False
    return {"url", "warc_file", "warc_offset", "role"} <= names


def iter_archive(folder: str | os.PathLike, make_id: Callable[[PurePosixPath], str]) -> Iterator[Document]:
    """Stream one Document per archived document URL, in the order they were first fetched."""
    folder = Path(folder)
    latest: dict[str, dict] = {}
    for row in read_manifest(folder):
        if row["role"] not in DOCUMENT_ROLES:
            continue
        have = latest.get(row["url"])
        if have is None or row["error"] is None or have["error"] is not None:
            latest[row["url"]] = row  # an archived version beats a later failed re-check
    dates: dict[str, str | None] = {}
    stems: set[str] = set()
    for url, row in latest.items():
        doc = Document(doc_id=_url_id(_url_path(row["final_url"] or url), make_id, stems), source=url,
                       parent_url=row["parent_url"])
        if row["error"] is not None:
            yield doc.fail(row["error"])
            continue
        kind = document_kind(row["final_url"] or url, row["content_type"])
        doc.sha256, doc.bytes = row["sha256"], row["bytes"]
        try:
            payload = read_payload(folder, row)
        except Exception as exc:  # a damaged or missing WARC file
            yield doc.fail(f"cannot read {row['warc_file']} at offset {row['warc_offset']}: {exc}")
            continue
        if kind == "html":
            _read_html(doc, payload, row)
            dates[url] = doc.published_date
        else:
            doc.published_date = dates.get(row["parent_url"] or "")
            _attach_raw(doc, kind, payload)
        yield doc


def _read_html(doc: Document, payload: bytes, row: dict) -> None:
    """Main text (trafilatura), the title as its first line, the date the page states."""
    import trafilatura

    from ..decode import DecodeError

    doc.format = "html"
    try:
        html, doc.encoding = decode_html(payload, row["charset"])
    except DecodeError as exc:
        doc.fail(str(exc))
        return
    page = parse_page(html, row["final_url"] or row["url"])
    doc.published_date = published_date(page)
    options = dict(include_tables=True, include_comments=False, deduplicate=False)
    text = trafilatura.extract(html, favor_precision=True, **options) or trafilatura.extract(html, **options)
    if not text:
        doc.fail("no main text found in the HTML page", status="empty")
        return
    title = title_of(page)
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n{text}"
    doc.text = text  # already decoded: the decode stage leaves a document without raw bytes alone


def _attach_raw(doc: Document, kind: str | None, payload: bytes) -> None:
    """Hand the bytes to the ordinary readers (decode stage), by the format's usual extension."""
    from ..ingest import FORMATS

    doc.format = FORMATS.get(f".{kind}") if kind else None
    if doc.format is None or doc.format == "zip":
        doc.fail(f"unsupported file type '.{kind}': cepi reads .txt, .docx, .html and .pdf; convert it first")
        return
    doc.raw = payload


def _url_id(path: PurePosixPath, make_id: Callable[[PurePosixPath], str], stems: set[str]) -> str:
    """For a URL the contract's doc_id is the last path segment without extension; a segment
    seen before falls back to host/path, made unique by the run's id maker."""
    stem = path.with_suffix("").name if path.suffix else path.name
    if stem not in stems:
        stems.add(stem)
        return make_id(PurePosixPath(path.name))
    return make_id(path)


def _url_path(url: str) -> PurePosixPath:
    """host/path of a URL as a relative path, for a doc_id: the file name first, the full path on collisions."""
    parts = urlsplit(url)
    path = parts.path.strip("/") or "index"
    if parts.query:
        path += "_" + parts.query.replace("/", "_")
    return PurePosixPath(parts.netloc.replace(":", "_")) / path
