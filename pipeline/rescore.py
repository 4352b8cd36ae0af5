"""The second pass for a large run: boilerplate_share against the run's own corpus.

Lang & Stice-Lawrence define boilerplate by how common a 4-gram is across the corpus being
studied, which is only known once every document has been read. During the first pass each
document carries, per sentence, its word count and the 64-bit hashes of its word 4-grams
(`sentence_grams`, computed in the worker from the tokens it already has, as three flat arrays). The driver
- counts each hash's document frequency in a count-min sketch (`RunGrams`): fixed memory
  (DEPTH x WIDTH 32-bit counters, 16 MiB) however many documents or distinct 4-grams the run has;
- spills the per-sentence hashes to a temporary file, one record per document (raw arrays).
The second pass reads the spill back one document at a time (nothing is segmented or normalized
again) and rewrites the two boilerplate columns of `documents`.

A count-min sketch never under-counts and over-counts by about (distinct 4-grams inserted) /
WIDTH at worst in one row, the minimum over DEPTH rows far less: under 0.01% of a 20,000-
document run's 30% threshold, so the reference is the exact one in practice (conservative update
keeps the error smaller still).
"""
from __future__ import annotations

import os
import struct
import tempfile
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .disclosure import (BOILERPLATE_NGRAM, DOC_SHARE_MAX, DOC_SHARE_MIN, GRAM_MULTIPLIER, window_hashes,
                         word_digest, word_hashes)
from .export import SCHEMAS, _csv_schema
from .records import Document

DEPTH, WIDTH = 4, 1 << 20
SPILL_BUFFER = 1 << 20  # bytes
_MASK64 = (1 << 64) - 1
# Odd 64-bit multipliers: row r's column is a multiplicative hash of the 4-gram's 64-bit hash.
_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93],
                        dtype=np.uint64)[:DEPTH]


def gram_hash(gram: tuple[str, ...]) -> int:
    """A stable 64-bit hash of a word n-gram, from its words' hashes (disclosure.GRAM_MULTIPLIER)."""
    h = 0
    for word in gram:
        h = (h * GRAM_MULTIPLIER + int.from_bytes(word_digest(word), "little")) & _MASK64
    return h


