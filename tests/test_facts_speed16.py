"""Round 16 of the facts stage's speed work: each shortcut equals the plain computation it replaces."""
import pytest

from pipeline.extract import checks
from pipeline.extract.checks import TOL, _after, _before, _ByStart, consistency_checks
from pipeline.records import Check, Fact


def _eager_checks(facts):
    """`checks._checks` as it was written before round 16: every metric of the scope indexed up front."""
    out = []
    known = [f for f in facts if f.value is not None]
    by_metric = {}
    for f in known:
        by_metric.setdefault(f.metric, []).append(f)
    index = {metric: _ByStart(found) for metric, found in by_metric.items()}
    for total in by_metric.get("rectification.tasks_total", []):
        done = _after(index.get("rectification.tasks_completed", []), total)
        todo = _after(index.get("rectification.tasks_incomplete", []), total)
        if done and todo:
            found = done.value + todo.value
            out.append(Check(f"tasks completed + incomplete = total [{total.category}]", total.value, found,
                             abs(found - total.value) <= TOL))
    for assigned in by_metric.get("petitions.assigned", []):
        closed = _after(index.get("petitions.closed", []), assigned)
        partial = _after(index.get("petitions.partially_closed", []), assigned)
        if closed:
            found = closed.value + (partial.value if partial else 0)
            out.append(Check("petitions closed + partially closed <= assigned", assigned.value, found,
                             found <= assigned.value + TOL))
    pollution = by_metric.get("petitions.by_pollution_type", [])
    if pollution:
        first = min(pollution, key=lambda f: f.char_start)
        assigned = _before(index.get("petitions.assigned", []), first)
        if assigned:
            found = sum(f.value for f in pollution if abs(f.char_start - first.char_start) < 600)
            over = found > assigned.value + TOL
            out.append(Check("pollution-type breakdown sums to assigned", assigned.value, found,
                             abs(found - assigned.value) <= TOL or over,
                             "sum above total: types may be multi-label" if over else None))
    return out


def _fact(metric, value, start, category="all", region=None):
    return Fact(metric, category, value, "件", False, False, "x", start, start + 1, subject_region=region)


# Each case: the facts of one document (metric, value, start[, category[, region]]).
CASES = [
    [],
    [("petitions.assigned", 40, 0), ("petitions.closed", 38, 10), ("petitions.partially_closed", 4, 20)],
    [("petitions.assigned", 40, 0), ("petitions.partially_closed", 4, 20)],  # no closed count: no check
    [("petitions.closed", 38, 10)],  # no total: nothing indexed, no check
    [("rectification.tasks_total", 20, 0), ("rectification.tasks_completed", 17, 5), ("rectification.tasks_incomplete", 3, 9)],
    [("rectification.tasks_total", 20, 0), ("rectification.tasks_completed", 17, 5)],
    [("rectification.tasks_total", 20, 0, "common"), ("rectification.tasks_completed", 17, 5, "all"),
     ("rectification.tasks_incomplete", 3, 9, "common"), ("rectification.tasks_completed", 15, 12, "common")],
    [("rectification.tasks_total", 20, 300), ("rectification.tasks_completed", 17, 5), ("rectification.tasks_incomplete", 3, 9)],
    [("rectification.tasks_total", 20, 0), ("rectification.tasks_completed", 17, 250), ("rectification.tasks_incomplete", 3, 9)],
    [("petitions.assigned", 10, 0), ("petitions.by_pollution_type", 6, 30, "air"), ("petitions.by_pollution_type", 5, 40, "noise")],
    [("petitions.assigned", 10, 0), ("petitions.by_pollution_type", 6, 30, "air"), ("petitions.by_pollution_type", 2, 40, "noise")],
    [("petitions.by_pollution_type", 6, 30, "air"), ("petitions.assigned", 10, 50)],  # the total after the list
    [("petitions.assigned", 10, 0), ("petitions.by_pollution_type", 6, 900, "air")],  # too far from its total
    [("petitions.assigned", 40, 0), ("petitions.closed", 38, 10), ("petitions.assigned", 12, 0, "all", "甲市"),
     ("petitions.closed", 12, 30, "all", "甲市"), ("enforcement.penalty_cases", 3, 40),
     ("accountability.held_accountable", 7, 50), ("petitions.assigned", None, 60)],
    [("petitions.assigned", 40, 0), ("petitions.closed", None, 10), ("petitions.closed", 30, 20)],
    [("enforcement.fines", 5, 0), ("indicator", 95, 10, "达标率"), ("petitions.received", 3, 20)],
]


@pytest.mark.parametrize("case", CASES)
def test_checks_are_those_of_every_metric_indexed(case):
    facts = [_fact(*row) for row in case]
    scopes = {}
    for f in facts:
        scopes.setdefault(f.subject_region, []).append(f)
    expected = []
    for scope, scoped in scopes.items():
        for check in _eager_checks(scoped):
            check.subject_region = scope
            expected.append(check)
    assert consistency_checks(facts) == expected


