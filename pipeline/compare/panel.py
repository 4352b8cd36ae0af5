"""Region × round panel from `cepi extract` outputs: every candidate figure (`panel_sources`),
the one the panel keeps (`panel`, with `chosen_by` and a `conflict` flag) and the change between
consecutive rounds (`changes`). Plain DataFrame functions, named for what they return.
"""
from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from ..gazetteer import Gazetteer, gazetteer
from . import context
from .regions import Region, document_region, resolve
from .rounds import document_round

log = logging.getLogger(__name__)

# Rounds sort by this; LB (回头看) sits between R1 and R2.
REL_TOL = 0.005  # values within 0.5% agree
# Totals that do not move with time: documents disagreeing on them conflict whatever their dates.
FIXED_METRICS = {"rectification.tasks_total"}
# Counts that a stated `petitions.change_pct` compares across rounds.
CHANGE_PCT_METRICS = {"petitions.received", "petitions.accepted", "petitions.assigned"}
BASIS_RANK = {"cumulative": 0, None: 1, "batch": 2}

FACT_DEFAULTS = {"subject_region": None, "subject_region_code": None, "as_of": None, "basis": None, "rule": None,
                 "value_high": None, "fact_idx": None}
DOC_DEFAULTS = {"region_code": None, "admin_level": None, "round": None, "is_lookback": None, "batch": None,
                "entry_date": None, "feedback_date": None, "report_date": None, "text_norm": None, "sha256": None,
                "doc_type": None}


def _read(out_dir: Path, name: str) -> pd.DataFrame | None:
    for suffix, reader in (("parquet", pd.read_parquet), ("csv", pd.read_csv)):
        path = out_dir / f"{name}.{suffix}"
        if path.exists():
            return reader(path)
    return None


