"""Required words of a regex: a cheap test that tells when a rule cannot fire.

Used by the measures rules (measures/rules.py) and the classifier's formula cues (features.py).
Most rules fire on few clauses, and a search with one of them costs more than a scan for a
plain word. `required_literals` reads the parsed pattern and returns words one of which is in
every text the pattern matches (`不力|滞后|不到位` → those three; `(?:19|20)\\d{2}年` → 19 / 20,
the longer of its required parts); a rule is then searched only when `literal_filter`'s
alternation of those words is found first. The words are derived from the pattern itself, so
a rule's edits keep its filter right; a pattern with nothing required (a bare `.*`, a negated
class, flags) gets no filter.
"""
from __future__ import annotations

import re
from functools import lru_cache

try:  # the parser of the `re` module (Python 3.11+); older names kept for 3.10
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _P  # type: ignore[no-redef]

_MAX_RANGE = 16  # a character range [a-z] is taken as its characters up to this size


class LazyPattern:
    """A regex compiled on first use, used as the compiled one (`search`, `finditer`, `pattern` ...).
    A rules file holds many patterns a short text never needs: compiling them all at start-up
    cost a good part of it. After the first use its methods are the compiled pattern's own."""

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str):  # only for what is not set yet: compile, then keep the methods
        if name.startswith("_"):
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self._flags)
        self.__dict__.update({m: getattr(compiled, m) for m in self._METHODS}, compiled=compiled,
                             flags=compiled.flags, groups=compiled.groups, groupindex=compiled.groupindex)
        return getattr(compiled, name)

    def __reduce__(self):
        return type(self), (self.pattern, self._flags)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"


def required_literals(pattern: str | re.Pattern | LazyPattern) -> frozenset[str] | None:
    """Words such that every match of `pattern`, in any text, lies in a text holding one of
    them; None when no such words are known."""
    if isinstance(pattern, LazyPattern):
        if pattern._flags & (re.IGNORECASE | re.VERBOSE):
            return None
        pattern = pattern.pattern
    if isinstance(pattern, re.Pattern):
        if pattern.flags & (re.IGNORECASE | re.VERBOSE):
            return None
        pattern = pattern.pattern
    return _required_literals(pattern)


@lru_cache(maxsize=4096)
def _required_literals(pattern: str) -> frozenset[str] | None:
    """required_literals of a pattern's source (the measures rules ask for each rule twice: for
    its own filter and for its section's; parsing is most of start-up's cost of the filters)."""
    try:
        parsed = _P.parse(pattern)
    except Exception:  # noqa: BLE001 - an unknown construct means: no filter
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    words = _sequence(list(parsed))
    return frozenset(words) if words and all(words) else None


