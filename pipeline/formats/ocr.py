"""OCR with Tesseract (`chi_sim`), used when it is installed (`make setup-ocr`); never downloaded.

Set CEPI_OCR=off to never OCR (the scanned-PDF error of a run without Tesseract).
"""
from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
from functools import lru_cache

log = logging.getLogger(__name__)

LANG = "chi_sim"
HOW_TO_INSTALL = "install Tesseract with Chinese (make setup-ocr: tesseract-ocr, tesseract-ocr-chi-sim)"
# Tesseract separates CJK characters by spaces; a space between two CJK characters is not text.
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]+(?=[\u3000-\u9fff\uff00-\uffef])")


def available() -> bool:
    if os.environ.get("CEPI_OCR", "").lower() in ("off", "0", "no", "false"):
        return False
    return _tesseract_has_chinese()


@lru_cache(maxsize=1)
def _tesseract_has_chinese() -> bool:
    """Probing the installed binary once per process is a fact about the machine, not state."""
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return LANG in langs.split()


def ocr_image(image) -> str:
    """Text of a PIL image (or PNG/JPEG/TIFF bytes)."""
    if not isinstance(image, (bytes, bytearray)):
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        image = buf.getvalue()
    result = subprocess.run(["tesseract", "stdin", "stdout", "-l", LANG, "--psm", "6"], input=image,
                            capture_output=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or "tesseract failed")
    return tidy(result.stdout.decode("utf-8", "replace"))


def tidy(text: str) -> str:
    lines = [_CJK_SPACE.sub("", line).strip() for line in text.replace("\f", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def ocr_pdf(data: bytes, dpi: int = 300, only: list[int] | None = None) -> list[str]:
    """Render each page (or the pages `only` lists, 0-based) with pypdfium2 (shipped with
    pdfplumber) and OCR it; one text per page."""
    import pypdfium2 as pdfium

    pages = []
    pdf = pdfium.PdfDocument(data)
    try:
        for i in (range(len(pdf)) if only is None else only):
            bitmap = pdf[i].render(scale=dpi / 72)
            pages.append(ocr_image(bitmap.to_pil()))
    finally:
        pdf.close()
    return pages
