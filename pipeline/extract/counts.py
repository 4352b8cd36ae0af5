"""Counts read from the words around each number: 立案处罚24家, 26项整改任务, 132件已办结 ...

The cue rules are data (pipeline/rules/facts.yaml); this module only applies them.
"""
from __future__ import annotations

import re

from .context import Statement, last_match, rules
from .facts import Candidate
from .rules import LazyRegex

_TOTAL_OF = {"rectification": "rectification.tasks_total", "petitions": "petitions.assigned"}
_DONE_OF = {"rectification.tasks_total": "rectification.tasks_completed", "petitions.assigned": "petitions.closed"}
_NEGATIVE = LazyRegex("减少|下降|降低|减小")
_CLAUSE_BREAK = re.compile("[，,；;。]")
_PARENS = LazyRegex(r"[（(][^）)]*[）)]")
_SUBTOTAL = re.compile(r"[（(]其中[^）)]*[）)]")
# Words that only link a number to a cue in the clause before it.
_LINK_ONLY = re.compile(r"^(?:达到?|为|共|共计|合计|累计|总计|有|计|均为|多达|高达)?$")
# The texts _LINK_ONLY matches (its $ also matches before a final newline): a set lookup per number.
_LINK_ONLY_TEXTS = frozenset(w + end for w in ("", "达", "达到", "为", "共", "共计", "合计", "累计", "总计", "有", "计",
                                               "均为", "多达", "高达") for end in ("", "\n"))
_DONE_METRICS = {"rectification.tasks_completed", "petitions.closed", "petitions.partially_closed"}


def extract(statement: Statement) -> list[Candidate]:
    out: list[Candidate] = []
    text = statement.text
    # (both patterns need their word: most statements have neither)
    parts = [(m.start(), m.end()) for m in _SUBTOTAL.finditer(text)] if "其中" in text else None
    listed = respectively(statement) if "分别" in text else None
    # (a count labelled only 共性 / 个性 needs one of category_only's words: most statements have none)
    words = rules().category_only_words
    split = words is None or any(map(text.__contains__, words))
    for k, number in enumerate(statement.numbers):
        if listed and id(number) in listed:
            out.extend(listed[id(number)])
            continue
        found = _read_number(statement, k) or (_split_by_category(statement, k, out) if split else [])
        # "处分30人（其中撤职处分3人…）": inside the parentheses are parts of the count before them,
        # not more of the same; another metric there ("办结…（其中阶段性办结5件）") still counts.
        inside = next(((s, e) for s, e in parts if s < number.start < e), None) if parts else None
        if inside:
            outer = {(c.metric, c.category) for c in out if c.number.end <= inside[0]}
            found = [c for c in found if (c.metric, c.category) not in outer]
        out.extend(found)
    out.extend(_all_done(statement, out))
    if "含阶段" in text:
        _incl_partial_note(text, out)
    return out


_INCL_PARTIAL_NOTE = re.compile(r"[（(]含阶段性?办结")


def _incl_partial_note(text: str, out: list[Candidate]) -> None:
    """"已办结120件（含阶段性办结），其中：贵阳市60件、已办结45件；…": the note makes the closed count
    closed including the partly closed (incl_partial), and the closed counts of the 其中 list after it in the
    sentence, its parts, too."""
    noted = None
    for c in out:
        if c.metric == "petitions.closed" and c.category in (None, "all") \
                and _INCL_PARTIAL_NOTE.match(text, c.number.end):
            c.category, c.rule = "incl_partial", "counts.closed_incl_partial_note"
            noted = noted or c
    at = text.find("其中", noted.end) if noted else -1
    if at < 0:
        return
    for c in out:
        if c.start > at and c.metric == "petitions.closed" and c.category in (None, "all"):
            c.category, c.rule = "incl_partial", "counts.closed_incl_partial_note"


