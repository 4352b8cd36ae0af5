"""Features of one sentence for the boilerplate / concrete classifier.

Three views of a sentence, joined by `build_features()`:
- character 1-3-grams (digits masked to 0, so the model learns "a number here", not which one),
- word 1-2-grams from the segmenter,
- interpretable cues (`CUE_NAMES`): numbers from the number parser, dates, 《》 titles, places,
  organizations and projects, counted Chinese numerals, measured quantities, boilerplate
  formulas (pipeline/rules/boilerplate.yaml), headings, generic scope words, length, and how
  common the sentence's character 4-grams are in the training corpus.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib import resources
from bisect import bisect_right
from itertools import accumulate, chain
from operator import itemgetter

import numpy as np

from .datafiles import load_yaml
from .prefilter import LazyPattern, required_literals, spelled_strings
from .segment import Segmenter

_DIGITS = re.compile(r"\d\d*(?:\.\d+)?")  # \d+(?:\.\d+)?, begun with a class: re skips to the digits
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
_WORD_CHARS = r"\u4e00-\u9fff0-9A-Za-z*"  # what makes a token a word (is_word)
_WORDLIKE = re.compile(f"[{_WORD_CHARS}]")
_CJK_RUNS = re.compile(r"[\u4e00-\u9fff\n]+")
_NOT_WORD_LINE = re.compile(f"^[^{_WORD_CHARS}\\n]*$", re.M)  # a line without a _WORDLIKE character


class Lexicon:
    """The compiled rules of pipeline/rules/boilerplate.yaml."""

    def __init__(self, data: dict):
        # (the formulas, dates and measures one by one are compiled on first use: a document is
        # searched for only the formulas whose strings it holds, and for the dates and measures as one)
        self.formulas = [LazyPattern(p) for p in data["formulas"]]
        self.heading = re.compile(data["heading"])
        self.dates = [LazyPattern(p) for p in data["dates"]]
        # a word is a date when one of the patterns matches all of it: one alternation does that
        self._date_word = _any_of(data["dates"])
        self.counted = re.compile(data["counted"])
        self.document_title = re.compile(data["document_title"])
        self.place_word = re.compile(data["place_word"])
        self.generic_prefix = re.compile(data["generic_prefix"])
        self.generic_place_words = frozenset(data["generic_place_words"])
        self.provinces = frozenset(data["provinces"])
        # the proper names that do not count for the proper-name cue (made once, not per document)
        self.not_proper_names = self.generic_place_words | self.provinces
        self.organization = re.compile(data["organization"])
        self.org_word = re.compile("^" + data["organization"] + "$")
        self.generic_org_words = frozenset(data["generic_org_words"])
        self.measures = [LazyPattern(p) for p in data["measures"]]
        self.generic_scope = re.compile(data["generic_scope"])
        self.markers = {name: re.compile(data[name])
                        for name in ("finding", "completed_action", "reported_event", "person_title", "modal")}
        # Per formula, the strings one of which each of its matches holds (None: not known): a
        # formula none of whose strings is in the text needs no search (an `in` test is cheaper).
        self.formula_required = [_formula_strings(p) for p in self.formulas]
        # The flag rules each match of which holds one of some strings (required_literals) of two
        # characters or more: {name: (pattern, those strings)}. Their strings are found with the
        # formulas' in one scan of a document (document_cues), and only the sentences holding one
        # are searched for the rule (a rule that is those strings alone needs no search at all;
        # measured: see document_cues.rule_flags).
        # (not completed_action: its strings, 完成 关闭 处罚 ..., are in most sentences of a report)
        self.string_rules = _string_rules({"generic_scope": self.generic_scope,
                                           **{k: v for k, v in self.markers.items() if k != "completed_action"}})
        required = self.formula_required + [strings for _, strings in self.string_rules.values()]
        # Every match of a formula or of a string rule holds one of these strings: a document's
        # sentences without any need not be searched for them one by one. None: no such set.
        self.cue_literals = _strings_regex(required)
        self.cue_strings = _shortest_strings(required)  # (its strings, for document_cues.StringFinder)
        # Per formula (string rule), the strings of cue_literals that its strings hold: a sentence
        # holding one of the formula's strings holds one of these, and only such sentences are searched for it.
        keys = _keys_of(required)
        self.formula_keys = None if keys is None else keys[:len(self.formulas)]
        # Per key, the formulas (their indices, ascending) one of whose keys it is: a document's
        # found strings pick the formulas to search (formulas_holding), not a test of every key of every formula
        self.formulas_of_key: dict[str, tuple[int, ...]] = {}
        for i, own in enumerate(self.formula_keys or ()):
            for key in own:
                self.formulas_of_key[key] = self.formulas_of_key.get(key, ()) + (i,)
        self.rule_keys = None if keys is None else dict(zip(self.string_rules, keys[len(self.formulas):]))
        # The string rules that are their strings alone, and whose keys are some of those strings: a
        # sentence holding a key matches the rule (and one holding a string of it holds a key).
        self.plain_rules = frozenset(
            name for name, (pattern, strings) in self.string_rules.items()
            if keys is not None and matched_strings(pattern.pattern) == strings and self.rule_keys[name] <= strings)
        # Likewise the endings of an organization's name (局, 公司 ...): the organization pattern
        # tries up to 12 characters before each, costly at every character of a sentence without one.
        self.organization_literals = _literal_union([self.organization])
        # a sentence has a date (a measure) where one of the patterns matches: one alternation finds it
        self.any_date = _any_of(data["dates"])
        self.date_literals = _literal_union(self.dates)  # most of them begin with a digit, slow to scan for
        self.any_measure = _any_of(data["measures"])
        # What the rules say about one token (TOKEN_* bits), computed once per distinct token: a
        # document repeats its words, and so do documents. Bounded: cleared past MEMO_LIMIT entries.
        self._token_memo: dict[str, int] = {}
        # The last RECENT_TOKEN_LISTS token lists asked about, each [tokens, bits, bits as an array
        # once asked for]: the classifier's cues and the disclosure measures ask about the same
        # document's tokens, a task's documents apart (run.process_documents); a list comparison
        # of the same token objects is far cheaper than a memo lookup per token.
        self._recent: list[list] = []
        # Per word rule of _token_bits, its strings one of which a word it matches holds (None: not
        # known, or one holds a line break): _token_bits_of tries the rule only on words holding one.
        self._rule_literals = {name: _literals_without_line_break(pattern) for name, pattern in (
            ("place_word", self.place_word), ("generic_prefix", self.generic_prefix), ("counted", self.counted),
            ("date_word", self._date_word), ("org_word", self.org_word))}

    def formulas_holding(self, holding: dict[str, set[int]]) -> dict[int, set[int]]:
        """{formula index: the rows holding one of its keys} for the formulas some row holds a key
        of, given {key: rows holding it} (DocumentText.rows_holding). Read from the found keys (a
        document holds a few dozen of the hundreds): measured, see document_cues."""
        rows_of: dict[int, set[int]] = {}
        formulas_of_key = self.formulas_of_key
        for key, rows in holding.items():
            for i in formulas_of_key.get(key, ()):
                found = rows_of.get(i)
                if found is None:
                    rows_of[i] = set(rows)
                else:
                    found.update(rows)
        return rows_of

    def is_place_word(self, word: str) -> bool:
        if word in self.provinces:
            return True
        return (
            bool(self.place_word.match(word))
            and word not in self.generic_place_words
            and not self.generic_prefix.match(word)
        )

    def place_flags(self, words: list[str], token_flags: list[int] | None = None) -> list[bool]:
        """Per word: a place name. A bare suffix word (镇, 乡, 河 ...) after a specific 2-4
        character name counts, with the name: jieba often splits 青石镇 into 青石 / 镇.
        `token_flags`: `self.token_flags(words)` when the caller already has them."""
        bits = token_flags if token_flags is not None else self.token_flags(words)
        flags = [bool(b & TOKEN_PLACE) for b in bits]
        for i in self._split_places(words, bits):
            flags[i - 1] = flags[i] = True
        return flags

    def place_in_each(self, word_lists: list[list[str]], token_flags: tuple[int, ...] | None = None) -> list[float]:
        """1.0 / 0.0 per list of words: any(place_flags(words)) of each, for a document's sentences at once.
        A set test (C-level) per sentence on its words' bits: a document has a few dozen sentences,
        and numpy's per-call cost on arrays that small was most of the work (measured over 20 real
        documents: 4.9 M -> 3.4 M instructions; 20 bench documents: 15.1 M -> 11.3 M).
        `token_flags`: the token_flags_tuple of the lists' words one after another, when the caller has them."""
        bits = token_flags if token_flags is not None else self.token_flags_tuple(list(chain.from_iterable(word_lists)))
        out = []
        at = 0
        for words in word_lists:
            end = at + len(words)
            own = bits[at:end]
            at = end
            out.append(1.0 if not _PLACE_BITS.isdisjoint(own)
                       or (not _SUFFIX_BITS.isdisjoint(own) and any(self._split_places(words, own))) else 0.0)
        return out

    def _split_places(self, words: list[str], bits):
        """The places i where words[i - 1], words[i] are a split place name (青石 / 镇), given their bits."""
        for i in range(1, len(words)):
            if (bits[i] & TOKEN_PLACE_SUFFIX and bits[i - 1] & TOKEN_PLACE_NAME
                    and words[i - 1] + words[i] not in self.generic_place_words):
                yield i

    def token_flags(self, words: list[str]) -> list[int]:
        """The TOKEN_* bits of each word, from the per-token memo."""
        return list(self.token_flags_tuple(words))

    def token_flags_tuple(self, words: list[str]) -> tuple[int, ...]:
        """token_flags as a tuple (no copy into a list)."""
        return self._recent_entry(words)[1]

    def _recent_entry(self, words: list[str]) -> list:
        """[tokens, bits, array or None] of `words`: a recent list's, or new (and then recent)."""
        if len(words) > 1:
            n = len(words)
            for entry in self._recent:
                if len(entry[0]) == n and entry[0] == words:
                    return entry
        self.remember_flags(words, memo_values_filled(self._token_memo, words, self._token_bits_of))
        return self._recent[-1]

    def remember_flags(self, words: list[str], flags: tuple[int, ...], array: np.ndarray | None = None) -> None:
        """Take `flags` (the token_flags_tuple of `words`, which the caller read from a memo of its
        own) as those of `words` for the next questions about them (a recent list, as
        _recent_entry keeps): the classifier reads the bits with the word codes, and the
        disclosure measures ask about the same tokens next. `array`: the same ints as a read-only
        int64 array, when the caller has one (token_flags_array returns it: an np.fromiter of a
        document's ~1,200 flags cost ~300 k instructions)."""
        recent = self._recent
        if len(recent) >= RECENT_TOKEN_LISTS:
            del recent[0]
        recent.append([list(words), flags, array])

    def token_flags_array(self, words: list[str]) -> np.ndarray:
        """token_flags as a read-only int64 array; for the last token list asked about, the same
        array (the classifier's place cue and the disclosure measures read one document's tokens
        one after the other: converting a thousand ints to an array is dearer than the lookups)."""
        entry = self._recent_entry(words)
        if entry[2] is None:
            flags = entry[1]
            entry[2] = np.fromiter(flags, dtype=np.int64, count=len(flags))
            entry[2].flags.writeable = False
        return entry[2]

    def _token_bits(self, word: str) -> int:
        bits = 0
        if is_word(word):
            bits |= TOKEN_WORD
        if self.is_place_word(word):
            bits |= TOKEN_PLACE
        # the two halves of a split place name (place_flags)
        if len(word) == 1 and self.place_word.match("名" + word):
            bits |= TOKEN_PLACE_SUFFIX
        if 2 <= len(word) <= 4 and _CJK.fullmatch(word[-1]) and not self.generic_prefix.match(word):
            bits |= TOKEN_PLACE_NAME
        # the specificity measure (disclosure.specific_words)
        if any(c.isdigit() for c in word) or set(word) <= {"*", "X", "x"}:
            bits |= TOKEN_SPECIFIC
        elif word in DATE_UNITS:
            bits |= TOKEN_DATE_UNIT  # specific after a number only
        elif self.counted.fullmatch(word) or self.is_date_word(word) or self.is_org_word(word):
            bits |= TOKEN_SPECIFIC
        if any(c.isdigit() or c in "*X" for c in word[-1:]):
            bits |= TOKEN_ENDS_IN_NUMBER
        # the title brackets (《...》 spans are specific)
        if word in ("《", "》"):
            bits |= TOKEN_TITLE_MARK
        if "《" in word:
            bits |= TOKEN_OPENS_TITLE
        if "》" in word:
            bits |= TOKEN_CLOSES_TITLE
        return bits

    def _token_bits_of(self, words: list[str]) -> list[int]:
        """[self._token_bits(w) for w in words], rule by rule: a document's new words are many,
        and the dozen Python calls per word of _token_bits cost more than the rules themselves.
        Each word regex runs only on the words holding one of its strings (`required_literals`),
        found in one scan of the words joined by line breaks; the other tests are C-level maps."""
        joined = "\n".join(words)
        if len(words) < _FEW_WORDS or joined.count("\n") != len(words) - 1:
            return list(map(self._token_bits, words))
        starts = list(accumulate((len(w) + 1 for w in words[:-1]), initial=0))

        def matching(pattern: re.Pattern, literals: re.Pattern | None, test=None) -> list:
            """pattern.match (or `test`) of each word, None where the word holds none of `literals`."""
            out = [None] * len(words)
            test = test or pattern.match
            found = range(len(words)) if literals is None else \
                {bisect_right(starts, m.start()) - 1 for m in literals.finditer(joined)}
            for k in found:
                out[k] = test(words[k])
            return out

        literals = self._rule_literals
        # TOKEN_WORD per word (is_word): 0 for the words without a word character, found as whole
        # lines of the joined words in one regex scan (few: punctuation is memoised early) instead
        # of a search per word (measured: 20 real documents' new words 9.7 M -> 8.4 M instructions)
        word_bit = [TOKEN_WORD] * len(words)
        for m in _NOT_WORD_LINE.finditer(joined):
            word_bit[bisect_right(starts, m.start()) - 1] = 0
        place_like = matching(self.place_word, literals["place_word"])
        prefix = matching(self.generic_prefix, literals["generic_prefix"])
        counted = matching(self.counted, literals["counted"], self.counted.fullmatch)
        date = matching(self._date_word, literals["date_word"], self._date_word.fullmatch)
        org_like = matching(self.org_word, literals["org_word"])
        # the digits of the words (most have none: no per-word test then), read outside the runs of
        # CJK characters and line breaks (none is a digit: a set of each character cost more;
        # with the letters-alone gate below, measured: 20 real documents 12.2 M -> 9.7 M instructions)
        digits = set(filter(str.isdigit, set(_CJK_RUNS.sub("", joined))))
        # (the set tests below are made only where their answer counts, in _token_bits' order: a
        # pass over all the words per test cost more; measured: 20 real documents' new words
        # 14.3 M -> 12.5 M instructions)
        provinces, generic_places, generic_orgs = self.provinces, self.generic_place_words, self.generic_org_words
        out = []
        for k, word in enumerate(words):
            bits = word_bit[k]
            if word in provinces or (place_like[k] and word not in generic_places and not prefix[k]):
                bits |= TOKEN_PLACE
            n = len(word)
            last = word[-1:]
            if n == 1 and self.place_word.match("名" + word):
                bits |= TOKEN_PLACE_SUFFIX
            if 2 <= n <= 4 and "\u4e00" <= last <= "\u9fff" and not prefix[k]:
                bits |= TOKEN_PLACE_NAME
            # (a word of letters alone, as most are, holds no digit: no digit is a letter)
            if (digits and not word.isalpha() and not digits.isdisjoint(word)) or not word.strip("*Xx"):  # (or set(word) <= {*, X, x})
                bits |= TOKEN_SPECIFIC
            elif word in DATE_UNITS:
                bits |= TOKEN_DATE_UNIT
            elif counted[k] or date[k] or (n >= 3 and org_like[k] and word not in generic_orgs and not prefix[k]):
                bits |= TOKEN_SPECIFIC
            if last in digits or last == "*" or last == "X":
                bits |= TOKEN_ENDS_IN_NUMBER
            if "《" in word:
                bits |= TOKEN_OPENS_TITLE | (TOKEN_TITLE_MARK if n == 1 else 0)
            if "》" in word:
                bits |= TOKEN_CLOSES_TITLE | (TOKEN_TITLE_MARK if n == 1 else 0)
            out.append(bits)
        return out

    def is_org_word(self, word: str) -> bool:
        return (
            len(word) >= 3
            and bool(self.org_word.match(word))
            and word not in self.generic_org_words
            and not self.generic_prefix.match(word)
        )

    def is_date_word(self, word: str) -> bool:
        return bool(self._date_word.fullmatch(word))

    def organizations(self, text: str) -> list[str]:
        return [m.group() for m in self.organization.finditer(text) if self.is_organization(m.group())]

    def is_organization(self, found: str) -> bool:
        """Whether a match of `organization` names one (not a generic word, not 全市 ...)."""
        return found not in self.generic_org_words and not self.generic_prefix.match(found)

    def formula_spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for p in self.formulas for m in p.finditer(text) if m.end() > m.start()]


