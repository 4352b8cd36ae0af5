"""A progress bar for long runs: documents done, documents/s and ETA, on a terminal only.

Quiet when stderr is not a terminal, when $CI is set, or when the caller says so (`--quiet`).
The total is the number of files found under the inputs (a .zip counts as one until it is read),
counted without reading them.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path


def interactive() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


def count_files(inputs) -> int:
    """Files ingest will read (hidden files and folders are skipped, as ingest does)."""
    n = 0
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for _, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                n += sum(1 for f in files if not f.startswith("."))
        else:
            n += 1
    return n


class Progress:
    """`with Progress(inputs, enabled) as bar: ... bar.advance(doc)`; a no-op when disabled."""

    def __init__(self, inputs, enabled: bool | None = None):
        self.enabled = interactive() if enabled is None else enabled
        self.inputs = inputs
        self._bar = None
        self._task = None
        self.done = 0

    def __enter__(self):
        if self.enabled:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as RichProgress, TaskProgressColumn,
                                       TextColumn, TimeElapsedColumn, TimeRemainingColumn)

            self._bar = RichProgress(
                TextColumn("[bold]cepi[/bold]"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                TextColumn("{task.fields[rate]} docs/s"), TimeElapsedColumn(), TextColumn("ETA"),
                TimeRemainingColumn(), console=Console(stderr=True), transient=False)
            self._bar.start()
            self._task = self._bar.add_task("documents", total=count_files(self.inputs) or None, rate="-")
        return self

    def advance(self, doc) -> None:
        self.done += 1
        if self._bar is not None:
            task = self._bar.tasks[0]
            total = task.total
            if total is not None and self.done > total:  # a .zip held more than one file
                self._bar.update(self._task, total=self.done)
            speed = task.speed
            self._bar.update(self._task, advance=1, rate=f"{speed:.1f}" if speed else "-")

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.update(self._task, total=self.done)  # ends at 100% even when the count was off
            self._bar.stop()
