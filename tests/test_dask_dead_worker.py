"""The Dask engine when a worker process really dies (engine.dask_cluster, _each_alone, _died).

A Dask worker is a process of its own, started by its nanny, so the test cannot hand it a patch
the way a forked pool worker inherits one. A worker plugin carries it instead: the scheduler
installs it on every worker, the ones the nanny starts again after a death included. The patched
worker ends its process, as the system's OOM killer would, when a task holds the marked document."""
import os
import sys

import pytest

from pipeline import run
from pipeline.resources import Resources

from test_pool_tasks import _TEXTS, _write_texts
from test_scale import _rows

distributed = pytest.importorskip("dask.distributed")

MARK = b"WORKER-KILLER"


class _KillOnMarkedDocument(distributed.WorkerPlugin):
    name = "cepi-test-kill-on-marked-document"

    def setup(self, worker):
        from pipeline import run as worker_run

        real = worker_run.process_documents

        def killer(docs, res, *args, **kwargs):
            if any(MARK in (doc.raw or b"") for doc in docs):
                os._exit(9)  # no exception, no clean-up: the nanny sees its worker gone
            return real(docs, res, *args, **kwargs)

        worker_run.process_documents = killer


def test_a_document_that_kills_its_dask_worker_gets_an_error_row_and_the_batch_goes_on(tmp_path):
    import cloudpickle
    import dask

    _write_texts(tmp_path / "in", _TEXTS[:3] + [MARK.decode() + " " + _TEXTS[3]] + _TEXTS[4:])
    serial = list(run.process_all([tmp_path / "in"], Resources(), engine="serial", tables=True))

    # the plugin travels by value: a worker process need not import this test module
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        # a task whose worker died is given up at once (the default retries it on 3 more
        # workers, each of which the marked document kills)
        with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
                distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                         host="127.0.0.1") as cluster, \
                distributed.Client(cluster) as client:
            client.register_plugin(_KillOnMarkedDocument())
            docs = list(run.process_all([tmp_path / "in"], Resources(), engine="dask",
                                        scheduler=cluster.scheduler_address, tables=True))
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])

    assert [d.source for d in docs] == [d.source for d in serial]
    assert [d.status for d in docs] == ["ok"] * 3 + ["error"] + ["ok"] * 5
    assert docs[3].error.startswith("worker process died while processing this document")
    assert docs[3].tables["documents"].column("status").to_pylist() == ["error"]
    assert _rows(d for i, d in enumerate(docs) if i != 3) == _rows(d for i, d in enumerate(serial) if i != 3)
