import re
from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.numbers import NUMBER_RE, UNIT_RE, Number, find_numbers, parse_number


def number(value, unit, start, end, approx=False, redacted=False, value_high=None, sign=0):
    return Number(value=value, unit=unit, approx=approx, redacted=redacted, start=start, end=end,
                  value_high=value_high, sign=sign)


PARSED = [
    # Arabic, separators, decimals
    ("26项", number(26.0, "项", 0, 3)),
    ("1,234件", number(1234.0, "件", 0, 6)),
    ("43.5", number(43.5, None, 0, 4)),
    ("59.152%", number(59.152, "%", 0, 7)),
    ("０３件", number(3.0, "件", 0, 3)),
    ("１２．５％", number(12.5, "%", 0, 5)),
    # Chinese numerals, including the forms cn2an's strict mode rejects
    ("二十六项", number(26.0, "项", 0, 4)),
    ("一百三十六件", number(136.0, "件", 0, 6)),
    ("一百十六人", number(116.0, "人", 0, 5)),
    ("十万零一千", number(101000.0, None, 0, 5)),
    ("两家", number(2.0, "家", 0, 2)),
    ("十五个", number(15.0, "个", 0, 3)),
    ("十项", number(10.0, "项", 0, 2)),
    ("两千零二十一", number(2021.0, None, 0, 6)),
    ("三千五", number(3500.0, None, 0, 3)),
    ("一万二", number(12000.0, None, 0, 3)),
    ("十三点五万", number(135000.0, None, 0, 5)),
    ("四十点二", number(40.2, None, 0, 4)),
    ("一亿二千万元", number(120000000.0, "元", 0, 6)),
    ("二〇二一年", number(2021.0, "年", 0, 5)),
    ("一九九八年", number(1998.0, "年", 0, 5)),
    ("十", number(10.0, None, 0, 1)),
    # magnitudes
    ("13.5万余件", number(135000.0, "件", 0, 7, approx=True)),
    ("3.5万", number(35000.0, None, 0, 4)),
    ("3.5万余", number(35000.0, None, 0, 5, approx=True)),
    ("13万2", number(132000.0, None, 0, 4)),
    ("13万2千", number(132000.0, None, 0, 5)),
    ("1亿2000万", number(120000000.0, None, 0, 7)),
    ("3万5000元", number(35000.0, "元", 0, 7)),
    ("10.20亿元", number(1.02e9, "元", 0, 7)),
    ("762.9876万元", number(7629876.0, "元", 0, 10)),
    ("二百余万元", number(2000000.0, "元", 0, 5, approx=True)),
    ("十余万人", number(100000.0, "人", 0, 4, approx=True)),
    ("3余万吨", number(30000.0, "吨", 0, 4, approx=True)),
    ("2.6万亿元", number(2.6e12, "元", 0, 6)),
    # qualifiers
    ("约3000人", number(3000.0, "人", 0, 6, approx=True)),
    ("超过200人", number(200.0, "人", 0, 6, approx=True)),
    ("近1700件", number(1700.0, "件", 0, 6, approx=True)),
    ("逾百分之八十", number(80.0, "%", 0, 6, approx=True)),
    ("不低于95%", number(95.0, "%", 0, 6, approx=True)),
    ("3000余件", number(3000.0, "件", 0, 6, approx=True)),
    ("二十多个", number(20.0, "个", 0, 4, approx=True)),
    ("十余", number(10.0, None, 0, 2, approx=True)),
    ("二百余", number(200.0, None, 0, 3, approx=True)),
    ("100人左右", number(100.0, "人", 0, 6, approx=True)),
    ("近3年", number(3.0, "年", 1, 3)),  # 近 + a time span: "the last three years"
    ("近5个月", number(5.0, "个月", 1, 4)),
    # percentages
    ("60%以上", number(60.0, "%", 0, 5, approx=True)),
    ("100％", number(100.0, "%", 0, 4)),
    ("三成", number(30.0, "%", 0, 2)),
    ("九成以上", number(90.0, "%", 0, 4, approx=True)),
    ("百分之六十", number(60.0, "%", 0, 5)),
    ("百分之百", number(100.0, "%", 0, 4)),
    ("百分之十二点五", number(12.5, "%", 0, 7)),
    ("5个百分点", number(5.0, "个百分点", 0, 5)),
    # signs
    ("下降21.74%", number(21.74, "%", 2, 8, sign=-1)),
    ("减少了3件", number(3.0, "件", 3, 5, sign=-1)),
    ("提高约5个百分点", number(5.0, "个百分点", 2, 8, approx=True, sign=1)),
    ("增长12%", number(12.0, "%", 2, 5, sign=1)),
    ("下降到20%", number(20.0, "%", 3, 6)),  # a level reached, not a change
    # ranges
    ("3-5个", number(3.0, "个", 0, 4, value_high=5.0)),
    ("三到五项", number(3.0, "项", 0, 4, value_high=5.0)),
    ("3至5家", number(3.0, "家", 0, 4, value_high=5.0)),
    ("3～5", number(3.0, None, 0, 3, value_high=5.0)),
    ("一到两个", number(1.0, "个", 0, 4, value_high=2.0)),
    ("3-5万元", number(30000.0, "元", 0, 5, value_high=50000.0)),
    ("2021-2025年", number(2021.0, "年", 0, 10, value_high=2025.0)),
    # masked
    ("*项", number(None, "项", 0, 2, redacted=True)),
    ("**件", number(None, "件", 0, 3, redacted=True)),
    ("＊家", number(None, "家", 0, 2, redacted=True)),
    ("X个", number(None, "个", 0, 2, redacted=True)),
    ("XX件", number(None, "件", 0, 3, redacted=True)),
    ("x人", number(None, "人", 0, 2, redacted=True)),
    ("1*件", number(None, "件", 0, 3, redacted=True)),
    ("20X年", number(None, "年", 0, 4, redacted=True)),
    ("202*", number(None, None, 0, 4, redacted=True)),
    ("*.*%", number(None, "%", 0, 4, redacted=True)),
    ("*万元", number(None, "元", 0, 3, redacted=True)),
    ("*余件", number(None, "件", 0, 3, approx=True, redacted=True)),
    ("*余万元", number(None, "元", 0, 4, approx=True, redacted=True)),
    ("3*万余人", number(None, "人", 0, 5, approx=True, redacted=True)),
    ("某件", number(None, "件", 0, 2, redacted=True)),
    ("*-*项", number(None, "项", 0, 4, redacted=True)),
    # a number inside a longer span
    ("共有26项", number(26.0, "项", 2, 5)),
]


