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
from bisect import bisect_right
from functools import lru_cache
from importlib import resources
from itertools import chain, repeat

import numpy as np

from .datafiles import load_yaml
from .prefilter import required_literals
from .segment import Segmenter

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
_WORDLIKE = re.compile(r"[\u4e00-\u9fff0-9A-Za-z*]")


class Lexicon:
    """The compiled rules of pipeline/rules/boilerplate.yaml."""

    def __init__(self, data: dict):
        self.formulas = [re.compile(p) for p in data["formulas"]]
        self.heading = re.compile(data["heading"])
        self.dates = [re.compile(p) for p in data["dates"]]
        # a word is a date when one of the patterns matches all of it: one alternation does that
        self._date_word = re.compile("|".join(f"(?:{p})" for p in data["dates"]))
        self.counted = re.compile(data["counted"])
        self.document_title = re.compile(data["document_title"])
        self.place_word = re.compile(data["place_word"])
        self.generic_prefix = re.compile(data["generic_prefix"])
        self.generic_place_words = frozenset(data["generic_place_words"])
        self.provinces = frozenset(data["provinces"])
        self.organization = re.compile(data["organization"])
        self.org_word = re.compile("^" + data["organization"] + "$")
        self.generic_org_words = frozenset(data["generic_org_words"])
        self.measures = [re.compile(p) for p in data["measures"]]
        self.generic_scope = re.compile(data["generic_scope"])
        self.markers = {name: re.compile(data[name])
                        for name in ("finding", "completed_action", "reported_event", "person_title", "modal")}
        # Every match of a formula holds one of these strings: a document's sentences without any
        # (most of its text) need not be searched for the formulas one by one. None: no such set.
        self.formula_literals = _literal_union(self.formulas)
        # What the rules say about one token (TOKEN_* bits), computed once per distinct token: a
        # document repeats its words, and so do documents. Bounded: cleared past MEMO_LIMIT entries.
        self._token_memo: dict[str, int] = {}

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
        for i in range(1, len(words)):
            if (bits[i] & TOKEN_PLACE_SUFFIX and bits[i - 1] & TOKEN_PLACE_NAME
                    and words[i - 1] + words[i] not in self.generic_place_words):
                flags[i - 1] = flags[i] = True
        return flags

    def place_in_each(self, word_lists: list[list[str]]) -> list[float]:
        """1.0 / 0.0 per list of words: any(place_flags(words)) of each, for a document's sentences at once."""
        words = list(chain.from_iterable(word_lists))
        lengths = np.fromiter(map(len, word_lists), dtype=np.int64, count=len(word_lists))
        bits = np.array(self.token_flags(words), dtype=np.int64)
        sentence = np.repeat(np.arange(len(word_lists)), lengths)
        out = np.zeros(len(word_lists))
        out[sentence[(bits & TOKEN_PLACE) != 0]] = 1.0
        after = np.ones(len(bits), dtype=bool)  # the word before is in the same sentence
        starts = np.cumsum(lengths)[:-1]
        after[starts[starts < len(bits)]] = False
        pairs = np.flatnonzero(after[1:] & ((bits[1:] & TOKEN_PLACE_SUFFIX) != 0) & ((bits[:-1] & TOKEN_PLACE_NAME) != 0))
        for i in pairs.tolist():  # a split place name: 青石 / 镇
            if words[i] + words[i + 1] not in self.generic_place_words:
                out[sentence[i]] = 1.0
        return out.tolist()

    def token_flags(self, words: list[str]) -> list[int]:
        """The TOKEN_* bits of each word, from the per-token memo."""
        memo = self._token_memo
        try:
            return list(map(memo.__getitem__, words))
        except KeyError:  # words not seen yet
            if len(memo) > MEMO_LIMIT:
                memo.clear()
            for word in set(words).difference(memo):
                memo[word] = self._token_bits(word)
            return list(map(memo.__getitem__, words))

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
DATE_UNITS = frozenset({"年", "月", "日", "月底", "月初", "年底", "年初", "时", "号"})
MEMO_LIMIT = 100_000


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
    import os

    import jieba

    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        # one regex pass over the 350,000 lines (a Python loop over them was a fifth of start-up);
        # a line is "word frequency tag"
        tags = "|".join(sorted(_PROPER_TAGS, key=len, reverse=True))
        words = set(re.findall(rf"^(\S+)[ \t]+\S+[ \t]+(?:{tags})[ \t]*$", fh.read(), re.M))
    with resources.files("pipeline.rules").joinpath("userdict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                (words.add if parts[2] in _PROPER_TAGS else words.discard)(parts[0])
    return frozenset(words)


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


def document_cues(texts: list[str], segmenter: SharedSegmenter | None, commonness: "Commonness",
                  words: list[list[str]] | None = None, masked: list[str] | None = None) -> np.ndarray:
    """`sentence_cues` of each of `texts` (the sentences of one document) as an (n, cues) array:
    the same numbers, computed per document and per cue. Each text rule is searched for once in
    the whole document and run only on the sentences it can match (`DocumentText`); per-token
    rules come from the lexicon's memo. `commonness`: the model's Commonness; `words` (each
    text's segmenter words) and `masked` (each text's mask_digits), when the caller has them."""
    lex = lexicon()
    n = len(texts)
    if words is None:
        words = [segmenter.words(t) for t in texts] if segmenter else [[] for _ in texts]
    if masked is None:
        masked = [mask_digits(t) for t in texts]
    doc = DocumentText(texts)
    rows_matching = doc.rows_matching

    def flags(*patterns: re.Pattern) -> list[float]:
        out = [0.0] * n
        for pattern in patterns:
            for k in rows_matching(pattern):
                out[k] = 1.0
        return out

    n_formulas, coverage = [0.0] * n, [0.0] * n
    formula_spans: dict[int, list[tuple[int, int]]] = {}
    if lex.formula_literals is not None:  # only the sentences holding a formula's string
        candidates, rows = doc.subset(rows_matching(lex.formula_literals))
    else:
        candidates, rows = doc, range(n)
    for pattern in lex.formulas:
        for k in map(rows.__getitem__, candidates.rows_matching(pattern)):
            formula_spans.setdefault(k, []).extend(m.span() for m in pattern.finditer(texts[k]) if m.end() > m.start())
    cjk = doc.cjk_counts() if formula_spans else []
    for k, spans in formula_spans.items():
        covered = set()
        for s, e in spans:
            covered.update(range(s, e))
        n_formulas[k], coverage[k] = math.log1p(len(spans)), len(covered) / max(1, cjk[k])
    organization = [0.0] * n
    for k in rows_matching(lex.organization, lex.is_organization):
        organization[k] = 1.0

    from .numbers import find_numbers  # as in _find_numbers: imported late to keep import cheap

    found = [find_numbers(t) for t in texts]
    # Chinese-numeral counts (四个意识, 三个区分开来) are often slogans; keep them apart.
    numbers = [[x for x in f if x.redacted or _DIGIT.search(t[x.start:x.end])] if f else f
               for f, t in zip(found, texts)]
    if segmenter:
        proper, not_proper = segmenter.proper_lexicon(), lex.generic_place_words | lex.provinces
        proper_name = [float(not proper.isdisjoint(ws) and any(w in proper and w not in not_proper for w in ws))
                       for ws in words]
    else:
        proper_name = [0.0] * n
    heading = lex.heading.match
    columns = [
        [math.log1p(len(x)) for x in numbers],
        [float(bool(x)) for x in numbers],
        [float(any(y.redacted for y in x)) for x in numbers],
        [float(len(f) > len(x)) for f, x in zip(found, numbers)],
        [float("%" in t or "百分之" in t) for t in texts],
        flags(*lex.dates),
        flags(lex.document_title),
        lex.place_in_each(words),
        proper_name,
        organization,
        flags(lex.counted),
        flags(*lex.measures),
        n_formulas,
        coverage,
        [float(bool(heading(t))) for t in texts],
        flags(lex.generic_scope),
        *(flags(p) for p in lex.markers.values()),
        [math.log1p(len(t)) for t in texts],
        commonness.of(masked),
    ]
    return np.array(columns, dtype=np.float64).reshape(len(columns), n).T


class Commonness:
    """The commonness cue (`_commonness`) for many texts at once. Only the 4-grams of the
    training table add to a text's sum (the others add log1p(0) = 0), so they are found as
    integer keys (characters numbered in the table's alphabet) and summed per text in text
    order, as `sum` adds them: the same float."""

    def __init__(self, ngram_df: dict[str, int], n_texts: int):
        self.n_texts, self.scale = n_texts, math.log1p(n_texts)
        self.log_df = {g: math.log1p(df) for g, df in ngram_df.items()}
        grams = [g for g in self.log_df if len(g) == 4]
        number = {c: i + 1 for i, c in enumerate(sorted({c for g in grams for c in g}))}  # 0: any other
        # character -> its number, for the characters below 0x10000 (the others are never in the table's grams
        # when it has none above; else they are looked up one by one)
        self.numbers = np.zeros(0x10000, dtype=np.int64)
        for c, i in number.items():
            if ord(c) < 0x10000:
                self.numbers[ord(c)] = i
        self.alphabet = np.array([ord(c) for c in number], dtype=np.int64)
        self.wide = bool(len(self.alphabet)) and int(self.alphabet.max()) >= 0x10000
        self.base = len(number) + 1
        self.fits = self.base ** 4 < 2 ** 63  # else (never with Chinese text) the texts are read one by one
        b = self.base if self.fits else 0
        keys = np.array([((number[w] * b + number[x]) * b + number[y]) * b + number[z] for w, x, y, z in grams],
                        dtype=np.int64)
        order = np.argsort(keys)
        self.keys = keys[order]
        self.terms = np.array([self.log_df[g] for g in grams], dtype=np.float64)[order]

    def of(self, masked: list[str]) -> np.ndarray:
        """The commonness of each text, given as its mask_digits."""
        n = len(masked)
        if not self.fits:
            return np.array([_log_commonness(t, self.log_df, self.n_texts, self.scale) for t in masked])
        lengths = np.fromiter(map(len, masked), dtype=np.int64, count=n)
        out = np.zeros(n)
        if not n or not self.n_texts or not len(self.keys):
            return out
        codes = np.frombuffer("".join(masked).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
        if self.wide:
            at = np.minimum(np.searchsorted(self.alphabet, codes), len(self.alphabet) - 1)
            number = np.where(self.alphabet[at] == codes, at + 1, 0)
        else:
            number = np.where(codes < 0x10000, self.numbers[np.minimum(codes, 0xFFFF)], 0)
        text_of = np.repeat(np.arange(n), lengths)
        left = np.cumsum(lengths)[text_of] - np.arange(len(codes))  # characters from here to the text's end
        first, second, third, fourth = number[:-3], number[1:-2], number[2:-1], number[3:]
        b = self.base
        keys = ((first * b + second) * b + third) * b + fourth
        whole = (left[:-3] >= 4) & (first > 0) & (second > 0) & (third > 0) & (fourth > 0)
        keys, rows = keys[whole], text_of[:-3][whole]
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        known = self.keys[at] == keys
        sums = np.bincount(rows[known], weights=self.terms[at[known]], minlength=n)
        n_grams = lengths - 3
        has = n_grams > 0
        out[has] = sums[has] / (n_grams[has] * self.scale)
        return out


def _log_commonness(masked: str, log_df: dict[str, float], n_texts: int, scale: float) -> float:
    """_commonness of a text from its mask_digits and {4-gram: log1p(df)} (the same terms in the same order)."""
    n_grams = len(masked) - 3
    if n_grams <= 0 or not n_texts:
        return 0.0
    return sum(map(log_df.get, [masked[i:i + 4] for i in range(n_grams)], repeat(0.0))) / (n_grams * scale)


class DocumentText:
    """The sentences of one document joined by line breaks, so that a text rule is searched for
    once per document instead of once per sentence."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        self.joined = "\n".join(texts)
        self.starts, self.ends = [], []
        at = 0
        for text in texts:
            self.starts.append(at)
            self.ends.append(at + len(text))
            at += len(text) + 1

    def rows_matching(self, pattern: re.Pattern, accept=None) -> list[int]:
        """The indices of the texts in which `pattern.search(text)` finds something, in order;
        with `accept`, the texts in which some match of `pattern.finditer(text)` is accepted
        (`accept(match text)`). A match in one sentence is a match in the joined text at the same
        place, and the leftmost match of the joined text has none before it: so search the
        joined text, check the sentence the match starts in (a match may run over the sentence's
        end), and go on from the next sentence. Only for patterns without anchors or look-around
        (`is_local`), whose matches do not depend on the text around them: for them, searching
        between pos and endpos is searching the slice. Others are searched per sentence."""
        texts = self.texts
        if not is_local(pattern.pattern):
            if accept is None:
                return [k for k, text in enumerate(texts) if pattern.search(text)]
            return [k for k, text in enumerate(texts) if any(accept(m.group()) for m in pattern.finditer(text))]
        rows: list[int] = []
        joined, starts, ends, last = self.joined, self.starts, self.ends, len(texts) - 1
        at = 0
        while last >= 0 and (m := pattern.search(joined, at)) is not None:
            k = bisect_right(starts, m.start()) - 1
            if m.end() <= ends[k]:  # the sentence's first match
                if (accept is None or accept(m.group())
                        or any(accept(x.group()) for x in pattern.finditer(joined, m.end(), ends[k]))):
                    rows.append(k)
            elif accept is None:
                if pattern.search(joined, starts[k], ends[k]):
                    rows.append(k)
            elif any(accept(x.group()) for x in pattern.finditer(joined, starts[k], ends[k])):
                rows.append(k)
            if k == last:
                break
            at = starts[k + 1]
        return rows

    def subset(self, rows: list[int]) -> tuple["DocumentText", list[int]]:
        """The texts at `rows` as a DocumentText of their own, and `rows` (its index -> ours)."""
        return DocumentText([self.texts[k] for k in rows]), rows

    def cjk_counts(self) -> list[int]:
        """Per text: the number of CJK characters (_CJK)."""
        if not self.texts:
            return []
        codes = np.frombuffer(self.joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        before = np.concatenate(([0], np.cumsum((codes >= 0x4E00) & (codes <= 0x9FFF))))
        return (before[self.ends] - before[self.starts]).tolist()


def _literal_union(patterns: list[re.Pattern]) -> re.Pattern | None:
    """One pattern matching wherever one of `patterns` could (one of the strings each must
    contain, `required_literals`), or None when one of them has no such strings."""
    literals: set[str] = set()
    for pattern in patterns:
        needed = required_literals(pattern)
        if needed is None:
            return None
        literals.update(needed)
    # a string holding another of them adds nothing: a text with it has the other
    shortest = [s for s in literals if not any(t != s and t in s for t in literals)]
    return re.compile("|".join(map(re.escape, sorted(shortest))))


@lru_cache(maxsize=512)
def is_local(source: str) -> bool:
    r"""Whether a regex's matches depend only on the characters they span: no anchors (^ $ \A \Z),
    word boundaries (\b \B) or look-around, outside character classes."""
    i, n, in_class = 0, len(source), False
    while i < n:
        c = source[i]
        if c == "\\":
            if not in_class and source[i + 1:i + 2] in ("b", "B", "A", "Z"):
                return False
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if source[i + 1:i + 2] == "^":  # a ] right after [ or [^ is a literal
                i += 1
            if source[i + 1:i + 2] == "]":
                i += 1
        elif c in "^$" or source.startswith(("(?=", "(?!", "(?<"), i):
            return False
        i += 1
    return True


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
