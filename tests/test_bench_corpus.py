"""`python -m pipeline.bench --corpus PATHS`: the pipeline against jieba on one's own documents
(the figures are timings; what is tested is what they are made of)."""
from pipeline import bench


def test_the_corpus_check_sets_the_pipeline_against_jieba_on_the_same_texts(tmp_path, monkeypatch):
    texts = ["全市共办结群众信访举报件12件。", "县生态环境局立案处罚企业3家，罚款20万元。"]
    for i, text in enumerate(texts):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
    timed = []
    monkeypatch.setattr(bench, "jieba_reference", lambda given: timed.append(list(given)) or 0.5)
    r = bench.corpus_bench([str(tmp_path)], repeat=2)
    assert timed == [texts]  # jieba is timed on the documents' texts, once
    assert r["jieba_chars_per_s"] == sum(map(len, texts)) / 0.5
    assert r["ratio_vs_jieba"] == r["chars_per_s"] / r["jieba_chars_per_s"]
    assert r["docs_per_s"] > 0 and set(r["segmenter_chars_per_s"]) == {"jieba", "pkuseg", "spacy"}
