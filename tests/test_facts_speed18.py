"""Round 18 of the facts stage's speed work: each shortcut equals the plain computation it replaces."""
import importlib
import random

from pipeline.extract.rules import load_rules


def _plain_able(rules, unit, side, text):
    """`RuleSet.able` as it was computed before its answers were remembered: the rules of the side
    accepting the counter, without those none of whose words is in the text."""
    present = {w for w in rules.literals if w in text}
    return tuple((i, r) for i, r in rules.sides(unit)[side] if r.literals is None or not r.literals.isdisjoint(present))


def test_able_remembered_by_text_is_the_plain_answer():
    """Asked again for a text (with the statement's words, without them, for another counter or
    side), `able` answers what the words of that text give, not what an earlier call gave."""
    rules = load_rules()
    statement = "全省共受理信访举报120件，已办结115件，其中立案处罚企业27家，问责30人，整改任务完成8项"
    words = rules.words_in(statement)
    slices = ["全省共受理信访举报", "件，已办结", "已办结", "其中立案处罚企业", "问责", "整改任务完成", "", "件"]
    for text in [*slices, *reversed(slices)]:
        for unit in ("件", "家", "人", "项", "个", None):
            for side in (0, 1, 2):
                expected = _plain_able(rules, unit, side, text)
                assert rules.able(unit, side, text, words) == expected, (unit, side, text)
                assert rules.able(unit, side, text) == expected, (unit, side, text)
    rng = random.Random(1818)
    pieces = [*rules.literals[:40], "，", "共", "件", "已", "其中", "3", "的"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        unit, side = rng.choice(("件", "人", "项", "家")), rng.randint(0, 2)
        assert rules.able(unit, side, text, rules.words_in(text + "。其他")) == _plain_able(rules, unit, side, text), text


def test_able_memo_stays_bounded():
    """The remembered answers are forgotten past a limit (memory stays flat over an archive)."""
    # (the module by its name: the package's attribute `rules` is context's alias of load_rules)
    rules_module = importlib.import_module("pipeline.extract.rules")
    rules = load_rules()
    for k in range(rules_module._ABLE_MEMO_LIMIT + 10):
        rules.able("件", 0, f"办结{k}")
    assert len(rules.able_memo) <= rules_module._ABLE_MEMO_LIMIT
    assert rules.able("件", 0, "办结") == _plain_able(rules, "件", 0, "办结")


def test_find_numbers_with_methods_bound_once():
    """find_numbers (its patterns' methods bound once at import) reads each kind of number as before:
    a qualifier, a range, a not-number word skipped (十四五), a lone numeral needing a counter, a sign."""
    from pipeline.numbers import find_numbers

    text = "“十四五”期间共受理3-5件，约3000人，下降21.74%，唯一一家，第十五批二十六项，一些问题"
    got = [(n.value, n.value_high, n.unit, n.approx, n.sign, text[n.start:n.end]) for n in find_numbers(text)]
    assert got == [(3.0, 5.0, "件", False, 0, "3-5件"), (3000.0, None, "人", True, 0, "约3000人"),
                   (21.74, None, "%", False, -1, "21.74%"), (1.0, None, "家", False, 0, "一家"),
                   (15.0, None, "批", False, 0, "十五批"), (26.0, None, "项", False, 0, "二十六项")]


def test_core_value_of_digits_is_the_decimal_float():
    """A core of plain digits has, as its float, float(Decimal(core)) (its digits read directly),
    up to the longest such core and past 2**53, where rounding decides; other cores keep their path."""
    from decimal import Decimal

    from pipeline.numbers import _EXACT_DIGITS, _core_value

    for core in ["0", "7", "26", "2021", "9007199254740993", "123456789012345678"[:_EXACT_DIGITS], "99999999999999999"]:
        value, redacted, approx, as_float = _core_value(core)
        assert (value, redacted, approx) == (Decimal(core), False, False)
        assert as_float == float(Decimal(core)) and type(as_float) is float, core
    assert _core_value("3.5万") == (Decimal("35000.0"), False, False, 35000.0)
    assert _core_value("200余") == (Decimal(200), False, True, 200.0)
    assert _core_value("某")[:3] == (None, True, False) and _core_value("1*")[:3] == (None, True, False)


def test_topic_from_the_words_before_a_number():
    """counts._topic (its three last subjects read by calls written out) for numbers whose subject
    is named before them: the last one named wins, 信访…问题 is petitions, 项目 is none."""
    from pipeline.extract.context import Statement
    from pipeline.extract.counts import _topic

    cases = [("群众信访举报已办结12件", "petitions"), ("反馈问题已完成整改8项", "rectification"),
             ("信访投诉问题已办结5件", "petitions"), ("问题整改涉及建设项目3个", "none"),
             ("今年以来完成了9项", None), ("督察组交办的问题中已完成7项", "petitions"), ("反馈意见中已完成整改7项", "rectification")]
    for text, expected in cases:
        st = Statement(text, 0)
        pos = next(i for i, c in enumerate(text) if c.isdigit())
        assert _topic(st, pos, text[pos + 1:], text[pos + 1]) == expected, text


def test_clause_breaks_are_the_separators_positions():
    """Statement._breaks (read from the lengths of the pieces between separators) is where the
    clause separators are: none, at the start or the end, side by side, full and half width."""
    import re

    from pipeline.extract.context import CLAUSE_SEP, Statement

    separator = re.compile("[" + re.escape(CLAUSE_SEP) + "]")
    texts = ["", "，", "，，", "没有分隔符的一句话", "，开头", "结尾。", "甲，乙,丙；丁;戊：己:庚。辛！壬？癸!子?",
             "已办结12件，，其中3件；；", "a,b", "共3件。\n下一句"]
    rng = random.Random(18)
    texts += ["".join(rng.choice("甲乙12，,；;：:。！？!? ") for _ in range(rng.randint(0, 30))) for _ in range(200)]
    for text in texts:
        assert Statement(text, 0)._breaks == [m.start() for m in separator.finditer(text)], text


def test_last_match_is_finditers_last():
    """context.last_match (each match's end read once) is the last match of finditer, with a span,
    for patterns that match words, runs, and the empty string."""
    import re

    from pipeline.extract.context import last_match

    patterns = [re.compile(p) for p in ("问题|任务", "共(?!性)", r"\d+", "a*", "(?<=共)计")]
    rng = random.Random(180)
    texts = ["", "共计问题3件任务5项", *("".join(rng.choice("共计性问题任务a1 ") for _ in range(rng.randint(0, 20)))
                                    for _ in range(200))]
    for pattern in patterns:
        for text in texts:
            for pos, end in ((0, len(text)), (1, len(text)), (0, len(text) // 2)):
                expected = None
                for expected in pattern.finditer(text, pos, end):
                    pass
                got = last_match(pattern, text, pos, end)
                assert (got and got.span()) == (expected and expected.span()), (pattern, text, pos, end)
