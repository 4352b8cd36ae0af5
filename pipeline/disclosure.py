"""Document-level disclosure measures, adapted from accounting research to Chinese text.

Paragraph for the README:

    cepi reports four disclosure measures per document, computed on words from one frozen
    segmenter (jieba with cepi's user dictionary; punctuation is not a word). n-grams never
    cross a sentence boundary.
    `boilerplate_share` (Lang & Stice-Lawrence 2015): the share of a document's words that sit
    in sentences containing at least one boilerplate 4-gram, a word 4-gram that occurs in at
    least 30% and at most 75% of the documents of a reference corpus. The reference is the
    current run when it has at least 20 documents, otherwise the corpus shipped in
    models/reference_ngrams.json; the column `boilerplate_reference` names the one used.
    `specificity` (after Hope, Hu & Lu 2016, who count named entities per word): the share of
    words that are numbers (digits, masked digits, counted Chinese numerals), dates, places,
    organizations / facilities / projects, or words inside a named document title 《...》.
    `redundancy` (Cazier & Pfeiffer 2015): the share of the document's word 10-grams that occur
    more than once in the document. `concrete_share`: the share of sentences the sentence
    classifier labels concrete. A measure whose denominator is zero is null.
"""
from __future__ import annotations

import json
from collections import Counter
from itertools import chain, compress
from pathlib import Path

import numpy as np

from .classify import MODEL_DIR
from .features import (TOKEN_CLOSES_TITLE, TOKEN_DATE_UNIT, TOKEN_ENDS_IN_NUMBER, TOKEN_OPENS_TITLE, TOKEN_PLACE,
                       TOKEN_PLACE_NAME, TOKEN_PLACE_SUFFIX, TOKEN_SPECIFIC, TOKEN_TITLE_MARK, TOKEN_WORD, lexicon)

BOILERPLATE_NGRAM = 4
DOC_SHARE_MIN, DOC_SHARE_MAX = 0.30, 0.75
REDUNDANCY_NGRAM = 10
MIN_RUN_DOCUMENTS = 20
REFERENCE_FILE = MODEL_DIR / "reference_ngrams.json"


# An n-gram (a, b, c, d ...) hashes as ((h(a) K + h(b)) K + h(c)) K + h(d) ... modulo 2**64, h a word's
# 64-bit hash (word_hashes) and K odd: for distinct n-grams the difference is a sum of word-hash
# differences times powers of K, so two collide about as rarely as two random 64-bit values. The
# words' hashes and their n-grams' are computed in numpy, with no Python step per word or n-gram.
GRAM_MULTIPLIER = 0xFF51AFD7ED558CCD

# A word's hash (word_hashes): its characters' code points c0 c1 ... as the polynomial
# c0 + c1 R + c2 R**2 ... plus its length times LENGTH_MULTIPLIER, modulo 2**64, mixed by the
# splitmix64 finalizer (a bijection of 64-bit values whose every output bit depends on every input
# bit). Stable across processes (Python's hash() is not), which the run-level reference needs.
CHAR_MULTIPLIER = 0x9E3779B97F4A7C15  # R, odd: invertible modulo 2**64
LENGTH_MULTIPLIER = 0xD6E8FEB86659FD93
_MIX_MULTIPLIERS = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))
_MIX_SHIFTS = (np.uint64(30), np.uint64(27), np.uint64(31))
# Joins a document's words for one encoding; where a word holds it, the words' lengths are read one by one.
_WORD_SEPARATOR = "\uffff"


def word_digest(word: str) -> bytes:
    """A word's hash (word_hashes) as 8 little-endian bytes."""
    return word_hashes([word]).astype("<u8").tobytes()


