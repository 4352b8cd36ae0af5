"""Round 17 of the facts stage's speed work: each shortcut equals the plain computation it replaces."""
import random

from pipeline.extract.rules import load_rules
from pipeline.extract.scope import BasisCues, basis_at


def test_basis_cues_at_many_positions_are_basis_at():
    """`BasisCues.at` (its cue search written out) for many facts of a sentence, in any order, some
    right after a cue word (共3件) or at the 共 of 共性, is `basis_at` of the sentence up to the fact."""
    rules = load_rules()
    text = "本批共同交办，共3件；公共设施共性问题累计5件。\n第二批合计共7件，当日共4件。本批共性问题2件"
    cues = BasisCues(text, rules.basis, rules.basis_words)
    cases = {(0, 8): "cumulative", (0, 2): "batch", (0, 4): "batch",  # 共同 is no cue
             (0, 16): "cumulative",  # a slice ending at the 共 of 共性
             (0, 17): "cumulative", (0, 21): "cumulative", (24, 28): "batch", (24, 32): "cumulative",
             (24, 37): "cumulative", (24, 39): "cumulative",
             (40, 43): "cumulative", (40, 44): "batch", (40, 47): "batch"}  # 本批共 | 性问题
    for (start, pos), expected in [*cases.items(), *reversed(cases.items())]:
        assert cues.at(start, pos) == expected, text[start:pos]
        assert basis_at(text[start:pos], pos - start, rules.basis) == expected, text[start:pos]
    rng = random.Random(1717)
    pieces = ["累计", "共", "公共", "共性", "共同", "共计", "合计", "第", "十", "3", "批", "本批", "当日", "同日",
              "性", "同", "公", "件", "，", "。", "\n"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        cues = BasisCues(text, rules.basis, rules.basis_words)
        starts = [rng.randint(0, len(text)) for _ in range(3)]
        for _ in range(30):
            start = rng.choice(starts)
            pos = rng.randint(start, len(text))
            assert cues.at(start, pos) == basis_at(text[start:pos], pos - start, rules.basis), (text, start, pos)
