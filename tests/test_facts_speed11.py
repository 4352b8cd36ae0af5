"""Round 11 shortcuts of the facts stage: hand-written inputs and the exact answers of the plain computation."""
from __future__ import annotations

from pipeline.extract import scope


def _zone_spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in scope.zone_matches(text)]


def test_zone_matches_tries_only_separators_with_a_place_mark_close_after():
    cases = {
        # the longest name the pattern takes (six characters and 开发区): its 区 is the ninth after the separator
        "其中，甲乙丙丁戊己开发区12件": [(3, 12, "甲乙丙丁戊己开发区")],
        # seven characters before 开发区 are too many for it: no place here
        "其中，甲乙丙丁戊己庚开发区12件": [],
        "涉及东湖区3件、西山县2件、南湖街道1件": [(2, 5, "东湖区"), (8, 11, "西山县"), (14, 18, "南湖街道")],
        "其中金水区交办5件": [(2, 5, "金水区")],  # after 其中, followed by a verb and its number
        "其中新疆生产建设兵团4件，和平市5件": [(2, 10, "新疆生产建设兵团"), (13, 16, "和平市")],
        "共收到信访件20件，已办结18件。": [],  # separators, but no place word after them
        "其中，主城区6件；市直部门2件": [(3, 6, "主城区"), (9, 13, "市直部门")],
    }
    for text, expected in cases.items():
        assert _zone_spans(text) == expected, text
        assert _zone_spans(text) == [(m.start(), m.end(), m.group()) for m in scope._ZONE.finditer(text)], text
