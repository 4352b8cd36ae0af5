"""The shortcuts that make fact extraction fast give the answers of the plain computation:
the document index of last matches, the clause bisection, the rule index by counter and the
number scanner's jumps. Each is checked against the plain way on many texts, so a shortcut
that dropped or added a match fails here."""
from __future__ import annotations

import random
import re
from importlib import resources
from pathlib import Path

import pytest

from pipeline import numbers
from pipeline.extract.context import CLAUSE_SEP, Statement, TextIndex, statements
from pipeline.extract.piecewise import scan_shape
from pipeline.datafiles import load_yaml
from pipeline.extract import extract_facts
from pipeline.extract.rules import SIDES, LazyRegex, RuleFileError, load_rules, matches, parse_rules
from pipeline.extract.scope import _AS_OF
from pipeline.normalize import clean, normalized

RULES = load_rules()
FIXTURES = sorted(Path(__file__).parent.joinpath("fixtures").glob("facts_*.txt"))


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in FIXTURES]
    texts += [s for ex in RULES.examples.values() for kind in ("pos", "neg") for s in ex[kind]]
    rng = random.Random(7)
    # dense random text over the characters the patterns start with: long chains of possible starts
    alphabet = "截至止到目前年月日底末1234信访举报交办转件问题任务整改项目会议，。；\n约近超过百分之五十一二三成余多以上左右-至下降增长了*X第批共计"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 400))) for _ in range(300)]
    return texts


TEXTS = _texts()
PATTERNS = [_AS_OF, *RULES.topics.values(), *RULES.categories.values(), *RULES.modes.values(),
            re.compile("问题|题目"), re.compile("交办件?(?!数)"), re.compile("截至(?:\\d+年)?"), re.compile("第.{0,3}批")]


def _plain_last(pattern, text, start, end):
    last = None
    for last in pattern.finditer(text, start, end):
        pass
    return last


def test_scan_shape_reads_first_characters_and_width():
    assert scan_shape(re.compile("信访|举报|交办件")) == ("举交信", 3)
    assert scan_shape(_AS_OF) == ("到截", 15)
    for unsuitable in ("(?<!公)共", "^交办", "\\b办结", "第\\d+批", "x?", "[^，]{1,3}", "(a)\\1"):
        assert scan_shape(re.compile(unsuitable)) is None, unsuitable


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:20])
def test_last_match_is_the_last_of_a_plain_scan(pattern):
    rng = random.Random(pattern.pattern)
    # and texts made of the pattern's own characters: overlapping and adjacent matches everywhere
    own = re.sub(r"[\x00-\x7f]", "", pattern.pattern) + "，1"
    mixed = ["".join(rng.choice(own) for _ in range(rng.randint(1, 200))) for _ in range(200)]
    for text in TEXTS + mixed:
        index = TextIndex(text)
        for _ in range(8):
            start = rng.randint(0, len(text))
            end = rng.randint(start, len(text))
            plain = _plain_last(pattern, text, start, end)
            found = index.last_match(pattern, start, end)
            assert (found and found.span()) == (plain and plain.span()), (text, start, end)
            sliced = _plain_last(pattern, text[start:end], 0, end - start)
            assert index.last_end(pattern, start, end) == (start + sliced.end() if sliced else -1)


def test_last_end_of_a_statement_alone_and_in_its_document():
    text = "交办信访件20件。\n目前问题已整改。其中甲县3件，乙县5件。"
    for st in statements(text):
        alone = Statement(st.text, st.start)
        for p in PATTERNS:
            for pos in range(len(st.text) + 1):
                plain = _plain_last(p, st.text[:pos], 0, pos)
                expected = plain.end() if plain else None
                assert st.last_end(p, 0, pos) == expected
                assert alone.last_end(p, 0, pos) == expected
            lo = -len(st.before)
            plain = _plain_last(p, st.before + st.text, 0, len(st.before) + len(st.text))
            assert st.last_end(p, lo, len(st.text)) == (plain.end() + lo if plain else None)


def test_clauses_by_bisection_match_a_character_walk():
    def start_of(t, pos):
        while pos > 0 and t[pos - 1] not in CLAUSE_SEP:
            pos -= 1
        return pos

    def end_of(t, pos):
        while pos < len(t) and t[pos] not in CLAUSE_SEP:
            pos += 1
        return pos

    for text in TEXTS[:200]:
        st = Statement(text, 0)
        for pos in range(len(text) + 1):
            assert st.clause_start(pos) == start_of(text, pos)
            assert st.clause_end(pos) == end_of(text, pos)


def test_rules_by_counter_keep_file_order():
    units = {u for r in RULES.rules for u in r.units} | {"年", None}
    for unit in units:
        for side, found in zip(SIDES, RULES.sides(unit)):
            assert list(found) == [(i, r) for i, r in enumerate(RULES.rules) if unit in r.units and r.side == side]


class _Everything:
    def __contains__(self, item):
        return True


def test_number_scan_shortcuts_find_what_a_plain_scan_finds(monkeypatch):
    """With the jump to the next numeral and the one-character gates disabled, the scanner tries
    every position and every regex: it must find the very same numbers."""
    texts = TEXTS + ["约百分之五十", "不低于百分之百", "近3年", "超过200人", "下降了21.74%", "13.5万余件", "3-5个",
                     "三成", "5成以上", "*项", "某件", "第十五批", "唯一一家", "十四五期间", "增长\n5%"]
    fast = [list(numbers._scan(t, lone)) for t in texts for lone in (False, True)]
    monkeypatch.setattr(numbers, "_CORE_START", re.compile("(?s).|$"))
    for name in ("_LEAD_LAST", "_TAIL_FIRST", "_RANGE_FIRST", "_DIRECTION_LAST"):
        monkeypatch.setattr(numbers, name, _Everything())
    plain = [list(numbers._scan(t, lone)) for t in texts for lone in (False, True)]
    assert fast == plain


