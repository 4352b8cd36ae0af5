"""The one number parser: Arabic, Chinese numerals, magnitudes, percentages, ranges, masks.

cn2an is reliable for plain Chinese integers but fails on decimals with magnitudes
(十三点五万) and its sentence mode corrupts words (一些 -> 1些), so this module finds the
number spans itself and evaluates Chinese numerals with a small, tested evaluator;
cn2an is the cross-check in the property tests.

A Chinese numeral or a mask (X, 某) counts only before a counter, so 一些, 十分,
三令五申 and X水库 are not numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Number:
    value: float | None
    unit: str | None
    approx: bool
    redacted: bool
    start: int
    end: int
    value_high: float | None = None
    sign: int = 0


_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10**4, "亿": 10**8}

_ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MASKED = r"[\d*＊]*[*＊][\d*＊]*(?:\.[\d*＊]+)?|\d*[Xx]{1,3}\d*|某"
_CHINESE = r"[一二两三四五六七八九十〇零][零〇一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+[万亿]?)?"
NUMBER_RE = rf"(?:{_MASKED}|{_ARABIC}|{_CHINESE})(?:余|多)?[万亿]?(?:余|多)?"


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    with resources.files("pipeline.rules").joinpath("numbers.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    lx = _lexicon()
    return re.compile(
        rf"(?<![\dA-Za-z.])(?<!\d[万亿])(?P<pre>{_alt(lx['approx_before'])})?"
        rf"(?P<num>{NUMBER_RE})"
        rf"(?:(?P<sep>{_alt(lx['range_sep'])})(?P<num2>{NUMBER_RE}))?"
        rf"(?P<unit>{_alt(lx['units'])})?"
        rf"(?P<post>以上|左右)?"
    )


def unit_re() -> str:
    """Regex source for the counters (from pipeline/rules/numbers.yaml)."""
    return _alt(_lexicon()["units"])


def find_numbers(text: str) -> list[Number]:
    """Every number expression in `text`, left to right, spans into `text`."""
    out = []
    for m in _pattern().finditer(text):
        n = _from_match(m, text)
        if n is not None:
            out.append(n)
    return out


def parse_number(span: str) -> Number | None:
    """Parse one expression ('13.5万余件', '约3000人', '60%以上', '*项', '3-5个'); None if none."""
    found = find_numbers(span)
    return found[0] if found else None


def _from_match(m: re.Match, text: str) -> Number | None:
    num, unit = m.group("num"), m.group("unit")
    core = num.rstrip("余多万亿")
    chinese_or_mask = not re.search(r"\d|[*＊]", core) or core == "某"
    if chinese_or_mask and not unit:
        return None  # 一些, 十分, X水库: not numbers without a counter
    if unit == "成" and not re.fullmatch(_CHINESE, core):
        return None  # 完成 / 建成 are words; 三成 is 30%
    value, approx, redacted = _value(num)
    high = None
    if m.group("num2"):
        high, approx2, redacted2 = _value(m.group("num2"))
        redacted = redacted or redacted2
        if high is not None and value is not None and high <= value:
            return None  # 8月26日-9月: not a range
    if unit in ("万元", "亿元"):
        scale = _ZH_BIG[unit[0]]
        value, high = _scale(value, scale), _scale(high, scale)
        unit = "元"
    elif unit == "成":
        value, high, unit = _scale(value, 10), _scale(high, 10), "%"
    elif unit == "％":
        unit = "%"
    approx = approx or bool(m.group("pre")) or bool(m.group("post"))
    return Number(value=value, unit=unit, approx=approx, redacted=redacted, start=m.start(), end=m.end(),
                  value_high=high, sign=_sign(text, m.start()))


def _scale(v, k):
    return None if v is None else round(v * k, 6)


def _value(num: str) -> tuple[float | None, bool, bool]:
    """(value, approx, redacted) of a number core like '13.5万余', '二百余万', '*.*'."""
    approx = "余" in num or num.endswith("多") or "多万" in num or "多亿" in num
    body = num.replace("余", "").replace("多", "")
    if re.search(r"[*＊Xx某]", body):
        return None, approx, True
    scale = 1
    while body and body[-1] in _ZH_BIG and re.search(r"\d", body):
        scale *= _ZH_BIG[body[-1]]
        body = body[:-1]
    if re.fullmatch(r"[\d,]+(\.\d+)?", body):
        return round(float(body.replace(",", "")) * scale, 6), approx, False
    value = chinese_to_number(body)
    return (None if value is None else value * scale), approx, False


def chinese_to_number(s: str) -> float | None:
    """Evaluate a Chinese numeral: 二十六, 一百十六, 十万零一千, 十三点五万, 二〇二一 (digit by digit)."""
    if not s:
        return None
    if "点" in s:
        whole, frac = s.split("点", 1)
        scale = 1
        while frac and frac[-1] in _ZH_BIG:
            scale *= _ZH_BIG[frac[-1]]
            frac = frac[:-1]
        w = chinese_to_number(whole) if whole else 0
        if w is None or not frac or any(c not in _ZH_DIGITS for c in frac):
            return None
        return (w + float("0." + "".join(str(_ZH_DIGITS[c]) for c in frac))) * scale
    if len(s) > 1 and all(c in _ZH_DIGITS for c in s):
        return float("".join(str(_ZH_DIGITS[c]) for c in s))
    total = section = num = 0
    for c in s:
        if c in _ZH_DIGITS:
            num = _ZH_DIGITS[c]
        elif c in _ZH_UNITS:
            section += (num or 1) * _ZH_UNITS[c]
            num = 0
        elif c == "万":
            total += (section + num) * 10**4
            section = num = 0
        elif c == "亿":
            total = (total + section + num) * 10**8
            section = num = 0
        else:
            return None
    return float(total + section + num)


def _sign(text: str, start: int) -> int:
    before = text[max(0, start - 4):start].rstrip("了")
    lx = _lexicon()
    if any(before.endswith(w) for w in lx["negative"]):
        return -1
    if any(before.endswith(w) for w in lx["positive"]):
        return 1
    return 0
