"""Rectification measures (整改措施): one row per clause that describes an action.

The unit is a sentence of `split_sentences` (which also splits on ；), minus its enumerator
(（一）, 1., 二是). A clause is a measure when it has a physical action verb (建成, 关停, 清淤)
or a general one (开展, 推进) backed by something checkable (a number, a deadline, a document,
a responsible unit); duty slogans, problem descriptions and task tallies are skipped.
Rules live in pipeline/rules/measures.yaml.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from .gazetteer import gazetteer
from .numbers import find_numbers
from .records import Measure
from .segment import split_sentences

@lru_cache(maxsize=1)
def _rules() -> dict:
    with resources.files("pipeline.rules").joinpath("measures.yaml").open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    words = lambda items: re.compile("|".join(sorted(map(re.escape, items), key=len, reverse=True)))
    return {
        "leading_label": re.compile(data["leading_label"]),
        "trailing_punct": re.compile(data["trailing_punct"]),
        "physical": words(data["physical_actions"]),
        "general": words(data["general_actions"]),
        "verb_nouns": words(data["verb_nouns"]),
        "action_max_len": data["action_max_len"],
        "slogan": re.compile(data["slogan"]),
        "not_measure": [re.compile(p) for p in data["not_measure"]],
        "domains": {name: words(items) for name, items in data["domains"].items()},
        "status": {name: re.compile(p) for name, p in data["status"].items()},
        "deadlines": [(re.compile(d["pattern"]), d["value"]) for d in data["deadlines"]],
        "responsible_label": re.compile(data["responsible_label"]),
        "organization": re.compile(data["organization"]),
        "responsible_after": re.compile(data["responsible_after"]),
        "responsible_before": re.compile(data["responsible_before"]),
        "document": re.compile(data["document"]),
        "skip_units": frozenset(data["time_units"]) | frozenset(data["ordinal_units"]),
    }


def extract_measures(text: str) -> list[Measure]:
    """Measures with char_start/char_end into `text`, measure_idx from 0; `concrete` left None (the classifier fills it later)."""
    out: list[Measure] = []
    for sent in split_sentences(text):
        start, end = _trim(text, sent.char_start, sent.char_end)
        clause = text[start:end]
        if clause and is_measure(clause):
            out.append(describe(clause, len(out), start, end))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop the enumerator in front and the punctuation at the end."""
    rules = _rules()
    m = rules["leading_label"].match(text[start:end])
    if m:
        start += m.end()
    m = rules["trailing_punct"].search(text[start:end])
    if m:
        end = start + m.start()
    return start, end


def is_measure(clause: str) -> bool:
    rules = _rules()
    if rules["slogan"].search(clause) or any(p.search(clause) for p in rules["not_measure"]):
        return False
    verbs = _verbs_only(clause)
    if rules["physical"].search(verbs):
        return True
    return bool(rules["general"].search(verbs)) and _has_anchor(clause)


def _verbs_only(clause: str) -> str:
    """The clause with verb-bearing nouns (覆盖率, 建成区) blanked out, same length."""
    return _rules()["verb_nouns"].sub(lambda m: "□" * len(m.group()), clause)


def _has_anchor(clause: str) -> bool:
    rules = _rules()
    environmental = domain(clause) not in (None, "institutional")
    return bool(environmental or re.search(r"\d", clause) or rules["document"].search(clause)
                or deadline(clause) or responsible(clause))


def describe(clause: str, idx: int, start: int, end: int) -> Measure:
    rules = _rules()
    return Measure(
        measure_idx=idx, text=clause, char_start=start, char_end=end,
        action=action(clause), domain=domain(clause), status=status(clause), deadline=deadline(clause),
        responsible=responsible(clause), quantities=quantities(clause),
        documents=[m.group(1) for m in rules["document"].finditer(clause)],
    )


def action(clause: str) -> str | None:
    """The first action verb with its object, to the end of its comma clause; a verb that ends its
    comma clause (加大雨污分流改造) takes the whole comma clause."""
    rules = _rules()
    verbs = _verbs_only(clause)
    found = [m for m in (rules["physical"].search(verbs), rules["general"].search(verbs)) if m]
    if not found:
        return None
    m = min(found, key=lambda m: m.start())
    piece_start = max(clause.rfind(c, 0, m.start()) for c in "，,；;：:") + 1
    stop = re.search(r"[，,；;。：:]", clause[m.end():])
    piece_end = m.end() + stop.start() if stop else len(clause)
    start = piece_start if piece_end == m.end() else m.start()
    return clause[start:min(piece_end, start + rules["action_max_len"])]


def domain(clause: str) -> str | None:
    hits = {name: len(p.findall(clause)) for name, p in _rules()["domains"].items()}
    best = max(hits, key=hits.get)  # dict order breaks ties
    return best if hits[best] else None


def status(clause: str) -> str | None:
    """done / ongoing / planned by the earliest cue in the clause."""
    found = [(m.start(), name) for name, p in _rules()["status"].items() if (m := p.search(clause))]
    return min(found)[1] if found else None


def deadline(clause: str) -> str | None:
    """A normalized deadline: 2025-06, 2025-12, 2025, end_of_year, P6M, P30D, long_term."""
    for pattern, value in _rules()["deadlines"]:
        m = pattern.search(clause)
        if not m:
            continue
        groups = [g for g in m.groups() if g]
        year = groups[0] if groups and len(groups[0]) == 4 else ""
        month = f"{int(groups[1]):02d}" if len(groups) > 1 else ""
        n = groups[0] if groups else ""
        return value.format(year=year, month=month, n=n)
    return None


def responsible(clause: str) -> str | None:
    """The unit named as responsible: 牵头单位：X, or a body that leads (X牵头, 由X负责, X会同 ...)."""
    rules = _rules()
    m = rules["responsible_label"].search(clause)
    if m:
        return m.group(1).strip()
    for m in rules["organization"].finditer(clause):
        start = _with_place_prefix(clause, m.start())
        after = clause[m.end():]
        if start == 0 or rules["responsible_after"].match(after) or rules["responsible_before"].search(clause[:start]):
            return clause[start:m.end()]
    return None


def _with_place_prefix(clause: str, start: int) -> int:
    """Extend an organization back over the place name it starts with (赣州|市生态环境局)."""
    for k in range(6, 0, -1):
        if start - k >= 0 and gazetteer().by_name.get(clause[start - k:start + 1]):
            return start - k
    return start


def quantities(clause: str) -> list[str]:
    """Number + counter pairs (8座, 80公里, 95%), dates, ordinals (第二轮) and the article 一 (一个点位)
    left out; masked numbers as written."""
    out = []
    for n in find_numbers(clause):
        if not n.unit or n.unit in _rules()["skip_units"] or clause[max(0, n.start - 1):n.start] == "第":
            continue
        if clause[n.start:n.end].startswith("一") and n.value == 1:
            continue
        if n.redacted or n.value is None:
            out.append(clause[n.start:n.end])
            continue
        value = _fmt(n.value) if n.value_high is None else f"{_fmt(n.value)}-{_fmt(n.value_high)}"
        out.append(value + n.unit)
    return out


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
