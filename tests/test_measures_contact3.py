"""Phrasings met on the third first-contact audit (news, petition bulletins and the
调查处理情况 tables of petition cases; invented text in the genre): petition counts, a table's
header, the investigation's narrative and findings are not measures; penalties by a town's or a
street's bodies are, each with its own subject."""
import pytest

from test_measures import found


# --- not measures ---------------------------------------------------------------------------
NOT_MEASURES = [
    # petition counts per place with what they complain about
    "6月9日至6月20日，督察组交办件累计40件：城关镇12件（其中5件重复投诉某石料厂粉尘问题），"
    "河口镇8件（其中2件投诉某公司违规建设燃煤锅炉）。",
    # the header row of a flattened case table
    "序号   交办问题   涉及县区   调查核实情况   是否属实   处理处罚和问责情况\n",
    # the investigation's narrative: a body named in a time frame, a finding about land use
    "2022年4月，青石县水利局在整治白河期间，有群众反映有人在河滩倾倒渣土，倾倒点位于村民种植的果园，约20立方米。",
    # an inspectors' finding of an illegal levelling
    "督察还发现，白河新区2020年违法平整场地12亩。",
]


@pytest.mark.parametrize("text", NOT_MEASURES)
def test_counts_headers_and_findings_are_not_measures(text):
    assert found(text) == []


# --- measures of a case's 处理 column ---------------------------------------------------------
MEASURES = [
    # a disciplinary sanction and a fine by two bodies are two measures, each with its body
    ("2022年5月6日，城关街道纪工委给予该村主任党内警告处分，城关街办城管中队对其罚款2万元。",
     [("2022年5月6日，城关街道纪工委给予该村主任党内警告处分", "城关街道纪工委"),
      ("城关街办城管中队对其罚款2万元", "城关街办城管中队")]),
    # levelling on site is an action; a bare 已完成清理 after the measure is its outcome
    ("6月2日，村委会对倾倒的渣土就地整平。", [("6月2日，村委会对倾倒的渣土就地整平", "村委会")]),
    ("6月8日，河口镇组织人员对河滩建筑垃圾进行清理，目前已完成清理。",
     [("6月8日，河口镇组织人员对河滩建筑垃圾进行清理，目前已完成清理", "河口镇")]),
    # a town's government is a body
    ("河口镇联合县生态环境局对该厂进行检查，镇政府立即对该厂实施查封。",
     [("河口镇联合县生态环境局对该厂进行检查", "河口镇"), ("镇政府立即对该厂实施查封", "镇政府")]),
]


@pytest.mark.parametrize("text, expected", MEASURES)
def test_case_sanctions_and_town_bodies(text, expected):
    assert found(text, "text", "responsible") == expected


# --- near misses: 乡镇 is no town ---------------------------------------------------------------
def test_xiangzhen_is_no_body():
    assert found("新建乡镇污水处理站3座。", "text", "responsible") == [("新建乡镇污水处理站3座", None)]


# --- petition case results (found in the corpus re-run: other 调查处理 pages) --------------------
CASE_NOT_MEASURES = [
    # the petitioner's words and what the petitions are about
    "7月3日，白河新区收到3件转办件，大多涉及餐饮油烟问题，称建设单位夜间施工，粉尘和噪声影响周边居民。",
    # a complaint in the first person
    "某公司挖砂毁坏我家林地3亩，损失约2万元。",
    # an official's promise: 加快速度 is no action, X的整改 a noun
    "针对反映的石料厂扬尘问题，开发区负责人表示，该厂的整改涉及多个部门，将依法依规加快速度办理。",
    # column labels alone
    "处理处罚和问责情况\n问责情况：无\n",
]


@pytest.mark.parametrize("text", CASE_NOT_MEASURES)
def test_complaints_promises_and_labels_are_not_measures(text):
    assert found(text) == []


CASE_MEASURES = [
    # the fine's total joins its rate; the completion joins its cleaning
    ("下一步，对其擅自占用林地的行为处以15元/平方米，共计9000元的罚款。",
     [("下一步，对其擅自占用林地的行为处以15元/平方米，共计9000元的罚款", "planned")]),
    ("城关镇组织人员对河道垃圾进行了打捞清理，截至5月3日下午已经清理完毕。",
     [("城关镇组织人员对河道垃圾进行了打捞清理，截至5月3日下午已经清理完毕", "done")]),
    # 并将及时更新…情况 is no column label: it stays with its action
    ("县协调组已对办理情况进行抽查复核，并将及时更新复核情况。",
     [("县协调组已对办理情况进行抽查复核，并将及时更新复核情况", "done")]),
]


@pytest.mark.parametrize("text, expected", CASE_MEASURES)
def test_fines_and_completions_stay_with_their_action(text, expected):
    assert found(text, "text", "status") == expected


