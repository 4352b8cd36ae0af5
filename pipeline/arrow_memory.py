"""Arrow's memory allocator for the `cepi` process: jemalloc rather than pyarrow's default.

pyarrow 26 allocates with mimalloc by default. In a run, Arrow buffers of every document's rows
are made and freed over and over (built in the workers, read back from the pipes, concatenated
and encoded by the table writer); mimalloc gives freed pages back to the system and takes them
again as 2 MiB pages (transparent huge pages on madvise) that the kernel zeroes on each first
touch. perf showed that zeroing (`clear_page_erms` under `mi_page_free_list_extend`) as most
of the driver's kernel time: 1.0-1.9 s of system time over 1,392 bench documents with 2
workers, on a 2-core machine where the workers need the cores. With jemalloc it is ~0.3 s and
the 2-worker run ~5% faster; one worker is unchanged or slightly faster (README, Scale).

Arrow reads its choice from the ARROW_DEFAULT_MEMORY_POOL variable once, when pyarrow is first
imported (`pyarrow.set_memory_pool` later changes only what pyarrow's Python calls allocate,
not Parquet's or IPC's internals), so the command line sets it before anything imports
pyarrow; worker processes inherit it. A user's own setting is kept. Library callers (a
notebook) keep their process's choice: set the variable before importing pyarrow to get this.
"""
from __future__ import annotations

import os
import sys

VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"
BACKEND = "jemalloc"


def choose_for_process() -> bool:
    """Ask for jemalloc if it is not too late (pyarrow not imported yet) and the user chose no
    allocator; True when the variable was set. Linux only: pyarrow's Linux wheels have jemalloc,
    other builds may not (Arrow would warn and keep its default)."""
    if "pyarrow" in sys.modules or VARIABLE in os.environ or not sys.platform.startswith("linux"):
        return False
    os.environ[VARIABLE] = BACKEND
    return True
