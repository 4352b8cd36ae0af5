"""`bench_paired.paired_run`: the one-worker run and the jieba reference take turns (what is tested is
the turn-taking and the bookkeeping, never a speed)."""
import sys
import time

import pytest

from pipeline.bench_paired import paired_run

# A child that works for 0.4 s of its own CPU time, writing the clock (CLOCK_MONOTONIC, the same in
# every process) at each step, then prints a line.
CHILD = """
import sys, time
stamps = []
end = time.process_time() + 0.4
while time.process_time() < end:
    stamps.append(time.perf_counter())
open(sys.argv[1], "w").write("\\n".join(map(repr, stamps)))
print("done")
"""


def test_the_child_is_stopped_while_the_reference_runs(tmp_path):
    stamps = tmp_path / "stamps"
    calls = []

    def reference(text):
        started = time.perf_counter()
        time.sleep(0.004)
        calls.append((started, time.perf_counter()))

    r = paired_run([sys.executable, "-c", CHILD, str(stamps)], {}, str(tmp_path), ["甲乙", "丙"],
                   segment=reference, window_s=0.05)
    child = [float(x) for x in stamps.read_text().split()]
    assert calls and child
    assert not [t for t in child for started, ended in calls if started < t < ended]
    assert [started for started, _ in calls if started < child[-1]]  # turns taken, not one after the other
    assert r.output == "done"
    assert r.windows >= 2  # (0.4 s of work in windows of 0.05 s)


def test_the_reference_ends_on_a_complete_pass_and_counts_bytes(tmp_path):
    texts = ["一二三", "四", "五六"]  # 9 + 3 + 6 bytes
    seen = []
    r = paired_run([sys.executable, "-c", "print('ok')"], {}, str(tmp_path), texts,
                   segment=lambda text: seen.append(text) or time.sleep(0.001), window_s=0.02)
    assert r.reference_passes >= 1
    assert seen == texts * r.reference_passes
    assert r.reference_bytes == 18 * r.reference_passes
    assert 0 < r.reference_s and r.run_s > 0 and r.cpu_s >= 0 and r.peak_rss_mb > 0


def test_a_failing_child_is_an_error_with_its_message(tmp_path):
    with pytest.raises(RuntimeError, match="broken archive"):
        paired_run([sys.executable, "-c", "import sys; sys.exit('broken archive')"], {}, str(tmp_path), ["甲"],
                   segment=lambda text: None, window_s=0.02)


def test_no_text_is_refused(tmp_path):
    with pytest.raises(ValueError):
        paired_run([sys.executable, "-c", "pass"], {}, str(tmp_path), [], segment=lambda text: None)