def word_hashes(words: list[str]) -> np.ndarray:
    """The hash of each word (uint64; see CHAR_MULTIPLIER), for all the words at once: the words are
    joined and encoded once, each character weighted by R to the power of its place in the joined
    text, and a word's sum (a difference of running sums) is brought back to its own first
    character by R's inverse to the power of the word's start. (A memo of each word's blake2b,
    one look-up a word, cost ~430 instructions a word and ~3,000 a new word: measured with
    callgrind over 20 bench documents after 5: word_hashes 14.6 M -> 10.1 M instructions,
    measure_document_windows 51.4 M -> 46.8 M.)"""
    if not words:
        return np.zeros(0, dtype=np.uint64)
    joined = _WORD_SEPARATOR.join(words)
    try:
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4")
    except UnicodeEncodeError:  # a lone surrogate (from a bad decode): the error the words' UTF-8 raises
        for word in words:
            word.encode("utf-8")
        raise
    ends = np.flatnonzero(codes == 0xFFFF)
    if len(ends) == len(words) - 1:
        starts = np.empty(len(words), dtype=np.int64)
        starts[0] = 0
        np.add(ends, 1, out=starts[1:])
        ends = np.append(ends, len(codes))
    else:  # (a word holds the separator: the lengths one by one)
        joined = "".join(words)
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4")
        ends = np.cumsum(np.fromiter(map(len, words), dtype=np.int64, count=len(words)))
        starts = np.empty(len(words), dtype=np.int64)
        starts[0] = 0
        starts[1:] = ends[:-1]
    powers, inverse_powers = _char_powers(len(codes))
    running = np.empty(len(codes) + 1, dtype=np.uint64)
    running[0] = 0
    np.cumsum(codes * powers[:len(codes)], out=running[1:])
    z = (running[ends] - running[starts]) * inverse_powers[starts]
    z += (ends - starts).astype(np.uint64) * np.uint64(LENGTH_MULTIPLIER)
    first, second = _MIX_MULTIPLIERS
    a, b, c = _MIX_SHIFTS
    z ^= z >> a
    z *= first
    z ^= z >> b
    z *= second
    z ^= z >> c
    return z


_CHAR_POWERS: list[np.ndarray] = []  # [R**i, R**-i for i < their length] modulo 2**64, grown on demand
# The most places kept between calls (16 bytes a place: 16 MiB). A longer text (a 13 MB file is
# 2**24 places, 256 MiB) has its powers computed for its call alone, so that one huge document
# does not hold a process's memory up for the rest of the run.
_CHAR_POWERS_KEPT = 1 << 20


def _char_powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """(R**i, R**-i modulo 2**64 for i from 0) for at least n places: kept for the longest text seen
    up to _CHAR_POWERS_KEPT places (a power of two of at least 2**16 places)."""
    if not _CHAR_POWERS or len(_CHAR_POWERS[0]) < n:
        size = max(1 << 16, 1 << (n - 1).bit_length())
        powers = np.empty(size, dtype=np.uint64)
        inverse = np.empty(size, dtype=np.uint64)
        powers[0] = inverse[0] = 1
        powers[1:] = CHAR_MULTIPLIER
        inverse[1:] = pow(CHAR_MULTIPLIER, -1, 1 << 64)
        np.multiply.accumulate(powers, out=powers)  # (wrapping modulo 2**64)
        np.multiply.accumulate(inverse, out=inverse)
        if size > _CHAR_POWERS_KEPT:
            return powers, inverse
        _CHAR_POWERS[:] = [powers, inverse]
    return _CHAR_POWERS[0], _CHAR_POWERS[1]


def window_hashes(hashes: np.ndarray, n: int) -> np.ndarray:
    """The hash of every n consecutive words (see GRAM_MULTIPLIER), from their word_hashes: one
    per window start, len(hashes) - n + 1 of them (wrapping modulo 2**64). Built by doubling:
    the hash of a + b words at i is that of the a words at i times K**b plus that of the b words
    at i + a (the same sum modulo 2**64 as one word at a time), so a 10-gram takes 4 steps of
    numpy, not 9 (two calls each; measured over 20 real pages, window_hashes 3.4 M -> 2.3 M
    instructions, measure_document_hashed and sentence_grams 31.9 M -> 29.1 M)."""
    return window_hashes_of(hashes, (n,))[0]


