"""cepi compare reads the words around each figure (invented documents in the genre, figures made up):
one batch against all batches so far, a provincial inspection's figures, national bulletins' batches,
units the gazetteer does not list, rounds of Traditional-script and 回头看 texts."""
import pandas as pd
import pytest

from pipeline import compare
from pipeline.compare.context import reread_basis
from pipeline.compare.regions import resolve
from pipeline.compare.rounds import document_round
from pipeline.gazetteer import gazetteer
from test_compare import compared

DOC_COLS = ["doc_id", "sha256", "status", "text", "text_norm", "doc_type", "admin_level", "region", "region_code",
            "round", "is_lookback", "batch", "entry_date", "feedback_date", "report_date"]


def doc(doc_id, region, level, round_, text, *, batch=None, report=None, doc_type="notice"):
    return dict(zip(DOC_COLS, [doc_id, f"sha-{doc_id}", "ok", text, text, doc_type, level, region, None, round_,
                               False, batch, None, None, report]))


def facts_of(d, *items):
    """Facts of document `d`: (metric, value, evidence, subject, stated basis[, as_of]); offsets found in
    its text."""
    out, seen = [], {}
    for idx, (metric, value, evidence, subject, basis, *as_of) in enumerate(items):
        start = d["text"].find(evidence, seen.get(evidence, 0))
        assert start >= 0, evidence
        seen[evidence] = start + 1
        out.append({"doc_id": d["doc_id"], "fact_idx": idx, "metric": metric, "category": "all", "value": value,
                    "value_high": None, "unit": "人" if metric.startswith("accountability") else "件",
                    "approx": False, "redacted": False, "evidence": evidence, "char_start": start,
                    "char_end": start + len(evidence), "extractor": "test", "rule": None, "subject_region": subject,
                    "subject_region_code": None, "as_of": as_of[0] if as_of else None, "basis": basis})
    return out


A, C = "petitions.assigned", "petitions.closed"
YY_R1 = doc("yy_r1_batch", "岳阳市", "city", 1,
            "中央环境保护督察组向我市转办第十二批信访件\n"
            "本报讯 8月3日，中央第六环境保护督察组向我市转办第十二批群众信访件，共18件。其中，岳阳县5件、华容县3件。\n"
            "截至8月3日，督察组已向我市转办12批信访件，共计210件，其中岳阳县41件。")
YY_R2 = doc("yy_r2_report", "岳阳市", "city", 2,
            "岳阳市关于中央生态环境保护督察反馈问题整改情况的报告\n"
            "截至2023年6月，我市累计受理中央生态环境保护督察组交办信访件265件，已办结258件。其中岳阳县52件。",
            doc_type="rectification_report")
HR_R2 = doc("hr_r2_report", "华容县", "county", 2,
            "华容县督察整改情况\n"
            "2021年4月，中央第六生态环境保护督察组进驻湖南，我县受理的交办信访件28件已全部办结。"
            "今年5月，省第二生态环境保护督察组进驻我县，共转交我县信访件45件，已办结40件。"
            "会议要求抓好中央、省环保督察交办的17件问题整改。", doc_type="rectification_report")
NB_R1 = doc("nb_r1_b4", None, "national", 1,
            "第四批中央环境保护督察全面完成督察进驻\n截至9月5日，各被督察地区共问责1500人。其中，浙江省问责300人。",
            batch=4, doc_type="progress_bulletin")
NB_R1_B1 = doc("nb_r1_b1", None, "national", 1,
               "首批中央环境保护督察反馈完成\n被督察的8个省区已问责900人。", batch=1, doc_type="progress_bulletin")
NB_R1_B4_AGAIN = doc("nb_r1_b4_other", None, "national", 1,
                     "第四批中央环境保护督察进展\n截至9月5日，各被督察地区共问责1550人。", batch=4,
                     doc_type="progress_bulletin")
NB_R2 = doc("nb_r2_b2", None, "national", 2,
            "第二轮第二批中央生态环境保护督察完成反馈\n被督察地区共问责1200人。其中，浙江省问责280人。",
            batch=2, doc_type="progress_bulletin")