# Bits of Lexicon.token_flags.
TOKEN_WORD = 1  # is_word: not punctuation
TOKEN_PLACE = 2  # is_place_word
TOKEN_PLACE_SUFFIX = 4  # a one-character place suffix (镇, 河 ...) that may follow a split-off name
TOKEN_PLACE_NAME = 8  # a 2-4 character name such a suffix may follow
TOKEN_SPECIFIC = 16  # specific in itself: a number, masked digits, counted numeral, date, organization
TOKEN_DATE_UNIT = 32  # 年, 月, 日 ...: specific after a number
TOKEN_ENDS_IN_NUMBER = 64  # last character a digit or a mask (* X)
TOKEN_TITLE_MARK = 128  # 《 or 》 alone
TOKEN_OPENS_TITLE = 256  # has a 《
TOKEN_CLOSES_TITLE = 512  # has a 》
# every combination of the bits with TOKEN_PLACE (TOKEN_PLACE_SUFFIX): a set test finds one among a sentence's
# (all combinations below the next power of two of the TOKEN_* bits, so a bit added later is covered)
_TOKEN_BIT_LIMIT = 1 << max(v for k, v in dict(globals()).items() if k.startswith("TOKEN_")).bit_length()
_PLACE_BITS = frozenset(v for v in range(_TOKEN_BIT_LIMIT) if v & TOKEN_PLACE)
_SUFFIX_BITS = frozenset(v for v in range(_TOKEN_BIT_LIMIT) if v & TOKEN_PLACE_SUFFIX)
DATE_UNITS = frozenset({"年", "月", "日", "月底", "月初", "年底", "年初", "时", "号"})
MEMO_LIMIT = 100_000
# token lists whose bits are kept (Lexicon._recent): two a document (its sentences' tokens for the
# classifier's cues and for the disclosure measures), for a task's documents (engine.DOCS_PER_TASK: 64)
RECENT_TOKEN_LISTS = 136
_FEW_WORDS = 4  # fewer new words than this are read one by one (Lexicon._token_bits_of)


