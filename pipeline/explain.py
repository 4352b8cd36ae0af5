"""Why a text yields the facts it does: the numbers found, the rules tried on each, which fired.

`explain(text)` is what `cepi explain "TEXT"` prints; a notebook can call it too. It runs the
same normalization, metadata and extractors as `cepi extract` on one text.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .extract import extract_facts
from .extract import counts
from .extract.context import statements, rules
from .metadata import infer_metadata
from .normalize import normalized


@dataclass
class NumberTrace:
    number: str
    value: float | None
    unit: str | None
    left: str
    right: str
    topic: str | None
    skipped_by: str | None
    tried: list[dict] = field(default_factory=list)  # {"rule", "side", "metric", "matched"}


@dataclass
class Explanation:
    text: str
    metadata: dict
    numbers: list[NumberTrace]
    facts: list[dict]
    measures: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def explain(text: str, meta: dict | None = None, measures=None) -> Explanation:
    """Trace every countable number of `text`. `measures`, when given, is a function
    text -> list of measure dicts shown beside the facts."""
    norm = normalized(text)
    meta = meta if meta is not None else infer_metadata(norm.text)
    traces = []
    for st in statements(norm.text):
        for k, n in enumerate(st.numbers):
            traces.append(_trace(st, k))
    facts = [asdict(f) for f in extract_facts(norm, text, meta)]
    found = measures(text) if measures else []
    return Explanation(text, {k: meta.get(k) for k in ("doc_type", "admin_level", "region", "round")},
                       traces, facts, found)


def _trace(st, k: int) -> NumberTrace:
    n = st.numbers[k]
    left = st.left_of(k)
    right, _ = st.right_of(k)
    skip = counts.skipped_by(left, right, n.unit)
    topic = counts._topic(st, n.start, right, n.unit)
    tried = []
    for r in rules().rules:
        if n.unit not in r.units or (r.topic and r.topic != (topic or ("petitions" if n.unit == "件" else
                                                                          "rectification"))):
            continue
        if r.side == "left":
            matched = bool(r.pattern.search(left))
        elif r.side == "right":
            matched = bool(r.pattern.search(right))
        else:
            nxt = st.next_clause(k)
            matched = bool(nxt and r.pattern.search(nxt[0]))
        tried.append({"rule": r.id, "side": r.side, "metric": r.metric, "matched": matched})
    return NumberTrace(st.text[n.start:n.end], n.value, n.unit, left, right, topic, skip, tried)


def render(ex: Explanation) -> str:
    """A plain-text report of an explanation."""
    lines = [f"metadata: {ex.metadata}", ""]
    for t in ex.numbers:
        lines.append(f"number «{t.number}» value={t.value} unit={t.unit} topic={t.topic}")
        lines.append(f"  left «{t.left}»  right «{t.right}»")
        if t.skipped_by:
            lines.append(f"  not counted: {t.skipped_by}")
        fired = [x for x in t.tried if x["matched"]]
        lines.append(f"  rules tried: {len(t.tried)}; matched: "
                     + (", ".join(f"{x['rule']} ({x['side']} -> {x['metric']})" for x in fired) or "none"))
    lines.append("")
    lines.append(f"facts ({len(ex.facts)}):")
    for f in ex.facts:
        scope = f" @{f['subject_region']}" if f.get("subject_region") else ""
        extra = "".join(f" {k}={f[k]}" for k in ("as_of", "basis") if f.get(k))
        lines.append(f"  {f['metric']}[{f['category']}]{scope} = {f['value']} {f['unit'] or ''}"
                     f"  «{f['evidence']}»  rule={f['rule']}{extra}")
    if ex.measures:
        lines.append("")
        lines.append(f"measures ({len(ex.measures)}):")
        for m in ex.measures:
            why = m.get("why") or {}
            lines.append(f"  «{m.get('text')}» status={m.get('status')} deadline={m.get('deadline')} "
                         f"responsible={m.get('responsible')} rule={m.get('rule')}"
                         + (f" why={why}" if why else ""))
    return "\n".join(lines)
