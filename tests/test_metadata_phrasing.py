"""Capability tables for document metadata, one table per phrasing class met on real pages.

Each row: an input text written for these tests (invented details, real place names) -> the exact
metadata fields it must give. Near-miss rows are phrasings that look alike and must NOT change.
"""
import pytest

from pipeline.metadata import infer_metadata
from pipeline.normalize import normalized


def fields(text: str, *names: str) -> tuple:
    got = infer_metadata(normalized(text).text)
    return tuple(got[n] for n in names)


# ---- the inspectors' feedback to the inspected is a briefing (notice) --------------------------

FEEDBACK_BRIEFING = [
    # title: 督察组向某地反馈督察情况
    ("中央第四生态环境保护督察组向甘肃省反馈督察情况\n经党中央、国务院批准，督察组于2022年6月2日向甘肃省委、"
     "省政府进行反馈。甘肃省推进整改，已完成整改任务40项。", "notice"),
    ("中央环保督察组向吉林反馈意见\n1月5日下午，督察情况反馈会在长春召开，指出吉林整改工作推进不够。", "notice"),
    # no title line: the inspectors' own voice (督察认为，…) in a long first paragraph
    ("根据《中央生态环境保护督察工作规定》，中央第一生态环境保护督察组对湖南省开展了第三轮生态环境保护督察，"
     "并于近日进行反馈，反馈会由省长主持，督察组组长王某通报督察报告。\n督察认为，湖南省推进生态环境保护工作取得积极成效，"
     "整改任务已完成整改63项，正在推进12项。", "notice"),
    ("2019年5月，督察组对广东省开展“回头看”并进行反馈，反馈会上组长通报情况。\n督察认为，广东省整改工作取得明显进展，"
     "已完成整改任务78项。一是推进污水管网建设。二是整治黑臭水体。", "notice"),
]
FEEDBACK_NEAR_MISS = [
    # the inspected province's own report recalls the feedback: still a report
    ("江西省关于中央生态环境保护督察反馈意见整改落实情况的报告\n2021年5月，督察组向我省反馈了督察意见。"
     "我省已完成整改任务35项，其余正在推进。", "rectification_report"),
    # 督察认为 quoted inside a sentence, not the inspectors' paragraph
    ("我县对照督察认为存在的问题，逐项整改，全县已完成整改任务8项，剩余2项正按时序推进，整改工作取得阶段性成效。",
     "rectification_report"),
]


@pytest.mark.parametrize("text,expected", FEEDBACK_BRIEFING + FEEDBACK_NEAR_MISS)
def test_feedback_briefing_is_a_notice(text, expected):
    assert fields(text, "doc_type") == (expected,)


# ---- a plan that says 特制定本整改方案 -----------------------------------------------------------

PLAN_MARKER = [
    ("为坚决落实中央第五环境保护督察组督察反馈意见，加快解决突出环境问题，特制定本整改方案。\n一、总体要求\n"
     "坚持问题导向，逐项明确整改责任，确保问题全部整改到位，已完成的要巩固成效。", "rectification_plan"),
    ("为抓好整改，现制定本方案。\n各地已完成整改的问题要防止反弹。", "rectification_plan"),
]
PLAN_MARKER_NEAR_MISS = [
    # a report recalls that a plan was drawn up (制定了整改方案), it does not draw one
    ("我市制定了整改方案，明确整改任务26项，目前已完成整改20项，其余6项正在推进，整改工作取得阶段性成效。",
     "rectification_report"),
]


@pytest.mark.parametrize("text,expected", PLAN_MARKER + PLAN_MARKER_NEAR_MISS)
def test_plan_marker(text, expected):
    assert fields(text, "doc_type") == (expected,)


# ---- a notice about handling 转办件 that never says 信访 / 举报 ---------------------------------

TRANSFERRED_CASES = [
    ("本报银川6月3日讯 截至6月2日，中央第四环境保护督察组向自治区移交的首批15件转办件已办结12件，3件正在办理中。"
     "自治区党委、政府高度重视，各地市及时办理。", "notice"),
    ("督察组交办我市的12件交办件已全部办结，全市各部门依法查处。", "notice"),
    # the batch's time span in brackets between the batch and its petitions
    ("新华社讯 10月9日9时，中央第三生态环境保护督察组向福建移交第十二批次（10月8日8时至20时）信访事项共64件，"
     "其中群众来电40件、来信24件。", "notice"),
]


@pytest.mark.parametrize("text,expected", TRANSFERRED_CASES)
def test_transferred_cases_notice(text, expected):
    assert fields(text, "doc_type") == (expected,)


# ---- no self-reference: the province the inspectors came to (进驻 / 向…移交) ----------------------