def load_outputs(out_dirs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(documents, facts) of one or more `cepi extract` output folders, combined. A doc_id that
    two folders share for different files is prefixed with its folder's name."""
    docs, facts, seen = [], [], {}
    for out_dir in map(Path, out_dirs):
        d, f = _read(out_dir, "documents"), _read(out_dir, "facts")
        if d is None:
            raise FileNotFoundError(f"{out_dir}: no documents.parquet or documents.csv (run `cepi extract` first)")
        f = f if f is not None else pd.DataFrame(columns=["doc_id", "metric"])
        for col, default in DOC_DEFAULTS.items():
            d[col] = d[col] if col in d else default
        for col, default in FACT_DEFAULTS.items():
            f[col] = f[col] if col in f else default
        clash = {i for i, sha in zip(d.doc_id, d.sha256) if i in seen and seen[i] != sha}
        if clash:
            rename = {i: f"{out_dir.name}/{i}" for i in clash}
            d["doc_id"], f["doc_id"] = d.doc_id.replace(rename), f.doc_id.replace(rename)
        seen.update(zip(d.doc_id, d.sha256))
        d["out_dir"] = str(out_dir)
        docs.append(d)
        facts.append(f)
    documents = pd.concat(docs, ignore_index=True).drop_duplicates(["doc_id", "sha256"])
    return documents, pd.concat(facts, ignore_index=True).drop_duplicates(["doc_id", "fact_idx", "metric", "evidence"])


def _null(v):
    return None if v is None or (isinstance(v, float) and v != v) or v is pd.NA else v


def document_regions(documents: pd.DataFrame, gaz: Gazetteer | None = None) -> pd.DataFrame:
    """One row per distinct document (status ok; exact duplicates by sha256 collapse onto the first
    doc_id, listed in `duplicates`): its region identity and round with `round_source`."""
    gaz = gaz or gazetteer()
    ok = documents[documents["status"].eq("ok")] if "status" in documents else documents
    ok = ok.sort_values("doc_id", kind="stable")
    rows = []
    for sha, group in ok.groupby(ok["sha256"].fillna(ok["doc_id"]), sort=False):
        doc = {k: _null(v) for k, v in group.iloc[0].to_dict().items()}
        region = document_region(gaz, doc)
        info = document_round(doc.get("round"), doc.get("is_lookback"), doc.get("entry_date"),
                              doc.get("feedback_date"), doc.get("report_date"), doc.get("text_norm"))
        rows.append({
            "doc_id": doc["doc_id"], "duplicates": "; ".join(group["doc_id"].iloc[1:]) or None,
            "doc_type": doc.get("doc_type"), "admin_level": doc.get("admin_level"), "batch": doc.get("batch"),
            "report_date": doc.get("report_date"), **_region_cols(region),
            "round": info.round, "is_lookback": info.is_lookback, "round_label": info.label,
            "round_order": info.order, "round_source": info.source, "round_how": info.how,
        })
    cols = ["doc_id", "duplicates", "doc_type", "admin_level", "batch", "report_date", *_region_cols(None),
            "round", "is_lookback", "round_label", "round_order", "round_source", "round_how"]
    return pd.DataFrame(rows, columns=cols).sort_values("doc_id", ignore_index=True)


def _region_cols(region: Region | None) -> dict:
    if region is None:
        return dict.fromkeys(["region_key", "region", "region_code", "region_level", "province", "region_masked"])
    return {"region_key": region.key, "region": region.name, "region_code": region.code,
            "region_level": region.level, "province": region.province, "region_masked": region.masked}


def panel_sources(documents: pd.DataFrame, facts: pd.DataFrame, gaz: Gazetteer | None = None,
                  doc_regions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every candidate figure: one row per fact of a distinct document, placed at its region (the
    document's own, or the fact's `subject_region`, resolved within the document's region) and round."""
    gaz = gaz or gazetteer()
    doc_regions = doc_regions if doc_regions is not None else document_regions(documents, gaz)
    by_doc = {r["doc_id"]: r for r in doc_regions.to_dict("records")}
    texts = {}
    if "doc_id" in documents:
        for col in ("text_norm", "text"):  # offsets index `text`; text_norm where an output has only it
            if col in documents:
                texts.update({i: t for i, t in zip(documents["doc_id"], documents[col]) if isinstance(t, str) and t})
    heading = {i: context.heading_names_batch(t) for i, t in texts.items()}
    rows = []
    for fact in facts.to_dict("records"):
        doc = by_doc.get(fact["doc_id"])
        if doc is None or not isinstance(fact.get("metric"), str):
            continue  # a duplicate's facts: its first copy carries them
        fact = {k: _null(v) for k, v in fact.items()}
        region_cols = {k: doc[k] for k in _region_cols(None)}
        if fact.get("subject_region") or fact.get("subject_region_code"):
            own = Region(doc["region_key"], _null(doc["region"]), _null(doc["region_code"]),
                         _null(doc["region_level"]), _null(doc["province"]), bool(doc["region_masked"]))
            region_cols = _region_cols(resolve(gaz, fact.get("subject_region"), code=fact.get("subject_region_code"),
                                               within=own, doc_id=fact["doc_id"]))
        text = texts.get(fact["doc_id"])
        pos = context.locate(text, fact.get("evidence"), fact.get("char_start"))
        own_words, before = context.window(text, pos, fact.get("evidence") or "") if pos is not None else ("", "")
        basis, basis_how = context.reread_basis(fact.get("basis"), fact["metric"], own_words, before,
                                                heading.get(fact["doc_id"], False))
        rows.append({
            **region_cols,
            **{k: doc[k] for k in ("round", "is_lookback", "round_label", "round_order", "round_source")},
            "metric": fact["metric"], "category": fact.get("category") or "all",
            "value": fact.get("value"), "value_high": fact.get("value_high"), "unit": fact.get("unit"),
            "approx": fact.get("approx"), "redacted": bool(fact.get("redacted")),
            "basis": basis, "basis_stated": fact.get("basis"), "basis_how": basis_how,
            "inspection": context.inspection(own_words, before),
            "as_of": fact.get("as_of"), "report_date": doc["report_date"],
            "doc_batch": doc["batch"], "doc_id": fact["doc_id"], "duplicates": doc["duplicates"],
            "doc_type": doc["doc_type"], "subject_region": fact.get("subject_region"),
            "fact_idx": fact.get("fact_idx"), "evidence": fact.get("evidence"),
            "char_start": fact.get("char_start"), "char_end": fact.get("char_end"),
        })
    cols = [*_region_cols(None), "round", "is_lookback", "round_label", "round_order", "round_source", "metric",
            "category", "value", "value_high", "unit", "approx", "redacted", "basis", "basis_stated", "basis_how",
            "inspection", "as_of", "report_date", "doc_batch", "doc_id", "duplicates", "doc_type", "subject_region", "fact_idx", "evidence",
            "char_start", "char_end"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["region_key", "round_order", "metric", "category", "doc_id", "char_start"],
                           na_position="last", ignore_index=True)


# ---- choosing one figure per region × round × metric × category --------------------------------

def _rank(c: dict) -> tuple:
    """Sort key, best first: a figure over a masked one; cumulative over unstated over batch;
    latest as_of; latest report date; the larger figure (at one moment a part, such as one batch,
    never exceeds its whole); then doc_id and position (a stable tie-break)."""
    desc = lambda s: tuple(-ord(ch) for ch in s) if isinstance(s, str) else (1,)
    return (c["redacted"], BASIS_RANK.get(c["basis"], 1), desc(c["as_of"]), desc(c["report_date"]),
            -(c["value"] or 0), c["doc_id"], c["char_start"] if c["char_start"] is not None else 0)


_RULES = ("figure over masked", "cumulative over batch", "latest as_of", "latest report date", "larger figure")


def _chosen_by(ranked: list[dict]) -> str:
    if len(ranked) == 1:
        return "only candidate"
    best, second = _rank(ranked[0]), _rank(ranked[1])
    if _agree(ranked[0]["value"], ranked[1]["value"]) and best[:2] == second[:2]:
        return "candidates agree"
    for name, a, b in zip(_RULES, best, second):
        if a != b:
            return name
    return "tie: first by doc_id"


def _agree(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b))


def _batch_of(c: dict):
    """The batch a figure counts: the document's batch number when known, else the document itself
    (two notices of unknown batches are two batches)."""
    return c["doc_batch"] if c["doc_batch"] is not None else f"doc:{c['doc_id']}"


def _scope(c: dict, metric: str) -> tuple:
    """Candidates in one scope describe the same moment: same basis (and batch), same as_of or
    report date (an undated running total: its document's own moment). Totals in FIXED_METRICS have one
    scope. A national bulletin's own figures cover one
    inspection batch's provinces: bulletins of different batches are different scopes."""
    if metric in FIXED_METRICS:
        return ()
    batch = _batch_of(c) if c["basis"] == "batch" else None
    national = c["doc_batch"] if c["region_key"] == NATIONAL_KEY else None
    # an undated running total's moment is its document's: two running totals of unknown days do not
    # conflict (1095 after ten batches, 2640 after 24); undated figures of no stated basis still may
    moment = c["as_of"] or c["report_date"] or (f"doc:{c['doc_id']}" if c["basis"] == "cumulative" else None)
    return (c["basis"], batch, national, moment)


def conflicting_values(cands: list[dict], metric: str) -> list[float]:
    """Values that documents in one scope disagree on (empty when none do)."""
    scopes: dict[tuple, list[dict]] = {}
    for c in cands:
        if not c["redacted"] and c["value"] is not None:
            scopes.setdefault(_scope(c, metric), []).append(c)
    out: set[float] = set()
    for group in scopes.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a["doc_id"] != b["doc_id"] and not _agree(a["value"], b["value"]):
                    out |= {a["value"], b["value"]}
    return sorted(out)


def _one_per_document_value(cands: list[dict]) -> list[dict]:
    """A figure a document repeats (交办23批群众举报案件共419件 … 交办的419件) is one candidate: the
    best-ranked mention, whose basis is stated when one of them states it."""
    best: dict[tuple, dict] = {}
    for c in sorted(cands, key=_rank):
        best.setdefault((c["doc_id"], c["value"]), c)
    return [c for c in cands if best[(c["doc_id"], c["value"])] is c]


PANEL_KEYS = ["region_key", "round_label", "metric", "category"]
NATIONAL_KEY = "national"


def panel(sources: pd.DataFrame) -> pd.DataFrame:
    """One row per region × round × metric × category: the chosen figure, why (`chosen_by`), how many
    documents stand behind the cell, and `conflict` where documents of the same scope disagree."""
    rows = []
    # a provincial inspection's figures (省第四环保督察组转交…) stay in panel_sources, out of the panel
    central = sources[sources["inspection"].ne("provincial")] if "inspection" in sources else sources
    records = [{k: _null(v) for k, v in r.items()} for r in central.to_dict("records")]
    groups: dict[tuple, list[dict]] = {}
    for r in records:
        groups.setdefault(tuple(r[k] for k in PANEL_KEYS), []).append(r)
    for key, cands in groups.items():
        cands = _one_per_document_value(cands)
        ranked = sorted(cands, key=_rank)
        best = ranked[0]
        clash = conflicting_values(cands, best["metric"])
        doc_ids = sorted({c["doc_id"] for c in cands})
        rows.append({
            **{k: best[k] for k in ("region_key", "region", "region_code", "region_level", "province",
                                    "region_masked", "round", "is_lookback", "round_label", "round_order",
                                    "round_source", "metric", "category", "value", "value_high", "unit", "approx",
                                    "redacted", "basis", "as_of")},
            "n_documents": len(doc_ids), "n_candidates": len(cands), "doc_ids": "; ".join(doc_ids),
            "chosen_doc_id": best["doc_id"], "evidence": best["evidence"], "chosen_by": _chosen_by(ranked),
            "conflict": bool(clash), "conflict_values": "; ".join(f"{v:g}" for v in clash) or None,
        })
    cols = ["region_key", "region", "region_code", "region_level", "province", "region_masked", "round",
            "is_lookback", "round_label", "round_order", "round_source", "metric", "category", "value",
            "value_high", "unit", "approx", "redacted", "basis", "as_of", "n_documents", "n_candidates", "doc_ids",
            "chosen_doc_id", "evidence", "chosen_by", "conflict", "conflict_values"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["region_key", "round_order", "metric", "category"], na_position="last",
                           ignore_index=True)


def _not_comparable(region_key: str, basis_from, basis_to) -> str | None:
    """Why two rounds' figures cannot be set against each other (None when they can): only figures of
    one basis are (both running totals, or both unstated), never a batch, never a national bulletin's."""
    if region_key == NATIONAL_KEY:
        return "national bulletins count one inspection batch's provinces, another set each round"
    if "batch" in (basis_from, basis_to):
        return "one batch of petitions on one side: not the round's count"
    if basis_from != basis_to:
        return f"bases differ ({basis_from or 'unstated'} vs {basis_to or 'unstated'}): the unstated figure may count a part"
    return None


def changes(panel_df: pd.DataFrame) -> pd.DataFrame:
    """Per region, metric and category: the value in consecutive rounds (by round order), the
    absolute and relative change, and beside them the change the documents state
    (`petitions.change_pct` of the later round) for the petition counts it refers to. Figures that
    do not measure the same thing (a batch's count against a round's; a national bulletin's batch of
    provinces against another round's, a running total against a figure of no stated basis) keep their
    row, `comparable` false, a `note` and the change null."""
    known = panel_df[panel_df["round_order"].notna() & panel_df["value"].notna() & ~panel_df["region_masked"].astype(bool)]
    stated = {(r.region_key, r.round_label): r for r in
              known[known["metric"].eq("petitions.change_pct")].itertuples()}
    rows = []
    for (region_key, metric, category), group in known.groupby(["region_key", "metric", "category"], sort=True):
        if metric == "petitions.change_pct":
            continue
        group = group.sort_values("round_order")
        for a, b in zip(group.itertuples(), group.iloc[1:].itertuples()):
            said = stated.get((region_key, b.round_label)) if metric in CHANGE_PCT_METRICS else None
            note = _not_comparable(region_key, _null(a.basis), _null(b.basis))
            rows.append({
                "region_key": region_key, "region": b.region, "region_code": b.region_code, "metric": metric,
                "category": category, "unit": b.unit, "round_from": a.round_label, "round_to": b.round_label,
                "value_from": a.value, "value_to": b.value, "basis_from": _null(a.basis), "basis_to": _null(b.basis),
                "as_of_from": _null(a.as_of), "as_of_to": _null(b.as_of),
                "comparable": note is None, "note": note,
                "abs_change": None if note else b.value - a.value,
                "rel_change_pct": round((b.value - a.value) / a.value * 100, 4) if a.value and not note else None,
                "stated_change_pct": said.value if said is not None else None,
                "stated_evidence": said.evidence if said is not None else None,
                "doc_ids_from": a.doc_ids, "doc_ids_to": b.doc_ids,
                "conflict": bool(a.conflict or b.conflict),
            })
    cols = ["region_key", "region", "region_code", "metric", "category", "unit", "round_from", "round_to",
            "value_from", "value_to", "basis_from", "basis_to", "as_of_from", "as_of_to", "comparable", "note",
            "abs_change", "rel_change_pct", "stated_change_pct", "stated_evidence",
            "doc_ids_from", "doc_ids_to", "conflict"]
    return pd.DataFrame(rows, columns=cols)