def window_hashes_of(hashes: np.ndarray, sizes: tuple[int, ...]) -> list[np.ndarray]:
    """window_hashes(hashes, n) for each n (>= 1) of `sizes`, from one set of doubled windows:
    the hashes of 4 words at each start are a step of those of 10 (4-grams for the boilerplate
    test, 10-grams for redundancy, at the cost of the 10-grams alone)."""
    powers = [hashes]  # powers[k]: the hashes of 2**k words at each start
    span = 1
    while 2 * span <= max(sizes):
        power = powers[-1]
        powers.append(power[:max(len(power) - span, 0)] * _DOUBLING_MULTIPLIERS[len(powers) - 1] + power[span:])
        span *= 2
    out = []
    for n in sizes:
        result, width = None, 0  # the hashes of `width` words at each start, once some bits of n are in
        for k, power in enumerate(powers):
            if n >> k & 1:
                if result is None:
                    result, width = power, 1 << k
                else:
                    count = max(len(power) - width, 0)
                    result = result[:count] * _DOUBLING_MULTIPLIERS[k] + power[width:width + count]
                    width += 1 << k
        out.append(result[:max(len(hashes) - n + 1, 0)])
    return out


def _multiplier(span: int) -> np.uint64:
    """GRAM_MULTIPLIER ** span modulo 2**64."""
    return np.uint64(pow(GRAM_MULTIPLIER, span, 1 << 64))


# _multiplier(2**k) at k: the doubling's multipliers made once, not per document (measured over 20
# real pages: ~0.5 M instructions making numpy scalars)
_DOUBLING_MULTIPLIERS = tuple(_multiplier(1 << k) for k in range(64))


def _gram_hashes(grams) -> np.ndarray:
    """The window hash of each gram of BOILERPLATE_NGRAM words, sorted (as uint64)."""
    n = BOILERPLATE_NGRAM
    kept = [g for g in grams if len(g) == n]
    words = word_hashes(list(chain.from_iterable(kept))).reshape(len(kept), n)
    total = np.zeros(len(kept), dtype=np.uint64)
    for column in words.T:  # (h0 K + h1) K + h2 ... wrapping modulo 2**64, as window_hashes sums
        total = total * _DOUBLING_MULTIPLIERS[0] + column
    return np.sort(total)


def sentence_words(sentence: str, segmenter) -> list[str]:
    """The words of a sentence (punctuation is no word)."""
    tokens = segmenter.words(sentence)
    return [w for w, bits in zip(tokens, lexicon().token_flags(tokens)) if bits & TOKEN_WORD]


def ngrams(words: list[str], n: int) -> list[tuple[str, ...]]:
    """The word n-grams, as tuples, in order."""
    if n > 6:  # long windows: a slice each is cheaper than zipping n shifted copies
        return [tuple(words[i:i + n]) for i in range(len(words) - n + 1)]
    return list(zip(*[words[i:] for i in range(n)]))


