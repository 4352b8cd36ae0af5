"""The shortcuts of the per-document cues give what the plain definitions give."""
import random
import re

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
        assert by_pairs.of(texts, _nul_joined(texts)).tolist() == expected, texts


def _nul_joined(texts):
    """The `nul_joined` arguments of Commonness.of: the texts' code points joined by NULs, and per place its text."""
    import numpy as np

    codes = np.array([ord(c) for c in "\x00".join(texts)], dtype=np.int64)
    return codes, (codes == 0).cumsum()


def test_commonness_of_texts_joined_by_nuls_in_a_table_of_cases():
    # 4-grams over two texts are not counted; texts shorter than a 4-gram give 0.0
    grams = {"整改到位": 40, "环保督察": 12, "改到位环": 30, "到位环保": 7}
    common = Commonness(grams, 100)
    for texts in (["整改到位环保督察"], ["整改到位", "环保督察"], ["整改", "到位环保督察"], ["整改到", "位环保"],
                  ["整改到位环保督察整改到位", "", "环"], ["整改到位 ", " 环保督察"]):
        expected = [_log_commonness(t, common.log_df, 100, common.scale) for t in texts]
        assert common.of(texts, _nul_joined(texts)).tolist() == expected == common.of(texts).tolist(), texts


def test_token_flags_of_the_last_tokens_are_reused_only_for_the_same_tokens():
    from pipeline.features import lexicon

    lex = lexicon()
    words = ["青石", "镇", "2023", "年", "整改"]
    first = lex.token_flags(words)
    assert first == [lex._token_bits(w) for w in words]
    words[0] = "《"  # the caller's list changed after the call: not the tokens asked about before
    assert lex.token_flags(words) == [lex._token_bits(w) for w in words]
    other = ["整改", "年", "2023", "镇", "青石"]
    assert lex.token_flags(other) == [lex._token_bits(w) for w in other]
    assert lex.token_flags(list(other)) == [lex._token_bits(w) for w in other]


