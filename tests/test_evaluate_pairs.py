"""`make eval`'s check of the comparison across rounds: where `cepi compare` places each document of
a pairs file (one region's documents of several rounds). Invented documents and pairs."""
import pandas as pd
import pytest

from pipeline.compare.regions import resolve
from pipeline.evaluate import PairCell, pair_cells, read_pairs
from pipeline.gazetteer import gazetteer


@pytest.fixture(scope="module")
def gaz():
    return gazetteer()


def test_a_pairs_file_lists_each_document_with_its_region_and_round(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("# region<TAB>doc@round ...\n杭州市\ta1@R1\ta2@LB\n\n温州市\tb1@R3\n", encoding="utf-8")
    assert read_pairs(path) == [("杭州市", "a1", "R1"), ("杭州市", "a2", "LB"), ("温州市", "b1", "R3")]


def _row(gaz, doc_id, name, label):
    key = resolve(gaz, name).key if name else f"unknown:{doc_id}"
    return {"doc_id": doc_id, "region_key": key, "region": name, "round_label": label}


@pytest.mark.parametrize("placed_name, placed_label, verdict, shown_region", [
    ("杭州市", "R2", "right", "杭州市"),
    ("杭州", "R2", "right", "杭州市"),     # the short name is the same region
    ("宁波市", "R2", "wrong", "宁波市"),
    ("杭州市", "R1", "wrong", "杭州市"),
    ("杭州市", None, "missing", "杭州市"),  # no round: the document is in no round's cell
    (None, "R2", "missing", None),         # no region
])
def test_each_document_is_right_wrong_or_missing(gaz, placed_name, placed_label, verdict, shown_region):
    regions = pd.DataFrame([_row(gaz, "d1", placed_name, placed_label)])
    [cell] = pair_cells(regions, [("杭州市", "d1", "R2")], gaz)
    assert cell.verdict == verdict
    assert cell.placed_region == shown_region
    assert cell.placed_round == placed_label


def test_a_document_the_output_lacks_is_missing(gaz):
    regions = pd.DataFrame([_row(gaz, "d1", "杭州市", "R2")])
    assert pair_cells(regions, [("杭州市", "d9", "R2")], gaz) == [PairCell("杭州市", "d9", "R2", None, None)]
