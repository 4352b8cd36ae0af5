"""Load the fact rules (pipeline/rules/facts.yaml): validated, macros expanded, regexes compiled.

A misspelt key, a missing id, a duplicate id or a regex that does not compile is a `RuleFileError`
naming the file and the rule, raised when the file is loaded, not a silent no-match later.
The rule set shipped with the package (`load_rules`) is the exception: its regexes are compiled
on first use (a small file needs a few of them, and compiling all of them was a tenth of a
second of start-up), so a bad regex there is the same `RuleFileError` raised at that point;
tests/test_rule_examples.py loads the shipped file eagerly, so such an error fails the tests.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..datafiles import load_yaml
from ..prefilter import LazyPattern, required_literals, words_regex
from .piecewise import prefix_safe

RULE_KEYS = {"id", "metric", "category", "left", "right", "next", "units", "topic", "not_right", "not_left",
             "right_has", "requires", "near", "examples"}
SIDES = ("left", "right", "next")
SKIP_KEYS = {"id", "left", "right", "units", "examples"}
STRUCTURAL_KEYS = {"id", "about", "examples"}
TOP_KEYS = {"macros", "topics", "modality", "not_counted", "categories", "category_only", "basis",
            "breakdown_modes", "pollution_types", "pollution_list_industries", "families", "all_done", "structural",
            "indicator"}
# The regexes of a rule besides its pattern (each optional).
_CONDITIONS = ("not_right", "not_left", "right_has", "requires", "near")


class RuleFileError(ValueError):
    """A rule file that cannot be used as written."""


class computed_once:
    """An attribute computed on first use and stored on the instance, then read as a plain
    attribute (functools.cached_property without its lock: the rules' regexes and a statement's
    numbers and clauses are read thousands of times per document). Works on frozen dataclasses."""

    def __init__(self, func):
        self.func, self.name = func, func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


# A regex compiled on first use, for the patterns of paths a small file may never take (a file's
# start-up pays only for the regexes it needs): the one the classifier and the measures use too.
LazyRegex = LazyPattern


@dataclass(frozen=True)
class _Source:
    """A regex as written in the rule file (for messages), as compiled (macros expanded), and
    where it is (file, rule)."""

    written: str
    expanded: str
    origin: str
    where: str

    def compile(self) -> re.Pattern:
        try:
            return re.compile(self.expanded)
        except re.error as exc:
            raise RuleFileError(f"{self.origin}: {self.where}: bad regex {self.written!r}: {exc}") from None


def _compiled(name: str):
    """The regex `name` of a rule or skip, compiled from its source on first use (None when the
    rule has none). A rule's pattern waits for a text holding one of its words (`_WordGated`)."""
    def get(self) -> re.Pattern | _WordGated | None:
        source = self.sources.get(name)
        if source is None:
            return None
        words = self.literals if name == "pattern" else None
        return _WordGated(source, words) if words else source.compile()
    get.__name__ = name
    return computed_once(get)


class _WordGated:
    """A rule's pattern, not compiled before a text searched holds one of its words (`literals`):
    a rule is tried on the words before or after a number when its word is anywhere in the
    statement, and on real pages most of the rules tried so never find their word there, nor
    match. Compiling a pattern of the rule file costs as much as hundreds of searches (its
    classes of Chinese characters are built as 64K-character maps), so a short run over few
    pages spent more on compiling than on searching. Until then `search(text)` answers None
    when `text` holds none of the words (a match would hold one); the first text that holds one
    compiles it, and from then on `search`, `finditer` ... are the compiled pattern's own
    (instance attributes, as `LazyPattern`), at no cost per search."""

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")

    def __init__(self, source: _Source, words: frozenset[str]):
        self.pattern = source.expanded
        self._source, self._words = source, words

    def search(self, text: str, *span):
        # (with pos / endpos a look-behind may read outside the slice: compile; the words are
        # looked for by map and any, in C: most rules tried never find theirs, and a loop in
        # Python over their words was a few percent of the stage)
        if not span and not any(map(text.__contains__, self._words)):
            return None
        return self.compile().search(text, *span)

    def compile(self) -> re.Pattern:
        compiled = self._source.compile()
        self.__dict__.update({m: getattr(compiled, m) for m in self._METHODS}, compiled=compiled,
                             flags=compiled.flags, groups=compiled.groups, groupindex=compiled.groupindex)
        return compiled

    def __getattr__(self, name: str):  # anything but `search` and `pattern` before the first compile
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.compile(), name)

    def __repr__(self) -> str:
        return f"_WordGated({self.pattern!r})"