def _formula_strings(pattern: LazyPattern) -> frozenset[str] | None:
    """Strings one of which each match of a formula holds: the very strings it matches when they
    are a few of two characters or more (全面(落实|推进) -> 全面落实, 全面推进), else its
    required_literals (全面). A sentence holding 全面 alone is then not searched for the formula."""
    words = matched_strings(pattern.pattern) if not pattern._flags else None
    if words and all(len(w) >= 2 and "\n" not in w for w in words):
        return words
    return required_literals(pattern)


_PLAIN_LIMIT = 32  # strings at most that matched_strings spells out


@lru_cache(maxsize=256)
def matched_strings(source: str) -> frozenset[str] | None:
    """Every string the regex `source` matches, when it is made of literal characters, classes of
    them, plain groups, alternatives and optional parts (x?) and matches at most _PLAIN_LIMIT
    strings; else None."""
    from re import _parser

    try:
        parsed = _parser.parse(source)
    except (re.error, RecursionError):
        return None
    if parsed.state.flags & ~re.UNICODE:
        return None
    words = spelled_strings(list(parsed), _PLAIN_LIMIT, optional=True)
    return frozenset(words) if words is not None else None


def _string_rules(rules: dict[str, re.Pattern]) -> dict[str, tuple[re.Pattern, frozenset[str]]]:
    """{name: (pattern, its required_literals)} of the rules whose required_literals are known,
    each of two characters or more and without a line break (StringFinder finds such strings)."""
    found = {}
    for name, pattern in rules.items():
        strings = required_literals(pattern)
        if strings and all(len(s) >= 2 and "\n" not in s for s in strings):
            found[name] = (pattern, strings)
    return found


