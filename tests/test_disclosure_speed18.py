"""Round 18: the words of each sentence picked in one pass over the document (disclosure._sentence_words)
are the plain per-sentence pick."""
import random
from itertools import compress

import numpy as np
import pytest

from pipeline.disclosure import _sentence_words
from pipeline.features import TOKEN_PLACE, TOKEN_WORD


def _plain(token_lists, bits):
    words, at = [], 0
    for tokens in token_lists:
        words.append([t for t, b in zip(tokens, bits[at:at + len(tokens)]) if b & TOKEN_WORD])
        at += len(tokens)
    return words, [w for ws in words for w in ws]


HAND = [  # (tokens of each sentence, whether each token is a word)
    ([], []),
    ([[]], []),
    ([[], []], []),
    ([["今年"]], [1]),
    ([["，"]], [0]),
    ([["今年", "，", "全市"], ["。"], [], ["完成", "整改"]], [1, 0, 1, 0, 1, 1]),
    ([[], ["整改"], []], [1]),
    ([["，", "。"], ["，"]], [0, 0, 0]),
]


@pytest.mark.parametrize("token_lists, is_word", HAND)
def test_sentence_words_by_hand(token_lists, is_word):
    bits = np.array([TOKEN_WORD * w | TOKEN_PLACE for w in is_word], dtype=np.int64)
    tokens = [t for ts in token_lists for t in ts]
    words, flat = _sentence_words(tokens, [len(ts) for ts in token_lists], bits)
    assert (words, flat) == _plain(token_lists, bits.tolist())
    assert flat == list(compress(tokens, is_word))


def test_sentence_words_on_random_documents():
    rng = random.Random(18)
    for _ in range(500):
        token_lists = [[rng.choice("甲乙丙，。") for _ in range(rng.randint(0, 6))] for _ in range(rng.randint(0, 8))]
        tokens = [t for ts in token_lists for t in ts]
        bits = np.array([rng.choice([0, TOKEN_WORD, TOKEN_WORD | TOKEN_PLACE, TOKEN_PLACE]) for _ in tokens], dtype=np.int64)
        got = _sentence_words(tokens, [len(ts) for ts in token_lists], bits)
        assert got == _plain(token_lists, bits.tolist())
        assert len(got[0]) == len(token_lists)
