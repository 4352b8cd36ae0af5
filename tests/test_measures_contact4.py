"""Phrasings of the fourth measures round (invented text in the genre): who acts when the text
says 我市 / 我省 (the document's own region), when several bodies act alike (市直16个部门,
各县区), and when a town, a street's office or a village committee acts."""
import pytest

from pipeline.measures import extract_measures

from test_measures import found


def responsible(text: str, region: str | None) -> list[tuple[str, str | None]]:
    return [(m.text, m.responsible) for m in extract_measures(text, region=region)]


# --- 我市 / 我省 / 我区 / 我县: the document's region, when it has that rank -------------------------
OWN_REGION = [
    ("我市投入资金2000万元，新建污水处理厂1座。", "青石市", [("我市投入资金2000万元，新建污水处理厂1座", "青石市")]),
    ("我省已关停小煤矿35处。", "江川省", [("我省已关停小煤矿35处", "江川省")]),
    ("我区完成河道清淤12公里。", "大洼區", [("我区完成河道清淤12公里", "大洼區")]),  # the region as the document writes it
    ("本县拆除违建养殖场8处。", "白河县", [("本县拆除违建养殖场8处", "白河县")]),
    # a body of the region keeps its own name after the place
    ("我市生态环境局联合市水利局开展执法检查，查处违法企业12家。", "青石市",
     [("我市生态环境局联合市水利局开展执法检查", "青石市生态环境局"), ("查处违法企业12家", "青石市生态环境局")]),
    # the rectifying body of the paragraph (我市高度重视) is named too
    ("我市高度重视，立即组织拆除违建厂房3处。", "青石市", [("立即组织拆除违建厂房3处", "青石市")]),
    # near misses: a region of another rank, or no region known: as written
    ("我区完成河道清淤12公里。", "江川省", [("我区完成河道清淤12公里", "我区")]),
    ("我市投入资金2000万元，新建污水处理厂1座。", None, [("我市投入资金2000万元，新建污水处理厂1座", "我市")]),
    # 我市 inside the clause is no subject
    ("推动我市重点工业领域节能降碳，关停高耗能企业4家。", "青石市", [("推动我市重点工业领域节能降碳，关停高耗能企业4家", None)]),
]


@pytest.mark.parametrize("text, region, expected", OWN_REGION)
def test_own_region_names_the_deictic_subject(text, region, expected):
    assert responsible(text, region) == expected


# --- several bodies acting alike: the clause's subject, as written ------------------------------
PLURAL = [
    ("市直16个部门联合印发《青石市生态环境保护责任清单》。",
     [("市直16个部门联合印发《青石市生态环境保护责任清单》", "市直16个部门")]),
    ("全省11个市均已成立督察整改领导小组。", [("全省11个市均已成立督察整改领导小组", "全省11个市")]),
    ("各县区要在2024年底前完成黑臭水体排查。", [("各县区要在2024年底前完成黑臭水体排查", "各县区")]),
    ("13个县区已全部完成入河排污口排查。", [("13个县区已全部完成入河排污口排查", "13个县区")]),
    ("各地各部门第一时间调查核实交办件，依法查处违法企业21家。",
     [("各地各部门第一时间调查核实交办件，依法查处违法企业21家", "各地各部门")]),
    # near miss: the bodies are the object, not the subject
    ("对3个部门进行约谈。", [("对3个部门进行约谈", None)]),
]


@pytest.mark.parametrize("text, expected", PLURAL)
def test_plural_subjects_as_written(text, expected):
    assert found(text, "text", "responsible") == expected


# --- towns, street offices, villages and communities as bodies ---------------------------------
LOCAL_BODIES = [
    ("城关街道办事处组织人员清理垃圾30吨。", [("城关街道办事处组织人员清理垃圾30吨", "城关街道办事处")]),
    ("石桥村委会组织清理河道垃圾。", [("石桥村委会组织清理河道垃圾", "石桥村委会")]),
    ("村委会对倾倒的渣土就地整平。", [("村委会对倾倒的渣土就地整平", "村委会")]),
    ("白沙社区拆除违建棚屋6处。", [("白沙社区拆除违建棚屋6处", "白沙社区")]),
    ("柳河镇已拆除沿河违建12处。", [("柳河镇已拆除沿河违建12处", "柳河镇")]),
    # near miss: 农村 is no village
    ("农村生活污水处理站已建成12座。", [("农村生活污水处理站已建成12座", None)]),
]


