"""Shortcuts of the facts stage added for speed (ninth round) give the answers of the plain computation."""
from __future__ import annotations

import random
import re

# Pieces of made-up statements: counts, clause separators, asides, completion and category words.
_PIECES = ["交办", "信访件", "12件", "3件", "二十六项", "5个", "7人", "，", "；", "。", "（", "）", "(", ")", "其中",
           "已办结", "全部办结", "均已完成整改", "完成", "销号", "共性", "个性", "问题", "任务", "问责", "、", "共", "已",
           "重点关注", "属实", "报告", "乡镇", "单位"]


def _texts(seed: int, count: int, longest: int = 14) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, longest))) for _ in range(count)]


def test_has_number_is_whether_a_number_starts_in_the_span():
    from pipeline.extract.context import Statement

    rng = random.Random(11)
    for text in _texts(10, 800):
        st = Statement(text, 0)
        for _ in range(10):
            start = rng.randint(-2, len(text) + 2)
            stop = rng.randint(start - 1, len(text) + 3)
            assert st.has_number(start, stop) == any(start <= n.start < stop for n in st.numbers), (text, start, stop)


def test_lefts_and_rights_are_the_words_around_each_number():
    """`Statement.lefts` / `rights` (one pass) are what the words before and after each number were
    when worked out one number at a time."""
    from pipeline.extract.context import Statement

    def left_of(st, k):
        n = st.numbers[k]
        start = st.clause_start(n.start)
        if k > 0:
            start = max(start, st.numbers[k - 1].end)
        return st.text[start:n.start]

    def right_of(st, k):
        n = st.numbers[k]
        end = st.clause_end(n.end)
        paren = re.compile("[（(]").search(st.text, n.end, end)
        end = paren.start() if paren else end
        nxt = st.numbers[k + 1].start if k + 1 < len(st.numbers) else len(st.text)
        return st.text[n.end:min(end, nxt)], nxt < end

    seen = 0
    for text in _texts(12, 1500) + ["12件", "，12件", "12件，", "3件（其中2件）", "(3件)5件"]:
        st = Statement(text, 0)
        assert st.lefts == [left_of(st, k) for k in range(len(st.numbers))], text
        assert st.rights == [right_of(st, k) for k in range(len(st.numbers))], text
        seen += len(st.numbers)
    assert seen > 1000


def test_first_chars_of_hand_written_not_numbers_patterns():
    """The numbers parser reads a not_numbers word's first characters with first_chars, which
    passes over a look-ahead or look-behind (it consumes nothing)."""
    import re

    from pipeline.first_chars import first_chars

    def chars(pattern):  # the characters of these tests in the class first_chars gives
        found = first_chars(re.compile(pattern))
        return None if found is None else {c for c in "一二十两次每案个" if re.fullmatch(found, c)}

    assert chars("一起(?!案)") == set("一")
    assert chars("(?<=每)一") == set("一")
    assert chars("十[一二]五|二十") == set("十二")
    assert chars("[一二]个") == set("一二")
    assert chars("(?:一|两)次") == set("一两")
    assert chars("(?:一)?次") == set("一次")  # (a match may start at 次)
    assert chars("[^一]次") is None
    assert chars("(?=一)") is None  # (may match empty)


def test_numbers_are_those_found_trying_every_not_numbers_word():
    """A not_numbers word is looked for only where the numeral starts with one of its first
    characters: the numbers found are those found trying the words at every numeral."""
    from pipeline import numbers as N

    pieces = ["一起", "案件", "一次性", "十四五", "规划", "每一件", "一批批", "一条龙", "3", "十", "一", "件", "个", "，",
              "两", "二十", "项", "万元", "约", "下降", "%", "第", "批", "某", "X", "一成不变", "五"]
    rng = random.Random(13)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))) for _ in range(4000)]
    fast = [list(N._scan(t, False)) for t in texts]
    original = N._NOT_NUMBER_FIRST
    try:
        N._NOT_NUMBER_FIRST = frozenset(N._CORE_FIRST)  # (tried at every numeral)
        plain = [list(N._scan(t, False)) for t in texts]
    finally:
        N._NOT_NUMBER_FIRST = original
    assert fast == plain
    assert sum(map(len, plain)) > 2000


def test_tables_of_a_text_without_bars_are_none():
    from pipeline.extract import breakdowns, discourse
    from pipeline.extract.scope import Scope

    text = "区县 件数\n顺庆区 5\n大气 19\n类型 水 大气\n件数 21 17"
    scope = Scope(text)
    assert breakdowns.extract_tables(text) == []
    assert breakdowns.extract_table_rows(text) == []
    assert discourse.region_table_rows(text, scope) == []
    with_bars = text.replace(" ", " | ")
    assert breakdowns.extract_tables(with_bars) and breakdowns.extract_table_rows(with_bars)


def test_counts_are_those_read_without_the_word_tests(monkeypatch):
    """A statement without category_only's words is not read for counts labelled only by a
    category, one without the categories' words gives its counts category "all" unread, and empty
    words around a number are not searched for a skip rule: the counts are those read without
    these tests."""
    from pipeline.extract import counts
    from pipeline.extract.context import Statement
    from pipeline.extract.rules import load_rules

    rules = load_rules()
    texts = _texts(14, 3000)

    def read():
        return [[(c.metric, c.category, c.start, c.end, c.rule) for c in counts.extract(Statement(t, 0))] for t in texts]

    gated = read()
    monkeypatch.setitem(vars(rules), "category_only_words", None)
    monkeypatch.setitem(vars(rules), "category_words", None)
    assert not rules.skip_empty  # (the empty words after a number are not searched for a skip)
    monkeypatch.setitem(vars(rules), "skip_empty", True)
    plain = read()
    assert gated == plain
    rules_seen = {rule for found in plain for *_, rule in found}
    assert "counts.category_split" in rules_seen
    categories = {category for found in plain for _, category, *_ in found}
    assert {"all", "common", "specific"} <= categories


def test_clause_after_is_the_next_clause_by_clause_end():
    from pipeline.extract.context import Statement

    def plain(st, pos):
        end = st.clause_end(pos)
        if end >= len(st.text) or st.text[end] in "。！？!?":
            return None
        start = end + 1
        stop = st.clause_end(start)
        if any(start <= n.start < stop for n in st.numbers):
            return None
        return st.text[start:stop], start

    rng = random.Random(16)
    found = 0
    for text in _texts(17, 1500) + ["，", "12件，", "已办结，。"]:
        st = Statement(text, 0)
        for pos in [-1, *range(len(text) + 2)]:
            assert st.clause_after(pos) == plain(st, pos), (text, pos)
            found += st.clause_after(pos) is not None
    assert found > 1000
