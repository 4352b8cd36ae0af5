"""Incremental runs: processed documents cached by what they depend on.

Key: the file's sha256 and format, plus `resources.fingerprint` (cepi's version, code, rules,
models, segmenter). A re-run over an unchanged archive reads each file, hashes it and loads its
processed record instead of running the stages; a changed file or rule re-processes only what
it affects (a rule change changes the fingerprint, so every document is re-done; a changed file
changes only its own key). Documents that ran out of their time budget or whose worker process
died are not cached: the next run tries again (`of_the_moment`).

Two levels, because a re-run over an unchanged archive should cost little more than reading it:
- one entry per distinct file content, `<cache dir>/<fingerprint>/<sha[:2]>/<sha>-<format>.pkl`:
  a pickle of the slim record and of its rows as Arrow IPC streams, lz4-compressed;
- one entry per *group* of consecutive documents, `<fingerprint>/groups/<key[:2]>/<key>.pkl`:
  the slim records of the group and its rows as one Arrow table per output table, so a hit costs
  one file read for some 32 documents instead of one per document. Group boundaries depend only on
  the documents themselves (a group ends after a file whose content hash is 0 modulo
  GROUP_TARGET), so adding, removing or changing a file changes the key of its own group only;
  the documents of that group are then served one by one from the first level.
A slim record holds no facts records: they are rebuilt from the `facts` rows only when the caller
wants them. The default folder is $CEPI_CACHE_DIR or ~/.cache/cepi.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import os
import pickle
import struct
import threading
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from .background import Background
from .ipc import from_ipc, to_ipc
from .records import Document
from .resources import Settings, fingerprint

log = logging.getLogger(__name__)

# Errors that say more about the moment than about the file (the machine was slow, a worker
# process was killed): a document with one is processed again next time, never served cached.
NOT_CACHED_MARKS = ("time budget", "worker process died")


def of_the_moment(error: str | None) -> bool:
    """Whether an error row is one to try again on the next run (NOT_CACHED_MARKS)."""
    return bool(error) and any(mark in error for mark in NOT_CACHED_MARKS)


# Documents per group: GROUP_TARGET on average (content-defined boundaries), never more than GROUP_MAX.
GROUP_TARGET, GROUP_MAX = 32, 128


def default_cache_dir() -> Path:
    if os.environ.get("CEPI_CACHE_DIR"):
        return Path(os.environ["CEPI_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cepi"


class DocumentCache:
    def __init__(self, settings: Settings, folder: str | Path | None = None):
        self.root = Path(folder) if folder else default_cache_dir()
        self.folder = self.root / fingerprint(settings)
        self.tables = settings.tables  # the tables each entry holds (the fingerprint tells them apart)
        self.hits = self.misses = 0
        self._jobs: Background | None = None

    # -- writing behind --------------------------------------------------------------------------
    # In the driver, entries are written by a thread of their own (`write_behind`), so that their
    # encoding, compression and writing overlap processing the next documents (one worker's first
    # run over 1,392 bench documents: main thread's CPU -4.5%, wall clock -1.5%, 3 alternating
    # runs); a pool worker, a process of its own, writes inline.
    QUEUED = 64  # entries waiting at most

    def write_behind(self) -> "DocumentCache":
        if self._jobs is None:
            self._jobs = Background("cepi-cache-writer", self.QUEUED)
        return self

    def close(self) -> None:
        """Wait for the entries given so far (a no-op when writing inline)."""
        if self._jobs is not None:
            self._jobs.close()
            if self._jobs.error is not None:  # only costs speed: the next run processes them again
                log.warning("cache entries after an error were not written: %s", self._jobs.error)
            self._jobs = None

    def _write(self, job, *args) -> None:
        if self._jobs is not None:
            self._jobs.submit(job, *args)
        else:
            job(*args)

    def __getstate__(self) -> dict:  # (sent to pool workers, which write inline)
        return {**self.__dict__, "_jobs": None}

    def _path(self, doc: Document) -> Path | None:
        if not doc.sha256:
            return None
        return self.folder / doc.sha256[:2] / f"{doc.sha256}-{doc.format or 'none'}.pkl"

    def get(self, doc: Document, facts: bool = True) -> Document | None:
        """The processed record for this file's content, renamed to this file; None on a miss.
        The `facts` records are rebuilt from the rows; `facts=False` leaves them empty."""
        path = self._path(doc)
        if path is None or doc.status != "ok":
            return None
        try:
            cached, tables = pickle.loads(_decompress(path.read_bytes()))
            cached.tables = {name: from_ipc(data) for name, data in tables.items()}
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
        if facts and "facts" in cached.tables:
            cached.facts = _facts_of(cached.tables["facts"])
        return cached

    # -- groups of documents ------------------------------------------------------------------
    def _group_path(self, docs: list[Document]) -> Path:
        h = hashlib.sha256()
        for doc in docs:
            h.update(identity(doc))
        key = h.hexdigest()
        return self.folder / "groups" / key[:2] / f"{key}.pkl"

    def get_group(self, docs: list[Document], facts: bool = True) -> list[Document] | None:
        """The processed records of these just-read documents, each with its rows (slices of the
        group's tables); None when the group is not cached as a whole. The `facts` records are
        rebuilt from the rows; `facts=False` leaves them empty (a caller that only writes the rows)."""
        path = self._group_path(docs)
        try:
            slims, counts, tables = pickle.loads(_decompress(path.read_bytes()))
            tables = {name: from_ipc(data) for name, data in tables.items()}
        except FileNotFoundError:
            return None
        except Exception as exc:  # a damaged entry is a miss, never a failure
            log.warning("ignoring unreadable cache entry %s: %s", path, exc)
            return None
        offsets = dict.fromkeys(self.tables, 0)
        for slim, rows in zip(slims, counts):
            slim.tables = {}
            for name, n in zip(self.tables, rows):
                slim.tables[name] = tables[name].slice(offsets[name], n)
                offsets[name] += n
            if facts and "facts" in slim.tables:
                slim.facts = _facts_of(slim.tables["facts"])
        self.hits += len(slims)
        return slims

    def put_group(self, docs: list[Document]) -> None:
        """Cache processed documents (with their rows, run.with_tables) as one group, keyed by
        what their files were when read."""
        if not docs or any(d.tables is None or of_the_moment(d.error) for d in docs):
            return
        # what is written is taken now (the caller may change the documents after)
        slims = [_slim(d) for d in docs]
        tables = {name: [d.tables[name] for d in docs] for name in self.tables}
        self._write(_write_group, self._group_path(docs), slims, tables)

    # -- one document ---------------------------------------------------------------------------
    def put(self, doc: Document) -> None:
        path = self._path(doc)
        if path is None or of_the_moment(doc.error):
            return
        if doc.tables is None:  # only documents that carry their rows are cached (run.with_tables)
            return
        self._write(_write_document, path, _slim(doc), dict(doc.tables))


def _write_document(path: Path, slim: Document, tables: dict) -> None:
    # Arrow IPC bytes read back four times faster than pickled tables
    _write_entry(path, (slim, {name: to_ipc(table) for name, table in tables.items()}))


def _write_group(path: Path, slims: list[Document], tables: dict[str, list]) -> None:
    import pyarrow as pa

    counts = [tuple(parts[i].num_rows for parts in tables.values()) for i in range(len(slims))]
    _write_entry(path, (slims, counts, {name: to_ipc(pa.concat_tables(parts)) for name, parts in tables.items()}))


def identity(doc: Document) -> bytes:
    """What a just-read file was: its name, place and content, or why it could not be read."""
    return ("\x1e".join(map(str, (doc.doc_id, doc.source, doc.sha256, doc.format, doc.status, doc.error)))
            .encode("utf-8", "surrogatepass") + b"\x1f")


def groups(docs: Iterable[Document]) -> Iterator[list[Document]]:
    """Consecutive documents in groups whose boundaries depend only on each document (see the
    module's docstring): the same files give the same groups whatever comes before them."""
    group: list[Document] = []
    for doc in docs:
        group.append(doc)
        mark = doc.sha256 or doc.doc_id or ""
        if len(group) >= GROUP_MAX or zlib.crc32(mark.encode("utf-8", "surrogatepass")) % GROUP_TARGET == 0:
            yield group
            group = []
    if group:
        yield group


def _facts_of(table) -> list:
    """The Fact records of a document's `facts` rows: the table's columns after doc_id and fact_idx
    are the record's fields (export.SCHEMAS)."""
    from .records import Fact

    fields = [f.name for f in dataclasses.fields(Fact)]
    return [Fact(**row) for row in table.select(fields).to_pylist()]


def _slim(doc: Document) -> Document:
    """What a re-run needs: the rows (kept apart), the run-level 4-gram data, the status and the
    metadata; the records of facts (rebuilt for --show-facts: `_facts_of`), sentences and measures
    are in the rows. (Pickling the facts records was 85% of pickling the rest of a document.)"""
    return dataclasses.replace(doc, raw=None, text=None, norm=None, sentences=[], measures=[], checks=[],
                               facts=[], tables=None,  # (run.with_tables has already dropped most)
                               meta=dict(doc.meta), scores=dict(doc.scores))  # (written behind: as now)


def _write_entry(path: Path, value) -> None:
    data = _compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    # written under a temporary name, then renamed: a crash never leaves a half-written entry. The
    # name is this process's and thread's own, so two writers of one entry never share it (a
    # tempfile.NamedTemporaryFile and a mkdir each time were half the cost of an entry: 0.5 ms)
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        try:
            fh = open(tmp, "wb")
        except FileNotFoundError:  # the entry's folder is not made yet
            path.parent.mkdir(parents=True, exist_ok=True)
            fh = open(tmp, "wb")
        with fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:  # a read-only or full disk only costs speed
        log.warning("cannot write cache entry %s: %s", path, exc)
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _renamed(table, doc: Document):
    import pyarrow as pa

    for column, value in (("doc_id", doc.doc_id), ("source", doc.source)):
        i = table.schema.get_field_index(column)
        if i >= 0:
            table = table.set_column(i, table.schema.field(i), pa.array([value] * table.num_rows, pa.string()))
    return table


# An entry is lz4-compressed as a whole (a third of the size; per-buffer IPC compression and zlib
# both read back slower), behind its uncompressed length.
def _compress(data: bytes) -> bytes:
    import pyarrow as pa

    return struct.pack("<Q", len(data)) + pa.compress(data, "lz4", asbytes=True)


def _decompress(data: bytes) -> bytes:
    import pyarrow as pa

    (size,) = struct.unpack_from("<Q", data)
    return pa.decompress(data[8:], size, "lz4", asbytes=True)
