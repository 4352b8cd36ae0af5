"""Round 18's shortcuts of the classifier give what the plain computations give."""
import math
import struct

import numpy as np
import pytest

from pipeline.compact import _unique_counts
from pipeline.document_cues import cue_matrix, proper_name_flags
from pipeline.features import SharedSegmenter, lexicon


def _plain_matrix(columns, last):
    return np.array([list(map(float, row)) for row in zip(*columns, last.tolist())], dtype=np.float64).reshape(len(last), len(columns) + 1)


def test_cue_matrix_is_the_columns_side_by_side_bit_for_bit():
    cases = [
        ([[0.0, 1.0], [math.log1p(3), -0.0]], np.array([0.25, 1e-300])),
        ([[1.0]], np.array([0.0])),
        ([[], []], np.zeros(0)),
        ([[0.1 * k for k in range(7)] for _ in range(22)], np.linspace(0.0, 1.0, 7)),
        ([[float("inf"), 5e-324, -1.5]], np.array([1.0, 2.0, 3.0])[::-1]),  # (a strided last column)
    ]
    for columns, last in cases:
        got = cue_matrix(columns, last)
        expected = _plain_matrix(columns, last)
        assert got.shape == expected.shape == (len(last), len(columns) + 1)
        assert got.dtype == np.float64
        # the same bits, signed zeros and subnormals included
        assert struct.pack(f"{got.size}d", *got.ravel().tolist()) == struct.pack(f"{got.size}d", *expected.ravel().tolist())


def test_proper_name_flags_are_the_word_by_word_test():
    proper = frozenset({"青石镇", "北湖区", "湖南省", "张三", "长江"})
    not_proper = frozenset({"湖南省", "长江"})
    cases = [
        [],
        [[]],
        [["青石镇", "整改"], ["湖南省", "完成"], ["长江", "湖南省"], ["整改", "到位"], ["长江", "张三", "长江"]],
        [("北湖区",), ("湖南省", "北湖区"), ("。",)],  # (tuples, as the memo gives them)
    ]
    for words in cases:
        expected = [float(any(w in proper and w not in not_proper for w in ws)) for ws in words]
        assert proper_name_flags(words, proper, not_proper) == expected, words


def test_lexicon_names_that_are_no_proper_name_cue():
    lex = lexicon()
    assert lex.not_proper_names == lex.generic_place_words | lex.provinces


def test_unique_counts_sorts_an_owned_array_in_place_and_copies_otherwise():
    keys = np.array([5, 3, 5, 1, 3, 5], dtype=np.int32)
    kept = keys.copy()
    pairs, counts = _unique_counts(keys)
    assert np.array_equal(keys, kept)  # not owned: the caller's array is left as it was
    assert pairs.tolist() == [1, 3, 5] and counts.tolist() == [1, 2, 3]
    owned = keys.copy()
    pairs, counts = _unique_counts(owned, owned=True)
    assert pairs.tolist() == [1, 3, 5] and counts.tolist() == [1, 2, 3]
    for empty in (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)):
        pairs, counts = _unique_counts(empty, owned=True)
        assert len(pairs) == len(counts) == 0


class _Counting:
    """A segmenter stand-in: the tokens of a text are its characters; counts the calls."""

    def __init__(self):
        self.calls = []

    def words(self, text):
        return list(text)

    def tokens_of_each(self, texts):
        self.calls.append(list(texts))
        return [tuple(self.words(t)) for t in texts]


def test_shared_segmenter_tokens_of_each_are_its_words_as_tuples():
    inner = _Counting()
    shared = SharedSegmenter().bind(inner)
    texts = ["整改完成", "", "青石镇"]
    got = shared.tokens_of_each(texts)
    assert got == [tuple(shared.words(t)) for t in texts]
    assert inner.calls == [texts]  # one call for all the texts


@pytest.mark.parametrize("texts", [["坝下村新建污水管网3.2公里。", "坚持问题导向，压实整改责任。", "坚持问题导向，压实整改责任。"], [""]])
def test_shared_segmenter_tokens_of_each_matches_words_with_jieba(texts):
    from pipeline.segment import Segmenter

    segmenter = Segmenter("jieba")
    shared = SharedSegmenter().bind(segmenter)
    expected = [tuple(segmenter.words(t)) for t in texts]
    assert shared.tokens_of_each(texts) == expected
    with segmenter.document_scope():
        assert shared.tokens_of_each(texts) == expected
        assert [list(w) for w in shared.tokens_of_each(texts)] == [shared.words(t) for t in texts]
