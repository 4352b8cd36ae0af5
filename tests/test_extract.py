"""Fact extraction on hand-written snippets: exact expected records."""
import pytest

from pipeline.extract import extract_facts
from pipeline.normalize import clean, normalized


def facts(text):
    text = clean(text)
    out = extract_facts(normalized(text), text)
    for f in out:
        assert text[f.char_start:f.char_end] == f.evidence
    return [(f.metric, f.category, f.value, f.unit, f.approx, f.redacted, f.evidence) for f in out]


R, P = "rectification.", "petitions."

CASES = [
    ("反馈问题涉及我县的31项整改任务，已有27项完成整改，4项正在按序时推进。", [
        (R + "tasks_total", "all", 31, "项", False, False, "31项整改任务"),
        (R + "tasks_completed", "all", 27, "项", False, False, "27项完成整改"),
        (R + "tasks_incomplete", "all", 4, "项", False, False, "4项正在按"),
    ]),
    ("涉及我区问题共二十六项，其中共性问题十五项、个性问题十一项。", [
        (R + "tasks_total", "all", 26, "项", False, False, "涉及我区问题共二十六项"),
        (R + "tasks_total", "common", 15, "项", False, False, "共性问题十五项"),
        (R + "tasks_total", "specific", 11, "项", False, False, "个性问题十一项"),
    ]),
    ("截至本月，*项共性任务已完成*项，其余*项正在推进，*项个性任务均已完成。", [
        (R + "tasks_total", "common", None, "项", False, True, "*项共性任务已完成"),
        (R + "tasks_completed", "common", None, "项", False, True, "已完成*项"),
        (R + "tasks_incomplete", "common", None, "项", False, True, "其余*项"),
        (R + "tasks_completed", "specific", None, "项", False, True, "*项个性任务均已完成"),
    ]),
    ("省级督察移交我县问题12个，已全部完成整改。", [
        (R + "tasks_total", "all", 12, "个", False, False, "移交我县问题12个"),
        (R + "tasks_completed", "all", 12, "个", False, False, "12个，已全部完成整改"),
    ]),
    ("截至目前，仍有3项未整改完成。", [
        (R + "tasks_incomplete", "all", 3, "项", False, False, "仍有3项"),
    ]),
    ("督察组交办的二百一十件群众信访举报件已全部办结。", [
        (P + "assigned", "all", 210, "件", False, False, "交办的二百一十件"),
        (P + "closed", "all", 210, "件", False, False, "二百一十件群众信访举报件已全部办结"),
    ]),
    ("共收到群众举报1.2万余件，受理有效举报9876件，向地方转办9500件，已办结或阶段办结8120件。", [
        (P + "received", "all", 12000, "件", True, False, "收到群众举报1.2万余件"),
        (P + "accepted", "all", 9876, "件", False, False, "受理有效举报9876件"),
        (P + "assigned", "all", 9500, "件", False, False, "转办9500件"),
        (P + "closed", "incl_partial", 8120, "件", False, False, "办结或阶段办结8120件"),
    ]),
    ("已办结40件，阶段性办结5件。", [
        (P + "closed", "all", 40, "件", False, False, "办结40件"),
        (P + "partially_closed", "all", 5, "件", False, False, "阶段性办结5件"),
    ]),
    ("与上一轮督察相比，信访件数量同比下降21.74%。", [
        (P + "change_pct", "all", -21.74, "%", False, False, "同比下降21.74%"),
    ]),
    ("交办信访件48件。按污染类型统计：水12件，大气15件，噪音6件，垃圾5件，其他10件。", [
        (P + "assigned", "all", 48, "件", False, False, "交办信访件48件"),
        (P + "by_pollution_type", "water", 12, "件", False, False, "水12件"),
        (P + "by_pollution_type", "air", 15, "件", False, False, "大气15件"),
        (P + "by_pollution_type", "noise", 6, "件", False, False, "噪音6件"),
        (P + "by_pollution_type", "solid_waste", 5, "件", False, False, "垃圾5件"),
        (P + "by_pollution_type", "other", 10, "件", False, False, "其他10件"),
    ]),
    ("按行业类型统计：畜禽养殖9件，餐饮、娱乐3件，其他4件。", [
        (P + "by_industry", "畜禽养殖", 9, "件", False, False, "畜禽养殖9件"),
        (P + "by_industry", "餐饮、娱乐", 3, "件", False, False, "餐饮、娱乐3件"),
        (P + "by_industry", "其他", 4, "件", False, False, "其他4件"),
    ]),
    ("污染类型统计表\n类型 | 件数\n大气 | 19\n土壤 | 2", [
        (P + "by_pollution_type", "air", 19, "件", False, False, "大气 | 19"),
        (P + "by_pollution_type", "soil", 2, "件", False, False, "土壤 | 2"),
    ]),
    ("污染类型\n|\n噪声 |\n7 |\n生态 |\n3 |", [
        (P + "by_pollution_type", "noise", 7, "件", False, False, "噪声 |\n7"),
        (P + "by_pollution_type", "ecology", 3, "件", False, False, "生态 |\n3"),
    ]),
    ("责令整改企业85家，立案处罚31家，罚款10.20亿元，立案侦查4起，行政拘留6人、刑事拘留2人。", [
        ("enforcement.ordered_to_rectify", "all", 85, "家", False, False, "责令整改企业85家"),
        ("enforcement.penalty_cases", "all", 31, "家", False, False, "立案处罚31家"),
        ("enforcement.fines", "all", 1.02e9, "元", False, False, "罚款10.20亿元"),
        ("enforcement.criminal_cases", "all", 4, "起", False, False, "立案侦查4起"),
        ("enforcement.detained", "all", 6, "人", False, False, "拘留6人"),
        ("enforcement.detained", "all", 2, "人", False, False, "拘留2人"),
    ]),
    ("罚款762.9876万元，约谈党政领导干部十五人，问责超过200人，给予党纪处分7人，批评教育处理3人。", [
        ("enforcement.fines", "all", 7629876, "元", False, False, "罚款762.9876万元"),
        ("accountability.interviewed", "all", 15, "人", False, False, "约谈党政领导干部十五人"),
        ("accountability.held_accountable", "all", 200, "人", True, False, "问责超过200人"),
        ("accountability.disciplined", "all", 7, "人", False, False, "处分7人"),
        ("accountability.criticized", "all", 3, "人", False, False, "批评教育处理3人"),
    ]),
    ("处分9人（其中撤职处分2人，警告处分7人）。", [
        ("accountability.disciplined", "all", 9, "人", False, False, "处分9人"),
    ]),
    ("全市受污染耕地安全利用率达到95%以上，森林覆盖率稳定在60.5%。", [
        ("indicator", "受污染耕地安全利用率", 95, "%", True, False, "受污染耕地安全利用率达到95%以上"),
        ("indicator", "森林覆盖率", 60.5, "%", False, False, "森林覆盖率稳定在60.5%"),
    ]),
    ("反馈意见涉及我市的具体问题38个，已完成整改31个，基本完成4个，其余3个正在按计划推进。", [
        (R + "tasks_total", "all", 38, "个", False, False, "涉及我市的具体问题38个"),
        (R + "tasks_completed", "all", 31, "个", False, False, "已完成整改31个"),
        (R + "tasks_incomplete", "all", 3, "个", False, False, "其余3个"),
    ]),
    ("累计完成整改问题112项，整改完成率达到96%。", [
        (R + "tasks_completed", "all", 112, "项", False, False, "累计完成整改问题112项"),
    ]),
    ("立案查处环境违法案件356起，立案侦查7件，对27名领导干部进行了问责。", [
        ("enforcement.penalty_cases", "all", 356, "起", False, False, "立案查处环境违法案件356起"),
        ("enforcement.criminal_cases", "all", 7, "件", False, False, "立案侦查7件"),
        ("accountability.held_accountable", "all", 27, "名", False, False, "27名领导干部进行了问责"),
    ]),
    ("某县收到督察组转办的群众信访举报件12件。", [
        (P + "assigned", "all", 12, "件", False, False, "转办的群众信访举报件12件"),
    ]),
    ("类型 | 水 | 大气 | 噪声\n件数 | 21 | 17 | 8", [
        (P + "by_pollution_type", "water", 21, "件", False, False, "水 | 大气 | 噪声\n件数 | 21"),
        (P + "by_pollution_type", "air", 17, "件", False, False, "大气 | 噪声\n件数 | 21 | 17"),
        (P + "by_pollution_type", "noise", 8, "件", False, False, "噪声\n件数 | 21 | 17 | 8"),
    ]),
    ("督察组共向我省转办群众信访举报件3批次、共计1,203件。按照举报内容，涉及大气污染的412件、水污染的287件。", [
        (P + "assigned", "all", 1203, "件", False, False, "转办群众信访举报件3批次、共计1,203件"),
        (P + "by_pollution_type", "air", 412, "件", False, False, "大气污染的412件"),
        (P + "by_pollution_type", "water", 287, "件", False, False, "水污染的287件"),
    ]),
    ("督察反馈问题45项中，已完成30项，达到序时进度12项，未完成整改的3项。", [
        (R + "tasks_total", "all", 45, "项", False, False, "反馈问题45项"),
        (R + "tasks_completed", "all", 30, "项", False, False, "已完成30项"),
        (R + "tasks_incomplete", "all", 12, "项", False, False, "达到序时进度12项"),
        (R + "tasks_incomplete", "all", 3, "项", False, False, "未完成整改的3项"),
    ]),
    ("优良天数比例由58.4%提高到71.2%，PM2.5平均浓度降至42微克/立方米。", [
        ("indicator", "优良天数比例", 58.4, "%", False, False, "优良天数比例由58.4%"),
        ("indicator", "优良天数比例", 71.2, "%", False, False, "提高到71.2%"),
        ("indicator", "PM2.5平均浓度", 42, "微克/立方米", False, False, "PM2.5平均浓度降至42微克/立方米"),
    ]),
    ("已完成整改39项（共性26项、个性13项），正在推进8项。", [
        (R + "tasks_completed", "all", 39, "项", False, False, "已完成整改39项"),
        (R + "tasks_completed", "common", 26, "项", False, False, "共性26项"),
        (R + "tasks_completed", "specific", 13, "项", False, False, "个性13项"),
        (R + "tasks_incomplete", "all", 8, "项", False, False, "正在推进8项"),
    ]),
    ("向我区转办第十批群众信访举报件183件，其中大气类71件、水类29件、其他5件。", [
        (P + "assigned", "all", 183, "件", False, False, "转办第十批群众信访举报件183件"),
        (P + "by_pollution_type", "air", 71, "件", False, False, "大气类71件"),
        (P + "by_pollution_type", "water", 29, "件", False, False, "水类29件"),
        (P + "by_pollution_type", "other", 5, "件", False, False, "其他5件"),
    ]),
    ("已办结120件（其中阶段性办结15件），问责9人（其中处分4人）。", [
        (P + "closed", "all", 120, "件", False, False, "办结120件"),
        (P + "partially_closed", "all", 15, "件", False, False, "阶段性办结15件"),
        ("accountability.held_accountable", "all", 9, "人", False, False, "问责9人"),
        ("accountability.disciplined", "all", 4, "人", False, False, "处分4人"),
    ]),
    # Counts that are no vocabulary metric.
    ("召开常委会会议5次，印发文件12个，成立检查组3个，下设8个工作小组。", []),
    ("重点信访件2件，其中杭州1件、宁波1件。", []),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:14] for c in CASES])
def test_facts(text, expected):
    assert facts(text) == expected


def test_traditional_pinyin_and_spam_give_published_evidence():
    text = "地方已辦(ban)結(jie)２６８７３件星空体育官网，其中責令(ling)整改12240家星空体育官网。"
    assert facts(text) == [
        (P + "closed", "all", 26873, "件", False, False, "辦(ban)結(jie)２６８７３件"),
        ("enforcement.ordered_to_rectify", "all", 12240, "家", False, False, "責令(ling)整改12240家"),
    ]


def test_hard_wrapped_numbers():
    text = ("全县反馈意见问题共有四十九个，目前已经整改完成的问题有四十个，剩余\n"
            "9个问题正在整改之中，预计今年年底前可以全部完成整改，确保问题见底清零。\n"
            "各乡镇要按照要求抓紧推进相关工作，确保按时保质保量完成各项整改任务。\n"
            "县整改办要加强统筹协调和督促检查，定期通报进展情况并及时研究解决问题。")
    got = facts(text)
    assert (R + "tasks_incomplete", "all", 9, "个", False, False, "剩余\n9个") in got
