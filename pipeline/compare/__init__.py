"""Compare regions across inspection rounds (`cepi compare`).

    from pipeline import compare
    tables = compare.compare_outputs(["out/"])          # dict of DataFrames
    compare.write_tables(tables, "out-compare/")          # Parquet + CSV

Tables: `panel`, `panel_sources`, `changes`, `document_stickiness` (per document, with its region
and round), `region_similarity` (region × consecutive rounds).
"""
from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from ..gazetteer import gazetteer
from .panel import changes, document_regions, load_outputs, panel, panel_sources
from .similarity import document_stickiness, region_similarity

log = logging.getLogger(__name__)

__all__ = ["compare_outputs", "write_tables", "load_outputs", "document_regions", "panel_sources", "panel",
           "changes", "document_stickiness", "region_similarity"]


def compare_outputs(out_dirs) -> dict[str, pd.DataFrame]:
    """All comparison tables for one or more `cepi extract` output folders."""
    if isinstance(out_dirs, (str, Path)):
        out_dirs = [out_dirs]
    documents, facts = load_outputs(out_dirs)
    gaz = gazetteer()
    regions = document_regions(documents, gaz)
    sources = panel_sources(documents, facts, gaz, regions)
    cells = panel(sources)
    sticky = document_stickiness(regions, documents)
    regions = regions.merge(sticky[["doc_id", "stickiness", "previous_round", "previous_doc_ids"]],
                            on="doc_id", how="left")
    log.info("compare: %d documents, %d candidate figures, %d panel cells", len(regions), len(sources), len(cells))
    return {"panel": cells, "panel_sources": sources, "changes": changes(cells),
            "document_stickiness": regions, "region_similarity": region_similarity(regions, documents)}


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Each table as `<name>.parquet` and `<name>.csv` (UTF-8, header row)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        df.to_parquet(out_dir / f"{name}.parquet", index=False)
        df.to_csv(out_dir / f"{name}.csv", index=False)
        written += [out_dir / f"{name}.parquet", out_dir / f"{name}.csv"]
    return written
