"""Legacy and office formats: .doc / .wps detected by content, .xlsx / .xls tables, RTF.

Many `.doc` and `.wps` files on government sites are really HTML, MHT, RTF or .docx renamed;
they are read as what they are. A true OLE (Word 97-2003 / WPS binary) file is converted with
LibreOffice or antiword when one is installed, else it is an error that says how to convert it.
Spreadsheet rows become ` | `-joined lines, like .docx tables.
"""
from __future__ import annotations

import datetime as dt
import email
import io
import logging
import os
import shutil
import subprocess
import tempfile
import zipfile

from . import Decoded

log = logging.getLogger(__name__)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONVERT_HINT = ("install LibreOffice (apt-get install libreoffice-writer) or antiword, "
                 "or convert it to .docx first (soffice --headless --convert-to docx FILE)")


def sniff(data: bytes) -> str:
    """What the bytes are, whatever the extension says: docx, xlsx, zip, ole, rtf, pdf, mht, html or txt."""
    if data.startswith(OLE_MAGIC):
        return "ole"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"%PDF"):
        return "pdf"
    low = head.lower()
    if low.startswith(b"mime-version:") or (b"\nmime-version:" in low[:600] and b"multipart/related" in low):
        return "mht"
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in low or b"<body" in low:
        return "html"
    return "txt"


def read_legacy(data: bytes, fmt: str) -> Decoded:
    """`.doc` / `.wps` (fmt 'doc' or 'wps'): read as what the content is."""
    from ..decode import DecodeError, read_docx, read_html_doc, read_txt

    kind = sniff(data)
    if kind == "docx":
        text, _ = read_docx(data)
        return Decoded(text, "docx")
    if kind == "html":
        return read_html_doc(data)
    if kind == "mht":
        return read_html_doc(_mht_html(data))
    if kind == "rtf":
        return Decoded(read_rtf(data), "rtf")
    if kind == "ole":
        return Decoded(_convert_ole(data, fmt), "ole")
    if kind in ("pdf", "xlsx", "zip"):
        raise DecodeError(f"this .{fmt} file is really a {kind} file: rename it to .{kind}")
    text, enc = read_txt(data)  # some 'Word' files are plain text
    return Decoded(text, enc)


def read_rtf(data: bytes) -> str:
    from striprtf.striprtf import rtf_to_text

    from ..decode import DecodeError

    try:
        # RTF is 7-bit: \'hh escapes carry the bytes of the code page the file declares (\ansicpg936).
        return rtf_to_text(data.decode("latin-1"), encoding=_rtf_codepage(data), errors="replace")
    except Exception as exc:
        raise DecodeError(f"cannot read the RTF file: {exc.__class__.__name__}: {exc}") from None


def _rtf_codepage(data: bytes) -> str:
    import re

    m = re.search(rb"\\ansicpg(\d+)", data[:4096])
    cp = m.group(1).decode() if m else "936"
    return {"936": "gb18030", "950": "big5hkscs", "65001": "utf-8"}.get(cp, f"cp{cp}")


def _mht_html(data: bytes) -> bytes:
    from ..decode import DecodeError

    message = email.message_from_bytes(data)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            if charset and b"charset" not in payload[:2048].lower():
                payload = f'<meta charset="{charset}">'.encode("ascii") + payload
            return payload
    raise DecodeError("a web archive (MHT) without an HTML part")


def _convert_ole(data: bytes, fmt: str) -> str:
    from ..decode import DecodeError, read_docx

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    antiword = shutil.which("antiword")
    if not soffice and not (antiword and fmt == "doc"):
        raise DecodeError(f"a legacy binary {'WPS' if fmt == 'wps' else 'Word 97-2003'} file: cepi cannot read it "
                          f"without a converter; {_CONVERT_HINT}")
    try:
        return _run_converter(data, fmt, soffice, antiword)
    except subprocess.TimeoutExpired:
        raise DecodeError(f"converting the legacy .{fmt} file took over 5 minutes: convert it by hand") from None


def _run_converter(data: bytes, fmt: str, soffice: str | None, antiword: str | None) -> str:
    from ..decode import DecodeError, read_docx

    with tempfile.TemporaryDirectory(prefix="cepi-ole-") as tmp:
        src = os.path.join(tmp, f"in.{fmt}")
        with open(src, "wb") as fh:
            fh.write(data)
        if soffice:
            profile = f"file://{tmp}/profile"  # a private profile: parallel conversions do not collide
            result = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                                     "docx", "--outdir", tmp, src], capture_output=True, timeout=300)
            out = os.path.join(tmp, "in.docx")
            if os.path.exists(out):
                with open(out, "rb") as fh:
                    return read_docx(fh.read())[0]
            log.warning("LibreOffice could not convert: %s", result.stderr.decode("utf-8", "replace")[-300:])
        if antiword and fmt == "doc":
            result = subprocess.run([antiword, "-m", "UTF-8.txt", src], capture_output=True, timeout=300)
            if result.returncode == 0 and result.stdout.strip():
                return result.stdout.decode("utf-8", "replace")
    raise DecodeError(f"a legacy binary .{fmt} file that the installed converter could not read "
                      f"(damaged or password-protected?): open it in Word/WPS and save as .docx")


# ---- spreadsheets ---------------------------------------------------------------------------

def read_xlsx(data: bytes) -> Decoded:
    import openpyxl

    from ..decode import DecodeError

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except zipfile.BadZipFile:
        raise DecodeError("not a valid .xlsx: truncated or corrupt zip") from None
    except Exception as exc:
        raise DecodeError(f"not a valid .xlsx: {exc.__class__.__name__}: {exc}") from None
    try:
        sheets = [(ws.title, ws.iter_rows(values_only=True)) for ws in book.worksheets]
        return Decoded(_sheet_text(sheets), "xlsx")
    finally:
        book.close()


def read_xls(data: bytes) -> Decoded:
    from ..decode import DecodeError

    kind = sniff(data)
    if kind == "xlsx":
        return read_xlsx(data)
    if kind == "html":  # 'Excel' exports of web tables
        from ..decode import read_html_doc

        return read_html_doc(data)
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as exc:
        raise DecodeError(f"not a valid .xls: {exc.__class__.__name__}: {exc}") from None

    def rows(sheet):
        for r in range(sheet.nrows):
            yield [_xls_value(book, cell) for cell in sheet.row(r)]

    try:
        return Decoded(_sheet_text([(s.name, rows(s)) for s in book.sheets()]), "xls")
    finally:
        book.release_resources()


def _xls_value(book, cell):
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError):
            return cell.value
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value


def _sheet_text(sheets) -> str:
    """One line per non-empty row, cells joined by ' | ' (trailing empty cells dropped); a workbook
    of several sheets gets each sheet's name as a line before its rows."""
    sheets = list(sheets)
    lines = []
    for title, rows in sheets:
        body = []
        for row in rows:
            cells = [_cell_text(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                body.append(" | ".join(cells))
        if body and len(sheets) > 1:
            lines.append(title)
        lines.extend(body)
    return "\n".join(lines)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return " ".join(str(value).split())
