"""Round 17's shortcuts of the classifier give what the plain computations give."""
import pytest

from pipeline.classify import CONCRETE, SentenceClassifier


@pytest.fixture(scope="module")
def shipped():
    return SentenceClassifier.load()


def test_predict_proba_gives_the_models_concrete_column_as_plain_floats(shipped):
    # predict_proba reads the column by tolist(): the very floats float() of each numpy value gives
    cases = [
        [],
        ["坝下村新建污水管网3.2公里。"],
        ["坚持问题导向，压实整改责任。", "关停散乱污企业14家，罚款26万元。", "。"],
        ["某河段水质由Ⅳ类提升至Ⅲ类。"] * 3,
    ]
    column = list(shipped.pipeline.classes_).index(CONCRETE)
    for texts in cases:
        got = shipped.predict_proba(texts)
        expected = [float(p) for p in shipped.pipeline.predict_proba(texts)[:, column]] if texts else []
        assert got == expected, texts
        assert all(type(p) is float for p in got)
        assert [score for _, score in shipped.label(texts)] == got
