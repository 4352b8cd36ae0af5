"""Score the development sets with the contract's own scorers and write a report.

`make eval` (or `cepi evaluate`) runs `cepi extract` on each set that is present and scores it
with `../shared/eval/score.py` (facts, sentences, document fields) and, for the measures set,
`../shared/eval/score_measures.py`: the scorers are called, never copied. Where a set lists the
same regions in different rounds (`pairs.tsv`), the report also says where `cepi compare` places
each of those documents (its region × round cell). Scores are reported,
never asserted: CI does not fail on a development set; regressions are guarded by the
capability tables in tests/.
"""
from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from . import run


@dataclass(frozen=True)
class EvalSet:
    name: str
    corpus: Path
    gold: Path
    scorer: str = "score.py"
    pairs: Path | None = None  # region<TAB>doc@round ...: one region's documents of several rounds


@dataclass(frozen=True)
class PairCell:
    """Where the comparison placed one document of a pairs file (see `pair_cells`)."""
    region: str
    doc_id: str
    round_label: str
    placed_region: str | None
    placed_round: str | None

    @property
    def verdict(self) -> str:
        """right: the expected region and round; wrong: another; missing: region or round unknown."""
        if self.placed_region is None or self.placed_round is None:
            return "missing"
        return "right" if (self.placed_region, self.placed_round) == (self.region, self.round_label) else "wrong"


def read_pairs(path: Path) -> list[tuple[str, str, str]]:
    """(region, doc_id, round label) per document of a pairs file; `#` lines are comments."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        region, *docs = line.split("\t")
        for item in docs:
            doc_id, _, label = item.strip().partition("@")
            rows.append((region.strip(), doc_id, label))
    return rows


def pair_cells(doc_regions, pairs: list[tuple[str, str, str]], gaz) -> list[PairCell]:
    """Each pairs document's cell in `compare.document_regions`: the region compared by its key (the
    pairs file's name resolved in the gazetteer as the panel resolves a document's own), so 德州
    and 德州市 are one region; None where the comparison could not place the document."""
    from .compare.regions import resolve

    by_doc = {r["doc_id"]: r for r in doc_regions.to_dict("records")}
    cells = []
    for region, doc_id, label in pairs:
        placed = by_doc.get(doc_id, {})
        key = placed.get("region_key")
        placed_region = None if not isinstance(key, str) or key.startswith("unknown:") else (
            region if key == resolve(gaz, region).key else placed.get("region") or key)
        placed_round = placed.get("round_label") if isinstance(placed.get("round_label"), str) else None
        cells.append(PairCell(region, doc_id, label, placed_region, placed_round))
    return cells


def pairs_report(out: Path, pairs: Path) -> list[str]:
    """Markdown lines: the pairs documents' cells and the tally."""
    from .compare import document_regions, load_outputs
    from .gazetteer import gazetteer

    gaz = gazetteer()
    documents, _ = load_outputs([out])
    cells = pair_cells(document_regions(documents, gaz), read_pairs(pairs), gaz)
    lines = ["Same regions in different rounds (`pairs.tsv`): each document's region × round cell in `cepi compare`.",
             "", "| region | document | expected round | placed region | placed round | verdict |", "|---|---|---|---|---|---|"]
    lines += [f"| {c.region} | {c.doc_id} | {c.round_label} | {c.placed_region or '–'} | {c.placed_round or '–'} | "
              f"{c.verdict} |" for c in cells]
    tally = {v: sum(c.verdict == v for c in cells) for v in ("right", "wrong", "missing")}
    return lines + ["", f"{tally['right']} right, {tally['wrong']} wrong, {tally['missing']} missing of {len(cells)}", ""]


def default_sets(shared: Path, project: Path) -> list[EvalSet]:
    """The sets of the shared folder and the project's own development sets."""
    e = shared / "eval"
    return [
        EvalSet("seeds", shared / "seeds", e / "gold"),
        EvalSet("real", e / "real" / "corpus", e / "real" / "gold"),
        EvalSet("real2", e / "real2" / "corpus", e / "real2" / "gold", pairs=e / "real2" / "pairs.tsv"),
        EvalSet("measures", e / "measures" / "corpus", e / "measures" / "gold", "score_measures.py"),
        EvalSet("dev", project / "corpora" / "dev" / "corpus", project / "corpora" / "dev" / "gold"),
        EvalSet("dev2", project / "corpora" / "dev2" / "corpus", project / "corpora" / "dev2" / "gold"),
        EvalSet("dev3", project / "corpora" / "dev3" / "corpus", project / "corpora" / "dev3" / "gold"),
        EvalSet("dev4", project / "corpora" / "dev4" / "corpus", project / "corpora" / "dev4" / "gold"),
        EvalSet("dev5", project / "corpora" / "dev5" / "corpus", project / "corpora" / "dev5" / "gold"),
    ]


def evaluate(sets: list[EvalSet], scorers: Path, work: Path) -> str:
    """Extract and score each present set into `work`; return the report as Markdown."""
    parts = ["# cepi evaluation report", "",
             "Scores of the development sets (`make eval`). The scorers are those of the output contract;",
             "sets marked *first contact* in the README were scored before any rule was written for them.", ""]
    for s in sets:
        if not s.corpus.is_dir() or not s.gold.is_dir():
            parts += [f"## {s.name}", "", f"skipped: {s.corpus} not found", ""]
            continue
        out = work / s.name
        run.extract([s.corpus], out)
        result = subprocess.run([sys.executable, str(scorers / s.scorer), str(out), str(s.gold)],
                                capture_output=True, text=True, check=False)
        parts += [f"## {s.name}", "", "```", (result.stdout + result.stderr).strip(), "```", ""]
        if s.pairs is not None and s.pairs.exists():
            parts += pairs_report(out, s.pairs)
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared folder (gold sets, scorers)")
    parser.add_argument("--out", type=Path, default=Path("out-eval"), help="where outputs and REPORT.md go")
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "score.py").exists():
        print(f"no scorer at {args.shared}/eval/score.py: nothing to evaluate", file=sys.stderr)
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    report = evaluate(default_sets(args.shared, Path.cwd()), args.shared / "eval", args.out)
    (args.out / "REPORT.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
