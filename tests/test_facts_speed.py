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
