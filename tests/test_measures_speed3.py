"""The third round of measures speed-ups never changes what is found: the rules tried before a
clause's verbs and its action rules are chosen by `RuleWords` (a word filed under one of its
characters), which must keep every rule whose filter finds something in the text."""

from pipeline.measures import load_rules
from pipeline.measures.clauses import _classify, _not_action_rules
from pipeline.measures.rules import RuleWords
from test_measures_speed import _texts


def _naive(rules, text, own_words=False):
    """The mask of the rules whose filter finds something in `text`, by definition."""
    mask = 0
    for i, rule in enumerate(rules):
        found = rule.filter.search(text) if own_words else rule.prefilter.search(text)
        mask |= (found is not None) << i
    return mask


def test_rule_words_are_the_rules_whose_filters_find_something():
    rules = load_rules()
    index, verbs = rules.not_action_words, rules.action_words
    assert index.rules == rules.not_action_rules and verbs.rules == rules["actions"]
    for text in _texts(rules, step=4, run=4):
        assert index.candidates(text) == _naive(index.rules, text), text
        blank = rules.blank_verb_nouns(text)
        assert verbs.candidates(blank) == _naive(verbs.rules, blank, own_words=True), text


def test_rule_words_see_every_word_wherever_it_stands():
    rules = load_rules()
    for index, own_words in ((rules.not_action_words, False), (rules.action_words, True)):
        for i, rule in enumerate(index.rules):
            if not rule.required or (rule.words is not None and not own_words):
                assert index.always >> i & 1  # no words: always tried
                continue
            for word in rule.required:
                for text in (word, "甲" + word, word + "乙", "甲乙" + word + word[:1] + "丙"):
                    assert index.candidates(text) >> i & 1, (rule.id, word, text)


def test_rare_characters_do_not_change_which_word_is_filed():
    rules = load_rules()
    flat = RuleWords(rules.not_action_rules, {})  # every word filed under its first character
    for text in _texts(rules, step=5, run=3):
        assert flat.candidates(text) == rules.not_action_words.candidates(text), text


def test_classify_with_rule_words_as_with_all_the_rules():
    rules = load_rules()
    everything = _not_action_rules(rules)
    for text in _texts(rules, step=4, run=4):
        assert _classify(text, rules) == _classify(text, rules, everything), text