def test_a_scope_without_totals_indexes_nothing(monkeypatch):
    built = []
    monkeypatch.setattr(checks, "_indexed", lambda by_metric, metric: built.append(metric) or _ByStart([]))
    consistency_checks([_fact("petitions.closed", 3, 0), _fact("enforcement.fines", 5, 9)])
    assert built == []
    consistency_checks([_fact("petitions.assigned", 3, 0)])
    assert built == ["petitions.closed", "petitions.partially_closed"]


# --- breakdowns: the mode before each item of a list, from the statement's cue matches found once ---
from pipeline.extract import breakdowns  # noqa: E402
from pipeline.extract.breakdowns import _mode, _mode_of_matches, _modes_before  # noqa: E402
from pipeline.extract.context import rules  # noqa: E402

MODE_TEXTS = [
    "按污染类型统计，大气6件，水污染3件，噪声2件。",
    "涉及大气问题5件，区域分布：甲县2件，乙县3件。",
    "按行业统计：化工3件，涉及水问题5件，按地市看甲市2件。",
    "涉及1件水污染和2件大气污染的信访件，其中属实3件。",  # 涉及.{0,4}(水…) runs across a number
    "涉大气类12件，涉水类8件，涉噪声类3件，其他1件。",
    "交办信访件20件，已办结18件。",  # no cue at all
    "行业分布上看，养殖场4件，污水处理厂2件；污染类型上看，水4件。",
]


@pytest.mark.parametrize("text", MODE_TEXTS)
def test_modes_before_each_position_are_the_scan_of_the_words_before_it(text):
    positions = list(range(len(text) + 1))
    assert _modes_before(text, positions) == {pos: _mode(text[:pos]) for pos in positions}


def test_modes_before_reads_the_words_before_a_position_a_match_runs_across():
    text = MODE_TEXTS[3]
    found = [(name, list(p.finditer(text)), [m.end() for m in p.finditer(text)]) for name, p in rules().modes.items()]
    inside = text.index("1件")  # inside the match 涉及1件水
    assert _mode_of_matches(found, inside) is False  # (the shortcut cannot tell: the plain scan decides)
    assert _modes_before(text, [inside, len(text)]) == {inside: _mode(text[:inside]), len(text): _mode(text)}


def test_a_single_item_is_read_by_the_plain_scan(monkeypatch):
    calls = []
    monkeypatch.setattr(breakdowns, "_mode", lambda before: calls.append(before) or None)
    assert _modes_before(MODE_TEXTS[0], [9]) == {9: None}
    assert calls == [MODE_TEXTS[0][:9]]


def test_breakdown_items_of_a_cued_list():
    from pipeline.extract.context import statements

    st = statements("按污染类型统计：大气6件，水污染3件，噪声2件，生态1件。")[0]
    got = [(c.metric, c.category, c.value) for c in breakdowns.extract(st)]
    assert got == [("petitions.by_pollution_type", "air", 6), ("petitions.by_pollution_type", "water", 3),
                   ("petitions.by_pollution_type", "noise", 2), ("petitions.by_pollution_type", "ecology", 1)]


# --- the left rules of a counter, from the index by counter instead of a filter over every rule ---
@pytest.mark.parametrize("unit", sorted({u for r in rules().rules for u in r.units}) + [None, "吨"])
def test_left_rules_of_a_counter_are_those_of_the_filter(unit):
    assert [r for _, r in rules().sides(unit)[0]] == [r for r in rules().rules if r.side == "left" and unit in r.units]


def test_metric_of_a_cue_is_the_first_left_rule_that_reads_it():
    from pipeline.extract.discourse import _metric_of
    from pipeline.numbers import find_numbers

    def plain(cue, n, topic=None):
        for r in rules().rules:
            if r.side == "left" and n.unit in r.units and (not topic or not r.topic or r.topic == topic) \
                    and r.pattern.search(cue):
                return r.metric, r.category or "all"
        return None

    for cue in ("转办件数", "已办结", "问责人员中", "约谈", "罚款金额", "立案处罚", "其他"):
        for number in ("12件", "3人", "5万元", "7家", "4项"):
            n = find_numbers(number)[0]
            for topic in (None, "petitions", "rectification"):
                assert _metric_of(cue, n, topic) == plain(cue, n, topic), (cue, number, topic)


# --- scope: mentions made from their fields, as the dataclass makes them ---
from pipeline.extract.scope import Mention, _mention, _with  # noqa: E402

MENTIONS = [("合肥市", 3, 6, "340100", False), ("我省", 0, 2, None, True), ("城区", 10, 12, None, False)]


@pytest.mark.parametrize("fields", MENTIONS)
def test_a_mention_made_from_its_fields_is_the_dataclass_s(fields):
    made, plain = _mention(*fields), Mention(*fields)
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    assert (made.kind, made.group) == ("subject", ())
    with pytest.raises(AttributeError):
        made.kind = "item"  # still frozen


@pytest.mark.parametrize("kind", ["item", "inert", "label", "visit", "heading", "subject"])
def test_a_mention_of_another_kind_is_the_dataclass_s(kind):
    m = Mention("甲县", 5, 7, None, False, "subject", ("甲县", "乙县"))
    other = _with(m, kind)
    assert other == Mention("甲县", 5, 7, None, False, kind, ("甲县", "乙县")) and other is not m
    assert m.kind == "subject"  # the mention it was made from is unchanged
