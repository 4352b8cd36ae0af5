"""Round 20 of the classifier's speed work: each faster path against the plain computation."""
import numpy as np

from pipeline.classify import SentenceClassifier
from pipeline.document_cues import document_cues, proper_name_flags
from pipeline.features import RECENT_TOKEN_LISTS, lexicon

# (hand-written sentences' tokens: places, split place names, proper names, numbers, punctuation)
WORD_LISTS = [
    ["青石", "镇", "完成", "整改", "，", "处理", "3", "吨", "废水", "。"],
    ["北湖区", "生态", "环境", "局", "对", "张三", "立案", "查处"],
    [],
    ["湖南省", "长江", "沿线", "问题", "12.5", "%"],
    ["《", "整改", "方案", "》", "已", "印发"],
    ["，", "。"],
    ["河东", "村", "XX", "公司", "2023", "年", "5", "月", "关停"],
]


def _model(proper=None):
    model = SentenceClassifier.load().pipeline
    if proper is not None:
        model.bind(model.segmenter._segmenter, proper)
    return model


def test_token_values_hold_the_code_the_lexicon_bits_and_the_proper_name_bit():
    proper = frozenset({"青石", "北湖区", "湖南省", "张三", "长江", "河东"})
    model = _model(proper)
    lex = lexicon()
    tokens = [w for ws in WORD_LISTS for w in ws]
    values = model._values_of(tokens)
    for token, value in zip(tokens, values):
        assert value >> 16 == model._codes_of([token])[0], token
        assert value & 0x7FFF == lex._token_bits(token), token
        assert bool(value & 0x8000) == (token in proper and token not in lex.not_proper_names), token
    assert model._values_of_tokens(tokens).tolist() == values
    assert model._values_of_tokens([]).tolist() == []


def test_token_cues_are_the_place_and_proper_name_flags_and_left_for_the_disclosure_measures():
    proper = frozenset({"青石", "北湖区", "湖南省", "张三", "长江", "河东"})
    model = _model(proper)
    lex = lexicon()
    for lists in (WORD_LISTS, [WORD_LISTS[2]], [["整改"]], WORD_LISTS[::-1]):
        tokens = [w for ws in lists for w in ws]
        values = model._values_of_tokens(tokens)
        sentence = np.arange(len(lists)).repeat([len(ws) for ws in lists])
        place, proper_name = model._token_cues(lists, tokens, values, sentence)
        assert lex._recent[-1][0] == tokens and lex._recent[-1][0] is not tokens
        assert place == [float(any(lex.place_flags(ws))) for ws in lists], lists
        assert proper_name == proper_name_flags(lists, proper, lex.not_proper_names), lists
        assert lex.token_flags_tuple(tokens) == tuple(lex._token_bits(w) for w in tokens)


def test_a_new_proper_lexicon_is_read_afresh():
    model = _model(frozenset({"青石"}))
    assert model._values_of_tokens(["青石", "张三"]).tolist()[0] & 0x8000
    model.bind(model.segmenter._segmenter, frozenset({"张三"}))
    first, second = model._values_of_tokens(["青石", "张三"]).tolist()
    assert not first & 0x8000 and second & 0x8000


def test_document_cues_with_the_token_cues_are_the_cues_without():
    model = _model()
    texts = ["青石镇完成整改，处理3吨废水。", "北湖区生态环境局对张三立案查处。", "湖南省长江沿线问题12.5%。",
             "《整改方案》已印发。", "，。", "河东村XX公司2023年5月关停。"]
    words = model.segmenter.tokens_of_each(texts)
    tokens = [w for ws in words for w in ws]
    values = model._values_of_tokens(tokens)
    sentence = np.arange(len(words)).repeat([len(ws) for ws in words])
    token_cues = model._token_cues(words, tokens, values, sentence)
    plain = document_cues(texts, model.segmenter, model._commonness, words)
    fast = document_cues(texts, model.segmenter, model._commonness, words, token_cues=token_cues)
    assert plain.tobytes() == fast.tobytes()


def test_remember_flags_is_a_recent_list_and_bounded():
    lex = lexicon()
    words = ["青石", "镇", "整改"]
    flags = tuple(lex._token_bits(w) for w in words)
    lex.remember_flags(words, flags)
    assert lex._recent[-1] == [words, flags, None] and lex._recent[-1][0] is not words
    assert lex.token_flags_array(words).tolist() == list(flags)
    for k in range(RECENT_TOKEN_LISTS + 3):
        lex.remember_flags([f"词{k}"], (1,))
    assert len(lex._recent) == RECENT_TOKEN_LISTS


def test_place_in_each_with_the_flags_given_is_the_place_in_each():
    lex = lexicon()
    for lists in (WORD_LISTS, [], [[]], [["青石", "镇"]]):
        flags = tuple(lex._token_bits(w) for ws in lists for w in ws)
        assert lex.place_in_each(lists, flags) == lex.place_in_each(lists)


def test_commonness_keys_from_pairs_are_the_keys_of_the_four_characters():
    # a key read as its first pair x b² + its last pair, in int64 as the table's keys are made,
    # for bases up to the largest with pair tables, and numbers up to b - 1
    from pipeline.document_cues import _MAX_PAIR_TABLE

    for b in (2, 7, 815, 4096, int(_MAX_PAIR_TABLE ** 0.5)):
        number = np.array([0, 1, b - 1, b - 2, 3 % b, b - 1, b - 1, b - 1, 0, 1], dtype=np.int64)
        pair = number[:-1] * b + number[1:]
        at = np.arange(len(number) - 3)
        expected = [((int(w) * b + int(x)) * b + int(y)) * b + int(z) for w, x, y, z in
                    zip(number[:-3], number[1:-2], number[2:-1], number[3:])]
        assert (pair[at] * (b * b) + pair[at + 2]).tolist() == expected, b


def test_commonness_by_pairs_in_a_table_of_cases():
    from pipeline.document_cues import Commonness, _log_commonness

    grams = {"整改到位": 40, "环保督察": 12, "改到位环": 30, "到位环保": 7, "督察整改": 3, "问题整改": 9}
    common = Commonness(grams, 100)
    assert common.heads is not None
    for texts in (["整改到位环保督察整改到位"], ["问题整改到位", "督察整改"], ["整改", "到位环保督察"], ["整改到", ""],
                  ["督察整改到位环保督察问题整改", "整改到位", "环"], ["环保督察问题", "问题整改到"]):
        expected = [_log_commonness(t, common.log_df, 100, common.scale) for t in texts]
        assert common.of(texts).tolist() == expected, texts
