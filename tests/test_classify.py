import json

import pytest

from pipeline.classify import ModelMissingError, SentenceClassifier
from pipeline.features import CUE_NAMES, SentenceCues, SharedSegmenter, mask_digits
from pipeline.train import fit_model, read_labels, rule_label

CONCRETE = [
    "截至2023年9月底，全县38项整改任务已完成35项，其余3项正在推进。",
    "督察组交办的126件群众信访举报件已全部办结。",
    "对违法排污的4家企业立案处罚，罚款共计86.5万元。",
    "青石镇生活污水处理站于2022年11月建成投运。",
    "印发《全市畜禽养殖污染整治实施方案》，关停禁养区内养殖场21家。",
    "约谈相关责任人7人，问责3人。",
    "全市空气质量优良天数比例达到91.2%。",
    "2024年6月底前完成城西垃圾填埋场渗滤液处理设施改造。",
    "东岭河断面水质由IV类提升至III类。",
    "关闭取缔非法砂石码头9处，复绿面积120亩。",
    "市生态环境局组成5个检查组开展交叉检查。",
    "柳溪水库一级保护区内的12户农家乐已全部拆除。",
]
BOILERPLATE = [
    "坚持以习近平生态文明思想为指导，切实提高政治站位。",
    "各级各部门要高度重视，确保整改工作落实到位。",
    "深入贯彻落实党中央、国务院决策部署，扛起生态环境保护政治责任。",
    "坚持问题导向，举一反三，标本兼治。",
    "进一步健全长效机制，巩固整改成果。",
    "严格落实党政同责、一岗双责，形成工作合力。",
    "以钉钉子精神抓好整改落实，久久为功。",
    "切实增强做好整改工作的责任感和紧迫感。",
    "积极推动经济社会绿色低碳发展。",
    "主动接受社会监督，及时回应群众关切。",
    "下一步，我们将持续用力，不折不扣完成整改任务。",
    "加强组织领导，压实主体责任。",
]
TRAIN = [{"text": t, "label": "concrete"} for t in CONCRETE] + [{"text": t, "label": "boilerplate"} for t in BOILERPLATE]


@pytest.fixture(scope="module")
def shipped():
    return SentenceClassifier.load()


@pytest.mark.parametrize("text", [
    "截至2023年12月底，42项整改任务已完成40项。",
    "已办结群众举报件58件，责令整改企业17家。",
    "《白沙江流域水污染防治条例》于2022年3月1日起施行。",
])
def test_shipped_model_labels_obvious_concrete(shipped, text):
    [(label, score)] = shipped.label([text])
    assert label == "concrete" and score > 0.5


@pytest.mark.parametrize("text", [
    "要切实提高政治站位，深入贯彻落实习近平生态文明思想。",
    "坚持问题导向，确保各项整改任务落实到位。",
    "各级党委政府要扛起政治责任，以钉钉子精神抓好整改。",
])
def test_shipped_model_labels_obvious_boilerplate(shipped, text):
    [(label, score)] = shipped.label([text])
    assert label == "boilerplate" and score < 0.5


def test_predict_proba_matches_label_scores(shipped):
    texts = ["全县关停企业12家。", "坚持标本兼治。"]
    assert [s for _, s in shipped.label(texts)] == shipped.predict_proba(texts)
    assert shipped.predict_proba([]) == []


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelMissingError, match="make train"):
        SentenceClassifier.load(tmp_path / "nothing.joblib")


def test_training_is_deterministic():
    probe = ["水库周边8家养殖场已搬迁。", "持续巩固整改成效。", "督察组进驻期间共受理举报31件。"]
    first = SentenceClassifier(fit_model(TRAIN)).predict_proba(probe)
    second = SentenceClassifier(fit_model(list(reversed(TRAIN)))).predict_proba(probe)
    assert first == second


def test_read_labels_dedups_and_sorts(tmp_path):
    path = tmp_path / "s.jsonl"
    rows = [{"text": "乙 ", "label": "boilerplate"}, {"text": "甲", "label": "concrete"},
            {"text": "乙", "label": "concrete"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    assert [(r["text"], r["label"]) for r in read_labels(path)] == [("乙", "boilerplate"), ("甲", "concrete")]


def test_rule_baseline():
    assert rule_label("完成3项") == "concrete"
    assert rule_label("印发《方案》") == "concrete"
    assert rule_label("坚持标本兼治") == "boilerplate"


def test_mask_digits():
    assert mask_digits("完成12项，达到96.5%") == "完成0项，达到0%"


def test_interpretable_cues():
    cues = SentenceCues(SharedSegmenter()).fit(["坚持问题导向", "坚持问题导向推进"])
    text = "2023年5月，青石镇印发《整治方案》，完成整改任务12项。"
    row = dict(zip(CUE_NAMES, cues.transform([text])[0]))
    flags = {k: row[k] for k in ("has_number", "date", "document_title", "place", "percent", "heading")}
    assert flags == {"has_number": 1.0, "date": 1.0, "document_title": 1.0, "place": 1.0,
                     "percent": 0.0, "heading": 0.0}
    slogan = dict(zip(CUE_NAMES, cues.transform(["一是坚持问题导向，切实提高政治站位。"])[0]))
    assert slogan["heading"] == 1.0 and slogan["has_number"] == 0.0 and slogan["formulas"] > 0
    assert slogan["commonness"] > row["commonness"]
