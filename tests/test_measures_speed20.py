"""Round 20's speed change to the measures stage, against the plain computation it replaces:
RuleWords keeps the compiled patterns' own methods (`searches`, the filing characters' findall)
rather than LazyPattern stand-ins."""
import re

import pytest

from measures_texts import with_rule_examples
from pipeline.measures import load_rules

from test_measures_speed14 import _plain_candidates

# hand-written clauses: problems, findings, tallies, plans, and clauses that hold none of the words
_TEXTS = [
    "", "未", "该企业存在环境管理不到位问题", "对存在问题的企业开展整治", "未按要求建设污水处理设施",
    "经县生态环境局组织核查，情况属实", "发现问题线索12条", "交办的36件信访件已办结30件", "关停取缔散乱污企业3家",
    "新建污水管网8公里", "已完成整改", "正在推进中", "计划年底前完成", "今年以来", "处罚款5万元",
]


def _texts(rules) -> list[str]:
    return with_rule_examples(_TEXTS + [a + "，" + b for a in _TEXTS[:5] for b in _TEXTS[5:]], rules)


def _index(rules, which: str):
    return {"not_action": rules.not_action_words, "actions": rules.action_words,
            "domains": rules.domain_words}.get(which) or rules.section_index[which]


@pytest.mark.parametrize("which", ["not_action", "status", "inherited_status", "deadlines"])
def test_searches_are_the_compiled_patterns_own(which):
    """searches[i]: None for a plain word, False until read, then the bound `search` of the entry's
    own pattern compiled (what tests[i] stands in for), and first_owner names the first rule that fires."""
    rules = load_rules()
    words = _index(rules, which)
    assert [s is None for s in words.searches] == [t is None for t in words.tests]
    ordered = rules.not_action_rules if which == "not_action" else rules[which]
    for text in _texts(rules):
        want = next((rule for rule in ordered if rule.regex.search(text)), None)
        assert words.first_owner(text) is want, text
    for i, test in enumerate(words.tests):
        if test is not None:
            search = words.search(i)
            assert words.searches[i] is search and isinstance(search.__self__, re.Pattern)
            assert search.__self__.pattern == test.pattern
    assert words._owning[1] is words.searches


@pytest.mark.parametrize("which", ["not_action", "actions", "domains", "status", "inherited_status"])
def test_candidates_with_the_compiled_class_equal_the_definition(which):
    rules = load_rules()
    words = _index(rules, which)
    assert (words._char_class is None) == (words._few_chars is not None)
    if words._char_class is not None:
        assert words._char_class.__self__.findall is not None and isinstance(words._char_class.__self__, re.Pattern)
    for text in _texts(rules):
        assert words.candidates(text) == _plain_candidates(words, text), text


def test_rules_in_use_survive_a_pickle():
    import pickle

    rules = load_rules()
    texts = _texts(rules)
    want = [rules.not_action_words.first_owner(text) for text in texts]
    copied = pickle.loads(pickle.dumps(rules)).not_action_words
    assert [r and r.id for r in map(copied.first_owner, texts)] == [r and r.id for r in want]
