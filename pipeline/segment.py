"""Sentences and words.

Sentences are spans of the document text, split on 。！？； (and ASCII
!?; where they end a clause) and on line breaks. Words come from one of
three segmenters; jieba is the default because pkuseg is about 8x slower.
"""
from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property, lru_cache
from importlib import resources

from .records import Sentence

_END = "。！？；!?;"
_CLOSE = "”’」』）)》"
# A sentence ends after a terminator (plus any closing quotes) or at a line break:
# [{_END}]+[{_CLOSE}]*|\n+, written to begin with one class (re then skips to where a match can
# begin instead of trying one at every character: four times faster), the rest chosen by the look-behind.
SENT_END_PLAIN = rf"[{_END}]+[{_CLOSE}]*|\n+"
_SENT_END = re.compile(rf"[{_END}\n](?:(?<=\n)\n*|(?<!\n)[{_END}]*[{_CLOSE}]*)")


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences whose offsets index `text`; whitespace-only pieces are dropped."""
    return [Sentence(i, text[start:end], start, end) for i, (start, end) in enumerate(sentence_bounds(text))]


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """The [start, end) of each sentence of `split_sentences(text)` (no Sentence records: the
    segment stage builds its own)."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        at, stop = m.span()
        end = stop if text[at] != "\n" else at
        if end > start:
            if text[start].isspace() or text[end - 1].isspace():  # (rare: strip as `_add` does)
                start, end = _stripped(text, start, end)
            if end > start:
                out.append((start, end))
        start = stop
    if len(text) > start:
        start, end = _stripped(text, start, len(text))
        if end > start:
            out.append((start, end))
    return out


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# A character that ends a sentence (a terminator or a line break); closing quotes only follow one.
_BREAK = re.compile(rf"[{_END}\n]")
# What a match must not hold (or begin / end with) to lie inside one sentence of `split_sentences`.
_NOT_INSIDE = re.compile(rf"[{_END}\n]|^[{_CLOSE}\s]|\s$")


def sentences_holding(text: str, pattern: re.Pattern) -> Iterator[Sentence]:
    """The sentences of `split_sentences(text)` in which `pattern` has a match, in text order (their
    `sent_idx` is not the split's), found from the pattern's matches in `text` without splitting it all:
    most documents name a rule's topic in a few sentences of many, and a caller may stop early.
    For a pattern that does not look beyond its match (no anchors or \\b; a lookaround only within
    it). Exact for a match that lies inside a sentence (no terminator or line break in it); should
    one not, the text is split after all."""
    out: list[Sentence] = []  # the sentences found (`_add` appends)
    reverse = None
    end = -1  # end of the last sentence found (a match before it lies in that sentence)
    for m in pattern.finditer(text):
        at = m.start()
        if at < end:
            continue
        if _NOT_INSIDE.search(m.group()) or not m.group():
            yield from (s for s in split_sentences(text) if s.char_start >= end and pattern.search(s.text))
            return
        if reverse is None:
            reverse = text[::-1]
        back = _BREAK.search(reverse, len(text) - at)  # the last break before the match
        start = 0
        if back is not None:
            start = len(text) - back.start()  # just after the break character
            if text[start - 1] != "\n":  # a terminator run takes the closing quotes after it
                while start < at and text[start] in _CLOSE:
                    start += 1
        ahead = _SENT_END.search(text, m.end())
        end = len(text) if ahead is None else ahead.end() if ahead.group()[0] != "\n" else ahead.start()
        found = len(out)
        _add(out, text, start, end)
        if len(out) > found:
            yield out[-1]


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(len(out), text[start:end], start, end))


def _split_numbers(text: str, pieces: list[str], numbers: list) -> None:
    """Append to `pieces` the text around its number tokens (_NUMBER_TOKEN: one more than
    there are numbers) and to `numbers` the number tokens."""
    pos = 0
    for m in _NUMBER_TOKEN.finditer(text):
        pieces.append(text[pos:m.start()])
        numbers.append(m.group())
        pos = m.end()
    pieces.append(text[pos:])


class SegmenterKind(str, enum.Enum):
    jieba = "jieba"
    pkuseg = "pkuseg"
    spacy = "spacy"


