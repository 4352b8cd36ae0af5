"""The instruction-count bench (pipeline/bench_instructions.py): its parts, without valgrind's
50x slow-down (the full measure is `make bench-instructions`)."""
import pytest

from pipeline import bench_instructions as bi


def test_the_count_is_read_from_callgrinds_last_report():
    stderr = "==1== Callgrind\n==1== Events    : Ir\n==1== Collected : 5505352097\n==1==\n==1== I   refs: 5,505,352,097\n"
    assert bi.collected(stderr) == 5505352097


def test_no_count_is_an_error_not_a_zero():
    with pytest.raises(RuntimeError, match="no instruction count"):
        bi.collected("valgrind: failed to start tool 'callgrind'\n")


def test_the_count_of_the_measured_documents_is_the_difference_of_two_runs(monkeypatch, tmp_path):
    files = [tmp_path / f"{i}.txt" for i in range(5)]
    counts = {2: 100, 5: 460}  # instructions of a run over that many files
    monkeypatch.setattr(bi, "_instructions", lambda mode, fs, valgrind: counts[len(fs)] * (2 if mode == "pipeline" else 1))
    assert bi.measure(files, warm=2, n=3, valgrind="valgrind") == {
        "docs": 3, "warm_docs": 2, "pipeline_instructions": 720, "jieba_instructions": 360,
        "ratio_vs_jieba_instructions": 0.5}


def test_too_few_files_are_refused(tmp_path):
    with pytest.raises(ValueError, match="fewer than"):
        bi.measure([tmp_path / "a.txt"], warm=1, n=2, valgrind="valgrind")


@pytest.mark.parametrize("mode", ["pipeline", "jieba"])
def test_the_measured_child_processes_the_files(mode, tmp_path):
    doc = tmp_path / "one.txt"
    doc.write_text("督察组转办的群众信访举报件共48件，已办结45件。", encoding="utf-8")
    bi.run_child(mode, [doc])  # the same work valgrind counts; an error here would fail the bench


def test_an_unknown_child_mode_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown mode"):
        bi.run_child("spacy", [])
