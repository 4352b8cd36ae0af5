from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.gazetteer import gazetteer, short_name
from pipeline.metadata import cn_int, infer_metadata, inspection_dates, inspection_round
from pipeline.normalize import normalized

FIXTURES = Path(__file__).parent / "fixtures"


def meta(name: str) -> dict:
    # The driver hands over the normalized view (Simplified script, half-width digits).
    return infer_metadata(normalized((FIXTURES / name).read_text(encoding="utf-8")).text)


EXPECTED = {
    "meta_speech_county.txt": dict(
        doc_type="speech", admin_level="county", region="长兴县", region_code="330522", province="浙江省",
        round=2, is_lookback=False, batch=None, inspection_group=None,
        entry_date=None, feedback_date=None, report_date=None),
    "meta_plan_city.txt": dict(
        doc_type="rectification_plan", admin_level="city", region="赣州市", region_code="360700", province="江西省",
        round=3, is_lookback=False, batch=2, inspection_group=4,
        entry_date="2024-05-08", feedback_date="2024-09-12", report_date=None),
    "meta_report_masked.txt": dict(
        doc_type="rectification_report", admin_level="city", region=None, region_code=None, province=None,
        round=1, is_lookback=True, batch=None, inspection_group=None,
        entry_date="2018-06", feedback_date="2018", report_date="2019-03-15"),
    "meta_notice_autonomous.txt": dict(
        doc_type="notice", admin_level="province", region="广西壮族自治区", region_code="450000",
        province="广西壮族自治区", round=None, is_lookback=None, batch=None, inspection_group=5,
        entry_date=None, feedback_date=None, report_date=None),
    "meta_bulletin_national.txt": dict(
        doc_type="progress_bulletin", admin_level="national", region=None, region_code=None, province=None,
        round=3, is_lookback=False, batch=1, inspection_group=None,
        entry_date="2023-11-21", feedback_date=None, report_date=None),
    "meta_enterprise_report.txt": dict(
        doc_type="rectification_report", admin_level="enterprise", region=None, region_code=None, province=None,
        round=None, is_lookback=None, batch=None, inspection_group=None,
        entry_date=None, feedback_date=None, report_date=None),
    "meta_bulletin_lookback_trad.txt": dict(
        doc_type="progress_bulletin", admin_level="national", region=None, region_code=None, province=None,
        round=1, is_lookback=True, batch=2, inspection_group=None,
        entry_date=None, feedback_date=None, report_date=None),
    "meta_other.txt": dict(
        doc_type="other", admin_level=None, region=None, region_code=None, province=None,
        round=None, is_lookback=None, batch=None, inspection_group=None,
        entry_date=None, feedback_date=None, report_date=None),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_metadata(name):
    assert meta(name) == EXPECTED[name]


def test_masked_county_keeps_its_level():
    text = "关于迎接中央生态环境保护督察情况的通报\n督察组向某县交办信访件12件，我县已全部办结。县委、县政府高度重视。"
    got = infer_metadata(text)
    assert (got["doc_type"], got["admin_level"], got["region"]) == ("notice", "county", None)


def test_a_place_visited_is_not_the_issuer():
    text = "我县组织砖厂业主到蓬溪县考察学习。全县共有砖厂14家，我县已关停5家。"
    got = infer_metadata(text)
    assert (got["admin_level"], got["region"]) == ("county", None)


def test_county_level_city_is_a_county():
    text = "义乌市关于中央生态环境保护督察整改情况的报告\n我市共承担整改任务9项，已完成整改7项。全市上下齐抓共管。"
    got = infer_metadata(text)
    assert (got["admin_level"], got["region"], got["region_code"], got["province"]) == \
        ("county", "义乌市", "330782", "浙江省")


def test_press_report_on_a_province_is_issued_at_province_level():
    text = "湖南日报长沙6月3日讯 中央第六生态环境保护督察组向我省转办第九批群众信访举报件150件。全省各地已办结80件。"
    got = infer_metadata(text)
    assert (got["doc_type"], got["admin_level"], got["region"], got["inspection_group"]) == \
        ("notice", "province", "湖南省", 6)


def test_round_named_only_for_comparison_is_ignored():
    text = "与第一轮督察相比，第二轮督察更加严格。第二轮督察将于下月进驻。"
    assert inspection_round(text) == (2, False)


def test_provincial_lookback_is_not_a_central_round():
    text = "中央环保督察交办件已全部办结，省环保督察“回头看”移交我县4个问题，已完成3个。"
    assert inspection_round(text) == (None, None)


def test_central_lookback_counts_as_round_one():
    assert inspection_round("第二批中央生态环境保护督察“回头看”已完成进驻。") == (1, True)


def test_masked_round_is_unknown():
    assert inspection_round("中央第*生态环境保护督察组开展第*轮督察。") == (None, None)


def test_dates_with_masked_parts_stop_there():
    text = "202*年4月10日，中央督察组进驻我省。2021年*月向我省反馈了督察意见。"
    assert inspection_dates(text) == (None, "2021")


def test_chinese_numerals():
    assert [cn_int(s) for s in ("3", "三", "十", "十五", "二十三", "某")] == [3, 3, 10, 15, 23, None]


def test_gazetteer_short_names_and_parents():
    gaz = gazetteer()
    assert [short_name(n) for n in ("广西壮族自治区", "内蒙古自治区", "黔东南苗族侗族自治州", "忠县", "莆田市")] == \
        ["广西", "内蒙古", "黔东南", "忠县", "莆田"]
    (xianyou,) = gaz.lookup("仙游县")
    assert (xianyou.code, xianyou.level, xianyou.province, gaz.parent(xianyou).name) == \
        ("350322", "county", "福建省", "莆田市")
    assert sorted(p.province for p in gaz.lookup("鼓楼区")) == ["江苏省", "江苏省", "河南省", "福建省"]


def test_gazetteer_one_pass_scan_finds_what_the_name_regexes_find():
    # find / short_candidates / find_short answer from one scan of character pairs: it must find
    # exactly what the alternation regexes of all names find, with the regex word test before a short name.
    import re

    from pipeline.gazetteer import SHORT_PRECEDE, preceded_as_word

    gaz = gazetteer()
    text = ("其中宁夏、河北省石家庄市长安区，向达州交办；娱乐业不是乐业县。德宏州和恩施州，城区、和县，"
            "江苏省南京市鼓楼区与福建省福州市鼓楼区，涉及莆田、仙游2县\n武汉市\n黔东南苗族侗族自治州、内蒙古")
    full = re.compile("|".join(map(re.escape, sorted({p.name for p in gaz.places}, key=len, reverse=True))))
    for min_len in (2, 3):
        want = [(m.group(), m.start(), m.end()) for m in full.finditer(text) if len(m.group()) >= min_len]
        assert gaz.find(text, min_len) == want
    want_short = [(m.group(), m.start(), m.end()) for m in (gaz.short_name_re.match(text, i) for i in range(len(text)))
                  if m]
    assert list(gaz.short_candidates(text)) == want_short
    assert ("中宁", 1, 3) in want_short and ("宁夏", 2, 4) in want_short
    for start in range(len(text) + 1):
        assert preceded_as_word(text, start) == bool(SHORT_PRECEDE.search(text, 0, start)), text[:start]
    words = [(n, s) for n, s, _, _ in gaz.find_short(text, ("city", "county"))]
    assert ("达州", text.index("达州")) in words and ("乐业", text.index("乐业")) not in words
    assert gaz.short_names(gaz.lookup("德宏傣族景颇族自治州")[0]) == ["德宏", "德宏州"]


def test_city_paper_named_by_short_name_gives_the_city():
    text = "三明日报讯 我市已完成中央生态环境保护督察反馈问题整改20项。全市上下合力推进。"
    got = infer_metadata(text)
    assert (got["doc_type"], got["admin_level"], got["region"], got["region_code"], got["province"]) == \
        ("rectification_report", "city", "三明", "350400", "福建省")


def test_national_bulletin_named_by_its_provinces():
    # No ministry quoted: the provinces listed (N个省（区）, a run of names) make it national.
    text = ("督察组进驻结束\n第三批督察组分别进驻浙江、安徽、重庆、陕西4个省（市），"
            "共收到举报3200件，已办结2800件。有关省（区、市）将持续公开办理情况。")
    got = infer_metadata(text)
    assert (got["doc_type"], got["admin_level"]) == ("progress_bulletin", "national")


def test_progress_report_on_a_plan_is_a_report():
    text = ("丽水市落实省级整改方案推进情况报告\n一、整改目标\n对照方案确定的12项任务，"
            "我市已完成整改10项，其余2项正在推进。全市整改工作取得阶段性成效。")
    got = infer_metadata(text)
    assert got["doc_type"] == "rectification_report"
    assert infer_metadata("丽水市落实省级整改方案\n为抓好整改，制定本方案。")["doc_type"] == "rectification_plan"


def test_autonomous_region_web_notice_is_provincial():
    text = ("中央督察组向我区转办第三批信访件\n来源：宁夏回族自治区生态环境厅 发布时间：2022-06-01\n"
            "督察组向我区转办信访件58件，已办结20件。我区各地正在抓紧办理，各市县区要从严查处。"
            "下一步，我区将持续公开办理结果。")
    got = infer_metadata(text)
    assert (got["admin_level"], got["region"]) == ("province", "宁夏回族自治区")


def test_masked_city_notice_with_masked_counties():
    # Its own masked name heads the title and signs it; **县 / **区 are the counties it addresses.
    text = ("**市关于中央督察组交办信访件办理情况的通报\n各县（区）人民政府：\n"
            "我市收到交办件**件，已办结*件。**县对某企业噪声问题回复简单，**区整改不到位。"
            "各县（区）要认真核查。\n**市督察整改工作领导小组办公室\n20**年*月*日")
    got = infer_metadata(text)
    assert (got["doc_type"], got["admin_level"], got["region"]) == ("notice", "city", None)


def test_province_paper_named_only_by_its_cities():
    text = ("第四批交办件办理情况\n本报太原6月5日电 督察组向我省转办第四批信访举报件90件，"
            "其中太原市30件、大同市22件、长治市15件，全省已办结41件。")
    got = infer_metadata(text)
    assert (got["admin_level"], got["region"], got["province"]) == ("province", "山西省", "山西省")
    masked = text.replace("我省", "**省")
    assert infer_metadata(masked)["region"] is None


def test_county_named_first_and_in_the_signature():
    # The title ran into the first sentence (too long to be a title); the county still opens the
    # text and signs it through its committee office.
    text = ("松阳县第二轮中央生态环境保护督察反馈问题整改落实情况公示为进一步做好督察整改信息公开，"
            "接受社会各界监督，现将我县整改落实情况公示如下：\n"
            "涉及我县问题共9项，已完成整改7项，其余2项正按序时推进。全县持续巩固整改成效。\n"
            "松阳县生态环境保护委员会办公室\n2023年5月6日")
    got = infer_metadata(text)
    assert (got["admin_level"], got["region"], got["region_code"]) == ("county", "松阳县", "331124")


def test_central_round_outweighs_looks_back_at_earlier_rounds():
    text = ("第二轮中央生态环境保护督察反馈我市问题20个，已完成整改16个。"
            "第一轮督察及“回头看”反馈问题已全部完成整改。"
            "优良天数比例由第一轮督察时的61%提高到78%。")
    assert inspection_round(text) == (2, False)


def test_city_notice_listing_only_its_districts_is_the_citys():
    # The city is never named: its districts in a flattened table say which city speaks.
    text = ("交办信访件情况（第九批）\n督察组向我市交办第九批群众信访举报件12件。分布如下：\n区县 | 件数\n"
            "顺庆区 | 5\n高坪区 | 4\n西充县 | 3\n")
    got = infer_metadata(text)
    assert (got["admin_level"], got["region"], got["region_code"]) == ("city", "南充市", "511300")


def test_national_roundup_with_many_provinces():
    text = ("中央生态环境保护督察通报\n从各被督察地方报送情况看，河北省问责112人，山西省立案处罚96家，"
            "辽宁省拘留14人，吉林省约谈52人，江苏省罚款1200万元。")
    got = infer_metadata(text)
    assert (got["doc_type"], got["admin_level"], got["region"]) == ("progress_bulletin", "national", None)


def test_provincial_notice_naming_its_counties_bodies_is_the_provinces():
    # Typical cases name a district's bodies (区委、区政府) several times; the notice's own
    # leadership (省委、省政府高度重视) says who issued it.
    text = ("关于生态环境损害责任追究情况的通报\n省委、省政府高度重视，省纪委省监委牵头组成调查组。"
            "经调查，共对45名责任人员进行了问责。一、某区违规建设问题。区委、区政府负有领导责任，"
            "区自然资源局监管不力。二、某区污水直排问题。区政府督促不力，区住建局履职不到位。")
    got = infer_metadata(text)
    assert got["admin_level"] == "province"


# Rules as first written (a lookbehind or a masked run first) and as metadata.yaml now writes them
# (a character first, which the regex engine scans for in C): they must match the same spans and groups.
_MASK_AS_WRITTEN = "(?:[*＊]+|[Xx×]+|某)"
_AS_WRITTEN = {
    "level_cues.county": ["(?<![自治])全区", "(?<![各省市])(县|区|旗)(委|人民政府|政府)"],
    "level_cues.city": ["(?<![各省县区])(市|州)(委|人民政府|政府)"],
    "level_cues.province": ["(?<![各])省(委|人民政府|政府)"],
    "autonomous_region_not": ["(?<!自治)区(委|人民政府|政府)"],
    "autonomous_region_words": ["(?<![自治])全区"],
}


def _rewritten_pairs():
    import re
    from importlib import resources

    import yaml

    from pipeline.metadata import _rules
    from pipeline.prefilter import LazyPattern

    with resources.files("pipeline.rules").joinpath("metadata.yaml").open(encoding="utf-8") as fh:
        mask = yaml.safe_load(fh)["macros"]["MASK"]
    rules = _rules()
    pairs = []
    for key, written in _AS_WRITTEN.items():
        top, _, level = key.partition(".")
        found = rules[top][level] if level else rules[top]
        now = [found.pattern] if isinstance(found, (re.Pattern, LazyPattern)) else [p.pattern for p, _ in found]
        now = [p for p in now if "(?<" in p and mask not in p]
        assert len(now) == len(written), key
        pairs += list(zip(written, now))
    leading = {"city": "(?<![省县区])(?:市|州)委[、，]?(?:市|州)政府(?:高度重视|坚决|认真|始终)",
               "county": "(?<![省市])(?:县|区|旗)委[、，]?(?:县|区|旗)政府(?:高度重视|坚决|认真|始终)"}
    pairs += [(leading[k], rules["issuer_leadership"][k].pattern.pattern) for k in leading]  # (Gated rules)
    for p in [rules["masked_province"].pattern, rules["group"], rules["date"],
              *(p for cues in rules["level_cues"].values() for p, _ in cues)]:
        if mask in p.pattern:
            pairs.append((p.pattern.replace(mask, _MASK_AS_WRITTEN), p.pattern))
    return [(re.compile(a), re.compile(b)) for a, b in pairs]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("各省市县区旗州委人民政府自治全*＊Xx×某第中央组生态环境保护督察二2年月日、，"), max_size=30))
