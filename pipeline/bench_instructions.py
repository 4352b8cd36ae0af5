"""`make bench-instructions`: the one-worker ratio to jieba counted in CPU instructions.

Wall-clock ratios on a shared or throttled machine move by 15% from one run to the next, more
than most speed changes; instruction counts do not. Under valgrind's callgrind, with the same
code and inputs, the count repeats to a fraction of a percent whatever else the machine runs,
so a change can be judged on a busy machine. The measure (instructions, not seconds: cache
misses and branch mispredictions are not in it, so it complements `make bench`, it does not
replace it):

- a child process runs the pipeline (every stage, then the document's Arrow rows, as a worker
  does) over W documents to warm up, then over N further documents; another runs it over the W
  alone. The difference is the instructions of the N documents: start-up and first-use
  compilation cancel out.
- the same for jieba `lcut` over the same texts (its dictionary loaded before the W);
- `ratio_vs_jieba_instructions` = jieba's count / the pipeline's, comparable to `make bench`'s
  `ratio_vs_jieba` (higher is faster).

Needs valgrind (Debian's package; the Makefile target installs it). Slow: about 50x a plain run.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .native import compiled_current
from .synth import write_archive

REPO = Path(__file__).resolve().parent.parent
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def collected(valgrind_stderr: str) -> int:
    """The instruction count callgrind reports at exit ("Collected : N")."""
    found = _COLLECTED.findall(valgrind_stderr)
    if not found:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{valgrind_stderr[-1500:]}")
    return int(found[-1])


def run_child(mode: str, files: list[Path]) -> None:
    """What the measured child does: `pipeline` or `jieba` over the files, in order."""
    if mode == "pipeline":
        from .ingest import iter_documents
        from .resources import Resources, Settings
        from .engine import serial

        settings = Settings()
        resources = Resources(settings).load_all()
        docs = list(iter_documents([str(f) for f in files]))
        for _ in serial(((doc, None) for doc in docs), settings, resources, tables=True):  # as one worker does
            pass
    elif mode == "jieba":
        import logging

        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        jieba.initialize()
        for f in files:
            jieba.lcut(f.read_text(encoding="utf-8"))
    else:
        raise ValueError(f"unknown mode {mode!r}")


def _instructions(mode: str, files: list[Path], valgrind: str) -> int:
    cmd = [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-m",
           "pipeline.bench_instructions", "--child", mode, *map(str, files)]
    # a fixed hash seed: set and dict orders, and so the work done, are the same in every run
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONHASHSEED": "0"}
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:8])} ... failed:\n{proc.stderr[-2000:]}")
    return collected(proc.stderr)


def per_document_instructions(mode: str, warm: list[Path], measured: list[Path], valgrind: str) -> int:
    """Instructions `mode` spends on the `measured` files after the `warm` ones."""
    return _instructions(mode, warm + measured, valgrind) - _instructions(mode, warm, valgrind)


def measure(files: list[Path], warm: int, n: int, valgrind: str) -> dict:
    warm_files, measured = files[:warm], files[warm:warm + n]
    if len(measured) < n:
        raise ValueError(f"{len(files)} files: fewer than {warm} + {n}")
    pipeline = per_document_instructions("pipeline", warm_files, measured, valgrind)
    jieba = per_document_instructions("jieba", warm_files, measured, valgrind)
    return {"docs": n, "warm_docs": warm, "pipeline_instructions": pipeline, "jieba_instructions": jieba,
            "ratio_vs_jieba_instructions": round(jieba / pipeline, 3)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs="+", metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--docs", type=int, default=20, help="documents measured (after --warm others)")
    parser.add_argument("--warm", type=int, default=5, help="documents processed first, not counted")
    parser.add_argument("--corpus", type=Path, help="a folder of .txt documents (default: a synthetic archive)")
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "work" / "instructions")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "instructions.json")
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.child[0], [Path(f) for f in args.child[1:]])
        return
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind; `make bench-instructions` does it)")
    corpus = args.corpus
    if corpus is None:  # the documents of `make bench`'s archive (same generator and seed), fewer of them
        corpus = args.work / "archive"
        if not corpus.is_dir():
            write_archive(corpus, megabytes=(args.warm + args.docs) * 6000 / 1e6 * 1.2)
    files = sorted(corpus.rglob("*.txt"))
    result = {"corpus": str(corpus), **measure(files, args.warm, args.docs, valgrind),
              "compiled_modules": len(compiled_current())}  # 0: pure Python (no `make compile`)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"{result['docs']} documents after {result['warm_docs']}: pipeline {result['pipeline_instructions']:,} "
          f"instructions, jieba lcut {result['jieba_instructions']:,}: "
          f"{result['ratio_vs_jieba_instructions']}x jieba in instructions "
          f"({result['compiled_modules']} modules compiled)")


if __name__ == "__main__":
    main()
