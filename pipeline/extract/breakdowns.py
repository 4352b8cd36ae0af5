"""Breakdowns of petitions by pollution type or industry: prose lists ("水21件，生态1件") and
tables flattened to lines ("大气 | 19", or one cell per line ending in "|")."""
from __future__ import annotations

import re

from ..numbers import parse_number
from .context import Statement, rules
from .facts import Candidate

_LEAD = re.compile(r"^[、,，;；:：\s]*(其中|共涉及|涉及|分别为|分别是|包括|主要为|主要是|依次为|按[^，,：:]{0,8}(统计|分类|划分)[:：]?)?[、:：\s]*")
_LABEL = re.compile(r"^[\u4e00-\u9fff、]{1,12}$")
_NOT_LABEL = re.compile("问题|梳理|排查|办结|交办|转办|受理|收到|责令|立案|处罚|约谈|问责|完成|剩余|属实|重点|共计|合计|累计|总计|共")
_INDUSTRY_SUFFIX = re.compile("(行业|类)$")


def extract(statement: Statement) -> list[Candidate]:
    out = []
    for k, n in enumerate(statement.numbers):
        if n.unit not in ("件", "个", "起", "宗", "条"):
            continue
        mode = _mode(statement.text[:n.start])
        if mode not in ("pollution", "industry"):
            continue
        raw = statement.left_of(k)
        lead = _LEAD.match(raw)
        label = raw[lead.end():].removesuffix("的")
        if not _LABEL.match(label) or _NOT_LABEL.search(label):
            continue
        start = n.start - len(raw) + lead.end()
        category = _category(mode, label)
        if category is None:
            continue
        metric = "petitions.by_pollution_type" if mode == "pollution" else "petitions.by_industry"
        out.append(Candidate(metric, category, n, start, n.end, n.value, "breakdowns"))
    return out


def _mode(before: str) -> str | None:
    best, at = None, -1
    for name, pattern in rules().modes.items():
        for m in pattern.finditer(before):
            if m.end() > at:
                best, at = name, m.end()
    return best


def _category(mode: str, label: str) -> str | None:
    if mode == "pollution":
        return rules().pollution.get(label)
    if label in rules().pollution and label not in ("其他", "其它"):
        return None
    return _INDUSTRY_SUFFIX.sub("", label) or None


_CELL = re.compile(r"[^|\n]+")


def extract_tables(text: str) -> list[tuple[Candidate, int]]:
    """Label cell followed by a number cell, on one line or one cell per line. Returns candidates
    with spans relative to `text` (the whole normalized document)."""
    cells = [(m.group().strip(), m.start() + len(m.group()) - len(m.group().lstrip())) for m in _CELL.finditer(text)
             if _in_table(text, m)]
    out = []
    for (label, at), (value, vat) in zip(cells, cells[1:]):
        mode = "pollution" if label in rules().pollution else None
        if mode is None or not re.fullmatch(r"\d+(\.\d+)?", value):
            continue
        n = parse_number(value + "件")
        if n is None:
            continue
        cand = Candidate("petitions.by_pollution_type", rules().pollution[label], n, at, vat + len(value),
                         n.value, "tables")
        out.append((cand, 0))
    return out


def extract_table_rows(text: str) -> list[tuple[Candidate, int]]:
    """A header row of pollution types over a row of counts: "类型 | 水 | 大气" / "件数 | 21 | 17"."""
    rows, pos = [], 0
    for line in text.split("\n"):
        if line.count("|") >= 2:
            cells, at = [], pos
            for part in line.split("|"):
                stripped = part.strip()
                cells.append((stripped, at + len(part) - len(part.lstrip())))
                at += len(part) + 1
            rows.append(cells)
        else:
            rows.append(None)
        pos += len(line) + 1
    out = []
    pollution = rules().pollution
    for head, values in zip(rows, rows[1:]):
        if not head or not values or len(head) != len(values):
            continue
        if sum(cell in pollution for cell, _ in head) < 2:
            continue
        for (label, at), (value, vat) in zip(head, values):
            n = parse_number(value + "件") if re.fullmatch(r"\d+", value) else None
            if label in pollution and n is not None:
                out.append((Candidate("petitions.by_pollution_type", pollution[label], n, at, vat + len(value),
                                      n.value, "tables"), 0))
    return out


def _in_table(text: str, m: re.Match) -> bool:
    """A cell is in a table when a '|' sits right before or after it on its line."""
    before = text[max(0, m.start() - 1):m.start()]
    after = text[m.end():m.end() + 1]
    return before == "|" or after == "|"
