"""The second pass for a large run: boilerplate_share against the run's own corpus.

Lang & Stice-Lawrence define boilerplate by how common a 4-gram is across the corpus being
studied, which is only known once every document has been read. The first pass counts each
4-gram's document frequency (memory grows with the vocabulary of 4-grams, not with the number
of documents); this pass re-reads the written sentences table one document at a time and
rewrites the two boilerplate columns of `documents`.
"""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .disclosure import DOC_SHARE_MAX, DOC_SHARE_MIN, BoilerplateReference, boilerplate_share
from .export import SCHEMAS, _csv_schema
from .normalize import normalized


def run_reference(doc_freq: Counter, n_docs: int) -> BoilerplateReference:
    grams = {g for g, k in doc_freq.items() if DOC_SHARE_MIN <= k / n_docs <= DOC_SHARE_MAX}
    return BoilerplateReference(grams, f"current run ({n_docs} documents)", n_docs)


def apply_run_reference(out_dir: str | Path, fmt: str, segmenter, reference: BoilerplateReference) -> None:
    out_dir = Path(out_dir)
    shares = {doc_id: boilerplate_share([normalized(t).text for t in texts], segmenter, reference)
              for doc_id, texts in _sentences_by_doc(out_dir, fmt)}
    path = out_dir / f"documents.{fmt}"
    tmp = path.with_suffix(f".{fmt}.tmp")
    schema = SCHEMAS["documents"] if fmt == "parquet" else _csv_schema(SCHEMAS["documents"])
    writer = pq.ParquetWriter(tmp, schema) if fmt == "parquet" else pacsv.CSVWriter(tmp, schema)
    with writer:
        for batch in _batches(path, fmt, schema):
            rows = batch.to_pylist()
            for row in rows:
                if row["doc_id"] in shares and row["status"] == "ok":
                    row["boilerplate_share"] = shares[row["doc_id"]]
                    row["boilerplate_reference"] = reference.name
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    os.replace(tmp, path)


def _batches(path: Path, fmt: str, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    if fmt == "parquet":
        yield from pq.ParquetFile(path).iter_batches(batch_size=256)
    else:
        options = pacsv.ConvertOptions(column_types=schema)
        yield from pacsv.open_csv(path, convert_options=options)


def _sentences_by_doc(out_dir: Path, fmt: str) -> Iterator[tuple[str, list[str]]]:
    """(doc_id, sentence texts), one document at a time (the table is written in document order)."""
    schema = SCHEMAS["sentences"]
    current, texts = None, []
    for batch in _batches(out_dir / f"sentences.{fmt}", fmt, schema):
        for doc_id, text in zip(batch.column("doc_id").to_pylist(), batch.column("text").to_pylist()):
            if doc_id != current and current is not None:
                yield current, texts
                texts = []
            current = doc_id
            texts.append(text)
    if current is not None:
        yield current, texts