def test_rewritten_rules_match_as_first_written(text):
    for written, now in _REWRITTEN:
        assert [(m.span(), m.groups()) for m in written.finditer(text)] == \
            [(m.span(), m.groups()) for m in now.finditer(text)], (written.pattern, text)


def test_rewritten_rules_examples():
    import re

    assert len(_REWRITTEN) >= 12
    text = "自治区政府、区委和全区，县委，各县政府，省委，各省委，**市委，XX县关于，某省政府，中央第*生态环境保护督察组，2021年**月"
    for written, now in _REWRITTEN:
        assert written.findall(text) == now.findall(text)
    # 各督察组|{N}个督察组 became two cues of the same weight: their matches cannot overlap
    n = "[一二三四五六七八九十百零〇两\\d]+"
    for text in ("各督察组、3个督察组，各个督察组，十五个督察组各督察组", "各3个督察组"):
        assert len(re.findall(f"各督察组|{n}个督察组", text)) == \
            len(re.findall("各督察组", text)) + len(re.findall(f"{n}个督察组", text))


_REWRITTEN = _rewritten_pairs()

_ROUND_AS_WRITTEN = "第([一二三123])轮|(首)轮"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("第首一二三四123轮督察，"), max_size=30))
def test_round_rule_finds_the_rounds_as_first_written(text):
    """The round rule matches only the 轮 and reads 第N / 首 behind it: the same rounds, ending at
    the same places, with the same groups; inspection_round takes their start from the groups."""
    import re

    from pipeline.metadata import _rules

    written = [(m.span(), m.groups()) for m in re.finditer(_ROUND_AS_WRITTEN, text)]
    now = [((m.start(1) - 1 if m.group(1) else m.start(2), m.end()), m.groups()) for m in _rules()["round"].finditer(text)]
    assert now == written


