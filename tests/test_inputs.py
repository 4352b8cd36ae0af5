"""Inputs as real archives hold them: each file built here, exact rows, statuses and messages."""
import io
import os
import zipfile

import pytest

from pipeline.decode import decode
from pipeline.ingest import iter_documents
from pull_site import make_docx  # (tests/ is on the path, as for pdfkit)

TEXT = "督察组交办的48件群众信访举报件已办结46件。"


def read(*paths):
    return [decode(d) for d in iter_documents(list(paths))]


def rows(docs):
    return [(d.doc_id, d.status, d.error) for d in docs]


class GbkInfo(zipfile.ZipInfo):
    """A member name stored the way Windows zip tools do: GBK bytes, no UTF-8 flag."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def test_zip_with_gbk_member_names_keeps_the_chinese_names(tmp_path):
    archive = tmp_path / "材料.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(GbkInfo("整改报告/信访办理情况.txt"), TEXT.encode("gb18030"))
        z.writestr(GbkInfo("整改报告/附件一.txt"), "附件".encode("gb18030"))
    raw = zipfile.ZipFile(archive).infolist()[0]
    assert raw.flag_bits & 0x800 == 0 and raw.filename != "整改报告/信访办理情况.txt"  # what zipfile alone sees
    docs = read(archive)
    assert [d.doc_id for d in docs] == ["材料/整改报告/信访办理情况", "材料/整改报告/附件一"]
    assert docs[0].source == f"{archive}!整改报告/信访办理情况.txt"
    assert [d.status for d in docs] == ["ok", "ok"] and docs[0].text == TEXT


def test_empty_zip_macosx_and_junk_each_get_a_stated_row(tmp_path):
    (tmp_path / "empty.zip").write_bytes(_zip({}))
    (tmp_path / "mac.zip").write_bytes(_zip({
        "报告.txt": TEXT.encode(), "__MACOSX/._报告.txt": b"\x00\x05\x16\x07", ".DS_Store": b"\x00\x00\x00\x01Bud1"}))
    (tmp_path / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0 thumbs")
    (tmp_path / "~$整改方案.docx").write_bytes(b"\x0bowner")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / "desktop.ini").write_text("[.ShellClassInfo]")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main")
    os_file = "skipped: operating-system file ({}), not a document"
    assert rows(read(tmp_path)) == [
        (".DS_Store", "skipped", os_file.format(".DS_Store")),
        ("Thumbs", "skipped", os_file.format("Thumbs.db")),
        ("dangling", "error", f"broken symbolic link: its target {tmp_path / 'gone.txt'} does not exist"),
        ("desktop", "skipped", os_file.format("desktop.ini")),
        ("empty", "empty", "the .zip archive holds no files"),
        ("mac/.DS_Store", "skipped", os_file.format(".DS_Store")),
        ("mac/__MACOSX/._报告", "skipped", "skipped: macOS resource fork (__MACOSX), not a document"),
        ("mac/报告", "ok", None),
        ("~$整改方案", "skipped", "skipped: lock file of a document open in Office (~$ / .~lock), not a document"),
    ]


def _zip(members: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_doc_id_is_the_path_below_the_input_root_whatever_else_is_in_the_run(tmp_path):
    (tmp_path / "2023" / "A").mkdir(parents=True)
    (tmp_path / "2024").mkdir()
    (tmp_path / "2023" / "A" / "通报.txt").write_text(TEXT, encoding="utf-8")
    alone = [d.doc_id for d in read(tmp_path)]
    (tmp_path / "2024" / "通报.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "2023" / "A" / "通报.docx").write_bytes(make_docx([TEXT]))
    together = [d.doc_id for d in read(tmp_path)]
    assert alone == ["2023/A/通报"]
    assert together == ["2023/A/通报.docx", "2023/A/通报.txt", "2024/通报"]


def test_html_saved_as_doc_is_read_as_html(tmp_path):
    html = ("<html><head><meta http-equiv=Content-Type content='text/html; charset=gb2312'>"
            "<title>关于信访件办理情况的通报</title></head><body><h1>关于信访件办理情况的通报</h1>"
            f"<p>{TEXT}</p><p>立案处罚24家，罚款59.152万元。</p></body></html>")
    (tmp_path / "通报.doc").write_bytes(html.encode("gbk"))
    [doc] = read(tmp_path / "通报.doc")
    assert (doc.status, doc.format, doc.encoding) == ("ok", "doc", "gb18030")
    assert doc.text == f"关于信访件办理情况的通报\n{TEXT}\n立案处罚24家，罚款59.152万元。"


def test_docx_renamed_wps_and_rtf_doc_are_read(tmp_path):
    (tmp_path / "方案.wps").write_bytes(make_docx(["整改方案", TEXT]))
    rtf = r"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0 SimSun;}}\f0 " + "".join(
        f"\\'{b:02x}" for b in "已办结46件。".encode("gbk")) + r"\par}"
    (tmp_path / "说明.doc").write_bytes(rtf.encode("ascii"))
    docs = read(tmp_path)
    assert rows(docs) == [("方案", "ok", None), ("说明", "ok", None)]
    assert (docs[0].encoding, docs[0].text) == ("docx", f"整改方案\n{TEXT}")
    assert (docs[1].encoding, docs[1].text.strip()) == ("rtf", "已办结46件。")


def test_true_ole_doc_without_a_converter_says_how_to_convert(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    (tmp_path / "旧文件.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    (tmp_path / "旧文件2.wps").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    hint = ("install LibreOffice (apt-get install libreoffice-writer) or antiword, "
            "or convert it to .docx first (soffice --headless --convert-to docx FILE)")
    assert rows(read(tmp_path)) == [
        ("旧文件", "error", f"a legacy binary Word 97-2003 file: cepi cannot read it without a converter; {hint}"),
        ("旧文件2", "error", f"a legacy binary WPS file: cepi cannot read it without a converter; {hint}"),
    ]


def test_xlsx_rows_become_pipe_lines(tmp_path):
    import datetime

    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "信访件"
    ws.append(["类型", "件数", "办结日期"])
    ws.append(["大气", 21, datetime.datetime(2023, 5, 12)])
    ws.append(["水", 9.0, None])
    ws.append([None, None, None])
    other = book.create_sheet("说明")
    other.append(["合计", 30])
    book.save(tmp_path / "统计.xlsx")
    [doc] = read(tmp_path / "统计.xlsx")
    assert (doc.status, doc.encoding) == ("ok", "xlsx")
    assert doc.text == "信访件\n类型 | 件数 | 办结日期\n大气 | 21 | 2023-05-12\n水 | 9\n说明\n合计 | 30"


def test_html_title_first_published_date_and_charset_fallback(tmp_path):
    body = "<p>督察组交办的48件群众信访举报件已办结46件，阶段性办结2件。</p>" * 2
    page = ("<html><head><meta charset='utf-8'><title>关于信访件办理情况的通报_某某市人民政府</title>"
            "<meta name='PubDate' content='2023-05-12 10:30'></head><body>"
            f"<div class='info'>发布时间：2023年5月13日 来源：市生态环境局</div><article>{body}</article></body></html>")
    (tmp_path / "a.html").write_bytes(page.encode("gbk"))  # declared utf-8, really GBK
    dated = page.replace("<meta name='PubDate' content='2023-05-12 10:30'>", "")
    (tmp_path / "b.html").write_bytes(dated.replace("2023年5月13日", "2023年5月").encode("utf-8"))
    a, b = read(tmp_path)
    assert (a.status, a.encoding, a.published_date) == ("ok", "gb18030", "2023-05-12")
    assert a.text.split("\n")[0] == "关于信访件办理情况的通报"
    assert "已办结46件" in a.text
    assert (b.status, b.encoding, b.published_date) == ("ok", "utf-8", "2023-05")


def test_html_declared_gbk_but_utf8_bytes_is_read_as_utf8(tmp_path):
    page = ("<html><head><meta charset='gb2312'><title>通报</title></head><body>"
            f"<article><p>{TEXT}</p><p>{TEXT}</p></article></body></html>")
    (tmp_path / "c.htm").write_bytes(page.encode("utf-8"))
    [doc] = read(tmp_path / "c.htm")
    assert (doc.status, doc.encoding) == ("ok", "utf-8") and TEXT in doc.text


def test_html_that_decodes_to_mojibake_is_an_error(tmp_path):
    garbled = TEXT.encode("utf-8").decode("cp1252", errors="replace") * 3  # saved after a wrong decode
    page = f"<html><head><meta charset='utf-8'></head><body><article><p>{garbled}</p></article></body></html>"
    (tmp_path / "d.html").write_bytes(page.encode("utf-8"))
    [doc] = read(tmp_path / "d.html")
    assert (doc.status, doc.error) == ("error", "the page decodes to garbled text (mojibake) as utf-8: its declared "
                                                 "charset does not match its bytes; save it again as UTF-8")


def test_image_without_ocr_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("CEPI_OCR", "off")
    (tmp_path / "扫描件.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert rows(read(tmp_path)) == [("扫描件", "error", "an image, not text: cepi reads images with OCR; install "
                                     "Tesseract with Chinese (make setup-ocr: tesseract-ocr, tesseract-ocr-chi-sim)")]


def test_mht_saved_as_doc_and_html_table_saved_as_xls(tmp_path):
    html = f"<html><body><h1>信访件办理情况</h1><p>{TEXT}</p><p>{TEXT}</p></body></html>"
    mht = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b1\"\r\n\r\n--b1\r\n"
           "Content-Type: text/html; charset=\"gb2312\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
    import base64

    (tmp_path / "网页.doc").write_bytes(mht.encode("ascii") + base64.encodebytes(html.encode("gbk")) + b"\r\n--b1--\r\n")
    table = ("<html><head><meta charset='utf-8'><title>统计表</title></head><body><table>"
             "<tr><td>类型</td><td>件数</td></tr><tr><td>大气</td><td>21</td></tr></table></body></html>")
    (tmp_path / "统计.xls").write_text(table, encoding="utf-8")
    sheet, page = read(tmp_path)
    assert (page.doc_id, page.status, page.encoding) == ("网页", "ok", "gb18030")
    assert page.text.split("\n")[:2] == ["信访件办理情况", TEXT]
    assert (sheet.status, sheet.encoding) == ("ok", "utf-8") and "大气" in sheet.text and "21" in sheet.text


soffice = pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice not installed")


def _convert(src, fmt, tmp_path):
    import subprocess

    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", fmt, "--outdir", str(tmp_path / "conv"), str(src)], capture_output=True, timeout=300)
    out = tmp_path / "conv" / f"{src.stem}.{fmt}"
    return out if out.exists() else None


@soffice
def test_true_word_97_doc_is_converted_with_libreoffice(tmp_path):
    src = tmp_path / "src" / "方案.docx"
    src.parent.mkdir()
    src.write_bytes(make_docx(["整改方案", TEXT]))
    doc_file = _convert(src, "doc", tmp_path)
    assert doc_file.read_bytes().startswith(b"\xd0\xcf\x11\xe0")  # a real OLE Word file
    [doc] = read(doc_file)
    assert (doc.status, doc.encoding, doc.text) == ("ok", "ole", f"整改方案\n{TEXT}")


@soffice
def test_xls_rows_become_pipe_lines(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["类型", "件数"])
    book.active.append(["大气", 21])
    book.save(tmp_path / "统计.xlsx")
    xls = _convert(tmp_path / "统计.xlsx", "xls", tmp_path)
    if xls is None:
        pytest.skip("LibreOffice Calc not installed")
    [doc] = read(xls)
    assert (doc.status, doc.encoding, doc.text) == ("ok", "xls", "类型 | 件数\n大气 | 21")


@pytest.mark.parametrize("head, body, title, date", [
    ("<title>关于第三批信访件的通报_某某省生态环境厅</title>", "<h1>某某省生态环境厅</h1>", "关于第三批信访件的通报", None),
    ("<meta name='ArticleTitle' content='整改方案'><title>首页</title>", "<p>日期：2022-11-03</p>", "整改方案", "2022-11-03"),
    ("<meta property='article:published_time' content='2021-07-09T08:00:00+08:00'>", "<h1>通报</h1>", "通报", "2021-07-09"),
    ("", "<p>督察时间：2020年9月</p><p>发布日期：2021年1月5日</p>", None, "2021-01-05"),
    ("", "<p>时间：2019年</p>", None, "2019"),
])
def test_page_title_and_published_date(head, body, title, date):
    from pipeline.formats.html import _tree, page_title, published_date

    html = f"<html><head>{head}</head><body>{body}</body></html>"
    tree = _tree(html)
    assert (page_title(tree), published_date(tree, html)) == (title, date)


def test_renamed_files_the_other_way(tmp_path):
    page = f"<html><head><title>通报</title></head><body><article><p>{TEXT}</p></article></body></html>"
    (tmp_path / "通报.docx").write_text(page, encoding="utf-8")
    (tmp_path / "下载.pdf").write_text("<!DOCTYPE html><html><body>404 Not Found</body></html>", encoding="utf-8")
    docs = read(tmp_path)
    assert rows(docs) == [("下载", "error", "not a PDF but a web page saved as .pdf (a failed download?)"),
                          ("通报", "ok", None)]
    assert docs[1].text == f"通报\n{TEXT}"


def test_zip_inside_a_zip_is_opened(tmp_path):
    inner = _zip({"通报.txt": TEXT.encode("utf-8")})
    (tmp_path / "下载.zip").write_bytes(_zip({"附件/材料.zip": inner, "附件/空.zip": _zip({}), "坏.zip": b"PK\x03\x04 no"}))
    docs = read(tmp_path / "下载.zip")
    assert rows(docs) == [
        ("下载/坏", "error", "not a valid .zip archive: truncated or corrupt"),
        ("下载/附件/材料/通报", "ok", None),
        ("下载/附件/空", "empty", "the .zip archive holds no files"),
    ]
    assert docs[1].source == f"{tmp_path / '下载.zip'}!附件/材料.zip!通报.txt"
