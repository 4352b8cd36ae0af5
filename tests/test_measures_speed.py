"""The speed-ups of the measures stage never change what is found: `MeasureRules.present`
(one test of a text standing for all its parts), the words a lead needs."""
import itertools

from pipeline.measures import load_rules
from pipeline.measures.clauses import _NOT_ACTION, _classify, _not_action_rules


def _texts(rules, step: int = 3, run: int = 5):
    """Every example and counter-example of the rules file, pieces of them (cut every `step`
    characters) and runs of `run` of them."""
    texts = {t for section in rules.sections.values() for rule in section for t in rule.examples + rule.counter}
    pieces = {t[i:j] for t in texts for i, j in itertools.combinations(range(0, len(t) + 1, step), 2)}
    ordered = sorted(texts)
    runs = {"，".join(ordered[i:i + run]) for i in range(0, len(ordered), 3)}
    return sorted(texts | pieces | runs)


def _naive_present(rules, sections, text):
    """`present` as defined: a rule needing no words, or one of whose words is in `text`."""
    return tuple(rule for name in sections for rule in rules[name]
                 if not rule.required or any(word in text for word in rule.required))


def test_present_is_the_rules_with_one_of_their_words_in_the_text():
    rules = load_rules()
    texts = _texts(rules)
    for sections in [_NOT_ACTION, ("actions",), ("anchors",), tuple(rules.sections)]:
        for text in texts:
            assert rules.present(sections, text) == _naive_present(rules, sections, text), (sections, text)


def test_present_sees_overlapping_and_nested_words():
    rules = load_rules()
    # every word of every rule, alone and glued to the next one (a word that starts inside
    # another, or is a prefix or suffix of a longer one, is still seen)
    words = sorted({w for section in rules.sections.values() for rule in section for w in rule.required or ()})
    sections = tuple(rules.sections)
    for a, b in zip(words, words[1:] + words[:1]):
        for text in (a, a + b, a[:-1] + b, b + a[1:]):
            assert rules.present(sections, text) == _naive_present(rules, sections, text), text


def test_a_lead_searched_words_first_finds_what_its_regex_finds():
    import re

    rules = load_rules()
    texts = _texts(rules) + ["会议强调，要加强督导。", "他要求，乡镇要加强巡查；督察组指出，部分企业未整改。",
                             "。要求各地落实", "据了解，督察组还发现，该县存在问题", "重点关注扬尘"]
    for name in ("speech_lead", "finding_lead"):
        guarded, plain = getattr(rules, name), re.compile(rules.settings[name])
        assert guarded.words is not None
        found = 0
        for text in texts:
            for pos, endpos in ((0, len(text)), (1, len(text)), (0, max(0, len(text) - 2))):
                got, want = guarded.search(text, pos, endpos), plain.search(text, pos, endpos)
                assert (got and got.span()) == (want and want.span()), (name, text, pos, endpos)
                found += want is not None
        assert found  # the texts hold leads


def test_the_documents_a_measure_names_are_found_words_first():
    import re

    rules = load_rules()
    plain = re.compile(rules.settings["document"])
    for text in _texts(rules) + ["印发《实施方案》和《工作方案》", "《未完", "无书名"]:
        assert [m.span() for m in rules.document.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_a_clause_tried_with_all_the_rules_before_its_verbs_is_classified_as_with_the_present_ones():
    rules = load_rules()
    for clause in _texts(rules):
        present = rules.present(_NOT_ACTION, clause)
        assert _classify(clause, rules, _not_action_rules(rules)) == _classify(clause, rules, present), clause


def test_a_label_after_an_enumerator_is_found_as_before():
    from pipeline.measures.layout import _BOUNDARY, _ENUM_BEFORE, _ENUM_LAST

    texts = ["一、整改措施：", "（二）责任单位：", "(3)整改时限", "二十、整改目标", "一、\n整改措施", "措施一整改措施", "x）整改"]
    for text in texts:
        for pos in range(1, len(text) + 1):
            full = text[pos - 1] in _BOUNDARY or bool(_ENUM_BEFORE.search(text, max(0, pos - 6), pos))
            quick = text[pos - 1] in _BOUNDARY or (
                text[pos - 1] in _ENUM_LAST and bool(_ENUM_BEFORE.search(text, max(0, pos - 6), pos)))
            assert quick == full, (text, pos)
