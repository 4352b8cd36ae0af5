"""A run of fewer tables (`--tables facts`): only the stages those tables need run, the tables it
writes are the same rows a full run writes, the counts it cannot know are null, and its cache
entries never serve a run of other tables."""
import json

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline import run
from pipeline.cli import app
from pipeline.export import read_table
from pipeline.records import TABLES
from pipeline.resources import Resources, Settings, fingerprint


@pytest.mark.parametrize("asked, selected", [
    (None, TABLES),
    (["facts"], ("documents", "facts", "checks")),
    (["checks"], ("documents", "facts", "checks")),
    (["measures"], ("documents", "measures")),
    (["sentences", " facts "], ("documents", "facts", "sentences", "checks")),
    (["documents"], ("documents",)),
    (["measures", "documents", "sentences"], ("documents", "sentences", "measures")),
    (["facts", ""], ("documents", "facts", "checks")),  # (a trailing comma)
])
def test_selected_tables(asked, selected):
    assert run.selected_tables(asked) == selected


@pytest.mark.parametrize("asked", [["fact"], ["facts", "panel"], ["Facts"]])
def test_an_unknown_table_is_refused_with_the_choices(asked):
    with pytest.raises(ValueError, match="unknown table .*choose among documents, facts, sentences"):
        run.selected_tables(asked)


@pytest.mark.parametrize("tables, stages", [
    (TABLES, ("decode", "normalize", "segment", "metadata", "facts", "classify", "measures", "disclosure", "pages")),
    (("documents",), ("decode", "normalize", "metadata", "pages")),
    (("documents", "facts", "checks"), ("decode", "normalize", "metadata", "facts", "pages")),
    (("documents", "sentences"), ("decode", "normalize", "segment", "metadata", "classify", "disclosure", "pages")),
    (("documents", "measures"), ("decode", "normalize", "segment", "metadata", "classify", "measures", "pages")),
])
def test_plan_runs_only_the_stages_the_tables_need(tables, stages):
    assert tuple(s.__name__ for s in run.plan(tables)) == stages


@pytest.mark.parametrize("tables, halves", [
    (TABLES, {"measures": ("decode", "normalize", "measures_found"),
              "others": ("decode", "normalize", "segment", "metadata", "facts", "classify", "disclosure")}),
    (("documents", "measures"), {"measures": ("decode", "normalize", "measures_found"),
                                 "others": ("decode", "normalize", "segment", "metadata", "classify")}),
])
def test_the_halves_of_a_long_document_follow_the_plan(tables, halves):
    assert {h: tuple(s.__name__ for s in run.half_stages(h, tables)) for h in halves} == halves


def test_a_facts_run_loads_no_dictionary_classifier_or_reference():
    res = Resources(Settings(tables=("documents", "facts", "checks"))).load_all()
    assert not {"segmenter", "measure_segmenter", "classifier", "reference", "measure_rules"} & set(vars(res))


def test_the_fingerprint_tells_selections_apart():
    assert fingerprint(Settings()) == fingerprint(Settings(tables=TABLES))
    assert fingerprint(Settings()) != fingerprint(Settings(tables=("documents", "facts", "checks")))


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("督察组交办的36件群众信访举报件已办结35件。\n坚持问题导向，压实整改责任。\n"
                                  "2023年底前完成全部12家企业搬迁。", encoding="utf-8")
    (folder / "b.txt").write_text("湖南省常德市立案处罚24家企业，罚款120万元，问责8人。", encoding="utf-8")
    (folder / "c.docx").write_bytes(b"PK\x03\x04 broken")
    return folder


def _extract(archive, out, **kw):
    kw = {"workers": 1, "engine": "serial", "cache": False, **kw}
    return run.extract([archive], out, **kw)


def test_a_facts_run_writes_the_full_runs_facts_and_checks(tmp_path, archive):
    _extract(archive, tmp_path / "all")
    summary = _extract(archive, tmp_path / "facts", tables=["facts"])
    written = {p.name for p in (tmp_path / "facts").iterdir()}
    assert written == {"documents.parquet", "facts.parquet", "checks.parquet", "run.json", "CODEBOOK.md",
                       "codebook.json"}
    for name in ("facts", "checks"):
        pd.testing.assert_frame_equal(read_table(tmp_path / "all", name), read_table(tmp_path / "facts", name))
    assert summary.facts == len(read_table(tmp_path / "all", "facts")) > 0
    assert summary.written() == f"{summary.facts} facts"
    assert json.loads((tmp_path / "facts" / "run.json").read_text())["tables"] == ["documents", "facts", "checks"]