@pytest.mark.parametrize("span, expected", PARSED, ids=[p[0] for p in PARSED])
def test_parse_number(span, expected):
    assert parse_number(span) == expected


@pytest.mark.parametrize("span", ["", "整改工作", "一些", "某项", "某个", "XX市", "PM", "十四五"])
def test_parse_number_finds_nothing(span):
    assert parse_number(span) is None


@pytest.mark.parametrize("text", [
    "一些", "十分重要", "三令五申", "一岗双责", "二是压实责任", "一起研究部署", "一次性解决",
    "一成不变", "十四五规划", "十三五期间", "XX市", "**县", "某镇", "某项工作", "某个环节",
    "其一", "万一", "千万不能", "PM2.5浓度", "进一步", "五位一体", "三大攻坚战",
])
def test_find_numbers_ignores_ordinary_words(text):
    assert find_numbers(text) == []


def spans(text):
    return [(text[n.start:n.end], n.value, n.unit, n.approx, n.redacted, n.value_high, n.sign)
            for n in find_numbers(text)]


def test_find_numbers_in_a_report_sentence():
    text = "督察组转办的群众举报件2,150件中，已办结2,098件，阶段性办结52件，办结率达到97.6%。"
    assert spans(text) == [
        ("2,150件", 2150.0, "件", False, False, None, 0),
        ("2,098件", 2098.0, "件", False, False, None, 0),
        ("52件", 52.0, "件", False, False, None, 0),
        ("97.6%", 97.6, "%", False, False, None, 0),
    ]


def test_find_numbers_with_masks_and_chinese_numerals():
    text = "反馈问题共*项，其中二十项已完成，其余X项正在推进，约谈干部十余人。"
    assert spans(text) == [
        ("*项", None, "项", False, True, None, 0),
        ("二十项", 20.0, "项", False, False, None, 0),
        ("X项", None, "项", False, True, None, 0),
        ("十余人", 10.0, "人", True, False, None, 0),
    ]


def test_find_numbers_with_money_signs_and_dates():
    text = "2022年共罚款1,286.5万元，案件数同比下降18.2%，较上年增加了6起。"
    assert spans(text) == [
        ("2022年", 2022.0, "年", False, False, None, 0),
        ("1,286.5万元", 12865000.0, "元", False, False, None, 0),
        ("18.2%", 18.2, "%", False, False, None, -1),
        ("6起", 6.0, "起", False, False, None, 1),
    ]


def test_find_numbers_keeps_a_case_counted_with_yi_qi():
    assert spans("查处一起非法倾倒案件") == [("一起", 1.0, "起", False, False, None, 0)]


def test_find_numbers_reads_past_a_non_number_digit_run():
    assert spans("全市唯一一家") == [("一家", 1.0, "家", False, False, None, 0)]


def test_find_numbers_does_not_read_a_descending_pair_as_range():
    assert spans("时间为2023-12") == [("2023", 2023.0, None, False, False, None, 0),
                                  ("12", 12.0, None, False, False, None, 0)]


def test_find_numbers_leaves_a_word_after_arabic_cheng():
    assert spans("取得3成效") == [("3", 3.0, None, False, False, None, 0)]


def test_find_numbers_ordinal_is_found_with_di_before_it():
    text = "第十五批次"
    [found] = find_numbers(text)
    assert (found.value, found.unit, text[found.start - 1]) == (15.0, "批", "第")


