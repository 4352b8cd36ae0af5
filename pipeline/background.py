"""A thread of its own for the driver's writing (table files, cache entries), so that it overlaps
reading and processing the next documents: Arrow encodes, lz4 compresses and the system writes
without holding the GIL.

Jobs run one after the other in the order given; at most `queued` wait, so memory stays bounded
(a producer faster than the disk waits). The first exception a job raises is kept in `error`, and
the jobs after it are dropped unrun (a full disk: nothing more is written); the owner decides what
an error means (the table writer raises it, the cache logs it)."""
from __future__ import annotations

import queue
import threading


class Background:
    def __init__(self, name: str, queued: int):
        self.error: BaseException | None = None
        self._queue: queue.Queue = queue.Queue(maxsize=queued)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    @property
    def open(self) -> bool:
        return self._thread.is_alive()

    def submit(self, job, *args) -> None:
        """Run `job(*args)` in the thread, after the jobs given before."""
        if not self.open:
            raise RuntimeError("the background writer is closed")
        self._queue.put((job, args))

    def close(self) -> None:
        """Wait for the jobs given so far; the thread ends (closing twice is harmless)."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if self.error is None:  # after an error, drain without running
                job, args = item
                try:
                    job(*args)
                except BaseException as exc:  # noqa: BLE001 - handed to the owner
                    self.error = exc
