"""Incremental runs: processed documents cached by what they depend on.

Key: the file's sha256 and format, plus `resources.fingerprint` (cepi's version, code, rules,
models, segmenter). A re-run over an unchanged archive reads each file, hashes it and loads its
processed record instead of running the stages; a changed file or rule re-processes only what
it affects (a rule change changes the fingerprint, so every document is re-done; a changed file
changes only its own key). Documents that ran out of their time budget are not cached: the
next run tries again.

Layout: `<cache dir>/<fingerprint>/<sha[:2]>/<sha>-<format>.pkl.z` (pickled, zlib), one per
distinct file content. The default folder is $CEPI_CACHE_DIR or ~/.cache/cepi.
"""
from __future__ import annotations

import logging
import os
import pickle
import tempfile
import zlib
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
        return self.folder / doc.sha256[:2] / f"{doc.sha256}-{doc.format or 'none'}.pkl.z"

    def get(self, doc: Document) -> Document | None:
        """The processed record for this file's content, renamed to this file; None on a miss."""
        path = self._path(doc)
        if path is None or doc.status != "ok":
            return None
        try:
            cached: Document = pickle.loads(zlib.decompress(path.read_bytes()))
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception as exc:  # a damaged entry is a miss, never a failure
            log.warning("ignoring unreadable cache entry %s: %s", path, exc)
            self.misses += 1
            return None
        self.hits += 1
        cached.doc_id, cached.source = doc.doc_id, doc.source
        return cached

    def put(self, doc: Document) -> None:
        path = self._path(doc)
        if path is None or (doc.error and NOT_CACHED_MARK in doc.error):
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            data = zlib.compress(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL), 1)
            # write then rename: a crash never leaves a half-written entry
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as fh:
                fh.write(data)
            os.replace(fh.name, path)
        except OSError as exc:  # a read-only or full disk only costs speed
            log.warning("cannot write cache entry %s: %s", path, exc)
