"""The shortcuts of the classifier (round 11) give what the plain computations give."""
import random
import re

import numpy as np

from pipeline.features import lexicon


def test_a_patterns_use_is_found_once_and_is_what_first_chars_gives():
    from pipeline import document_cues as dc
    from pipeline.first_chars import fast_search, lead_run_search
    from pipeline.prefilter import LazyPattern

    lex = lexicon()
    patterns = [lex.organization, lex.any_measure, lex.generic_scope, lex.heading, re.compile("已(经)?完成|(给予|作出).{0,3}处分"),
                re.compile("(?<=甲)乙"), LazyPattern("整改(到位|完成)")]
    for pattern in patterns:
        found = dc._use_of(pattern)
        assert found[0] is pattern and dc._use_of(pattern) is found  # found once
        compiled = pattern.compiled if isinstance(pattern, LazyPattern) else pattern
        helper = fast_search(compiled)
        assert (found[1] == pattern.search) if helper is None else (found[1].__qualname__ == helper.__qualname__)
        assert found[2] == dc.is_local(pattern.pattern)
        assert found[3] == (isinstance(pattern, re.Pattern) and lead_run_search(pattern) is not None)
        for text in ("各地已完成整改到位，给予处分。", "甲乙丙县生态环境局", "（三）IV类水体12.5吨", ""):
            m, expected = found[1](text, 0), compiled.search(text)
            assert (m and m.span()) == (expected and expected.span()), (pattern.pattern, text)
    assert dc._use_of(lex.heading)[2] is False and dc._use_of(lex.generic_scope)[1] == lex.generic_scope.search
    assert dc._use_of(lex.organization)[3] is True


def test_the_use_memo_holds_its_pattern_and_is_bounded():
    from pipeline import document_cues as dc

    kept = re.compile("甲乙")
    assert dc._use_of(kept)[0] is kept
    for i in range(dc._USES_LIMIT + 5):  # patterns that come and go: the memo is cleared past its limit
        dc._use_of(re.compile(f"丙{i}"))
    assert len(dc._USES) <= dc._USES_LIMIT + 1
    assert dc._use_of(kept)[0] is kept


def test_place_cue_of_hand_made_sentences():
    lex = lexicon()
    lists = [
        ["青石", "镇", "整改"],  # a split place name
        ["整改", "青石"],  # a name, no suffix after it
        ["青石"], ["镇", "完成"],  # the two halves in two sentences: no place in either
        ["广东", "推进"],  # a province
        ["城区", "镇"],  # a generic word before the suffix
        [], ["河"], ["北京市", "青石", "镇"],
    ]
    assert lex.place_in_each(lists) == [1.0, 0.0, 0.0, 0.0, 1.0, float(any(lex.place_flags(["城区", "镇"]))), 0.0, 0.0, 1.0]
    assert lex.place_in_each(lists) == [float(any(lex.place_flags(ws))) for ws in lists]
    assert lex.place_in_each([]) == []


def test_word_marks_and_each_converted_are_per_token():
    from pipeline.features import each_converted, is_word, mask_digits, word_marks

    tokens = ["整改", "，", "2023", "年", "*", "XX", "x", " ", "", "。\n", "a\nb", "12.5吨", "——", "𠀀"]
    assert [bool(m) for m in word_marks(tokens)] == [is_word(t) for t in tokens]
    assert word_marks([]) == []
    rng = random.Random(11)
    for _ in range(300):
        texts = ["".join(rng.choice("整改12.5\n ，a*") for _ in range(rng.randint(0, 6))) for _ in range(rng.randint(0, 5))]
        assert each_converted(mask_digits, texts, "\n") == [mask_digits(t) for t in texts], texts


def test_token_codes_are_the_plain_definition():
    from pipeline.classify import SentenceClassifier
    from pipeline.compact import _PUNCTUATION, _SPACED
    from pipeline.features import is_word, mask_digits

    model = SentenceClassifier.load().pipeline
    vocab = [w for w in model._word_ids][:50]

    def plain(token):
        if not is_word(token):
            return _PUNCTUATION
        masked = mask_digits(token)
        return _SPACED if " " in masked else model._word_ids.get(masked, 0)

    tokens = vocab + ["，", "。", "", " ", "12", "3.5", "第12", "新词甲", "a", "x y", "2023年\n", "\n", "X1 2"]
    assert model._codes_of(tokens) == [plain(t) for t in tokens]
    assert model._codes_of([]) == []


