"""End to end: the CLI over the sample corpus and over a batch with bad files."""
import pandas as pd
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.export import read_table

runner = CliRunner()


def test_sample_corpus_end_to_end(tmp_path):
    result = runner.invoke(app, ["extract", "corpora/sample", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    docs = read_table(tmp_path, "documents")
    assert len(docs) >= 12 and set(docs["status"]) == {"ok"}
    texts = docs.set_index("doc_id")["text"]
    facts = read_table(tmp_path, "facts")
    assert len(facts) > 100
    for f in facts.itertuples():
        assert texts[f.doc_id][f.char_start:f.char_end] == f.evidence
    sentences = read_table(tmp_path, "sentences")
    assert sentences["label"].isin(["concrete", "boilerplate"]).all()
    assert sentences["score"].between(0, 1).all()
    assert sentences["tokens"].str.len().gt(0).all()
    for s in sentences.itertuples():
        assert texts[s.doc_id][s.char_start:s.char_end] == s.text
    measures = read_table(tmp_path, "measures")
    for m in measures.itertuples():
        assert texts[m.doc_id][m.char_start:m.char_end] == m.text
    ok = docs[docs.status == "ok"]
    assert ok["doc_type"].notna().all() and ok["concrete_share"].between(0, 1).all()


def test_bad_files_and_strict_exit(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("督察组交办的48件群众信访举报件已办结46件。", encoding="utf-8")
    (inputs / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    (inputs / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(inputs), "--out", str(out), "--format", "csv"])
    assert result.exit_code == 0
    docs = pd.read_csv(out / "documents.csv")
    assert dict(zip(docs.doc_id, docs.status)) == {"broken": "error", "empty": "empty", "good": "ok"}
    facts = pd.read_csv(out / "facts.csv")
    assert sorted(zip(facts.metric, facts.value)) == [("petitions.assigned", 48), ("petitions.closed", 46)]
    strict = runner.invoke(app, ["extract", str(inputs), "--out", str(out), "--strict"])
    assert strict.exit_code == 1
    assert "not a valid .docx" in strict.output


def test_every_command_is_documented():
    result = runner.invoke(app, ["--help"])
    assert "extract" in result.output
    readme = open("README.md", encoding="utf-8").read()
    for command in ("extract",):
        assert f"cepi {command}" in readme


def test_segmenter_choice_fills_tokens_but_not_the_measures(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("督察组交办的48件群众信访举报件已办结46件。我们要切实提高政治站位。", encoding="utf-8")
    scores = {}
    for kind in ("jieba", "pkuseg"):
        out = tmp_path / kind
        assert runner.invoke(app, ["extract", str(src), "--out", str(out), "--segmenter", kind]).exit_code == 0
        sentences = read_table(out, "sentences")
        assert "".join(sentences["tokens"].str.replace(" ", "")) == "督察组交办的48件群众信访举报件已办结46件。我们要切实提高政治站位。"
        scores[kind] = read_table(out, "documents").loc[0, ["specificity", "boilerplate_share"]].tolist()
    assert scores["jieba"] == scores["pkuseg"]