class BoilerplateReference:
    """The set of boilerplate 4-grams of a corpus, and a name saying which corpus it is."""

    def __init__(self, grams: set[tuple[str, ...]], name: str, n_documents: int):
        self.grams = grams
        self.name = name
        self.n_documents = n_documents
        self._words: tuple[object, int, frozenset[str], np.ndarray, np.ndarray] | None = None

    def _read_words(self) -> tuple[object, int, frozenset[str], np.ndarray, np.ndarray]:
        """(grams, their number, their words, those words' word_hashes, the grams' hashes): read
        again when `grams` is another set or has changed size."""
        grams = self.grams
        if self._words is None or self._words[0] is not grams or self._words[1] != len(grams):
            words = frozenset(chain.from_iterable(grams))
            self._words = (grams, len(grams), words, np.sort(word_hashes(list(words))), _gram_hashes(grams))
        return self._words

    def words(self) -> frozenset[str]:
        """The words of the grams: a window holding any other word is none of them."""
        return self._read_words()[2]

    def word_hashes(self) -> np.ndarray:
        """word_hashes of words(), sorted: a word whose hash is none of them is none of the words."""
        return self._read_words()[3]

    def gram_hashes(self) -> np.ndarray:
        """The hashes (window_hashes) of the grams of BOILERPLATE_NGRAM words, sorted: a window
        whose hash is none of them is none of the grams."""
        return self._read_words()[4]

    @classmethod
    def from_documents(cls, documents: list[list[str]], segmenter, name: str) -> "BoilerplateReference":
        """`documents`: each a list of sentences. Keeps the 4-grams found in 30%-75% of them."""
        doc_freq = Counter()
        for sentences in documents:
            doc_freq.update({g for s in sentences for g in ngrams(sentence_words(s, segmenter), BOILERPLATE_NGRAM)})
        n = len(documents)
        grams = {g for g, k in doc_freq.items() if n and DOC_SHARE_MIN <= k / n <= DOC_SHARE_MAX}
        return cls(grams, name, n)

    @classmethod
    def load(cls, path: str | Path | None = None) -> "BoilerplateReference":
        path = Path(path) if path else REFERENCE_FILE
        if not path.is_file():
            raise FileNotFoundError(f"boilerplate reference not found at {path}; build it with `make train`")
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({tuple(g) for g in data["ngrams"]}, data["name"], data["n_documents"])

    def save(self, path: str | Path) -> None:
        data = {"name": self.name, "n_documents": self.n_documents, "n": BOILERPLATE_NGRAM,
                "doc_share": [DOC_SHARE_MIN, DOC_SHARE_MAX], "ngrams": sorted(list(g) for g in self.grams)}
        Path(path).write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")

    def has_boilerplate(self, words: list[str]) -> bool:
        return not self.grams.isdisjoint(zip(*[words[i:] for i in range(BOILERPLATE_NGRAM)]))


def document_grams(sentences: list[str], segmenter) -> set[tuple[str, ...]]:
    """The distinct boilerplate-length n-grams of one document (for a run-level reference)."""
    return {g for s in sentences for g in ngrams(sentence_words(s, segmenter), BOILERPLATE_NGRAM)}


def boilerplate_share(sentences: list[str], segmenter, reference: BoilerplateReference) -> float | None:
    total = boiler = 0
    for sentence in sentences:
        words = sentence_words(sentence, segmenter)
        total += len(words)
        if reference.has_boilerplate(words):
            boiler += len(words)
    return boiler / total if total else None


def choose_reference(documents: list[list[str]], segmenter, min_documents: int = MIN_RUN_DOCUMENTS,
                     shipped: BoilerplateReference | None = None) -> BoilerplateReference:
    """The current run as reference when it has enough documents, else the shipped reference."""
    if len(documents) >= min_documents:
        return BoilerplateReference.from_documents(documents, segmenter, f"current run ({len(documents)} documents)")
    return shipped or BoilerplateReference.load()


def specific_words(words: list[str], token_flags: list[int] | None = None) -> list[bool]:
    """Per word: is it a number, date, place, organization, or inside a 《》 title?
    `token_flags`: lexicon().token_flags(words) when the caller already has them."""
    lex = lexicon()
    bits = token_flags if token_flags is not None else lex.token_flags(words)
    places = lex.place_flags(words, bits)
    flags, in_title, prev = [], False, 0
    for w, b, place in zip(words, bits, places):
        if "《" in w:
            in_title = True
        # a date unit (年, 月 ...) is specific after a number: 2023 / 年
        flags.append(in_title or place or bool(b & TOKEN_SPECIFIC)
                     or bool(b & TOKEN_DATE_UNIT and prev & TOKEN_ENDS_IN_NUMBER))
        if "》" in w:
            in_title = False
        prev = b
    return flags


