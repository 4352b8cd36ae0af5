"""Numbers in Chinese official prose: 26项, 二十六项, 13.5万余件, 约3000人, 60%以上, 三成, 3-5个,
10.20亿元, masked counts (*项, XX件, 20X年, *.*%), and signed changes (下降21.74%).

`NUMBER_RE` / `UNIT_RE` are regex sources to embed in larger patterns. `parse_number` reads one
expression; `find_numbers` finds every expression in running text. Lexicons live in
pipeline/rules/numbers.yaml.

What find_numbers reports, so callers can predict it:
- every number, including years and dates (2021年 -> 2021, unit 年) and ordinals (第十五批 -> 15,
  unit 批; the caller sees the 第 before `start`);
- an Arabic number with or without a counter (PM2.5 and GB3838 are skipped: a number glued to a
  Latin letter is not read);
- a Chinese numeral without a counter only when it has a structure (二十六, 十九, 二〇二一), so
  一些, 十分, 三令五申, 一岗双责 and 二是 are not numbers;
- a masked number (*, X, 某) only before a counter.
Chinese numerals are evaluated by cn2an ("normal" mode) on the numeral alone, never on a
sentence; decimals with a magnitude (十三点五万), Arabic magnitudes (3.5万, 13万2, 1亿2000万),
余/多 and masks are handled here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from .datafiles import load_yaml


@dataclass(frozen=True)
class Number:
    value: float | None  # None when masked
    unit: str | None  # counter as written; 万元/亿元 -> 元 (magnitude in value), ％/成 -> %
    approx: bool  # 余 多 以上 左右 约 近 超过 逾 ...
    redacted: bool  # any masked digit
    start: int  # span of the whole expression: qualifiers, number(s), counter
    end: int
    value_high: float | None = None  # high end of a range (3-5个)
    sign: int = 0  # -1 / +1 when a direction word (下降 / 增长) comes right before


@lru_cache(maxsize=1)
def _rules() -> dict:
    with resources.files("pipeline.rules").joinpath("numbers.yaml").open(encoding="utf-8") as fh:
        return load_yaml(fh)


def _alternation(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_MAGNITUDES = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, "千": Decimal(1000)}
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")

_MASK_CHARS = "".join(re.escape(c) for c in _rules()["mask_chars"])
_DIGIT = "[0-9０-９]"
_DIGIT_OR_MASK = f"[0-9０-９{_MASK_CHARS}]"
_MAGNITUDE = "(?:万亿|[万亿])"
# Arabic: 1,234 / 43.5 / 1* / *.* / 3.5万 / 13万2 / 1亿2000万 / 3余万. Not glued to a Latin
# letter or another digit on the left (PM2.5, GB3838).


def _optional(source: str) -> str:
    """`(?:source)?` written as an alternation with an empty branch, which matches the same, in the
    same order (the group first, then nothing), and groups inside it are unset when it is skipped:
    re runs a `?` of a group as a repeat (a context allocated, the groups' marks saved and restored
    on each try), an alternation as a jump. Measured: 9.5 K -> 5.7 K instructions a search of
    _EXPRESSION at a number of the bench documents."""
    return f"(?:{source}|)"


_ARABIC_GROUP = f"[万亿]{_DIGIT}+千?"
_ARABIC = (
    # (1,234,567: the first group of thousands written out, so that a number without a comma fails
    # on the comma before the repeat of the others is entered)
    rf"(?<![A-Za-z0-9０-９.．_])(?:{_DIGIT}{{1,3}},{_DIGIT}{{3}}(?:,{_DIGIT}{{3}})*(?![0-9])|{_DIGIT_OR_MASK}+)"
    + _optional(f"[.．]{_DIGIT_OR_MASK}+")
    + _optional(f"{_ARABIC_GROUP}(?:{_ARABIC_GROUP})*")  # (?:{_ARABIC_GROUP})*, its repeat entered after one
    + _optional(f"[余多]?{_MAGNITUDE}")
)
# Chinese: 二十六 / 一百三十六 / 二〇二一 / 十三点五万 / 二百余万. Never starts with 百千万亿.
_CHINESE = (
    rf"[〇零一二三四五六七八九两十][〇零一二三四五六七八九两十百千万亿]*"
    + _optional("点[〇零一二三四五六七八九]+") + _optional(f"[余多]?{_MAGNITUDE}")
)
_CORE = rf"(?:{_ARABIC}|{_CHINESE}|{re.escape(_rules()['some_word'])})"
_RANGE_SEP = f"(?:{_alternation(_rules()['range_sep'])})"
_BETWEEN = f"(?:{_alternation(_rules()['approx_between'])})"

# The core of one number expression: a number, or a range of two, with a trailing 余/多; no
# qualifier before it and no counter after it. Meant to sit before a counter, as in
# rf"办结({NUMBER_RE})件": on its own it also matches a lone 一 in 一些. No capturing groups.
NUMBER_RE: str = _CORE + _optional(_RANGE_SEP + _CORE) + f"{_BETWEEN}?"
# Counters (项 件 个 人 家 % 万元 ...), longest first.
UNIT_RE: str = f"(?:{_alternation(_rules()['units'])})"

_HEAD = (
    _optional(f"(?P<pre>{_alternation(_rules()['approx_before'])})") + _optional("(?P<pct>百分之)")
    + rf"(?P<low>{_CORE}|(?(pct)百|(?!)))"
)
_RANGE = _optional(f"{_RANGE_SEP}(?P<high>{_CORE})")
_TAIL_SOURCE = (
    _optional(f"(?P<between>{_BETWEEN})") + _optional(f"(?P<unit>{UNIT_RE})")
    + _optional(f"(?P<post>{_alternation(_rules()['approx_after'])})")
)
# A whole expression in one match: qualifier, 百分之, the number, the high end of a range, 余/多,
# counter, 以上/左右 (every part after the number is optional, so the parts match as they would
# one after the other; with the set of not_numbers first characters, measured: find_numbers
# 81.2 M -> 69.6 M instructions over the statements of 20 bench documents).
_EXPRESSION = re.compile(_HEAD + _RANGE + _TAIL_SOURCE)
# What follows a number's core when its range is not one (2023-12, 8-3).
_TAIL = re.compile(_TAIL_SOURCE)
# Where a number's core can start (a digit, a mask, a Chinese numeral, 某, the 百 of 百分之百),
# and how far before it its expression can start (a qualifier and 百分之): `_scan` jumps to the
# next such character instead of trying _EXPRESSION at every position of a long sentence.
_CORE_FIRST = "0123456789０１２３４５６７８９" + "".join(_rules()["mask_chars"]) + "〇零一二三四五六七八九两十百" + _rules()["some_word"]
_CORE_START = re.compile("[" + "".join(map(re.escape, _CORE_FIRST)) + "]")
_MAX_LEAD = max(map(len, _rules()["approx_before"])) + len("百分之")
_NOT_NUMBER = re.compile("|".join(f"(?:{p})" for p in _rules()["not_numbers"]))


def _not_number_start() -> re.Pattern | None:
    """A class of the characters a not_numbers word can start with (first_chars.first_chars, read
    from the parsed patterns); None when one is not known: then _NOT_NUMBER is always tried."""
    from .first_chars import first_chars

    classes = [first_chars(re.compile(p)) for p in _rules()["not_numbers"]]
    return None if None in classes else re.compile("[" + "".join(c[1:-1] for c in classes) + "]")


# Where a numeral can start a not_numbers word: elsewhere _NOT_NUMBER is not tried.
_NOT_NUMBER_START = _not_number_start()
# The same as a set of the characters a number's core can start with (every core starts with one
# of _CORE_FIRST): a look-up of the core's first character instead of a regex call per number.
_NOT_NUMBER_FIRST = frozenset(_CORE_FIRST) if _NOT_NUMBER_START is None \
    else frozenset(filter(_NOT_NUMBER_START.match, _CORE_FIRST))
_DIRECTION = re.compile(
    rf"(?:(?P<neg>{_alternation(_rules()['negative'])})|(?P<pos>{_alternation(_rules()['positive'])}))了?$"
)
_ONE = Decimal(1)
# The groups of _EXPRESSION and _TAIL by number (a group asked by name is looked up by name each time).
_PCT, _LOW = (_EXPRESSION.groupindex[name] for name in ("pct", "low"))
_BETWEEN_GROUP, _UNIT_GROUP, _POST_GROUP = (_TAIL.groupindex[name] for name in ("between", "unit", "post"))
# The lexicon's single values, read once (the parser runs for every number).
_TENTHS_UNIT, _SOME_WORD, _RECENT_WORD = (_rules()[k] for k in ("tenths_unit", "some_word", "recent_word"))
_SOME_UNITS, _TIME_UNITS = frozenset(_rules()["some_units"]), frozenset(_rules()["time_units"])
_UNIT_AS = _rules()["unit_as"]
# First characters of what may follow a number's core (a range separator; 余/多, a counter,
# 以上/左右) and last characters of what may precede it (a qualifier, 百分之): no expression reads
# across a character of none of them, and no qualifier is looked for before a core without one.
_RANGE_FIRST = frozenset(w[0] for w in _rules()["range_sep"])
_TAIL_FIRST = frozenset(w[0] for key in ("approx_between", "units", "approx_after") for w in _rules()[key])
_LEAD_LAST = frozenset(w[-1] for w in _rules()["approx_before"]) | {"之"}
_DIRECTION_LAST = frozenset(w[-1] for w in _rules()["negative"] + _rules()["positive"]) | {"了"}
# Compiled once: these run for every number found.
_HAS_DIGIT = re.compile(_DIGIT)
_HAS_MASK = re.compile(f"[{_MASK_CHARS}]")
_APPROX_MARK = re.compile("[余多]")
_STRUCTURE = re.compile("[十百千万亿〇零点]")
_ZERO = re.compile("[〇零]")
_ARABIC_PART = re.compile(r"(\d+(?:\.\d+)?)(万亿|亿|万|千)?")


def parse_number(span: str) -> Number | None:
    """Parse one expression such as '13.5万余件', '约3000人', '二十六项', '60%以上', '*项', '3-5个',
    '10.20亿元', '三成', '超过200人', '762.9876万元'. A lone numeral or mask without a counter
    counts only at the end of the span ('十' -> 10, '*.*' masked; not '一些', 'XX市').
    start/end are relative to `span`. Returns None if `span` holds no number."""
    found = _scan(span, True, True)
    return found[0] if found else None


def find_numbers(text: str) -> list[Number]:
    """Every number expression (number + optional unit + qualifiers) in `text`, left to right,
    with spans into `text`; direction words set `sign`. See the module docstring for what counts."""
    return list(_numbers_of(text))


@lru_cache(maxsize=4096)
def _numbers_of(text: str) -> tuple[Number, ...]:
    # The facts, the classifier's cues and the measures read the same sentences: parse each once.
    # Bounded, and Numbers are frozen, so sharing them is safe.
    return tuple(_scan(text, False))


def _scan(text: str, lone_numerals: bool, first_only: bool = False) -> list[Number]:
    """The numbers of `text` in order (`first_only`: the first one at most). (A list, not a
    generator: no generator made per text and resumed per number.)"""
    out = []
    pos = 0
    while (core := _core_start(text, pos)) is not None:
        # No match of _EXPRESSION starts before `core` unless a qualifier or 百分之 ends right there.
        at = core.start()
        # (the character before by index, not a slice: no slice object per number; the same
        # one-character string, none at the text's start)
        lead = max(pos, at - _MAX_LEAD) if at and text[at - 1] in _LEAD_LAST else at
        found = _expression(text, lead)
        if found is None:
            break
        parts = found.groups()  # pre, pct, low, high, between, unit, post
        if parts[2][0] in _NOT_NUMBER_FIRST and (word := _not_number(text, found.start(_LOW))):
            pos = word.end()  # skip the whole word: 十四五 must not yield 五
            continue
        number = _read(text, found, parts, lone_numerals)
        if number is None:
            pos = found.start() + 1  # 唯一一家: 一一 is no number, but the second 一家 is
            continue
        out.append(number)
        if first_only:
            break
        pos = number.end
    return out


def _read(text: str, found: re.Match, parts: tuple, lone_numerals: bool) -> Number | None:
    """The number of one match of _EXPRESSION (`parts`: its groups), or None."""
    pre, pct, core, high_core, between, unit, post = parts
    low = _core_value(core)
    if low is None:
        return None
    high = None
    tail = found
    start, end = found.span()
    if high_core is not None:
        high = _range(low, core, high_core)
        if high is None:  # not a range (2023-12): the counter is read right after the number
            tail = _TAIL.match(text, found.end(_LOW))
            between, unit, post = tail.group(_BETWEEN_GROUP, _UNIT_GROUP, _POST_GROUP)
            end = tail.end()
    tail_end = end
    if unit == _TENTHS_UNIT and _HAS_DIGIT.search(core):
        unit, end = None, tail.start("unit")  # 三成 is 30%, but after Arabic digits 成 starts a word
    if pct:
        unit = "%"
    elif unit is None and not _stands_alone(core) and not (lone_numerals and end == len(text)):
        return None  # a lone 一 / X needs a counter, unless parse_number was handed just the numeral
    if core == _SOME_WORD and unit not in _SOME_UNITS:
        return None

    value, redacted, approx, _ = low
    value_high = None
    if high is not None:
        value, high_value, high_redacted, high_approx = high
        redacted, approx = redacted or high_redacted, approx or high_approx
        value_high = None if redacted else high_value
    if redacted:
        value = None

    factor = _ONE
    if unit in _UNIT_AS:
        unit, scale = _UNIT_AS[unit]
        factor = Decimal(scale)

    if pre == _RECENT_WORD and unit in _TIME_UNITS:
        start = found.start(_PCT) if pct else found.start(_LOW)  # 近3年: the last 3 years
        pre = None
    if end != tail_end:
        post = None
    # (the groups are None or words: `is not None` is their truth, without a call of bool)
    approx = approx or pre is not None or between is not None or post is not None
    # _DIRECTION ends with a direction word (or 了) right before the number (or a final newline)
    before = text[start - 1] if start else ""  # (by index: see _scan)
    sign = _sign(text[max(0, start - 8):start]) if before in _DIRECTION_LAST or before == "\n" else 0
    # Number(...) without the frozen dataclass's object.__setattr__ per field: a document has
    # thousands of numbers and that made up a fifth of parsing them. Same fields, same object.
    if value is None:
        as_float = None
    elif factor is _ONE and high is None:
        as_float = low[3]  # float(value * _ONE), worked out once per core
    else:
        as_float = float(value * factor)
    # The fields are written into the new object's own dict (made at the size of the keys the
    # class's instances share, in their order): no dict copied and then set as its __dict__
    # (measured: 5.1 K -> 3.8 K instructions a number).
    number = _new(Number)
    fields = number.__dict__
    fields["value"] = as_float
    fields["unit"] = unit
    fields["approx"] = approx
    fields["redacted"] = redacted
    fields["start"] = start
    fields["end"] = end
    fields["value_high"] = None if value_high is None else float(value_high * factor)
    fields["sign"] = sign
    return number


_new = object.__new__
# The methods called for every number, bound once: a method read from its object is made anew at
# each read (measured: find_numbers 76.6 M -> 73.5 M instructions over the statements of 25 bench documents).
_core_start, _expression, _not_number = _CORE_START.search, _EXPRESSION.search, _NOT_NUMBER.match
_approx_mark, _has_mask = _APPROX_MARK.search, _HAS_MASK.search  # (for each new core)


def _range(low: tuple, low_core: str, high_core: str) -> tuple | None:
    """(low value, high value, redacted, approx) of a range from `low` (_core_value of `low_core`)
    to `high_core`, or None when it is not one. A range runs upwards (3-5); 2023-12 or 8-3 is not
    one. Masked ends are taken on trust. 3-5万 spreads the magnitude to the low end: 30000..50000."""
    high = _core_value(high_core)
    if high is None:
        return None
    low_value, (high_value, redacted, approx, _) = low[0], high
    if low_value is not None and high_value is not None:
        if _has_magnitude(high_core) and not _has_magnitude(low_core):
            low_value *= _MAGNITUDES[_trailing_magnitude(high_core)]
        if high_value <= low_value:
            return None
    return low_value, high_value, redacted, approx


def _stands_alone(core: str) -> bool:
    """Whether a number without a counter is still a number: Arabic digits, or a Chinese numeral
    with a structure (二十六, 二〇二一), not a lone 一 or a masked digit."""
    if _HAS_DIGIT.search(core):
        return True
    return len(core) >= 2 and bool(_STRUCTURE.search(core))


@lru_cache(maxsize=8192)
def _core_value(core: str) -> tuple[Decimal | None, bool, bool, float | None] | None:
    """(value, redacted, approx, value as a float) of one number core, or None when it is not a
    well-formed number. Cached (bounded): the same cores (1, 2, 十, 3.5万) come back in every
    document, and the result is immutable."""
    if len(core) <= _EXACT_DIGITS and core.isascii() and core.isdigit():  # 26, 2021: most cores of the genre
        # (float of the digits themselves: the same correctly rounded value as float(Decimal(core)),
        # which converts the Decimal to a string first)
        return Decimal(core), False, False, float(core)
    if core.isascii():
        # 21.74, 1,234, 1,234.5: ASCII digits with at most one point between them and thousands
        # commas are their own value too (what _arabic_value sums, one part added to 0, exact
        # below the decimal context's 28 digits), without its regex and the mark and mask
        # searches: half the cores first seen in the bench documents after the plain digits
        # (measured: _core_value 5.6 M -> 4.3 M instructions in the facts stage of 20 bench documents)
        plain = core.replace(",", "")
        digits = plain.replace(".", "", 1)
        if len(digits) <= _EXACT_DIGITS and digits.isdigit() and plain[0] != "." and plain[-1] != ".":
            return Decimal(plain), False, False, float(plain)
    approx = _approx_mark(core) is not None
    if core == _SOME_WORD or _has_mask(core) is not None:
        return None, True, approx, None
    plain = _APPROX_MARK.sub("", core).translate(_FULL_WIDTH)
    value = _arabic_value(plain) if plain[0].isdigit() else _chinese_value(plain)
    return None if value is None else (value, False, approx, float(value * _ONE))


# A core of at most this many plain digits is its own value: no rounding to the decimal context's
# 28 digits, no magnitude, no mark (what _arabic_value works out, without its regex and sums;
# measured: the facts stage 392.2 M -> 390.0 M instructions on 20 bench documents).
_EXACT_DIGITS = 18


def _arabic_value(text: str) -> Decimal:
    """1,234 / 3.5万 / 1亿2000万 / 13万2 (a last single digit after 万 means thousands: 132000)."""
    parts = _ARABIC_PART.findall(text.replace(",", ""))
    total = Decimal(0)
    for i, (digits, magnitude) in enumerate(parts):
        number = Decimal(digits)
        if magnitude:
            number *= _MAGNITUDES[magnitude]
        elif i == len(parts) - 1 and i > 0 and len(digits) == 1 and parts[i - 1][1]:
            number *= _MAGNITUDES[parts[i - 1][1]] / 10
        total += number
    return total


def _chinese_value(text: str) -> Decimal | None:
    if all(c in _CN_DIGITS for c in text):
        return _digit_by_digit(text)
    scale = Decimal(1)
    if "点" in text and _has_magnitude(text):  # cn2an fails on 十三点五万
        magnitude = _trailing_magnitude(text)
        text, scale = text[: -len(magnitude)], _MAGNITUDES[magnitude]
    if text[0] in "百千":  # 百分之百
        text = "一" + text
    tens = _TENS.fullmatch(text)
    if tens is not None:  # 十 .. 九十九 (第十五批, 二十六项), cn2an's value without importing it
        high, low = tens.groups()
        return Decimal((_CN_DIGITS[high] if high else 1) * 10 + (_CN_DIGITS[low] if low else 0)) * scale
    try:
        import cn2an  # (loaded on the first Chinese numeral: a tenth of a second of start-up)

        value = cn2an.cn2an(text, "normal")
    except (ValueError, KeyError, IndexError):
        value = _by_yi_groups(text)
        return None if value is None else value * scale
    return Decimal(str(value)) * scale


def _by_yi_groups(text: str) -> Decimal | None:
    """四十九亿一千 = 4,900,001,000: cn2an rejects a part after 亿 that opens with thousands and
    has no 万 or 零 (though its an2cn writes such numbers so, and it reads 一亿一百); the part
    before the last 亿 times 10^8 plus the part after it. A lone digit after 亿 (一亿一, spoken
    for 1.1亿) stays no number."""
    high, yi, low = text.rpartition("亿")
    if not (yi and high and low) or not _STRUCTURE.search(low):
        return None
    high_value, low_value = _chinese_value(high), _chinese_value(low)
    if high_value is None or low_value is None or low_value >= _MAGNITUDES["亿"]:
        return None
    return high_value * _MAGNITUDES["亿"] + low_value


# A numeral below a hundred written with 十: importing cn2an (its numeral regexes, and those of
# the package it imports) costs a tenth of a second of a small file's start-up, and most Chinese
# numerals of the genre are these.
_TENS = re.compile("([一二三四五六七八九])?十([一二三四五六七八九])?")


def _digit_by_digit(text: str) -> Decimal | None:
    """二〇二一 -> 2021, 一九九八 -> 1998, 五 -> 5; other digit runs (一一, 三五) are not one number."""
    if len(text) > 1 and len(text) != 4 and not _ZERO.search(text):
        return None
    return Decimal("".join(str(_CN_DIGITS[c]) for c in text))


def _has_magnitude(core: str) -> bool:
    return core[-1] in "万亿"


def _trailing_magnitude(core: str) -> str:
    return "万亿" if core.endswith("万亿") else core[-1]


def _sign(before: str) -> int:
    # _DIRECTION ends a direction word (or 了) at the end of `before` (or before a final newline)
    last = before[-2:-1] if before.endswith("\n") else before[-1:]
    if last not in _DIRECTION_LAST:
        return 0
    direction = _DIRECTION.search(before)
    if direction is None:
        return 0
    return -1 if direction.group("neg") else 1