PROVINCE_ADDRESSED = [
    # the inspectors' entry and reception announcement, reposted by a page of the province
    ("经党中央、国务院批准，中央第三生态环境保护督察组近日进驻河南省开展生态环境保护督察。督察进驻时间为1个月，"
     "设立专门值班电话。督察组主要受理河南省生态环境保护方面的来信来电举报。",
     ("notice", "province", "河南省")),
    ("中央第六环保督察组进驻贵州期间举报指南\n督察组受理贵州省环境保护方面的来信来电举报，受理时间为每天8:00至20:00。",
     ("notice", "province", "贵州省")),
    # a news site's report on a municipality, by its short name
    ("中央第二生态环境保护督察组向重庆移交第七批群众信访举报件52件\n涉及渝中区3件、江北区5件、沙坪坝区4件。"
     "截至目前，重庆已累计收到督察组交办的信访件300件。", ("notice", "province", "重庆市")),
]
PROVINCE_ADDRESSED_NEAR_MISS = [
    # a round-up of several provinces: none of them is the issuer
    ("中央生态环境保护督察组先后进驻山西省和辽宁省，两地分别收到举报1200件、900件，办结情况将向社会公开。",
     ("notice", None, None)),
    # a prefecture named by its own form (海南州) is the prefecture, not the province
    ("督察组下沉海南州开展督察\n督察组向海南州交办信访件18件，涉及共和县9件、贵德县5件。", ("notice", "city", "海南州")),
    # a city addressed still wins over its province
    ("督察组向德州市转办第八批信访件\n中央第三生态环境保护督察组向山东省交办信访件，其中向德州市转办21件，德州已办结15件。",
     ("notice", "city", "德州市")),
]


@pytest.mark.parametrize("text,expected", PROVINCE_ADDRESSED + PROVINCE_ADDRESSED_NEAR_MISS)
def test_province_the_inspectors_came_to(text, expected):
    assert fields(text, "doc_type", "admin_level", "region") == expected


# ---- a municipality (直辖市) speaks as 我市 / 市委、市政府 but is a province ---------------------

MUNICIPALITY = [
    ("上海市关于中央生态环境保护督察整改落实情况的报告\n市委、市政府高度重视，我市共承担整改任务30项，"
     "已完成整改25项，其余正在推进。全市上下合力推进。", ("province", "上海市")),
    ("天津市公开督察整改进展\n2022年，我市对照督察反馈的41项问题逐项整改，全市已完成整改36项。市委、市政府坚持问题导向。",
     ("province", "天津市")),
]
MUNICIPALITY_NEAR_MISS = [
    # a prefecture-level city stays a city
    ("南阳市关于中央生态环境保护督察整改落实情况的报告\n市委、市政府高度重视，我市共承担整改任务30项，已完成整改25项。",
     ("city", "南阳市")),
    # a masked city that names the capital only as a visit stays a city of unknown name
    ("**市关于督察整改情况的报告\n我市组织人员赴北京市学习，全市已完成整改任务12项，市委、市政府高度重视。",
     ("city", None)),
]


@pytest.mark.parametrize("text,expected", MUNICIPALITY + MUNICIPALITY_NEAR_MISS)
def test_municipality_is_a_province(text, expected):
    assert fields(text, "admin_level", "region") == expected


# ---- a web site's footer is not an enterprise speaking ------------------------------------------

FOOTER = [
    ("中央第一生态环境保护督察组向上海移交第五批群众信访举报件70件\n涉及浦东12件、闵行8件。\n"
     "本网转载内容如有侵权请与我公司联系。", ("notice", "province", "上海市")),
]
FOOTER_NEAR_MISS = [
    ("关于环保督察反馈问题整改情况的报告\n我公司高度重视，本公司共承担整改任务6项，已完成整改5项，公司党委督促推进。",
     ("rectification_report", "enterprise", None)),
]


@pytest.mark.parametrize("text,expected", FOOTER + FOOTER_NEAR_MISS)
def test_site_footer_is_not_an_enterprise(text, expected):
    assert fields(text, "doc_type", "admin_level", "region") == expected


# ---- the inspection group carries out the 回头看 (not 督察“回头看” in one word) ---------------------

LOOKBACK_BY_THE_GROUP = [
    ("本报讯 中央第三环境保护督察组自5月30日进驻黑龙江开展“回头看”工作以来，已向我省交办信访件3批共120件。",
     (1, True)),
    ("2018年10月，中央第五生态环境保护督察组对四川省第一轮中央环境保护督察整改情况开展“回头看”，并形成督察意见。",
     (1, True)),
    ("中央环保督察组近日向山西、湖南两省反馈“回头看”及专项督察意见，指出一些地方整改不到位。", (1, True)),
]
LOOKBACK_NEAR_MISS = [
    # a county's own self-check
    ("我县对第一轮督察反馈问题开展“回头看”，逐一核查整改成效。", (1, False)),
    ("全县各乡镇开展“回头看”，查漏补缺。", (None, None)),
    # the provincial inspectors' 回头看
    ("中央环保督察交办件已全部办结，省环保督察组于6月进驻我市开展“回头看”。", (None, None)),
]


@pytest.mark.parametrize("text,expected", LOOKBACK_BY_THE_GROUP + LOOKBACK_NEAR_MISS)
def test_lookback_carried_out_by_the_group(text, expected):
    assert fields(text, "round", "is_lookback") == expected


# ---- the Xinjiang Production and Construction Corps (兵团) is an issuer of its own ----------------

CORPS = [
    ("兵团日报讯 5月6日，兵团接收中央第五生态环境保护督察组移交第八批生态环境信访件共21件，已于当日全部交办相关师市。"
     "其中一师阿拉尔市4件、八师石河子市9件、十师北屯市8件。", ("notice", "province", "新疆生产建设兵团")),
    ("中央第五生态环境保护督察组向兵团转办第十批信访件\n兵团党委高度重视，涉及六师五家渠市3件、七师胡杨河市2件。",
     ("notice", "province", "新疆生产建设兵团")),
]
CORPS_NEAR_MISS = [
    # Xinjiang's own notice gives the corps' share
    ("本报乌鲁木齐讯 中央第五生态环境保护督察组向新疆转办第九批信访件60件，其中自治区52件，转办兵团8件。"
     "交办自治区的信访件涉及乌鲁木齐市20件、昌吉回族自治州12件。自治区党委高度重视。",
     ("notice", "province", "新疆维吾尔自治区")),
]


