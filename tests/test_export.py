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


def _documents_of(kinds: str) -> list[Document]:
    """A document per letter: f full, e empty (an error row, no records), p partial records
    (a record type lacking columns), n no records but a documents row."""
    docs = []
    for i, kind in enumerate(kinds):
        if kind == "e":
            doc = Document(doc_id=f"e{i}", source=f"e{i}.txt").fail("file is empty", status="empty")
        else:
            doc = sample_doc()
            doc.doc_id = f"{kind}{i}"
            if kind == "p":
                doc.checks = [_PartialCheck("c", i % 2 == 0)]
            if kind == "n":
                doc.facts, doc.sentences, doc.measures, doc.checks = [], [], [], []
            doc.facts = doc.facts[: i % 3]  # documents of different lengths
        docs.append(doc)
    return docs


@pytest.mark.parametrize("kinds", ["f", "ff", "fef", "pfp", "nfn", "eee", "fpnef"])
def test_tables_built_together_are_each_documents_own(kinds):
    # documents_tables converts the rows of several documents at once and slices them: each
    # slice must be the table the document alone gives, and travel (IPC) as only its own rows.
    from pipeline.export import document_tables, documents_tables
    from pipeline.ipc import from_ipc, to_ipc

    docs = _documents_of(kinds)
    alone = [document_tables(d) for d in _documents_of(kinds)]
    together = documents_tables(docs)
    assert len(together) == len(docs)
    for own, built in zip(alone, together):
        assert list(built) == list(own)
        for name, table in built.items():
            assert table.schema == own[name].schema and table.equals(own[name]), name
            sent = to_ipc(table)
            assert from_ipc(sent).equals(own[name]) and len(sent) < len(to_ipc(own[name])) + 1024, name
    facts = [built["facts"].column("fact_idx").to_pylist() for built in together]
    assert facts == [own["facts"].column("fact_idx").to_pylist() for own in alone]


def test_an_error_while_writing_reaches_the_caller(tmp_path, monkeypatch):
    """The files are written by a thread: its failure (a full disk) must still stop the run."""
    def full_disk(self, name, table):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(TableWriter, "_write", full_disk)
    with pytest.raises(OSError, match="No space left"):
        with TableWriter(tmp_path, "parquet", batch_docs=1) as w:
            for i in range(5):
                w.add(sample_doc())
