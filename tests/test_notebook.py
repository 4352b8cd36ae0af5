"""notebooks/compare_rounds.ipynb runs top to bottom (nbclient + ipykernel), so it never rots."""
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["compare_rounds.ipynb"])
def test_notebook_executes(name, tmp_path, monkeypatch):
    monkeypatch.setenv("CEPI_OUT", str(tmp_path / "out"))  # the notebook extracts the sample corpus there
    nb = nbformat.read(REPO / "notebooks" / name, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(REPO / "notebooks")}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    last = nb.cells[-1].outputs
    assert any("application/vnd.plotly.v1+json" in o.get("data", {}) for o in last)  # the region's chart
    text = "".join(o.get("data", {}).get("text/plain", "") for o in last)
    assert "R2" in text and "R3" in text  # 岳阳市 in two rounds