@pytest.mark.parametrize("text,expected", CORPS + CORPS_NEAR_MISS)
def test_corps_is_its_own_issuer(text, expected):
    assert fields(text, "doc_type", "admin_level", "region") == expected


# ---- an autonomous region's 我区 when the inspectors hand cases to the region itself --------------

AUTONOMOUS_OWN = [
    ("中央环保督察组向我区移交第十二批转办件\n来源：宁夏日报\n督察组向我区移交转办件40件。交办自治区的40件转办件"
     "已全部交至各市办理，其中银川市18件、石嘴山市9件。", ("province", "宁夏回族自治区")),
]
AUTONOMOUS_OWN += [
    # 自治区 alone as the subject: the region's own text
    ("首页 > 自治区政策法规\n2018年6月，督察组对我区开展“回头看”。2019年3月，自治区印发了整改方案，"
     "全区共有整改任务42项，我区已完成整改18项。\n责任单位：锡林郭勒盟、鄂尔多斯市。",
     ("province", "内蒙古自治区")),
]
AUTONOMOUS_NEAR_MISS = [
    # a district quoting the nation's 各省、自治区、直辖市
    ("按照中央对各省、自治区、直辖市的统一部署，我区认真整改，全区已完成整改任务9项，我区持续巩固。", ("county", None)),
    # a district of a city in an autonomous region, its own bodies speaking
    ("督察组向自治区交办信访件后，南宁市转交我区3件。区委、区政府高度重视，我区已办结2件，全区持续推进。",
     ("county", None)),
]


@pytest.mark.parametrize("text,expected", AUTONOMOUS_OWN + AUTONOMOUS_NEAR_MISS)
def test_autonomous_region_own_notice(text, expected):
    assert fields(text, "admin_level", "region") == expected


# ---- a provincial plan that names only its own departments (省直各有关部门) --------------------------

PROVINCE_DEPARTMENTS = [
    ("一、督察意见：一些地方重发展轻保护。\n责任单位：省直各有关部门，各市党委、政府。\n整改时限：立行立改、长期坚持。\n"
     "整改目标：压实责任。\n整改措施：开展集中学习培训。", ("rectification_plan", "province")),
]
PROVINCE_DEPARTMENTS_NEAR_MISS = [
    ("一、督察意见：部分县区推进迟缓。\n责任单位：市直各有关部门，各县区政府。\n整改时限：2025年底前。\n整改目标：问题清零。\n整改措施：全市开展专项排查。",
     ("rectification_plan", "city")),
]


@pytest.mark.parametrize("text,expected", PROVINCE_DEPARTMENTS + PROVINCE_DEPARTMENTS_NEAR_MISS)
def test_province_departments_responsible(text, expected):
    assert fields(text, "doc_type", "admin_level") == expected


# ---- a site's breadcrumb is not the title ------------------------------------------------------

BREADCRUMB = [
    ("当前位置：首页 > 专题专栏 > 中央生态环境保护督察在浙江 > 公告公示\n经党中央、国务院批准，中央第二生态环境保护督察组"
     "近日进驻浙江省开展督察，受理浙江省生态环境保护方面的来信来电举报。", "notice"),
]
BREADCRUMB_NEAR_MISS = [
    ("丽水市中央生态环境保护督察反馈问题整改情况公示\n我市已完成整改任务18项，其余3项正在推进。", "rectification_report"),
]


@pytest.mark.parametrize("text,expected", BREADCRUMB + BREADCRUMB_NEAR_MISS)
def test_breadcrumb_is_not_a_title(text, expected):
    assert fields(text, "doc_type") == (expected,)


# ---- a report that recalls its plan's parts still reports -----------------------------------------

REPORT_RECALLS_PLAN = [
    ("2021年4月，中央第六生态环境保护督察组对我省开展督察，督察组向省委、省政府反馈了督察意见。省委、省政府及时制定整改方案，"
     "明确总体目标、主要任务和保障措施。截至目前，方案确定的45项整改任务中，已有30项完成整改，其余按序时推进。"
     "其中大气污染防治任务12项，已完成整改9项；水污染防治任务20项，已完成整改14项。",
     "rectification_report"),
]
REPORT_RECALLS_PLAN_NEAR_MISS = [
    # a plan's target: nothing completed yet
    ("二、工作目标\n确保45项整改任务全部完成整改。\n三、保障措施\n加强组织领导，压实整改责任。", "rectification_plan"),
]


@pytest.mark.parametrize("text,expected", REPORT_RECALLS_PLAN + REPORT_RECALLS_PLAN_NEAR_MISS)
def test_report_recalling_its_plan(text, expected):
    assert fields(text, "doc_type") == (expected,)


# ---- a municipality listing its districts; a prefecture (我州) naming its counties ------------------

