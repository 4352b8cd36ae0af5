"""Documents go through the stages together, stage by stage (run.process_documents): the same
records as one document at a time, each document's failures and time budget its own."""
import threading
import time

import pytest

from pipeline import run
from pipeline.ingest import iter_documents
from pipeline.records import Document
from pipeline.resources import Resources, Settings

from test_scale import SAMPLE, _rows


def _doc(name: str) -> Document:
    return Document(name, f"{name}.txt")


def _stage(name: str, seen: list, fails_on: str = "", sleeps: float = 0.0):
    def stage(doc, ctx):
        seen.append(f"{name}{doc.doc_id}")
        if sleeps:
            time.sleep(sleeps)
        if doc.doc_id in fails_on:
            raise ValueError("no")
        return doc

    stage.__name__ = name
    return stage


@pytest.mark.parametrize("docs, fails, calls, statuses", [
    ("xy", "", ["Ax", "Ay", "Bx", "By", "Cx", "Cy"], "ok ok"),
    ("x", "", ["Ax", "Bx", "Cx"], "ok"),
    ("xyz", "y", ["Ax", "Ay", "Az", "Bx", "By", "Bz", "Cx", "Cz"], "ok error ok"),  # y's stages stop at B
    ("", "", [], ""),
])
def test_each_stage_runs_over_all_documents_before_the_next(docs, fails, calls, statuses):
    seen = []
    stages = (_stage("A", seen), _stage("B", seen, fails_on=fails), _stage("C", seen))
    out = run.process_documents([_doc(d) for d in docs], Resources(Settings(time_budget=None)), stages)
    assert seen == calls
    assert " ".join(d.status for d in out) == statuses
    assert [d.doc_id for d in out] == list(docs)
    for d in out:
        if d.status == "error":
            assert d.error == "internal error in stage 'B': ValueError: no"


def test_a_document_over_its_budget_in_a_stage_fails_alone():
    def stalls_on_y(doc, ctx):
        while doc.doc_id == "y":
            time.sleep(0.01)
        return doc

    seen = []
    stages = (_stage("A", seen), stalls_on_y, _stage("C", seen))
    out = run.process_documents([_doc("x"), _doc("y"), _doc("z")], Resources(Settings(time_budget=0.2)), stages)
    assert [d.status for d in out] == ["ok", "error", "ok"]
    assert out[1].error == "time budget of 0.2 s exceeded in stage 'stalls_on_y'"
    assert seen == ["Ax", "Ay", "Az", "Cx", "Cz"]


@pytest.mark.parametrize("in_main_thread", [True, False])
def test_the_budget_counts_each_documents_own_time(in_main_thread):
    # four documents of 2 x 0.1 s: 0.8 s in all, 0.2 s each, within a budget of 0.5 s
    seen, out = [], []
    stages = (_stage("A", seen, sleeps=0.1), _stage("B", seen, sleeps=0.1))
    docs = [_doc(n) for n in "wxyz"]
    work = lambda: out.extend(run.process_documents(docs, Resources(Settings(time_budget=0.5)), stages))  # noqa: E731
    if in_main_thread:
        work()
    else:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
    assert [d.status for d in out] == ["ok"] * 4


def test_a_document_over_its_budget_outside_the_main_thread_fails_after_the_stage():
    seen, out = [], []
    stages = (_stage("A", seen, sleeps=0.3), _stage("B", seen))
    thread = threading.Thread(target=lambda: out.extend(
        run.process_documents([_doc("x")], Resources(Settings(time_budget=0.1)), stages)))
    thread.start()
    thread.join()
    assert out[0].error == "time budget of 0.1 s exceeded in stage 'A'"
    assert seen == ["Ax"]


def test_documents_together_give_the_records_of_documents_one_by_one():
    res = Resources()
    one_by_one = [run.with_tables(run.process(doc, res)) for doc in iter_documents([SAMPLE])]
    together = [run.with_tables(doc) for doc in run.process_documents(list(iter_documents([SAMPLE])), res)]
    assert len(together) == len(one_by_one) > 8
    assert _rows(together) == _rows(one_by_one)
