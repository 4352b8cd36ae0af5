"""`cepi extract` builds and writes its tables without importing pandas (export.arrow_without_pandas):
pyarrow would import it on its first conversion of a Python list, a quarter of a second of each start-up."""
import subprocess
import sys

import pyarrow as pa

from pipeline.export import arrow_without_pandas


def _fresh_python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          timeout=300).stdout.strip()


def test_the_extract_command_never_imports_pandas(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "one.txt").write_text("督察组转办的群众信访举报件共48件，已办结45件。", encoding="utf-8")
    code = f"""
import sys
from typer.testing import CliRunner
from pipeline.cli import app
result = CliRunner().invoke(app, ["extract", {str(tmp_path / "in")!r}, "--out", {str(tmp_path / "out")!r},
                                  "--workers", "1", "--no-cache", "--quiet"])
import pyarrow.parquet as pq
print(result.exit_code, "pandas" in sys.modules, pq.read_table({str(tmp_path / "out" / "facts.parquet")!r}).num_rows)
"""
    assert _fresh_python(code) == "0 False 2"


def test_pandas_stays_importable_after_it_was_withheld_from_pyarrow():
    code = """
import sys
from pipeline.export import arrow_without_pandas
withheld = arrow_without_pandas()
import pandas
print(withheld, "pandas" in sys.modules)
"""
    assert _fresh_python(code) == "True True"


def test_nothing_changes_once_pandas_is_imported():
    import pandas as pd

    assert arrow_without_pandas() is False
    assert pa.table({"n": [1, 2]}).to_pandas().equals(pd.DataFrame({"n": [1, 2]}))
