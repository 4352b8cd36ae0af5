"""cepi compare over hand-built extract outputs: exact panel, changes and stickiness rows."""
import math

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline import compare
from pipeline.cli import app
from pipeline.compare.regions import clean_name, resolve
from pipeline.compare.rounds import document_round
from pipeline.gazetteer import gazetteer

DOC_COLS = ["doc_id", "sha256", "status", "text_norm", "doc_type", "admin_level", "region", "region_code", "round",
            "is_lookback", "batch", "entry_date", "feedback_date", "report_date"]


def doc(doc_id, region, level, round_=None, *, sha=None, code=None, text="", batch=None, entry=None, report=None,
        doc_type="notice"):
    return dict(zip(DOC_COLS, [doc_id, sha or f"sha-{doc_id}", "ok", text, doc_type, level, region, code, round_,
                               None if round_ is None else False, batch, entry, None, report]))


def fact(doc_id, idx, metric, value, evidence, *, category="all", unit="件", subject=None, basis=None, as_of=None):
    return {"doc_id": doc_id, "fact_idx": idx, "metric": metric, "category": category, "value": value,
            "value_high": None, "unit": unit, "approx": False, "redacted": value is None, "evidence": evidence,
            "char_start": idx * 10, "char_end": idx * 10 + len(evidence), "extractor": "test", "rule": None,
            "subject_region": subject, "subject_region_code": None, "as_of": as_of, "basis": basis}


DOCS = [
    doc("hn_r2_report", "湖南省", "province", 2, code="430000", report="2023-07-12", doc_type="rectification_report"),
    # no round stated: entry date 2024-05 -> R3 (inferred); a provincial notice with per-city figures
    doc("hn_r3_notice", "湖南省", "province", None, code="430000", batch=3, entry="2024-05"),
    doc("yy_r2_report", "岳阳市人民政府", "city", 2, report="2021-12-01", doc_type="rectification_report"),
    doc("yy_r2_repost", "岳阳市人民政府", "city", 2, sha="sha-yy_r2_report", report="2021-12-01"),
    doc("yy_r2_notice", "岳陽市", "city", 2, report="2021-10-01"),
    doc("yy_r3_notice", "岳阳", "city", 3, report="2024-06-01"),
    doc("masked_r2", None, "city", 2, text="**市关于第二轮督察整改情况的报告\n正文"),
    doc("masked_r3", None, "city", 3, text="**市关于第三轮督察整改情况的报告\n正文"),
]
FACTS = [
    fact("hn_r2_report", 0, "rectification.tasks_total", 68, "六十八项整改任务", unit="项"),
    fact("hn_r2_report", 1, "petitions.assigned", 150, "交办的150件"),
    fact("hn_r3_notice", 0, "petitions.assigned", 123, "第三批交办信访件123件", basis="batch"),
    fact("hn_r3_notice", 1, "petitions.assigned", 20, "岳阳市20件", subject="岳阳市", basis="batch"),
    fact("hn_r3_notice", 2, "petitions.assigned", 15, "常德15件", subject="常德", basis="batch"),
    fact("hn_r3_notice", 3, "petitions.change_pct", -10, "同比下降10%", unit="%"),
    fact("yy_r2_report", 0, "rectification.tasks_total", 12, "共12项", unit="项"),
    fact("yy_r2_report", 1, "petitions.assigned", 40, "交办40件"),
    fact("yy_r2_repost", 0, "rectification.tasks_total", 12, "共12项", unit="项"),
    fact("yy_r2_repost", 1, "petitions.assigned", 40, "交办40件"),
    fact("yy_r2_notice", 0, "rectification.tasks_total", 13, "整改任务13项", unit="项"),
    fact("yy_r3_notice", 0, "petitions.assigned", 35, "累计交办35件", basis="cumulative", as_of="2024-05-30"),
    fact("yy_r3_notice", 1, "petitions.assigned", 5, "其中岳阳县5件", subject="岳阳县", basis="cumulative",
         as_of="2024-05-30"),
    fact("masked_r2", 0, "petitions.assigned", 50, "交办50件"),
    fact("masked_r3", 0, "petitions.assigned", 60, "交办60件"),
    fact("masked_r3", 1, "petitions.closed", None, "办结*件"),
]


