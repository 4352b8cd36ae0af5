"""Load the fact rules (pipeline/rules/facts.yaml): validated, macros expanded, regexes compiled.

A misspelt key, a missing id, a duplicate id or a regex that does not compile is a `RuleFileError`
naming the file and the rule, raised when the file is loaded, not a silent no-match later.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..datafiles import load_yaml

RULE_KEYS = {"id", "metric", "category", "left", "right", "next", "units", "topic", "not_right", "not_left",
             "right_has", "requires", "near", "examples"}
SIDES = ("left", "right", "next")
SKIP_KEYS = {"id", "left", "right", "units", "examples"}
STRUCTURAL_KEYS = {"id", "about", "examples"}
TOP_KEYS = {"macros", "topics", "modality", "not_counted", "categories", "category_only", "basis",
            "breakdown_modes", "pollution_types", "families", "all_done", "structural", "indicator"}


class RuleFileError(ValueError):
    """A rule file that cannot be used as written."""


@dataclass(frozen=True)
class Rule:
    id: str
    metric: str
    family: str
    side: str  # left | right | next
    pattern: re.Pattern
    units: frozenset[str]
    category: str | None = None
    topic: str | None = None
    not_right: re.Pattern | None = None
    not_left: re.Pattern | None = None
    right_has: re.Pattern | None = None
    requires: re.Pattern | None = None  # a word earlier in the sentence
    near: re.Pattern | None = None  # a word anywhere in the sentence


@dataclass(frozen=True)
class Skip:
    """Numbers that count things outside the vocabulary."""

    id: str
    left: re.Pattern | None
    right: re.Pattern | None
    units: frozenset[str] | None = None  # counters it applies to (all when None)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    skips: tuple[Skip, ...]
    topics: dict[str, re.Pattern]
    modality: re.Pattern
    categories: dict[str, re.Pattern]
    category_only: re.Pattern
    modes: dict[str, re.Pattern]
    pollution: dict[str, str]  # label as written -> category
    all_done: dict[str, re.Pattern]
    indicator: dict[str, re.Pattern]
    indicator_units: frozenset[str]
    count_units: frozenset[str]
    basis: dict[str, re.Pattern]
    # id -> {"pos": [...], "neg": [...]} for every rule, skip and structural rule.
    examples: dict[str, dict] = field(default_factory=dict)
    # any pollution label of two characters or more (a single character is too common a word)
    pollution_word: re.Pattern | None = None
    # counter -> the rules accepting it, per side, as (index in `rules`, rule) in file order: a
    # number reads only these instead of filtering every rule by unit.
    by_unit: dict[str, tuple[tuple, tuple, tuple]] = field(default_factory=dict)

    def matching(self, unit: str | None, side: int, text: str) -> tuple:
        """The rules of side `side` (an index in SIDES) accepting `unit` whose pattern matches
        `text`, in file order, as (index in `rules`, rule, match start, match end). (No memo of
        answers across documents: it paid only where texts repeat, as the bench's do.)"""
        return tuple((i, r, m.start(), m.end()) for i, r in self.sides(unit)[side]
                     for m in (r.pattern.search(text),) if m)

    def sides(self, unit: str | None) -> tuple[tuple, tuple, tuple]:
        """(left, right, next) rules accepting `unit`, each as (index in `rules`, rule)."""
        return self.by_unit.get(unit, _NO_RULES)


_NO_RULES: tuple[tuple, tuple, tuple] = ((), (), ())


def _index_by_unit(rules: tuple[Rule, ...]) -> dict[str, tuple[tuple, tuple, tuple]]:
    units = {u for r in rules for u in r.units}
    return {u: tuple(tuple((i, r) for i, r in enumerate(rules) if u in r.units and r.side == side) for side in SIDES)
            for u in units}


def _expand(text: str, macros: dict) -> str:
    for name, value in macros.items():
        if isinstance(value, str):
            text = text.replace("{" + name + "}", value)
    return text


@lru_cache(maxsize=1)
def load_rules() -> RuleSet:
    """The rule set shipped with the package."""
    with resources.files("pipeline.rules").joinpath("facts.yaml").open(encoding="utf-8") as fh:
        return parse_rules(load_yaml(fh), "pipeline/rules/facts.yaml")


def load_rule_file(path: str | Path) -> RuleSet:
    """Another rule file (to try a change without touching the package)."""
    return parse_rules(load_yaml(Path(path).read_text(encoding="utf-8")), str(path))


def parse_rules(data: dict, source: str) -> RuleSet:
    def fail(where: str, message: str):
        raise RuleFileError(f"{source}: {where}: {message}")

    unknown = set(data) - TOP_KEYS
    if unknown:
        fail("top level", f"unknown key(s) {sorted(unknown)}; allowed: {sorted(TOP_KEYS)}")
    macros = data["macros"]

    def compile_(pattern, where):
        if not pattern:
            return None
        try:
            return re.compile(_expand(pattern, macros))
        except re.error as exc:
            fail(where, f"bad regex {pattern!r}: {exc}")

    def units(spec, where) -> frozenset[str]:
        if isinstance(spec, str):
            if spec not in macros:
                fail(where, f"units {spec!r} is not a macro")
            return frozenset(macros[spec])
        return frozenset(spec)

    examples: dict[str, dict] = {}

    def register(item: dict, where: str, allowed: set[str]):
        rid = item.get("id")
        if not rid:
            fail(where, "a rule needs an 'id'")
        unknown = set(item) - allowed
        if unknown:
            fail(f"rule {rid}", f"unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
        if rid in examples:
            fail(f"rule {rid}", "duplicate id")
        ex = item.get("examples") or {}
        if not ex.get("pos") or not ex.get("neg"):
            fail(f"rule {rid}", "examples need at least one 'pos' and one 'neg' sentence")
        examples[rid] = ex
        return rid

    rules = []
    for family, items in data["families"].items():
        for i, item in enumerate(items):
            rid = register(item, f"{family}[{i}]", RULE_KEYS)
            sides = [s for s in SIDES if s in item]
            if len(sides) != 1:
                fail(f"rule {rid}", f"exactly one of {SIDES} is needed, found {sides}")
            if "metric" not in item or "units" not in item:
                fail(f"rule {rid}", "'metric' and 'units' are required")
            side = sides[0]
            rules.append(Rule(
                id=rid, metric=item["metric"], family=family, side=side,
                pattern=compile_(item[side], f"rule {rid}"), units=units(item["units"], f"rule {rid}"),
                category=item.get("category"), topic=item.get("topic"),
                not_right=compile_(item.get("not_right"), f"rule {rid}"),
                not_left=compile_(item.get("not_left"), f"rule {rid}"),
                right_has=compile_(item.get("right_has"), f"rule {rid}"),
                requires=compile_(item.get("requires"), f"rule {rid}"),
                near=compile_(item.get("near"), f"rule {rid}"),
            ))
    skips = []
    for i, item in enumerate(data.get("not_counted", [])):
        rid = register(item, f"not_counted[{i}]", SKIP_KEYS)
        skips.append(Skip(rid, compile_(item.get("left"), rid), compile_(item.get("right"), rid),
                          units(item["units"], rid) if "units" in item else None))
    for i, item in enumerate(data.get("structural", [])):
        register(item, f"structural[{i}]", STRUCTURAL_KEYS)
    pollution = {label: cat for cat, labels in data["pollution_types"].items() for label in labels}
    return RuleSet(
        rules=tuple(rules),
        skips=tuple(skips),
        topics={k: compile_(v, f"topics.{k}") for k, v in data["topics"].items()},
        modality=compile_(data["modality"], "modality"),
        categories={k: re.compile(v) for k, v in data["categories"].items()},
        category_only=re.compile(data["category_only"]),
        modes={k: re.compile(v) for k, v in data["breakdown_modes"].items()},
        pollution=pollution,
        all_done={k: re.compile(v) for k, v in data["all_done"].items()},
        indicator={k: re.compile(v) for k, v in data["indicator"].items() if isinstance(v, str)},
        indicator_units=frozenset(data["indicator"]["units"]),
        basis={k: compile_(v, f"basis.{k}") for k, v in data["basis"].items()},
        count_units=units("COUNT", "COUNT") | units("PEOPLE", "PEOPLE") | {"元", "次"}
        | frozenset(data["indicator"]["units"]),
        examples=examples,
        by_unit=_index_by_unit(tuple(rules)),
        pollution_word=re.compile("|".join(sorted((re.escape(w) for w in pollution if len(w) >= 2), key=len, reverse=True))
                                  or "(?!)"),
    )
