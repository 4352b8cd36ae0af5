"""The garbage collector's batch settings (collector.py): a raised young threshold that is given
back, cycles still collected under it, and resources frozen once loaded, not on a cached re-run."""
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


def _one_document(tmp_path):
    path = tmp_path / "通报.txt"
    path.write_text("截至目前，已办结群众信访举报120件。", encoding="utf-8")
    return next(iter_documents([str(path)]))


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
