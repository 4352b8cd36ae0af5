"""Shortcuts of the facts stage added for speed give the answers of the plain computation."""
from __future__ import annotations

import random
from pathlib import Path

from pipeline.extract import scope
from pipeline.extract.rules import load_rules

RULES = load_rules()
FIXTURES = sorted(Path(__file__).parent.joinpath("fixtures").glob("facts_*.txt"))


def _texts(pieces: list[str], seed: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in FIXTURES]
    texts += [s for ex in RULES.examples.values() for kind in ("pos", "neg") for s in ex[kind]]
    rng = random.Random(seed)
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 60))) for _ in range(400)]
    return texts


def _spans(matches) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in matches]


def test_zone_matches_are_those_of_the_zone_pattern():
    pieces = ["、", "，", "：", "；", " ", "\n", "和", "及", "与", "涉及", "其中", "中", "新疆", "生产建设兵团", "兵团",
              "高新区", "经开区", "开发区", "示范区", "城区", "主城区", "市直部门", "县", "区", "镇", "街道", "市", "乡",
              "东", "西", "南湖", "金水", "其余", "全", "共", "为", "各", "均为", "交办", "办结", "3", "12", "*", "件", "一"]
    for text in _texts(pieces, 5):
        assert _spans(scope.zone_matches(text)) == _spans(scope._ZONE.finditer(text)), text


def test_skipped_by_is_the_first_not_counted_rule_that_applies():
    """The alternations of the not_counted rules only tell when none applies: the rule found is
    the first one, tried one by one, that excludes the number."""
    from pipeline.extract.counts import skipped_by

    def plain(left: str, right: str, unit: str | None) -> str | None:
        for s in RULES.skips:
            if ((s.left and s.left.search(left)) or (s.right and s.right.search(right))) \
                    and (s.units is None or unit in s.units):
                return s.id
        return None

    pieces = ["重点关注", "重点交办", "案件", "共", "为", "属实", "不属实", "的", "问题", "报告", "办理报告", "合计",
              "市州", "县区", "督察组", "单位", "交办", "信访件", "，", "了"]
    texts = _texts(pieces, 13)
    units = [None, "件", "人", "个", "%", "家次"]
    found = set()
    for left, right in zip(texts, texts[1:] + texts[:1]):
        for cut in (left, left[-8:], right[:6]):
            for unit in units:
                expected = plain(cut, right, unit)
                assert skipped_by(cut, right, unit) == expected, (cut, right, unit)
                found.add(expected)
    assert found == {None} | {s.id for s in RULES.skips}


def test_cjk_spaces_are_where_the_space_pattern_matches():
    for text in _texts(["中", "文", " ", "  ", "a", "1", "，", "\n", "\u3000", "区"], 17) + [" 中 文 ", "中 文 字 a 中"]:
        assert scope.cjk_spaces(text) == [m.start() for m in scope._CJK_SPACE.finditer(text)], text


def test_facts_are_built_with_the_fields_in_facts_order():
    """extract._to_facts passes a fact's fields by position: Fact's field order is that one."""
    from dataclasses import fields

    from pipeline.records import Fact

    assert [f.name for f in fields(Fact)][:16] == [
        "metric", "category", "value", "unit", "approx", "redacted", "evidence", "char_start", "char_end",
        "value_high", "extractor", "rule", "subject_region", "subject_region_code", "as_of", "basis"]


def test_candidates_are_built_with_the_fields_in_candidates_order():
    """counts._read_number passes a candidate's fields by position."""
    from dataclasses import fields

    from pipeline.extract.facts import Candidate

    assert [f.name for f in fields(Candidate)][:10] == [
        "metric", "category", "number", "start", "end", "value", "extractor", "value_high", "label_end", "rule"]


def test_a_text_with_a_breakdown_mode_holds_a_mode_cue_word():
    """breakdowns.extract reads no mode in a statement where `mode_cue` finds nothing."""
    from pipeline.extract.breakdowns import _mode

    pieces = ["涉及", "涉", "大气", "水", "污染", "类型", "按", "行业", "分布", "地区", "属实", "批次", "各市", "问题",
              "反映问题分析", "要素", "12件", "，", "统计", "区域", "地", "市", "州"]
    texts = _texts(pieces, 19)
    cued = 0
    for text in texts:
        if RULES.mode_cue.search(text) is None:
            assert _mode(text) is None, text
        else:
            cued += 1
    assert 0 < cued < len(texts)
