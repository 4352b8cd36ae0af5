import pytest

from pipeline.disclosure import BoilerplateReference, choose_reference, document_measures


class SpaceSegmenter:
    """Words are the space-separated pieces: lets the tests count words by hand."""

    def words(self, text):
        return text.split()


SEG = SpaceSegmenter()
REF = BoilerplateReference({("坚持", "问题", "导向", "压实")}, "test reference", 4)


def test_measures_on_a_hand_counted_document():
    sentences = [
        "坚持 问题 导向 压实 整改 责任",  # 6 words, holds the boilerplate 4-gram
        "南屏县 2023年 完成 12项 任务 。",  # 5 words (。 is not a word): place, date, number
        "印发 《 实施 方案 》 推进 整改",  # 5 words, 2 inside the title
    ]
    m = document_measures(sentences, SEG, reference=REF, labels=["boilerplate", "concrete", "concrete"])
    assert m["boilerplate_share"] == 6 / 16
    assert m["specificity"] == 5 / 16
    assert m["redundancy"] is None  # no sentence has 10 words
    assert m["concrete_share"] == 2 / 3
    assert m["boilerplate_reference"] == "test reference"


def test_redundancy_counts_repeated_ten_grams():
    eleven = " ".join(f"词{i}" for i in range(11))  # two 10-grams
    ten = " ".join(f"字{i}" for i in range(10))  # one 10-gram
    m = document_measures([eleven, ten, eleven], SEG, reference=REF)
    assert m["redundancy"] == 4 / 5
    assert m["concrete_share"] is None


def test_generic_places_are_not_specific():
    m = document_measures(["全市 各县 我区 推进 整改"], SEG, reference=REF)
    assert m["specificity"] == 0.0


def test_empty_document_has_null_measures():
    m = document_measures([], SEG, reference=REF, labels=[])
    assert m == {"boilerplate_share": None, "specificity": None, "redundancy": None,
                 "concrete_share": None, "boilerplate_reference": "test reference"}


def test_reference_keeps_grams_in_30_to_75_percent_of_documents():
    docs = [
        ["甲 乙 丙 丁", "子 丑 寅 卯", "一 二 三 四"],
        ["甲 乙 丙 丁", "子 丑 寅 卯", "一 二 三 四"],
        ["甲 乙 丙 丁", "子 丑 寅 卯"],
        ["甲 乙 丙 丁", "东 南 西 北"],
    ]
    ref = BoilerplateReference.from_documents(docs, SEG, "four docs")
    # 甲乙丙丁 is in 100%, 子丑寅卯 75%, 一二三四 50%, 东南西北 25%.
    assert ref.grams == {("子", "丑", "寅", "卯"), ("一", "二", "三", "四")}
    assert ref.n_documents == 4


def test_reference_round_trips_through_json(tmp_path):
    path = tmp_path / "ref.json"
    REF.save(path)
    loaded = BoilerplateReference.load(path)
    assert (loaded.grams, loaded.name, loaded.n_documents) == (REF.grams, REF.name, REF.n_documents)


def test_missing_reference_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="make train"):
        BoilerplateReference.load(tmp_path / "none.json")


def test_small_run_falls_back_to_shipped_reference():
    docs = [["甲 乙 丙 丁"]] * 3
    assert choose_reference(docs, SEG, min_documents=4, shipped=REF) is REF
    run = choose_reference(docs * 2, SEG, min_documents=4, shipped=REF)
    assert run.name == "current run (6 documents)"
    assert run.grams == set()  # in 100% of the documents: above the 75% ceiling


def test_a_large_run_is_its_own_boilerplate_reference(tmp_path, monkeypatch):
    """With enough documents the run replaces the shipped reference (second pass over the tables)."""
    import pipeline.disclosure as disclosure
    from pipeline import run
    from pipeline.export import read_table

    monkeypatch.setattr(disclosure, "MIN_RUN_DOCUMENTS", 3)
    common = "我们要坚持问题导向，压实整改责任，确保问题整改到位。"
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i, own in enumerate(["全市建成污水处理厂3座。", "关停砖厂5家。", "完成造林二千亩。", "新建监测站4个。"]):
        (inputs / f"d{i}.txt").write_text(common + own if i < 2 else own, encoding="utf-8")
    for fmt in ("parquet", "csv"):
        out = tmp_path / fmt
        run.extract([inputs], out, fmt=fmt)
        docs = read_table(out, "documents").set_index("doc_id")
        assert set(docs["boilerplate_reference"]) == {"current run (4 documents)"}
        assert docs.loc["d0", "boilerplate_share"] > 0 and docs.loc["d2", "boilerplate_share"] == 0


def test_boilerplate_words_follow_the_grams():
    ref = BoilerplateReference({("甲", "乙", "丙", "丁")}, "r", 1)
    assert ref.words() == {"甲", "乙", "丙", "丁"}
    ref.grams = {("子", "丑", "寅", "卯")}
    assert ref.words() == {"子", "丑", "寅", "卯"}
    ref.grams.add(("一", "二", "三", "四"))
    assert "一" in ref.words()
