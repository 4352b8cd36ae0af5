"""Records -> Arrow tables with explicit schemas, written incrementally as Parquet or CSV."""
from __future__ import annotations

import dataclasses
import sys
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .background import Background
from .records import TABLES, Document

_str, _f64, _i64, _bool = pa.string(), pa.float64(), pa.int64(), pa.bool_()

META_FIELDS = [
    ("doc_type", _str), ("admin_level", _str), ("region", _str), ("region_code", _str), ("province", _str),
    ("round", _i64), ("is_lookback", _bool), ("batch", _i64), ("inspection_group", _i64),
    ("entry_date", _str), ("feedback_date", _str), ("report_date", _str),
]
SCORE_FIELDS = [
    ("boilerplate_share", _f64), ("specificity", _f64), ("redundancy", _f64), ("concrete_share", _f64),
    ("stickiness", _f64), ("boilerplate_reference", _str),
]

SCHEMAS = {
    "documents": pa.schema([
        ("doc_id", _str), ("source", _str), ("format", _str), ("encoding", _str), ("sha256", _str),
        ("bytes", _i64), ("status", _str), ("error", _str), ("text", _str), ("text_norm", _str),
        *META_FIELDS, *SCORE_FIELDS,
        ("parent_url", _str), ("published_date", _str),
        ("n_sentences", _i64), ("n_facts", _i64), ("n_measures", _i64), ("n_checks_failed", _i64),
    ]),
    "facts": pa.schema([
        ("doc_id", _str), ("fact_idx", _i64), ("metric", _str), ("category", _str), ("value", _f64),
        ("value_high", _f64), ("unit", _str), ("approx", _bool), ("redacted", _bool), ("evidence", _str),
        ("char_start", _i64), ("char_end", _i64), ("extractor", _str), ("rule", _str),
        ("subject_region", _str), ("subject_region_code", _str), ("as_of", _str), ("basis", _str),
        ("page", _i64),
    ]),
    "sentences": pa.schema([
        ("doc_id", _str), ("sent_idx", _i64), ("text", _str), ("char_start", _i64), ("char_end", _i64),
        ("label", _str), ("score", _f64), ("tokens", _str), ("page", _i64),
    ]),
    "measures": pa.schema([
        ("doc_id", _str), ("measure_idx", _i64), ("text", _str), ("char_start", _i64), ("char_end", _i64),
        ("action", _str), ("domain", _str), ("status", _str), ("deadline", _str), ("responsible", _str),
        ("quantities", pa.list_(_str)), ("documents", pa.list_(_str)), ("concrete", _bool),
        ("rule", _str), ("problem", _str), ("deadline_text", _str),
    ]),
    "checks": pa.schema([
        ("doc_id", _str), ("check", _str), ("expected", _f64), ("found", _f64), ("passed", _bool), ("note", _str),
        ("subject_region", _str),
    ]),
}


_DOCUMENT_STRUCT = pa.struct(list(SCHEMAS["documents"]))


def _document_row(doc: Document, tables: tuple[str, ...] = TABLES) -> dict:
    """`tables`: the tables of the run; a count of records whose table the run does not write is
    null, not 0 (a run of facts alone does not know how many measures a document has)."""
    norm = getattr(doc.norm, "text", None)
    row = {
        "doc_id": doc.doc_id, "source": doc.source, "format": doc.format, "encoding": doc.encoding,
        "sha256": doc.sha256, "bytes": doc.bytes, "status": doc.status, "error": doc.error,
        "text": doc.text, "text_norm": norm,
        **{name: doc.meta.get(name) for name, _ in META_FIELDS},
        **{name: doc.scores.get(name) for name, _ in SCORE_FIELDS},
        "parent_url": doc.parent_url, "published_date": doc.published_date,
        "n_sentences": len(doc.sentences), "n_facts": len(doc.facts), "n_measures": len(doc.measures),
        "n_checks_failed": sum(not c.passed for c in doc.checks),
    }
    if tables != TABLES:
        for count, table in (("n_sentences", "sentences"), ("n_facts", "facts"), ("n_measures", "measures"),
                             ("n_checks_failed", "checks")):
            if table not in tables:
                row[count] = None
    return row


def _records(doc: Document, tables: tuple[str, ...] = TABLES) -> dict[str, list]:
    """The records behind each table of `tables` but `documents`."""
    records = {"facts": doc.facts, "sentences": doc.sentences, "measures": doc.measures, "checks": doc.checks}
    return {name: records[name] for name in tables if name != "documents"}


def _record_rows(doc_id: str, name: str, records: list) -> list[dict]:
    if name == "facts":
        return [{"doc_id": doc_id, "fact_idx": i, **_fields(f)} for i, f in enumerate(records)]
    return [{"doc_id": doc_id, **_fields(r)} for r in records]


