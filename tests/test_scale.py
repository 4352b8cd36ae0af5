"""Archive scale: engines give identical tables, the cache re-uses unchanged files, the time
budget turns a stalled document into an error row, hostile runs stay bounded, and the
run-level 4-gram frequencies in bounded memory give the exact reference."""
import time
from collections import Counter

import pytest

from pipeline import run
from pipeline.disclosure import BoilerplateReference, boilerplate_share, sentence_words
from pipeline.export import document_rows, read_table
from pipeline.extract.context import MAX_BEFORE, statements
from pipeline.limits import MAX_RUN, bound_runs
from pipeline.normalize import normalized
from pipeline.records import Document
from pipeline.rescore import RunGrams, sentence_grams
from pipeline.resources import Resources, Settings
from pipeline.segment import Segmenter

SAMPLE = "corpora/sample"


def _rows(docs):
    """Every table's rows, sorted by doc_id and offsets, as comparable tuples."""
    tables = {}
    for doc in docs:
        by_table = ({name: t.to_pylist() for name, t in doc.tables.items()} if doc.tables is not None
                    else document_rows(doc))
        for name, rows in by_table.items():
            tables.setdefault(name, []).extend(tuple(sorted((k, repr(v)) for k, v in r.items())) for r in rows)
    return {name: sorted(rows) for name, rows in tables.items()}


@pytest.fixture(scope="module")
def serial_rows():
    return _rows(run.process_all([SAMPLE], Resources(), engine="serial"))


def test_two_worker_processes_give_the_serial_tables(serial_rows):
    docs = list(run.process_all([SAMPLE], Resources(), engine="process", workers=2))
    assert _rows(docs) == serial_rows


def test_dask_local_cluster_gives_the_serial_tables(serial_rows):
    pytest.importorskip("dask.distributed")
    docs = list(run.process_all([SAMPLE], Resources(), engine="dask", workers=2))
    assert _rows(docs) == serial_rows


def test_dask_engine_at_a_scheduler_address(serial_rows):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as cluster:
        docs = list(run.process_all([SAMPLE], Resources(), engine="dask", scheduler=cluster.scheduler_address))
    assert _rows(docs) == serial_rows