def _literals_without_line_break(pattern: re.Pattern) -> re.Pattern | None:
    """_strings_regex of the pattern's required_literals, None when one of them holds a line break."""
    found = _strings_regex([required_literals(pattern)])
    return None if found is None or "\n" in "".join(required_literals(pattern)) else found




def memo_values_filled(memo: dict, keys: list, compute) -> tuple:
    """memo_values(memo, keys), the keys not in the memo added first with their values
    `compute(those keys)` (one value per key, in order); the memo is cleared when past MEMO_LIMIT.
    The new keys are read by a compiled loop of `in` tests (a few of a document's hundreds of
    tokens), not by hashing all keys into a set to subtract the memo's (measured: see the commit)."""
    try:
        return memo_values(memo, keys)
    except KeyError:  # keys not seen yet
        pass
    if len(memo) > MEMO_LIMIT:
        memo.clear()
    new = list(set([key for key in keys if key not in memo]))
    memo.update(zip(new, compute(new)))
    return memo_values(memo, keys)


def memo_values(memo: dict, keys: list) -> tuple:
    """memo[k] for each of `keys`, as a tuple (KeyError for a missing one); one C call, about twice
    as fast as a map over the keys."""
    if len(keys) > 1:
        return itemgetter(*keys)(memo)
    return tuple(map(memo.__getitem__, keys))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    with resources.files("pipeline.rules").joinpath("boilerplate.yaml").open(encoding="utf-8") as fh:
        return Lexicon(load_yaml(fh))


