"""Every format and encoding the reader accepts, and the files it must refuse without stopping."""
import io
import zipfile

import docx
import pytest

from pipeline.decode import decode
from pipeline.ingest import iter_documents

TEXT = "关于中央生态环境保护督察整改情况的通报\n督察组交办的48件群众信访举报件已办结46件。"


def read(path):
    return [decode(d) for d in iter_documents([path])]


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
    ("gb18030", "gb18030"), ("gbk", "gb18030"),
])
def test_txt_encodings(tmp_path, encoding, expected):
    path = tmp_path / "doc.txt"
    path.write_bytes(TEXT.encode(encoding))
    [doc] = read(path)
    assert (doc.status, doc.text, doc.encoding) == ("ok", TEXT, expected)


def test_big5_traditional(tmp_path):
    text = "關於中央生態環境保護督察整改落實情況的報告。督察組交辦的群眾信訪舉報件已全部辦結，共計一百三十六件。" * 3
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    [doc] = read(path)
    assert doc.status == "ok" and doc.text == text and doc.encoding.startswith("big5")


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    d = docx.Document()
    d.add_paragraph("按污染类型统计如下：")
    table = d.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, [("类型", "件数"), ("大气", "19"), ("水", "7")]):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    d.add_paragraph("以上举报件均已办结。")
    path = tmp_path / "t.docx"
    d.save(path)
    [doc] = read(path)
    assert doc.text == "按污染类型统计如下：\n类型 | 件数\n大气 | 19\n水 | 7\n以上举报件均已办结。"


def test_html_main_text_with_declared_gbk(tmp_path):
    body = "<p>督察组交办的48件群众信访举报件已办结46件，阶段性办结2件。</p>" * 3
    html = (f'<html><head><meta charset="gbk"><title>通报</title></head><body>'
            f'<nav><a href="/">首页</a> | <a href="/x">机构设置</a></nav><article>{body}</article>'
            f'<footer>版权所有 ICP备12345678号 分享到微信</footer></body></html>')
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("gbk"))
    [doc] = read(path)
    assert doc.status == "ok" and doc.encoding == "gb18030"
    assert "已办结46件" in doc.text and "首页" not in doc.text and "ICP" not in doc.text


def test_pdf_with_chinese_text(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "r.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 12)
    c.drawString(72, 750, "立案处罚24家，罚款59.152万元。")
    c.save()
    [doc] = read(path)
    assert doc.status == "ok" and doc.text.strip() == "立案处罚24家，罚款59.152万元。"


def test_bad_files_each_get_a_row_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    d = docx.Document()
    d.add_paragraph("内容")
    buf = io.BytesIO()
    d.save(buf)
    (tmp_path / "broken.docx").write_bytes(buf.getvalue()[:200])
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.xlsx").write_bytes(b"PK")
    (tmp_path / "model.stl").write_bytes(b"solid x")
    (tmp_path / "fake.pdf").write_bytes(b"%PDF-1.4 not really")
    docs = {d.doc_id: d for d in read(tmp_path)}
    assert docs["good"].status == "ok"
    assert (docs["broken"].status, docs["broken"].error) == ("error", "not a valid .docx: truncated or corrupt zip")
    assert docs["binary"].status == "error" and "binary" in docs["binary"].error
    assert docs["empty"].status == "empty"
    assert (docs["notes"].status, docs["notes"].error) == ("error", "not a valid .xlsx: truncated or corrupt zip")
    assert docs["model"].status == "error" and docs["model"].error.startswith("unsupported file type '.stl'")
    assert docs["fake"].status == "error" and "PDF" in docs["fake"].error


def test_zip_archive_members_and_duplicate_names(tmp_path):
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a/report.txt", TEXT.encode("gb18030"))
        z.writestr("b/report.txt", TEXT.encode("utf-8"))
        z.writestr("b/bad.docx", b"not a zip")
    docs = read(archive)
    assert [d.doc_id for d in docs] == ["batch/a/report", "batch/b/bad", "batch/b/report"]
    assert [d.status for d in docs] == ["ok", "error", "ok"]
    assert docs[0].source.endswith("batch.zip!a/report.txt")


def test_symlink_loop_is_visited_once(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "doc.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    docs = read(tmp_path)
    assert [d.doc_id for d in docs] == ["sub/doc"]


def test_missing_input_is_reported():
    [doc] = read("/nonexistent/file.txt")
    assert doc.status == "error" and doc.error.startswith("input not found")
