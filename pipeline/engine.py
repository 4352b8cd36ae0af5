"""Executors that run the documents through the stages (`run.process_documents`) over a stream.

- `serial`: in this process.
- `process`: a pool of worker processes on this machine (`--workers N`).
- `dask`: a dask.distributed cluster (`--engine dask [--scheduler ADDRESS]`; a LocalCluster
  of `--workers` processes when no address is given).

All three take `(document, done)` pairs in input order, where `done` is an already processed
document (a cache hit) or None, and yield processed documents in the same order, so the tables
are identical whichever engine runs. At most a few documents per worker are in flight: the
archive streams through with flat memory. A worker process that dies (killed by the system for
its memory, a crash in a compiled library) does not end the batch: the documents of its task are
processed again one at a time, and the one that kills its worker again gets an error row.
"""
from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator

from . import collector
from .records import Document
from .resources import Resources, Settings

log = logging.getLogger(__name__)

ENGINES = ("serial", "process", "dask")
# Documents in flight per worker, at least two tasks (one running, one waiting): enough to keep a
# worker busy while the driver writes.
IN_FLIGHT_PER_WORKER = 4
# Documents a task carries (a pool's, or the serial engine's batch): at most DOCS_PER_TASK, and
# no more once they hold TASK_BYTES bytes. A task's documents go through each stage together
# (run.process_documents), so the more of them, the less often the processor's caches are filled
# again with a stage's code and data; a pool's cost per task (pickling the call, the pipes, the
# futures, the driver's result thread) is paid once for them all. The bytes bound keeps a task's
# time about the same whatever its documents' lengths, so that the last tasks of a pool's run
# leave no worker idle for long. Measured: see README, Scale (2 workers over 1,392 bench
# documents, 3 alternating runs each: 2 a task 8.25 s, 4 7.97 s, 8 7.80 s, 16 7.72 s).
DOCS_PER_TASK = 64
TASK_BYTES = 400_000

# One Resources per worker (a pool process, or a thread of a Dask worker: the segmenter's
# per-document memo is not shared between threads), built on its first document. A module
# global is the only place a worker process can keep it between tasks.
_WORKER: dict[tuple[Settings, int], Resources] = {}


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _resources(settings: Settings) -> Resources:
    key = (settings, threading.get_ident())
    res = _WORKER.get(key)
    if res is None:
        res = _WORKER[key] = Resources(settings).load_all()
        collector.freeze_loaded()
    return res


def process_in_worker(doc: Document, settings: Settings, tables: bool = False, store=None) -> Document:
    """The task a worker runs: the per-document function with this process's resources
    (and, for the table writer, the document's rows built here rather than in the driver).
    `store`: a cache.DocumentCache on this machine; the worker writes the document's entry itself,
    so that the driver, which also writes every table, does not do it for all workers."""
    [doc] = _processed([doc], _resources(settings), settings, tables)
    if store is not None:
        _store(doc, store)
    return doc


def _store(doc: Document, store) -> None:
    if doc.status == "ok" and doc.tables is not None:
        store.put(doc)
        doc.stored_by_worker = True  # read by run.process_all; travels back in the pickled __dict__


def serial(items: Iterable[tuple[Document, Document | None]], settings: Settings,
           resources: Resources | None = None, tables: bool = False) -> Iterator[Document]:
    res = resources or Resources(settings)
    with collector.batch():
        # in tasks, as a pool's worker (see _processed)
        for docs, done in _in_tasks(items, DOCS_PER_TASK, alone=lambda doc: False):
            if done is None:
                if not res.loaded:  # (loaded only when a document needs them: not on a cached re-run)
                    res.load_all()
                    collector.freeze_loaded()
                collector.before_task()
                done = _processed(docs, res, settings, tables)
            yield from done


def _processed(docs: list[Document], res: Resources, settings: Settings, tables: bool) -> list[Document]:
    """`docs` through the stages together (run.process_documents: stage by stage), then (with
    `tables`) their rows as Arrow tables, converted together (run.with_tables_together)."""
    from .run import process_documents, with_tables_together

    done = process_documents(docs, res)
    return with_tables_together(done, settings.tables) if tables else done


def process_many_in_worker(docs: list[Document], settings: Settings, tables: bool = False,
                           store=None) -> list[Document]:
    """`process_in_worker` over several documents, as one pool task (DOCS_PER_TASK)."""
    collector.before_task()
    done = _processed(docs, _resources(settings), settings, tables)
    if store is not None:
        for doc in done:
            _store(doc, store)
    return done


