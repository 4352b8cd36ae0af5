"""Shortcuts of the facts stage added for speed on real pages (third round) give the answers of the
plain computation."""
from __future__ import annotations

import random
import re
from importlib import resources

from pipeline.datafiles import load_yaml
from pipeline.extract.rules import _WordGated, load_rules, parse_rules

RULES = load_rules()


def _fresh_rules():
    with resources.files("pipeline.rules").joinpath("facts.yaml").open(encoding="utf-8") as fh:
        return parse_rules(load_yaml(fh), "facts.yaml", lazy=True)


def test_word_gated_patterns_answer_as_the_compiled_ones():
    """A rule's pattern searched before its first compile answers None only where the compiled
    pattern finds nothing; it compiles on the first text holding one of its words."""
    rules = _fresh_rules()
    rng = random.Random(5)
    # pieces of the rules' examples and their words, so that texts hold words with and without matches
    pieces = sorted({w for r in rules.rules for w in r.literals} | {"，", "、", "3", "12", "件", "项", "人", "家", "了", "已"})
    for r in rules.rules:
        gated = r.pattern
        assert isinstance(gated, _WordGated) and "search" not in vars(gated)
        compiled = re.compile(gated.pattern)
        texts = [s for kind in ("pos", "neg") for s in rules.examples[r.id][kind]]
        texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(200)]
        for text in texts:
            got, want = gated.search(text), compiled.search(text)
            assert (got and got.span()) == (want and want.span()), (r.id, text)
            if "search" not in vars(gated):
                assert not any(w in text for w in r.literals)  # not compiled yet: none of its words seen


def test_a_word_gated_pattern_compiles_only_for_a_text_with_its_word():
    rules = _fresh_rules()
    r = next(r for r in rules.rules if r.id == "enforcement.detained.left")
    assert r.pattern.search("立案处罚12家") is None and "search" not in vars(r.pattern)
    assert r.pattern.search("行政拘留") is not None
    assert "search" in vars(r.pattern) and vars(r.pattern)["search"].__self__.pattern == r.pattern.pattern
    # any other use compiles it at once
    other = next(r for r in rules.rules if r.id == "enforcement.detained.right")
    assert list(other.pattern.finditer("无")) == [] and "search" in vars(other.pattern)


def test_eager_rules_are_compiled_at_load():
    with resources.files("pipeline.rules").joinpath("facts.yaml").open(encoding="utf-8") as fh:
        eager = parse_rules(load_yaml(fh), "facts.yaml")
    assert all("search" in vars(r.pattern) for r in eager.rules if isinstance(r.pattern, _WordGated))


def test_the_scope_is_found_only_when_asked_and_gives_the_same_facts(monkeypatch):
    from pathlib import Path

    import pipeline.extract as extract
    from pipeline.normalize import clean, normalized

    def facts_of(text: str) -> list:
        text = clean(text)
        return extract.extract_facts(normalized(text), text)

    fixtures = sorted(Path(__file__).parent.joinpath("fixtures").glob("facts_*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in fixtures]
    texts += [s for ex in RULES.examples.values() for s in ex["pos"]]
    lazy = [facts_of(t) for t in texts]
    built = []
    original = extract._document_scope
    monkeypatch.setattr(extract, "_document_scope", lambda *a: built.append(1) or original(*a))
    assert facts_of("督察组进驻期间，各地高度重视，立行立改。") == [] and built == []  # no number: no scope
    monkeypatch.setattr(extract, "_OnFirstUse", lambda build: build())  # the scope found first, as before
    assert [facts_of(t) for t in texts] == lazy


def test_numerals_with_ten_are_read_as_cn2an_reads_them():
    """Numerals below a hundred written with 十 are read without cn2an: the same values."""
    import cn2an

    from pipeline.numbers import _chinese_value

    digits = "一二三四五六七八九"
    texts = ["十", *("十" + d for d in digits), *(d + "十" for d in digits), *(a + "十" + b for a in digits for b in digits)]
    for text in texts:
        got = _chinese_value(text)
        assert got == cn2an.cn2an(text, "normal") and str(got) == str(cn2an.cn2an(text, "normal")), text
    assert _chinese_value("十十") is None and _chinese_value("一百二十") == 120  # others still by cn2an
