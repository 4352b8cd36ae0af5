"""PDFs as published: glyph-code text layers, running headers and page numbers, pages, OCR."""
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from pdfkit import chinese_pdf, glyph_code_pdf
from pipeline.cli import app
from pipeline.decode import decode
from pipeline.export import read_table
from pipeline.formats import ocr
from pipeline.formats.pdf import is_page_number, strip_running_lines
from pipeline.ingest import iter_documents

runner = CliRunner()


def read(path):
    return [decode(d) for d in iter_documents([path])]


def test_glyph_code_pdf_is_an_error_naming_the_cause(tmp_path, monkeypatch):
    monkeypatch.setenv("CEPI_OCR", "off")
    (tmp_path / "加密.pdf").write_bytes(glyph_code_pdf())
    [doc] = read(tmp_path / "加密.pdf")
    assert (doc.status, doc.error) == (
        "error", "the PDF's text layer is not text: 100% of its characters are (cid:N) glyph codes "
                 "(copy-protected, or fonts without a Unicode map): OCR it first, or install Tesseract "
                 "with Chinese (make setup-ocr: tesseract-ocr, tesseract-ocr-chi-sim) and cepi will")


def test_page_number_lines():
    for line in ("— 3 —", "- 12 -", "3", "第3页", "第 3 页 共 10 页", "共10页 第3页", "3/10", "Page 3 of 10", "－ 7 －"):
        assert is_page_number(line), line
    for line in ("2023年", "3项", "一、总体情况", "第3批", "立案处罚24家"):
        assert not is_page_number(line), line


def test_running_lines_go_body_numbers_stay():
    pages = ["某某省人民政府办公厅\n一、进展\n共交办 | 36\n— 1 —",
             "某某省人民政府办公厅\n已办结46件。\n36\n— 2 —",
             "某某省人民政府办公厅\n二、下一步\n— 3 —"]
    assert strip_running_lines(pages) == ["某某省人民政府办公厅\n一、进展\n共交办 | 36", "已办结46件。", "二、下一步"]


def test_pdf_with_running_headers_end_to_end_with_pages(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    chinese_pdf(src / "整改报告.pdf", [
        ["某某市生态环境保护督察整改落实情况报告", "一、总体情况", "督察组交办的48件群众信访举报件，"],
        ["已办结46件，阶段性办结2件。", "二、查处情况", "立案处罚24家，罚款59.152万元。"],
    ], header="某某市人民政府办公室文件", footer="— {n} —")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    [doc] = read_table(out, "documents").to_dict("records")
    assert doc["status"] == "ok"
    assert doc["text"] == ("某某市人民政府办公室文件\n某某市生态环境保护督察整改落实情况报告\n一、总体情况\n督察组交办的48件群众信访举报件，\n"
                           "已办结46件，阶段性办结2件。\n二、查处情况\n立案处罚24家，罚款59.152万元。")
    sentences = read_table(out, "sentences")
    by_text = dict(zip(sentences["text"], sentences["page"]))
    assert by_text["督察组交办的48件群众信访举报件，\n已办结46件，阶段性办结2件。"] == 1  # starts on page 1
    assert by_text["立案处罚24家，罚款59.152万元。"] == 2
    facts = read_table(out, "facts")
    pages = {(f.metric, f.value): f.page for f in facts.itertuples()}
    assert pages[("petitions.assigned", 48)] == 1
    assert pages[("petitions.closed", 46)] == 2
    assert pages[("enforcement.fines", 591520)] == 2
    for table in (facts, sentences):  # pages only for PDFs; every row of this PDF has one
        assert table["page"].notna().all()


def test_txt_rows_have_no_page(tmp_path):
    (tmp_path / "a.txt").write_text("督察组交办的48件群众信访举报件已办结46件。", encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--out", str(out)]).exit_code == 0
    assert read_table(out, "facts")["page"].isna().all() and read_table(out, "sentences")["page"].isna().all()


def _cjk_font():
    import glob

    for pattern in ("/usr/share/fonts/**/wqy-*.tt[cf]", "/usr/share/fonts/**/Noto*CJK*", "/usr/share/fonts/**/*DroidSansFallback*"):
        found = sorted(glob.glob(pattern, recursive=True))
        if found:
            return found[0]
    return None


needs_ocr = pytest.mark.skipif(not ocr.available() or not _cjk_font(),
                               reason="Tesseract with chi_sim, or a CJK font to draw the test scan, not installed "
                                      "(make setup-ocr)")


def scan(lines):
    """A page as a scanner sees it: black Chinese text on white, 300 dpi."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(_cjk_font(), 56)
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((250, 300 + i * 110), line, font=font, fill=0)
    return image


@needs_ocr
def test_scanned_pdf_is_ocred(tmp_path):
    """A scan: an image in a PDF without a text layer."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "扫描件.pdf"))
    c.drawImage(ImageReader(scan(["立案处罚24家，罚款59万元。", "约谈12人。"])), 0, 0, width=595, height=842)
    c.save()
    [doc] = read(tmp_path / "扫描件.pdf")
    assert (doc.status, doc.encoding) == ("ok", "pdf+ocr"), doc.error
    # OCR may misread a character; the lines, the numbers and most words come through
    first, second = doc.text.split("\n")
    assert first.startswith("立案处罚24家，") and "59万元" in first and second == "约谈12人。"
    assert doc.pages == [doc.text]


@needs_ocr
def test_image_is_ocred(tmp_path):
    scan(["已办结46件。"]).save(tmp_path / "照片.png")
    [doc] = read(tmp_path / "照片.png")
    assert (doc.doc_id, doc.status, doc.encoding, doc.text) == ("照片", "ok", "ocr", "已办结46件。")


@needs_ocr
def test_scanned_page_bound_in_with_text_pages_is_ocred(tmp_path):
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(tmp_path / "附件.pdf"))
    c.setFont("STSong-Light", 12)
    c.drawString(72, 760, "督察组交办的48件群众信访举报件已办结46件。")
    c.showPage()
    c.drawImage(ImageReader(scan(["约谈12人。"])), 0, 0, width=595, height=842)
    c.showPage()
    c.save()
    [doc] = read(tmp_path / "附件.pdf")
    assert (doc.status, doc.encoding) == ("ok", "pdf+ocr")
    assert doc.pages == ["督察组交办的48件群众信访举报件已办结46件。", "约谈12人。"]
