"""jieba's segmentation, run by jieba-rs where the two agree.

jieba-rs (the `rjieba` binding) implements jieba's algorithm (the prefix dictionary's DAG, the
most probable route, the HMM for runs of unknown single characters) over jieba's own dictionary,
about 15x faster than Python jieba and with a dictionary that loads in 0.1 s instead of 0.5 s.
It gives other tokens than jieba in two cases, found by comparing the two on the project's
corpora and on random strings of mixed scripts:
- ASCII letters and digits joined by `.`, `_` or `-` stay one token (`2024-08-22`,
  `www.mee.gov.cn`) where jieba splits them (`2024 - 08 - 22`). jieba's dictionary has no word
  with such a join, so jieba reaches the run as unknown single characters and its HMM step
  splits it with its `re_skip` pattern (`finalseg.re_skip`: a number keeps its decimals, 3.5%).
  The same split of jieba-rs's token gives jieba's tokens: dates and decimals are common in
  the genre (one real sentence in twelve has one), so they stay on jieba-rs. A user word with
  such a join would be reached through the dictionary instead: with one, such texts go to
  Python jieba as before;
- CJK characters outside U+4E00-U+9FD5 (Extension A, U+9FD6-U+9FFF, compatibility ideographs,
  the astral planes) count as Han and join their neighbours, where jieba keeps them apart:
  jieba's blocks are runs of Han (U+4E00-U+9FD5), ASCII letters, digits and +#&._%-, cut one by
  one, and any other character is a token of its own. So the text is cut on both sides of such a
  character (and of a lone surrogate, which Rust strings cannot hold), the character kept alone.
Python jieba (its dictionary takes 0.8 s to load) is only loaded for a user word with a join.
One difference remains: where two segmentations are exactly equally probable (the same words in another order, as in
改改改境: 改 + 改改 or 改改 + 改), floating-point rounding picks the route, and jieba-rs rounds
otherwise than Python does. Such ties need repeated characters or coincident word frequencies;
on the project's ~620 development and bench documents every token is the same as jieba's.
tests/test_jieba_backend.py holds the two to the same tokens but for exact ties.
"""
from __future__ import annotations

import logging
import re
from functools import cached_property

# Characters jieba keeps alone and jieba-rs would join to their neighbours (module docstring).
# \uD800-\uDFFF: a lone surrogate (from a bad decode): Rust strings cannot hold it. One class, not an
# alternation of two: `re` then scans for it in a tight loop instead of trying a match at every
# character (measured: the search over a real page's sentences 3x cheaper).
_JIEBA_ONLY = re.compile(r"[\u3400-\u4DBF\u9FD6-\u9FFF\uF900-\uFAFF\U00010000-\U0010FFFF\uD800-\uDFFF]")
# ASCII letters or digits joined by . _ -: one token for jieba-rs, split by jieba (docstring).
# (written to begin with one class, the join character, the letter or digit before it found by a
# look-behind: `re` scans for the class in a tight loop, where the alternation
# [A-Za-z0-9][._\-]|[._\-][A-Za-z0-9] was tried at every character: 2.8x cheaper on real pages,
# which mostly hold a . or - somewhere. Only whether there is a match is read.)
_JOINED = re.compile(r"[._\-](?:(?<=[A-Za-z0-9][._\-])|(?=[A-Za-z0-9]))")


def may_hold_join(text: str) -> bool:
    """False when `text` cannot hold a match of _JOINED (it has none of . _ -). Three `in` tests
    are C scans of the string; the pattern, whose two branches begin with classes, is tried at
    every character by `re` (measured: 26 us a bench document against under 1 us)."""
    return "." in text or "-" in text or "_" in text
# jieba.finalseg.re_skip: how jieba's HMM step cuts a run that is not Han.
_RE_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


def user_words(path: str) -> list[tuple[str, int | None, str | None]]:
    """(word, frequency, tag) of a jieba user dictionary: `word [freq] [tag]` a line."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                continue
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
            out.append((parts[0], freq, tag))
    return out


def rjieba_class():
    """jieba-rs's tokenizer class. `import rjieba` also builds a default tokenizer of its own at
    import (0.1 s of every start-up) that cepi never uses, so the compiled module is loaded by
    itself; if that ever fails (another layout of the package), the package is imported."""
    import sys

    if "rjieba" in sys.modules:
        return sys.modules["rjieba"].Jieba
    try:
        import importlib.machinery
        import importlib.util
        import os

        spec = importlib.util.find_spec("rjieba")  # finds the package without running it
        path = next(os.path.join(folder, name) for folder in spec.submodule_search_locations
                    for name in sorted(os.listdir(folder))
                    if name.startswith("rjieba.") and name.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)))
        loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", path)
        module = importlib.util.module_from_spec(importlib.util.spec_from_file_location("rjieba.rjieba", path,
                                                                                        loader=loader))
        loader.exec_module(module)
        return module.Jieba
    except Exception:  # noqa: BLE001 - any failure: the ordinary import
        import rjieba

        return rjieba.Jieba


class JiebaCut:
    """Callable `text -> list of tokens`, jieba's `lcut` (HMM on) with the user dictionary."""

    def __init__(self, words: list[tuple[str, int | None, str | None]]):
        self.words = words
        # a user word with a join (a-b) is reached through the dictionary: no re-split then
        self._joined_words = any(_JOINED.search(word) for word, _, _ in words)

    @cached_property
    def _rust(self):
        tokenizer = rjieba_class()()
        for word, freq, tag in self.words:
            tokenizer.add_word(word, freq, tag)
        return tokenizer

    @cached_property
    def _python(self):
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        for word, freq, tag in self.words:  # what jieba's load_userdict does with each line
            tokenizer.add_word(word, freq, tag)
        return tokenizer

    def __call__(self, text: str) -> list[str]:
        if _JIEBA_ONLY.search(text) is None:
            return self._cut(text)
        # jieba cuts a text in blocks of Han, ASCII letters, digits and +#&._%- and yields every
        # other character alone, so such a character splits the text into parts cut on their own
        tokens, at = [], 0
        for m in _JIEBA_ONLY.finditer(text):
            if m.start() > at:
                tokens += self._cut(text[at:m.start()])
            tokens.append(m.group())
            at = m.end()
        if at < len(text):
            tokens += self._cut(text[at:])
        return tokens

    def _cut(self, text: str) -> list[str]:
        """jieba's tokens of a text without a character of _JIEBA_ONLY."""
        if not may_hold_join(text) or _JOINED.search(text) is None:
            return self._rust.cut(text, True)
        if self._joined_words:
            return self._python.lcut(text)
        tokens = []
        for token in self._rust.cut(text, True):
            if not may_hold_join(token) or _JOINED.search(token) is None:  # (most tokens are Han words)
                tokens.append(token)
            elif token.isascii():
                tokens.extend(piece for piece in _RE_SKIP.split(token) if piece)
            else:  # not expected (no Han word holds a join): jieba itself answers
                return self._python.lcut(text)
        return tokens
