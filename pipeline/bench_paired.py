"""The one-worker run and the jieba reference, timed in alternating windows of the same run.

Why: on a shared or virtual machine the speed of the whole machine drifts by tens of percent
within seconds (seen here: jieba `lcut` over the same 500 texts took 2.9 to 4.4 s in five
consecutive runs, with no steal time and CPU time equal to wall time). A reference timed before
and after a minutes-long run then moves the ratio by as much as the code does.

How: the `cepi` child runs in its own process group. The parent lets it run for a window
(`window_s`), stops the group (SIGSTOP, waited for), segments the archive's texts with jieba for a
window of the same length, resumes the child (SIGCONT), and so on until the child exits. The child
is charged only the windows in which it ran, the reference only its own; both see the machine in
the same state, a fraction of a second apart. (The child's last window is charged whole: at most
`window_s` too much, 0.2 s of a run of minutes.) The reference goes round the texts (so that it
reads the same text), and completes its current pass after the child exits.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PairedRun:
    run_s: float  # wall seconds in which the child was running (its windows only)
    cpu_s: float  # CPU seconds of the child and of its reaped children (rusage)
    peak_rss_mb: float
    reference_s: float  # seconds the reference segmented, in its windows
    reference_bytes: int  # UTF-8 bytes of text it segmented in that time
    reference_passes: int  # complete passes over the texts
    windows: int  # windows the child ran in
    output: str


def paired_run(command: list[str], env: dict, cwd: str, texts: list[str],
               segment: Callable[[str], object] | None = None, window_s: float = 0.2) -> PairedRun:
    """Run `command`, pausing it every `window_s` for an equal window of `segment` over `texts`.

    `segment` defaults to jieba `lcut` with its default dictionary, loaded before the child
    starts (the reference's start-up is not timed, as in `bench.jieba_reference`)."""
    if not texts:
        raise ValueError("the reference needs at least one text")
    segment = segment or jieba_lcut()
    sizes = [len(text.encode("utf-8")) for text in texts]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=err, start_new_session=True)
        run_s = reference_s = 0.0
        done_bytes = next_text = passes = windows = 0
        status = usage = None
        try:
            while status is None:
                resumed = time.perf_counter()
                time.sleep(window_s)
                os.killpg(child.pid, signal.SIGSTOP)
                status, usage = _wait_stopped(child.pid)
                run_s += time.perf_counter() - resumed
                windows += 1
                # the reference's window (also after the child's end, to finish the current pass)
                until = time.perf_counter() + window_s
                while time.perf_counter() < until or (status is not None and next_text):
                    started = time.perf_counter()
                    segment(texts[next_text])
                    reference_s += time.perf_counter() - started
                    done_bytes += sizes[next_text]
                    next_text = (next_text + 1) % len(texts)
                    passes += next_text == 0
                if status is None:
                    os.killpg(child.pid, signal.SIGCONT)
        finally:
            if status is None:  # (interrupted: leave no stopped process group behind)
                os.killpg(child.pid, signal.SIGKILL)
                os.killpg(child.pid, signal.SIGCONT)
                os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if child.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{err.read().decode(errors='replace')[-2000:]}")
        return PairedRun(run_s=run_s, cpu_s=usage.ru_utime + usage.ru_stime, peak_rss_mb=usage.ru_maxrss / 1024,
                         reference_s=reference_s, reference_bytes=done_bytes, reference_passes=passes,
                         windows=windows, output=out.read().decode(errors="replace").strip())


def _wait_stopped(pid: int):
    """Wait until the child has stopped (None, None) or exited (its wait status and rusage)."""
    _, status, usage = os.wait4(pid, os.WUNTRACED)
    if os.WIFSTOPPED(status):
        return None, None
    return status, usage


def jieba_lcut() -> Callable[[str], object]:
    """jieba `lcut` with its default dictionary, loaded (and its log quiet), ready to time."""
    import logging

    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.lcut("预热")
    return jieba.lcut


def paired_cepi(args: list[str], env: dict, cwd: str, texts: list[str], window_s: float = 0.2) -> PairedRun:
    """`cepi ARGS` (as `python -m pipeline`) paired with jieba over `texts`."""
    return paired_run([sys.executable, "-m", "pipeline", *args], env, cwd, texts, window_s=window_s)