MUNICIPALITY_DISTRICTS = [
    ("中央第二生态环境保护督察组向我市交办第九批群众信访举报件情况\n稿源：天津市生态环境局\n本批信访举报件涉及滨海新区6件、"
     "和平区1件、河北区2件、南开区3件、西青区4件、北辰区2件。我市已全部交办。", ("province", "天津市")),
    # never named: its districts say which (河北区 is a district, not the province 河北)
    ("时报讯 督察组向我市交办第十批群众信访举报件30件，涉及滨海新区8件、河北区5件、西青区6件、北辰区4件、静海区7件。"
     "我市已全部交办相关区办理。", ("province", "天津市")),
    # ... and one district named again and again is not the issuer of 我市
    ("时报讯 督察组向我市交办第十批群众信访举报件30件，涉及滨海新区8件、河西区5件、河北区2件、西青区6件、北辰区4件、"
     "静海区5件。截至目前，督察组累计向我市交办信访件210件，其中滨海新区50件、河西区30件、河北区20件。河西区已办结全部交办件。",
     ("province", "天津市")),
    ("重庆市通报督察移交问题问责情况\n中央生态环境保护督察组对我市开展督察后移交问题线索5个。市委、市政府高度重视。"
     "经调查，奉节县水利局、奉节县林业局履职不力，县委、县政府负有领导责任。", ("province", "重庆市")),
    ("督察组向我州移交第六批信访件3件，已分别交由泸定县人民政府、丹巴县人民政府办理。全州已办结前五批信访件20件。",
     ("city", "甘孜藏族自治州")),
]
MUNICIPALITY_DISTRICTS_NEAR_MISS = [
    # a prefecture-level city naming its districts stays itself
    ("督察组向我市交办第九批信访件\n稿源：南充市生态环境局\n涉及顺庆区2件、高坪区3件、嘉陵区1件。我市已全部交办。",
     ("city", "南充市")),
    # a county naming itself: a county
    ("督察组向我县移交信访件2件，已交由泸定县人民政府办理。全县已办结8件，县委、县政府高度重视。", ("county", "泸定县")),
]


@pytest.mark.parametrize("text,expected", MUNICIPALITY_DISTRICTS + MUNICIPALITY_DISTRICTS_NEAR_MISS)
def test_municipality_districts_and_prefecture_counties(text, expected):
    assert fields(text, "admin_level", "region") == expected


LOOKBACK_GROUP_NAME = [
    ("关于中央环境保护督察组“回头看”转办件查处情况的公开（第12批）\n一、信阳市某县养殖场污水直排问题，经查属实。", (1, True)),
]


@pytest.mark.parametrize("text,expected", LOOKBACK_GROUP_NAME)
def test_lookback_named_with_the_group(text, expected):
    assert fields(text, "round", "is_lookback") == expected


# ---- the joint header of a party committee and government names the issuer -------------------

JOINT_HEADER = [
    ("中共宝鸡市委 宝鸡市人民政府\n督察组交办问题调查处理情况（第八批）\n现将第八批办理结果通报如下：\n序号 | 交办问题 | 涉及区县\n1 | 某村河道采砂 | 眉县\n"
     "2 | 某厂粉尘 | 眉县\n眉县将排查范围扩大至全县，眉县县委、县政府高度重视。", ("notice", "city", "宝鸡市")),
    ("中共甘肃省委 甘肃省人民政府\n督察组交办问题调查处理情况（第三批）\n截至目前，督察组交办信访件320件，已办结210件。",
     ("notice", "province", "甘肃省")),
]
JOINT_HEADER_NEAR_MISS = [
    # a single government named at the top of a page is the site, not the joint header
    ("武定县人民政府\n云南省中央生态环境保护督察反馈问题整改落实情况\n我省已完成整改任务40项，全省持续推进整改。",
     ("rectification_report", "province", "云南省")),
]


@pytest.mark.parametrize("text,expected", JOINT_HEADER + JOINT_HEADER_NEAR_MISS)
def test_joint_header_is_the_issuer(text, expected):
    assert fields(text, "doc_type", "admin_level", "region") == expected


# ---- a two-character county opening the text as its issuer (萧县关于…) -------------------------

TWO_CHARACTER_COUNTY = [
    ("萧县关于第二轮中央生态环境保护督察反馈问题整改情况的报告\n我县共承担整改任务15项，已完成整改12项，全县持续推进。",
     ("rectification_report", "county", "萧县")),
    ("环县贯彻落实第三轮中央生态环境保护督察报告整改方案\n为抓好整改，特制定本方案。全县各乡镇要压实责任。",
     ("rectification_plan", "county", "环县")),
]
TWO_CHARACTER_COUNTY_NEAR_MISS = [
    # the county's name opens a sentence that is not an issuer's line
    ("凤县举办秋季招商推介会，我县签约项目5个。全县各乡镇持续推进督察反馈问题整改，已完成整改8项。",
     ("rectification_report", "county", None)),
]


@pytest.mark.parametrize("text,expected", TWO_CHARACTER_COUNTY + TWO_CHARACTER_COUNTY_NEAR_MISS)
def test_two_character_county_opening_the_text(text, expected):
    assert fields(text, "doc_type", "admin_level", "region") == expected


# ---- no self-reference, but the issuer opens the title ------------------------------------------

ISSUER_OPENS_TITLE = [
    ("广西壮族自治区贯彻落实中央生态环境保护督察反馈意见整改方案\n为全面落实督察反馈意见，明确整改目标和措施，"
     "现将有关任务分解如下。整改目标：问题按期清零。", ("rectification_plan", "province", "广西壮族自治区")),
]
ISSUER_OPENS_TITLE_NEAR_MISS = [
    # a county bureau written under its city's name (萍乡市莲花生态环境局) is not the city
    ("萍乡市芦溪生态环境局开展督察交办件核查\n近日，局执法人员对交办件逐件现场核查，督察组向芦溪县交办的信访件已全部办结。",
     ("county", "芦溪县")),
]