def compared(tmp_path_factory, docs: list, doc_cols: list, facts: list) -> dict:
    """The compare tables of an extract output holding these documents and facts."""
    out = tmp_path_factory.mktemp("extract")
    pd.DataFrame(docs, columns=doc_cols).to_parquet(out / "documents.parquet")
    pd.DataFrame(facts).to_parquet(out / "facts.parquet")
    return compare.compare_outputs([out])


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    return compared(tmp_path_factory, DOCS, DOC_COLS, FACTS)


PANEL_COLS = ["region_key", "region", "round_label", "round_source", "metric", "value", "basis", "n_documents",
              "doc_ids", "chosen_doc_id", "chosen_by", "conflict", "conflict_values"]


def test_panel_rows(tables):
    rows = [tuple(r) for r in tables["panel"][PANEL_COLS].astype(object).where(tables["panel"][PANEL_COLS].notna(), None)
            .itertuples(index=False)]
    assert rows == [
        ("code:430000", "湖南省", "R2", "stated", "petitions.assigned", 150.0, None, 1, "hn_r2_report",
         "hn_r2_report", "only candidate", False, None),
        ("code:430000", "湖南省", "R2", "stated", "rectification.tasks_total", 68.0, None, 1, "hn_r2_report",
         "hn_r2_report", "only candidate", False, None),
        ("code:430000", "湖南省", "R3", "inferred", "petitions.assigned", 123.0, "batch", 1, "hn_r3_notice",
         "hn_r3_notice", "only candidate", False, None),
        ("code:430000", "湖南省", "R3", "inferred", "petitions.change_pct", -10.0, None, 1, "hn_r3_notice",
         "hn_r3_notice", "only candidate", False, None),
        ("code:430600", "岳阳市", "R2", "stated", "petitions.assigned", 40.0, None, 1, "yy_r2_report",
         "yy_r2_report", "only candidate", False, None),
        # two documents of the same round disagree on a fixed total: a conflict; the later report wins
        ("code:430600", "岳阳市", "R2", "stated", "rectification.tasks_total", 12.0, None, 2,
         "yy_r2_notice; yy_r2_report", "yy_r2_report", "latest report date", True, "12; 13"),
        # batch (the provincial notice's per-city figure) vs cumulative (the city's own): cumulative, no conflict
        ("code:430600", "岳阳市", "R3", "stated", "petitions.assigned", 35.0, "cumulative", 2,
         "hn_r3_notice; yy_r3_notice", "yy_r3_notice", "cumulative over batch", False, None),
        # a county is never its city
        ("code:430621", "岳阳县", "R3", "stated", "petitions.assigned", 5.0, "cumulative", 1, "yy_r3_notice",
         "yy_r3_notice", "only candidate", False, None),
        ("code:430700", "常德市", "R3", "inferred", "petitions.assigned", 15.0, "batch", 1, "hn_r3_notice",
         "hn_r3_notice", "only candidate", False, None),
        # masked regions are kept, each on its own
        ("masked:masked_r2:**市", "**市", "R2", "stated", "petitions.assigned", 50.0, None, 1, "masked_r2",
         "masked_r2", "only candidate", False, None),
        ("masked:masked_r3:**市", "**市", "R3", "stated", "petitions.assigned", 60.0, None, 1, "masked_r3",
         "masked_r3", "only candidate", False, None),
        ("masked:masked_r3:**市", "**市", "R3", "stated", "petitions.closed", None, None, 1, "masked_r3",
         "masked_r3", "only candidate", False, None),
    ]


def test_exact_duplicates_count_once(tables):
    sources = tables["panel_sources"]
    assert "yy_r2_repost" not in set(sources["doc_id"])
    assert set(sources.loc[sources.doc_id == "yy_r2_report", "duplicates"]) == {"yy_r2_repost"}
    regions = tables["document_stickiness"].set_index("doc_id")
    assert "yy_r2_repost" not in regions.index and regions.loc["yy_r2_report", "duplicates"] == "yy_r2_repost"


