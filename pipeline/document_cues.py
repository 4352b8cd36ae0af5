"""The classifier's cues for all sentences of a document at once: the same numbers as
`features.sentence_cues` gives one sentence at a time (its readable definition, used in
training), computed per document and per cue. Each text rule is searched once over the
document's sentences (`DocumentText`), per-token answers come from the lexicon's memo, and the
commonness cue is summed from integer 4-gram keys (`Commonness`)."""
from __future__ import annotations

import math
import re
import struct
from bisect import bisect_right
from functools import lru_cache
from itertools import chain, repeat

import numpy as np

from .features import _CJK, _DIGIT, SharedSegmenter, _commonness, _find_numbers, lexicon, mask_digits
from .first_chars import fast_search, lead_run_search
from .prefilter import LazyPattern


def document_cues(texts: list[str], segmenter: SharedSegmenter | None, commonness: "Commonness",
                  words: list[list[str]] | None = None, masked: list[str] | None = None,
                  nul_joined: tuple[np.ndarray, np.ndarray] | None = None,
                  token_cues: tuple[list[float], list[float]] | None = None) -> np.ndarray:
    """`sentence_cues` of each of `texts` (the sentences of one document) as an (n, cues) array:
    the same numbers, computed per document and per cue. Each text rule is searched for once in
    the whole document and run only on the sentences it can match (`DocumentText`); per-token
    rules come from the lexicon's memo. `commonness`: the model's Commonness; `words` (each
    text's segmenter words) and `masked` (each text's mask_digits), when the caller has them;
    `nul_joined`: Commonness.of's `nul_joined` of `masked`, when the caller has it; `token_cues`:
    the place and proper-name cues of each text, when the caller has them (the classifier reads
    them from its per-token memo: CompactClassifier._token_cues)."""
    lex = lexicon()
    n = len(texts)
    if words is None:
        words = [segmenter.words(t) for t in texts] if segmenter else [[] for _ in texts]
    if masked is None:
        masked = [mask_digits(t) for t in texts]
    doc = DocumentText(texts)
    rows_matching = doc.rows_matching

    def flags(pattern: re.Pattern) -> list[float]:
        out = [0.0] * n
        for k in rows_matching(pattern):
            out[k] = 1.0
        return out

    n_formulas, coverage = [0.0] * n, [0.0] * n
    formula_spans: dict[int, list[tuple[int, int]]] = {}
    holding = None  # {string of lex.cue_strings: the sentences holding it}
    if lex.formula_keys is not None:
        # each formula searched only in the sentences holding one of its strings (found in one scan
        # of the document for all of them): most formulas in none or a few sentences
        finder = _finder_of(lex.cue_strings)
        holding = doc.rows_holding_strings(finder) if finder else doc.rows_holding(lex.cue_literals)
        formulas, rows_of = lex.formulas, lex.formulas_holding(holding)
        found = list(rows_of)
        found.sort()  # (in the formulas' order, as before: the same span lists)
        for i in found:
            finditer = formulas[i].finditer
            rows = list(rows_of[i])
            rows.sort()  # (list.sort, not sorted(): callgrind measures of a stage toggle on builtin_sorted)
            for k in rows:
                spans = [m.span() for m in finditer(texts[k]) if m.end() > m.start()]
                if spans:
                    formula_spans.setdefault(k, []).extend(spans)
    else:
        for pattern in lex.formulas:
            for k, span in doc.spans(pattern):
                formula_spans.setdefault(k, []).append(span)
    # (the CJK characters counted in the few sentences with a formula: measured with the finder
    # kept, predict_proba over 20 real documents 82.7 M -> 81.8 M instructions, 20 bench ones 234.0 M -> 231.8 M)
    for k, spans in formula_spans.items():
        n_formulas[k], coverage[k] = math.log1p(len(spans)), _covered(spans) / max(1, cjk_count(texts[k]))
    organization = [0.0] * n
    for k in doc.rows_matching_where(lex.organization_literals, lex.organization, lex.is_organization):
        organization[k] = 1.0
    dates = [0.0] * n
    for k in doc.rows_matching_where(lex.date_literals, lex.any_date):
        dates[k] = 1.0

    def rule_flags(name: str, pattern: re.Pattern) -> list[float]:
        """flags(pattern), for a rule of lex.string_rules read from the strings found (`holding`):
        only the sentences holding one of its keys can match it, and for a plain rule they all do
        (measured: predict_proba over 20 bench documents 261.0 M -> 253.8 M instructions, 20 real ones
        103.7 M -> 102.9 M; completed_action is left out: its strings are in most sentences of a report,
        and their places cost more than its search)."""
        if holding is None or name not in lex.string_rules:
            return flags(pattern)
        rows = [holding[key] for key in lex.rule_keys[name] if key in holding]
        out = [0.0] * n
        if rows:
            plain, search = name in lex.plain_rules, _use_of(pattern)[1]  # (its fast search: as pattern.search)
            for k in set().union(*rows):
                if plain or search(texts[k]):
                    out[k] = 1.0
        return out

    from .numbers import find_numbers  # as in _find_numbers: imported late to keep import cheap

    # the number cues: 0.0 for the many sentences without a number
    n_numbers, has_number, redacted, numeral = [0.0] * n, [0.0] * n, [0.0] * n, [0.0] * n
    for k, (found, t) in enumerate(zip(map(find_numbers, texts), texts)):
        if found:
            # Chinese-numeral counts (四个意识, 三个区分开来) are often slogans; keep them apart.
            # (the digit searched for within the number's span: no slice of the text made)
            numbers = [x for x in found if x.redacted or _DIGIT.search(t, x.start, x.end)]
            n_numbers[k] = math.log1p(len(numbers))
            has_number[k] = float(bool(numbers))
            redacted[k] = float(any(y.redacted for y in numbers))
            numeral[k] = float(len(found) > len(numbers))
    if token_cues is not None:
        place, proper_name = token_cues
    else:
        place = lex.place_in_each(words)
        if segmenter:
            proper_name = proper_name_flags(words, segmenter.proper_lexicon(), lex.not_proper_names)
        else:
            proper_name = [0.0] * n
    heading = lex.heading.match
    columns = [
        n_numbers,
        has_number,
        redacted,
        numeral,
        # (the sentences tested only when the document holds one of the strings: most hold none)
        [float("%" in t or "百分之" in t) for t in texts] if "%" in doc.joined or "百分之" in doc.joined else [0.0] * n,
        dates,
        flags(lex.document_title),
        place,
        proper_name,
        organization,
        flags(lex.counted),
        flags(lex.any_measure),
        n_formulas,
        coverage,
        [float(bool(heading(t))) for t in texts],
        rule_flags("generic_scope", lex.generic_scope),
        *(rule_flags(name, p) for name, p in lex.markers.items()),
        [math.log1p(len(t)) for t in texts],
    ]
    return cue_matrix(columns, commonness.of(masked, nul_joined))


