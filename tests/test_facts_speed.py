"""Shortcuts of the facts stage added for speed give the answers of the plain computation."""
from __future__ import annotations

import random
from pathlib import Path

from pipeline.extract.context import Statement
from pipeline.extract.rules import load_rules

RULES = load_rules()
FIXTURES = sorted(Path(__file__).parent.joinpath("fixtures").glob("facts_*.txt"))


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in FIXTURES]
    texts += [s for ex in RULES.examples.values() for kind in ("pos", "neg") for s in ex[kind]]
    rng = random.Random(5)
    # dense text of rule words and their pieces: overlapping words, words cut by a slice's edge
    pieces = [w for w in RULES.literals] + [w[:-1] for w in RULES.literals if len(w) > 1] + list("，。件项人12")
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))) for _ in range(300)]
    return texts


def test_words_between_are_the_words_in_the_slice():
    rng = random.Random(3)
    for text in _texts():
        st = Statement(text, 0)
        assert st.rule_words == RULES.words_in(text)
        for _ in range(8):
            a, b = sorted(rng.randint(0, len(text)) for _ in range(2))
            assert st.words_between(a, b) == RULES.words_in(text[a:b]), (text, a, b)
