"""Capability tables for rectification measures: one table per phenomenon, invented text in the
genre -> the exact fields of the measures found."""
from pathlib import Path

import pytest

from pipeline.measures import explain_measures, extract_measures
from pipeline.records import Measure

FIXTURES = Path(__file__).parent / "fixtures"


def found(text: str, *keys: str) -> list:
    """The measures of `text` as tuples of the given fields (just the text when none given)."""
    ms = extract_measures(text)
    assert all(text[m.char_start:m.char_end] == m.text for m in ms)
    return [m.text if not keys else tuple(getattr(m, k) for k in keys) for m in ms]


# --- one action per row --------------------------------------------------------------------
LUMPED = [
    # coordinated actions with their own verb and object are separate measures
    ("关停不达标砖厂3家，取缔非法洗砂点5处，清理河道垃圾120吨。",
     ["关停不达标砖厂3家", "取缔非法洗砂点5处", "清理河道垃圾120吨"]),
    # one verb with coordinated objects stays one measure, quantities and all
    ("拆除沿河违建码头、堆场和加工棚共16处。", ["拆除沿河违建码头、堆场和加工棚共16处"]),
    # an umbrella clause that opens the sentence joins the first concrete measure
    ("积极推进城区水环境综合治理工作，已完成雨污分流改造15公里，新建污水泵站2座。",
     ["积极推进城区水环境综合治理工作，已完成雨污分流改造15公里", "新建污水泵站2座"]),
    # a fine that follows the penalty decision is the same action
    ("对违法排污的3家企业立案查处，处以罚款共计42万元。", ["对违法排污的3家企业立案查处，处以罚款共计42万元"]),
    # a condition (对…的) opens the action after it; a time phrase belongs to its action
    ("2023年9月，对未按期完成整改的企业，一律停产整治。", ["2023年9月，对未按期完成整改的企业，一律停产整治"]),
    # an outcome tail stays with its action, it is no measure of its own
    ("推行渣土运输电子联单管理制度，联单覆盖率达到95%。", ["推行渣土运输电子联单管理制度，联单覆盖率达到95%"]),
    # a frequency tail belongs to the action before it
    ("建立园区排水巡查制度，每周巡查2次。", ["建立园区排水巡查制度，每周巡查2次"]),
    # an item's short heading is not a measure when its measures follow
    ("二是推进矿山修复。关闭露天矿山9处，完成复绿2100亩。", ["关闭露天矿山9处", "完成复绿2100亩"]),
    # a topic phrase (…拆除工作) is not an action by itself
    ("今年散乱污企业整治工作，重点是关停城郊小作坊31家。", ["今年散乱污企业整治工作，重点是关停城郊小作坊31家"]),
    # object-first (passive) actions are measures too
    ("河口镇2处饮用水水源井已永久封闭，3处违建养殖棚已拆除。", ["河口镇2处饮用水水源井已永久封闭", "3处违建养殖棚已拆除"]),
]


@pytest.mark.parametrize("text, expected", LUMPED)
def test_one_action_per_row(text, expected):
    assert found(text) == expected


# --- not measures ----------------------------------------------------------------------------
NOT_MEASURES = [
    "提高政治站位，压实整改责任，坚持问题导向。",  # slogans
    "县委县政府高度重视，把督察整改作为重大政治任务。",
    "整改目标：到2025年，县城污水处理率达到95%以上。",  # target
    "到2026年，全县空气质量优良天数比例达到88%以上。",
    "全县PM2.5平均浓度下降6.2%，周边居民用水安全得到保障。",  # outcomes and indicator values
    "截至6月底，涉及我县的21项整改任务已完成18项，其余3项正在推进。",  # counts of tasks
    "督察组交办的86件信访件已办结80件。",
    "9月3日，县政府召开专题会议研究部署整改工作。",  # meetings
    "会上，县生态环境局通报了整改进展情况。",
    "副县长带队实地察看了河道整治现场。",  # visits
    "中央第二督察组进驻本省开展督察。",  # the inspectors' own work
    "经现场核查，举报反映的问题不属实。",  # findings
    "部分乡镇污水处理设施建设滞后，问题依然突出。",  # problems
]