# Numbers with their counters stay one token: 26项, 13.5万余件, 60%.
# (\d\d* is \d+ written to begin with a class: re then skips to the digits instead of trying a
# match at every character, a third less for the split of a document's sentences)
NUMBER_TOKEN_PLAIN = r"\d+(?:[.,]\d+)*(?:[万亿千百])?(?:余|多)?(?:[%％]|[项件个人家起座宗吨元万亿])?"
_NUMBER_TOKEN = re.compile(r"\d\d*(?:[.,]\d+)*(?:[万亿千百])?(?:余|多)?(?:[%％]|[项件个人家起座宗吨元万亿])?")
# Segmenter._jieba_words joins a text's pieces by line breaks: not for a text that has one (or a \r).
_NO_SEPARATOR = re.compile(r"[\n\r]")
# A character whose token `str.strip` could leave empty (white space as str.strip sees it).
_SPACE = re.compile(r"\s")
_NUMBER_TOKEN_SPLIT = re.compile(f"({_NUMBER_TOKEN.pattern})")  # re.split keeps the number tokens


class Segmenter:
    """Word segmentation with one of jieba / pkuseg / spaCy; models load lazily, offline."""

    def __init__(self, kind: str | SegmenterKind = SegmenterKind.jieba):
        self.kind = SegmenterKind(kind)

    @cached_property
    def _backend(self):
        userdict = resources.files("pipeline.rules").joinpath("userdict.txt")
        if self.kind is SegmenterKind.jieba:
            from .jieba_backend import JiebaCut, user_words

            with resources.as_file(userdict) as path:
                return JiebaCut(user_words(str(path)))
        if self.kind is SegmenterKind.pkuseg:
            import pkuseg

            with resources.as_file(userdict) as path:
                seg = pkuseg.pkuseg(user_dict=_pkuseg_dict(path))
            return seg.cut
        import spacy

        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
        nlp.tokenizer.initialize(pkuseg_model=_pkuseg_model_path())
        with resources.as_file(userdict) as path:
            nlp.tokenizer.pkuseg_update_user_dict(_pkuseg_dict(path))
        return lambda text: [t.text for t in nlp(text)]

    def words(self, text: str) -> list[str]:
        """Words of `text`, with number+counter groups kept whole."""
        memo = self._document_memo
        if memo is not None:
            found = memo.get(text)
            if found is None:
                found = memo[text] = tuple(self._words(text))
            return list(found)
        return list(self._memo(text))

    _document_memo: dict | None = None
    _scopes = 0

    @contextmanager
    def document_scope(self):
        """While one document is processed, every sentence is segmented once whatever its size:
        the stages after `segment` (classifier features, disclosure measures) read the memo.
        Re-entrant; the memo is dropped when the outermost scope ends."""
        if self._scopes == 0:
            self._document_memo = {}
        self._scopes += 1
        try:
            yield self
        finally:
            self._scopes -= 1
            if self._scopes == 0:
                self._document_memo = None

    @cached_property
    def _memo(self):
        # Several stages segment the same sentence (tokens, classifier features, disclosure
        # measures); a small per-instance cache does the work once.
        return lru_cache(maxsize=4096)(lambda text: tuple(self._words(text)))

    def words_of_each(self, texts: list[str]) -> list[list[str]]:
        """`words(text)` of each of `texts` (best: the sentences of the document being processed).
        In a document scope with jieba, the texts not segmented yet are cut in one call (see
        `_jieba_words`), not one or more calls each, and remembered for the stages after."""
        self._fill_memo(texts)
        return [self.words(t) for t in texts]

    def _fill_memo(self, texts: list[str]) -> None:
        """In a document scope with jieba: the texts not segmented yet cut in one call into the memo."""
        memo = self._document_memo
        if memo is not None and self.kind is SegmenterKind.jieba:
            todo = [t for t in dict.fromkeys(texts) if t not in memo and "\n" not in t and "\r" not in t]
            if len(todo) > 1:
                # the texts one per line, split at their number tokens in one pass (a number token
                # never holds a line break, so each is one of a text's own): pieces at even places
                joined = "\n".join(todo)
                parts = _NUMBER_TOKEN_SPLIT.split(joined)
                pieces, numbers = parts[0::2], parts[1::2]
                between: list[str | None] = []  # per line break of the pieces joined by line breaks
                for piece, number in zip(pieces, numbers):
                    if "\n" in piece:
                        between += [None] * piece.count("\n")
                    between.append(number)
                between += [None] * pieces[-1].count("\n")
                found = self._jieba_words("\n".join(pieces), between)
                for text, words in zip(todo, found):
                    # white space in the text (_cut drops white-space tokens): str.split sees what \s
                    # matches, and gives back the text itself when there is none, in a quicker scan
                    if text.split(None, 1) != [text]:
                        words = [w for w in words if w.strip()]
                    memo[text] = tuple(words)

    def tokens_of_each(self, texts: list[str]) -> list[tuple[str, ...]]:
        """`words_of_each(texts)` as tuples (in a document scope the memo's own: no copy a text;
        for a caller that only reads them)."""
        memo = self._document_memo
        if memo is None:
            return [tuple(self.words(t)) for t in texts]
        self._fill_memo(texts)
        get = memo.get
        return [get(t) or self._memo_words(memo, t) for t in texts]

    def _memo_words(self, memo: dict, text: str) -> tuple[str, ...]:
        """`words(text)` in a document scope, as the memo's tuple."""
        found = memo[text] = tuple(self._words(text))
        return found

    def _words(self, text: str) -> list[str]:
        pieces: list[str] = []  # the text between the number tokens
        numbers: list[str | None] = []
        _split_numbers(text, pieces, numbers)
        if not numbers:
            return self._cut(text)
        if self.kind is SegmenterKind.jieba and _NO_SEPARATOR.search(text) is None:
            words = self._jieba_words("\n".join(pieces), numbers)[0]
            return [w for w in words if w.strip()] if _SPACE.search(text) is not None else words
        words = []
        for piece, number in zip(pieces, numbers):
            words.extend(self._cut(piece))
            words.append(number)
        words.extend(self._cut(pieces[-1]))
        return words

    def _jieba_words(self, text: str, between: list[str | None]) -> list[list[str]]:
        """jieba's tokens of texts given as one `text`: pieces joined by line breaks, where each
        line break stands for what is `between` the pieces, a number token (put back in its
        place) or None (the next text begins). One cut instead of one per piece (a sentence has
        a few numbers; each cut costs a call into jieba-rs and its checks): jieba cuts a line
        break off as a token of its own and never looks across it (it cuts blocks of Han,
        letters, digits and +#&._%- one by one, and yields each white-space character alone but
        \\r\\n), so the tokens between two line breaks are the piece's own. The caller makes sure
        the pieces hold no \\r and no line break but these; white-space tokens are kept.
        The tokens are read in one pass, each line break taking the next of `between` (a search
        and two slices per line break cost more than a test per token: measured over 20 bench
        documents, _jieba_words 38.9 M -> 36.0 M instructions, 31.5 M of it the cut itself).
        `words.append(...)` is written out, not read once as a bound method: compiled by Cython it
        is an inline list append, where calling a bound method is a Python call a token
        (Segmenter.tokens_of_each over 59 real pages 44.4 M -> 42.4 M instructions, 27 bench
        documents 71.1 M -> 68.0 M)."""
        out: list[list[str]] = []
        words: list[str] = []
        taken = iter(between)
        for token in self._backend(text):
            if token != "\n":
                words.append(token)
            elif (number := next(taken)) is not None:
                words.append(number)
            else:
                out.append(words)
                words = []
        out.append(words)
        return out

    def _cut(self, text: str) -> list[str]:
        if not text:
            return []
        if _SPACE.search(text) is None:  # no white-space token to drop
            return list(self._backend(text))
        return [w for w in self._backend(text) if w.strip()]


def _pkuseg_dict(path) -> list[str]:
    return [line.split()[0] for line in open(path, encoding="utf-8") if line.strip()]


def _pkuseg_model_path() -> str:
    import os

    import pkuseg

    return os.path.join(os.path.dirname(pkuseg.__file__), "models", "default")
