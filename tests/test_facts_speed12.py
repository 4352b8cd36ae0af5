"""The twelfth round of facts speed-ups never changes what is found: each shortcut is checked
against hand-written cases with their exact results, or against the plain computation it replaces."""

import random
import re

import pytest

from pipeline import numbers

# (text, [(value, unit, approx, redacted, start, end, value_high, sign) of each number found])
_NUMBER_CASES = [
    ("2023-12月完成", [(2023.0, None, False, False, 0, 4, None, 0), (12.0, "月", False, False, 5, 8, None, 0)]),
    ("8-3个", [(8.0, None, False, False, 0, 1, None, 0), (3.0, "个", False, False, 2, 4, None, 0)]),
    ("3-5万元", [(30000.0, "元", False, False, 0, 5, 50000.0, 0)]),
    ("3-5个", [(3.0, "个", False, False, 0, 4, 5.0, 0)]),
    ("三到五项", [(3.0, "项", False, False, 0, 4, 5.0, 0)]),
    ("5成以上", [(5.0, None, False, False, 0, 1, None, 0)]),
    ("3成", [(3.0, None, False, False, 0, 1, None, 0)]),
    ("三成左右", [(30.0, "%", True, False, 0, 4, None, 0)]),
    ("3-5成", [(3.0, None, False, False, 0, 3, 5.0, 0)]),
    ("二至三成", [(20.0, "%", False, False, 0, 4, 30.0, 0)]),
    ("近3年", [(3.0, "年", False, False, 1, 3, None, 0)]),
    ("近百分之五十", [(50.0, "%", True, False, 0, 6, None, 0)]),
    ("约百分之五十", [(50.0, "%", True, False, 0, 6, None, 0)]),
    ("不低于百分之百", [(100.0, "%", True, False, 0, 7, None, 0)]),
    ("十四五期间", []),
    ("一起研究", []),
    ("每一件", []),
    ("唯一一家", [(1.0, "家", False, False, 2, 4, None, 0)]),
    ("*-5项", [(None, "项", False, True, 0, 4, None, 0)]),
    ("X-*件", [(None, "件", False, True, 0, 4, None, 0)]),
    ("1,234件", [(1234.0, "件", False, False, 0, 6, None, 0)]),
    ("下降21.74%", [(21.74, "%", False, False, 2, 8, None, -1)]),
    ("增长了5-8个百分点", [(5.0, "个百分点", False, False, 3, 10, 8.0, 1)]),
    ("13.5万余件", [(135000.0, "件", True, False, 0, 7, None, 0)]),
    ("1亿2000万元", [(120000000.0, "元", False, False, 0, 8, None, 0)]),
    ("二〇二一年", [(2021.0, "年", False, False, 0, 5, None, 0)]),
    ("某件", [(None, "件", False, True, 0, 2, None, 0)]),
    ("某项", []),
    ("PM2.5", []),
    ("10-5件以上", [(10.0, None, False, False, 0, 2, None, 0), (5.0, "件", True, False, 3, 7, None, 0)]),
    ("2-3余家", [(2.0, "家", True, False, 0, 5, 3.0, 0)]),
    ("超过200人左右", [(200.0, "人", True, False, 0, 8, None, 0)]),
    ("约3000—4000人", [(3000.0, "人", True, False, 0, 11, 4000.0, 0)]),
    ("3～5万余吨", [(30000.0, "吨", True, False, 0, 6, 50000.0, 0)]),
    ("20X年", [(None, "年", False, True, 0, 4, None, 0)]),
    ("一成不变", []),
    ("五到三个", [(3.0, "个", False, False, 2, 4, None, 0)]),
    ("3-三件", [(3.0, None, False, False, 0, 1, None, 0), (3.0, "件", False, False, 2, 4, None, 0)]),
]


@pytest.mark.parametrize("text, expected", _NUMBER_CASES)
def test_numbers_read_by_one_expression_match(text, expected):
    """Ranges that are not ones (2023-12, 8-3, 10-5), 成 after digits, 近 before a time span, the
    not_numbers words: read from one match of the whole expression, as they were part by part."""
    found = [(n.value, n.unit, n.approx, n.redacted, n.start, n.end, n.value_high, n.sign)
             for n in numbers.find_numbers(text)]
    assert found == expected


_PIECES = ["一起", "十四五", "每一件", "3", "12", "1,234", "十", "一", "二十", "两", "件", "个", "成", "，", "万元", "万", "亿",
           "约", "近", "超过", "下降", "%", "某", "X", "*", ".", "5", "-", "～", "至", "到", "余", "多", "以上", "左右",
           "百分之", "百", "年", "个月", "PM", "点", "〇", "三", "０", "．", "人", "个百分点"]


def _random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 10))) for _ in range(count)]


def test_one_expression_match_has_the_groups_of_its_parts_matched_one_after_another():
    """_EXPRESSION = head, optional range, optional tail: at every position its groups are those of
    the head's match, then the range matched where the head ends, then the tail where that ends."""
    head = re.compile(numbers._HEAD)
    ranged = re.compile(numbers._RANGE)
    names = ("pre", "pct", "low", "high", "between", "unit", "post")
    checked = 0
    for text in _random_texts(3000, 7):
        for pos in range(len(text)):
            whole = numbers._EXPRESSION.match(text, pos)
            first = head.match(text, pos)
            assert (whole is None) == (first is None)
            if first is None:
                continue
            second = ranged.match(text, first.end())
            third = numbers._TAIL.match(text, second.end())
            parts = {**first.groupdict(), **second.groupdict(), **third.groupdict()}
            assert whole.groups() == tuple(parts[name] for name in names)
            assert whole.end() == third.end() and whole.end("low") == first.end()
            checked += 1
    assert checked > 5000


