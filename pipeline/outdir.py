"""The output folder: checked before anything is read, built beside `--out`, moved into place whole.

    with output_folder(out, fmt, inputs) as folder:
        ...write tables into folder.path as folder.table_format...
        folder.finish(summary)

A run writes into a hidden temporary folder next to `out` (`.NAME.cepi-tmp-PID`). Only when
the body completes is the folder finished (CSV given a UTF-8 BOM, or the tables turned into one
.xlsx workbook; codebook and `run.json` added) and swapped with `out`; hidden entries of the old
folder and every file cepi did not write (a log, notes) are carried over: a run replaces
cepi's own tables and nothing else. An interrupted run
(Ctrl-C, SIGTERM, an exception) removes its temporary folder and leaves the previous result as
it was; `RunInterrupted` says so.

Start-up checks raise `OutputError` with a one-line message before anything is written: a
missing input, `out` that is a file or not writable, `out` that is an input or holds one, and a
table of `out` open in Excel.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .native import compiled_current
from .records import TABLES

log = logging.getLogger(__name__)

FORMATS = ("parquet", "csv", "xlsx")
RUN_FILE = "run.json"
GENERATOR = "cepi"
# Files a cepi output folder may hold; anything else in an existing --out blocks the replace.
_OWN_FILES = {RUN_FILE, "CODEBOOK.md", "codebook.json", "tables.xlsx"} | {
    f"{t}.{ext}" for t in TABLES for ext in ("parquet", "csv")}
_TMP_TAG, _OLD_TAG = ".cepi-tmp-", ".cepi-old-"
UTF8_BOM = b"\xef\xbb\xbf"


class OutputError(ValueError):
    """A problem with the inputs or the output folder found before the run starts."""


class RunInterrupted(RuntimeError):
    """The run stopped before completing; the previous result (if any) is intact."""


def cepi_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cepi")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


def resources_hash() -> str:
    """sha256 over the rules and the shipped models: two runs with the same hash used the same data."""
    from .classify import default_model_path

    rules = Path(__file__).resolve().parent / "rules"
    models = default_model_path().parent
    digest = hashlib.sha256()
    for root in (rules, models):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            if path.suffix in (".pyc",) or path.name.endswith(".md"):
                continue
            digest.update(str(path.relative_to(root)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def is_output_folder(folder: Path) -> bool:
    """A folder cepi wrote: it holds a `run.json` by cepi, or (older versions) documents and facts tables."""
    run_file = folder / RUN_FILE
    if run_file.is_file():
        try:
            return json.loads(run_file.read_text(encoding="utf-8")).get("generator") == GENERATOR
        except (OSError, ValueError, AttributeError):
            return False
    return any((folder / f"documents.{e}").is_file() for e in ("parquet", "csv")) and \
        any((folder / f"facts.{e}").is_file() for e in ("parquet", "csv"))


def check_paths(out: Path, inputs: Iterable[str | os.PathLike]) -> list[Path]:
    """The start-up checks (raise `OutputError`); returns the inputs as paths."""
    paths = [Path(p) for p in inputs]
    if not paths:
        raise OutputError("no input given")
    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise OutputError(f"input not found: {', '.join(missing)}")
    out_abs = Path(os.path.abspath(out))
    if out_abs.exists() and not out_abs.is_dir():
        raise OutputError(f"--out {out} is a file, not a folder")
    for p in paths:
        real = Path(os.path.realpath(p))
        if real == Path(os.path.realpath(out_abs)) or _inside(real, out_abs):
            raise OutputError(f"--out {out} is an input or holds the input {p}: choose another output folder")
    if out_abs.is_dir():
        try:
            names = sorted(e.name for e in out_abs.iterdir())
        except OSError as exc:
            raise OutputError(f"cannot read --out {out}: {exc.strerror}") from None
        locks = [n for n in names if n.startswith("~$")]
        if locks:
            raise OutputError(f"--out {out}: a table is open in Excel ({locks[0]}): close it first")
    parent = out_abs.parent
    probe = parent
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise OutputError(f"cannot create --out {out}: {probe} is a file")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write to {probe}: permission denied")
    return paths


def _inside(path: Path, folder: Path) -> bool:
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(folder))
        return True
    except ValueError:
        return False


@dataclass
class OutputFolder:
    """The run's temporary folder and what `run.json` will say about the run."""

    out: Path
    path: Path
    format: str
    inputs: list[str]
    started: str
    summary: object | None = None
    extra: dict = field(default_factory=dict)
    tables: tuple[str, ...] = TABLES  # the tables the run writes

    @property
    def table_format(self) -> str:
        """The format the tables are written in during the run (xlsx is assembled from Parquet at the end)."""
        return "parquet" if self.format == "xlsx" else self.format

    def finish(self, summary) -> None:
        """Record the run's summary (a `run.Summary`): the counts go into `run.json`."""
        self.summary = summary