def test_panel_sources_keep_every_candidate(tables):
    sources = tables["panel_sources"]
    cell = sources[(sources.region_key == "code:430600") & (sources.round_label == "R3")]
    assert sorted(zip(cell.doc_id, cell.value, cell.basis, cell.subject_region.fillna(""))) == [
        ("hn_r3_notice", 20.0, "batch", "岳阳市"), ("yy_r3_notice", 35.0, "cumulative", "")]
    assert len(sources) == len(FACTS) - 2  # the duplicate's two facts


def test_changes_rows(tables):
    got = tables["changes"].astype(object).where(tables["changes"].notna(), None)
    rows = [tuple(r) for r in got[["region", "metric", "round_from", "round_to", "value_from", "value_to",
                                   "basis_from", "basis_to", "comparable", "abs_change", "rel_change_pct",
                                   "stated_change_pct", "stated_evidence"]]
            .itertuples(index=False)]
    assert rows == [
        # R3's figure is one batch (第三批): set against R2's count it would read as a fall of 18%
        ("湖南省", "petitions.assigned", "R2", "R3", 150.0, 123.0, None, "batch", False, None, None, -10.0,
         "同比下降10%"),
        # 交办40件 of no stated basis against a running total: maybe a part of it, not set against it
        ("岳阳市", "petitions.assigned", "R2", "R3", 40.0, 35.0, None, "cumulative", False, None, None, None, None),
    ]


def test_region_identity():
    gaz = gazetteer()
    keys = {n: resolve(gaz, n).key for n in ("岳阳市人民政府", "中共岳阳市委", "岳阳市", "岳阳", "岳陽市")}
    assert set(keys.values()) == {"code:430600"}
    assert resolve(gaz, "岳阳县").key == "code:430621"
    assert resolve(gaz, "**市", doc_id="a").key != resolve(gaz, "**市", doc_id="b").key
    assert resolve(gaz, "某县", doc_id="a").masked
    assert clean_name("中共岳陽市委") == "岳阳市"
    province = resolve(gaz, "湖南省")
    assert resolve(gaz, "长沙", within=province).name == "长沙市"


@pytest.mark.parametrize("args, label, source", [
    ((2, False), "R2", "stated"),
    ((1, True), "LB", "stated"),
    ((None, None, "2017-08-10"), "R1", "inferred"),
    ((None, None, "2018-05-30"), "LB", "inferred"),
    ((None, None, None, "2019-05"), "LB", "inferred"),
    ((None, None, "2019-07-15"), "R2", "inferred"),
    ((None, None, "2023-11-20"), "R3", "inferred"),
    # a document dated by itself: read with the inspection's name
    ((None, None, None, None, "2018-09-03", "中央第六环保督察组反馈意见整改"), "R1", "inferred"),
    ((None, None, None, None, "2023-07-12", "中央生态环境保护督察反馈问题整改"), "R2", "inferred"),
    ((None, None, None, None, "2024-03-01", "中央生态环境保护督察反馈问题整改"), "R3", "inferred"),
    ((None, None, None, None, None, "日报 2017-09-22 中央第三环境保护督察组交办"), "R1", "inferred"),
    ((None, None, None, None, None, "没有日期的通报"), None, None),
])
def test_document_round(args, label, source):
    info = document_round(*args)
    assert (info.label, info.source) == (label, source)


def test_stickiness_is_the_share_of_8grams_seen_in_the_previous_round(tmp_path):
    old = "甲乙丙丁戊己庚辛壬癸子丑"             # 12 characters: 5 distinct 8-grams
    new = "甲乙丙丁戊己庚辛天地玄黄"             # shares its first 8-gram only
    docs = [doc("a_r1", "岳阳市", "city", 1, text=old), doc("a_r2", "岳阳市", "city", 2, text=new),
            doc("b_r2", "常德市", "city", 2, text=old)]
    pd.DataFrame(docs, columns=DOC_COLS).to_parquet(tmp_path / "documents.parquet")
    tables = compare.compare_outputs(tmp_path)
    sticky = tables["document_stickiness"].set_index("doc_id")
    assert math.isnan(sticky.loc["a_r1", "stickiness"]) and math.isnan(sticky.loc["b_r2", "stickiness"])
    assert sticky.loc["a_r2", "stickiness"] == 0.2 and sticky.loc["a_r2", "previous_doc_ids"] == "a_r1"
    sim = tables["region_similarity"]
    assert sim[["region", "round_from", "round_to", "jaccard", "containment"]].values.tolist() == [
        ["岳阳市", "R1", "R2", round(1 / 9, 4), 0.2]]