@dataclass(frozen=True)
class Rule:
    id: str
    metric: str
    family: str
    side: str  # left | right | next
    units: frozenset[str]
    category: str | None = None
    topic: str | None = None
    # pattern (the side's regex) and the _CONDITIONS present, as written
    sources: dict = field(default_factory=dict, compare=False, repr=False)

    pattern = _compiled("pattern")
    not_right = _compiled("not_right")
    not_left = _compiled("not_left")
    right_has = _compiled("right_has")
    requires = _compiled("requires")  # a word earlier in the sentence
    near = _compiled("near")  # a word anywhere in the sentence

    @computed_once
    def literals(self) -> frozenset[str] | None:
        """Words one of which is in every text `pattern` matches (None: not known). A text holding
        none of them is not searched (see `RulesIn`)."""
        # (parsed, not compiled: a bad regex has none, and is reported when the rule is searched)
        source = self.sources.get("pattern")
        return None if source is None else required_literals(source.expanded)


@dataclass(frozen=True)
class Skip:
    """Numbers that count things outside the vocabulary."""

    id: str
    units: frozenset[str] | None = None  # counters it applies to (all when None)
    sources: dict = field(default_factory=dict, compare=False, repr=False)  # left / right, as written

    left = _compiled("left")
    right = _compiled("right")


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    skips: tuple[Skip, ...]
    pollution: dict[str, str]  # label as written -> category
    indicator_units: frozenset[str]
    count_units: frozenset[str]
    # id -> {"pos": [...], "neg": [...]} for every rule, skip and structural rule.
    examples: dict[str, dict] = field(default_factory=dict)
    # counter -> the rules accepting it, per side, as (index in `rules`, rule) in file order: a
    # number reads only these instead of filtering every rule by unit.
    by_unit: dict[str, tuple[tuple, tuple, tuple]] = field(default_factory=dict)
    # The rule file's sections of regexes below, as read (compiled on first use) and its name.
    data: dict = field(default_factory=dict, compare=False, repr=False)
    source: str = ""
    # (counter, words present) -> the rules of `sides` one of whose words is present (`able_sides`)
    sides_with: dict = field(default_factory=dict, compare=False, repr=False)
    # (counter, side, text) -> `able`'s answer for that text
    able_memo: dict = field(default_factory=dict, compare=False, repr=False)
    # (counter, words before a number, words after it, clause joined) -> what the rules say of them
    # (`counts._read_number`)
    read_memo: dict = field(default_factory=dict, compare=False, repr=False)

    def _expanded(self, pattern: str, where: str) -> re.Pattern | None:
        if not pattern:
            return None
        return _Source(pattern, _expand(pattern, self.data["macros"]), self.source, where).compile()

    @computed_once
    def topics(self) -> dict[str, re.Pattern]:
        return {k: self._expanded(v, f"topics.{k}") for k, v in self.data["topics"].items()}

    @computed_once
    def any_topic(self) -> re.Pattern:
        """One alternation of the `topics` patterns: it matches a text where any of them does (one
        search tells `counts._topic` that a text names no subject, most numbers' case)."""
        # (joined as they are: "a|b" and "c" give "a|b|c", which tries the same words in the same order as
        # "(?:a|b)|(?:c)", and whose first characters the regex engine can scan for; measured: the
        # facts stage 387.3 M -> 382.5 M instructions on 20 bench documents)
        return re.compile("|".join(p.pattern for p in self.topics.values()) or "(?!)")

    @computed_once
    def modality(self) -> re.Pattern:
        return self._expanded(self.data["modality"], "modality")

    @computed_once
    def categories(self) -> dict[str, re.Pattern]:
        return {k: re.compile(v) for k, v in self.data["categories"].items()}

    @computed_once
    def category_only(self) -> re.Pattern:
        return re.compile(self.data["category_only"])

    @computed_once
    def category_words(self) -> frozenset[str] | None:
        """Words one of which is in every text a `categories` pattern matches (None: not known)."""
        words = [required_literals(v) for v in self.data["categories"].values()]
        return None if any(w is None for w in words) else frozenset().union(*words)

    @computed_once
    def category_only_words(self) -> frozenset[str] | None:
        """Words one of which is in every text `category_only` matches (None: not known)."""
        return required_literals(self.data["category_only"])

    @computed_once
    def modes(self) -> dict[str, re.Pattern]:
        return {k: re.compile(v) for k, v in self.data["breakdown_modes"].items()}

    @computed_once
    def modes_piecewise(self) -> bool:
        """Whether every `modes` pattern is `prefix_safe` (the matches in the words before a number
        are then those of the whole statement that end before it: `breakdowns._modes_before`)."""
        return all(map(prefix_safe, self.modes.values()))

    @computed_once
    def mode_cue(self) -> re.Pattern | None:
        """A regex of words one of which is in every text where a breakdown mode's cue matches (None:
        not known): a statement without any has no mode before any of its numbers."""
        words = [required_literals(p) for p in self.data["breakdown_modes"].values()]
        return None if any(w is None for w in words) else words_regex(set().union(*words))

    @computed_once
    def all_done(self) -> dict[str, re.Pattern]:
        return {k: re.compile(v) for k, v in self.data["all_done"].items()}

    @computed_once
    def indicator(self) -> dict[str, LazyRegex]:
        # (each compiled on first use: `name` and `link` are read only as part of `named_rate`, and
        # the Chinese character range of `name` alone costs a few milliseconds to compile)
        return {k: LazyRegex(v) for k, v in self.data["indicator"].items() if isinstance(v, str)}

    @computed_once
    def named_rate(self) -> re.Pattern:
        """A rate's name and the words linking it to its value, at the end of the words before it."""
        return re.compile(f"{self.indicator['name'].pattern}{self.indicator['link'].pattern}$")

    @computed_once
    def basis(self) -> dict[str, re.Pattern]:
        return {k: self._expanded(v, f"basis.{k}") for k, v in self.data["basis"].items()}

    @computed_once
    def basis_words(self) -> dict[str, frozenset[str] | None]:
        """For each `basis` cue, words one of which is in every text it matches (None: not known)."""
        return {k: required_literals(p) for k, p in self.basis.items()}

    @computed_once
    def list_industries(self) -> tuple[str, ...]:
        """Industry labels that may stand as items of a pollution-type list, longest first."""
        return tuple(sorted(self.data.get("pollution_list_industries", ()), key=len, reverse=True))

    @computed_once
    def pollution_word(self) -> re.Pattern:
        """Any pollution label of two characters or more (a single character is too common a word)."""
        return re.compile("|".join(sorted((re.escape(w) for w in self.pollution if len(w) >= 2), key=len, reverse=True))
                          or "(?!)")

    @computed_once
    def skip_groups(self) -> tuple[tuple[frozenset[str] | None, re.Pattern | None, re.Pattern | None], ...]:
        """The `not_counted` rules as (counters, one alternation of their left patterns, one of their
        right patterns) per set of counters: one search per side tells whether any of them may
        exclude a number, before they are tried one by one (`counts.skipped_by`). Most numbers
        are excluded by none."""
        sides: dict = {}
        for skip in self.skips:
            lefts, rights = sides.setdefault(skip.units, ([], []))
            for name, found in (("left", lefts), ("right", rights)):
                if name in skip.sources:
                    getattr(skip, name)  # a bad regex is reported with its rule's name
                    found.append(skip.sources[name].expanded)
        return tuple((units, _alternation(lefts), _alternation(rights)) for units, (lefts, rights) in sides.items())

    @computed_once
    def skip_empty(self) -> bool:
        """Whether a `skip_groups` pattern matches an empty text (if none does, the empty words after
        most numbers need no search)."""
        return any(p is not None and p.search("") is not None for _, *patterns in self.skip_groups for p in patterns)

    @computed_once
    def breakdown_words(self) -> re.Pattern | None:
        """A regex of words one of which is in every statement with a breakdown item (None: not
        known): a pollution label, a list industry, or a word of the industry mode's cue."""
        industry = required_literals(self.data["breakdown_modes"]["industry"]) \
            if "industry" in self.data["breakdown_modes"] else frozenset()
        if industry is None:
            return None
        return words_regex(set(self.pollution) | set(self.list_industries) | industry)

    @computed_once
    def skip_words(self) -> re.Pattern | None:
        """A regex of words one of which is in every text where a `not_counted` pattern matches
        (None: not known): a statement without any has no number that one of them excludes."""
        words = [required_literals(source.expanded) for skip in self.skips for source in skip.sources.values()]
        return None if not words or any(w is None for w in words) else words_regex(set().union(*words))

    @computed_once
    def literals(self) -> tuple[str, ...]:
        """Every word of the rules' `literals`."""
        return tuple(sorted({w for r in self.rules if r.literals for w in r.literals}))

    def compile_all(self) -> RuleSet:
        """Compile every regex now (a bad one is a `RuleFileError` here, not at first use)."""
        for r in self.rules:
            for name in ("pattern", *_CONDITIONS):
                if isinstance(regex := getattr(r, name), _WordGated):
                    regex.compile()
        for s in self.skips:
            s.left, s.right  # noqa: B018
        for name in ("topics", "modality", "categories", "category_only", "modes", "all_done", "indicator", "basis",
                     "pollution_word", "named_rate"):
            getattr(self, name)
        for regex in self.indicator.values():
            regex.search  # noqa: B018 - compiled now
        return self

    def matching(self, unit: str | None, side: int, text: str) -> tuple:
        """The rules of side `side` (an index in SIDES) accepting `unit` whose pattern matches
        `text`, in file order, as (index in `rules`, rule, match start, match end). (No memo of
        answers across documents: it paid only where texts repeat, as the bench's do.)"""
        return matches(self.sides(unit)[side], text)

    @computed_once
    def ruled_units(self) -> frozenset:
        """The counters some rule accepts (`any(self.sides(unit))`)."""
        return frozenset(unit for unit, sides in self.by_unit.items() if any(sides))

    def sides(self, unit: str | None) -> tuple[tuple, tuple, tuple]:
        """(left, right, next) rules accepting `unit`, each as (index in `rules`, rule)."""
        return self.by_unit.get(unit, _NO_RULES)

    def words_in(self, text: str) -> frozenset[str]:
        """The words of the rules' `literals` that are in `text`: those of the first characters
        that are in it (a character looked for is one C scan; the regex of all the words, searched
        again after each word found, cost a call per word: measured: 33 K -> 21 K instructions a
        statement of the bench documents)."""
        return frozenset([w for first, words in self._by_first if first in text for w in words if w in text])

    def able(self, unit: str | None, side: int, text: str, words: frozenset[str] | None = None) -> tuple:
        """`sides(unit)[side]` without the rules whose pattern cannot match in `text` as none of its
        `literals` is there: a rule is searched only when one of its words is. `words`: a set of
        words that holds every rule word in `text` (those of a text `text` is a slice of), to
        look for fewer; the rules kept for the words present are remembered.
        The answer depends on the text alone (`words` holds every rule word of it), and is
        remembered by text: the words before and after a number ("办结", "件信访举报") come back in
        document after document (60% of the questions of 247 real pages were asked before), and
        a look-up costs a tenth of finding the words (measured: the facts stage 322.6 M -> 314.7 M
        instructions on 20 bench documents; unchanged on 20 real pages, which repeat little)."""
        key = (unit, side, text)
        memo = self.able_memo
        found = memo.get(key)
        if found is None:
            present = frozenset([w for w in (self.literals if words is None else words) if w in text])
            found = self.able_sides(unit, present)[side]
            if len(memo) >= _ABLE_MEMO_LIMIT:
                memo.clear()
            memo[key] = found
        return found

    def able_in(self, unit: str | None, side: int, text: str, statement) -> tuple:
        """`able(unit, side, text, statement.rule_words)` for a text that is a slice of `statement`:
        the statement's rule words are found only when the answer for `text` is not remembered
        (most are: a statement whose numbers' words were all seen needs no words of its own)."""
        found = self.able_memo.get((unit, side, text))
        return found if found is not None else self.able(unit, side, text, statement.rule_words)

    def able_sides(self, unit: str | None, present: frozenset[str]) -> tuple[tuple, tuple, tuple]:
        """`sides(unit)` for a text holding the rule words `present` (and no other): for each side,
        the rules one of whose words is present. For the numbers of a statement, with the
        statement's words, then with those of them that the words before and after a number (its
        slices) hold (`able(..., words)` in counts: looking for the statement's few words in a slice costs
        less than the searches it spares)."""
        key = (unit, present)
        found = self.sides_with.get(key)
        if found is None:
            found = tuple(tuple((i, r) for i, r in side if r.literals is None or not r.literals.isdisjoint(present))
                          for side in self.sides(unit))
            if len(self.sides_with) >= _MAX_MEMO:
                self.sides_with.clear()
            self.sides_with[key] = found
        return found

    @computed_once
    def next_words(self) -> dict[str, frozenset[str] | None]:
        """For each counter some rule accepts, words one of which is in a text exactly when a `next`
        rule accepting it is able there (`able_sides(unit, its words)[2]` is not empty): the union
        of those rules' `literals` (empty: no such rule; None: a rule's are not known, always able)."""
        out = {}
        for unit, (_, _, nexts) in self.by_unit.items():
            words = [r.literals for _, r in nexts]
            out[unit] = None if None in words else frozenset().union(*words)
        return out

    @computed_once
    def _by_first(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The `literals` grouped by their first character: (character, its words)."""
        groups: dict[str, list[str]] = {}
        for w in self.literals:
            groups.setdefault(w[0], []).append(w)
        return tuple((first, tuple(words)) for first, words in groups.items())


def _alternation(patterns: list[str]) -> re.Pattern | None:
    """One regex matching where any of `patterns` matches (None: no pattern)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def matches(candidates: tuple, text: str) -> tuple:
    """Those of `candidates` ((index, rule) pairs) whose pattern matches `text`, as (index, rule,
    match start, match end), in order."""
    return tuple((i, r, m.start(), m.end()) for i, r in candidates for m in (r.pattern.search(text),) if m)


_MAX_MEMO = 100_000
# (texts as keys: a few MB at most)
_ABLE_MEMO_LIMIT = 20_000


_NO_RULES: tuple[tuple, tuple, tuple] = ((), (), ())


def _index_by_unit(rules: tuple[Rule, ...]) -> dict[str, tuple[tuple, tuple, tuple]]:
    units = {u for r in rules for u in r.units}
    return {u: tuple(tuple((i, r) for i, r in enumerate(rules) if u in r.units and r.side == side) for side in SIDES)
            for u in units}


def _expand(text: str, macros: dict) -> str:
    for name, value in macros.items():
        if isinstance(value, str):
            text = text.replace("{" + name + "}", value)
    return text


@lru_cache(maxsize=1)
def load_rules() -> RuleSet:
    """The rule set shipped with the package (regexes compiled on first use)."""
    with resources.files("pipeline.rules").joinpath("facts.yaml").open(encoding="utf-8") as fh:
        return parse_rules(load_yaml(fh), "pipeline/rules/facts.yaml", lazy=True)


def load_rule_file(path: str | Path) -> RuleSet:
    """Another rule file (to try a change without touching the package)."""
    return parse_rules(load_yaml(Path(path).read_text(encoding="utf-8")), str(path))


def parse_rules(data: dict, source: str, lazy: bool = False) -> RuleSet:
    """The rule set of a rule file's data; every regex is compiled here unless `lazy` (then each
    is compiled on first use, a bad one raising the same `RuleFileError` then)."""
    def fail(where: str, message: str):
        raise RuleFileError(f"{source}: {where}: {message}")

    unknown = set(data) - TOP_KEYS
    if unknown:
        fail("top level", f"unknown key(s) {sorted(unknown)}; allowed: {sorted(TOP_KEYS)}")
    macros = data["macros"]

    def sources(item: dict, names, where: str) -> dict[str, _Source]:
        return {name: _Source(item[key], _expand(item[key], macros), source, where)
                for name, key in names if item.get(key)}

    def units(spec, where) -> frozenset[str]:
        if isinstance(spec, str):
            if spec not in macros:
                fail(where, f"units {spec!r} is not a macro")
            return frozenset(macros[spec])
        return frozenset(spec)

    examples: dict[str, dict] = {}

    def register(item: dict, where: str, allowed: set[str]):
        rid = item.get("id")
        if not rid:
            fail(where, "a rule needs an 'id'")
        unknown = set(item) - allowed
        if unknown:
            fail(f"rule {rid}", f"unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
        if rid in examples:
            fail(f"rule {rid}", "duplicate id")
        ex = item.get("examples") or {}
        if not ex.get("pos") or not ex.get("neg"):
            fail(f"rule {rid}", "examples need at least one 'pos' and one 'neg' sentence")
        examples[rid] = ex
        return rid

    rules = []
    for family, items in data["families"].items():
        for i, item in enumerate(items):
            rid = register(item, f"{family}[{i}]", RULE_KEYS)
            sides = [s for s in SIDES if s in item]
            if len(sides) != 1:
                fail(f"rule {rid}", f"exactly one of {SIDES} is needed, found {sides}")
            if "metric" not in item or "units" not in item:
                fail(f"rule {rid}", "'metric' and 'units' are required")
            side = sides[0]
            rules.append(Rule(
                id=rid, metric=item["metric"], family=family, side=side, units=units(item["units"], f"rule {rid}"),
                category=item.get("category"), topic=item.get("topic"),
                sources=sources(item, [("pattern", side), *((c, c) for c in _CONDITIONS)], f"rule {rid}"),
            ))
    skips = []
    for i, item in enumerate(data.get("not_counted", [])):
        rid = register(item, f"not_counted[{i}]", SKIP_KEYS)
        skips.append(Skip(rid, units(item["units"], rid) if "units" in item else None,
                          sources(item, [("left", "left"), ("right", "right")], rid)))
    for i, item in enumerate(data.get("structural", [])):
        register(item, f"structural[{i}]", STRUCTURAL_KEYS)
    pollution = {label: cat for cat, labels in data["pollution_types"].items() for label in labels}
    ruleset = RuleSet(
        rules=tuple(rules),
        skips=tuple(skips),
        pollution=pollution,
        indicator_units=frozenset(data["indicator"]["units"]),
        count_units=units("COUNT", "COUNT") | units("PEOPLE", "PEOPLE") | {"元", "次"}
        | frozenset(data["indicator"]["units"]),
        examples=examples,
        by_unit=_index_by_unit(tuple(rules)),
        data=data,
        source=source,
    )
    return ruleset if lazy else ruleset.compile_all()
