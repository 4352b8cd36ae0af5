"""The jieba segmenter runs jieba-rs where it agrees with Python jieba, and Python jieba elsewhere:
every text must get Python jieba's tokens (same dictionary, same user words, HMM on), but where
two segmentations are exactly equally probable and the two implementations round the tie apart."""
import logging
import math
import re
from pathlib import Path

import jieba
import pytest
from jieba import finalseg
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.jieba_backend import _JIEBA_ONLY, _JOINED, JiebaCut, may_hold_join, user_words

USER_WORDS = [("群众信访举报件", 100, "n"), ("督察组", 100, "n"), ("长泉市", None, None)]


@pytest.fixture(scope="module")
def both():
    logging.getLogger("jieba").setLevel(logging.WARNING)
    reference = jieba.Tokenizer()
    for word, freq, tag in USER_WORDS:
        reference.add_word(word, freq, tag)
    return JiebaCut(USER_WORDS), reference


# One row a phenomenon: text -> jieba's tokens, and how jieba-rs gives them: "rust" (its own
# tokens), "split" (a joined ASCII run re-split as jieba's HMM step splits it) or "alone" (the
# text cut on both sides of a character jieba keeps alone). Python jieba is never loaded.
ROWS = [
    # plain Han text, user words whole: jieba-rs
    ("督察组交办群众信访举报件", ["督察组", "交办", "群众信访举报件"], "rust"),
    ("长泉市约谈企业负责人", ["长泉市", "约", "谈", "企业", "负责人"], "rust"),
    # ASCII words and full-width punctuation next to Han text: jieba-rs
    ("化学需氧量COD和氨氮，", ["化学", "需氧量", "COD", "和", "氨氮", "，"], "rust"),
    # a number keeps its decimals and its percent sign, as in jieba
    ("PM2.5平均浓度下降3.5%", ["PM2.5", "平均", "浓度", "下降", "3.5%"], "rust"),
    # ASCII joined by a dot, hyphen or underscore: jieba-rs keeps one token, jieba splits
    ("来源：www.example.gov.cn", ["来源", "：", "www", ".", "example", ".", "gov", ".", "cn"], "split"),
    ("2024-08-22发布", ["2024", "-", "08", "-", "22", "发布"], "split"),
    ("于2019-2020年", ["于", "2019", "-", "2020", "年"], "split"),
    ("第1.2.3条", ["第", "1.2", ".", "3", "条"], "split"),
    ("编号GB-3838", ["编号", "GB", "-", "3838"], "split"),
    ("文件a_b", ["文件", "a", "_", "b"], "split"),
    # a CJK Extension A character: jieba-rs joins it to its neighbour, jieba keeps it alone
    ("\u3400\u4dbf村", ["\u3400", "\u4dbf", "村"], "alone"),
    ("长泉市\U00020000\U00020001", ["长泉市", "\U00020000", "\U00020001"], "alone"),
    # a lone surrogate (left by a bad decode) cannot cross into Rust
    ("督察\ud800组", ["督察", "\ud800", "组"], "alone"),
    # punctuation alone is safe
    ("——", ["—", "—"], "rust"),
]


@pytest.mark.parametrize("text,tokens,engine", ROWS)
def test_tokens_and_engine(both, text, tokens, engine):
    _, reference = both
    cut = JiebaCut(USER_WORDS)
    assert reference.lcut(text) == tokens
    assert cut(text) == tokens
    assert "_python" not in cut.__dict__
    try:
        rust_gives = cut._rust.cut(text, True)
    except UnicodeEncodeError:  # (a lone surrogate)
        rust_gives = None
    assert (rust_gives == tokens) == (engine == "rust")


def test_a_user_word_with_a_join_sends_joined_text_to_python_jieba():
    """jieba reaches such a word through its dictionary, not through the HMM's split."""
    words = USER_WORDS + [("GB-3838", 100, "n")]
    reference = jieba.Tokenizer()
    for word, freq, tag in words:
        reference.add_word(word, freq, tag)
    cut = JiebaCut(words)
    assert cut("执行GB-3838标准") == reference.lcut("执行GB-3838标准") == ["执行", "GB-3838", "标准"]
    assert "_python" in cut.__dict__


def test_han_text_never_loads_python_jieba():
    cut = JiebaCut(USER_WORDS)
    assert cut("中央生态环境保护督察组进驻以来，共交办群众信访举报件。")
    assert "_python" not in cut.__dict__


