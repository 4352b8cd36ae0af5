"""A synthetic archive of real-length documents in the genre, for `make bench`.

Every sentence draws its words from lists (places, actions, objects, adjectives, units), not only
its numbers, so no sentence repeats across the archive and no cache keyed by sentence can shortcut
the work. Deterministic for a seed. The words are invented for this project; place names are real
province names with invented counties, towns and figures.
"""
from __future__ import annotations

import random
from pathlib import Path

PROVINCES = ["河北省", "山西省", "辽宁省", "吉林省", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省",
             "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省"]
SYLLABLES = list("青石白沙龙泉云溪东岭西山南湖北川金桥玉河清水长丰安平新华永宁和顺嘉禾柳塘松林")
PLACE_SUFFIX = ["县", "区", "市", "镇", "乡"]
ACTIONS = ["整治", "关停", "取缔", "搬迁", "改造", "清理", "修复", "治理", "查处", "督办", "整改", "拆除",
           "提标改造", "清淤疏浚", "复绿", "封堵", "排查", "验收", "核查", "约谈"]
OBJECTS = ["散乱污企业", "畜禽养殖场", "入河排污口", "黑臭水体", "砂石料场", "尾矿库", "燃煤锅炉", "建筑工地扬尘",
           "垃圾填埋场", "污水处理厂", "露天矿山", "餐饮油烟", "工业园区", "自然保护区违建", "河道采砂点",
           "危险废物贮存点", "加油站油气回收装置", "化工企业", "水泥熟料生产线", "农村生活污水"]
ADJECTIVES = ["突出", "长期", "反复", "群众反映强烈的", "历史遗留", "跨区域", "重点", "新发现的", "隐蔽", "顽固"]
UNITS = ["家", "个", "处", "座", "台", "公里", "亩", "吨"]
DEPTS = ["生态环境局", "自然资源局", "水利局", "住房和城乡建设局", "农业农村局", "林业局", "工业和信息化局",
         "城市管理局", "交通运输局", "市场监督管理局"]
BOILER = [
    "坚决扛起生态文明建设政治责任，以最坚决的态度抓好督察反馈问题整改",
    "深入学习贯彻习近平生态文明思想，切实提高政治站位",
    "坚持以人民为中心的发展思想，推动生态环境质量持续改善",
    "进一步压实各级各部门整改责任，确保整改工作取得实效",
    "建立健全长效机制，坚决防止问题反弹回潮",
    "以督察整改为契机，推动经济社会发展全面绿色转型",
]
CONNECT = ["同时", "此外", "下一步", "截至目前", "与此同时", "在此基础上", "按照要求", "针对上述问题"]


class _Words:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def place(self) -> str:
        r = self.rng
        return r.choice(SYLLABLES) + r.choice(SYLLABLES) + r.choice(PLACE_SUFFIX)

    def sentence(self) -> str:
        r = self.rng
        kind = r.random()
        if kind < 0.22:
            return f"{r.choice(CONNECT)}，{r.choice(BOILER)}，{r.choice(ADJECTIVES)}{r.choice(OBJECTS)}{r.choice(ACTIONS)}工作{r.choice(['稳步推进', '持续深化', '取得阶段性成效', '全面铺开'])}。"
        if kind < 0.45:
            total = r.randint(5, 400)
            done = r.randint(0, total)
            return (f"{self.place()}{r.choice(DEPTS)}共受理督察组交办的群众信访举报件{total}件，"
                    f"已办结{done}件，{r.choice(['其余', '剩余'])}{total - done}件正在{r.choice(ACTIONS)}中。")
        if kind < 0.7:
            return (f"{self.place()}{r.choice(ACTIONS)}{r.choice(ADJECTIVES)}{r.choice(OBJECTS)}{r.randint(2, 900)}"
                    f"{r.choice(UNITS)}，{r.choice(ACTIONS)}{r.choice(OBJECTS)}{r.randint(1, 90)}{r.choice(UNITS)}，"
                    f"罚款{r.randint(1, 500)}万元，问责{r.randint(0, 60)}人。")
        if kind < 0.85:
            return (f"针对{self.place()}{r.choice(OBJECTS)}{r.choice(['问题', '隐患', '短板'])}，"
                    f"{r.choice(DEPTS)}牵头制定《{self.place()}{r.choice(OBJECTS)}{r.choice(ACTIONS)}方案》，"
                    f"计划于{r.randint(2019, 2026)}年{r.randint(1, 12)}月底前完成{r.choice(ACTIONS)}。")
        return (f"{r.choice(['第一', '第二', '第三'])}轮督察反馈问题整改任务{r.randint(20, 90)}项，"
                f"已完成{r.randint(5, 60)}项，{r.choice(ADJECTIVES)}{r.choice(OBJECTS)}{r.choice(ACTIONS)}率达到"
                f"{r.randint(50, 99)}.{r.randint(0, 9)}%。")


def document(rng: random.Random, chars: int = 2000) -> str:
    words = _Words(rng)
    province = rng.choice(PROVINCES)
    city = words.place()
    title = f"{province}{city}关于中央生态环境保护督察反馈意见整改落实情况的{rng.choice(['报告', '通报', '公示'])}"
    paras, length = [title], len(title)
    while length < chars:
        para = "".join(words.sentence() for _ in range(rng.randint(2, 5)))
        paras.append(para)
        length += len(para)
    return "\n".join(paras) + "\n"


def write_archive(out_dir: str | Path, megabytes: float = 50.0, chars: int = 2000, seed: int = 0) -> tuple[int, int]:
    """Write documents of about `chars` characters until `megabytes` of UTF-8; returns (documents, bytes)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    n = total = 0
    while total < megabytes * 1e6:
        data = document(rng, chars).encode("utf-8")
        # 100 files a folder keeps directory listings small for large archives
        folder = out / f"{n // 100:05d}"
        folder.mkdir(exist_ok=True)
        (folder / f"doc{n:06d}.txt").write_bytes(data)
        n += 1
        total += len(data)
    return n, total


def write_hostile(out_dir: str | Path, seed: int = 0) -> list[Path]:
    """A folder of files that once stalled a batch: a 13 MB text, a 2.4 MB single line, 1 MB of
    digits, 750 KB of `*` masks, binary noise under a text name, a corrupt .docx, a truncated
    .pdf and a truncated .zip. Every one must come out as a row, fast."""
    import io
    import zipfile

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    files = {}
    big = []
    while sum(map(len, big)) < 13e6:
        big.append(document(rng).encode("utf-8"))
    files["big_13mb.txt"] = b"".join(big)
    line = []
    while sum(map(len, line)) < 2.4e6:
        line.append(document(rng).replace("\n", "").encode("utf-8"))
    files["single_line_2_4mb.txt"] = b"".join(line)
    files["digits_1mb.txt"] = "".join(rng.choice("0123456789") for _ in range(1_000_000)).encode()
    files["stars_750kb.txt"] = b"*" * 750_000
    files["binary.txt"] = bytes(rng.getrandbits(8) for _ in range(200_000))
    files["corrupt.docx"] = b"PK\x03\x04" + bytes(rng.getrandbits(8) for _ in range(50_000))
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1"
    files["truncated.pdf"] = pdf
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", document(rng))
        zf.writestr("b.txt", document(rng))
    files["truncated.zip"] = buf.getvalue()[: len(buf.getvalue()) // 2]
    paths = []
    for name, data in files.items():
        (out / name).write_bytes(data)
        paths.append(out / name)
    return paths
