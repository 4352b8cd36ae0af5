"""Fact extraction: one small extractor per metric family, registered by name.

Each extractor reads one `Statement` of the normalized text and returns candidates; the
discourse pass adds counts labelled only by a region ("其中合肥市20件"); `extract_facts` gives
each candidate its scope (`subject_region`, `as_of`, `basis`) and maps its span back to the
reported text so that `text[char_start:char_end] == evidence`.
"""
from __future__ import annotations


from ..gazetteer import Gazetteer, gazetteer
from ..normalize import Aligned, as_written
from ..records import Fact
from . import breakdowns, counts, indicators
from .context import rules, statements
from .discourse import region_cell_pairs, region_items, region_table_rows, regions_respectively
from .facts import Candidate
from .scope import BasisCues, Scope, find_scope, recipient_region

EXTRACTORS = {
    "counts": counts.extract,
    "breakdowns": breakdowns.extract,
    "indicators": indicators.extract,
}


def extract_facts(norm: Aligned, text: str, meta: dict | None = None, extractors: dict = EXTRACTORS,
                  gaz: Gazetteer | None = None) -> list[Fact]:
    """All facts of one document. `norm` is the aligned normalized view of `text`; `meta` the
    document's metadata (its own `region` / `region_code` decide what is a sub-region)."""
    meta = meta or {}
    scope = _OnFirstUse(lambda: _document_scope(norm.text, meta, gaz or gazetteer()))
    sts = statements(norm.text)
    spans: list[tuple[Candidate, int, int]] = []  # candidate, statement offset, sentence start
    per_statement = []
    for st in sts:
        if not st.numbers and extractors is EXTRACTORS:  # every extractor reads the statement's numbers
            per_statement.append([])
            continue
        found = [c for extractor in extractors.values() for c in extractor(st)]
        if found and scope.names_within(st.start, st.start + len(st.text)):
            found = [c for c in found if not scope.in_name(st.start + c.number.start, st.start + c.number.end)]
        # A number read as a breakdown item ("其他2件") is not also a count of its own.
        listed = {id(c.number) for c in found if c.extractor == "breakdowns"}
        if listed:
            found = [c for c in found if c.extractor == "breakdowns" or id(c.number) not in listed]
        found = regions_respectively(st, found, scope)
        per_statement.append(found)
        spans.extend([(c, st.start, st.start) for c in found])  # (a list: no generator per statement)
    spans.extend([(c, st.start, st.start) for c, st in counts.done_in_next_sentence(sts, per_statement)])
    spans.extend([(c, st_start, st_start) for c, st_start in region_items(sts, per_statement, scope)])
    spans.extend((c, 0, norm.text.rfind("\n", 0, c.start) + 1) for c in region_table_rows(norm.text, scope))
    spans.extend((c, 0, norm.text.rfind("\n", 0, c.start) + 1) for c in region_cell_pairs(norm.text, scope))
    for c, offset in [*breakdowns.extract_tables(norm.text), *breakdowns.extract_table_rows(norm.text)]:
        spans.append((c, offset, norm.text.rfind("\n", 0, c.start) + 1))
    rs = rules()
    cues = BasisCues(norm.text, rs.basis, rs.basis_words)
    facts = [f for c, offset, sentence in spans for f in _to_facts(c, offset, sentence, norm, text, scope, cues)]
    return sorted(_unique(facts), key=lambda f: (f.char_start, f.char_end, f.metric, f.subject_region or ""))


def _document_scope(text: str, meta: dict, gaz: Gazetteer) -> Scope:
    scope = find_scope(text, gaz, meta.get("region_code"), meta.get("region"),
                       national=meta.get("admin_level") == "national")
    if not meta.get("region") and meta.get("admin_level") != "national":
        # a page whose region the metadata missed ("中共陕西省委 陕西省人民政府" over "…交办陕西省
        # 信访件1663件"): the region it reports on is its own scope, not a sub-region
        own = recipient_region(scope)
        if own is not None:
            scope = find_scope(text, gaz, own.code, own.name)
    return scope


class _OnFirstUse:
    """The document's `Scope`, found when something first asks it (its region mentions are a
    good part of the stage's work, and a page without a number asks nothing). Each attribute
    read is then kept on this object: it is the scope's own (its methods bound to it)."""

    def __init__(self, build):
        self._build = build
        self._scope = None

    def __getattr__(self, name: str):
        if self._scope is None:
            self._scope = self._build()
        value = self.__dict__[name] = getattr(self._scope, name)
        return value


def _to_facts(c: Candidate, offset: int, sentence_start: int, norm: Aligned, text: str, scope: Scope,
              cues: BasisCues) -> list[Fact]:
    start, end = norm.source_span(offset + c.start, offset + c.end)
    n = c.number
    category = c.category
    if c.label_end is not None:
        s, e = norm.source_span(offset + c.start, offset + c.label_end)
        category = as_written(text[s:e]) or category
    at = offset + n.start
    mention, group = (c.subject, ()) if c.subject is not None else scope.region_at(at, sentence_start)
    if mention is not None and mention.own:
        mention, group = None, ()
    # (by position, in the order of Fact's fields, tested: one fact per number, thousands per document)
    common = (c.metric, category, c.value, n.unit, n.approx, n.redacted, text[start:end], start, end,
              c.value_high if c.value_high is not None else n.value_high, c.extractor, c.rule)
    as_of, basis = scope.as_of(at), cues.at(sentence_start, at)
    if mention is None:
        return [Fact(*common, None, None, as_of, basis)]
    names = group or (mention.name,)
    out = []
    for name in names:
        code = mention.code if name == mention.name else None
        s, e = _written_span(norm, text, scope, mention, name)
        out.append(Fact(*common, as_written(text[s:e]) or name, code, as_of, basis))
    return out


def _written_span(norm: Aligned, text: str, scope: Scope, mention, name: str) -> tuple[int, int]:
    """Where `name` (the mention, or one name of its enumeration) is written in the published text."""
    at = scope.text.rfind(name, 0, mention.end)
    return norm.source_span(at, at + len(name))


def _unique(facts: list[Fact]) -> list[Fact]:
    """One fact per (metric, category, value, span, scope): rules that agree are not two statements."""
    seen, out = set(), []
    for f in facts:
        key = (f.metric, f.category, f.value, f.char_start, f.char_end, f.subject_region)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
