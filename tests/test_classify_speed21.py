"""Round 21 of the classifier's speed work: each faster path against the plain computation."""
import numpy as np
import pytest

from pipeline.classify import SentenceClassifier
from pipeline.features import lexicon, memo_values_filled
from test_classify_speed20 import WORD_LISTS as SPEED20_LISTS

# (hand-written sentences' tokens: test_classify_speed20's table, its last sentence with a word
# no lexicon holds added)
WORD_LISTS = [*SPEED20_LISTS[:-1], [*SPEED20_LISTS[-1], "新词甲乙"]]


def _model(proper=None):
    model = SentenceClassifier.load().pipeline
    if proper is not None:
        model.bind(model.segmenter._segmenter, proper)
    return model


@pytest.mark.parametrize("lists", [WORD_LISTS, [WORD_LISTS[2]], [["整改"]], WORD_LISTS[::-1], []])
def test_token_values_packed_are_those_of_fromiter(lists):
    """_values_of_tokens packs the memo's ints with struct: the same int64s as np.fromiter."""
    model = _model(frozenset({"青石", "北湖区", "湖南省", "张三", "长江", "河东"}))
    tokens = [w for ws in lists for w in ws]
    values = model._values_of_tokens(tokens)
    plain = np.fromiter(memo_values_filled(model._token_values, tokens, model._values_of), dtype=np.int64,
                        count=len(tokens))
    assert values.dtype == np.int64 and values.shape == plain.shape
    assert values.tobytes() == plain.tobytes()
    assert values.tolist() == model._values_of(tokens)
    assert (values < 0).any() == any(t in ("，", "。", "《", "》", "%") for t in tokens)  # (negative codes kept)


def test_token_cues_leave_the_flags_array_for_the_disclosure_measures(monkeypatch):
    """The array _token_cues hands the lexicon is what token_flags_array computes: the same
    int64 values as np.fromiter of the bits, read-only, returned as is for the same tokens."""
    model = _model()
    lex = lexicon()
    for lists in (WORD_LISTS, [WORD_LISTS[2]], [["整改", "青石", "镇"]], WORD_LISTS[::-1]):
        tokens = [w for ws in lists for w in ws]
        values = model._values_of_tokens(tokens)
        monkeypatch.setattr(lex, "_recent", [])  # (no older entry of these tokens, found first)
        sentence = np.arange(len(lists)).repeat([len(ws) for ws in lists])
        model._token_cues(lists, tokens, values, sentence)
        handed = lex._recent[-1][2]
        array = lex.token_flags_array(list(tokens))
        assert array is handed or len(tokens) <= 1  # (one token or none: looked up afresh)
        plain = np.fromiter((lex._token_bits(w) for w in tokens), dtype=np.int64, count=len(tokens))
        assert array.dtype == np.int64 and array.tobytes() == plain.tobytes()
        assert not array.flags.writeable
        with pytest.raises(ValueError):
            array[:1] = 0
        assert lex.token_flags(tokens) == plain.tolist()


def test_remember_flags_without_an_array_still_makes_it():
    lex = lexicon()
    words = ["青石", "镇", "整改", "2023"]
    bits = tuple(lex._token_bits(w) for w in words)
    lex.remember_flags(words, bits)
    array = lex.token_flags_array(list(words))
    assert array.tolist() == list(bits) and not array.flags.writeable
    assert lex.token_flags_array(list(words)) is array


def test_probabilities_are_those_with_the_plain_token_values(monkeypatch):
    """predict_proba end to end: the same floats as with the token values made by np.fromiter."""
    texts = ["青石镇完成整改，处理3吨废水。", "北湖区生态环境局对张三立案查处。", "湖南省长江沿线问题12.5%。",
             "《整改方案》已印发。", "，。", "河东村XX公司2023年5月关停。", "各地要全面落实主体责任，切实加强组织领导。"]
    fast = _model().predict_proba(texts)
    model = _model()

    def plain_values(tokens):
        values = memo_values_filled(model._token_values, tokens, model._values_of)
        return np.fromiter(values, dtype=np.int64, count=len(values))

    monkeypatch.setattr(model, "_values_of_tokens", plain_values)
    plain = model.predict_proba(texts)
    assert fast.tobytes() == plain.tobytes()
