"""Values as people write them, for the terminal (`cepi extract --show-facts`)."""
from __future__ import annotations


def number(value: float) -> str:
    """5280000.0 -> '5,280,000'; 59.152 -> '59.152'; thousands separated, no trailing zeros."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def fact_value(fact) -> str:
    """'5,280,000 元', '~1,200 件', '3–5 项', '96.5%', 'redacted 件'."""
    unit = fact.unit or ""
    if fact.redacted or fact.value is None:
        return f"redacted {unit}".rstrip()
    shown = number(fact.value)
    if fact.value_high is not None and fact.value_high != fact.value:
        shown = f"{shown}–{number(fact.value_high)}"
    if fact.approx:
        shown = f"~{shown}"
    return f"{shown}%" if unit == "%" else f"{shown} {unit}".rstrip()