def test_cache_serves_unchanged_files_and_redoes_changed_ones(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("督察组交办的36件群众信访举报件已办结35件。", encoding="utf-8")
    (folder / "b.txt").write_text("全市立案处罚24家企业，罚款120万元。", encoding="utf-8")
    cache = tmp_path / "cache"
    first = list(run.process_all([folder], Resources(), cache=True, cache_dir=cache))

    calls = []
    real = run.process_documents
    monkeypatch.setattr(run, "process_documents",
                        lambda docs, res: calls.extend(d.doc_id for d in docs) or real(docs, res))
    again = list(run.process_all([folder], Resources(), cache=True, cache_dir=cache))
    assert calls == [] and _rows(again) == _rows(first)

    (folder / "b.txt").write_text("全市立案处罚25家企业，罚款120万元。", encoding="utf-8")
    changed = list(run.process_all([folder], Resources(), cache=True, cache_dir=cache))
    assert calls == ["b"]
    assert [f.value for f in changed[1].facts] == [f.value for f in real([_doc(folder / "b.txt")], Resources())[0].facts]


def _doc(path):
    from pipeline.ingest import iter_documents

    return next(iter_documents([path]))


def _docs_with_hashes(n):
    return [Document(doc_id=f"d{i}", source=f"d{i}.txt", sha256=f"{i:064x}") for i in range(n)]


def test_cache_groups_depend_only_on_their_own_documents():
    from pipeline.cache import GROUP_MAX, groups

    docs = _docs_with_hashes(400)
    before = [[d.doc_id for d in g] for g in groups(docs)]
    assert [d for g in before for d in g] == [d.doc_id for d in docs]  # every document, in order
    assert max(map(len, before)) <= GROUP_MAX and len(before) > 3
    # a file inserted inside the second group changes that group's members only
    at = len(before[0]) + 1
    new = Document(doc_id="new", source="new.txt", sha256="e" * 64)
    after = [[d.doc_id for d in g] for g in groups(docs[:at] + [new] + docs[at:])]
    assert [g for g in after if "new" not in g] == [g for g in before if g != before[1]]
    assert [g for g in after if "new" in g] == [before[1][:1] + ["new"] + before[1][1:]]


def test_rerun_reads_whole_groups_and_a_changed_file_redoes_only_itself(tmp_path, monkeypatch):
    from pipeline.cache import DocumentCache

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(12):
        (folder / f"n{i:02d}.txt").write_text(f"全市立案处罚{i + 3}家企业，罚款{i + 100}万元。", encoding="utf-8")
    cache = tmp_path / "cache"
    first = list(run.process_all([folder], Resources(), cache=True, cache_dir=cache))

    calls, single = [], []
    real_process, real_get = run.process_documents, DocumentCache.get
    monkeypatch.setattr(run, "process_documents",
                        lambda docs, res: calls.extend(d.doc_id for d in docs) or real_process(docs, res))
    monkeypatch.setattr(DocumentCache, "get", lambda self, doc, **kw: single.append(doc.doc_id) or real_get(self, doc, **kw))
    again = list(run.process_all([folder], Resources(), cache=True, cache_dir=cache))
    assert calls == [] and single == [] and _rows(again) == _rows(first)
    assert [d.doc_id for d in again] == [d.doc_id for d in first]

    (folder / "n05.txt").write_text("全市立案处罚99家企业，罚款100万元。", encoding="utf-8")
    changed = list(run.process_all([folder], Resources(), cache=True, cache_dir=cache))
    assert calls == ["n05"]
    assert [f.value for f in changed[5].facts][:1] == [99]
    assert _rows([d for d in changed if d.doc_id != "n05"]) == _rows([d for d in first if d.doc_id != "n05"])


def test_pool_workers_write_the_cache_entries_of_the_documents_they_process(tmp_path, monkeypatch):
    import os

    from pipeline.cache import DocumentCache

    writers = tmp_path / "writers"
    real_put = DocumentCache.put

    def put(self, doc):  # (forked workers inherit the patch) which process wrote each entry
        with open(writers, "a") as fh:
            fh.write(f"{os.getpid()}\n")
        real_put(self, doc)

    monkeypatch.setattr(DocumentCache, "put", put)
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"p{i}.txt").write_text(f"督察组交办的{i + 30}件群众信访举报件已办结{i + 20}件。", encoding="utf-8")
    cache = tmp_path / "cache"
    docs = list(run.process_all([folder], Resources(), engine="process", workers=2, cache=True, cache_dir=cache))
    store = DocumentCache(Settings(), cache)
    assert all(store.get(doc) is not None for doc in run.iter_documents([folder]))
    assert all("stored_by_worker" not in doc.__dict__ for doc in docs)
    pids = writers.read_text().split()
    assert len(pids) == 5 and str(os.getpid()) not in pids


def test_documents_from_the_cache_stream_through_the_process_engine():
    """An archive served from the cache is never held whole while looking for work for a pool."""
    from pipeline import engine

    read = []

    def items():
        for i in range(5 * engine.LOOKAHEAD):
            read.append(i)
            done = Document(doc_id=f"c{i}", source=f"c{i}.txt")
            yield done, done

    out = engine.run(items(), Settings(), engine="process", workers=2)
    first = next(out)
    assert first.doc_id == "c0" and len(read) <= engine.LOOKAHEAD
    assert [d.doc_id for d in out] == [f"c{i}" for i in range(1, 5 * engine.LOOKAHEAD)]


def test_cache_key_changes_with_the_segmenter(tmp_path):
    from pipeline.cache import DocumentCache

    assert DocumentCache(Settings("jieba"), tmp_path).folder != DocumentCache(Settings("pkuseg"), tmp_path).folder


def test_time_budget_turns_a_stalled_stage_into_an_error_row():
    def slow(doc, ctx):
        while True:
            time.sleep(0.01)

    res = Resources(Settings(time_budget=0.2))
    doc = run.process(Document("d", "d.txt"), res, stages=(slow,))
    assert doc.status == "error"
    assert doc.error == "time budget of 0.2 s exceeded in stage 'slow'"
    # the next document is processed normally
    assert run.process(Document("e", "e.txt"), res, stages=(lambda d, c: d,)).status == "ok"


def test_overlong_digit_and_mask_runs_are_bounded_in_the_rules_view():
    text = "共" + "7" * 100_000 + "件，" + "*" * 50_000 + "县整改。"
    norm = bound_runs(normalized(text))
    assert norm.text == "共" + "7" * MAX_RUN + "件，" + "*" * MAX_RUN + "县整改。"
    start, end = norm.source_span(0, len(norm.text))
    assert (start, end) == (0, len(text))  # every published character is still covered


