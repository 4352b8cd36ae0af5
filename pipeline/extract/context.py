"""What every extractor reads: the sentences of the normalized text and the countable numbers in them."""
from __future__ import annotations

import re
# (bisect_left bound once, not read from the module at each of thousands of calls per document)
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import Callable

from ..numbers import Number, find_numbers
from .piecewise import scan_shape
from .rules import LazyRegex, RuleSet, computed_once, load_rules

# Statements run to 。！？ or a line end; ；-separated clauses stay together so a subject
# named early in the sentence ("共性问题") still governs the clauses after it.
_STATEMENT = re.compile(r"[^。！？!?\n]+[。！？!?]*")
CLAUSE_SEP = "，,；;：:。！？!?"
_CLAUSE_SEP = re.compile("[" + "".join(map(re.escape, CLAUSE_SEP)) + "]")
_OPEN_PAREN = re.compile("[（(]")
_open_paren = _OPEN_PAREN.search  # (bound once: asked for each number of a statement with an aside)
# 个 followed by a kind of region: a count of places (not 市场, 市政, 区域 ...)
_PLACES = re.compile("[省市县区州盟旗](?![场政容民级委域])")


def last_match(pattern: re.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
    """The last match of `pattern.finditer(text, pos, endpos)`, found by searching on from the end of
    each match as finditer does, without its iterator objects (measured: the facts stage 390.0 M ->
    387.3 M instructions on 20 bench documents). After an empty match finditer's own rule is needed: the
    scan is then left to it."""
    end = len(text) if endpos is None else endpos
    search = pattern.search
    found = search(text, pos, end)
    while found is not None:
        stop = found.end()  # (read once: a method call per read)
        if stop == found.start():
            last = None
            for last in pattern.finditer(text, pos, end):
                pass
            return last
        following = search(text, stop, end)
        if following is None:
            return found
        found = following
    return None


class TextIndex:
    """A document's normalized text, and for each pattern asked about, where its matches can start
    (found once per document): the last match of a subject word before each of hundreds of
    numbers is then found by scanning a few characters, not the whole paragraph each time.
    `offset` is the document offset of `text[0]`; positions are document offsets."""

    def __init__(self, text: str, offset: int = 0):
        self.text, self.offset = text, offset
        # id(pattern) -> (pattern, its scan_shape, where its matches can start). By id: hashing a
        # compiled pattern hashes its whole compiled code, a microsecond for each of thousands of calls.
        self._shapes: dict[int, tuple] = {}

    def _shape(self, pattern: re.Pattern) -> tuple:
        """(pattern, scan_shape(pattern), the positions of its first characters or None)."""
        entry = self._shapes.get(id(pattern))
        if entry is None or entry[0] is not pattern:
            shape = scan_shape(pattern)
            starts = None
            if shape is not None:
                chars = re.compile("[" + "".join(map(re.escape, shape[0])) + "]")
                starts = [m.start() for m in chars.finditer(self.text)]
            entry = self._shapes[id(pattern)] = (pattern, shape, starts)
        return entry

    def last_end(self, pattern: re.Pattern, start: int, end: int) -> int:
        """End of the last match of `pattern` in the text from `start` to `end`, read as a text of
        its own (like `pattern.finditer(text[start:end])`); -1 when there is none."""
        _, shape, starts = self._shape(pattern)
        lo, hi = start - self.offset, end - self.offset
        if shape is None:
            last = last_match(pattern, self.text[lo:hi])
            return -1 if last is None else start + last.end()
        last = self._last(pattern, shape[1], starts, lo, hi)
        return -1 if last is None else self.offset + last.end()

    def last_match(self, pattern: re.Pattern, start: int, end: int) -> re.Match | None:
        """The last match of `pattern.finditer(text, start, end)` (offsets of `text`)."""
        _, shape, starts = self._shape(pattern)
        if shape is None:
            return last_match(pattern, self.text, start, end)
        return self._last(pattern, shape[1], starts, start, end)

    def _last(self, pattern: re.Pattern, width: int, starts: list[int], lo: int, hi: int) -> re.Match | None:
        # A match starts at one of the pattern's first characters and is at most `width` long, so
        # the scan from `lo` and a scan begun at a first character further than `width` from the
        # one before it (a "chain" start) find the same matches after that point. Scan from the
        # start of the last chain before `hi`; when it holds no match, from the chain before.
        i = bisect_left(starts, hi) - 1
        while i >= 0 and starts[i] >= lo:
            j = i
            while j > 0 and starts[j - 1] >= lo and starts[j] - starts[j - 1] < width:
                j -= 1
            last = last_match(pattern, self.text, starts[j], hi)
            if last is not None:
                return last
            i = j - 1
        return None


# A list item "、label N" (the separator, then a label of Chinese characters), up to the next number.
_LIST_GAP = LazyRegex(r"[、，,；;]\s?[\u4e00-\u9fff]{1,12}\s?")
_LIST_COUNTERS = frozenset("件个起宗项")
_ARABIC = re.compile(r"\d+")


def _lend_counters(text: str, numbers: list[Number]) -> list[Number]:
    """A list item written without its counter ("…噪声8个，土壤12，生态9，其他4个", "鼓楼区31件、
    台江区12、仓山区47件") takes the counter of the items around it: a run of counterless Arabic
    numbers, each a "、label N" item, between two items of one counter, all joined by one separator."""
    if not any(n.unit is None for n in numbers):
        return numbers
    out = list(numbers)
    i = 1
    while i < len(out) - 1:
        prev = out[i - 1]
        if out[i].unit is not None or prev.unit not in _LIST_COUNTERS:
            i += 1
            continue
        j = i
        while j < len(out) and out[j].unit is None:
            j += 1
        run = out[i:j]
        if j < len(out) and out[j].unit == prev.unit \
                and all(_ARABIC.fullmatch(text, n.start, n.end) for n in run) \
                and all(_LIST_GAP.fullmatch(text, a.end, b.start) for a, b in zip([prev, *run], [*run, out[j]])) \
                and len({text[n.end] for n in [prev, *run]}) == 1:  # one separator: one list
            for k, n in enumerate(run, start=i):
                out[k] = replace(n, unit=prev.unit)
        i = j
    return out


@dataclass
class Statement:
    text: str
    start: int  # offset of the statement in the normalized document text
    # Where the statement's paragraph starts (bounded by MAX_BEFORE); None: the statement alone.
    paragraph_start: int | None = None
    index: TextIndex | None = field(default=None, repr=False, compare=False)  # the document's

    @computed_once
    def before(self) -> str:
        """The paragraph's text before this statement (a subject named there carries over)."""
        if self.paragraph_start is None or self.index is None:
            return ""
        return self.doc.text[self.paragraph_start - self.doc.offset:self.start - self.doc.offset]

    @computed_once
    def doc(self) -> TextIndex:
        """The document text around the statement (its paragraph and itself at least)."""
        return self.index if self.index is not None else TextIndex(self.text, self.start)

    def last_end(self, pattern: re.Pattern, start: int, end: int) -> int | None:
        """`TextIndex.last_end` with positions relative to the statement (a negative `start`
        reaches into `before`); None when there is no match."""
        found = self.doc.last_end(pattern, self.start + start, self.start + end)
        return found - self.start if found >= 0 else None

    def window(self, start: int, end: int) -> str:
        """The text between two positions relative to the statement (`start` may reach into `before`)."""
        return self.doc.text[max(self.start + start - self.doc.offset, 0):max(self.start + end - self.doc.offset, 0)]

    @computed_once
    def numbers(self) -> list[Number]:
        """Counts worth reading: a counter the rules know, not an ordinal (第十五批), not a count of
        places ("涉及全省6个市": the regions a batch concerns)."""
        units = load_rules().count_units
        return [n for n in _lend_counters(self.text, find_numbers(self.text))
                if n.unit in units and not (n.start > 0 and self.text[n.start - 1] == "第")
                and not (n.unit == "个" and _PLACES.match(self.text, n.end))]

    @computed_once
    def _number_starts(self) -> list[int]:
        """Where the numbers start, in order (the numbers come in text order)."""
        return [n.start for n in self.numbers]

    def has_number(self, start: int, stop: int) -> bool:
        """Whether a countable number starts in text[start:stop] (a binary search: clauses are
        asked about for many numbers of a long statement)."""
        starts = self._number_starts
        i = bisect_left(starts, start)
        return i < len(starts) and starts[i] < stop

    @computed_once
    def rule_words(self) -> frozenset[str]:
        """The words of the fact rules' `literals` in the statement (see `RuleSet.able`)."""
        return load_rules().words_in(self.text)

    @computed_once
    def may_skip(self) -> bool:
        """Whether a `not_counted` rule may exclude a number of the statement (the words before and
        after a number are slices of it: without any of the rules' words, none can)."""
        words = load_rules().skip_words
        return words is None or words.search(self.text) is not None

    @computed_once
    def _breaks(self) -> list[int]:
        """Positions of the clause separators, so that finding a clause is a binary search. (Read
        from the lengths of the pieces between them, each separator one character: no match
        object per separator; measured on 20 bench documents: _breaks 8.7 M -> 6.7 M instructions.)"""
        out, at = [], -1
        for piece in _CLAUSE_SEP.split(self.text)[:-1]:
            at += len(piece) + 1
            out.append(at)
        return out

    def clause_start(self, pos: int) -> int:
        """Start of the clause holding `pos`: just after the last separator before it."""
        if pos <= 0:
            return pos
        i = bisect_left(self._breaks, pos)
        return self._breaks[i - 1] + 1 if i else 0

    def clause_end(self, pos: int) -> int:
        """The first separator at or after `pos` (the text's end when there is none)."""
        if pos >= len(self.text):
            return pos
        i = bisect_left(self._breaks, max(pos, 0))
        return self._breaks[i] if i < len(self._breaks) else len(self.text)

    def left_of(self, k: int) -> str:
        """Text before number k, back to the previous number or the clause start."""
        return self.lefts[k]

    def right_of(self, k: int) -> tuple[str, bool]:
        """Text after number k up to the next number or clause end, and whether a number ends it."""
        return self.rights[k]

    @computed_once
    def lefts(self) -> list[str]:
        """`left_of` of every number, in one pass (every extractor asks for them, some more than
        once: a call and a memo look-up per question cost more than all of them at once)."""
        text, breaks, out = self.text, self._breaks, []
        previous_end = 0
        for n in self.numbers:
            i = bisect_left(breaks, n.start)  # (the clause start: after the separator before it)
            start = breaks[i - 1] + 1 if i else 0
            out.append(text[max(start, previous_end):n.start])
            previous_end = n.end
        return out

    @computed_once
    def rights(self) -> list[tuple[str, bool]]:
        """`right_of` of every number, in one pass (as `lefts`)."""
        text, breaks, numbers, out = self.text, self._breaks, self.numbers, []
        size = len(text)
        asides = "（" in text or "(" in text
        for k, n in enumerate(numbers):
            i = bisect_left(breaks, n.end)  # (the clause end: the separator at or after it)
            end = breaks[i] if i < len(breaks) else size
            paren = _open_paren(text, n.end, end) if asides else None  # an aside says nothing about this number
            end = paren.start() if paren else end
            nxt = numbers[k + 1].start if k + 1 < len(numbers) else size
            out.append((text[n.end:min(end, nxt)], nxt < end))
        return out

    def prev_clause(self, k: int) -> str | None:
        """The clause before number k's clause, if it holds no countable number."""
        n = self.numbers[k]
        start = self.clause_start(n.start)
        if start == 0:
            return None
        begin = self.clause_start(start - 1)
        if self.has_number(begin, start):
            return None
        return self.text[begin:start - 1]

    def next_clause(self, k: int) -> tuple[str, int] | None:
        """The clause after number k's clause, if it holds no countable number."""
        return self.clause_after(self.numbers[k].end)

    def clause_after(self, pos: int) -> tuple[str, int] | None:
        """(text, start) of the clause after the one holding `pos`, in the same sentence, if it
        holds no countable number."""
        # (`clause_end` twice, written out: the separator ending the clause is breaks[i], the next
        # one breaks[i + 1]; asked for most numbers that no rule reads by the words after them)
        text, breaks = self.text, self._breaks
        if pos >= len(text):
            return None
        i = bisect_left(breaks, max(pos, 0))
        if i >= len(breaks) or text[breaks[i]] in "。！？!?":
            return None
        start = breaks[i] + 1
        stop = breaks[i + 1] if i + 1 < len(breaks) else len(text)
        if self.has_number(start, stop):
            return None
        return text[start:stop], start


# A sentence longer than this (a page whose full stops were lost) is cut at its last ； or ，
# before the limit, so that reading a number never re-reads megabytes before it.
MAX_STATEMENT = 1200
# A paragraph's lead-in is read back at most this far, for the same reason.
MAX_BEFORE = 4000
_CUT = LazyRegex("[；;，,]")


def statements(text: str) -> list[Statement]:
    out = []
    index = TextIndex(text)
    newline, previous_end = -1, 0  # the last line break before the statement (none is inside one)
    for m in _STATEMENT.finditer(text):
        start, end = m.span()
        gap_newline = text.rfind("\n", previous_end, start)
        newline = gap_newline if gap_newline >= 0 else newline
        previous_end = end
        for start, end in _pieces(text, start, end) if end - start > MAX_STATEMENT else ((start, end),):
            floor = max(0, start - MAX_BEFORE)
            # (max(floor, text.rfind("\n", floor, start) + 1): the paragraph's start, bounded)
            paragraph_start = newline + 1 if newline >= floor else floor
            out.append(Statement(text[start:end], start, paragraph_start, index))
    return out


def _pieces(text: str, start: int, end: int):
    while end - start > MAX_STATEMENT:
        cut = max((c.end() for c in _CUT.finditer(text, start + MAX_STATEMENT // 2, start + MAX_STATEMENT)),
                  default=start + MAX_STATEMENT)
        yield start, cut
        start = cut
    yield start, end


# The loaded rule set (`load_rules` is cached); an alias, not a wrapper: extractors ask for it
# in their inner loops.
rules: Callable[[], RuleSet] = load_rules
