"""The training run of the profile-guided build (native_build.build_with_profile).

    python -m pipeline.native_train FOLDER

Runs `cepi extract` on one worker over the sample corpus and synthetic documents (pipeline.synth,
a seed of its own, not the bench's), writing into FOLDER, so that the instrumented modules count
which of their paths a run takes: reading, every stage, the tables and the run-level reference.
No development or evaluation document is read. Takes ~20 s with the instrumented modules.
"""
from __future__ import annotations

import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "sample"
SYNTHETIC_MB = 0.35  # ~60 documents of 2,000 characters
SEED = 20261202


def train(folder: str | Path) -> int:
    """Process the training documents into `folder`; returns how many were processed."""
    from .run import extract
    from .synth import write_archive

    folder = Path(folder)
    synthetic = folder / "synthetic"
    write_archive(synthetic, SYNTHETIC_MB, 2000, seed=SEED)
    inputs = [p for p in (SAMPLE, synthetic) if p.exists()]
    summary = extract(inputs, folder / "out", workers=1, engine="serial", cache=False)
    return summary.files


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.exit("usage: python -m pipeline.native_train FOLDER")
    print(f"training run: {train(args[0])} documents", file=sys.stderr)


if __name__ == "__main__":
    main()
