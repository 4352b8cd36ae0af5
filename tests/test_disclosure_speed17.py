"""Round 17: the run-level 4-grams (rescore.sentence_grams) from the window hashes the
disclosure measures computed are the plain computation's."""
import random

import numpy as np
import pytest

from pipeline.disclosure import BoilerplateReference, measure_document_hashed, measure_document_windows
from pipeline.rescore import gram_hash, sentence_grams


class SpaceSegmenter:
    def words(self, text):
        return text.split()


def _documents():
    rng = random.Random(17)
    vocabulary = ["今年", "全市", "完成", "整改", "任务", "，", "。", "督察", "问题", "12", "《", "方案", "》", "加强"]
    hand = [[], [""], ["整改"], ["今年 全市 完成"], ["今年 全市 完成 整改"], ["今年 ， 全市 。 完成 整改"],
            ["今年 全市 完成 整改 任务", "好", "", "整改 任务 全部 完成", "今年 全市 完成 整改 今年 全市 完成 整改"],
            ["一 二", "三 四 五", "六", "七 八 九 十 十一 十二 十三 十四 十五 十六 十七"]]
    drawn = [[" ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 14))) for _ in range(rng.randint(1, 12))]
             for _ in range(60)]
    return hand + drawn


def _plain_grams(words):
    """Per sentence: its words, and its distinct 4-gram hashes in ascending order."""
    return [(len(ws), sorted({gram_hash(tuple(ws[i:i + 4])) for i in range(len(ws) - 3)})) for ws in words]


REFERENCES = [BoilerplateReference(set(), "none", 1),
              BoilerplateReference({("今年", "全市", "完成", "整改"), ("督察", "问题", "12", "方案")}, "two", 3)]


@pytest.mark.parametrize("reference", REFERENCES)
def test_sentence_grams_from_the_measures_windows_are_the_plain_ones(reference):
    for sentences in _documents():
        scores, words, hashes, fours = measure_document_windows(sentences, SpaceSegmenter(), reference)
        assert fours is not None and fours.dtype == np.uint64
        assert (scores, words) == tuple(measure_document_hashed(sentences, SpaceSegmenter(), reference)[:2])
        fast, plain, by_words = sentence_grams(words, hashes, fours), sentence_grams(words), sentence_grams(words, hashes)
        for a, b, c in zip(fast, plain, by_words):
            assert a.dtype == b.dtype and a.tolist() == b.tolist() == c.tolist(), sentences
        n_words, sizes, grams = fast
        at, expected = 0, _plain_grams(words)
        for k, (count, per_sentence) in enumerate(expected):
            assert n_words[k] == count and grams[at:at + sizes[k]].tolist() == per_sentence
            at += sizes[k]


def test_another_kind_of_reference_leaves_the_4_grams_to_rescore():
    class Everything(BoilerplateReference):
        def has_boilerplate(self, words):
            return True

    sentences = ["今年 全市 完成 整改 任务", "整改 任务"]
    scores, words, hashes, fours = measure_document_windows(sentences, SpaceSegmenter(), Everything(set(), "all", 1))
    assert fours is None and scores["boilerplate_share"] == 5 / 7  # (a sentence of 4+ words)
    assert [a.tolist() for a in sentence_grams(words, hashes, fours)] == [a.tolist() for a in sentence_grams(words)]
