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


@pytest.mark.parametrize("pattern, safe", [
    (r"截至|到", True), (r"(?<!公)共", True), (r"共(?!性)", False), (r"办结$", False), (r"\b件", False),
    (r"\d*", False), (r"(a)?(?(1)b|c)", False), (r"属实的?(?:\d+件)?问题", True), (r"^交办", False)])
def test_prefix_safe(pattern, safe):
    from pipeline.extract.piecewise import prefix_safe

    assert prefix_safe(re.compile(pattern)) is safe


@pytest.mark.parametrize("pattern", [r"截至(?:\d{4}年)?(?:\d{1,2}月)?|到", r"属实的?(?:\d+件)?问题", r"问题|任务", r"(?<!公)共计?"])
@pytest.mark.parametrize("text", ["截至2023年5月，属实的3件问题中问题12件到期；公共问题共计5件、截至6月", "到到到", "", "属实的问题"])
def test_last_before_is_the_last_match_of_the_shorter_span(pattern, text):
    from pipeline.extract.context import last_match
    from pipeline.extract.piecewise import last_before, prefix_safe

    p = re.compile(pattern)
    assert prefix_safe(p)
    for start in range(len(text) + 1):
        matches = list(p.finditer(text, start, len(text)))
        ends = [m.end() for m in matches]
        for pos in range(start, len(text) + 1):
            found = last_before(matches, ends, pos)
            if found is False:  # a match runs across pos: the caller scans the shorter span
                assert any(m.start() < pos < m.end() for m in matches)
                continue
            plain = last_match(p, text, start, pos)
            assert (found and found.span()) == (plain and plain.span()), (start, pos)


@pytest.mark.parametrize("text", [
    "截至2023年5月底，共交办120件，办结100件。截止6月10日，已办结115件。\n截至目前，办结118件；到9月办结120件。",
    "截至2023年5月底，累计办结21件。" * 300 + "截至7月，办结30件。", "2022年工作。截至9月21日，交办3件。"])
def test_as_of_reads_a_lines_matches_as_the_index_scan(text):
    from pipeline.gazetteer import gazetteer

    s = scope.find_scope(text, gazetteer(), None, None)
    for pos in range(len(text) + 1):
        expected = s._index.last_match(scope._AS_OF, s._line_start(pos), pos)
        found = s._as_of_before(s._line_start(pos), pos)
        assert (found and found.span()) == (expected and expected.span()), pos


ZONE_PIECES = ["、", "，", "：", "；", " ", "\n", "和", "及", "涉及", "其中", "天衢新区", "高新区", "经开区", "城区", "主城区",
               "市直部门", "市直", "市辖区", "某某县", "某某镇", "某某街道", "某市", "某某乡", "5件", "共3件", "为*件", "均为2件",
               "交办3件", "问责二人", "各1件", "新疆生产建设兵团", "生产建设兵团", "第八师", "问题", "全区", "其他区", "\u3000",
               "很长很长的名字开发区", "县城区2件"]


def test_zone_matches_are_the_regex_scan_on_made_up_lists():
    import random

    rng = random.Random(14)
    texts = ["其中天衢新区5件、高新区3件，市直部门2件；某某街道：共3件\n主城区交办3件",
             "涉及新疆生产建设兵团4件、第八师2件", "A、B、C开发区和市辖区均为2件", "城区 5件", "\n县城区2件"]
    texts += ["".join(rng.choice(ZONE_PIECES) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    for text in texts:
        got = [(m.start(), m.end()) for m in scope.zone_matches(text)]
        assert got == [(m.start(), m.end()) for m in scope._ZONE.finditer(text)], text


def test_the_item_gate_is_for_the_pattern_in_use():
    # _ITEM_FIRST lists the characters _ITEM_AFTER can start with (first_chars cannot read them
    # past its ^): an edit of the pattern must revisit the set, and this table
    assert scope._ITEM_AFTER.pattern == ITEM_AFTER.pattern
    for first in scope._ITEM_FIRST:
        assert _may_be_item("某地" + first + "3件", 2) is (ITEM_AFTER.match(first + "3件") is not None)