def test_ordered_body_is_no_subject():
    # 责令X: X is told to act, the clause names no body of its own
    assert [r for (r,) in found("责令县城管局加强日常巡查，对河道两侧垃圾及时清运。", "responsible")] == [None, None]


# --- phones and headlines ---------------------------------------------------------------------
def test_setting_up_a_petition_line_is_a_measure():
    assert found("青石市政府日前决定，设立督察整改信访举报电话和投诉信箱。", "text", "responsible") == [
        ("青石市政府日前决定，设立督察整改信访举报电话和投诉信箱", "青石市政府")]


@pytest.mark.parametrize("text", [
    "县协调组受理举报电话的时段为工作日9:00至17:00。",
    "受理举报电话：0123-4567890。",
    # a related-links headline at the foot of a news page
    "相关新闻\n县长检查河道违建拆除整改工作白河新闻网\n",
])
def test_phone_lines_and_headlines_are_not_measures(text):
    assert found(text) == []


# --- the wider genre (found in the corpus re-run of bulletin / press pages) -------------------
GENRE_NOT_MEASURES = [
    # the inspection's own organisation and rounds
    "经党中央批准，本轮已组建6个中央生态环境保护督察组，分别对5个省和1家央企开展督察。",
    "2019年完成第一轮督察并对10个省开展“回头看”。",
    "2016年3月，国务院成立环境保护督察工作领导小组，负责指导督察工作。",
    # leaders' visits
    "省委主要负责同志先后5次赴白河源、青石湖等地检查指导生态环境保护工作。",
    "督导组一行深入砂石厂和乡镇污水处理厂现场进行实地调研。",
    # problems named in a feedback bulletin
    "全市垃圾处置能力明显不足，不主动规划建设处置设施，长期依赖邻县填埋场。",
    "湖泊保护治理形势依然严峻，湖滨缓冲区缺乏科学规划管控。",
    "某水库工程违规在保护区内设置施工营地，施工造成植被破坏。",
    # the inspectors' sample; a speaker's lead-in
    "随机抽查青石县、白河县等地污水处理厂，进水浓度均低于设计标准。",
    # a requirement restated, a site's disclaimer
    "严格落实长江经济带“共抓大保护”要求。",
    "如有侵权，请联系本站，我们将作删除处理。",
]


@pytest.mark.parametrize("text", GENRE_NOT_MEASURES)
def test_inspection_visits_problems_and_furniture_are_not_measures(text):
    assert found(text) == []


def test_a_task_force_on_petitions_from_the_central_team_is_a_measure():
    assert found("近日，我县组建工作专班对中央第三生态环境保护督察组交办的信访件开展“回头看”。") != []


def test_a_speakers_lead_in_is_left_out():
    assert found("县信访局副局长王某介绍说，截至6月1日，已对8名责任人进行约谈。") == [
        "截至6月1日，已对8名责任人进行约谈"]


def test_a_village_is_a_body():
    assert found("5月4日，石桥村组织人员对河滩渣土进行清理。", "responsible") == [("石桥村",)]
    # 农村 is no village
    assert found("全县农村已完成改厕1200户。", "responsible") == [(None,)]


# --- the foot of a news page --------------------------------------------------------------------
def test_nothing_is_read_after_a_related_links_heading():
    text = ("5月3日，白河县拆除河道违建厂房4处。\n相关新闻\n青石市深入推进“放管服”改革，聚焦企业开办等事项\n"
            "县长检查尾矿库整改工作\n")
    assert found(text) == ["5月3日，白河县拆除河道违建厂房4处"]
    # the words inside a sentence end nothing
    assert found("县里整理相关新闻报道，关停砖厂3家。\n清理河道垃圾20吨。\n") == ["县里整理相关新闻报道，关停砖厂3家", "清理河道垃圾20吨"]


def test_a_reporter_is_no_body():
    assert found("记者从县生态环境局获悉，全县关停砖厂3家。", "responsible") != [("记者从县生态环境局",)]


@pytest.mark.parametrize("text, expected", [
    # a bare promise to rectify at once is a slogan
    ("收到交办件后，各县区和各责任单位将立行立改，持续加大整改力度，确保整改到位。", []),
    # 立行立改 with an action of its own is that action's deadline
    ("立行立改，拆除河道违建厂房4处。", [("立行立改，拆除河道违建厂房4处", "immediate")]),
])
def test_a_bare_promise_to_rectify_at_once(text, expected):
    assert found(text, "text", "deadline") == expected


def test_a_provinces_own_inspection_group_is_a_measure():
    # (the national one is the inspection's own organisation: see GENRE_NOT_MEASURES)
    assert found("青石省成立了由省长任组长的省环境保护督察工作领导小组，统筹推进整改。") != []
