"""Phrasings of the fifth measures round (invented text in the genre): a unit named by its role
(施工单位, 责任单位) as the clause's subject; the findings of a 通报 or a 反馈 (通报中， / 反馈指出，)."""
import pytest

from test_measures import found


# --- a unit named by its role, with no place in front, as the clause's subject -----------------------
ROLE_UNITS = [
    ("施工单位要在2024年6月底前完成管网铺设。", [("施工单位要在2024年6月底前完成管网铺设", "施工单位")]),
    ("责任单位已拆除违建厂房3处。", [("责任单位已拆除违建厂房3处", "责任单位")]),
    ("乡镇污水处理站和配套管网施工单位加快施工进度，确保2024年12月底前投入使用。",
     [("乡镇污水处理站和配套管网施工单位加快施工进度", "乡镇污水处理站和配套管网施工单位"),
      ("确保2024年12月底前投入使用", "乡镇污水处理站和配套管网施工单位")]),
    ("各承办责任单位立即开展调查处理，关停违法企业4家。",
     [("各承办责任单位立即开展调查处理", "各承办责任单位"), ("关停违法企业4家", "各承办责任单位")]),
    ("牵头单位要于2025年底前完成入河排污口排查。", [("牵头单位要于2025年底前完成入河排污口排查", "牵头单位")]),
    # near misses: the unit is the object (责令 / 对 …), or a label with its value
    ("责令施工单位拆除违建厂房3处。", [("责令施工单位拆除违建厂房3处", None)]),
    ("对建设单位处以罚款5万元。", [("对建设单位处以罚款5万元", None)]),
    ("责任单位：县水利局。整改措施：新建污水站2座。", [("新建污水站2座", "县水利局")]),
    ("整改措施：新建污水站2座。责任单位县水利局", [("新建污水站2座", "县水利局")]),
]


@pytest.mark.parametrize("text, expected", ROLE_UNITS)
def test_role_units_are_the_clause_subject(text, expected):
    assert found(text, "text", "responsible") == expected