def document_rows(doc: Document, tables: tuple[str, ...] = TABLES) -> dict[str, list[dict]]:
    """The rows one document contributes to each table of `tables`."""
    return {"documents": [_document_row(doc, tables)],
            **{name: _record_rows(doc.doc_id, name, records) for name, records in _records(doc, tables).items()}}


class _PandasWithheld:
    """An import finder under which `import pandas` fails (see `arrow_without_pandas`)."""

    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("pandas withheld from pyarrow by cepi")
        return None


def arrow_without_pandas() -> bool:
    """Keep pyarrow from importing pandas in a process that only builds and writes tables.

    pyarrow imports pandas on its first conversion of a Python list (`pa.array`), only to ask
    whether the list is a pandas object, which cepi's rows never are: a quarter of a second of
    every `cepi extract` start-up, and memory in each forked worker. pyarrow asks once and
    remembers the answer, so the question is answered "no pandas" here, with pandas withheld
    for that one moment. The answer holds for the rest of the process: pyarrow's own pandas
    conversions (`Table.to_pandas`) then fail. So the `cepi extract` command calls this (the
    command never uses pandas; its workers are forked from it); the library's `run.extract`
    does not, because a notebook calls it next to pandas. Does nothing when pandas is already
    imported; returns whether pyarrow now works without it."""
    if "pandas" in sys.modules:
        return False
    finder = _PandasWithheld()
    sys.meta_path.insert(0, finder)
    try:
        return not pa.lib._pandas_api.have_pandas  # private: pyarrow's lazy pandas shim
    except AttributeError:  # another pyarrow: its first conversion imports pandas as before
        return False
    finally:
        sys.meta_path.remove(finder)


@lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _fields(record) -> dict:
    """A record's fields as a dict (shallow: dataclasses.asdict deep-copies and was a third of
    the per-document time)."""
    return {name: getattr(record, name) for name in _field_names(type(record))}


def document_tables(doc: Document, tables: tuple[str, ...] = TABLES) -> dict[str, pa.Table]:
    """The rows of one document as Arrow tables; a worker builds them, the writer only appends.
    The same tables as `Table.from_pylist(document_rows(doc)[name], schema)` (see `documents_tables`)."""
    return documents_tables([doc], tables)[0]


def documents_tables(docs: list[Document], tables: tuple[str, ...] = TABLES) -> list[dict[str, pa.Table]]:
    """Each document's rows as Arrow tables, `document_tables` for several documents at once.

    A table's rows of all the documents are converted together (a struct value per row, the
    row a tuple: faster than a dict per row and a conversion per column), and each document
    gets its zero-copy slice. Arrow's fixed cost per conversion (a builder per column, then the
    struct split into columns: ~0.25 ms for the five tables) is paid once for a pool task's
    documents instead of once for each. A slice written as IPC (to the driver, to the cache)
    holds only its own rows."""
    built: list[dict[str, pa.Table]] = [{} for _ in docs]
    rows = [_document_row(doc, tables) for doc in docs]
    names = SCHEMAS["documents"].names
    table = pa.Table.from_struct_array(pa.array([tuple(row[name] for name in names) for row in rows],
                                                type=_DOCUMENT_STRUCT))
    for i, got in enumerate(built):
        got["documents"] = table.slice(i, 1)
    for name in tables:
        if name != "documents":
            _add_record_tables(name, docs, built)
    return built


def _add_record_tables(name: str, docs: list[Document], built: list[dict[str, pa.Table]]) -> None:
    """The `name` table of each document (facts, sentences, measures or checks) into `built`."""
    values, spans = [], []  # (spans: index of the document, first row, rows)
    for i, doc in enumerate(docs):
        records = getattr(doc, name)
        if not records:
            built[i][name] = _empty_table(name)
            continue
        layout = _row_layout(name, type(records[0]))
        if layout is None:  # a record type whose fields are not the schema's columns
            built[i][name] = pa.Table.from_pylist(_record_rows(doc.doc_id, name, records), schema=SCHEMAS[name])
            continue
        fields = layout[1]
        doc_id = doc.doc_id
        spans.append((i, len(values), len(records)))
        if name == "facts":
            values += [(doc_id, k) + v for k, v in enumerate(map(fields, records))]
        else:
            lead = (doc_id,)
            values += [lead + v for v in map(fields, records)]
    if not spans:
        return
    table = pa.Table.from_struct_array(pa.array(values, type=_row_struct(name)))
    for i, first, count in spans:
        built[i][name] = table.slice(first, count)


@lru_cache(maxsize=None)
def _empty_table(name: str) -> pa.Table:
    """The table without rows (Arrow tables are immutable: one serves every document without such
    records, as a facts-only run's sentences, measures and checks; building one took 30-70 µs)."""
    return SCHEMAS[name].empty_table()