def mask_digits(text: str) -> str:
    """Digits (and decimals) -> a single 0; the char n-gram preprocessor."""
    return _DIGITS.sub("0", text)


def is_word(token: str) -> bool:
    """A token that is a word (has a CJK char, letter, digit or mask), not punctuation."""
    return bool(_WORDLIKE.search(token))


def word_marks(tokens: list[str]) -> list:
    """Per token, something true when it is a word (is_word), else None: one C-level map of the
    regex's search over them (a call of is_word per token costs several times more)."""
    return list(map(_WORDLIKE.search, tokens))


def each_converted(convert, texts: list[str], separator: str) -> list[str]:
    """[convert(t) for t in texts], in one call of `convert` on the texts joined by `separator`
    (when none holds it): for a `convert` whose matches never hold the separator and that never
    writes one (mask_digits and line breaks, collapsing white space and NUL)."""
    joined = separator.join(texts)
    if joined.count(separator) != len(texts) - 1:
        return [convert(t) for t in texts]
    return convert(joined).split(separator)


_PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nt", "nz"})


class SharedSegmenter:
    """A picklable handle on a Segmenter and on the proper-name lexicon: pickles as its kind only,
    so a loaded model never carries (or eagerly loads) a jieba dictionary. The driver binds the
    process's one Segmenter to it (`bind`), so the classifier reads the tokens the segment stage
    already computed instead of segmenting every sentence again with a second dictionary."""

    def __init__(self, kind: str = "jieba"):
        self.kind = kind
        self._segmenter = None
        self._proper = None

    def bind(self, segmenter, proper_words: frozenset[str] | None = None) -> "SharedSegmenter":
        self._segmenter = segmenter
        if proper_words is not None:
            self._proper = proper_words
        return self

    def words(self, text: str) -> list[str]:
        if self._segmenter is None:
            self._segmenter = Segmenter(self.kind)
        return self._segmenter.words(text)

    def tokens_of_each(self, texts: list[str]) -> list[tuple[str, ...]]:
        """words(t) of each of `texts`, as tuples, for a caller that only reads them: in a document
        scope the memo's own tuples, read by one call (not two calls and a list copy a text; measured:
        the words of 20 bench documents' sentences 0.74 M -> ~0.05 M instructions, 20 real pages' 0.18 M -> ~0)."""
        if self._segmenter is None:
            self._segmenter = Segmenter(self.kind)
        return self._segmenter.tokens_of_each(texts)

    def proper_names(self, text: str) -> list[str]:
        """Words that jieba's dictionary tags as a place, person, organization or other proper
        name. A dictionary lookup over the segmenter's tokens: no second pass of HMM tagging."""
        proper = self.proper_lexicon()
        return [w for w in self.words(text) if w in proper]

    def proper_lexicon(self) -> frozenset[str]:
        if self._proper is None:
            self._proper = proper_name_lexicon()
        return self._proper

    def __getstate__(self):
        return {"kind": self.kind}

    def __setstate__(self, state):
        self.__init__(state["kind"])


