"""Round 13 of the classifier's speed work: each faster path against its plain computation."""
import numpy as np


def _plain_tfidf(rows, cols, n_rows, idf):
    """_tfidf written plainly: numpy's unique of row x width + column, a division to read them back."""
    pairs, counts = np.unique(rows * len(idf) + cols, return_counts=True)
    pr, pc = np.divmod(pairs, len(idf))
    val = (np.log(counts) + 1.0) * idf[pc]
    norm = np.sqrt(np.bincount(pr, weights=val * val, minlength=n_rows))
    return pr, pc, val / norm[pr]


def test_tfidf_keys_by_shift_are_the_plain_pairs():
    from pipeline.compact import _tfidf

    rng = np.random.default_rng(13)
    # vocabularies of one column, a power of two, one past it, odd sizes; rows past 2**31 >> shift (64-bit keys)
    for width in (1, 2, 3, 4, 5, 8, 9, 31, 32, 33, 1000, 1 << 17, (1 << 17) + 1):
        idf = rng.random(width) + 1.0
        for n_rows in (1, 4, 40, 20_000):
            for _ in range(5):
                size = int(rng.integers(0, 60))
                rows = np.sort(rng.integers(0, n_rows, size))
                cols = rng.integers(0, width, size)
                got = _tfidf(rows, cols, n_rows, idf)
                want = _plain_tfidf(rows, cols, n_rows, idf)
                assert got[0].tolist() == want[0].tolist() and got[1].tolist() == want[1].tolist()
                assert got[2].tobytes() == want[2].tobytes()


def test_token_codes_by_the_lexicons_word_bit_are_the_plain_definition():
    """_codes_of tells words from punctuation by the lexicon's TOKEN_WORD bit: the same as is_word,
    whatever token list the lexicon was asked about last, and one token or many."""
    import random

    from pipeline.classify import SentenceClassifier
    from pipeline.compact import _PUNCTUATION, _SPACED
    from pipeline.features import is_word, lexicon, mask_digits

    model = SentenceClassifier.load().pipeline

    def plain(token):
        if not is_word(token):
            return _PUNCTUATION
        masked = mask_digits(token)
        return _SPACED if " " in masked else model._word_ids.get(masked, 0)

    pieces = ["整改", "，", "12", "年", "*", "XX", " ", "", "。", "\n", "a", "吨", "——", "𠀀", "《", "》", "青石", "镇", "3.5", "、"]
    rng = random.Random(13)
    lexicon().token_flags_tuple(["其他", "词", "。"])  # another list asked about last
    for size in (1, 2, 3, 4, 5, 8, 20):
        for _ in range(40):
            tokens = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 3))) for _ in range(size)]
            assert model._codes_of(tokens) == [plain(t) for t in tokens], tokens


def test_token_bits_of_words_with_and_without_digits_are_each_words_bits():
    """The digits of _token_bits_of are read outside CJK runs, and a word of letters alone skips the
    digit test: words of CJK, Latin letters, ASCII / full-width / superscript / circled digits,
    masks and line breaks give the bits of _token_bits one by one."""
    import random

    from pipeline.features import lexicon

    lex = lexicon()
    pieces = ["整改", "镇", "12", "３", "²", "①", "年", "*", "X", "x", "abc", "Ⅳ", "〇", "，", "\n", "吨", "第", "河", ".", "5"]
    fixed = ["整改", "12吨", "３月", "m²", "①号", "XX", "x*", "abc", "Ⅳ类", "〇", "2023年", "第5批", "青石河", "ab3", "五"]
    assert lex._token_bits_of(fixed) == [lex._token_bits(w) for w in fixed]
    # words and no words (TOKEN_WORD): punctuation alone, empty, spaces, a mask, first, last, side by side
    for words in (["，", "整改", "。", "", "——", "*", " ", "\r", "a", "。"], ["", "", "", ""], ["、", "x", "：", "3"],
                  ["整改", "落实", "到位", ""], ["", "（", "）", "镇"]):
        assert lex._token_bits_of(words) == [lex._token_bits(w) for w in words], words
    rng = random.Random(13)
    for _ in range(300):
        words = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(4, 12))]
        assert lex._token_bits_of(words) == [lex._token_bits(w) for w in words], words