def test_round_rule_examples():
    from pipeline.metadata import inspection_round

    assert inspection_round("第二轮中央生态环境保护督察，首轮督察整改。第二轮督察进驻。")[0] == 2
    assert inspection_round("首轮督察以来，与第二轮督察相比") == (None, None)
    assert inspection_round("开展了第三轮督察，第二轮中央督察") == (3, False)


def _counted_pairs():
    """Cues that are only counted, rewritten to begin with a literal: as written -> now."""
    import re

    from pipeline.metadata import _rules

    n = "[一二三四五六七八九十百零〇两\\d]+"
    rules = _rules()
    national = [p for p, _ in rules["national_cues"]]
    city = [p for p, _ in rules["level_cues"]["city"]]
    written = {f"{n}个省[(（]?(份|区|市)": national[1], f"{n}省[(（](区、?)?市?[)）]": national[2],
               f"{n}个督察组": national[4], "(各|部分)县[(（](市、?)?区[)）]|各县市区|各区县|各县区": city[3]}
    return [(re.compile(a), b) for a, b in written.items()]


_COUNTED = _counted_pairs()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("各部分县市区省份督察组个二十3(（)）、"), max_size=30))
def test_counted_cues_count_as_first_written(text):
    for written, now in _COUNTED:
        assert len(written.findall(text)) == len(now.findall(text)), (written.pattern, text)


