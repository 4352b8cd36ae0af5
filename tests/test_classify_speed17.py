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


def test_has_white_space_is_a_search_for_the_regex_class():
    import re

    from pipeline.compact import has_white_space

    cases = {
        "": False, "整改完成": False, "a\x00b": False, "\x00": False, "０１": False,
        " ": True, "整改 完成": True, "整改\u3000完成": True, "\t": True, "末尾\n": True, "\x00 \x00": True,
        "前 后  中": True, "\u2028": True, "\x1c": True,
    }
    for text, expected in cases.items():
        assert has_white_space(text) is expected, repr(text)
        assert has_white_space(text) is bool(re.search(r"\s", text)), repr(text)
    # every character: white space to str.split() exactly when the regex class \s holds it
    white = re.compile(r"\s")
    for code in range(0x110000):
        c = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        assert has_white_space("整" + c + "改") is bool(white.match(c)), hex(code)


def test_nul_joined_codes_are_those_of_the_collapsed_texts():
    from pipeline.compact import _WHITE_SPACES, _code_points

    clf = SentenceClassifier.load().pipeline
    cases = [
        ["整改完成。", "关停企业0家。"],
        ["整改  完成。", "关停\t\t企业。", "无空白"],
        ["前 后", "中\u3000\u3000间"],
        ["单句"],
    ]
    for masked in cases:
        codes, text_of, unchanged = clf._nul_joined(masked)
        plain = _WHITE_SPACES.sub(" ", "\x00".join(masked))
        assert codes.tolist() == _code_points(plain).tolist(), masked
        assert text_of.tolist() == [plain[:i + 1].count("\x00") for i in range(len(plain))], masked
        assert unchanged is (plain == "\x00".join(masked)), masked
