"""The twelfth round of measures speed-ups never changes what is found: the layout reader
searches a line for labels only when one could be taken there (layout.may_hold_label: a colon,
or a label's first character at the line's start or after a boundary or an enumerator); the
status and frame cues whose look-behind now follows the word it guards match as before."""
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


# The patterns of these rules before their look-behinds were moved after the word they guard
# (已(?<![不得而]已), not (?<![不得而])已): the same matches, found by skipping to the word.
_LOOKBEHIND_FIRST = {
    "inherit.ongoing": '(正在|持续|序时)(推进|整改)中?$|整改进行中|(?<!未)达到序时进度',
    "status.done": '(?<![不得而对])已(?!有|是|成为|达|超)|完毕|[\\u4e00-\\u9fff](?<!为|除|不|少|多|好)了(?!解|却|结)|累计(完成|建成|关停|拆除|整治|查处|清理|治理)|(全部|均)(完成|建成|拆除|关停|取缔)到位',
    "status.planned": '必须|务必|(?<![主重需纲提简摘概只必首纪])要(?!求|点|素|害|闻|件)|将(?=于|在|进一步|继续|全面|加快|按照|按期|持续|重点|尽快|立即|逐步|立行立改|严格|认真|着力|开展|推进|实施|完成|建成|启动|组织|适时|对)|(?<!行动|工作|实施|年度)计划(?!书)|拟|力争|争取|下一步|应当|(?<![反适对回响效供相答感顺理])应(?=当|该|予|按|在|于|及时|依法|全部|尽快|立即|拆除|关闭|取缔|纳入|严格)|需要|(?<![必])需(?!求)|尽量|尽快|预计|确保[^，,。；;]{0,20}前|(方案|清单)[》”"]?(明确|提出|要求|规定)',
    "frame.report": '公示|情况|报告|公开|进展|成效|销号|结果|完成|通报|(?<!关于)开展(?![^，。]*(方案|计划|清单|通知))',
    "frame.report_body": '(?<![不得而])已|了(?![解])|累计|先后|以来|截至|取得',
    "frame.plan_body": '(?<![主重需纲提简摘概只必首纪])要(?!求|点|素|害|闻|件)|必须|务必|计划|力争|确保|到(19|20)\\d{2}年|底前|将(?=于|在|进一步|继续|全面|加快|按照|持续|开展|推进|实施|完成)',
}


def _guarded_texts(rules) -> list[str]:
    """Hand-written sentences, the rules' examples, and every short string of the guarded words
    with the characters their look-behinds refuse and others, at a text's start and inside it."""
    texts = ["该问题已完成整改", "不已之事", "对已整改到位的问题开展回头看", "主要包括拆除燃煤锅炉，各县要在年底前完成",
             "重要的是需求，需要清运，必需品", "年度计划书和工作计划，计划新建3座", "相应措施，应当关停，理应予以拆除",
             "关于开展河道整治的通知，我县开展河道整治", "3项尚未达到序时进度，已达到序时进度", "得已而已，而已",
             "要求整改要点，重要要素，要在年底前完成", "未达到序时进度达到序时进度"]
    for id_ in _LOOKBEHIND_FIRST:
        rule = rules.by_id(id_)
        texts += list(rule.examples + rule.counter)
    words = ["已", "要", "计划", "应", "需", "开展", "达到序时进度", "求", "当", "书"]
    guards = ["不", "得", "而", "对", "主", "重", "必", "行动", "年度", "反", "关于", "未", "县", ""]
    for guard, word in itertools.product(guards, words):
        texts += [guard + word, "某" + guard + word + "了", "，" + guard + word + "整改"]
    return texts


def test_a_look_behind_after_its_word_matches_as_before():
    import re

    rules = load_rules()
    texts = _guarded_texts(rules)
    for id_, before in _LOOKBEHIND_FIRST.items():
        now, then = rules.by_id(id_).regex, re.compile(before)
        assert now.pattern != before
        for text in texts:
            assert [(m.span(), m.groups()) for m in now.finditer(text)] == \
                [(m.span(), m.groups()) for m in then.finditer(text)], (id_, text)
            for pos in range(1, len(text)):  # (a look-behind reads before a search's start)
                a, b = now.search(text, pos), then.search(text, pos)
                assert (a and a.span()) == (b and b.span()), (id_, text, pos)
