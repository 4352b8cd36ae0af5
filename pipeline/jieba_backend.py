"""jieba's segmentation, run by jieba-rs where the two agree.

jieba-rs (the `rjieba` binding) implements jieba's algorithm (the prefix dictionary's DAG, the
most probable route, the HMM for runs of unknown single characters) over jieba's own dictionary,
about 15x faster than Python jieba and with a dictionary that loads in 0.1 s instead of 0.5 s.
It gives other tokens than jieba in two cases, found by comparing the two on the project's
corpora and on random strings of mixed scripts:
- ASCII letters and digits joined by `.`, `_` or `-` stay one token (`www.mee.gov.cn`,
  `b-Z`) where jieba splits them (`www . mee . gov . cn`);
- CJK characters outside U+4E00-U+9FD5 (Extension A, U+9FD6-U+9FFF, compatibility ideographs,
  the astral planes) count as Han and join their neighbours, where jieba keeps them apart.
A text with either goes to Python jieba, loaded on the first such text. One difference remains:
where two segmentations are exactly equally probable (the same words in another order, as in
改改改境: 改 + 改改 or 改改 + 改), floating-point rounding picks the route, and jieba-rs rounds
otherwise than Python does. Such ties need repeated characters or coincident word frequencies;
on the project's ~620 development and bench documents every token is the same as jieba's.
tests/test_jieba_backend.py holds the two to the same tokens but for exact ties.
"""
from __future__ import annotations

import logging
import re
from functools import cached_property

# Where jieba-rs and jieba may disagree; see the module docstring.
_JIEBA_ONLY = re.compile(
    r"[A-Za-z0-9][._\-]|[._\-][A-Za-z0-9]"
    r"|[\u3400-\u4DBF\u9FD6-\u9FFF\uF900-\uFAFF\U00010000-\U0010FFFF]"
    r"|[\uD800-\uDFFF]")  # a lone surrogate (from a bad decode): Rust strings cannot hold it


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


class JiebaCut:
    """Callable `text -> list of tokens`, jieba's `lcut` (HMM on) with the user dictionary."""

    def __init__(self, words: list[tuple[str, int | None, str | None]]):
        self.words = words

    @cached_property
    def _rust(self):
        import rjieba

        tokenizer = rjieba.Jieba()
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
        if _JIEBA_ONLY.search(text) is not None:
            return self._python.lcut(text)
        return self._rust.cut(text, True)
