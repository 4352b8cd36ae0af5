"""The run-level 4-gram sketch's cells and distinct hashes (rescore.py) against their plain
definitions, on hashes of every size and with repeats."""
import numpy as np
import pytest

from pipeline import rescore


def _plain_columns(hashes):
    with np.errstate(over="ignore"):
        mixed = hashes[None, :] * rescore._MULTIPLIERS[:, None]
    return (mixed >> np.uint64(64 - 20)).astype(np.int64) % rescore.WIDTH


@pytest.mark.parametrize("hashes", [
    [],
    [0],
    [2**64 - 1],
    [1, 1, 1],
    [5, 3, 5, 2**63, 3, 0],
    list(range(1000, 0, -7)) * 2,
])
def test_cells_and_distinct_hashes_are_their_plain_definitions(hashes):
    hashes = np.array(hashes, dtype=np.uint64)
    assert rescore._distinct(hashes).tolist() == np.unique(hashes).tolist()
    columns = _plain_columns(hashes)
    starts = (np.arange(rescore.DEPTH) * rescore.WIDTH)[:, None]
    assert rescore._cells(hashes).tolist() == (columns + starts).ravel().tolist()


def test_random_hashes_give_the_plain_cells():
    rng = np.random.default_rng(20261203)
    hashes = rng.integers(0, 2**64 - 1, 5000, dtype=np.uint64, endpoint=True)
    hashes = np.concatenate([hashes, hashes[:700]])
    assert (rescore._distinct(hashes) == np.unique(hashes)).all()
    assert (rescore._cells(hashes) < rescore.DEPTH * rescore.WIDTH).all()
    starts = (np.arange(rescore.DEPTH) * rescore.WIDTH)[:, None]
    assert (rescore._cells(hashes) == (_plain_columns(hashes) + starts).ravel()).all()


@pytest.mark.parametrize("hashes", [[], [0], [7, 7], [5, 3, 5, 2**63, 3, 0], list(range(1000, 0, -7))])
def test_doc_freq_is_the_least_of_each_rows_counter(hashes):
    """RunGrams.doc_freq (one look-up in the flattened table) against the plain reading: per hash,
    the least of its DEPTH counters, row r's at its column."""
    hashes = np.array(hashes, dtype=np.uint64)
    rng = np.random.default_rng(7)
    with rescore.RunGrams() as grams:
        grams._table = rng.integers(0, 50, (rescore.DEPTH, rescore.WIDTH), dtype=np.uint32)
        columns = _plain_columns(hashes)
        plain = [min(int(grams._table[r, columns[r, i]]) for r in range(rescore.DEPTH)) for i in range(len(hashes))]
        got = grams.doc_freq(hashes)
        assert got.dtype == np.uint32 and got.tolist() == plain