def test_a_wall_of_text_reads_a_bounded_lead_in():
    text = "督察组交办的信访件已办结。" * 2000
    sts = statements(text)
    assert len(sts) == 2000 and max(len(s.before) for s in sts) <= MAX_BEFORE


def test_hostile_documents_each_get_a_row(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "digits.txt").write_text("1" * 200_000, encoding="utf-8")
    (folder / "stars.txt").write_text("*" * 150_000, encoding="utf-8")
    (folder / "line.txt").write_text("全市共受理信访件12件，已办结10件。" * 3000, encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 200)
    (folder / "bad.docx").write_bytes(b"PK\x03\x04 not really")
    summary = run.extract([folder], tmp_path / "out", workers=1, cache=False)
    docs = read_table(tmp_path / "out", "documents")
    assert summary.files == 5 and sorted(docs.doc_id) == ["bad", "binary", "digits", "line", "stars"]
    assert dict(zip(docs.doc_id, docs.status))["bad"] == "error"


def _documents(n):
    rng_words = ["坚持", "问题", "导向", "推动", "整改", "落实", "工作", "取得", "成效", "群众", "满意", "环境"]
    out = []
    for i in range(n):
        words = [rng_words[(i * 7 + j * (i % 5 + 1)) % len(rng_words)] for j in range(12)]
        out.append(["".join(words[:6]) + "。", "".join(words[6:]) + "。", "坚持问题导向推动整改落实。"])
    return out


@pytest.mark.parametrize("chunk", [256, 7, 1])
def test_run_grams_give_the_exact_reference_share(chunk):
    seg = Segmenter("jieba")
    documents = _documents(30)
    exact = BoilerplateReference.from_documents(documents, seg, "exact")
    with RunGrams() as grams:
        for i, sentences in enumerate(documents):
            doc = Document(f"d{i}", "x")
            doc.grams = sentence_grams([sentence_words(s, seg) for s in sentences])
            grams.add(doc)
        shares = dict(grams.shares(chunk=chunk))
    assert grams.n_docs == 30
    for i, sentences in enumerate(documents):
        assert shares[f"d{i}"] == boilerplate_share(sentences, seg, exact)


def test_run_grams_share_of_documents_without_words_or_4grams():
    with RunGrams() as grams:
        for doc_id, sentence_words_ in (("empty", []), ("short", [["两", "个"]]), ("long", [list("一二三四五")] * 2)):
            doc = Document(doc_id, "x")
            doc.grams = sentence_grams(sentence_words_)
            grams.add(doc)
        assert list(grams.shares(chunk=2)) == [("empty", None), ("short", 0.0), ("long", 1.0)]  # df 1 of 3 documents: within 30-75%


def test_run_grams_count_document_frequencies():
    with RunGrams() as grams:
        truth = Counter()
        for i in range(50):
            hashes = sentence_grams([[f"w{j}" for j in range(i % 7, i % 7 + 6)]])
            truth.update(set(hashes[2].tolist()))
            doc = Document(f"d{i}", "x")
            doc.grams = hashes
            grams.add(doc)
        import numpy as np

        keys = np.array(sorted(truth), dtype=np.uint64)
        assert grams.doc_freq(keys).tolist() == [truth[k] for k in sorted(truth)]


def test_one_jieba_dictionary_per_process():
    res = Resources()
    assert res.measure_segmenter is res.segmenter
    assert res.classifier.pipeline.segmenter._segmenter is res.segmenter


