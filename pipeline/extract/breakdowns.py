"""Breakdowns of petitions by pollution type or industry: prose lists ("水21件，生态1件") and
tables flattened to lines ("大气 | 19", or one cell per line ending in "|")."""
from __future__ import annotations

import re

from ..numbers import parse_number
from .context import Statement, rules
from .counts import RESPECTIVELY, listed_after
from .facts import Candidate
from .piecewise import last_before
from .rules import LazyRegex

# Words after which a list's first label starts: "其中", "集中在", "按…统计：".
_LEAD = LazyRegex(r"^.*(其中|共涉及|涉及|分别为|分别是|包括|主要为|主要是|集中在|集中于|依次为|其次是|其次为|其次|看|统计|分类|划分)[:：]?")
_LABEL = LazyRegex(r"^[\u4e00-\u9fff、]{1,12}$")
_NOT_LABEL = LazyRegex("问题|梳理|排查|办结|交办|转办|受理|收到|责令|立案|处罚|约谈|问责|完成|剩余|属实|重点|共计|合计|累计|总计|共")
_TYPE_SUFFIX = re.compile("(的|类|类型|方面|问题|污染|案件|信访件|举报件)$")
# What may stand right before a list item's label: "涉大气类…", "…和辐射污染问题1件" (the connector
# alone: "噪声、固废及其他问题18件" is one count for three labels).
_ITEM_CUE = re.compile("(涉|反映)$")
_CONNECTOR = {"和", "及", "以及", "与"}
# A qualifier before a label ("工业废水", "餐饮油烟", "建筑噪声") keeps it a list item.
_QUALIFIER = re.compile("(工业|生活|社会生活|餐饮|建筑施工|建筑|施工|交通|企业|养殖)$")
_TOP = LazyRegex("(?:主要是|主要为|集中在|主要集中在|涉及)([\u4e00-\u9fff]{1,16})$")
_TOP_TAIL = re.compile("的?(?:信访举报|信访件|举报|投诉)?(?:最多|较多|最为集中|居多|居首)?$")
_LIST_END = re.compile(r"(等|等类型|等方面|等问题)?[，,：:\s]*$")
# One count for several labels: "水污染、大气污染问题各34件".
_SHARED = re.compile("(各|均为|均|都为)$")
_INDUSTRY_SUFFIX = LazyRegex("(行业|类)$")
# The counters of a breakdown item.
_ITEM_UNITS = ("件", "个", "起", "宗", "条")


def extract(statement: Statement) -> list[Candidate]:
    """Items "label N件" of a list; the sentence's cue word says whether labels are pollution types
    or industries. Without a cue, a list with at least two pollution-type labels is one."""
    # Every item is read from a label in the statement (a pollution type or an industry), or
    # from the industry mode's cue: most statements hold none, and have no item.
    words = rules().breakdown_words
    if words is not None and words.search(statement.text) is None:
        return []
    found: list[tuple[str, Candidate]] = []
    cue = rules().mode_cue  # a statement holding no cue word of any mode has no mode anywhere
    cued = cue is None or cue.search(statement.text) is not None
    # (the mode before each item, when the statement holds a cue)
    modes = _modes_before(statement.text, [n.start for n in statement.numbers if n.unit in _ITEM_UNITS]) \
        if cued else None
    for k, n in enumerate(statement.numbers):
        if n.unit not in ("件", "个", "起", "宗", "条"):  # (_ITEM_UNITS written out: compiled to comparisons)
            continue
        mode = modes[n.start] if cued else None
        if mode not in ("pollution", "industry", None):
            continue
        raw = statement.left_of(k).lstrip("、，,；;：: ")
        top = _top_item(statement, n, raw) if raw in ("共", "有", "共有", "达") and mode != "industry" else None
        if top is not None:
            found.append(("pollution", top))
            continue
        label, start = _pollution_label(raw)
        if label is None and mode != "industry" and _SHARED.search(raw):
            found.extend((mode or "auto", c) for c in _shared_labels(raw, n))
            continue
        if label and mode != "industry":
            found.append((mode or "auto", Candidate("petitions.by_pollution_type", rules().pollution[label], n,
                                                    n.start - len(raw) + start, n.end, n.value, "breakdowns",
                                                    rule="breakdowns.pollution")))
            continue
        industry = _list_industry(raw) if label is None and mode != "industry" else None
        if industry is not None:
            category, start = industry
            start += n.start - len(raw)
            found.append(("pollution" if mode else "auto_industry", Candidate(
                "petitions.by_industry", category, n, start, n.end, n.value, "breakdowns",
                label_end=start + len(category), rule="breakdowns.industry_in_pollution_list")))
            continue
        if mode != "industry":
            continue
        lead = _LEAD.match(raw)
        at = lead.end() if lead else 0
        label = _TYPE_SUFFIX.sub("", raw[at:]) if raw[at:].endswith("的") else raw[at:]
        if _LABEL.match(label) and not _NOT_LABEL.search(label):
            category = _INDUSTRY_SUFFIX.sub("", label) or label
            start = n.start - len(raw) + at
            found.append(("industry", Candidate("petitions.by_industry", category, n, start, n.end, n.value,
                                                "breakdowns", label_end=start + len(category), rule="breakdowns.industry")))
    auto = [c for mode, c in found if mode == "auto"]
    # an item before the list's cue word ("涉气问题24件，涉水问题23件": 涉水问题 sets the mode) is
    # one of the list when a pollution item follows it
    listed = len(auto) >= 2 or any(mode == "pollution" for mode, _ in found)
    out = [c for mode, c in found if mode not in ("auto", "auto_industry")] + \
        ([c for mode, c in found if mode in ("auto", "auto_industry")] if listed else [])
    if "分别" in statement.text:
        taken = {id(c.number) for c in out}
        out += [c for c in _respectively(statement) if id(c.number) not in taken]
    return out


