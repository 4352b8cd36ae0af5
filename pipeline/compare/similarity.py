"""Stickiness: how much of a region's text comes back in its next round's documents.

A document's `stickiness` is the share of its distinct character 8-grams (normalized text,
whitespace removed) found again in the same region's documents of the previous round present
(after Dyer, Lang & Stice-Lawrence 2017, who count sentences repeated from the prior filing;
8-grams tolerate the re-punctuation and changed figures around a copied sentence). The region ×
round table compares all of a region's text in consecutive rounds.
"""
from __future__ import annotations

import re

import pandas as pd

N = 8
_SPACE = re.compile(r"\s+")


def grams(text: str | None, n: int = N) -> set[str]:
    if not isinstance(text, str):
        return set()
    text = _SPACE.sub("", text)
    return {text[i:i + n] for i in range(len(text) - n + 1)}


def _previous(orders: list[float], order: float) -> float | None:
    earlier = [o for o in orders if o < order]
    return max(earlier) if earlier else None


def document_stickiness(doc_regions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per document with a known region and round: `stickiness` (null when its region has
    no earlier round) and the documents it was compared with."""
    texts = dict(zip(documents["doc_id"], documents["text_norm"]))
    known = doc_regions[doc_regions["round_order"].notna() & ~doc_regions["region_masked"].astype(bool)
                        & ~doc_regions["region_key"].str.startswith("unknown:")]
    rows = []
    for region_key, group in known.groupby("region_key", sort=True):
        orders = sorted(group["round_order"].unique())
        by_order = {o: group[group["round_order"] == o] for o in orders}
        pools: dict[float, set[str]] = {}
        for doc in group.itertuples():
            prev = _previous(orders, doc.round_order)
            mine = grams(texts.get(doc.doc_id))
            value, prev_ids, prev_label = None, None, None
            if prev is not None and mine:
                earlier = by_order[prev]
                if prev not in pools:
                    pools[prev] = set().union(*(grams(texts.get(i)) for i in earlier["doc_id"]))
                value = round(len(mine & pools[prev]) / len(mine), 4)
                prev_ids, prev_label = "; ".join(earlier["doc_id"]), earlier["round_label"].iloc[0]
            rows.append({"doc_id": doc.doc_id, "region_key": region_key, "region": doc.region,
                         "round_label": doc.round_label, "round_source": doc.round_source, "stickiness": value,
                         "previous_round": prev_label, "previous_doc_ids": prev_ids, "n_grams": len(mine)})
    cols = ["doc_id", "region_key", "region", "round_label", "round_source", "stickiness", "previous_round",
            "previous_doc_ids", "n_grams"]
    return pd.DataFrame(rows, columns=cols)


def region_similarity(doc_regions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per region and pair of consecutive rounds: Jaccard similarity of their 8-gram sets and the
    share of the later round's 8-grams found in the earlier (`containment`)."""
    texts = dict(zip(documents["doc_id"], documents["text_norm"]))
    known = doc_regions[doc_regions["round_order"].notna() & ~doc_regions["region_masked"].astype(bool)
                        & ~doc_regions["region_key"].str.startswith("unknown:")]
    rows = []
    for region_key, group in known.groupby("region_key", sort=True):
        rounds = group.sort_values("round_order").groupby("round_order", sort=True)
        sets = [(g["round_label"].iloc[0], list(g["doc_id"]), set().union(*(grams(texts.get(i)) for i in g["doc_id"])))
                for _, g in rounds]
        for (la, ida, ga), (lb, idb, gb) in zip(sets, sets[1:]):
            union = ga | gb
            rows.append({"region_key": region_key, "region": group["region"].iloc[0], "round_from": la,
                         "round_to": lb, "doc_ids_from": "; ".join(ida), "doc_ids_to": "; ".join(idb),
                         "jaccard": round(len(ga & gb) / len(union), 4) if union else None,
                         "containment": round(len(ga & gb) / len(gb), 4) if gb else None})
    cols = ["region_key", "region", "round_from", "round_to", "doc_ids_from", "doc_ids_to", "jaccard", "containment"]
    return pd.DataFrame(rows, columns=cols)
