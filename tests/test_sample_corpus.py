"""The embedded sample corpus, its generator, and the hand-written test fixtures."""
import importlib.util
import io
import json
import re
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora" / "sample"
FIXTURES = Path(__file__).parent / "fixtures"


def load_make_sample():
    spec = importlib.util.spec_from_file_location("make_sample", REPO / "corpora" / "make_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_sample = load_make_sample()


def corpus_files() -> list[Path]:
    """What `cepi extract corpora/sample` reads: every file not below a dot entry."""
    return sorted(p for p in SAMPLE.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(SAMPLE).parts))


def docx_text(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    lines += [" | ".join(cell.text for cell in row.cells) for table in document.tables for row in table.rows]
    return lines


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def fails_as_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


# ---- the corpus ----------------------------------------------------------------

def test_corpus_has_at_least_twelve_documents_with_unique_ids():
    files = corpus_files()
    assert len(files) >= 12
    stems = [p.stem for p in files]
    assert len(stems) == len(set(stems))


def test_corpus_covers_every_format():
    suffixes = {p.suffix for p in corpus_files()}
    assert {".txt", ".docx", ".html", ".pdf"} <= suffixes


def test_top_level_txt_files_are_plain_utf8():
    # pipeline/train.py reads sample/*.txt as UTF-8 for its boilerplate reference.
    for path in SAMPLE.glob("*.txt"):
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf"), path.name
        data.decode("utf-8")


def test_encoded_members():
    encoded = SAMPLE / "encoded"
    bom = (encoded / "anji_county_report_bom.txt").read_bytes()
    assert bom.startswith(b"\xef\xbb\xbf")
    assert bom[3:].decode("utf-8").startswith("安吉县")

    gb = (encoded / "gansu_province_notice_gb18030.txt").read_bytes()
    assert fails_as_utf8(gb)
    assert "甘肃省" in gb.decode("gb18030")

    big5 = (encoded / "xuzhou_city_report_big5.txt").read_bytes()
    assert fails_as_utf8(big5)
    assert big5.decode("big5").startswith("徐州市關於")


def test_html_page_is_gbk_with_page_furniture():
    data = (SAMPLE / "sichuan_province_notice_page.html").read_bytes()
    assert b'<meta charset="gbk">' in data
    assert fails_as_utf8(data)
    page = data.decode("gbk")
    for furniture in ("政务公开", "分享到", "ICP备", "版权所有", "已办结或阶段办结2204件"):
        assert furniture in page


def test_docx_has_paragraphs_and_a_pollution_table():
    lines = docx_text((SAMPLE / "baoji_city_notice_petitions.docx").read_bytes())
    assert lines[0] == "宝鸡市第三轮中央生态环境保护督察信访件办理情况通报"
    assert "大气 | 19" in lines
    assert "合计 | 61" in lines


def test_pdf_uses_the_cid_font_and_has_a_text_layer():
    data = (SAMPLE / "jilin_province_report_r1.pdf").read_bytes()
    assert b"STSong-Light" in data
    text = pdf_text(data)
    assert text.startswith("吉林省贯彻落实中央环境保护督察反馈意见整改情况报告")
    assert "罚款4185.2万元" in text


def test_scraped_page_has_pinyin_paywall_and_fixed_width_lines():
    text = (SAMPLE / "shaanxi_province_notice_pinyin.txt").read_text(encoding="utf-8")
    assert "生態(tai)" in text and "督(du)察(cha)" in text
    assert "##paidbegin##\n隐藏内容\n此处内容需要权限查看" in text
    wrapped = [re.sub(r"\([a-z]+\)", "", line) for line in text.splitlines()[1:]]
    assert sum(len(line) == make_sample.WRAP_WIDTH for line in wrapped) >= 5


def test_flattened_table_has_one_cell_per_line():
    lines = (SAMPLE / "shaoguan_city_table_notice.txt").read_text(encoding="utf-8").splitlines()
    start = lines.index("县（市、区） |") - 1
    assert lines[start:start + 9] == ["|", "县（市、区） |", "转办件数 |", "水 |", "大气 |", "噪声 |", "生态 |", "其他 |", "|"]
    assert lines[start + 9:start + 16] == ["浈江区 |", "6 |", "2 |", "2 |", "1 |", "|", "1 |"]


# ---- the generator ---------------------------------------------------------------

CONTAINERS = {".docx": docx_text, ".pdf": pdf_text}


def assert_same_output(first: Path, second: Path, names: list[str], containers: dict = CONTAINERS):
    for name in names:
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        read = containers.get(Path(name).suffix)
        if read:
            assert read(a) == read(b), name
        else:
            assert a == b, name


def generated_names(build, out: Path) -> list[str]:
    return [str(p.relative_to(out)) for p in build(out)]


def test_make_sample_is_deterministic(tmp_path):
    names = generated_names(make_sample.build_sample, tmp_path / "one")
    assert generated_names(make_sample.build_sample, tmp_path / "two") == names
    assert len(names) == 8
    assert_same_output(tmp_path / "one", tmp_path / "two", names)


def test_committed_corpus_matches_the_generator(tmp_path):
    names = generated_names(make_sample.build_sample, tmp_path)
    assert_same_output(tmp_path, SAMPLE, names)


def test_committed_decode_fixtures_match_the_generator(tmp_path):
    names = generated_names(make_sample.build_fixtures, tmp_path)
    # The truncated .docx has no text to compare; its bytes must match.
    assert_same_output(tmp_path, FIXTURES, names, containers={})


# ---- decoding fixtures -----------------------------------------------------------

def test_decode_fixtures_hold_the_stated_encodings():
    read = lambda name: (FIXTURES / name).read_bytes()
    assert read("decode_utf8_bom.txt") == b"\xef\xbb\xbf" + make_sample.DECODE_TEXT.encode("utf-8")
    assert read("decode_utf16.txt")[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert read("decode_utf16.txt").decode("utf-16") == make_sample.DECODE_TEXT
    assert read("decode_gb18030.txt").decode("gb18030") == make_sample.DECODE_TEXT_GB18030
    with pytest.raises(UnicodeDecodeError):
        read("decode_gb18030.txt").decode("gbk")
    assert read("decode_big5.txt").decode("big5") == make_sample.DECODE_TEXT_TRADITIONAL
    assert read("decode_empty.txt") == b""
    assert len(read("decode_binary.txt")) == 2048 and fails_as_utf8(read("decode_binary.txt"))
    with pytest.raises(zipfile.BadZipFile):
        docx.Document(io.BytesIO(read("decode_corrupt.docx")))


# ---- fact fixtures ---------------------------------------------------------------

METRICS = {
    "rectification.tasks_total", "rectification.tasks_completed", "rectification.tasks_incomplete",
    "petitions.received", "petitions.accepted", "petitions.assigned", "petitions.closed",
    "petitions.partially_closed", "petitions.by_pollution_type", "petitions.by_industry", "petitions.change_pct",
    "enforcement.ordered_to_rectify", "enforcement.penalty_cases", "enforcement.fines",
    "enforcement.criminal_cases", "enforcement.detained",
    "accountability.interviewed", "accountability.held_accountable", "accountability.disciplined",
    "accountability.criticized", "indicator",
}
POLLUTION = {"water", "air", "soil", "noise", "ecology", "solid_waste", "radiation", "other"}
FACT_FIXTURES = sorted(FIXTURES.glob("facts_*.txt"))


def expected_facts(path: Path) -> list[dict]:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["facts"]


def test_there_is_a_fact_fixture_for_every_metric():
    seen = {f["metric"] for path in FACT_FIXTURES for f in expected_facts(path)}
    assert seen == METRICS


@pytest.mark.parametrize("path", FACT_FIXTURES, ids=lambda p: p.stem)
def test_fact_fixture_is_consistent(path):
    text = path.read_text(encoding="utf-8")
    for fact in expected_facts(path):
        assert set(fact) - {"value_high"} == {"metric", "category", "value", "unit", "approx", "redacted", "evidence"}
        assert fact["metric"] in METRICS
        assert fact["evidence"] in text
        assert fact["redacted"] == (fact["value"] is None)
        if fact["metric"] == "petitions.by_pollution_type":
            assert fact["category"] in POLLUTION
        elif fact["metric"].startswith(("rectification.",)):
            assert fact["category"] in {"all", "common", "specific"}
        elif fact["metric"] == "petitions.closed":
            assert fact["category"] in {"all", "incl_partial"}
        elif fact["metric"] not in ("petitions.by_industry", "indicator"):
            assert fact["category"] == "all"


def test_counts_that_are_not_facts_expect_nothing():
    assert expected_facts(FIXTURES / "facts_not_facts.txt") == []