def test_counted_cues_examples():
    text = "督察组进驻河北等8个省(区、市)，二十三省（区、市）；3个督察组、十个省份，各县(市、区)和部分县（区）各区县"
    assert [len(now.findall(text)) for _, now in _COUNTED] == [2, 1, 1, 3]
    for written, now in _COUNTED:
        assert len(written.findall(text)) == len(now.findall(text))


def test_sentences_may_be_passed():
    from pipeline.segment import split_sentences

    text = ("关于第二轮中央生态环境保护督察反馈问题整改情况的报告\n2021年4月6日，中央第三生态环境保护督察组进驻我市。"
            "5月20日督察组反馈了督察意见。第二批中央生态环境保护督察“回头看”已完成。")
    assert infer_metadata(text, split_sentences(text)) == infer_metadata(text)
    assert infer_metadata(text)["entry_date"] == "2021-04-06"


def test_addressed_is_the_regex_of_the_places_names():
    """_addressed tests each string the regex of the place's names could match: the same answer."""
    import re

    from pipeline.metadata import _addressed

    gaz = gazetteer()
    places = [p for p in gaz.places if p.level in ("city", "county")][:300:7]
    hits = 0
    for place in places:
        names = gaz.short_names(place) + [place.name]
        alternation = "|".join(map(re.escape, sorted(set(names), key=len, reverse=True)))
        regex = re.compile(f"(?:向|对|下沉|进驻)(?:{alternation})|(?:{alternation})(?:日报|晚报|新闻网|融媒)")
        for name in names:
            for text in (f"督察组向{name}转办", f"{name}日报讯", f"据{name}融媒体中心", f"督察组下沉{name}",
                         f"向{name[:-1]}", f"{name}晚", f"{name}新闻网", f"对{name}", "无关的文字"):
                expected = regex.search(text) is not None
                hits += expected
                assert _addressed(text, place) == expected, (place.name, text)
    assert hits > 100


