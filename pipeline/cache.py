"""Incremental runs: processed documents cached by what they depend on.

Key: the file's sha256 and format, plus `resources.fingerprint` (cepi's version, code, rules,
models, segmenter). A re-run over an unchanged archive reads each file, hashes it and loads its
processed record instead of running the stages; a changed file or rule re-processes only what
it affects (a rule change changes the fingerprint, so every document is re-done; a changed file
changes only its own key). Documents that ran out of their time budget are not cached: the
next run tries again.

Layout: `<cache dir>/<fingerprint>/<sha[:2]>/<sha>-<format>.pkl`, one per distinct file content:
a pickle of the slim record and of its rows as Arrow IPC streams, lz4-compressed. The default folder is $CEPI_CACHE_DIR or ~/.cache/cepi.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import pickle
import struct
import tempfile
from pathlib import Path

from .records import Document
from .resources import Settings, fingerprint

log = logging.getLogger(__name__)

NOT_CACHED_MARK = "time budget"


def default_cache_dir() -> Path:
    if os.environ.get("CEPI_CACHE_DIR"):
        return Path(os.environ["CEPI_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cepi"


class DocumentCache:
    def __init__(self, settings: Settings, folder: str | Path | None = None):
        self.root = Path(folder) if folder else default_cache_dir()
        self.folder = self.root / fingerprint(settings)
        self.hits = self.misses = 0

    def _path(self, doc: Document) -> Path | None:
        if not doc.sha256:
            return None
        return self.folder / doc.sha256[:2] / f"{doc.sha256}-{doc.format or 'none'}.pkl"

    def get(self, doc: Document) -> Document | None:
        """The processed record for this file's content, renamed to this file; None on a miss."""
        path = self._path(doc)
        if path is None or doc.status != "ok":
            return None
        try:
            cached, tables = pickle.loads(_decompress(path.read_bytes()))
            cached.tables = {name: _from_ipc(data) for name, data in tables.items()}
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception as exc:  # a damaged entry is a miss, never a failure
            log.warning("ignoring unreadable cache entry %s: %s", path, exc)
            self.misses += 1
            return None
        self.hits += 1
        if (cached.doc_id, cached.source) != (doc.doc_id, doc.source):  # the same content under another name
            cached.doc_id, cached.source = doc.doc_id, doc.source
            if cached.tables is not None:
                cached.tables = {name: _renamed(t, doc) for name, t in cached.tables.items()}
        return cached

    def put(self, doc: Document) -> None:
        path = self._path(doc)
        if path is None or (doc.error and NOT_CACHED_MARK in doc.error):
            return
        if doc.tables is None:  # only documents that carry their rows are cached (run.with_tables)
            return
        # What a re-run needs: the rows, the run-level 4-gram data, the status and the facts and
        # metadata (for --show-facts); the Python records of sentences and measures are in the rows.
        slim = dataclasses.replace(doc, raw=None, text=None, norm=None, sentences=[], measures=[], checks=[],
                                   tables=None)  # (run.with_tables has already dropped them)
        # Arrow IPC bytes read back four times faster than pickled tables
        tables = {name: _to_ipc(table) for name, table in doc.tables.items()}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            data = _compress(pickle.dumps((slim, tables), protocol=pickle.HIGHEST_PROTOCOL))
            # write then rename: a crash never leaves a half-written entry
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as fh:
                fh.write(data)
            os.replace(fh.name, path)
        except OSError as exc:  # a read-only or full disk only costs speed
            log.warning("cannot write cache entry %s: %s", path, exc)


def _renamed(table, doc: Document):
    import pyarrow as pa

    for column, value in (("doc_id", doc.doc_id), ("source", doc.source)):
        i = table.schema.get_field_index(column)
        if i >= 0:
            table = table.set_column(i, table.schema.field(i), pa.array([value] * table.num_rows, pa.string()))
    return table


def _to_ipc(table) -> bytes:
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _from_ipc(data: bytes):
    import pyarrow as pa

    return pa.ipc.open_stream(data).read_all()


# An entry is lz4-compressed as a whole (a third of the size; per-buffer IPC compression and zlib
# both read back slower), behind its uncompressed length.
def _compress(data: bytes) -> bytes:
    import pyarrow as pa

    return struct.pack("<Q", len(data)) + pa.compress(data, "lz4", asbytes=True)


def _decompress(data: bytes) -> bytes:
    import pyarrow as pa

    (size,) = struct.unpack_from("<Q", data)
    return pa.decompress(data[8:], size, "lz4", asbytes=True)
