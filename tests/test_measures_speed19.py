"""Round 19 speed changes of pipeline/measures, each checked against the plain computation it
stands for."""
import re

from measures_texts import with_rule_examples

from pipeline.measures import default_rules, load_rules
from pipeline.measures import fields
from pipeline.measures.rules import ANY_TEXT, all_runs, text_word_sets

# hand-written clauses: places and bodies opening them or not, with and without the words after them
CLAUSES = ["河北省积极推进整改", "柳河镇已完成复绿", "县城区污水管网改造", "市区河道清淤", "青石县对3家企业立案",
           "自治区把问题整改作为重点", "新疆生产建设兵团全面排查", "市生态环境局高度重视", "县政府承担主体整改责任",
           "区住建局认真开展整改", "区住建局认真抓好整改", "整改方案印发实施", "负责人整改到位", "县里要求",
           "市委市政府要求", "按照要求", "桥头村已拆除违建", "乡镇污水处理站3座", "", "市", "：", "县委书记：",
           "各县区已完成排查", "我市积极推进", "我局认真开展整改", "由县水利局牵头", "向各乡镇下达整改任务"]


def _texts(rules):
    return with_rule_examples(CLAUSES, rules)


def test_text_word_sets_of_look_arounds_and_alternations():
    table = [
        # a look-ahead's words are in the text (after the match)
        ("^[一-龥]{2,4}?市(?=积极|已)", [{"市"}, {"积极", "已"}]),
        ("(?<=县)[一-龥]+局", [{"县"}, {"局"}]),
        # an alternation: its branches' best words together, then their next best
        ("(高度重视|(?:承担|负责)[^，]{0,9}整改|认真[^，]{0,3}(进行|开展)整改)",
         [{"高度重视", "整改", "进行整改", "开展整改"}, {"高度重视", "承担", "负责", "认真"}]),
        ("(?!对)整改", [{"整改"}]),  # (a negative look-ahead holds nothing)
        ("\\d+", []),
    ]
    for pattern, want in table:
        assert sorted(map(sorted, text_word_sets(pattern))) == sorted(map(sorted, want)), pattern
    # all_runs is unchanged: the words inside the match, one set per alternation
    assert sorted(map(sorted, all_runs(table[0][0]))) == [["市"]]
    assert sorted(map(sorted, all_runs(table[2][0]))) == [sorted({"高度重视", "整改", "进行整改", "开展整改"})]


def test_text_word_sets_hold_in_every_text_a_rule_matches():
    """For every rule of the file, on its examples, counter-examples and the clauses above: where
    the rule's regex matches, the text holds a word of each of its text_word_sets and of its gate."""
    rules = load_rules()
    texts = _texts(rules)
    checked = 0
    for section in rules.sections.values():
        for rule in section:
            sets = text_word_sets(rule.pattern)
            regex = re.compile(rule.pattern)
            for text in texts:
                if regex.search(text):
                    assert all(any(w in text for w in words) for words in sets), (rule.id, text)
                    assert rule.gate.search(text), (rule.id, text)
                    checked += 1
    assert checked > 1000


def test_gates_of_the_subject_rules():
    rules = default_rules()
    place = rules.by_id("subj.place")
    assert place.gate is not ANY_TEXT and {"积极", "已", "把", "："} <= place.gate_words
    assert rules.by_id("subj.carry_rectifier").gate_words == {"高度重视", "承担", "负责", "认真"}
    assert rules.by_id("subj.carry_directive").gate_words is None  # (要求 is its only word: no gate)


def _place_plain(text, rules):
    m = rules.by_id("subj.place").regex.search(text)
    return (m.group(), "subj.place") if m else None


def _carried_plain(text, rules, rid):
    m = rules.by_id(rid).regex.search(text)
    if m and (fields._bodylike(m.group(1)) or m.group(1).strip() in fields.SELF):
        return m.group(1).strip(), rid
    return None


def test_gated_subject_readings_equal_the_plain_searches():
    rules = default_rules()
    texts = _texts(rules)
    found = 0
    for text in texts:
        assert fields.place_subject(text, rules) == _place_plain(text, rules), text
        for rid in ("subj.carry_rectifier", "subj.carry_directive"):
            got = fields._carried(text, rules, rid)
            assert got == _carried_plain(text, rules, rid), (rid, text)
            found += got is not None
    assert found and any(fields.place_subject(t, rules) for t in CLAUSES)


def test_sentence_places_of_the_layout_equal_the_plain_search():
    from pipeline.measures.layout import read_layout

    rules = default_rules()
    for clause in CLAUSES:
        for text in (clause + "，关停企业5家。", "1." + clause + "，关停企业5家。"):
            pieces = read_layout(text, rules).pieces
            lead = rules.leading_label.match(text)
            m = rules.by_id("subj.place").regex.search(text[lead.end() if lead else 0:])
            assert [p.place for p in pieces] == [m.group() if m else None] * len(pieces), text