def test_rules_compile_on_first_use_as_written():
    """The metadata rules are compiled when first used; they are the patterns written, macros expanded."""
    import pickle
    import re

    from pipeline.metadata import _rules
    from pipeline.prefilter import LazyPattern

    rule = _rules()["batch"]
    assert isinstance(rule, LazyPattern) and "{N}" not in rule.pattern
    compiled = re.compile(rule.pattern)
    text = "第二批中央生态环境保护督察，第3批"
    assert [m.span() for m in rule.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert rule.search(text).group() == compiled.search(text).group() and rule.flags == compiled.flags
    again = pickle.loads(pickle.dumps(LazyPattern("a+b", re.IGNORECASE)))
    assert again.findall("AAB ab") == ["AAB", "ab"]


def _all_cues():
    from pipeline.metadata import _rules

    rules = _rules()
    yield from rules["national_cues"]
    yield from rules["autonomous_region_words"]
    for group in ("level_cues", "doc_type_cues"):
        for cues in rules[group].values():
            yield from cues


def test_cue_counts_skip_only_texts_without_a_match():
    """A cue's count is the number of its pattern's matches; the word test before it only skips
    texts where the pattern has none."""
    from pipeline.metadata import gate_words

    texts = [normalized((FIXTURES / name).read_text(encoding="utf-8")).text
             for name in sorted(p.name for p in FIXTURES.glob("meta_*.txt"))]
    gated = 0
    for cue in _all_cues():
        words = gate_words(cue.pattern)
        gated += words is not None
        # each gate word in a text of its own, and next to the other cues' words
        samples = texts + [f"{w}完成整改完成率，制定本方案。" for w in sorted(words or ())]
        for text in samples + [t[:200] for t in samples]:
            assert cue.count(text) == len(cue.pattern.findall(text)), (cue.pattern.pattern, text[:40])
    assert gated >= 10
    assert gate_words("(整改)?完成率") == {"完成率"} and gate_words("[我本]省") is None
    from pipeline.metadata import _rules

    for _, marker in _rules()["doc_type_markers"]:
        words = sorted(gate_words(marker.pattern) or ())
        for text in texts + [f"一、{w}二、工作目标" for w in words] + [f"同志们：{w}" for w in words] + ["无关"]:
            found, want = marker.search(text), marker.pattern.search(text)
            assert (found and found.span()) == (want and want.span()), (marker.pattern.pattern, text[:40])


# ---- counted cues: plain words counted with str.count ------------------------------------------

_CUE_PATTERNS = ["[我本]省", "[我本](县|区|旗)", "全(市|州|盟)", "迎接|迎检", "整改(期限|时限)[:：]", "(公司|集团)(党委|董事会)",
                 # not plain words, or words that may overlap / hold one another: findall as before
                 "我省|省委", "本省|省", "[我本](公司|集团)(?!联系)", "全(?<![自治]全)区", "省省", "我+省"]


def test_counted_words_only_for_plain_words_that_cannot_overlap():
    from pipeline.metadata import counted_words

    assert counted_words("[我本]省") == ("我省", "本省")
    assert counted_words("(公司|集团)(党委|董事会)") == ("公司党委", "公司董事会", "集团党委", "集团董事会")
    for pattern in ("我省|省委", "本省|省", "[我本](公司|集团)(?!联系)", "全(?<![自治]全)区", "省省", "我+省", "[^我]省",
                    "[我-本]省", r"\d省", "^我省", "我省$", "(?i)ab", "我省|"):
        assert counted_words(pattern) is None, pattern


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="我本省县区旗全市州盟迎接检整改期限时:：公司集团党委董事会联系自治", max_size=60))
def test_a_cue_counts_what_findall_finds(text):
    import re

    from pipeline.metadata import Cue
    from pipeline.prefilter import LazyPattern

    for pattern in _CUE_PATTERNS:
        cue = Cue(LazyPattern(pattern), 1.0)
        expected = len(re.findall(pattern, text))
        assert [cue.count(text) for _ in range(3)] == [expected] * 3, pattern  # first uses, then the words


