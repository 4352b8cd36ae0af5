"""Tables round-trip through Parquet and CSV with stable schemas, even when empty."""
import dataclasses

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.export import SCHEMAS, TableWriter, read_table
from pipeline.records import Check, Document, Fact, Measure, Sentence


def sample_doc():
    text = "督察组交办的48件群众信访举报件已办结46件。"
    doc = Document(doc_id="d1", source="in/d1.txt", format="txt", encoding="utf-8", sha256="ab", bytes=60, text=text)
    doc.meta = {"doc_type": "notice", "admin_level": "county", "round": 2}
    doc.sentences = [Sentence(0, text, 0, len(text), "concrete", 0.97)]
    at = text.index("已办结46件")
    doc.facts = [Fact("petitions.closed", "all", 46.0, "件", False, False, "已办结46件", at, at + 6),
                 Fact("petitions.assigned", "all", None, "件", False, True, "交办的48件", 3, 9)]
    doc.measures = [Measure(0, text, 0, len(text), action="办结", quantities=["46件"], documents=[])]
    doc.checks = [Check("petitions closed + partially closed <= assigned", 36.0, 35.0, True)]
    return doc


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_round_trip(tmp_path, fmt):
    bad = Document(doc_id="bad", source="in/bad.docx", format="docx").fail("not a valid .docx: truncated or corrupt zip")
    with TableWriter(tmp_path, fmt) as w:
        w.add(sample_doc())
        w.add(bad)
    docs = read_table(tmp_path, "documents")
    assert list(docs["doc_id"]) == ["d1", "bad"]
    assert list(docs["status"]) == ["ok", "error"]
    assert docs.loc[1, "error"] == "not a valid .docx: truncated or corrupt zip"
    assert docs.loc[0, "n_facts"] == 2
    facts = read_table(tmp_path, "facts")
    assert facts.to_dict("records")[0]["evidence"] == "已办结46件"
    assert facts["value"].isna().tolist() == [False, True]
    assert facts["redacted"].tolist() == [False, True]
    text = docs.loc[0, "text"]
    for f in facts.to_dict("records"):
        assert text[f["char_start"]:f["char_end"]] == f["evidence"]
    measures = read_table(tmp_path, "measures")
    quantities = measures.loc[0, "quantities"]
    assert (list(quantities) if fmt == "parquet" else quantities) == (["46件"] if fmt == "parquet" else "46件")


def test_empty_tables_keep_their_schema(tmp_path):
    with TableWriter(tmp_path, "parquet") as w:
        w.add(Document(doc_id="e", source="e.txt", format="txt").fail("file is empty", status="empty"))
    for name, schema in SCHEMAS.items():
        assert pq.read_schema(tmp_path / f"{name}.parquet").names == schema.names
    assert len(pd.read_parquet(tmp_path / "facts.parquet")) == 0


def test_many_documents_stream_in_batches(tmp_path):
    with TableWriter(tmp_path, "parquet", batch_docs=3) as w:
        for i in range(10):
            doc = sample_doc()
            doc.doc_id = f"d{i}"
            w.add(doc)
    assert len(read_table(tmp_path, "documents")) == 10
    assert len(read_table(tmp_path, "facts")) == 20


@dataclasses.dataclass
class _PartialCheck:
    check: str
    passed: bool


def test_document_tables_are_the_rows_as_tables():
    # document_tables builds each table with one struct conversion; it must give exactly the
    # tables the plain row dicts give (column order, types, nulls, list cells, fact_idx, doc_id).
    import pyarrow as pa

    from pipeline.export import document_rows, document_tables

    doc = sample_doc()
    doc.scores = {"specificity": 0.5, "boilerplate_reference": "ref"}
    doc.facts.append(Fact("x", None, 1.0, None, True, False, "e", 0, 1, value_high=2.0, page=3))
    empty = Document(doc_id="e", source="e.txt").fail("file is empty", status="empty")
    partial = sample_doc()  # records lacking some columns: those are null, as in from_pylist
    partial.checks = [_PartialCheck("c", True)]
    for d in (doc, empty, partial):
        tables = document_tables(d)
        for name, rows in document_rows(d).items():
            want = pa.Table.from_pylist(rows, schema=SCHEMAS[name])
            assert tables[name].schema == want.schema and tables[name].equals(want), name
            if name != "sentences" and d is not partial:  # a sentence row also holds its normalized text
                assert tables[name].to_pylist() == rows
    assert document_tables(doc)["facts"].column("fact_idx").to_pylist() == [0, 1, 2]


def test_an_error_while_writing_reaches_the_caller(tmp_path, monkeypatch):
    """The files are written by a thread: its failure (a full disk) must still stop the run."""
    def full_disk(self, name, table):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(TableWriter, "_write", full_disk)
    with pytest.raises(OSError, match="No space left"):
        with TableWriter(tmp_path, "parquet", batch_docs=1) as w:
            for i in range(5):
                w.add(sample_doc())