def document_measures(sentences: list[str], segmenter, reference: BoilerplateReference | None = None,
                      labels: list[str] | None = None) -> dict:
    """boilerplate_share, specificity, redundancy, concrete_share and boilerplate_reference
    for one document given as its sentences (see the module docstring for the definitions)."""
    return measure_document(sentences, segmenter, reference, labels)[0]


def measure_document(sentences: list[str], segmenter, reference: BoilerplateReference | None = None,
                     labels: list[str] | None = None) -> tuple[dict, list[list[str]]]:
    """document_measures, and the words of each sentence (sentence_words) it counted."""
    return measure_document_hashed(sentences, segmenter, reference, labels)[:2]


def measure_document_hashed(sentences: list[str], segmenter, reference: BoilerplateReference | None = None,
                            labels: list[str] | None = None) -> tuple[dict, list[list[str]], np.ndarray]:
    """measure_document, and the word_hashes of its words laid end to end (for
    rescore.sentence_grams, which would otherwise hash them again)."""
    return measure_document_windows(sentences, segmenter, reference, labels)[:3]


def measure_document_windows(sentences: list[str], segmenter, reference: BoilerplateReference | None = None,
                             labels: list[str] | None = None) -> tuple[dict, list[list[str]], np.ndarray, np.ndarray | None]:
    """measure_document_hashed, and the window_hashes of the document's BOILERPLATE_NGRAM-grams
    within a sentence, in text order, when the boilerplate test computed them (else None): what
    rescore.sentence_grams would compute again from the word hashes."""
    reference = reference or BoilerplateReference.load()
    lex = lexicon()
    token_lists = [segmenter.words(s) for s in sentences]
    tokens = list(chain.from_iterable(token_lists))
    token_counts = list(map(len, token_lists))
    bits = lex.token_flags_array(tokens)  # one pass over the per-token memo for the whole document
    words, flat = _sentence_words(tokens, token_counts, bits)
    total = len(flat)
    hashes = word_hashes(flat)
    # repeated: 10-grams occurring more than once
    boiler, tens, repeated, fours = _document_ngrams(words, flat, hashes, reference)
    specific = _count_specific(tokens, bits, token_counts, lex)
    return {
        "boilerplate_share": boiler / total if total else None,
        "specificity": specific / total if total else None,
        "redundancy": repeated / tens if tens else None,
        "concrete_share": (sum(lab == "concrete" for lab in labels) / len(labels)) if labels else None,
        "boilerplate_reference": reference.name,
    }, words, hashes, fours


def _sentence_words(tokens: list[str], token_counts: list[int], bits: np.ndarray) -> tuple[list[list[str]], list[str]]:
    """The words of each sentence (its tokens with TOKEN_WORD in `bits`), and all of them laid
    end to end, from the document's tokens and each sentence's number of them: the words are
    picked in one pass over the document, the TOKEN_WORD test in numpy (a test per token in
    Python cost a call each: measured with callgrind counting only measure_document_windows,
    20 documents after 5, 138.8 M -> 127.0 M instructions on bench documents, 41.2 M -> 39.0 M
    on real pages)."""
    if not token_counts:
        return [], []
    is_word = (bits & TOKEN_WORD).astype(bool)
    flat = list(compress(tokens, is_word.tolist()))
    words_before = np.zeros(len(tokens) + 1, dtype=np.int64)  # at each token: the words before it
    np.cumsum(is_word, out=words_before[1:])
    ends = words_before[np.cumsum(token_counts)].tolist()
    return [flat[start:end] for start, end in zip([0, *ends[:-1]], ends)], flat