DOCS = [YY_R1, YY_R2, HR_R2, NB_R1, NB_R1_B1, NB_R1_B4_AGAIN, NB_R2]
FACTS = [
    # 共18件: the extractor reads 共 as cumulative; 第十二批 in the sentence makes it one batch
    *facts_of(YY_R1, (A, 18, "共18件", None, "cumulative"), (A, 5, "岳阳县5件", "岳阳县", None),
              (A, 3, "华容县3件", "华容县", None), (A, 210, "共计210件", None, "cumulative"),
              (A, 41, "岳阳县41件", "岳阳县", None)),
    *facts_of(YY_R2, (A, 265, "交办信访件265件", None, "cumulative"), (C, 258, "已办结258件", None, None),
              (A, 52, "岳阳县52件", "岳阳县", None)),
    *facts_of(HR_R2, (A, 28, "交办信访件28件", None, None), (C, 28, "28件已全部办结", None, None),
              (A, 45, "转交我县信访件45件", None, "cumulative"), (C, 40, "已办结40件", None, None),
              (A, 17, "交办的17件", None, None)),
    *facts_of(NB_R1, ("accountability.held_accountable", 1500, "问责1500人", None, "cumulative", "2017-09-05"),
              ("accountability.held_accountable", 300, "浙江省问责300人", "浙江省", None)),
    *facts_of(NB_R1_B1, ("accountability.held_accountable", 900, "问责900人", None, None)),
    *facts_of(NB_R1_B4_AGAIN, ("accountability.held_accountable", 1550, "问责1550人", None, "cumulative",
                               "2017-09-05")),
    *facts_of(NB_R2, ("accountability.held_accountable", 1200, "问责1200人", None, "cumulative"),
              ("accountability.held_accountable", 280, "浙江省问责280人", "浙江省", None)),
]


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    return compared(tmp_path_factory, DOCS, DOC_COLS, FACTS)


def _rows(df, cols):
    return [tuple(r) for r in df[cols].astype(object).where(df[cols].notna(), None).itertuples(index=False)]


def test_basis_read_from_the_words_around_each_figure(tables):
    s = tables["panel_sources"]
    got = sorted(_rows(s[s.doc_id.isin(["yy_r1_batch", "yy_r2_report"])],
                       ["doc_id", "evidence", "basis_stated", "basis", "basis_how"]))
    assert got == [
        ("yy_r1_batch", "共18件", "cumulative", "batch", "sentence: one batch"),
        ("yy_r1_batch", "共计210件", "cumulative", "cumulative", "sentence: all batches so far"),
        ("yy_r1_batch", "华容县3件", None, "batch", "paragraph: one batch"),
        ("yy_r1_batch", "岳阳县41件", None, "cumulative", "sentence: all batches so far"),
        ("yy_r1_batch", "岳阳县5件", None, "batch", "paragraph: one batch"),
        ("yy_r2_report", "交办信访件265件", "cumulative", "cumulative", "sentence: all batches so far"),
        ("yy_r2_report", "岳阳县52件", None, "cumulative", "paragraph: all batches so far"),
        ("yy_r2_report", "已办结258件", None, "cumulative", "sentence: all batches so far"),
    ]


def test_provincial_inspection_figures_stay_out_of_the_panel(tables):
    s = tables["panel_sources"]
    assert sorted(_rows(s[s.doc_id.eq("hr_r2_report")], ["evidence", "inspection"])) == sorted([
        ("交办信访件28件", "central"), ("28件已全部办结", "central"),
        ("转交我县信访件45件", "provincial"), ("已办结40件", "provincial"),
        ("交办的17件", "central")])  # 中央、省环保督察: the central one is named
    p = tables["panel"]
    cells = _rows(p[p.region.eq("华容县")], ["round_label", "metric", "value", "n_candidates", "chosen_by"])
    assert cells == [("R1", A, 3.0, 1, "only candidate"),
                     ("R2", A, 28.0, 2, "larger figure"),
                     ("R2", C, 28.0, 1, "only candidate")]


def test_panel_cells_of_city_and_county(tables):
    p = tables["panel"]
    got = _rows(p[p.region.isin(["岳阳市", "岳阳县"])],
                ["region", "round_label", "metric", "value", "basis", "n_candidates", "chosen_by", "conflict"])
    assert got == [
        ("岳阳市", "R1", A, 210.0, "cumulative", 2, "cumulative over batch", False),
        ("岳阳市", "R2", A, 265.0, "cumulative", 1, "only candidate", False),
        ("岳阳市", "R2", C, 258.0, "cumulative", 1, "only candidate", False),
        ("岳阳县", "R1", A, 41.0, "cumulative", 2, "cumulative over batch", False),
        ("岳阳县", "R2", A, 52.0, "cumulative", 1, "only candidate", False),
    ]


def test_national_bulletins_of_different_batches_do_not_conflict(tables):
    p = tables["panel"]
    cell = p[(p.region_key == "national") & (p.round_label == "R1")].iloc[0]
    # batch 1's 900 and batch 4's 1500 count different provinces; the two batch-4 bulletins disagree on
    # the same day
    assert (cell["value"], cell["conflict"], cell["conflict_values"]) == (1550.0, True, "1500; 1550")


