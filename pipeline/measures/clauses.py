"""Cut one sentence into measures: comma clauses are classified, then grouped so that each
measure is one action with the clauses that belong to it (its time phrase, its condition,
its quantities and outcome tail)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .rules import MeasureRules, Rule

_OPEN, _CLOSE = "（(《“「【[", "）)》”」】]"
_SPLIT = "，,：:"
_MARKS = re.compile("[" + re.escape(_OPEN + _CLOSE + _SPLIT) + "]")
_LEAD_JUNK = _SPLIT + "、"
_TAIL_JUNK = "。；;！!、" + _SPLIT
_NOT_ACTION = ("not_measure", "continuation", "attach_forward")  # tried in this order before the verbs
_TITLE = re.compile("《[^《》]*》")
_BASIS = ("根据", "按照", "依据", "依照")


def _mask_titles(text: str) -> str:
    """`text` with the words inside 《…》 blanked (same length): a title's 督察报告 or 习近平 says
    nothing about the clause that adopts the document."""
    return _TITLE.sub(lambda m: "《" + "〇" * (len(m.group()) - 2) + "》", text) if "《" in text else text


@dataclass(slots=True)  # (slots: made and read for every clause)
class Clause:
    start: int  # offsets into the text the sentence came from
    end: int
    text: str
    kind: str  # act / weak / cont / fwd / plain / attach / break
    rule: str | None = None  # the rule that decided the kind
    verb_at: int = -1  # offset of the action verb inside `text` (act / weak)
    anchor: str | None = None
    first_verb: int | None = None  # offset of the first verb of any strength, when classify saw the verbs


@dataclass(slots=True)
class Span:
    """One measure found in a sentence: its clauses, the head clause with the action."""

    clauses: list[Clause] = field(default_factory=list)
    head: int = 0  # index into clauses
    lead: list[int] = field(default_factory=list)  # clauses joined in front (time, condition, umbrella)
    # where its first clause starts and its last ends: set by find_spans once the span is complete
    # (plain attributes, not properties: read several times for every measure)
    start: int = field(default=-1, init=False)
    end: int = field(default=-1, init=False)

    @property
    def head_clause(self) -> Clause:
        return self.clauses[self.head]

    def own(self) -> list[Clause]:
        """The clauses whose words speak for the measure's status and deadline: all but an
        umbrella in front and an outcome or purpose tail."""
        out, head, lead = [], self.head, self.lead
        for i, c in enumerate(self.clauses):  # (read for every measure: a loop, not a comprehension)
            if i == head or (i in lead and c.kind in ("fwd", "plain")) or (i > head and c.kind != "attach"):
                out.append(c)
        return out

    def own_words(self) -> str:
        """The words of `own()`, joined by "，"."""
        return "，".join([c.text for c in self.own()])


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Comma clauses of text[start:end] (not inside brackets, quotes or titles), trimmed."""
    if _BRACKETS.search(text, start, end) is None:
        return _split_flat(text, start, end)
    out, depth, piece = [], 0, start
    for m in _MARKS.finditer(text, start, end):  # only brackets and commas change anything
        ch = m.group()
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            i = m.start()
            out.append((piece, i))
            piece = i + 1
    out.append((piece, end))
    trimmed = []
    for s, e in out:
        while s < e and (text[s] in _LEAD_JUNK or text[s].isspace()):
            s += 1
        while e > s and (text[e - 1] in _TAIL_JUNK or text[e - 1].isspace()):
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


# Without brackets every comma splits: `str` methods cut and trim in C what the loops of
# split_clauses do a character at a time. (measured, extract_measures over 20 bench documents
# after 5: split_clauses 22.6 M -> 16.7 M instructions)
_BRACKETS = re.compile("[" + re.escape(_OPEN + _CLOSE) + "]")
# the characters str.isspace() holds (the loops trim them besides the junk): none is past U+3000
_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_LEAD_STRIP, _TAIL_STRIP = _LEAD_JUNK + _SPACES, _TAIL_JUNK + _SPACES
_LEAD_SET, _TAIL_SET = frozenset(_LEAD_STRIP), frozenset(_TAIL_STRIP)