def _read_number(st: Statement, k: int) -> list[Candidate]:
    """At most one fact from the words before the number and one from the words after it.
    (One function with local variables: it runs for every number of every statement, and the
    calls and small objects of a split version were most of its cost.)"""
    n = st.numbers[k]
    unit = n.unit
    rs = rules()
    if unit not in rs.ruled_units:
        return []
    left = st.lefts[k]
    right, ends_at_number = st.rights[k]
    # "…被问责人数最多，达到1231人": after a link word alone the clause before holds the cue
    joined = (st.prev_clause(k) or "") + left if left in _LINK_ONLY_TEXTS else None
    # What the rules say of the words beside the number, before the statement is asked (whether a
    # `not_counted` rule excludes it; which rules' patterns and word conditions accept the words
    # before it, and after it) depends on those words alone, and is remembered by them: the words
    # before and after a number come back number after number (68% of the numbers of 20 bench
    # documents, 70% of 100 real pages after 200 others), and a number whose words were seen
    # searches no rule's pattern again. [excluded (None: not asked yet), rules of the words before
    # (`able`), what each says (an entry per rule searched, in order), the same after.] A rule
    # is searched only when the loop below reaches it, as without the memo (no rule searched
    # beyond the first one that reads the number, no pattern compiled that was not needed).
    key = (unit, left, right, joined)
    entry = rs.read_memo.get(key)
    if entry is None:
        lefts = rs.able(unit, 0, joined) if joined is not None else rs.able_in(unit, 0, left, st)
        rights = rs.able_in(unit, 1, right, st)
        # (asked here when a rule may read the number, as the loop below would)
        excluded = _excluded(st, unit, left, right) if lefts or rights or joined is not None else None
        entry = [excluded, lefts, [], rights, []]
        if len(rs.read_memo) >= _READ_MEMO_LIMIT:
            rs.read_memo.clear()
        rs.read_memo[key] = entry
    if entry[0]:
        return []
    if joined is not None:
        left = joined
    text, pos = st.text, n.start
    topic = None  # the number's topic, worked out when a rule that matched asks for it
    # The first rule reading the words before the number: (rule index, metric, category, start,
    # end, id). The loops below repeat the topic and requires / near tests inline rather than
    # through a shared helper: they run for every candidate rule of every number, and a call per
    # rule was a measurable share of the facts stage (the topic is worked out once, for whichever
    # loop asks).
    before = None
    rules_of, said = entry[1], entry[2]
    j = 0
    while j < len(rules_of):
        if j < len(said):
            hit = said[j]
        else:  # (searched one by one: the first rule that reads the number ends the search)
            i, r = rules_of[j]
            m = r.pattern.search(left)
            hit = None if m is None or (r.not_right and r.not_right.search(right)) \
                or (r.not_left and r.not_left.search(left)) or (r.right_has and not r.right_has.search(right[:6])) \
                else (i, r.metric, r.category, r.topic, r.requires, r.near, r.id, m.start() - len(left))
            said.append(hit)
        j += 1
        if hit is None:
            continue
        i, metric, category, rule_topic, requires, near, rule_id, at = hit
        if rule_topic:
            if topic is None:
                topic = _number_topic(st, n, right)
            if rule_topic != topic:
                continue
        if (requires and not requires.search(text, 0, pos)) or (near and not near.search(text)):
            continue
        before = i, metric, category, pos + at, n.end, rule_id
        break
    # The first rule reading the words after the number (or, failing one, the next clause).
    after = None
    rules_of, said = entry[3], entry[4]
    j = 0
    while j < len(rules_of):
        if j < len(said):
            hit = said[j]
        else:
            i, r = rules_of[j]
            m = r.pattern.search(right)
            hit = None if m is None or (r.not_left and r.not_left.search(left)) \
                else (i, r.metric, r.category, r.topic, r.requires, r.near, r.id, m.end())
            said.append(hit)
        j += 1
        if hit is None:
            continue
        i, metric, category, rule_topic, requires, near, rule_id, end = hit
        if rule_topic:
            if topic is None:
                topic = _number_topic(st, n, right)
            if rule_topic != topic:
                continue
        if (requires and not requires.search(text, 0, pos)) or (near and not near.search(text)):
            continue
        if ends_at_number:
            # "*项共性问题已完成*项" / "贵阳市26件、已办结16件": a completion cue running into a second
            # number makes this one the total, unless its own words before it said what it is
            # ("已销号3项、已完成整改8项"); "关停15家、立案处罚企业27家": after 、 other cues are the next number's.
            if metric in _DONE_OF.values() and end >= len(right.rstrip()):
                if before is not None:
                    break
                if topic is None:
                    topic = _number_topic(st, n, right)
                metric = _TOTAL_OF[topic]
            elif right[:1] == "、":
                break
        after = i, metric, category, pos, n.end + end, rule_id
        break
    else:
        # (the next clause is read when one of the words of a `next` rule accepting the counter is
        # in the statement, as the clause is a slice of it; a number no rule reads by the words
        # beside it is asked whether it is excluded only then)
        words = rs.next_words[unit]
        nxt = None
        if words is None or any(map(text.__contains__, words)):
            if entry[0] is None:
                entry[0] = _excluded(st, unit, left, right)
                if entry[0]:
                    return []
            nxt = st.clause_after(n.end)
        if nxt:
            for i, r in rs.able_in(unit, 2, nxt[0], st):
                m = r.pattern.search(nxt[0])
                if m is None:
                    continue
                if r.topic:
                    if topic is None:
                        topic = _number_topic(st, n, right)
                    if r.topic != topic:
                        continue
                if (r.requires and not r.requires.search(text, 0, pos)) or (r.near and not r.near.search(text)):
                    continue
                after = i, r.metric, r.category, pos, nxt[1] + m.end(), r.id
                break
    # Rules are tried in file order; when both sides name the same metric the earlier rule speaks.
    if before is None:
        if after is None:
            return []
        found = [after[1:]]
    elif after is None:
        found = [before[1:]]
    else:
        first, second = (before, after) if before[0] < after[0] else (after, before)
        found = [first[1:], second[1:]] if second[1] != first[1] else [first[1:]]
    if not _DONE_METRICS.isdisjoint([f[0] for f in found]) \
            and rs.modality.search(text[st.clause_start(pos):pos]):  # planned, not done
        found = [f for f in found if f[0] not in _DONE_METRICS]
    out = []
    category = None  # the number's rectification category, worked out once when needed
    for metric, rule_category, start, end, rule_id in found:
        if not rule_category:
            if metric.startswith("rectification"):
                if category is None:
                    category = _category(st, pos, right)
                rule_category = category
            else:
                rule_category = "all"
        out.append(Candidate(metric, rule_category, n, start, end,
                             _signed(n, text[start:pos]) if metric == "petitions.change_pct" else n.value,
                             "counts", None, None, rule_id))
    return out


