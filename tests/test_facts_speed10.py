"""Shortcuts of the facts stage added for speed (tenth round) give the answers of the plain computation."""
from __future__ import annotations

import random
import re

# Pieces of made-up paragraphs: 截至 dates whole and cut, the words that start one, line breaks, numbers.
_PIECES = ["截至", "截止", "截止到", "截至到", "到", "至", "止", "2021年", "2021", "年", "12月", "3月", "5日", "9",
           "底", "末", "目前", "当前", "发稿时", "，", "。", "\n", "交办", "12件", "办结", "问题", "共"]


def _texts(seed: int, count: int, longest: int = 16) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, longest))) for _ in range(count)]


def test_a_text_with_a_dated_as_of_match_holds_the_dated_words():
    """`_DATED` is in every text where some scan of `_AS_OF` finds a match that gives a date (the
    document test that lets `as_of` answer None without scanning)."""
    from pipeline.extract.scope import _AS_OF, _DATED

    dated = 0
    for text in _texts(1, 6000):
        for start in range(len(text)):
            if any(any(m.groups()) for m in _AS_OF.finditer(text, start)):
                dated += 1
                assert _DATED.search(text), text
                break
    assert dated > 1000


def _plain_as_of(scope, pos: int) -> str | None:
    """`Scope.as_of` written out: the last 截至 date of the scan of the line before `pos`."""
    from pipeline.extract.scope import _AS_OF, LOOK_BACK

    floor = max(pos - LOOK_BACK, 0)
    line_start = max(scope.text.rfind("\n", floor, pos) + 1, floor)
    found = None
    for found in _AS_OF.finditer(scope.text, line_start, pos):
        pass
    if found is None or not any(found.groups()):
        return None
    year, month, day = found.groups()
    year = year or scope.year
    if not year or (day and not month):
        return None
    return "-".join([year] + [f"{int(x):02d}" for x in (month, day) if x])


def test_as_of_and_line_starts_are_the_plain_readings():
    import pipeline.extract.scope as S

    seen = set()
    for text in _texts(3, 1500, longest=30):
        for year in (None, "2020"):
            scope = S.Scope(text, [], year)
            for pos in range(len(text) + 1):
                floor = max(pos - S.LOOK_BACK, 0)
                assert scope._line_start(pos) == max(text.rfind("\n", floor, pos) + 1, floor)
                got = scope.as_of(pos)
                assert got == _plain_as_of(scope, pos), (text, pos)
                seen.add(got)
    assert None in seen and len(seen) > 6
    # a look-back bounded by LOOK_BACK: a line longer than that starts LOOK_BACK before the position
    long = "截至2021年3月" + "交办" * S.LOOK_BACK + "\n" + "到5月" + "件" * (S.LOOK_BACK + 10)
    scope = S.Scope(long, [], "2022")
    for pos in (5, S.LOOK_BACK, 2 * S.LOOK_BACK + 7, 2 * S.LOOK_BACK + 9, len(long) - 1, len(long)):
        floor = max(pos - S.LOOK_BACK, 0)
        assert scope._line_start(pos) == max(long.rfind("\n", floor, pos) + 1, floor)
        assert scope.as_of(pos) == _plain_as_of(scope, pos)


def test_statements_paragraph_starts_and_line_starts_are_the_plain_ones():
    import pipeline.extract.context as C
    import pipeline.extract.scope as S

    rng = random.Random(4)
    pieces = ["交办", "12件", "，", "。", "！", "？", "\n", "\n\n", "。\n", "\n。", "；", "问题", " "]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    # a paragraph longer than MAX_BEFORE, and a sentence longer than MAX_STATEMENT (cut into pieces)
    texts.append("前言\n" + "交办问题，" * (C.MAX_BEFORE // 3) + "。结尾12件")
    texts.append("交办问题；" * C.MAX_STATEMENT + "\n" + "办结问题，" * 900)
    for text in texts:
        sts = C.statements(text)
        for st in sts:
            floor = max(0, st.start - C.MAX_BEFORE)
            assert st.paragraph_start == max(floor, text.rfind("\n", floor, st.start) + 1), (text, st.start)
        scope = S.Scope(text, [])
        for pos in range(0, len(text) + 1, 1 if len(text) < 100 else 97):
            assert scope.line_start(pos) == text.rfind("\n", 0, pos) + 1
