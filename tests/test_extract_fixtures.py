"""Hand-written fixture documents (tests/fixtures/facts_*.txt) with their exact expected facts (.json).

The same fact stated twice counts once, as in the evaluation contract."""
import json
from pathlib import Path

import pytest

from pipeline.extract import extract_facts
from pipeline.normalize import clean, normalized

FIXTURES = sorted(Path(__file__).parent.joinpath("fixtures").glob("facts_*.txt"))


def key(f):
    value = None if f["value"] is None else round(float(f["value"]), 4)
    return (f["metric"], f["category"] or "all", value, f.get("value_high"), bool(f["approx"]), bool(f["redacted"]))


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture(path):
    text = clean(path.read_text(encoding="utf-8"))
    got = extract_facts(normalized(text), text)
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["facts"]
    got_rows = [dict(metric=f.metric, category=f.category, value=f.value, value_high=f.value_high,
                     approx=f.approx, redacted=f.redacted, evidence=f.evidence) for f in got]
    assert sorted(set(map(key, got_rows)), key=str) == sorted(set(map(key, expected)), key=str)
    # the evidence states the fact: ours and the annotator's shortest phrase overlap
    for exp in expected:
        match = [g for g in got_rows if key(g) == key(exp)]
        assert any(exp["evidence"] in g["evidence"] or g["evidence"] in exp["evidence"] for g in match), exp
