"""The speed-ups of the measure rules never change what fires: the words a regex needs
(pipeline/prefilter.py), the section tests, the per-sentence narrowing and the clause memo."""
import itertools

import pytest

from pipeline.measures import extract_measures, load_rules
from pipeline.measures.clauses import _NOT_ACTION, _classify, _sentence_rules, classify, may_hold_measures
from pipeline.prefilter import required_literals


@pytest.mark.parametrize("pattern, words", [
    ("不力|滞后|不到位", {"不力", "滞后", "不到位"}),
    (r"(?:到|于)?((?:19|20)\d{2})年(\d{1,2})月底前", {"月底前"}),  # the longest required run
    (r"^(?:每周|定期)[^，]{0,8}\d+次$", {"每周", "定期"}),  # longer words are more telling
    (r"[省市县]政府", {"政府"}),
    (r"[省市县]", {"省", "市", "县"}),
    (r"整改(?=完成|到位)", {"整改"}),
    (r"(?=完成|到位)", {"完成", "到位"}),  # a positive lookahead's text is in the string too
    (r"(?<=已)完成", {"完成"}),  # not the lookbehind's
    (r"a{2,3}b?", {"a"}),
])
def test_the_words_a_pattern_needs(pattern, words):
    assert required_literals(pattern) == words


@pytest.mark.parametrize("pattern", [
    r"\d+", r"[^，]+", r"(?:完成)?", "完成|", r"(?!完成).", r"(?i)abc", r"(?i:abc)", r"\w+整?",
])
def test_no_words_when_nothing_is_required(pattern):
    assert required_literals(pattern) is None


def _texts(rules):
    """Every example and counter-example of the rules file, and pieces of them."""
    texts = {t for section in rules.sections.values() for rule in section for t in rule.examples + rule.counter}
    pieces = {t[i:j] for t in texts for i, j in itertools.combinations(range(0, len(t) + 1, 2), 2)}
    return sorted(texts | pieces)


def test_a_rule_fires_with_its_filter_exactly_where_its_regex_matches():
    rules = load_rules()
    texts = _texts(rules)
    for section in rules.sections.values():
        for rule in section:
            assert all(rule.prefilter.search(t) for t in rule.examples if rule.regex.search(t))
            assert [bool(rule.search(t)) for t in texts] == [bool(rule.regex.search(t)) for t in texts], rule.id


def test_section_tests_and_narrowing_keep_every_rule_that_fires():
    rules = load_rules()
    texts = _texts(rules)
    for name, section in rules.sections.items():
        for t in texts:
            plain = next((r for r in section if r.regex.search(t)), None)
            assert rules.first(name, t) is plain, (name, t)
    # a sentence made of clauses: the rules present in the sentence cover every clause of it
    sentence = "，".join(texts[:400:7])
    present = {r.id for r in rules.present(_NOT_ACTION + ("anchors",), sentence)}
    for clause in sentence.split("，"):
        fired = {r.id for name in _NOT_ACTION + ("anchors",) for r in rules[name] if r.regex.search(clause)}
        assert fired <= present


def test_classification_is_the_same_with_narrowed_rules():
    rules = load_rules()
    full = tuple(r for name in _NOT_ACTION for r in rules[name])
    for clause in _texts(rules):
        got = _classify(clause, rules, full)
        assert _classify(clause, rules, _sentence_rules(clause, rules)) == got
        assert classify(clause, rules) == got[:4]


def test_a_sentence_without_action_words_holds_no_measure():
    rules = load_rules()
    text = "县委县政府高度重视，听取专题汇报。"
    assert not may_hold_measures(text, 0, len(text), rules)
    assert extract_measures(text, rules) == []


def test_a_words_rule_is_present_only_with_one_of_its_words():
    rules = load_rules()
    close = rules.by_id("act.close")
    assert close.id not in [r.id for r in rules.present(("actions",), "开展执法检查")]
    assert close.id in [r.id for r in rules.present(("actions",), "开展执法检查，关停企业")]
    assert close.words and close.filter is close.regex


@pytest.mark.parametrize("pattern, limit, optional, expected", [
    ("整改", 8, False, ["整改"]),
    ("全面(落实|贯彻)", 8, False, ["全面落实", "全面贯彻"]),
    ("[省市]委", 8, False, ["省委", "市委"]),
    ("(?:督察)?组", 8, False, None),           # an optional part: only with optional=True
    ("(?:督察)?组", 8, True, ["组", "督察组"]),
    ("整改[一-龥]", 8, False, None),            # a range of characters is not spelled out
    ("(a|b)(c|d)(e|f)", 7, False, None),        # 8 strings: over the limit
    ("(a|b)(c|d)(e|f)", 8, False, ["ace", "acf", "ade", "adf", "bce", "bcf", "bde", "bdf"]),
    ("(?i)ab", 8, False, ["ab"]),               # (flags are the caller's to refuse)
])
def test_spelled_strings(pattern, limit, optional, expected):
    from re import _parser

    from pipeline.prefilter import spelled_strings

    assert spelled_strings(list(_parser.parse(pattern)), limit, optional) == expected
