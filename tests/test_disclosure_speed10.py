"""The disclosure stage's shortcuts (round 10) give what the plain computations give."""
import numpy as np

from pipeline import disclosure
from pipeline.disclosure import CHAR_MULTIPLIER, GRAM_MULTIPLIER, LENGTH_MULTIPLIER, word_digest
from pipeline.rescore import gram_hash, sentence_grams


_MASK = (1 << 64) - 1


def plain_word_hash(word: str) -> int:
    """The documented word hash, character by character: the polynomial of the code points in
    CHAR_MULTIPLIER plus the length times LENGTH_MULTIPLIER, mixed by splitmix64's finalizer."""
    z = (sum(ord(c) * pow(CHAR_MULTIPLIER, i, 1 << 64) for i, c in enumerate(word)) + len(word) * LENGTH_MULTIPLIER) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def test_gram_hash_is_the_documented_combination_of_word_hashes():
    h = plain_word_hash
    gram = ("各地", "要", "加强", "监管")
    a, b, c, d = map(h, gram)
    assert gram_hash(gram) == (((a * GRAM_MULTIPLIER + b) * GRAM_MULTIPLIER + c) * GRAM_MULTIPLIER + d) % 2 ** 64
    assert word_digest("监管") == h("监管").to_bytes(8, "little")
    # order matters, and a word boundary is not a character
    assert gram_hash(("甲", "乙", "丙", "丁")) != gram_hash(("乙", "甲", "丙", "丁"))
    assert gram_hash(("甲乙", "丙", "丁", "戊")) != gram_hash(("甲", "乙丙", "丁", "戊"))


def test_sentence_grams_by_hand():
    doc = [["今年", "全市", "完成", "整改", "任务"], ["好"], [], ["整改", "任务", "全部", "完成"],
           ["今年", "全市", "完成", "整改", "今年", "全市", "完成", "整改"]]
    n_words, sizes, hashes = sentence_grams(doc)
    assert n_words.tolist() == [5, 1, 0, 4, 8]
    expected = [sorted({gram_hash(tuple(ws[i:i + 4])) for i in range(len(ws) - 3)}) for ws in doc]
    assert sizes.tolist() == [2, 0, 0, 1, 4]  # the last sentence's 5 windows hold 4 distinct 4-grams
    assert hashes.tolist() == [h for per_sentence in expected for h in per_sentence]
    assert hashes.dtype == np.uint64 and sizes.dtype == np.int64


def test_sentence_grams_of_nothing():
    for doc in ([], [[]], [["一", "二", "三"]]):
        n_words, sizes, hashes = sentence_grams(doc)
        assert n_words.tolist() == [len(ws) for ws in doc] and sizes.tolist() == [0] * len(doc)
        assert hashes.tolist() == [] and hashes.dtype == np.uint64


class SpaceSegmenter:
    def words(self, text):
        return text.split()


def _plain_redundancy(sentences):
    from collections import Counter

    tens = []
    for sentence in sentences:
        ws = sentence.split()
        tens += [tuple(ws[i:i + 10]) for i in range(len(ws) - 9)]
    counts = Counter(tens)
    return sum(counts[g] > 1 for g in tens) / len(tens) if tens else None


REDUNDANT = ["一 二 三 四 五 六 七 八 九 十 十一", "甲 一 二 三 四 五 六 七 八 九 十", "一 二 三 四 五 六 七 八 九 十 乙",
             "子 丑 寅 卯 辰 巳 午 未 申 酉", "丑 寅 卯 辰 巳 午 未 申 酉 子"]


def test_redundancy_by_hand():
    from pipeline.disclosure import BoilerplateReference, measure_document

    reference = BoilerplateReference(set(), "test", 1)
    measures, _ = measure_document(REDUNDANT, SpaceSegmenter(), reference)
    # windows: 2 + 2 + 2 + 1 + 1; 一..十 occurs three times
    assert measures["redundancy"] == 3 / 8 == _plain_redundancy(REDUNDANT)


def test_redundancy_exact_when_every_window_hash_collides(monkeypatch):
    from pipeline.disclosure import BoilerplateReference, measure_document

    reference = BoilerplateReference(set(), "test", 1)
    monkeypatch.setattr(disclosure, "word_hashes", lambda words: np.zeros(len(words), dtype=np.uint64))
    for sentences in (REDUNDANT, REDUNDANT[3:], REDUNDANT[:1] * 2):
        measures, _ = measure_document(sentences, SpaceSegmenter(), reference)
        assert measures["redundancy"] == _plain_redundancy(sentences)


BOILER = ["各地 要 加强 监管 工作", "加强 监管 各地 要", "要 加强 监管", "今年 各地 要 加强 监管"]


def _plain_boilerplate(sentences, grams):
    total = boiler = 0
    for sentence in sentences:
        ws = sentence.split()
        total += len(ws)
        if any(tuple(ws[i:i + 4]) in grams for i in range(len(ws) - 3)):
            boiler += len(ws)
    return boiler / total if total else None


