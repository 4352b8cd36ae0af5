"""Round 14's speed changes to the measures stage, each against the plain computation it replaces:
the openers of `RuleWords.candidates` read from a memo of first characters; one search for the
words of the action and continuation rules together (`may_hold_measures`); the label gate built
once per rules file."""
import re

from pipeline.measures import load_rules
from pipeline.measures.clauses import may_hold_measures
from pipeline.measures.layout import _BOUNDARY, _ENUM_LAST, _label_gate, may_hold_label
from pipeline.measures.rules import RuleWords

# hand-written texts: openers of fwd.time (今年 / 截至 / digits), the texts an empty match can be
# all of, and texts that open with none of them
TEXTS = ["", "\n", "\n\n", "近日", "今年以来，全市关停企业12家", "截至目前", "2023年5月", "５月", "6月13日",
         "下一步", "同时", "关停取缔散乱污企业3家", "整改整改整改", "督察组进驻以来", "问责12人", " 近日",
         "已完成整改任务45项", "《实施方案》印发", "根据督察反馈意见", "a", "7"]


def _plain_candidates(index: RuleWords, text: str) -> int:
    want = index.always
    for opens, empty, entry in index.openers:
        if opens(text) or text in empty:
            want |= entry
    for group in index.by_char.values():
        for word, entries in group:
            if word in text:
                want |= entries
    return want


def test_candidates_read_openers_from_the_first_character_as_the_regex_does():
    rules = load_rules()
    index = rules.not_action_words
    assert index.openers  # (fwd.time)
    for _ in range(2):  # the second time from the memo
        for text in TEXTS:
            assert index.candidates(text) == _plain_candidates(index, text), text


def test_the_openers_memo_stays_bounded(monkeypatch):
    rules = load_rules()
    index = RuleWords(rules.not_action_rules, rules.char_counts, split=True)
    monkeypatch.setattr(RuleWords, "OPENED_LIMIT", 3)
    for text in TEXTS * 2:
        assert index.candidates(text) == _plain_candidates(index, text), text
        assert len(index._opened) <= 3


def test_may_hold_measures_is_either_section_words_search():
    rules = load_rules()
    actions, continuation = rules.section_words["actions"], rules.section_words["continuation"]
    texts = TEXTS + ["罚款20万元", "共计处理3人", "会议指出要高度重视", "并处罚款", "全面完成", "无任何动作词"]
    for text in texts:
        for start, end in ((0, len(text)), (1, len(text)), (0, max(0, len(text) - 2))):
            want = actions.search(text, start, end) is not None or continuation.search(text, start, end) is not None
            assert may_hold_measures(text, start, end, rules) == want, (text, start, end)


def test_the_label_gate_is_built_once_and_answers_as_before():
    rules = load_rules()
    gate = rules.label_gate  # built once for the rules, not once per document
    assert rules.label_gate is gate
    assert load_rules().label_gate is not None  # (each rules object builds its own)
    assert _label_gate(None) is None
    plain = (re.compile(rules.label_starts).match,
             re.compile("[" + re.escape(_BOUNDARY + _ENUM_LAST) + "]" + rules.label_starts).search)
    for text in ["责任单位：县环保局", "整改时限：2023年底前", "加强责任单位管理", "一、整改措施", "完成情况"]:
        assert may_hold_label(text, 0, len(text), gate) == may_hold_label(text, 0, len(text), plain), text


def test_spelled_runs_are_words_every_match_holds():
    from pipeline.measures.rules import WordsFirst, spelled_runs

    # (pattern, the words wanted): a run of items spelling few strings beats one item's words
    table = [
        ("(?:指出|发现)[，:]", {"指出，", "指出:", "发现，", "发现:"}),
        ("a(?:b|c)d|xy", {"abd", "acd", "xy"}),
        ("(?<![，])\\s*(?:会议)?(?:强调|要求)[，,]", {"强调，", "强调,", "要求，", "要求,"}),
        ("[^，]{0,4}?重点关注", {"重点关注"}),
        ("(?:督察)?要求(?:我|各)", {"要求我", "要求各"}),
        ("\\d+", None),  # no literal run: prefilter.required_literals decides
        ("a|\\d", None),  # a branch without words: no words for the whole
    ]
    for pattern, want in table:
        assert spelled_runs(pattern) == (frozenset(want) if want else None), pattern
    rules = load_rules()
    texts = ["会议强调，要加强监管", "督察组指出，该县整改不力", "新发现的问题3个", "他要求各部门认真落实", "要求我县立即整改",
             "通报中，该企业被点名", "重点关注以下问题", "会议要求：全面排查", "书记强调了整改工作", "无关的句子"]
    for key in ("speech_lead", "finding_lead", "document"):
        first = WordsFirst(rules.settings[key])
        plain = re.compile(rules.settings[key])
        for text in texts + [t + "。" + u for t in texts for u in texts[:3]]:
            got, want = first.search(text), plain.search(text)
            assert (got and got.span()) == (want and want.span()), (key, text)
            if want:  # the match holds one of the words
                assert first.words is None or first.words.search(want.group()), (key, text)
