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
from .counts import RESPECTIVELY, _signed, listed_after, not_counted, skipped_by
from .facts import Candidate
from ..numbers import Number
from .rules import LazyRegex
from .scope import LOOK_BACK, Mention, Scope, item_gap

# What may stand between the start of an item's text and its region name.
_ITEM_PREFIX = LazyRegex(r"^(?:[^\d]{0,14}|[^\d]{0,40}(?:涉及|其中|包括|分别为|分别是|依次为|主要为|主要是)[：:，,]?)$")
# A sentence about assigned petitions: an assignment verb, or a batch of them (第十五批信访件中).
_ASSIGN_FRAME = LazyRegex("交办|转办|移交|转交|交至|第[一二三四五六七八九十百\\d]+批")
_OWN_FRAME = LazyRegex("交办|转办|移交|转交|交至|涉及|第[一二三四五六七八九十百\\d]+批")
_PARENS = re.compile(r"[（(][^）)]*[）)]")
_DISTRIBUTIVE_GAP = LazyRegex(r"^(?:、[\u4e00-\u9fff]{2,10}?(?:局|委|管委会|办公室|部门|中心))?"
                              r"(?:[一二两三四五六七八九十\d]+(?:省|市|县|区|州))?(?:均为|均有|均|各有|各|都为|都是|都有)$")
# key cases named without 关注 ("重点案件", "重点件"): no count, and the list right after them is theirs;
# a list in a later sentence ("…共1095件，重点案件139件。其中：贵阳702件") is not
_KEY_CASES = LazyRegex(r"重点(?:案件|件|信访件|交办件)(?:共|共计|为)?$")
_THEN_PARTS = LazyRegex(r"^[，,]其中")
COUNT_EXTRACTORS = ("counts",)
FRAME_BACK = 600  # characters above a list searched for what it is a list of
_TOTALS = {"petitions.assigned", "petitions.received", "petitions.accepted", "rectification.tasks_total"}


