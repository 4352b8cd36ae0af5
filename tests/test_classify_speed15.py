"""Round 15's shortcuts of the classifier give what the plain computations give."""
import math
import random

import numpy as np

from pipeline.features import Lexicon, lexicon, mask_digits


def _plain_formulas_holding(lex: Lexicon, holding: dict[str, set[int]]) -> dict[int, set[int]]:
    """Every formula's keys tested one by one (the loop formulas_holding replaces)."""
    out = {}
    for i, keys in enumerate(lex.formula_keys):
        rows = [holding[key] for key in keys if key in holding]
        if rows:
            out[i] = set().union(*rows)
    return out


def test_formulas_holding_is_each_formulas_keys_tested():
    lex = lexicon()
    keys = sorted(lex.formulas_of_key)
    assert keys and set(keys) == set().union(*lex.formula_keys)
    cases = [{}, {keys[0]: {0}}, {keys[0]: {0, 2}, keys[-1]: {1}}, {"不是任何一个键": {3}},
             {key: {k} for k, key in enumerate(keys)}]
    rng = random.Random(15)
    for _ in range(200):
        cases.append({key: set(rng.sample(range(6), rng.randint(1, 3))) for key in rng.sample(keys, rng.randint(0, 12))})
    for holding in cases:
        got = lex.formulas_holding(holding)
        assert got == _plain_formulas_holding(lex, holding), holding
        for rows in holding.values():  # the caller's sets are left as they were
            assert isinstance(rows, set)
    holding = {keys[0]: {1}}
    got = lex.formulas_holding(holding)
    for rows in got.values():
        rows.add(99)
    assert holding == {keys[0]: {1}}


def test_document_cues_columns_are_the_plain_array():
    # the cues of a few hand-written documents: one float array, rows = sentences, as np.array gives it
    from pipeline.document_cues import Commonness, document_cues

    docs = [["一是全面落实整改责任。", "2023年5月关闭某县化工厂3家。"], ["确保整改到位"], ["《实施方案》印发", "", "要求各级务必高度重视"]]
    commonness = Commonness({"整改到位": 3, "全面落实": 2}, 10)
    for texts in docs:
        got = document_cues(texts, None, commonness)
        assert got.dtype == np.float64 and got.shape == (len(texts), 23)
        assert got[:, -1].tolist() == commonness.of([mask_digits(t) for t in texts]).tolist()
        assert got[:, -2].tolist() == [math.log1p(len(t)) for t in texts]


def test_cjk_count_is_the_cjk_characters_found():
    from pipeline.document_cues import cjk_count
    from pipeline.features import _CJK

    for text in ["", "abc", "整改", "整改到位。2023年a整", "\n整\n", "一丁\u9fff\u4e00\u4dff\ua000", "𠀀整改𠀁", "  确保 到位  "]:
        assert cjk_count(text) == len(_CJK.findall(text)), text


def test_finder_of_a_list_is_its_string_finder():
    from pipeline.document_cues import _finder_of, _string_finder

    strings = ["到位", "整改", "推进工作"]
    assert _finder_of(strings) is _string_finder(tuple(strings))
    assert _finder_of(strings) is _finder_of(strings)
    assert _finder_of(None) is None and _finder_of(["整改", "改"]) is None
    other = list(strings)  # an equal list of its own gets the same finder (by its strings)
    assert _finder_of(other) is _string_finder(tuple(strings))
