"""Round 20 of the facts stage's speed work: each shortcut equals the plain computation it replaces."""
from pipeline.extract import counts
from pipeline.extract.context import statements


def _done_next(text: str) -> list[tuple[str, str, float, str]]:
    """done_in_next_sentence's candidates for `text`: (metric, category, value, sentence read)."""
    sts = statements(text)
    found = [counts.extract(st) for st in sts]
    return [(c.metric, c.category, c.value, st.text) for c, st in counts.done_in_next_sentence(sts, found)]


def test_completion_in_the_next_sentence_is_read_whether_or_not_that_sentence_holds_numbers():
    """The next sentence's first clause is looked at for a number of its own only when the sentence
    has numbers at all (a sentence without any finds no clause for it): the completions read are
    those of the plain test."""
    closed = ("petitions.closed", "all", 36.0, "督察组交办信访件36件。")
    table = [
        ("督察组交办信访件36件。目前已全部办结。", [closed]),  # no number in the next sentence
        ("督察组交办信访件36件。目前，已全部办结。", [closed]),
        ("督察组交办信访件36件。已全部办结，其中公开12件。", [closed]),  # a number after its first clause
        ("督察组交办信访件36件。已办结30件，其余正在办理。", []),  # its own number in its first clause
        ("督察组交办信访件36件。下一步将全部办结。", []),
        ("督察组交办信访件36件。\n目前已全部办结。", []),  # another paragraph
        ("督察组交办信访件36件。", []),  # no next sentence
    ]
    for text, expected in table:
        assert _done_next(text) == expected, text


def test_a_sentence_without_numbers_has_no_number_in_any_clause():
    """The identity the shortcut rests on: no countable number, no number in the first clause."""
    for text in ["目前已全部办结。", "目前，已全部办结，群众满意。", "其余正在办理；下一步将全部办结。", "一是加强巡查。"]:
        st = statements(text)[0]
        assert not st.numbers and not st.has_number(0, st.clause_end(0)), text