def _top_item(statement: Statement, n, raw: str) -> Candidate | None:
    """"投诉主要是大气污染问题，共40个" / "涉及噪声类型的信访举报最多，有9件": the type the most
    petitions concern, named in the clause before its count."""
    clause = statement.clause_start(n.start - len(raw))
    if clause < 2:
        return None
    prev = statement.text[statement.clause_start(clause - 1):clause - 1]
    m = _TOP.search(prev)
    if m is None:
        return None
    label, start = _pollution_label(_TOP_TAIL.sub("", m.group(1)))
    if label is None or start:
        return None
    at = statement.clause_start(clause - 1) + m.start(1)
    return Candidate("petitions.by_pollution_type", rules().pollution[label], n, at, n.end, n.value, "breakdowns",
                     rule="breakdowns.pollution")


def _respectively(statement: Statement) -> list[Candidate]:
    """"涉及水、噪声和其他问题分别为7个、5个、2个": the i-th number
    belongs to the i-th pollution type, listed before 分别 in its clause or in the clause before."""
    text, out = statement.text, []
    for m in RESPECTIVELY.finditer(text):
        numbers = [n for n in listed_after(statement, m) if n.unit in _ITEM_UNITS]
        start = statement.clause_start(m.start())
        if not text[start:m.start()].strip("，,： ") and start > 1:
            start = statement.clause_start(start - 1)
        if len(numbers) < 2 or _mode(text[:m.start()]) not in ("pollution", None):
            continue
        lead = _LEAD.match(text[start:m.start()])
        at = start + lead.end() if lead else start
        parts = re.split("[、和及与]", _LIST_END.sub("", text[at:m.start()]))
        labels = [_pollution_label(part) for part in parts]
        if len(labels) != len(numbers) or any(label is None or pos for label, pos in labels):
            continue
        pos = at
        for part, (label, _), n in zip(parts, labels, numbers):
            out.append(Candidate("petitions.by_pollution_type", rules().pollution[label], n, pos, n.end, n.value,
                                 "breakdowns", rule="breakdowns.pollution"))
            pos += len(part) + 1
    return out


def _pollution_label(raw: str) -> tuple[str | None, int]:
    """The pollution-type label that ends `raw` ("…中涉及大气污染的" -> 大气污染), and where it starts."""
    body = _without_type_suffix(raw)
    for size in range(min(6, len(body)), 0, -1):
        label = body[-size:]
        if label in rules().pollution:
            before = body[:-size]
            qualified = _QUALIFIER.search(before)
            if qualified:
                before = before[:qualified.start()]
            if _item_may_start_after(before):
                return label, len(before)
    return None, 0


def _without_type_suffix(raw: str) -> str:
    """`raw` without its trailing 污染 / 类 / 问题 … (_TYPE_SUFFIX, as often as they stack)."""
    body = raw
    while True:
        stripped = _TYPE_SUFFIX.sub("", body)
        if stripped == body:
            return body
        body = stripped


