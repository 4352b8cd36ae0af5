"""What every extractor reads: the sentences of the normalized text and the countable numbers in them."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..numbers import Number, find_numbers
from .rules import RuleSet, load_rules

# Statements run to 。！？ or a line end; ；-separated clauses stay together so a subject
# named early in the sentence ("共性问题") still governs the clauses after it.
_STATEMENT = re.compile(r"[^。！？!?\n]+[。！？!?]*")
CLAUSE_SEP = "，,；;：:。！？!?"
_OPEN_PAREN = re.compile("[（(]")


@dataclass
class Statement:
    text: str
    start: int  # offset of the statement in the normalized document text
    before: str = ""  # the paragraph's text before this statement (a subject named there carries over)

    @cached_property
    def numbers(self) -> list[Number]:
        """Counts worth reading: a counter the rules know, not an ordinal (第十五批)."""
        units = load_rules().count_units
        return [n for n in find_numbers(self.text)
                if n.unit in units and not self.text[max(0, n.start - 1):n.start].endswith("第")]

    def clause_start(self, pos: int) -> int:
        """Start of the clause holding `pos`."""
        i = pos
        while i > 0 and self.text[i - 1] not in CLAUSE_SEP:
            i -= 1
        return i

    def clause_end(self, pos: int) -> int:
        i = pos
        while i < len(self.text) and self.text[i] not in CLAUSE_SEP:
            i += 1
        return i

    def left_of(self, k: int) -> str:
        """Text before number k, back to the previous number or the clause start."""
        n = self.numbers[k]
        start = self.clause_start(n.start)
        if k > 0:
            start = max(start, self.numbers[k - 1].end)
        return self.text[start:n.start]

    def right_of(self, k: int) -> tuple[str, bool]:
        """Text after number k up to the next number or clause end, and whether a number ends it."""
        n = self.numbers[k]
        end = self.clause_end(n.end)
        paren = _OPEN_PAREN.search(self.text, n.end, end)  # an aside says nothing about this number
        end = paren.start() if paren else end
        nxt = self.numbers[k + 1].start if k + 1 < len(self.numbers) else len(self.text)
        return self.text[n.end:min(end, nxt)], nxt < end

    def next_clause(self, k: int) -> tuple[str, int] | None:
        """The clause after number k's clause, if it holds no countable number."""
        n = self.numbers[k]
        end = self.clause_end(n.end)
        if end >= len(self.text) or self.text[end] in "。！？!?":
            return None
        start = end + 1
        stop = self.clause_end(start)
        if any(start <= m.start < stop for m in self.numbers):
            return None
        return self.text[start:stop], start


# A paragraph's lead-in is read back at most this far: a longer "paragraph" is a wall of text with
# its line structure lost, and reading all of it before every statement would be quadratic.
MAX_BEFORE = 4000


def statements(text: str) -> list[Statement]:
    out = []
    for m in _STATEMENT.finditer(text):
        floor = max(0, m.start() - MAX_BEFORE)
        paragraph_start = max(floor, text.rfind("\n", floor, m.start()) + 1)
        out.append(Statement(m.group(), m.start(), text[paragraph_start:m.start()]))
    return out


def rules() -> RuleSet:
    return load_rules()
