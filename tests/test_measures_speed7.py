"""The seventh round of measures speed-ups never changes what is found: an alternative needing no
words but anchored at the text's start (fwd.time) is a candidate only where the text opens as
one of its matches can (rules.anchored_opener)."""
import re

from pipeline.measures import load_rules
from pipeline.measures.rules import RuleWords, anchored_opener


def _admits(pattern: str, text: str) -> bool:
    opens, empty = anchored_opener(pattern)
    return bool(opens(text)) or text in empty


def test_anchored_opener_of_hand_written_patterns():
    assert anchored_opener("ab|cd") is None  # not anchored
    assert anchored_opener("(?m)^ab") is None  # anchored at every line
    assert anchored_opener("^a*") is None  # matches every text
    assert anchored_opener("^.b") is None  # any character: not known
    opens, empty = anchored_opener("^(?:今年|\\d+月)底前")
    assert empty == () and opens("今年底前") and opens("３月底前") and not opens("年底前")
    opens, empty = anchored_opener("^(?:近日|(?:\\d+月)?(?:底)?)$")
    assert empty == ("", "\n") and opens("底") and opens("5月") and not opens("月底")
    assert anchored_opener("^(?:近日)?\\Z")[1] == ("",)


def test_anchored_opener_admits_every_match():
    from test_measures_speed import _texts

    rules = load_rules()
    for rule_id in ("fwd.time",):
        pattern = rules.by_id(rule_id).pattern
        regex = re.compile(pattern)
        texts = _texts(rules) + ["", "\n", "2023年4月至6月", "3月底前", "截至目前", "今年以来", "年底前", "即三月底前",
                                 "5月", "中旬", "至6月", "-", "前", "\n\n"]
        matched = refused = 0
        for text in texts:
            if regex.search(text):
                matched += 1
                assert _admits(pattern, text), text
            elif not _admits(pattern, text):
                refused += 1
        assert matched > 20 and refused > 1000


def test_candidates_with_an_anchored_entry_equal_the_plain_test():
    rules = load_rules()
    index = RuleWords(rules.not_action_rules, rules.char_counts, split=True)
    assert index.openers and not index.always
    from test_measures_speed import _texts

    for text in _texts(rules)[::7] + ["", "\n", "今年以来，", "2023年4月至6月"]:
        mask = index.candidates(text)
        for i, test in enumerate(index.tests):
            if test is not None and test.search(text):
                assert mask >> i & 1, (text, index.rules[i].id)


def test_own_words_of_a_one_clause_span_are_its_clause():
    from pipeline.measures.clauses import find_spans

    rules = load_rules()
    text = "1. 拆除违建厂房3处，清理河道垃圾20吨；年底前完成复绿，确保整改到位。"
    spans, _ = find_spans(text, 0, len(text), rules)
    assert spans
    for span in spans:
        if len(span.clauses) == 1:
            assert "，".join(c.text for c in span.own()) == span.clauses[0].text


def test_documents_told_by_their_one_word_equal_the_plain_search():
    from pipeline.measures import _documents

    rules = load_rules()
    assert rules.document.word == "《"
    for text in ["印发《河道管理办法》和《垃圾分类方案》", "制定整改方案", "《》", "《未完", "", "依据〈条例〉"]:
        assert _documents(text, rules.document) == [m.group(1) for m in rules.document.regex.finditer(text)], text


def test_own_words_join_the_own_clauses():
    from pipeline.measures.clauses import find_spans

    rules = load_rules()
    seen = 0
    for text in ["为改善水质，2023年底前拆除违建厂房3处，确保整改到位，清理河道垃圾20吨。",
                 "今年以来，关停砂场5家，已全部完成治理工作，实现河道畅通。", "1. 开展专项检查，责令整改企业12家、罚款3万元。"]:
        spans, _ = find_spans(text, 0, len(text), rules)
        for span in spans:
            assert span.own_words() == "，".join(c.text for c in span.own())
            seen += len(span.clauses) > 1
    assert seen
