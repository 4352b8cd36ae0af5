"""The layout of a plan or 公示: which text is a problem, a target, a list of measures or a
result, and the row labels (责任单位 / 整改时限) that apply to the measures of their row.

Rows: labels that come before the measures of a problem apply to all its measures (leading);
labels that come after some measures apply to those measures, and the next measures start a
new row (trailing, the flattened-table layout "37.… 责任单位：… 整改期限：… 38.…").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from ..segment import sentence_bounds
from . import fields
from .rules import MeasureRules

MEASURE_SECTIONS = (None, "measures", "result")
_BOUNDARY = "。；;：:|\t 　日"
# what follows a unit acting as a clause's subject (责任单位要 / 已 / 立即 …), not a label's value
_SUBJECT_AFTER = re.compile("要|须|必须|应|务必|已|立即|迅速|及时|积极|认真|切实|严格|加快|正在|均|分别|对|将")
_ENUM_BEFORE = re.compile(r"(?:^|\s)[一二三四五六七八九十]+、$|[（(][一二三四五六七八九十\d]+[)）]$")
_ENUM_LAST = "、)）\n"  # what _ENUM_BEFORE's match ends with ($ also matches before a final newline)
_RESULT_HEADING = re.compile(r"情况|进展|成效|措施|落实|下一步|工作|解决|得到|推进|加强|深入|坚决|聚焦|狠抓|强化|着力|全力|持续|抓好|抓实|推动|扎实|全面|严格|切实|大力|整改")
_ITEM_HEADING = re.compile(r"[^\d《“，,；;]{2,12}[。：:]?")
_MAJOR = re.compile(r"\s*[一二三四五六七八九十]+[、.．]")
# (compiled once: `re.search(str, …)` looks its pattern up in re's cache in Python on every call)
_SENTENCE_MARK = re.compile("[。；;]")
_COLON = re.compile("[:：]")


@dataclass
class Block:
    """A problem (问题一 / 督察意见 / a major heading) and what is said of it as a whole."""

    problem: str | None = None
    status: tuple[str, str] | None = None  # inherited: (status, rule id)
    has_content: bool = False
    leading: dict = field(default_factory=dict)


@dataclass
class Row:
    """The measures one set of 责任单位 / 整改时限 labels applies to."""

    block: Block
    responsible: tuple[str, str] | None = None  # (value, rule id)
    deadline: tuple[str | None, str, str] | None = None  # (value, text, rule id)
    has_content: bool = False
    labels_after: bool = False


@dataclass
class Piece:
    """Measure-bearing text: one sentence with where it stands."""

    start: int
    end: int
    section: str | None
    row: Row
    para: int  # the line it is on
    item_deadline: tuple[str | None, str, str] | None = None
    # a label inside the sentence (修订《办法》，牵头单位：X) is the sentence's alone
    responsible: tuple[str, str] | None = None
    deadline: tuple[str | None, str, str] | None = None
    place: str | None = None  # the province / city that opened a sentence of this paragraph (河北省积极…)
    body: int = -1  # where the sentence's words start after its enumerator (1. / （二） / 二是); -1: not read


@dataclass
class Layout:
    # (frame, frame_rule), or a function giving them when first read (`frame`): the cues of the
    # body, two searches of the whole text, which a page whose measures never fall back on the
    # frame does not need (measured, extract_measures over 20 real pages after 5: 52.0 M -> 51.2 M)
    frame_reading: tuple[str | None, str | None] | Callable[[], tuple[str | None, str | None]]
    issuer: str | None  # the body that signs (for 我局)
    status: tuple[str, str] | None  # a whole notice declared done (问题已完成整改)
    pieces: list[Piece]
    rectifiers: list[tuple[int, str, str]]  # (offset, body, rule id): X高度重视 / X承担…整改

    @property
    def frame(self) -> str | None:
        """plan / report / None."""
        return self._frame()[0]

    @property
    def frame_rule(self) -> str | None:
        return self._frame()[1]

    def _frame(self) -> tuple[str | None, str | None]:
        if callable(self.frame_reading):
            self.frame_reading = self.frame_reading()
        return self.frame_reading


def lines_of(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
        pos += len(line) + 1
    return out


def find_labels(text: str, start: int, end: int, rules: MeasureRules) -> list[tuple[int, int, str, str]]:
    """Labels on text[start:end] as (position, end of the keyword, kind, rule id), left to right."""
    words = rules.section_words["labels"]
    if words is not None and words.search(text, start, end) is None:
        return []  # no label word on the line (most lines)
    found = []
    for rule in rules["labels"]:
        if rule.prefilter.search(text, start, end) is None:
            continue  # a word the label needs is not on the line
        for m in rules.narrowed(rule, text, start, end).finditer(text, start, end):
            found.append((m.start(), m.end(), rule.get("kind"), rule.id))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, str, str]] = []
    for pos, kend, kind, rid in found:
        if out and pos < out[-1][1]:
            continue  # inside a longer label
        after = text[kend:kend + 1]
        glued = bool(out) and out[-1][2] in ("responsible", "deadline", "other")
        if kind == "responsible" and after not in (":", "：") and _SUBJECT_AFTER.match(text, kend):
            continue  # 责任单位要… / 施工单位已…: the clause's subject, not a row label
        # at a boundary or after an enumerator (一、 / （二）: only after one of _ENUM_LAST)
        at_boundary = pos == start or text[pos - 1] in _BOUNDARY or (
            text[pos - 1] in _ENUM_LAST and bool(_ENUM_BEFORE.search(text, max(0, pos - 6), pos)))
        if at_boundary or after in (":", "：") or glued:
            out.append((pos, kend, kind, rid))
    return out


def _label_gate(starts: str | None) -> tuple | None:
    """(`match` of the characters a label can begin with, `search` of one of them after a
    boundary or an enumerator's end) for `may_hold_label`; None when those are not known.
    (Built once per rules: MeasureRules.label_gate.)"""
    if starts is None:
        return None
    return re.compile(starts).match, re.compile("[" + re.escape(_BOUNDARY + _ENUM_LAST) + "]" + starts).search


def may_hold_label(text: str, start: int, end: int, gate: tuple | None) -> bool:
    """False when `find_labels(text, start, end)` finds none, told without searching the labels:
    a label is taken only where it opens the span, follows a boundary (_BOUNDARY) or an
    enumerator's end (_ENUM_LAST), or ends before a colon, or else right after a label taken;
    so a span with no colon (nor one just after it) and none of a label's first characters
    (`gate`: _label_gate) in such a place has none. Most lines name a label's word in passing
    (整改任务, 完成情况) and used to have each label searched. (measured, extract_measures over
    20 documents after 5: bench 447.1 M -> 420.1 M instructions, real pages 257.5 M -> 244.1 M)"""
    if gate is None or text.find("：", start, end + 1) >= 0 or text.find(":", start, end + 1) >= 0:
        return True
    return gate[0](text, start, end) is not None or gate[1](text, start, end) is not None


def headline_of(text: str, lines: list[tuple[int, int]], rules: MeasureRules) -> int:
    """The index of a news page's headline: the line above its dateline (来源：… / 2023-05-06 10:20)
    among the first lines, when no sentence stands above it (-1: none). A headline restates the
    story (…关停企业30家) and is no measure of its own."""
    dateline = rules.dateline
    if dateline is None:
        return -1
    for i, (s, e) in enumerate(lines[:6]):
        if dateline.match(text, s, e):
            return i - 1
        if e - s > 100 or _SENTENCE_MARK.search(text, s, e):
            return -1
    return -1


def frame_of(text: str, lines: list[tuple[int, int]], rules: MeasureRules, labels=None
             ) -> tuple[str | None, str | None, int]:
    """Plan or report from the title (one of the first lines), else from the cues of the body;
    and the index of the title line (-1 when the frame came from a sentence or the cues).
    `labels(start, end)`: find_labels of text[start:end] (the layout reader's memo)."""
    frame, rule, title = title_frame(text, lines, rules, labels)
    return (frame, rule, title) if frame is not None else (*body_frame(text, rules), title)


def title_frame(text: str, lines: list[tuple[int, int]], rules: MeasureRules, labels=None
                ) -> tuple[str | None, str | None, int]:
    """`frame_of` from the title alone: (None, None, -1) when no title tells."""
    by_value = {r.get("value"): r for r in rules["frames"]}
    for i, (s, e) in enumerate(lines[:8]):
        head = text[s:e]
        found = labels(s, e) if labels is not None else find_labels(text, s, e, rules)
        labelled = any(pos == s or text[kend:kend + 1] in (":", "：") for pos, kend, _, _ in found)
        if e - s > 100 or _SENTENCE_MARK.search(head) or labelled:
            continue  # a sentence or a labelled row, not a title
        plan = by_value["plan"].regex.search(head)
        report = by_value["report"].regex.search(head)
        # the title and the page header above it are skipped (no sentence above, no label in it)
        title = i if not _COLON.search(head) and not any(
            _SENTENCE_MARK.search(text, a, b) for a, b in lines[:i]) else -1
        if plan and (not report or by_value["published_plan"].regex.search(head)):
            return "plan", by_value["plan"].id, title
        if report:
            return "report", by_value["report"].id, title
    return None, None, -1


def body_frame(text: str, rules: MeasureRules) -> tuple[str | None, str | None]:
    """Plan or report from the cues of the body: words of work done against words of commitments."""
    by_value = {r.get("value"): r for r in rules["frames"]}
    done = len(by_value["report_body"].regex.findall(text))
    planned = len(by_value["plan_body"].regex.findall(text))
    if done > planned:
        return "report", by_value["report_body"].id
    if planned > done:
        return "plan", by_value["plan_body"].id
    return None, None


def issuer_of(text: str, lines: list[tuple[int, int]], rules: MeasureRules) -> str | None:
    """The signing body: a line near the end that is only a body's name."""
    org = rules.by_id("subj.org").regex
    for s, e in reversed(lines[-8:]):
        # (a name is short: a match not opening with 各 is at most ORG_REACH long, fields.subject)
        if (e - s <= fields.ORG_REACH or text[s] == "各") and org.fullmatch(text[s:e]):
            return text[s:e]
    return None


def read_layout(text: str, rules: MeasureRules) -> Layout:
    """Walk the lines of `text` once: blocks, rows, sections and the measure-bearing sentences."""
    return _Reader(text, rules).read()


class _Reader:
    """The state of one walk over a document's lines (see the module docstring)."""

    def __init__(self, text: str, rules: MeasureRules):
        self.text, self.rules = text, rules
        self.lines = lines_of(text)
        self.found_labels: dict[tuple[int, int], list[tuple[int, int, str, str]]] = {}
        self.label_gate = rules.label_gate
        self.frame, self.frame_rule, self.title = title_frame(text, self.lines, rules, self.labels)
        if self.title < 0:
            self.title = headline_of(text, self.lines, rules)
        self.enumerator = rules.leading_label
        self.place, self.place_reach = rules.by_id("subj.place"), rules.reach["subj.place"]
        self.block = Block()
        self.row = Row(self.block)
        self.section: str | None = None
        self.want_problem = False  # a 问题 heading whose text is the next line
        self.want_label: tuple[str, str] | None = None  # a 责任单位 heading whose value is the next line
        self.item_deadline = None
        self.doc_status = None
        self.labels_seen = self.has_deadline_rows = self.seen_result = False
        self.pieces: list[Piece] = []
        self.rectifiers: list[tuple[int, str, str]] = []
        self.para_place: dict[int, str] = {}
        self.header: list[tuple[str | None, str | None]] | None = None  # column kinds of a flattened table

    def read(self) -> Layout:
        links = self.rules.links_heading
        for para, (ls, le) in enumerate(self.lines):
            if para > self.title:  # skip the title and the page header above it
                if links.fullmatch(self.text, ls, le):
                    break  # a news page's related links: headlines of other pages
                self.line(para, ls, le)
        if self.frame is not None:
            frame = self.frame, self.frame_rule
        elif self.has_deadline_rows and not self.seen_result:
            frame = "plan", "frame.rows"  # no title: rows with 整改时限 are the rows of a plan
        else:
            text, rules = self.text, self.rules
            frame = lambda: body_frame(text, rules)  # (read only if a measure falls back on it)
        return Layout(frame, issuer_of(self.text, self.lines, self.rules), self.doc_status, self.pieces,
                      sorted(self.rectifiers))

    def labels(self, start: int, end: int) -> list[tuple[int, int, str, str]]:
        """`find_labels`, once per span (a line's labels are read again when the line before looks ahead)."""
        got = self.found_labels.get((start, end))
        if got is None:
            got = self.found_labels[start, end] = find_labels(self.text, start, end, self.rules) \
                if may_hold_label(self.text, start, end, self.label_gate) else []
        return got

    def new_block(self) -> None:
        self.block = Block()
        self.row = Row(self.block)

    # --- lines ------------------------------------------------------------------------------
    def line(self, para: int, ls: int, le: int) -> None:
        text, rules = self.text, self.rules
        cells = _cells(text, ls, le)
        if len(cells) >= 2 and self.table_line(para, cells):
            return
        if len(cells) < 2:
            self.header = None
        m = self.enumerator.match(text, ls, le)
        body = m.end() if m else ls
        if m:
            self.item_deadline = None
        labels = self.labels(body, le)
        if self.want_label and not labels:
            self.label_on_next_line(text[body:le])
            return
        self.want_label = None
        # （十二）X问题突出。 followed by 整改目标： / 整改措施： heads a row of a plan
        nxt = self.lines[para + 1] if para + 1 < len(self.lines) else None
        next_labelled = nxt is not None and any(
            pos == nxt[0] and kind in ("target", "measures") for pos, _, kind, _ in self.labels(*nxt))
        if (_MAJOR.match(text, ls, le) or (m and next_labelled)) and not (labels and labels[0][0] == body):
            self.heading(text[body:le], next_labelled)
        cuts = [(body, body, None, None)] + labels
        for i, (pos, kend, kind, rid) in enumerate(cuts):
            vend = cuts[i + 1][0] if i + 1 < len(cuts) else le
            vstart = kend
            while vstart < vend and text[vstart] in " ：:　\t":
                vstart += 1
            if kind is None:
                if vend > vstart:
                    self.content(vstart, vend, para, self.section, item=bool(m) and i == 0)
            else:
                self.label(para, body, pos, kind, rid, vstart, vend, last=i + 1 == len(cuts))

    def table_line(self, para: int, cells: list[tuple[int, int]]) -> bool:
        """A header `序号 | 整改措施 | 责任单位 | 整改时限` or one of its rows; False for other lines."""
        kinds = [_cell_label(self.text[a:b], self.rules) for a, b in cells]
        if sum(k is not None for k, _ in kinds) >= 2:
            self.header = kinds
            return True
        if not self.header or len(cells) != len(self.header):
            return False
        self.new_block()  # one table row: its unit and deadline apply to each of its measures
        for (a, b), (kind, rid) in zip(cells, self.header):
            value = self.text[a:b].strip()
            if kind == "responsible" and value:
                self.row.responsible = (value, rid)
            elif kind == "deadline":
                self.row.deadline = fields.label_deadline(value, self.rules)
                self.block.status = fields.inherited_status(value, self.rules) or self.block.status
            elif kind == "problem" and value:
                self.block.problem = _problem_text(value, self.enumerator)
        for (a, b), (kind, rid) in zip(cells, self.header):
            if kind in ("measures", "result") and b > a:
                self.content(a, b, para, kind)
        self.new_block()
        return True

    def label_on_next_line(self, value: str) -> None:
        kind, rid = self.want_label
        value = value.strip(" ，,。；;")
        if kind == "responsible":
            self.row.responsible = self.block.leading["responsible"] = (value, rid)
        else:
            self.row.deadline = self.block.leading["deadline"] = fields.label_deadline(value, self.rules)
        self.want_label = None

    def heading(self, heading: str, row_heading: bool) -> None:
        """A major heading (二十、…) or a line heading a plan row: a new block; a problem heading
        describes the problem and carries no measures."""
        self.new_block()
        self.section = None
        is_problem = self.rules.by_id("not.problem").regex.search(heading) or "问题" in heading[:40] or row_heading
        if is_problem and not _RESULT_HEADING.search(heading[:40]):
            self.block.problem = _problem_text(heading, self.enumerator)
            self.section = "problem"

    # --- labels -------------------------------------------------------------------------------
    def label(self, para: int, body: int, pos: int, kind: str, rid: str, vstart: int, vend: int, last: bool) -> None:
        text, rules = self.text, self.rules
        value = text[vstart:vend]
        self.labels_seen = True
        if kind == "other":
            return
        if kind in ("responsible", "deadline"):
            self.row_label(para, body, pos, kind, rid, value, last)
            return
        if kind == "problem":
            if self.block.has_content or self.block.problem:
                self.new_block()
            problem = _problem_text(value, self.enumerator) if value.strip(" ：:。") else None
            self.block.problem, self.want_problem = problem, not problem
            self.block.status = fields.inherited_status(value, rules) or self.block.status
        if kind == "result" and self.row.has_content and 0 < len(value.strip()) <= 30 and self.section == "measures":
            # 整改完成情况：正在推进 after a row's measures states the row's status
            self.block.status = fields.earliest_status(value, rules) or self.block.status
            self.seen_result = True
            return
        self.section = kind
        self.seen_result = self.seen_result or kind == "result"
        if value.strip() and kind != "problem":
            self.content(vstart, vend, para, self.section)

    def row_label(self, para: int, body: int, pos: int, kind: str, rid: str, value: str, last: bool) -> None:
        """责任单位 / 整改时限: inside a sentence (…，牵头单位：X) for that sentence; before a row's
        measures for the row and its block (leading); after some measures for those (trailing)."""
        rules, row = self.rules, self.row
        clean = value.strip(" ，,。；;")
        if self.text[body:pos].rstrip().endswith(("，", ",")) and self.pieces and self.pieces[-1].para == para:
            if kind == "responsible":
                self.pieces[-1].responsible = (clean, rid)
            else:
                self.pieces[-1].deadline = fields.label_deadline(value, rules)
            return
        if row.has_content:
            row.labels_after = True
        if not clean and last and not row.has_content:
            self.want_label = (kind, rid)  # 二、整改责任单位 / 临江区委、区政府
            return
        if kind == "responsible" and clean:
            if row.responsible is None or row.labels_after:
                row.responsible = (clean, rid)
            if not row.has_content:
                self.block.leading["responsible"] = (clean, rid)
        elif kind == "deadline":
            got = fields.label_deadline(value, rules)
            self.has_deadline_rows = self.has_deadline_rows or bool(got and got[0])
            if got and (row.deadline is None or row.labels_after):
                row.deadline = got
                if not row.has_content:
                    self.block.leading["deadline"] = got
            self.block.status = fields.inherited_status(value, rules) or self.block.status

    # --- sentences ----------------------------------------------------------------------------
    def content(self, start: int, end: int, para: int, sect: str | None, item: bool = False) -> None:
        text, rules = self.text, self.rules
        # (the sentences' offsets alone: no Sentence record and no copy of its text per sentence)
        sentences = sentence_bounds(text[start:end])
        for k, (s, e) in enumerate(sentences):
            s, e = start + s, start + e
            sentence = text[s:e]
            self.note(sentence, s, sect)
            if sect not in MEASURE_SECTIONS:
                continue
            if len(sentence) <= 24 and sentence.rstrip().endswith((":", "：")):
                continue  # a sub-heading (月岛项目整治：) names what follows
            got = fields.deadline(sentence, rules) if len(sentence.strip("。；; ")) <= 8 else None
            if got and got[2] in ("dl.immediate", "dl.long_term"):
                self.item_deadline = got  # 1、立行立改。 heads the item
                continue
            if item and k == 0 and len(sentences) > 1 and _ITEM_HEADING.fullmatch(sentence):
                continue  # 二是推进矿山修复。… : the item's heading, its measures follow
            lead = self.enumerator.match(sentence)
            # (subj.place is anchored: its words are among the first `place_reach` characters)
            after = lead.end() if lead else 0
            reach = after + self.place_reach
            opener = self.place.regex.search(sentence[after:]) if self.place.prefilter.search(
                sentence, after, reach) and self.place.gate.search(sentence, after, reach) else None
            if opener:
                self.para_place[para] = opener.group()
            if self.row.labels_after:
                self.row = Row(self.block, **self.block.leading)
            self.row.has_content = self.block.has_content = True
            # (start, end, section, row, para, item_deadline, responsible, deadline, place, body: by position,
            # as Piece's __init__ is interpreted Python: keywords cost Span's, measured, ~1.5k instructions a call)
            self.pieces.append(Piece(s, e, sect, self.row, para, self.item_deadline, None, None, self.para_place.get(para),
                                     s + lead.end() if lead else s))

    def note(self, sentence: str, at: int, sect: str | None) -> None:
        """What any sentence says of the notice or the block: its problem, its rectifying body,
        a status stated for the whole (问题已整改完成)."""
        rules = self.rules
        if self.want_problem and sect == "problem":
            self.block.problem, self.want_problem = _problem_text(sentence, self.enumerator), False
        rectifier = fields.rectifier(sentence, rules)
        if rectifier:
            self.rectifiers.append((at, *rectifier))
        inherited = fields.inherited_status(sentence, rules)
        if inherited and (cue := fields.status_cue(sentence, rules)) and cue[0] == "planned":
            inherited = None  # 确保年底前全部完成整改 is a commitment, not a state
        if inherited and sect not in MEASURE_SECTIONS[1:] and not self.labels_seen and self.block.problem is None:
            self.doc_status = self.doc_status or inherited
        elif inherited and sect in ("result", "problem", "outcome"):
            self.block.status = self.block.status or inherited


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The cells of a flattened table row `a | b | c` (one span when there is no bar)."""
    if text.find("|", start, end) < 0:
        return [(start, end)]  # a line is trimmed already (lines_of)
    out, piece = [], start
    for i in range(start, end + 1):
        if i == end or text[i] == "|":
            a, b = piece, i
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            out.append((a, b))
            piece = i + 1
    return out


def _cell_label(cell: str, rules: MeasureRules) -> tuple[str | None, str | None]:
    """The kind of a header cell that is a label (责任单位, 整改时限, 整改措施 …)."""
    cell = cell.strip(" ：:")
    for rule in rules["labels"]:
        m = rule.regex.search(cell)
        if m and len(cell) - len(m.group()) <= 2:
            return rule.get("kind"), rule.id
    for rule in rules["table_headers"]:
        if rule.regex.fullmatch(cell):
            return rule.get("kind"), rule.id
    return None, None


def _problem_text(text: str, enumerator: re.Pattern) -> str:
    m = enumerator.match(text)
    text = text[m.end():] if m else text
    first = _SENTENCE_MARK.split(text.strip(" ：:"), maxsplit=1)[0]
    return first[:80]