def test_gate_characters_are_the_seen_characters_a_text_holds():
    from pipeline import metadata
    from pipeline.metadata import _with_characters, character_bits, gate_characters_in

    def seen(text):  # the plain computation: the bits of the text's characters that are gate characters
        return sum(1 << metadata._GATE_BITS[c] for c in set(text) if c in metadata._GATE_BITS)

    assert _with_characters(["某县", "委"]) == (("某县", character_bits("某县")), ("委", character_bits("委")))
    bits = metadata._GATE_BITS
    assert character_bits("某县") == (1 << bits["某"]) | (1 << bits["县"]) and character_bits("县县") == 1 << bits["县"]
    assert _with_characters(["𠀀区"]) is None  # outside the Basic Multilingual Plane
    texts = ["某县委", "县政府", "", "XX县", "某\ud800委𠀀", "本县各乡镇某"]
    for _ in range(2):  # asked again (the last text's number is kept) and after other texts
        for text in texts:
            held = gate_characters_in(text)
            assert held == seen(text), text
            assert all(held >> bits[c] & 1 for c in {"某", "县", "委"} & set(text)), text
            assert gate_characters_in(text[:]) == seen(text)
    text = "本县各乡镇某"
    gate_characters_in(text)
    _with_characters(["乡镇"])  # new characters: the last text is read again
    assert gate_characters_in(text) == seen(text) and gate_characters_in(text) & character_bits("乡镇") == character_bits("乡镇")


