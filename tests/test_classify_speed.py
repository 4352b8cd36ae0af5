"""The shortcuts of the per-document cues give what the plain definitions give."""
import random

import pytest

from pipeline.document_cues import Commonness, _log_commonness
from pipeline.features import mask_digits


@pytest.mark.parametrize("table_alphabet", ["整改到位环保督察问题项目0*X", "整改到位环保督察0*X𠀀"])
def test_commonness_by_pairs_is_the_sum_of_its_terms(table_alphabet):
    # a table of 4-grams (with a character above U+FFFF or not), the same without its pair tables,
    # and texts of its characters and others (above U+FFFF too)
    rng = random.Random(5)
    grams = {"".join(rng.choice(table_alphabet) for _ in range(4)): rng.randint(2, 30) for _ in range(300)}
    grams.update({"整改到位": 40, "环保督察": 12})
    by_pairs = Commonness(grams, 100)
    plain = Commonness(grams, 100)
    plain.heads = plain.tails = None
    assert by_pairs.heads is not None
    for _ in range(300):
        alphabet = table_alphabet + "，的a\n 𠀁"
        texts = [mask_digits("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))))
                 for _ in range(rng.randint(0, 6))]
        expected = [_log_commonness(t, by_pairs.log_df, 100, by_pairs.scale) for t in texts]
        assert by_pairs.of(texts).tolist() == expected, texts
        assert plain.of(texts).tolist() == expected, texts
