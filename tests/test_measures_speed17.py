"""Round 17 speed changes of pipeline/measures: each is checked against the plain computation."""
import pytest

from pipeline.measures import load_rules
from pipeline.measures.rules import RuleWords

from test_measures_speed14 import _plain_candidates  # the definition: always, openers, words in the text

_TEXTS = [
    "", "已", "该问题已完成整改并通过验收", "经复核达到销号条件", "整改任务已全部完成", "正在推进中",
    "对已完成整改的企业开展回头看", "3项尚未达到序时进度", "整改进行中，已办结12件", "新建污水管网8公里",
    "县政府要求各乡镇在年底前完成清运", "交办的128件信访件已办结120件", "会上，县生态环境局通报了整改进展情况",
    "累计关停企业12家，正在拆除3处", "持续推进河道清淤", "《整改方案》明确，新建污水站3座",
]


@pytest.mark.parametrize("section", ["inherited_status", "status", "not_action", "actions"])
def test_candidates_by_few_characters_equal_the_definition(section):
    """A RuleWords of at most FEW_CHARS filing characters looks for each with `in`; one of more
    scans the text with `re`: both give the plain definition's mask on every text."""
    rules = load_rules()
    words = {"not_action": rules.not_action_words, "actions": rules.action_words}.get(section) \
        or rules.section_index[section]
    assert (words._few_chars is not None) == (len(words.chars) <= RuleWords.FEW_CHARS)
    for text in _TEXTS + [a + "，" + b for a in _TEXTS[:6] for b in _TEXTS[6:]]:
        assert words.candidates(text) == _plain_candidates(words, text), text


def test_inherited_status_is_read_by_its_few_characters():
    # (the section read in every sentence of a document: the case the `in` tests are for)
    assert load_rules().section_index["inherited_status"]._few_chars is not None


@pytest.mark.parametrize("section", ["inherited_status", "status", "not_action"])
def test_first_owner_is_the_first_rule_that_fires(section):
    """`first_owner` (reading its entries, tests and gates as one tuple) names the first rule,
    in order, whose regex matches the text, as trying every rule does."""
    rules = load_rules()
    if section == "not_action":
        words, ordered = rules.not_action_words, rules.not_action_rules
    else:
        words, ordered = rules.section_index[section], rules[section]
    for text in _TEXTS + [a + "，" + b for a in _TEXTS[:6] for b in _TEXTS[6:]]:
        want = next((rule for rule in ordered if rule.regex.search(text)), None)
        assert words.first_owner(text) is want, text


def test_the_tuples_read_per_call_are_the_attributes():
    """`_scan` and `_owning` hold the very objects of the attributes (the gates list that
    `gate` fills in is the one `first_owner` reads)."""
    rules = load_rules()
    for words in (rules.not_action_words, rules.action_words, rules.domain_words, rules.section_index["status"]):
        assert words._scan == (words.always, words.by_char, words.openers, words._char_class, words._few_chars)
        owners, searches, gates = words._owning
        assert owners is words.rules and searches is words.searches and gates is words.gates
