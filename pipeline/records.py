"""The typed records that flow through the stages.

A `Document` is created by ingest, filled in by decode / normalize / segment /
extract / classify, and turned into table rows only at export.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter

# The tables a run writes, in the order they are written and listed. A run may ask for fewer
# (`run.selected_tables`): `documents` always, `checks` with `facts`.
TABLES = ("documents", "facts", "sentences", "measures", "checks")


@dataclass
class Fact:
    """One count with its evidence; `text[char_start:char_end] == evidence`."""

    metric: str
    category: str | None
    value: float | None
    unit: str | None
    approx: bool
    redacted: bool
    evidence: str
    char_start: int
    char_end: int
    value_high: float | None = None
    extractor: str | None = None
    # Stable id of the rule (in pipeline/rules/*.yaml) that produced the fact.
    rule: str | None = None
    # Scope: null = the document's own region; else the named sub-region as written.
    subject_region: str | None = None
    subject_region_code: str | None = None
    # Time scope: ISO date (partial allowed) from 截至…; basis 'batch' (第N批 / 当日) or 'cumulative' (累计 / 共).
    as_of: str | None = None
    basis: str | None = None
    page: int | None = None  # 1-based PDF page the evidence starts on; null for other formats

    def __reduce__(self):
        # pickled as its field values: twice as fast to read back as the default (a dict per
        # fact), and a cached archive holds hundreds of thousands of facts; the values read by
        # one attrgetter call (half the time of a generator over the fields: every processed
        # document's facts are pickled back from its worker)
        return Fact, _fact_values(self)


_FACT_FIELDS = tuple(f.name for f in fields(Fact))
_fact_values = attrgetter(*_FACT_FIELDS)


@dataclass
class Sentence:
    sent_idx: int
    text: str
    char_start: int
    char_end: int
    label: str | None = None
    score: float | None = None
    tokens: str | None = None  # words of the normalized sentence, space-separated (chosen segmenter)
    # The sentence in the normalized view (what the classifier reads); not exported.
    norm: str | None = field(default=None, repr=False)
    page: int | None = None  # 1-based PDF page the sentence starts on; null for other formats


@dataclass
class Measure:
    """One rectification measure (整改措施) described in a document."""

    measure_idx: int
    text: str
    char_start: int
    char_end: int
    action: str | None = None
    domain: str | None = None
    status: str | None = None
    deadline: str | None = None
    responsible: str | None = None
    quantities: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    concrete: bool | None = None
    rule: str | None = None
    problem: str | None = None
    deadline_text: str | None = None


@dataclass
class Check:
    """An arithmetic consistency check over a document's facts."""

    check: str
    expected: float | None
    found: float | None
    passed: bool
    note: str | None = None
    subject_region: str | None = None


@dataclass
class Document:
    doc_id: str
    source: str
    format: str | None = None
    encoding: str | None = None
    sha256: str | None = None
    bytes: int | None = None
    status: str = "ok"
    error: str | None = None
    raw: bytes | None = field(default=None, repr=False)
    text: str | None = field(default=None, repr=False)
    # Normalized view for rules, aligned to `text` (see normalize.Aligned).
    norm: object | None = field(default=None, repr=False)
    meta: dict = field(default_factory=dict)
    scores: dict = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    # Where a pulled document came from (pipeline.pull): the page linking it.
    parent_url: str | None = None
    # Publication date as written by the source (ISO, partial allowed: 2023, 2023-05, 2023-05-12).
    published_date: str | None = None
    # PDF only: the text of each page as decoded, to give facts and sentences their page; not exported.
    pages: list[str] | None = field(default=None, repr=False)
    # Per sentence word and 4-gram counts and the 4-gram hashes (rescore.sentence_grams), for the
    # run-level boilerplate reference; not exported.
    grams: list | None = field(default=None, repr=False)
    # This document's rows as Arrow tables, when built where it was processed (export.document_tables).
    tables: dict | None = field(default=None, repr=False)

    def fail(self, message: str, status: str = "error") -> "Document":
        self.status, self.error = status, message
        return self

    # A document travels between processes (a worker's result, a Dask task) by pickle: its Arrow
    # tables go as IPC streams, which write and read back several times faster than pickled tables.
    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        if self.tables is not None:
            from .ipc import to_ipc

            state["tables"] = _IPCTables({name: to_ipc(table) for name, table in self.tables.items()})
        return state

    def __setstate__(self, state: dict) -> None:
        tables = state.get("tables")
        if isinstance(tables, _IPCTables):
            from .ipc import from_ipc

            state["tables"] = {name: from_ipc(data) for name, data in tables.items()}
        self.__dict__.update(state)


class _IPCTables(dict):
    """A document's tables as Arrow IPC bytes while it is pickled."""
