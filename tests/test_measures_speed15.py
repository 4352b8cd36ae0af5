"""Round 15's speed change to the measures stage, against the plain computation it replaces: the
frame from the body's cues (two searches of the whole text) read only when a measure falls back
on it (measured over 20 real pages after 5: extract_measures 52.0 M -> 51.2 M instructions)."""
from pipeline.measures import load_rules


# hand-written documents: (text, frame, frame_rule) — a title decides, else rows with 整改时限, else
# the body's cues (done against planned words), else nothing
FRAME_CASES = [
    ("白河县督察整改方案\n一、整改措施：关停砖窑3座。", "plan", "frame.plan"),
    ("关于整改情况的公示\n全县已关停砖窑3座。", "report", "frame.report"),
    ("近日，全县已关停砖窑3座，累计拆除违建12处。", "report", "frame.report_body"),
    ("各县要在年底前关停砖窑，力争完成拆除。", "plan", "frame.plan_body"),
    ("整改措施：关停砖窑3座\n整改时限：2026年12月底前", "plan", "frame.rows"),
    ("关停砖窑3座，已拆除违建12处\n整改时限：2026年12月底前", "plan", "frame.rows"),
    ("河道清淤。", None, None),
]


def test_the_frame_is_read_from_the_body_only_when_asked(monkeypatch):
    from pipeline.measures import layout

    rules = load_rules()
    calls = []
    body_frame = layout.body_frame
    monkeypatch.setattr(layout, "body_frame", lambda *a: calls.append(a) or body_frame(*a))
    for text, frame, rule in FRAME_CASES:
        calls.clear()
        got = layout.read_layout(text, rules)
        assert not calls  # (not searched yet)
        assert (got.frame, got.frame_rule) == (frame, rule), text
        assert (got.frame, got.frame_rule) == (frame, rule)  # (read once, kept)
        assert len(calls) <= 1
        whole = layout.frame_of(text, layout.lines_of(text), rules)[:2]
        assert rule == "frame.rows" or whole == (frame, rule), text  # frame_of: the title, else the body
