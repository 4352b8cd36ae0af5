"""Capability tables for the classifier's speed changes of round 12: each shortcut gives exactly
what the plain computation gives (hand-written words and sentences)."""
from __future__ import annotations

import pytest

from pipeline.features import lexicon

# words that exercise every TOKEN_* rule: places (split and whole), generic prefixes, counted numerals,
# dates, organizations, digits of several kinds (Arabic, circled, superscript), masks, title marks
WORDS = [
    "河北", "青石镇", "青石", "镇", "河", "全市", "各县", "市区", "长江", "沿河村", "我区", "流域",
    "三个", "第二批", "十大", "两项", "一些", "2023年", "5月", "今年3月", "截至", "月底前", "12:30",
    "年", "月", "日", "年底", "号", "环保局", "相关部门", "督察组", "绿源水务公司", "全县污水处理厂", "局",
    "2023", "3.5", "①", "²", "一二", "**", "X", "xX", "X市", "*", "某某", "《", "》", "《条例", "办法》",
    "，", "。", "、", " ", "(", "abc", "PM2.5", "COD", "整改", "环境", "问题", "的", "完成",
]


def _lexicon_without_memo():
    lex = lexicon()
    lex._token_memo.clear()
    lex._recent.clear()
    return lex


@pytest.mark.parametrize("words", [
    WORDS,
    [w for w in WORDS if not any(c.isdigit() for c in w)],  # no digit among the new words
    WORDS[:5],
    list(reversed(WORDS)),
])
def test_token_bits_of_is_token_bits_of_each_word(words):
    lex = lexicon()
    assert lex._token_bits_of(words) == [lex._token_bits(w) for w in words]


def test_token_flags_tuple_of_new_and_known_words():
    lex = _lexicon_without_memo()
    first = WORDS[:20]
    assert lex.token_flags_tuple(first) == tuple(lex._token_bits(w) for w in first)
    mixed = WORDS[10:] + WORDS[:10] + WORDS[10:15]  # known words, new ones, repeats
    assert lex.token_flags_tuple(mixed) == tuple(lex._token_bits(w) for w in mixed)
    assert set(mixed) <= set(lex._token_memo)
