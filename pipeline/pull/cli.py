"""`cepi pull` on the command line: arguments checked, a rich progress line, a summary.

The pulling itself is `pipeline.pull.crawl.pull`; this module only talks to the terminal.
"""
from __future__ import annotations

import re
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from .crawl import pull
from .fetch import PullConfig


def run(urls: list[str], archive: Path, list_file: Path | None, index: str | None, match: str | None,
        pages: int, rate: float, timeout: float, retries: int, contact: str | None,
        config: PullConfig | None = None) -> int:
    """Run a pull for the `cepi pull` command; returns the exit code (0 = done, even with per-URL errors)."""
    urls = list(urls)
    if list_file is not None:
        try:
            lines = list_file.read_text(encoding="utf-8-sig").splitlines()
        except OSError as exc:
            typer.echo(f"cannot read --list {list_file}: {exc.strerror}", err=True)
            return 2
        urls += [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not urls and not index:
        typer.echo("nothing to pull: give URLs, --list FILE or --index URL --match PATTERN", err=True)
        return 2
    if match:
        try:
            re.compile(match)
        except re.error as exc:
            typer.echo(f"--match is not a valid regular expression: {exc}", err=True)
            return 2
    if rate <= 0:
        typer.echo("--rate must be positive", err=True)
        return 2
    config = config or PullConfig(rate=rate, read_timeout=timeout, retries=retries, contact=contact)
    try:
        with progress_bar() as on_event:
            summary = pull(archive, urls=urls, index=index, match=match, pages=pages, config=config,
                           on_event=on_event)
    except KeyboardInterrupt:
        typer.echo(f"interrupted: what was fetched is in {archive}/; run the same command again to resume", err=True)
        return 130
    c = summary.counts
    typer.echo(f"fetched {c['fetched']}, unchanged {c['unchanged'] + c['skipped']}, errors {c['error']} "
               f"into {archive}/ (manifest.parquet + WARC); next: cepi extract {archive} --out OUT")
    return 0


@contextmanager
def progress_bar(console: Console | None = None):
    """Yields an `on_event(kind, url, error)` callback for `pull` that updates a live progress line;
    each error is printed above it as it happens."""
    console = console or Console(stderr=True)
    counts: Counter = Counter()
    columns = (SpinnerColumn(finished_text="[green]✓[/green]"), TextColumn("{task.description}"), TimeElapsedColumn(),
               TextColumn("[dim]{task.fields[url]}"))
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task(_describe(counts), url="", total=None)

        def on_event(kind: str, url: str, error: str | None) -> None:
            counts[kind] += 1
            if error:
                bar.console.print(f"[red]error[/red] {escape(url)}: {escape(error)}", highlight=False, soft_wrap=True)
            bar.update(task, description=_describe(counts), url=escape(url[-60:]))

        yield on_event
        bar.update(task, total=1, completed=1, url="")


def _describe(counts: Counter) -> str:
    return (f"fetched {counts['fetched']}  unchanged {counts['unchanged'] + counts['skipped']}  "
            f"[red]errors {counts['error']}[/red]")
