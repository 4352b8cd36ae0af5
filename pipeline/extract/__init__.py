"""Fact extraction: one small extractor per metric family, registered by name.

Each extractor reads one `Statement` of the normalized text and returns candidates;
`extract_facts` maps their spans back to the reported text so that
`text[char_start:char_end] == evidence`.
"""
from __future__ import annotations

from ..normalize import Aligned, as_written
from ..records import Fact
from . import breakdowns, counts, indicators
from .context import statements
from .facts import Candidate

EXTRACTORS = {
    "counts": counts.extract,
    "breakdowns": breakdowns.extract,
    "indicators": indicators.extract,
}


def extract_facts(norm: Aligned, text: str, extractors: dict = EXTRACTORS) -> list[Fact]:
    """All facts of one document. `norm` is the aligned normalized view of `text`."""
    spans: list[tuple[Candidate, int]] = []
    for st in statements(norm.text):
        found = [c for extractor in extractors.values() for c in extractor(st)]
        # A number read as a breakdown item ("其他2件") is not also a count of its own.
        listed = {id(c.number) for c in found if c.extractor == "breakdowns"}
        spans.extend((c, st.start) for c in found if c.extractor == "breakdowns" or id(c.number) not in listed)
    spans.extend(breakdowns.extract_tables(norm.text))
    spans.extend(breakdowns.extract_table_rows(norm.text))
    facts = [_to_fact(c, offset, norm, text) for c, offset in spans]
    return sorted(_unique(facts), key=lambda f: (f.char_start, f.char_end, f.metric))


def _to_fact(c: Candidate, offset: int, norm: Aligned, text: str) -> Fact:
    start, end = norm.source_span(offset + c.start, offset + c.end)
    n = c.number
    category = c.category
    if c.label_end is not None:
        s, e = norm.source_span(offset + c.start, offset + c.label_end)
        category = as_written(text[s:e]) or category
    return Fact(
        metric=c.metric, category=category, value=c.value, unit=n.unit, approx=n.approx,
        redacted=n.redacted, evidence=text[start:end], char_start=start, char_end=end,
        value_high=c.value_high if c.value_high is not None else n.value_high, extractor=c.extractor,
    )


def _unique(facts: list[Fact]) -> list[Fact]:
    """One fact per (metric, category, value, span): rules that agree are not two statements."""
    seen, out = set(), []
    for f in facts:
        key = (f.metric, f.category, f.value, f.char_start, f.char_end)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
