"""The C allocator of the `cepi` command's process: jemalloc, preloaded, where it is installed.

Python keeps its own allocator for objects of up to 512 bytes (pymalloc) and asks the C library
for everything larger: long strings (a document's text, its normalized view, a sentence's token
list), lists and dicts past a few dozen items, `re`'s per-call stacks, numpy's arrays, jieba-rs's
buffers. glibc's malloc serves those more slowly than jemalloc. Measured over 1,392 bench
documents with one worker, each pair run at the same time (so that both saw the same load):
user + system CPU 2.3-2.8% lower with jemalloc (3 pairs), and 1.6-2.9% lower with mimalloc (3
pairs), peak RSS +2% and -3%. jemalloc is chosen for its fork handling (pool workers are forked
from the driver, whose table writer thread may be allocating at that moment). Sending Python's
small objects to the C allocator too (`PYTHONMALLOC=malloc`) was 5% slower: pymalloc stays.

A process's malloc can only be replaced before it starts, by the dynamic linker (LD_PRELOAD). So
the command (`pipeline.launch`), before importing anything heavy, starts itself again once, the
same command line with jemalloc preloaded (`os.execve`: ~20 ms), and there gives the environment
its LD_PRELOAD back, so that the programs cepi starts (LibreOffice, Tesseract, a browser) start
as the user would start them; its pool workers are forked, with jemalloc already in them.
Only the command does this; a notebook calling the library keeps its process's allocator.

CEPI_ALLOCATOR=system keeps the system's allocator; CEPI_ALLOCATOR=/path/lib.so preloads another
library. Linux only. Without the library (`make setup` installs Debian's libjemalloc2 where it
can) the command runs as before.
"""
from __future__ import annotations

import glob
import os
import sys

VARIABLE = "CEPI_ALLOCATOR"
# Set in the restarted process: it is never restarted again (a library the linker could not
# preload must not make the command restart itself forever). Children inherit it.
RESTARTED = "CEPI_ALLOCATOR_RESTARTED"
LIBRARIES = ("/usr/lib/*-linux-gnu/libjemalloc.so.2", "/usr/lib64/libjemalloc.so.2", "/usr/lib/libjemalloc.so.2",
             "/usr/local/lib/libjemalloc.so.2")


def library(environ: dict[str, str], patterns: tuple[str, ...] = LIBRARIES) -> str | None:
    """The library to preload: CEPI_ALLOCATOR's (None for `system` or a missing file), else the
    first installed one of `patterns`."""
    choice = environ.get(VARIABLE, "")
    if choice == "system":
        return None
    if choice:
        return choice if os.path.isfile(choice) else None
    for pattern in patterns:
        found = sorted(glob.glob(pattern))
        if found:
            return found[0]
    return None


def _preloaded(value: str) -> list[str]:
    """The entries of an LD_PRELOAD value (the linker splits it at spaces and colons)."""
    return value.replace(":", " ").split()


def restart_environment(environ: dict[str, str], lib: str | None) -> dict[str, str] | None:
    """The environment to start the command again in, with `lib` preloaded; None when it should
    go on as it is (no library, already restarted, or the library already preloaded)."""
    if lib is None or environ.get(RESTARTED):
        return None
    before = environ.get("LD_PRELOAD", "")
    if lib in _preloaded(before):
        return None
    return {**environ, "LD_PRELOAD": ":".join([lib, *_preloaded(before)]), RESTARTED: lib}


def environment_after_restart(environ: dict[str, str]) -> dict[str, str]:
    """The restarted process's environment for the programs it starts: LD_PRELOAD without the
    library added by the restart (removed when nothing else is left)."""
    lib = environ.get(RESTARTED)
    if not lib or "LD_PRELOAD" not in environ:
        return dict(environ)
    rest = _preloaded(environ["LD_PRELOAD"])
    if lib in rest:
        rest.remove(lib)
    out = {k: v for k, v in environ.items() if k != "LD_PRELOAD"}
    if rest:
        out["LD_PRELOAD"] = ":".join(rest)
    return out


def restart_with_allocator() -> None:
    """Start this command again with the allocator preloaded (does not return then), or return
    when there is nothing to do; in the restarted process, give LD_PRELOAD back."""
    if not sys.platform.startswith("linux"):
        return
    environ = dict(os.environ)
    if environ.get(RESTARTED):
        after = environment_after_restart(environ)
        if "LD_PRELOAD" in after:
            os.environ["LD_PRELOAD"] = after["LD_PRELOAD"]
        else:
            os.environ.pop("LD_PRELOAD", None)
        return
    env = restart_environment(environ, library(environ))
    if env is None:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], env)
    except OSError:
        return  # (could not start again: go on with the system's allocator)
