"""Round 13 shortcuts of the measures stage, each checked against the plain computation."""
import random
import sys

from pipeline.measures import clauses
from pipeline.measures.clauses import split_clauses


def _split_by_loops(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """split_clauses written as a walk over the characters (the definition)."""
    out, depth, piece = [], 0, start
    for i in range(start, end):
        ch = text[i]
        if ch in clauses._OPEN:
            depth += 1
        elif ch in clauses._CLOSE:
            depth = max(0, depth - 1)
        elif ch in clauses._SPLIT and depth == 0:
            out.append((piece, i))
            piece = i + 1
    out.append((piece, end))
    trimmed = []
    for s, e in out:
        while s < e and (text[s] in clauses._LEAD_JUNK or text[s].isspace()):
            s += 1
        while e > s and (text[e - 1] in clauses._TAIL_JUNK or text[e - 1].isspace()):
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


SPLIT_CASES = [
    ("今年关停燃煤锅炉3台，拆除违建码头2处。", [(0, 10), (11, 19)]),
    ("  1、 清理河道垃圾，  ，：完成复绿20亩；", [(2, 11), (16, 23)]),  # junk between commas
    ("对A厂，B厂：立案处罚", [(0, 3), (4, 6), (7, 11)]),
    ("\u3000\u00a0整治入河排污口\u2003，", [(2, 9)]),  # full-width and other spaces trimmed
    ("，，,：:", []),
    ("", []),
    ("修订《管理办法（试行），细则》，开展检查", [(0, 15), (16, 20)]),  # brackets: the walk
    ("“一厂一策”，落实整改（含a，b）", [(0, 6), (7, 17)]),
]


def test_split_clauses_gives_the_walks_clauses_on_written_cases():
    for text, expected in SPLIT_CASES:
        assert split_clauses(text, 0, len(text)) == expected == _split_by_loops(text, 0, len(text)), text


def test_split_clauses_equals_the_walk_on_random_texts_and_windows():
    rng = random.Random(13)
    alphabet = "关停整治河道，,：:。；;！!、 \u3000\t（）()《》“”甲乙1"
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 24)))
        start = rng.randrange(0, len(text) + 1)
        end = rng.randrange(start, len(text) + 1)
        assert split_clauses(text, start, end) == _split_by_loops(text, start, end), (text, start, end)


def test_the_spaces_trimmed_are_all_that_isspace_holds():
    assert set(clauses._SPACES) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}


# _responsible reads the head clause, then the clauses before the measure from the last (the
# first without its enumerator), then the places opening the measure: one case per way it ends.
RESPONSIBLE_CASES = [
    ("县水利局立即清理河道垃圾，拆除违建码头3处。",  # the head clause's subject, carried on
     [("县水利局立即清理河道垃圾", "县水利局"), ("拆除违建码头3处", "县水利局")]),
    ("市委、市政府高度重视，组织排查入河排污口，关停违法企业5家。",  # a clause before that carries it
     [("组织排查入河排污口", "市委、市政府"), ("关停违法企业5家", "市委、市政府")]),
    ("1.县生态环境局牵头，对化工园区开展检查，立案处罚2家。",  # the opener after its enumerator
     [("县生态环境局牵头，对化工园区开展检查", "县生态环境局"), ("立案处罚2家", "县生态环境局")]),
    ("2月9日，自治区印发了《整改方案》，完成复绿20亩。",  # a place opening the head clause
     [("2月9日，自治区印发了《整改方案》", "自治区"), ("完成复绿20亩", None)]),
    ("由县住建局负责，新建污水管网8公里，改造雨污分流管网3公里。",
     [("由县住建局负责，新建污水管网8公里", "县住建局"), ("改造雨污分流管网3公里", "县住建局")]),
    ("各乡镇要立即拆除违建养殖场，并于6月底前完成复垦。",
     [("各乡镇要立即拆除违建养殖场", "各乡镇"), ("并于6月底前完成复垦", "各乡镇")]),
    ("向县林业局下达整改任务，补植树苗500株，清理垃圾10吨。",  # assigned in a clause before
     [("补植树苗500株", "县林业局"), ("清理垃圾10吨", "县林业局")]),
    ("我局对该企业立案查处，责令停产整治。", [("我局对该企业立案查处", "我局"), ("责令停产整治", "我局")]),
    ("会议要求，年底前关停燃煤锅炉12台。", [("年底前关停燃煤锅炉12台", None)]),  # no subject anywhere
    ("河北省积极推进，完成造林1万亩，修复矿山30处。",  # the place that opens the sentence
     [("河北省积极推进，完成造林1万亩", "河北省"), ("修复矿山30处", "河北省")]),
]


def test_responsible_units_of_written_sentences():
    from pipeline.measures import extract_measures

    for text, expected in RESPONSIBLE_CASES:
        assert [(m.text, m.responsible) for m in extract_measures(text)] == expected, text
