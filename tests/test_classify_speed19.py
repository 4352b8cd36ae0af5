"""Round 19 of the classifier's speed work: each faster path against the plain computation."""
import re

from pipeline.first_chars import first_char_search, first_chars, table_class


def test_table_class_is_the_class_below_u10000_and_a_superset_above():
    for source in (r"a?\d+b|x", r"\s*吨|[IV]类", r"(?:\d|[*X])+年|截至"):
        chars = first_chars(re.compile(source))
        exact, table = re.compile(chars), re.compile(table_class(chars))
        assert "\\d" not in table.pattern and "\\s" not in table.pattern
        for code in range(0x10000):
            c = chr(code)
            assert bool(exact.fullmatch(c)) == bool(table.fullmatch(c)), (source, hex(code))
        for c in ("\U0001d7d8", "\U00010000", "\U0010ffff"):  # (a wide digit, and others: all taken)
            assert table.fullmatch(c)


def test_first_char_search_with_digits_and_spaces_finds_what_search_finds():
    pattern = re.compile(r"(?:[\d*X]+(?:\.\d+)?\s*(?:吨|万元|%))|\s+完成|PM2\.5")
    search = first_char_search(pattern)
    assert search is not None
    texts = ["共处理12.5 吨废水", "٣٤吨", "０.５万元", "\U0001d7d8\U0001d7d9%", "已经\u3000完成", "x", "",
             "整改PM2.5达标", "1.吨 2吨", "第三轮\t 完成", "无数字的句子", "3X万元与\n5%"]
    for text in texts:
        for pos in range(len(text) + 1):
            found, expected = search(text, pos), pattern.search(text, pos)
            assert (found and found.span()) == (expected and expected.span()), (text, pos)
