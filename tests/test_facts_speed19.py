"""Round 19 of the facts stage's speed work: each shortcut equals the plain computation it replaces."""
import copy
import dataclasses
import pickle

from pipeline.numbers import Number, find_numbers, parse_number


def test_parsed_numbers_are_numbers_built_by_their_constructor():
    """A Number the parser makes (its fields written into its own dict) is the Number its
    constructor makes of the same fields: equal, same hash, repr and attributes in the same order,
    frozen, and copied, pickled and replaced as one."""
    texts = ["共受理信访件3-5件，约3000人，下降了21.74%，二十六项，13.5万余件", "近3年办结*项、XX件，60%以上",
             "罚款10.20亿元，三成，百分之百，增长5个百分点", "整改任务1,234项，超过200人，2021年"]
    seen = 0
    for text in texts:
        for n in find_numbers(text):
            built = Number(n.value, n.unit, n.approx, n.redacted, n.start, n.end, n.value_high, n.sign)
            assert n == built and hash(n) == hash(built) and repr(n) == repr(built), (n, built)
            assert list(vars(n).items()) == list(vars(built).items())
            assert pickle.loads(pickle.dumps(n)) == n and copy.copy(n) == n
            assert dataclasses.replace(n, unit="个") == dataclasses.replace(built, unit="个")
            try:
                n.value = 0
            except dataclasses.FrozenInstanceError:
                pass
            else:
                raise AssertionError("a parsed Number must stay frozen")
            seen += 1
    assert seen >= 15
    assert parse_number("3-5个") == Number(3.0, "个", False, False, 0, 4, 5.0, 0)
    assert parse_number("约3000人") == Number(3000.0, "人", True, False, 0, 6, None, 0)


def test_scan_lists_the_numbers_in_order_and_stops_after_the_first_when_asked():
    """`_scan` returns every number of a text in order; asked for the first only, the first of
    them (what parse_number answers); a text without a number gives none."""
    from pipeline import numbers

    assert [(n.value, n.unit, n.start, n.end) for n in find_numbers("交办120件，办结115件，问责3人")] == \
        [(120.0, "件", 2, 6), (115.0, "件", 9, 13), (3.0, "人", 16, 18)]
    assert find_numbers("十四五规划，唯一一家") == [Number(1.0, "家", False, False, 8, 10, None, 0)]
    for text in ["交办120件，办结115件", "约3000人", "没有数字", "", "十", "二十六项、三成", "近3年下降21.74%"]:
        for lone in (False, True):
            every = numbers._scan(text, lone)
            assert numbers._scan(text, lone, True) == every[:1], text
        assert parse_number(text) == (numbers._scan(text, True)[:1] or [None])[0]
        assert find_numbers(text) == numbers._scan(text, False)
