"""Inputs -> `Document`s carrying raw bytes: files, folders (recursive) and .zip archives.

Every file found yields exactly one Document; problems become its status.
"""
from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from .pull.reader import is_archive, iter_archive
from .records import Document

FORMATS = {
    ".txt": "txt", ".text": "txt", ".csv": "txt", ".md": "txt",
    ".docx": "docx", ".html": "html", ".htm": "html", ".shtml": "html",
    ".pdf": "pdf", ".zip": "zip",
}


def iter_documents(inputs: Iterable[str | os.PathLike]) -> Iterator[Document]:
    """Stream one Document per input file, in a stable (sorted) order."""
    ids = _DocIds()
    for item in inputs:
        path = Path(item)
        if path.is_dir() and is_archive(path):  # made by `cepi pull`: one Document per archived URL
            yield from iter_archive(path, ids.make)
        elif path.is_dir():
            for file in _walk(path):
                yield from _from_file(file, file.relative_to(path), ids)
        elif path.exists():
            yield from _from_file(path, PurePosixPath(path.name), ids)
        else:
            doc = Document(doc_id=ids.make(PurePosixPath(path.name)), source=str(path))
            yield doc.fail(f"input not found: {path}")


def _walk(root: Path) -> Iterator[Path]:
    """Files below `root`, sorted, following symlinks once (a symlink loop is visited only once)."""
    seen: set[str] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                subdirs.append(entry)
            elif entry.is_file():
                yield entry
        stack.extend(reversed(subdirs))


def _from_file(path: Path, rel: PurePosixPath, ids: "_DocIds") -> Iterator[Document]:
    fmt = FORMATS.get(path.suffix.lower())
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Document(doc_id=ids.make(rel), source=str(path), format=fmt).fail(f"cannot read file: {exc.strerror}")
        return
    if fmt == "zip":
        yield from _from_zip(path, rel, data, ids)
        return
    yield _document(ids.make(rel), str(path), fmt, data, path.suffix)


def _from_zip(path: Path, rel: PurePosixPath, data: bytes, ids: "_DocIds") -> Iterator[Document]:
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = sorted((m for m in archive.infolist() if not m.is_dir()), key=lambda m: m.filename)
    except zipfile.BadZipFile:
        yield Document(doc_id=ids.make(rel), source=str(path), format="zip", bytes=len(data),
                       sha256=hashlib.sha256(data).hexdigest()).fail("not a valid .zip archive: truncated or corrupt")
        return
    for member in members:
        name = PurePosixPath(member.filename)
        if any(part.startswith(".") or part == "__MACOSX" for part in name.parts):
            continue
        source = f"{path}!{member.filename}"
        fmt = FORMATS.get(name.suffix.lower())
        try:
            content = archive.read(member)
        except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
            yield Document(doc_id=ids.make(rel.with_suffix("") / name), source=source, format=fmt).fail(
                f"cannot read archive member: {exc}")
            continue
        yield _document(ids.make(rel.with_suffix("") / name), source, fmt, content, name.suffix)


def _document(doc_id: str, source: str, fmt: str | None, data: bytes, suffix: str) -> Document:
    doc = Document(doc_id=doc_id, source=source, format=fmt, raw=data, bytes=len(data),
                   sha256=hashlib.sha256(data).hexdigest())
    if fmt is None or fmt == "zip":
        doc.raw = None
        return doc.fail(f"unsupported file type '{suffix or '(none)'}': cepi reads .txt, .docx, .html, .pdf and .zip")
    return doc


class _DocIds:
    """doc_id = file name without extension; a repeated name falls back to the relative path."""

    def __init__(self):
        self._used: set[str] = set()

    def make(self, rel: PurePosixPath) -> str:
        candidates = [rel.stem, str(rel.with_suffix(""))]
        for cand in candidates:
            if cand not in self._used:
                self._used.add(cand)
                return cand
        n = 2
        while f"{candidates[-1]}~{n}" in self._used:
            n += 1
        self._used.add(f"{candidates[-1]}~{n}")
        return f"{candidates[-1]}~{n}"
