"""Round 22 (issue 12): the shortcuts of the facts stage give what the plain computation gives."""
from __future__ import annotations

import bisect
import random
from decimal import Decimal

from pipeline import numbers
from pipeline.extract import context
from pipeline.extract.context import Statement

_core_value = numbers._core_value.__wrapped__  # (the function itself, not its cache)


def _general(core: str):
    """_core_value by its general path (marks, masks, full-width digits, _arabic_value / _chinese_value)."""
    approx = numbers._APPROX_MARK.search(core) is not None
    if core == numbers._SOME_WORD or numbers._HAS_MASK.search(core) is not None:
        return None, True, approx, None
    plain = numbers._APPROX_MARK.sub("", core).translate(numbers._FULL_WIDTH)
    value = numbers._arabic_value(plain) if plain[0].isdigit() else numbers._chinese_value(plain)
    return None if value is None else (value, False, approx, float(value * numbers._ONE))


def _same(a, b) -> bool:
    """Equal, and each Decimal written the same (its exponent too), each float the same bits."""
    if a is None or b is None:
        return a is b
    return all(type(x) is type(y) and (str(x) == str(y) if isinstance(x, Decimal) else x == y) for x, y in zip(a, b))


def test_plain_decimal_and_thousands_cores_read_as_the_general_path():
    rows = ["21.74", "3.5", "0.5", "0.0", "0.000", "007.50", "10.20", "100.00", "1,234", "12,345,678",
            "1,234.5", "999,999,999,999,999", "123456789012345.678", "99999999999999999.9", "1.00000000000000001"]
    for core in rows:
        assert _same(_core_value(core), _general(core)), core
    # cores the shortcut leaves to the general path (too many digits, masks, marks, magnitudes)
    for core in ["1234567890123456789.5", "1,234,567,890,123,456,789", "1*.5", "*.*", "3.5万", "13万2",
                 "1亿2000万", "3余万", "２１.７", "二十六", "十三点五万", "XX", "1.2.3"]:
        want = _general(core) if core != "1.2.3" else _core_value(core)
        assert _same(_core_value(core), want), core


def test_generated_ascii_cores_read_as_the_general_path():
    rng = random.Random(22)
    checked = 0
    for _ in range(20000):
        whole = str(rng.randrange(10 ** rng.randrange(1, 20)))
        if rng.random() < 0.3:  # thousands commas
            whole = f"{int(whole):,}"
        core = whole
        if rng.random() < 0.7:
            core += "." + "".join(rng.choice("0123456789") for _ in range(rng.randrange(1, 8)))
        if rng.random() < 0.05:
            core = "0" * rng.randrange(1, 3) + core
        assert _same(_core_value(core), _general(core)), core
        checked += 1
    assert checked == 20000


def test_the_module_level_bisect_left_is_the_library_one():
    assert context.bisect_left is bisect.bisect_left


def test_clauses_and_words_beside_numbers_are_those_of_a_plain_scan():
    text = "交办信访件120件，已办结115件；其中，贵阳市60件、遵义市45件。立案处罚24家，罚款300万元"
    st = Statement(text, 0)
    breaks = [i for i, c in enumerate(text) if c in context.CLAUSE_SEP]
    for pos in range(len(text) + 1):
        starts = [b + 1 for b in breaks if b < pos]
        assert st.clause_start(pos) == (pos if pos <= 0 else (starts[-1] if starts else 0)), pos
        ends = [b for b in breaks if b >= pos]
        assert st.clause_end(pos) == (pos if pos >= len(text) else (ends[0] if ends else len(text))), pos
    previous_end = 0
    for k, n in enumerate(st.numbers):
        starts = [b + 1 for b in breaks if b < n.start]
        assert st.lefts[k] == text[max(starts[-1] if starts else 0, previous_end):n.start]
        previous_end = n.end
    assert [st.left_of(k) for k in range(len(st.numbers))] == ["交办信访件", "已办结", "其中，贵阳市"[3:], "、遵义市",
                                                               "立案处罚", "罚款"]


def test_numbers_read_the_character_before_them_as_a_slice_would():
    # a qualifier or 百分之 right before the core, a direction word before the expression, the
    # text's start, a line break: (value, unit, approx, redacted, start, end, value_high, sign)
    # as 3db5676 read them with slices (the same on 20,000 random compositions of these pieces)
    rows = {
        '约3000人': [(3000.0, '人', True, False, 0, 6, None, 0)],
        '3000人': [(3000.0, '人', False, False, 0, 5, None, 0)],
        '下降21.74%': [(21.74, '%', False, False, 2, 8, None, -1)],
        '增长百分之五': [(5.0, '%', False, False, 2, 6, None, 1)],
        '共交办信访件超过200件，同比下降3.5%': [(200.0, '件', True, False, 6, 12, None, 0), (3.5, '%', False, False, 17, 21, None, -1)],
        '第十五批': [(15.0, '批', False, False, 1, 4, None, 0)],
        '近3年': [(3.0, '年', False, False, 1, 3, None, 0)],
        '同比下降了12.5%': [(12.5, '%', False, False, 5, 10, None, -1)],
        '较上年增长1,234.5万元': [(12345000.0, '元', False, False, 5, 14, None, 1)],
        '约*项': [(None, '项', True, True, 0, 3, None, 0)],
        '达到百分之百': [(100.0, '%', False, False, 2, 6, None, 0)],
        '3-5个': [(3.0, '个', False, False, 0, 4, 5.0, 0)],
        '\n下降5件': [(5.0, '件', False, False, 3, 5, None, -1)],
        '其中超过1,000人': [(1000.0, '人', True, False, 2, 10, None, 0)],
    }
    for text, want in rows.items():
        got = [(n.value, n.unit, n.approx, n.redacted, n.start, n.end, n.value_high, n.sign)
               for n in numbers._scan(text, False)]
        assert got == want, (text, got)
