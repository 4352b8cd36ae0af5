"""Shortcuts of the measures stage give what the plain computation gives."""
from pipeline.measures import load_rules
from pipeline.measures.__init__ import _clauses_before
from pipeline.measures.clauses import find_spans, split_clauses

SENTENCES = [
    "2023年4月至6月，县住建局开展排查，关停企业3家，拆除违建2处。",
    "1.，县政府牵头，关停企业3家，拆除违建2处。",
    "（一）关停企业3家（含，小作坊），拆除违建2处，整治《方案，细则》。",
    "首先，开展执法检查，查处违法案件5起：罚款20万元，移送公安1起。",
    "县水利局，按照要求（一、二），清理河道10公里，复绿30亩，建成污水处理厂1座。",
    "  ，关停企业3家，，拆除违建2处，",
]


def test_the_clauses_before_a_measure_are_those_split_clauses_gives():
    rules = load_rules()
    checked = 0
    for sentence in SENTENCES:
        for text in (sentence, "前文。" + sentence):
            start, end = text.index(sentence), len(text)
            spans, clauses = find_spans(text, start, end, rules)
            assert spans, text
            for span, before in zip(spans, _clauses_before(text, start, end, spans, clauses, rules)):
                if before is not None:
                    assert before == split_clauses(text, start, span.start), (text, span.start)
                    checked += 1
                else:
                    assert rules.leading_label.match(text, start, end)
    assert checked >= 12