def region_items(sts: list[Statement], found: list[list[Candidate]], scope: Scope) -> list[tuple[Candidate, int]]:
    """Candidates for numbers labelled only by a region, each with its statement offset."""
    out: list[tuple[Candidate, int]] = []
    history: list[tuple[str, Candidate | None]] = []  # (kind, candidate) of the paragraph's numbers so far
    paragraph = -1
    for st, cands in zip(sts, found):
        if not st.numbers:
            # (nothing to read; the paragraph test below gives the same history when it is made at the
            # statements with numbers only: statements come in text order)
            continue
        line_start = scope.line_start(st.start)
        if line_start != paragraph:
            history, paragraph = [], line_start
            paragraph_end = scope.text.find("\n", st.start)
            paragraph_end = len(scope.text) if paragraph_end < 0 else paragraph_end
        if not scope.names_within(st.start - 1, paragraph_end):
            # no region named from here to the paragraph's end: no item in it, and the history these
            # numbers would add is read by no item (it starts anew with the next paragraph)
            continue
        asides = [(m.start(), m.end()) for m in _PARENS.finditer(st.text)]
        named = scope.names_within(st.start, st.start + len(st.text))  # (else no number is in a name)
        by_number: dict[int, list[Candidate]] = {}
        for c in cands:
            by_number.setdefault(id(c.number), []).append(c)
        lead_bare = None  # whether the statement's first item follows nothing but 其中
        first_item = None  # the region of the statement's first item
        for k, n in enumerate(st.numbers):
            aside = next(((s, e) for s, e in asides if s < n.start < e), None) if asides else None
            # "…526件（其中哈尔滨市241件）": a list of regions in an aside opened by 其中
            listed = aside is not None and st.text[aside[0] + 1:aside[0] + 3] == "其中"
            if listed and _item_mention(st, k, scope) is None:
                continue
            if aside and not listed and not _region_before_aside(st, aside, n, scope):
                continue  # an aside is neither a list head nor an item ("官渡区（97件）" is an item)
            if named and scope.in_name(st.start + n.start, st.start + n.end):
                continue  # a numeral in a place name ("五家渠市"): neither a list head nor an item
            own = by_number.get(id(n), [])
            if own:
                counts = [c for c in own if c.extractor in COUNT_EXTRACTORS]
                history.append(("count", counts[0]) if counts else ("breakdown", None))
                continue
            mention = _region_before_aside(st, aside, n, scope) if aside and not listed else _item_mention(st, k, scope)
            left, right = st.left_of(k), st.right_of(k)[0]
            if n.unit in ("个", None) and _PLACES_COUNT.match(right) or _SHARE.search(left) and n.unit == "%":
                history.append(("aside", None))  # "涉及全省5个市州", "占12%" say nothing of the list's head
                continue
            if _ARTICLE.match(st.text, n.start, n.end) and "\u4e00" <= right[:1] <= "\u9fff":
                history.append(("other", None))  # "南和区一家板材加工厂": 一家 before a noun is "a", not a count
                continue
            skip = skipped_by(left, right, n.unit) if st.may_skip else None
            if skip is None and _KEY_CASES.search(left) and _THEN_PARTS.match(st.text[n.end:n.end + 3]):
                skip = "skip.key_cases"  # "重点案件4件，其中A县1件": the parts of the key cases
            if skip is not None:
                # "…1298件，其中重点关注44件。各地…为：" a subset stated by the way (其中) hides the head
                # only from a list that follows it bare ("其中A市3件")
                history.append(("subset" if skip == "skip.key_cases" and "其中" in left else "skipped", None))
                continue
            if mention is None and _RESTATED.match(right):
                same = next((c for kind, c in reversed(history) if kind == "count" and c.value == n.value), None)
                if same is not None:
                    history.append(("count", same))  # "…58件。58件案件中，A市30件": the total restated
                    continue
            if mention is None:
                history.append(("breakdown" if _pollution_word(left) else "other", None))
                continue
            if lead_bare is None:
                lead_bare = not _LEAD_TAIL.sub("", st.text[:max(0, mention.start - st.start)])
                first_item = mention
            head = _own_cue(st, mention, n) or _head(history, totals_only="涉及" in st.text[:n.start], bare=lead_bare)
            if head is None and first_item is not mention:
                # "已办结的案件中，A市824件、B州68、C州34件": an item the chain lost (68 has no counter)
                # is still counted by the words that introduce the sentence's list
                head = _own_cue(st, first_item, n)
            if head is not None and _kind(head.number.unit) != _kind(n.unit):
                head = None  # "问责26人，滦州市3件": people are no share of a count of cases
            blocked = head is None and any(kind in ("skipped", "subset") for kind, _ in history)
            # A list after an excluded count (重点关注…共9件。其中A市3件) is framed only by its own sentence.
            # the lead before a list: the paragraphs just above ("…转办第十二批信访件68件。" then
            # "分布如下：" then one "兰州市：19件" a line)
            previous = scope.text[max(0, line_start - FRAME_BACK):line_start]
            metric, category = (head.metric, head.category) if head else \
                _frame(st, n.start, own_sentence=blocked, previous=previous) if _kind(n.unit) == "things" else (None, None)
            if metric is None:
                history.append(("item", None))
                continue
            start = mention.start - st.start
            cand = Candidate(metric, category, n, start, n.end, n.value, "counts", rule="discourse.region_item")
            out.append((cand, st.start))
            history.append(("item", cand))
    return out


