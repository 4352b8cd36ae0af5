"""The garbage collector's batch settings (collector.py): a raised young threshold that is given
back, cycles still collected under it and between tasks, and resources frozen once loaded, not
on a cached re-run."""
import gc

import pytest

from pipeline import collector, engine
from pipeline.ingest import iter_documents
from pipeline.resources import Resources, Settings


@pytest.fixture(autouse=True)
def collector_as_found():
    threshold = gc.get_threshold()
    yield
    gc.set_threshold(*threshold)
    gc.unfreeze()


class _Cycle:
    alive = 0

    def __init__(self):
        _Cycle.alive += 1
        self.me = self  # only the cyclic collector frees it

    def __del__(self):
        _Cycle.alive -= 1


def test_batch_raises_the_young_threshold_and_gives_the_previous_one_back():
    gc.set_threshold(700, 10, 10)
    with collector.batch():
        assert gc.get_threshold() == (collector.YOUNG_THRESHOLD, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)


def test_batch_gives_the_threshold_back_after_an_error():
    gc.set_threshold(700, 10, 10)
    with pytest.raises(RuntimeError), collector.batch():
        raise RuntimeError("a stage failed")
    assert gc.get_threshold() == (700, 10, 10)


def test_batch_keeps_a_higher_threshold_than_its_own():
    gc.set_threshold(collector.YOUNG_THRESHOLD * 3, 10, 10)
    with collector.batch():
        assert gc.get_threshold()[0] == collector.YOUNG_THRESHOLD * 3


def test_cycles_are_still_collected_during_a_batch():
    assert gc.isenabled()
    _Cycle.alive = 0
    with collector.batch():
        for _ in range(collector.YOUNG_THRESHOLD * 4):
            _Cycle()
        # without a collection all 40,000 would be alive; one runs every YOUNG_THRESHOLD new objects
        assert _Cycle.alive <= collector.YOUNG_THRESHOLD * 2
    gc.collect()
    assert _Cycle.alive == 0


def test_task_collections_collect_before_every_nth_task_and_free_the_cycles():
    gc.collect()
    _Cycle.alive = 0
    tasks = collector.TaskCollections(every=3)
    with collector.batch():
        for _ in range(50):
            _Cycle()
        assert [tasks.before_task(), tasks.before_task()] == [None, None]
        assert _Cycle.alive == 50  # (far below the threshold: nothing collected them yet)
        assert tasks.before_task() == 0
        assert _Cycle.alive == 0


def test_task_collections_take_the_older_generations_now_and_then():
    tasks = collector.TaskCollections(every=1)
    generations = [tasks.before_task() for _ in range(collector.OLDEST_EVERY)]
    oldest, middle = collector.OLDEST_EVERY, collector.MIDDLE_EVERY
    expected = [2 if n % oldest == 0 else 1 if n % middle == 0 else 0 for n in range(1, oldest + 1)]
    assert generations == expected
    assert generations.count(1) == oldest // middle - 1 and generations[-1] == 2


def _one_document(tmp_path, name="通报.txt"):
    path = tmp_path / name
    path.write_text("截至目前，已办结群众信访举报120件。", encoding="utf-8")
    return next(iter_documents([str(path)]))


def test_serial_engine_calls_the_collector_before_each_task(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(collector, "before_task", lambda: calls.append(len(calls)))
    monkeypatch.setattr(engine, "DOCS_PER_TASK", 2)
    res = Resources(Settings(tables=("documents", "facts", "checks")))
    docs = [_one_document(tmp_path, f"通报{i}.txt") for i in range(5)]
    done = list(engine.serial([(doc, None) for doc in docs], res.settings, res))
    assert len(done) == 5 and len(calls) == 3  # tasks of 2, 2 and 1 documents


def test_a_pool_task_calls_the_collector_first(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(collector, "before_task", lambda: calls.append("before"))
    settings = Settings(tables=("documents", "facts", "checks"))
    monkeypatch.setattr(engine, "_processed", lambda docs, res, settings, tables: calls.append("task") or docs)
    monkeypatch.setattr(engine, "_resources", lambda settings: None)
    engine.process_many_in_worker([_one_document(tmp_path)], settings)
    assert calls == ["before", "task"]


def test_serial_engine_loads_and_freezes_the_resources_before_its_first_document(tmp_path):
    gc.unfreeze()
    res = Resources(Settings(tables=("documents", "facts", "checks")))
    [done] = engine.serial([(_one_document(tmp_path), None)], res.settings, res)
    assert res.loaded and done.status == "ok"
    assert gc.get_freeze_count() > 0


def test_serial_engine_loads_nothing_when_every_document_comes_done(tmp_path):
    gc.unfreeze()
    res = Resources(Settings(tables=("documents", "facts", "checks")))
    doc = _one_document(tmp_path)
    [out] = engine.serial([(doc, doc)], res.settings, res)
    assert out is doc and not res.loaded
    assert gc.get_freeze_count() == 0
