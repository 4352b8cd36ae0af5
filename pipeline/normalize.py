"""Text normalization, in two layers.

`clean(text)` gives the document text that cepi reports (`documents.text`):
the published wording and script, with line endings, invisible characters
and whole lines of page junk (paywall blocks, share buttons, ICP/copyright
footers) removed. Evidence and sentences are slices of it, so a researcher
can find them in the source.

`normalized(text)` gives the view the rules read: Traditional -> Simplified,
full-width digits/letters/％ -> half-width (Chinese punctuation stays), pinyin
residue and injected spam removed, spaces inside numbers removed, and lines
broken mid-sentence (and their page-fragment prefixes) re-joined. It is an
`Aligned` text: every character knows the span of the clean text it came
from, so a match in the normalized view maps back to exact evidence.
Each step is a small function Aligned -> Aligned; `normalized` composes them.
"""
from __future__ import annotations

import re
import statistics
from array import array
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from .datafiles import load_yaml
from .prefilter import reads_no_context, required_literals, words_regex


@dataclass(frozen=True)
class Aligned:
    """A text plus, per character, the [start, end) span of the source text it stands for."""

    text: str
    starts: array  # array('q'): compact even for a long document
    ends: array

    @classmethod
    def of(cls, text: str) -> "Aligned":
        # numpy fills the identity spans in C: array("q", range(n)) took a quarter of normalize's time
        offsets = np.arange(len(text) + 1, dtype=np.int64)
        return cls(text, array("q", offsets[:-1].tobytes()), array("q", offsets[1:].tobytes()))

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span behind [start, end) of this text."""
        if end <= start:
            pos = self.starts[start] if start < len(self.text) else (self.ends[-1] if self.ends else 0)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def sub(self, pattern: re.Pattern, repl) -> "Aligned":
        """Replace matches of `pattern`; `repl(match) -> str`. Equal-length replacements keep per-char
        alignment; other replacements map every new char to the whole matched source span."""
        pieces, starts, ends, pos = [], array("q"), array("q"), 0
        for m in pattern.finditer(self.text):
            new = repl(m)
            if new == m.group():
                continue
            pieces.append(self.text[pos:m.start()])
            starts.extend(self.starts[pos:m.start()])
            ends.extend(self.ends[pos:m.start()])
            if len(new) == m.end() - m.start():
                starts.extend(self.starts[m.start():m.end()])
                ends.extend(self.ends[m.start():m.end()])
            elif new:
                s, e = self.source_span(m.start(), m.end())
                starts.extend([s] * len(new))
                ends.extend([e] * len(new))
            pieces.append(new)
            pos = m.end()
        if not pieces:
            return self
        pieces.append(self.text[pos:])
        starts.extend(self.starts[pos:])
        ends.extend(self.ends[pos:])
        return Aligned("".join(pieces), starts, ends)

    def translate(self, convert) -> "Aligned":
        """Apply a length-preserving text-to-text function line by line (falls back per character)."""
        # One call for the whole text when every line keeps its length: `convert` (OpenCC) never
        # converts across a line break, so the whole text's lines are the lines' conversions.
        whole = convert(self.text)
        if whole == self.text:  # (most texts: nothing to convert, no lines to compare)
            return self
        lines = self.text.split("\n")
        if len(whole) == len(self.text) and list(map(len, whole.split("\n"))) == list(map(len, lines)):
            return Aligned(whole, self.starts, self.ends)
        out = []
        for line in lines:
            new = convert(line)
            out.append(new if len(new) == len(line) else "".join(_one_char(convert, c) for c in line))
        return Aligned("\n".join(out), self.starts, self.ends)


def _one_char(convert, c: str) -> str:
    new = convert(c)
    return new if len(new) == 1 else c


@lru_cache(maxsize=1)
def _rules() -> dict:
    with resources.files("pipeline.rules").joinpath("junk.yaml").open(encoding="utf-8") as fh:
        data = load_yaml(fh)
    line = [re.compile(p) for p in data["line_patterns"]]
    # Most line patterns need one of a few words (prefilter.required_literals): one search for all
    # those words tells whether a line can be junk through any of them; the others are always tried.
    words = [required_literals(p) for p in line]
    needed = set().union(*(w for w in words if w))
    inline, spam_tail = [re.compile(p) for p in data["inline_patterns"]], re.compile(data["spam_tail"])
    # the words one of which is in every text a pattern of as_written's steps matches (None: some
    # pattern has no such words): most labels have none, and one search tells (_changes_as_written)
    steps = [required_literals(p) for p in (_FULLWIDTH, _PINYIN, *inline, spam_tail, _NUMBER_SPACE)]
    without_words = [p for p, w in zip(line, words) if not w]
    return {
        "line": line,
        "line_words": words_regex(needed) if needed else None,
        "line_without_words": without_words,
        # those whose match in a line is one in the whole text too: one search of the text tells
        # whether a line may hold one
        "line_without_words_free": [p for p in without_words if reads_no_context(p.pattern)],
        "line_without_words_bound": [p for p in without_words if not reads_no_context(p.pattern)],
        "inline": inline,
        "spam_tail": spam_tail,
        "as_written_words": words_regex(set().union(*steps)) if all(steps) else None,
    }


# ---- layer 1: the reported text -------------------------------------------------------------

_INVISIBLE_CHARACTERS = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"
_INVISIBLE = re.compile("[" + _INVISIBLE_CHARACTERS + "]")
_BLANK_LINES = re.compile("\n\n\n+")  # \n{3,}, written with its literal prefix (scanned for in C)


def clean(text: str) -> str:
    """Published wording, minus invisible characters, CR line ends, trailing blanks and junk lines."""
    # (a test for each invisible character first: eight scans for one character cost a quarter of
    # the class's regex scan; measured over 20 bench documents 2.6 M -> 0.7 M instructions)
    if any([c in text for c in _INVISIBLE_CHARACTERS]):
        text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    if junk := junk_lines(text, lines):
        lines = [line for i, line in enumerate(lines) if i not in junk]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


def is_junk_line(line: str) -> bool:
    rules = _rules()
    if rules["line_words"] is None or rules["line_words"].search(line):
        return any(p.search(line) for p in rules["line"])
    return any(p.search(line) for p in rules["line_without_words"])


def junk_lines(text: str, lines: list[str]) -> set[int]:
    """The indices of the `lines` of `text` (text.split("\n"), each maybe stripped on the right)
    that are junk (is_junk_line), from searches of the whole text, not of each line: a line can
    hold a pattern's required word only where the text's search for those words finds one, nor a
    match of a pattern that reads nothing around its match where the text holds none (measured
    over 20 bench documents: clean 11.8 M -> 10.9 M instructions; the scans, not the calls, cost)."""
    rules = _rules()
    words = rules["line_words"]
    if words is None:
        return {i for i, line in enumerate(lines) if is_junk_line(line)}
    # (every pattern is tried on a line holding a word, as is_junk_line does; the line breaks
    # counted from the last match, not from the text's start: linear on a long text)
    worded, line, counted_to = set(), 0, 0
    for m in words.finditer(text):
        line += text.count("\n", counted_to, m.start())
        counted_to = m.start()
        worded.add(line)
    junk = {i for i in worded if any(p.search(lines[i]) for p in rules["line"])}
    wordless = rules["line_without_words_bound"] + [p for p in rules["line_without_words_free"] if p.search(text)]
    if wordless:
        junk.update(i for i, line in enumerate(lines) if i not in worded and any(p.search(line) for p in wordless))
    return junk


# ---- layer 2: the view the rules read ------------------------------------------------------

@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s").convert


def to_simplified(a: Aligned) -> Aligned:
    return a.translate(_t2s())


def simplified(text: str) -> str:
    """`text` in Simplified script (OpenCC t2s), for readers that compare words written either way."""
    return _t2s()(text)


# Full-width forms -> ASCII, except the ones that are ordinary Chinese punctuation (left out of
# the pattern too: they are most of a Chinese text's full-width characters).
_KEEP_FULLWIDTH = set("，。：；！？（）【】《》、“”‘’")
_FULLWIDTH = re.compile("[" + "".join(re.escape(chr(c)) for c in [*range(0xFF01, 0xFF5F), 0x3000]
                                      if chr(c) not in _KEEP_FULLWIDTH) + "]")


def half_width(a: Aligned) -> Aligned:
    def repl(m):
        c = m.group()
        if c in _KEEP_FULLWIDTH:
            return c
        return " " if c == "\u3000" else unicodedata.normalize("NFKC", c)

    return a.sub(_FULLWIDTH, repl)


# (?<=[\u4e00-\u9fff])(?:[(（][a-z…]{1,6}[)）])+, written to begin with the bracket: a pattern that
# begins with a lookbehind is tried at every position, one that begins with a character class is not.
_PINYIN_SYLLABLE = "[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]"
_PINYIN = re.compile(r"[(（](?<=[\u4e00-\u9fff][(（])" + _PINYIN_SYLLABLE + r"(?:[(（]" + _PINYIN_SYLLABLE + ")*")


def drop_pinyin(a: Aligned) -> Aligned:
    """生態(tài) -> 生態: romanization left behind by a copy from an annotated page."""
    return a.sub(_PINYIN, lambda m: "")


def drop_inline_junk(a: Aligned) -> Aligned:
    for pattern in _rules()["inline"]:
        a = a.sub(pattern, lambda m: "")
    return a


def drop_spam(a: Aligned) -> Aligned:
    """Remove an injected site name: the tail (体育官网 ...) plus the brand before it, where the
    brand is the longest prefix (2-4 chars) shared by every occurrence in the document."""
    tail = _rules()["spam_tail"]
    hits = list(tail.finditer(a.text))
    if not hits:
        return a
    brand_len = 2
    for k in (4, 3):
        before = Counter(a.text[max(0, m.start() - k):m.start()] for m in hits)
        if len(hits) > 1 and len(before) == 1:
            brand_len = k
            break
    brand = Counter(a.text[max(0, m.start() - brand_len):m.start()] for m in hits).most_common(1)[0][0]
    pattern = re.compile(re.escape(brand) + tail.pattern)
    return a.sub(pattern, lambda m: "")


# (?<=[\d.%])[ \t]+(?=[\d.%\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[ \t]+(?=\d), written to begin with
# the blank (see _PINYIN): the lookbehinds look past it.
_NUMBER_SPACE = re.compile(r"[ \t](?:(?<=[\d.%][ \t])[ \t]*(?=[\d.%\u4e00-\u9fff])"
                           r"|(?<=[\u4e00-\u9fff][ \t])[ \t]*(?=\d))")


def join_number_spaces(a: Aligned) -> Aligned:
    """`16 个` -> `16个`, `下降 21.74%` -> `下降21.74%`."""
    return a.sub(_NUMBER_SPACE, lambda m: "")


_PAGE_PREFIX = re.compile(r"(\d{1,3})[、.．]")
_TERMINAL = "。！？；：:!?;|"
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|第[一二三四五六七八九十]+[章节条部分])")


def join_broken_lines(a: Aligned) -> Aligned:
    """Re-join lines broken mid-sentence: numbered page fragments (`2、` starting each page of a
    pasted document) and hard-wrapped text whose lines all have about the same width."""
    lines = a.text.split("\n")
    prefixes = _page_prefixes(lines)
    width = _wrap_width(lines)
    drop: list[tuple[int, int]] = []  # spans of a.text to delete
    pos = 0
    for i, line in enumerate(lines):
        end = pos + len(line)
        if i + 1 < len(lines):
            nxt = lines[i + 1]
            if i + 1 in prefixes:
                drop.append((end, end + 1 + prefixes[i + 1]))
            elif _wrapped(line, nxt, width):
                drop.append((end, end + 1))
        pos = end + 1
    if 0 in prefixes:
        drop.insert(0, (0, prefixes[0]))
    return _delete(a, drop)


def _page_prefixes(lines: list[str]) -> dict[int, int]:
    """Lines that start with a running page number (k, k+1, k+2, ... over >= 3 lines) -> prefix length."""
    numbered = {}
    for i, line in enumerate(lines):
        m = _PAGE_PREFIX.match(line)
        if m:
            numbered[i] = (int(m.group(1)), m.end())
    run = [i for i in numbered if i - 1 in numbered and numbered[i][0] == numbered[i - 1][0] + 1]
    if len(run) < 2:
        return {}
    keep = set(run) | {i - 1 for i in run}
    out = {}
    for i in sorted(keep):
        prev = lines[i - 1].rstrip() if i > 0 else ""
        if i == 0 or (prev and prev[-1] not in "。！？!?"):
            out[i] = numbered[i][1]
    return out


def _wrap_width(lines: list[str]) -> int | None:
    """The fixed width of hard-wrapped text, if most long lines share it."""
    lengths = [len(line) for line in lines if len(line.strip()) >= 10]
    if len(lengths) < 4:
        return None
    top = statistics.median_high(lengths)
    near = sum(abs(n - top) <= max(3, top // 8) for n in lengths)
    return top if near >= 0.6 * len(lengths) else None


def _wrapped(line: str, nxt: str, width: int | None) -> bool:
    body = line.rstrip()
    if not width or not body or not nxt.strip() or body[-1] in _TERMINAL:
        return False
    if len(body) < width - max(3, width // 8) or "|" in body or "|" in nxt:
        return False
    return not _HEADING.match(nxt)


def _delete(a: Aligned, spans: list[tuple[int, int]]) -> Aligned:
    if not spans:
        return a
    keep = [True] * len(a.text)
    for s, e in spans:
        for i in range(s, min(e, len(keep))):
            keep[i] = False
    idx = [i for i, k in enumerate(keep) if k]
    return Aligned("".join(a.text[i] for i in idx), array("q", (a.starts[i] for i in idx)),
                   array("q", (a.ends[i] for i in idx)))


STEPS = (to_simplified, half_width, drop_pinyin, drop_inline_junk, drop_spam, join_number_spaces, join_broken_lines)


def normalized(text: str, steps=STEPS) -> Aligned:
    """The normalized, aligned view of a (clean) text. A step whose patterns each need one of some
    words (_step_words) is skipped where the text holds none of them (it would give the text
    back); which words the text holds is read by one search for all the steps' words, again after
    a step that changed the text (measured over 20 bench documents, where no such step changes
    anything: normalized 22.1 M -> 14.2 M instructions)."""
    a = Aligned.of(text)
    words_regex_, step_words = _step_words()
    held = None  # the steps' words a.text holds (None: not read yet since a.text changed)
    for step in steps:
        words = step_words.get(step)
        if words is not None:
            if held is None:
                held = frozenset(words_regex_.findall(a.text))
            if held.isdisjoint(words):
                continue
        new = step(a)
        if new is not a:
            a, held = new, None
    return a


@lru_cache(maxsize=1)
def _step_words() -> tuple[re.Pattern | None, dict]:
    """(a regex of all the words, {step: words one of which every match of each of its patterns
    holds}) for the steps of `normalized` that give their text back when none of their patterns
    matches. Only steps whose words neither hold nor overlap another step's (ab, bc) are
    listed: then the regex's matches (leftmost, not overlapping) hide no step's word."""
    rules = _rules()
    inline = [required_literals(p) for p in rules["inline"]]
    candidates = {half_width: required_literals(_FULLWIDTH), drop_pinyin: required_literals(_PINYIN),
                  drop_inline_junk: frozenset().union(*inline) if all(inline) else None,
                  drop_spam: required_literals(rules["spam_tail"]), join_number_spaces: required_literals(_NUMBER_SPACE)}
    candidates = {step: words for step, words in candidates.items() if words and "" not in words}
    steps = {step: words for step, words in candidates.items()
             if not any(_overlap(a, b) for other, others in candidates.items() if other is not step
                        for a in words for b in others)}
    if not steps:
        return None, {}
    return words_regex(frozenset().union(*steps.values())), steps


def _overlap(a: str, b: str) -> bool:
    """Whether one of two different words holds the other, or an end of one begins the other."""
    if a == b:
        return False
    if a in b or b in a:
        return True
    return any(a.endswith(b[:k]) or b.endswith(a[:k]) for k in range(1, min(len(a), len(b))))


# Labels recur (the same region, industry, unit over and over): a pure function of a short string,
# so a bounded memo of its answers is safe.
@lru_cache(maxsize=1 << 16)
def as_written(text: str) -> str:
    """A short span in the published script, minus residue, junk and white space: how a label
    (an industry, an indicator, a region) is reported."""
    if _changes_as_written(text):
        steps = (half_width, drop_pinyin, drop_inline_junk, drop_spam, join_number_spaces)
        text = normalized(text, steps=steps).text
    # (else each step would give its text back: most labels, and the aligned view of a label cost
    # tens of microseconds)
    return "".join(text.split())  # (re.sub(r"\s+", "", text): both split at str.isspace characters)


def _changes_as_written(text: str) -> bool:
    """Whether a pattern of as_written's steps matches `text` (if none does, every step returns it)."""
    rules = _rules()
    if (words := rules["as_written_words"]) is not None and words.search(text) is None:
        return False  # none of the words the patterns need
    return bool(_FULLWIDTH.search(text) or _PINYIN.search(text) or any(p.search(text) for p in rules["inline"])
                or rules["spam_tail"].search(text) or _NUMBER_SPACE.search(text))
