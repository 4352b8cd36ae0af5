from pathlib import Path

import pytest

from pipeline.measures import deadline, extract_measures, quantities, responsible, status
from pipeline.records import Measure

FIXTURES = Path(__file__).parent / "fixtures"


def measures(name: str) -> tuple[str, list[Measure]]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return text, extract_measures(text)


def test_plan_measures():
    text, found = measures("meta_measures_plan.txt")
    assert found == [
        Measure(0, "市生态环境局牵头，2025年6月底前完成章江沿线12个入河排污口规范化整治", 28, 65,
                action="完成章江沿线12个入河排污口规范化整治", domain="water", status="planned",
                deadline="2025-06", responsible="市生态环境局", quantities=["12个"]),
        Measure(1, "各县（市、区）要在年底前建成乡镇污水管网80公里", 70, 94,
                action="建成乡镇污水管网80公里", domain="water", status="planned", deadline="end_of_year",
                quantities=["80公里"]),
        Measure(2, "市住建局负责，6个月内关停不达标砂石场8家", 95, 116,
                action="关停不达标砂石场8家", status="planned", deadline="P6M", responsible="市住建局",
                quantities=["8家"]),
        Measure(3, "由市自然资源局负责，到2026年完成废弃矿山生态修复1200亩", 121, 152,
                action="完成废弃矿山生态修复1200亩", domain="ecology", status="planned", deadline="2026",
                responsible="市自然资源局", quantities=["1200亩"]),
        Measure(4, "修订《赣州市生态环境保护督察整改销号办法》，牵头单位：市委督查室、市生态环境局", 157, 196,
                action="修订《赣州市生态环境保护督察整改销号办法》", domain="institutional",
                responsible="市委督查室、市生态环境局", documents=["赣州市生态环境保护督察整改销号办法"]),
    ]
    assert all(text[m.char_start:m.char_end] == m.text for m in found)


def test_report_measures_skip_tallies_headings_and_problems():
    text, found = measures("meta_measures_report.txt")
    assert found == [
        Measure(0, "市生态环境局会同市水利局完成了3座水库的清淤工程", 48, 72,
                action="完成了3座水库的清淤工程", domain="water", status="done", responsible="市生态环境局",
                quantities=["3座"]),
        Measure(1, "已建成城镇污水处理厂2座，新增日处理能力4.5万吨", 73, 98,
                action="建成城镇污水处理厂2座", domain="water", status="done", quantities=["2座", "45000吨"]),
        Measure(2, "市城管局正在加快建设生活垃圾焚烧发电厂，目前主体工程完成60%", 100, 131,
                action="加快建设生活垃圾焚烧发电厂", domain="solid_waste", status="ongoing",
                responsible="市城管局", quantities=["60%"]),
    ]
    assert all(text[m.char_start:m.char_end] == m.text for m in found)


def test_slogans_are_not_measures():
    text = "提高政治站位，压实整改责任。坚定扛牢持续推进生态文明建设。加强农业农村面源污染治理。"
    assert [m.text for m in extract_measures(text)] == ["加强农业农村面源污染治理"]


@pytest.mark.parametrize("clause, expected", [
    ("2025年6月底前完成整治", "2025-06"),
    ("力争2024年底前全部建成", "2024-12"),
    ("到2027年完成修复", "2027"),
    ("年底前关停到位", "end_of_year"),
    ("3个月内完成整改", "P3M"),
    ("30日内拆除完毕", "P30D"),
    ("2019年已建成污水处理厂", None),
])
def test_deadlines(clause, expected):
    assert deadline(clause) == expected


@pytest.mark.parametrize("clause, expected", [
    ("已完成排污口整治", "done"),
    ("正在开展清淤", "ongoing"),
    ("计划新建污水处理厂1座", "planned"),
    ("修订管理办法", None),
])
def test_status(clause, expected):
    assert status(clause) == expected


def test_responsible_keeps_its_place_name():
    assert responsible("赣州市生态环境局牵头，年底前完成整治") == "赣州市生态环境局"
    assert responsible("年底前完成整治，由县水利局负责") == "县水利局"
    assert responsible("年底前完成整治") is None


def test_quantities_leave_out_dates_ordinals_and_the_article_one():
    clause = "2024年底前按第二轮方案整治一项、核查一项，建成一期工程3座，新增8.5万吨，*座待建"
    assert quantities(clause) == ["3座", "85000吨", "*座"]
