"""PDF pages: which page each sentence and fact of a PDF starts on.

Decode keeps the text of each page (`doc.pages`, running headers and page numbers already
removed). `clean` works line by line, so the cleaned text of a page is a slice of the cleaned
document text, found in order; the page of an offset follows from the page starts.
"""
from __future__ import annotations

from bisect import bisect_right

from .normalize import clean
from .records import Document


def page_starts(text: str, pages: list[str]) -> list[tuple[int, int]]:
    """(offset in `text`, 1-based page number) for each page with text, in order."""
    starts, cursor = [], 0
    for number, page in enumerate(pages, 1):
        cleaned = clean(page)
        if not cleaned.strip():
            continue
        at = text.find(cleaned, cursor)
        if at < 0:  # not expected; fall back to the first line of the page
            first = cleaned.split("\n", 1)[0]
            at = text.find(first, cursor)
            if at < 0:
                continue
        starts.append((at, number))
        cursor = at + (len(cleaned) if text.startswith(cleaned, at) else len(first))
    return starts


def assign_pages(doc: Document) -> Document:
    """Set `page` on the sentences and facts of a PDF; other formats have no pages."""
    if not doc.pages:
        return doc
    starts = page_starts(doc.text, doc.pages)
    doc.pages = None  # not needed any more: keep memory flat
    if not starts:
        return doc
    offsets = [at for at, _ in starts]

    def page_of(offset: int) -> int:
        return starts[max(0, bisect_right(offsets, offset) - 1)][1]

    for sentence in doc.sentences:
        sentence.page = page_of(sentence.char_start)
    for fact in doc.facts:
        fact.page = page_of(fact.char_start)
    return doc
