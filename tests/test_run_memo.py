"""Whole runs cached (run_memo.py): an unchanged archive with unchanged rules gets its earlier
tables copied; anything that changes a table (a file's content or name, the format) runs normally."""
import json

import pandas as pd
import pytest

from pipeline import run
from pipeline.export import read_table
from pipeline.run_memo import KEEP, RunMemo

TABLES = ("documents", "facts", "sentences", "measures", "checks")


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("督察组交办的36件群众信访举报件已办结35件。坚持问题导向。", encoding="utf-8")
    (folder / "b.txt").write_text("全市立案处罚24家企业，罚款120万元。", encoding="utf-8")
    (folder / "c.docx").write_bytes(b"PK\x03\x04 broken")
    return folder


@pytest.fixture
def processed(monkeypatch):
    """The doc_ids the stages process during the test."""
    calls = []
    real = run.process_documents
    monkeypatch.setattr(run, "process_documents",
                        lambda docs, res: calls.extend(d.doc_id for d in docs) or real(docs, res))
    return calls


def _extract(inputs, out, cache, **kw):
    summary = run.extract(inputs, out, workers=1, engine="serial", cache=True, cache_dir=cache, **kw)
    return summary, {name: read_table(out, name) for name in TABLES}


def _same(a, b):
    for name in TABLES:
        pd.testing.assert_frame_equal(a[name], b[name])


def test_an_unchanged_rerun_copies_the_stored_tables(tmp_path, archive, processed):
    cache = tmp_path / "cache"
    first, first_tables = _extract([archive], tmp_path / "out1", cache)
    assert sorted(processed) == ["a", "b", "c"] and first.reused_run is None
    processed.clear()
    again, again_tables = _extract([archive], tmp_path / "out2", cache)
    assert processed == [] and again.reused_run
    _same(first_tables, again_tables)
    assert (again.files, dict(again.status), again.facts, again.sentences, again.measures, again.errors) == (
        first.files, dict(first.status), first.facts, first.sentences, first.measures, first.errors)
    record = json.loads((tmp_path / "out2" / "run.json").read_text(encoding="utf-8"))
    assert record["tables_from_cached_run"] == again.reused_run and record["facts"] == first.facts


@pytest.mark.parametrize("change", ["content", "name", "added", "removed"])
def test_a_changed_archive_runs_and_matches_a_fresh_run(tmp_path, archive, processed, change):
    cache = tmp_path / "cache"
    _extract([archive], tmp_path / "out1", cache)
    if change == "content":
        (archive / "b.txt").write_text("全市立案处罚25家企业，罚款120万元。", encoding="utf-8")
    elif change == "name":
        (archive / "b.txt").rename(archive / "b2.txt")
    elif change == "added":
        (archive / "d.txt").write_text("问责干部12人。", encoding="utf-8")
    else:
        (archive / "b.txt").unlink()
    processed.clear()
    again, again_tables = _extract([archive], tmp_path / "out2", cache)
    assert again.reused_run is None
    assert len(processed) <= 1  # at most the changed file; the others come from cache.py's entries
    fresh = run.extract([archive], tmp_path / "fresh", workers=1, engine="serial", cache=False)
    _same({name: read_table(tmp_path / "fresh", name) for name in TABLES}, again_tables)
    assert again.facts == fresh.facts


def test_another_format_is_another_run(tmp_path, archive, processed):
    cache = tmp_path / "cache"
    _extract([archive], tmp_path / "out1", cache)
    summary = run.extract([archive], tmp_path / "out_csv", fmt="csv", workers=1, engine="serial", cache=True,
                          cache_dir=cache)
    assert summary.reused_run is None and (tmp_path / "out_csv" / "facts.csv").is_file()


def test_showing_documents_needs_them_so_nothing_is_copied(tmp_path, archive):
    cache = tmp_path / "cache"
    _extract([archive], tmp_path / "out1", cache)
    seen = []
    summary, _ = _extract([archive], tmp_path / "out2", cache, on_document=lambda doc: seen.append(doc.doc_id))
    assert summary.reused_run is None and sorted(seen) == ["a", "b", "c"]


def test_a_first_run_reads_its_files_once(tmp_path, archive, monkeypatch):
    reads = []
    real = run.iter_documents
    monkeypatch.setattr(run, "iter_documents", lambda inputs: reads.append(1) or real(inputs))
    _extract([archive], tmp_path / "out1", tmp_path / "cache")
    assert len(reads) == 1


def test_a_damaged_entry_is_a_miss(tmp_path, archive, processed):
    cache = tmp_path / "cache"
    _, first_tables = _extract([archive], tmp_path / "out1", cache)
    (entry,) = list(cache.glob("*/runs/*"))
    (entry / "facts.parquet").unlink()
    again, again_tables = _extract([archive], tmp_path / "out2", cache)
    assert again.reused_run is None
    _same(first_tables, again_tables)
    (entry,) = list(cache.glob("*/runs/*"))  # stored anew
    (entry / "summary.json").write_text("{not json", encoding="utf-8")
    third, third_tables = _extract([archive], tmp_path / "out3", cache)
    assert third.reused_run is None
    _same(first_tables, third_tables)


@pytest.fixture
def memo_and_tables(tmp_path):
    """A run memo and an output folder holding (stand-ins for) the five table files."""
    out = tmp_path / "out"
    out.mkdir()
    for name in TABLES:
        (out / f"{name}.parquet").write_bytes(b"rows")
    return RunMemo(tmp_path / "fp", "parquet"), out


@pytest.mark.parametrize("error", ["time budget of 1 s exceeded in stage 'facts'",
                                   "worker process died while processing this document (killed)"])
def test_a_run_with_a_document_out_of_time_or_whose_worker_died_is_not_stored(tmp_path, memo_and_tables, error):
    memo, out = memo_and_tables
    memo.save("k1", out, {"errors": [["x.txt", error]]})
    assert not memo.has_entries()
    memo.save("k2", out, {"errors": []})
    assert memo.has_entries() and memo.restore("k2", tmp_path / "out") == {"errors": []}


def test_only_the_most_recent_runs_are_kept(memo_and_tables):
    import os

    memo, out = memo_and_tables
    for i in range(KEEP + 2):
        memo.save(f"k{i}", out, {"errors": []})
        os.utime(memo.folder / f"k{i}", (1000 + i, 1000 + i))
    memo.save("last", out, {"errors": []})
    kept = sorted(p.name for p in memo.folder.iterdir())
    assert len(kept) == KEEP and "last" in kept and f"k{KEEP + 1}" in kept
