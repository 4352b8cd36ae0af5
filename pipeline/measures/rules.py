"""Load and validate the measure rules (pipeline/rules/measures.yaml).

Every rule is a dict with an `id`, `words` or `pattern`, `examples` and `counter`; loading
checks the keys of every rule (a misspelt key is an error naming the file and the rule),
and `check_examples` tells which examples a rule fails.

Start-up: a rule's regex, its filters and a section's filter are built on first use (`_Lazy`);
a rules file you name is compiled at once, so a bad pattern is an error when it is loaded.

Speed: each rule keeps the words its regex needs (pipeline/prefilter.py), and `Rule.search`, `first`
and `present` search a rule only on texts that hold one of them; a section's words together
tell when none of its rules can fire. These tests only skip searches that would fail, so a
rule fires on exactly the texts its regex matches.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path


from ..datafiles import load_yaml
from ..prefilter import LazyPattern, required_literals, spelled_strings, words_pattern, words_regex

try:  # (the parsed form of patterns: what a rule's anchor, reach and first characters are read from)
    from re import _constants as C, _parser as P
except ImportError:  # pragma: no cover
    import sre_constants as C, sre_parse as P

RULES_FILE = "measures.yaml"
_TITLE = re.compile(r"《[^《》]*》")

# section -> keys a rule of that section may carry beyond id / words / pattern / examples / counter
_SECTIONS: dict[str, set[str]] = {
    "verb_nouns": set(),
    "actions": {"strong"},
    "anchors": set(),
    "not_measure": {"effect"},
    "attach_forward": set(),
    "continuation": set(),
    "umbrella": set(),
    "labels": {"kind"},
    "table_headers": {"kind"},
    "inherited_status": {"value"},
    "status": {"value"},
    "frames": {"value"},
    "deadlines": {"value", "range"},
    "subjects": set(),
    "domains": set(),
}
_COMMON = {"id", "words", "pattern", "examples", "counter", "note"}
_REQUIRED = {"not_measure": {"effect"}, "labels": {"kind"}, "table_headers": {"kind"}, "status": {"value"}, "frames": {"value"},
             "inherited_status": {"value"}, "deadlines": {"value"}, "actions": {"strong"}}
_SETTINGS = {"leading_label", "trailing_punct", "action_max_len", "time_units", "ordinal_units", "document", "links_heading", "dateline", "speech_lead", "concrete_cue", "finding_lead", "finding_turn"}
_LABEL_KINDS = {"problem", "target", "measures", "result", "outcome", "responsible", "deadline", "other"}


class RuleError(ValueError):
    """A rules file that cannot be used; the message names the file and the rule."""


class WordsFirst:
    """A regex searched only in texts holding one of the words it needs (prefilter.py): for the
    patterns searched over a whole paragraph whose lookbehinds make `re` try every position
    (settings.speech_lead, finding_lead), most paragraphs have none of the words; and for
    the documents named in a measure (settings.document: most have no 《)."""

    __slots__ = ("regex", "words", "word")

    def __init__(self, pattern: str):
        self.regex = re.compile(pattern)
        required = spelled_runs(pattern) or required_literals(pattern)
        self.words = words_regex(required) if required else None
        # the one word it needs, if one (《): a test with `in` costs a fraction of a regex call
        self.word = next(iter(required)) if required and len(required) == 1 else None

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        if self.words is not None and self.words.search(text, pos, endpos) is None:
            return None
        return self.regex.search(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        if self.words is not None and self.words.search(text, pos, endpos) is None:
            return iter(())
        return self.regex.finditer(text, pos, endpos)


RUN_LIMIT = 64  # the most strings a run of items may spell to serve as required words


def spelled_runs(pattern: str) -> frozenset[str] | None:
    """Words such that every match of `pattern` holds one of them, read from runs of adjacent
    items that spell few strings (指出|发现|提到 then [，,:：]: 指出， 指出: … 发现，…): a run matches
    one of the strings it spells, as a whole, inside every match. Each branch of the pattern
    gives its own most selective run (longest shortest word, then fewest words); None when a
    branch has no such run. Tighter than prefilter.required_literals, which takes one item's
    words (发现 alone, which most paragraphs of a report hold: 新发现的…): for a pattern searched
    over whole paragraphs whose look-behind makes `re` try every position (settings.finding_lead,
    speech_lead). (measured, extract_measures over 20 bench documents after 5: _generic_demand
    16.0 M -> 11.2 M instructions)"""
    try:
        parsed = P.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    got = _sequence_runs(list(parsed))
    return frozenset(got) if got and all(got) else None


def _sequence_runs(items: list) -> set[str] | None:
    """`spelled_runs` of a parsed sequence: its best run, or a group's or an alternation's."""
    candidates = _sequence_candidates(items)
    if not candidates:
        return None
    return max(candidates, key=_selectivity)


def _selectivity(words: set[str]) -> tuple[int, int]:
    """How rarely a text holds one of `words`, as `spelled_runs` guesses it: longest shortest
    word, then fewest words."""
    return min(map(len, words)), -len(words)


def all_runs(pattern: str) -> list[frozenset[str]]:
    """Every set of words `spelled_runs` chooses from: each run of adjacent items of the pattern's
    top-level sequence that spells few strings, and the best of each group, alternation or
    repeat in it. Every match of `pattern` holds a word of each set (empty when none is known)."""
    return _word_sets(pattern, False)


def text_word_sets(pattern: str) -> list[frozenset[str]]:
    """`all_runs` and more sets of words, one of each in every text `pattern` matches in (not
    always inside the match): the words of its positive look-arounds (a place's 积极 after it:
    (?=…积极|…)), and for an alternation, besides the union of its branches' best sets, the
    union of their next best ones (认真|高度重视|承担|负责, not only 高度重视|整改 where 整改
    is in most texts); a group gives each of its sets, not only its best. (Rule.gate)"""
    return _word_sets(pattern, True)


def _word_sets(pattern: str, around: bool) -> list[frozenset[str]]:
    try:
        parsed = P.parse(pattern)
    except re.error:
        return []
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return []
    return [frozenset(c) for c in _sequence_candidates(list(parsed), around) if c and all(c)]


def _sequence_candidates(items: list, around: bool = False) -> list[set[str]]:
    """The word sets of a parsed sequence (see `all_runs`; with `around`, `text_word_sets`)."""
    candidates, run = [], []

    def close():
        if run:
            spelled = spelled_strings(run, RUN_LIMIT)
            if spelled:
                candidates.append(set(spelled))
            run.clear()

    for op, av in items:
        if spelled_strings([(op, av)], RUN_LIMIT):  # (an item that spells strings extends the run)
            run.append((op, av))
            continue
        close()
        if op is C.SUBPATTERN and not av[1] and not av[2]:
            if around:  # (each of the group's sets, not only its best)
                candidates += _sequence_candidates(list(av[3]), around)
                continue
            got = _sequence_runs(list(av[3]))
        elif op is C.BRANCH:  # one of the branches matches: the union of their words
            ranked = []
            for branch in av[1]:
                sets = sorted(_sequence_candidates(list(branch), around), key=_selectivity, reverse=True)
                if not sets:
                    ranked = None
                    break
                ranked.append(sets)
            # (the best of each branch; with `around`, then the next best of each, a branch without
            # more keeping its last)
            for k in range(max(map(len, ranked)) if ranked and around else 1 if ranked else 0):
                candidates.append(set().union(*(sets[min(k, len(sets) - 1)] for sets in ranked)))
            got = None
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
            if around:
                candidates += _sequence_candidates(list(av[2]), around)
                continue
            got = _sequence_runs(list(av[2]))
        elif around and op is C.ASSERT:  # (a positive look-ahead or look-behind: the text holds it there)
            candidates += _sequence_candidates(list(av[1]), around)
            continue
        else:
            got = None
        if got:
            candidates.append(got)
    close()
    return candidates


class _Lazy:
    """Stands in for a rule's `regex`, `prefilter` or `filter` until first used: builds it, puts
    it in its place on the rule and passes the call on. (A plain attribute, unlike a
    cached_property, is read at full speed: these are read for every rule and clause.)"""

    __slots__ = ("rule", "name")

    def __init__(self, rule: "Rule", name: str):
        self.rule, self.name = rule, name

    def __getattr__(self, attr: str):
        if attr.startswith("__"):  # copy / pickle probing: no such attribute
            raise AttributeError(attr)
        return getattr(self.rule._built(self.name), attr)

    def __repr__(self) -> str:
        return f"<{self.name} of rule {self.rule.id!r}, not built yet>"


# The filter of a rule without required words: every text passes it. (Not None: a stand-in
# cannot turn into None under code that has already tested it.)
ANY_TEXT = re.compile("")


_BUILT = dict(init=False, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule; its regex and filters are built on first use (a small file never needs most
    of them): until then `regex`, `prefilter` and `filter` are stand-ins that build them.
    (Slots: these are read for every rule and clause.)"""

    id: str
    section: str
    pattern: str  # the regex source (a `words` list as a trie: prefilter.words_pattern)
    examples: tuple[str, ...]
    counter: tuple[str, ...]
    extra: dict = field(default_factory=dict)
    words: tuple[str, ...] | None = None  # the words of a `words` rule (its pattern is only these)
    source: str = ""  # the rules file, for errors
    # the compiled pattern
    regex: re.Pattern = field(**_BUILT)
    # words one of which every text the regex matches contains (see prefilter.py); ANY_TEXT when
    # the pattern has no such words or is itself only a list of words
    prefilter: re.Pattern = field(**_BUILT)
    # finds something in every text holding a match of this rule, even with other words blanked
    # out: a `words` rule's own regex, else `prefilter`
    filter: re.Pattern = field(**_BUILT)
    # words one of which is in every text the regex matches in, other than prefilter's (`gate_words`);
    # ANY_TEXT when none are known. Searched after prefilter where a rule's search is dear and its
    # prefilter's words are common (subj.place: 市, 县 … near the start; its 积极, 已 … are rarer).
    # (measured, callgrind toggled on extract_measures: 20 bench documents after 5, 395.3 M -> 389.7 M
    # instructions; 40 real pages after 105, 151.9 M -> 150.5 M)
    gate: re.Pattern = field(**_BUILT)
    _required: list = field(**_BUILT)  # [required] once read

    def __post_init__(self):
        for name in ("regex", "prefilter", "filter", "gate"):
            object.__setattr__(self, name, _Lazy(self, name))
        object.__setattr__(self, "_required", [])

    def _built(self, name: str):
        """`regex`, `prefilter` or `filter`, built now if it was not yet."""
        value = getattr(self, name)
        if not isinstance(value, _Lazy):
            return value
        if name == "regex":
            try:
                value = re.compile(self.pattern)
            except re.error as exc:
                raise RuleError(f"{self.source}: rule '{self.id}': bad pattern: {exc}") from None
        elif name == "prefilter":
            value = ANY_TEXT if self.words is not None or not self.required else words_regex(self.required)
        elif name == "gate":
            words = self.gate_words
            value = ANY_TEXT if words is None else words_regex(words)
        else:
            value = self._built("regex" if self.words is not None else "prefilter")
        object.__setattr__(self, name, value)
        return value

    def get(self, key: str, default=None):
        return self.extra.get(key, default)

    @property
    def required(self) -> frozenset[str] | None:
        """The words of `prefilter` (the words themselves for a `words` rule), or None; read
        from the pattern's source, so a rule that cannot fire is never compiled."""
        if not self._required:
            self._required.append(frozenset(self.words) if self.words is not None else required_literals(self.pattern))
        return self._required[0]

    @property
    def gate_words(self) -> frozenset[str] | None:
        """The most selective-looking of the other sets of words every text the regex matches in
        holds (`text_word_sets` but `required`), or None: the words of `gate`."""
        sets = [words for words in text_word_sets(self.pattern) if words != self.required] \
            if self.words is None else []
        return max(sets, key=_selectivity) if sets else None

    def search(self, text: str) -> re.Match | None:
        """`regex.search(text)`, skipped when a word the regex needs is not in `text`."""
        return self.regex.search(text) if self.prefilter.search(text) else None


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex source (`a|b(c|d)` -> `a`, `b(c|d)`): a text holds
    a match of the pattern when it holds a match of one of them. The whole pattern when it has
    one, or when the split cannot stand for it (back-references, inline flags)."""
    if re.search(r"\\[1-9]|\(\?P=|\(\?[aiLmsux]", pattern):
        return [pattern]
    pieces, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            i += 1
            if pattern[i:i + 1] == "^":
                i += 1
            if pattern[i:i + 1] == "]":  # a ] first in a class is one of its characters
                i += 1
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            pieces.append(pattern[start:i])
            start = i + 1
        i += 1
    pieces.append(pattern[start:])
    return pieces


def _start_anchored(pattern: str, refused_flags: int) -> list | None:
    """The parsed items of a pattern that begins with ^ or \\A and sets none of `refused_flags`;
    None for any other pattern (or one `re` cannot parse)."""
    try:
        parsed = P.parse(pattern)
    except re.error:
        return None
    items = list(parsed.data)
    if parsed.state.flags & refused_flags or not items or items[0] not in (
            (C.AT, C.AT_BEGINNING), (C.AT, C.AT_BEGINNING_STRING)):
        return None
    return items


def anchored_reach(pattern: str) -> int | None:
    """For a pattern that matches only at a text's start (^…, without MULTILINE): how many of
    the text's first characters an attempt to match it reads (its own characters, those its
    look-aheads read, and two for a $: the newline it may stand before and the end after it);
    None when that is unbounded or the pattern is not anchored so.

    A match of `pattern` in a text is then also a match in the text's first `reach` characters
    (the attempt reads nothing else), so one of the words the pattern needs
    (prefilter.required_literals) is among them: a text's prefilter need be searched only there."""
    parsed = _start_anchored(pattern, re.MULTILINE)
    if parsed is None:
        return None
    units = {C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN, C.CATEGORY, C.LITERAL_IGNORE, C.NOT_LITERAL_IGNORE,
             C.IN_IGNORE, C.LITERAL_UNI_IGNORE, C.NOT_LITERAL_UNI_IGNORE, C.IN_UNI_IGNORE}
    repeats = {C.MAX_REPEAT, C.MIN_REPEAT} | ({C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set())

    def extent(items) -> tuple[int, int] | None:
        """(most characters consumed, most characters read from the start) of a sequence."""
        pos = read = 0
        for op, av in items:
            if op in units:
                pos += 1
                read = max(read, pos)
            elif op is C.AT:
                if av not in (C.AT_BEGINNING, C.AT_BEGINNING_STRING, C.AT_BEGINNING_LINE):
                    read = max(read, pos + 2)  # $ / \Z / \b: the characters at and after the position
            elif op is C.SUBPATTERN:
                got = extent(av[-1])
                if got is None:
                    return None
                read, pos = max(read, pos + got[1]), pos + got[0]
            elif op is C.ATOMIC_GROUP if hasattr(C, "ATOMIC_GROUP") else False:
                got = extent(av)
                if got is None:
                    return None
                read, pos = max(read, pos + got[1]), pos + got[0]
            elif op is C.BRANCH:
                got = [extent(branch) for branch in av[1]]
                if None in got:
                    return None
                read, pos = max(read, pos + max(r for _, r in got)), pos + max(c for c, _ in got)
            elif op in repeats:
                lo, hi, sub = av
                got = extent(sub)
                if got is None or hi == C.MAXREPEAT:
                    return None
                if hi:
                    read, pos = max(read, pos + (hi - 1) * got[0] + got[1]), pos + hi * got[0]
            elif op in (C.ASSERT, C.ASSERT_NOT):
                direction, sub = av
                got = extent(sub)
                if got is None:
                    return None
                # a look-ahead reads from here; a look-behind from `width` characters back
                read = max(read, pos + got[1] if direction == 1 else pos - got[0] + got[1])
            else:  # back-references, conditionals: not bounded here
                return None
        return pos, read

    got = extent(parsed)
    return None if got is None else max(got[1], 1)


def anchored_opener(pattern: str) -> tuple | None:
    """For a pattern that matches only at a text's start (^…, without MULTILINE): (`match` of a
    class of the characters a non-empty match can begin with, the texts an empty match can be
    all of: "" and "\\n" for ^…$ whose body may be empty, "" for ^…\\Z, none when the body
    cannot be empty). A text that neither opens with one of those characters nor is one of those
    texts holds no match. None when not known (no such anchor, or a body that may be empty
    without an end anchor: it matches every text)."""
    from .. import first_chars

    items = _start_anchored(pattern, re.MULTILINE | re.IGNORECASE)
    if items is None:
        return None
    ends = {(C.AT, C.AT_END): ("", "\n"), (C.AT, C.AT_END_STRING): ("",)}
    empty = ends.get(items[-1]) if len(items) > 1 else None
    body = items[1:-1] if empty is not None else items[1:]
    try:
        chars, nullable = first_chars._first(body)
    except (first_chars._Unknown, re.error, RecursionError):
        return None
    if not chars or nullable and empty is None:
        return None
    return re.compile("[" + "".join(chars) + "]").match, empty if nullable else ()


class RuleWords:
    """Which of some rules (in order) may fire on a text, by the words they need, as a bit mask.

    Each rule is one entry, or with `split` one entry per top-level alternative of its pattern
    (`alternatives`; the rule fires when one of them matches): entry i belongs to `rules[i]`,
    and `tests[i]` searches for it (None: a plain word, found when its entry is in the mask).
    `candidates(text)` sets bit i when the entry's words (prefilter.required_literals; a `words`
    rule's own words with `own_words`) are in `text`, and always for an entry that needs none:
    no other entry can match `text`.

    Each word is filed under one of its characters, the rarest in the rules' examples: a text
    is tested only for the words filed under the characters it has (one set intersection), by
    substring tests. (Searching each rule's filter in every clause, or one regex of all the
    words, cost more: `re` checks each character of the text against each filter's first
    characters, and tries the hundreds of branches of a long alternation one by one.) Only the
    alternatives whose words a clause holds are searched: a long alternation without a literal
    prefix (not.tally) made `re` try every branch at every position of every clause."""

    __slots__ = ("rules", "tests", "searches", "gates", "_pieces", "always", "openers", "chars", "by_char",
                 "_char_class", "_opened", "_few_chars", "_scan", "_owning")

    OPENED_LIMIT = 4096  # first characters whose openers' mask is kept (cleared past it: memory stays flat)
    # At most this many filing characters: each is looked for with `in` (a C search of the text
    # per character) rather than found by a scan with `re` (findall's call, and a new string
    # and a dict read per character found). (measured, extract_measures over 20 bench documents:
    # inherited_status's 12 characters, read in every sentence: 398.7 M -> 393.2 M instructions;
    # 40 characters, status's too: 397.5 M)
    FEW_CHARS = 16
    GATE_WORDS = 12  # the most words a set of `gates` may have (each is an `in` test of the text)

    def __init__(self, rules: tuple[Rule, ...], rarity: dict[str, int], own_words: bool = False, split: bool = False):
        entries: list[tuple[Rule, str | None, frozenset[str] | None]] = []  # (rule, pattern, words)
        for rule in rules:
            if rule.words is not None:
                entries.append((rule, rule.pattern, rule.required if own_words else None))
            elif not split or len(pieces := alternatives(rule.pattern)) == 1:
                entries.append((rule, rule.pattern, rule.required))
            else:
                entries += [(rule, piece, required_literals(piece)) for piece in pieces]
        self.rules = tuple(rule for rule, _, _ in entries)
        # a piece that is one plain word is found where its word is (no search)
        self.tests = tuple(None if split and words == {piece} and re.escape(piece) == piece else LazyPattern(piece)
                           for _, piece, words in entries)
        # gates[i]: other sets of words, one of each in every text the entry's test matches (None:
        # none known), tried before its search: a word filed is often in a text the search then
        # fails on (完成 for 问题…已完成; 整改 for 正在整改中$). False until read (`gate`): parsing
        # every entry when the rules are first used cost more than a page's measures.
        self.gates = [False if test is not None else None for test in self.tests]
        # searches[i]: the bound `search` of tests[i] compiled (None for a plain word; False until
        # first read, `search`): a LazyPattern's attributes are read through its __getattr__ hook,
        # ~440 instructions a read (measured on a findall call: 2.1 k -> 1.7 k instructions)
        self.searches = [False if test is not None else None for test in self.tests]
        self._pieces = tuple((piece, words) for _, piece, words in entries)
        always, own, openers = 0, {}, []  # word -> mask of the entries needing it
        for i, (_, piece, words) in enumerate(entries):
            if not words and (opener := anchored_opener(piece)):
                openers.append((*opener, 1 << i))
            elif not words:
                always |= 1 << i
            else:
                for word in sorted(words):
                    own[word] = own.get(word, 0) | 1 << i
        self.always = always
        # entries needing no words but matching only at a text's start (fwd.time: ^(近日|…)$):
        # candidates where the text opens as a match can (they were tried on every clause)
        self.openers = tuple(openers)
        self._opened: dict[str, int] = {}  # a text's first character -> the openers that may open there
        by_char: dict[str, list[tuple[str, int]]] = {}
        for word, mask in own.items():
            rarest = min(word, key=lambda ch: rarity.get(ch, 0))  # (the first of equals)
            by_char.setdefault(rarest, []).append((word, mask))
        self.by_char = {ch: tuple(words) for ch, words in by_char.items()}
        self.chars = frozenset(by_char)
        # the filing characters as one class: `re` tests each character of a text against it in C
        # (a set intersection with the text made a string and hashed it per character)
        self._few_chars = tuple(self.by_char.items()) if len(by_char) <= self.FEW_CHARS else None
        # (its bound `findall`, compiled now: `candidates` reads it at its first call; None where
        # `_few_chars` serves instead)
        self._char_class = re.compile("[" + "".join(re.escape(ch) for ch in sorted(by_char)) + "]").findall \
            if by_char and self._few_chars is None else None
        # (what `candidates` and `first_owner` read, each as one tuple: a read of each slot per
        # call cost ~60 instructions; measured, extract_measures over 20 documents after all 25:
        # bench 393.2 M -> 389.6 M, real pages 49.7 M -> 48.6 M)
        self._scan = (self.always, self.by_char, self.openers, self._char_class, self._few_chars)
        self._owning = (self.rules, self.searches, self.gates)

    def first_owner(self, text: str) -> Rule | None:
        """The rule of the first entry, in order, that matches `text`: among the candidates
        (lowest bit first), an entry whose gate's word sets are not all in `text` is not
        searched. (One call per text: the gate is read in place, as a call per gate cost what
        its tests spare.)"""
        owners, searches, gates = self._owning
        mask = self.candidates(text)
        while mask:
            low = mask & -mask
            i = low.bit_length() - 1
            mask ^= low
            if (search := searches[i]) is None:
                return owners[i]
            if search is False:  # (not compiled yet)
                search = self.search(i)
            if (gate := gates[i]) is False:  # (not read yet)
                gate = self.gate(i)
            if gate is not None:
                for words in gate:
                    for word in words:
                        if word in text:
                            break
                    else:
                        break  # no word of this set: the test cannot match
                else:
                    gate = None
            if gate is None and search(text):
                return owners[i]
        return None

    def search(self, i: int):
        """searches[i], compiled now if it was not yet."""
        got = self.searches[i]
        if got is False:
            got = self.searches[i] = self.tests[i].search  # (the compiled pattern's own method)
        return got

    def gate(self, i: int) -> tuple[tuple[str, ...], ...] | None:
        """gates[i], read from the entry's pattern now if it was not yet."""
        got = self.gates[i]
        if got is False:
            got = self.gates[i] = _gate(*self._pieces[i], self.GATE_WORDS)
        return got

    def _opened_at(self, first: str) -> int:
        """The mask of the openers whose class holds `first` (a text's first character, or "")."""
        opened = 0
        for opens, _, entry in self.openers:
            if opens(first):
                opened |= entry
        if len(self._opened) >= self.OPENED_LIMIT:
            self._opened.clear()
        self._opened[first] = opened
        return opened

    def candidates(self, text: str) -> int:
        """The mask of the entries whose words are in `text` (and those that need none)."""
        mask, by_char, openers, char_class, few = self._scan
        if openers:
            # (an opener's class is read at the text's first character only: its answer for that
            # character is kept, a dict read instead of a regex call per text)
            first = text[:1]
            opened = self._opened.get(first)
            if opened is None:
                opened = self._opened_at(first)
            mask |= opened
            if len(text) < 2:  # a text an empty match can be all of ("", "\n")
                for _, empty, entry in openers:
                    if text in empty:
                        mask |= entry
        if few is not None:
            for ch, words in few:
                if ch in text:
                    for word, entries in words:
                        if word in text:
                            mask |= entries
            return mask
        for ch in char_class(text):  # (findall; a character met twice is tested twice: rare)
            for word, entries in by_char[ch]:
                if word in text:
                    mask |= entries
        return mask


def _gate(piece: str, words: frozenset[str] | None, limit: int) -> tuple[tuple[str, ...], ...] | None:
    """The sets of words (`all_runs`) of a RuleWords entry besides those it is filed by, each of
    at most `limit` words; None when there are none. (A text without a word of one of the sets
    holds no match of the entry: first_by_words and clauses._classify skip its search.)"""
    sets = [tuple(sorted(run)) for run in all_runs(piece) if run != words and len(run) <= limit]
    return tuple(sets) or None


def _blanked(m: re.Match) -> str:
    return "□" * len(m.group())


class _SectionWords(dict):
    """section -> `MeasureRules.section_filter`, each built when first read; a tuple of sections
    -> the filter of their rules together (a text without its words fires no rule of them)."""

    def __init__(self, sections: dict[str, tuple[Rule, ...]]):
        super().__init__()
        self._sections = sections

    def __missing__(self, section: str | tuple[str, ...]) -> re.Pattern | None:
        names = section if isinstance(section, tuple) else (section,)
        words = [rule.required for name in names for rule in self._sections[name]]
        got = self[section] = None if None in words else words_regex(frozenset().union(*words))
        return got


@dataclass(frozen=True)
class MeasureRules:
    """The compiled rules; pass one instance to extract_measures (load it once per run)."""

    source: str
    settings: dict
    sections: dict[str, tuple[Rule, ...]]

    def __post_init__(self):  # plain attributes: read for every clause (see _Lazy)
        object.__setattr__(self, "_index", {rule.id: rule for rules in self.sections.values() for rule in rules})
        # section -> its filter (`section_filter`), built on first use: a plain dict read, no method
        # call, where it is read for every clause
        object.__setattr__(self, "section_words", _SectionWords(self.sections))
        # counters that make no quantity (dates, ordinals): read for every measure
        object.__setattr__(self, "not_quantity_units",
                           frozenset(self.settings["time_units"]) | frozenset(self.settings["ordinal_units"]))

    def __getitem__(self, section: str) -> tuple[Rule, ...]:
        return self.sections[section]

    def by_id(self, rule_id: str) -> Rule:
        return self._index[rule_id]

    @cached_property
    def not_action_rules(self) -> tuple[Rule, ...]:
        """The rules that decide a clause before its verbs, in the order they are tried
        (not_measure, continuation, attach_forward: clauses._NOT_ACTION)."""
        return self.sections["not_measure"] + self.sections["continuation"] + self.sections["attach_forward"]

    @cached_property
    def not_action_words(self) -> RuleWords:
        """`not_action_rules` by the words they need, one entry per alternative of a rule: which
        of them may decide a clause."""
        return RuleWords(self.not_action_rules, self.char_counts, split=True)

    @cached_property
    def action_words(self) -> RuleWords:
        """The action rules by their words: which of them may find a verb in a clause."""
        return RuleWords(self.sections["actions"], self.char_counts, own_words=True)

    @cached_property
    def domain_words(self) -> RuleWords:
        """The domain rules by their words (bit i: `domains[i]`)."""
        return RuleWords(self.sections["domains"], self.char_counts, own_words=True)

    @cached_property
    def domain_by_words(self) -> tuple[bool, ...]:
        """Whether each domain rule is a `words` rule: one of its words in a text is a match of
        it there (`domain_words` sets its bit only then)."""
        return tuple(rule.words is not None for rule in self.sections["domains"])

    @cached_property
    def section_index(self) -> dict[str, RuleWords]:
        """section -> its rules by their alternatives' words (RuleWords(split=True)), each built
        when first read (`first_by_words`)."""
        sections, rarity = self.sections, self.char_counts

        class _Index(dict):
            def __missing__(self, section: str) -> RuleWords:
                got = self[section] = RuleWords(sections[section], rarity, split=True)
                return got

        return _Index()

    @cached_property
    def char_counts(self) -> dict[str, int]:
        """How often each character occurs in the rules' examples and counter-examples (a
        stand-in for documents: RuleWords files each word under its rarest character)."""
        counts: dict[str, int] = {}
        for rules in self.sections.values():
            for rule in rules:
                for text in rule.examples + rule.counter:
                    for ch in text:
                        counts[ch] = counts.get(ch, 0) + 1
        return counts

    @cached_property
    def reach(self) -> dict[str, int]:
        """rule id -> how many of a text's first characters the rule's prefilter need be searched
        in (`anchored_reach`; sys.maxsize: all of them), read on first use of the rule."""
        index = self._index

        class _Reach(dict):
            def __missing__(self, rid: str) -> int:
                got = anchored_reach(index[rid].pattern)
                got = self[rid] = sys.maxsize if got is None else got
                return got

        return _Reach()

    @cached_property
    def _alternatives(self) -> dict:
        """rule id -> (its top-level alternatives, the words each needs), or None when they are
        all plain words (`re` finds those by their first characters) or there is one; and
        (rule id, alternatives kept) -> their regex (`narrowed`)."""
        index = self._index

        class _Alternatives(dict):
            def __missing__(self, key):
                if isinstance(key, tuple):
                    pieces = self[key[0]][0]
                    got = self[key] = re.compile("|".join(pieces[i] for i in key[1]) if key[1] else "(?!)")
                    return got
                pieces = alternatives(index[key].pattern)
                plain = all(re.escape(piece) == piece for piece in pieces)
                got = self[key] = None if len(pieces) < 2 or plain else \
                    (pieces, [required_literals(piece) for piece in pieces])
                return got

        return _Alternatives()

    def narrowed(self, rule: Rule, text: str, start: int = 0, end: int = sys.maxsize) -> re.Pattern:
        """`rule.regex`, or the regex of only those of its top-level alternatives whose words are
        in text[start:end]: the others match nowhere in it, so both find the same spans there
        (`finditer` too; only the group numbers differ; none left: a regex that never matches). A long alternation whose alternatives
        do not all open with a word (label.problem: (中央…)?反馈意见整改任务) is tried by `re` at
        every position of a line with each of its alternatives."""
        known = self._alternatives
        split = known[rule.id]
        if split is None:
            return rule.regex
        window = text[start:end]
        kept = []  # (loops: a generator per alternative cost more than the tests)
        for i, words in enumerate(split[1]):
            if not words:
                kept.append(i)
                continue
            for w in words:
                if w in window:
                    kept.append(i)
                    break
        kept = tuple(kept)
        return rule.regex if len(kept) == len(split[0]) else known[rule.id, kept]

    @cached_property
    def label_starts(self) -> str | None:
        """A regex class of the characters a label (section `labels`) can begin with; None when
        that is not known for some label (first_chars.first_chars)."""
        from ..first_chars import first_chars

        classes = [first_chars(rule._built("regex")) for rule in self.sections["labels"]]
        return None if None in classes else "[" + "".join(c[1:-1] for c in classes) + "]"

    @cached_property
    def label_gate(self) -> tuple | None:
        """layout's gate before a line is searched for labels (layout._label_gate of label_starts),
        built once for these rules rather than once per document."""
        from .layout import _label_gate

        return _label_gate(self.label_starts)

    @cached_property
    def leading_label(self) -> re.Pattern:
        """The enumerator in front of a clause (settings.leading_label)."""
        return re.compile(self.settings["leading_label"])

    @cached_property
    def links_heading(self) -> re.Pattern:
        """A line that opens a news page's related-links list (settings.links_heading)."""
        return re.compile(self.settings["links_heading"])

    @cached_property
    def dateline(self) -> re.Pattern | None:
        """A news page's line of date / source / author under its headline (settings.dateline)."""
        value = self.settings.get("dateline")
        return re.compile(value) if value else None

    @cached_property
    def speech_lead(self) -> "WordsFirst | None":
        """Where a speaker's demands open (settings.speech_lead: 会议强调， / 他要求，)."""
        value = self.settings.get("speech_lead")
        return WordsFirst(value) if value else None

    @cached_property
    def finding_lead(self) -> "WordsFirst | None":
        """Where the inspectors' findings open (settings.finding_lead: 督察组指出，)."""
        value = self.settings.get("finding_lead")
        return WordsFirst(value) if value else None

    @cached_property
    def finding_turn(self) -> re.Pattern:
        """Where findings turn to what was done (settings.finding_turn: 截至… / 对此，)."""
        return re.compile(self.settings.get("finding_turn") or "截至")

    @cached_property
    def concrete_cue(self) -> re.Pattern:
        """A figure, a date or a named document (settings.concrete_cue)."""
        return re.compile(self.settings.get("concrete_cue") or r"\d|《")

    @cached_property
    def document(self) -> WordsFirst:
        """A document named in a measure (settings.document)."""
        return WordsFirst(self.settings["document"])

    @cached_property
    def domains(self) -> tuple[tuple[str, re.Pattern], ...]:
        """(name, regex) of the domain rules (domain.water -> water), in file order."""
        return tuple((rule.id.split(".", 1)[1], rule._built("regex")) for rule in self.sections["domains"])

    def section_filter(self, section: str) -> re.Pattern | None:
        """A regex of words one of which is in every text some rule of `section` fires on
        (None when a rule has no required words): a text without any fires no rule of it.
        Built on first use of the section. (`section_words[section]` is the same, read faster.)"""
        return self.section_words[section]

    def first(self, sections: str | tuple[str, ...], text: str) -> Rule | None:
        """The first rule of `sections` (one name or several, tried in that order), in file
        order, that fires on `text`."""
        for section in (sections,) if isinstance(sections, str) else sections:
            words = self.section_words[section]
            if words is not None and words.search(text) is None:
                continue  # no rule of the section can fire
            for rule in self.sections[section]:  # (`Rule.search` by hand: it runs for every rule)
                if rule.prefilter.search(text) and rule.regex.search(text):
                    return rule
        return None

    def first_by_words(self, section: str, text: str) -> Rule | None:
        """`first(section, text)`, found as the first alternative of the section's rules
        (`section_index`) that matches among those whose words `text` holds: for a section of
        long alternations searched in most texts (status)."""
        return self.section_index[section].first_owner(text)

    def present(self, sections: tuple[str, ...], text: str) -> tuple[Rule, ...]:
        """The rules of `sections`, in order, whose required words are in `text` (a `words`
        rule: one of its words): no other rule can fire on `text` or on any part of it, nor on
        a part with words blanked out (one test per sentence serves all its clauses)."""
        out: list[Rule] = []
        for section in sections:
            words = self.section_words[section]
            if words is None or words.search(text):
                out += [rule for rule in self.sections[section] if rule.filter.search(text)]
        return tuple(out)

    def blank_verb_nouns(self, text: str) -> str:
        """`text` with verb-bearing nouns (覆盖率, 建成区) and the words inside 《titles》 blanked
        out, same length: a verb inside a title (《整治方案》) is not the clause's action."""
        if "《" in text:
            text = _TITLE.sub(lambda m: "《" + "□" * (len(m.group()) - 2) + "》", text)
        for rule in self.sections["verb_nouns"]:
            text = rule.regex.sub(_blanked, text)
        return text

    def fires(self, rule: Rule, text: str) -> bool:
        """Whether `rule` matches `text` the way the extractor applies it."""
        if rule.section == "actions":
            return bool(rule.regex.search(self.blank_verb_nouns(text)))
        if rule.section == "table_headers":
            return bool(rule.regex.fullmatch(text.strip(" ：:")))
        return bool(rule.regex.search(text))


def load_rules(path: str | Path | None = None) -> MeasureRules:
    """Read and validate the rules file (the packaged one by default). The regexes of a file
    you name are compiled now (a bad one is an error naming the rule); those of the packaged
    file, which the tests compile and check, on first use."""
    if path is None:
        ref = resources.files("pipeline.rules").joinpath(RULES_FILE)
        source, raw = f"pipeline/rules/{RULES_FILE}", ref.read_text(encoding="utf-8")
    else:
        source, raw = str(path), Path(path).read_text(encoding="utf-8")
    data = load_yaml(raw) or {}
    if not isinstance(data, dict):
        raise RuleError(f"{source}: expected a mapping of sections")
    unknown = set(data) - set(_SECTIONS) - {"settings"}
    if unknown:
        raise RuleError(f"{source}: unknown section(s) {sorted(unknown)}")
    settings = data.get("settings") or {}
    if set(settings) != _SETTINGS:
        raise RuleError(f"{source}: settings: unknown {sorted(set(settings) - _SETTINGS)}, "
                        f"missing {sorted(_SETTINGS - set(settings))}")
    seen: set[str] = set()
    sections = {}
    for name, allowed in _SECTIONS.items():
        entries = data.get(name)
        if not isinstance(entries, list) or not entries:
            raise RuleError(f"{source}: section '{name}' must be a non-empty list of rules")
        sections[name] = tuple(_rule(source, name, e, allowed, seen) for e in entries)
    if path is not None:
        for rules in sections.values():
            for rule in rules:
                rule._built("regex")
    return MeasureRules(source, settings, sections)


def _rule(source: str, section: str, entry, allowed: set[str], seen: set[str]) -> Rule:
    if not isinstance(entry, dict) or not entry.get("id"):
        raise RuleError(f"{source}: section '{section}': a rule without an id: {entry!r}")
    rid = entry["id"]
    where = f"{source}: rule '{rid}'"
    bad = set(entry) - _COMMON - allowed
    if bad:
        raise RuleError(f"{where}: unknown key(s) {sorted(bad)} (allowed: {sorted(_COMMON | allowed)})")
    missing = _REQUIRED.get(section, set()) - set(entry)
    if missing:
        raise RuleError(f"{where}: missing key(s) {sorted(missing)}")
    if rid in seen:
        raise RuleError(f"{where}: duplicate id")
    seen.add(rid)
    if ("words" in entry) == ("pattern" in entry):
        raise RuleError(f"{where}: give exactly one of 'words' or 'pattern'")
    for key in ("examples", "counter"):
        if not isinstance(entry.get(key), list) or not entry[key]:
            raise RuleError(f"{where}: '{key}' must be a non-empty list of texts")
    if section in ("labels", "table_headers") and entry["kind"] not in _LABEL_KINDS:
        raise RuleError(f"{where}: kind '{entry['kind']}' is not one of {sorted(_LABEL_KINDS)}")
    if section == "not_measure" and entry["effect"] not in ("break", "attach", "sentence"):
        raise RuleError(f"{where}: effect must be 'break', 'attach' or 'sentence'")
    words = tuple(entry["words"]) if "words" in entry else None
    extra = {k: v for k, v in entry.items() if k in allowed}
    return Rule(rid, section, words_pattern(words) if words is not None else entry["pattern"], tuple(entry["examples"]),
                tuple(entry["counter"]), extra, words, source)


def check_examples(rules: MeasureRules) -> list[str]:
    """Every example a rule does not fire on and every counter-example it fires on."""
    failures = []
    for section in rules.sections.values():
        for rule in section:
            failures += [f"{rule.id}: does not fire on example «{t}»" for t in rule.examples if not rules.fires(rule, t)]
            failures += [f"{rule.id}: fires on counter-example «{t}»" for t in rule.counter if rules.fires(rule, t)]
    return failures