def test_rules_indexed_by_counter_and_side_match_as_every_rule_does():
    units = sorted({u for r in RULES.rules for u in r.units})
    for text in TEXTS[:150] + ["交办信访件", "已办结", "问责", "约谈了", "立案处罚", "其中"]:
        for unit in units:
            for side in range(len(SIDES)):
                expected = tuple((i, r, m.start(), m.end()) for i, r in RULES.sides(unit)[side]
                                 for m in (r.pattern.search(text),) if m)
                assert RULES.matching(unit, side, text) == expected


def test_pollution_word_is_any_label_of_two_characters():
    for text in TEXTS + ["大气污染", "涉及噪声的", "水", "固体废物3件"]:
        expected = any(label in text for label in RULES.pollution if len(label) >= 2)
        assert (RULES.pollution_word.search(text) is not None) == expected, text


def test_rule_words_are_the_words_in_the_text():
    for text in TEXTS + ["办结或阶段性办结", "未完成整改", "信访举报件", "已完成整改"]:
        assert RULES.words_in(text) == {w for w in RULES.literals if w in text}, text


def test_rules_with_a_word_present_match_as_every_rule_does():
    """A rule is searched only when one of its required words is in the text (the words of the
    statement the text is a slice of, or of the text itself): no match may be lost."""
    units = sorted({u for r in RULES.rules for u in r.units})
    rng = random.Random(11)
    texts = TEXTS[:150] + [s for ex in RULES.examples.values() for s in ex["pos"]]
    for text in texts:
        words = RULES.words_in(text)
        cuts = sorted(rng.randint(0, len(text)) for _ in range(2))
        for part, known in ((text, words), (text[cuts[0]:cuts[1]], words), (text, None)):
            for unit in units:
                for side in range(len(SIDES)):
                    kept = RULES.able(unit, side, part, known)
                    assert set(kept) <= set(RULES.sides(unit)[side])
                    assert matches(kept, part) == RULES.matching(unit, side, part), (unit, side, part)


def test_rule_words_of_every_rule_are_known():
    assert all(r.literals for r in RULES.rules)  # else the rule is searched everywhere (still right)


def test_shipped_rules_compile_when_loaded_eagerly():
    """load_rules compiles each regex on first use; every one of them compiles."""
    with resources.files("pipeline.rules").joinpath("facts.yaml").open(encoding="utf-8") as fh:
        eager = parse_rules(load_yaml(fh), "facts.yaml")
    assert [r.pattern.pattern for r in eager.rules] == [r.pattern.pattern for r in RULES.rules]
    assert "pattern" in vars(eager.rules[0]) and "topics" in vars(eager)


def test_a_bad_regex_in_lazy_rules_names_file_and_rule_at_first_use():
    with resources.files("pipeline.rules").joinpath("facts.yaml").open(encoding="utf-8") as fh:
        data = load_yaml(fh)
    data["families"]["enforcement"][0]["left"] = "(unclosed"
    lazy = parse_rules(data, "my.yaml", lazy=True)
    with pytest.raises(RuleFileError, match=r"my\.yaml: rule enforcement\.ordered\.left: bad regex"):
        lazy.rules[0].pattern
    with pytest.raises(RuleFileError, match="bad regex"):
        parse_rules(data, "my.yaml")


def _facts_of(text: str) -> list:
    text = clean(text)
    return extract_facts(normalized(text), text)


def test_facts_with_every_rule_tried_are_the_same(monkeypatch):
    """The rule words only skip searches: with every rule of a counter tried on every number
    (and no statement skipped for holding no rule word), the facts are the same."""
    texts = [p.read_text(encoding="utf-8") for p in FIXTURES]
    texts += [s for ex in RULES.examples.values() for kind in ("pos", "neg") for s in ex[kind]]
    # a link word after a clause break joins the clause before: 仍 + 有 is a rule word (仍有) that
    # the statement does not hold
    texts += ["整改任务仍，有5项。", "仍，有5项。", "反馈问题中尚，有3项。"]
    fast = [_facts_of(t) for t in texts]
    assert any(f.rule == "rectification.incomplete.left" for t in ("整改任务仍，有5项。", "仍，有5项。") for f in _facts_of(t))
    monkeypatch.setattr(type(RULES), "able_sides", lambda self, unit, present: self.sides(unit))
    monkeypatch.setattr(type(RULES), "able", lambda self, unit, side, text, words=None: self.sides(unit)[side])
    assert [_facts_of(t) for t in texts] == fast


def test_lazy_regex_compiles_on_first_use_and_answers_as_the_compiled_pattern():
    source = r"(?:共计|共|合计)?(\d+)件"
    compiled = re.compile(source)
    for method, args in [("search", ("共计12件",)), ("match", ("共3件",)), ("fullmatch", ("合计4件",)),
                         ("findall", ("共1件和2件",)), ("sub", ("N", "共1件和2件")), ("split", ("a1件b",))]:
        lazy = LazyRegex(source)
        assert "search" not in vars(lazy)  # nothing compiled yet
        got, expected = getattr(lazy, method)(*args), getattr(compiled, method)(*args)
        if isinstance(expected, re.Match):
            assert (got.span(), got.groups()) == (expected.span(), expected.groups())
        else:
            assert got == expected
        assert vars(lazy)["search"].__self__.pattern == source  # now the compiled pattern's own methods
    assert [m.span() for m in LazyRegex(source).finditer("共1件和22件")] == [(0, 3), (4, 7)]
