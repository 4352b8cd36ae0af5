"""The shortcuts of the metadata stage give what the plain computations give."""
import random

from pipeline import gazetteer as G
from pipeline.gazetteer import gazetteer


def _texts():
    rng = random.Random(10)
    pieces = ["其中宁夏、河北省石家庄市长安区，", "向达州交办；", "娱乐业不是乐业县。", "德宏州和恩施州，城区、和县，",
              "江苏省南京市鼓楼区与福建省福州市鼓楼区", "涉及莆田、仙游2县\n", "黔东南苗族侗族自治州、内蒙古", "整改到位𠀀𠀁，",
              "我市完成整改任务12项", " ", "a", "宁", "南"]
    texts = ["", "宁", "宁夏", "𠀀宁夏", "宁夏𠀀"]
    for _ in range(60):
        texts.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 120))))
    return texts


def test_name_starts_by_arrays_are_the_regex_places_that_begin_a_name():
    gaz = gazetteer()
    table = gaz._by_prefix
    for text in _texts():
        by_regex = [m.start() for m in gaz._pair_start_re.finditer(text)]
        assert gaz._pair_keys.places(text) == [i for i in by_regex if text[i:i + 2] in table], text


def test_scan_of_a_long_text_is_the_scan_of_the_regex_places(monkeypatch):
    gaz = gazetteer()
    texts = _texts()
    assert any(len(t) >= G._ARRAY_SCAN_MIN for t in texts) and any(len(t) < G._ARRAY_SCAN_MIN for t in texts)

    def scans():
        out = []
        for text in texts:
            gaz._scans.clear()
            scan = gaz._scan(text)
            out.append((scan.full, scan.short))
        return out

    fast = scans()
    monkeypatch.setattr(G, "_ARRAY_SCAN_MIN", 10 ** 9)
    assert scans() == fast
    gaz._scans.clear()
