"""Which inspection round a document is about: stated in its text (documents.round, read by
metadata.py) or inferred here from its dates and the inspection's name (rules/rounds.yaml).

Labels: R1 (第一轮), LB (回头看: round 1, lookback), R2 (第二轮), R3 (第三轮); `round_order` sorts
them (LB = 1.5) so consecutive rounds can be compared.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..datafiles import load_yaml
from ..normalize import simplified


@dataclass(frozen=True)
class RoundRule:
    id: str
    round: int
    lookback: bool
    order: float
    start: str  # YYYY-MM
    end: str


@dataclass(frozen=True)
class RoundInfo:
    round: int | None
    is_lookback: bool | None
    label: str | None
    order: float | None
    source: str | None  # 'stated' / 'inferred' / None (unknown)
    how: str | None     # what the inference read


UNKNOWN = RoundInfo(None, None, None, None, None, None)
_LOOKBACK = re.compile(r"回头看")
_PROVINCIAL_BODY = re.compile(r"省[^，。,]{0,10}(?:厅|督察组)")


@lru_cache(maxsize=1)
def round_rules() -> dict:
    """rules/rounds.yaml, validated: windows in order, patterns compiled."""
    with resources.files("pipeline.rules").joinpath("rounds.yaml").open(encoding="utf-8") as fh:
        data = load_yaml(fh)
    windows = [RoundRule(r["id"], int(r["round"]), bool(r["lookback"]), float(r["order"]), r["from"], r["to"])
               for r in data["rounds"]]
    for a, b in zip(windows, windows[1:]):
        if not (a.start <= a.end < b.start <= b.end and a.order < b.order):
            raise ValueError(f"rounds.yaml: windows {a.id} and {b.id} overlap or are out of order")
    return {
        "windows": windows,
        "by_id": {w.id: w for w in windows},
        "era_old": re.compile(data["era_old"]),
        "era_new": re.compile(data["era_new"]),
        "new_era_r3_from": str(data["new_era_r3_from"]),
        "text_date": re.compile(data["text_date"]),
    }


def label_for(round_: int | None, lookback: bool | None) -> RoundRule | None:
    if round_ is None:
        return None
    wanted = "LB" if round_ == 1 and lookback else f"R{round_}"
    return round_rules()["by_id"].get(wanted)


def _info(rule: RoundRule, source: str, how: str) -> RoundInfo:
    return RoundInfo(rule.round, rule.lookback, rule.id, rule.order, source, how)


def _window(month: str) -> RoundRule | None:
    """The round whose inspection window holds `month` (YYYY-MM); a bare year (YYYY) on a
    boundary (2019) takes the earlier window."""
    for w in round_rules()["windows"]:
        if w.start[:len(month)] <= month <= w.end[:len(month)]:
            return w
    return None


def _month(date: str | None) -> str | None:
    """'2021-04-06' -> '2021-04'; '2021' stays; None for nothing usable."""
    if not isinstance(date, str) or not re.match(r"^\d{4}", date):
        return None
    return date[:7] if re.match(r"^\d{4}-\d{2}", date) else date[:4]


def text_date(text: str | None) -> str | None:
    """The first year-month written in the text (a publication header, a dated event)."""
    if not isinstance(text, str):
        return None
    m = round_rules()["text_date"].search(text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return f"{m.group(1)}-{int(m.group(2)):02d}"



def _simplified(text: str | None) -> str | None:
    """The text in Simplified script (中央環境保護督察 is 中央环境保护督察)."""
    return simplified(text) if isinstance(text, str) else None


def era(text: str | None) -> str | None:
    """'old' (中央环境保护督察: round 1 / lookback), 'new' (中央生态环境保护督察: rounds 2-3) or None."""
    if not isinstance(text, str):
        return None
    text = _simplified(text)
    rules = round_rules()
    old, new = bool(rules["era_old"].search(text)), bool(rules["era_new"].search(text))
    return "old" if old and not new else "new" if new and not old else None


def about_lookback(text: str | None) -> bool:
    """A text about the central 回头看: a line of its heading (first three non-empty lines) names it, and
    not as a provincial inspection's (省环保厅环境保护督察组……“回头看”). Mentions further down (related
    news, a round-1 report preparing for it) do not count."""
    text = _simplified(text)
    if not text:
        return False
    for line in [line for line in text.split("\n") if line.strip()][:3]:
        for m in _LOOKBACK.finditer(line):
            clause = re.split(r"[。！？!?；;]", line[:m.start()])[-1]  # its sentence up to 回头看
            if not (_PROVINCIAL_BODY.search(clause) and "中央" not in clause):
                return True
    return False


def document_round(stated_round, is_lookback, entry_date=None, feedback_date=None, report_date=None,
                   text: str | None = None) -> RoundInfo:
    """The round a document is about. Stated wins; else the inspection's dates (进驻 / 反馈) by the
    windows; else the document's own date (signature, or the first date in its text) read with
    the inspection's name; else the name alone (old name -> R1). A text of the old name about the
    回头看 (`about_lookback`) is LB."""
    if stated_round is not None and stated_round == stated_round:  # not NaN
        rule = label_for(int(stated_round), bool(is_lookback) if is_lookback == is_lookback else False)
        return _info(rule, "stated", "text") if rule else UNKNOWN
    rules = round_rules()
    for name, date in (("entry date", entry_date), ("feedback date", feedback_date)):
        month = _month(date)
        if month and (rule := _window(month)):
            return _info(rule, "inferred", f"{name} {date}")
    kind = era(text)
    lookback = kind == "old" and about_lookback(text)
    own = _month(report_date)
    how = f"report date {report_date}"
    if not own and (own := text_date(text)):
        how = f"date in text {own}"
    if own:
        if kind == "old":
            if lookback:
                return _info(rules["by_id"]["LB"], "inferred", f"{how}, inspection's old name, 回头看")
            return _info(rules["by_id"]["R1"], "inferred", f"{how}, inspection's old name")
        if kind == "new":
            later = own >= rules["new_era_r3_from"][:len(own)]
            return _info(rules["by_id"]["R3" if later else "R2"], "inferred", f"{how}, inspection's new name")
        if rule := _window(own):
            return _info(rule, "inferred", how)
    if kind == "old":
        if lookback:
            return _info(rules["by_id"]["LB"], "inferred", "inspection's old name, 回头看")
        return _info(rules["by_id"]["R1"], "inferred", "inspection's old name")
    return UNKNOWN
