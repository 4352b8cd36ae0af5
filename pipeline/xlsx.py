"""One Excel workbook from the run's Parquet tables: a sheet per table plus a codebook sheet.

Written in openpyxl's write-only mode, one row batch at a time, so memory stays flat. Excel
limits: a cell holds at most 32,767 characters (longer texts are cut and marked), a sheet at
most 1,048,576 rows (a longer table continues on `NAME (2)`); characters XML cannot hold
(control characters) are dropped.
"""
from __future__ import annotations

from pathlib import Path

from .records import TABLES

CELL_LIMIT = 32_767
ROW_LIMIT = 1_048_576
TRUNCATED = "…[truncated]"


def write_workbook(folder: str | Path, path: str | Path, codebook: dict) -> None:
    import openpyxl
    import pyarrow.parquet as pq

    from .codebook import columns

    folder = Path(folder)
    book = openpyxl.Workbook(write_only=True)
    for table in TABLES:
        source = folder / f"{table}.parquet"
        if not source.exists():
            continue
        parquet = pq.ParquetFile(source)
        header = parquet.schema_arrow.names
        part, sheet, rows = 1, book.create_sheet(table), 0
        sheet.append(header)
        rows = 1
        for batch in parquet.iter_batches(batch_size=1000):
            for record in batch.to_pylist():
                if rows >= ROW_LIMIT:
                    part += 1
                    sheet = book.create_sheet(f"{table} ({part})")
                    sheet.append(header)
                    rows = 1
                sheet.append([cell(record[name]) for name in header])
                rows += 1
    sheet = book.create_sheet("codebook")
    sheet.append(["table", "column", "type", "meaning"])
    for row in columns(codebook):
        sheet.append([cell(v) for v in row])
    for metric, meaning in codebook["metrics"].items():
        sheet.append(["facts", f"metric = {metric}", "", cell(meaning)])
    for convention in codebook["conventions"]:
        sheet.append(["(all)", "", "", cell(convention)])
    book.save(path)


def cell(value):
    """A value Excel can hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > CELL_LIMIT:
            value = value[:CELL_LIMIT - len(TRUNCATED)] + TRUNCATED
    return value
