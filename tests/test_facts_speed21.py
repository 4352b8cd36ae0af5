"""Round 21 of the facts stage's speed work: each shortcut equals the plain computation it replaces."""
import pytest

from pipeline.extract import counts
from pipeline.extract.context import rules, statements

# Sentences and the counts read from them (metric, category, value, start, end, rule), as the
# reading without the memo of the words beside a number gave them. Several share the words beside
# their number but not what the statement says around them: the topic (已完成整改41件 after 信访件
# or after 问题), a requires / near word (立案12件 with or without 罚款), the clause before a link
# word (达到315人), the next clause (…6件，已全部办结 / 正在推进), an exclusion (重点关注案件).
READ = {
    "交办的信访件中，已完成整改41件。": [("petitions.closed", "all", 41.0, 8, 16, "petitions.closed.done_left")],
    "督察反馈的问题中，已完成整改41件。": [
        ("rectification.tasks_completed", "all", 41.0, 9, 17, "rectification.completed.left")],
    "已完成整改41件。": [("petitions.closed", "all", 41.0, 0, 8, "petitions.closed.done_left")],
    "该省被问责人数最多，达到315人。": [
        ("accountability.held_accountable", "all", 315.0, 4, 16, "accountability.held.left")],
    "该省参会人数最多，达到315人。": [],
    "乙县立案12件。": [],
    "分县区看，甲县罚款30万元；乙县立案12件。": [
        ("enforcement.fines", "all", 300000.0, 7, 13, "enforcement.fines.left"),
        ("enforcement.penalty_cases", "all", 12.0, 16, 21, "enforcement.penalty.bare")],
    "150件信访问题，已完成整改。": [("petitions.assigned", "all", 150.0, 0, 8, "petitions.assigned.head"),
                                ("petitions.closed", "all", 150.0, 0, 14, "counts.all_done")],
    "收到群众举报1200件，其中重复举报80件。": [("petitions.received", "all", 1200.0, 0, 11, "petitions.received.left")],
    "督察组共收到群众来电来信举报1200件。": [("petitions.received", "all", 1200.0, 4, 19, "petitions.received.left")],
    "全县接收到督察组十二批次共计640件交办件。": [
        ("petitions.assigned", "all", 640.0, 14, 21, "petitions.assigned.right")],
    "对6家企业下达责令整改通知书。": [("enforcement.ordered_to_rectify", "all", 6.0, 1, 11, "enforcement.ordered.right")],
    "贵阳市26件、已办结16件。": [("petitions.assigned", "all", 26.0, 3, 10, "petitions.closed.right"),
                           ("petitions.closed", "all", 16.0, 8, 13, "petitions.closed.left")],
    "已销号3项、已完成整改8项。": [
        ("rectification.tasks_completed", "all", 3.0, 0, 5, "rectification.completed.left"),
        ("rectification.tasks_completed", "all", 8.0, 6, 13, "rectification.completed.left")],
    "共有23人被问责。": [("accountability.held_accountable", "all", 23.0, 2, 8, "accountability.held.right")],
    "共有23人参加会议。": [],
    "立案处罚违法企业11家。": [("enforcement.penalty_cases", "all", 11.0, 0, 11, "enforcement.penalty.left")],
    "交办的信访件26件，已全部办结。": [("petitions.assigned", "all", 26.0, 0, 9, "petitions.assigned.left"),
                               ("petitions.closed", "all", 26.0, 6, 15, "petitions.closed.next")],
    "交办的信访件26件，正在办理。": [("petitions.assigned", "all", 26.0, 0, 9, "petitions.assigned.left")],
    "另外6项问题，正在按时序推进。": [
        ("rectification.tasks_incomplete", "all", 6.0, 2, 10, "rectification.incomplete.next")],
    "另外6项问题，已全部完成。": [],
    "列为重点关注案件共6件。": [],
    "已办结的信访件中属实31件。": [],
    "重点关注案件6件，已全部办结。": [],
    "信访件6件，已全部办结。": [("petitions.assigned", "all", 6.0, 0, 5, "petitions.assigned.noun"),
                         ("petitions.closed", "all", 6.0, 3, 11, "petitions.closed.next")],
    "问题6件，已全部办结。": [],
    "整改任务6项，正在推进。": [
        ("rectification.tasks_incomplete", "all", 6.0, 4, 11, "rectification.incomplete.next"),
        ("rectification.tasks_total", "all", 6.0, 0, 6, "rectification.total.noun_left")],
    "信访件6项，正在推进。": [("petitions.assigned", "all", 6.0, 0, 5, "petitions.assigned.noun")],
    "交办信访件共16件。": [("petitions.assigned", "all", 16.0, 0, 9, "petitions.assigned.left")],
    "截至目前，信访件共19件。": [("petitions.assigned", "all", 19.0, 5, 12, "petitions.assigned.noun")],
    "截至目前，会议共19次。": [],
    "已办结73件。": [("petitions.closed", "all", 73.0, 1, 6, "petitions.closed.left")],
    "未办结6件。": [],
}


