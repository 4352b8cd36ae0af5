"""The jieba segmenter runs jieba-rs where it agrees with Python jieba, and Python jieba elsewhere:
every text must get Python jieba's tokens (same dictionary, same user words, HMM on), but where
two segmentations are exactly equally probable and the two implementations round the tie apart."""
import logging
import math

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.jieba_backend import JiebaCut, user_words

USER_WORDS = [("群众信访举报件", 100, "n"), ("督察组", 100, "n"), ("长泉市", None, None)]


@pytest.fixture(scope="module")
def both():
    logging.getLogger("jieba").setLevel(logging.WARNING)
    reference = jieba.Tokenizer()
    for word, freq, tag in USER_WORDS:
        reference.add_word(word, freq, tag)
    return JiebaCut(USER_WORDS), reference


# One row a phenomenon: text -> jieba's tokens, and which implementation must answer.
ROWS = [
    # plain Han text, user words whole: jieba-rs
    ("督察组交办群众信访举报件", ["督察组", "交办", "群众信访举报件"], "rust"),
    ("长泉市约谈企业负责人", ["长泉市", "约", "谈", "企业", "负责人"], "rust"),
    # ASCII words and full-width punctuation next to Han text: jieba-rs
    ("化学需氧量COD和氨氮，", ["化学", "需氧量", "COD", "和", "氨氮", "，"], "rust"),
    # ASCII joined by a dot, hyphen or underscore: jieba-rs keeps one token, jieba splits
    ("来源：www.example.gov.cn", ["来源", "：", "www", ".", "example", ".", "gov", ".", "cn"], "python"),
    ("编号GB-3838", ["编号", "GB", "-", "3838"], "python"),
    ("文件a_b", ["文件", "a", "_", "b"], "python"),
    # a CJK Extension A character: jieba-rs joins it to its neighbour, jieba does not
    ("\u3400\u4dbf村", ["\u3400", "\u4dbf", "村"], "python"),
    # a lone surrogate (left by a bad decode) cannot cross into Rust
    ("督察\ud800组", ["督察", "\ud800", "组"], "python"),
    # punctuation alone is safe
    ("——", ["—", "—"], "rust"),
]


@pytest.mark.parametrize("text,tokens,engine", ROWS)
def test_tokens_and_engine(both, text, tokens, engine):
    cut, reference = both
    assert reference.lcut(text) == tokens
    assert cut(text) == tokens
    try:
        rust_gives = cut._rust.cut(text, True)
    except UnicodeEncodeError:  # (a lone surrogate)
        rust_gives = None
    assert (rust_gives == tokens) if engine == "rust" else (rust_gives != tokens)


def test_han_text_never_loads_python_jieba():
    cut = JiebaCut(USER_WORDS)
    assert cut("中央生态环境保护督察组进驻以来，共交办群众信访举报件。")
    assert "_python" not in cut.__dict__


ALPHABET = list("中央生态环境保护督察整改任务完成信访件约谈问责罚款恤卡拉改看一") + list("abcXYZ019TOKpm") + list(
    ".,;:!?%#&+-_/@ \n\t　，。、；：！？（）()《》“”【】．－＿~*'\"") + [
    "\u3400", "\u9fd6", "\uf900", "\U00020000", "é", "·", "—", "…", "Ⅱ", "①", "ａ", "１", "α", "\u00a0"]
PIECES = st.one_of(st.sampled_from(ALPHABET + ["\ud800"]), st.sampled_from(["T恤", "卡拉OK", "PM2.5", "www.a.com", "A股", "1-2"]))


def _route_score(reference, words) -> float:
    """jieba's log-probability of a segmentation (its DAG route: sum of log(freq / total))."""
    log_total = math.log(reference.total)
    return sum(math.log(reference.FREQ.get(w) or 1) - log_total for w in words)


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=14))
def test_same_tokens_as_jieba_but_for_exact_ties(both, pieces):
    """The tokens are jieba's, except where two routes are exactly equally probable (the same words
    in another order): there floating-point rounding picks one, and jieba-rs rounds otherwise."""
    cut, reference = both
    text = "".join(pieces)
    if cut(text) == reference.lcut(text):
        return
    routes = reference.lcut(text, HMM=False), cut._rust.cut(text, False)
    assert routes[0] != routes[1]  # the HMM stage is the same: a difference comes from the route
    assert _route_score(reference, routes[0]) == pytest.approx(_route_score(reference, routes[1]), abs=1e-9)


def test_an_exact_tie_may_be_broken_otherwise(both):
    cut, reference = both
    text = "改改改境"  # 改 + 改改 or 改改 + 改: the same two words, so the same probability
    assert reference.lcut(text, HMM=False) == ["改改", "改", "境"] and reference.lcut(text) == ["改改", "改境"]
    assert cut(text) == ["改", "改改", "境"]


def test_user_words_reads_word_frequency_and_tag(tmp_path):
    path = tmp_path / "user.txt"
    path.write_text("督察组 100 n\n\n整改清单 5\n约谈会\n", encoding="utf-8")
    assert user_words(str(path)) == [("督察组", 100, "n"), ("整改清单", 5, None), ("约谈会", None, None)]
