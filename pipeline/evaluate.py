"""Score the development sets with the contract's own scorers and write a report.

`make eval` (or `cepi evaluate`) runs `cepi extract` on each set that is present and scores it
with `../shared/eval/score.py` (facts, sentences, document fields) and, for the measures set,
`../shared/eval/score_measures.py`: the scorers are called, never copied. Scores are reported,
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


def default_sets(shared: Path, project: Path) -> list[EvalSet]:
    """The sets of the shared folder and the project's own development sets."""
    e = shared / "eval"
    return [
        EvalSet("seeds", shared / "seeds", e / "gold"),
        EvalSet("real", e / "real" / "corpus", e / "real" / "gold"),
        EvalSet("real2", e / "real2" / "corpus", e / "real2" / "gold"),
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