def test_labelling_does_not_import_scikit_learn():
    import subprocess
    import sys

    code = ("import sys; from pipeline.resources import Resources; r = Resources(); "
            "r.classifier.label(['全市立案处罚24家。']); print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_proper_names_come_from_the_dictionary():
    from pipeline.features import SharedSegmenter

    seg = SharedSegmenter()
    assert seg.proper_names("北京市召开会议") == ["北京市"]
    assert seg.proper_names("坚持问题导向") == []


def test_proper_name_lexicon_reads_every_tagged_line_of_the_dictionary():
    import os

    import jieba

    from pipeline.features import _PROPER_TAGS, proper_name_lexicon

    expected = set()
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:  # the definition: "word frequency tag", tag among the proper-name tags
            parts = line.split()
            if len(parts) == 3 and parts[2] in _PROPER_TAGS:
                expected.add(parts[0])
    with open("pipeline/rules/userdict.txt", encoding="utf-8") as fh:
        for line in fh:  # cepi's user dictionary overrides jieba's tag of a word
            parts = line.split()
            if len(parts) == 3:
                (expected.add if parts[2] in _PROPER_TAGS else expected.discard)(parts[0])
    got = proper_name_lexicon()
    assert got == expected
    assert len(got) > 100_000


def test_progress_is_quiet_off_a_terminal(capsys):
    from pipeline.progress import Progress

    with Progress(["corpora/sample"]) as bar:
        bar.advance(None)
    assert not bar.enabled and capsys.readouterr().err == ""


def test_compact_model_scores_as_the_full_model():
    import json

    import numpy as np

    from pipeline.classify import SentenceClassifier
    from pipeline.train import LABELS, normalize_sentence

    texts = [normalize_sentence(json.loads(line)["text"]) for line in LABELS.read_text(encoding="utf-8").splitlines()
             if line.strip()][:400] + ["", "。", "2023年"]
    compact, full = SentenceClassifier.load(), SentenceClassifier.load_full()
    assert type(compact.pipeline).__name__ == "CompactClassifier"
    assert np.allclose(compact.predict_proba(texts), full.predict_proba(texts), rtol=0, atol=1e-12)
    assert [lab for lab, _ in compact.label(texts)] == [lab for lab, _ in full.label(texts)]


def test_rerun_from_cache_writes_the_same_tables(tmp_path):
    import pandas as pd

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("督察组交办的36件群众信访举报件已办结35件。坚持问题导向。", encoding="utf-8")
    (folder / "copy_of_a.txt").write_text("督察组交办的36件群众信访举报件已办结35件。坚持问题导向。", encoding="utf-8")
    (folder / "b.docx").write_bytes(b"PK\x03\x04 broken")
    cache = tmp_path / "cache"
    outs = []
    for i, use_cache in enumerate((False, True, True)):
        out = tmp_path / f"out{i}"
        run.extract([folder], out, workers=1, cache=use_cache, cache_dir=cache)
        outs.append({name: read_table(out, name) for name in ("documents", "facts", "sentences", "measures", "checks")})
    for name in outs[0]:
        pd.testing.assert_frame_equal(outs[0][name], outs[1][name])
        pd.testing.assert_frame_equal(outs[0][name], outs[2][name])
    assert list(outs[2]["documents"].doc_id) == ["a", "b", "copy_of_a"]
    assert sorted(set(outs[2]["facts"].doc_id)) == ["a", "copy_of_a"]


def test_progress_counts_the_files_ingest_reads():
    from pipeline.ingest import iter_documents
    from pipeline.progress import count_files

    assert count_files([SAMPLE]) == sum(1 for _ in iter_documents([SAMPLE]))


def _naive_after(candidates, anchor, window=200):
    near = [f for f in candidates if 0 <= f.char_start - anchor.char_start <= window and f.category == anchor.category]
    return min(near, key=lambda f: f.char_start) if near else None


def _naive_before(candidates, anchor, window=400):
    near = [f for f in candidates if 0 <= anchor.char_start - f.char_start <= window]
    return max(near, key=lambda f: f.char_start) if near else None


def test_check_lookups_by_binary_search_match_the_pairwise_definition():
    from hypothesis import given, settings, strategies as st

    from pipeline.extract.checks import _after, _before
    from pipeline.records import Fact

    fact = st.builds(lambda start, cat: Fact("m", cat, 1.0, None, False, False, "", start, start + 1),
                     st.integers(0, 1500), st.sampled_from(["all", "common", "specific"]))

    @settings(max_examples=200, deadline=None)
    @given(st.lists(fact, max_size=30), fact)
    def check(candidates, anchor):
        assert _after(candidates, anchor) is _naive_after(candidates, anchor)
        assert _before(candidates, anchor) is _naive_before(candidates, anchor)

    check()


def test_a_fact_survives_pickling_with_every_field():
    import pickle

    from pipeline.records import Fact

    fact = Fact("petitions_closed", None, 35.0, "件", False, False, "已办结35件", 10, 16, value_high=None,
                extractor="counts", rule="closed.after", subject_region="某县", subject_region_code="000000",
                as_of="2023-05", basis="cumulative", page=2)
    assert pickle.loads(pickle.dumps(fact, protocol=5)) == fact
    assert pickle.loads(pickle.dumps([fact, fact])) == [fact, fact]


def test_a_cached_group_gives_its_facts_records_only_when_asked(tmp_path):
    import dataclasses

    from pipeline.cache import DocumentCache, groups
    from pipeline.ingest import iter_documents

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"n{i}.txt").write_text(f"全市立案处罚{i + 3}家企业，罚款{i + 100}万元。", encoding="utf-8")
    first = list(run.process_all([folder], Resources(), cache=True, cache_dir=tmp_path / "cache"))
    store = DocumentCache(Settings(), tmp_path / "cache")
    (group,) = list(groups(iter_documents([folder])))
    with_facts = store.get_group(group)
    assert [[dataclasses.astuple(f) for f in d.facts] for d in with_facts] == [
        [dataclasses.astuple(f) for f in d.facts] for d in first]
    assert [f.value for f in with_facts[1].facts] == [4, 1010000]
    without = store.get_group(group, facts=False)
    assert [d.facts for d in without] == [[], [], []]
    assert [d.tables["facts"].num_rows for d in without] == [len(d.facts) for d in first]


