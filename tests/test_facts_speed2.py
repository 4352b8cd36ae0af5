"""Shortcuts of the facts stage added for speed (second round) give the answers of the plain computation."""
from __future__ import annotations

import random

from pipeline.extract.rules import load_rules

RULES = load_rules()


def test_any_topic_matches_where_some_topic_pattern_matches():
    pieces = ["信访", "举报", "投诉", "来信来电", "交办件", "转办", "属实的", "3件", "问题", "任务", "整改事项",
              "反馈意见", "治理项目", "建设项目", "项目", "会议", "简报", "点位", "已", "办结", "共", "，", "12", "个"]
    rng = random.Random(7)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(2000)]
    for text in texts:
        for end in range(len(text) + 1):
            named = any(p.search(text[:end]) for p in RULES.topics.values())
            assert (RULES.any_topic.search(text[:end]) is not None) == named, text[:end]


def test_link_only_texts_are_the_matches_of_link_only():
    from pipeline.extract.counts import _LINK_ONLY, _LINK_ONLY_TEXTS

    pieces = ["达", "到", "为", "共", "计", "合", "累", "总", "有", "均", "多", "高", "\n", "，", "件", " "]
    rng = random.Random(11)
    texts = {"".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))) for _ in range(20000)} | _LINK_ONLY_TEXTS
    for text in texts:
        assert (_LINK_ONLY.match(text) is not None) == (text in _LINK_ONLY_TEXTS), repr(text)


def test_ruled_units_are_the_units_with_some_rule():
    for unit in [None, "%", "万元", "元", "年", *RULES.count_units, *RULES.by_unit]:
        assert (unit in RULES.ruled_units) == any(RULES.sides(unit)), unit