def test_undated_running_totals_of_two_documents_do_not_conflict(tmp_path):
    early = doc("gz_a", "贵州省", "province", 1, "中央环境保护督察组转办信访件\n督察组已转办10批案件共计1095件。")
    late = doc("gz_b", "贵州省", "province", 1, "中央环境保护督察组转办信访件\n督察组已转办24批案件共计2640件。")
    same_day = [doc(f"gz_{x}", "贵州省", "province", 1, f"督察组转办情况\n截至7月1日，累计转办{v}件。")
                for x, v in (("c", 3000), ("d", 3100))]
    pd.DataFrame([early, late, *same_day], columns=DOC_COLS).to_parquet(tmp_path / "documents.parquet")
    pd.DataFrame([*facts_of(early, (A, 1095, "共计1095件", None, "cumulative")),
                  *facts_of(late, (A, 2640, "共计2640件", None, "cumulative"))]).to_parquet(tmp_path / "facts.parquet")
    cell = compare.compare_outputs(tmp_path)["panel"].iloc[0]
    assert (cell["value"], cell["chosen_by"], cell["conflict"]) == (2640.0, "larger figure", False)
    # near miss: the same day (截至7月1日) in two documents, two values
    pd.DataFrame([*facts_of(same_day[0], (A, 3000, "累计转办3000件", None, "cumulative", "2017-07-01")),
                  *facts_of(same_day[1], (A, 3100, "累计转办3100件", None, "cumulative", "2017-07-01"))]
                 ).to_parquet(tmp_path / "facts.parquet")
    cell = compare.compare_outputs(tmp_path)["panel"].iloc[0]
    assert (cell["value"], cell["conflict"], cell["conflict_values"]) == (3100.0, True, "3000; 3100")


def test_changes_only_between_figures_that_measure_the_same_thing(tables):
    c = tables["changes"]
    got = _rows(c, ["region", "metric", "round_from", "round_to", "value_from", "value_to", "comparable",
                    "abs_change", "rel_change_pct"])
    assert got == [
        ("浙江省", "accountability.held_accountable", "R1", "R2", 300.0, 280.0, True, -20.0, -6.6667),
        ("岳阳市", A, "R1", "R2", 210.0, 265.0, True, 55.0, 26.1905),
        ("岳阳县", A, "R1", "R2", 41.0, 52.0, True, 11.0, 26.8293),
        # a batch's 3 against the round's 28; national totals of two different sets of provinces
        ("华容县", A, "R1", "R2", 3.0, 28.0, False, None, None),
        ("全国", "accountability.held_accountable", "R1", "R2", 1550.0, 1200.0, False, None, None),
    ]
    notes = dict(zip(c.region, c.note))
    assert notes["华容县"].startswith("one batch") and notes["全国"].startswith("national bulletins")


@pytest.mark.parametrize("stated, own, before, heading, expected", [
    (None, "今天转办第5批30件", "", False, ("batch", "sentence: one batch")),
    (None, "截至目前已转办三十批2586件", "", False, ("cumulative", "sentence: all batches so far")),
    # 第二轮第三批 names a batch of the inspection, not of petitions
    (None, "第二轮第三批中央生态环境保护督察共交办3000件", "", False, (None, "unstated")),
    # a batch notice: its unstated figures count the batch, but not a running total (截至)
    (None, "其中长沙市12件", "从地区分布看，", True, ("batch", "batch notice")),
    (None, "截至5月3日共转办1234件", "", True, (None, "unstated")),
    # 共 alone does not make a running total in a batch notice; 截至 does
    ("cumulative", "涉及长沙市的信访件最多，共43件", "", True, ("batch", "batch notice")),
    ("cumulative", "截至目前共43件", "", True, ("cumulative", "stated")),
    # the nearest clue before the figure decides
    (None, "其中长沙市10件", "今天转办第5批30件，累计转办120件，", False, ("cumulative", "paragraph: all batches so far")),
    (None, "其中长沙市10件", "累计转办120件。今天转办第6批30件，", False, ("batch", "paragraph: one batch")),
    # one day's transfer by the inspectors is that day's batch; a day alone is not
    (None, "5月19日，我省收到中央第三生态环境保护督察组交办举报88件", "", False, ("batch", "sentence: one batch")),
    ("cumulative", "5月19日，我省收到中央第三生态环境保护督察组交办举报共计88件", "", False,
     ("batch", "sentence: one batch")),
    (None, "8月1日，我县受理的40个中央交办信访件已全部办结", "", False, (None, "unstated")),
    (None, "5月20日，督察组累计转办1200件", "", False, ("cumulative", "sentence: all batches so far")),
    (None, "综合统计，12月22日督察组转交的78件问题，共涉及11个市，其中汉中市1件", "", False,
     ("batch", "sentence: one batch")),
    (None, "据统计，截至12月22日督察组累计转交的780件问题中，汉中市10件", "", False,
     ("cumulative", "sentence: all batches so far")),
    # rectification totals have no batches
    (None, "第二批整改任务12项", "", False, (None, "unstated")),
])
def test_reread_basis(stated, own, before, heading, expected):
    metric = "rectification.tasks_total" if "整改任务" in own else A
    assert reread_basis(stated, metric, own, before, heading) == expected


