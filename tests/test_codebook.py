"""The codebook documents every column; the CLI's small promises (--version, --strict, values as written)."""
import json
from pathlib import Path

from typer.testing import CliRunner

from pipeline import codebook
from pipeline.cli import app
from pipeline.display import fact_value, number
from pipeline.export import SCHEMAS
from pipeline.records import Fact

runner = CliRunner()


def test_every_column_of_every_table_is_documented_and_nothing_else():
    book = codebook.load()
    assert list(book["tables"]) == list(SCHEMAS)
    for table, schema in SCHEMAS.items():
        documented = set(book["tables"][table]["columns"])
        assert set(schema.names) - documented == set(), f"undocumented columns of {table}"
        assert documented - set(schema.names) == set(), f"documented columns {table} does not have"
        for name, (kind, meaning) in book["tables"][table]["columns"].items():
            assert kind and len(meaning) > 10, (table, name)


def test_every_metric_of_the_vocabulary_is_documented():
    rules = Path("pipeline/rules/facts.yaml").read_text(encoding="utf-8")
    import re

    metrics = set(re.findall(r"metric: ([a-z_]+\.[a-z_]+|indicator)\b", rules))
    assert metrics and metrics <= set(codebook.load()["metrics"])


def test_shipped_codebook_md_is_rendered_from_the_json():
    assert Path("CODEBOOK.md").read_text(encoding="utf-8") == codebook.markdown(codebook.load())


def test_cepi_codebook_prints_it():
    result = runner.invoke(app, ["codebook"])
    assert result.exit_code == 0 and result.output == codebook.markdown(codebook.load())
    as_json = runner.invoke(app, ["codebook", "--json"])
    assert json.loads(as_json.output) == codebook.load()


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("cepi ")


def test_strict_is_a_flag_without_a_value():
    help_text = runner.invoke(app, ["extract", "--help"]).output
    [line] = [ln for ln in help_text.splitlines() if "--strict" in ln]
    assert "<bool>" not in line and "--no-strict" not in line
    result = runner.invoke(app, ["extract", "--strict", "/nonexistent", "--out", "/tmp/x"])
    assert result.output == "cepi: input not found: /nonexistent\n"  # the path after --strict is an input


def test_values_as_people_write_them():
    def fact(value, unit, **kw):
        return Fact("m", "all", value, unit, kw.pop("approx", False), kw.pop("redacted", False), "", 0, 0, **kw)

    assert number(5280000.0) == "5,280,000" and number(59.152) == "59.152" and number(0.5) == "0.5"
    assert fact_value(fact(5280000.0, "元")) == "5,280,000 元"
    assert fact_value(fact(1200.0, "件", approx=True)) == "~1,200 件"
    assert fact_value(fact(3.0, "项", value_high=5.0)) == "3–5 项"
    assert fact_value(fact(96.5, "%")) == "96.5%"
    assert fact_value(fact(None, "件", redacted=True)) == "redacted 件"


def test_show_facts_prints_values_as_written(tmp_path):
    src = tmp_path / "罚款.txt"
    src.write_text("立案处罚24家，罚款528万元。", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src), "--out", str(tmp_path / "out"), "--show-facts"])
    assert result.exit_code == 0
    assert "5,280,000 元  «罚款528万元»" in result.output and "24 家" in result.output
