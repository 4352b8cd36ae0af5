"""Round 17: the normalize stage's shortcuts give what the plain computations give."""
import random

import pytest

from pipeline import normalize as N
from pipeline.prefilter import reads_no_context

JUNK = ["隐藏内容", "  会员免费查看 ", "（未完，请登录）", "本站ICP备 12345号", "公网安备11010502", "Copyright © 2023",
        "COPYRIGHT (c)", "版权所有：某网站", "扫一扫在手机打开", "分享到：微信", "【字体：大 中 小】", "字号 大",
        "责任编辑：王某", "上一篇：通知", "普通用户特权", "页脚 copyrıght 2020"]
PLAIN = ["督察组进驻后，整改工作有序推进。", "数字化转型", "文字", "", "   ", "整改完成率100%。  ", "\t", "第二轮督察"]


def _texts():
    rng = random.Random(17)
    texts = ["", "\n", "文字\n\n版权所有", "copy\nright", "隐藏\n内容", "Copyright"]
    for _ in range(150):
        texts.append("\n".join(rng.choice(JUNK + PLAIN * 3) for _ in range(rng.randint(1, 12))))
    return texts


def test_junk_lines_from_whole_text_searches_are_the_lines_is_junk_line_drops():
    for text in _texts():
        for strip in (str.rstrip, lambda line: line):
            lines = [strip(line) for line in text.split("\n")]
            assert N.junk_lines(text, lines) == {i for i, line in enumerate(lines) if N.is_junk_line(line)}, text


def test_clean_drops_the_junk_lines():
    for text in _texts():
        lines = [line.rstrip() for line in text.replace("\u00a0", " ").split("\n")]
        kept = "\n".join(line for line in lines if not N.is_junk_line(line))
        assert N.clean(text) == N._BLANK_LINES.sub("\n\n", kept).strip("\n"), text


def test_clean_of_a_text_without_words_but_a_pattern_reading_context(monkeypatch):
    rules = dict(N._rules())
    anchored = __import__("re").compile(r"^\s*$x?")
    monkeypatch.setattr(N, "_rules", lambda: {**rules, "line": rules["line"] + [anchored],
                                              "line_without_words": rules["line_without_words"] + [anchored],
                                              "line_without_words_bound": [anchored]})
    text = "正文\n   \n正文"
    lines = text.split("\n")
    assert N.junk_lines(text, lines) == {1} == {i for i, line in enumerate(lines) if N.is_junk_line(line)}


@pytest.mark.parametrize("pattern, free", [
    (r"(?i)copyright\s*(©|\(c\))?", True), (r"ICP备\s*\d+", True), (r"[^a]b(c|d)*", True), (r"x{2,}+", True),
    (r"(a)?(?(1)b|c)", True), (r"^\s*版权所有", False), (r"版权所有\s*$", False), (r"a(?=b)", False),
    (r"(?:x|(?<!y)z)+", False), (r"\bword", False), (r"(?>a|b\Z)", False), (r"a|b$", False), (r"(", False)])
def test_reads_no_context(pattern, free):
    assert reads_no_context(pattern) is free


def _plain_normalized(text, steps=N.STEPS):
    a = N.Aligned.of(text)
    for step in steps:
        a = step(a)
    return a


STEP_TEXTS = ["", "整改完成。", "排放浓度 16 个，下降 21.74%", "生態(tài)環境", "生态(tai)环境", "ＰＭ２．５浓度３５",
              "全角\u3000空格后 16 个", "某某体育官网某某体育官网", "某某体(ti)育官网整改", "##paidbegin##付费##paidend##",
              "体育官网", "（一）加强监管", "(1) 加强 监管", "16\u30002", "电(dian)竞APP 12 个", "1、第一页\n2、第二页\n3、第三页",
              "甲\t16", "博彩票网址"]


def test_normalized_skipping_steps_without_their_words_is_every_step_in_turn():
    rng = random.Random(17)
    texts = STEP_TEXTS + ["".join(rng.choice(STEP_TEXTS) for _ in range(rng.randint(1, 6))) for _ in range(150)]
    for text in texts:
        fast, plain = N.normalized(text), _plain_normalized(text)
        assert (fast.text, list(fast.starts), list(fast.ends)) == (plain.text, list(plain.starts), list(plain.ends)), text
    steps = (N.half_width, N.drop_pinyin, N.drop_spam, N.join_number_spaces)
    for text in texts:
        assert N.normalized(text, steps).text == _plain_normalized(text, steps).text, text


def test_every_gated_step_has_words_that_overlap_no_other_steps():
    regex, step_words = N._step_words()
    assert set(step_words) == {N.half_width, N.drop_pinyin, N.drop_inline_junk, N.drop_spam, N.join_number_spaces}
    assert set(regex.findall("甲 乙（丙）##paid体育博彩票\u3000５")) == {" ", "（", "）", "##paid", "体育", "博彩", "\u3000", "５"} - {"）"}
    assert N._overlap("博彩", "彩票") and N._overlap("ab", "b") and not N._overlap("ab", "ab") and not N._overlap("ab", "cd")


def test_translate_gives_an_unconverted_text_back_and_converts_the_others_line_by_line():
    def plain(a, convert):  # the line-by-line rule translate's shortcuts stand for
        out = []
        for line in a.text.split("\n"):
            new = convert(line)
            out.append(new if len(new) == len(line) else "".join(N._one_char(convert, c) for c in line))
        return "\n".join(out)

    convert = N._t2s()
    for text in ["", "整改完成。\n第二行", "廣東省生態環境廳\n整改", "乾隆\n乾燥", "\n\n", "abc", "甲\n乙"]:
        a = N.Aligned.of(text)
        b = a.translate(convert)
        assert b.text == plain(a, convert) and list(b.starts) == list(a.starts) and list(b.ends) == list(a.ends), text
        if convert(text) == text:
            assert b is a


def test_clean_drops_each_invisible_character_as_the_class_did():
    import re

    plain_class = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
    assert sorted(N._INVISIBLE_CHARACTERS) == [c for c in map(chr, range(0x10000)) if plain_class.match(c)]
    for c in N._INVISIBLE_CHARACTERS + "\u200a\u2061\u00a0x":
        for text in [c, f"整改{c}完成", f"{c}\n版权所有\n正文{c}{c}", "正文"]:
            lines = [line.rstrip() for line in plain_class.sub("", text).replace("\u00a0", " ").split("\n")]
            kept = "\n".join(line for line in lines if not N.is_junk_line(line))
            assert N.clean(text) == N._BLANK_LINES.sub("\n\n", kept).strip("\n"), repr(text)