@pytest.mark.parametrize("text,expected", ISSUER_OPENS_TITLE)
def test_issuer_opening_the_title(text, expected):
    assert fields(text, "doc_type", "admin_level", "region") == expected


@pytest.mark.parametrize("text,expected", ISSUER_OPENS_TITLE_NEAR_MISS)
def test_city_name_before_a_county_bureau(text, expected):
    assert fields(text, "admin_level", "region") == expected


# ---- accountability for what the inspectors handed over; 交办案件 in a title -------------------

ACCOUNTABILITY_AND_CASES = [
    ("9月3日西宁报道 青海省公开中央生态环境保护督察移交生态环境损害责任追究问题问责情况。经调查，共问责52人。", "notice"),
    ("中央生态环境保护督察组交办案件办理结果公示（第5批）\n一、某县养殖场粪污直排问题。经查属实，已责令整改。", "notice"),
]
ACCOUNTABILITY_NEAR_MISS = [
    # a report's own section on accountability stays a report
    ("我市关于督察整改落实情况的报告\n一、整改进展\n反馈问题32项，已完成整改28项，其余正在推进。\n二、责任追究情况\n共问责15人。",
     "rectification_report"),
]


@pytest.mark.parametrize("text,expected", ACCOUNTABILITY_AND_CASES + ACCOUNTABILITY_NEAR_MISS)
def test_accountability_and_handled_cases_are_notices(text, expected):
    assert fields(text, "doc_type") == (expected,)


# ---- a city notice listing two of its counties (its own name never written) -----------------------

CITY_BY_TWO_COUNTIES = [
    ("4月9日，督察组向我市转办第五批信访件4件，涉及2个县区，其中彰武县1件、新邱区3件。我市已全部交办。", ("city", "阜新市")),
    # a sibling named in an address (南宁市2018年…) is no listed sibling
    ("督察组向我市转交第六批投诉5件：八步3件，平桂1件，钟山1件。来信请寄南宁市2018号信箱。", ("city", "贺州市")),
    # the city listed with its own total before its districts is no sibling of theirs
    ("6月2日，督察组转办第八批信访件，德州市共9件，其中德城区3件、陵城区2件、禹城市4件。", ("city", "德州市")),
]
CITY_BY_TWO_COUNTIES_NEAR_MISS = [
    # a province listing two districts of one of its cities, and another city, stays the province
    ("督察组向我省交办第五批信访件60件，我省已全部转交各市办理。其中南昌市红谷滩区3件、青山湖区2件，九江市8件，"
     "全省各地正在办理。省委、省政府高度重视。", ("province", "江西省")),
    ("督察组向我省交办第六批信访件45件。其中南昌市东湖区4件、西湖区2件，赣州市6件，上饶市3件。", ("province", "江西省")),
    # a county naming two counties of another city stays a county of unknown name
    ("督察组向我县转办信访件3件，其中涉及邻近的彰武县1件、新邱区2件，已转交相关县区。全县持续整改。", ("county", None)),
]


@pytest.mark.parametrize("text,expected", CITY_BY_TWO_COUNTIES + CITY_BY_TWO_COUNTIES_NEAR_MISS)
def test_city_by_two_listed_counties(text, expected):
    assert fields(text, "admin_level", "region") == expected


# ---- a district that names itself only where its own count is given (涉及渝中区1件) ---------------

OWN_DISTRICT_COUNTED = [
    ("督察交办件边督边改情况公开（第八批）\n我区公开第八批信访举报件办理情况。截至5月20日，对督察组向重庆市移交的"
     "第八批群众信访举报件，涉及江北区2件，目前已全部办结。我区将持续公开。", ("county", "江北区")),
]
OWN_DISTRICT_COUNTED_NEAR_MISS = [
    # a county visiting another: no count, no issuer
    ("我县组织砖厂业主到蓬溪县考察学习。全县共有砖厂14家，我县已关停5家。", ("county", None)),
    # two districts counted: which one speaks is not said
    ("我区公开第八批信访举报件办理情况，涉及江北区2件、渝北区3件，目前已全部办结。我区将持续公开。", ("county", None)),
    # a county-level city counted beside a prefecture: an autonomous region's list, not the county's own text
    ("督察组向我区转办第三批信访件30件，其中石河子市6件、伊犁哈萨克自治州24件。", ("county", None)),
]


@pytest.mark.parametrize("text,expected", OWN_DISTRICT_COUNTED + OWN_DISTRICT_COUNTED_NEAR_MISS)
def test_own_district_named_by_its_count(text, expected):
    assert fields(text, "admin_level", "region") == expected


# ---- a city's text naming its counties and itself only in passing --------------------------------

CITY_BY_ITS_COUNTIES = [
    ("在全市督察整改调度会上的讲话\n同志们：\n刚才，宛城区、淅川县作了发言，我都同意。全市整改任务已完成八成。"
     "希望大家再接再厉，为建设美丽南阳作出新贡献。", ("speech", "city", "南阳")),
]
CITY_BY_ITS_COUNTIES_NEAR_MISS = [
    # counties of two cities
    ("在全市督察整改调度会上的讲话\n同志们：\n刚才，宛城区、固始县作了发言。全市整改任务已完成八成，南阳、信阳两地要互相学习。",
     ("speech", "city", None)),
    # the city itself never named
    ("在全市督察整改调度会上的讲话\n同志们：\n刚才，宛城区、淅川县作了发言，我都同意。全市整改任务已完成八成。",
     ("speech", "city", None)),
]