def regions_respectively(st: Statement, found: list[Candidate], scope: Scope) -> list[Candidate]:
    """"翠屏区、叙州区、南溪区转办件数分别为96件、73件、41件": the i-th number belongs to the i-th
    region; the metric is what the words after the regions say (read by the left rules), else the
    count heading the list. Returns the statement's candidates with these numbers replaced."""
    for m in RESPECTIVELY.finditer(st.text):
        cue_start = st.clause_start(m.start())
        numbers = listed_after(st, m)
        if len(numbers) < 2:
            continue
        # the places: before 分别 in its clause, the list items before it, or the clause before
        names = next((found_names for found_names in (
            _place_list(st, cue_start, m.start(), scope), _items_before(st, cue_start, scope),
            _enumeration_before(st, cue_start, scope)) if len(found_names) == len(numbers)), [])
        if not names:
            continue
        # the metric: words after the places ("转办件数分别为…") or after 分别 ("分别拘留34人和27人")
        tail = st.text[names[-1].end - st.start:m.start()] + st.text[m.end():numbers[0].start]
        # (a count heading the list or the paragraph's frame counts things: "分别完成97.5%、96.1%" are
        # no shares of an assigned total)
        things = _kind(numbers[0].unit) == "things"
        metric = _metric_of(tail, numbers[0]) or next(
            ((c.metric, c.category) for c in reversed(found) if c.extractor == "counts" and c.number.end <= m.start()
             and c.metric in _TOTALS and _kind(c.number.unit) == _kind(numbers[0].unit)), None) or (
            _frame(st, m.start(), previous=_lines_above(st, scope)) if things else None)
        if not metric or not metric[0]:
            continue
        listed = {id(n) for n in numbers}
        found = [c for c in found if id(c.number) not in listed] + [
            Candidate(metric[0], metric[1] or "all", n, name.start - st.start, n.end,
                      _signed(n, tail) if metric[0] == "petitions.change_pct" else n.value, "counts",
                      rule="discourse.respectively", subject=name) for name, n in zip(names, numbers)]
    return found


def _lines_above(st: Statement, scope: Scope) -> str:
    line_start = scope.line_start(st.start)
    return scope.text[max(0, line_start - FRAME_BACK):line_start]


def _items_before(st: Statement, cue_start: int, scope: Scope) -> list[Mention]:
    """"甘肃省1864件、青海省1343件，分别下降26.5%和12.1%": the regions of the list just before the
    分别 clause, back to the previous ； (the caller checks that their number matches)."""
    seg = max(st.text.rfind("；", 0, cue_start), st.text.rfind(";", 0, cue_start)) + 1
    out = []
    for m in scope.walk_back(st.start + cue_start):
        if m.start < st.start + seg:
            break
        if m.kind in ("item", "subject", "visit") and not m.own:
            out.append(m)
    return out[::-1]


def _enumeration_before(st: Statement, cue_start: int, scope: Scope) -> list[Mention]:
    """"A市、B县、C市的举报件数量居前，分别为20件、12件和8件": the one enumeration of places in
    the clause just before the 分别 clause ([] when that clause holds anything else of the kind)."""
    if cue_start <= 1:
        return []
    start = st.clause_start(cue_start - 1)
    out: list[Mention] = []
    for m in scope.walk_back(st.start + cue_start):
        if m.start < st.start + start:
            break
        if m.own and not out and m.end <= st.start + cue_start:
            continue  # "…交办信访件为全省前三位": a self-reference after the places
        if m.own or m.end > st.start + cue_start:
            return []
        if out and not _LIST_SEP.fullmatch(scope.text[m.end:out[-1].start]):
            return []
        out.append(m)
    return out[::-1]


def _place_list(st: Statement, start: int, end: int, scope: Scope) -> list[Mention]:
    """The places of "A区、B县和C市<tail>" between `start` and `end` of the statement, each a
    gazetteer mention or a place-like name (叙州区 renamed since the table was made); [] unless
    every item is one."""
    out, pos = [], start
    items = _LIST_SEP.split(st.text[start:end])
    for i, item in enumerate(items):
        at = st.start + pos
        known = scope.at(at)
        known = known if known is not None and not known.own else None
        if known is not None and (i == len(items) - 1 or known.end - at == len(item)):
            out.append(known)
        else:
            last = i == len(items) - 1
            shape = _PLACE_SHAPE.match(item) if last else _PLACE_SHAPE.fullmatch(item)
            if not shape:
                return []
            out.append(Mention(shape.group(), at, at + shape.end(), None, False, "item"))
        pos += len(item) + 1
    return out


