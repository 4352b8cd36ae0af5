"""Counts whose metric is given by the discourse, not by words of their own.

"第三批交办信访件123件。其中合肥市20件、芜湖市15件": the per-region items name no verb; they
are parts of the count that heads the list (the last count stated before them in the paragraph).
A list headed by a count outside the vocabulary ("重点关注案件共225件。其中太原市23件…")
yields nothing; a list with no head in a sentence that assigns petitions ("交办的信访件中，涉及
德城区5件…") counts assignments.
"""
from __future__ import annotations

import re

from .context import Statement, rules
from .counts import not_counted
from .facts import Candidate
from .scope import Mention, Scope, item_gap

# What may stand between the start of an item's text and its region name.
_ITEM_PREFIX = re.compile(r"^[^\d]{0,14}$")
# A sentence about assigned petitions: an assignment verb, or a batch of them (第十五批信访件中).
_ASSIGN_FRAME = re.compile("交办|转办|移交|转交|第[一二三四五六七八九十百\\d]+批")
_OWN_FRAME = re.compile("交办|转办|移交|转交|涉及|第[一二三四五六七八九十百\\d]+批")
_PARENS = re.compile(r"[（(][^）)]*[）)]")
_DISTRIBUTIVE_GAP = re.compile(r"^(?:[一二两三四五六七八九十\d]+(?:省|市|县|区))?(?:均为|均|各|都为|都是)$")
COUNT_EXTRACTORS = ("counts",)
_TOTALS = {"petitions.assigned", "petitions.received", "petitions.accepted", "rectification.tasks_total"}


def region_items(sts: list[Statement], found: list[list[Candidate]], scope: Scope) -> list[tuple[Candidate, int]]:
    """Candidates for numbers labelled only by a region, each with its statement offset."""
    out: list[tuple[Candidate, int]] = []
    history: list[tuple[str, Candidate | None]] = []  # (kind, candidate) of the paragraph's numbers so far
    paragraph = -1
    for st, cands in zip(sts, found):
        line_start = scope.text.rfind("\n", 0, st.start) + 1
        if line_start != paragraph:
            history, paragraph = [], line_start
        asides = [(m.start(), m.end()) for m in _PARENS.finditer(st.text)]
        by_number: dict[int, list[Candidate]] = {}
        for c in cands:
            by_number.setdefault(id(c.number), []).append(c)
        for k, n in enumerate(st.numbers):
            if any(s < n.start < e for s, e in asides):
                continue  # an aside is neither a list head nor an item
            own = by_number.get(id(n), [])
            if own:
                counts = [c for c in own if c.extractor in COUNT_EXTRACTORS]
                history.append(("count", counts[0]) if counts else ("breakdown", None))
                continue
            mention = _item_mention(st, k, scope)
            if not_counted(st.left_of(k), st.right_of(k)[0], n.unit):
                history.append(("skipped", None))  # "涉及全省21个市州", "重点关注案件共9件"
                continue
            if mention is None:
                history.append(("breakdown" if _pollution_word(st.left_of(k)) else "other", None))
                continue
            head = _head(history, totals_only="涉及" in st.text[:n.start])
            blocked = head is None and any(kind == "skipped" for kind, _ in history)
            # A list after an excluded count (重点关注…共9件。其中A市3件) is framed only by its own sentence.
            previous = scope.text[scope.text.rfind("\n", 0, max(0, line_start - 1)) + 1:line_start]
            metric, category = (head.metric, head.category) if head else \
                _frame(st, n.start, own_sentence=blocked, previous=previous)
            if metric is None:
                history.append(("item", None))
                continue
            start = mention.start - st.start
            cand = Candidate(metric, category, n, start, n.end, n.value, "counts", rule="discourse.region_item")
            out.append((cand, st.start))
            history.append(("item", cand))
    return out


def _item_mention(st: Statement, k: int, scope: Scope) -> Mention | None:
    """The region that labels number k ("太原市390件", "浙江和青海两省均为117人"), if any."""
    n = st.numbers[k]
    left = st.left_of(k)
    left_start = st.start + n.start - len(left)
    for m in reversed(scope.mentions):
        if m.start < left_start or m.end > st.start + n.start:
            continue
        between = scope.text[m.end:st.start + n.start]
        prefix = scope.text[left_start:m.start]
        if (m.kind == "inert" and not m.group) or (m.own and m.name[:1] in "我本全该"):
            return None  # 全省6个市 is no list item: a self-reference labels no share
        if not _ITEM_PREFIX.match(_PARENS.sub("", prefix)):
            return None
        if item_gap(between) or (m.group and _DISTRIBUTIVE_GAP.match(between.strip())):
            return m
        return None
    return None


def _head(history: list[tuple[str, Candidate | None]], totals_only: bool = False) -> Candidate | None:
    """The count heading a list: the last count before it, over items and breakdown entries;
    a number that was not counted ends the search. A list of what a set 涉及 (concerns) splits
    a total (assigned, tasks), not the completions stated after it."""
    for kind, cand in reversed(history):
        if kind in ("count", "item"):
            if cand is not None and (not totals_only or cand.metric in _TOTALS):
                return cand
            continue
        if kind == "breakdown":
            continue
        return None
    return None


def _frame(st: Statement, pos: int, own_sentence: bool = False, previous: str = "") -> tuple[str | None, str | None]:
    """A list with no head counts assignments when its paragraph (or the one before: a lead
    "向福州转办第十批…51件" then "从区域分布上看，鼓楼2件…") is about assigned petitions."""
    before = st.text[:pos] if own_sentence else previous + st.before + st.text[:pos]
    # In its own sentence, what the reported petitions 涉及 (concern) is their distribution too.
    frame = _OWN_FRAME if own_sentence else _ASSIGN_FRAME
    if frame.search(before) and rules().topics["petitions"].search(before):
        return "petitions.assigned", "all"
    return None, None


def _pollution_word(text: str) -> bool:
    return any(label in text for label in rules().pollution if len(label) >= 2)