@pytest.mark.parametrize("text,expected", CITY_BY_ITS_COUNTIES + CITY_BY_ITS_COUNTIES_NEAR_MISS)
def test_city_named_in_passing_with_its_counties(text, expected):
    assert fields(text, "doc_type", "admin_level", "region") == expected


# ---- a bare first round named as a past time (第一轮督察反馈后 / 以来) is not the document's round ------

FIRST_ROUND_IN_THE_PAST = [
    ("中央第三生态环境保护督察组向广东省反馈督察情况。督察指出，湛江市某港区项目在第一轮督察进驻结束后仍在填海。", None),
    ("十二、第一轮督察反馈后，有关部门对某岛违建项目虽然暂停建设，但一直没有制定可操作的整改计划。\n"
     "整改目标：完成项目分类处置。", None),
    ("第一轮环保督察以来，沿海岸线违规开发问题时有反弹，督察发现整改不到位。", None),
]
FIRST_ROUND_IN_THE_PAST_NEAR_MISS = [
    # the formal name with 中央: the document's reference
    ("第一轮中央环境保护督察反馈以来，我县共完成整改任务12项，剩余3项正在推进。", 1),
    # a later round's own report says 第二轮…以来 of itself
    ("第二轮督察进驻以来，我市共收到督察组交办件86件，已办结80件。", 2),
    # a past first round beside the formal name of the document's own round
    ("第一轮督察以来，全县整改取得成效。第二轮中央生态环境保护督察反馈问题整改方案已经印发。", 2),
    # not a past time: 第一轮督察中 still names the first round
    ("在第一轮督察中被举报的加工厂又恢复了生产。", 1),
]


@pytest.mark.parametrize("text,expected", FIRST_ROUND_IN_THE_PAST + FIRST_ROUND_IN_THE_PAST_NEAR_MISS)
def test_first_round_named_as_a_past_time(text, expected):
    assert fields(text, "round") == (expected,)


# ---- a plan's task list (整改目标 / 责任单位：省某厅 / 整改期限：…) with no heading of its own -----------

PLAN_TASK_FIELDS = [
    # the flattened task rows (责任单位 / 整改期限 per measure) outweigh the findings' report words
    ("九、违法占用林地问题整改不力。有关部门采取暂停措施后取得初步成效，但督导整改尺度不一，推进整改缓慢。\n"
     "整改目标：分阶段推动问题整改到位。\n整改措施：\n37.督促各地完成占用林地项目清理。\n责任单位：省林业局\n"
     "整改期限：2021年6月底前\n38.2020年底前，编制违建拆除方案。\n责任单位：省林业局、省司法厅\n整改期限：2021年1月底前\n"
     "39.完成违建拆除。\n责任单位：儋州市、三亚市党委和政府\n整改期限：2021年2月底前", ("rectification_plan", "province", "海南省")),
    ("八、部分海岛开发项目整改不到位，有关部门推进缓慢。\n整改目标：对违规用海项目分类处置。\n"
     "督导单位：省自然资源厅、省生态环境厅\n整改措施：\n21.2022年6月底前，指导市县制定一岛一策处置方案。\n"
     "责任单位：省自然资源厅，三亚市、陵水黎族自治县党委和政府\n整改期限：2022年6月底前\n"
     "22.依法收回违规项目海域使用权。\n责任单位：省自然资源厅、省司法厅\n整改期限：2022年9月底前",
     ("rectification_plan", "province", "海南省")),
    ("五、部分矿山生态修复滞后。\n整改目标：完成历史遗留矿山修复。\n整改措施：开展矿山修复专项行动，全面排查在建矿山。\n"
     "牵头单位：省自然资源厅\n整改时限：2023年底前", ("rectification_plan", "province", None)),
]
PLAN_TASK_FIELDS_NEAR_MISS = [
    # a report's table: the time limit beside what was done
    ("三、饮用水水源保护区内违建问题。\n整改时限：2020年底前。\n整改进展情况：已完成整改，违建全部拆除，已销号。\n"
     "四、城区黑臭水体问题。\n整改时限：2021年底前。\n整改进展情况：已完成整改。", ("rectification_report", None, None)),
    # a city plan: the province's department only helps
    ("二、我市部分工业园区污水收集不到位。\n整改目标：园区污水应收尽收。\n责任单位：市生态环境局，配合单位：省生态环境厅\n"
     "整改时限：2024年底前。全市各园区要逐一排查。", ("rectification_plan", "city", None)),
]


@pytest.mark.parametrize("text,expected", PLAN_TASK_FIELDS + PLAN_TASK_FIELDS_NEAR_MISS)
def test_plan_task_fields(text, expected):
    assert fields(text, "doc_type", "admin_level", "region") == expected


# ---- a district government's meeting news: its towns addressed as 各镇（街道） / 各镇办 -------------------