@pytest.mark.parametrize("text", NOT_MEASURES)
def test_not_measures(text):
    assert found(text) == []


# --- 公示 furniture ---------------------------------------------------------------------------
FURNITURE = [
    "公示时间：2024年5月6日至2024年5月12日（5个工作日）",
    "如有异议，请在公示期间以书面形式向县生态环境局反映。",
    "联系电话：0797-1234567",
    "电子邮箱：sthjj_demo@163.com",
    "监督电话：12345",
    "邮寄地址：某县政务中心3楼（以邮戳为准）",
    "现将该问题整改情况予以公示，接受社会监督。",
    "当前位置：首页 > 政务公开 > 督察整改 > 公示公告",
]


@pytest.mark.parametrize("text", FURNITURE)
def test_notice_furniture_is_not_a_measure(text):
    assert found(text) == []


def test_a_whole_notice_keeps_only_its_measures():
    text = ("青石县关于督察反馈问题整改销号的公示\n"
            "反馈问题：青石河沿岸非法采砂。\n"
            "整改措施完成情况\n"
            "取缔非法采砂点7处，清运堆砂1.2万方。\n"
            "公示期间如有异议，请向青石县水利局反映。\n"
            "联系电话：0712-7654321\n"
            "青石县水利局\n"
            "2024年4月2日\n")
    assert found(text, "text", "status", "problem") == [
        ("取缔非法采砂点7处", "done", "青石河沿岸非法采砂"),
        ("清运堆砂1.2万方", "done", "青石河沿岸非法采砂"),
    ]


# --- rows of plans and flattened tables: 责任单位 / 整改时限 ----------------------------------------
LEADING_LABELS = ("问题一：城区污水管网覆盖不足。\n"
                  "责任单位：县住建局\n"
                  "整改时限：2025年底前\n"
                  "整改目标：城区污水应收尽收。\n"
                  "整改措施：\n"
                  "1.新建污水管网12公里。\n"
                  "2.改造老旧管网5公里。\n"
                  "问题二：垃圾填埋场渗滤液超标。\n"
                  "责任单位：县城管局\n"
                  "整改时限：立行立改、长期坚持\n"
                  "整改措施：\n"
                  "1.清运积存渗滤液3000吨。\n")
TRAILING_LABELS = ("整改措施：\n"
                   "（一）清理河道淤泥8000立方米。\n"
                   "（二）拆除岸线违建3处。\n"
                   "责任单位：县水利局、河口镇政府\n"
                   "完成时限：2024年6月底前\n"
                   "（三）建立河道日常巡查台账制度。\n"
                   "责任单位：县水利局\n"
                   "完成时限：长期坚持\n")
PIPE_TABLE = ("某县督察反馈问题整改清单\n"
              "序号 | 反馈问题 | 整改措施 | 责任单位 | 整改时限\n"
              "1 | 城区污水直排 | 新建截污管网6公里；改造泵站2座 | 县住建局 | 2025年底前\n"
              "2 | 砂石场扬尘 | 关停无证砂石场4家 | 县自然资源局、县生态环境局 | 立行立改\n")
SHORT_HEADER = ("序号 | 问题 | 措施 | 单位 | 时限\n"
                "1 | 河道违建 | 拆除河道违建厂房4处 | 县水利局 | 2024年10月底前\n")
GLUED = ("反馈问题青石县城郊违规倾倒渣土。整改实施主体青石县委、县政府整改目标规范渣土管理。\n"
         "整改措施完成情况\n"
         "1、立行立改。沿河堆放的2.3万方渣土已清运完毕。\n"
         "2、举一反三。全县共查处渣土违法运输行为86起。\n")
NEXT_LINE = ("一、反馈问题\n临江区化工园区雨污混流。\n二、整改责任单位\n临江区委、区政府\n三、整改完成情况\n"
             "（一）新建雨水管网6.8公里。\n（二）关停偷排企业2家。\n")