def test_the_documents_row_has_null_counts_and_scores_for_what_was_not_run(tmp_path, archive):
    _extract(archive, tmp_path / "all")
    _extract(archive, tmp_path / "facts", tables=["facts"])
    full, part = (read_table(tmp_path / d, "documents").set_index("doc_id") for d in ("all", "facts"))
    assert list(part.index) == ["a", "b", "c"] and list(part.status) == ["ok", "ok", "error"]
    for column in ("n_sentences", "n_measures", "specificity", "concrete_share", "boilerplate_share"):
        assert part[column].isna().all(), column
    for column in ("status", "error", "text", "doc_type", "admin_level", "region", "round", "n_facts",
                   "n_checks_failed"):
        pd.testing.assert_series_equal(full[column], part[column])
    assert full.loc["a", "n_sentences"] == 3


def test_a_measures_run_writes_the_full_runs_measures(tmp_path, archive):
    _extract(archive, tmp_path / "all")
    _extract(archive, tmp_path / "m", tables=["measures"])
    assert {p.stem for p in (tmp_path / "m").glob("*.parquet")} == {"documents", "measures"}
    pd.testing.assert_frame_equal(read_table(tmp_path / "all", "measures"), read_table(tmp_path / "m", "measures"))
    assert read_table(tmp_path / "m", "documents")["n_facts"].isna().all()


def test_csv_and_xlsx_hold_the_selected_tables_only(tmp_path, archive):
    _extract(archive, tmp_path / "csv", fmt="csv", tables=["facts"])
    assert {p.name for p in (tmp_path / "csv").glob("*.csv")} == {"documents.csv", "facts.csv", "checks.csv"}
    assert (tmp_path / "csv" / "facts.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    _extract(archive, tmp_path / "xlsx", fmt="xlsx", tables=["facts"])
    sheets = openpyxl.load_workbook(tmp_path / "xlsx" / "tables.xlsx", read_only=True).sheetnames
    assert sheets == ["documents", "facts", "checks", "codebook"]


def test_the_cache_of_a_facts_run_never_serves_a_full_run(tmp_path, archive):
    cache = tmp_path / "cache"
    _extract(archive, tmp_path / "f1", cache=True, cache_dir=cache, tables=["facts"])
    full = _extract(archive, tmp_path / "all", cache=True, cache_dir=cache)
    assert full.reused_run is None and full.sentences > 0
    assert len(read_table(tmp_path / "all", "sentences")) == full.sentences
    again = _extract(archive, tmp_path / "f2", cache=True, cache_dir=cache, tables=["facts"])
    assert again.reused_run is not None and again.tables == ("documents", "facts", "checks")
    for name in ("documents", "facts", "checks"):
        pd.testing.assert_frame_equal(read_table(tmp_path / "f1", name), read_table(tmp_path / "f2", name))
    assert not (tmp_path / "f2" / "sentences.parquet").exists()


def test_cached_documents_of_a_facts_run_give_the_same_tables(tmp_path, archive):
    """Per-document and per-group entries (not the whole-run copy): one more file makes another run."""
    cache = tmp_path / "cache"
    _extract(archive, tmp_path / "f1", cache=True, cache_dir=cache, tables=["facts"])
    (archive / "d.txt").write_text("已办结信访件12件。", encoding="utf-8")
    again = _extract(archive, tmp_path / "f2", cache=True, cache_dir=cache, tables=["facts"])
    fresh = _extract(archive, tmp_path / "f3", tables=["facts"])
    assert again.reused_run is None and again.facts == fresh.facts
    for name in ("documents", "facts", "checks"):
        pd.testing.assert_frame_equal(read_table(tmp_path / "f2", name), read_table(tmp_path / "f3", name))


def test_cli_tables(tmp_path, archive):
    runner = CliRunner()
    bad = runner.invoke(app, ["extract", str(archive), "--out", str(tmp_path / "x"), "--tables", "facts,panel",
                              "--no-cache", "-q", "-j", "1"])
    assert bad.exit_code == 2 and "unknown table panel" in bad.output and not (tmp_path / "x").exists()
    ok = runner.invoke(app, ["extract", str(archive), "--out", str(tmp_path / "y"), "--tables", "facts",
                             "--no-cache", "-q", "-j", "1"])
    assert ok.exit_code == 0, ok.output
    facts = len(read_table(tmp_path / "y", "facts"))
    assert f"; wrote {facts} facts to " in ok.output and "sentences" not in ok.output


def test_two_worker_processes_give_the_serial_tables_of_a_facts_run(tmp_path, archive):
    _extract(archive, tmp_path / "serial", tables=["facts"])
    _extract(archive, tmp_path / "pool", tables=["facts"], workers=2, engine="process")
    for name in ("documents", "facts", "checks"):
        pd.testing.assert_frame_equal(read_table(tmp_path / "serial", name), read_table(tmp_path / "pool", name))
    assert not (tmp_path / "pool" / "sentences.parquet").exists()
