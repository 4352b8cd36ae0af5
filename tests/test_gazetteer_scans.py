"""The gazetteer keeps the scans of the last few texts (a task's documents go through metadata,
then facts, each asking about the same texts): kept scans are the scans, and the memo is bounded."""
from pipeline import gazetteer as G
from pipeline.gazetteer import gazetteer


def _texts(n):
    return [f"第{i}号通报：湖北省武汉市和四川省达州市的整改情况。" for i in range(n)]


def test_a_kept_scan_is_served_again_and_is_the_scan_of_its_text():
    gaz = gazetteer()
    gaz._scans.clear()
    texts = _texts(G.SCANS_KEPT)
    first = [gaz._scan(t) for t in texts]
    assert [gaz._scan(t) for t in texts] == first  # the same objects: no second scan
    gaz._scans.clear()
    fresh = [gaz._scan(t) for t in texts]
    assert [(s.full, s.short) for s in fresh] == [(s.full, s.short) for s in first]
    assert [name for name, _, _ in fresh[0].full] == ["湖北省", "武汉市", "四川省", "达州市"]


def test_the_oldest_scan_goes_when_more_texts_are_scanned():
    gaz = gazetteer()
    gaz._scans.clear()
    texts = _texts(G.SCANS_KEPT + 3)
    for t in texts:
        gaz._scan(t)
    assert list(gaz._scans) == texts[3:]
    assert len(gaz._scans) == G.SCANS_KEPT