ROW_HEADING = ("（十二）城区餐饮油烟扰民。\n整改措施：1.年底前完成油烟净化设施安装500家。2.建立油烟在线监控平台。\n"
               "责任单位：市生态环境局、各区政府\n整改时限：2024年12月底前\n"
               "（十三）园区污水处理厂超负荷运行。\n整改措施：扩建园区污水处理厂3座。\n责任单位：市工信局\n"
               "整改时限：2025年6月底前\n整改完成情况：正在推进，已完成2座扩建。\n")
INLINE = "（一）新建乡镇污水处理站3座。\n（二）修订《城区扬尘管控办法》，牵头单位：县住建局、县生态环境局。\n"

ROWS = [
    (LEADING_LABELS, [
        ("新建污水管网12公里", "县住建局", "2025", "2025年底前", "城区污水管网覆盖不足"),
        ("改造老旧管网5公里", "县住建局", "2025", "2025年底前", "城区污水管网覆盖不足"),
        ("清运积存渗滤液3000吨", "县城管局", "immediate", "立行立改、长期坚持", "垃圾填埋场渗滤液超标"),
    ]),
    (TRAILING_LABELS, [
        ("清理河道淤泥8000立方米", "县水利局、河口镇政府", "2024-06", "2024年6月底前", None),
        ("拆除岸线违建3处", "县水利局、河口镇政府", "2024-06", "2024年6月底前", None),
        ("建立河道日常巡查台账制度", "县水利局", "long_term", "长期坚持", None),
    ]),
    (PIPE_TABLE, [
        ("新建截污管网6公里", "县住建局", "2025", "2025年底前", "城区污水直排"),
        ("改造泵站2座", "县住建局", "2025", "2025年底前", "城区污水直排"),
        ("关停无证砂石场4家", "县自然资源局、县生态环境局", "immediate", "立行立改", "砂石场扬尘"),
    ]),
    (SHORT_HEADER, [("拆除河道违建厂房4处", "县水利局", "2024-10", "2024年10月底前", "河道违建")]),
    (GLUED, [
        ("沿河堆放的2.3万方渣土已清运完毕", "青石县委、县政府", "immediate", "立行立改", "青石县城郊违规倾倒渣土"),
        ("全县共查处渣土违法运输行为86起", "青石县委、县政府", None, None, "青石县城郊违规倾倒渣土"),
    ]),
    (NEXT_LINE, [
        ("新建雨水管网6.8公里", "临江区委、区政府", None, None, "临江区化工园区雨污混流"),
        ("关停偷排企业2家", "临江区委、区政府", None, None, "临江区化工园区雨污混流"),
    ]),
    (ROW_HEADING, [
        ("年底前完成油烟净化设施安装500家", "市生态环境局、各区政府", "2024-12", "2024年12月底前", "城区餐饮油烟扰民"),
        ("建立油烟在线监控平台", "市生态环境局、各区政府", "2024-12", "2024年12月底前", "城区餐饮油烟扰民"),
        ("扩建园区污水处理厂3座", "市工信局", "2025-06", "2025年6月底前", "园区污水处理厂超负荷运行"),
    ]),
    (INLINE, [
        ("新建乡镇污水处理站3座", None, None, None, None),
        ("修订《城区扬尘管控办法》", "县住建局、县生态环境局", None, None, None),
    ]),
]


@pytest.mark.parametrize("text, expected", ROWS, ids=["leading", "trailing", "pipe_table", "short_header", "glued", "next_line", "row_heading", "inline"])
def test_row_labels_apply_to_their_measures(text, expected):
    assert found(text, "text", "responsible", "deadline", "deadline_text", "problem") == expected


