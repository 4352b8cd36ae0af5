"""Round 20's speed changes to the measures stage, each against the plain computation it replaces:
RuleWords keeps the compiled patterns' own methods (`searches`, the filing characters' findall)
rather than LazyPattern stand-ins; an entry ending with a long group of alternatives is searched
by `narrowed_search`, one alternative at a time among those whose words the text holds."""
import re

import pytest

from measures_texts import with_rule_examples
from pipeline.measures import load_rules
from pipeline.measures.rules import RuleWords, final_alternation, narrowed_search

from test_measures_speed14 import _plain_candidates

# hand-written clauses: problems (存在…问题, 不到位, 仍然突出, ^未…), findings (经…核查, ^发现, 介绍$),
# a 对…的 opener, words behind a stop character, and clauses that hold none of the words
_TEXTS = [
    "", "未", "存在", "该企业存在环境管理不到位问题", "存在问题", "存在较大差距", "对存在问题的企业开展整治",
    "对整改不到位的", "未按要求建设污水处理设施", "整改工作推进滞后", "部分点位污染仍然突出", "经现场核查",
    "经县生态环境局组织核查，情况属实", "发现问题线索12条", "发现", "据群众反映称", "负责同志介绍",
    "关停取缔散乱污企业3家", "新建污水管网8公里", "已完成整改", "问题主要为管网老化", "今年；存在问题",
    "严重恶化的河段已完成清淤", "被毁坏的林地已补种", "继续违规生产", "将继续排放", "不够重视，存在短板",
    "督察还发现部分企业", "随机抽查3个乡镇等地", "大多涉及噪声扰民问题", "对反映的问题的看法",
]


def _texts(rules) -> list[str]:
    joined = [a + "，" + b for a in _TEXTS[:8] for b in _TEXTS[8:16]]
    return with_rule_examples(_TEXTS + joined, rules)


# pattern -> (head, branches) or None: what final_alternation reads off a source
_SPLITS = [
    ("a(?:b|c)", ("a", ["b", "c"])),
    ("^(?!对)[^，]*?(?:存在(问题|不足)|不力|^未)", ("^(?!对)[^，]*?", ["存在(问题|不足)", "不力", "^未"])),
    ("(?:b|c)", ("", ["b", "c"])),
    ("a(?:b)", None),  # one alternative: nothing to narrow
    ("a(b|c)", None),  # a capturing group
    ("a(?:b|c)d", None),  # the group is not last
    ("a(?:b|c)?", None),  # a repeated group
    ("(a)(?:\\1|c)", None),  # a back-reference
    ("a[)](?:b|c)", ("a[)]", ["b", "c"])),  # a ) in a class closes nothing
    ("a\\((?:b|c)", ("a\\(", ["b", "c"])),
    ("(?:a|b)(?:c|d)", ("(?:a|b)", ["c", "d"])),
    ("a|(?:b|c)", None),  # the group is one top-level alternative: "a" matches without it
    ("(?:a|b)|c(?:d|e)", None),
]


@pytest.mark.parametrize("pattern,want", _SPLITS)
def test_final_alternation_reads_the_head_and_the_alternatives(pattern, want):
    assert final_alternation(pattern) == want


def test_narrowed_search_agrees_with_the_whole_pattern():
    """For every rule pattern ending with a group of alternatives, on every text: narrowed_search
    finds a match exactly when the pattern's own search does."""
    rules = load_rules()
    texts = _texts(rules)
    tried = 0
    for section in rules.sections.values():
        for rule in section:
            split = final_alternation(rule.pattern)
            if split is None:
                continue
            whole, narrowed = re.compile(rule.pattern), narrowed_search(*split)
            for text in texts:
                assert bool(narrowed(text)) == bool(whole.search(text)), (rule.id, text)
            tried += 1
    assert tried >= 2  # (not.problem and not.finding at least)


def test_narrowed_search_on_hand_written_patterns():
    # a lazy run up to a stop character, then one of the alternatives (one with a look-behind, one anchored)
    pattern = "^(?!对)[^，。]*?(?:存在[^，。]{0,4}(问题|短板)|不力|(?<![将要])继续(违|建)|^未)"
    narrowed, whole = narrowed_search(*final_alternation(pattern)), re.compile(pattern)
    cases = {"存在问题": True, "存在较大问题": True, "存在，问题": False, "今年；存在问题": True, "今年，存在问题": False,
             "对存在问题的": False, "工作不力": True, "将继续违规": False, "仍继续违规": True, "未按要求": True,
             "尚未按要求": False, "": False, "问题": False}
    for text, want in cases.items():
        assert bool(whole.search(text)) == want, text  # (the table itself is right)
        assert bool(narrowed(text)) == want, text


@pytest.mark.parametrize("section", ["not_action", "status", "inherited_status", "deadlines", "subjects"])
def test_first_owner_with_searches_is_the_first_rule_that_fires(section):
    """first_owner (compiled searches, narrowed ones for long final groups) names the first rule,
    in order, whose regex matches the text."""
    rules = load_rules()
    if section == "not_action":
        words, ordered = rules.not_action_words, rules.not_action_rules
    else:
        words, ordered = rules.section_index[section], rules[section]
    for text in _texts(rules):
        want = next((rule for rule in ordered if rule.regex.search(text)), None)
        assert words.first_owner(text) is want, text


def test_narrowed_entries_are_the_long_groups():
    """Only entries whose final group has at least NARROWED alternatives are searched narrowed;
    the others by their compiled pattern's own search."""
    rules = load_rules()
    words = rules.not_action_words
    narrowed = []
    for i, test in enumerate(words.tests):
        if test is None:
            assert words.searches[i] is None
            continue
        search = words.search(i)
        split = final_alternation(words._pieces[i][0])
        if split and len(split[1]) >= RuleWords.NARROWED:
            narrowed.append(words.rules[i].id)
            assert not isinstance(search.__self__ if hasattr(search, "__self__") else None, re.Pattern)
        else:
            assert isinstance(search.__self__, re.Pattern) and search.__self__.pattern == words._pieces[i][0]
    assert "not.problem" in narrowed


@pytest.mark.parametrize("which", ["not_action", "actions", "domains", "status"])
def test_candidates_with_the_compiled_class_equal_the_definition(which):
    rules = load_rules()
    words = {"not_action": rules.not_action_words, "actions": rules.action_words,
             "domains": rules.domain_words}.get(which) or rules.section_index[which]
    assert (words._char_class is None) == (words._few_chars is not None)
    for text in _texts(rules):
        assert words.candidates(text) == _plain_candidates(words, text), text
