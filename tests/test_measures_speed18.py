"""Round 18 speed changes of pipeline/measures (fewer objects and look-ups), each checked against
what it stands for."""
import dataclasses

from pipeline.measures import MEASURE_FIELDS, extract_measures
from pipeline.measures.clauses import Clause, Span, find_spans
from pipeline.measures.layout import Piece, read_layout
from pipeline.measures import default_rules
from pipeline.records import Measure


def test_measures_are_made_with_their_fields_in_order():
    """_describe passes a Measure's fields by position, in MEASURE_FIELDS order."""
    assert MEASURE_FIELDS == tuple(f.name for f in dataclasses.fields(Measure))
    text = "县生态环境局2023年6月底前完成3家企业整改。"
    [m] = extract_measures(text)
    assert (m.text, m.char_start, m.char_end, m.concrete, m.measure_idx) == (text[:-1], 0, len(text) - 1, None, 0)
    assert m.quantities == ["3家"] and m.deadline == "2023-06" and m.responsible == "县生态环境局"


def test_spans_clauses_and_pieces_made_by_position_keep_their_fields():
    assert [f.name for f in dataclasses.fields(Span) if f.init] == ["clauses", "head", "lead"]
    assert [f.name for f in dataclasses.fields(Clause)][:8] == ["start", "end", "text", "kind", "rule", "verb_at", "anchor",
                                                                "first_verb"]
    assert [f.name for f in dataclasses.fields(Piece)] == ["start", "end", "section", "row", "para", "item_deadline",
                                                           "responsible", "deadline", "place", "body"]
    rules = default_rules()
    text = "1.根据督察要求，开展河道清理，关停企业5家。"
    spans, clauses = find_spans(text, 0, len(text), rules)
    assert [(c.text, c.kind) for c in clauses] == [("根据督察要求", "fwd"), ("开展河道清理", "act"), ("关停企业5家", "act")]
    assert [(s.head, s.lead, s.start, s.end) for s in spans] == [(1, [0], 2, 15), (0, [], 16, 22)]
    [piece] = read_layout("河北省积极推进整改，关停企业5家。", rules).pieces
    assert (piece.start, piece.responsible, piece.deadline, piece.place, piece.body) == (0, None, None, "河北省", 0)


def test_pieces_are_the_sentences_of_their_line():
    """layout reads a line's sentences as offsets (segment.sentence_bounds): the pieces are the
    sentences split_sentences finds, at the same offsets into the text."""
    from pipeline.segment import split_sentences

    lines = ["一、关停企业5家；拆除违建3处！整改到位。", "  新建污水管网8公里。完成河道清淤\n", "  “治理扬尘”。加强巡查？"]
    text = "\n".join(lines)
    pieces = read_layout(text, default_rules()).pieces
    want = [(s.char_start, s.char_end) for s in split_sentences(text)]
    want[0] = (2, want[0][1])  # (the enumerator 一、 opens the line, not its first piece)
    assert [(p.start, p.end) for p in pieces] == want
    assert [text[p.start:p.end] for p in pieces][:3] == ["关停企业5家；", "拆除违建3处！", "整改到位。"]
