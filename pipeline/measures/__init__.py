"""Rectification measures (整改措施): one row per action a plan commits to or a report says was
taken, with status, deadline, responsible unit and the problem it addresses.

How a document is read:
1. `layout.read_layout` finds the frame (plan / report), the problem blocks, the sections
   (问题 / 整改目标 / 整改措施 / 完成情况) and the row labels (责任单位 / 整改时限) that apply to
   the measures of their row;
2. `clauses.find_spans` cuts each measure-bearing sentence into actions: one per comma clause
   with its own verb and object, with the time phrases, conditions, quantities and outcome
   tails that belong to it; slogans, targets, tallies, meetings, visits, findings and 公示
   furniture are not measures;
3. the fields come from the measure's own words first, then its sentence, its paragraph, its
   row and block, the notice as a whole, its section and the frame.
Rules live in pipeline/rules/measures.yaml (ids, examples); `rule` says which action rule fired.
"""
from __future__ import annotations

import bisect
from functools import lru_cache

from ..records import Measure
from . import fields
from .clauses import Clause, Span, find_spans, may_hold_measures, split_clauses
from .layout import Layout, Piece, read_layout
from .rules import MeasureRules, RuleError, check_examples, load_rules

__all__ = ["extract_measures", "explain_measures", "as_written_fields", "load_rules", "default_rules", "check_examples",
           "MeasureRules", "RuleError"]


@lru_cache(maxsize=1)
def default_rules() -> MeasureRules:
    """The packaged rules (loaded once; pass your own MeasureRules to use another file)."""
    return load_rules()


def extract_measures(text: str, rules: MeasureRules | None = None, region: str | None = None) -> list[Measure]:
    """Measures with char_start/char_end into `text`, measure_idx from 0; `concrete` is left None
    (the sentence classifier fills it in the pipeline). `region`: the document's own region
    (documents.region), the place 我市 / 我省 … name in its responsible units."""
    return [m for m, _ in _find(text, rules or default_rules(), region)]


def explain_measures(text: str, rules: MeasureRules | None = None, *, normalize: bool = True,
                     region: str | None = None) -> list[dict]:
    """The measures found in `text`, each a dict of the Measure's fields plus `why`: the rule or
    frame that gave its action, status, deadline and responsible unit.

    With `normalize` (the default) `text` is a document as published: it is cleaned and
    normalized the way `cepi extract` does it, the rules read the normalized view, and `text`,
    `char_start`, `char_end`, `action`, `responsible`, `problem`, `deadline_text` refer to the
    cleaned published text (`documents.text`). With `normalize=False` the rules read `text` as given."""
    rules = rules or default_rules()
    if not normalize:
        pairs, published, norm = _find(text, rules, region), text, None
    else:
        from ..normalize import clean, normalized

        published = clean(text)
        norm = normalized(published)
        pairs = _find(norm.text, rules, region)
    out = []
    for m, why in pairs:
        if norm is not None:
            as_written_fields(m, norm, published)
            m.char_start, m.char_end = norm.source_span(m.char_start, m.char_end)
            m.text = published[m.char_start:m.char_end]
        row = {k: getattr(m, k) for k in m.__dataclass_fields__}
        row["why"] = why
        out.append(row)
    return out


def _find(text: str, rules: MeasureRules, region: str | None = None) -> list[tuple[Measure, dict]]:
    layout = read_layout(text, rules)
    found: list[tuple[Span, Piece, list[Span], list[tuple[int, int]] | None]] = []
    para_cues = _ParagraphCues()  # each paragraph's own status cues, by offset
    own: dict[int, tuple[str, tuple[str, str] | None]] = {}  # id(span) -> its own words and their status cue
    exhorted: dict[int, tuple[int, int, int]] = {}  # paragraph -> where its demands / findings open (-1: nowhere)
    for piece in layout.pieces:
        if not may_hold_measures(text, piece.start, piece.end, rules):
            continue
        spans, clauses = find_spans(text, piece.start, piece.end, rules, piece.body)
        for span, before in zip(spans, _clauses_before(text, piece.start, piece.end, spans, clauses, rules,
                                                       piece.body)):
            # its own words (a span of one clause: that clause's)
            words = span.clauses[0].text if len(span.clauses) == 1 else span.own_words()
            cue = own[id(span)] = words, fields.status_cue(words, rules)  # (its siblings' status may read it)
            if (not cue[1] or cue[1][0] != "done") and _generic_demand(text, span, piece, exhorted, rules):
                continue
            found.append((span, piece, spans, before))
            if cue[1]:
                para_cues.add(piece.para, span.start, cue[1][0])
    out = []
    carried: dict[int, tuple[str, str]] = {}  # paragraph -> subject carried to later sentences
    readings = _Readings(text, rules)
    for span, piece, siblings, before in found:
        m, why = _describe(text, span, piece, siblings, before, layout, para_cues, carried, own, readings, rules, region)
        m.measure_idx = len(out)
        out.append((m, why))
    return out