def test_cli_writes_parquet_and_csv(tmp_path):
    src = tmp_path / "extract"
    src.mkdir()
    pd.DataFrame(DOCS, columns=DOC_COLS).to_parquet(src / "documents.parquet")
    pd.DataFrame(FACTS).to_csv(src / "facts.csv", index=False)
    result = CliRunner().invoke(app, ["compare", str(src), "--out", str(tmp_path / "cmp")])
    assert result.exit_code == 0, result.output
    for name in ("panel", "panel_sources", "changes", "document_stickiness", "region_similarity"):
        assert (tmp_path / "cmp" / f"{name}.parquet").exists() and (tmp_path / "cmp" / f"{name}.csv").exists()
    assert len(pd.read_csv(tmp_path / "cmp" / "changes.csv")) == 2


def _cell(tmp_path, facts, docs=None):
    docs = docs or [doc("d1", "岳阳市", "city", 3, report="2024-05-01"), doc("d2", "岳阳市", "city", 3, report="2024-06-01")]
    pd.DataFrame(docs, columns=DOC_COLS).to_parquet(tmp_path / "documents.parquet")
    pd.DataFrame(facts).to_parquet(tmp_path / "facts.parquet")
    row = compare.compare_outputs(tmp_path)["panel"].iloc[0]
    return row["value"], row["chosen_by"], bool(row["conflict"])


@pytest.mark.parametrize("facts, expected", [
    ([fact("d1", 0, "petitions.closed", None, "办结*件"), fact("d1", 1, "petitions.closed", 7, "办结7件")],
     (7.0, "figure over masked", False)),
    ([fact("d1", 0, "petitions.closed", 9, "办结9件", as_of="2024-06-30"),
      fact("d2", 0, "petitions.closed", 7, "办结7件", as_of="2024-05-30")], (9.0, "latest as_of", False)),
    ([fact("d1", 0, "petitions.closed", 7, "办结7件"), fact("d2", 0, "petitions.closed", 7, "办结7件")],
     (7.0, "candidates agree", False)),
    # one document, one moment, no basis stated: a batch never exceeds the total
    ([fact("d1", 0, "petitions.assigned", 31, "第三批31件"), fact("d1", 1, "petitions.assigned", 167, "累计167件")],
     (167.0, "larger figure", False)),
    # same as_of in two documents, different values: a conflict, settled by the later report
    ([fact("d1", 0, "petitions.closed", 9, "办结9件", as_of="2024-05-30"),
      fact("d2", 0, "petitions.closed", 7, "办结7件", as_of="2024-05-30")], (7.0, "latest report date", True)),
])
def test_choice_rules(tmp_path, facts, expected):
    assert _cell(tmp_path, facts) == expected


def test_several_outputs_combine(tmp_path):
    for name, sha, value in (("run1", "same", 5), ("run2", "same", 5), ("run3", "other", 8)):
        out = tmp_path / name
        out.mkdir()
        pd.DataFrame([doc("notice", "岳阳市", "city", 3, sha=sha)], columns=DOC_COLS).to_parquet(out / "documents.parquet")
        pd.DataFrame([fact("notice", 0, "petitions.assigned", value, f"交办{value}件")]).to_parquet(out / "facts.parquet")
    tables = compare.compare_outputs([tmp_path / "run1", tmp_path / "run2", tmp_path / "run3"])
    # run2 repeats run1's file (same sha256): once; run3's file of the same name is another document
    assert sorted(tables["panel_sources"]["doc_id"]) == ["notice", "run3/notice"]
    row = tables["panel"].iloc[0]
    assert (row["n_documents"], row["conflict"], row["conflict_values"]) == (2, True, "5; 8")


def test_compare_and_report_are_documented():
    result = CliRunner().invoke(app, ["--help"])
    readme = open("README.md", encoding="utf-8").read()
    for command in ("compare", "report"):
        assert command in result.output and f"cepi {command}" in readme