# --- plan vs report status -------------------------------------------------------------------
STATUS = [
    # a plan's commitments
    ("白河县督察反馈意见整改实施方案\n整改措施：\n1.新建乡镇污水处理站4座。\n",
     [("新建乡镇污水处理站4座", "planned")]),
    # a report's accomplishments, unmarked verbs included
    ("白河县关于督察整改工作进展情况的公示\n一、整改落实情况\n关停砖瓦窑厂3家，完成河道清淤12公里。\n",
     [("关停砖瓦窑厂3家", "done"), ("完成河道清淤12公里", "done")]),
    # the clause's own words beat the frame
    ("白河县关于督察整改工作进展情况的公示\n县城第二污水处理厂正在建设，计划新建配套管网8公里。\n",
     [("县城第二污水处理厂正在建设", "ongoing"), ("计划新建配套管网8公里", "planned")]),
    ("白河县贯彻落实督察反馈意见整改方案\n整改措施：\n1.已拆除违建厂房2处。\n",
     [("已拆除违建厂房2处", "done")]),
    # a plan published as a 公示 is still a plan
    ("白河县督察反馈问题整改方案的公示\n整改措施：\n1.新建乡镇污水处理站4座。\n", [("新建乡镇污水处理站4座", "planned")]),
    # a plan summarized in the news: 方案明确 / 方案提出 make commitments
    ("江川省公布督察整改方案\n《整改方案》明确，关停沿江化工企业8家，搬迁入园12家。",
     [("《整改方案》明确，关停沿江化工企业8家", "planned"), ("搬迁入园12家", "planned")]),
    # 正在 speaks for its own action only
    ("东河市督察整改工作进展情况\n关闭露天矿山9处，其余3处矿山正在开展生态修复。",
     [("关闭露天矿山9处", "done"), ("其余3处矿山正在开展生态修复", "ongoing")]),
    # a deadline met is done: 年底前 + 已
    ("城区3处旱厕，2023年底前已全部拆除。", [("城区3处旱厕，2023年底前已全部拆除", "done")]),
    # modal words: 要 / 必须 / 需要 / 尽量 / 下一步 are commitments
    ("各乡镇要在年底前完成散乱污企业排查。下一步将建成餐厨垃圾处理厂1座。",
     [("各乡镇要在年底前完成散乱污企业排查", "planned"), ("下一步将建成餐厨垃圾处理厂1座", "planned")]),
    # a 公示 that restates the plan's 整改措施 without saying whether they were done: no status
    ("白河县督察反馈问题整改结果公示\n整改措施\n开展入河排污口专项排查，规范设置排污口标识牌。\n",
     [("开展入河排污口专项排查", None), ("规范设置排污口标识牌", None)]),
    # a sentence's status is shared by its measures that say nothing themselves
    ("白河县督察反馈问题整改结果公示\n整改措施\n督促各乡镇开展养殖场清理，按期完成了禁养区养殖场关闭任务。\n",
     [("督促各乡镇开展养殖场清理", "done"), ("按期完成了禁养区养殖场关闭任务", "done")]),
]


@pytest.mark.parametrize("text, expected", STATUS)
def test_plan_vs_report_status(text, expected):
    assert found(text, "text", "status") == expected


# --- inherited status ------------------------------------------------------------------------
INHERITED = [
    # the notice declares the whole problem done
    ("关于白河县督察反馈问题整改销号的公示\n该问题已完成整改，并通过现场验收，现予以公示。\n"
     "整改措施\n拆除河道内违建厂房2处，修复岸线1.5公里。\n",
     [("拆除河道内违建厂房2处", "done"), ("修复岸线1.5公里", "done")]),
    # a row's 整改时限 says it is done
    ("白河县贯彻落实督察反馈意见整改方案\n二、督察意见：县城黑臭水体治理进展缓慢。\n责任单位：县住建局\n"
     "整改时限：已完成整改。\n整改措施：\n1.实施县城黑臭水体截污工程。\n",
     [("实施县城黑臭水体截污工程", "done")]),
    # a deadline met: the bare deadline of a measure in a finished problem or a result section
    ("关于白河县督察反馈问题整改销号的公示\n该问题已完成整改。\n整改措施\n2023年底前拆除违建厂房2处。\n",
     [("2023年底前拆除违建厂房2处", "done")]),
    ("白河县督察反馈问题整改情况\n整改完成情况\n2023年6月底前完成沿河堆场清运。\n",
     [("2023年6月底前完成沿河堆场清运", "done")]),
    # a row's 整改完成情况 cell states its status
    ("（十三）园区污水处理厂超负荷运行。\n整改措施：扩建园区污水处理厂3座。\n整改时限：2025年6月底前\n"
     "整改完成情况：正在推进，已完成2座扩建。\n",
     [("扩建园区污水处理厂3座", "ongoing")]),
    # a row's 整改时限 says it is still under way
    ("白河县督察整改结果公示\n反馈问题：县城黑臭水体治理进展缓慢。\n整改时限：持续推进中\n"
     "整改措施\n实施县城黑臭水体截污工程。\n",
     [("实施县城黑臭水体截污工程", "ongoing")]),
]


