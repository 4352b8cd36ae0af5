"""The second pass for a large run: boilerplate_share against the run's own corpus.

Lang & Stice-Lawrence define boilerplate by how common a 4-gram is across the corpus being
studied, which is only known once every document has been read. During the first pass each
document carries, per sentence, its word count and the 64-bit hashes of its word 4-grams
(`sentence_grams`, computed in the worker from the tokens it already has). The driver
- counts each hash's document frequency in a count-min sketch (`RunGrams`): fixed memory
  (DEPTH x WIDTH 32-bit counters, 16 MiB) however many documents or distinct 4-grams the run has;
- spills the per-sentence hashes to a temporary file, one record per document.
The second pass reads the spill back one document at a time (nothing is segmented or normalized
again) and rewrites the two boilerplate columns of `documents`.

A count-min sketch never under-counts and over-counts by about (distinct 4-grams inserted) /
WIDTH at worst in one row, the minimum over DEPTH rows far less: under 0.01% of a 20,000-
document run's 30% threshold, so the reference is the exact one in practice (conservative update
keeps the error smaller still).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .disclosure import BOILERPLATE_NGRAM, DOC_SHARE_MAX, DOC_SHARE_MIN, ngrams
from .export import SCHEMAS, _csv_schema
from .records import Document

DEPTH, WIDTH = 4, 1 << 20
# Odd 64-bit multipliers: row r's column is a multiplicative hash of the 4-gram's 64-bit hash.
_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93],
                        dtype=np.uint64)[:DEPTH]


def gram_hash(gram: tuple[str, ...]) -> int:
    """A stable 64-bit hash (Python's hash() differs between processes)."""
    return int.from_bytes(hashlib.blake2b("\x1f".join(gram).encode("utf-8"), digest_size=8).digest(), "little")


def sentence_grams(sentence_words: list[list[str]]) -> list[tuple[int, np.ndarray]]:
    """Per sentence: (number of words, distinct 4-gram hashes) - what the second pass needs."""
    return [(len(words), np.unique(np.array([gram_hash(g) for g in ngrams(words, BOILERPLATE_NGRAM)],
                                            dtype=np.uint64)))
            for words in sentence_words]


def _columns(hashes: np.ndarray) -> np.ndarray:
    """DEPTH x len(hashes) column indices."""
    with np.errstate(over="ignore"):
        mixed = hashes[None, :] * _MULTIPLIERS[:, None]
    return (mixed >> np.uint64(64 - 20)).astype(np.int64) % WIDTH


class RunGrams:
    """Document frequencies of 4-gram hashes (count-min sketch) and a spill of each document's
    sentence grams, for the run-level boilerplate reference."""

    def __init__(self, folder: str | Path | None = None):
        self.n_docs = 0
        self._table: np.ndarray | None = None  # allocated on first use; untouched pages cost no RSS
        fd, name = tempfile.mkstemp(prefix="cepi-grams-", suffix=".pkl", dir=folder)
        self._path = Path(name)
        self._spill = os.fdopen(fd, "wb")

    def add(self, doc: Document) -> None:
        if doc.status != "ok" or doc.grams is None:
            return
        self.n_docs += 1
        pickle.dump((doc.doc_id, doc.grams), self._spill, protocol=pickle.HIGHEST_PROTOCOL)
        hashes = [h for _, h in doc.grams if len(h)]
        if not hashes:
            return
        distinct = np.unique(np.concatenate(hashes))
        if self._table is None:
            self._table = np.zeros((DEPTH, WIDTH), dtype=np.uint32)
        cols = _columns(distinct)
        rows = np.arange(DEPTH)[:, None]
        # conservative update: raise each counter only up to (current estimate + 1)
        estimate = self._table[rows, cols].min(axis=0)
        np.maximum.at(self._table, (np.broadcast_to(rows, cols.shape), cols), estimate + 1)

    def doc_freq(self, hashes: np.ndarray) -> np.ndarray:
        if self._table is None or not len(hashes):
            return np.zeros(len(hashes), dtype=np.uint32)
        return self._table[np.arange(DEPTH)[:, None], _columns(hashes)].min(axis=0)

    def shares(self) -> Iterator[tuple[str, float | None]]:
        """(doc_id, boilerplate_share) per spilled document, in run order."""
        self._spill.close()
        low, high = DOC_SHARE_MIN * self.n_docs, DOC_SHARE_MAX * self.n_docs
        with open(self._path, "rb") as fh:
            while True:
                try:
                    doc_id, grams = pickle.load(fh)
                except EOFError:
                    break
                total = boiler = 0
                for n_words, hashes in grams:
                    total += n_words
                    df = self.doc_freq(hashes)
                    if np.any((df >= low) & (df <= high)):
                        boiler += n_words
                yield doc_id, (boiler / total if total else None)

    def close(self) -> None:
        if not self._spill.closed:
            self._spill.close()
        self._path.unlink(missing_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def apply_run_reference(out_dir: str | Path, fmt: str, grams: RunGrams) -> None:
    """Rewrite `documents` with boilerplate_share against the run's own 4-gram frequencies."""
    out_dir = Path(out_dir)
    name = f"current run ({grams.n_docs} documents)"
    shares = grams.shares()
    pending = next(shares, None)
    path = out_dir / f"documents.{fmt}"
    tmp = path.with_suffix(f".{fmt}.tmp")
    schema = SCHEMAS["documents"] if fmt == "parquet" else _csv_schema(SCHEMAS["documents"])
    writer = pq.ParquetWriter(tmp, schema) if fmt == "parquet" else pacsv.CSVWriter(tmp, schema)
    with writer:
        for batch in _batches(path, fmt, schema):
            rows = batch.to_pylist()
            for row in rows:
                # the spill and the table are both in run order, ok documents only in the spill
                if pending is not None and row["status"] == "ok" and row["doc_id"] == pending[0]:
                    row["boilerplate_share"] = pending[1]
                    row["boilerplate_reference"] = name
                    pending = next(shares, None)
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    os.replace(tmp, path)


def _batches(path: Path, fmt: str, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    if fmt == "parquet":
        yield from pq.ParquetFile(path).iter_batches(batch_size=256)
    else:
        options = pacsv.ConvertOptions(column_types=schema)
        yield from pacsv.open_csv(path, convert_options=options)
