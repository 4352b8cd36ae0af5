"""first_chars.fast_search must find what pattern.search finds, from every position."""
import random
import re

from pipeline.features import lexicon
from pipeline.first_chars import fast_search, first_char_search, first_chars, lead_run_search

# made-up patterns of the shapes fast_search helps with, and of shapes it must refuse
PATTERNS = [
    r"(?:[IV]{1,3}类|劣[IV]{1,3}类)|(?:[\d*X]+(?:\.\d+)?\s*(?:%|吨|万元))|(?:PM2\.5|COD|氨氮)",
    r"已(经)?(全部|基本)?(完成|关闭)|(给予|作出).{0,12}(处分|处理)|被(责令|约谈)",
    r"(?:第[一二三]+[批轮]|[一二三两]+(?:个|项|件))",
    r"(?:(?:\d|[*X某])+年(?:(?:\d|[*X某])+月)?)|(?:截至|年底前)",
    r"a?b+c|(?:x|yz)*w",
    r"[\u4e00-\u9fff*X]{2,5}(?:局|公司|厂|站|工程)",
    r"[\u4e00-\u9fff]{0,3}(?:中心|站)",
    r"[\u4e00-\u9fff*X]{3,4}(?:局|站|中心市)",  # a word too close to the run's start: the search goes on
    r"\w+局",  # broad first characters: no helper
    r"(?i)abc|d",  # case folding: no helper
    r"^a|b",  # an anchor: no helper
    r"x*",  # may be empty: no helper
]
ALPHABET = "IV劣类0123456789.*X %吨万元PMCOD氨氮已经全部基本完成关闭给予作出处分理被责令约谈第一二三批轮两个项件年月某截至底前abcxyzw局公司厂站工程中心市\n"


def _texts(rng, n=300):
    for _ in range(n):
        yield "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))


def _same(pattern, search, text):
    for pos in range(len(text) + 1):
        a, b = pattern.search(text, pos), search(text, pos)
        assert (a is None) == (b is None), (pattern.pattern, text, pos)
        if a is not None:
            assert a.span() == b.span() and a.groups() == b.groups(), (pattern.pattern, text, pos)


def test_fast_search_finds_what_search_finds():
    rng = random.Random(5)
    helped = 0
    for source in PATTERNS:
        pattern = re.compile(source)
        search = fast_search(pattern)
        if search is None:
            continue
        helped += 1
        for text in _texts(rng):
            _same(pattern, search, text)
    assert helped == 8


def test_no_helper_where_it_cannot_be_exact_or_would_not_help():
    for source in (r"\w+局", r"(?i)abc|d", r"^a|b", r"x*", r"abc|d", r"[ab]c"):
        assert first_char_search(re.compile(source)) is None, source
    assert lead_run_search(re.compile(r"[a-z]{2,}局")) is None  # an unbounded run


def test_first_chars_holds_every_branch():
    chars = first_chars(re.compile(r"a?b+c|(?:x|yz)*w|\d"))
    assert set(re.findall(r"\\U([0-9a-f]{8})", chars)) == {f"{ord(c):08x}" for c in "abxyw"} and r"\d" in chars


def test_lexicon_patterns_on_sentences():
    lex = lexicon()
    rng = random.Random(7)
    patterns = [lex.counted, lex.any_measure, lex.any_date, lex.organization, *lex.markers.values()]
    patterns += [p.compiled if hasattr(p, "compiled") else (p.search, p.compiled)[1] for p in lex.formulas]
    words = ["第二批", "三个", "15", "吨", "2023年", "5月", "截至", "已经", "完成", "给予", "处分", "生态环境局",
             "某某公司", "污水处理厂", "PM2.5", "Ⅲ类", "全面", "加强", "坚持不懈", "，", "。", "\n"]
    for pattern in patterns:
        search = fast_search(pattern)
        if search is None:
            continue
        for _ in range(40):
            _same(pattern, search, "".join(rng.choice(words) for _ in range(rng.randint(0, 25))))