# At most this many numbers' words remembered (`RuleSet.read_memo`; its keys hold texts: a few MB
# at most).
_READ_MEMO_LIMIT = 20_000


def _excluded(st: Statement, unit: str, left: str, right: str) -> bool:
    """Whether a `not_counted` rule excludes a number of counter `unit` with the words `left` before
    it and `right` after it (`st.may_skip` only spares the test in a statement without any of those
    rules' words: the words beside its numbers are slices of it)."""
    rs = rules()
    # (most numbers are excluded by no rule; the words after most numbers are none: no search then)
    empty = rs.skip_empty
    for units, skip_left, skip_right in rs.skip_groups if st.may_skip else ():
        if (units is None or unit in units) and ((skip_left and (left or empty) and skip_left.search(left))
                                                 or (skip_right and (right or empty) and skip_right.search(right))):
            return skipped_by(left, right, unit) is not None
    return False


def _number_topic(st: Statement, n, right: str) -> str:
    """The topic a rule's `topic` condition is checked against."""
    topic = _topic(st, n.start, right, n.unit)
    # Tasks are counted in 项 / 个; a bare "其余…10件" with no subject named anywhere is not a task count.
    return topic if topic is not None else "petitions" if n.unit == "件" else "rectification"


def not_counted(left: str, right: str, unit: str | None) -> bool:
    return skipped_by(left, right, unit) is not None


