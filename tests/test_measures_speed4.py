"""The fourth round of measures speed-ups never changes what is found: a measure's quantities
are read off the numbers of its sentence (parsed once, and by the facts and the classifier too)
only when the clause's edges are the sentence's or characters no number holds or reads across."""

import re

from pipeline import numbers
from pipeline.measures import fields, load_rules

_SENTENCES = [
    "共排查问题12个，约3000人参与，整改完成率达到95%以上；拆除违建3-5处：第二轮督察发现二十六项。",
    "督促一起，案件办结，一起违法行为已查处；每一个点位，超过200人，十四五期间新增5座。",
    "投资1,234万元，新建管网80公里;关停企业X家:下降21.74%，百分之百完成，近3年累计整治二十六项。",
    "已完成整改一项，清运垃圾13.5万余吨，约。3000吨，三成，3成，*项，某年，2023年4月至6月完成12座",
    "一起：违法案件3起，一起；事件，完成12座。二〇二一年关停5家、整治8家，共计十三点五万元",
    # the normalized text's commas: a break unless digits stand on both sides (1,234)
    "投资1,234万元,新建管网80公里,关停12,5家,一起,案件,处理1,2345吨,X,000件,约,3000人,下降,21.74%,8,共9个,",
]


def test_number_breaks_are_in_no_number_expression():
    lexicon = numbers._rules()
    for key, value in lexicon.items():
        for word in value if isinstance(value, list) else value if isinstance(value, dict) else [value]:
            assert not set(str(word)) & (fields.NUMBER_BREAKS | {","}) or key == "not_numbers", (key, word)
    for ch in fields.NUMBER_BREAKS | {","}:
        for source in (numbers.NUMBER_RE, numbers.UNIT_RE):
            assert re.search(source, ch) is None
        assert numbers._CORE_START.match(ch) is None
        assert ch not in numbers._RANGE_FIRST | numbers._TAIL_FIRST | numbers._LEAD_LAST
    # the only look-ahead of not_numbers that reads on stops at every break
    for pattern in lexicon["not_numbers"]:
        for negated in re.findall(r"\[\^([^\]]*)\]", pattern):
            assert fields.NUMBER_BREAKS | {","} <= set(negated), pattern
        assert "." not in pattern.replace("\\.", "")


def test_clause_quantities_equal_the_clause_read_alone(monkeypatch):
    rules = load_rules()
    fast = 0
    real = fields.find_numbers

    def counted(text):
        nonlocal fast
        fast += text in _SENTENCES
        return real(text)

    monkeypatch.setattr(fields, "find_numbers", counted)
    for prefix in ("", "前言。"):
        for sentence in _SENTENCES:
            text = prefix + sentence + "后记"
            s0, s1 = len(prefix), len(prefix) + len(sentence)
            for start in range(s0, s1 + 1):
                for end in range(start, s1 + 1):
                    want = fields.quantities(text[start:end], rules)
                    assert fields.clause_quantities(text, start, end, s0, s1, rules) == want, (sentence, start, end)
    assert fast > 200  # the sentence's numbers were used (not only the fallback)
    assert fields.clause_quantities("共12个，3000人", 5, 10, 0, 10, rules) == ["3000人"]
    assert fields.clause_quantities("共12个，3000人", 0, 4, 0, 10, rules) == ["12个"]


def _org_branches(pattern: str):
    """The top-level alternatives of subj.org's ^(?:A|B|…) as parsed by `re`."""
    try:
        from re import _constants as C, _parser as P
    except ImportError:  # pragma: no cover
        import sre_constants as C, sre_parse as P
    parsed = P.parse(pattern)
    assert len(parsed) == 2 and parsed[0] == (C.AT, C.AT_BEGINNING) and parsed[1][0] is C.BRANCH
    return parsed[1][1][1]


def test_org_reach_holds_for_every_branch_not_opening_with_ge():
    rules = load_rules()
    branches = _org_branches(rules.by_id("subj.org").pattern)
    assert len(branches) == 4
    for branch in branches:
        first = branch[0]
        if first[0].name == "LITERAL" and chr(first[1]) == "各":
            continue  # (always searched)
        assert branch.getwidth()[1] <= fields.ORG_REACH



# (hand-written clauses a subject organisation opens: bureaus, lists of districts, sub-district
# offices, task forces, village committees, a long chain of places)
ORG_CLAUSES = ["县住建局负责", "各县（市、区、旗、市、区、县、区）政府要抓好", "青石街办城管中队对其罚款",
               "乡镇污水处理厂和管网建设施工单位加快施工进度", "执法大队联合", "村两委组织", "工作专班对",
               "东关街道办事处组织", "内蒙古自治区呼和浩特市赛罕区城乡建设管理委员会办公室主任要"]


def org_matched_clauses(extra: tuple[str, ...] = ()) -> list[str]:
    """Every suffix of the rules' own texts, of ORG_CLAUSES and of `extra` that subj.org matches."""
    from test_measures_speed import _texts

    rules = load_rules()
    org = rules.by_id("subj.org").regex
    return [clause for text in _texts(rules) + ORG_CLAUSES + list(extra) for cut in range(len(text))
            if org.match(clause := text[cut:])]


def test_org_shortcut_keeps_every_match():
    clauses = org_matched_clauses()
    assert len(clauses) > 100
    for clause in clauses:
        assert clause[:1] == "各" or fields._ORG_END.search(clause, 0, fields.ORG_REACH), clause
