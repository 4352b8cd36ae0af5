"""The per-document ways of computing the classifier's cues, the disclosure measures and the
4-gram hashes give what the per-sentence definitions give."""
import json
import random
import re
from collections import Counter

import numpy as np
import pytest

from pipeline import features
from pipeline.disclosure import BoilerplateReference, measure_document, ngrams, specific_words
from pipeline.document_cues import Commonness, DocumentText, document_cues, is_local
from pipeline.features import CUE_NAMES, SharedSegmenter, is_word, lexicon, sentence_cues
from pipeline.rescore import gram_hash, sentence_grams


class SpaceSegmenter:
    def words(self, text):
        return text.split()


@pytest.fixture(scope="module")
def labelled_documents():
    from pipeline.train import LABELS, normalize_sentence

    texts = [normalize_sentence(json.loads(line)["text"]) for line in LABELS.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    rng = random.Random(7)
    docs, at = [], 0
    while at < len(texts):
        size = rng.randint(1, 40)
        docs.append(texts[at:at + size])
        at += size
    return docs


def test_document_cues_are_the_sentence_cues(labelled_documents):
    from pipeline.classify import SentenceClassifier

    model = SentenceClassifier.load().pipeline
    segmenter = SharedSegmenter()
    commonness = Commonness(model.ngram_df, model.n_texts)
    odd = ["", "。", "2023年", "  一是  ", "确保\n到位", "要求\n", "《方案", "》整改到位", "某县环保局", "XX公司"]
    for doc in labelled_documents + [odd]:
        expected = np.array([sentence_cues(t, segmenter, model.ngram_df, model.n_texts) for t in doc])
        got = document_cues(doc, segmenter, commonness)
        assert got.shape == (len(doc), len(CUE_NAMES))
        assert np.array_equal(got, expected), doc


# patterns that can run over a sentence's end, match empty text, or depend on what is around them
PATTERNS = [r"确保.{0,12}(到位|落实)", r"《[^《》]{2,60}》", r"\d+\s*吨", r"整改", r"x*", r"(?:到位)?",
            r"^一是", r"要求$", r"(?<=县)环保局", r"环保(?=局)", r"\bCOD\b", r"[^a]{3}", r"(?m)^一",
            r"[\u4e00-\u9fff*X]{2,12}(?:局|公司)"]
TEXTS = ["确保", "整改到位", "确保整改", "到位。", "《实施", "方案》", "12", "吨", "一是加强", "有关要求",
         "县环保局", "环保局", "COD", "", "a", "aaa", "某县环保局和XX公司", "整改 整改", "确保全部\n到位"]


def test_rows_matching_is_searching_each_sentence():
    rng = random.Random(3)
    for _ in range(300):
        texts = [rng.choice(TEXTS) for _ in range(rng.randint(0, 8))]
        doc = DocumentText(texts)
        for source in PATTERNS:
            pattern = re.compile(source)
            assert doc.rows_matching(pattern) == [k for k, t in enumerate(texts) if pattern.search(t)], (source, texts)
            accept = lambda found: len(found) % 2 == 0  # noqa: E731
            assert doc.rows_matching(pattern, accept) == [
                k for k, t in enumerate(texts) if any(accept(m.group()) for m in pattern.finditer(t))], (source, texts)


def test_rules_without_anchors_are_local():
    assert is_local(r"《[^《》]{2,60}》") and is_local(r"[\^$]") and is_local(r"\\b") and is_local(r"a\d+")
    assert not is_local(r"^一") and not is_local(r"要求$") and not is_local(r"\bCOD")
    assert not is_local(r"(?<=县)局") and not is_local(r"环保(?=局)") and not is_local(r"a(?!b)")
    lex = lexicon()
    rules = [*lex.formulas, *lex.dates, *lex.measures, lex.organization, lex.document_title, lex.counted,
             lex.generic_scope, *lex.markers.values()]
    assert all(is_local(p.pattern) for p in rules)  # else they are searched per sentence: right, but slow


def test_token_memo_is_bounded(monkeypatch):
    lex = features.Lexicon.__new__(features.Lexicon)
    lex.__dict__.update(lexicon().__dict__)
    lex._token_memo = {}
    monkeypatch.setattr(features, "MEMO_LIMIT", 10)
    for i in range(30):
        lex.token_flags([f"词{i}"])
    assert len(lex._token_memo) <= 11
    assert lex.token_flags(["青石", "镇", "2023", "年"]) == [lexicon()._token_bits(w) for w in ["青石", "镇", "2023", "年"]]


# ---- disclosure: the per-sentence definition, as it was written before the per-document count

def _reference_specific(words, lex):
    places = [lex.is_place_word(w) for w in words]
    for i in range(1, len(words)):
        name, suffix = words[i - 1], words[i]
        if (len(suffix) == 1 and lex.place_word.match("名" + suffix) and 2 <= len(name) <= 4
                and re.fullmatch(r"[\u4e00-\u9fff]", name[-1]) and not lex.generic_prefix.match(name)
                and name + suffix not in lex.generic_place_words):
            places[i - 1] = places[i] = True
    flags, in_title, prev = [], False, ""
    for w, place in zip(words, places):
        if "《" in w:
            in_title = True
        if any(c.isdigit() for c in w) or set(w) <= {"*", "X", "x"}:
            specific = True
        elif w in {"年", "月", "日", "月底", "月初", "年底", "年初", "时", "号"}:
            specific = any(c.isdigit() or c in "*X" for c in prev[-1:])
        else:
            specific = bool(lex.counted.fullmatch(w)) or lex.is_date_word(w) or lex.is_org_word(w)
        flags.append(in_title or place or specific)
        if "》" in w:
            in_title = False
        prev = w
    return flags


TOKENS = ["《", "》", "《水", "法》", "《》", "青石", "镇", "河", "全市", "城", "区", "2023", "年", "月", "*", "X",
          "xx", "南屏县", "推进", "整改", "，", "。", "12项", "三个", "县区", "环保局", "市生态环境局", "长江", "北京",
          "第二批", "某", "X年", "3", "日", "时", "a", "截至"]


def test_measures_per_document_are_the_per_sentence_definition():
    lex = lexicon()
    reference = BoilerplateReference({("推进", "整改", "推进", "整改")}, "test", 1)
    rng = random.Random(5)
    for _ in range(1500):
        sentences = [" ".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 14))) for _ in range(rng.randint(0, 5))]
        measures, words = measure_document(sentences, SpaceSegmenter(), reference)
        total = boiler = specific = 0
        tens = []
        for sentence in sentences:
            marked = [w for w in sentence.split() if is_word(w) or w in ("《", "》")]
            assert specific_words(marked) == _reference_specific(marked, lex)
            kept = [w for w in marked if is_word(w)]
            total += len(kept)
            specific += sum(f for w, f in zip(marked, _reference_specific(marked, lex)) if is_word(w))
            boiler += len(kept) if reference.has_boilerplate(kept) else 0
            tens += [tuple(kept[i:i + 10]) for i in range(len(kept) - 9)]
        counts = Counter(tens)
        assert words == [[w for w in s.split() if is_word(w)] for s in sentences]
        assert measures["specificity"] == (specific / total if total else None), sentences
        assert measures["boilerplate_share"] == (boiler / total if total else None)
        assert measures["redundancy"] == (sum(counts[g] > 1 for g in tens) / len(tens) if tens else None)