@pytest.mark.parametrize("text, expected", INHERITED)
def test_inherited_status(text, expected):
    assert found(text, "text", "status") == expected


# --- deadlines ---------------------------------------------------------------------------------
DEADLINES = [
    ("2025年底前建成污水处理厂1座。", "2025", "2025年底前"),
    ("力争2026年完成矿山复绿400亩。", "2026", "2026年"),
    ("2025年6月底前完成排污口整治12个。", "2025-06", "2025年6月底前"),
    ("2025年3月31日前拆除违建2处。", "2025-03-31", "2025年3月31日前"),
    ("立行立改，拆除违建大棚5处。", "immediate", "立行立改"),
    ("长期坚持，开展河道巡查每月2次。", "long_term", "长期坚持"),
    ("2023年4月至6月，开展砂石码头专项整治行动。", "2023-06", "2023年4月至6月"),
    # a time phrase applies to the actions after it in its sentence
    ("方案提出，2024年底前，清理违规码头12个，关闭砂场5处。", "2024", "2024年底前"),
    # year-less deadlines are kept as written but not normalized
    ("十月底前，必须完成砖窑拆除30座。", None, "十月底前"),
    # a date of work done is no deadline
    ("2024年5月12日，堆存渣土1.2万方已清运完毕。", None, None),
    ("2024年1-11月，共查处违法倾倒行为320起。", None, None),
]


@pytest.mark.parametrize("text, deadline, deadline_text", DEADLINES)
def test_deadlines(text, deadline, deadline_text):
    assert set(found(text, "deadline", "deadline_text")) == {(deadline, deadline_text)}


# --- responsible units -------------------------------------------------------------------------
RESPONSIBLE = [
    ("县住建局新建污水管网8公里。", ["县住建局"]),
    ("由县水利局牵头，年底前完成河道清淤5公里。", ["县水利局"]),
    ("县自然资源局负责，关停露天矿山3处。", ["县自然资源局"]),
    ("各县（市、区）要在年底前建成乡镇污水站。", ["各县（市、区）"]),
    # a province that opens the sentence does all its actions
    ("湖南省实施洞庭湖治理项目48项，完成退垸还湖2.1万亩。", ["湖南省", "湖南省"]),
    # …and the rest of its paragraph in a round-up
    ("湖南省坚决扛起督察整改责任。拆除洞庭湖区违建矮围26处。\n江西省关停鄱阳湖区采砂船12艘。",
     ["湖南省", "江西省"]),
    ("江川省：关停沿江化工企业23家，搬迁入园41家。", ["江川省", "江川省"]),
    # the notice's rectifying body for actions without a subject
    ("白河县高度重视，认真进行整改，县政府印发了《饮用水水源地保护办法》，水源地内3处违建已拆除。",
     ["县政府", "白河县"]),
    # 向X下达任务 / X要求 give who acts next
    ("县政府向各乡镇下达任务，要求九月底前完成秸秆焚烧点排查。县政府要求，对进展缓慢的乡镇要通报批评。",
     ["各乡镇", "县政府"]),
    # 我局 is the body that signs the notice
    ("整改情况\n我局组织拆除违建码头4处。\n白河县交通运输局\n2024年3月1日\n",
     ["白河县交通运输局"]),
]