def _ordered(items, submit, result, window: int) -> Iterator[Document]:
    """Submit pending documents, keep at most `window` in flight, yield results in input order."""
    queue: deque = deque()
    in_flight = 0
    for doc, done in items:
        if done is not None:
            queue.append((False, done))
        else:
            queue.append((True, submit(doc)))
            in_flight += 1
        while in_flight >= window or (queue and not queue[0][0]):
            is_future, item = queue.popleft()
            if is_future:
                in_flight -= 1
                yield result(item)
            else:
                yield item
    while queue:
        is_future, item = queue.popleft()
        yield result(item) if is_future else item


def half_in_worker(doc: Document, settings: Settings, half: str) -> Document:
    """One of run.HALVES of a long document's stages."""
    from .run import half_stages, process

    return process(doc, _resources(settings), half_stages(half, settings.tables))


# Documents of more bytes than this are processed as two halves on two workers (run.HALVES): a
# long document is otherwise the tail of a batch, one worker busy and the others idle.
SPLIT_BYTES = 1_000_000


class _Halves:
    """A long document's two halves in flight; `result()` joins them (like a Future's)."""

    def __init__(self, pool, doc: Document, settings: Settings, tables: bool):
        self.pool, self.doc, self.settings, self.tables = pool, doc, settings, tables
        self.futures = [pool.submit(half_in_worker, doc, settings, half) for half in ("measures", "others")]

    def result(self) -> Document:
        from .run import join_halves, with_tables

        joined = join_halves(*(f.result() for f in self.futures))
        if joined is None:  # a half failed: the whole document once more, for the error row one pass gives
            return self.pool.submit(process_in_worker, self.doc, self.settings, self.tables).result()
        return with_tables(joined, self.settings.tables) if self.tables else joined


def process_pool(items, settings: Settings, workers: int, tables: bool = False, store=None) -> Iterator[Document]:
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    # fork: workers start in milliseconds with the parent's code and resources, loaded once here
    # and shared copy-on-write (a worker that finds none loads its own on its first document).
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    if fork:
        key = (settings, threading.get_ident())
        if key not in _WORKER:
            _WORKER[key] = Resources(settings).load_all()
            collector.freeze_loaded()  # (before the fork: see collector.py)
    with _Pool(workers, context) as pool:
        def alone(doc: Document) -> bool:  # a long document goes as two halves on two workers
            return (workers > 1 and doc.status == "ok" and len(doc.raw or b"") > SPLIT_BYTES
                    and "measures" in settings.tables)  # (without measures there is no second half)

        def submit(docs: list[Document]):
            if len(docs) == 1 and alone(docs[0]):
                return _Halves(pool, docs[0], settings, tables)  # (the driver caches it, run.process_all)
            return pool.submit(process_many_in_worker, docs, settings, tables, store)

        def in_own_pool(doc: Document) -> Document:  # (so that a worker that dies died of this document)
            with _Pool(1, context) as own:
                return own.submit(process_in_worker, doc, settings, tables, store).result()

        def rescue(docs: list[Document]) -> list[Document]:
            return _each_alone(docs, in_own_pool, (BrokenProcessPool,), settings, tables)

        yield from _in_order(items, submit, workers, alone, rescue, (BrokenProcessPool,))


class _Pool:
    """A process pool that starts again when one of its worker processes dies (killed by the
    system for its memory, a crash in a compiled library): the tasks it held fail with
    BrokenProcessPool and are rescued (`process_pool`), later tasks go to the new pool."""

    def __init__(self, workers: int, context):
        self.workers, self.context = workers, context
        self.executor = self._start()

    def _start(self):
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(max_workers=self.workers, mp_context=self.context,
                                   initializer=collector.set_for_batch)

    def submit(self, fn, *args):
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self.executor.submit(fn, *args)
        except BrokenProcessPool:
            log.warning("a worker process died; starting the pool again")
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = self._start()
            return self.executor.submit(fn, *args)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.executor.shutdown()


def _each_alone(docs: list[Document], run_alone, died: tuple, settings: Settings, tables: bool) -> list[Document]:
    """The documents of a task whose worker died, each processed alone by `run_alone(doc)`: the
    one that kills its worker again (`run_alone` raises one of `died`) gets the error row."""
    out = []
    for doc in docs:
        try:
            out.append(run_alone(doc))
        except died:
            out.append(_died(doc, settings, tables))
    return out