DISTRICT_TOWNS = [
    ("区政府召开督察反馈问题整改验收推进会\n3月2日，临潼区政府召开督察反馈问题整改验收推进会，区生态环境局、水务局、"
     "城管局和各镇（街道）主要负责人参加。会议要求，各镇办要认真准备验收资料，确保问题按期销号。", ("county", "临潼区")),
    ("雁塔区召开环保督察整改调度会，区委常委主持，各镇街负责人汇报整改进度。", ("county", "雁塔区")),
]
DISTRICT_TOWNS_NEAR_MISS = [
    # a city's meeting reaches the towns too
    ("我市召开督察整改推进会，各县区和各镇（街道）负责人参加，全市整改任务已完成九成。", ("city", None)),
]


@pytest.mark.parametrize("text,expected", DISTRICT_TOWNS + DISTRICT_TOWNS_NEAR_MISS)
def test_district_towns_addressed(text, expected):
    assert fields(text, "admin_level", "region") == expected


# ---- news of a central rule's issuance (中共中央、国务院印发《…条例》) opening the text -------------------

CENTRAL_RULE_ISSUED = [
    ("中共中央、国务院印发《生态环境督察问责若干规定》，并发出通知，要求认真贯彻落实。\n"
     "条例明确，督察对象包括省级党委和政府、有关中央企业。督察进驻期间受理信访举报。", ("other", "national")),
    ("首页 > 要闻\n中共中央 国务院印发《生态环境督察问责若干规定》\n来源：新华社\n"
     "第三章 督察对象和内容\n督察组进驻被督察对象开展督察。", ("other", "national")),
]
CENTRAL_RULE_ISSUED_NEAR_MISS = [
    # a county speech citing the rule later on
    ("同志们：\n今年以来，我县整改工作取得明显成效。中共中央、国务院印发《生态环境督察问责若干规定》，"
     "对我们提出了更高要求，全县上下要认真学习。", ("speech", "county")),
    # a city's text opening with the rule, then speaking of itself
    ("中共中央、国务院印发《生态环境督察问责若干规定》以来，我市认真贯彻落实，全市督察整改任务已完成八成，"
     "我市将持续推进。", ("rectification_report", "city")),
    # a national bulletin stays one
    ("生态环境部通报：第三轮第五批中央生态环境保护督察组共受理群众信访举报1.2万件，各督察组已全部转办。",
     ("progress_bulletin", "national")),
]


@pytest.mark.parametrize("text,expected", CENTRAL_RULE_ISSUED + CENTRAL_RULE_ISSUED_NEAR_MISS)
def test_central_rule_issued(text, expected):
    assert fields(text, "doc_type", "admin_level") == expected


# ---- a province's numbered publication of petitions (第十批中央生态环境保护督察某省群众信访举报…公开) is not the
# inspection's batch -----------------------------------------------------------------------------------

PETITION_PUBLICATION_BATCH = [
    ("今天，我省接到督察组交办的群众信访举报案件88件。\n同日，我省公布第十二批中央生态环境保护督察辽宁省群众信访举报"
     "转办和边督边改公开情况。", None),
    ("第3批中央生态环境保护督察贵州省群众信访举报件办理情况公示", None),
]
PETITION_PUBLICATION_BATCH_NEAR_MISS = [
    ("第四批中央生态环境保护督察信访举报受理情况\n截至6月10日，5个督察组累计收到群众来电来信举报8000余件。", 4),
    ("第二轮第三批中央生态环境保护督察全面启动，8个督察组进驻。", 3),
]


@pytest.mark.parametrize("text,expected", PETITION_PUBLICATION_BATCH + PETITION_PUBLICATION_BATCH_NEAR_MISS)
def test_petition_publication_is_not_a_batch(text, expected):
    assert fields(text, "batch") == (expected,)


# ---- the title stands a few lines down, after a lead paragraph copied above it ------------------------

TITLE_AFTER_LEAD = [
    ("2021年8月10日至9月10日，中央第一生态环境保护督察组对吉林省开展了第二轮生态环境保护督察，同年12月反馈意见。"
     "吉林省委、省政府高度重视，把整改作为重大政治任务，转办的1800件信访案件已办结1750件\n\n首页 > 要闻\n\n"
     "吉林省公开第二轮中央生态环境保护督察整改情况\n2023-06-30 来源：吉林省人民政府\n"
     "一、坚决扛起督察整改政治责任\n省委常委会会议多次专题研究。", "rectification_report"),
]
TITLE_AFTER_LEAD_NEAR_MISS = [
    # a later line without a type's title words does not stand in for the title
    ("12月3日，中央第一生态环境保护督察组向我省交办第五批群众信访举报件73件，其中来电50件。\n"
     "相关新闻\n我省召开生态环境保护大会\n全省整改工作取得阶段性成效。", "notice"),
    # the first line is a title: later lines are not consulted
    ("中央第三生态环境保护督察组向我市转办第八批信访件\n附：某市公开第二轮督察整改情况\n本批信访件共15件，已交办各区。",
     "notice"),
]


@pytest.mark.parametrize("text,expected", TITLE_AFTER_LEAD + TITLE_AFTER_LEAD_NEAR_MISS)
def test_title_after_a_lead(text, expected):
    assert fields(text, "doc_type") == (expected,)


# ---- a provincial department's own notice (我厅 / 本厅; 自治区某某厅 signs it) -------------------------