def _item_may_start_after(before: str) -> bool:
    """Whether a list item's label may follow `before`: a label glued to other words ("生活污水"
    outside a list) is not a list item."""
    return not before or not _ends_with_cjk(before) or bool(_LEAD.search(before)) \
        or bool(_ITEM_CUE.search(before)) or before in _CONNECTOR


def _ends_with_cjk(text: str) -> bool:
    """re.search(r"[\u4e00-\u9fff]$", text) (a $ matches before a final newline too), without
    the regex: compiling its range of 21,000 characters costs as much as thousands of these tests."""
    last = text[-2:-1] if text[-1:] == "\n" else text[-1:]
    return "\u4e00" <= last <= "\u9fff"


def _list_industry(raw: str) -> tuple[str, int] | None:
    """An industry label written as an item of a pollution-type list ("畜禽污染2个", "养殖污染45件"):
    the label without 污染 / 类 / 问题, and where it starts in `raw`."""
    body = _without_type_suffix(raw)
    for label in rules().list_industries:
        if body.endswith(label):
            before = body[:-len(label)]
            return (label, len(before)) if _item_may_start_after(before) else None
    return None


def _shared_labels(raw: str, n) -> list[Candidate]:
    """"水污染、大气污染问题各34件": one candidate per label of the enumeration before 各."""
    body = _SHARED.sub("", raw)
    lead = _LEAD.match(body)
    at = lead.end() if lead else 0
    parts, out, pos = re.split("([、和及与])", body[at:]), [], at
    labels = parts[::2]
    for part in labels:
        label, start = _pollution_label(part)
        if label is None or start:
            return []
        out.append(Candidate("petitions.by_pollution_type", rules().pollution[label], n, n.start - len(raw) + pos,
                             n.end, n.value, "breakdowns", rule="breakdowns.pollution"))
        pos += len(part) + 1
    return out if len(out) >= 2 else []


def _modes_before(text: str, positions: list[int]) -> dict[int, str | None]:
    """`_mode(text[:pos])` for each of `positions`, by position. For a list of several items, read from the
    matches of each mode's cue in the whole statement, found once, instead of rescanning the words
    before each item (measured, steady state on 20 real pages: breakdowns.extract 5.27 M -> 3.77 M instructions)."""
    # (whether the modes can be read so is decided at the first statement with a cue: parsing the
    # patterns is a one-off cost, paid with their compiling)
    if not rules().modes_piecewise or len(positions) < 2:
        return {pos: _mode(text[:pos]) for pos in positions}
    found = []
    for name, pattern in rules().modes.items():
        matches = list(pattern.finditer(text))
        found.append((name, matches, [m.end() for m in matches]))
    out = {}
    for pos in positions:
        mode = _mode_of_matches(found, pos)
        out[pos] = _mode(text[:pos]) if mode is False else mode
    return out


def _mode_of_matches(found: list[tuple[str, list[re.Match], list[int]]], pos: int) -> str | None | bool:
    """`_mode` of the words before `pos` from the modes' matches in the whole text (each mode's
    last match before `pos` ends last of its matches there; the first mode wins a tie), or False
    when a match runs across `pos` (the words before it may hold another match then)."""
    best, at = None, -1
    for name, matches, ends in found:
        last = last_before(matches, ends, pos)
        if last is False:
            return False
        if last is not None and last.end() > at:
            best, at = name, last.end()
    return best


def _mode(before: str) -> str | None:
    best, at = None, -1
    for name, pattern in rules().modes.items():
        for m in pattern.finditer(before):
            if m.end() > at:
                best, at = name, m.end()
    return best


_CELL = re.compile(r"[^|\n]+")


def extract_tables(text: str) -> list[tuple[Candidate, int]]:
    """Label cell followed by a number cell, on one line or one cell per line. Returns candidates
    with spans relative to `text` (the whole normalized document)."""
    if "|" not in text:
        return []  # (no cell is in a table: the scan below tries every line)
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
                         n.value, "tables", rule="breakdowns.table_cells")
        out.append((cand, 0))
    return out


def extract_table_rows(text: str) -> list[tuple[Candidate, int]]:
    """A header row of pollution types over a row of counts: "类型 | 水 | 大气" / "件数 | 21 | 17"."""
    if "|" not in text:
        return []  # (no row: a row has two cells at least)
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
                                      n.value, "tables", rule="breakdowns.table_rows"), 0))
    return out


def _in_table(text: str, m: re.Match) -> bool:
    """A cell is in a table when a '|' sits right before or after it on its line."""
    before = text[max(0, m.start() - 1):m.start()]
    after = text[m.end():m.end() + 1]
    return before == "|" or after == "|"