@pytest.mark.parametrize("text, expected", LOCAL_BODIES)
def test_towns_streets_and_villages_are_bodies(text, expected):
    assert found(text, "text", "responsible") == expected


def test_plural_counts_are_no_subject():
    # a figure given for several places is no body acting
    assert [m.responsible for m in extract_measures("13个县区污水处理率达到95%，新建管网20公里。")] in ([], [None])


# --- news pages: the headline above the dateline, related links, navigation ---------------------
NEWS = [
    # the headline restates the story: only the story's own sentence is a measure
    ("青石县关停散乱污企业30家\n2023-05-06 10:20 来源：青石日报\n记者从县生态环境局获悉，今年以来，青石县关停散乱污企业30家。",
     ["记者从县生态环境局获悉，今年以来，青石县关停散乱污企业30家"]),
    ("白河市拆除河道违建12处\n发布时间：2023年6月2日 作者：王明\n6月1日，白河市拆除河道违建12处。",
     ["6月1日，白河市拆除河道违建12处"]),
    # a link to the previous / next story and the list after 往期回顾 are other pages' headlines
    ("6月1日，白河市拆除河道违建12处。\n>>上一篇：助力乡村振兴，江川省逐步建立农业面源污染治理体系\n>>下一篇：某地开展执法检查",
     ["6月1日，白河市拆除河道违建12处"]),
    ("6月1日，白河市拆除河道违建12处。\n往期回顾\n青石县全面关停小砖窑\n白河市新建污水处理厂2座",
     ["6月1日，白河市拆除河道违建12处"]),
    # a related link that ends with the site's channel name
    ("6月1日，白河市拆除河道违建12处。\n各地出台举措严防整改问题反弹江川新闻网白河频道",
     ["6月1日，白河市拆除河道违建12处"]),
    # near miss: a first line with no dateline under it is read
    ("白河市拆除河道违建12处\n新建污水管网8公里。", ["白河市拆除河道违建12处", "新建污水管网8公里"]),
]


@pytest.mark.parametrize("text, expected", NEWS)
def test_news_headlines_and_links_are_not_measures(text, expected):
    assert found(text) == expected


# --- a case's background in the investigation column ---------------------------------------------
HISTORY = [
    ("2018年5月，为解决村民宅基地不足一事，经时任石桥村村主任同意，由原村会计负责平整该地块，"
     "并于2019年3月由村民在该地块建房。2022年6月3日，城关街道纪工委给予原村会计党内警告处分。",
     [("2022年6月3日，城关街道纪工委给予原村会计党内警告处分", "城关街道纪工委")]),
    # near misses: a sanction of a former official, and an approval by a body now, are measures
    ("2023年4月，县纪委对时任县水利局局长给予警告处分。", [("2023年4月，县纪委对时任县水利局局长给予警告处分", "县纪委")]),
    ("经市政府同意，市生态环境局印发《白河流域水污染防治方案》。",
     [("经市政府同意，市生态环境局印发《白河流域水污染防治方案》", "市生态环境局")]),
]


@pytest.mark.parametrize("text, expected", HISTORY)
def test_case_background_is_not_a_measure(text, expected):
    assert found(text, "text", "responsible") == expected


# --- meeting and visit news: a speaker's demands, the inspectors' findings ------------------------
NOT_MEASURES = [
    # a meeting's demands with nothing concrete in them
    "会议强调，要全面加强对生态环境保护工作的组织领导，持续推进全县水污染防治工作。"
    "要加强部门协作联动，集中联合执法，依法查处各类环境违法行为。",
    # a visitor's demands (要求我县…。要…)
    "6月7日，省水利厅副厅长来我县调研整改工作。要求我县严格按照整改方案推进整改。要坚持问题导向，全面排查整治各类环境问题，持续巩固修复成果。",
    "他要求，乡镇及环保部门要加强秸秆焚烧摸排，加大处罚力度；各级各部门要全面梳理排查，抓好自查自改。",
    # the inspectors' findings after 督察组指出，
    "督察组指出，江川省一些地方推动整改态度不坚决。白河市多次将企业停产的原因归结为环保督察，大气污染治理亟须攻坚克难。",
    # a leader's visit checking on the progress
    "县委副书记一行先后去往白河、青石等乡镇，实地察看污水处理厂建设，现场督查交办信访件办理情况和反馈问题整改推进情况。",
]


