"""Shortcuts of the measures stage give what the plain computation gives."""
from pipeline.measures import load_rules
from pipeline.measures import _clauses_before
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


def _alternation(words):
    """The plain regex of words: longest first, so the longest word found at a position wins."""
    import re
    return re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))


def test_a_trie_of_words_matches_as_their_alternation_does():
    import itertools
    import re

    from pipeline.prefilter import words_pattern as _words
    rules = load_rules()
    word_sets = [
        ["停产", "停用", "停业整治", "停", "业整"],  # shared prefixes, a word inside another
        ["a.b", "a*", "(x)", "[y]", "a"],  # regex specials
        ["整改", "整改方案", "整改方案编制", "改方"],
        ["", "整改"],  # an empty word matches everywhere
        sorted({w for r in rules["actions"] for w in r.words}),
        sorted({w for r in rules["verb_nouns"] for w in r.words}),
    ]
    texts = ["停业整治停产停用停", "a.b a* (x) [y] aa", "编制整改方案编制整改方案的整改", "没有", ""]
    texts += [t for r in rules.sections.values() for rule in r for t in rule.examples + rule.counter]
    texts += ["".join(p) for p in itertools.product("停业整治产", repeat=4)]
    for words in word_sets:
        trie, plain = re.compile(_words(words)), _alternation(words)
        for t in texts:
            assert [m.span() for m in trie.finditer(t)] == [m.span() for m in plain.finditer(t)], (words, t)
            assert trie.sub("□", t) == plain.sub("□", t)
