"""The third round of measures speed-ups never changes what is found: the rules tried before a
clause's verbs and its action rules are chosen by `RuleWords` (a word filed under one of its
characters), which must keep every rule whose filter finds something in the text."""

from pipeline.measures import load_rules
from pipeline.measures.clauses import _classify, _not_action_rules
from pipeline.measures.rules import RuleWords, alternatives
from test_measures_speed import _texts


def _naive(rules, text, own_words=False):
    """The mask of the rules whose filter finds something in `text`, by definition."""
    mask = 0
    for i, rule in enumerate(rules):
        found = rule.filter.search(text) if own_words else rule.prefilter.search(text)
        mask |= (found is not None) << i
    return mask


def test_rule_words_keep_every_alternative_that_matches():
    import re

    rules = load_rules()
    index, verbs = rules.not_action_words, rules.action_words
    assert verbs.rules == rules["actions"]
    ids = [rule.id for rule in index.rules]
    assert list(dict.fromkeys(ids)) == [rule.id for rule in rules.not_action_rules]  # in order
    assert ids == sorted(ids, key=ids.index)  # each rule's entries together
    pieces = [alternatives(rule.pattern) for rule in rules.not_action_rules]
    assert len(index.rules) == sum(map(len, pieces))
    flat = [re.compile(piece) for group in pieces for piece in group]
    for text in _texts(rules, step=4, run=4):
        mask = index.candidates(text)
        for i, regex in enumerate(flat):
            if regex.search(text):
                assert mask >> i & 1, (index.rules[i].id, regex.pattern, text)  # never dropped
            elif index.tests[i] is None:
                assert not mask >> i & 1, (regex.pattern, text)  # a plain word is there when it is in
        blank = rules.blank_verb_nouns(text)
        assert verbs.candidates(blank) == _naive(verbs.rules, blank, own_words=True), text


def test_a_rule_fires_where_one_of_its_alternatives_matches():
    import re

    rules = load_rules()
    for rule in rules.not_action_rules:
        assert "|".join(alternatives(rule.pattern)) == rule.pattern
    for text in _texts(rules, step=4, run=4)[::3]:
        for rule in rules.not_action_rules:
            assert bool(rule.regex.search(text)) == any(re.search(p, text) for p in alternatives(rule.pattern))


def test_alternatives_are_split_only_at_the_top():
    assert alternatives("a|b(c|d)") == ["a", "b(c|d)"]
    assert alternatives("[|]|x") == ["[|]", "x"]
    assert alternatives(r"\||y") == [r"\|", "y"]
    assert alternatives("[]|]|z") == ["[]|]", "z"]
    assert alternatives("[^]|]|z") == ["[^]|]", "z"]
    assert alternatives(r"[\]|]|z") == [r"[\]|]", "z"]
    assert alternatives("(?:a|b)(?<!c|d)") == ["(?:a|b)(?<!c|d)"]
    assert alternatives(r"(a)\1|b") == [r"(a)\1|b"]  # a back-reference: not split
    assert alternatives("(?i)a|b") == ["(?i)a|b"]


def test_rule_words_see_every_word_wherever_it_stands():
    rules = load_rules()
    verbs = rules.action_words
    for i, rule in enumerate(verbs.rules):
        for word in rule.required:
            for text in (word, "甲" + word, word + "乙", "甲乙" + word + word[:1] + "丙"):
                assert verbs.candidates(text) >> i & 1, (rule.id, word, text)
    index = rules.not_action_words
    for i, rule in enumerate(index.rules):
        if index.always >> i & 1:
            continue
        words = {w for w, entries in (p for group in index.by_char.values() for p in group) if entries >> i & 1}
        for word in words:
            for text in (word, "甲" + word + "乙"):
                assert index.candidates(text) >> i & 1, (rule.id, word, text)


def test_rare_characters_do_not_change_which_word_is_filed():
    rules = load_rules()
    flat = RuleWords(rules.not_action_rules, {}, split=True)  # every word filed under its first character
    for text in _texts(rules, step=5, run=3):
        assert flat.candidates(text) == rules.not_action_words.candidates(text), text


def test_classify_with_rule_words_as_with_all_the_rules():
    rules = load_rules()
    everything = _not_action_rules(rules)
    for text in _texts(rules, step=4, run=4):
        assert _classify(text, rules) == _classify(text, rules, everything), text


def test_the_domain_is_read_as_before():
    from pipeline.measures.fields import domain

    rules = load_rules()

    def old(text):
        best, most = None, 0
        for name, regex in rules.domains:
            if (n := len(regex.findall(text))) > most:
                best, most = name, n
        return best

    texts = _texts(rules, step=4, run=4) + ["治理河道污水和大气扬尘", "大气扬尘与河道污水", "农村污水"]
    assert sum(old(t) is not None for t in texts) > 100
    for text in texts:
        assert domain(text, rules) == old(text), text


def test_first_finds_the_rule_it_found_before():
    rules = load_rules()

    def old(sections, text):
        for section in (sections,) if isinstance(sections, str) else sections:
            for rule in rules[section]:
                if rule.regex.search(text):
                    return rule
        return None

    texts = _texts(rules, step=4, run=4)
    for sections in ("status", "umbrella", "inherited_status", "anchors", ("not_measure", "continuation")):
        found = 0
        for text in texts:
            got = rules.first(sections, text)
            assert got is old(sections, text), (sections, text)
            if isinstance(sections, str):
                assert rules.first_by_words(sections, text) is got, (sections, text)
            found += got is not None
        assert found, sections