def words_pattern(words) -> str:
    """A regex of `words` that matches, at each position, the longest of them found there (as
    the alternation of the words longest first would), written as a trie: 停产|停用|停业整治 →
    停(?:业整治|产|用). `re` tries the branches of an alternation one by one, and a trie has
    far fewer of them (153 action verbs: a sentence is searched several times faster)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # a word ending here matches only when no longer one does (greedy `?`); the branches
        # begin with distinct characters, so at most one of them can go on
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def words_regex(words) -> re.Pattern:
    return re.compile(words_pattern(words))


def spelled_strings(items, limit: int, optional: bool = False) -> list[str] | None:
    """Every string the parsed pattern `items` matches, in order, when it is made of literal
    characters, classes of them, plain groups and alternatives (with `optional`, also optional
    parts x?) and matches at most `limit` strings; else None."""
    out = [""]
    for op, av in items:
        if op is _C.LITERAL:
            options = [chr(av)]
        elif op is _C.IN and all(kind is _C.LITERAL for kind, _ in av):
            options = [chr(c) for _, c in av]
        elif op is _C.SUBPATTERN and not av[1] and not av[2]:
            options = spelled_strings(list(av[3]), limit, optional)
        elif op is _C.BRANCH:
            options = []
            for branch in av[1]:
                words = spelled_strings(list(branch), limit, optional)
                if words is None:
                    return None
                options += words
        elif optional and op is _C.MAX_REPEAT and av[0] == 0 and av[1] == 1:
            words = spelled_strings(list(av[2]), limit, optional)
            options = None if words is None else [""] + words
        else:
            return None
        if options is None:
            return None
        out = [a + b for a in out for b in options]
        if len(out) > limit:
            return None
    return out


def _sequence(items) -> set[str] | None:
    """Any item of a sequence that must match gives required words; runs of literal characters
    are joined into one word; the most selective candidate (longest shortest word, then the
    fewest words) is kept."""
    candidates = _candidates(items)
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


def _candidates(items) -> list[set[str]]:
    """The required words of each item of a sequence that gives some (_sequence), in order."""
    candidates, run = [], ""
    for op, av in items:
        if op is _C.LITERAL:
            run += chr(av)
            continue
        if run:
            candidates.append({run})
            run = ""
        candidates.append(_item(op, av))
    if run:
        candidates.append({run})
    return [c for c in candidates if c]


def required_word_sets(pattern: str) -> list[frozenset[str]]:
    """Sets of words such that every match of `pattern` holds a word of each set: one set per
    part of the pattern's top-level sequence that gives any (required_literals keeps the most
    selective one); [] when none are known."""
    try:
        parsed = _P.parse(pattern)
    except Exception:  # noqa: BLE001 - an unknown construct means: no words
        return []
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return []
    return [frozenset(c) for c in _candidates(list(parsed)) if all(c)]


def _item(op, av) -> set[str] | None:
    if op is _C.LITERAL:
        return {chr(av)}
    if op is _C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _sequence(sub)
    if op is _C.ATOMIC_GROUP:
        return _sequence(av)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
        low, _high, sub = av
        return _sequence(sub) if low >= 1 else None
    if op is _C.BRANCH:  # one of the branches matches: the union of their words
        out: set[str] = set()
        for branch in av[1]:
            words = _sequence(branch)
            if words is None:
                return None
            out |= words
        return out
    if op is _C.IN:  # a class of characters: each one a word (not a negated class or a category)
        chars: set[str] = set()
        for kind, value in av:
            if kind is _C.LITERAL:
                chars.add(chr(value))
            elif kind is _C.RANGE and value[1] - value[0] < _MAX_RANGE:
                chars |= {chr(c) for c in range(value[0], value[1] + 1)}
            else:
                return None
        return chars
    if op is _C.ASSERT and av[0] == 1:  # a positive lookahead: its text is in the string as well
        return _sequence(av[1])
    return None  # lookbehinds, negative lookarounds, anchors, any-character, group references



# What a pattern reads besides the characters it matches: anchors and word boundaries (AT) and
# lookarounds (ASSERT, ASSERT_NOT).
_CONTEXT_OPS = frozenset({_C.AT, _C.ASSERT, _C.ASSERT_NOT})


def reads_no_context(pattern: str, flags: int = 0) -> bool:
    """Whether each match of `pattern` depends only on the characters it spans (no anchor, word
    boundary or lookaround): then a match in a part of a text is a match in the whole text too, and
    a text the pattern does not match has no part that it matches. False when unsure."""
    try:
        parsed = _P.parse(pattern, flags)
    except (re.error, RecursionError):
        return False
    return not _has_context_op(parsed)


def _has_context_op(items) -> bool:
    for op, av in items:
        if op in _CONTEXT_OPS or any(map(_has_context_op, _subpatterns(av))):
            return True
    return False


def _subpatterns(av):
    """The parsed subpatterns an item's argument holds (a group's, a repeat's, a branch's ...)."""
    if isinstance(av, _P.SubPattern):
        yield av
    elif isinstance(av, (tuple, list)):
        for part in av:
            yield from _subpatterns(part)
