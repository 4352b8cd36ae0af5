import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import (Aligned, clean, drop_pinyin, drop_spam, half_width, join_broken_lines,
                                join_number_spaces, normalized, to_simplified)


def run(step, text):
    return step(Aligned.of(text)).text


@pytest.mark.parametrize("text, expected", [
    ("生態環境保護督察組", "生态环境保护督察组"),
    ("羣衆信訪舉報件", "群众信访举报件"),
    ("已办结56件", "已办结56件"),
])
def test_to_simplified(text, expected):
    assert run(to_simplified, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("覆盖率达到６０％以上", "覆盖率达到60%以上"),
    ("ＰＭ２．５浓度，下降；（一）", "PM2.5浓度，下降；（一）"),
    ("共计＊项", "共计*项"),
])
def test_half_width_keeps_chinese_punctuation(text, expected):
    assert run(half_width, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("生態(tài)環境", "生態環境"),
    ("整改(gai)(gai)(gai)組(zu)將(jiang)", "整改組將"),
    ("PM2.5(pm)浓度", "PM2.5(pm)浓度"),  # after a Latin letter it is not residue
    ("市(州)开展", "市(州)开展"),
])
def test_drop_pinyin(text, expected):
    assert run(drop_pinyin, text) == expected


def test_drop_spam_finds_the_brand_by_repetition():
    text = "记者获悉,督察进驻星空体育官网完成。其中星空体育官网,立案处罚2家星空体育官网,约谈3人。"
    assert run(drop_spam, text) == "记者获悉,督察进驻完成。其中,立案处罚2家,约谈3人。"


@pytest.mark.parametrize("text, expected", [
    ("已整改完成 17 个", "已整改完成17个"),
    ("比上年下降 21.74%", "比上年下降21.74%"),
    ("记者 江帆", "记者 江帆"),
])
def test_join_number_spaces(text, expected):
    assert run(join_number_spaces, text) == expected


def test_join_page_fragments():
    text = "1、第一页的内容写到这里被\n2、截断了，接着第二页继续写\n3、然后是第三页的内容。"
    assert run(join_broken_lines, text) == "第一页的内容写到这里被截断了，接着第二页继续写然后是第三页的内容。"


def test_join_hard_wrapped_lines_but_not_headings():
    lines = ["全县共有问题二十个，已经完成整改的问题有十八个，剩余的两",
             "个问题正在整改之中，预计年底前可以全部完成整改工作任务，",
             "各乡镇要按照要求抓紧推进相关工作，确保按时保质完成任务。",
             "二、下一步工作",
             "继续推进整改工作，确保全部问题按期完成，不留死角和盲区。"]
    out = run(join_broken_lines, "\n".join(lines))
    assert out.split("\n")[0] == lines[0] + lines[1] + lines[2]
    assert "\n二、下一步工作\n" in out


def test_clean_drops_junk_lines_and_keeps_script():
    text = "第一段內容。\r\n隐藏内容\r\n此处内容需要权限查看\r\n  • 普通用户特权：8.8积分\r\n第二段。\r\n扫一扫在手机上查看当前页面\r\nCopyright©2006-2019 某网站"
    assert clean(text) == "第一段內容。\n第二段。"


def test_normalized_maps_back_to_source():
    text = "截至12月6日,共收到群眾(zhong)舉(ju)報４９５６１件。"
    a = normalized(text)
    assert a.text == "截至12月6日,共收到群众举报49561件。"
    i = a.text.index("群众举报49561件")
    s, e = a.source_span(i, i + len("群众举报49561件"))
    assert text[s:e] == "群眾(zhong)舉(ju)報４９５６１件"


cjk = st.characters(min_codepoint=0x4e00, max_codepoint=0x4fff)
genre = st.sampled_from(list("，。；：（）0123456789０１２３４５６７８９％% \n|、*XX萬億項件個人(tai)(dui)國環"))
texts = st.text(st.one_of(cjk, genre), max_size=80)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_normalized_is_idempotent(text):
    once = normalized(clean(text)).text
    assert normalized(clean(once)).text == normalized(once).text