def test_not_number_first_characters_are_those_its_class_matches():
    """The set tested on a core's first character holds exactly the core starts the class matches."""
    assert numbers._NOT_NUMBER_START is not None
    for ch in numbers._CORE_FIRST:
        assert (ch in numbers._NOT_NUMBER_FIRST) == bool(numbers._NOT_NUMBER_START.match(ch))
    assert {"一", "十"} <= numbers._NOT_NUMBER_FIRST


def test_numbers_are_those_found_trying_the_not_numbers_words_at_every_core(monkeypatch):
    texts = _random_texts(3000, 11)
    fast = [list(numbers._scan(t, lone)) for t in texts for lone in (False, True)]
    monkeypatch.setattr(numbers, "_NOT_NUMBER_FIRST", frozenset(numbers._CORE_FIRST))
    plain = [list(numbers._scan(t, lone)) for t in texts for lone in (False, True)]
    assert fast == plain
    assert sum(map(len, plain)) > 1000


# Sentences of the genre, written for these tests.
_SENTENCES = [
    "截至目前，已办结群众信访举报件126件，责令限期整改企业18家，立案处罚9家，罚款金额合计356.5万元。",
    "本批次转办的信访件共42件，其中大气污染类17件、水污染类11件，已完成整改30项，剩余12项正在推进。",
    "全市共问责相关责任人23人，约谈干部15名，移送公安机关行政拘留3人。",
    "反馈意见问题共计58个，已完成整改41个，阶段性完成9个，尚未完成8个。",
    "督察组交办问题的整改任务中，累计关停取缔“散乱污”企业27家，拆除违法建筑4处。",
    "接到群众来电来信举报共计311件，交办各地后已全部办结，其中属实的问题205件。",
    "被问责人数最多的一个县，达到19人；责令整改6家，下达处罚决定书12份。",
    "关于第三批交办件，已办理完毕的有75件，另有4件仍在办理中，已立案查处企业5家。",
    "全省共排查问题点位86个，建设项目14个，召开会议7次，整改完成率达到92%。",
    "对12家企业下达责令改正通知书，对3家企业实施行政处罚，罚款共计48万元。",
]


def test_rules_narrowed_to_the_words_around_a_number_are_the_able_ones():
    """The rules tried for a number are narrowed to those one of whose words is in the words before
    it, after it, or in the next clause, from the statement's words: the same rules as looking for
    every rule word in these texts."""
    from pipeline.extract.context import statements
    from pipeline.extract.rules import load_rules

    rules = load_rules()
    checked = 0
    for st in statements("\n".join(_SENTENCES)):
        for k, number in enumerate(st.numbers):
            nxt = st.clause_after(number.end)
            for side, part in enumerate((st.lefts[k], st.rights[k][0], nxt[0] if nxt else "")):
                narrowed = rules.able(number.unit, side, part, st.rule_words)
                assert narrowed == rules.able(number.unit, side, part), (st.text, side, part)
                checked += bool(narrowed)
    assert checked > 20


def test_counts_of_the_sentences_are_unchanged():
    """What counts.extract reads from the sentences above (metric, category, value, span, rule)."""
    from pipeline.extract import counts
    from pipeline.extract.context import statements

    found = [(c.metric, c.category, c.value, c.start, c.end, c.rule)
             for st in statements("\n".join(_SENTENCES)) for c in counts.extract(st)]
    assert found == _EXPECTED_COUNTS


_EXPECTED_COUNTS = [
    ('petitions.closed', 'all', 126.0, 6, 19, 'petitions.closed.left'),
    ('enforcement.ordered_to_rectify', 'all', 18.0, 20, 31, 'enforcement.ordered.left'),
    ('enforcement.penalty_cases', 'all', 9.0, 32, 38, 'enforcement.penalty.left'),
    ('enforcement.fines', 'all', 3565000.0, 39, 52, 'enforcement.fines.left'),
    ('petitions.assigned', 'all', 42.0, 3, 13, 'petitions.assigned.left'),
    ('petitions.closed', 'all', 30.0, 33, 41, 'petitions.closed.done_left'),
    ('accountability.held_accountable', 'all', 23.0, 3, 13, 'accountability.held.left'),
    ('accountability.interviewed', 'all', 15.0, 14, 21, 'accountability.interviewed.left'),
    ('enforcement.detained', 'all', 3.0, 30, 34, 'enforcement.detained.left'),
    ('rectification.tasks_total', 'all', 58.0, 0, 11, 'rectification.total.noun_left'),
    ('rectification.tasks_completed', 'all', 41.0, 12, 20, 'rectification.completed.left'),
    ('rectification.tasks_incomplete', 'all', 8.0, 29, 35, 'rectification.incomplete.left'),
    ('petitions.received', 'all', 311.0, 0, 16, 'petitions.received.left'),
    ('accountability.held_accountable', 'all', 19.0, 2, 17, 'accountability.held.left'),
    ('enforcement.ordered_to_rectify', 'all', 6.0, 18, 24, 'enforcement.ordered.left'),
    ('petitions.closed', 'all', 75.0, 10, 19, 'petitions.closed.left'),
    ('enforcement.penalty_cases', 'all', 5.0, 31, 39, 'enforcement.penalty.left'),
    ('enforcement.ordered_to_rectify', 'all', 12.0, 1, 12, 'enforcement.ordered.right'),
    ('enforcement.fines', 'all', 480000.0, 28, 36, 'enforcement.fines.left'),
]
