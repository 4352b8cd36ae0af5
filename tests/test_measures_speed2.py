"""The second round of measures speed-ups never changes what is found: the section filters
read from `section_words`, the one-pass split of a clause's verbs into strong and weak, the
spans' offsets set once."""

from pipeline.measures import load_rules
from test_measures_speed import _texts as texts_of_rules
from pipeline.measures.clauses import _classify, _not_action_rules, find_spans, may_hold_measures


def _texts(rules):
    return texts_of_rules(rules, step=4, run=4)


def _old_verbs(text, rules):
    """The verbs of a clause as _classify read them before: (kind, rule id, offset, first verb)."""
    blank = rules.blank_verb_nouns(text)
    hits = [(r, m) for r in rules["actions"] if (m := r.regex.search(blank))]
    first_verb = min(m.start() for _, m in hits) if hits else -1
    strong = [(m.start(), r.id) for r, m in hits if r.get("strong")]
    weak = [(m.start(), r.id) for r, m in hits if not r.get("strong")]
    return first_verb, min(strong) if strong else None, min(weak) if weak else None


def test_section_words_is_section_filter_by_definition():
    rules = load_rules()
    for name, section in rules.sections.items():
        words = rules.section_words[name]
        assert words is rules.section_filter(name)
        required = [rule.required for rule in section]
        if None in required:
            assert words is None
        else:
            for word in frozenset().union(*required):
                assert words.search("之" + word + "之"), (name, word)


def test_classify_reads_strong_and_weak_verbs_as_before():
    rules = load_rules()
    not_action = _not_action_rules(rules)
    for text in _texts(rules):
        kind, rid, at, anchor, first = _classify(text, rules, not_action)
        if first is None or rid in ("topic", "too_short"):
            continue  # decided before the verbs, or no verb offset reported
        old_first, strong, weak = _old_verbs(text, rules)
        assert first == old_first, text
        if strong:
            assert (kind, at, rid) == ("act", *strong), text
        elif weak:
            assert (at, rid) == weak, text
        else:
            assert (kind, rid) == ("plain", None), text


def test_may_hold_measures_and_span_offsets():
    rules = load_rules()
    for text in _texts(rules)[::7]:
        framed = "前文。" + text + "。后文"
        s, e = 3, 3 + len(text)
        hold = may_hold_measures(framed, s, e, rules)
        expected = any(words is None or words.search(text)
                       for words in (rules.section_filter("actions"), rules.section_filter("continuation")))
        assert hold == bool(expected), text
        spans, _ = find_spans(framed, s, e, rules)
        for span in spans:
            assert (span.start, span.end) == (span.clauses[0].start, span.clauses[-1].end)


def test_the_documents_of_a_measure_are_read_only_when_their_words_are_there():
    import re

    from pipeline.measures import _documents

    rules = load_rules()
    plain = re.compile(rules.settings["document"])
    for text in _texts(rules)[::5] + ["印发《实施方案》和《工作方案》", "《未完", "无书名"]:
        assert _documents(text, rules.document) == [m.group(1) for m in plain.finditer(text)], text