def _document_ngrams(words: list[list[str]], flat: list[str], hashes: np.ndarray,
                     reference) -> tuple[int, int, int, np.ndarray | None]:
    """The number of words in sentences holding a boilerplate 4-gram, of 10-grams in all sentences
    and of those that occur more than once: the words of the document are laid end to end and
    windowed once, the windows that run over a sentence's end dropped, instead of windows cut
    sentence by sentence. A 4-gram is looked up (as a tuple) only where its window hash is the
    hash of one of the reference's grams (the 4-gram hashes are a step of the 10-grams': measured
    over 20 real pages, _document_ngrams 6.3 M -> 5.5 M instructions, where the 4-grams were found
    from each of their words' hashes). `flat`: the words laid end to end, `hashes`: their
    word_hashes. Last, the hashes of the 4-grams within a sentence in text order (for
    rescore.sentence_grams), None where the test did not compute the 4-grams' hashes."""
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    left = np.repeat(np.cumsum(lengths), lengths) - np.arange(len(flat))  # words from here to the sentence's end
    n, ten = BOILERPLATE_NGRAM, REDUNDANCY_NGRAM
    plain_reference = getattr(type(reference), "has_boilerplate", None) is BoilerplateReference.has_boilerplate
    sizes = ((n,) if plain_reference and len(flat) >= n else ()) + ((ten,) if len(flat) >= ten else ())
    windows = dict(zip(sizes, window_hashes_of(hashes, sizes))) if sizes else {}
    boiler, fours_within = 0, None
    if not plain_reference:  # (another kind of reference: its own test, sentence by sentence)
        boiler = sum(len(ws) for ws in words if len(ws) >= n and reference.has_boilerplate(ws))
    elif n not in windows:  # (fewer than n words: no 4-gram)
        fours_within = np.zeros(0, dtype=np.uint64)
    else:
        fours = windows[n]
        within = left[:len(fours)] >= n  # the windows within a sentence
        fours_within = fours[within]
        if len(known := reference.gram_hashes()):
            # (a hash may collide: the tuple decides)
            at = known.searchsorted(fours).clip(max=len(known) - 1)
            grams = reference.grams
            hit = [at for at in np.flatnonzero((known[at] == fours) & within).tolist() if tuple(flat[at:at + n]) in grams]
            if hit:
                has = np.zeros(len(words), dtype=bool)
                has[np.repeat(np.arange(len(words)), lengths)[hit]] = True
                boiler = int(lengths[has].sum())
    tens = repeated = 0
    if ten in windows:
        whole = np.flatnonzero(left[:len(flat) - ten + 1] >= ten)  # the 10-grams within a sentence
        tens = len(whole)
        repeated = _repeated_windows(flat, whole, windows[ten][whole], ten)
    return boiler, tens, repeated, fours_within


def _repeated_windows(words: list[str], starts: np.ndarray, hashes: np.ndarray, n: int) -> int:
    """How many of the n-word windows of `words` beginning at `starts` are a window that occurs
    more than once among them. `hashes`: the windows' hashes (window_hashes). Only windows whose
    hash recurs can repeat; those few are compared as tuples of words (exact, whatever collides)."""
    order = np.argsort(hashes)
    ordered = hashes[order]
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return 0
    recurs = np.zeros(len(ordered), dtype=bool)
    recurs[1:] |= same
    recurs[:-1] |= same
    counts = Counter(tuple(words[at:at + n]) for at in starts[order[recurs]].tolist())
    return sum(c for c in counts.values() if c > 1)