@lru_cache(maxsize=None)
def _row_layout(name: str, cls: type):
    """(struct type of the table's schema, getter of a record's values as a tuple) when a row is
    doc_id (and fact_idx in facts) then fields of `cls`, as in `document_rows`; else None."""
    schema = SCHEMAS[name]
    lead = ["doc_id", "fact_idx"] if name == "facts" else ["doc_id"]
    rest = schema.names[len(lead):]
    if schema.names[:len(lead)] != lead or len(rest) < 2 or not set(rest) <= set(_field_names(cls)):
        return None
    return _row_struct(name), attrgetter(*rest)


@lru_cache(maxsize=None)
def _row_struct(name: str) -> pa.StructType:
    """The struct type of a row of the table `name`."""
    return pa.struct(list(SCHEMAS[name]))


class TableWriter:
    """Buffers rows per table and appends them to one file per table; schemas fixed up front,
    so an empty table is still written with its columns.

    The files are written by a thread of their own (Arrow encodes and compresses without holding
    the GIL), so writing overlaps reading the next documents: on a re-run served from the cache
    writing is the largest single cost. At most QUEUED batches wait for it, so memory stays
    bounded; an error in the thread (a full disk) is raised by the next `add` or by `close`."""

    QUEUED = 2

    def __init__(self, out_dir: str | Path, fmt: str = "parquet", batch_docs: int = 200,
                 tables: tuple[str, ...] = TABLES):
        if fmt not in ("parquet", "csv"):
            raise ValueError(f"unknown output format {fmt!r}: use parquet or csv")
        self.out_dir, self.fmt, self.batch_docs = Path(out_dir), fmt, batch_docs
        self.tables = tables  # the tables written (run.selected_tables), in TABLES order
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._rows = {name: [] for name in tables}
        self._parts: dict[str, list[pa.Table]] = {name: [] for name in tables}
        self._writers: dict = {}
        self._started: set[str] = set()  # tables with a batch handed to the thread
        self._pending = 0
        self._jobs = Background("cepi-table-writer", self.QUEUED)

    def add(self, doc: Document) -> None:
        tables = getattr(doc, "tables", None)  # rows already built as Arrow tables (a worker, the cache)
        if tables is None:
            for name, rows in document_rows(doc, self.tables).items():
                self._rows[name].extend(rows)
        else:
            for name in self.tables:
                self._to_parts(name)  # keep document order
                self._parts[name].append(tables[name])
        self._pending += 1
        if self._pending >= self.batch_docs:
            self.flush()

    def _to_parts(self, name: str) -> None:
        if self._rows[name]:
            self._parts[name].append(pa.Table.from_pylist(self._rows[name], schema=SCHEMAS[name]))
            self._rows[name].clear()

    def flush(self) -> None:
        batch = {}
        for name in self.tables:
            self._to_parts(name)
            parts = self._parts[name]
            if parts or name not in self._started:
                batch[name] = pa.concat_tables(parts) if parts else pa.Table.from_pylist([], schema=SCHEMAS[name])
                self._started.add(name)
            parts.clear()
        self._pending = 0
        self._raise_error()
        if batch:
            self._jobs.submit(self._write_batch, batch)

    def _write_batch(self, batch: dict[str, pa.Table]) -> None:
        for name, table in batch.items():
            self._write(name, table)

    def _raise_error(self) -> None:
        if self._jobs.error is not None:
            raise self._jobs.error

    def _write(self, name: str, table: pa.Table) -> None:
        if name not in self._writers:
            path = self.out_dir / f"{name}.{self.fmt}"
            if self.fmt == "parquet":
                self._writers[name] = pq.ParquetWriter(path, table.schema)
            else:
                self._writers[name] = pacsv.CSVWriter(path, _csv_schema(table.schema))
        if self.fmt == "csv":
            table = _csv_table(table)
        if table.num_rows:
            self._writers[name].write_table(table)

    def close(self) -> None:
        if self._jobs.open:
            try:
                self.flush()
            finally:
                self._jobs.close()
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()
        self._raise_error()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _csv_schema(schema: pa.Schema) -> pa.Schema:
    return pa.schema([(f.name, _str if pa.types.is_list(f.type) else f.type) for f in schema])


def _csv_table(table: pa.Table) -> pa.Table:
    """CSV has no lists: a list cell becomes its items joined by '; '."""
    cols = []
    for field, col in zip(table.schema, table.columns):
        if pa.types.is_list(field.type):
            col = pa.array(["; ".join(v) if v is not None else None for v in col.to_pylist()], _str)
        cols.append(col)
    return pa.table(cols, schema=_csv_schema(table.schema))


def read_table(out_dir: str | Path, name: str):
    """Read a written table back as a pandas DataFrame (parquet or csv)."""
    import pandas as pd

    out_dir = Path(out_dir)
    if (out_dir / f"{name}.parquet").exists():
        return pd.read_parquet(out_dir / f"{name}.parquet")
    return pd.read_csv(out_dir / f"{name}.csv")
