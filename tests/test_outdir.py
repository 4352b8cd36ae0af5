"""The output folder: never damaged by a failed or interrupted run, checked before anything is written."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline import run
from pipeline.cli import app
from pipeline.export import SCHEMAS, read_table
from pipeline.outdir import OutputError, output_folder

runner = CliRunner()
TEXT = "督察组交办的48件群众信访举报件已办结46件。"


@pytest.fixture
def corpus(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    (src / "b.txt").write_text("立案处罚24家，罚款59.152万元。", encoding="utf-8")
    return src


def cli(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_run_json_codebook_and_tables(corpus, tmp_path):
    out = tmp_path / "out"
    result = cli("extract", corpus, "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "CODEBOOK.md", "checks.parquet", "codebook.json", "documents.parquet", "facts.parquet", "measures.parquet",
        "run.json", "sentences.parquet"]
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert record["complete"] is True and record["generator"] == "cepi"
    assert record["inputs"] == [str(corpus)] and record["format"] == "parquet"
    assert (record["documents"], record["status_counts"], record["facts"]) == (2, {"ok": 2}, 4)
    assert len(record["resources_sha256"]) == 64 and record["cepi_version"]
    assert record["started"] <= record["finished"]
    assert (out / "CODEBOOK.md").read_text(encoding="utf-8") == Path("CODEBOOK.md").read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".out.cepi-*"))  # no temporary folder left


def test_csv_has_a_bom_and_replaces_the_parquet_tables(corpus, tmp_path):
    out = tmp_path / "out"
    assert cli("extract", corpus, "--out", out).exit_code == 0
    assert cli("extract", corpus, "--out", out, "--format", "csv").exit_code == 0
    assert not list(out.glob("*.parquet"))
    raw = (out / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf\"doc_id\"")
    docs = pd.read_csv(out / "documents.csv")
    assert list(docs.columns)[0] == "doc_id" and list(docs.doc_id) == ["a", "b"]
    facts = read_table(out, "facts")
    assert sorted(facts.value) == [24, 46, 48, 591520]


def test_xlsx_workbook_has_a_sheet_per_table_and_the_codebook(corpus, tmp_path):
    import openpyxl

    out = tmp_path / "out"
    assert cli("extract", corpus, "--out", out, "--format", "xlsx").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["CODEBOOK.md", "codebook.json", "run.json", "tables.xlsx"]
    book = openpyxl.load_workbook(out / "tables.xlsx", read_only=True)
    assert book.sheetnames == ["documents", "facts", "sentences", "measures", "checks", "codebook"]
    facts = list(book["facts"].iter_rows(values_only=True))
    assert list(facts[0]) == SCHEMAS["facts"].names
    assert sorted(r[facts[0].index("value")] for r in facts[1:]) == [24, 46, 48, 591520]
    codebook = list(book["codebook"].iter_rows(values_only=True))
    assert codebook[0] == ("table", "column", "type", "meaning")
    assert ("facts", "page") in {(r[0], r[1]) for r in codebook}


def test_missing_input_is_an_error_before_anything_is_written(corpus, tmp_path):
    out = tmp_path / "out"
    assert cli("extract", corpus, "--out", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = cli("extract", corpus, tmp_path / "nope.txt", "--out", out)
    assert result.exit_code == 2
    assert result.output == f"cepi: input not found: {tmp_path / 'nope.txt'}\n"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    fresh = tmp_path / "fresh"
    assert cli("extract", tmp_path / "nope", "--out", fresh).exit_code == 2 and not fresh.exists()


def test_out_inside_the_input_is_never_read(corpus):
    out = corpus / "results"
    for fmt in ("csv", "parquet"):
        if out.exists():
            (out / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")  # the folder was opened in Finder
        result = cli("extract", corpus, "--out", out, "--format", fmt)
        assert result.exit_code == 0, result.output
        docs = read_table(out, "documents")
        assert list(docs.doc_id) == ["a", "b"], fmt  # never results/documents etc.
    assert (out / ".DS_Store").exists()  # hidden entries of the previous folder are carried over


def test_folder_problems_are_one_line_errors(corpus, tmp_path):
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "draft.docx").write_bytes(b"mine")
    cases = [
        (a_file, f"cepi: --out {a_file} is a file, not a folder\n"),
        (a_file / "out", f"cepi: cannot create --out {a_file / 'out'}: {a_file} is a file\n"),
        (corpus, f"cepi: --out {corpus} is an input or holds the input {corpus}: choose another output folder\n"),
        (tmp_path, f"cepi: --out {tmp_path} is an input or holds the input {corpus}: choose another output folder\n"),
    ]
    opened = tmp_path / "opened"
    opened.mkdir()
    (opened / "~$tables.xlsx").write_bytes(b"lock")
    cases.append((opened, f"cepi: --out {opened}: a table is open in Excel (~$tables.xlsx): close it first\n"))
    for out, message in cases:
        result = cli("extract", corpus, "--out", out)
        assert (result.exit_code, result.output) == (2, message)
    # A folder holding files cepi did not write (notes, a log being written) gets the tables beside
    # them: a run replaces cepi's own files and nothing else.
    assert cli("extract", corpus, "--out", notes).exit_code == 0
    assert cli("extract", corpus, "--out", notes).exit_code == 0
    assert (notes / "draft.docx").read_bytes() == b"mine"
    assert list(read_table(notes, "documents").doc_id) == ["a", "b"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_parent_is_a_one_line_error(corpus, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = cli("extract", corpus, "--out", locked / "out")
        assert (result.exit_code, result.output) == (2, f"cepi: cannot write to {locked}: permission denied\n")
    finally:
        locked.chmod(0o700)


def test_a_crash_leaves_the_previous_result_intact(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert cli("extract", corpus, "--out", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(run, "_extract_tables", boom)
    with pytest.raises(OSError, match="disk full"):
        run.extract([corpus], out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not list(tmp_path.glob(".out.cepi-*"))


def test_output_folder_api_rejects_unknown_formats(corpus, tmp_path):
    with pytest.raises(OutputError, match="unknown output format 'json'"):
        with output_folder(tmp_path / "out", "json", [corpus]):
            pass


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_run_leaves_the_previous_result_intact(corpus, tmp_path, sig):
    out = tmp_path / "out"
    assert cli("extract", corpus, "--out", out, "--format", "csv").exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    big = tmp_path / "big"
    big.mkdir()
    for i in range(1500):  # long enough to be stopped midway
        (big / f"{i:04d}.txt").write_text(f"第{i}批：{TEXT}立案处罚24家，罚款59.152万元。", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    # --no-cache: the other parameter's run (interrupted midway) cached some of these same texts
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(big), "--out", str(out),
                             "--format", "csv", "--no-cache"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    tmp = tmp_path / f".out.cepi-tmp-{proc.pid}"
    deadline, started = time.monotonic() + 120, None
    while proc.poll() is None and time.monotonic() < deadline:  # wait until the run is well under way:
        if tmp.exists():                                         # first rows written, or a few seconds in
            started = started or time.monotonic()
            if (tmp / "documents.csv").exists() or time.monotonic() - started > 3:
                break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == f"cepi: interrupted: the previous result in {out} is intact"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not tmp.exists()


def test_xlsx_cells_fit_excel():
    from pipeline.xlsx import CELL_LIMIT, TRUNCATED, cell

    long = cell("字" * 40_000)
    assert len(long) == CELL_LIMIT and long.endswith(TRUNCATED)
    assert cell("a\x00b\x0bc") == "abc" and cell(["46件", "2个"]) == "46件; 2个" and cell(None) is None and cell(3) == 3
