"""The fields of a measure read from words: status cues, deadlines, subjects, quantities,
domain and the action phrase."""
from __future__ import annotations

import re

from ..numbers import find_numbers
from .rules import MeasureRules


def status_cue(text: str, rules: MeasureRules) -> tuple[str, str] | None:
    """(status, rule id) of the first status rule (by priority) that fires on `text`."""
    rule = rules.first_by_words("status", text)
    return (rule.get("value"), rule.id) if rule else None


def earliest_status(text: str, rules: MeasureRules) -> tuple[str, str] | None:
    """The status word that comes first in a short status statement (正在推进，已完成2座)."""
    found = [(m.start(), r.get("value"), r.id) for r in [*rules["inherited_status"], *rules["status"]]
             if (m := r.search(text))]
    return min(found)[1:] if found else None


def inherited_status(text: str, rules: MeasureRules) -> tuple[str, str] | None:
    # (by the alternatives whose words `text` holds: the layout reads every sentence for it, and
    # inherit.done opens with a look-behind, which `re` tries at every position)
    rule = rules.first_by_words("inherited_status", text)
    return (rule.get("value"), rule.id) if rule else None


def deadline(text: str, rules: MeasureRules, done: bool = False) -> tuple[str | None, str, str] | None:
    """(normalized deadline or None, the words as written, rule id) of the first deadline rule
    that fires; a period (2023年4月至6月) is no deadline for work already done."""
    words = rules.section_words["deadlines"]
    if words is not None and words.search(text) is None:
        return None  # most clauses name no time at all
    for rule in rules["deadlines"]:
        m = rule.search(text)
        if m and not (rule.get("range") and done):
            return _normalize(rule, m), m.group().lstrip("于在即力争确保取"), rule.id
    return None


def label_deadline(value: str, rules: MeasureRules) -> tuple[str | None, str, str] | None:
    """A 整改时限 label (2017年9月底前，长期坚持): a dated deadline first, then 立行立改, then
    长期坚持; deadline_text is the whole label value."""
    def preference(rule) -> int:
        v = rule.get("value")
        return 0 if v and "{" in v else 1 if v == "immediate" else 2 if v else 3
    for rule in sorted(rules["deadlines"], key=preference):
        m = rule.regex.search(value)
        if m:
            return _normalize(rule, m), value.strip(" ，,。；;:："), rule.id
    return None


def _normalize(rule, m: re.Match) -> str | None:
    value = rule.get("value")
    if not value or "{" not in value:
        return value
    groups = [g for g in m.groups() if g]
    year = next((g for g in groups if len(g) == 4), "") or _YEAR.search(m.group()).group()
    rest = [g for g in groups if len(g) <= 2]
    return value.format(year=year, month=f"{int(rest[0]):02d}" if rest else "",
                        day=f"{int(rest[1]):02d}" if len(rest) > 1 else "")


_YEAR = re.compile(r"(?:19|20)\d{2}")

_BODY_END = ("局", "委", "厅", "办", "政府", "党委", "部门", "单位", "中心", "公司", "区", "县", "市", "省", "镇", "乡",
             "街道", "组", "院", "所", "站", "队", "兵团", "委员会", "管委会", "集团", "企业")


def _bodylike(name: str) -> bool:
    """A captured subject that names a body (县水利局, 各县（市）区), not a phrase (结合…的要求)."""
    name = name.strip()
    return 2 <= len(name) <= 40 and "的" not in name and name.endswith(_BODY_END)


def subject(text: str, rules: MeasureRules, places: bool = False, *, words_seen: bool = False) -> tuple[str, str] | None:
    """The body that does the action named at the start of a clause (县住建局, 我局; a place
    such as 河北省 only when `places`), or a lead anywhere in it (由X负责, X牵头).
    `words_seen`: the caller found words of the subject rules in `text` (_may_name_subject)."""
    if not words_seen and not _may_name_subject(text, rules):
        return None
    rule = rules._index  # (by id; `Rule.search` by hand: this runs for every clause read for a subject)
    reach = rules.reach  # (the rules anchored at the clause's start need their words near it)
    for rid in ("subj.lead", "subj.assign"):
        r = rule[rid]
        m = r.prefilter.search(text) and r.regex.search(text)
        if m and _bodylike(name := next(g for g in m.groups() if g)):
            return name, rid
    r = rule["subj.self"]
    m = r.prefilter.search(text, 0, reach["subj.self"]) and r.regex.search(text)
    if m:
        return m.group(1), "subj.self"
    org = rule["subj.org"].regex
    m = org.match(text) if text[:1] == "各" or _ORG_END.search(text, 0, ORG_REACH) and may_open_org(text) else None
    if m:
        end = m.end()
        while end < len(text) - 1 and text[end] == "、":  # 省委、省政府: coordinated bodies act together
            if more := org.match(text[end + 1:]):
                end += 1 + more.end()
            elif more := _BARE_BODY.match(text, end + 1):  # 自治区党委、人民政府
                end = more.end()
            else:
                break
        return text[m.start():end], "subj.org"
    for rid in ("subj.plural", "subj.deictic"):  # 市直16个部门, 各县区; 我市 (named by `own_region`)
        r = rule[rid]
        m = r.prefilter.search(text, 0, reach[rid]) and r.regex.search(text)
        if m:
            return m.group(), rid
    return place_subject(text, rules) if places else None


