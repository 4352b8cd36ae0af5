"""Which patterns can be scanned piecewise: the shape `context.TextIndex` relies on.

`scan_shape(pattern)` reads a pattern with the standard library's own regex parser and tells
the characters every match starts with and the longest a match can be, when a match depends on
nothing outside itself (no anchors, look-behinds or back-references). For such a pattern, a
scan of a long text begun at any position far enough (the longest match) after the previous
possible start finds the same matches as a scan of the whole text from there on.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from re import _constants as C, _parser as P

_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)


@lru_cache(maxsize=1024)
def scan_shape(pattern: re.Pattern) -> tuple[str, int] | None:
    """(the characters every match starts with, the longest match) of a pattern that can be
    scanned piecewise (see `TextIndex`), or None. A match must start with one of a few literal
    characters, be 1..1000 characters long, and look at nothing outside itself: no anchors,
    no \\b, no look-behind, no back-reference, no IGNORECASE (a look-ahead is fine: it sees the
    same text in a piece as in the whole)."""
    if not isinstance(pattern.pattern, str):
        return None
    parsed = P.parse(pattern.pattern, pattern.flags)
    if parsed.state.flags & re.IGNORECASE or not _self_contained(parsed):
        return None
    low, high = parsed.getwidth()
    first = _first(parsed)
    if low < 1 or high > 1000 or not first:
        return None
    return "".join(sorted(first)), high


def _self_contained(items) -> bool:
    """No anchor, back-reference or look-behind, no IGNORECASE group (see scan_shape)."""
    return _reads_only(items, (C.AT, C.GROUPREF, C.GROUPREF_EXISTS), looks=-1, case_matters=True)


def _reads_only(items, forbidden: tuple, looks: int, case_matters: bool = False) -> bool:
    """Whether no item of the parsed pattern, at any depth, is one of the `forbidden` opcodes, a
    look-around in the `looks` direction (-1: behind, 1: ahead), or (with `case_matters`) a group
    that ignores case."""
    for op, av in items:
        if op in forbidden:
            return False
        if op in (C.ASSERT, C.ASSERT_NOT):
            direction, sub = av
            if direction * looks > 0 or not _reads_only(sub, forbidden, looks, case_matters):
                return False
        elif op is C.SUBPATTERN:
            if (case_matters and av[1] & re.IGNORECASE) or not _reads_only(av[3], forbidden, looks, case_matters):
                return False
        elif op is C.BRANCH:
            if not all(_reads_only(b, forbidden, looks, case_matters) for b in av[1]):
                return False
        elif op in _REPEATS:
            if not _reads_only(av[2], forbidden, looks, case_matters):
                return False
    return True


def _first(items) -> set[str] | None:
    """The characters a match of the sequence can start with, or None when unknown."""
    for op, av in items:
        if op in (C.ASSERT, C.ASSERT_NOT):
            continue  # (look-aheads only, see _self_contained) zero width
        if op is C.LITERAL:
            return {chr(av)}
        if op is C.IN:
            return {chr(a) for _, a in av} if all(o is C.LITERAL for o, _ in av) else None
        if op is C.SUBPATTERN:
            return _first(av[3]) if av[3].getwidth()[0] > 0 else None
        if op is C.BRANCH:
            out = set()
            for branch in av[1]:
                first = _first(branch) if branch.getwidth()[0] > 0 else None
                if first is None:
                    return None
                out |= first
            return out
        if op in _REPEATS:
            return _first(av[2]) if av[0] >= 1 and av[2].getwidth()[0] > 0 else None
        return None
    return None


@lru_cache(maxsize=1024)
def prefix_safe(pattern: re.Pattern) -> bool:
    """Whether the matches of `pattern.finditer(text, start, pos)` are those of its scan of a
    longer span `finditer(text, start, end)` that end by `pos`, as long as none of these starts
    before `pos` and ends after it (`last_before`). True when a match reads nothing after its own
    end and never sees where the text ends: no look-ahead, no anchor (^ $ \\b ...), no
    conditional group, and at least one character long (a look-behind is fine: it reads the same
    characters in both scans)."""
    if not isinstance(pattern.pattern, str):
        return False
    parsed = P.parse(pattern.pattern, pattern.flags)
    return parsed.getwidth()[0] >= 1 and _reads_only_itself(parsed)


def _reads_only_itself(items) -> bool:
    """No anchor, conditional group or look-ahead (see prefix_safe)."""
    return _reads_only(items, (C.AT, C.GROUPREF_EXISTS), looks=1)


def last_before(matches: list[re.Match], ends: list[int], pos: int) -> re.Match | None | bool:
    """For the matches of a `prefix_safe` pattern over a span from `start` (and `ends`, theirs):
    the last match of the pattern in the span from `start` to `pos` (None: none), or False when
    one of `matches` runs across `pos` (the shorter span may hold another match there)."""
    i = bisect.bisect_right(ends, pos)  # matches[:i] end by `pos`
    if i < len(matches) and matches[i].start() < pos:
        return False
    return matches[i - 1] if i else None