def proper_name_lexicon() -> frozenset[str]:
    """Words of jieba's dictionary (and cepi's user dictionary) tagged ns / nr / nrt / nrfg / nt / nz
    (the user dictionary overrides jieba's tag of a word)."""
    with open(_jieba_dictionary(), encoding="utf-8") as fh:
        words = set(_proper_lines(fh.read()))
    with resources.files("pipeline.rules").joinpath("userdict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) != 3:
                continue
            # (not `(words.add if … else words.discard)(word)`: Cython 3.3.1 emits C for that call that does not compile)
            if parts[2] in _PROPER_TAGS:
                words.add(parts[0])
            else:
                words.discard(parts[0])
    return frozenset(words)


def _jieba_dictionary() -> str:
    """The path of jieba's dictionary (dict.txt in its package), found without importing jieba
    (40 ms of start-up: labelling cuts with jieba-rs and needs only the file)."""
    import os
    from importlib.util import find_spec

    spec = find_spec("jieba")
    if spec is not None and spec.submodule_search_locations:
        return os.path.join(list(spec.submodule_search_locations)[0], "dict.txt")
    import jieba  # (not expected: a jieba that is no package folder)

    return os.path.join(os.path.dirname(jieba.__file__), "dict.txt")


def _proper_lines(dictionary: str) -> list[str]:
    r"""The words of the lines "word frequency tag" of a jieba dictionary whose tag is a proper
    name's: re.findall(r"^(\S+)[ \t]+\S+[ \t]+(?:tags)[ \t]*$", dictionary, re.M), in one regex
    pass over the 350,000 lines (a Python loop over them was a fifth of start-up). Written to begin
    with a line break (the text gets one in front), a regex is tried only at line starts, not at
    each character: a quarter faster."""
    tags = "|".join(sorted(_PROPER_TAGS, key=len, reverse=True))
    return re.findall(rf"\n(\S+)[ \t]+\S+[ \t]+(?:{tags})[ \t]*(?=\n|\Z)", "\n" + dictionary)


class WordNgrams:
    """Analyzer for TfidfVectorizer: word unigrams and bigrams, digits masked."""

    def __init__(self, segmenter: SharedSegmenter):
        self.segmenter = segmenter

    def __call__(self, text: str) -> list[str]:
        words = [mask_digits(w) for w in self.segmenter.words(text) if is_word(w)]
        return words + [a + " " + b for a, b in zip(words, words[1:])]


CUE_NAMES = (
    "numbers", "has_number", "redacted_number", "chinese_numeral_number", "percent", "date", "document_title", "place",
    "proper_name", "organization", "counted_numeral", "measure", "formulas", "formula_coverage", "heading",
    "generic_scope", "finding", "completed_action", "reported_event", "person_title", "modal",
    "length", "commonness",
)


def _find_numbers(text: str):
    from .numbers import find_numbers  # written alongside; imported late to keep import cheap

    return find_numbers(text)


def sentence_cues(text: str, segmenter: SharedSegmenter | None, ngram_df: dict, n_texts: int) -> list[float]:
    """The interpretable cues (CUE_NAMES) of one sentence. `ngram_df`: document frequency of
    character 4-grams in the training sentences (for the commonness cue), over `n_texts` of them."""
    lex = lexicon()
    found = _find_numbers(text)
    # Chinese-numeral counts (四个意识, 三个区分开来) are often slogans; keep them apart.
    numbers = [n for n in found if n.redacted or _DIGIT.search(text[n.start:n.end])]
    words = segmenter.words(text) if segmenter else []
    formula_spans = lex.formula_spans(text)
    covered = set()
    for s, e in formula_spans:
        covered.update(range(s, e))
    cjk = max(1, len(_CJK.findall(text)))
    return [
        math.log1p(len(numbers)),
        float(bool(numbers)),
        float(any(n.redacted for n in numbers)),
        float(len(found) > len(numbers)),
        float("%" in text or "百分之" in text),
        float(any(p.search(text) for p in lex.dates)),
        float(bool(lex.document_title.search(text))),
        float(any(lex.place_flags(words))),
        float(any(w not in lex.generic_place_words and w not in lex.provinces
                  for w in segmenter.proper_names(text))) if segmenter else 0.0,
        float(bool(lex.organizations(text))),
        float(bool(lex.counted.search(text))),
        float(any(p.search(text) for p in lex.measures)),
        math.log1p(len(formula_spans)),
        len(covered) / cjk,
        float(bool(lex.heading.match(text))),
        float(bool(lex.generic_scope.search(text))),
        *(float(bool(p.search(text))) for p in lex.markers.values()),
        math.log1p(len(text)),
        _commonness(text, ngram_df, n_texts),
    ]


def _any_of(patterns: list[str]) -> re.Pattern:
    """One pattern matching where any of `patterns` matches (at the same place)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _literal_union(patterns: list[re.Pattern | LazyPattern]) -> re.Pattern | None:
    """One pattern matching wherever one of `patterns` could (one of the strings each must
    contain, `required_literals`), or None when one of them has no such strings."""
    return _strings_regex([required_literals(p) for p in patterns])


def _strings_regex(required: list[frozenset[str] | None]) -> re.Pattern | None:
    """One pattern finding any of the strings of `required`; None when one of them is None."""
    shortest = _shortest_strings(required)
    return None if shortest is None else re.compile("|".join(map(re.escape, shortest)))


def _shortest_strings(required: list[frozenset[str] | None]) -> list[str] | None:
    """The strings of `required` that hold none of the others, sorted; None when one set is None.
    (A string holding another adds nothing to a search for any of them: a text with it has the other.)"""
    literals: set[str] = set()
    for needed in required:
        if needed is None:
            return None
        literals.update(needed)
    shortest = [s for s in literals if not any(t != s and t in s for t in literals)]
    shortest.sort()
    return shortest


def _keys_of(required: list[frozenset[str] | None]) -> list[frozenset[str]] | None:
    """Per set of `required`, the strings of _strings_regex(required) that its strings hold: a text
    holding one of the set holds one of these. None when there is no such alternation or one of
    its strings holds a line break (DocumentText.rows_holding finds them in texts joined by those)."""
    shortest = _shortest_strings(required)
    if shortest is None or any("\n" in k for k in shortest):
        return None
    return [frozenset(k for k in shortest if any(k in s for s in needed)) for needed in required]


def _commonness(text: str, ngram_df: dict, n_texts: int) -> float:
    grams = _char_ngrams(text, 4)
    if not grams or not n_texts:
        return 0.0
    scale = math.log1p(n_texts)
    return sum(math.log1p(ngram_df.get(g, 0)) for g in grams) / (len(grams) * scale)


def _char_ngrams(text: str, n: int) -> list[str]:
    text = mask_digits(text)
    return [text[i:i + n] for i in range(len(text) - n + 1)]


def __getattr__(name: str):
    """The scikit-learn parts (SentenceCues, build_features) live in features_sk and import
    scikit-learn only when training or loading the full model; models pickled when they lived
    here still load."""
    if name in ("SentenceCues", "build_features"):
        from . import features_sk

        return getattr(features_sk, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
