"""The fifth round of measures speed-ups never changes what is found: a rule anchored at a
text's start has its prefilter searched only in the characters an attempt to match it reads
(`anchored_reach`); RuleWords finds the characters its words are filed under by one class."""

import re

from pipeline.measures import load_rules
from pipeline.measures.rules import RuleWords, anchored_reach


def test_anchored_reach_counts_what_a_match_attempt_reads():
    assert anchored_reach("^abc") == 3
    assert anchored_reach("^(?:a|bcd)e") == 4
    assert anchored_reach("^a{2,5}?b") == 6
    assert anchored_reach("^a(?=x{0,2}y)") == 4  # a look-ahead reads past the match
    assert anchored_reach("^a(?!xy)") == 3
    assert anchored_reach("^ab$") == 4  # $: a final newline and the end after it
    assert anchored_reach(r"^a\b") == 3
    assert anchored_reach("^(?<=x)ab") == 2
    assert anchored_reach(r"\Aab") == 2
    for unbounded in ("abc", "^a+", "^a*b", "(?m)^ab", r"^(a)\1", "^(a)?(?(1)b|c)", "x^a", "(?:^a|b)"):
        assert anchored_reach(unbounded) is None, unbounded


def _suffixes(texts):
    return sorted({t[i:] for t in texts for i in range(len(t))} | {t + "\n" for t in texts}
                  | {t + "，另起一句继续说明有关情况" for t in texts})


def test_an_anchored_rule_matches_only_texts_with_its_words_within_reach():
    rules = load_rules()
    anchored = [(rule, anchored_reach(rule.pattern)) for section in rules.sections.values() for rule in section]
    anchored = [(rule, reach) for rule, reach in anchored if reach is not None]
    assert {"subj.place", "subj.self", "subj.carry_rectifier", "subj.carry_directive"} <= {r.id for r, _ in anchored}
    texts = _suffixes({t for section in rules.sections.values() for rule in section for t in rule.examples + rule.counter})
    matched = 0
    for rule, reach in anchored:
        assert rules.reach[rule.id] == reach
        for text in texts:
            if rule.regex.search(text):
                matched += 1
                assert re.compile(rule.pattern).search(text[:reach]), (rule.id, text)  # the match is read there
                assert rule.prefilter.search(text, 0, reach), (rule.id, text)
    assert matched > 100
    assert rules.reach["subj.lead"] > 10 ** 9  # not anchored: the whole text


def test_rule_words_candidates_by_a_character_class_equal_the_words_in_the_text():
    rules = load_rules()
    texts = _suffixes({t for section in rules.sections.values() for rule in section for t in rule.examples})
    for index in (rules.not_action_words, rules.action_words, rules.domain_words, rules.section_index["status"]):
        words = [(word, entries) for group in index.by_char.values() for word, entries in group]
        for text in texts[::7] + ["整改整改整改", ""]:
            want = index.always
            for opens, empty, entry in index.openers:  # (anchored, needing no words: where the text opens as they can)
                if opens(text) or text in empty:
                    want |= entry
            for word, entries in words:
                if word in text:
                    want |= entries
            assert index.candidates(text) == want, text
    empty = RuleWords((), {})
    assert empty.candidates("任何文字") == 0


def test_a_narrowed_rule_finds_the_spans_of_the_rule():
    rules = load_rules()
    texts = _suffixes({t for section in rules.sections.values() for rule in section for t in rule.examples + rule.counter})
    texts += ["中央第二督察组反馈意见整改任务：问题三，问题描述{编号A-1}，编号12-3，整改任务内容，存在问题"]
    narrowed = 0
    for section in ("labels", "not_measure", "status", "subjects"):
        for rule in rules[section]:
            for text in texts:
                for start, end in ((0, len(text)), (2, len(text) - 1)):
                    regex = rules.narrowed(rule, text, start, end)
                    narrowed += regex is not rule.regex
                    want = [m.span() for m in rule.regex.finditer(text, start, end)]
                    assert [m.span() for m in regex.finditer(text, start, end)] == want, (rule.id, text)
    assert narrowed > 1000
    assert rules.narrowed(rules.by_id("label.measures"), "整改措施") is rules.by_id("label.measures").regex  # plain words


def test_a_subject_with_places_is_the_subject_else_the_place():
    from pipeline.measures import fields

    rules = load_rules()
    texts = _suffixes({t for rule in rules["subjects"] for t in rule.examples + rule.counter})
    texts += ["河北省积极推进", "县住建局负责", "我局加快", "各县区要", "市直16个部门均已"]
    places = 0
    for text in texts:
        got = fields.subject(text, rules, places=True)
        assert got == (fields.subject(text, rules) or fields.place_subject(text, rules)), text
        places += bool(got) and got[1] == "subj.place"
    assert places > 5