@pytest.mark.parametrize("text", NOT_MEASURES)
def test_demands_findings_and_visits_are_not_measures(text):
    assert found(text) == []


DEMANDS_THAT_STAY = [
    # a concrete demand (a date in its part of the sentence) stays, with its sanction
    ("市政府要求，要在8月底前完成小锅炉拆除工作；6月底要对各单位进展情况进行督查，对不能按期完成的，要通报批评。",
     ["市政府要求，要在8月底前完成小锅炉拆除工作", "6月底要对各单位进展情况进行督查", "对不能按期完成的，要通报批评"]),
    ("他要求，污水管网施工单位要加快施工进度，确保12月底前投入使用；各乡镇要加大宣传力度。",
     ["他要求，污水管网施工单位要加快施工进度", "确保12月底前投入使用"]),
    # the findings end where the paragraph turns to what was done
    ("督察指出，白河市一些整改任务仍有敷衍整改情况，截至8月底，已责令整改120家；立案处罚30家，罚款240万元。",
     ["截至8月底，已责令整改120家", "立案处罚30家，罚款240万元"]),
    # a report's done measure after a demand stays (已…)
    ("会议要求，各地要持续巩固整改成果。目前，青石县已拆除沿河违建全部到位。",
     ["目前，青石县已拆除沿河违建全部到位"]),
]


@pytest.mark.parametrize("text, expected", DEMANDS_THAT_STAY)
def test_concrete_demands_and_results_stay(text, expected):
    assert found(text) == expected


# --- from the hold-out (after judging it) -----------------------------------------------------------
HOLD_OUT_NOT_MEASURES = [
    # a visitor's demands after a short frame (就做好下一步工作，X要求，…)
    "就做好下一步工作，副市长要求，要进一步完善督办机制，强化纪律监督，以严肃的纪律督促整改。",
    # the inspection's focus list
    "督察重点关注大气污染防治中的突出问题；违法侵占自然保护地、破坏岸线等问题；固体废物处理处置、污染治理情况。",
]


@pytest.mark.parametrize("text", HOLD_OUT_NOT_MEASURES)
def test_hold_out_demands_and_focus_lists(text):
    assert found(text) == []


def test_a_visitors_praise_names_no_rectifier():
    # 副市长认为我县高度重视 is not the body that rectifies (near miss: 青石县高度重视 is)
    text = "副市长认为我县高度重视整改工作。全县新建污水管网8公里。"
    assert found(text, "responsible") == [(None,)]
    assert found("青石县高度重视整改工作，新建污水管网8公里。", "responsible") == [("青石县",)]
    # a condition of a directive (按照省委要求，) opens no demand
    assert found("按照省委要求，县水利局拆除违建码头。") == ["按照省委要求，县水利局拆除违建码头"]


def test_a_dropped_clause_leaves_its_siblings_whole():
    # a focus-list clause dropped beside kept ones: the kept ones still read their sentence
    assert found("系统评估污染防治攻坚战成效，核查产业绿色升级进展，重点关注生态保护修复工程实施效果。") == ["核查产业绿色升级进展"]


# --- status: a condition on things done (对已…的) and a body named 深入推进…办公室 -------------------
STATUS = [
    ("对已整改到位的问题，要开展“回头看”，巩固整改成果。", [("对已整改到位的问题，要开展“回头看”，巩固整改成果", "planned")]),
    ("成立深入推进督察整改工作办公室。", [("成立深入推进督察整改工作办公室", None)]),
    # near misses: done and ongoing in the measure's own words
    ("违规堆存的渣土已清理完毕。", [("违规堆存的渣土已清理完毕", "done")]),
    ("正在推进白河流域综合整治。", [("正在推进白河流域综合整治", "ongoing")]),
]


@pytest.mark.parametrize("text, expected", STATUS)
def test_status_of_conditions_and_names(text, expected):
    assert found(text, "text", "status") == expected


def test_the_pipeline_names_our_city_by_the_documents_region():
    # the measures stage reads 我市 by documents.region after the metadata (serial run or halves)
    from pipeline.records import Document
    from pipeline.run import measures_region

    doc = Document("d", "d.txt")
    doc.meta = {"region": "大洼區"}
    doc.measures = extract_measures("我区完成河道清淤12公里。我市新建污水管网8公里。")
    doc.measures[0].responsible = "我區"  # as written in a Traditional-script page
    assert [m.responsible for m in measures_region(doc).measures] == ["大洼區", "我市"]
