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
