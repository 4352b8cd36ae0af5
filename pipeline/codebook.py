"""The codebook: every table and column cepi writes, its metrics, categories and conventions.

The source is `codebook_data/codebook.json` (shipped with the package); `CODEBOOK.md` at the
repository root is rendered from it (`python -m pipeline.codebook > CODEBOOK.md`), and both are
written into every output folder. `cepi codebook` prints it.
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path


def load() -> dict:
    with resources.files("pipeline.codebook_data").joinpath("codebook.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def columns(codebook: dict) -> list[tuple[str, str, str, str]]:
    """(table, column, type, description) for every documented column."""
    return [(table, name, spec[0], spec[1])
            for table, t in codebook["tables"].items() for name, spec in t["columns"].items()]


def markdown(codebook: dict) -> str:
    out = [f"# {codebook['title']}", "", codebook["about"], "", "## Conventions", ""]
    out += [f"- {c}" for c in codebook["conventions"]]
    for table, t in codebook["tables"].items():
        out += ["", f"## `{table}`: one row per {t['row']}", "", "| column | type | meaning |", "|---|---|---|"]
        out += [f"| `{name}` | {spec[0]} | {_cell(spec[1])} |" for name, spec in t["columns"].items()]
    out += ["", "## Metrics (`facts.metric`)", "", "| metric | meaning |", "|---|---|"]
    out += [f"| `{m}` | {_cell(d)} |" for m, d in codebook["metrics"].items()]
    out += ["", "## Categories (`facts.category`)", "", "| category | meaning |", "|---|---|"]
    out += [f"| `{c}` | {_cell(d)} |" for c, d in codebook["categories"].items()]
    out += ["", "## The run", ""]
    out += [f"- **{k}**: {d}" for k, d in codebook["run"].items()]
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def write(folder: str | Path, codebook: dict | None = None) -> None:
    """Write CODEBOOK.md and codebook.json into an output folder."""
    codebook = codebook or load()
    folder = Path(folder)
    (folder / "CODEBOOK.md").write_text(markdown(codebook), encoding="utf-8")
    (folder / "codebook.json").write_text(json.dumps(codebook, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    import sys

    sys.stdout.write(markdown(load()))