def _read(text: str) -> list[tuple]:
    return [(c.metric, c.category, c.value, c.start, c.end, c.rule) for st in statements(text) for c in counts.extract(st)]


def _forget() -> None:
    rules().read_memo.clear()
    rules().able_memo.clear()


@pytest.mark.parametrize("order", ["forward", "backward", "fresh"])
def test_the_words_beside_a_number_read_once_say_the_same_in_any_statement(order):
    """What the rules say of the words beside a number is remembered by those words: a statement
    that finds them remembered (from a statement with another topic, requires / near word, clause
    before or next clause) reads the same counts as one that reads them first."""
    texts = list(READ) if order != "backward" else list(READ)[::-1]
    _forget()
    for text in texts:
        if order == "fresh":
            _forget()
        assert _read(text) == READ[text], text
    for text in texts:  # again, every entry remembered now
        assert _read(text) == READ[text], text


def test_a_number_whose_first_rule_is_refused_searches_on_in_a_later_statement():
    """A remembered entry holds the rules searched so far; a statement refusing the first one (its
    topic) searches the next rules then, and the entry grows."""
    _forget()
    assert _read("交办的信访件中，已完成整改41件。") == READ["交办的信访件中，已完成整改41件。"]
    key = ("件", "已完成整改", "", None)
    said_before = list(rules().read_memo[key][2])
    assert _read("督察反馈的问题，已完成整改41件。") == [
        ("rectification.tasks_completed", "all", 41.0, 8, 16, "rectification.completed.left")]
    assert len(rules().read_memo[key][2]) > len(said_before)
    assert rules().read_memo[key][2][:len(said_before)] == said_before


def test_the_read_memo_stays_bounded():
    _forget()
    for k in range(counts._READ_MEMO_LIMIT + 10):
        _read(f"已办结{k}件。")
    assert len(rules().read_memo) <= counts._READ_MEMO_LIMIT
    assert _read("已办结73件。") == READ["已办结73件。"]


def test_able_in_is_able_with_the_statement_words():
    rs = rules()
    for text in READ:
        st = statements(text)[0]
        for unit in ("件", "项", "人", "家"):
            for k in range(len(st.text) + 1):
                for part in (st.text[:k], st.text[k:], st.text[k:k + 4]):
                    for side in (0, 1, 2):
                        rs.able_memo.clear()
                        expected = rs.able(unit, side, part)
                        rs.able_memo.clear()
                        assert rs.able_in(unit, side, part, st) == expected, (unit, side, part)
                        assert rs.able_in(unit, side, part, st) == expected, (unit, side, part)  # remembered


def test_next_words_say_whether_a_next_rule_is_able():
    """`next_words[unit]` holds a word of the text exactly when a `next` rule accepting the counter
    has one of its words there (the test that replaced the statement's rule words)."""
    rs = rules()
    texts = list(READ) + ["已全部办结", "正在推进", "尚未完成", "仍在整改", "没有", "会议"]
    for unit in rs.ruled_units:
        words = rs.next_words[unit]
        for text in texts:
            able = bool(rs.able_sides(unit, rs.words_in(text))[2])
            assert (words is None or any(w in text for w in words)) == able, (unit, text)
