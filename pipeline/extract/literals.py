"""The words a regex cannot match without: a cheap `in` test before a regex scan of a long text.

`required_words('(?:截至|截止|到)(?:(\\d{4})年)?')` is {截至, 截止, 到}: every match contains one
of them, so a text holding none of them has no match and need not be scanned. The pattern is
read with the standard library's own regex parser; when it promises no word (`[^，]{0,5}$`,
or an IGNORECASE pattern) the answer is None and the caller scans as before.
"""
from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as C, _parser as P

# A set of alternative words larger than this is not worth spelling out.
_MAX_WORDS = 64
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)


@lru_cache(maxsize=1024)
def required_words(pattern: re.Pattern) -> frozenset[str] | None:
    """Words one of which is in every text `pattern` finds a match in, or None when the pattern
    promises no word."""
    if not isinstance(pattern.pattern, str):
        return None
    parsed = P.parse(pattern.pattern, pattern.flags)
    if parsed.state.flags & re.IGNORECASE:
        return None
    words = _required(list(parsed))
    if not words:
        return None
    # A word holding a shorter one of the set adds nothing: the shorter is there whenever it is.
    return frozenset(w for w in words if not any(v != w and v in w for v in words))


def may_match(pattern: re.Pattern, text: str, start: int = 0, end: int | None = None) -> bool:
    """False when `pattern` surely has no match inside text[start:end] (none of its required
    words is there); True when it may have one."""
    words = required_words(pattern)
    if words is None:
        return True
    end = len(text) if end is None else end
    return any(text.find(w, start, end) >= 0 for w in words)


def _exact(items) -> set[str] | None:
    """Every string a sequence of regex items can match, when that is a small set, else None."""
    out = {""}
    for op, av in items:
        strings = _exact_item(op, av)
        if strings is None:
            return None
        out = {a + b for a in out for b in strings}
        if len(out) > _MAX_WORDS:
            return None
    return out


def _exact_item(op, av) -> set[str] | None:
    if op is C.LITERAL:
        return {chr(av)}
    if op in _ZERO_WIDTH:  # anchors and look-arounds consume nothing
        return {""}
    if op is C.SUBPATTERN:
        _group, add_flags, _del_flags, items = av
        return None if add_flags & re.IGNORECASE else _exact(items)
    if op is C.BRANCH:
        out = set()
        for branch in av[1]:
            strings = _exact(branch)
            if strings is None:
                return None
            out |= strings
        return out if len(out) <= _MAX_WORDS else None
    if op is C.IN:
        if not all(o is C.LITERAL for o, _ in av):  # ranges, classes, negations: too many strings
            return None
        return {chr(a) for _, a in av}
    if op in _REPEATS:
        low, high, items = av
        if high > 1:
            return None
        strings = _exact(items)
        if strings is None:
            return None
        return strings | {""} if low == 0 else strings
    return None


def _required(items) -> set[str] | None:
    """Words one of which every match of the sequence contains (the most selective found)."""
    options: list[set[str]] = []
    run = {""}  # the strings the current stretch of exact items can match, concatenated
    for op, av in items:
        strings = _exact_item(op, av)
        if strings is not None:
            joined = {a + b for a in run for b in strings}
            if len(joined) <= _MAX_WORDS:
                run = joined
                continue
            options.append(run)
            run = strings
            continue
        options.append(run)
        run = {""}
        inner = _required_item(op, av)
        if inner:
            options.append(inner)
    options.append(run)
    options = [o for o in options if "" not in o]
    if not options:
        return None
    # the longest shortest word is the rarest test; then the fewest words
    return max(options, key=lambda o: (min(map(len, o)), -len(o)))


def _required_item(op, av) -> set[str] | None:
    if op is C.SUBPATTERN:
        _group, add_flags, _del_flags, items = av
        return None if add_flags & re.IGNORECASE else _required(items)
    if op is C.BRANCH:
        out = set()
        for branch in av[1]:
            words = _required(branch)
            if not words:
                return None
            out |= words
        return out
    if op in _REPEATS and av[0] >= 1:
        return _required(av[2])
    return None


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
    for op, av in items:
        if op in (C.AT, C.GROUPREF, C.GROUPREF_EXISTS):
            return False
        if op in (C.ASSERT, C.ASSERT_NOT):
            direction, sub = av
            if direction < 0 or not _self_contained(sub):
                return False
        elif op is C.SUBPATTERN:
            if av[1] & re.IGNORECASE or not _self_contained(av[3]):
                return False
        elif op is C.BRANCH:
            if not all(_self_contained(b) for b in av[1]):
                return False
        elif op in _REPEATS:
            if not _self_contained(av[2]):
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