def test_jiebas_dictionary_is_found_without_importing_jieba():
    import os
    import subprocess
    import sys

    code = ("import sys; from pipeline.features import _jieba_dictionary, proper_name_lexicon; "
            "p = _jieba_dictionary(); assert proper_name_lexicon(); print(p); print('jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    import jieba

    assert out[0] == os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    assert out[1] == "False"


def test_mask_digits_pattern_is_the_plain_one():
    from pipeline.features import _DIGITS

    plain = re.compile(r"\d+(?:\.\d+)?")
    rng = random.Random(9)
    for _ in range(3000):
        text = "".join(rng.choice("0123456789１.a中 ") for _ in range(rng.randint(0, 25)))
        assert _DIGITS.sub("0", text) == plain.sub("0", text), text


def test_compact_converts_a_documents_texts_in_one_call():
    from functools import partial

    from pipeline.compact import _WHITE_SPACES, _each
    from pipeline.features import mask_digits

    rng = random.Random(11)
    for _ in range(2000):
        texts = ["".join(rng.choice("12.3 \t\u3000中a\n\x00") for _ in range(rng.randint(0, 12)))
                 for _ in range(rng.randint(1, 5))]
        assert _each(mask_digits, texts, "\n") == [mask_digits(t) for t in texts], texts
        collapse = partial(_WHITE_SPACES.sub, " ")
        assert _each(collapse, texts, "\x00") == [collapse(t) for t in texts], texts


def test_covered_is_the_size_of_the_union_of_spans():
    import random

    from pipeline.document_cues import _covered

    rng = random.Random(5)
    for _ in range(2000):
        spans = []
        for _ in range(rng.randint(0, 6)):
            s = rng.randint(0, 30)
            spans.append((s, s + rng.randint(1, 8)))
        assert _covered(spans) == len(set().union(*(range(s, e) for s, e in spans))), spans


def test_rows_holding_finds_every_sentence_holding_each_string():
    import random
    import re

    from pipeline.document_cues import DocumentText

    rng = random.Random(9)
    strings = ["ab", "ba", "bc", "cab", "dd"]  # overlapping, none holding another
    pattern = re.compile("|".join(strings))
    for _ in range(500):
        texts = ["".join(rng.choice("abcd") for _ in range(rng.randint(0, 9))) for _ in range(rng.randint(0, 6))]
        expected = {s: {k for k, t in enumerate(texts) if s in t} for s in strings}
        got = DocumentText(texts).rows_holding(pattern)
        assert {s: got.get(s, set()) for s in strings} == expected, texts


def test_formula_keys_stand_for_the_formulas_strings():
    from pipeline.features import lexicon

    lex = lexicon()
    assert lex.formula_keys is not None and len(lex.formula_keys) == len(lex.formulas)
    keys = set(lex.cue_literals.pattern.split("|"))
    for needed, own in zip(lex.formula_required, lex.formula_keys):
        assert own <= keys
        for s in needed:  # a text holding one of the formula's strings holds one of its keys
            assert any(k in s for k in own), (s, own)


def test_token_flags_array_is_the_flags_of_these_tokens():
    import numpy as np

    from pipeline.features import lexicon

    lex = lexicon()
    first, second = ["南屏县", "2023", "年", "，", "整改"], ["《", "方案", "》", "完成"]
    a = lex.token_flags_array(first)
    assert a.tolist() == lex.token_flags(first) and not a.flags.writeable
    assert lex.token_flags_array(list(first)) is a  # the same tokens again: the same array
    b = lex.token_flags_array(second)
    assert b.tolist() == lex.token_flags(second)
    lex.token_flags_tuple(first)  # another list asked about in between
    assert lex.token_flags_array(second).tolist() == lex.token_flags(second)
    assert lex.token_flags_array(["镇"]).tolist() == lex.token_flags(["镇"])
    assert lex.token_flags_array([]).tolist() == [] and isinstance(lex.token_flags_array([]), np.ndarray)


def test_token_bits_of_many_words_are_each_words_bits():
    from pipeline.features import lexicon

    lex = lexicon()
    words = ["青石", "镇", "青石镇", "全市", "各县", "北京", "长江", "流域", "河", "2023", "２０２３", "²", "①", "*",
             "XX", "x", "X市", "*X", "《", "》", "《条例", "办法》", "三个", "第二批", "十大", "2023年", "3月", "年",
             "月底", "某公司", "环保局", "东方化工厂", "有关部门", "12:30", "a", " ", "，", "𠀀", "整改", "截至", "本月",
             "第一", "一二三", "我区", "沿河", "县区", "5", "X", "PM2.5", "有限公司"]
    assert lex._token_bits_of(words) == [lex._token_bits(w) for w in words]
    assert lex._token_bits_of(words[:2]) == [lex._token_bits(w) for w in words[:2]]  # few: one by one
    assert lex._token_bits_of(["整改", "落实\n到位", "镇", "市"]) == [lex._token_bits(w) for w in ["整改", "落实\n到位", "镇", "市"]]


def test_rows_holding_strings_is_rows_holding():
    import random

    from pipeline.document_cues import DocumentText, _string_finder
    from pipeline.features import _strings_regex

    strings = ("整改", "到位", "落实到", "推进工作", "𠀀改", "改𠀁")  # none holds another
    finder = _string_finder(strings)
    regex = _strings_regex([frozenset(strings)])
    rng = random.Random(7)
    alphabet = "整改到位落实推进工作，。𠀀𠀁a1"
    for _ in range(300):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 15))) for _ in range(rng.randint(1, 5))]
        assert DocumentText(texts).rows_holding_strings(finder) == DocumentText(texts).rows_holding(regex), texts
    assert _string_finder(("整改", "改")) is None and _string_finder(("整\n改", "到位")) is None


def test_tfidf_with_32_bit_keys_is_numpys_unique():
    import numpy as np

    from pipeline.compact import _tfidf, _unique_counts

    rng = np.random.default_rng(3)
    for _ in range(50):
        rows = np.sort(rng.integers(0, 6, rng.integers(0, 40)))
        cols = rng.integers(0, 9, len(rows))
        pairs, counts = np.unique(rows * 9 + cols, return_counts=True)
        got = _unique_counts((rows * 9 + cols).astype(np.int32))
        assert got[0].tolist() == pairs.tolist() and got[1].tolist() == counts.tolist()
        idf = rng.random(9) + 1.0
        r, c, v = _tfidf(rows, cols, 6, idf)
        pr, pc = np.divmod(pairs, 9)
        val = (np.log(counts) + 1.0) * idf[pc]
        norm = np.sqrt(np.bincount(pr, weights=val * val, minlength=6))
        assert r.tolist() == pr.tolist() and c.tolist() == pc.tolist() and (v == val / norm[pr]).all()