@settings(max_examples=200, deadline=None)
@given(texts)
def test_offsets_rebuild_the_text(text):
    text = clean(text)
    a = normalized(text)
    assert len(a.starts) == len(a.ends) == len(a.text)
    for i, ch in enumerate(a.text):
        s, e = a.starts[i], a.ends[i]
        assert 0 <= s < e <= len(text)
        # every character of the view comes from a source span that normalizes to it
        assert ch in normalized(text[s:e]).text
    # spans never go backwards
    assert list(a.starts) == sorted(a.starts)


def test_drop_inline_junk_markers():
    from pipeline.normalize import drop_inline_junk

    assert run(drop_inline_junk, "##paidbegin##（二）前期准备充分。##paidend##") == "（二）前期准备充分。"


# The patterns as first written (lookbehind first); normalize writes them to begin with a character
# class, which the regex engine scans for in C. They must match exactly the same spans.
_PINYIN_AS_WRITTEN = re.compile(r"(?<=[\u4e00-\u9fff])(?:[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）])+")
_NUMBER_SPACE_AS_WRITTEN = re.compile(r"(?<=[\d.%])[ \t]+(?=[\d.%\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[ \t]+(?=\d)")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=list("中文ab z(（）)\t 12３.%。xü ā\n"), max_size=40))
def test_class_first_patterns_match_what_the_lookbehind_ones_match(text):
    from pipeline.limits import _ANY_LONG_RUN, _LONG_RUN
    from pipeline.normalize import _FULLWIDTH, _KEEP_FULLWIDTH, _NUMBER_SPACE, _PINYIN

    def spans(pattern):
        return [m.span() for m in pattern.finditer(text)]

    assert spans(_PINYIN) == spans(_PINYIN_AS_WRITTEN)
    assert spans(_NUMBER_SPACE) == spans(_NUMBER_SPACE_AS_WRITTEN)
    assert spans(_FULLWIDTH) == [m.span() for m in re.finditer("[\uff01-\uff5e\u3000]", text)
                                 if m.group() not in _KEEP_FULLWIDTH]
    long = text.replace("1", "1" * 40)
    assert _LONG_RUN.search(long) is None or _ANY_LONG_RUN.search(long) is not None


def test_class_first_patterns_examples():
    assert run(drop_pinyin, "生态(tài)(hǎo) (ok)") == "生态 (ok)"
    assert run(join_number_spaces, "共 16 个，下降 21.74%  ，A 1") == "共16个，下降21.74%  ，A 1"
    assert Aligned.of("abc").starts.tolist() == [0, 1, 2] and Aligned.of("abc").ends.tolist() == [1, 2, 3]
    assert Aligned.of("").starts.tolist() == [] and Aligned.of("").starts.typecode == "q"


def test_translate_whole_text_equals_line_by_line():
    # to_simplified converts the whole text in one call when the lines keep their lengths; a
    # conversion that changes a line's length still falls back line by line, then per character.
    text = "生態環境保護督察組\n羣衆信訪舉報件\n\n已辦結56件"
    assert run(to_simplified, text) == "生态环境保护督察组\n群众信访举报件\n\n已办结56件"

    def grow(s):  # lengthens lines holding 甲: those keep their characters
        return s.replace("乙", "丙").replace("甲", "甲甲")

    a = Aligned.of("甲乙\n乙乙")
    assert a.translate(grow).text == "甲丙\n丙丙"


def test_junk_lines_found_through_their_words_as_by_every_pattern():
    """is_junk_line tries only the patterns without required words on a line holding none of the
    others' words: the same answer as trying every pattern."""
    from pipeline.normalize import _rules, is_junk_line
    from pipeline.prefilter import required_literals

    rules = _rules()
    words = sorted(set().union(*(required_literals(p) or () for p in rules["line"])))
    lines = ["隐藏内容", "  会员免费查看 ", "（未完，请登录）", "本站ICP备 12345号", "公网安备11010502",
             "Copyright © 2023", "COPYRIGHT (c)", "版权所有：某网站", "扫一扫在手机打开", "分享到：微信",
             "【字体：大 中 小】", "字号 大", "责任编辑：王某", "上一篇：通知", "普通用户特权",
             "督察组进驻后，整改工作有序推进。", "数字化转型", "文字", "", "   "]
    lines += [w for w in words if w.isprintable()] + [f"正文{w}正文" for w in words] + [f" {w}" for w in words]
    assert len(rules["line_without_words"]) < len(rules["line"])
    for line in lines:
        assert is_junk_line(line) == any(p.search(line) for p in rules["line"]), line
