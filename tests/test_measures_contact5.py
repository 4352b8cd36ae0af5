"""Phrasings of the fifth measures round (invented text in the genre): a unit named by its role
(施工单位, 责任单位) as the clause's subject; the findings of a 通报 or a 反馈 (通报中， / 反馈指出，);
a campaign on a named kind of target (no umbrella) and a recurring report (按月通报…情况)."""
import pytest

from test_measures import found


# --- a unit named by its role, with no place in front, as the clause's subject -----------------------
ROLE_UNITS = [
    ("施工单位要在2024年6月底前完成管网铺设。", [("施工单位要在2024年6月底前完成管网铺设", "施工单位")]),
    ("责任单位已拆除违建厂房3处。", [("责任单位已拆除违建厂房3处", "责任单位")]),
    ("乡镇污水处理站和配套管网施工单位加快施工进度，确保2024年12月底前投入使用。",
     [("乡镇污水处理站和配套管网施工单位加快施工进度", "乡镇污水处理站和配套管网施工单位"),
      ("确保2024年12月底前投入使用", "乡镇污水处理站和配套管网施工单位")]),
    ("各承办责任单位立即开展调查处理，关停违法企业4家。",
     [("各承办责任单位立即开展调查处理", "各承办责任单位"), ("关停违法企业4家", "各承办责任单位")]),
    ("牵头单位要于2025年底前完成入河排污口排查。", [("牵头单位要于2025年底前完成入河排污口排查", "牵头单位")]),
    # near misses: the unit is the object (责令 / 对 …), or a label with its value
    ("责令施工单位拆除违建厂房3处。", [("责令施工单位拆除违建厂房3处", None)]),
    ("对建设单位处以罚款5万元。", [("对建设单位处以罚款5万元", None)]),
    ("县生态环境局组织各责任单位对交办件开展复核。", [("县生态环境局组织各责任单位对交办件开展复核", "县生态环境局")]),
    ("责任单位：县水利局。整改措施：新建污水站2座。", [("新建污水站2座", "县水利局")]),
    ("整改措施：新建污水站2座。责任单位县水利局", [("新建污水站2座", "县水利局")]),
]


@pytest.mark.parametrize("text, expected", ROLE_UNITS)
def test_role_units_are_the_clause_subject(text, expected):
    assert found(text, "text", "responsible") == expected


# --- the findings of a 通报 / 反馈 (通报中， / 反馈指出， / 通报中还提到，) up to a turn to what was done ---------
FINDINGS = [
    ("通报中，白河市发展改革部门作为燃煤锅炉淘汰的主要责任部门，未按期关停燃煤锅炉12台。", []),
    ("2021年5月，中央督察反馈指出，青石县违法将20公顷湿地转让给企业建设度假村。然而今年3月，省生态环境厅抽查发现，"
     "违法项目仍在施工。经过本轮督察，县政府暗中支持企业加快施工进度等问题浮出水面。目前，县纪委已对5名责任人进行问责。",
     ["目前，县纪委已对5名责任人进行问责"]),
    ("通报中还提到，青石县新建的垃圾填埋场渗滤液直排。对此，县城管局完成渗滤液处理站改造。",
     ["对此，县城管局完成渗滤液处理站改造"]),
    # near misses: a condition naming the findings (根据通报指出的问题) opens no findings
    ("根据通报指出的问题，县水利局拆除违建码头2处。", ["县水利局拆除违建码头2处"]),
    ("针对反馈问题，白河市新建污水管网12公里。", ["针对反馈问题，白河市新建污水管网12公里"]),
]


@pytest.mark.parametrize("text, expected", FINDINGS)
def test_findings_of_a_notice_are_not_measures(text, expected):
    assert found(text) == expected


# --- a campaign on a named kind of target is a measure of its own; a recurring report is a measure ---
CAMPAIGNS_AND_REPORTS = [
    ("开展无证无照餐饮企业整治工作，加大对排油烟管道清理的执法检查力度，针对夏季排放特征开展联合执法。",
     ["开展无证无照餐饮企业整治工作", "加大对排油烟管道清理的执法检查力度", "针对夏季排放特征开展联合执法"]),
    ("开展散乱污企业专项整治行动，关停违法企业5家。", ["开展散乱污企业专项整治行动", "关停违法企业5家"]),
    # near misses: an umbrella over a whole field (or a pollution's campaign) still joins the first concrete measure
    ("全县持续开展养殖污染专项整治行动，关闭禁养区内养殖场12家。", ["全县持续开展养殖污染专项整治行动，关闭禁养区内养殖场12家"]),
    ("积极推进城区水环境综合治理工作，已完成雨污分流改造15公里，新建污水泵站2座。",
     ["积极推进城区水环境综合治理工作，已完成雨污分流改造15公里", "新建污水泵站2座"]),
    # a recurring report of the progress (按月通报…情况)
    ("按月通报各区露天烧烤整治情况，对整治不力的责任人进行约谈。",
     ["按月通报各区露天烧烤整治情况", "对整治不力的责任人进行约谈"]),
    # near misses: publishing a result once, or a meeting's report, is no measure
    ("县政府通报整改进展情况。", []),
    ("会上，县生态环境局通报了整改进展情况。", []),
]


@pytest.mark.parametrize("text, expected", CAMPAIGNS_AND_REPORTS)
def test_campaigns_and_recurring_reports(text, expected):
    assert found(text) == expected


def test_a_paragraphs_status_cues_answer_in_text_order_and_out_of_it():
    # the paragraph's last done / planned word before a measure; 正在 (ongoing) is never the paragraph's
    from pipeline.measures import _ParagraphCues

    cues = _ParagraphCues()
    for at, status in ((10, "done"), (20, "ongoing"), (30, "planned"), (40, "ongoing")):
        cues.add(0, at, status)
    assert [cues.last_before(0, pos) for pos in (5, 10, 11, 25, 30, 35, 99)] == \
        [None, None, "done", "done", "done", "planned", "planned"]
    assert cues.last_before(1, 99) is None  # another paragraph has no cue
    cues.add(2, 50, "done")
    cues.add(2, 15, "planned")  # out of text order: the cue added last among those before wins
    assert [cues.last_before(2, pos) for pos in (10, 20, 60)] == [None, "planned", "planned"]
