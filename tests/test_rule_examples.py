"""Every rule of pipeline/rules/facts.yaml is checked against its own examples, and the rule
file is validated when loaded (a misspelt key is an error naming the file and the rule)."""
from __future__ import annotations

import copy
from importlib import resources

import pytest
import yaml

from pipeline.explain import explain
from pipeline.extract.rules import RuleFileError, load_rules, parse_rules

RULES = load_rules()
SKIP_IDS = {s.id for s in RULES.skips}
CASES = [(rid, kind, text) for rid, ex in sorted(RULES.examples.items())
         for kind in ("pos", "neg") for text in ex[kind]]


def _fired(rule_id: str, text: str) -> bool:
    ex = explain(text)
    if rule_id in SKIP_IDS:
        return any(t.skipped_by == rule_id for t in ex.numbers)
    return any(f["rule"] == rule_id for f in ex.facts)


@pytest.mark.parametrize("rule_id,kind,text", CASES, ids=[f"{r}-{k}-{i}" for i, (r, k, _) in enumerate(CASES)])
def test_rule_fires_on_its_examples(rule_id, kind, text):
    assert _fired(rule_id, text) == (kind == "pos")


def test_every_fact_rule_has_examples():
    assert all(r.id in RULES.examples for r in RULES.rules)
    assert len({r.id for r in RULES.rules}) == len(RULES.rules)


def _data() -> dict:
    with resources.files("pipeline.rules").joinpath("facts.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def test_misspelt_key_names_file_and_rule():
    data = copy.deepcopy(_data())
    data["families"]["petitions"][0]["unitz"] = data["families"]["petitions"][0].pop("units")
    with pytest.raises(RuleFileError, match=r"my_rules\.yaml: rule petitions\.closed\.incl_partial\.left: unknown key"):
        parse_rules(data, "my_rules.yaml")


@pytest.mark.parametrize("change,message", [
    (lambda r: r.pop("id"), "needs an 'id'"),
    (lambda r: r.update(right="^x"), "exactly one of"),
    (lambda r: r.update(left="(unclosed"), "bad regex"),
    (lambda r: r.update(examples={"pos": ["x"]}), "examples need"),
])
def test_invalid_rules_are_rejected(change, message):
    data = copy.deepcopy(_data())
    change(data["families"]["enforcement"][0])
    with pytest.raises(RuleFileError, match=message):
        parse_rules(data, "facts.yaml")


def test_duplicate_ids_are_rejected():
    data = copy.deepcopy(_data())
    data["families"]["enforcement"][1]["id"] = data["families"]["enforcement"][0]["id"]
    with pytest.raises(RuleFileError, match="duplicate id"):
        parse_rules(data, "facts.yaml")
