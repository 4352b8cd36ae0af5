"""The measure rules file: every rule fires on its examples and not on its counter-examples,
and a broken file is a clear error naming the file and the rule."""
import re
from pathlib import Path

import pytest
import yaml

from pipeline.measures import RuleError, check_examples, load_rules
from pipeline.measures.rules import RULES_FILE

PACKAGED = Path(__file__).parent.parent / "pipeline" / "rules" / RULES_FILE


def test_every_rule_fires_on_its_examples_and_not_on_its_counter_examples():
    assert check_examples(load_rules()) == []


def test_every_rule_has_an_id_and_both_kinds_of_examples():
    rules = load_rules()
    ids = [r.id for section in rules.sections.values() for r in section]
    assert len(ids) == len(set(ids))
    assert all(r.examples and r.counter for section in rules.sections.values() for r in section)


def _broken(tmp_path, edit) -> Path:
    data = yaml.safe_load(PACKAGED.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "measures.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _misspell(data):
    data["actions"][0]["exampels"] = data["actions"][0].pop("examples")


def _no_counter(data):
    del data["status"][1]["counter"]


def _duplicate(data):
    data["anchors"][1]["id"] = data["anchors"][0]["id"]


def _bad_regex(data):
    next(r for r in data["not_measure"] if r["id"] == "not.meeting")["pattern"] = "会议(("


def _bad_kind(data):
    data["labels"][0]["kind"] = "problme"


@pytest.mark.parametrize("edit, message", [
    (_misspell, "rule 'act.close': unknown key(s) ['exampels']"),
    (_no_counter, "rule 'status.planned': 'counter' must be a non-empty list"),
    (_duplicate, "rule 'anchor.quantity': duplicate id"),
    (_bad_regex, "rule 'not.meeting': bad pattern"),
    (_bad_kind, "rule 'label.problem': kind 'problme'"),
])
def test_a_broken_rules_file_names_the_file_and_the_rule(tmp_path, edit, message):
    path = _broken(tmp_path, edit)
    with pytest.raises(RuleError) as err:
        load_rules(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_a_failing_example_is_reported(tmp_path):
    def edit(data):
        data["actions"][0]["examples"].append("提高政治站位")
    failures = check_examples(load_rules(_broken(tmp_path, edit)))
    assert failures == ["act.close: does not fire on example «提高政治站位»"]


def test_the_packaged_rules_are_compiled_on_first_use():
    rules = load_rules()
    compiled = lambda: {r.id for section in rules.sections.values() for r in section  # noqa: E731
                        if isinstance(r.regex, re.Pattern)}
    assert compiled() == set()
    assert rules.first("status", "已完成整改") is not None
    assert compiled() and compiled() <= {r.id for r in rules["status"]}
    # a rule whose required words are absent is neither searched nor compiled
    assert rules.by_id("subj.self").search("县水利局开展排查") is None
    assert not isinstance(rules.by_id("subj.self").regex, re.Pattern)


def test_a_bad_pattern_compiled_late_is_still_a_rule_error():
    from pipeline.measures.rules import Rule
    rule = Rule("x.bad", "status", "会议((", ("会议",), ("无",), source="f.yaml")
    with pytest.raises(RuleError, match="f.yaml: rule 'x.bad': bad pattern"):
        rule.search("会议")


def test_rules_not_built_yet_survive_a_pickle():
    import pickle

    from pipeline.measures import extract_measures
    text = "整改措施：1.2023年底前完成污水处理厂提标改造，县住建局负责。2.加强日常监管，开展执法检查3次。"
    copied = pickle.loads(pickle.dumps(load_rules()))
    assert [vars(m) for m in extract_measures(text, copied)] == [vars(m) for m in extract_measures(text, load_rules())]