def test_long_documents_split_in_two_halves_give_the_serial_tables(serial_rows, monkeypatch):
    """Every document of the sample processed as run.HALVES on two workers, joined in the driver."""
    from pipeline import engine

    monkeypatch.setattr(engine, "SPLIT_BYTES", 0)
    halves = []
    real = engine._Halves.__init__
    monkeypatch.setattr(engine._Halves, "__init__", lambda self, *a: halves.append(1) or real(self, *a))
    rows = _rows(run.process_all([SAMPLE], Resources(), engine="process", workers=2))
    assert rows == serial_rows and len(halves) >= 10
    as_tables = _rows(run.process_all([SAMPLE], Resources(), engine="process", workers=2, tables=True))
    assert as_tables == _rows(run.process_all([SAMPLE], Resources(), engine="serial", tables=True))


def test_a_failed_half_makes_the_document_run_whole():
    ok = Document("d", "d.txt")
    failed = Document("d", "d.txt").fail("internal error in stage 'facts': ValueError: x")
    slow = Document("d", "d.txt").fail("time budget of 1 s exceeded in stage 'measures'")
    assert run.join_halves(failed, ok) is None and run.join_halves(ok, failed) is None
    assert run.join_halves(ok, slow) is slow


def test_spill_records_round_trip():
    import io

    import numpy as np

    from pipeline.rescore import _read_record, _write_record

    records = [("甲/乙.txt", (np.array([3, 0, 5]), np.array([0, 0, 2]), np.array([2**64 - 1, 7], dtype=np.uint64))),
               ("bad\udcff.txt", (np.array([], dtype=np.int64), np.array([], dtype=np.int64), np.array([], dtype=np.uint64)))]
    fh = io.BytesIO()
    for doc_id, grams in records:
        _write_record(fh, doc_id, grams)
    fh.seek(0)
    for doc_id, grams in records:
        got_id, got = _read_record(fh)
        assert got_id == doc_id and [a.tolist() for a in got] == [a.tolist() for a in grams]
        assert [a.dtype for a in got] == [np.int64, np.int64, np.uint64]
    assert _read_record(fh) is None


@pytest.mark.parametrize("n_files, n_parts", [(7, 2), (2, 2), (9, 3)])
def test_bench_parts_hold_every_file_once_in_runs_of_consecutive_files(tmp_path, n_files, n_parts):
    from pipeline.bench import _split_archive

    archive = tmp_path / "archive"
    for i in range(n_files):
        path = archive / f"d{i % 2}" / f"{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"文件{i}", encoding="utf-8")
    parts = _split_archive(archive, tmp_path / "parts", n_parts)
    held = [sorted(p.iterdir()) for p in parts]
    sizes = [len(h) for h in held]
    assert min(sizes) >= 1 and max(sizes) - min(sizes) <= 1 and sum(sizes) == n_files
    originals = sorted(archive.rglob("*.txt"))
    flattened = [f.read_text(encoding="utf-8") for h in held for f in h]
    assert flattened == [f.read_text(encoding="utf-8") for f in originals]
