"""Named rates stated as percentages: 受污染耕地安全利用率100%, 森林覆盖率稳定在65%以上."""
from __future__ import annotations

from .context import Statement, rules
from .facts import Candidate
from .rules import LazyRegex


def extract(statement: Statement) -> list[Candidate]:
    units = rules().indicator_units
    out: list[Candidate] = []
    for k, n in enumerate(statement.numbers):
        # A masked rate (达标率*%) is left out: the genre's annotators do not count it as a stated value.
        if n.unit not in units or n.redacted:
            continue
        spec, pattern = rules().indicator, rules().named_rate
        left = statement.left_of(k)
        m = pattern.search(left)
        if not m:
            previous = out[-1] if out and out[-1].number is statement.numbers[k - 1] else None
            if previous and previous.end < n.end and spec["continued"].search(left):
                out.append(Candidate("indicator", previous.category, n, n.start - len(left), n.end, n.value,
                                     "indicators", rule="indicators.continued"))
            continue
        name = spec["strip_prefix"].sub("", m.group(1))
        if len(name) < 3 or spec["skip_names"].search(name):
            continue
        start = n.start - len(left) + m.start(1) + (len(m.group(1)) - len(name))
        cand = Candidate("indicator", name, n, start, n.end, n.value, "indicators", label_end=start + len(name),
                         rule="indicators.named_rate")
        upper = _range_end(statement, k)
        if upper is not None:  # 85%至90%
            cand.value_high, cand.end = upper.value, upper.end
        out.append(cand)
    return out


_RANGE_SEP = LazyRegex(r"(至|到|-|~|～|—)")


def _range_end(statement: Statement, k: int):
    if k + 1 >= len(statement.numbers):
        return None
    n, nxt = statement.numbers[k], statement.numbers[k + 1]
    between = statement.text[n.end:nxt.start]
    return nxt if nxt.unit == n.unit and _RANGE_SEP.fullmatch(between) else None
