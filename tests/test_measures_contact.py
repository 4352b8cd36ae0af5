"""Phrasings met on first contact with unlabeled real pages (invented text in the genre):
what must and must not become a measure, and the fields read from the words."""
import pytest

from test_measures import found


# --- a named plan adopted in the opening sentence: its title's 督察 words say nothing --------
ADOPTED = [
    ("青石县委、县政府根据督察报告，制定了《青石县贯彻落实中央生态环境保护督察报告整改方案》，全力推进反馈问题整改。",
     [("制定了《青石县贯彻落实中央生态环境保护督察报告整改方案》，全力推进反馈问题整改", "done", "青石县委、县政府")]),
    ("白河市督察整改落实情况\n白河市委、市政府高度重视，及时研究制定《白河市贯彻落实中央第四生态环境保护督察组督察反馈意见整改方案》，对整改工作进行统筹安排。",
     [("及时研究制定《白河市贯彻落实中央第四生态环境保护督察组督察反馈意见整改方案》，对整改工作进行统筹安排", "done", "白河市委、市政府")]),
]


@pytest.mark.parametrize("text, expected", ADOPTED)
def test_a_named_plan_adopted_is_a_measure(text, expected):
    assert found(text, "text", "status", "responsible") == expected


# --- problem descriptions, slogans: no measure ------------------------------------------------
NOT_MEASURES = [
    # 虽然…，但…: what was done is told only to say what was not
    "白河县虽然对沿河砂场实施了停产整治，一定程度上遏制了偷采，但后续监管没有跟上，部分砂场仍在夜间作业。",
    "尽管拆除了部分违建养殖棚，但复养现象时有回潮。",
    # vague standards and their consequences
    "复垦验收标准始终不明确、不具体，导致矿山复绿工作处置尺度不一。",
    # slogans of a leader's directive or a guiding thought
    "坚持治山、治水、治污多措并举，深入实施“山清水秀”战略。",
    # leaders' visits and what they pushed; a finding of inaction
    "市领导深入现场督办20余次，直接推动解决尾矿库渗漏、污泥处置等重点难点问题。",
    "青石县对渣土处置问题不作为、不担当。",
    "中央第三督察组对白河市开展督察“回头看”工作。",
]


@pytest.mark.parametrize("text", NOT_MEASURES)
def test_problem_descriptions_and_slogans_are_not_measures(text):
    assert found(text) == []


NEAR_MISSES = [
    # done work without a concession stays a measure
    ("白河县对沿河砂场实施了停产整治，关停非法砂场4处。",
     ["白河县对沿河砂场实施了停产整治", "关停非法砂场4处"]),
    # 虽已 is a problem clause of its own, the next action still counts
    ("河道垃圾虽已清理，县城管局又新建垃圾收集点12处。", ["县城管局又新建垃圾收集点12处"]),
    # a task force set up for a local 回头看 of petitions is an action; the inspectors' 回头看 is not
    ("近日，青石县组建工作专班对督察组交办的信访件开展“回头看”工作。",
     ["近日，青石县组建工作专班对督察组交办的信访件开展“回头看”工作"]),
    # dispatching supervision groups is an action, a leader's 现场督办 is not
    ("市整改办向12个县区派驻现场督办检查组，督导整改落实。", ["市整改办向12个县区派驻现场督办检查组，督导整改落实"]),
    # 推动解决 with an action of its own in front keeps that action
    ("拆除河道违建8处，推动解决群众反映强烈的行洪问题。", ["拆除河道违建8处"]),
    # a basis phrase with its own action (针对…开展…) is a measure, a bare basis still opens the next
    ("加大对餐馆排烟管道清洗的执法检查力度，针对夜间偷排特点开展联合执法。",
     ["加大对餐馆排烟管道清洗的执法检查力度", "针对夜间偷排特点开展联合执法"]),
    ("根据省级方案部署，关停城郊小砖窑7家。", ["根据省级方案部署，关停城郊小砖窑7家"]),
    # a strategy word inside an action is no slogan
    ("编制《白河县水资源战略储备规划》。", ["编制《白河县水资源战略储备规划》"]),
]


@pytest.mark.parametrize("text, expected", NEAR_MISSES)
def test_near_misses_stay_measures(text, expected):
    assert found(text) == expected


# --- who acts: task forces and enforcement teams, coordinated bodies ---------------------------
RESPONSIBLE = [
    ("工作专班对交办的投诉件逐件核查，对核查为“不属实”的投诉件，进行全面复核。",
     [("工作专班对交办的投诉件逐件核查", "工作专班"), ("对核查为“不属实”的投诉件，进行全面复核", "工作专班")]),
    ("县委、县政府立即成立由县长任组长的督察整改工作领导小组。",
     [("县委、县政府立即成立由县长任组长的督察整改工作领导小组", "县委、县政府")]),
    # a basis document in front (根据《办法》) does not make the weak verb a measure of its own
    ("根据《验收销号办法》相关要求，执法大队督促各乡镇完成整改任务，并联合县林业局对已整改点位进行现场检查验收。",
     [("根据《验收销号办法》相关要求，执法大队督促各乡镇完成整改任务，并联合县林业局对已整改点位进行现场检查验收", "执法大队")]),
]


@pytest.mark.parametrize("text, expected", RESPONSIBLE)
def test_responsible_bodies(text, expected):
    assert found(text, "text", "responsible") == expected


# --- a news headline X开展… reports work done; 关于开展…的方案 stays a plan ---------------------
FRAMES = [
    ("青石县开展督察信访件“回头看”\n工作专班对交办的信访件逐件核查。对群众反复投诉的，要进一步加强督办。",
     [("工作专班对交办的信访件逐件核查", "done")]),
    ("关于开展河道采砂专项整治的实施方案\n县水利局牵头，全面排查非法采砂点。",
     [("县水利局牵头，全面排查非法采砂点", "planned")]),
]


@pytest.mark.parametrize("text, expected", FRAMES)
def test_news_headline_frame(text, expected):
    assert found(text, "text", "status") == expected