def test_ngrams_are_the_word_windows():
    words = list("abcdef")
    for n in (1, 4, 6, 7):
        assert ngrams(words, n) == [tuple(words[i:i + n]) for i in range(len(words) - n + 1)]


def test_sentence_grams_hash_each_sentence_alone():
    rng = random.Random(11)
    for _ in range(300):
        # words of 1-4 UTF-8 bytes a character (and the separator \x1f itself), one or more characters
        doc = [["".join(rng.choice("甲乙丙丁戊a\u00e9\U00020000\x1f") for _ in range(rng.choice((1, 1, 2, 3))))
                for _ in range(rng.randint(0, 12))] for _ in range(rng.randint(0, 6))]
        n_words, sizes, hashes = sentence_grams(doc)
        per_sentence = [np.unique(np.array([gram_hash(g) for g in ngrams(w, 4)], dtype=np.uint64)) for w in doc]
        assert n_words.tolist() == [len(w) for w in doc] and n_words.dtype == np.int64
        assert sizes.tolist() == [len(h) for h in per_sentence] and sizes.dtype == np.int64
        assert hashes.dtype == np.uint64
        assert hashes.tolist() == (np.concatenate(per_sentence).tolist() if per_sentence else [])


def test_place_cue_per_document_is_place_flags_per_sentence():
    lex = lexicon()
    rng = random.Random(13)
    for _ in range(500):
        lists = [[rng.choice(TOKENS) for _ in range(rng.randint(0, 6))] for _ in range(rng.randint(0, 6))]
        assert lex.place_in_each(lists) == [float(any(lex.place_flags(ws))) for ws in lists], lists


def test_compact_model_scores_each_sentence_alone():
    """The model vectorises a document's sentences together: no sentence's score depends on another's."""
    from pipeline.classify import SentenceClassifier

    model = SentenceClassifier.load()
    texts = ["", "。", "2023年5月，青石镇印发《整治方案》，完成整改任务12项。", "一是坚持问题导向，切实提高政治站位。",
             "x\ty  z", "某县环保局和XX公司", "青石 镇", "\ud800", "𠀀𠀁测试"]
    together = model.predict_proba(texts)
    alone = [model.predict_proba([t])[0] for t in texts]
    assert np.allclose(together, alone, rtol=0, atol=1e-12)