def test_row_sums_are_the_plain_gather_and_product():
    import numpy as np

    from pipeline.compact import _row_sums

    rng = np.random.default_rng(4)
    coef = rng.standard_normal((7, 5))
    rows = np.array([0, 0, 0, 2, 2, 3])
    cols = np.array([1, 4, 6, 0, 1, 6])
    vals = rng.random(6)
    expected = np.zeros((4, 5))  # the plain form: fancy indexing, then a product
    expected[[0, 2, 3]] = np.add.reduceat(coef[cols] * vals[:, None], [0, 3, 5], axis=0)
    assert _row_sums(rows, cols, vals, coef, 4).tolist() == expected.tolist()


def test_token_flags_of_recent_token_lists_are_reused_and_bounded():
    from pipeline import features
    from pipeline.features import lexicon

    lex = lexicon()
    lex._recent.clear()
    lists = [[f"第{i}号", "整改", "青石", "镇"] for i in range(features.RECENT_TOKEN_LISTS)]
    arrays = [lex.token_flags_array(words) for words in lists]
    for words, array in zip(lists, arrays):  # asked again, a task's documents apart: the same array
        assert lex.token_flags_array(list(words)) is array
        assert lex.token_flags_tuple(words) == tuple(lex._token_bits(w) for w in words) == tuple(array.tolist())
    lex.token_flags_tuple(["新", "的", "词"])  # one more: the oldest goes
    assert len(lex._recent) == features.RECENT_TOKEN_LISTS
    assert lex.token_flags_array(lists[0]) is not arrays[0]
    assert lex.token_flags_array(lists[0]).tolist() == arrays[0].tolist()


def test_string_rules_flags_are_each_sentences_search():
    # the rules read from the strings found with the formulas' (document_cues.rule_flags): plain
    # ones (their strings alone) and ones searched in the sentences holding a string; strings
    # inside a formula's (全体 in 健全体系, 书记 in 习近平总书记) and a rule's string without its match (反映)
    import numpy as np

    from pipeline.document_cues import Commonness, document_cues
    from pipeline.features import CUE_NAMES, lexicon

    lex = lexicon()
    assert {"generic_scope", "finding", "reported_event", "person_title"} <= set(lex.string_rules)
    assert lex.plain_rules == {"generic_scope", "reported_event", "person_title"}
    texts = ["建立健全体系，全体干部参加。", "学习习近平总书记讲话", "县委书记主持召开会议", "群众反映的问题经核实属实",
             "群众反映噪声扰民", "各级各部门要高度重视", "据了解，该厂已完成整改", "经查，反映情况不属实", "",
             "近日记者获悉", "督察组进驻后", "镇长和负责人到场", "一切从实际出发", "反映\n属实"]
    rules = {"generic_scope": lex.generic_scope, **lex.markers}
    for doc in (texts, texts[::-1], texts[3:5], [t for t in texts if "反映" in t]):
        got = document_cues(doc, None, Commonness({}, 0))
        for name, pattern in rules.items():
            column = got[:, CUE_NAMES.index(name)]
            assert column.tolist() == [float(bool(pattern.search(t))) for t in doc], (name, doc)
    assert np.array_equal(document_cues(texts, None, Commonness({}, 0))[:, CUE_NAMES.index("finding")],
                          [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0])


def test_string_finder_places_in_a_table_of_cases():
    # a pair that is a string is kept; a pair that only begins longer strings, only where its third
    # character goes on one of them (then the strings are compared: a place may begin none)
    import numpy as np

    from pipeline.document_cues import _string_finder

    finder = _string_finder(("整改", "推进工作", "推进有力", "落实到位"))
    for text, places in (("推进了整改，推进工作", [3, 6]), ("全面落实", []), ("落实到", [0]), ("推进有", [0]),
                         ("整改", [0]), ("推进", []), ("", []), ("整整改改", [1]), ("落实到位落实", [0])):
        codes = np.array([ord(c) for c in text], dtype=np.int64)
        assert finder.places(codes).tolist() == places, text