def place_subject(text: str, rules: MeasureRules) -> tuple[str, str] | None:
    """A place that opens the clause as its subject (河北省积极…): what `subject(places=True)`
    finds when `subject` finds nothing."""
    r, reach = rules._index["subj.place"], rules.reach["subj.place"]
    # (its gate too: a place's 市 / 县 is near the start of most clauses, the 积极 / 已 … after it
    # in few, and the search is dear: see rules.Rule.gate)
    m = r.prefilter.search(text, 0, reach) and r.gate.search(text, 0, reach) and r.regex.search(text)
    return (m.group(), "subj.place") if m else None


def assigned(text: str, rules: MeasureRules) -> tuple[str, str] | None:
    """向X下达任务: X does what follows."""
    m = rules.by_id("subj.assign").search(text)
    return (m.group(1), "subj.assign") if m and _bodylike(m.group(1)) else None


def carried_subject(text: str, rules: MeasureRules, *, words_seen: bool = False) -> tuple[str, str] | None:
    """A clause that names who acts in what follows: X高度重视 / X承担…整改 / X要求.
    `words_seen`: as for `subject`."""
    if not words_seen and not _may_name_subject(text, rules):
        return None
    for rid in ("subj.carry_rectifier", "subj.carry_directive"):
        if got := _carried(text, rules, rid):
            return got
    return None


def rectifier(text: str, rules: MeasureRules) -> tuple[str, str] | None:
    """The body that rectifies (X高度重视 / X承担…整改), as `carried_subject` finds it; X高度重视
    may open a later clause of the sentence (记者获悉，…反馈意见，北京市委、市政府高度重视…)."""
    got = _carried(text, rules, "subj.carry_rectifier")
    if got or "高度重视" not in text:
        return got
    for m in _CLAUSE_MARK.finditer(text, 0, text.index("高度重视")):
        if got := _carried(text[m.end():], rules, "subj.carry_rectifier"):
            return got
    return None


_CLAUSE_MARK = re.compile("[，,]")


def _carried(text: str, rules: MeasureRules, rid: str) -> tuple[str, str] | None:
    r, reach = rules._index[rid], rules.reach[rid]
    # (its gate too: subj.carry_rectifier's prefilter holds 整改, in most clauses)
    m = r.prefilter.search(text, 0, reach) and r.gate.search(text, 0, reach) and r.regex.search(text)
    if m and (_bodylike(m.group(1)) or m.group(1).strip() in SELF):
        return m.group(1).strip(), rid
    return None


def _may_name_subject(text: str, rules: MeasureRules) -> bool:
    """False when `text` has none of the words the subject rules need (most clauses)."""
    words = rules.section_words["subjects"]
    return words is None or words.search(text) is not None


# subj.org without `re` (most clauses name no body at their start, and its lazy runs backtrack
# through every split before failing): a match that does not open with 各 (各县（市、区）, whose list
# may run on) is at most ORG_REACH characters long and ends with a body word (…政府, …委, …会,
# …局, …办公室, …办事处, …中心, …公司, …集团, …站, …所, …部门, …街道, …队, …专班, …单位): one of
# these last characters is among its first ORG_REACH. (tests/test_measures_speed4.py checks the
# reach on the parsed pattern and that no match of the rules' texts is missed.)
ORG_REACH = 27
_ORG_END = re.compile("[府委会局室处办厅心司团站所门道队班位]")

# Where subj.org's branches not opening with 各 put their first words: the place branch opens with
# a place character (省 / 市 / 镇 …) or has its place word begin at the 3rd to 9th character
# ({2,8}? characters before it), the team branch opens with 工作专班 / 执法 / 村委会 / 居委会 /
# 村两委, the unit branch has its 单位 begin by the 19th ({0,16}? characters and a two-character
# word before it). A clause with a body word's last character near its start (_ORG_END) but
# none of these is no match: 林业局牵头制定《…县…方案》. (measured, extract_measures over 20 bench
# documents after 5: subj.org's match tried on 136 clauses instead of 231, 26 matching;
# tests/test_measures_speed21.py checks the places on the parsed pattern and on the rules' texts)
_ORG_FIRST = frozenset("省市县区州旗镇乡工执村居")
_ORG_PLACE = re.compile("[省市县区州旗自镇乡街村社]")
ORG_PLACE_SPAN = (2, 9)  # where the place branch's place word may begin (text[2:9])
ORG_UNIT_REACH = 20  # the unit branch's 单位 lies in text[:20]


def may_open_org(text: str) -> bool:
    """False when no branch of subj.org but the one opening with 各 can match at text's start."""
    return text[:1] in _ORG_FIRST or _ORG_PLACE.search(text, *ORG_PLACE_SPAN) is not None or \
        "单位" in text[:ORG_UNIT_REACH]


