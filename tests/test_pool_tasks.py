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


class _Done:
    """A finished task's stand-in: its result, or the exception it raises."""

    def __init__(self, value):
        self.value = value

    def result(self):
        if isinstance(self.value, BaseException):
            raise self.value
        return self.value


class _WorkerGone(Exception):
    pass


@pytest.mark.parametrize("pattern, dying, rescued", [
    ("abcdef", "", []),
    ("abcdef", "b", ["abcd"]),          # the task a-d died: its four rescued, in their places
    ("abcdef", "bf", ["abcd", "ef"]),
    ("abCdef", "d", ["def"]),           # (a cache hit C is a task of its own)
])
def test_a_task_whose_worker_died_is_rescued_in_its_place(pattern, dying, rescued, monkeypatch):
    monkeypatch.setattr(engine, "DOCS_PER_TASK", 4)
    items = [(_doc(ch.lower()), _doc(ch.lower()) if ch.isupper() else None) for ch in pattern]
    asked = []

    def submit(docs):
        if any(d.doc_id in dying for d in docs):
            return _Done(_WorkerGone())
        return _Done([_doc(d.doc_id) for d in docs])

    def rescue(docs):
        asked.append("".join(d.doc_id for d in docs))
        return [_doc(d.doc_id) for d in docs]

    got = list(engine._in_order(iter(items), submit, 1, rescue=rescue, died=(_WorkerGone,)))
    assert "".join(d.doc_id for d in got) == pattern.lower()
    assert asked == rescued


def _write_texts(folder, texts):
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")


_TEXTS = [f"某市第{n}批交办的群众信访举报件共{n + 10}件，已办结{n + 3}件。" for n in range(1, 10)]


@pytest.mark.parametrize("size", [1, 4])
def test_a_document_that_kills_its_worker_gets_an_error_row_and_the_batch_goes_on(tmp_path, monkeypatch, size):
    import os

    _write_texts(tmp_path / "in", _TEXTS[:3] + ["WORKER-KILLER " + _TEXTS[3]] + _TEXTS[4:])
    real = run.process_documents

    def killer(docs, res):  # (forked workers inherit the patch)
        if any(b"WORKER-KILLER" in (doc.raw or b"") for doc in docs):
            os._exit(9)  # the way the system's OOM killer ends a process: no exception, no clean-up
        return real(docs, res)

    serial = list(run.process_all([tmp_path / "in"], Resources(), engine="serial", tables=True))
    monkeypatch.setattr(run, "process_documents", killer)
    monkeypatch.setattr(engine, "DOCS_PER_TASK", size)
    docs = list(run.process_all([tmp_path / "in"], Resources(), engine="process", workers=2, tables=True))
    assert [d.source for d in docs] == [d.source for d in serial]
    assert [d.status for d in docs] == ["ok"] * 3 + ["error"] + ["ok"] * 5
    assert docs[3].error.startswith("worker process died while processing this document")
    assert docs[3].tables["documents"].column("status").to_pylist() == ["error"]
    others = [d for i, d in enumerate(docs) if i != 3]
    assert _rows(others) == _rows(d for i, d in enumerate(serial) if i != 3)


@pytest.mark.parametrize("error, again", [
    (None, False),
    ("internal error in stage 'facts': ValueError: x", False),
    ("time budget of 120 s exceeded in stage 'measures'", True),
    ("worker process died while processing this document (killed by the system)", True),
])
def test_errors_of_the_moment_are_tried_again_next_run(error, again):
    from pipeline.cache import of_the_moment

    assert of_the_moment(error) is again


@pytest.mark.parametrize("pattern, size, calls", [
    ("abcde", 2, ["process ab", "tables ab", "process cd", "tables cd", "process e", "tables e"]),
    ("abCd", 4, ["process ab", "tables ab", "process d", "tables d"]),   # a cache hit passes as it is
    ("AB", 4, []),
])
def test_one_worker_processes_a_task_then_builds_its_tables_in_input_order(pattern, size, calls, monkeypatch):
    monkeypatch.setattr(engine, "DOCS_PER_TASK", size)
    seen, res = [], Resources()
    res.loaded = True  # (nothing to load: the stages are stand-ins)

    def note(step, doc):
        if seen and seen[-1].startswith(step):
            seen[-1] += doc.doc_id
        else:
            seen.append(f"{step} {doc.doc_id}")
        return doc

    monkeypatch.setattr(run, "process_documents", lambda docs, res: [note("process", doc) for doc in docs])
    monkeypatch.setattr(run, "with_tables_together", lambda docs, tables: [note("tables", doc) for doc in docs])
    items = [(_doc(ch.lower()), _doc(ch.lower()) if ch.isupper() else None) for ch in pattern]
    got = list(engine.serial(iter(items), res.settings, res, tables=True))
    assert "".join(d.doc_id for d in got) == pattern.lower()
    assert seen == calls


def _sized(spec: str) -> list[tuple[Document, None]]:
    """`a3 b1 c5`: documents a, b, c of 3, 1 and 5 raw bytes, none done."""
    items = []
    for part in spec.split():
        doc = _doc(part[0])
        doc.raw = b"x" * int(part[1:])
        items.append((doc, None))
    return items


# A task closes at `size` documents or once its documents hold `max_bytes` bytes, whichever first:
# long documents make short tasks, short ones long tasks.
@pytest.mark.parametrize("spec, size, max_bytes, tasks", [
    ("a3 b3 c3 d3", 4, 100, ["abcd"]),
    ("a3 b3 c3 d3", 4, 6, ["ab", "cd"]),
    ("a3 b3 c3 d3", 4, 7, ["abc", "d"]),
    ("a9 b1 c1", 4, 5, ["a", "bc"]),           # one document over the bound is a task of its own
    ("a1 b1 c9 d1", 8, 5, ["abc", "d"]),       # the document that reaches the bound closes its task
    ("a0 b0 c0", 2, 1, ["ab", "c"]),           # unread documents (no bytes) count by number only
])
def test_tasks_close_at_a_number_of_documents_or_of_bytes(spec, size, max_bytes, tasks):
    got = ["".join(d.doc_id for d in docs) for docs, _ in engine._in_tasks(iter(_sized(spec)), size,
                                                                           lambda d: False, max_bytes)]
    assert got == tasks


def test_the_memos_a_task_reads_hold_its_documents():
    """The stages of a task's documents ask the gazetteer about each document's text (metadata, then
    facts) and the lexicon about two token lists a document (classifier, disclosure), a stage apart:
    the memos must hold a whole task's, or the second asking computes again."""
    from pipeline import features, gazetteer

    assert gazetteer.SCANS_KEPT >= engine.DOCS_PER_TASK
    assert features.RECENT_TOKEN_LISTS >= 2 * engine.DOCS_PER_TASK
