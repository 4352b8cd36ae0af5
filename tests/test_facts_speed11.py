"""Round 11 shortcuts of the facts stage: hand-written inputs and the exact answers of the plain computation."""
from __future__ import annotations

from pipeline.extract import scope


def _zone_spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in scope.zone_matches(text)]


def test_zone_matches_tries_only_separators_with_a_place_mark_close_after():
    cases = {
        # the longest name the pattern takes (six characters and 开发区): its 区 is the ninth after the separator
        "其中，甲乙丙丁戊己开发区12件": [(3, 12, "甲乙丙丁戊己开发区")],
        # seven characters before 开发区 are too many for it: no place here
        "其中，甲乙丙丁戊己庚开发区12件": [],
        "涉及东湖区3件、西山县2件、南湖街道1件": [(2, 5, "东湖区"), (8, 11, "西山县"), (14, 18, "南湖街道")],
        "其中金水区交办5件": [(2, 5, "金水区")],  # after 其中, followed by a verb and its number
        "其中新疆生产建设兵团4件，和平市5件": [(2, 10, "新疆生产建设兵团"), (13, 16, "和平市")],
        "共收到信访件20件，已办结18件。": [],  # separators, but no place word after them
        "其中，主城区6件；市直部门2件": [(3, 6, "主城区"), (9, 13, "市直部门")],
    }
    for text, expected in cases.items():
        assert _zone_spans(text) == expected, text
        assert _zone_spans(text) == [(m.start(), m.end(), m.group()) for m in scope._ZONE.finditer(text)], text


def test_basis_cues_of_a_document_are_basis_at_of_its_sentences():
    import random

    from pipeline.extract.rules import load_rules
    from pipeline.extract.scope import BasisCues, basis_at

    rules = load_rules()
    text = "截至目前，累计交办信访件30件。第三批交办12件，公共设施问题共性3项。当日办结5件，共计8件"
    cues = BasisCues(text, rules.basis, rules.basis_words)
    cases = {(0, 5): None, (0, 7): "cumulative", (16, 18): None, (16, 19): "batch",
             (16, 31): "batch",  # 公共 is no cue
             (30, 37): None,  # nor 共性
             (26, 37): "cumulative",  # a sentence starting at 共: the 公 before it is outside
             (36, 38): "batch", (36, 45): "cumulative"}  # the nearest cue before the number
    for (start, pos), expected in cases.items():
        assert cues.at(start, pos) == expected, text[start:pos]
    rng = random.Random(11)
    pieces = ["累计", "共", "公共", "共性", "共同", "共计", "合计", "总计", "第", "十", "3", "批", "本批", "该批", "当日",
              "当天", "同日", "交办", "件", "，", "。"]
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        cues = BasisCues(text, rules.basis, rules.basis_words)
        for _ in range(20):
            start = rng.randint(0, len(text))
            pos = rng.randint(start, len(text))
            assert cues.at(start, pos) == basis_at(text[start:pos], pos - start, rules.basis), (text, start, pos)


def test_last_match_is_the_last_of_finditer():
    import re

    from pipeline.extract.context import last_match

    patterns = [re.compile(p) for p in (
        "问题|任务|整改事项", "交办件|交办", r"属实的?(?:\d+件)?问题", r"(?<!公)共(?!性|同)",  # plain, longest first, look-arounds
        "a*", r"\b", "x?y?", "(?=办)",  # empty matches: finditer's own rule
        "^交办", "办结$")]
    texts = ["", "交办件12件，交办3件", "属实问题5个，属实的12件问题", "公共问题共性3项，共计5项", "aab办", "xy办结", "交办办结"]
    for pattern in patterns:
        for text in texts:
            for pos, endpos in [(0, None), (1, None), (0, 3), (2, 5), (len(text), None)]:
                end = len(text) if endpos is None else endpos
                last = None
                for last in pattern.finditer(text, pos, end):
                    pass
                got = last_match(pattern, text, pos, endpos)
                assert (got and got.span()) == (last and last.span()), (pattern.pattern, text, pos, endpos)
    assert last_match(re.compile("交办件|交办"), "交办件12件，交办3件").span() == (7, 9)
    assert last_match(re.compile(r"(?<!公)共"), "公共设施共3项", 1).span() == (4, 5)  # the 公 before pos still counts


def test_plain_digit_cores_are_valued_as_the_arabic_reading_values_them():
    from decimal import Decimal

    from pipeline import numbers

    value = numbers._core_value.__wrapped__
    expected = {"26": (Decimal(26), False, False, 26.0), "007": (Decimal(7), False, False, 7.0),
                "0": (Decimal(0), False, False, 0.0), "2021": (Decimal(2021), False, False, 2021.0),
                "123456789012345678": (Decimal(123456789012345678), False, False, 123456789012345678.0)}
    for core, tuple_ in expected.items():
        assert value(core) == tuple_, core
    for core in ["1", "12", "305", "0012", "9" * 18, "9" * 19, "9" * 30, "1234567890123456789012345678901"]:
        got, arabic = value(core), numbers._arabic_value(core)
        assert got[0] == arabic and str(got[0]) == str(arabic) and got[3] == float(arabic), core
    # what the digits-only reading leaves to the full one: marks, magnitudes, full-width and other digits
    assert value("3余") == (Decimal(3), False, True, 3.0)
    assert value("3万") == (Decimal(30000), False, False, 30000.0)
    assert value("１２") == (Decimal(12), False, False, 12.0)
    assert value("1*") == (None, True, False, None)


def test_any_topic_finds_a_text_where_one_of_the_topics_is():
    from pipeline.extract.rules import load_rules

    rules = load_rules()
    cases = {"交办信访件": True, "属实的12件问题": True, "整改任务": True, "建设项目": True, "点位": True,
             "已办结": False, "属实的12件": False, "": False, "会": False, "简": False}
    for text, expected in cases.items():
        assert (rules.any_topic.search(text) is not None) is expected, text
        assert any(p.search(text) for p in rules.topics.values()) is expected, text
        for end in range(len(text) + 1):
            assert (rules.any_topic.search(text[:end]) is not None) == any(p.search(text[:end]) for p in rules.topics.values())
