"""Arithmetic a careful analyst would check on a document's facts (a self-reported claim is not proof)."""
from __future__ import annotations

import bisect

from ..records import Check, Fact

TOL = 1e-6


def consistency_checks(facts: list[Fact]) -> list[Check]:
    """completed + incomplete = total (per category, for each stated total); closed + partially
    closed <= assigned; pollution-type breakdown vs the assigned total (multi-label: above is a note).
    Figures are compared only within one scope: a city's count is never checked against its province's."""
    scopes: dict[str | None, list[Fact]] = {}
    for f in facts:
        scopes.setdefault(f.subject_region, []).append(f)
    checks: list[Check] = []
    for scope, scoped in scopes.items():
        for check in _checks(scoped):
            check.subject_region = scope
            checks.append(check)
    return checks


def _checks(facts: list[Fact]) -> list[Check]:
    checks: list[Check] = []
    known = [f for f in facts if f.value is not None]
    by_metric: dict[str, list[Fact]] = {}
    for f in known:
        by_metric.setdefault(f.metric, []).append(f)
    # The look-ups are indexed only for the metrics a check of this scope reads (most facts are of
    # other metrics, and most scopes state no total).
    totals = by_metric.get("rectification.tasks_total")
    if totals:
        completed, incomplete = (_indexed(by_metric, m) for m in ("rectification.tasks_completed",
                                                                   "rectification.tasks_incomplete"))
        for total in totals:
            done = _after(completed, total)
            todo = _after(incomplete, total)
            if done and todo:
                found = done.value + todo.value
                checks.append(Check(f"tasks completed + incomplete = total [{total.category}]", total.value, found,
                                    abs(found - total.value) <= TOL))
    assigned_facts = by_metric.get("petitions.assigned")
    if assigned_facts:
        closed_index, partial_index = (_indexed(by_metric, m) for m in ("petitions.closed", "petitions.partially_closed"))
        for assigned in assigned_facts:
            closed = _after(closed_index, assigned)
            partial = _after(partial_index, assigned)
            if closed:
                found = closed.value + (partial.value if partial else 0)
                checks.append(Check("petitions closed + partially closed <= assigned", assigned.value, found,
                                    found <= assigned.value + TOL))
    pollution = by_metric.get("petitions.by_pollution_type", [])
    if pollution:
        first = min(pollution, key=lambda f: f.char_start)
        assigned = _before(_indexed(by_metric, "petitions.assigned"), first)
        if assigned:
            found = sum(f.value for f in pollution if abs(f.char_start - first.char_start) < 600)
            over = found > assigned.value + TOL
            checks.append(Check("pollution-type breakdown sums to assigned", assigned.value, found,
                                abs(found - assigned.value) <= TOL or over,
                                "sum above total: types may be multi-label" if over else None))
    return checks


def _indexed(by_metric: dict[str, list[Fact]], metric: str) -> _ByStart:
    """The facts of `metric` (none: an empty index) sorted for the look-ups near an anchor."""
    return _ByStart(by_metric.get(metric, ()))


class _ByStart(list):
    """Facts of one metric sorted (stably) by start, with their starts: a look-up near an anchor is
    a binary search, so a document with thousands of counts is not checked pair by pair
    (quadratic: a 13 MB file spent five minutes here)."""

    def __init__(self, facts):
        super().__init__(sorted(facts, key=lambda f: f.char_start))
        self.starts = [f.char_start for f in self]


def _after(candidates: list[Fact], anchor: Fact, window: int = 200) -> Fact | None:
    """The first fact stated after `anchor` and close to it, in the same category."""
    candidates = candidates if isinstance(candidates, _ByStart) else _ByStart(candidates)
    for i in range(bisect.bisect_left(candidates.starts, anchor.char_start), len(candidates)):
        f = candidates[i]
        if f.char_start - anchor.char_start > window:
            break
        if f.category == anchor.category:
            return f
    return None


def _before(candidates: list[Fact], anchor: Fact, window: int = 400) -> Fact | None:
    """The last fact stated before `anchor` and close to it (the first of several at one start)."""
    candidates = candidates if isinstance(candidates, _ByStart) else _ByStart(candidates)
    end = bisect.bisect_right(candidates.starts, anchor.char_start)
    if not end or anchor.char_start - candidates.starts[end - 1] > window:
        return None
    return candidates[bisect.bisect_left(candidates.starts, candidates.starts[end - 1])]