def skipped_by(left: str, right: str, unit: str | None) -> str | None:
    """The id of the `not_counted` rule that excludes a number with this context, if any."""
    rs = rules()
    for units, lefts, rights in rs.skip_groups:  # whether any rule may: most numbers are excluded by none
        if (units is None or unit in units) and ((lefts and lefts.search(left)) or (rights and rights.search(right))):
            break
    else:
        return None
    for s in rs.skips:
        if ((s.left and s.left.search(left)) or (s.right and s.right.search(right))) \
                and (s.units is None or unit in s.units):
            return s.id
    return None


def respectively(st: Statement) -> dict[int, list[Candidate]]:
    """"交办、办结信访件分别为120件、115件": the i-th number takes the metric that the i-th cue word
    would give it, read by the same rules as "交办120件" (one definition of each verb)."""
    out: dict[int, list[Candidate]] = {}
    for m in RESPECTIVELY.finditer(st.text):
        cue_start = st.clause_start(m.start())
        cue_text = st.text[cue_start:m.start()]
        cues = [(c.start() + cue_start, c.group()) for c in _CUE_WORD.finditer(cue_text)]
        numbers = [n for n in listed_after(st, m) if st.clause_start(n.start) <= m.end()]
        if len(cues) < 2 or len(numbers) != len(cues):
            continue
        topic = _topic(st, m.end(), "", numbers[0].unit) or "petitions"
        found = {}
        for (at, cue), n in zip(cues, numbers):
            for _, r in rules().sides(n.unit)[0]:  # (the left rules accepting the counter, in file order)
                if (not r.topic or r.topic == topic) and r.pattern.search(cue):
                    found[id(n)] = [Candidate(r.metric, r.category or "all", n, at, n.end, n.value, "counts",
                                              rule="discourse.respectively")]
                    break
        if len(found) == len(numbers):  # every cue a metric; a list of regions is read in discourse.py
            out.update(found)
    return out


# "…分别为 120件、115件": the cue words before 分别 pair with the numbers after it, in order.
RESPECTIVELY = re.compile("分别(?:为|是|达到?|有)?")
_CUE_WORD = LazyRegex(r"[^、，,和及与]+")
_BETWEEN_LIST = LazyRegex(r"[，,；;。]")


def listed_after(st: Statement, m: re.Match) -> list:
    """The numbers of the list that follows 分别 (up to the next clause break)."""
    return [n for n in st.numbers if n.start >= m.end() and not _BETWEEN_LIST.search(st.text[m.end():n.start])]


def _split_by_category(st: Statement, k: int, found: list[Candidate]) -> list[Candidate]:
    """"已完成整改39项，其中共性26项、个性13项": a count labelled only 共性 / 个性 takes the metric
    of the rectification count before it (a total when there is none)."""
    n = st.numbers[k]
    left = st.left_of(k)
    m = rules().category_only.search(left)
    if not m or n.unit not in rules().count_units:
        return []
    category = "common" if "共性" in m.group() else "specific"
    before = [c for c in found if c.metric.startswith("rectification")]
    metric = before[-1].metric if before else "rectification.tasks_total"
    start = n.start - len(left) + m.start() + len(m.group()) - len(m.group().lstrip("、，,（(其中"))
    return [Candidate(metric, category, n, start, n.end, n.value, "counts", rule="counts.category_split")]


