"""`make bench`: archive-scale throughput, measured, never asserted in a test.

On a synthetic archive of real-length documents (pipeline/synth.py; default about 50 MB of
~2,000-character documents whose words vary, so no sentence cache can shortcut), in one run:
- `cepi extract --workers 1 --no-cache` (throughput and peak RSS of one worker), and the same
  with `--tables facts` (a run of the counts alone: no segmentation, classifier or measures),
  each paired with jieba `lcut` alone over the same texts, the reference speed: the run and the
  reference take turns in windows of 0.2 s (pipeline/bench_paired.py), as a shared machine's speed
  drifts by tens of percent within seconds;
- `cepi extract` with all workers and `--no-cache` (the speedup vs one worker, like for like), and
  again with an empty cache (the first run, which also writes the cache entries);
- the same command again (the unchanged re-run, served by the cache), then once more with one
  file edited (the per-document and per-group entries serve the rest);
- start-up: `cepi extract` of one small file (the least of three runs);
- a control: the speedup `--workers` processes of pure-Python work get on this machine right now
  (on a machine shared with other jobs, the ceiling for the workers' speedup); and a second one
  of this workload: `--workers` independent one-worker runs at once, each on its part of the
  archive (no driver, no pickling, no shared tables: what the cores give to this pipeline's work);
- the hostile folder (synth.write_hostile: a 13 MB text, a 2.4 MB single line, 1 MB of digits,
  750 KB of `*`, binary, corrupt and truncated files) with all workers: seconds, and whether every
  file got a `documents` row;
- peak RSS of one worker over 1,000 and over 20,000 documents. These two use short documents
  (`--rss-chars`, default 200 characters) so that the 20,000-document run takes minutes, not an
  hour: memory growth with the number of documents is what they measure, not with their length.
Each `cepi` run is a child process; its peak RSS is the kernel's `ru_maxrss` for that child
(os.wait4), workers included. Writes bench/results.json and prints a summary.

`python -m pipeline.bench --corpus corpora/sample` keeps the old quick measurement: in-process
pipeline speed and each segmenter's speed on a corpus.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .bench_paired import jieba_lcut, paired_cepi
from .native import compiled_current
from .synth import write_archive, write_hostile

REPO = Path(__file__).resolve().parent.parent


def _cepi(args: list[str], env: dict) -> dict:
    """Run `cepi` in a child process: wall seconds, CPU seconds, peak RSS (MiB) of it and its workers."""
    return _cepi_at_once([args], env)[0]


def _cepi_at_once(runs: list[list[str]], env: dict) -> list[dict]:
    """Start one `cepi` child process per argument list, all at once, and wait for all: each one's
    wall seconds (from the common start until it was waited for, in order: the last one's is the
    wall time of them all), CPU seconds and peak RSS."""
    started = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-m", "pipeline", *args], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, cwd=REPO) for args in runs]
    results = []
    for args, proc in zip(runs, procs):
        out, err = proc.stdout.read(), proc.stderr.read()  # (little: the runs are --quiet)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise RuntimeError(f"cepi {' '.join(args)} failed:\n{err.decode(errors='replace')[-2000:]}")
        results.append({"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
                        "peak_rss_mb": usage.ru_maxrss / 1024, "output": out.decode(errors="replace").strip()})
    return results


def _texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt"))]


def jieba_reference(texts: list[str]) -> float:
    """Seconds jieba `lcut` (its default dictionary) takes over the texts, dictionary loaded first."""
    lcut = jieba_lcut()
    started = time.perf_counter()
    for text in texts:
        lcut(text)
    return time.perf_counter() - started


def _spin(n: int) -> int:
    x = 0
    for i in range(n):
        x += i * i
    return x


def machine_parallel_speedup(workers: int, n: int = 5_000_000) -> float:
    """The control: how much faster `workers` processes do `workers` units of pure-Python work
    than one process does one unit, right now. On a machine shared with other jobs this is the
    ceiling for speedup_all_workers."""
    import multiprocessing

    started = time.perf_counter()
    _spin(n)
    one = time.perf_counter() - started
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        started = time.perf_counter()
        pool.map(_spin, [n] * workers)
        many = time.perf_counter() - started
    return workers * one / many


def _archive(folder: Path, megabytes: float, chars: int) -> tuple[int, int]:
    stamp = folder / ".params.json"
    params = {"mb": megabytes, "chars": chars, "seed": 0}
    if stamp.is_file() and json.loads(stamp.read_text()) == params:
        files = list(folder.rglob("*.txt"))
        return len(files), sum(f.stat().st_size for f in files)
    shutil.rmtree(folder, ignore_errors=True)
    n, size = write_archive(folder, megabytes, chars)
    stamp.write_text(json.dumps(params))
    return n, size


def archive_bench(megabytes: float, chars: int, work: Path, workers: int, rss_docs: list[int],
                  rss_chars: int) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    archive = work / "archive"
    n_docs, n_bytes = _archive(archive, megabytes, chars)
    mb = n_bytes / 1e6
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "CEPI_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    base = ["extract", str(archive), "--quiet"]

    # The one-worker runs are paired with the jieba reference (bench_paired: alternating windows of
    # 0.2 s in the same run), as this machine's speed drifts by tens of percent within seconds.
    texts = _texts(archive)
    one = paired_cepi([*base, "--out", str(work / "out1"), "--workers", "1", "--no-cache"], env, str(REPO), texts)
    facts_only = paired_cepi([*base, "--out", str(work / "out1f"), "--workers", "1", "--no-cache", "--tables", "facts"],
                             env, str(REPO), texts)
    del texts
    jieba_mb_per_s = one.reference_bytes / 1e6 / one.reference_s
    many = _cepi([*base, "--out", str(work / "outN_nocache"), "--workers", str(workers), "--no-cache"], env)
    parts = _split_archive(archive, work / "parts", workers)
    by_hand = _cepi_at_once([["extract", str(part), "--quiet", "--out", str(work / f"out_part{i}"), "--workers", "1",
                              "--no-cache"] for i, part in enumerate(parts)], env)
    control = machine_parallel_speedup(workers)
    first = _cepi([*base, "--out", str(work / "outN"), "--workers", str(workers)], env)
    rerun = _cepi([*base, "--out", str(work / "outN"), "--workers", str(workers)], env)
    # one file edited: the stored run no longer applies; the other files come from the
    # per-document and per-group entries and the run-level reference is recomputed
    edited = min(archive.rglob("*.txt"))
    original = edited.read_bytes()
    try:
        edited.write_bytes(original + "另查处违法案件3起。".encode("utf-8"))
        rerun_edited = _cepi([*base, "--out", str(work / "outN"), "--workers", str(workers)], env)
    finally:
        edited.write_bytes(original)

    small = work / "startup"
    small.mkdir(exist_ok=True)
    (small / "one.txt").write_text("督察组交办的36件群众信访举报件已办结35件。", encoding="utf-8")
    # the least of three runs: one run of 1-2 s swings by a few tenths on a shared machine
    startup = min((_cepi(["extract", str(small), "--out", str(work / "out_startup"), "--workers", "1", "--no-cache",
                          "--quiet"], env) for _ in range(3)), key=lambda r: r["wall_s"])

    hostile = work / "hostile"
    if not hostile.is_dir():
        write_hostile(hostile)
    hostile_run = _cepi(["extract", str(hostile), "--out", str(work / "out_hostile"), "--workers", str(workers),
                         "--no-cache", "--quiet"], env)
    hostile_rows = _document_rows(work / "out_hostile")

    rss = {}
    for n in rss_docs:
        folder = work / f"rss_{n}"
        _archive(folder, megabytes=n * rss_chars * 3 / 1e6 * 0.999, chars=rss_chars)
        # the archive writer stops on bytes; trim to exactly n documents
        files = sorted(folder.rglob("*.txt"))
        for extra in files[n:]:
            extra.unlink()
        rss[n] = _cepi(["extract", str(folder), "--out", str(work / f"out_rss_{n}"), "--workers", "1", "--no-cache",
                        "--quiet"], env)

    result = {
        "docs": n_docs,
        "mb": round(mb, 2),
        "chars_per_doc": chars,
        "workers": workers,
        "compiled_modules": len(compiled_current()),  # 0: pure Python (no `make compile`)
        "docs_per_s_1": round(n_docs / one.run_s, 2),
        "mb_per_s_1": round(mb / one.run_s, 4),
        "cpu_mb_per_s_1": round(mb / one.cpu_s, 4),
        "jieba_mb_per_s": round(jieba_mb_per_s, 4),
        "jieba_reference": "paired: alternating 0.2 s windows with the one-worker run (pipeline/bench_paired.py)",
        "paired_windows_1": one.windows,
        "jieba_passes_1": one.reference_passes,
        "ratio_vs_jieba": round((mb / one.run_s) / jieba_mb_per_s, 3),
        "ratio_vs_jieba_cpu": round((mb / one.cpu_s) / jieba_mb_per_s, 3),
        "docs_per_s_1_facts_only": round(n_docs / facts_only.run_s, 2),
        "ratio_vs_jieba_facts_only": round((mb / facts_only.run_s) / (facts_only.reference_bytes / 1e6
                                                                       / facts_only.reference_s), 3),
        "docs_per_s_all": round(n_docs / many["wall_s"], 2),
        "speedup_all_workers": round(one.run_s / many["wall_s"], 2),
        "speedup_all_workers_writing_cache": round(one.run_s / first["wall_s"], 2),
        "machine_parallel_speedup": round(control, 2),
        "parts_by_hand_speedup": round(one.run_s / max(r["wall_s"] for r in by_hand), 2),
        "first_run_s": round(first["wall_s"], 2),
        "rerun_s": round(rerun["wall_s"], 2),
        "rerun_speedup": round(first["wall_s"] / rerun["wall_s"], 1),
        "rerun_one_file_edited_s": round(rerun_edited["wall_s"], 2),
        "rerun_one_file_edited_speedup": round(first["wall_s"] / rerun_edited["wall_s"], 1),
        "startup_s": round(startup["wall_s"], 2),
        "peak_rss_mb_1worker_archive": round(one.peak_rss_mb, 1),
        "hostile_s": round(hostile_run["wall_s"], 1),
        "hostile_files": sum(1 for p in hostile.iterdir() if p.is_file()),
        "hostile_rows": hostile_rows,
        "rss_doc_chars": rss_chars,
        "load_average_at_end": round(os.getloadavg()[0], 2),
    }
    for n, r in rss.items():
        key = {1000: "peak_rss_mb_1k", 20000: "peak_rss_mb_20k"}.get(n, f"peak_rss_mb_{n}")
        result[key] = round(r["peak_rss_mb"], 1)
    return result


def _split_archive(archive: Path, folder: Path, n: int) -> list[Path]:
    """The archive's files in `n` folders of consecutive files (hard links, or copies across file
    systems): the parts for the by-hand control, `n` independent one-worker runs at once."""
    shutil.rmtree(folder, ignore_errors=True)
    files = sorted(archive.rglob("*.txt"))
    parts = [folder / f"part{i}" for i in range(n)]
    for i, path in enumerate(files):
        part = parts[i * n // len(files)]
        part.mkdir(parents=True, exist_ok=True)
        target = part / "_".join(path.relative_to(archive).parts)
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)
    return parts


def _document_rows(out: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(out / "documents.parquet").metadata.num_rows


def corpus_bench(paths: list[str], repeat: int = 3) -> dict:
    """In-process pipeline speed (one worker, all stages, each document's rows built as for the
    table writer) on a corpus of one's own, against jieba `lcut` alone on the same texts (the
    documents' text), and each segmenter's speed (the quick check)."""
    from .run import Context, process_all
    from .segment import Segmenter

    ctx = Context()
    docs = [doc for doc in process_all(paths, ctx) if doc.status == "ok"]  # (also the warm-up: models and rules loaded)
    published = [doc.text for doc in docs]
    start = time.perf_counter()
    n_docs = 0
    for _ in range(repeat):
        for doc in process_all(paths, ctx, tables=True):
            n_docs += 1
    elapsed = time.perf_counter() - start
    n_chars = repeat * sum(map(len, published))
    jieba_chars_per_s = sum(map(len, published)) / jieba_reference(published)
    texts = [doc.norm.text for doc in docs]
    seg = {}
    for kind in ("jieba", "pkuseg", "spacy"):
        segmenter = Segmenter(kind)
        segmenter.words("预热")
        t = time.perf_counter()
        for text in texts:
            segmenter._words(text)
        seg[kind] = sum(map(len, texts)) / (time.perf_counter() - t)
    return {"docs_per_s": n_docs / elapsed, "chars_per_s": n_chars / elapsed, "jieba_chars_per_s": jieba_chars_per_s,
            "ratio_vs_jieba": n_chars / elapsed / jieba_chars_per_s, "segmenter_chars_per_s": seg}


def main(argv: list[str] | None = None) -> None:
    from .engine import default_workers

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the synthetic archive (MB of UTF-8)")
    parser.add_argument("--chars", type=int, default=2000, help="characters per document")
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "work")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results.json")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--rss-docs", default="1000,20000", help="document counts for the peak-RSS runs")
    parser.add_argument("--rss-chars", type=int, default=200, help="characters per document in the RSS runs")
    parser.add_argument("--corpus", nargs="+", help="the quick in-process check on these paths instead")
    args = parser.parse_args(argv)
    if args.corpus:
        r = corpus_bench(args.corpus)
        print(f"pipeline: {r['docs_per_s']:.1f} docs/s, {r['chars_per_s']:,.0f} chars/s "
              f"({r['ratio_vs_jieba']:.2f}x jieba lcut alone on the same texts, {r['jieba_chars_per_s']:,.0f} chars/s)")
        for kind, speed in r["segmenter_chars_per_s"].items():
            print(f"segmenter {kind:<7} {speed:,.0f} chars/s")
        return
    rss_docs = [int(x) for x in args.rss_docs.split(",") if x]
    r = archive_bench(args.mb, args.chars, args.work, args.workers, rss_docs, args.rss_chars)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(r, indent=1) + "\n", encoding="utf-8")
    print(f"{r['docs']} documents, {r['mb']} MB")
    print(f"1 worker: {r['docs_per_s_1']} docs/s, {r['mb_per_s_1']} MB/s ({r['ratio_vs_jieba']}x jieba lcut alone at "
          f"{r['jieba_mb_per_s']} MB/s in windows paired with the run; {r['ratio_vs_jieba_cpu']}x on the run's CPU "
          f"time), "
          f"peak RSS {r['peak_rss_mb_1worker_archive']} MiB")
    print(f"1 worker, --tables facts: {r['docs_per_s_1_facts_only']} docs/s ({r['ratio_vs_jieba_facts_only']}x jieba)")
    print(f"{r['workers']} workers: {r['docs_per_s_all']} docs/s, {r['speedup_all_workers']}x one worker "
          f"({r['speedup_all_workers_writing_cache']}x when writing the cache; the machine gave "
          f"{r['machine_parallel_speedup']}x to pure-Python processes and {r['parts_by_hand_speedup']}x to "
          f"{r['workers']} one-worker runs on parts of the archive at once)")
    print(f"unchanged re-run: {r['rerun_s']} s, {r['rerun_speedup']}x faster than the first run ({r['first_run_s']} s)")
    print(f"re-run with one file edited: {r['rerun_one_file_edited_s']} s, {r['rerun_one_file_edited_speedup']}x")
    print(f"start-up (one small file): {r['startup_s']} s")
    print(f"hostile folder: {r['hostile_s']} s, {r['hostile_rows']} rows for {r['hostile_files']} files")
    print("peak RSS, one worker: " + ", ".join(f"{k}: {v} MiB" for k, v in r.items() if k.startswith("peak_rss_mb_")
                                              and k != "peak_rss_mb_1worker_archive"))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
