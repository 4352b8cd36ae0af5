import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.segment import SENT_END_PLAIN, Segmenter, sentence_bounds, sentences_holding, split_sentences


def spans(text):
    return [(s.text, s.char_start, s.char_end) for s in split_sentences(text)]


def test_split_on_terminators_and_lines():
    text = "截至目前，26项任务已完成21项；其余5项正在推进。\n一、提高站位\n督察组进驻！是否到位？"
    assert [s for s, _, _ in spans(text)] == [
        "截至目前，26项任务已完成21项；", "其余5项正在推进。", "一、提高站位", "督察组进驻！", "是否到位？"]


def test_offsets_index_the_text():
    text = "  第一句。 第二句；\n\n第三句"
    for sent, start, end in spans(text):
        assert text[start:end] == sent


def _holding(text, pattern):
    return [(s.text, s.char_start, s.char_end) for s in sentences_holding(text, pattern)]


def _holding_by_split(text, pattern):
    return [(s.text, s.char_start, s.char_end) for s in split_sentences(text) if pattern.search(s.text)]


def test_sentences_holding_a_pattern_without_splitting():
    text = "一、总体要求。”\n  督察组进驻后，督察“回头看”于2021年4月开展；  其余工作\n\n2022年督察结束！”另起一句"
    for pattern in ("督察", "年", "督察[“]?回头看", "[一二]", "其余", "另起"):
        pattern = re.compile(pattern)
        assert _holding(text, pattern) == _holding_by_split(text, pattern)
    assert [s for s, _, _ in _holding(text, re.compile("年"))] == ["督察组进驻后，督察“回头看”于2021年4月开展；",
                                                                   "2022年督察结束！”"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="督察年。！？；!?;”’」）)》\n 　a一", max_size=40),
       st.sampled_from(["督察", "年", "察年", "a一", "”督", "察。", " 督", "a?"]))
def test_sentences_holding_is_the_split_filtered(text, pattern):
    # (the last patterns can match across a sentence end or at its edge: the text is split then)
    pattern = re.compile(pattern)
    assert _holding(text, pattern) == _holding_by_split(text, pattern)


def test_closing_quote_stays_with_its_sentence():
    text = "他强调：“要确保整改到位。”随后部署工作。"
    assert [s for s, _, _ in spans(text)] == ["他强调：“要确保整改到位。”", "随后部署工作。"]


def test_ascii_terminators():
    assert [s for s, _, _ in spans("已办结46件;阶段性办结2件.")] == ["已办结46件;", "阶段性办结2件."]


@pytest.mark.parametrize("kind", ["jieba", "pkuseg", "spacy"])
def test_segmenters_keep_numbers_with_counters(kind):
    words = Segmenter(kind).words("受理有效举报13.5万余件，覆盖率达到60%以上，完成26项")
    assert "13.5万余件" in words and "60%" in words and "26项" in words
    assert "".join(words) == "受理有效举报13.5万余件，覆盖率达到60%以上，完成26项"


def test_jieba_uses_the_domain_dictionary():
    words = Segmenter("jieba").words("督察组交办的群众信访举报件已立案处罚")
    assert "督察组" in words and "群众信访举报件" in words and "立案处罚" in words


def _words_piece_by_piece(seg, text):
    """Segmenter._words as it was: each piece between number tokens cut on its own."""
    from pipeline.segment import _NUMBER_TOKEN

    def cut(piece):
        return [w for w in seg._backend(piece) if w.strip()] if piece else []

    words, pos = [], 0
    for m in _NUMBER_TOKEN.finditer(text):
        words += cut(text[pos:m.start()]) + [m.group()]
        pos = m.end()
    return words + cut(text[pos:])


_JIEBA = Segmenter("jieba")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="整改项目问题完成个年月日环保督察共和国.-_ab Xx*%　\t\n\r0123456789万亿元，。、\u3400\U00020000\x1c",
               max_size=40))
def test_one_cut_per_text_gives_the_tokens_of_one_cut_per_piece(text):
    # _jieba_words joins the pieces between numbers by line breaks and cuts once
    assert _JIEBA._words(text) == _words_piece_by_piece(_JIEBA, text)


def test_one_cut_per_text_on_sentences_with_numbers():
    for text in ("截至目前，26项任务已完成21项；其余5项正在推进。", "2023年10月 完成 3.5万元", "a1b2-c3.d 4 ",
                 "共12家企业\t整改8家", "12", " 7 "):
        assert _JIEBA._words(text) == _words_piece_by_piece(_JIEBA, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="整改项目问题完成个年月日督察.-_a X*%　\t\n\r0123456789万元，。\u3400", max_size=25), max_size=8))
