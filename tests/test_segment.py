import pytest

from pipeline.segment import Segmenter, split_sentences


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
