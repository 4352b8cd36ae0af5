"""Round 15's speed change to the measures stage, against the plain computation it replaces: a
RuleWords entry's other word sets (`all_runs`: its gate) are tested with `in` before its search,
which a text without a word of each cannot pass (measured over 20 real pages after 5:
extract_measures 53.5 M -> 52.0 M instructions; the bench unchanged)."""
import re

from measures_texts import with_rule_examples

from pipeline.measures import load_rules
from pipeline.measures.clauses import _classify, _mask_titles
from pipeline.measures.rules import RuleWords, _gate, all_runs

# hand-written clauses: the words of gated entries with and without the rest of their patterns
TEXTS = ["该问题已完成整改", "问题整改已全部完成销号", "完成投资3000万元", "完成总投资的80%", "完成率达到95%",
         "督察组到现场检查", "督察组进驻以来", "到2025年底，水质达到三类", "至2030年，森林覆盖率提高到40%",
         "对发现问题的", "对整改不力的企业", "正在整改中", "持续推进中", "整改推进缓慢", "达到销号条件",
         "达到验收标准", "已完成", "已完成整改任务12项", "3项整改任务已办结", "5件信访问题已办结",
         "《整改方案》明确", "清单提出", "方案要求", "按要求完成整改", "全面完成", "", "完成", "了",
         "共计处理3人", "受理群众举报件12件", "累计完成治理面积8公顷", "关停取缔散乱污企业3家"]


def _texts(rules):
    return with_rule_examples(TEXTS, rules)


def test_all_runs_are_the_word_sets_every_match_holds():
    table = [
        # (adjacent groups spell one run)
        ("(问题|任务)[^，]{0,8}(已|均已)(完成|办结)", [{"问题", "任务"}, {"已完成", "已办结", "均已完成", "均已办结"}]),
        ("完成[^，]{0,4}[\\d.]+%", [{"完成"}, {"%"}]),
        ("完成(总)?投资", [{"完成"}, {"投资"}]),
        ("(正在|持续)(推进|整改)中?$", [{"正在推进", "正在整改", "持续推进", "持续整改"}]),
        ("\\d+", []),
        ("(?i)abc", []),  # (case-folded: no words)
    ]
    for pattern, want in table:
        assert sorted(map(sorted, all_runs(pattern))) == sorted(map(sorted, want)), pattern
        for text in TEXTS:  # a match holds a word of each set
            if m := re.search(pattern, text):
                assert all(any(w in m.group() for w in words) for words in all_runs(pattern)), (pattern, text)


def test_a_gate_leaves_out_the_filing_words_and_long_sets():
    pattern = "(问题|任务)[^，]{0,8}(已|均已)(完成|办结)"
    assert _gate(pattern, frozenset({"完成", "办结"}), 12) == (("任务", "问题"), ("均已办结", "均已完成", "已办结", "已完成"))
    assert _gate(pattern, frozenset({"完成", "办结"}), 2) == (("任务", "问题"),)
    assert _gate(pattern, frozenset({"问题", "任务"}), 2) is None
    assert _gate("完成", frozenset({"完成"}), 12) is None


def test_every_gate_holds_wherever_its_entry_matches():
    rules = load_rules()
    indexes = [rules.not_action_words, rules.section_index["status"], rules.section_index["inherited_status"]]
    assert any(index.gate(i) for index in indexes for i in range(len(index.gates)))  # (there are gates to test)
    for index in indexes:
        for i in range(len(index.gates)):
            if (gate := index.gate(i)) is None:
                continue
            for text in _texts(rules):
                if index.tests[i].search(text):
                    assert all(any(w in text for w in words) for words in gate), (index.tests[i].pattern, text)


def test_first_by_words_and_classify_find_the_first_rule_as_a_plain_search_does():
    rules = load_rules()
    for text in _texts(rules):
        for section in ("status", "inherited_status"):
            want = next((r for r in rules[section] if r.regex.search(text)), None)
            assert rules.first_by_words(section, text) is want, (section, text)
        masked = _mask_titles(text)
        want = next((r for r in rules.not_action_rules if r.regex.search(masked)), None)
        kind, rid = _classify(text, rules)[:2]
        if want is not None:
            assert rid == want.id, text
        else:
            assert kind in ("act", "weak", "plain"), text


def test_entries_without_a_search_have_no_gate():
    rules = load_rules()
    index = RuleWords(rules.not_action_rules, rules.char_counts, split=True)
    assert all(gate in (False, None) for gate in index.gates)  # (none read yet)
    for i, test in enumerate(index.tests):
        assert test is not None or index.gate(i) is None


# hand-written documents: (text, frame, frame_rule) — a title decides, else rows with 整改时限, else
# the body's cues (done against planned words), else nothing
FRAME_CASES = [
    ("白河县督察整改方案\n一、整改措施：关停砖窑3座。", "plan", "frame.plan"),
    ("关于整改情况的公示\n全县已关停砖窑3座。", "report", "frame.report"),
    ("近日，全县已关停砖窑3座，累计拆除违建12处。", "report", "frame.report_body"),
    ("各县要在年底前关停砖窑，力争完成拆除。", "plan", "frame.plan_body"),
    ("整改措施：关停砖窑3座\n整改时限：2026年12月底前", "plan", "frame.rows"),
    ("关停砖窑3座，已拆除违建12处\n整改时限：2026年12月底前", "plan", "frame.rows"),
    ("河道清淤。", None, None),
]


def test_the_frame_is_read_from_the_body_only_when_asked(monkeypatch):
    from pipeline.measures import layout

    rules = load_rules()
    calls = []
    body_frame = layout.body_frame
    monkeypatch.setattr(layout, "body_frame", lambda *a: calls.append(a) or body_frame(*a))
    for text, frame, rule in FRAME_CASES:
        calls.clear()
        got = layout.read_layout(text, rules)
        assert not calls  # (not searched yet)
        assert (got.frame, got.frame_rule) == (frame, rule), text
        assert (got.frame, got.frame_rule) == (frame, rule)  # (read once, kept)
        assert len(calls) <= 1
        whole = layout.frame_of(text, layout.lines_of(text), rules)[:2]
        assert rule == "frame.rows" or whole == (frame, rule), text  # frame_of: the title, else the body