def _all_done(st: Statement, found: list[Candidate]) -> list[Candidate]:
    """'涉及问题共N项, 已全部完成整改' / '交办的N件信访问题, 已完成整改': completion without a number
    refers to the total just named in the same statement."""
    out = []
    for ref in found:
        done_metric = _DONE_OF.get(ref.metric)
        if not done_metric:
            continue
        topic = "petitions" if ref.metric.startswith("petitions") else "rectification"
        # in the same clause after the total's words ("20个…信访件已全部办结"), else in the next clause
        tail = _NOUN_TAIL.match(st.text, ref.end).end()
        rest = st.text[tail:st.clause_end(tail)]
        nxt = (rest, tail) if rest and not st.has_number(ref.end, ref.end + len(rest)) \
            else st.clause_after(ref.number.end)  # (its next clause: `next_clause` of its number)
        if nxt is None:
            continue
        lead = _SENTENCE_LEAD.match(nxt[0]).end()  # "，目前已全部办结"
        nxt = (nxt[0][lead:], nxt[1] + lead)
        m = rules().all_done[topic].search(nxt[0])
        # "…386件信访投诉问题第一时间交办、第一时间督办，全部按时办结": a later clause of the sentence,
        # none holding a number before it, that says all of them were done
        for _ in range(_FARTHER_CLAUSES):
            if m is not None:
                break
            nxt = st.clause_after(nxt[1])
            if nxt is None:
                break
            lead = _SENTENCE_LEAD.match(nxt[0]).end()  # "目前已全部办结"
            nxt = (nxt[0][lead:], nxt[1] + lead)
            m = rules().all_done[topic].search(nxt[0])
            # (of all; not "全部办结后公开")
            m = m if m and ("全部" in m.group() or "均" in m.group()) and not nxt[0].startswith("后", m.end()) else None
        if m and not any(c.metric == done_metric and c.number is ref.number for c in found):
            out.append(Candidate(done_metric, _done_category(ref, nxt[0][m.end():]), ref.number, ref.number.start,
                                 nxt[1] + m.end(), ref.number.value, "counts", rule="counts.all_done"))
    return out


# "已全部办结（含阶段性办结）": closed counting the partly closed
_INCL_PARTIAL = LazyRegex(r"^[（(]?(?:含|包括|包含)阶段性?办结")


def _done_category(ref: Candidate, after: str) -> str:
    if ref.metric == "petitions.assigned" and _INCL_PARTIAL.match(after):
        return "incl_partial"
    return ref.category


# How many clauses past the next one a completion of all may stand from its total.
_FARTHER_CLAUSES = 3


def done_in_next_sentence(sts: list[Statement], found: list[list[Candidate]]) -> list[tuple[Candidate, Statement]]:
    """"交办信访件36件。目前已全部办结。": completion stated at the start of the next sentence of the
    paragraph refers to the last total of this one."""
    out = []
    for i, (st, cands) in enumerate(zip(sts, found)):
        totals = [c for c in cands if c.metric in _DONE_OF and c.extractor == "counts"]
        if not totals or i + 1 >= len(sts) or "\n" in st.text or sts[i + 1].before[-len(st.text):] != st.text:
            continue
        ref, nxt = totals[-1], sts[i + 1]
        # (a sentence without numbers needs no clause: its clause separators are not found for this)
        if nxt.numbers and nxt.has_number(0, nxt.clause_end(0)):
            continue  # "已办结1300件" states its own number
        lead = _SENTENCE_LEAD.match(nxt.text)
        topic = "petitions" if ref.metric.startswith("petitions") else "rectification"
        m = rules().all_done[topic].match(nxt.text[lead.end():])
        done = _DONE_OF[ref.metric]
        if m and not any(c.metric == done and c.number is ref.number for c in cands):
            end = nxt.start - st.start + lead.end() + m.end()
            category = _done_category(ref, nxt.text[lead.end() + m.end():])
            out.append((Candidate(done, category, ref.number, ref.number.start, end, ref.number.value,
                                  "counts", rule="counts.all_done"), st))
    return out


