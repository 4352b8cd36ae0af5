"""`pull`: fetch listed URLs, or the matching links of an index (with its pagination), and the
attachments of each fetched page, into an archive folder. Resumable and idempotent:

- a document (page or attachment) already archived is not fetched again; when the server gave
  an ETag / Last-Modified it is re-checked with a conditional GET and stored again only if changed;
- index pages and robots.txt are re-read every run (that is how new reports are found), and stored
  again only when their content changed;
- failed URLs are tried again on the next run; the same URL is never fetched twice in one run.
"""
from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .archive import Archive
from .fetch import Fetcher, FetchResult, PullConfig
from .html import declared_charset, decode_html, document_kind, is_attachment, next_page, parse_page

log = logging.getLogger(__name__)

@dataclass
class PullSummary:
    counts: Counter = field(default_factory=Counter)  # fetched / unchanged / skipped / error
    errors: list[tuple[str, str]] = field(default_factory=list)


Event = Callable[[str, str, str | None], None]  # (kind, url, error message)


def pull(archive_dir: str | os.PathLike, urls: Iterable[str] = (), index: str | None = None,
         match: str | None = None, pages: int = 1, config: PullConfig | None = None,
         on_event: Event | None = None) -> PullSummary:
    """Archive `urls` and/or the links of `index` (and its next `pages - 1` pages) whose anchor text or
    URL matches the regular expression `match`, plus their attachments, into `archive_dir`."""
    config = config or PullConfig()
    crawl = _Crawl(Archive(archive_dir, user_agent=config.user_agent), config, on_event)
    try:
        if index:
            crawl.index(index, re.compile(match) if match else None, pages)
        for url in urls:
            crawl.document(url.strip(), parent=None, role="page")
    finally:
        crawl.close()
    return crawl.summary


class _Crawl:
    def __init__(self, archive: Archive, config: PullConfig, on_event: Event | None):
        self.archive, self.on_event = archive, on_event
        self.fetcher = Fetcher(config, on_robots=self._robots)
        self.seen: set[str] = set()
        self.summary = PullSummary()

    def close(self) -> None:
        self.fetcher.close()
        self.archive.close()

    def index(self, url: str, match: re.Pattern | None, pages: int) -> None:
        guessed = False
        for _ in range(max(1, pages)):
            if url in self.seen:
                break
            self.seen.add(url)
            page = self._page(url, role="index", parent=None, guessed=guessed)
            if page is None:
                break
            for link in page.links:
                if match is None or match.search(link.text) or match.search(link.url):
                    self.document(link.url, parent=url, role="page")
            url, guessed = next_page(page, url)
            if url is None:
                break

    def document(self, url: str, parent: str | None, role: str) -> None:
        if not url or url in self.seen:
            return
        self.seen.add(url)
        page = self._page(url, role=role, parent=parent)
        if page is not None and role == "page":
            for link in page.links:
                if is_attachment(link.url):
                    self.document(link.url, parent=url, role="attachment")

    def _page(self, url: str, role: str, parent: str | None, guessed: bool = False):
        """Fetch (or skip) `url`; returns the parsed page when it is HTML (for its links), else None.
        `guessed`: an index page made up from the index_N.html pattern, whose 404 is the end of the index."""
        prev = self.archive.latest_ok(url)
        if prev is not None and role in ("page", "attachment") and not (prev["etag"] or prev["last_modified"]):
            self._event("skipped", url)
            return self._parsed(prev, self.archive.payload(prev))
        headers = {}
        if prev is not None:
            if prev["etag"]:
                headers["If-None-Match"] = prev["etag"]
            if prev["last_modified"]:
                headers["If-Modified-Since"] = prev["last_modified"]
        result = self.fetcher.fetch(url, headers)
        if result.final_url:
            self.seen.add(result.final_url)
        if guessed and result.status == 404:  # index_N.html past the last page: the end, not an error
            log.info("%s: no such page, end of the index", url)
            return None
        if prev is not None and (result.not_modified or (result.ok and _sha(result.payload) == prev["sha256"])):
            self.archive.clear_error(url)
            self._event("unchanged", url)
            return self._parsed(prev, self.archive.payload(prev))
        if result.not_modified:  # 304 to a request we did not make conditional: nothing to keep
            result.error = "HTTP 304 Not Modified to an unconditional request: the server misbehaves"
        error = None
        kind = document_kind(result.final_url or url, result.headers.get("content-type")) if result.ok else None
        if result.ok and kind is None:
            error = (f"not a document: the server sent {result.headers.get('content-type') or 'no content type'}; "
                     "cepi keeps HTML pages and .pdf .docx .doc .wps .xls(x) attachments")
        if result.ok and role == "index" and kind != "html":
            error = "not an index page: the server did not send HTML"
        charset = declared_charset(result.headers.get("content-type") if result.headers else None,
                                   result.payload if kind == "html" else None)
        last = self.archive.latest(url)
        if (last is not None and last["error"] is not None and last["error"] == (error or result.error)
                and last["http_status"] == result.status and last["sha256"] == _sha(result.payload)):
            self._event("error", url, last["error"])  # failing as before: nothing new to keep
            return None
        row = self.archive.record(result, role=role, parent_url=parent, charset=charset, error=error)
        if row["error"]:
            self._event("error", url, row["error"])
            return None
        self._event("fetched", url)
        return self._parsed(row, result.payload)

    def _parsed(self, row: dict, payload: bytes):
        if document_kind(row["final_url"] or row["url"], row["content_type"]) != "html":
            return None
        try:
            text, _ = decode_html(payload, row["charset"])
        except ValueError as exc:  # undecodable: archived all the same, but no links to follow
            log.warning("%s: cannot read the page for links: %s", row["url"], exc)
            return None
        return parse_page(text, row["final_url"] or row["url"])

    def _robots(self, result: FetchResult) -> None:
        if result.status is not None and 400 <= result.status < 500:
            result.error = None  # no robots.txt is a normal answer, not an error: everything allowed
        prev = self.archive.latest_ok(result.url)
        if (prev is not None and result.error is None and prev["http_status"] == result.status
                and prev["sha256"] == _sha(result.payload)):
            return  # same answer as last time: nothing new to keep
        self.archive.record(result, role="robots", parent_url=None)

    def _event(self, kind: str, url: str, error: str | None = None) -> None:
        self.summary.counts[kind] += 1
        if error:
            self.summary.errors.append((url, error))
            log.info("%s: %s", url, error)
        if self.on_event:
            self.on_event(kind, url, error)


def _sha(data: bytes | None) -> str | None:
    import hashlib

    return hashlib.sha256(data).hexdigest() if data is not None else None