def _died(doc: Document, settings: Settings, tables: bool) -> Document:
    """The error row of a document that killed the worker process processing it twice: in its
    task, then alone (an error of the moment: the next run tries it again, cache.of_the_moment)."""
    from .run import with_tables

    log.error("a worker process died processing %s", doc.source)
    doc.fail("worker process died while processing this document (killed by the system, e.g. for "
             "memory, or a crash in a compiled library); the batch went on")
    return with_tables(doc, settings.tables) if tables else doc


def _in_order(items, submit, workers: int, alone=lambda doc: False, rescue=None,
              died: tuple = ()) -> Iterator[Document]:
    """The processed documents in input order, from tasks of DOCS_PER_TASK documents (see
    _in_tasks) that `submit(documents)` starts (a future whose result is a list of documents, or
    a document), a few per worker in flight. A task that fails with one of `died` (its worker
    died) gives `rescue(documents)` instead."""
    def result(task) -> list[Document]:
        docs, handle = task
        try:
            done = handle.result()
        except died:
            return rescue(docs)
        return done if isinstance(done, list) else [done]

    window = workers * max(2, IN_FLIGHT_PER_WORKER // DOCS_PER_TASK)  # (tasks)
    tasks = _in_tasks(items, DOCS_PER_TASK, alone)
    for docs in _ordered(tasks, lambda docs: (docs, submit(docs)), result, window):
        yield from docs


def _in_tasks(items, size: int, alone, max_bytes: int | None = None
              ) -> Iterator[tuple[list[Document], list[Document] | None]]:
    """`(document, done)` pairs grouped into `(documents, done)` tasks: up to `size` consecutive
    documents to process together, and no more once they hold `max_bytes` bytes (default
    TASK_BYTES; the raw bytes read: a document's length before it is decoded); a done one (a
    cache hit) and one that `alone` picks, one a task."""
    max_bytes = TASK_BYTES if max_bytes is None else max_bytes
    chunk: list[Document] = []
    held = 0  # bytes of the documents in `chunk`
    for doc, done in items:
        if done is None and not alone(doc):
            chunk.append(doc)
            held += len(doc.raw or b"")
            if len(chunk) == size or held >= max_bytes:
                yield chunk, None
                chunk, held = [], 0
            continue
        if chunk:
            yield chunk, None
            chunk, held = [], 0
        yield [doc], (None if done is None else [done])
    if chunk:
        yield chunk, None


def dask_cluster(items, settings: Settings, workers: int, scheduler: str | None = None,
                 tables: bool = False) -> Iterator[Document]:
    try:
        from dask.distributed import Client, KilledWorker, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is a pinned dependency
        raise RuntimeError("--engine dask needs dask[distributed]: pip install 'dask[distributed]'") from exc
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, host="127.0.0.1")
        client = Client(cluster)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)

        def rescue(docs: list[Document]) -> list[Document]:  # (Dask gave up retrying the task)
            return _each_alone(docs, lambda doc: client.submit(process_in_worker, doc, settings, tables,
                                                               pure=False).result(),
                               (KilledWorker,), settings, tables)

        yield from _in_order(items, lambda docs: client.submit(process_many_in_worker, docs, settings, tables,
                                                                 pure=False), n_workers, rescue=rescue,
                             died=(KilledWorker,))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run(items, settings: Settings, engine: str = "process", workers: int | None = None,
        scheduler: str | None = None, resources: Resources | None = None, tables: bool = False,
        store=None) -> Iterator[Document]:
    """Processed documents, in input order, from the chosen engine; `tables`: each carries its
    rows as Arrow tables (run.with_tables). `store`: the cache, written by pool workers (a
    document so cached has `stored_by_worker`); other engines leave it to the caller."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    workers = workers or default_workers()
    if engine == "dask":
        return dask_cluster(items, settings, workers, scheduler, tables)
    if engine == "serial" or workers == 1:
        return serial(items, settings, resources, tables)
    return _pool_if_worth_it(iter(items), settings, workers, resources, tables, store)


# Documents looked ahead for a second one to process before the ones read so far go out in
# this process: an archive served from the cache streams through, it is never held whole.
LOOKAHEAD = 64


def _pool_if_worth_it(items, settings: Settings, workers: int, resources, tables: bool, store) -> Iterator[Document]:
    """A pool only pays when there is more than one document to process: look ahead (a bounded
    number of documents) first."""
    import itertools

    head, pending = [], 0
    for item in items:
        head.append(item)
        pending += item[1] is None
        if pending > 1:
            yield from process_pool(itertools.chain(head, items), settings, workers, tables, store)
            return
        if len(head) >= LOOKAHEAD:
            yield from serial(head, settings, resources, tables)
            head, pending = [], 0
    yield from serial(head, settings, resources, tables)
