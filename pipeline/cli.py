"""`cepi` command line: a thin shell over the library (pipeline.run)."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import List

import typer

from . import run
from .display import fact_value
from .segment import SegmenterKind

app = typer.Typer(add_completion=False, help="Turn Central Environmental Protection Inspection documents into datasets.")


class OutputFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"
    xlsx = "xlsx"


def _version(value: bool) -> None:
    if value:
        from .outdir import cepi_version

        typer.echo(f"cepi {cepi_version()}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, metavar="",
                                      help="Print cepi's version and exit.")) -> None:
    """cepi: read, normalize, segment, extract, classify, export.

    Exit codes of `cepi extract`: 0 the run completed; 1 with --strict when a file has status
    error; 2 a usage or start-up problem (missing input, unusable --out), nothing written;
    130 interrupted (Ctrl-C, SIGTERM), the previous result left intact.
    """


@app.command()
def codebook(as_json: bool = typer.Option(False, "--json", metavar="", help="Print the machine-readable codebook.json.")) -> None:
    """Print the codebook: every table and column, metrics, categories, conventions."""
    import json

    from . import codebook as cb

    data = cb.load()
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2) if as_json else cb.markdown(data), nl=False)


@app.command()
def extract(
    inputs: List[Path] = typer.Argument(..., help="Files, folders (recursive) or .zip archives."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder for the tables."),
    format: OutputFormat = typer.Option(OutputFormat.parquet, "--format",
                                        help="parquet, csv (UTF-8 with BOM, opens in Excel) or xlsx (one workbook)."),
    segmenter: SegmenterKind = typer.Option(SegmenterKind.jieba, "--segmenter", help="jieba, pkuseg or spacy."),
    strict: bool = typer.Option(False, "--strict", metavar="", help="Exit non-zero if any file has status error."),
    show_facts: bool = typer.Option(False, "--show-facts", metavar="", help="Print the facts found in each document."),
) -> None:
    """Extract documents, facts, sentences, measures and checks tables from INPUTS into OUT.

    OUT is replaced only when the run completes; it then holds the tables, CODEBOOK.md,
    codebook.json and run.json.
    """
    from .outdir import OutputError, RunInterrupted

    try:
        summary = run.extract(inputs, out, fmt=format.value, segmenter=segmenter.value,
                              on_document=_print_facts if show_facts else None)
    except OutputError as exc:
        typer.echo(f"cepi: {exc}", err=True)
        raise typer.Exit(code=2) from None
    except RunInterrupted as exc:
        typer.echo(f"cepi: {exc}", err=True)
        raise typer.Exit(code=130) from None
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(summary.status.items()))
    typer.echo(f"read {summary.files} files ({statuses}); wrote {summary.facts} facts, "
               f"{summary.sentences} sentences, {summary.measures} measures to {out}/")
    for source, error in summary.errors:
        typer.echo(f"  {source}: {error}", err=True)
    if strict and summary.status.get("error"):
        raise typer.Exit(code=1)


def _print_facts(doc) -> None:
    meta = " ".join(f"{k}={doc.meta.get(k)}" for k in ("doc_type", "admin_level", "region", "round") if doc.meta)
    typer.echo(f"\n{doc.doc_id} [{doc.status}] {meta}")
    for f in doc.facts:
        typer.echo(f"  {f.metric:<34} {f.category or 'all':<14} {fact_value(f)}  «{f.evidence}»")


if __name__ == "__main__":
    app()
