"""PDF: the text layer per page (pdfplumber), without running headers, footers and page numbers.

A text layer that is not text - `(cid:N)` glyph codes of copy-protected PDFs or fonts without a
Unicode map, private-use or replacement characters - is an error naming the cause (or is OCRed
when Tesseract is installed), never an `ok` document of garbage. So is a PDF with no text layer.
"""
from __future__ import annotations

import io
import logging
import math
import re
from collections import Counter

from . import Decoded, ocr

log = logging.getLogger(__name__)

_CID = re.compile(r"\(cid:\d+\)")
GARBAGE_SHARE = 0.1  # above this share of glyph codes / private-use characters the layer is not text
_EDGE = 2  # lines looked at on top and bottom of each page
_PAGE_NUMBER = [re.compile(p) for p in (
    r"^[-—–－―~～·•\s]*\d{1,4}[-—–－―~～·•\s]*$",           # 3   — 3 —   - 3 -
    r"^[-—–－\s]*第\s*\d{1,4}\s*页[-—–－\s]*$",                # 第3页
    r"^第\s*\d{1,4}\s*页\s*[,，/、]?\s*共\s*\d{1,4}\s*页$",   # 第3页 共10页
    r"^共\s*\d{1,4}\s*页\s*[,，/、]?\s*第\s*\d{1,4}\s*页$",   # 共10页 第3页
    r"^\d{1,4}\s*/\s*\d{1,4}$",                               # 3/10
    r"^(?i:page)\s*\d{1,4}(\s*(?i:of)\s*\d{1,4})?$",          # Page 3 of 10
)]


def read_pdf(data: bytes) -> Decoded:
    from ..decode import DecodeError

    pages = _text_pages(data)
    text = "\n".join(pages)
    problem = None
    if not text.strip():
        problem = "the PDF has no text layer (a scanned image?)"
    else:
        share, n_cid = garbage_share(text)
        if share > GARBAGE_SHARE:
            problem = (f"the PDF's text layer is not text: {share:.0%} of its characters are "
                       + ("(cid:N) glyph codes" if n_cid else "private-use or replacement characters")
                       + " (copy-protected, or fonts without a Unicode map)")
    if problem is None:
        encoding = "pdf"
        blank = [i for i, page in enumerate(pages) if not page.strip()]
        if blank and ocr.available():  # scanned pages bound in with text pages
            try:
                for i, text in zip(blank, ocr.ocr_pdf(data, only=blank)):
                    pages[i] = text
                encoding = "pdf+ocr"
            except Exception as exc:
                log.warning("OCR of the blank pages failed: %s: %s", exc.__class__.__name__, exc)
        pages = strip_running_lines(pages)
        return Decoded("\n".join(pages), encoding, pages=pages)
    if not ocr.available():
        raise DecodeError(f"{problem}: OCR it first, or {ocr.HOW_TO_INSTALL} and cepi will")
    try:
        pages = ocr.ocr_pdf(data)
    except Exception as exc:  # a renderer or Tesseract failure is this file's error, not the batch's
        raise DecodeError(f"{problem}, and OCR failed: {exc.__class__.__name__}: {exc}") from None
    if not "".join(pages).strip():
        raise DecodeError(f"{problem}, and OCR found no text in it")
    pages = strip_running_lines(pages)
    return Decoded("\n".join(pages), "pdf+ocr", pages=pages)


def _text_pages(data: bytes) -> list[str]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    from ..decode import DecodeError

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [page.extract_text() or "" for page in pdf.pages]
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise DecodeError(f"not a valid PDF: {exc.__class__.__name__}") from None
    except Exception as exc:  # pdfminer raises many unnamed types on broken files
        raise DecodeError(f"cannot read the PDF: {exc.__class__.__name__}: {exc}") from None


def garbage_share(text: str) -> tuple[float, int]:
    """(share of visible characters that are glyph codes or private-use / replacement characters,
    number of (cid:N) codes); a (cid:N) code counts as one character."""
    n_cid = len(_CID.findall(text))
    rest = [c for c in _CID.sub("", text) if not c.isspace()]
    bad = sum(c == "\ufffd" or "\ue000" <= c <= "\uf8ff" or ord(c) >= 0xF0000 for c in rest)
    total = n_cid + len(rest)
    return ((n_cid + bad) / total if total else 0.0), n_cid


def is_page_number(line: str) -> bool:
    line = line.strip()
    return bool(line) and any(p.match(line) for p in _PAGE_NUMBER)


def strip_running_lines(pages: list[str]) -> list[str]:
    """Remove page numbers and running headers / footers from the top and bottom lines of each page.

    A running line is one that recurs (digits aside) among the edge lines of at least half the
    pages, and of at least two; only edge lines are touched, so a number in a table stays. The
    top of the first page is kept: a title repeated as a running header must not be lost."""
    split = [page.split("\n") for page in pages]
    keys = Counter()
    for lines in split:
        keys.update({_key(line) for line in _edges(lines) if _key(line)})
    needed = max(2, math.ceil(len(pages) / 2))
    running = {k for k, n in keys.items() if n >= needed and len(k) <= 60}
    out = []
    for n, lines in enumerate(split):
        top, bottom = _edge_indexes(lines)
        # On the first page a repeated top line may be the title that later pages repeat: kept.
        repeated = (top | bottom) if n else bottom
        drop = {i for i in top | bottom if is_page_number(lines[i]) or (i in repeated and _key(lines[i]) in running)}
        out.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return out


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", "".join(line.split()))


def _edge_indexes(lines: list[str]) -> tuple[set[int], set[int]]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return set(filled[:_EDGE]), set(filled[-_EDGE:])


def _edges(lines: list[str]) -> list[str]:
    top, bottom = _edge_indexes(lines)
    return [lines[i] for i in sorted(top | bottom)]