def test_boilerplate_by_hand_and_when_every_word_hash_collides(monkeypatch):
    from pipeline.disclosure import BoilerplateReference, measure_document

    grams = {("各地", "要", "加强", "监管")}
    reference = BoilerplateReference(set(grams), "test", 1)
    measures, _ = measure_document(BOILER, SpaceSegmenter(), reference)
    assert measures["boilerplate_share"] == 10 / 17 == _plain_boilerplate(BOILER, grams)
    monkeypatch.setattr(disclosure, "word_hashes", lambda words: np.zeros(len(words), dtype=np.uint64))
    collided = BoilerplateReference(set(grams), "test", 1)  # its words' hashes: zeros as well
    for sentences in (BOILER, BOILER[1:3], BOILER[::-1]):
        measures, _ = measure_document(sentences, SpaceSegmenter(), collided)
        assert measures["boilerplate_share"] == _plain_boilerplate(sentences, grams)


def test_reference_word_hashes_follow_its_grams():
    from pipeline.disclosure import BoilerplateReference, word_hashes

    reference = BoilerplateReference({("甲", "乙", "丙", "丁")}, "test", 1)
    assert reference.word_hashes().tolist() == sorted(word_hashes(["甲", "乙", "丙", "丁"]).tolist())
    reference.grams.add(("子", "丑", "寅", "卯"))
    assert len(reference.word_hashes()) == 8
    reference.grams = {("一", "二", "三", "四")}
    assert reference.word_hashes().tolist() == sorted(word_hashes(["一", "二", "三", "四"]).tolist())


def test_no_boilerplate_with_an_empty_reference():
    from pipeline.disclosure import BoilerplateReference, measure_document

    measures, _ = measure_document(BOILER, SpaceSegmenter(), BoilerplateReference(set(), "test", 1))
    assert measures["boilerplate_share"] == 0.0


def test_sentence_grams_from_the_callers_word_hashes():
    from itertools import chain

    from pipeline.disclosure import word_hashes

    for doc in ([], [[]], [["一", "二", "三"]], [["一", "二", "三", "四", "五"], ["六"], [], ["七", "八", "九", "十"]]):
        given = sentence_grams(doc, word_hashes(list(chain.from_iterable(doc))))
        for x, y in zip(given, sentence_grams(doc)):
            assert x.tolist() == y.tolist() and x.dtype == y.dtype


def test_measure_document_hashed_is_measure_document_and_the_word_hashes():
    from itertools import chain

    from pipeline.disclosure import BoilerplateReference, measure_document, measure_document_hashed, word_hashes

    reference = BoilerplateReference({("各地", "要", "加强", "监管")}, "test", 1)
    measures, words, hashes = measure_document_hashed(BOILER + REDUNDANT, SpaceSegmenter(), reference)
    assert (measures, words) == measure_document(BOILER + REDUNDANT, SpaceSegmenter(), reference)
    assert hashes.tolist() == word_hashes(list(chain.from_iterable(words))).tolist()


def test_word_hashes_are_the_plain_word_hashes():
    """word_hashes (all the words at once, in numpy) against the definition word by word: words of
    every script and plane, empty ones, one word alone, repeated words, and words holding the
    separator the fast path joins them by (read then by their lengths)."""
    from pipeline.disclosure import word_hashes

    cases = [
        ["新词甲乙", "a", "\u00e9", "\U00020000", "\x1f", "整改"],
        ["整改"],
        ["", "整改", "", ""],
        [""],
        ["甲", "甲", "乙甲", "甲乙", "甲 乙"],
        ["a\uffffb", "c", "\uffff"],
        ["\uffff"],
        ["\x00", "\x00\x00", "a\x00"],
        ["https://www.example.gov.cn/a/b/c/2023-10-01.html" * 3, "0.5%"],
    ]
    for words in cases:
        assert word_hashes(words).tolist() == [plain_word_hash(w) for w in words]
        assert word_hashes(words).dtype == np.uint64
    assert word_hashes([]).tolist() == []


def test_word_hashes_of_a_text_longer_than_the_powers_kept():
    from pipeline import disclosure
    from pipeline.disclosure import word_hashes

    words = ["整改任务" * 20_000, "完成"]
    assert word_hashes(words).tolist() == [plain_word_hash(w) for w in words]
    assert len(disclosure._CHAR_POWERS[0]) >= 80_001