def test_gate_word_sets_hold_as_the_plain_test():
    """A set of words passes (_word_set: one-character words' bits together, longer words each)
    exactly where the text holds every character of one of its words."""
    from pipeline.metadata import Gated, _with_characters, _word_set, gate_characters_in

    word_sets = [["县", "区", "旗"], ["委", "人民政府", "政府"], ["人民政府", "生态环境"], ["某"], []]
    texts = ["某县委", "我区人民政府", "政 府", "生态和环境", "", "市委", "县政"]
    for words in word_sets:
        single, longer = _word_set(_with_characters(words))
        for text in texts:
            held = gate_characters_in(text)
            got = bool(held & single) or any(mask & held == mask for mask in longer)
            assert got == any(set(w) <= set(text) for w in words), (words, text)
    gated = Gated.__new__(Gated)
    gated.pattern, gated._words = None, ((_word_set(_with_characters(["县", "区"])), _word_set(_with_characters(["政府"]))),
                                         _with_characters(["人民", "政府"]))
    for text, expected in [("县政府", True), ("区府政", False), ("县人民", False), ("政府", False), ("区人民政府", True)]:
        assert gated.may_match(text) is expected, text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("各省市县区旗州委人民政府自治全*＊Xx×某第首一二轮我本公司中共回头看日报、，"), max_size=40))
def test_gated_rules_find_what_their_patterns_find(text):
    """Every rule behind a word test (cues, markers, the rules of _GATED_RULES) finds in any text
    what its pattern finds there: the test skips only texts without a match."""
    from pipeline.metadata import _GATED_RULES, Gated, _rules

    rules = _rules()
    gated = [rules[name] for name in _GATED_RULES] + list(rules["issuer_leadership"].values())
    gated += [marker for _, marker in rules["doc_type_markers"]] + list(_all_cues())
    for rule in gated:
        assert isinstance(rule, Gated)
        for _ in range(3):  # the first uses go without the test, then the words are read
            want = rule.pattern.search(text)
            got = rule.search(text)
            assert (got and got.span()) == (want and want.span()), (rule.pattern.pattern, text)
            assert [m.span() for m in rule.finditer(text)] == [m.span() for m in rule.pattern.finditer(text)]
            if hasattr(rule, "count"):
                assert rule.count(text) == len(rule.pattern.findall(text))
                assert rule.count_ungated(text[:5], text) == len(rule.pattern.findall(text[:5]))


def test_required_word_sets_are_what_every_match_holds():
    from pipeline.prefilter import required_literals, required_word_sets

    cases = {"(县|区|旗)(?<![各省市].)(委|人民政府|政府)": [{"县", "区", "旗"}, {"委", "人民政府", "政府"}],
             "[我本](公司|集团)(?!联系)": [{"我", "本"}, {"公司", "集团"}],
             "中共(\\S{2,12}?)委\\s*\\1人民政府": [{"中共"}, {"委"}, {"人民政府"}],
             "轮(?:(?<=第([一二三123])轮)|(?<=(首)轮))": [{"轮"}],
             "省(委|政府)?": [{"省"}], "(整改)?完成率": [{"完成率"}], "a|(?:b)?": [], "(?i)委": [], ".*": []}
    for pattern, sets in cases.items():
        assert required_word_sets(pattern) == sets, pattern
        # the one required_literals keeps is among them
        assert (required_literals(pattern) is None) == (not sets) or required_literals(pattern) in sets, pattern
