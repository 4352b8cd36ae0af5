"""The sixth round of measures speed-ups never changes what is found: `as_written` (the fields
of a measure in the published script) tells by one search for the words its steps' patterns need
that none of them can match, and drops white space without a regex."""
import re

from pipeline import normalize
from pipeline.normalize import as_written, normalized


def _plain(text: str) -> str:
    """as_written by definition: every step applied, then white space dropped."""
    steps = (normalize.half_width, normalize.drop_pinyin, normalize.drop_inline_junk, normalize.drop_spam,
             normalize.join_number_spaces)
    return re.sub(r"\s+", "", normalized(text, steps=steps).text)


def test_as_written_equals_every_step_applied():
    texts = ["县生态环境局", "2024年12月底前", "加强河道两岸垃圾清理", "某某区（县）住建局", "整治 16 个点位",
             "下降 21.5%", "生态(tai)环境局", "ＡＢＣ公司", "某某体育官网水务局", "##paidbegin##清理河道",
             "清理\u3000河道", "清理\t河道\n沟渠", "清理\u00a0河道", "", " "]
    for text in texts:
        assert as_written.__wrapped__(text) == _plain(text), text


def test_the_words_of_the_steps_are_in_every_text_a_step_changes():
    words = normalize._rules()["as_written_words"]
    assert words is not None
    for text in ["生态(tai)环境局", "ＡＢＣ公司", "某某体育官网", "##paidend##", "整治 16 个", "下降 21.5%"]:
        assert normalize._changes_as_written(text), text
        assert words.search(text), text
    assert not normalize._changes_as_written("县生态环境局")


def test_white_space_split_as_the_regex_does():
    for text in ["a b", "a\u3000b", "a\u00a0b", "a\u2028b", "\u200bab", "a\x1cb", " a\t\nb "]:
        assert "".join(text.split()) == re.sub(r"\s+", "", text), repr(text)
