"""`cepi explain`: the numbers found, the rules tried on each, which fired, the facts and measures."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.explain import explain

TEXT = "截至2024年5月20日，督察组向我省交办第三批信访件123件，其中合肥市20件、芜湖市15件；已办结98件，未办结25件。"


def test_explain_traces_every_number_and_names_the_rules():
    ex = explain(TEXT)
    assert [t.number for t in ex.numbers if t.unit == "件"] == ["123件", "20件", "15件", "98件", "25件"]
    by_number = {t.number: t for t in ex.numbers if t.unit == "件"}
    assert [x["rule"] for x in by_number["98件"].tried if x["matched"]] == ["petitions.closed.left"]
    assert not any(x["matched"] for x in by_number["25件"].tried)  # 未办结 is a negation
    assert sorted((f["metric"], f["value"], f["subject_region"], f["rule"]) for f in ex.facts) == [
        ("petitions.assigned", 15.0, "芜湖市", "discourse.region_item"),
        ("petitions.assigned", 20.0, "合肥市", "discourse.region_item"),
        ("petitions.assigned", 123.0, None, "petitions.assigned.left"),
        ("petitions.closed", 98.0, None, "petitions.closed.left"),
    ]
    assert {f["as_of"] for f in ex.facts} == {"2024-05-20"}


def test_cli_prints_text_and_json():
    result = CliRunner().invoke(app, ["explain", TEXT])
    assert result.exit_code == 0
    assert "petitions.assigned[all] @合肥市 = 20.0 件" in result.output
    assert "rule=petitions.closed.left" in result.output
    data = json.loads(CliRunner().invoke(app, ["explain", "--json", TEXT]).output)
    assert set(data) == {"text", "metadata", "numbers", "facts", "measures"}
    assert data["metadata"]["admin_level"] == "province"


def test_cli_shows_measures_with_their_rule():
    text = "整改措施：关停取缔散乱污企业12家，清理河道垃圾300吨。责任单位：县生态环境局；整改时限：2025年底前。"
    result = CliRunner().invoke(app, ["explain", text])
    assert "measures (2):" in result.output
    assert "responsible=县生态环境局" in result.output and "rule=act.clean" in result.output
