"""Round 18: metadata's tests rewritten to make fewer temporary objects give the plain answers."""
import random

import pytest

from pipeline.metadata import _ADDRESSED_AFTER, _ADDRESSED_BEFORE, _named_beside


def _plain_named_beside(text, name, before, after):
    return any(b + name in text for b in before) or any(name + a in text for a in after)


HAND = [  # (text, name, expected)
    ("督察组向德州转办群众举报", "德州", True),
    ("德州日报记者报道", "德州", True),
    ("德州市召开会议，对德州", "德州", True),  # (the last occurrence, at the text's end)
    ("德州召开会议", "德州", False),
    ("向", "德州", False),
    ("", "德州", False),
    ("向德州", "德州", True),
    ("德州晚", "德州", False),
    ("下沉德德州", "德州", False),  # (下沉 not right before)
    ("下沉德州", "德州", True),
    ("州州州日报", "州州", True),  # overlapping occurrences: the second is before 日报
    ("进驻进驻进", "进驻进", True),
]


@pytest.mark.parametrize("text, name, expected", HAND)
def test_named_beside_by_hand(text, name, expected):
    assert _named_beside(text, name, _ADDRESSED_BEFORE, _ADDRESSED_AFTER) is expected
    assert _plain_named_beside(text, name, _ADDRESSED_BEFORE, _ADDRESSED_AFTER) is expected


def test_named_beside_is_the_plain_test_on_random_texts():
    rng = random.Random(18)
    alphabet = ["向", "对", "下", "沉", "进", "驻", "日", "报", "晚", "新", "闻", "网", "融", "媒", "德", "州", "市", "，"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3)))
        assert _named_beside(text, name, _ADDRESSED_BEFORE, _ADDRESSED_AFTER) == \
            _plain_named_beside(text, name, _ADDRESSED_BEFORE, _ADDRESSED_AFTER), (text, name)
