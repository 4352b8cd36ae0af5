"""Round 21 speed shortcuts of the measures stage: each must give exactly what the plain computation gives."""
from __future__ import annotations

import pytest

from pipeline.measures import fields, load_rules

try:
    from re import _constants as C, _parser as P
except ImportError:  # pragma: no cover
    import sre_constants as C, sre_parse as P


def _branches(pattern: str):
    parsed = P.parse(pattern)
    assert len(parsed) == 2 and parsed[0] == (C.AT, C.AT_BEGINNING) and parsed[1][0] is C.BRANCH
    return parsed[1][1][1]


def _plain(items):
    """The items of a branch after its leading look-aheads."""
    items = list(items)
    while items and items[0][0] is C.ASSERT_NOT:
        items.pop(0)
    return items


def test_org_branches_open_where_may_open_org_looks():
    """subj.org's branches, as `may_open_org` reads them: 各…; a place character or 2 to 8
    characters then a place word; a team word; up to 16 characters then a two-character word
    and 单位."""
    branches = _branches(load_rules().by_id("subj.org").pattern)
    assert len(branches) == 4
    ge, place, team, unit = branches
    assert ge[0] == (C.LITERAL, ord("各"))
    # the place branch: (?:[省市县区州旗]|[镇乡](?!…)|(?:…){2,8}?(?:省|市|…))
    group = _plain(place)[0]
    assert group[0] is C.BRANCH
    alternatives = group[1][1]
    assert len(alternatives) == 3
    firsts = set()
    for alt in alternatives[:2]:
        assert alt[0][0] is C.IN
        firsts |= {chr(c) for kind, c in alt[0][1] if kind is C.LITERAL}
    assert firsts and firsts <= fields._ORG_FIRST
    repeat, words = alternatives[2][0], alternatives[2][1]
    assert repeat[0] is C.MIN_REPEAT
    lo, hi = repeat[1][:2]
    assert all(width == (1, 1) for width in [P.SubPattern(P.State(), list(repeat[1][2])).getwidth()])
    assert (lo, hi + 1) == fields.ORG_PLACE_SPAN
    assert words[0] is C.BRANCH and len(words[1][1]) > 5
    for word in words[1][1]:  # (省|市|…|社区): each opens with a place character
        items = _plain(word)
        assert items[0][0] is C.LITERAL and fields._ORG_PLACE.match(chr(items[0][1])), word
    # the team branch opens with one of its words' first characters
    assert team[0][0] is C.BRANCH
    for word in team[0][1][1]:
        assert word[0][0] is C.LITERAL and chr(word[0][1]) in fields._ORG_FIRST
    # the unit branch: at most 16 characters, a two-character word, then 单位
    items = _plain(unit)
    assert items[0][0] is C.MIN_REPEAT and items[0][1][1] == 16
    assert items[1][0] is C.BRANCH and all(P.SubPattern(P.State(), list(w)).getwidth() == (2, 2) for w in items[1][1][1])
    assert [chr(c) for _, c in items[2:4]] == ["单", "位"]
    assert 16 + 2 + 2 == fields.ORG_UNIT_REACH


@pytest.mark.parametrize("text, expected", [
    ("县住建局负责", True),  # a place character first
    ("白河县住建局负责", True),  # the place word at the 3rd character
    ("内蒙古自治区生态环境厅组织", True),  # 自治区 at the 4th
    ("青石街办城管中队对其罚款", True),  # 街办
    ("工作专班对投诉件逐件复核", True),
    ("执法大队联合县水利局开展检查", True),
    ("居委会组织清理", True),
    ("乡镇污水处理厂和管网建设施工单位加快施工进度", True),  # 单位 at the 17th
    ("林业局牵头制定《桥青县散乱污企业约谈方案》", False),  # 县 only past the 9th character
    ("水利局牵头制定方案", False),
    ("整改建筑工地扬尘64处", False),
    ("", False),
])
def test_may_open_org_table(text, expected):
    assert fields.may_open_org(text) is expected


def test_org_gate_keeps_every_match():
    from test_measures_speed4 import org_matched_clauses

    clauses = org_matched_clauses(("新建区人民政府", "黄河流域沿线七个县区单位要"))
    assert len(clauses) > 100
    for clause in clauses:
        assert clause[:1] == "各" or fields.may_open_org(clause), clause


def test_subject_same_with_and_without_the_gate(monkeypatch):
    """fields.subject with the gate equals fields.subject with every clause tried."""
    from test_measures_speed import _texts

    rules = load_rules()
    texts = _texts(rules)
    clauses = {t[cut:] for t in texts for cut in range(0, len(t), 3)}
    with_gate = [fields.subject(c, rules, places=True) for c in sorted(clauses)]
    monkeypatch.setattr(fields, "may_open_org", lambda text: True)
    assert with_gate == [fields.subject(c, rules, places=True) for c in sorted(clauses)]
