"""Inputs -> `Document`s carrying raw bytes: files, folders (recursive) and .zip archives.

Every file found yields exactly one Document; problems become its status. Operating-system
junk (Thumbs.db, .DS_Store, ~$ lock files, __MACOSX) gets a row with status `skipped`, a broken
symbolic link an `error` row, an empty archive an `empty` row. Hidden folders (.git) and folders
that hold a cepi result (`run.json`) are not read. `doc_id` is the path relative to the input
root without its extension, so the same file gets the same id whatever else is in the run.
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from .pull.reader import is_archive, iter_archive
from .records import Document

log = logging.getLogger(__name__)

FORMATS = {
    ".txt": "txt", ".text": "txt", ".csv": "txt", ".md": "txt",
    ".docx": "docx", ".html": "html", ".htm": "html", ".shtml": "html",
    ".pdf": "pdf", ".zip": "zip",
    ".doc": "doc", ".wps": "wps", ".rtf": "rtf", ".mht": "mht", ".mhtml": "mht",
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image", ".bmp": "image",
}
READABLE = ".txt, .docx, .doc, .wps, .rtf, .html, .mht, .pdf, .xlsx, .xls, images (with OCR) and .zip"

_OS_FILES = {"thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store", ".localized", "icon\r"}


def junk_reason(name: str) -> str | None:
    """Why a file is not a document (OS or editor junk), or None."""
    low = name.lower()
    if low in _OS_FILES:
        return f"skipped: operating-system file ({name}), not a document"
    if name.startswith("~$") or name.startswith(".~lock."):
        return "skipped: lock file of a document open in Office (~$ / .~lock), not a document"
    if name.startswith("._"):
        return "skipped: macOS resource fork (._ file), not a document"
    if name.startswith("."):
        return "skipped: hidden file"
    return None


def iter_documents(inputs: Iterable[str | os.PathLike]) -> Iterator[Document]:
    """Stream one Document per input file, in a stable (sorted) order."""
    ids = _DocIds()
    for item in inputs:
        path = Path(item)
        if path.is_dir() and is_archive(path):  # made by `cepi pull`: one Document per archived URL
            yield from iter_archive(path, ids.make)
        elif path.is_dir():
            for file, shared_stem in _walk(path):
                rel = PurePosixPath(file.relative_to(path).as_posix())
                yield from _from_file(file, rel, ids, keep_suffix=shared_stem)
        elif path.exists():
            yield from _from_file(path, PurePosixPath(path.name), ids)
        elif path.is_symlink():
            yield from _from_file(path, PurePosixPath(path.name), ids)
        else:
            doc = Document(doc_id=ids.make(PurePosixPath(path.name)), source=str(path))
            yield doc.fail(f"input not found: {path}")


def _walk(root: Path) -> Iterator[tuple[Path, bool]]:
    """(file, whether a sibling shares its name without extension) for the files below `root`
    (and broken links), sorted, following symlinks once (a loop is visited once)."""
    from .outdir import is_output_folder

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
        stems = Counter(e.stem for e in entries)
        for entry in entries:
            if entry.is_dir():
                if entry.name.startswith(".") or entry.name == "__MACOSX":
                    log.info("not reading the hidden folder %s", entry)
                elif is_output_folder(entry):
                    log.info("not reading %s: it holds a cepi result", entry)
                else:
                    subdirs.append(entry)
            elif entry.is_file() or entry.is_symlink():
                yield entry, stems[entry.stem] > 1
        stack.extend(reversed(subdirs))


def _from_file(path: Path, rel: PurePosixPath, ids: "_DocIds", keep_suffix: bool = False) -> Iterator[Document]:
    fmt = FORMATS.get(path.suffix.lower())
    doc_id = lambda: ids.make(rel, keep_suffix)  # noqa: E731 - made only for the row actually yielded
    reason = junk_reason(path.name)
    if reason:
        yield Document(doc_id=doc_id(), source=str(path), format=fmt).fail(reason, status="skipped")
        return
    if path.is_symlink() and not path.exists():
        doc = Document(doc_id=doc_id(), source=str(path), format=fmt)
        yield doc.fail(f"broken symbolic link: its target {os.readlink(path)} does not exist")
        return
    if fmt == "zip":
        yield from _from_zip(path, rel, ids)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Document(doc_id=doc_id(), source=str(path), format=fmt).fail(f"cannot read file: {exc.strerror}")
        return
    yield _document(doc_id(), str(path), fmt, data, path.suffix)


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: zips from Windows tools store names in the
    local code page (GBK) without the UTF-8 flag, which zipfile reads as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return info.filename


MAX_ZIP_DEPTH = 3  # zips inside zips are opened this deep


def _from_zip(path: Path, rel: PurePosixPath, ids: "_DocIds") -> Iterator[Document]:
    def whole() -> Document:
        data = path.read_bytes()
        return Document(doc_id=ids.make(rel), source=str(path), format="zip", bytes=len(data),
                        sha256=hashlib.sha256(data).hexdigest())

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        reason = "truncated or corrupt" if isinstance(exc, zipfile.BadZipFile) else exc.strerror
        yield whole().fail(f"not a valid .zip archive: {reason}")
        return
    with archive:
        yield from _members(archive, str(path), rel.with_suffix(""), ids, whole, depth=1)


def _members(archive: zipfile.ZipFile, container: str, base: PurePosixPath, ids: "_DocIds", whole,
             depth: int) -> Iterator[Document]:
    """The members of an open archive; `whole()` makes the archive's own row (used when it is empty)."""
    members = sorted(((member_name(m), m) for m in archive.infolist() if not m.is_dir()), key=lambda x: x[0])
    if not members:
        yield whole().fail("the .zip archive holds no files", status="empty")
        return
    stems = Counter(str(PurePosixPath(name).with_suffix("")) for name, _ in members)
    for name, member in members:
        inner = PurePosixPath(name)
        source = f"{container}!{name}"
        member_id = ids.make(base / inner, stems[str(inner.with_suffix(""))] > 1)
        fmt = FORMATS.get(inner.suffix.lower())
        reason = "skipped: macOS resource fork (__MACOSX), not a document" if "__MACOSX" in inner.parts[:-1] \
            else junk_reason(inner.name) or (
                "skipped: file in a hidden folder" if any(p.startswith(".") for p in inner.parts[:-1]) else None)
        if reason:
            yield Document(doc_id=member_id, source=source, format=fmt).fail(reason, status="skipped")
            continue
        try:
            content = archive.read(member)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            yield Document(doc_id=member_id, source=source, format=fmt).fail(f"cannot read archive member: {exc}")
            continue
        if fmt == "zip" and depth < MAX_ZIP_DEPTH:
            def nested_row(content=content, member_id=member_id, source=source) -> Document:
                return Document(doc_id=member_id, source=source, format="zip", bytes=len(content),
                                sha256=hashlib.sha256(content).hexdigest())
            try:
                nested = zipfile.ZipFile(io.BytesIO(content))
            except zipfile.BadZipFile:
                yield nested_row().fail("not a valid .zip archive: truncated or corrupt")
                continue
            with nested:
                yield from _members(nested, source, base / inner.with_suffix(""), ids, nested_row, depth + 1)
            continue
        yield _document(member_id, source, fmt, content, inner.suffix)


def _document(doc_id: str, source: str, fmt: str | None, data: bytes, suffix: str) -> Document:
    doc = Document(doc_id=doc_id, source=source, format=fmt, raw=data, bytes=len(data),
                   sha256=hashlib.sha256(data).hexdigest())
    if fmt is None or fmt == "zip":
        doc.raw = None
        what = f"zips nested more than {MAX_ZIP_DEPTH} deep: unpack it first" if fmt == "zip" else f"cepi reads {READABLE}"
        return doc.fail(f"unsupported file type '{suffix or '(none)'}': {what}")
    return doc


class _DocIds:
    """doc_id = path relative to the input root without extension. Files of one folder that share
    a name (report.txt, report.docx) keep their extensions; an id seen before (the same relative
    path under two input roots) gets ~2, ~3..."""

    def __init__(self):
        self._used: set[str] = set()

    def make(self, rel: PurePosixPath, keep_suffix: bool = False) -> str:
        cand = str(rel) if keep_suffix or not rel.suffix else str(rel.with_suffix(""))
        if cand in self._used:
            n = 2
            while f"{cand}~{n}" in self._used:
                n += 1
            cand = f"{cand}~{n}"
        self._used.add(cand)
        return cand
