"""`cepi` command line: a thin shell over the library (pipeline.run)."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import List

import typer

from . import run
from .segment import SegmenterKind

app = typer.Typer(add_completion=False, help="Turn Central Environmental Protection Inspection documents into datasets.")


class OutputFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"


@app.callback()
def main() -> None:
    """cepi: read, normalize, segment, extract, classify, export."""


@app.command()
def extract(
    inputs: List[Path] = typer.Argument(..., help="Files, folders (recursive) or .zip archives."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder for the tables."),
    format: OutputFormat = typer.Option(OutputFormat.parquet, "--format", help="parquet or csv."),
    segmenter: SegmenterKind = typer.Option(SegmenterKind.jieba, "--segmenter", help="jieba, pkuseg or spacy."),
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero if any file has status error."),
    show_facts: bool = typer.Option(False, "--show-facts", help="Print the facts found in each document."),
    workers: int = typer.Option(None, "--workers", "-j", min=1, help="Worker processes (default: all cores)."),
    engine: str = typer.Option("process", "--engine", help="process (worker processes here), serial or dask (a Dask cluster)."),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address (default: a local cluster)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Re-process every file; ignore earlier runs."),
    time_budget: float = typer.Option(120.0, "--time-budget", help="Seconds one document may take (0: no limit)."),
) -> None:
    """Extract documents, facts, sentences, measures and checks tables from INPUTS into OUT."""
    if engine not in ("process", "serial", "dask"):
        raise typer.BadParameter("use process, serial or dask", param_hint="--engine")
    summary = run.extract(inputs, out, fmt=format.value, segmenter=segmenter.value,
                          on_document=_print_facts if show_facts else None, workers=workers, engine=engine,
                          scheduler=scheduler, cache=not no_cache, time_budget=time_budget or None,
                          progress=False if quiet or show_facts else None)
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(summary.status.items()))
    typer.echo(f"read {summary.files} files ({statuses}) in {summary.seconds:.1f} s; wrote {summary.facts} facts, "
               f"{summary.sentences} sentences, {summary.measures} measures to {out}/")
    for source, error in summary.errors:
        typer.echo(f"  {source}: {error}", err=True)
    if strict and summary.status.get("error"):
        raise typer.Exit(code=1)


def _print_facts(doc) -> None:
    meta = " ".join(f"{k}={doc.meta.get(k)}" for k in ("doc_type", "admin_level", "region", "round") if doc.meta)
    typer.echo(f"\n{doc.doc_id} [{doc.status}] {meta}")
    for f in doc.facts:
        value = "redacted" if f.redacted else f"{f.value:g}"
        approx = "~" if f.approx else ""
        typer.echo(f"  {f.metric:<34} {f.category or 'all':<14} {approx}{value} {f.unit or ''}  «{f.evidence}»")


if __name__ == "__main__":
    app()
