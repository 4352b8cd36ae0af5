"""Whole runs cached: an unchanged archive re-run with unchanged rules copies its earlier tables.

A run's tables depend on each document (its name, place and content, or why it could not be
read), on the fingerprint (cepi's code, rules, models and segmenter: `resources.fingerprint`),
on the table format, and, through the run-level boilerplate reference (rescore.py), on all the
documents together. The per-document and per-group entries of cache.py spare the stages, but a
re-run assembled from them still converts, writes and re-scores every row, which costs about a
tenth of the first run. When all of the above is what it was in a cached run, the tables are
copied instead: reading and hashing the files is then most of a re-run's time.

Entries live in `<cache dir>/<fingerprint>/runs/<key>/`: the table files and `summary.json` (the
counts the run reported). Only the KEEP most recently used runs are kept, since each one holds a
copy of a run's tables. A run with a document that ran out of its time budget is not stored (the
next run should try that document again, as cache.py does). Nothing is looked up until a run has
been stored under this fingerprint, so a first run does not read its files twice.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .cache import identity, of_the_moment
from .records import TABLES, Document

log = logging.getLogger(__name__)

KEEP = 2


class RunKey:
    """The key of a run, fed each document as it was read, in run order."""

    def __init__(self, table_format: str):
        self._hash = hashlib.sha256(f"cepi run\x1e{table_format}\x1f".encode())
        self.documents = 0

    def add(self, doc: Document) -> None:
        self._hash.update(identity(doc))
        self.documents += 1

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


class RunMemo:
    def __init__(self, fingerprint_folder: str | Path, table_format: str, tables: tuple[str, ...] = TABLES):
        self.folder = Path(fingerprint_folder) / "runs"
        self.table_format = table_format
        self.tables = tables  # the tables a run writes (the fingerprint folder tells selections apart)

    def key_of(self, docs: Iterable[Document]) -> str:
        key = RunKey(self.table_format)
        for doc in docs:
            key.add(doc)
        return key.hexdigest()

    def has_entries(self) -> bool:
        try:
            return any(entry.is_dir() for entry in self.folder.iterdir())
        except OSError:
            return False

    def _files(self, folder: Path) -> list[Path]:
        return [folder / f"{name}.{self.table_format}" for name in self.tables]

    def restore(self, key: str, out_dir: str | Path) -> dict | None:
        """Copy the tables of the run stored under `key` into `out_dir` and return its summary;
        None (and nothing copied) when there is no complete entry."""
        entry = self.folder / key
        try:
            summary = json.loads((entry / "summary.json").read_text(encoding="utf-8"))
            sources = self._files(entry)
            if not all(path.is_file() for path in sources):
                return None
            for path in sources:
                shutil.copyfile(path, Path(out_dir) / path.name)
            os.utime(entry)  # recently used: kept by the pruning in `save`
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:  # a damaged entry is a miss, never a failure
            log.warning("ignoring unreadable run entry %s: %s", entry, exc)
            for path in self._files(Path(out_dir)):
                path.unlink(missing_ok=True)
            return None
        return summary

    def save(self, key: str, out_dir: str | Path, summary: dict) -> None:
        """Store the finished tables in `out_dir` under `key` (unless a document's error is one of
        the moment: it ran out of time, its worker died)."""
        if any(of_the_moment(error) for _, error in summary.get("errors", [])):
            return
        entry = self.folder / key
        if entry.is_dir():
            return
        tmp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(dir=self.folder, prefix=".tmp-"))
            for path in self._files(Path(out_dir)):
                shutil.copyfile(path, tmp / path.name)
            (tmp / "summary.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, entry)  # complete or absent, never half-written
        except OSError as exc:  # a read-only or full disk only costs speed
            log.warning("cannot store the run in %s: %s", entry, exc)
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
            return
        self._prune()

    def _prune(self) -> None:
        entries = sorted((p for p in self.folder.iterdir() if p.is_dir() and not p.name.startswith(".")),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            shutil.rmtree(old, ignore_errors=True)
