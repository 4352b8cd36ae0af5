"""Shortcuts of the facts stage added for speed (fifth round) give the answers of the plain computation."""
from __future__ import annotations

import random
import re

from pipeline.extract.breakdowns import _ends_with_cjk
from pipeline.extract.scope import Mention, Scope


def test_ends_with_cjk_is_the_regex_it_replaces():
    rng = random.Random(3)
    chars = ["a", "\n", "中", "一", "\u9fff", "\u4e00", "\u4dff", "\ua000", "，", " ", "3"]
    for _ in range(5000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 4)))
        assert _ends_with_cjk(text) == bool(re.search(r"[\u4e00-\u9fff]$", text)), repr(text)


def test_names_within_tells_when_no_number_of_a_span_is_in_a_name():
    """No mention overlapping a span: no position in it is `in_name`; one overlapping: some may be."""
    rng = random.Random(4)
    for _ in range(300):
        mentions, pos = [], 0
        for _ in range(rng.randint(0, 6)):
            start = pos + rng.randint(0, 6)
            end = start + rng.randint(1, 5)
            mentions.append(Mention("x" * (end - start), start, end, None, False))
            pos = start + rng.randint(0, end - start)  # (names may overlap)
        mentions.sort(key=lambda m: m.start)
        scope = Scope("x" * 60, mentions)
        for _ in range(30):
            start = rng.randint(0, 40)
            end = start + rng.randint(1, 12)
            inside = [(s, e) for s in range(start, end) for e in range(s + 1, end + 1)]
            overlapped = any(m.start < end and m.end > start for m in mentions)
            assert scope.names_within(start, end) == overlapped
            if not overlapped:
                assert not any(scope.in_name(s, e) for s, e in inside)


def test_a_statement_without_the_skip_words_has_no_number_a_skip_rule_excludes():
    from pipeline.extract.context import Statement
    from pipeline.extract.counts import skipped_by
    from pipeline.extract.rules import load_rules

    rules = load_rules()
    rng = random.Random(5)
    examples = [s for skip in rules.skips for kind in ("pos", "neg") for s in rules.examples[skip.id][kind]]
    pieces = [e[i:i + rng.randint(1, 6)] for e in examples for i in range(0, len(e), 3)] + ["，", "3", "件", "个"]
    texts = examples + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(1500)]
    skipped = gated = 0
    for text in texts:
        may = Statement(text, 0).may_skip
        for _ in range(6):
            i = rng.randint(0, len(text))
            j = rng.randint(i, len(text))
            for unit in ("件", "个", "人", None):
                if skipped_by(text[:i], text[i:j], unit) is not None:
                    skipped += 1
                    assert may, text
        gated += not may
    assert skipped and gated  # both cases were seen


def test_breakdowns_of_statements_without_label_words_are_those_read_without_the_test(monkeypatch):
    from pipeline.extract import breakdowns
    from pipeline.extract.context import Statement
    from pipeline.extract.rules import load_rules

    rules = load_rules()
    rng = random.Random(6)
    pieces = ["其中", "涉及", "大气", "水", "噪声", "生态", "其他", "畜禽养殖", "按行业", "行业", "工业", "类", "问题",
              "污染", "、", "，", "：", "共", "有", "各", "分别为", "信访件", "交办", "12件", "3件", "5个", "7起", "2条",
              "第一批", "举报", "反映", "最多", "中"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    gated = [[(c.metric, c.category, c.start, c.end) for c in breakdowns.extract(Statement(t, 0))] for t in texts]
    assert rules.breakdown_words is not None
    monkeypatch.setitem(vars(rules), "breakdown_words", None)  # (no test: every statement read)
    plain = [[(c.metric, c.category, c.start, c.end) for c in breakdowns.extract(Statement(t, 0))] for t in texts]
    assert gated == plain
    assert sum(map(bool, plain)) > 100  # items were found


def test_as_written_without_a_matching_step_is_the_full_computation():
    from pipeline import normalize as N

    def full(text):
        steps = (N.half_width, N.drop_pinyin, N.drop_inline_junk, N.drop_spam, N.join_number_spaces)
        return re.sub(r"\s+", "", N.normalized(text, steps=steps).text)

    rng = random.Random(8)
    pieces = ["合肥市", "畜禽养殖", "生态(tài)", "（ｔａｉ）", "ＡＢ", "１２", "12 个", "下降 3%", " ", "\u3000", "\n",
              "##paidbegin##", "某某体育官网", "体育", "官网", "率", "％", "ｘ"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 4)))
        N.as_written.cache_clear()
        assert N.as_written(text) == full(text), text


def test_basis_with_the_cues_words_is_the_basis_without():
    from pipeline.extract.rules import load_rules
    from pipeline.extract.scope import basis_at

    rules = load_rules()
    rng = random.Random(9)
    pieces = ["累计", "共", "公共", "共性", "共计", "合计", "第", "十", "3", "批", "本批", "当日", "同日", "交办", "件", "，"]
    seen = set()
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        pos = rng.randint(0, len(text))
        got = basis_at(text, pos, rules.basis, rules.basis_words)
        assert got == basis_at(text, pos, rules.basis), (text, pos)
        seen.add(got)
    assert seen == {None, "cumulative", "batch"}


def test_facts_are_the_same_when_every_span_is_taken_to_hold_a_name(monkeypatch):
    """`Scope.names_within` only lets the facts stage skip work: facts are those read without it."""
    from pipeline.extract import extract_facts
    from pipeline.normalize import normalized

    rng = random.Random(10)
    places = ["合肥市", "芜湖市", "蚌埠市", "五河县", "庐阳区", "我省", "全市"]
    pieces = ["交办信访件", "已办结", "其中", "涉及", "问责", "共", "分别为", "、", "，", "。", "\n", "（其中", "）",
              "重点关注", "属实", "大气", "水", "一家", "企业", "12件", "3件", "5件", "20人", "8个", "截至6月底", "累计"]
    docs = ["".join(rng.choice(places + pieces) for _ in range(rng.randint(5, 40))) for _ in range(150)]
    docs += ["第三批交办信访件123件。其中合肥市20件、芜湖市15件。已办结100件。\n问责20人，其中合肥市5人。"]
    meta = {"region": "安徽省", "region_code": "340000", "admin_level": "province"}

    def facts_of(text):
        norm = normalized(text)
        return [tuple(vars(f).values()) for f in extract_facts(norm, text, dict(meta))]

    with_test = [facts_of(d) for d in docs]
    monkeypatch.setattr(Scope, "names_within", lambda self, start, end: True)
    assert [facts_of(d) for d in docs] == with_test
    assert sum(map(len, with_test)) > 50
    assert sum(f[12] is not None for doc in with_test for f in doc) > 5  # some facts are a region's (subject_region)


def test_a_rule_pattern_finds_nothing_in_a_text_without_its_words():
    """counts reads a right rule only when one of its words is in the words after the number."""
    from pipeline.extract.rules import load_rules

    rules = load_rules()
    rng = random.Random(11)
    examples = [s for r in rules.rules for kind in ("pos", "neg") for s in rules.examples[r.id][kind]]
    pieces = [e[i:i + rng.randint(1, 5)] for e in examples for i in range(0, len(e), 2)]
    texts = examples + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(2000)]
    for r in rules.rules:
        if r.literals is None:
            continue
        compiled = re.compile(r.pattern.pattern)
        for text in texts:
            if not any(map(text.__contains__, r.literals)):
                assert compiled.search(text) is None, (r.id, text)