def _metric_of(cue: str, n, topic: str | None = None) -> tuple[str, str | None] | None:
    """The metric the left rules read from a cue word ("转办件数"), if any."""
    for _, r in rules().sides(n.unit)[0]:  # (the left rules accepting the counter, in file order)
        if (not topic or not r.topic or r.topic == topic) and r.pattern.search(cue):
            return r.metric, r.category or "all"
    return None


def region_table_rows(text: str, scope: Scope) -> list[Candidate]:
    """Flattened tables of counts by region: a header naming the region column (区县, 市州) and
    count columns ("件数", "累计转办（件）", "已办结（件）"), then one row a region ("顺庆区 | 5",
    "1 | 兰州市 | 176 | 83 | 39"). A count column's metric is what its header says, read by the
    left rules; a bare 件数 column counts assignments when the document is about assigned
    petitions. 合计 rows are no region."""
    if "|" not in text:
        return []  # (no row of cells: the header row needs two)
    out: list[Candidate] = []
    pos = 0
    lines = text.split("\n")
    starts = []
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    i = 0
    while i < len(lines):
        head = [c.strip() for c in lines[i].split("|")]
        where = next((k for k, c in enumerate(head) if _REGION_HEAD.fullmatch(c)), None) if len(head) >= 2 else None
        columns = _count_columns(head, where, text) if where is not None else {}
        if not columns:
            i += 1
            continue
        i += 1
        while i < len(lines) and lines[i].count("|") == len(head) - 1:
            out.extend(_table_row(lines[i], starts[i], where, columns, scope))
            i += 1
    return out


def region_cell_pairs(text: str, scope: Scope) -> list[Candidate]:
    """A table of counts by region flattened one cell per line: the header's region column and
    count column ("设区市" / "移交事项数量", written once or once per column pair of a row), then
    each region's name on a line and its count on the next ("南京市" / "12"). The count column's
    metric is what its header says, read as in `region_table_rows`; 合计 rows are no region."""
    if not _REGION_HEAD.search(text):
        return []
    cells: list[tuple[str, int]] = []  # (cell, offset) of the non-empty lines
    pos = 0
    for line in text.split("\n"):
        cell = line.strip()
        if cell:
            cells.append((cell, pos + len(line) - len(line.lstrip())))
        pos += len(line) + 1
    out: list[Candidate] = []
    i = 0
    while i + 1 < len(cells):
        head, label = cells[i][0], cells[i + 1][0]
        column = _count_columns([head, label], 0, text).get(1) if _REGION_HEAD.fullmatch(head) else None
        if column is None:
            i += 1
            continue
        i += 2
        while i + 1 < len(cells) and (cells[i][0], cells[i + 1][0]) == (head, label):
            i += 2  # the header of a second column pair
        while i + 1 < len(cells) and _CELL_NAME.fullmatch(cells[i][0]) and re.fullmatch(r"\d+", cells[i + 1][0]):
            (name, at), (count, where) = cells[i], cells[i + 1]
            i += 2
            if _TOTAL_ROW.search(name.replace(" ", "")):
                continue
            mention = Mention(name, at, at + len(name), _code(scope, at), False, "item")
            n = Number(float(count), "件", False, False, where, where + len(count))
            out.append(Candidate(column[0], column[1] or "all", n, at, n.end, n.value, "tables",
                                 rule="discourse.region_cells", subject=mention))
    return out


def _count_columns(head: list[str], where: int, text: str) -> dict[int, tuple[str, str]]:
    probe = Number(1.0, "件", False, False, 0, 0)
    columns = {}
    for k, cell in enumerate(head):
        if k == where:
            continue
        label = _UNIT_NOTE.sub("", cell)
        metric = _metric_of(label, probe, "petitions")
        if metric is None and _BARE_COUNT.fullmatch(label) and _ASSIGN_FRAME.search(text):
            metric = ("petitions.assigned", "all")
        if metric:
            columns[k] = metric
    return columns