def test_word_hashes_of_a_text_longer_than_the_most_powers_kept():
    from pipeline import disclosure
    from pipeline.disclosure import word_hashes

    words = ["督察", "整改" * (disclosure._CHAR_POWERS_KEPT // 2 + 1), "完成"]
    assert word_hashes(words).tolist() == [plain_word_hash(w) for w in words]
    # computed for the call, not kept: one huge document does not hold the memory for the run
    assert len(disclosure._CHAR_POWERS[0]) <= disclosure._CHAR_POWERS_KEPT


def test_word_hashes_raise_utf8s_error_on_a_lone_surrogate():
    import pytest

    from pipeline.disclosure import word_hashes

    with pytest.raises(UnicodeEncodeError) as raised:
        word_hashes(["整改", "坏\ud800字"])
    assert raised.value.encoding == "utf-8"


def test_window_hashes_by_doubling_are_the_word_by_word_sums():
    """window_hashes builds an n-word hash from halves (doubling); the sum it stands for is word by
    word h0 K**(n-1) + h1 K**(n-2) + ... modulo 2**64 (for every length and width, and none when
    the words are fewer than n)."""
    from pipeline.disclosure import window_hashes

    rng = np.random.default_rng(7)
    mask = (1 << 64) - 1
    for length in (0, 1, 2, 3, 4, 5, 9, 10, 11, 17, 33):
        words = rng.integers(0, 2 ** 64, size=length, dtype=np.uint64)
        for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16):
            want = []
            for start in range(length - n + 1):
                total = 0
                for h in words[start:start + n].tolist():
                    total = (total * GRAM_MULTIPLIER + h) & mask
                want.append(total)
            got = window_hashes(words, n)
            assert got.dtype == np.uint64 and got.tolist() == want, (length, n)


def test_window_hashes_of_several_sizes_are_window_hashes_of_each():
    """window_hashes_of shares the doubled windows between sizes (4-grams and 10-grams from one
    pass): each size gives what window_hashes gives alone, in the order asked."""
    from pipeline.disclosure import window_hashes, window_hashes_of

    rng = np.random.default_rng(11)
    for length in (0, 1, 3, 4, 5, 9, 10, 11, 23):
        words = rng.integers(0, 2 ** 64, size=length, dtype=np.uint64)
        for sizes in ((4, 10), (10, 4), (4,), (10,), (1, 2, 3, 7, 16)):
            got = window_hashes_of(words, sizes)
            assert [g.tolist() for g in got] == [window_hashes(words, n).tolist() for n in sizes], (length, sizes)


def test_reference_gram_hashes_are_the_window_hashes_of_its_four_word_grams():
    from pipeline.disclosure import BoilerplateReference, window_hashes, word_hashes

    grams = {("各地", "要", "加强", "监管"), ("甲", "乙", "丙", "丁"), ("只有", "三个", "词"), ("一", "二", "三", "四", "五")}
    reference = BoilerplateReference(set(grams), "test", 1)
    want = sorted(window_hashes(word_hashes(list(g)), 4)[0] for g in grams if len(g) == 4)
    assert reference.gram_hashes().tolist() == [int(h) for h in want] and reference.gram_hashes().dtype == np.uint64
    reference.grams.add(("子", "丑", "寅", "卯"))  # read again when the grams change
    assert len(reference.gram_hashes()) == 3
    assert BoilerplateReference(set(), "test", 1).gram_hashes().tolist() == []


def test_boilerplate_by_gram_hashes_is_the_plain_count():
    """A sentence counts as boilerplate where one of its 4-word windows is a reference gram: not a
    window across two sentences, nor one whose words are all grams' words in another order."""
    from pipeline.disclosure import BoilerplateReference, measure_document

    grams = {("各地", "要", "加强", "监管"), ("加强", "监管", "各地", "要")}
    cases = [
        ["各地 要 加强 监管", "其他 句子 一 二 三"],
        ["要 加强 监管 各地 要", "监管"],  # the second gram, at the end of a sentence
        ["各地 要", "加强 监管"],  # across sentences: none
        ["要 各地 监管 加强 要 各地"],  # the grams' words, in no gram's order
        ["各地 要 加强 监管 各地 要 加强 监管 各地 要 加强 监管"],
        ["一"], [],
    ]
    for sentences in cases:
        measures, _ = measure_document(sentences, SpaceSegmenter(), BoilerplateReference(set(grams), "test", 1))
        assert measures["boilerplate_share"] == _plain_boilerplate(sentences, grams), sentences


def test_specific_codes_pack_the_token_bits_the_count_reads():
    """_count_specific's code of every combination of TOKEN_* bits: each bit it reads lands in its
    own place (the word before's in the high bits), and every TOKEN_* bit of features is in the table."""
    from pipeline import disclosure as d
    from pipeline import features

    table = d._SPECIFIC_CODE
    assert all(value < len(table) for name, value in vars(features).items() if name.startswith("TOKEN_") and isinstance(value, int))
    for bits in range(len(table)):
        code = int(table[bits])
        assert bool(code & d._OWN_SPECIFIC) == bool(bits & (features.TOKEN_PLACE | features.TOKEN_SPECIFIC))
        assert bool(code & d._WORD) == bool(bits & features.TOKEN_WORD)
        assert bool(code & d._OPENS_TITLE) == bool(bits & features.TOKEN_OPENS_TITLE)
        assert bool(code & d._CLOSES_TITLE) == bool(bits & features.TOKEN_CLOSES_TITLE)
        for before in (0, 1, features.TOKEN_ENDS_IN_NUMBER, features.TOKEN_PLACE_NAME, len(table) - 1):
            paired = (code << d._PAIR_SHIFT) & int(table[before])
            assert bool(paired & d._DATE_AFTER_NUMBER) == bool(bits & features.TOKEN_DATE_UNIT and before & features.TOKEN_ENDS_IN_NUMBER)
            assert bool(paired & d._SUFFIX_AFTER_NAME) == bool(bits & features.TOKEN_PLACE_SUFFIX and before & features.TOKEN_PLACE_NAME)