PROVINCE_DEPARTMENT_OWN = [
    ("公示\n为做好第二轮中央生态环境保护督察反馈问题整改工作，自治区自然资源厅成立整改工作领导小组。"
     "目前我厅牵头负责的3项整改任务已完成，现将完成情况向社会公示。\n联系电话：0891-0000000\n西藏自治区自然资源厅\n2025年8月19日",
     ("province", "西藏自治区")),
    ("本厅牵头的督察整改任务已全部完成验收销号。\n湖南省水利厅", ("province", "湖南省")),
]
PROVINCE_DEPARTMENT_OWN_NEAR_MISS = [
    # a city bureau (我局) is not a province's department
    ("公示\n目前我局牵头负责的2项整改任务已完成，现将完成情况向社会公示。\n汉中市自然资源局", (None, None)),
    # a city's text reporting to the province's department
    ("我市已将整改材料报送省生态环境厅审核，全市整改任务完成率95%。", ("city", None)),
]


@pytest.mark.parametrize("text,expected", PROVINCE_DEPARTMENT_OWN + PROVINCE_DEPARTMENT_OWN_NEAR_MISS)
def test_province_department_own_notice(text, expected):
    assert fields(text, "admin_level", "region") == expected


# ---- a round of a local supervision (州第一轮督导) is not the central inspection's round ------------------

LOCAL_SUPERVISION_ROUND = [
    ("5月8日，州环保第二督导组来我县检查。此次督导聚焦州第一轮督导交办问题的落实。", None),
    ("市第二轮环保督导反馈的问题已全部整改到位。", None),
]
LOCAL_SUPERVISION_ROUND_NEAR_MISS = [
    ("第二轮中央环保督察期间，省督导组来我县督导信访件办理。", 2),
]


@pytest.mark.parametrize("text,expected", LOCAL_SUPERVISION_ROUND + LOCAL_SUPERVISION_ROUND_NEAR_MISS)
def test_local_supervision_round(text, expected):
    assert fields(text, "round") == (expected,)


# ---- a local body's own review of the inspectors' cases (我市…对督察组交办件开展“回头看”) is no lookback -------

LOCAL_REVIEW_NOT_LOOKBACK = [
    ("我市开展中央生态环境保护督察“回头看”\n近日，我市抽调人员成立专班，对中央第五生态环境保护督察组交办的信访件开展“回头看”工作，"
     "逐件复核办理结果。", (None, None)),
    ("本县对中央环保督察组交办的群众举报件开展“回头看”，防止问题反弹。", (None, None)),
]
LOCAL_REVIEW_NOT_LOOKBACK_NEAR_MISS = [
    # the inspectors carry it out in the province
    ("中央第五环境保护督察组进驻我省开展“回头看”，我省全力做好配合工作。", (1, True)),
    # the province helps the inspectors carry it out
    ("我省积极配合中央环境保护督察组开展“回头看”工作，及时办理交办件。", (1, True)),
    ("2018年6月，中央第三环境保护督察组对我区开展了“回头看”，重点检查整改情况。", (1, True)),
]


@pytest.mark.parametrize("text,expected", LOCAL_REVIEW_NOT_LOOKBACK + LOCAL_REVIEW_NOT_LOOKBACK_NEAR_MISS)
def test_local_review_is_not_the_lookback(text, expected):
    assert fields(text, "round", "is_lookback") == expected


# ---- the inspection carried out (督察组对某省实施了第三轮生态环境保护督察) outweighs a past round named formally --------

ROUND_CARRIED_OUT = [
    ("中央第二生态环境保护督察组对四川省实施了第三轮生态环境保护督察，并于近日反馈督察意见。督察指出，"
     "第二轮中央环保督察反馈问题整改仍不到位。", 3),
    ("督察组对湖北省开展了第三轮生态环境保护督察。督察发现，一些第二轮中央生态环境保护督察指出的问题出现反弹。", 3),
]
ROUND_CARRIED_OUT_NEAR_MISS = [
    ("中央第四生态环境保护督察组对我省开展了第二轮中央生态环境保护督察，我省整改任务已完成30项。", 2),
    # named twice formally against once carried out: the formal naming still wins
    ("2021年督察组对我市开展了第二轮生态环境保护督察。第三轮中央生态环境保护督察将于今年进驻，"
     "我市做好第三轮中央生态环境保护督察迎检准备。", 3),
]


@pytest.mark.parametrize("text,expected", ROUND_CARRIED_OUT + ROUND_CARRIED_OUT_NEAR_MISS)
def test_round_carried_out(text, expected):
    assert fields(text, "round") == (expected,)


# ---- a province's notice naming its cities only by their short names (哈尔滨、大庆、绥化) ------------------

PROVINCE_BY_SHORT_CITY_NAMES = [
    ("督察组交办信访件办理进展通报\n截至6月5日，督察组共向我省交办信访件310件，已办结150件。\n"
     "办理情况统计表\n\n市地\n\n已办件数\n\n办结件数\n\n哈尔滨\n\n120\n\n60\n\n大庆\n\n30\n\n20\n\n绥化\n\n15\n\n9",
     ("province", "黑龙江省")),
]
PROVINCE_BY_SHORT_CITY_NAMES_NEAR_MISS = [
    # short names of two provinces' cities: no province
    ("督察组向我省转办了信访件。\n\n哈尔滨\n\n120\n\n长春\n\n30", ("province", None)),
]


@pytest.mark.parametrize("text,expected", PROVINCE_BY_SHORT_CITY_NAMES + PROVINCE_BY_SHORT_CITY_NAMES_NEAR_MISS)
def test_province_by_short_city_names(text, expected):
    assert fields(text, "admin_level", "region") == expected