def _random_regex(rng, depth=0):
    """A small random regex over a, b, c: literals, classes, groups, alternation, bounded repeats."""
    parts = []
    for _ in range(rng.randint(1, 3)):
        if depth >= 1 or rng.random() < 0.5:
            atom = rng.choice(["a", "b", "c", "ab", "[ab]", "[^a]", ".", r"\w"])
            repeat = rng.choice(["", "", "?", "+", "{2}", "{0,2}", "{1,3}"])
        else:
            inner = "|".join(_random_regex(rng, depth + 1) for _ in range(rng.randint(1, 3)))
            atom = rng.choice(["(", "(?:"]) + inner + ")"
            repeat = rng.choice(["", "", "?", "{2}", "{1,2}"])
        parts.append(atom + repeat)
    return "".join(parts)


def test_required_literals_are_in_every_match():
    from pipeline.prefilter import required_literals

    lex = lexicon()
    rng = random.Random(17)
    texts = ["".join(rng.choice("abc ") for _ in range(rng.randint(0, 10))) for _ in range(300)]
    patterns = [re.compile(_random_regex(rng)) for _ in range(300)]
    rules = [*lex.formulas, *lex.dates, *lex.measures, *lex.markers.values(), lex.counted, lex.generic_scope]
    texts += TEXTS + [t for doc in [["确保全部整改到位", "提高政治站位", "政治站位", "建立健全长效机制", "扎实推进", "推进",
                                     "源头治污", "源头治理污", "群众满意", "Ⅲ类", "劣V类", "IV类"]] for t in doc]
    checked = 0
    for pattern in patterns + rules:
        needed = required_literals(pattern)
        if needed is None:
            continue
        for text in texts:
            if pattern.search(text):
                checked += 1
                assert any(s in text for s in needed), (pattern.pattern, text, needed)
    assert checked > 500
    assert required_literals(re.compile("(?i)abc")) is None and required_literals(re.compile("a*")) is None
    assert required_literals(re.compile("提高(政治)?站位")) in ({"提高"}, {"站位"})
    assert lex.cue_literals is not None  # the formulas are searched only in the sentences holding these


