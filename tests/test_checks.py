"""Consistency checks over a document's facts."""
from pipeline.extract import extract_facts
from pipeline.extract.checks import consistency_checks
from pipeline.normalize import clean, normalized


def checks(text):
    text = clean(text)
    return [(c.check, c.expected, c.found, c.passed, c.note) for c in consistency_checks(extract_facts(normalized(text), text))]


def test_tasks_add_up():
    assert checks("涉及我县问题共20项，已完成整改17项，其余3项正在推进。") == [
        ("tasks completed + incomplete = total [all]", 20, 20, True, None)]


def test_tasks_that_do_not_add_up_fail():
    assert checks("涉及我县问题共20项，已完成整改15项，其余3项正在推进。") == [
        ("tasks completed + incomplete = total [all]", 20, 18, False, None)]


def test_closed_cannot_exceed_assigned():
    assert checks("督察组交办的40件信访件，已办结38件，阶段性办结4件。") == [
        ("petitions closed + partially closed <= assigned", 40, 42, False, None)]


def test_pollution_types_above_the_total_are_a_note():
    got = checks("督察组交办信访件10件。按污染类型统计：大气6件，噪声5件。")
    assert got == [("pollution-type breakdown sums to assigned", 10, 11, True,
                    "sum above total: types may be multi-label")]


def test_pollution_types_below_the_total_fail():
    got = checks("督察组交办信访件10件。按污染类型统计：大气6件，噪声2件。")
    assert got == [("pollution-type breakdown sums to assigned", 10, 8, False, None)]
