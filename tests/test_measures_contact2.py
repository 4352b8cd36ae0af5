"""Phrasings met on the second first-contact audit of unlabeled real pages (invented text in
the genre): political programmes, leaders' visits and body names that are not measures; named
plans and leadership mechanisms that are; who acts when the subject is a region or a pair of
bodies."""
import pytest

from test_measures import found


# --- not measures ---------------------------------------------------------------------------
NOT_MEASURES = [
    # a priority ranking, a party congress's blueprint, political principles, a vision
    "青石县将督察整改明确为全年“四项重点工作”之一，扎实推进。",
    "省第十一次党代会擘画“五个白河”宏伟蓝图，实施“六大提升”行动计划，部署“七个坚持”重点任务。",
    "始终坚持“把纪律立起来、把标准严起来、把规矩树起来”的政治要求，坚定不移地把党的政治建设摆在首位。",
    "把生态治理作为绿色崛起战略的重要内容，加快建设水清气爽空气清新的美丽青石。",
    # bare accountability slogans in a leader's emphasis
    "市委书记强调，要抓好反馈问题整改，强化责任，跟踪问责，公开公示。",
    # leaders' visits
    "市委、市政府主要领导多次现场督促尾矿库治理等重点事项的整改。",
    # the structure of a leading group: 督查督办组 is a body, not an inspection
    "领导小组下设综合协调组、督查督办组、宣传报道组，办公室设在市生态环境局。",
    # the title of a task list
    "白河县整改任务公开\n立行立改和2024年应完成的整改任务清单\n序号",
    # a count of tasks done ahead of time
    "一年来，全部完成年度整改任务，还提前完成2项原定明年完成的任务。",
]


@pytest.mark.parametrize("text", NOT_MEASURES)
def test_programmes_visits_and_bodies_are_not_measures(text):
    assert found(text) == []


# --- measures: named plans, leadership mechanisms, accountability with an object --------------
MEASURES = [
    ("2月9日，自治区上报了《白河自治区贯彻落实督察反馈意见整改方案》。",
     [("2月9日，自治区上报了《白河自治区贯彻落实督察反馈意见整改方案》", "done", "自治区")]),
    ("青石市委、市政府高度重视。青石市建立由市委书记、市长任双组长的督察整改领导机制，召开专题会议研究整改工作。",
     [("青石市建立由市委书记、市长任双组长的督察整改领导机制", None, "青石市")]),
    # a plan's name without 《》 that holds 打好…攻坚战 is the plan, not a slogan
    ("印发实施年度市委生态环境委员会工作要点、市政府深入打好污染防治攻坚战行动计划，明确目标任务。",
     [("印发实施年度市委生态环境委员会工作要点、市政府深入打好污染防治攻坚战行动计划，明确目标任务", "planned", None)]),
    # the slogan in front is left out, the accountability with its numbers stays
    ("同时严肃问责，累计已对12个单位、40名责任人进行责任追究。",
     [("累计已对12个单位、40名责任人进行责任追究", "done", None)]),
    ("对整改不力、导致严重后果的，进行责任追究。", [("对整改不力、导致严重后果的，进行责任追究", None, None)]),
]


@pytest.mark.parametrize("text, expected", MEASURES)
def test_plans_mechanisms_and_accountability(text, expected):
    assert found(text, "text", "status", "responsible") == expected


# --- who acts ---------------------------------------------------------------------------------
RESPONSIBLE = [
    # X高度重视 in a later clause of a news lead names the rectifying body
    ("记者获悉，督察组日前反馈督察意见，白河市委、市政府高度重视。在治污方面，拆除违法建设12万平方米。",
     [("在治污方面，拆除违法建设12万平方米", "白河市委、市政府")]),
    # 自治区党委、人民政府: the second body without its place is coordinated with the first
    ("自治区党委、人民政府召开推进会，先后制定出台《白河流域保护条例》等政策措施。",
     [("先后制定出台《白河流域保护条例》等政策措施", "自治区党委、人民政府")]),
    # a region opening the action after a date
    ("2019年3月5日，自治区印发了《白河自治区整改方案》。", [("2019年3月5日，自治区印发了《白河自治区整改方案》", "自治区")]),
]


@pytest.mark.parametrize("text, expected", RESPONSIBLE)
def test_regions_and_coordinated_bodies(text, expected):
    assert found(text, "text", "responsible") == expected


# --- status: 尚未达到序时进度 is no notice-wide "ongoing" -----------------------------------------
STATUS = [
    ("青石省督察整改情况\n截至目前，20项任务中已有6项完成整改，4项尚未达到序时进度。\n对照反馈意见，制定整改措施清单。",
     [("对照反馈意见，制定整改措施清单", "done")]),
    ("青石省督察整改情况\n截至目前，各项任务已达到序时进度。\n对照反馈意见，制定整改措施清单。",
     [("对照反馈意见，制定整改措施清单", "ongoing")]),
]


@pytest.mark.parametrize("text, expected", STATUS)
def test_a_negated_schedule_is_no_notice_status(text, expected):
    assert found(text, "text", "status") == expected


# --- bulletins (found on the hold-out, after judging it) --------------------------------------
BULLETINS = [
    # a list of actions with their own counts is one measure per action
    ("处理结果为：责令立即改正31件、限期整改40件、查封扣押3件、关停取缔5件，罚款总金额12.5万元。",
     ["责令立即改正31件", "限期整改40件", "查封扣押3件", "关停取缔5件，罚款总金额12.5万元"]),
    # coordinated objects of one verb stay one measure
    ("关停小作坊3家、小砖窑2家。", ["关停小作坊3家、小砖窑2家"]),
    # 进行检查 and 查封 are actions; a finding that the firm falls under a campaign is not
    ("接到投诉后，青石镇立即联合区环保局对该厂进行检查，发现车间内3台熔炉仍在生产，符合“散乱污”企业专项整治取缔范围。"
     "镇政府立即采取断电查封措施，区环保局对该厂进行了立案处罚。",
     ["接到投诉后，青石镇立即联合区环保局对该厂进行检查", "镇政府立即采取断电查封措施", "区环保局对该厂进行了立案处罚"]),
    # 制度化、常态化 is no named system
    ("白河市将推进环境问题整改落实制度化、常态化、长效化。", []),
]


@pytest.mark.parametrize("text, expected", BULLETINS)
def test_bulletins(text, expected):
    assert found(text) == expected
