"""Raw bytes -> text, one reader per format. Readers raise `DecodeError` with a message a user can act on."""
from __future__ import annotations

import codecs
import io
import logging
import zipfile

from .records import Document

log = logging.getLogger(__name__)


class DecodeError(ValueError):
    """The file could not be read as its format; the message says why."""


# charset-normalizer reports the narrowest charset that fits; read with the superset.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "hz": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs",
             "ascii": "utf-8"}
_BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


def decode(doc: Document) -> Document:
    """Fill `doc.text` (raw decoded text) and `doc.encoding`; failures become status error / empty.
    PDFs also get `doc.pages`, HTML pages `doc.published_date`."""
    if doc.status != "ok" or doc.raw is None:
        return doc
    if not doc.raw.strip():
        return doc.fail("file is empty", status="empty")
    try:
        decoded = read(doc.raw, doc.format)
    except DecodeError as exc:
        return doc.fail(str(exc))
    finally:
        doc.raw = None  # the bytes are no longer needed: keep memory flat
    doc.text, doc.encoding = decoded.text, decoded.encoding
    doc.pages = decoded.pages
    doc.published_date = decoded.published_date or doc.published_date  # a pulled attachment keeps its page's date
    if not doc.text.strip():
        return doc.fail(f"no text found in the {doc.format} file", status="empty")
    return doc


def read(data: bytes, fmt: str):
    """Bytes of a file of format `fmt` -> `formats.Decoded`."""
    from .formats import Decoded, office, pdf

    if fmt == "txt":
        return Decoded(*read_txt(data))
    if fmt == "docx":
        if not data.startswith(b"PK") and office.sniff(data) in ("ole", "html", "mht", "rtf"):
            return office.read_legacy(data, "doc")  # an old .doc (or a web page) renamed .docx
        return Decoded(*read_docx(data))
    if fmt == "html":
        return read_html_doc(data)
    if fmt == "pdf":
        if b"%PDF" not in data[:1024] and office.sniff(data) == "html":
            raise DecodeError("not a PDF but a web page saved as .pdf (a failed download?)")
        return pdf.read_pdf(data)
    if fmt in ("doc", "wps", "rtf", "mht"):
        return office.read_legacy(data, fmt)
    if fmt == "xlsx":
        return office.read_xlsx(data)
    if fmt == "xls":
        return office.read_xls(data)
    if fmt == "image":
        return read_image(data)
    raise DecodeError(f"no reader for format {fmt!r}")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text bytes with a real detector; returns (text, encoding)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_binary(data):
        raise DecodeError("binary data, not text: is this a .txt file?")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16", "utf_16_le", "utf_16_be", "cp1252"]).best()
    if best is None:
        best = from_bytes(data).best()
    if best is None:
        raise DecodeError("cannot detect the text encoding (not UTF-8, UTF-16, GB18030 or Big5)")
    enc = _SUPERSET.get(best.encoding.replace("_", "").lower(), best.encoding)
    try:
        return data.decode(enc), enc
    except (UnicodeDecodeError, LookupError):
        return str(best), best.encoding


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        # UTF-16 without BOM has NULs in every other byte; random binaries do not.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        return not (max(even, odd) > len(sample) / 4 and min(even, odd) < len(sample) / 50)
    controls = sum(b < 9 or 13 < b < 32 for b in sample)
    return controls > len(sample) / 20


def read_txt(data: bytes) -> tuple[str, str]:
    if b"\x00" in data[:4096] and not any(data.startswith(b) for b, _ in _BOMS):
        if not _looks_binary(data):
            for enc in ("utf-16-le", "utf-16-be"):
                try:
                    text = data.decode(enc)
                except UnicodeDecodeError:
                    continue
                if _mostly_cjk_or_ascii(text):
                    return text, enc
        raise DecodeError("binary data, not text: is this a .txt file?")
    return decode_bytes(data)


def _mostly_cjk_or_ascii(text: str) -> bool:
    ok = sum(c.isascii() or "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" for c in text)
    return ok >= 0.9 * max(1, len(text))


def read_docx(data: bytes) -> tuple[str, str]:
    """Paragraphs and tables in document order; a table row is one line, cells joined by ' | '."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DecodeError("not a valid .docx: truncated or corrupt zip") from None
    except (KeyError, ValueError) as exc:
        raise DecodeError(f"not a valid .docx: {exc}") from None
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    return "\n".join(lines), "docx"


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, last = [], None
        for cell in row.cells:
            if cell._tc is last:
                continue  # a merged cell repeats itself across the columns it spans
            last = cell._tc
            cells.append(" ".join(cell.text.split()))
        lines.append(" | ".join(cells))
    return lines


def read_html_doc(data: bytes):
    """HTML -> `formats.Decoded`: title first, main text, publication date."""
    from .formats.html import read_html as read

    return read(data)


def read_html(data: bytes) -> tuple[str, str]:
    decoded = read_html_doc(data)
    return decoded.text, decoded.encoding


def read_pdf(data: bytes) -> tuple[str, str]:
    from .formats.pdf import read_pdf as read

    decoded = read(data)
    return decoded.text, decoded.encoding


def read_image(data: bytes):
    """A scanned page as an image: OCR when Tesseract is installed."""
    from .formats import Decoded, ocr

    if not ocr.available():
        raise DecodeError(f"an image, not text: cepi reads images with OCR; {ocr.HOW_TO_INSTALL}")
    try:
        text = ocr.ocr_image(data)
    except Exception as exc:
        raise DecodeError(f"OCR failed on the image: {exc.__class__.__name__}: {exc}") from None
    return Decoded(text, "ocr")
