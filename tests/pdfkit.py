"""Tiny PDF builders for tests: real PDFs written byte by byte or with reportlab."""
from __future__ import annotations


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (object i+1 = objects[i]); object 1 must be the catalog."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def glyph_code_pdf(n_glyphs: int = 40) -> bytes:
    """A 'copy-protected' PDF: text drawn with an Identity-H font that has no ToUnicode map,
    so text extraction can only give (cid:N) glyph codes."""
    codes = "".join(f"{0x0100 + i:04X}" for i in range(n_glyphs))
    content = f"BT /F1 12 Tf 72 750 Td <{codes}> Tj ET".encode()
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /QXHBRC+FangSong /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] >>",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /QXHBRC+FangSong "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
    ])


def chinese_pdf(path, pages: list[list[str]], header: str | None = None, footer: str | None = None) -> None:
    """A PDF with Chinese text (reportlab's built-in STSong-Light CID font): each page a list of
    lines; `header` / `footer` drawn on every page, '{n}' replaced by the page number."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    for n, lines in enumerate(pages, 1):
        c.setFont("STSong-Light", 12)
        if header:
            c.drawString(72, 800, header.format(n=n))
        y = 760
        for line in lines:
            c.drawString(72, y, line)
            y -= 20
        if footer:
            c.drawString(280, 40, footer.format(n=n))
        c.showPage()
    c.save()