def test_units_the_gazetteer_does_not_list():
    gaz = gazetteer()
    changchun, hefei = resolve(gaz, "长春市"), resolve(gaz, "合肥市")
    # a generic unit belongs to the region naming it
    assert resolve(gaz, "经开区", within=changchun).key != resolve(gaz, "经开区", within=hefei).key
    assert resolve(gaz, "市辖区", within=changchun).key == f"name:{changchun.code}:市辖区"
    # a named one is one place whoever names it, in either script
    dezhou, shandong = resolve(gaz, "德州市"), resolve(gaz, "山东省")
    assert resolve(gaz, "天衢新区", within=dezhou).key == resolve(gaz, "天衢新區", within=shandong).key \
        == resolve(gaz, "天衢新区", level="county").key == "name:天衢新区"
    xinjiang = resolve(gaz, "新疆维吾尔自治区")
    assert resolve(gaz, "新疆生产建设兵团", within=xinjiang).key == resolve(gaz, "新疆生产建设兵团", level="province").key
    # listed places keep their codes: a county is never its city
    assert resolve(gaz, "岳阳县", within=resolve(gaz, "岳阳市")).key == "code:430621"


@pytest.mark.parametrize("text, label", [
    ("中央环保督察“回头看”交办件办理情况\n截至11月5日，我县共接到交办件6件。", "LB"),
    # Traditional script: the same
    ("中央環保督察「回頭看」交辦件辦理情況\n截至11月5日，我縣共接到交辦件6件。", "LB"),
    # a round-1 report that mentions preparing for the 回头看 below its heading is round 1
    ("中央第六环境保护督察组反馈意见整改情况\n一、整改进展\n整改任务已完成。\n二、下一步工作\n"
     "将做好迎接“回头看”的准备。", "R1"),
    ("中央第三環境保護督察組向我市轉辦信訪件", "R1"),
    # a round-1 notice whose related-news links mention the 回头看 twice, below its heading
    ("中央环保督察组向我省移交第十九批信访件\n8月26日，督察组移交信访件403件。\n目前累计移交4298件。\n相关新闻\n"
     "中央环保督察“回头看”进驻\n“回头看”交办件办理情况", "R1"),
    # a provincial inspection's 回头看, on a page about the central inspection's petitions
    ("省环保厅环境保护督察组到我县开展环境保护督察“回头看”工作，重点督察中央环境保护督察移交信访件的整改落实情况。\n"
     "去年中央环保督察移交我县17个信访案件。", "R1"),
    ("中央第三生態環境保護督察組向我市轉辦信訪件\n2024年5月20日", "R3"),
    ("中央第三生态环境保护督察组向我市转办信访件", None),  # no date: R2 or R3
])
def test_round_from_text(text, label):
    assert document_round(None, None, text=text).label == label


def test_a_list_wrapped_across_lines_keeps_its_sentence(tmp_path):
    d = doc("cs_wrap", "湖南省", "province", 3,
            "中央第三生态环境保护督察组转办信访件情况\n"
            "5月19日，我省收到中央第三生态环境保护督察组交办群众来电、来信举报共计88件。其中，长沙市30件、株洲市12件、\n"
            "湘潭市9件。\n"
            "截至5月20日，督察组累计转办信访件1200件，其中长沙市400件、\n"
            "株洲市150件。")
    pd.DataFrame([d], columns=DOC_COLS).to_parquet(tmp_path / "documents.parquet")
    pd.DataFrame(facts_of(d, (A, 88, "共计88件", None, "cumulative"), (A, 30, "长沙市30件", "长沙市", None),
                          (A, 9, "湘潭市9件", "湘潭市", None), (A, 1200, "转办信访件1200件", None, "cumulative"),
                          (A, 150, "株洲市150件", "株洲市", None))).to_parquet(tmp_path / "facts.parquet")
    s = compare.compare_outputs(tmp_path)["panel_sources"]
    assert sorted(_rows(s, ["evidence", "basis", "basis_how"])) == sorted([
        ("共计88件", "batch", "sentence: one batch"),
        ("长沙市30件", "batch", "paragraph: one batch"),
        ("湘潭市9件", "batch", "paragraph: one batch"),  # the line broke after 、: same list
        ("转办信访件1200件", "cumulative", "sentence: all batches so far"),
        ("株洲市150件", "cumulative", "sentence: all batches so far"),
    ])
    p = compare.compare_outputs(tmp_path)["panel"]
    assert _rows(p, ["region", "value", "basis", "chosen_by"]) == [
        ("湖南省", 1200.0, "cumulative", "cumulative over batch"), ("长沙市", 30.0, "batch", "only candidate"),
        ("株洲市", 150.0, "cumulative", "only candidate"), ("湘潭市", 9.0, "batch", "only candidate")]