# a body named after 、 without its place (自治区党委、人民政府): the place of the one before
_BARE_BODY = re.compile("(?:人民政府|政府|党委)(?![\u4e00-\u9fff]{0,1}(?:办公|工作|部门))")

SELF = ("我局", "我厅", "我委", "我办", "本局", "本厅", "我单位")

# 我市 / 本省 …: the rank a document's region must have to be the place meant (the name and the
# region may be as written: 我區, 大洼區)
_DEICTIC = {"省": ("省",), "市": ("市",), "区": ("区", "區"), "县": ("县", "縣"), "區": ("区", "區"), "縣": ("县", "縣")}


def own_region(name: str, region: str | None) -> str | None:
    """`name` with a leading 我市 / 我省 / 我区 / 我县 (本市 …) replaced by the document's
    `region` when the region has that rank (我市 in 营口市's document -> 营口市; 我市生态环境局 ->
    营口市生态环境局); None when it names no such place or the region is of another rank."""
    if not region or len(name) < 2 or name[0] not in "我本" or name[1] not in _DEICTIC:
        return None
    if not region.endswith(_DEICTIC[name[1]]):
        return None
    return region + name[2:]


def domain(text: str, rules: MeasureRules) -> str | None:
    """The domain whose words the text has most often (rule order breaks ties)."""
    domains, mask = rules.domains, rules.domain_words.candidates(text)
    if mask and not mask & (mask - 1) and rules.domain_by_words[mask.bit_length() - 1]:
        return domains[mask.bit_length() - 1][0]  # the one domain with a word here: no counting
    best, most = None, 0
    while mask:  # only the domains with a word in the text (the others count none), in order
        low = mask & -mask
        mask ^= low
        name, regex = domains[low.bit_length() - 1]
        if (n := len(regex.findall(text))) > most:
            best, most = name, n
    return best


def action(text: str, verb_at: int, limit: int) -> str:
    """The action as written: from the verb to the end of the clause (the whole clause when
    the verb ends it: 加大雨污分流改造), at most `limit` characters."""
    if verb_at < 0:
        return text[:limit]
    start = verb_at
    if len(text) - verb_at <= 4:
        start = 0
    return text[start:start + limit]


def quantities(text: str, rules: MeasureRules) -> list[str]:
    """Number + counter pairs (8座, 80公里, 95%); dates, ordinals (第二轮) and the article 一
    (一个点位) left out; masked numbers as written."""
    return _quantities(text, find_numbers(text), 0, len(text), rules)


# Characters no number expression holds or reads across: no word of pipeline/rules/numbers.yaml
# has one, and the only look-ahead there (一起(?![^，,。；;：:]…)) stops at them, as at a text's end.
# A number of a sentence never spans one, and one before or after a clause is like the text's edge.
# The comma of the normalized text (,) is one too unless digits stand on both sides: 1,234.
NUMBER_BREAKS = frozenset("，。；;：:")
_DIGITS = frozenset("0123456789０１２３４５６７８９")


def _number_break(text: str, at: int) -> bool:
    """Whether no number expression of `text` holds text[at] or reads across it."""
    ch = text[at]
    return ch in NUMBER_BREAKS or ch == "," and not (text[at - 1:at] in _DIGITS and text[at + 1:at + 2] in _DIGITS)


def clause_quantities(text: str, start: int, end: int, sentence_start: int, sentence_end: int,
                      rules: MeasureRules) -> list[str]:
    """`quantities(text[start:end])` for a clause of the sentence text[sentence_start:sentence_end],
    read off the sentence's numbers when the clause's edges are the sentence's or number breaks
    (then they are the clause's numbers, at the same places): the facts and the classifier parse
    the same sentences (find_numbers keeps a bounded memo), and the sentence's other measures
    read the same numbers."""
    if sentence_start <= start <= end <= sentence_end and \
            (start == sentence_start or _number_break(text, start - 1)) and \
            (end == sentence_end or _number_break(text, end)):
        sentence = text[sentence_start:sentence_end]
        return _quantities(sentence, find_numbers(sentence), start - sentence_start, end - sentence_start, rules)
    return quantities(text[start:end], rules)


def _quantities(text: str, numbers, start: int, end: int, rules: MeasureRules) -> list[str]:
    """The quantities of the `numbers` of `text` (left to right) within text[start:end]."""
    skip = rules.not_quantity_units
    out = []
    for n in numbers:
        if n.start < start:
            continue
        if n.end > end:
            break
        if not n.unit or n.unit in skip or text[max(0, n.start - 1):n.start] == "第":
            continue
        if text[n.start:n.end].startswith("一") and n.value == 1:
            continue
        if n.redacted or n.value is None:
            out.append(text[n.start:n.end])
            continue
        value = _fmt(n.value) if n.value_high is None else f"{_fmt(n.value)}-{_fmt(n.value_high)}"
        out.append(value + n.unit)
    return out


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
