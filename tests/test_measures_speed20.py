"""Round 20's speed changes to the measures stage, each against the plain computation it replaces:
RuleWords keeps the compiled patterns' own methods (`searches`, the filing characters' findall)
rather than LazyPattern stand-ins; an entry whose group of alternatives `re` tries at every place
is searched by `narrowed_search`, one alternative at a time among those whose words the text holds."""
import re

import pytest

from measures_texts import with_rule_examples
from pipeline.measures import load_rules
from pipeline.measures.rules import RuleWords, alternation_groups, narrowed_search

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


# pattern -> its (head, branches, tail) groups, as alternation_groups reads them off the source
_SPLITS = [
    ("a(?:b|c)", [("a", ["b", "c"], "")]),
    ("^(?!对)[^，]*?(?:存在(问题|不足)|不力|^未)", [("^(?!对)[^，]*?", ["存在(问题|不足)", "不力", "^未"], "")]),
    ("(交办|转办)[^，]{0,12}\\d+(件|批)", [("", ["交办", "转办"], "[^，]{0,12}\\d+(件|批)"),
                                        ("(交办|转办)[^，]{0,12}\\d+", ["件", "批"], "")]),
    ("(?<!对)(已|均已)(完成|办结)$", [("(?<!对)", ["已", "均已"], "(完成|办结)$"), ("(?<!对)(已|均已)", ["完成", "办结"], "$")]),
    ("a(?:b)", []),  # one alternative: nothing to narrow
    ("a(?:b|c)?", []),  # a repeated group
    ("a(?:b|c)*d", []),
    ("a(?:b|c){2}", []),
    ("a(?=b|c)", []),  # a look-ahead is no group of alternatives
    ("(?P<x>b|c)d", []),  # (named groups are left alone)
    ("(a)(?:\\1|c)", []),  # a back-reference
    ("a[)](?:b|c)", [("a[)]", ["b", "c"], "")]),  # a ) in a class closes nothing
    ("a\\((?:b|c)", [("a\\(", ["b", "c"], "")]),
    ("x((?:a|b)|c)", [("x", ["(?:a|b)", "c"], "")]),  # only top-level groups
    ("a|(?:b|c)", []),  # the group is one top-level alternative: "a" matches without it
]


@pytest.mark.parametrize("pattern,want", _SPLITS)
def test_alternation_groups_read_the_head_the_alternatives_and_the_tail(pattern, want):
    assert alternation_groups(pattern) == want


def test_narrowed_search_agrees_with_the_whole_pattern():
    """For every group of alternatives of every rule pattern and RuleWords entry, on every text:
    narrowed_search finds a match exactly when the pattern's own search does."""
    rules = load_rules()
    texts = _texts(rules)
    patterns = {rule.pattern for section in rules.sections.values() for rule in section}
    for words in [rules.not_action_words] + [rules.section_index[name] for name in rules.sections]:
        patterns |= {piece for piece, _ in words._pieces}
    tried = 0
    for pattern in sorted(patterns):
        whole = re.compile(pattern)
        want = [bool(whole.search(text)) for text in texts]
        for group in alternation_groups(pattern):
            narrowed = narrowed_search(*group)
            assert [bool(narrowed(text)) for text in texts] == want, (pattern, group[0])
            tried += 1
    assert tried >= 100


def test_narrowed_search_on_hand_written_patterns():
    # a lazy run up to a stop character, then one of the alternatives (one with a look-behind, one anchored)
    pattern = "^(?!对)[^，。]*?(?:存在[^，。]{0,4}(问题|短板)|不力|(?<![将要])继续(违|建)|^未)"
    narrowed, whole = narrowed_search(*alternation_groups(pattern)[-1]), re.compile(pattern)
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
    """Only entries with a group `narrows` holds are searched narrowed; the others by their
    compiled pattern's own search."""
    rules = load_rules()
    words = rules.not_action_words
    narrowed = []
    for i, test in enumerate(words.tests):
        if test is None:
            assert words.searches[i] is None
            continue
        search = words.search(i)
        if any(RuleWords.narrows(*group) for group in alternation_groups(words._pieces[i][0])):
            narrowed.append(words.rules[i].id)
            assert not isinstance(search.__self__ if hasattr(search, "__self__") else None, re.Pattern)
        else:
            assert isinstance(search.__self__, re.Pattern) and search.__self__.pattern == words._pieces[i][0]
    assert {"not.problem", "not.finding", "not.tally"} <= set(narrowed)
    assert "fwd.time" not in narrowed  # (anchored at the start, without a run: it fails fast)


_NARROWS = [
    (("", ["交办", "转办", "移交"], "\\d+件"), True),  # opens the pattern
    (("(?<!对)", ["已", "均已", "全部"], "完成"), True),  # after a look-behind only
    (("^(?!对)[^，]*?", ["不力", "滞后", "尚未"], ""), True),  # after a run from the start
    (("", ["交办", "转办"], "\\d+件"), False),  # too few alternatives
    (("", ["交办", "\\d+", "移交"], "件"), False),  # an alternative without words
    (("督察组", ["到", "赴", "对"], ""), False),  # found by its opening word already
    (("^", ["近日", "目前", "今年"], "$"), False),  # anchored, without a run
]


@pytest.mark.parametrize("group,want", _NARROWS)
def test_narrows_where_re_tries_the_alternatives_at_every_place(group, want):
    assert RuleWords.narrows(*group) is want


@pytest.mark.parametrize("which", ["not_action", "actions", "domains", "status"])
def test_candidates_with_the_compiled_class_equal_the_definition(which):
    rules = load_rules()
    words = {"not_action": rules.not_action_words, "actions": rules.action_words,
             "domains": rules.domain_words}.get(which) or rules.section_index[which]
    assert (words._char_class is None) == (words._few_chars is not None)
    for text in _texts(rules):
        assert words.candidates(text) == _plain_candidates(words, text), text


def test_rules_in_use_survive_a_pickle():
    """A RuleWords whose narrowed searches were made (closures) pickles with them unmade, and
    the copy finds what the original does."""
    import pickle

    rules = load_rules()
    words = rules.not_action_words
    texts = _texts(rules)
    want = [words.first_owner(text) for text in texts]
    assert any(search not in (None, False) for search in words.searches)
    copied = pickle.loads(pickle.dumps(rules)).not_action_words
    assert all(search in (None, False) for search in copied.searches)
    assert [None if rule is None else rule.id for rule in map(copied.first_owner, texts)] == \
        [None if rule is None else rule.id for rule in want]
    assert copied._owning[1] is copied.searches