@pytest.mark.parametrize("text, expected", RESPONSIBLE)
def test_responsible(text, expected):
    assert found(text, "responsible") == [(r,) for r in expected]


# --- the older fixtures, end to end ------------------------------------------------------------
def test_plan_fixture():
    text = (FIXTURES / "meta_measures_plan.txt").read_text(encoding="utf-8")
    assert extract_measures(text) == [
        Measure(0, "市生态环境局牵头，2025年6月底前完成章江沿线12个入河排污口规范化整治", 28, 65,
                action="完成章江沿线12个入河排污口规范化整治", domain="water", status="planned",
                deadline="2025-06", responsible="市生态环境局", quantities=["12个"], rule="act.clean",
                deadline_text="2025年6月底前"),
        Measure(1, "各县（市、区）要在年底前建成乡镇污水管网80公里", 70, 94,
                action="建成乡镇污水管网80公里", domain="water", status="planned", responsible="各县（市、区）",
                quantities=["80公里"], rule="act.build", deadline_text="年底前"),
        Measure(2, "市住建局负责，6个月内关停不达标砂石场8家", 95, 116,
                action="关停不达标砂石场8家", status="planned", responsible="市住建局", quantities=["8家"],
                rule="act.close", deadline_text="6个月内"),
        Measure(3, "由市自然资源局负责，到2026年完成废弃矿山生态修复1200亩", 121, 152,
                action="完成废弃矿山生态修复1200亩", domain="ecology", status="planned", deadline="2026",
                responsible="市自然资源局", quantities=["1200亩"], rule="act.clean", deadline_text="到2026年"),
        Measure(4, "修订《赣州市生态环境保护督察整改销号办法》", 157, 178,
                action="修订《赣州市生态环境保护督察整改销号办法》", domain="institutional", status="planned",
                responsible="市委督查室、市生态环境局", documents=["赣州市生态环境保护督察整改销号办法"],
                rule="act.issue"),
    ]


def test_report_fixture_skips_tallies_headings_and_problems():
    text = (FIXTURES / "meta_measures_report.txt").read_text(encoding="utf-8")
    assert found(text, "text", "status", "responsible", "quantities") == [
        ("市生态环境局会同市水利局完成了3座水库的清淤工程", "done", "市生态环境局", ["3座"]),
        ("已建成城镇污水处理厂2座，新增日处理能力4.5万吨", "done", None, ["2座", "45000吨"]),
        ("市城管局正在加快建设生活垃圾焚烧发电厂，目前主体工程完成60%", "ongoing", "市城管局", ["60%"]),
    ]


def test_explain_names_the_rules_that_fired():
    rows = explain_measures("县住建局负责，2025年底前新建污水管网8公里。")
    assert len(rows) == 1
    row = rows[0]
    assert row["rule"] == "act.build" and row["text"] == "县住建局负责，2025年底前新建污水管网8公里"
    assert row["why"] == {"action": "act.build", "status": "status.deadline", "deadline": "dl.year",
                          "responsible": "subj.lead"}


def test_explain_reads_a_published_document():
    text = "責任單位：縣住建局\r\n1.新建污水管網8公里。\r\n"
    [row] = explain_measures(text)
    clean = "責任單位：縣住建局\n1.新建污水管網8公里。"
    assert clean[row["char_start"]:row["char_end"]] == row["text"] == "新建污水管網8公里"
    assert (row["responsible"], row["why"]["responsible"]) == ("縣住建局", "label.responsible")


def test_fields_are_reported_in_the_published_script():
    from pipeline.measures import as_written_fields
    from pipeline.normalize import normalized

    text = "責任單位：縣住建局\n1.新建污水管網8公里。"
    norm = normalized(text)
    [m] = extract_measures(norm.text)
    as_written_fields(m, norm, text)
    assert (m.responsible, m.action) == ("縣住建局", "新建污水管網8公里")
