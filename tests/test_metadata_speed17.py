"""Round 17's shortcuts of the metadata stage give what the plain computations give."""
import random

import pytest

from pipeline import gazetteer as G
from pipeline.gazetteer import gazetteer


def _province_texts():
    rng = random.Random(17)
    pieces = ["河北京津冀", "山西安市", "内蒙古自治区", "内蒙", "黑龙江省", "黑龙", "江西省南昌市", "广西壮族自治区",
              "宁夏回族自治区", "其中宁夏、", "河南、湖北、湖南，", "浙江省浙江", "海南藏族自治州", "重庆市重庆",
              "香港特别行政区", "澳门", "台湾省", "新疆生产建设兵团", "西藏", "江苏省南京市", "北京", "天津市", "𠀀",
              "，", "、", "\n", " ", "省", "的", "自治区", "江", "西", "新"]
    texts = ["", "江", "江西", "江西省", "河北京", "内蒙古", "黑龙江省", "𠀀浙江", "浙江𠀀", "山西安", "陕西西安"]
    for _ in range(80):
        texts.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 300))))
    return texts


def _provinces_by_regex(gaz, text):
    """The plain computation: the alternation regex of the short names over the whole text."""
    out = []
    for m in gaz._province_short_re.finditer(text):
        place = next(p for p in gaz.by_short[m.group()] if p.level == "province")
        end = m.end()
        if text.startswith(place.name[len(m.group()):], end):
            end += len(place.name) - len(m.group())
        out.append((place, m.start(), end))
    return out


@pytest.mark.parametrize("array_scan_min", [G._ARRAY_SCAN_MIN, 10 ** 9, 0])
def test_provinces_from_the_scan_are_the_regex_matches(monkeypatch, array_scan_min):
    gaz = gazetteer()
    monkeypatch.setattr(G, "_ARRAY_SCAN_MIN", array_scan_min)  # name starts by regex and by arrays
    texts = _province_texts()
    assert sum(len(_provinces_by_regex(gaz, t)) for t in texts) > 300
    for text in texts:
        gaz._scans.clear()
        assert gaz.find_provinces(text) == _provinces_by_regex(gaz, text), text
    gaz._scans.clear()


def test_provinces_by_hand():
    gaz = gazetteer()
    gaz._scans.clear()
    found = [(p.name, s, e) for p, s, e in gaz.find_provinces("河北京津冀，内蒙古自治区、黑龙江和山西安")]
    assert found == [("河北省", 0, 2), ("内蒙古自治区", 6, 12), ("黑龙江省", 13, 16), ("山西省", 17, 19)]
    gaz._scans.clear()