def sentence_grams(sentence_words: list[list[str]], hashes: np.ndarray | None = None,
                   windows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What the second pass needs of a document, in three flat arrays: per sentence its number of
    words and of distinct 4-grams, and the 4-gram hashes (gram_hash) of all sentences one after
    another (each sentence's distinct hashes in ascending order). `hashes`: word_hashes of all the
    words laid end to end, when the caller has them; `windows`: the 4-gram hashes within a sentence
    in text order (what is computed here from `hashes`), when the caller has them
    (disclosure.measure_document_windows: measured over 20 bench documents, sentence_grams
    9.8 M -> 6.7 M instructions)."""
    n = BOILERPLATE_NGRAM
    n_words = np.fromiter(map(len, sentence_words), dtype=np.int64, count=len(sentence_words))
    counts = np.maximum(n_words - (n - 1), 0)  # 4-grams per sentence
    hashes = windows if windows is not None else _windows_within(sentence_words, n_words, hashes)
    sentence = np.repeat(np.arange(len(sentence_words)), counts)
    # by sentence, then hash: the hashes sorted, then a stable sort by sentence (a radix sort for
    # 16-bit numbers, cheaper than np.lexsort's two merge sorts)
    order = np.argsort(hashes)
    order = order[np.argsort(sentence.astype(np.uint16 if len(sentence_words) <= 1 << 16 else np.int64)[order], kind="stable")]
    hashes, sentence = hashes[order], sentence[order]
    first = np.ones(len(hashes), dtype=bool)
    first[1:] = (hashes[1:] != hashes[:-1]) | (sentence[1:] != sentence[:-1])
    sizes = np.bincount(sentence[first], minlength=len(sentence_words)).astype(np.int64)
    return n_words, sizes, hashes[first]


def _windows_within(sentence_words: list[list[str]], n_words: np.ndarray, hashes: np.ndarray | None) -> np.ndarray:
    """The hashes of the 4-grams within a sentence, in text order, from the words' hashes
    (word_hashes of all the words laid end to end, when the caller has them)."""
    n = BOILERPLATE_NGRAM
    # the words of the long-enough sentences laid end to end; a 4-gram begins at each word but a
    # sentence's last 3
    if hashes is None:
        words = list(chain.from_iterable(ws for ws in sentence_words if len(ws) >= n))
        hashes = word_hashes(words)
    else:
        hashes = hashes[np.repeat(n_words >= n, n_words)]
    begins = np.ones(len(hashes), dtype=bool)
    ends = np.cumsum(n_words[n_words >= n])
    for back in range(1, n):
        begins[ends - back] = False
    hashes = window_hashes(hashes, n)
    return hashes[begins[:len(hashes)]]


_SHIFT = np.uint64(64 - WIDTH.bit_length() + 1)  # the top log2(WIDTH) bits of a product
_ROW_STARTS = (np.arange(DEPTH, dtype=np.uint64) * np.uint64(WIDTH))[:, None]


def _top_bits(hashes: np.ndarray) -> np.ndarray:
    """DEPTH x len(hashes) column indices as uint64, each below WIDTH: the top bits of the hash
    times each row's multiplier."""
    with np.errstate(over="ignore"):
        return (hashes[None, :] * _MULTIPLIERS[:, None]) >> _SHIFT


def _cells(hashes: np.ndarray) -> np.ndarray:
    """The DEPTH cells of each hash in the flattened table, row after row (each row's column,
    `_top_bits`, plus the row's start, in one pass)."""
    return (_top_bits(hashes) + _ROW_STARTS).ravel().view(np.int64)


def _distinct(hashes: np.ndarray) -> np.ndarray:
    """np.unique(hashes) without its wrapper (a third of its time on a document's ~1,500 hashes)."""
    ordered = np.sort(hashes)
    keep = np.empty(len(ordered), dtype=bool)
    keep[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


class RunGrams:
    """Document frequencies of 4-gram hashes (count-min sketch) and a spill of each document's
    sentence grams, for the run-level boilerplate reference."""

    def __init__(self, folder: str | Path | None = None):
        self.n_docs = 0
        self._table: np.ndarray | None = None  # allocated on first use; untouched pages cost no RSS
        fd, name = tempfile.mkstemp(prefix="cepi-grams-", suffix=".pkl", dir=folder)
        self._path = Path(name)
        # a buffer of many records: with the default 8 KiB, each document's hashes went to the
        # disk in a system call of their own (a third of the time the driver spent here)
        self._spill = os.fdopen(fd, "wb", buffering=SPILL_BUFFER)

    def add(self, doc: Document) -> None:
        if doc.status != "ok" or doc.grams is None:
            return
        self.n_docs += 1
        _write_record(self._spill, doc.doc_id, doc.grams)
        hashes = doc.grams[2]
        if not len(hashes):
            return
        if self._table is None:
            self._table = np.zeros((DEPTH, WIDTH), dtype=np.uint32)
        flat = _cells(_distinct(hashes))
        table = self._table.reshape(-1)
        current = table[flat].reshape(DEPTH, -1)
        # conservative update: raise each counter only up to (the 4-gram's estimate + 1)
        # (maximum.at, not plain assignment: two 4-grams of a document may share a counter)
        np.maximum.at(table, flat, (current.min(axis=0) + 1)[None, :].repeat(DEPTH, axis=0).ravel())

    def doc_freq(self, hashes: np.ndarray) -> np.ndarray:
        if self._table is None or not len(hashes):
            return np.zeros(len(hashes), dtype=np.uint32)
        # one look-up in the flattened table, as `add` reads it (indexing the 2-D table by rows and
        # columns cost a third more: measured on 57,575 real-page 4-grams, 3.2 -> 2.2 ms)
        return self._table.reshape(-1).take(_cells(hashes)).reshape(DEPTH, -1).min(axis=0)

    def shares(self, chunk: int = 256) -> Iterator[tuple[str, float | None]]:
        """(doc_id, boilerplate_share) per spilled document, in run order; `chunk` documents are
        read back and answered together (one sketch look-up for all their 4-grams)."""
        self._spill.close()
        low, high = DOC_SHARE_MIN * self.n_docs, DOC_SHARE_MAX * self.n_docs
        with open(self._path, "rb") as fh:
            batch: list[tuple[str, tuple]] = []
            while True:
                record = _read_record(fh)
                if record is None:
                    break
                batch.append(record)
                if len(batch) == chunk:
                    yield from self._shares_of(batch, low, high)
                    batch = []
            yield from self._shares_of(batch, low, high)

    def _shares_of(self, batch: list[tuple[str, tuple]], low: float, high: float) -> Iterator[tuple[str, float | None]]:
        """Per document: the share of its words in sentences holding a 4-gram whose document
        frequency is within [low, high]. The documents' sentences are laid end to end, so each
        step is one array operation for the whole batch."""
        if not batch:
            return
        words = np.concatenate([g[0] for _, g in batch]).astype(np.int64)
        sizes = np.concatenate([g[1] for _, g in batch]).astype(np.int64)
        hashes = np.concatenate([g[2] for _, g in batch]).astype(np.uint64)
        doc_of_sentence = np.repeat(np.arange(len(batch)), [len(g[0]) for _, g in batch])
        df = self.doc_freq(hashes)
        hit = ((df >= low) & (df <= high)).astype(np.int64)
        per_sentence = np.zeros(len(sizes), dtype=np.int64)
        has = sizes > 0
        if has.any():
            starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
            per_sentence[has] = np.add.reduceat(hit, starts[has])
        total = np.bincount(doc_of_sentence, weights=words, minlength=len(batch))
        boiler = np.bincount(doc_of_sentence, weights=words * (per_sentence > 0), minlength=len(batch))
        for (doc_id, _), t, b in zip(batch, total.tolist(), boiler.tolist()):
            # word counts are integers: the float sums are exact, the division the same as int / int
            yield doc_id, (b / t if t else None)

    def close(self) -> None:
        if not self._spill.closed:
            self._spill.close()
        self._path.unlink(missing_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# A spill record: the doc_id's length and the three arrays' lengths, then the doc_id (UTF-8) and the
# arrays' bytes (little-endian int64, int64, uint64): a tenth of the time a pickle of the arrays takes.
_RECORD_HEAD = struct.Struct("<IQQQ")


def _write_record(fh, doc_id: str, grams: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    words, sizes, hashes = grams
    name = doc_id.encode("utf-8", "surrogatepass")
    fh.write(_RECORD_HEAD.pack(len(name), len(words), len(sizes), len(hashes)))
    fh.write(name)
    for array, dtype in ((words, "<i8"), (sizes, "<i8"), (hashes, "<u8")):
        fh.write(np.ascontiguousarray(array, dtype=dtype).data)  # (the buffer itself, not a copy)


def _read_record(fh) -> tuple[str, tuple[np.ndarray, np.ndarray, np.ndarray]] | None:
    head = fh.read(_RECORD_HEAD.size)
    if not head:
        return None
    n_name, n_words, n_sizes, n_hashes = _RECORD_HEAD.unpack(head)
    doc_id = fh.read(n_name).decode("utf-8", "surrogatepass")
    arrays = tuple(np.frombuffer(fh.read(8 * n), dtype=dtype).astype(final)
                   for n, dtype, final in ((n_words, "<i8", np.int64), (n_sizes, "<i8", np.int64),
                                           (n_hashes, "<u8", np.uint64)))
    return doc_id, arrays


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
            table = pa.Table.from_batches([batch], schema=schema)
            share_col = table.column("boilerplate_share").to_pylist()
            name_col = table.column("boilerplate_reference").to_pylist()
            ids, statuses = table.column("doc_id").to_pylist(), table.column("status").to_pylist()
            for i, (doc_id, status) in enumerate(zip(ids, statuses)):
                # the spill and the table are both in run order, ok documents only in the spill
                if pending is not None and status == "ok" and doc_id == pending[0]:
                    share_col[i], name_col[i] = pending[1], name
                    pending = next(shares, None)
            for column, values in (("boilerplate_share", share_col), ("boilerplate_reference", name_col)):
                at = schema.get_field_index(column)
                table = table.set_column(at, schema.field(at), _column(values, schema.field(at).type))
            writer.write_table(table)
    os.replace(tmp, path)


def _column(values: list, type_: pa.DataType) -> pa.Array:
    """`pa.array(values, type_)` for a float or string column, built from buffers: pyarrow imports
    pandas on its first conversion of Python objects, a quarter of a second that an unchanged
    re-run (which converts nothing else) would spend here."""
    valid = np.fromiter((v is not None for v in values), dtype=bool, count=len(values))
    validity = pa.py_buffer(np.packbits(valid, bitorder="little"))
    if pa.types.is_floating(type_):
        data = np.fromiter((0.0 if v is None else v for v in values), dtype=type_.to_pandas_dtype(), count=len(values))
        return pa.Array.from_buffers(type_, len(values), [validity, pa.py_buffer(data)])
    encoded = [b"" if v is None else v.encode("utf-8") for v in values]
    offsets = np.zeros(len(values) + 1, dtype=np.int32)
    np.cumsum(np.fromiter(map(len, encoded), dtype=np.int32, count=len(values)), out=offsets[1:])
    return pa.Array.from_buffers(pa.string(), len(values), [validity, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))])


def _batches(path: Path, fmt: str, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    if fmt == "parquet":
        yield from pq.ParquetFile(path).iter_batches(batch_size=256)
    else:
        options = pacsv.ConvertOptions(column_types=schema)
        yield from pacsv.open_csv(path, convert_options=options)