def test_two_views_summed_in_one_pass_are_each_views_sums_added():
    from pipeline.compact import _row_sums, _tfidf, _tfidf_by_view

    rng = np.random.default_rng(11)
    n_char, n_word, folds = 9, 7, 5
    idf_char, idf_word = rng.random(n_char) + 1.0, rng.random(n_word) + 1.0
    coef = rng.standard_normal((n_char + n_word, folds))
    for _ in range(200):
        n = int(rng.integers(1, 7))
        char = (rng.integers(0, n, rng.integers(0, 30)), None)
        char = (char[0], rng.integers(0, n_char, len(char[0])))
        word_rows = rng.integers(0, n, rng.integers(0, 20))
        word = (word_rows, rng.integers(0, n_word, len(word_rows)))
        expected = (_row_sums(*_tfidf(*char, n, idf_char), coef[:n_char], n)
                    + _row_sums(*_tfidf(*word, n, idf_word), coef[n_char:], n))
        segments, cols, vals = _tfidf_by_view(np.concatenate([char[0], word[0]]), np.concatenate([char[1], word[1] + n_char]),
                                              n, np.concatenate([idf_char, idf_word]), n_char)
        sums = _row_sums(segments, cols, vals, coef, 2 * n)
        assert (sums[0::2] + sums[1::2]).tobytes() == expected.tobytes()


def test_sparse_sums_of_the_model_are_each_views_sums_added():
    from pipeline.classify import SentenceClassifier
    from pipeline.compact import _row_sums
    from pipeline.features import mask_digits

    model = SentenceClassifier.load().pipeline
    n_char = len(model.char_idf)
    texts = ["各地要全面落实主体责任，切实加强组织领导。", "全面排查突出问题12个，整改到位9个。", "", "青石镇污水处理厂已完成提标改造。"]
    words = [t.split("，") for t in texts]
    masked = [mask_digits(t) for t in texts]
    expected = (_row_sums(*model._char_tfidf(masked), model._sparse_coef[:n_char], len(texts))
                + _row_sums(*model._word_tfidf(words), model._sparse_coef[n_char:], len(texts)))
    got = model._sparse_sums(model._char_occurrences(masked), model._word_occurrences(words), len(texts))
    assert got.tobytes() == expected.tobytes()


def test_unique_counts_are_numpys():
    from pipeline.compact import _unique_counts

    for keys in ([5], [3, 3, 3], [4, 1, 4, 2, 1], list(range(10, 0, -1))):
        pairs, counts = np.unique(np.array(keys), return_counts=True)
        got = _unique_counts(np.array(keys, dtype=np.int64))
        assert got[0].tolist() == pairs.tolist() and got[1].tolist() == counts.tolist() and got[1].dtype == np.int64
    empty = _unique_counts(np.zeros(0, dtype=np.int32))
    assert empty[0].tolist() == [] and empty[1].tolist() == []


def test_char_occurrences_of_texts_joined_by_nuls_are_those_by_text_ends():
    from pipeline import compact
    from pipeline.classify import SentenceClassifier

    model = SentenceClassifier.load().pipeline
    tables = model._char_tables
    assert tables is not None and not tables.table[0]  # the shipped vocabulary has no NUL: the joined path is taken
    grams = sorted(model.char_vocab)
    rng = random.Random(41)
    pool = [g for g in grams if len(g) > 1][:300] + ["𠀀", "\n", "  ", " \t", "龘", "0", "甲乙", "整改"]
    for trial in range(300):
        masked = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 8))) for _ in range(rng.randint(1, 5))]
        if trial % 10 == 0:
            masked[0] += "\x00"  # a text holding a NUL: read by its text ends
        prepared = [compact._WHITE_SPACES.sub(" ", t) for t in masked]
        lengths = np.array([len(t) for t in prepared], dtype=np.int64)
        codes = compact._code_points("".join(prepared))
        text_of = np.repeat(np.arange(len(masked)), lengths)
        left = np.cumsum(lengths)[text_of] - np.arange(len(codes))
        expected = sorted(zip(*(a.tolist() for a in model._char_occurrences_by_keys(codes, text_of, left))))
        assert sorted(zip(*(a.tolist() for a in model._char_occurrences(masked)))) == expected, masked