def test_formula_literals_hold_every_formula_match():
    lex = lexicon()
    rng = random.Random(19)
    pieces = ["提高", "政治", "站位", "深入", "贯彻", "落实", "扎实", "推进", "确保", "全部", "到位", "长效", "机制",
              "建立", "健全", "群众", "满意", "源头", "治", "理", "污", "切实", "，", "。", "下一步", "有关要求"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        if any(p.search(text) for p in lex.formulas):
            assert lex.cue_literals.search(text), text


def test_spans_are_each_sentences_finditer():
    rng = random.Random(23)
    for _ in range(300):
        texts = [rng.choice(TEXTS) for _ in range(rng.randint(0, 8))]
        doc = DocumentText(texts)
        for source in PATTERNS + [r"确保|整改", r"[^《]{2}"]:
            pattern = re.compile(source)
            assert doc.spans(pattern) == [(k, m.span()) for k, t in enumerate(texts) for m in pattern.finditer(t)
                                          if m.end() > m.start()], (source, texts)


def test_one_alternation_finds_the_sentences_of_any_rule():
    """flags(lex.any_date) and flags(lex.any_measure) stand for a search of each rule."""
    lex = lexicon()
    texts = TEXTS + ["2023年", "3月底", "去年5月", "二〇二三年", "截至目前", "10:30", "12 吨", "劣V类", "COD", "Ⅳ类",
                     "X年X月", "某日", "达标率", "12%", "三天"]
    for rules, union in ((lex.dates, lex.any_date), (lex.measures, lex.any_measure)):
        assert union.pattern == "|".join(f"(?:{p.pattern})" for p in rules)
        for text in texts:
            assert bool(union.search(text)) == any(p.search(text) for p in rules), text
        assert sum(bool(union.search(t)) for t in texts) >= 5


def test_organization_literals_hold_every_organization():
    lex = lexicon()
    rng = random.Random(29)
    pieces = ["青石", "县", "环保", "局", "公司", "有限", "厂", "污水处理", "中心", "项目", "工程", "矿", "山", "码头",
              "合作社", "督察组", "，", "XX", "某", "水", "站", "场"]
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        if lex.organization.search(text):
            found += 1
            assert lex.organization_literals.search(text), text
    assert found > 1000


def test_word_tfidf_by_ids_is_by_strings():
    """The compact model's word features from integer codes are those from the masked strings."""
    from pipeline.classify import SentenceClassifier

    model = SentenceClassifier.load().pipeline
    vocab = list(model.word_vocab)
    halves = [w for k in vocab for w in k.split(" ")]
    tokens = halves[:200] + rng_tokens() + ["，", "。", " ", "12", "3.5", "第12", "新词", "a", "x y", vocab[0] + " "]
    rng = random.Random(31)
    for trial in range(400):
        pool = tokens if trial % 4 else [t for t in tokens if " " not in t]
        words = [[rng.choice(pool) for _ in range(rng.randint(0, 12))] for _ in range(rng.randint(0, 6))]
        got, expected = model._word_tfidf(words), model._word_tfidf_by_strings(words)
        assert all(np.array_equal(a, b) for a, b in zip(got, expected)), words
    bigrams = [k.split(" ") for k in vocab if " " in k]
    rows, cols, _ = model._word_tfidf([pair for pair in bigrams[:50]])
    assert all(model.word_vocab[" ".join(pair)] in cols[rows == i] for i, pair in enumerate(bigrams[:50]))


def rng_tokens():
    return ["整改", "推进", "完成", "2023", "年", "12项", "*", "XX", "青石", "镇"]


def test_char_tables_find_the_grams_the_keys_find(monkeypatch):
    """The compact model's character features from numbered characters (_CharTables, with and
    without the bigram table) are those from looking every gram up among all keys."""
    from pipeline import compact
    from pipeline.classify import SentenceClassifier

    model = SentenceClassifier.load().pipeline
    assert model._char_tables is not None and model._char_tables.bigram is not None
    monkeypatch.setattr(compact, "_MAX_BIGRAM_TABLE", 0)
    searched = compact._CharTables.of(model.char_vocab)
    assert searched.bigram is None
    grams = sorted(model.char_vocab)
    rng = random.Random(37)
    pool = [g for g in grams if len(g) > 1][:400] + ["𠀀", "\n", "  ", "龘", "0", "甲乙"]
    for _ in range(300):
        masked = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 8))) for _ in range(rng.randint(0, 5))]
        lengths = np.array([len(t) for t in masked], dtype=np.int64)
        codes = compact._code_points("".join(masked))
        text_of = np.repeat(np.arange(len(masked)), lengths)
        left = np.cumsum(lengths)[text_of] - np.arange(len(codes))
        expected = sorted(zip(*(a.tolist() for a in model._char_occurrences_by_keys(codes, text_of, left))))
        for tables in (model._char_tables, searched):
            got = sorted(zip(*(a.tolist() for a in tables.occurrences(codes, text_of, left))))
            assert got == expected, masked
    assert compact._CharTables.of({"ab": 0, "a": 1}) is None  # b is missing: not closed
    assert compact._CharTables.of({"abc": 0, "ab": 1, "a": 2, "b": 3, "c": 4}) is None  # bc is missing


def test_date_literals_hold_every_date():
    lex = lexicon()
    rng = random.Random(41)
    pieces = ["2023", "年", "5", "月", "日", "底", "*", "X", "某", "二〇二三", "去", "今", "截至", "年底前", "本周", "日内",
              "10", ":", "：", "30", "完成", "前", "之", "，", "整改"]
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        if any(p.search(text) for p in lex.dates):
            found += 1
            assert lex.date_literals.search(text), text
    assert found > 1000


def test_rows_matching_where_is_rows_matching():
    lex = lexicon()
    rng = random.Random(43)
    texts_pool = TEXTS + ["2023年5月", "10:30开会", "青石县环保局", "XX公司", "截至目前", "某县", "3日"]
    for _ in range(300):
        texts = [rng.choice(texts_pool) for _ in range(rng.randint(0, 8))]
        doc = DocumentText(texts)
        assert doc.rows_matching_where(lex.date_literals, lex.any_date) == doc.rows_matching(lex.any_date)
        assert (doc.rows_matching_where(lex.organization_literals, lex.organization, lex.is_organization)
                == doc.rows_matching(lex.organization, lex.is_organization))
        assert doc.rows_matching_where(None, lex.any_date) == doc.rows_matching(lex.any_date)


def test_proper_lines_are_the_line_regex():
    import os

    import jieba

    from pipeline.features import _PROPER_TAGS, _proper_lines

    tags = "|".join(sorted(_PROPER_TAGS, key=len, reverse=True))

    def as_written(text):
        return re.findall(rf"^(\S+)[ \t]+\S+[ \t]+(?:{tags})[ \t]*$", text, re.M)

    rng = random.Random(47)
    parts = ["青石", "镇", " ", "\t", "3", "ns", "nr", "nrt", "nrfg", "nt", "nz", "n", "v", "\n", "\r", "x", "  "]
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 16)))
        assert _proper_lines(text) == as_written(text), repr(text)
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        dictionary = fh.read()
    found = _proper_lines(dictionary)
    assert found == as_written(dictionary) and len(found) > 50_000
