"""Regenerate the derived members of the sample corpus and the decoding fixtures.

The plain UTF-8 documents in corpora/sample/*.txt are written by hand. The other
members (other encodings, .docx, .html, .pdf, pinyin residue, a flattened table)
are built here from UTF-8 sources kept in corpora/sample/.sources/ (a dot folder,
so the pipeline's folder walk skips it). Run from the repo root:

    .venv/bin/python corpora/make_sample.py

Every output is meant to be byte-for-byte reproducible (zip entries get a fixed
date, the PDF is written in reportlab's invariant mode), but only the text of the
.docx and .pdf members is promised: library upgrades may change their containers.
"""
from __future__ import annotations

import argparse
import datetime
import html
import io
import random
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "sample"
SOURCES = SAMPLE / ".sources"
FIXTURES = HERE.parent / "tests" / "fixtures"

FIXED_DATE = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)

# Pinyin glosses left behind by some reposting sites after selected characters.
PINYIN_RESIDUE = {
    "督": "du", "察": "cha", "態": "tai", "辦": "ban", "舉": "ju", "報": "bao",
    "眾": "zhong", "責": "ze", "罰": "fa", "談": "tan", "結": "jie", "訪": "fang",
}
PAYWALL_BLOCK = "##paidbegin##\n隐藏内容\n此处内容需要权限查看\n会员免费查看\n##paidend##"
WRAP_WIDTH = 34


def source_text(name: str) -> str:
    return (SOURCES / f"{name}.txt").read_text(encoding="utf-8")


def split_blocks(text: str) -> list[str | list[list[str]]]:
    """Paragraph strings, with runs of `| a | b |` lines grouped into one table (a list of rows)."""
    blocks: list[str | list[list[str]]] = []
    for line in text.strip().splitlines():
        if line.startswith("|"):
            row = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if blocks and isinstance(blocks[-1], list):
                blocks[-1].append(row)
            else:
                blocks.append([row])
        elif line.strip():
            blocks.append(line.strip())
    return blocks


# ---- text-like members ---------------------------------------------------------

def add_pinyin_residue(text: str) -> str:
    return "".join(f"{ch}({PINYIN_RESIDUE[ch]})" if ch in PINYIN_RESIDUE else ch for ch in text)


def wrap_fixed(paragraph: str, width: int = WRAP_WIDTH) -> str:
    """Hard line breaks every `width` characters, wherever the sentence happens to be."""
    return "\n".join(paragraph[i:i + width] for i in range(0, len(paragraph), width))


def scraped_page(text: str) -> str:
    """A reposted page: lines hard-wrapped mid-sentence, pinyin residue added on top, a paywall block after paragraph 2."""
    title, *body = [p for p in text.strip().splitlines() if p.strip()]
    lines = [title]
    for index, paragraph in enumerate(body):
        lines.append(add_pinyin_residue(wrap_fixed(paragraph)))
        if index == 1:
            lines.append(PAYWALL_BLOCK)
    return "\n".join(lines) + "\n"


def flattened_table_page(text: str) -> str:
    """Tables copied from a web page: one cell per line ending in ' |', empty cells collapsed to bare '|'."""
    lines = []
    for block in split_blocks(text):
        if isinstance(block, str):
            lines.append(block)
            continue
        for row in block:
            lines.append("|")
            empty_run = 0
            for cell in row:
                if not cell:
                    empty_run += 1
                    continue
                if empty_run:
                    lines.append("|" * empty_run)
                    empty_run = 0
                lines.append(f"{cell} |")
            if empty_run:
                lines.append("|" * empty_run)
    return "\n".join(lines) + "\n"


def html_page(text: str, published: str, source: str) -> str:
    """A government news page with navigation, share buttons and an ICP footer around the article."""
    blocks = split_blocks(text)
    title, body = blocks[0], blocks[1:]
    article = []
    for block in body:
        if isinstance(block, str):
            article.append(f"<p>{html.escape(block)}</p>")
        else:
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in block)
            article.append(f"<table>{rows}</table>")
    return PAGE_TEMPLATE.format(
        title=html.escape(title), published=published, source=source, article="\n".join(article))


PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk">
<meta charset="gbk">
<title>{title}</title>
</head>
<body>
<div class="top-nav"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a> | <a href="/bsfw/">办事服务</a> | <a href="/wza/">无障碍</a></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 督察整改</div>
<div class="article">
<h1>{title}</h1>
<div class="info">发布时间：{published}　来源：{source}　字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>
<div class="content">
{article}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a> <a href="#">打印本页</a> <a href="#">关闭窗口</a></div>
</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a1.html">生态环境厅召开专题会议</a></li><li><a href="/a2.html">全省空气质量月报</a></li></ul></div>
<div class="footer">
<p>主办单位：四川省生态环境厅　<a href="/lxwm/">联系我们</a>　<a href="/wzdt/">网站地图</a></p>
<p>版权所有 Copyright 2024 四川省生态环境厅　蜀ICP备00000000号-1　川公网安备 51000000000000号</p>
<p>网站标识码：5100000000</p>
</div>
</body>
</html>
"""


# ---- binary members --------------------------------------------------------------

def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.created = FIXED_DATE
    document.core_properties.modified = FIXED_DATE
    blocks = split_blocks(text)
    document.add_heading(blocks[0], level=1)
    for block in blocks[1:]:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=len(block[0]))
        table.style = "Table Grid"
        for row, cells in zip(table.rows, block):
            for cell, value in zip(row.cells, cells):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_fixed_zip_times(buffer.getvalue())


def _with_fixed_zip_times(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01, so the bytes do not depend on the clock."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), source.read(info),
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def pdf_bytes(text: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    width, height = A4
    margin, size, leading = 60, 11, 18
    y = height - margin
    paragraphs = [p.strip() for p in text.strip().splitlines() if p.strip()]
    for index, paragraph in enumerate(paragraphs):
        font_size = 15 if index == 0 else size
        for line in _pdf_lines(paragraph, font_size, width - 2 * margin):
            if y < margin:
                page.showPage()
                y = height - margin
            page.setFont("STSong-Light", font_size)
            page.drawString(margin, y, line)
            y -= leading if index else leading + 8
    page.showPage()
    page.save()
    return buffer.getvalue()


def _pdf_lines(paragraph: str, font_size: int, max_width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, current = [], ""
    for ch in paragraph:
        if current and stringWidth(current + ch, "STSong-Light", font_size) > max_width:
            lines.append(current)
            current = ""
        current += ch
    return lines + [current]


# ---- build -----------------------------------------------------------------------

def build_sample(out: Path = SAMPLE) -> list[Path]:
    """Write every derived corpus member below `out`; returns the paths written."""
    (out / "encoded").mkdir(parents=True, exist_ok=True)
    outputs = {
        "shaanxi_province_notice_pinyin.txt": scraped_page(source_text("shaanxi_province_notice_pinyin")).encode("utf-8"),
        "shaoguan_city_table_notice.txt": flattened_table_page(source_text("shaoguan_city_table_notice")).encode("utf-8"),
        "encoded/gansu_province_notice_gb18030.txt": source_text("gansu_province_notice_gb18030").encode("gb18030"),
        "encoded/xuzhou_city_report_big5.txt": source_text("xuzhou_city_report_big5").encode("big5"),
        "encoded/anji_county_report_bom.txt": source_text("anji_county_report_bom").encode("utf-8-sig"),
        "sichuan_province_notice_page.html": html_page(
            source_text("sichuan_province_notice_page"), "2024-12-05 10:30", "四川省生态环境厅").encode("gbk"),
        "baoji_city_notice_petitions.docx": docx_bytes(source_text("baoji_city_notice_petitions")),
        "jilin_province_report_r1.pdf": pdf_bytes(source_text("jilin_province_report_r1")),
    }
    return _write_all(out, outputs)


# Short genre texts for the decoder tests (tests/fixtures/decode_*).
DECODE_TEXT = "督察组交办我县信访件12件，已全部办结。县委、县政府将持续巩固整改成效。\n"
DECODE_TEXT_GB18030 = "督察组交办我县信访件12件，已全部办结。湿地内䴙䴘等水鸟数量明显增加。\n"
DECODE_TEXT_TRADITIONAL = "督察組交辦我縣信訪件12件，已全部辦結。縣委、縣政府將持續鞏固整改成效。\n"


def build_fixtures(out: Path = FIXTURES) -> list[Path]:
    """Write the decoding fixtures (encodings, empty, binary, corrupt .docx) below `out`."""
    whole_docx = docx_bytes("关于督察整改情况的通报\n" + DECODE_TEXT)
    outputs = {
        "decode_utf8_bom.txt": DECODE_TEXT.encode("utf-8-sig"),
        "decode_utf16.txt": DECODE_TEXT.encode("utf-16"),
        "decode_gb18030.txt": DECODE_TEXT_GB18030.encode("gb18030"),
        "decode_big5.txt": DECODE_TEXT_TRADITIONAL.encode("big5"),
        "decode_empty.txt": b"",
        "decode_binary.txt": random.Random(20240101).randbytes(2048),
        "decode_corrupt.docx": whole_docx[: len(whole_docx) // 2],
    }
    return _write_all(out, outputs)


def _write_all(out: Path, outputs: dict[str, bytes]) -> list[Path]:
    written = []
    for name, data in outputs.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SAMPLE, help="corpus folder to write into")
    parser.add_argument("--fixtures", type=Path, default=FIXTURES, help="test fixture folder to write into")
    args = parser.parse_args(argv)
    build_sample(args.out)
    build_fixtures(args.fixtures)


if __name__ == "__main__":
    main()