def _generic_demand(text: str, span: Span, piece: Piece, exhorted: dict[int, tuple[int, int, int]], rules: MeasureRules
                    ) -> bool:
    """A speaker's demand in a meeting's or a visit's news (会议强调，要…; 他要求，…) with nothing
    concrete in its part of the sentence (no figure, date or named document: settings.concrete_cue):
    exhortation, not a measure; and what follows the inspectors' 督察组指出， in its paragraph
    (settings.finding_lead), up to a turn to what was done (截至… / 对此，: settings.finding_turn): findings. `exhorted` memoizes where each paragraph's leads end."""
    lead, finding = rules.speech_lead, rules.finding_lead
    if lead is None and finding is None:
        return False
    at = exhorted.get(piece.para)
    if at is None:
        ps = text.rfind("\n", 0, piece.start) + 1
        pe = text.find("\n", piece.start)
        pe = len(text) if pe < 0 else pe
        m = lead.search(text, ps, pe) if lead is not None else None
        f = finding.search(text, ps, pe) if finding is not None else None
        # the findings end where the paragraph turns to what was done (截至…，已责令整改…; 对此，…)
        turn = rules.finding_turn.search(text, f.end(), pe) if f else None
        at = exhorted[piece.para] = (m.end() if m else -1, f.end() if f else -1, turn.start() if turn else pe)
    # (a lead may open the span itself: 他要求，乡镇要加强…)
    if 0 <= at[1] <= span.end and span.start < at[2]:
        return True
    if at[0] < 0 or at[0] > span.end:
        return False
    # the part of the sentence the span stands in (…；6月底前要…，对…要通报批评；…)
    s0, s1 = piece.start, piece.end
    for c in "；;。":
        s0 = max(s0, text.rfind(c, piece.start, span.start) + 1)
        if 0 <= (e := text.find(c, span.end, piece.end)) < s1:
            s1 = e
    return rules.concrete_cue.search(text, s0, s1) is None


def _clauses_before(text: str, start: int, end: int, spans: list[Span], clauses: list[Clause], rules: MeasureRules,
                    body: int = -1) -> list[list[tuple[int, int]] | None]:
    """For each span of the sentence text[start:end], `split_clauses(text, start, span.start)`
    (the clauses before it) read off the clauses find_spans cut; None when find_spans cut them
    after an enumerator (1.，…), which split_clauses keeps. `body`: as for find_spans."""
    if not spans:
        return []
    if body > start or (body < 0 and rules.leading_label.match(text, start, end)):
        return [None] * len(spans)
    bounds, index = [], {}
    for c in clauses:
        index[id(c)] = len(bounds)
        bounds.append((c.start, c.end))
    return [bounds[:index[id(span.clauses[0])]] for span in spans]


def _describe(text, span: Span, piece: Piece, siblings: list[Span], before: list[tuple[int, int]] | None, layout: Layout,
              para_cues, carried, own_cues, readings: _Readings, rules: MeasureRules, region: str | None = None
              ) -> tuple[Measure, dict]:
    """One measure's row. `before`: the sentence's clauses before it when find_spans had them
    (else None: split here when needed)."""
    start, end = span.start, span.end
    clause_text = text[start:end]
    own, cue = own_cues[id(span)]
    head = span.head_clause
    why = {"action": head.rule if not head.anchor else f"{head.rule}+{head.anchor}"}

    status, why["status"] = _status(cue, span, piece, siblings, layout, para_cues, own_cues)

    got = fields.deadline(own, rules, done=status == "done")
    if got is None or got[0] is None:  # a year-less 年底前 yields to its row's 2024年12月底前
        if before is None:
            before = split_clauses(text, piece.start, span.start)
        dated = undated = None  # the first of those around with a date, the first at all
        for d in (_sentence_deadline(before, readings, status), piece.deadline, piece.item_deadline, piece.row.deadline):
            if d:
                if d[0]:
                    dated = d
                    break
                undated = undated or d
        got = dated or got or undated
    deadline, deadline_text, why["deadline"] = got if got else (None, None, None)

    responsible, why["responsible"] = _responsible(text, span, piece, before, layout, carried, readings, rules)
    if responsible and (named := fields.own_region(responsible, region)):
        responsible, why["responsible"] = named, why["responsible"] + "+region"
    action = fields.action(head.text, head.first_verb if head.first_verb is not None else _first_verb(head.text, rules),
                           rules.settings["action_max_len"])
    quantities = fields.clause_quantities(text, start, end, piece.start, piece.end, rules)
    # (by position, in MEASURE_FIELDS order: Measure's __init__ is interpreted Python, and matching
    # 14 keywords to its parameters cost ~6k instructions a measure)
    return Measure(0, clause_text, start, end, action, fields.domain(clause_text, rules), status, deadline, responsible,
                   quantities, _documents(clause_text, rules.document), None, head.rule, piece.row.block.problem,
                   deadline_text), why


