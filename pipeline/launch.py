"""The `cepi` command: the process's C allocator first (allocator.py), then the command line (cli.py).

Kept apart from cli.py, which imports pyarrow, typer and the pipeline: the allocator can only be
chosen by starting the process again, best before any of that is loaded."""
from __future__ import annotations


def main() -> None:
    from .allocator import restart_with_allocator

    restart_with_allocator()
    from .cli import app

    app()
