"""The shortcuts of the classifier's cues (round 10) give what the plain computations give."""
import random
import re

from pipeline.features import lexicon, matched_strings


def test_matched_strings_are_every_string_the_pattern_matches():
    assert matched_strings("提高(政治)?站位") == {"提高站位", "提高政治站位"}
    assert matched_strings("(源头|依法)治理?污|[甲乙]类") == {"源头治污", "源头治理污", "依法治污", "依法治理污", "甲类", "乙类"}
    assert matched_strings("切实(加强|落实)?") == {"切实", "切实加强", "切实落实"}
    for not_plain in ("确保.{0,12}到位", "a+b", "[^a]b", "^ab", "a(?=b)", "[a-z]b", "(?i)ab", "(a|b)(c|d)(e|f)(g|h)(i|j)(k|l)"):
        assert matched_strings(not_plain) is None, not_plain


def test_formula_strings_hold_every_match_of_the_formula():
    # each formula's strings (now its very matches where it spells them out): a text none of them is in has no match
    lex = lexicon()
    rng = random.Random(10)
    for pattern, strings in zip(lex.formulas, lex.formula_required):
        spelled = matched_strings(pattern.pattern)
        if spelled and all(len(s) >= 2 for s in spelled):
            assert strings == spelled
            for s in strings:
                assert re.fullmatch(pattern.pattern, s), (pattern.pattern, s)
        alphabet = "".join(sorted(set("".join(strings)))) + "的了，"
        for _ in range(200):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
            for m in pattern.finditer(text):
                assert any(s in m.group() for s in strings), (pattern.pattern, text)


def test_document_cues_are_the_sentence_cues():
    from pipeline.document_cues import Commonness, document_cues
    from pipeline.features import sentence_cues

    texts = ["各地要全面落实主体责任，切实加强组织领导。", "全面排查突出问题12个，整改到位9个。",
             "严禁表面整改、敷衍整改和一刀切。", "人民群众满意度明显提升，群众获得感增强。", "全面推进，全面提高。",
             "主动接受社会监督，接受监督。", "依法治理污染，科学治污。", "",
             "三个问题已办结，**个单位约谈，第二批12.5吨，二〇二三年五月", "整改二十项，完成十五项"]
    df = {"全面落实": 3, "主体责任": 5}
    got = document_cues(texts, None, Commonness(df, 10))
    assert got.tolist() == [sentence_cues(t, None, df, 10) for t in texts]