# The rest of the noun a total's rule stopped inside ("…信访|件已全部办结").
_NOUN_TAIL = re.compile(r"[件个项]?(?:问题|事项)?")
# Words that may open the sentence stating completion: 目前，已全部办结.
_SENTENCE_LEAD = LazyRegex(r"(?:虽然|虽|目前|截至目前|截止目前|现|至今|当前|上述(?:问题|信访件|举报件)?|以上(?:问题)?)?[，,]?\s*")


def _topic(st: Statement, pos: int, right: str, unit: str | None) -> str | None:
    """Petitions, rectification or none (a subject outside the vocabulary: 项目, 会议): the subject
    right after the number, else the last one named before it in the sentence; a count of 件 in a
    sentence naming neither takes the paragraph's last subject."""
    rs = rules()
    topics, any_topic = rs.topics, rs.any_topic
    head = right[:12]
    # (one search first: most numbers have no subject word after them, nor before them)
    hits = [(m.start(), name, m.group()) for name, p in topics.items() for m in [p.search(head)] if m and m.start() <= 8] \
        if any_topic.search(head) else None
    if hits:
        first = min(hits)
        # "2856件环境问题举报": the word after 问题 names what is counted (not "12个问题交办各地")
        if first[1] == "rectification" and right.startswith(("举报", "信访", "投诉"), first[0] + len(first[2])):
            return "petitions"
        return first[1]
    names = ("petitions", "rectification", "none")
    lo = 0  # where the words before the number start, relative to the sentence
    before = st.text[:pos]
    if unit in ("件", "%") and not any_topic.search(before):
        lo = -len(st.before)  # a sentence naming no subject takes the paragraph's last one
    if lo < -_LONG_PARAGRAPH:
        # a long paragraph: the document index finds the last mentions without rescanning it
        pet, rect, none = (-1 if end is None else end - lo for end in (st.last_end(topics[n], lo, pos) for n in names))
    else:
        before = st.before + before if lo else before
        # (three calls written out, not a generator unpacked: asked for most numbers a rule reads)
        pet, rect, none = _last_end(topics[names[0]], before), _last_end(topics[names[1]], before), \
            _last_end(topics[names[2]], before)
    if none > max(pet, rect):
        return "none"
    # "信访投诉问题" names petitions even though 问题 comes last.
    if pet >= 0 and rect - pet <= 6 and not _CLAUSE_BREAK.search(st.window(lo + pet, lo + rect)):
        return "petitions"
    if pet < 0 and rect < 0:
        return None
    return "petitions" if pet > rect else "rectification"


def _last_end(pattern: re.Pattern, text: str) -> int:
    """Where the last match of `pattern` in `text` ends (-1: none)."""
    last = last_match(pattern, text)
    return -1 if last is None else last.end()


# Longer than this, a paragraph's subject words are looked up in the document index (TextIndex);
# a short one is faster to scan.
_LONG_PARAGRAPH = 600


def _category(st: Statement, pos: int, right: str) -> str:
    rs = rules()
    words = rs.category_words
    if words is not None and not any(map(st.text.__contains__, words)):
        return "all"  # no category named in the statement (the words after the number are part of it)
    for name, p in rs.categories.items():
        m = p.match(right)
        if m:  # the number's own subject: "19项共性问题"
            return name
    # A category named inside parentheses ("（共性26项、个性13项）") does not carry on.
    before = _PARENS.sub(lambda m: " " * len(m.group()), st.text[:pos])
    last = {name: max((m.end() for m in p.finditer(before)), default=-1) for name, p in rs.categories.items()}
    best = max(last, key=last.get)
    return best if last[best] >= 0 else "all"


def _signed(n, cue_text: str) -> float | None:
    if n.value is None:
        return None
    if n.sign:
        return n.sign * abs(n.value)
    return -abs(n.value) if _NEGATIVE.search(cue_text) else n.value