def test_report_conflicts_list_central_candidates_with_their_basis(tmp_path):
    from pipeline.report import conflicts_section

    a = doc("ly_a", "醴陵市", "county", 3, "醴陵市督察整改\n截至6月30日，中央督察组累计交办我市信访件40件。")
    b = doc("ly_b", "醴陵市", "county", 3, "醴陵市督察整改进展\n截至6月30日，中央督察组累计交办我市信访件42件。"
            "同期，省第三生态环境保护督察组转交我市信访件90件。")
    pd.DataFrame([a, b], columns=DOC_COLS).to_parquet(tmp_path / "documents.parquet")
    pd.DataFrame([*facts_of(a, (A, 40, "信访件40件", None, "cumulative", "2024-06-30")),
                  *facts_of(b, (A, 42, "信访件42件", None, "cumulative", "2024-06-30"),
                            (A, 90, "转交我市信访件90件", None, None, "2024-06-30"))]).to_parquet(tmp_path / "facts.parquet")
    tables = compare.compare_outputs(tmp_path)
    cell = tables["panel"].iloc[0]
    assert (cell["value"], cell["conflict_values"], cell["n_candidates"]) == (42.0, "40; 42", 2)
    html = conflicts_section(tables["panel"], tables["panel_sources"])
    assert "ly_a: 40 (cumulative) «信访件40件»" in html and "ly_b: 42 (cumulative) «信访件42件»" in html
    assert "90" not in html


def test_a_figure_a_document_repeats_is_one_candidate(tmp_path):
    docs = [doc(f"nn_{n}", "南宁市", "city", 1, f"督察组交办情况\n截至目前，督察组已交办{n}批群众举报案件共{v}件。\n\n"
                f"对督察组交办的{v}件，我市正在逐件办理。") for n, v in ((23, 419), (32, 664))]
    pd.DataFrame(docs, columns=DOC_COLS).to_parquet(tmp_path / "documents.parquet")
    pd.DataFrame([f for d, v in zip(docs, (419, 664))
                  for f in facts_of(d, (A, v, f"共{v}件", None, "cumulative"), (A, v, f"交办的{v}件", None, None))]
                 ).to_parquet(tmp_path / "facts.parquet")
    tables = compare.compare_outputs(tmp_path)
    s = tables["panel_sources"]
    assert sorted(_rows(s, ["doc_id", "value", "basis"]), key=str) == sorted([
        ("nn_23", 419.0, None), ("nn_23", 419.0, "cumulative"), ("nn_32", 664.0, None), ("nn_32", 664.0, "cumulative")],
        key=str)
    # the unstated repeats (交办的419件, 交办的664件) no longer stand against each other as one moment
    cell = tables["panel"].iloc[0]
    assert (cell["value"], cell["n_candidates"], cell["chosen_by"], cell["conflict"]) == \
        (664.0, 2, "larger figure", False)


def test_a_figures_window_is_bounded_on_a_page_without_punctuation():
    # a page whose punctuation was lost is one "sentence": each figure reads a bounded window of it,
    # not everything from the top of the page (which made the panel quadratic in the page's length)
    from pipeline.compare.context import LOOK_BACK, SENTENCE_SPAN, window

    text = "督察组交办信访件" * 2000 + "第三批交办信访件12件"
    pos = text.rindex("12件")
    own, before = window(text, pos, "12件")
    assert own.endswith("第三批交办信访件12件") and len(own) == SENTENCE_SPAN + len("12件")
    assert len(before) <= LOOK_BACK
    punctuated = "前文。" + text[-40:]
    own, _ = window(punctuated, punctuated.rindex("12件"), "12件")
    assert own == text[-40:]
