r"""A faster search for a regex that Python's engine can only try at every character.

`re` skips ahead to where a match can begin only when a pattern starts with a literal, a
character class, or an alternation whose branches all start with a literal. Others, such as
`(?:[IV]{1,3}类|...)|(?:[\d*X]+...)` or `已(经)?...|(给予|作出)...`, are tried at each
position of the text: a full match attempt per character, most of a scan's cost on long texts.

`first_char_search(pattern)` returns a `search(string, pos)` with the same result as
`pattern.search(string, pos)` for such a pattern: the characters any match can begin with are
read from the parsed pattern (`first_chars`), and a helper pattern `[those](?<=(?=P).)` is
searched instead. It begins with a class, so the engine skips to the candidate characters, and
matches one where P itself matches (the look-behind steps back over the character, the
look-ahead tries P there): the leftmost such place is where P's leftmost match begins, and
`pattern.match` there gives that very match. None when the pattern needs no help, when its first
characters are not known (a match may begin anywhere or be empty, anchors, look-around, case
folding) or are most characters of Chinese text (all of CJK, \w), or when the helper does not compile.

`lead_run_search` helps a pattern that is a bounded run of one class followed by one of some words
(the classifier's organizations): see there. `fast_search` gives whichever applies.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

try:  # the parser of the `re` module (Python 3.11+); older names kept for 3.10
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _P  # type: ignore[no-redef]

# the classes that are few characters in Chinese text (\w, \S ... are most of it)
_CATEGORIES = {_C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_SPACE: r"\s"}
_REPEATS = tuple(getattr(_C, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_C, name))


class _Unknown(Exception):
    pass


def first_chars(pattern: re.Pattern) -> str | None:
    """A character class (as regex source) holding every character a match of `pattern` can
    begin with; None when not known or when a match may be empty."""
    if pattern.flags & (re.IGNORECASE | re.LOCALE | re.VERBOSE):
        return None
    try:
        items, nullable = _first(_parsed(pattern))
    except (_Unknown, re.error, RecursionError):
        return None
    if nullable or not items:
        return None
    return "[" + "".join(items) + "]"


# A pattern that is no more than words between bars (no other regex syntax) has a literal or
# class prefix already: no need to parse it (the classifier's word lists are long).
_SYNTAX = re.compile(r"[()\[\]{}?*+.\\^$]")


@lru_cache(maxsize=512)
def _parsed_source(source: str, flags: int) -> list:
    return list(_P.parse(source, flags))


def _parsed(pattern: re.Pattern) -> list:
    """The parsed top level of `pattern` (parsed once for the three questions asked of it)."""
    return _parsed_source(pattern.pattern, pattern.flags)


def _first(sequence: list) -> tuple[list[str], bool]:
    """(class items any match of the sequence can begin with, whether it can match empty)."""
    items: list[str] = []
    for op, av in sequence:
        found, nullable = _first_of(op, av)
        items += found
        if not nullable:
            return items, False
    return items, True


_BROAD = 256  # a range of more characters than this (all of CJK) is no help as a first character


def _first_of(op, av) -> tuple[list[str], bool]:
    if op is _C.LITERAL:
        return [_char(av)], False
    if op is _C.IN:
        items = []
        for kind, value in av:
            if kind is _C.LITERAL:
                items.append(_char(value))
            elif kind is _C.RANGE:
                if value[1] - value[0] > _BROAD:
                    raise _Unknown
                items.append(_char(value[0]) + "-" + _char(value[1]))
            elif kind is _C.CATEGORY and value in _CATEGORIES:
                items.append(_CATEGORIES[value])
            else:  # a negated class, case folding ...
                raise _Unknown
        return items, False
    if op is _C.BRANCH:
        items, nullable = [], False
        for branch in av[1]:
            found, empty = _first(list(branch))
            items += found
            nullable |= empty
        return items, nullable
    if op is _C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            raise _Unknown
        return _first(list(sub))
    if op in _REPEATS:
        low, _high, sub = av
        found, empty = _first(list(sub))
        return found, empty or low == 0
    if op is getattr(_C, "ATOMIC_GROUP", None):
        return _first(list(av))
    if op in (_C.ASSERT, _C.ASSERT_NOT):  # a look-ahead or look-behind consumes nothing: the next item begins the match
        return [], True
    raise _Unknown  # any character, anchors, back-references ...


def _char(code: int) -> str:
    return f"\\U{code:08x}"


def _has_prefix(pattern: re.Pattern) -> bool:
    """Whether `re` already skips to where a match can begin (see the module docstring)."""
    try:
        data = _parsed(pattern)
    except re.error:
        return False
    while data and data[0][0] is _C.SUBPATTERN and not data[0][1][1] and not data[0][1][2]:
        data = list(data[0][1][3])
    if not data:
        return False
    op, av = data[0]
    if op in (_C.LITERAL, _C.IN):
        return True
    return op is _C.BRANCH and all(branch and list(branch)[0][0] is _C.LITERAL for branch in av[1])


@lru_cache(maxsize=512)
def first_char_search(pattern: re.Pattern):
    """`search(string, pos=0)` giving `pattern.search(string, pos)`, faster for a pattern that
    `re` tries at every character (module docstring); None when there is no such help."""
    if _has_prefix(pattern):
        return None
    chars = first_chars(pattern)
    if chars is None:
        return None
    try:
        helper = re.compile(f"{table_class(chars)}(?<=(?=(?:{pattern.pattern})).)", pattern.flags)
    except (re.error, RecursionError):
        return None
    find, match = helper.search, pattern.match

    def search(string: str, pos: int = 0):
        found = find(string, pos)
        return None if found is None else match(string, found.start())

    return search


def table_class(chars: str) -> str:
    r"""The class `chars` (first_chars' source) with its categories (\d, \s) spelled as ranges of
    characters below U+10000 and one range of all those above (a superset of the class, which is
    all the helper of first_char_search needs: its look-ahead tries the pattern itself). `re` tests a
    class of characters and ranges alone by one table look-up; a class holding a category, by a
    test of each of its items in turn (measured: the classifier's measure and date flags over
    20 bench documents 237.3 M -> 232.3 M instructions, 20 real pages 98.1 M -> 97.2 M)."""
    for category in _SPELLED_CATEGORIES:
        if category in chars:
            chars = chars.replace(category, _spelled_ranges(category) + _char(0x10000) + "-" + _char(0x10FFFF))
    return chars


_SPELLED_CATEGORIES = (r"\d", r"\s")  # (of str patterns: the categories table_class spells out)


@lru_cache(maxsize=None)
def _spelled_ranges(category: str) -> str:
    """The characters below U+10000 of a category (\\d, \\s), as class ranges (regex source): its runs
    found by one regex scan of all those characters (a Python test per character cost ~57 M
    instructions at a process's first use)."""
    every = np.arange(0x10000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    return "".join(_char(m.start()) + "-" + _char(m.end() - 1) for m in re.finditer(category + "+", every))


@lru_cache(maxsize=512)
def lead_run_search(pattern: re.Pattern):
    """`search(string, pos=0)` giving `pattern.search(string, pos)` for a pattern that is a run of
    one class then one of some words, as `[\u4e00-\u9fff]{2,12}(?:局|公司|...)`: `re` tries the
    run at every character of the class and, backing off, the words after each of its lengths.
    Instead: the first place q from pos + lo that holds a word (lo, hi: the run's bounds) is found
    by a scan for the words. The leftmost match begins at or after q - hi (its word is at q or
    later, at most hi after its start) and after the last character before q outside the class (its
    run reaches its word): so at the start s of the run of class characters that ends at q, at most
    hi long. When a match begins at s, it is the leftmost; else the search goes on from s + 1.
    None for other patterns."""
    if pattern.flags & (re.IGNORECASE | re.LOCALE | re.VERBOSE):
        return None
    try:
        data = _parsed(pattern)
        if len(data) != 2 or data[0][0] is not _C.MAX_REPEAT:
            return None
        low, high, run = data[0][1]
        run = list(run)
        if high is _C.MAXREPEAT or len(run) != 1 or run[0][0] is not _C.IN:
            return None
        words = _words(*data[1])
        if not words:
            return None
        find_word = re.compile("|".join(map(re.escape, words))).search
        run_start = re.compile(_class_source(run[0][1]) + r"*\Z", pattern.flags).search
    except (_Unknown, re.error):
        return None
    search, match = pattern.search, pattern.match

    def run_search(string: str, pos: int = 0):
        word = find_word(string, pos + low)
        if word is None:
            return None
        q = word.start()
        start = run_start(string, max(pos, q - high), q).start()  # (the string ends at q here: \Z matches)
        found = match(string, start)
        return found if found is not None else search(string, start + 1)

    return run_search


def _class_source(items) -> str:
    """A parsed character class as regex source."""
    out = []
    for kind, value in items:
        if kind is _C.LITERAL:
            out.append(_char(value))
        elif kind is _C.RANGE:
            out.append(_char(value[0]) + "-" + _char(value[1]))
        elif kind is _C.CATEGORY and value in _ALL_CATEGORIES:
            out.append(_ALL_CATEGORIES[value])
        else:
            raise _Unknown
    return "[" + "".join(out) + "]"


_ALL_CATEGORIES = {
    _C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_NOT_DIGIT: r"\D", _C.CATEGORY_SPACE: r"\s",
    _C.CATEGORY_NOT_SPACE: r"\S", _C.CATEGORY_WORD: r"\w", _C.CATEGORY_NOT_WORD: r"\W",
}


def _words(op, av) -> list[str] | None:
    """The words of an alternation of plain words (a group of one); None for anything else."""
    while op is _C.SUBPATTERN and not av[1] and not av[2] and len(av[3]) == 1:
        op, av = list(av[3])[0]
    if op is _C.IN and all(kind is _C.LITERAL for kind, _ in av):  # 厂|站 parsed as [厂站]
        return [chr(value) for _, value in av]
    if op is not _C.BRANCH:
        return None
    words = []
    for branch in av[1]:
        branch = list(branch)
        if not branch or any(kind is not _C.LITERAL for kind, _ in branch):
            return None
        words.append("".join(chr(value) for _, value in branch))
    return words


def fast_search(pattern: re.Pattern):
    """A faster `search(string, pos=0)` for `pattern` (first_char_search or lead_run_search), or
    None when neither helps."""
    if _SYNTAX.search(pattern.pattern) is None:
        return None
    return first_char_search(pattern) or lead_run_search(pattern)