@contextmanager
def output_folder(out: str | os.PathLike, fmt: str, inputs: Iterable[str | os.PathLike],
                  tables: tuple[str, ...] = TABLES) -> Iterator[OutputFolder]:
    if fmt not in FORMATS:
        raise OutputError(f"unknown output format {fmt!r}: use {', '.join(FORMATS)}")
    out = Path(out)
    paths = check_paths(out, inputs)
    out_abs = Path(os.path.abspath(out))
    tmp = out_abs.parent / f".{out_abs.name}{_TMP_TAG}{os.getpid()}"
    try:
        out_abs.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(out_abs)
        tmp.mkdir()
    except OSError as exc:
        raise OutputError(f"cannot write to {out_abs.parent}: {exc.strerror}") from None
    folder = OutputFolder(out=out_abs, path=tmp, format=fmt, inputs=[os.path.abspath(p) for p in paths],
                          started=_now(), tables=tables)
    swapped = False
    try:
        with _sigterm_as_interrupt():
            yield folder
            _finalize(folder)
            with _signals_held():
                _swap(tmp, out_abs)
                swapped = True
    except BaseException as exc:
        if swapped:  # a signal that arrived during the swap: the run is complete all the same
            log.warning("signal received while moving the result into place; %s is complete", out)
            return
        shutil.rmtree(tmp, ignore_errors=True)
        kept = "the previous result in {} is intact".format(out) if out_abs.exists() else "nothing was written"
        if isinstance(exc, KeyboardInterrupt):
            log.warning("run interrupted: %s", kept)
            raise RunInterrupted(f"interrupted: {kept}") from None
        log.error("run failed (%s: %s): %s", exc.__class__.__name__, exc, kept)
        raise


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class _Terminated(KeyboardInterrupt):
    pass


@contextmanager
def _sigterm_as_interrupt():
    """SIGTERM raises in the main thread like Ctrl-C does, so the temporary folder is cleaned up."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise _Terminated()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _signals_held():
    """Ctrl-C / SIGTERM wait until the two renames of the swap are done (delivered after)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def _remove_stale(out: Path) -> None:
    """Leftovers of runs killed without cleanup (SIGKILL, power loss): temporary folders of dead
    processes are removed; an `out` lost between the two renames of a swap is restored."""
    for entry in out.parent.glob(f".{out.name}.cepi-*-*"):
        pid = entry.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        if _OLD_TAG in entry.name and not out.exists():
            os.replace(entry, out)
            log.warning("restored the previous result %s from an interrupted swap", out)
        else:
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _swap(tmp: Path, out: Path) -> None:
    """Move the finished folder into place; the old one is removed only after the new one is there."""
    if not out.exists():
        os.replace(tmp, out)
        return
    old = out.parent / f".{out.name}{_OLD_TAG}{os.getpid()}"
    os.replace(out, old)
    try:
        os.replace(tmp, out)
    except BaseException:
        os.replace(old, out)  # put the previous result back
        raise
    for entry in old.iterdir():  # what cepi did not write (a log, notes, a cache) is not cepi's to delete
        if entry.name not in _OWN_FILES and not (out / entry.name).exists():
            os.replace(entry, out / entry.name)
    shutil.rmtree(old, ignore_errors=True)


def _finalize(folder: OutputFolder) -> None:
    from . import codebook

    tmp = folder.path
    if folder.format == "csv":
        for table in folder.tables:
            _add_bom(tmp / f"{table}.csv")
    elif folder.format == "xlsx":
        from .xlsx import write_workbook

        write_workbook(tmp, tmp / "tables.xlsx", codebook.load())
        for table in TABLES:
            (tmp / f"{table}.parquet").unlink(missing_ok=True)
    codebook.write(tmp)
    (tmp / RUN_FILE).write_text(json.dumps(_run_record(folder), ensure_ascii=False, indent=2) + "\n",
                                encoding="utf-8")


def _run_record(folder: OutputFolder) -> dict:
    s = folder.summary
    return {
        "generator": GENERATOR,
        "cepi_version": cepi_version(),
        "resources_sha256": resources_hash(),
        "python": sys.version.split()[0],
        "compiled_modules": len(compiled_current()),  # Cython (native.py): same results, faster
        "inputs": folder.inputs,
        "format": folder.format,
        "tables": list(folder.tables),
        "started": folder.started,
        "finished": _now(),
        "documents": getattr(s, "files", None),
        "status_counts": dict(sorted(getattr(s, "status", {}).items())),
        "facts": getattr(s, "facts", None),
        "sentences": getattr(s, "sentences", None),
        "measures": getattr(s, "measures", None),
        **folder.extra,
        "complete": s is not None,
    }


def _add_bom(path: Path) -> None:
    """Prefix a UTF-8 BOM so that Excel opens the Chinese text correctly (streamed copy, flat memory)."""
    if not path.exists():
        return
    with path.open("rb") as fh:
        if fh.read(3) == UTF8_BOM:
            return
    with_bom = path.with_suffix(".csv.bom")
    with path.open("rb") as src, with_bom.open("wb") as dst:
        dst.write(UTF8_BOM)
        shutil.copyfileobj(src, dst, 1 << 20)
    os.replace(with_bom, path)