@pytest.mark.parametrize("text, core", [
    ("办结二百余件", "二百余"),
    ("办结3-5件", "3-5"),
    ("办结*件", "*"),
    ("办结13.5万件", "13.5万"),
    ("办结三到五件", "三到五"),
    ("办结1,234件", "1,234"),
    ("办结某件", "某"),
])
def test_number_re_embeds_in_larger_patterns(text, core):
    m = re.fullmatch(rf"办结(?P<n>{NUMBER_RE})件", text)
    assert m is not None and m.group("n") == core


def test_number_re_has_no_groups_of_its_own():
    pattern = re.compile(rf"(?P<a>{NUMBER_RE})项和(?P<b>{NUMBER_RE})项")
    assert pattern.groupindex.keys() == {"a", "b"} and pattern.groups == 2


@pytest.mark.parametrize("unit", ["项", "件", "个", "人", "家", "起", "座", "宗", "吨", "元", "万元", "亿元", "%",
                                  "％", "成", "个百分点"])
def test_unit_re_matches_counters(unit):
    assert re.fullmatch(UNIT_RE, unit)


def test_unit_re_prefers_the_longest_counter():
    assert re.match(UNIT_RE, "个百分点").group() == "个百分点"
    assert re.match(UNIT_RE, "人次").group() == "人次"


# cn2an rejects a part after 亿 that opens with thousands (its own an2cn writes them so): the sum of
# the two groups, never the part after 亿 alone
@pytest.mark.parametrize("text, value", [
    ("四十九亿一千", 4_900_001_000), ("两亿三千五百", 200_003_500), ("一亿一千零一", 100_001_001),
    ("一万亿一千", 1_000_000_001_000), ("三亿八千零二十", 300_008_020),
    ("一亿一百", 100_000_100), ("四十九亿一千万", 4_910_000_000), ("一亿一千万零一千", 110_001_000),
])
def test_numerals_with_a_part_after_yi_read_whole(text, value):
    found = parse_number(text)
    assert (found.value, found.start, found.end) == (value, 0, len(text))


# --- properties ---

@given(st.integers(min_value=0, max_value=10**12))
def test_chinese_numerals_parse_back(n):
    assert parse_number(cn2an.an2cn(n)).value == n


@given(st.integers(min_value=0, max_value=10**12))
def test_chinese_numerals_before_a_counter_are_found_whole(n):
    text = cn2an.an2cn(n) + "项"
    [found] = find_numbers(text)
    assert (found.value, found.unit, found.start, found.end) == (n, "项", 0, len(text))


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([("万", 4), ("亿", 8)]))
def test_arabic_with_magnitude_parses_back(n, magnitude):
    word, power = magnitude
    text = format(Decimal(n) / Decimal(10) ** power, "f") + word + "元"
    found = parse_number(text)
    assert (found.value, found.unit) == (n, "元")


@given(st.integers(min_value=0, max_value=10**15))
def test_arabic_count_parses_back(n):
    found = parse_number(str(n) + "件")
    assert (found.value, found.unit, found.end) == (n, "件", len(str(n)) + 1)


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators_and_full_width_digits_parse_back(n):
    assert parse_number(f"{n:,}人").value == n
    full_width = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_number(full_width + "人").value == n


_FRAGMENTS = ["共", "已完成", "其中", "，", "。", "约", "下降", "超过", "第", "项", "件", "人", "万", "余", "%",
              "以上", "二十", "一", "十", "三", "两", "百", "零", "〇", "X", "*", "某", "3", "12", "5.5", "-", "至",
              "到", "成", "一些", "十分", "年", "PM", "点", "亿", ",", "多", "近", "百分之"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=14))
def test_found_spans_are_ordered_and_parse_back_alone(pieces):
    text = "".join(pieces)
    found = find_numbers(text)
    last_end = 0
    for n in found:
        assert last_end <= n.start < n.end <= len(text)
        last_end = n.end
        again = parse_number(text[n.start:n.end])
        assert (again.value, again.unit, again.approx, again.redacted, again.value_high) == \
            (n.value, n.unit, n.approx, n.redacted, n.value_high)
        assert (again.start, again.end) == (0, n.end - n.start)


_ODD_ALPHABET = "一二三四五六七八九十百千万亿零〇两点余多约近超过以上左右项件个人%成*X某.,-至到0123456789第年"


@settings(max_examples=300)
@given(st.text(alphabet=_ODD_ALPHABET, max_size=20))
def test_find_numbers_never_fails_on_odd_text(text):
    for n in find_numbers(text):
        assert 0 <= n.start < n.end <= len(text)
        assert n.redacted == (n.value is None)


def test_hundred_percent_needs_its_prefix():
    # found by hypothesis: a bare 百 after an earlier numeral is not 百分之百
    assert [(n.value, n.unit) for n in find_numbers("一百分之百项")] == [(100.0, None)]
    assert [(n.value, n.unit) for n in find_numbers("百分之百")] == [(100.0, "%")]
