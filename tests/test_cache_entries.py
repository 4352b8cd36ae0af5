"""How cache entries are written (cache._write_entry): whole or not at all, in a folder made on
first use, and a disk that refuses them costs only speed."""
import logging

from pipeline import run
from pipeline.cache import DocumentCache
from pipeline.resources import Resources, Settings


def _processed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("全县共受理群众信访举报件18件，已办结16件。", encoding="utf-8")
    return list(run.process_all([folder], Resources(), tables=True))[0]


def test_an_entry_is_written_in_a_new_folder_and_leaves_no_temporary_file(tmp_path):
    doc = _processed(tmp_path)
    store = DocumentCache(Settings(), tmp_path / "cache")
    store.put(doc)
    written = sorted(p.relative_to(store.folder).as_posix() for p in store.folder.rglob("*") if p.is_file())
    assert written == [f"{doc.sha256[:2]}/{doc.sha256}-{doc.format}.pkl"]
    back = store.get(doc)
    assert back.tables["facts"].to_pylist() == doc.tables["facts"].to_pylist()


def test_an_entry_that_cannot_be_written_is_a_warning_and_a_later_miss(tmp_path, caplog):
    doc = _processed(tmp_path)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache's folder should be")
    store = DocumentCache(Settings(), blocked)
    with caplog.at_level(logging.WARNING, logger="pipeline.cache"):
        store.put(doc)
    assert "cannot write cache entry" in caplog.text
    assert store.get(doc) is None and blocked.read_text().startswith("a file")


def test_an_entry_gives_its_facts_records_only_when_asked(tmp_path):
    doc = _processed(tmp_path)
    assert len(doc.facts) >= 2
    store = DocumentCache(Settings(), tmp_path / "cache")
    store.put(doc)
    assert store.get(doc).facts == doc.facts  # rebuilt from the rows of `facts`
    assert store.get(doc, facts=False).facts == []


def test_entries_written_behind_are_the_documents_as_they_were_given(tmp_path):
    import pickle

    doc = _processed(tmp_path)
    facts_rows = doc.tables["facts"].to_pylist()
    store = DocumentCache(Settings(), tmp_path / "cache").write_behind()
    store.put(doc)
    doc.tables["facts"] = doc.tables["facts"].slice(0, 0)  # the caller changes the document after
    doc.meta["region"] = "changed"
    worker_copy = pickle.loads(pickle.dumps(store))  # (as a pool worker gets it: it writes inline)
    assert worker_copy._jobs is None
    store.close()
    back = DocumentCache(Settings(), tmp_path / "cache").get(doc)
    assert back.tables["facts"].to_pylist() == facts_rows and back.meta.get("region") != "changed"
