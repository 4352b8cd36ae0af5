"""Round 16's shortcuts of the classifier give what the plain computations give."""
from pipeline import features
from pipeline.features import memo_values_filled


def _upper_with_calls(calls: list):
    def compute(keys: list[str]) -> list[str]:
        calls.append(list(keys))
        return [key.upper() for key in keys]

    return compute


def test_memo_values_filled_is_the_plain_lookup_and_computes_each_new_key_once():
    # (memo before, keys asked, the keys that must be computed)
    cases = [
        ({}, [], set()),
        ({}, ["a"], {"a"}),
        ({"a": "A"}, ["a"], set()),
        ({"a": "A"}, ["a", "a", "a"], set()),
        ({"a": "A"}, ["b", "a", "b", "c", "b"], {"b", "c"}),
        ({"a": "A", "b": "B"}, ["b", "a"], set()),
        ({}, ["整改", "，", "整改", "完成"], {"整改", "，", "完成"}),
        ({"x": "X"}, ["y"], {"y"}),
    ]
    for before, keys, computed in cases:
        memo, calls = dict(before), []
        got = memo_values_filled(memo, keys, _upper_with_calls(calls))
        assert got == tuple(key.upper() for key in keys), (before, keys)
        assert isinstance(got, tuple)
        if computed:
            assert len(calls) == 1 and sorted(calls[0]) == sorted(computed), (before, keys, calls)
        else:
            assert calls == [], (before, keys, calls)
        assert memo == {**before, **{key: key.upper() for key in computed}}


def test_memo_values_filled_clears_a_memo_past_the_limit(monkeypatch):
    monkeypatch.setattr(features, "MEMO_LIMIT", 3)
    memo, calls = {"a": "A", "b": "B", "c": "C", "d": "D"}, []
    assert memo_values_filled(memo, ["a", "e"], _upper_with_calls(calls)) == ("A", "E")
    assert sorted(calls[0]) == ["a", "e"]  # cleared: the known key is computed again
    assert memo == {"a": "A", "e": "E"}
    memo, calls = {"a": "A", "b": "B", "c": "C", "d": "D"}, []
    assert memo_values_filled(memo, ["a", "b"], _upper_with_calls(calls)) == ("A", "B")
    assert calls == [] and len(memo) == 4  # nothing new: the memo is left as it was


def test_lexicon_and_word_codes_read_through_the_filled_memo():
    from pipeline.classify import SentenceClassifier
    from pipeline.features import lexicon

    lex = lexicon()
    words = ["青石", "镇", "完成", "整改", "，", "3", "吨", "青石"]
    assert lex.token_flags(words) == [lex._token_bits(w) for w in words]
    model = SentenceClassifier.load().pipeline
    values = model._token_values
    model._word_occurrences([words[:4], words[4:]])
    assert [values[w] >> 16 for w in words] == list(model._codes_of(words))
