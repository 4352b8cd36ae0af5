"""Round 13 of the facts stage's speed work: each shortcut against the plain computation."""
from __future__ import annotations

import dataclasses
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from pipeline import numbers
from pipeline.extract.rules import load_rules

# Hand-written sentences with every kind of number expression the parser reads (and some it does not).
SENTENCES = [
    "共交办信访件1,234件，已办结12,345,678件，另有1,2345吨和12,5家",
    "约3000人参加，近3年来累计整改二十六项，超过200人次，逾13.5万余件",
    "罚款762.9876万元，投资1亿2000万元，13万2人，3余万元，二〇二一年",
    "百分之六十以上，百分之百完成，60%以上，60％左右，三成，3成以上",
    "3-5个，三到五项，2023-12月，8-3件，3～5万元，十三点五万吨，二百余万元",
    "*项，XX件，20X年，*.*%，某年某月，某项工作，某人，X市，某万元",
    "下降21.74%，增长了5个百分点，减少12家，回落至3.5%，提高1倍",
    "PM2.5浓度，GB3838标准，第十五批，每一件，十四五期间，一起案件，一起研究",
    "四十九亿一千元，一亿一，十九个，两个月，一百三十六个工作日，6个小时",
    "整改1.5平方公里，8立方米，12毫克/升，3千克，5千瓦，9公顷",
    "至少3家、不低于90%、大约两成、将近一半、多达五十余起、高于4倍",
    "\n下降3件\n增加4项",
    "",
    "十",
    "12,",
    "1,234,5678件",
]


def _reference_numbers():
    """pipeline.numbers as it was written before: every optional part a `?` of a group, the
    thousands of 1,234 a repeat entered before the comma is read."""
    source = Path(numbers.__file__).with_name("numbers.py").read_text(encoding="utf-8")  # (the module may be compiled)
    old = [('return f"(?:{source}|)"', 'return f"(?:{source})?"'),
           ('{_DIGIT}{{1,3}},{_DIGIT}{{3}}(?:,{_DIGIT}{{3}})*(?![0-9])', '{_DIGIT}{{1,3}}(?:,{_DIGIT}{{3}})+(?![0-9])')]
    for new, before in old:
        assert new in source
        source = source.replace(new, before)
    spec = importlib.util.spec_from_loader("pipeline._numbers_reference", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "pipeline"
    sys.modules[spec.name] = module
    try:
        exec(compile(source, "numbers_reference", "exec"), module.__dict__)
    finally:
        del sys.modules[spec.name]
    return module


@pytest.fixture(scope="module")
def reference():
    return _reference_numbers()


def test_optional_matches_as_a_question_mark():
    cases = [("ab", "abc"), ("ab", "ac"), ("(?P<g>ab)", "abab"), ("(?P<g>a+)", "aaab"), ("(?P<g>a|ab)", "abx"),
             ("(?P<g>x)", "y"), ("(?P<g>a)(?P<h>b)", "ab")]
    for part, text in cases:
        for tail in ("", "b", "b?", "(?P<t>b)?c?"):
            plain = re.compile(f"(?:{part})?{tail}")
            rewritten = re.compile(numbers._optional(part) + tail)
            for pos in range(len(text) + 1):
                a, b = plain.match(text, pos), rewritten.match(text, pos)
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (part, tail, text, pos)


def test_expression_matches_as_written_with_question_marks(reference):
    assert numbers._EXPRESSION.groupindex == reference._EXPRESSION.groupindex
    texts = SENTENCES + ["a1,234", "9,999,999,9", "1,2,3", "3,000.5万元", "1亿2000万3千", "12万3千5"]
    for text in texts:
        for pos in range(len(text) + 1):
            for new, old in ((numbers._EXPRESSION, reference._EXPRESSION), (numbers._TAIL, reference._TAIL)):
                a, b = new.search(text, pos), old.search(text, pos)
                assert (a and a.regs) == (b and b.regs), (text, pos)
        for new, old in ((numbers.NUMBER_RE, reference.NUMBER_RE),):
            assert [m.regs for m in re.finditer(new, text)] == [m.regs for m in re.finditer(old, text)], text


def test_numbers_equal_those_of_the_reference(reference):
    for text in SENTENCES:
        # (the reference has a Number class of its own: the fields are compared)
        assert [vars(n) for n in numbers.find_numbers(text)] == [vars(n) for n in reference.find_numbers(text)], text
        for end in range(1, len(text) + 1):
            parsed, expected = numbers.parse_number(text[:end]), reference.parse_number(text[:end])
            assert (parsed and vars(parsed)) == (expected and vars(expected)), text[:end]


def test_a_number_holds_its_fields_in_order():
    for text in SENTENCES:
        for n in numbers.find_numbers(text):
            assert list(vars(n)) == [f.name for f in dataclasses.fields(numbers.Number)]
            assert n == numbers.Number(**vars(n)) and hash(n) == hash(numbers.Number(**vars(n)))
    ranged = numbers.parse_number("3-5万元")
    assert (ranged.value, ranged.value_high, ranged.unit) == (30000.0, 50000.0, "元")
    assert numbers.parse_number("5万元").value_high is None


WORD_TEXTS = [
    "", "办", "未办结", "信访举报件已办结或阶段性办结", "完成整改完成销号", "其余其它其他",
    "整改任务整改到位整改问题", "尚未完成整改的问题", "没有", "按序时推进中", "反馈意见问题12个",
    "批评教育3人，处罚金额5万元", "未销号未完成整改未整改到位", "交办问题交办", "接到接收收到",
]


def test_words_in_are_the_literals_in_the_text():
    rules = load_rules()
    for text in WORD_TEXTS + SENTENCES:
        assert rules.words_in(text) == frozenset(w for w in rules.literals if w in text), text
    assert {"办", "办结", "未", "未办结"} <= rules.words_in("未办结")


def test_cumulative_cue_matches_as_with_its_look_behind_first():
    """basis.cumulative reads 共(?<!公共) for (?<!公)共: the same matches, and a pattern whose every
    alternative starts with a word is searched by its first characters."""
    cue = load_rules().basis["cumulative"]
    written_before = re.compile("累计|共计|总计|合计|(?<!公)共(?!性|同)")
    texts = ["公共设施共3项", "共性问题共计12个", "共同推进，共5件", "公共", "共", "公", "合计共", "累计公共共性共同共",
             "共9项，总计10项，公共区域共", "办公共计3处"]
    for text in texts:
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 1):
                assert [m.span() for m in cue.finditer(text, start, end)] == \
                    [m.span() for m in written_before.finditer(text, start, end)], (text, start, end)
                piece = text[start:end]
                assert [m.span() for m in cue.finditer(piece)] == [m.span() for m in written_before.finditer(piece)]
