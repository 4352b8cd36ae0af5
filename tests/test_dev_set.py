"""Regression guard on the hand-annotated development sets (corpora/dev, corpora/dev2): facts and document fields.

The thresholds sit just under today's scores, so a change that loses facts or fields fails here."""
import json
from pathlib import Path

import pytest

from pipeline.run import Context, process_all

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


def same(metric, a, b):
    a, b = a or "all", b or "all"
    if metric in ("petitions.by_industry", "indicator"):
        a, b = a.removesuffix("行业"), b.removesuffix("行业")
        return a in b or b in a
    return a == b


def matches(p, g):
    if p["metric"] != g["metric"] or not same(g["metric"], p["category"], g["category"]):
        return False
    if p["value"] is None or g["value"] is None:
        return p["value"] is None and g["value"] is None
    return abs(p["value"] - g["value"]) <= 0.005 * max(abs(p["value"]), abs(g["value"]), 1e-9)


@pytest.fixture(scope="module", params=["dev", "dev2"])
def results(request):
    dev = CORPORA / request.param
    docs = {d.doc_id: d for d in process_all([dev / "corpus"], Context())}
    gold = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((dev / "gold").glob("*.json"))}
    return docs, gold


def test_dev_facts_f1(results):
    docs, gold = results
    tp = fp = fn = 0
    for doc_id, g in gold.items():
        pred = []
        for f in docs[doc_id].facts:
            row = {"metric": f.metric, "category": f.category, "value": f.value}
            if not any(matches(row, u) for u in pred):
                pred.append(row)
        used = set()
        for gf in g["facts"]:
            hit = next((i for i, p in enumerate(pred) if i not in used and matches(p, gf)), None)
            tp, fn = (tp + 1, fn) if hit is not None else (tp, fn + 1)
            if hit is not None:
                used.add(hit)
        fp += sum(1 for i, p in enumerate(pred) if i not in used
                  and not any(matches(p, o) for o in g.get("optional_facts", [])))
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.97, (tp, fp, fn)


@pytest.mark.parametrize("field", ["doc_type", "admin_level", "round"])
def test_dev_document_fields(results, field):
    docs, gold = results
    wrong = {d: (g[field], docs[d].meta.get(field)) for d, g in gold.items() if g[field] != docs[d].meta.get(field)}
    assert not wrong