ALPHABET = list("中央生态环境保护督察整改任务完成信访件约谈问责罚款恤卡拉改看一") + list("abcXYZ019TOKpm") + list(
    ".,;:!?%#&+-_/@ \n\t　，。、；：！？（）()《》“”【】．－＿~*'\"") + [
    "\u3400", "\u9fd6", "\uf900", "\U00020000", "é", "·", "—", "…", "Ⅱ", "①", "ａ", "１", "α", "\u00a0"]
PIECES = st.one_of(st.sampled_from(ALPHABET + ["\ud800"]), st.sampled_from(
    ["T恤", "卡拉OK", "PM2.5", "www.a.com", "A股", "1-2", "2024-08-22", "3.5%", "v2.0", "1.2.3", "a_b-c.d"]))


def _route_score(reference, words) -> float:
    """jieba's log-probability of a segmentation (its DAG route: sum of log(freq / total))."""
    log_total = math.log(reference.total)
    return sum(math.log(reference.FREQ.get(w) or 1) - log_total for w in words)


def _hmm_score(words) -> float:
    """jieba's HMM log-probability of cutting a run of characters into `words` (B/M/E/S tags)."""
    tags = "".join("S" if len(w) == 1 else "B" + "M" * (len(w) - 2) + "E" for w in words)
    chars = "".join(words)
    score = finalseg.start_P[tags[0]] + finalseg.emit_P[tags[0]].get(chars[0], finalseg.MIN_FLOAT)
    for prev, tag, char in zip(tags, tags[1:], chars[1:]):
        score += finalseg.trans_P[prev].get(tag, finalseg.MIN_FLOAT) + finalseg.emit_P[tag].get(char, finalseg.MIN_FLOAT)
    return score


def _spans(words):
    out, at = [], 0
    for w in words:
        out.append((at, at + len(w)))
        at += len(w)
    return out


def _hmm_runs_tie(text, route, ours, theirs) -> bool:
    """Where the routes agree, the tokens can differ only inside runs of single characters that
    jieba's HMM cuts: each differing run must score the same under the HMM."""
    runs, start = [], None
    for (a, b), word in zip(_spans(route) + [(len(text), len(text))], route + [""]):
        if len(word) == 1 and "\u4e00" <= word <= "\u9fd5":
            start = a if start is None else start
            continue
        if start is not None and a - start > 1:
            runs.append((start, a))
        start = None
    inside = lambda words, run: [w for (a, b), w in zip(_spans(words), words) if run[0] <= a and b <= run[1]]
    differing = [run for run in runs if inside(ours, run) != inside(theirs, run)]
    outside = lambda words: [(span, w) for span, w in zip(_spans(words), words)
                             if not any(r[0] <= span[0] and span[1] <= r[1] for r in runs)]
    return bool(differing) and outside(ours) == outside(theirs) and all(
        _hmm_score(inside(ours, run)) == pytest.approx(_hmm_score(inside(theirs, run)), abs=1e-9) for run in differing)


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=14))
@example(["改", "改", "改", "卡拉OK", "㐀"])  # a tie of the routes that only the HMM pass breaks otherwise
def test_same_tokens_as_jieba_but_for_exact_ties(both, pieces):
    """The tokens are jieba's, except where two cuts are exactly equally probable (the same words
    in another order, or the HMM's tags over repeated characters): there floating-point rounding
    picks one, and jieba-rs rounds otherwise."""
    cut, reference = both
    text = "".join(pieces)
    ours, theirs = cut(text), reference.lcut(text)
    if ours == theirs:
        return
    if sorted(ours) == sorted(theirs):
        # the same words in another order (改 + 改改 or 改改 + 改): the same probability by
        # construction, however each implementation's routes came out (the HMM pass may pick the
        # other order of a tie than the pass without it: 改改改卡拉OK㐀)
        return
    routes = reference.lcut(text, HMM=False), cut._rust.cut(text, False)
    if routes[0] != routes[1]:  # a tie between two routes through the dictionary
        assert _route_score(reference, routes[0]) == pytest.approx(_route_score(reference, routes[1]), abs=1e-9)
    else:  # the same route: a tie in the HMM's cut of a run of single characters
        assert _hmm_runs_tie(text, routes[0], ours, theirs)


