"""The candidate a rule produces, before its span is mapped back to the reported text."""
from __future__ import annotations

from dataclasses import dataclass

from ..numbers import Number


@dataclass
class Candidate:
    metric: str
    category: str | None
    number: Number
    start: int  # span in the statement
    end: int
    value: float | None
    extractor: str
    value_high: float | None = None  # when the rule reads a range the parser saw as two numbers
    # A free-text category (industry, indicator name) starts the span and ends here; the fact
    # reports it as written in the published text.
    label_end: int | None = None
    rule: str | None = None  # id of the rule (pipeline/rules/facts.yaml) that proposed it
    # The region mention the fact is about when the rule decided it ("A区、B区分别为3件、5件");
    # None: the scope of the number's position decides.
    subject: object | None = None
