"""Round 14 of the facts stage's speed work: each shortcut equals the plain computation it replaces."""
import re

import pytest

from pipeline.extract import scope
from pipeline.extract.scope import Mention, _enumerations, _joins, _may_be_item, _may_number_line, _visited_before

# The regexes the str tests replace, as they were written.
VISITED_BEFORE = re.compile(r"(?:进驻|下沉|赴|对|在)$")
ENUM_SEP = re.compile(r"^[、和及与]$")
ITEM_AFTER = re.compile(r"^(?:共计|共|合计|为|的为|有|达|各)?\s*[\d*X某]")


@pytest.mark.parametrize("before", ["督察组进驻", "组进驻\n", "下沉", "赴", "针对", "在", "在\n", "存在问题", "进驻了",
                                    "", "\n", "对\n\n", "驻", "进驻 "])
def test_visited_before_is_the_regex(before):
    assert _visited_before(before) is (VISITED_BEFORE.search(before) is not None)


@pytest.mark.parametrize("gap", ["、", "和", "及", "与", "、\n", "和\n", "，", "、、", "\n", "", "与其", "及\n\n", " 、"])
def test_joins_is_the_regex(gap):
    text = "甲市" + gap + "乙市"
    assert _joins(text, 2, 2 + len(gap)) is (ENUM_SEP.match(gap) is not None)


def test_joins_of_overlapping_names_is_false():
    assert _joins("甲市、乙市", 3, 2) is False


def _walked(text, mentions, i):  # the enumeration of mention i as it was found before: walked both ways
    lo = hi = i
    while lo > 0 and ENUM_SEP.match(text[mentions[lo - 1].end:mentions[lo].start]):
        lo -= 1
    while hi + 1 < len(mentions) and ENUM_SEP.match(text[mentions[hi].end:mentions[hi + 1].start]):
        hi += 1
    return list(range(lo, hi + 1)) if hi > lo else []


@pytest.mark.parametrize("text", ["甲市、乙市和丙市均为3件，丁县5件", "甲市5件。乙市、丙市各2件、丁县与戊县", "甲市", "",
                                  "甲市、乙市\n丙市及丁市、戊市"])
def test_enumerations_are_the_walk_from_each_mention(text):
    mentions = [Mention(m.group(), m.start(), m.end(), None, False) for m in re.finditer("[甲乙丙丁戊][市县]", text)]
    assert _enumerations(text, mentions) == [_walked(text, mentions, i) for i in range(len(mentions))]


@pytest.mark.parametrize("after", ["390件", "共计14件", "共 14件", "的为73件", "为*件", "X件", "某件", "（含下辖区）25件",
                                   "(其中1件)为3件", "（未办结）", "交办3件", "", " 5件", "\n5件", "各1件", "问题3件",
                                   "（" + "很长的一段括注" * 6 + "）5件", "３件"])
def test_may_be_item_is_the_regex(after):
    text = "太原市" + after
    assert _may_be_item(text, 3) is (ITEM_AFTER.match(scope._ASIDE.sub("", text[3:43])) is not None)


@pytest.mark.parametrize("line", ["", "一、", "（二）", "(3)", "12.", "  一、", "\u3000（一）", "关于", "督察组", "\t", "3", "１、"])
def test_number_line_gate_lets_every_label_and_heading_through(line):
    # the gate may let through lines that are no label, never a label or heading it would miss
    if scope._PARAGRAPH_LABEL.match(line) or scope._HEADING.match(line):
        assert line == "" or _may_number_line(line[0])
    if line and not _may_number_line(line[0]):
        assert not scope._PARAGRAPH_LABEL.match(line) and not scope._HEADING.match(line)


def test_find_scope_kinds_on_hand_written_lines():
    from pipeline.gazetteer import gazetteer

    text = "一、合肥市\n督察组进驻安徽省期间，共交办信访件120件，其中合肥市20件、芜湖市15件。\n芜湖市：办结10件。\n宿州市和亳州市均为3件。"
    kinds = [(m.name, m.kind, m.group) for m in scope.find_scope(text, gazetteer(), None, None).mentions]
    assert kinds == [("合肥市", "heading", ()), ("安徽省", "inert", ()), ("合肥市", "item", ()), ("芜湖市", "item", ()),
                     ("芜湖市", "label", ()), ("宿州市", "inert", ()), ("亳州市", "subject", ("宿州市", "亳州市"))]