def _split_flat(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`split_clauses` of a text[start:end] without brackets, quotes or titles."""
    sentence = text[start:end]
    if "," in sentence or "：" in sentence or ":" in sentence:  # (each _SPLIT character cuts alike)
        sentence = sentence.replace(",", "，").replace("：", "，").replace(":", "，")
    out, pos = [], start
    for piece in sentence.split("，"):
        n = len(piece)
        if n and piece[0] not in _LEAD_SET and piece[-1] not in _TAIL_SET:
            out.append((pos, pos + n))  # nothing to trim (most clauses)
        elif body := (lead := piece.lstrip(_LEAD_STRIP)).rstrip(_TAIL_STRIP):
            at = pos + n - len(lead)
            out.append((at, at + len(body)))
        pos += n + 1
    return out


def classify(text: str, rules: MeasureRules) -> tuple[str, str | None, int, str | None]:
    """(kind, rule id, verb offset, anchor id) of one clause."""
    return _classify(text, rules)[:4]


def _sentence_rules(sentence: str, rules: MeasureRules) -> tuple[Rule, ...]:
    """The rules that may decide a clause of `sentence` before its verbs: the others need words
    the sentence does not have. (find_spans does not narrow by sentence: `_classify` tests the
    clause itself for the words of each rule's alternatives.)"""
    return rules.present(_NOT_ACTION, sentence)


def _not_action_rules(rules: MeasureRules) -> tuple[Rule, ...]:
    """All the rules that may decide a clause before its verbs, in the order they are tried
    (`_classify` without `sentence_rules` tries those whose words the clause holds: a search of
    the whole sentence per rule cost more than it saved, 3.4 clauses a sentence on the bench)."""
    return rules.not_action_rules


def _classify(text: str, rules: MeasureRules, sentence_rules: tuple[Rule, ...] | None = None
              ) -> tuple[str, str | None, int, str | None, int | None]:
    """`classify` plus the offset of the clause's first verb of any strength (-1 when none;
    None when the clause was decided before its verbs were looked for). `sentence_rules`: the
    rules to try before the verbs (`_not_action_rules`, or `_sentence_rules` of the sentence the
    clause is part of); None: all of them, those whose words the clause lacks skipped by one
    scan for all their words (MeasureRules.not_action_words), not a filter search per rule."""
    masked = _mask_titles(text) if "《" in text else text
    rule = None
    if sentence_rules is None:
        # (a rule fires when one of its alternatives matches)
        rule = rules.not_action_words.first_owner(masked)
    else:
        for r in sentence_rules:  # (`Rule.search` by hand: this runs for every rule and clause)
            if r.prefilter.search(masked) and r.regex.search(masked):
                rule = r
                break
    if rule and rule.section == "not_measure":
        return rule.get("effect"), rule.id, -1, None, None
    if rule and rule.section == "continuation":
        return "cont", rule.id, 0, None, None
    if rule:
        return "fwd", rule.id, -1, None, None
    # one search per action rule: its first verb; a second search only when it may be the only verb.
    # (no test of the section's words first: nearly every clause has one, 加强 / 完成 / 开展 …)
    blank = rules.blank_verb_nouns(text)
    # (one pass over the hits: strong and weak verbs apart, by (offset, id) as before)
    strong, weak, last = [], [], None
    verbs = rules.action_words
    actions, mask = verbs.rules, verbs.candidates(blank)  # (the others have none of their words here)
    while mask:
        low = mask & -mask
        mask ^= low
        if m := (r := actions[low.bit_length() - 1]).regex.search(blank):
            (strong if r.extra.get("strong") else weak).append((m.start(), r.id))
            last = r, m
    if not last:
        first_verb = -1
    elif len(strong) + len(weak) == 1:
        r, m = last
        first_verb = m.start()
        # (the tail first: it is rarely one of these, and the search is the dearer test)
        if text[m.end():] in ("工作", "工程", "项目", "行动") and not r.regex.search(blank, m.end()):
            return "plain", "topic", -1, None, first_verb  # a topic, not an action: 今年砖窑淘汰工作，重点是…
    else:
        first_verb = min(strong + weak)[0]  # (the least offset)
    if len(text) < 4:
        return "plain", "too_short", -1, None, first_verb  # a bare 关闭 in a list is no measure
    if strong:
        at, rid = min(strong)
        return "act", rid, at, None, first_verb
    if weak:
        at, rid = min(weak)
        anchor = None
        for r in rules["anchors"]:
            if r.search(text):
                anchor = r.id
                break
        if text.endswith("情况"):
            return "plain", "topic", -1, None, first_verb  # …保护治理情况: what is reported on, not an action
        return ("act" if anchor else "weak"), rid, at, anchor, first_verb
    return "plain", None, -1, None, first_verb


def _listed_actions(c: Clause, rules: MeasureRules) -> list[Clause]:
    """A clause that lists actions with their own counts (责令改正14件、限期整改15件、关停取缔2家) is one
    clause per action; coordinated objects of one verb (关停A厂3家、B厂2家) stay one."""
    parts, depth, piece = [], 0, 0
    for i, ch in enumerate(c.text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == "、" and depth == 0:
            parts.append((piece, i))
            piece = i + 1
    parts.append((piece, len(c.text)))
    if len(parts) < 2:
        return [c]
    quantity = rules.by_id("anchor.quantity")
    out = []
    for s, e in parts:
        part = c.text[s:e]
        kind, rid, at, anchor, first = _classify(part, rules)
        if kind not in ("act", "weak") or not (quantity.search(part) or _CASES.search(part)):
            return [c]
        # (a weak verb with its count beside strong ones is an action of the list: 限期整改15件)
        out.append(Clause(c.start + s, c.start + e, part, "act", rid, at, anchor if kind == "act" else "anchor.quantity", first))
    return out


_CASES = re.compile(r"[\d*X]+件")


def is_umbrella(text: str, rules: MeasureRules) -> bool:
    return rules.first("umbrella", text) is not None


def may_hold_measures(text: str, start: int, end: int, rules: MeasureRules) -> bool:
    """False when text[start:end] has no action word and no continuation word: no clause of it
    can open a measure, so `find_spans` would find none (a cheap test before classifying)."""
    words = rules.section_words["actions", "continuation"]  # (one search for the words of both)
    return words is None or words.search(text, start, end) is not None


def find_spans(text: str, start: int, end: int, rules: MeasureRules, body: int = -1) -> tuple[list[Span], list[Clause]]:
    """The measures in the sentence text[start:end], and all its clauses. `body`: where its words
    start after its enumerator (1. / （二） / 二是), when the caller has matched it (Piece.body)."""
    clauses = []
    if body < 0:
        label = rules.leading_label.match(text, start, end)
        body = label.end() if label else start
    start = body  # the enumerator is not part of the measure
    # (no memo of clause classifications across documents: it would make recurring boilerplate
    # look cheaper than a new archive's text, and real archives repeat far fewer clauses)
    described = False  # a clause says the whole sentence describes a problem
    for s, e in split_clauses(text, start, end):
        clause = text[s:e]
        kind, rid, verb_at, anchor, first_verb = _classify(clause, rules)
        # (arguments by position, not star-unpacked: the dataclass's __init__ is interpreted Python,
        # and a tuple of all the arguments made for it per clause cost ~1k instructions)
        c = Clause(s, e, clause, kind, rid, verb_at, anchor, first_verb)
        if c.kind == "act" and "、" in clause:
            clauses += _listed_actions(c, rules)  # (its parts are all "act")
        else:
            clauses.append(c)
            described = described or c.kind == "sentence"
    spans: list[Span] = []
    if described:
        return spans, clauses  # 虽然…，但…: the whole sentence describes a problem
    current: Span | None = None
    pending: list[Clause] = []

    def act_ahead(i: int) -> bool:
        """Whether an action or a continuation follows clause i with no break before it."""
        for j in range(i + 1, len(clauses)):
            kind = clauses[j].kind
            if kind == "act" or kind == "cont":
                return True
            if kind == "break":
                return False
        return False

    def open_span(c: Clause) -> Span:
        n = len(pending)
        span = Span(pending + [c], n, list(range(n)))  # (clauses, head, lead: by position, see Clause above)
        spans.append(span)
        pending.clear()
        return span

    for i, c in enumerate(clauses):
        nxt = clauses[i + 1] if i + 1 < len(clauses) else None
        if c.kind in ("break", "sentence"):
            current, pending = None, []
        elif c.kind == "act":
            if current is None and not pending and is_umbrella(c.text, rules) and act_ahead(i):
                pending.append(c)
            else:
                current = open_span(c)
        elif c.kind == "cont":
            if current is not None:
                current.clauses.append(c)
            else:
                current = open_span(c)
        elif c.kind in ("fwd", "plain"):
            forward = c.kind == "fwd" or (nxt is not None and nxt.kind in ("act", "cont"))
            if current is None or (forward and act_ahead(i)):
                pending.append(c)
            elif current is not None:
                current.clauses += pending + [c]
                pending.clear()
        elif c.kind == "weak":
            # (a 《document》 in front is the basis, 根据《办法》要求, not what the weak verb acts on)
            lead_anchor = next((r.id for r in rules["anchors"] for p in pending if r.search(p.text)
                                and not (r.id == "anchor.document" and p.text.startswith(_BASIS))), None)
            if current is None and lead_anchor:  # 涉及…矿山46处，已全部完成治理工作
                c.kind, c.anchor = "act", lead_anchor
                current = open_span(c)
            elif current is not None and not pending:
                current.clauses.append(c)
            elif act_ahead(i):
                pending.append(c)
        elif c.kind == "attach" and current is not None:
            current.clauses += pending + [c]
            pending.clear()
    for span in spans:
        span.start, span.end = span.clauses[0].start, span.clauses[-1].end
    return spans, clauses