def test_words_of_each_is_words_of_each_text(texts):
    # in a document scope the texts are cut by jieba in one call (_jieba_words); others one by one
    seg = _JIEBA
    with seg.document_scope():
        assert seg.words_of_each(texts) == [_words_piece_by_piece(_JIEBA, t) for t in texts]
        assert [seg.words(t) for t in texts] == [_words_piece_by_piece(_JIEBA, t) for t in texts]
    assert seg.words_of_each(texts) == [_words_piece_by_piece(_JIEBA, t) for t in texts]
    with seg.document_scope():
        expected = [tuple(_words_piece_by_piece(_JIEBA, t)) for t in texts]
        assert seg.tokens_of_each(texts) == expected
        assert seg.tokens_of_each(texts) == expected  # (from the memo)
    assert seg.tokens_of_each(texts) == [tuple(_words_piece_by_piece(_JIEBA, t)) for t in texts]


def _split_plainly(text: str) -> list[tuple[str, int, int]]:
    """split_sentences as first written: pieces between sentence ends, white space stripped by character."""
    out, start = [], 0
    for m in re.finditer(SENT_END_PLAIN, text):
        out.append((start, m.end() if m.group()[0] != "\n" else m.start()))
        start = m.end()
    out.append((start, len(text)))
    sentences = []
    for start, end in out:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            sentences.append((text[start:end], start, end))
    return sentences


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="督察年。！？；!?;”’」）)》\n\r\t 　\u2028a一", max_size=40))
def test_split_is_the_plain_split(text):
    assert [(s.text, s.char_start, s.char_end) for s in split_sentences(text)] == _split_plainly(text)
    assert sentence_bounds(text) == [(start, end) for _, start, end in _split_plainly(text)]
    assert [s.sent_idx for s in split_sentences(text)] == list(range(len(_split_plainly(text))))


def _random_texts(alphabet: str, seed: int, n: int = 3000) -> list[str]:
    import random

    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(n)]


def _assert_same_matches(fast, plain, text: str, every_position: bool = False) -> None:
    """`fast` (a rewritten pattern) finds what `plain` finds in `text`, from the start (and from each position)."""
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], text
    for pos in range(len(text) + 1) if every_position else ():
        a, b = fast.search(text, pos), plain.search(text, pos)
        assert (a and a.span()) == (b and b.span()), (text, pos)


def test_sentence_end_pattern_is_the_plain_one():
    import re

    from pipeline.segment import _SENT_END, SENT_END_PLAIN

    plain = re.compile(SENT_END_PLAIN)
    for text in _random_texts("。！？；!?;”’」』）)》\n\n \tab1中文", seed=3):
        _assert_same_matches(_SENT_END, plain, text, every_position=True)


def test_number_token_pattern_is_the_plain_one():
    import re

    from pipeline.segment import _NUMBER_TOKEN, _NUMBER_TOKEN_SPLIT, NUMBER_TOKEN_PLAIN

    plain = re.compile(NUMBER_TOKEN_PLAIN)
    for text in _random_texts("0123456789１２.,万亿千百余多%％项件个人家吨元中文a \n", seed=4):
        _assert_same_matches(_NUMBER_TOKEN, plain, text)
        assert _NUMBER_TOKEN_SPLIT.split(text) == re.split(f"({NUMBER_TOKEN_PLAIN})", text), text


def test_str_split_sees_the_white_space_that_backslash_s_matches():
    # Segmenter._fill_memo tells a text with white space by str.split instead of a \s search
    for code in range(0x110000):
        c = chr(code)
        for text in (c, "整" + c + "改", c + "整", "整" + c):
            assert (text.split(None, 1) != [text]) == (re.search(r"\s", text) is not None), hex(code)


class _FixedCut(Segmenter):
    """A segmenter whose backend gives fixed tokens (to test _jieba_words's reading of them)."""

    def __init__(self, tokens):
        super().__init__("jieba")
        self.__dict__["_backend"] = lambda text: list(tokens)


def test_jieba_words_reads_each_line_break_as_the_next_between():
    # (tokens, between) -> the texts' words: a number put back at its line break, None starts the next text
    cases = [
        ((["共", "\n", "家"], ["12"]), [["共", "12", "家"]]),
        ((["甲", "\n", "乙", "丙"], [None]), [["甲"], ["乙", "丙"]]),
        ((["\n", "项", "\n", "\n", "元"], ["3", None, "5"]), [["3", "项"], ["5", "元"]]),
        ((["\n", "\n"], [None, None]), [[], [], []]),
        ((["整改", " ", "完成"], []), [["整改", " ", "完成"]]),
        (([], []), [[]]),
    ]
    for (tokens, between), expected in cases:
        assert _FixedCut(tokens)._jieba_words("ignored", between) == expected
