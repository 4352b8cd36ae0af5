"""The process pool's tasks: several documents a task, in input order, and the `cepi` process's
Arrow allocator (engine.py, arrow_memory.py)."""
import subprocess
import sys

import pytest

from pipeline import engine, run
from pipeline.records import Document
from pipeline.resources import Resources

from test_scale import SAMPLE, _rows


def _doc(name: str) -> Document:
    return Document(name, f"{name}.txt")


def _tasks(pattern: str, size: int) -> list[str]:
    """`pattern`: a letter a document; lower case to process, upper case done (a cache hit),
    `*` before a letter = a document processed alone (a long one). Each task as its letters
    (done ones in upper case)."""
    items, alone, star = [], set(), False
    for ch in pattern:
        if ch == "*":
            star = True
            continue
        doc = _doc(ch.lower())
        items.append((doc, doc if ch.isupper() else None))
        if star:
            alone.add(ch.lower())
        star = False
    out = []
    for docs, done in engine._in_tasks(iter(items), size, lambda d: d.doc_id in alone):
        assert done is None or done == docs
        out.append("".join(d.doc_id.upper() if done else d.doc_id for d in docs))
    return out


@pytest.mark.parametrize("pattern, size, tasks", [
    ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
    ("abcd", 4, ["abcd"]),
    ("abc", 1, ["a", "b", "c"]),
    ("", 4, []),
    ("abCde", 4, ["ab", "C", "de"]),            # a cache hit between closes the task before it
    ("ABC", 4, ["A", "B", "C"]),
    ("ab*cde", 4, ["ab", "c", "de"]),           # a long document is a task of its own
    ("*abcde", 2, ["a", "bc", "de"]),
    ("abcdE*f", 4, ["abcd", "E", "f"]),
])
def test_documents_are_grouped_into_tasks_in_input_order(pattern, size, tasks):
    assert _tasks(pattern, size) == tasks


@pytest.mark.parametrize("size", [1, 3])
def test_tasks_of_several_documents_give_the_serial_tables(size, monkeypatch):
    monkeypatch.setattr(engine, "DOCS_PER_TASK", size)
    serial = _rows(run.process_all([SAMPLE], Resources(), engine="serial", tables=True))
    docs = list(run.process_all([SAMPLE], Resources(), engine="process", workers=2, tables=True))
    assert _rows(docs) == serial
    assert [d.source for d in docs] == [d.source for d in run.process_all([SAMPLE], Resources(), engine="serial")]


def _pool_in_a_fresh_process(env: dict) -> str:
    code = ("import pipeline.cli, pyarrow, os\n"
            "print(os.environ.get('ARROW_DEFAULT_MEMORY_POOL'), pyarrow.default_memory_pool().backend_name)")
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="jemalloc is asked for on Linux only")
def test_the_command_line_asks_arrow_for_jemalloc_unless_the_user_chose():
    import os

    import pyarrow as pa

    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if "jemalloc" in pa.supported_memory_backends():
        assert _pool_in_a_fresh_process(env) == "jemalloc jemalloc"
    assert _pool_in_a_fresh_process({**env, "ARROW_DEFAULT_MEMORY_POOL": "system"}) == "system system"


def test_the_allocator_is_not_asked_for_once_pyarrow_is_imported(monkeypatch):
    from pipeline import arrow_memory

    import pyarrow  # noqa: F401 - imported: too late to choose

    monkeypatch.delenv(arrow_memory.VARIABLE, raising=False)
    assert arrow_memory.choose_for_process() is False
    assert arrow_memory.VARIABLE not in __import__("os").environ