def _table_row(line: str, at: int, where: int, columns: dict, scope: Scope) -> list[Candidate]:
    cells, offsets, pos = [], [], 0
    for part in line.split("|"):
        cells.append(part.strip())
        offsets.append(at + pos + len(part) - len(part.lstrip()))
        pos += len(part) + 1
    name = cells[where]
    if not name or _TOTAL_ROW.search(name) or not re.fullmatch(r"[\u4e00-\u9fff（）()]{2,14}", name):
        return []
    mention = Mention(name, offsets[where], offsets[where] + len(name), _code(scope, offsets[where]), False, "item")
    out = []
    for k, (metric, category) in columns.items():
        if not re.fullmatch(r"\d+", cells[k]):
            continue
        value = float(cells[k])
        n = Number(value, "件", False, False, offsets[k], offsets[k] + len(cells[k]))
        out.append(Candidate(metric, category or "all", n, offsets[where], n.end, value, "tables",
                             rule="discourse.region_table", subject=mention))
    return out


def _code(scope: Scope, start: int) -> str | None:
    m = scope.at(start)
    return m.code if m is not None else None


_LIST_SEP = LazyRegex(r"[、和及与]")
_PLACE_SHAPE = LazyRegex(r"[\u4e00-\u9fff]{1,6}?(?:新区|开发区|高新区|区|县|市|旗|州|盟)(?=$|[^区县市旗州盟])")
_REGION_HEAD = LazyRegex(r"区县|县区|县市区|设区市|县（市、区）|县\(市、区\)|市（州）|市\(州\)|地区|区域|地市|市州|属地|辖区|所在地")
_UNIT_NOTE = LazyRegex(r"[（(](?:件|个|项)[）)]")
_BARE_COUNT = LazyRegex(r"(?:交办|转办)?(?:件数|数量|信访件数?|举报件数?|案件数)")
_TOTAL_ROW = LazyRegex("合计|总计|小计|共计")
_CELL_NAME = LazyRegex(r"[\u4e00-\u9fff（）()]{2,14}|合 ?计|总 ?计")


def _region_before_aside(st: Statement, aside: tuple[int, int], n, scope: Scope) -> Mention | None:
    """The region right before "（97件）" when the parentheses hold only that count."""
    s, e = aside
    if st.text[s + 1:e - 1].strip() != st.text[n.start:n.end]:
        return None
    m = next((m for m in scope.walk_back(st.start + s) if m.end <= st.start + s), None)
    m = m if m is not None and m.end == st.start + s else None
    return m if m is not None and not m.own else None


def _item_mention(st: Statement, k: int, scope: Scope) -> Mention | None:
    """The region that labels number k ("太原市390件", "浙江和青海两省均为117人"), if any."""
    n = st.numbers[k]
    left = st.left_of(k)
    left_start = st.start + n.start - len(left)
    if not left.strip() and n.start - len(left) > 0 and st.text[n.start - len(left) - 1] in "：:":
        left_start = st.start + st.clause_start(n.start - len(left) - 1)  # "兰州市：19件"
    for m in scope.walk_back(st.start + n.start):
        if m.start < left_start:
            if k == 0 or not m.start <= st.start + st.numbers[k - 1].start < m.end:
                break
            left_start = m.start  # a numeral inside the name before ("五家渠市2件": 五家) is no number
        if m.end > st.start + n.start:
            continue
        between = scope.text[m.end:st.start + n.start]
        prefix = _without_enumeration(scope.text[left_start:m.start], m.group)
        if (m.kind == "inert" and not m.group) or (m.own and m.name[:1] in "我本全该"):
            return None  # 全省6个市 is no list item: a self-reference labels no share
        if not _ITEM_PREFIX.match(_PARENS.sub("", prefix)):
            return None
        if item_gap(between) or (m.group and _DISTRIBUTIVE_GAP.match(between.strip())):
            return m
        return None
    return _ranked_mention(st, n, left, scope)


