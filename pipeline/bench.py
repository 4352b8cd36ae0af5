"""`make bench`: throughput of the whole pipeline, and of each segmenter, on a corpus.

Speed is measured here, never asserted in a test.
"""
from __future__ import annotations

import argparse
import sys
import time
import tracemalloc

from .run import Context, process_all
from .segment import Segmenter


def bench(paths: list[str], repeat: int = 3) -> dict:
    ctx = Context()
    list(process_all(paths, ctx))  # warm up: load models and rules once
    start = time.perf_counter()
    n_docs = n_chars = 0
    for _ in range(repeat):
        for doc in process_all(paths, ctx):
            n_docs += 1
            n_chars += len(doc.text or "")
    elapsed = time.perf_counter() - start
    # Memory on a separate pass: tracemalloc slows Python down and would spoil the timing.
    tracemalloc.start()
    for _ in process_all(paths, ctx):
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    texts = [doc.norm.text for doc in process_all(paths, ctx) if doc.status == "ok"]
    seg = {}
    for kind in ("jieba", "pkuseg", "spacy"):
        segmenter = Segmenter(kind)
        segmenter.words("预热")
        t = time.perf_counter()
        for text in texts:
            segmenter.words(text)
        seg[kind] = sum(map(len, texts)) / (time.perf_counter() - t)
    return {"docs_per_s": n_docs / elapsed, "chars_per_s": n_chars / elapsed, "peak_mib": peak / 2**20,
            "segmenter_chars_per_s": seg}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    r = bench(args.paths, args.repeat)
    print(f"pipeline: {r['docs_per_s']:.1f} docs/s, {r['chars_per_s']:,.0f} chars/s, peak traced memory {r['peak_mib']:.1f} MiB")
    for kind, speed in r["segmenter_chars_per_s"].items():
        print(f"segmenter {kind:<7} {speed:,.0f} chars/s")


if __name__ == "__main__":
    main(sys.argv[1:])
