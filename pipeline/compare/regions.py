"""Region identity across documents: one key per place, from the GB/T 2260 gazetteer.

`XX市人民政府`, `中共XX市委`, `XX市` and `XX` are one region (the gazetteer code); a county is
never its city (codes differ; a name that fits several places resolves only within the
document's own province or city); Traditional = Simplified. A former name is its successor's
region (滦县 and 滦州市, 临安市 and 临安区, 闸北区 and 静安区: the gazetteer's former names), with the
successor's official name and code; a division split among several keeps a key of its own. A masked
name (`*`, `XX`, `某`) is kept with a key of its own document, so it never matches anything.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..gazetteer import Gazetteer, Place, short_name
from ..normalize import simplified

# Latin X only ever stands for a masked character in these documents.
_MASKED = re.compile(r"[*＊×Xx]|某")
_ORG_PREFIX = re.compile(r"^(?:中共|中国共产党)")
_ORG_SUFFIX = re.compile(r"(?:人民政府|政府|委员会|党委|办公室|办)$")
_SUFFIX_LEVEL = (("省", "province"), ("自治区", "province"), ("州", "city"), ("盟", "city"), ("县", "county"),
                 ("区", "county"), ("旗", "county"))
# Names of a kind of unit rather than of a place: which one they mean depends on who writes them.
GENERIC_UNIT = re.compile(r"^(?:市辖区|市直|市本级|本级|区直|县直|州直|盟直|省直|区本级|县本级|自治区|自治区本级|"
                          r"经开区|高新区|开发区|新区|园区|工业园区|经济开发区|经济技术开发区|高新技术开发区|"
                          r"高新技术产业开发区|高新技术产业园区|经济技术开发区管委会|保税区|综合保税区)$")
LOWER = {"national": ("province", "city", "county"), "province": ("city", "county"), "city": ("county",)}


@dataclass(frozen=True)
class Region:
    key: str                 # identity: 'code:430600', 'name:…', 'masked:<doc>:<name>', 'unknown:<doc>', 'national'
    name: str | None         # official name when resolved, else as written (Simplified)
    code: str | None
    level: str | None
    province: str | None
    masked: bool = False


NATIONAL = Region("national", "全国", None, "national", None)



def clean_name(name: str) -> str:
    """Simplified script, organisation words dropped: 中共岳陽市委 -> 岳阳市, 岳阳市人民政府 -> 岳阳市."""
    name = simplified(name.strip())
    name = _ORG_PREFIX.sub("", name)
    for _ in range(2):
        stripped = _ORG_SUFFIX.sub("", name)
        if stripped.endswith(("市委", "县委", "区委", "省委", "州委")):
            stripped = stripped[:-1]
        name = stripped if len(stripped) >= 2 else name
    return name


def is_masked(name: str | None) -> bool:
    return bool(name) and bool(_MASKED.search(name))


def _from_place(place: Place) -> Region:
    return Region(f"code:{place.code}", place.name, place.code, place.level, place.province)


def _level_by_suffix(name: str) -> str | None:
    return next((level for suffix, level in _SUFFIX_LEVEL if name.endswith(suffix)), None)


def resolve(gaz: Gazetteer, name: str | None, *, code: str | None = None, level: str | None = None,
            within: Region | None = None, doc_id: str = "") -> Region:
    """The region a name (and code, when the extractor resolved one) stands for. `level` is the
    level it is known to be at (a document's admin_level); `within` the region it lies in
    (a sub-region of the document's region): it settles names that fit several places."""
    if isinstance(code, str) and code in gaz.by_code:
        return _from_place(gaz.by_code[code])
    if not isinstance(name, str) or not name.strip():
        return Region(f"unknown:{doc_id}", None, None, level, within.province if within else None)
    name = clean_name(name)
    if is_masked(name):
        return Region(f"masked:{doc_id}:{name}", name, None, level or _level_by_suffix(name),
                      within.province if within else None, masked=True)
    places = gaz.lookup(name)
    if level in ("province", "city", "county"):
        places = [p for p in places if p.level == level] or ([] if gaz.by_name.get(name) else places)
    if within is not None and isinstance(within.code, str) and places:  # a sub-region lies inside the document's region
        prefix = within.code[:2] if within.level == "province" else within.code[:4] if within.level == "city" \
            else within.code
        places = [p for p in places if p.code.startswith(prefix) and p.code != within.code] or places
    if within is not None and len(places) > 1 and within.level in LOWER:
        below = [p for p in places if p.level in LOWER[within.level]]
        places = below or places
    if len(places) > 1:  # a written suffix settles it (吉林市 is the city, 吉林 alone is not)
        exact = [p for p in places if p.name == name]
        places = exact if len(exact) == 1 else places
    if len(places) > 1 and not gaz.by_name.get(name):
        # A bare short name fitting several levels means the highest (岳阳 is 岳阳市, never 岳阳县).
        top = min(("province", "city", "county").index(p.level) for p in places)
        highest = [p for p in places if ("province", "city", "county").index(p.level) == top]
        places = highest if len(highest) == 1 else places
    if len(places) == 1:
        return _from_place(places[0])
    guess = level or _level_by_suffix(name)
    province = within.province if within is not None else None
    if not places:
        if GENERIC_UNIT.match(name):
            # 市辖区, 市直, 经开区, 高新区 are a unit of the region that names them: 云浮's 市辖区 is not
            # 肇庆's, one city's 经开区 not another's
            if within is not None and isinstance(within.code, str):
                return Region(f"name:{within.code}:{name}", name, None, guess, province)
            return Region(f"name:{within.key if within is not None else doc_id}:{name}", name, None, guess,
                          province)
        # a named unit the gazetteer does not list (雄安新区, 天衢新区, 新疆生产建设兵团) is one place whoever
        # names it: a province's notice and the unit's own documents share its key
        return Region(f"name:{name}", name, None, guess, province)
    return Region(f"name:{province or ''}:{short_name(name)}:{guess or ''}", name, None, guess, province)


def document_region(gaz: Gazetteer, doc: dict) -> Region:
    """The issuing region of a `documents` row; national documents are one region, `全国`."""
    level = doc.get("admin_level")
    if level == "national" and not doc.get("region"):
        return NATIONAL
    name = doc.get("region")
    if not isinstance(name, str) or not name:
        name = masked_name(doc.get("text_norm"))  # metadata reports a masked issuer as null
    return resolve(gaz, name, code=doc.get("region_code"), level=level, doc_id=doc.get("doc_id", ""))


_MASKED_PLACE = re.compile(r"(?:[*＊×Xx]{1,4}|某)(?:省|自治区|市|州|县|区|旗)")


def masked_name(text: str | None) -> str | None:
    """A masked place name (**市, XX县, 某区) in a document's first line, if any."""
    if not isinstance(text, str):
        return None
    first = text.strip().split("\n", 1)[0]
    m = _MASKED_PLACE.search(first)
    return m.group() if m else None
