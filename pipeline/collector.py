"""Python's cyclic garbage collector, set for a batch of documents.

Nearly every object a stage makes is freed by reference counting the moment it is dropped; the
cyclic collector only finds the few cycles. With its defaults it still ran about 920 collections
over 1,382 bench documents (0.52 s of a one-worker run's 17.4 s): a young collection every 700
new container objects, and now and then a full one that walks every object alive, the loaded
resources included (jieba's dictionary wrapper, the gazetteer, the lexicons, the compiled rules,
the classifier's tables: about 90,000 objects). Two settings take that to a few collections:

- `freeze_loaded()` after the resources are loaded moves everything alive to the collector's
  permanent generation, never walked again. Before a fork it also keeps the workers from
  copying the parent's pages: a full collection writes into the header of every object it walks.
- `batch()` raises the young generation's threshold while documents are processed, so that a
  collection runs every YOUNG_THRESHOLD new container objects rather than every 700, and
  `before_task()` collects between tasks instead (every TASKS_PER_COLLECTION-th task).

Why between tasks: a young collection walks every container object alive that was made since
the last one. In the middle of a task that is the task's records so far (64 documents' facts,
numbers, sentences, measures and their tuples), walked again by every collection until the task
ends and again when they reach the older generations; between tasks they are gone (the
documents left as Arrow tables) and what is walked is the stages' per-task memos, some 15,000
objects. Measured (one worker, 1,392 bench documents, thread time in the collector): 60 young
and 5 older collections, 0.42-0.48 s, with a collection every 10,000 objects; 0.22-0.24 s with
one before every task; fewer with one every fourth task. YOUNG_THRESHOLD stays as the safety net
for one long document, whose task makes more than that many objects.

None of this changes what is freed: cycles are still collected, a little later (memory stays
flat, bench: peak RSS of 1,000 and 20,000 documents).
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 100_000
# a collection before every fourth task: the cycles of at most four tasks (a few thousand small
# objects) wait for it; the memos walked by each are the same size however many tasks passed
TASKS_PER_COLLECTION = 4
# of those collections, every tenth takes the middle generation too and every hundredth all
# of them (the ratios of Python's own thresholds: 10 young collections per middle one, ...)
MIDDLE_EVERY, OLDEST_EVERY = 10, 100


def freeze_loaded() -> None:
    """Exempt every object alive now from later collections (call it once the resources are
    loaded, and before forking workers)."""
    gc.freeze()


def set_for_batch() -> None:
    """The batch threshold for the rest of this process (a worker process of ours)."""
    young, *older = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG_THRESHOLD), *older)


class TaskCollections:
    """Counts tasks and collects before every TASKS_PER_COLLECTION-th one (see the module's
    docstring); which generation, by the collections so far."""

    def __init__(self, every: int = TASKS_PER_COLLECTION):
        self.every = every
        self.tasks = 0
        self.collections = 0

    def before_task(self) -> int | None:
        """The generation collected now, or None."""
        self.tasks += 1
        if self.tasks % self.every:
            return None
        self.collections += 1
        generation = (2 if self.collections % OLDEST_EVERY == 0 else 1 if self.collections % MIDDLE_EVERY == 0
                      else 0)
        gc.collect(generation)
        return generation


# The collector is the process's, so is the count of its tasks (a pool's worker, the serial engine's process).
_PROCESS_TASKS = TaskCollections()


def before_task() -> None:
    """Call before each task of documents of this process (engine.serial, a pool's or Dask's task)."""
    _PROCESS_TASKS.before_task()


@contextmanager
def batch() -> Iterator[None]:
    """The batch threshold while the block runs, the previous one after (a notebook's process
    gets back its own settings)."""
    previous = gc.get_threshold()
    set_for_batch()
    try:
        yield
    finally:
        gc.set_threshold(*previous)