def test_an_exact_tie_may_be_broken_otherwise(both):
    cut, reference = both
    text = "改改改境"  # 改 + 改改 or 改改 + 改: the same two words, so the same probability
    assert reference.lcut(text, HMM=False) == ["改改", "改", "境"] and reference.lcut(text) == ["改改", "改境"]
    assert cut(text) == ["改", "改改", "境"]
    text = "督访访访央"  # one run of single characters; the HMM scores both cuts of 访访访 the same
    assert reference.lcut(text) == ["督访访", "访央"] and cut(text) == ["督访", "访访央"]
    assert _hmm_runs_tie(text, reference.lcut(text, HMM=False), cut(text), reference.lcut(text))
    assert not _hmm_runs_tie(text, reference.lcut(text, HMM=False), ["督访访访", "央"], reference.lcut(text))


def test_user_words_reads_word_frequency_and_tag(tmp_path):
    path = tmp_path / "user.txt"
    path.write_text("督察组 100 n\n\n整改清单 5\n约谈会\n", encoding="utf-8")
    assert user_words(str(path)) == [("督察组", 100, "n"), ("整改清单", 5, None), ("约谈会", None, None)]


def test_jieba_rs_class_is_loaded_without_the_packages_default_tokenizer():
    # `import rjieba` builds a default tokenizer cepi never uses (0.1 s of start-up): the class is
    # loaded from the compiled module alone, and cuts as the package's class does
    import subprocess
    import sys

    code = ("import sys; from pipeline.jieba_backend import rjieba_class; J = rjieba_class(); "
            "loaded = 'rjieba' in sys.modules; import rjieba; "
            "text = '中央生态环境保护督察组交办信访件2024-08-22'; "
            "print(loaded, J().cut(text, True) == rjieba.Jieba().cut(text, True))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent).stdout.split()
    assert out == ["False", "True"]


# may_hold_join is the gate before _JOINED's search: it may say True where the pattern finds
# nothing, never False where it finds a join.
@pytest.mark.parametrize("text,gate,joined", [
    ("环境保护督察整改", False, False),
    ("网址www点gov点cn", False, False),
    ("见www.gov.cn", True, True),
    ("2024-08-22", True, True),
    ("增长3.5%", True, True),
    ("甲-乙", True, False),          # a join needs a letter or digit beside it
    ("。-。", True, False),
    ("A_B", True, True),
    ("", False, False),
])
def test_may_hold_join_before_the_joined_search(text, gate, joined):
    assert may_hold_join(text) is gate
    assert (_JOINED.search(text) is not None) is joined


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="a0.-_中 \n", max_size=12))
def test_may_hold_join_never_misses_a_join(text):
    if _JOINED.search(text) is not None:
        assert may_hold_join(text)


# _JOINED and _JIEBA_ONLY are written to begin with one class (re scans for it in C): they must
# find what the plain patterns find. _JOINED: only whether there is a match is read;
# _JIEBA_ONLY: every match's place (the text is cut around them).
PLAIN_JOINED = re.compile(r"[A-Za-z0-9][._\-]|[._\-][A-Za-z0-9]")
PLAIN_JIEBA_ONLY = re.compile(r"[\u3400-\u4DBF\u9FD6-\u9FFF\uF900-\uFAFF\U00010000-\U0010FFFF]|[\uD800-\uDFFF]")


@pytest.mark.parametrize("text,joined", [
    ("a.b", True), ("a.", True), (".a", True), ("-9", True), ("9_", True), ("x-", True),
    ("中.文", False), (".", False), ("..", False), ("._-", False), ("中-", False), ("-中", False),
    ("%.%", False), ("a b", False), ("a..", True), ("..a", True), ("中中中.a", True), ("", False),
])
def test_joined_pattern_finds_what_the_plain_alternation_finds(text, joined):
    assert (_JOINED.search(text) is not None) is joined
    assert (PLAIN_JOINED.search(text) is not None) is joined


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="aZ09._-%中 \n", max_size=14))
def test_joined_pattern_never_differs_from_the_plain_alternation(text):
    assert (_JOINED.search(text) is None) is (PLAIN_JOINED.search(text) is None)


@pytest.mark.parametrize("text,places", [
    ("督察组", []), ("\u3400甲", [(0, 1)]), ("甲\u4dbf", [(1, 2)]), ("\u9fd5", []), ("\u9fd6乙", [(0, 1)]),
    ("甲\uf900\ufaff乙", [(1, 2), (2, 3)]), ("𠀀甲", [(0, 1)]), ("甲\ud800乙\udfff", [(1, 2), (3, 4)]),
])
def test_jieba_only_characters_are_found_where_the_plain_alternation_finds_them(text, places):
    assert [m.span() for m in _JIEBA_ONLY.finditer(text)] == places
    assert [m.span() for m in PLAIN_JIEBA_ONLY.finditer(text)] == places