# the order of Measure's fields `_describe` passes them in (tests/test_measures_speed18.py checks it)
MEASURE_FIELDS = ("measure_idx", "text", "char_start", "char_end", "action", "domain", "status", "deadline", "responsible",
                  "quantities", "documents", "concrete", "rule", "problem", "deadline_text")


def _documents(text: str, document) -> list[str]:
    """The documents a measure names (settings.document, searched only when its words are in
    `text`: most measures name none)."""
    if document.word is not None:
        if document.word not in text:
            return []
    elif document.words is not None and document.words.search(text) is None:
        return []
    return [m.group(1) for m in document.regex.finditer(text)]


def _first_verb(clause: str, rules: MeasureRules) -> int:
    """Where the action starts: the first verb of the clause, strong or weak (指导…推动…清理整顿)."""
    blank = rules.blank_verb_nouns(clause)
    found = [m.start() for r in rules["actions"] if (m := r.regex.search(blank))]
    return min(found) if found else -1


class _ParagraphCues:
    """The status cues of a paragraph's measures, answering "the last done / planned cue before this
    offset" by bisection: a paragraph of thousands of measures (a page that lost its line breaks)
    must not make each one read all the others. 正在 / 持续 (ongoing) speak for their own action
    only, so they are never the paragraph's word. Cues come in text order; a paragraph whose cues
    did not (a layout that reorders pieces) is answered by reading its cues in the order they came."""

    def __init__(self):
        self._cues: dict[int, list[tuple[int, str]]] = {}  # paragraph -> (offset, status) as added
        self._starts: dict[int, list[int]] = {}  # paragraph -> offsets, ascending
        self._last: dict[int, list[str | None]] = {}  # paragraph -> last non-ongoing status up to each
        self._unordered: set[int] = set()

    def add(self, para: int, at: int, status: str) -> None:
        cues, starts, last = self._cues.setdefault(para, []), self._starts.setdefault(para, []), \
            self._last.setdefault(para, [])
        if starts and at < starts[-1]:
            self._unordered.add(para)
        cues.append((at, status))
        starts.append(at)
        last.append(status if status != "ongoing" else (last[-1] if last else None))

    def last_before(self, para: int, pos: int) -> str | None:
        if para in self._unordered:
            before = [status for at, status in self._cues[para] if at < pos and status != "ongoing"]
            return before[-1] if before else None
        i = bisect.bisect_left(self._starts.get(para, ()), pos) - 1
        return self._last[para][i] if i >= 0 else None


def _status(cue, span: Span, piece: Piece, siblings: list[Span], layout: Layout, para_cues,
            own_cues) -> tuple[str | None, str | None]:
    """Own words (`cue`: their status cue), then the sentence, the paragraph, the row/block, the
    notice, the section, the frame. A bare deadline (2023年底前拆除…) is a commitment unless the
    problem or notice is declared done or the measure stands in a result section: there it is
    the deadline that was met."""
    if cue and cue[1] == "status.deadline":
        whole = piece.row.block.status or layout.status
        if whole and whole[0] == "done":
            return "done", "block:" + whole[1] if piece.row.block.status else "notice:" + whole[1]
        if piece.section == "result":
            return "done", "section:result"
    if cue:
        return cue
    if len(siblings) > 1:  # the first of its siblings' cues (正在 / 持续 speak for their own action only)
        for s in siblings:
            if s is not span and (c := own_cues[id(s)][1]) and c[0] != "ongoing":
                return c[0], "sentence:" + c[1]
    before = para_cues.last_before(piece.para, span.start)
    if before:  # the paragraph's last word on done / planned before it (…完成了…。组织督导组…)
        return before, "paragraph"
    if piece.row.block.status:
        return piece.row.block.status[0], "block:" + piece.row.block.status[1]
    if layout.status:
        return layout.status[0], "notice:" + layout.status[1]
    if piece.section == "result":
        return "done", "section:result"
    frame = layout.frame  # (read when a measure comes to it: see Layout.frame_reading)
    if frame == "plan":
        return "planned", f"frame:{layout.frame_rule}"
    if frame == "report" and piece.section is None:
        return "done", f"frame:{layout.frame_rule}"
    return None, None


