from pathlib import Path

import pytest

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


def test_city_paper_named_by_short_name_gives_the_city():
    text = "三明日报讯 我市已完成中央生态环境保护督察反馈问题整改20项。全市上下合力推进。"
    got = infer_metadata(text)
    assert (got["doc_type"], got["admin_level"], got["region"], got["region_code"], got["province"]) == \
        ("rectification_report", "city", "三明市", "350400", "福建省")
