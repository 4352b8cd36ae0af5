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