def _sentence_deadline(before: list[tuple[int, int]], readings: _Readings, status):
    """A time phrase earlier in the sentence (2023年4月至6月，开展…，排查…) applies to the measures
    after it, up to the next one."""
    done = status == "done"
    for s, e in reversed(before):  # the nearest one that gives a deadline
        if got := readings.time_deadline(s, e, done):
            return got
    return None


class _Readings:
    """What the clauses of one document say of a subject (fields.carried_subject / subject /
    assigned) and of a deadline for the measures after them (_sentence_deadline), by their
    offsets: each clause is read once, though every later measure of its sentence without a
    subject or deadline of its own reads the clauses before it again."""

    def __init__(self, text: str, rules: MeasureRules):
        self.text, self.rules = text, rules
        self._carried: dict[tuple[int, int], tuple[str, str] | None] = {}
        self._subject: dict[tuple[int, int, bool], tuple[str, str] | None] = {}
        self._assigned: dict[tuple[int, int], tuple[str, str] | None] = {}
        self._deadline: dict[tuple[int, int, bool], tuple[str | None, str, str] | None] = {}
        self._time = rules.by_id("fwd.time").regex
        self._label = rules.leading_label
        self._deadline_words = rules.section_filter("deadlines")
        self._subject_words = rules.section_filter("subjects")
        self.named: dict[tuple[int, int], bool] = {}  # may_name's memo
        self._opener: dict[tuple[int, int], tuple[int, int]] = {}

    def opener(self, start: int, end: int) -> tuple[int, int]:
        """The first clause of a sentence without its enumerator (1. / （二） / 二是)."""
        key = start, end
        if key not in self._opener:
            label = self._label.match(self.text[start:end])
            self._opener[key] = (start + label.end(), end) if label else key
        return self._opener[key]

    def time_deadline(self, start: int, end: int, done: bool) -> tuple[str | None, str, str] | None:
        """The deadline a time phrase (the whole clause, after an enumerator) gives the measures
        after it."""
        key = start, end, done
        got = self._deadline.get(key, _UNREAD)
        if got is _UNREAD:
            if self._deadline_words is not None and not self._deadline_words.search(self.text, start, end):
                got = None  # most clauses name no time (nor does the part after an enumerator)
            else:
                clause = self.text[start:end]
                lead = self._label.match(clause)
                clause = clause[lead.end():] if lead else clause
                # (the deadline first: its words are in few clauses, and fwd.time's regex is slow to fail)
                got = fields.deadline(clause, self.rules, done=done)
                got = got if got and self._time.search(clause) else None
            self._deadline[key] = got
        return got

    # (the memos below are read with one .get: most reads are repeats; `named` is read in place
    # before may_name is called, as most clauses read for a subject were told apart already)
    def may_name(self, start: int, end: int) -> bool:
        """False when the clause has none of the words the subject rules need (most clauses):
        then no subject rule fires on it (subj.assign's words are among them)."""
        key = start, end
        got = self.named.get(key)
        if got is None:
            got = self.named[key] = self._subject_words is None or \
                self._subject_words.search(self.text, start, end) is not None
        return got

    def carried(self, start: int, end: int) -> tuple[str, str] | None:
        key = start, end
        got = self._carried.get(key, _UNREAD)
        if got is _UNREAD:
            got = self._carried[key] = fields.carried_subject(self.text[start:end], self.rules, words_seen=True) \
                if self.named.get(key) or self.may_name(start, end) else None
        return got

    def subject(self, start: int, end: int, places: bool = False) -> tuple[str, str] | None:
        key = start, end, places
        got = self._subject.get(key, _UNREAD)
        if got is _UNREAD:
            if not (self.named.get((start, end)) or self.may_name(start, end)):
                got = None
            elif places:  # (fields.subject(places=True): the subject without places, else a place)
                got = self.subject(start, end) or fields.place_subject(self.text[start:end], self.rules)
            else:
                got = fields.subject(self.text[start:end], self.rules, words_seen=True)
            self._subject[key] = got
        return got

    def assigned(self, start: int, end: int) -> tuple[str, str] | None:
        key = start, end
        got = self._assigned.get(key, _UNREAD)
        if got is _UNREAD:
            got = self._assigned[key] = fields.assigned(self.text[start:end], self.rules) \
                if self.named.get(key) or self.may_name(start, end) else None
        return got


