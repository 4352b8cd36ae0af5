"""`cepi` command line: a thin shell over the library (pipeline.run)."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .arrow_memory import choose_for_process

choose_for_process()  # before the first import of pyarrow (the next line's): see arrow_memory.py

from . import run  # noqa: E402
from .display import fact_value  # noqa: E402
from .segment import SegmenterKind  # noqa: E402

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
    workers: int = typer.Option(None, "--workers", "-j", min=1, help="Worker processes (default: all cores)."),
    engine: str = typer.Option("process", "--engine", help="process (worker processes here), serial or dask (a Dask cluster)."),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address (default: a local cluster)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", metavar="", help="No progress bar."),
    no_cache: bool = typer.Option(False, "--no-cache", metavar="", help="Re-process every file; ignore earlier runs."),
    time_budget: float = typer.Option(120.0, "--time-budget", help="Seconds one document may take (0: no limit)."),
    tables: str = typer.Option(None, "--tables",
                               help="Write only these tables, comma-separated (e.g. facts): only the stages they "
                                    "need run. documents is always written, checks with facts. Default: all."),
) -> None:
    """Extract documents, facts, sentences, measures and checks tables from INPUTS into OUT.

    OUT is replaced only when the run completes; it then holds the tables, CODEBOOK.md,
    codebook.json and run.json.
    """
    from .export import arrow_without_pandas
    from .outdir import OutputError, RunInterrupted

    if engine not in ("process", "serial", "dask"):
        raise typer.BadParameter("use process, serial or dask", param_hint="--engine")
    if engine != "dask":  # (a Dask cluster's processes are not this command's to configure)
        arrow_without_pandas()
    try:
        tables = run.selected_tables(tables.split(",")) if tables is not None else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--tables") from None
    try:
        summary = run.extract(inputs, out, fmt=format.value, segmenter=segmenter.value,
                              on_document=_print_facts if show_facts else None, workers=workers, engine=engine,
                              scheduler=scheduler, cache=not no_cache, time_budget=time_budget or None,
                              progress=False if quiet or show_facts else None, tables=tables)
    except OutputError as exc:
        typer.echo(f"cepi: {exc}", err=True)
        raise typer.Exit(code=2) from None
    except RunInterrupted as exc:
        typer.echo(f"cepi: {exc}", err=True)
        raise typer.Exit(code=130) from None
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(summary.status.items()))
    typer.echo(f"read {summary.files} files ({statuses}) in {summary.seconds:.1f} s; wrote {summary.written()} "
               f"to {out}/")
    for source, error in summary.errors:
        typer.echo(f"  {source}: {error}", err=True)
    if strict and summary.status.get("error"):
        raise typer.Exit(code=1)


@app.command()
def pull(
    urls: Optional[List[str]] = typer.Argument(None, help="URLs of pages or documents to archive."),
    archive: Path = typer.Option(..., "--archive", "-a", help="Archive folder (created; a re-run resumes it)."),
    list_file: Optional[Path] = typer.Option(None, "--list", help="File with one URL a line."),
    index: Optional[str] = typer.Option(None, "--index", help="Index page whose matching links are archived."),
    match: Optional[str] = typer.Option(None, "--match", help="Regex on link text or URL, e.g. '整改|督察'."),
    pages: int = typer.Option(1, "--pages", help="Index pages to read, following its pagination."),
    rate: float = typer.Option(1.0, "--rate", help="Requests per second per host (robots.txt Crawl-delay wins)."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds to wait for a response."),
    retries: int = typer.Option(2, "--retries", help="Retries after 5xx, timeouts and connection errors."),
    contact: Optional[str] = typer.Option(None, "--contact", help="E-mail or URL put in the User-Agent."),
) -> None:
    """Fetch reports into ARCHIVE (WARC files + manifest.parquet); then `cepi extract ARCHIVE`."""
    from .pull import cli as pull_cli

    raise typer.Exit(pull_cli.run(urls or [], archive, list_file, index, match, pages, rate, timeout, retries, contact))


def _print_facts(doc) -> None:
    meta = " ".join(f"{k}={doc.meta.get(k)}" for k in ("doc_type", "admin_level", "region", "round") if doc.meta)
    typer.echo(f"\n{doc.doc_id} [{doc.status}] {meta}")
    for f in doc.facts:
        scope = f" @{f.subject_region}" if f.subject_region else ""
        typer.echo(f"  {f.metric:<34} {f.category or 'all':<14} {fact_value(f)}{scope}  «{f.evidence}»")


@app.command()
def explain(
    text: str = typer.Argument(..., help="A sentence or paragraph; '-' reads standard input."),
    as_json: bool = typer.Option(False, "--json", help="Print the explanation as JSON."),
) -> None:
    """Show the numbers found in TEXT, the rules tried on each, which fired, the facts and the measures."""
    import json
    import sys

    from .explain import explain as explain_text, render
    from .measures import explain_measures

    if text == "-":
        text = sys.stdin.read()
    ex = explain_text(text, measures=explain_measures)
    typer.echo(json.dumps(ex.as_dict(), ensure_ascii=False, indent=1) if as_json else render(ex))


@app.command()
def compare(
    out_dirs: List[Path] = typer.Argument(..., help="Output folders of `cepi extract` (several runs combine)."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the panel tables (Parquet and CSV)."),
) -> None:
    """Region x round panel, candidate figures, changes between rounds and stickiness."""
    from . import compare as compare_mod

    tables = compare_mod.compare_outputs(out_dirs)
    compare_mod.write_tables(tables, out)
    typer.echo(", ".join(f"{len(df)} {name}" for name, df in tables.items()) + f" rows written to {out}/")


@app.command()
def report(
    out_dir: Path = typer.Argument(..., help="Output folder of `cepi extract`."),
    out: Path = typer.Option(..., "--out", "-o", help="The HTML file to write."),
) -> None:
    """One self-contained HTML report (charts embedded, opens offline) over an extract output."""
    from .report import write_report

    write_report(out_dir, out)
    typer.echo(f"wrote {out}")


if __name__ == "__main__":
    app()
