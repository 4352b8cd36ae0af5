"""The twelfth round of measures speed-ups never changes what is found: the layout reader
searches a line for labels only when one could be taken there (layout.may_hold_label: a colon,
or a label's first character at the line's start or after a boundary or an enumerator)."""
import itertools

from pipeline.measures import load_rules
from pipeline.measures.layout import _label_gate, find_labels, may_hold_label


def _lines(rules) -> list[str]:
    """Hand-written lines, the labels' own examples, and each of them in running text: opening
    a line, after a boundary, after an enumerator, before a colon and in passing."""
    lines = [
        "整改措施：加强巡查，关停违规砂场3处。",
        "责任单位：县水利局　整改时限：2024年底前",
        "一、整改目标",
        "（二）主要措施",
        "该问题整改任务已完成，完成情况良好。",
        "县住建局负责督促施工单位落实整改任务和整改措施。",
        "截至目前，已完成整改任务12项，整改完成情况已公示。",
        "对照督察意见逐项整改，责任单位要加快推进。",
        "2023年5月10日整改时限到期后复查",
        "编号12-3 问题描述 反映某厂夜间排放废气",
        "{编号A-07} 青石镇砂场非法开采",
        "中央第三督察组反馈意见整改任务清单",
        "37. 清理河道垃圾 责任单位 市城管局 整改期限 2023年6月底",
        "督导单位|配合单位|责任人",
        "问题一 某县垃圾填埋场渗滤液外溢",
        "",
        "整",
    ]
    examples = [t for rule in rules["labels"] for t in rule.examples + rule.counter]
    for t in examples:
        lines += [t, "前文说明" + t + "有关情况", "该单位" + t + "较多", "。" + t, "1、" + t, "（三）" + t, t + "：后文", "相关" + t + ":后文"]
    return lines


def test_a_line_where_no_label_can_be_taken_finds_none():
    rules = load_rules()
    gate = _label_gate(rules.label_starts)
    assert gate is not None  # the packaged labels' first characters are known
    skipped = 0
    for line in _lines(rules):
        text = "前一行\n" + line + "\n后一行"  # (the span is inside a longer text, as in a document)
        start, end = 4, 4 + len(line)
        if not may_hold_label(text, start, end, gate):
            skipped += 1
            assert find_labels(text, start, end, rules) == [], line
    assert skipped >= 10


def test_every_label_found_passes_the_gate():
    rules = load_rules()
    gate = _label_gate(rules.label_starts)
    found = 0
    for line in _lines(rules):
        if find_labels(line, 0, len(line), rules):
            found += 1
            assert may_hold_label(line, 0, len(line), gate), line
    assert found >= 20


def test_the_gate_of_hand_written_spans():
    rules = load_rules()
    gate = _label_gate(rules.label_starts)
    cases = {
        "整改措施：加强巡查": True,  # a colon
        "该厂整改措施不到位": False,  # a label word in passing, no boundary before it
        "该厂已停产。整改措施如下": True,  # after a boundary
        "一、整改目标": True,  # after an enumerator's 、
        "巡查发现责任单位未落实": False,
        "整改完成情况良好": True,  # opens the span
        "": False,
    }
    for text, expected in cases.items():
        assert may_hold_label(text, 0, len(text), gate) is expected, text
    # a colon just past the span's end counts (find_labels reads the character after a label)
    assert may_hold_label("该厂责任单位：", 0, 6, gate)
    # an unknown first character of some label: every span is searched
    assert may_hold_label("任何文字", 0, 4, None)


def test_label_starts_covers_each_label_rule():
    rules = load_rules()
    starts = rules.label_starts
    import re

    opens = re.compile(starts)
    for rule, text in itertools.product(rules["labels"], _lines(rules)):
        for m in rule.regex.finditer(text):
            assert opens.match(text, m.start()), (rule.id, text)