_UNREAD = object()  # a memo's "not read yet" (None is a reading: no subject)


def _responsible(text: str, span: Span, piece: Piece, before: list[tuple[int, int]] | None, layout: Layout, carried,
                 readings: _Readings, rules: MeasureRules):
    """Row label, then the head clause's subject, the sentence's, the paragraph's, the notice's
    rectifying body; 我局 is the body that signs. `before`: the sentence's clauses before the
    measure (None: not split yet); `readings`: the document's clause readings."""
    if piece.responsible or piece.row.responsible:
        return piece.responsible or piece.row.responsible
    got = None
    # (most clauses have no word of the subject rules: the memo of that is read in place, and
    # only the others are read for a subject)
    # (the readings are called with positional arguments and the clauses indexed in place: no
    # slices, copies or keyword dicts per measure; most measures name no subject and read all)
    named, may_name = readings.named, readings.may_name
    clauses = span.clauses
    for i in range(span.head, -1, -1):
        c = clauses[i]
        s, e = c.start, c.end
        if (n := named.get((s, e))) or n is None and may_name(s, e):
            got = readings.carried(s, e) or readings.subject(s, e)
            if got:
                break
    if not got:  # the sentence's: who opens it, who is assigned or directs in it
        if before is None:
            before = split_clauses(text, piece.start, span.start)
        if before:
            opener = readings.opener(before[0][0], before[0][1])  # (the first part, without its enumerator)
            # the last part that carries or assigns a subject, else the subject that opens the sentence
            for i in range(len(before) - 1, -1, -1):
                s, e = before[i] if i else opener
                if ((n := named.get((s, e))) or n is None and may_name(s, e)) and (
                        got := readings.carried(s, e) or readings.assigned(s, e)):
                    break
            if not got:
                got = readings.subject(opener[0], opener[1], True)
        if not got and clauses:  # a place opening the measure or its action (2月9日，自治区印发了…)
            first = clauses[0]
            got = readings.subject(first.start, first.end, True)
            if not got and span.head:
                head = clauses[span.head]
                got = readings.subject(head.start, head.end, True)
    if got and got[1] in ("subj.carry_directive", "subj.assign"):
        carried[piece.para] = got  # 市政府要求：… directs the rest of the paragraph
    if not got and piece.para in carried:
        got = (carried[piece.para][0], "paragraph:" + carried[piece.para][1])
    if not got and piece.place:
        got = (piece.place, "paragraph:subj.place")
    if not got:
        # the last rectifying body named before the measure (layout.rectifiers is sorted)
        at = bisect.bisect_right(layout.rectifiers, (span.start, "\U0010ffff"))
        if at:
            got = (layout.rectifiers[at - 1][1], "notice:" + layout.rectifiers[at - 1][2])
    if got and got[0] in fields.SELF and layout.issuer:
        got = (layout.issuer, got[1] + "+issuer")
    return got if got else (None, None)


_as_written = None  # pipeline.normalize.as_written once imported (pipeline.measures does not import normalize)


def as_written_fields(m: Measure, norm, text: str, first_at: dict[str, int] | None = None) -> Measure:
    """Report action, responsible, problem and deadline_text in the published script (區政府, not
    区政府), minus pinyin residue and junk, like the other labels cepi reports. `m` still has its
    offsets into the normalized view `norm` (a pipeline.normalize.Aligned over `text`).
    `first_at`: the document's memo of where each value is first mentioned (a problem heading is
    far from the measures under it: a search from the text's start per measure is quadratic)."""
    global _as_written
    if _as_written is None:  # (imported on first use, once: an import statement here cost ~10k instructions a measure)
        from ..normalize import as_written as _as_written
    as_written = _as_written

    if first_at is None:
        first_at = {}

    for name in ("action", "responsible", "problem", "deadline_text"):
        value = getattr(m, name)
        if not value:
            continue
        # in the measure's own span first (bounded: a search to the end of a long text per measure
        # made the stage quadratic), else its first mention anywhere
        at = norm.text.find(value, m.char_start, m.char_end + len(value))
        if at < 0:
            at = first_at.get(value)
            if at is None:
                at = first_at[value] = norm.text.find(value)
        if at < 0:
            continue
        start, end = norm.source_span(at, at + len(value))
        setattr(m, name, as_written(text[start:end]) or value)
    return m
