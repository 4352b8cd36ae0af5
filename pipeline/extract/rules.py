"""Load the fact rules (pipeline/rules/facts.yaml) once, with macros expanded and regexes compiled."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Rule:
    metric: str
    family: str
    side: str  # left | right | next
    pattern: re.Pattern
    units: frozenset[str]
    category: str | None = None
    topic: str | None = None
    not_right: re.Pattern | None = None
    right_has: re.Pattern | None = None
    requires: re.Pattern | None = None


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    topics: dict[str, re.Pattern]
    categories: dict[str, re.Pattern]
    category_only: re.Pattern
    modes: dict[str, re.Pattern]
    pollution: dict[str, str]  # label as written -> category
    all_done: dict[str, re.Pattern]
    indicator: dict[str, re.Pattern]
    indicator_units: frozenset[str]
    count_units: frozenset[str]


def _expand(text: str, macros: dict) -> str:
    for name, value in macros.items():
        if isinstance(value, str):
            text = text.replace("{" + name + "}", value)
    return text


@lru_cache(maxsize=1)
def load_rules() -> RuleSet:
    with resources.files("pipeline.rules").joinpath("facts.yaml").open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    macros = data["macros"]
    compile_ = lambda p: re.compile(_expand(p, macros)) if p else None

    def units(spec) -> frozenset[str]:
        if isinstance(spec, str):
            return frozenset(macros[spec])
        return frozenset(spec)

    rules = []
    for family, items in data["families"].items():
        for item in items:
            side = next(s for s in ("left", "right", "next") if s in item)
            rules.append(Rule(
                metric=item["metric"], family=family, side=side, pattern=compile_(item[side]),
                units=units(item["units"]), category=item.get("category"), topic=item.get("topic"),
                not_right=compile_(item.get("not_right")), right_has=compile_(item.get("right_has")),
                requires=compile_(item.get("requires")),
            ))
    pollution = {label: cat for cat, labels in data["pollution_types"].items() for label in labels}
    return RuleSet(
        rules=tuple(rules),
        topics={k: re.compile(v) for k, v in data["topics"].items()},
        categories={k: re.compile(v) for k, v in data["categories"].items()},
        category_only=re.compile(data["category_only"]),
        modes={k: re.compile(v) for k, v in data["breakdown_modes"].items()},
        pollution=pollution,
        all_done={k: re.compile(v) for k, v in data["all_done"].items()},
        indicator={k: re.compile(v) for k, v in data["indicator"].items() if isinstance(v, str)},
        indicator_units=frozenset(data["indicator"]["units"]),
        count_units=units("COUNT") | units("PEOPLE") | {"元"} | frozenset(data["indicator"]["units"]),
    )