def _ranked_mention(st: Statement, n, left: str, scope: Scope) -> Mention | None:
    """"岳阳市紧随其后，有12件", "涉及长沙市的信访件最多，共27件": a clause that is only a link and a
    count, after a clause that names a region and its rank; the region labels the count."""
    if not _LINK_ONLY.match(left):
        return None
    at = n.start - len(left) - 1  # the separator before the link
    if at <= 0 or st.text[at] not in "，,":
        return None
    start = st.clause_start(at)
    for m in scope.walk_back(st.start + at):
        if m.start < st.start + start:
            return None
        if m.own or m.kind == "inert" or m.group:
            return None
        lead = st.text[start:m.start - st.start]
        tail = st.text[m.end - st.start:at]
        return m if _RANK_LEAD.fullmatch(lead) and _RANK_TAIL.fullmatch(tail) else None
    return None


def _without_enumeration(prefix: str, group: tuple) -> str:
    """The words before a distributive enumeration ("A市、B市、C地区和D州均为2件"), without its
    other members: however long the enumeration, it is one item of the list."""
    for name in reversed(group[:-1]):
        trimmed = prefix[:-1] if prefix[-1:] in "、和及与" else prefix
        if not trimmed.endswith(name):
            break
        prefix = trimmed[:-len(name)]
    return prefix


def _own_cue(st: Statement, mention: Mention, n) -> Candidate | None:
    """A list introduced in its own sentence by what it counts ("问责人员中，昆明市26人…"): the words
    before the first item, read by the left rules, when no number stands between."""
    lead = st.text[:max(0, mention.start - st.start)]
    if any(x.end <= len(lead) for x in st.numbers):
        return None
    lead = _LEAD_TAIL_IN.sub("", _LEAD_TAIL.sub("", lead))
    if len(lead) < 2:
        return None
    from .counts import _topic  # the subject named in the sentence decides which rules apply

    cue = _metric_of(lead, n, _topic(st, n.start, "", n.unit))
    return Candidate(cue[0], cue[1], n, 0, 0, None, "counts") if cue else None


# A ranked item: the link before its count, the words before and after its region.
_LINK_ONLY = LazyRegex(r"^(?:有|共有|共|为|达|共计)$")
_RANK_LEAD = LazyRegex(r"(?:其中)?(?:涉及)?")
_RANK_TAIL = LazyRegex(r"(?:的)?(?:信访件|举报件|信访举报件|交办件|转办件|信访|举报)?(?:数量)?"
                       r"(?:最多|次之|其次|紧随其后|居首|居次|(?:位居|位列|居|排名|排在|排)第[一二三四五]位?)")
# What ends the words that introduce a list: 其中 / 涉及 / 分别为 and punctuation, 中 of "…人员中".
_LEAD_TAIL = LazyRegex(r"(?:(?:其中|涉及|包括|分别为|依次为|分布|如下)|[，,：:；;\s])*$")
_LEAD_TAIL_IN = LazyRegex(r"中$")
# A count of places ("涉及5个市州", "12个市（区）和4个省直部门") or a share ("占9%") within a list.
_PLACES_COUNT = re.compile(r"^(?:市|县|区|州|盟|旗|省|乡镇|街道|部门|单位)")
_SHARE = re.compile(r"占(?:比)?$")
# 一 and a measure word before the noun it measures ("一家板材加工厂", "一处堆场"): an article, no list item
_ARTICLE = re.compile(r"一[家个处座条起名]$")
_RESTATED = re.compile(r"^(?:案件|信访件|举报件|信访举报件|交办件|转办件)?中")


def _head(history: list[tuple[str, Candidate | None]], totals_only: bool = False, bare: bool = True) -> Candidate | None:
    """The count heading a list: the last count before it, over items and breakdown entries;
    a number that was not counted ends the search. A list of what a set 涉及 (concerns) splits
    a total (assigned, tasks), not the completions stated after it."""
    for kind, cand in reversed(history):
        if kind in ("count", "item"):
            if cand is not None and (not totals_only or cand.metric in _TOTALS):
                return cand
            continue
        if kind in ("breakdown", "aside") or (kind == "subset" and not bare):
            continue
        return None
    return None


def _kind(unit: str | None) -> str:
    """What a counter counts: people, money, a percentage or things."""
    if unit in ("人", "名", "人次"):
        return "people"
    return {"元": "money", "%": "percent"}.get(unit or "", "things")


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
    return rules().pollution_word.search(text) is not None
