"""`cepi report`: one self-contained HTML file over a `cepi extract` output.

Charts are Plotly figures with plotly.js inlined once in the page (no CDN, no network: the file
opens offline and can be mailed around). Sections, each a `<section id=…>`:
documents, completion, petitions, enforcement, disclosure, conflicts, checks.
"""
from __future__ import annotations

import html
import logging
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from . import compare
from .compare.panel import _read

log = logging.getLogger(__name__)

SECTIONS = {
    "documents": "Documents by type, level and round",
    "completion": "Rectification completion rate per region and round",
    "petitions": "Petitions by pollution type",
    "enforcement": "Enforcement and accountability",
    "disclosure": "Boilerplate share vs concrete share per document",
    "conflicts": "Panel conflicts",
    "checks": "Failed consistency checks",
}
ENFORCEMENT = ["enforcement.ordered_to_rectify", "enforcement.penalty_cases", "enforcement.criminal_cases",
               "enforcement.detained", "accountability.interviewed", "accountability.held_accountable",
               "accountability.disciplined", "accountability.criticized"]
# The facts a failed check is about, by words of its name (pipeline/extract/checks.py).
CHECK_METRICS = {
    "tasks": ("rectification.tasks_total", "rectification.tasks_completed", "rectification.tasks_incomplete"),
    "petitions closed": ("petitions.assigned", "petitions.closed", "petitions.partially_closed"),
    "pollution": ("petitions.assigned", "petitions.by_pollution_type"),
}
ROUND_ORDER = ["R1", "LB", "R2", "R3", "unknown"]

CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:1100px;
color:#222;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2.2rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.25rem .5rem;
vertical-align:top;text-align:left}th{background:#f4f4f4}.note{color:#666;font-size:.85rem}
nav a{margin-right:1rem}.empty{color:#888;font-style:italic}
"""


def _figure_html(fig) -> str:
    fig.update_layout(margin=dict(l=40, r=20, t=40, b=40), height=380, template="plotly_white")
    return fig.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False, "responsive": True})


def _table_html(df: pd.DataFrame) -> str:
    return df.to_html(index=False, escape=True, na_rep="", border=0)


def _empty(what: str) -> str:
    return f'<p class="empty">No {html.escape(what)} in this output.</p>'


def _region_round(df: pd.DataFrame) -> pd.Series:
    return df["region"].fillna("?").astype(str) + " " + df["round_label"].fillna("unknown").astype(str)


def documents_section(doc_regions: pd.DataFrame) -> str:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=3, subplot_titles=("doc_type", "admin_level", "round"))
    rounds = doc_regions["round_label"].fillna("unknown")
    columns = (doc_regions["doc_type"].fillna("unknown"), doc_regions["admin_level"].fillna("unknown"), rounds)
    for i, col in enumerate(columns, start=1):
        counts = col.value_counts()
        if i == 3:
            counts = counts.reindex([r for r in ROUND_ORDER if r in counts.index])
        fig.add_trace(go.Bar(x=list(counts.index), y=list(counts.values), showlegend=False), row=1, col=i)
    inferred = int(doc_regions["round_source"].eq("inferred").sum())
    note = (f'<p class="note">{len(doc_regions)} distinct documents (exact duplicates counted once); '
            f"round stated in {int(doc_regions['round_source'].eq('stated').sum())}, inferred from dates or the "
            f"inspection's name in {inferred}.</p>")
    return note + _figure_html(fig)


def completion_section(panel: pd.DataFrame) -> str:
    import plotly.express as px

    keep = panel[panel["category"].eq("all") & panel["value"].notna()]
    wide = keep.pivot_table(index=["region", "round_label", "round_order"], columns="metric", values="value",
                            aggfunc="first").reset_index()
    if not {"rectification.tasks_total", "rectification.tasks_completed"} <= set(wide.columns):
        return _empty("rectification totals with completed counts")
    wide = wide.dropna(subset=["rectification.tasks_total", "rectification.tasks_completed"])
    wide = wide[wide["rectification.tasks_total"] > 0]
    if wide.empty:
        return _empty("rectification totals with completed counts")
    wide["completion_rate"] = wide["rectification.tasks_completed"] / wide["rectification.tasks_total"]
    wide = wide.sort_values(["region", "round_order"])
    fig = px.bar(wide, x="region", y="completion_rate", color="round_label", barmode="group",
                 hover_data=["rectification.tasks_completed", "rectification.tasks_total"],
                 category_orders={"round_label": ROUND_ORDER})
    fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    return _figure_html(fig)


def petitions_section(panel: pd.DataFrame) -> str:
    import plotly.express as px

    rows = panel[panel["metric"].eq("petitions.by_pollution_type") & panel["value"].notna()].copy()
    if rows.empty:
        return _empty("petitions by pollution type")
    rows["region_round"] = _region_round(rows)
    fig = px.bar(rows.sort_values(["region", "round_order"]), x="region_round", y="value", color="category",
                 labels={"value": "petitions (件)", "region_round": "region and round", "category": "type"})
    return _figure_html(fig)


def enforcement_section(panel: pd.DataFrame) -> str:
    import plotly.express as px

    rows = panel[panel["metric"].isin(ENFORCEMENT) & panel["value"].notna()].copy()
    if rows.empty:
        return _empty("enforcement or accountability counts")
    rows["region_round"] = _region_round(rows)
    rows["what"] = rows["metric"].str.split(".").str[1]
    fig = px.bar(rows.sort_values(["region", "round_order"]), x="region_round", y="value", color="what",
                 barmode="group", labels={"value": "count", "region_round": "region and round"})
    fines = panel[panel["metric"].eq("enforcement.fines") & panel["value"].notna()].copy()
    out = _figure_html(fig)
    if not fines.empty:
        fines["fines (万元)"] = (fines["value"] / 1e4).round(2)
        out += "<h3>Fines</h3>" + _table_html(fines[["region", "round_label", "fines (万元)", "doc_ids"]])
    return out


def disclosure_section(documents: pd.DataFrame) -> str:
    import plotly.express as px

    cols = ["doc_id", "doc_type", "boilerplate_share", "concrete_share"]
    if not set(cols) <= set(documents.columns):
        return _empty("disclosure measures")
    rows = documents[cols].dropna(subset=["boilerplate_share", "concrete_share"])
    if rows.empty:
        return _empty("disclosure measures")
    fig = px.scatter(rows, x="boilerplate_share", y="concrete_share", color="doc_type", hover_name="doc_id")
    fig.update_xaxes(range=[-0.02, 1.02])
    fig.update_yaxes(range=[-0.02, 1.02])
    return _figure_html(fig)


def conflicts_section(panel: pd.DataFrame, sources: pd.DataFrame) -> str:
    cells = panel[panel["conflict"]]
    if cells.empty:
        return _empty("conflicts (no two documents of one region and round disagree)")
    keys = ["region_key", "round_label", "metric", "category"]
    if "inspection" in sources:  # a provincial inspection's figures are not the panel's candidates
        sources = sources[sources["inspection"].ne("provincial")]
    evid = sources.merge(cells[keys], on=keys)
    basis = evid["basis"].map(lambda b: f" ({b})" if isinstance(b, str) else "") if "basis" in evid else ""
    evid = evid.assign(candidate=evid["doc_id"] + ": " + evid["value"].map(lambda v: "masked" if pd.isna(v) else f"{v:g}")
                       + basis + " «" + evid["evidence"].fillna("") + "»")
    joined = evid.groupby(keys)["candidate"].agg(" | ".join).reset_index()
    table = cells.merge(joined, on=keys)[["region", "round_label", "metric", "category", "value", "chosen_by",
                                          "conflict_values", "candidate"]]
    return _table_html(table.rename(columns={"value": "chosen", "candidate": "candidates and evidence"}))


def checks_section(checks: pd.DataFrame | None, facts: pd.DataFrame) -> str:
    if checks is None or checks.empty or not (~checks["passed"].astype(bool)).any():
        return _empty("failed consistency checks")
    failed = checks[~checks["passed"].astype(bool)].copy()

    def evidence(row) -> str:
        metrics = next((m for words, m in CHECK_METRICS.items() if words in row["check"]), None)
        mine = facts[facts["doc_id"].eq(row["doc_id"])]
        if metrics:
            mine = mine[mine["metric"].isin(metrics)]
        return " | ".join(f"{f.metric.split('.')[-1]} {f.value:g} «{f.evidence}»" if pd.notna(f.value)
                          else f"{f.metric.split('.')[-1]} masked «{f.evidence}»" for f in mine.itertuples())

    failed["evidence"] = failed.apply(evidence, axis=1)
    return _table_html(failed[["doc_id", "check", "expected", "found", "note", "evidence"]])


def report_html(out_dir: str | Path) -> str:
    """The report over one extract output folder, as an HTML string."""
    from plotly.offline import get_plotlyjs

    out_dir = Path(out_dir)
    tables = compare.compare_outputs([out_dir])
    documents, _ = compare.load_outputs([out_dir])
    facts = _read(out_dir, "facts")
    facts = facts if facts is not None else pd.DataFrame(columns=["doc_id", "metric", "value", "evidence"])
    ok = documents[documents["status"].eq("ok")] if "status" in documents else documents
    bodies = {
        "documents": documents_section(tables["document_stickiness"]),
        "completion": completion_section(tables["panel"]),
        "petitions": petitions_section(tables["panel"]),
        "enforcement": enforcement_section(tables["panel"]),
        "disclosure": disclosure_section(ok),
        "conflicts": conflicts_section(tables["panel"], tables["panel_sources"]),
        "checks": checks_section(_read(out_dir, "checks"), facts),
    }
    nav = "".join(f'<a href="#{key}">{html.escape(title)}</a>' for key, title in SECTIONS.items())
    sections = "\n".join(f'<section id="{key}"><h2>{html.escape(SECTIONS[key])}</h2>\n{body}\n</section>'
                         for key, body in bodies.items())
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>cepi report: {html.escape(out_dir.name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{CSS}</style>
<script type="text/javascript">{get_plotlyjs()}</script>
</head><body>
<h1>cepi report</h1>
<p class="note">Output folder <code>{html.escape(str(out_dir))}</code>: {len(documents)} documents,
{len(facts)} facts, {len(tables['panel'])} panel cells, {len(tables['changes'])} changes between rounds.
Written {stamp}.</p>
<nav>{nav}</nav>
{sections}
</body></html>
"""


def write_report(out_dir: str | Path, out: str | Path) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report_html(out_dir), encoding="utf-8")
    log.info("report written to %s", out)
    return out