def _count_specific(tokens: list[str], bits: np.ndarray, lengths: list[int], lex) -> int:
    """The number of specific words of a document: specific_words over each sentence's words
    and title brackets, summed over the words; per document, in arrays. `bits`: the tokens'
    TOKEN_* bits (Lexicon.token_flags_array); `lengths`: the number of tokens of each sentence.
    The bits a word's test reads are packed into one small code per token (_SPECIFIC_CODE), and
    those the test of the word after reads into its high bits, so that both pair tests are one
    shift and one AND (measured over 20 real pages, _count_specific 5.2 M -> 3.9 M instructions)."""
    b = np.asarray(bits, dtype=np.int64)
    kept = np.flatnonzero(b & (TOKEN_WORD | TOKEN_TITLE_MARK))
    if not len(kept):
        return 0
    code = _SPECIFIC_CODE[b[kept]]
    sentence = np.repeat(np.arange(len(lengths)), lengths)[kept]
    opens = np.empty(len(code), dtype=bool)  # the first kept token of its sentence
    opens[0] = True
    np.not_equal(sentence[1:], sentence[:-1], out=opens[1:])
    before = np.empty_like(code)  # the code of the word before in the sentence (none: 0)
    before[0] = 0
    before[1:] = code[:-1]
    before[opens] = 0
    paired = (code << _PAIR_SHIFT) & before  # _DATE_AFTER_NUMBER, _SUFFIX_AFTER_NAME
    specific = (code & _OWN_SPECIFIC) | (paired & _DATE_AFTER_NUMBER)
    # a bare place suffix after a name: both are the place (Lexicon.place_flags)
    for i in np.flatnonzero(paired & _SUFFIX_AFTER_NAME).tolist():
        if tokens[kept[i - 1]] + tokens[kept[i]] not in lex.generic_place_words:
            specific[i - 1] = specific[i] = 1
    specific = specific.astype(bool)
    if (code & _OPENS_TITLE).any():
        # inside a title: a 《 at or before the word in its sentence, and no 》 from that 《 to the word before
        at = np.arange(len(code))
        sentence_start = np.flatnonzero(opens)[np.cumsum(opens) - 1]
        last_open = np.maximum.accumulate(np.where(code & _OPENS_TITLE, at, -1))
        last_close = np.maximum.accumulate(np.where(code & _CLOSES_TITLE, at, -1))
        close_before = np.concatenate(([-1], last_close[:-1]))
        specific |= (last_open >= sentence_start) & (last_open > close_before)
    return int(np.count_nonzero(specific & ((code & _WORD) != 0)))


def _specific_codes() -> np.ndarray:
    """_SPECIFIC_CODE: for every combination of TOKEN_* bits, the token's code (uint16)."""
    size = 2 * max(TOKEN_WORD, TOKEN_PLACE, TOKEN_PLACE_SUFFIX, TOKEN_PLACE_NAME, TOKEN_SPECIFIC, TOKEN_DATE_UNIT,
                   TOKEN_ENDS_IN_NUMBER, TOKEN_TITLE_MARK, TOKEN_OPENS_TITLE, TOKEN_CLOSES_TITLE)
    codes = np.zeros(size, dtype=np.uint16)
    for bits in range(size):
        for token_bits, code in _CODE_OF_BITS:
            if bits & token_bits:
                codes[bits] |= code
    return codes


# A token's code: what it is itself (low bits) and, shifted up by _PAIR_SHIFT, what a word after it
# pairs with (a date unit after a number, a place suffix after a name): code << _PAIR_SHIFT & the
# code before keeps the pairs.
_OWN_SPECIFIC, _DATE_UNIT, _PLACE_SUFFIX, _OPENS_TITLE, _CLOSES_TITLE, _WORD = 1, 2, 4, 8, 16, 32
_PAIR_SHIFT = 6  # (past the low bits)
_CODE_OF_BITS = ((TOKEN_PLACE, _OWN_SPECIFIC), (TOKEN_SPECIFIC, _OWN_SPECIFIC), (TOKEN_DATE_UNIT, _DATE_UNIT),
                 (TOKEN_PLACE_SUFFIX, _PLACE_SUFFIX), (TOKEN_OPENS_TITLE, _OPENS_TITLE),
                 (TOKEN_CLOSES_TITLE, _CLOSES_TITLE), (TOKEN_WORD, _WORD),
                 (TOKEN_ENDS_IN_NUMBER, _DATE_UNIT << _PAIR_SHIFT), (TOKEN_PLACE_NAME, _PLACE_SUFFIX << _PAIR_SHIFT))
_DATE_AFTER_NUMBER, _SUFFIX_AFTER_NAME = _DATE_UNIT << _PAIR_SHIFT, _PLACE_SUFFIX << _PAIR_SHIFT
_SPECIFIC_CODE = _specific_codes()