def cue_matrix(columns: list[list[float]], last: np.ndarray) -> np.ndarray:
    """The (n, cues) array whose columns are `columns` (lists of n Python floats) then `last` (n
    float64). The floats are packed by one struct.pack (C doubles, as numpy stores them) and the
    last column's bytes appended: np.fromiter over them all cost ~275 instructions a float, and
    np.array of the lists more (measured: 20 bench documents' cue arrays 5.6 M -> 3.5 M instructions,
    20 real pages' 1.7 M -> 1.3 M)."""
    n = len(last)
    flat = list(chain.from_iterable(columns))
    packed = struct.pack(f"{len(flat)}d", *flat) + np.ascontiguousarray(last, dtype=np.float64).tobytes()
    return np.frombuffer(packed, dtype=np.float64).reshape(len(columns) + 1, n).T


def proper_name_flags(words: list[list[str]], proper: frozenset[str], not_proper: frozenset[str]) -> list[float]:
    """Per list of words, 1.0 when one of them is in `proper` and not in `not_proper`, else 0.0:
    the proper words of each list found by one C-level set intersection (a Python test per word cost more)."""
    return [0.0 if proper.intersection(ws) <= not_proper else 1.0 for ws in words]


def _covered(spans: list[tuple[int, int]]) -> int:
    """The number of positions in at least one of the (non-empty) spans: len(set().union(*map(range, ...)))
    by a sweep over the spans in order."""
    covered, reached = 0, 0
    spans = list(spans)
    spans.sort()
    for start, end in spans:
        if end > reached:
            covered += end - max(start, reached)
            reached = end
    return covered


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
        # Which pairs of numbered characters begin and end a 4-gram of the table (dense tables):
        # the few 4-grams of a text that pass both are looked for among the keys, not all of them.
        self.heads = self.tails = None
        if self.fits and self.base ** 2 <= _MAX_PAIR_TABLE:
            self.heads = np.zeros(self.base ** 2, dtype=bool)
            self.tails = np.zeros(self.base ** 2, dtype=bool)
            self.heads[[number[w] * self.base + number[x] for w, x, _, _ in grams]] = True
            self.tails[[number[y] * self.base + number[z] for _, _, y, z in grams]] = True

    def of(self, masked: list[str], nul_joined: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """The commonness of each text, given as its mask_digits. `nul_joined`, when the caller has
        them: the code points of the texts joined by NULs (none holding one) and, per place, the
        number of NULs before it (its text), which spare making the texts' code points again."""
        n = len(masked)
        if not self.fits:
            return np.array([_log_commonness(t, self.log_df, self.n_texts, self.scale) for t in masked])
        lengths = np.fromiter(map(len, masked), dtype=np.int64, count=n)
        out = np.zeros(n)
        if not n or not self.n_texts or not len(self.keys):
            return out
        if nul_joined is not None and self.heads is not None and not self.wide and not self.numbers[0] \
                and len(nul_joined[0]) >= 4:
            return self._of_by_pairs(nul_joined[0], lengths, out, nul_joined[1])
        codes = np.frombuffer("".join(masked).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
        if self.heads is not None and len(codes) >= 4 and not self.wide:
            return self._of_by_pairs(codes, lengths, out)
        if self.wide:
            at = np.minimum(self.alphabet.searchsorted(codes), len(self.alphabet) - 1)
            number = np.where(self.alphabet[at] == codes, at + 1, 0)
        else:
            number = np.where(codes < 0x10000, self.numbers[np.minimum(codes, 0xFFFF)], 0)
        text_of = np.arange(n).repeat(lengths)
        left = lengths.cumsum()[text_of] - np.arange(len(codes))  # characters from here to the text's end
        first, second, third, fourth = number[:-3], number[1:-2], number[2:-1], number[3:]
        b = self.base
        keys = ((first * b + second) * b + third) * b + fourth
        whole = (left[:-3] >= 4) & (first > 0) & (second > 0) & (third > 0) & (fourth > 0)
        keys, rows = keys[whole], text_of[:-3][whole]
        at = np.minimum(self.keys.searchsorted(keys), len(self.keys) - 1)
        known = self.keys[at] == keys
        sums = np.bincount(rows[known], weights=self.terms[at[known]], minlength=n)
        n_grams = lengths - 3
        has = n_grams > 0
        out[has] = sums[has] / (n_grams[has] * self.scale)
        return out

    def _of_by_pairs(self, codes: np.ndarray, lengths: np.ndarray, out: np.ndarray,
                     text_of: np.ndarray | None = None) -> np.ndarray:
        """`of`, given the code points of the texts one after another: only the places where a
        4-gram begins with a table 4-gram's first two characters and ends with one's last two
        (`heads`, `tails`) are read as keys; the others are not in the table. The same terms are
        added per text in the same order, so the sums are the same floats. `text_of` (each
        place's text) when the texts are joined by NULs: a NUL is numbered 0, as no table
        character is, so no 4-gram over two texts passes `heads` and `tails`."""
        number = self.numbers[codes] if int(codes.max()) < 0x10000 else \
            np.where(codes < 0x10000, self.numbers[np.minimum(codes, 0xFFFF)], 0)
        b = self.base
        # each place's pair of numbered characters, once: a 4-gram's key is its first pair x b² + its
        # last pair, the same integer as ((w x b + x) x b + y) x b + z (measured: see the commit)
        pair = number[:-1] * b + number[1:]
        at = (self.heads[pair[:-2]] & self.tails[pair[2:]]).nonzero()[0]
        if text_of is not None:
            rows = text_of[at]
        else:
            ends = lengths.cumsum()
            rows = ends.searchsorted(at, side="right")  # the text each candidate begins in
            inside = ends[rows] - at >= 4  # and ends in
            at, rows = at[inside], rows[inside]
        keys = pair[at] * (b * b) + pair[at + 2]
        found = np.minimum(self.keys.searchsorted(keys), len(self.keys) - 1)
        known = self.keys[found] == keys
        n = len(lengths)
        sums = np.bincount(rows[known], weights=self.terms[found[known]], minlength=n)
        n_grams = lengths - 3
        has = n_grams > 0
        out[has] = sums[has] / (n_grams[has] * self.scale)
        return out


_MAX_PAIR_TABLE = 1 << 24  # entries of Commonness's pair tables (one byte each)


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
        self._codes = None
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
        _, search, local, _ = _use_of(pattern)
        if not local:
            if accept is None:
                return [k for k, text in enumerate(texts) if pattern.search(text)]
            return [k for k, text in enumerate(texts) if any(accept(m.group()) for m in pattern.finditer(text))]
        rows: list[int] = []
        joined, starts, ends, last = self.joined, self.starts, self.ends, len(texts) - 1
        at = 0
        while last >= 0 and (m := search(joined, at)) is not None:
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

    def rows_holding(self, strings: re.Pattern) -> dict[str, set[int]]:
        """{string: indices of the texts holding it} for the strings of `strings`, an alternation
        of plain strings without line breaks none of which holds another (so at most one begins at
        any place). Each place where one begins is found, overlapping ones too: the search goes on
        from the character after each."""
        found: dict[str, set[int]] = {}
        joined, starts, search = self.joined, self.starts, strings.search
        at = 0
        while (m := search(joined, at)) is not None:
            at = m.start()
            found.setdefault(m.group(), set()).add(bisect_right(starts, at) - 1)
            at += 1
        return found

    def rows_holding_strings(self, finder: "StringFinder") -> dict[str, set[int]]:
        """rows_holding for the strings of `finder`, found with arrays (see StringFinder)."""
        found: dict[str, set[int]] = {}
        codes, joined = self.codes, self.joined
        if len(codes) < 2:
            return found
        places = finder.places(codes)
        rows = self.starts_array.searchsorted(places, side="right") - 1
        by_pair = finder.by_pair
        for at, k in zip(places.tolist(), rows.tolist()):
            for string in by_pair[joined[at:at + 2]]:
                if joined.startswith(string, at):  # (at most one begins here: none holds another)
                    found.setdefault(string, set()).add(k)
                    break
        return found

    def rows_matching_where(self, literals: re.Pattern | None, pattern: re.Pattern, accept=None) -> list[int]:
        """rows_matching(pattern, accept), searched only in the texts where `literals` (strings one of
        which each match of `pattern` holds; None: all texts) finds something: for a pattern that is
        slow to search and whose strings are rare, a cheaper scan first."""
        if literals is None or _use_of(pattern)[3]:  # (its search already scans for its words)
            return self.rows_matching(pattern, accept)
        candidates, rows = self.subset(self.rows_matching(literals))
        return [rows[k] for k in candidates.rows_matching(pattern, accept)]

    def spans(self, pattern: re.Pattern) -> list[tuple[int, tuple[int, int]]]:
        """(index of the text, span in it) of each non-empty match of `pattern.finditer(text)` in each
        text, in order. For a local pattern (`is_local`) that cannot match empty text, one finditer
        over the joined text finds them all: a match that lies within one sentence is found there
        as the sentence's own finditer finds it (see rows_matching). Should one run over a
        sentence's end, the texts are searched one by one."""
        found: list[tuple[int, tuple[int, int]]] = []
        _, search, local, _ = _use_of(pattern)
        if local and pattern.match("") is None:
            starts, ends, joined = self.starts, self.ends, self.joined
            at = 0
            while (m := search(joined, at)) is not None:  # finditer's matches (none is empty)
                start, end = m.span()
                at = end
                k = bisect_right(starts, start) - 1
                if end > ends[k]:
                    break
                found.append((k, (start - starts[k], end - starts[k])))
            else:
                return found
        texts = self.texts
        return [(k, m.span()) for k in self.rows_matching(pattern) for m in pattern.finditer(texts[k])
                if m.end() > m.start()]

    def subset(self, rows: list[int]) -> tuple["DocumentText", list[int]]:
        """The texts at `rows` as a DocumentText of their own, and `rows` (its index -> ours)."""
        return DocumentText([self.texts[k] for k in rows]), rows

    @property
    def codes(self) -> np.ndarray:
        """The code points of the joined texts (int64), made on first use (a plain attribute: the
        lock of functools.cached_property is Python code)."""
        if self._codes is None:
            self._codes = np.frombuffer(self.joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
        return self._codes

    @property
    def starts_array(self) -> np.ndarray:
        """`starts` as an int64 array."""
        return np.array(self.starts, dtype=np.int64)


class StringFinder:
    """Where the strings of a set (of two characters or more, none holding another, none with a
    line break) begin in a text, from its code points. `re` searching an alternation of many
    strings tries each branch at every place that begins with one of their first characters
    (in Chinese text, most places); here a table of those first characters and the sorted keys
    of the strings' first two characters pick the few places where one may begin, with arrays,
    and only there are strings compared (DocumentText.rows_holding_strings)."""

    def __init__(self, strings: tuple[str, ...]):
        self.by_pair: dict[str, list[str]] = {}
        for string in strings:
            self.by_pair.setdefault(string[:2], []).append(string)
        pairs = [(ord(p[0]), ord(p[1])) for p in self.by_pair]
        self.first = np.zeros(_WIDE + 1, dtype=bool)  # per character below U+10000 (the last: any above)
        self.first[[min(a, _WIDE) for a, _ in pairs]] = True
        self.pair_keys = np.sort(np.array([a * _PAIR + b for a, b in pairs], dtype=np.int64))
        # The pairs that are a string themselves, and the first three characters of the longer
        # strings: a place of a pair that only begins longer strings is kept when its third
        # character goes on one of them (the pairs of a report's common words, 督察 整改 问题 ...,
        # begin long formulas: most of their places begin none)
        self.whole_pairs = np.sort(np.array([ord(p[0]) * _PAIR + ord(p[1]) for p in self.by_pair if p in self.by_pair[p]],
                                            dtype=np.int64))
        self.triple_keys = np.unique(np.array([(ord(s[0]) * _PAIR + ord(s[1])) * _PAIR + ord(s[2])
                                               for s in strings if len(s) >= 3], dtype=np.int64))

    def places(self, codes: np.ndarray) -> np.ndarray:
        """The places (ascending) whose characters may begin one of the strings: its first two,
        and its first three when it is longer (measured: predict_proba over 20 bench documents
        253.8 M -> 246.2 M instructions, 20 real ones 102.9 M -> 102.0 M)."""
        maybe = self.first[np.minimum(codes[:-1], _WIDE)].nonzero()[0]
        keys = codes[maybe] * _PAIR + codes[maybe + 1]
        at = np.minimum(self.pair_keys.searchsorted(keys), len(self.pair_keys) - 1)
        found = self.pair_keys[at] == keys
        maybe, keys = maybe[found], keys[found]
        keep = _among(self.whole_pairs, keys)
        third = maybe + 2 < len(codes)  # (a string of three characters or more fits)
        keep[third] |= _among(self.triple_keys, keys[third] * _PAIR + codes[maybe[third] + 2])
        return maybe[keep]


def _among(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Whether each of `keys` is one of `sorted_keys` (a mask)."""
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(sorted_keys.searchsorted(keys), len(sorted_keys) - 1)
    return sorted_keys[at] == keys


_WIDE, _PAIR = 0x10000, 0x110000  # (a code point is below _PAIR)


def cjk_count(text: str) -> int:
    """len(_CJK.findall(text)): the CJK characters of `text`, as the text less its runs of them
    (one match a run, not one a character)."""
    return len(text) - len(_CJK_RUNS_ONLY.sub("", text))


_CJK_RUNS_ONLY = re.compile(r"[\u4e00-\u9fff]+")  # (features._CJK_RUNS also takes line breaks)


def _finder_of(strings: list[str] | None) -> "StringFinder | None":
    """_string_finder(tuple(strings or ())), found by the list's identity (the lexicon's list lives
    as long as it): hashing a tuple of its ~240 strings cost ~29,000 instructions a document."""
    found = _FINDERS.get(id(strings))
    if found is None or found[0] is not strings:
        if len(_FINDERS) > 8:
            _FINDERS.clear()
        found = _FINDERS[id(strings)] = (strings, _string_finder(tuple(strings or ())))
    return found[1]


_FINDERS: dict[int, tuple] = {}  # id(strings) -> (strings, its finder): the list kept, its id not reused


@lru_cache(maxsize=4)
def _string_finder(strings: tuple[str, ...] | None) -> StringFinder | None:
    """The StringFinder of `strings`, None when there are none or one is shorter than two
    characters or holds a line break (rows_holding then searches their regex)."""
    if not strings or any(len(s) < 2 or "\n" in s for s in strings):
        return None
    return StringFinder(strings)


def _use_of(pattern) -> tuple:
    """(pattern, its search, is_local(its source), whether lead_run_search helps it), found once per
    pattern: the rules' patterns live as long as the process, and asking first_chars' caches each
    time cost ~8,000 instructions a call, most of them hashing the compiled pattern."""
    found = _USES.get(id(pattern))
    if found is None or found[0] is not pattern:
        if len(_USES) > _USES_LIMIT:
            _USES.clear()
        lead_run = isinstance(pattern, re.Pattern) and lead_run_search(pattern) is not None
        found = _USES[id(pattern)] = (pattern, _fast_search(pattern) or pattern.search, is_local(pattern.pattern), lead_run)
    return found


# id(pattern) -> _use_of(pattern) (the pattern is kept in it: its id is not reused while there)
_USES: dict[int, tuple] = {}
_USES_LIMIT = 512


def _fast_search(pattern):
    if isinstance(pattern, LazyPattern):
        pattern.search  # noqa: B018 - compiles it
        pattern = pattern.compiled
    return fast_search(pattern)


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
