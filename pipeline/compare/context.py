"""What the words around a figure say about it, for the panel: which inspection it belongs to
(a provincial inspection's figures are not the central one's) and whether it counts one batch of
petitions or all of them so far (the extractor's `basis` is kept as `basis_stated`).

A figure's window is its sentence up to the figure, then the words before it in its paragraph.
"""
from __future__ import annotations

import re

from ..normalize import simplified

_NUM = "0-9０-９一二三四五六七八九十百千零〇两"
# A sentence ends at 。！？； or at a line break that does not continue a list (a page wrapped after 、).
_SENT_END = re.compile(r"[。！？!?；;]|(?<![、，,：:])\n")
# A paragraph ends at a line break after a sentence's end or a blank line.
_PARA_END = re.compile(r"(?<=[。！？!?；;）)\n])\s*\n|\n\s*\n")
# One batch of petitions: an ordinal batch (第二十四批, 首批, 本批); 第二轮第三批中央生态环境保护督察 is a
# batch of the inspection itself (a group of provinces), not of petitions: followed by 督察 it is not read.
_BATCH = re.compile(rf"(?:第[{_NUM}]+批|首批|本批|该批|此批|当批)(?!次)(?![^，,。；;、]{{0,10}}督察)")
# All so far: 累计 / 截至 with a plain count of batches (已转办32批, 共三十批, 三十批清单) or an explicit 累计.
# One day's transfer: a sentence opening on a day (5月19日，; 综合统计，12月22日) in which the inspectors hand petitions over
# (督察组……交办 / 转办 / 移交 / 转交), without 截至 or 累计: that day's batch.
_DAY_TRANSFER = re.compile(r"(?:^|(?<=[。！？!?；;\n]))[^。！？!?\d]{0,6}?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月\d{1,2}日"
                           r"(?:[上下]午|晚间?)?[，,]?(?:(?!截至|截止|累计)[^。！？])*?督察组"
                           r"(?:(?!截至|截止|累计)[^。！？])*?(?:交办|转办|移交|转交)")
_CUMULATIVE = re.compile(rf"累计|(?<![第{_NUM}])(?!一批)[{_NUM}]+批(?!次)")
# Words of a running total that does not name its batches (截至5月3日，共转办1234件).
_SO_FAR = re.compile(r"截至|截止|至今|目前|累计|共计|总计|合计|总数")
# A provincial inspection group (省第四环保督察组, 省生态环境保护督察组, 省委第二生态环境保护督察组), as against the
# central one (中央…督察): its figures do not belong in a panel of the central inspection.
_PROVINCIAL = re.compile(r"(?<!中央)(?<!中央、)(?:省|自治区|市)(?:委)?(?:第[一二三四五六七八九十]+)?"
                         r"(?:生态)?环(?:境)?保(?:护)?督察组|省级(?:生态)?环(?:境)?保(?:护)?督察")
_CENTRAL = re.compile(r"中央")
BASIS_METRICS = ("petitions.", "enforcement.", "accountability.")
LOOK_BACK = 300
SENTENCE_SPAN = 2000


def _sentence(text: str, start: int) -> tuple[int, int]:
    """Bounds of the sentence holding position `start`, at most SENTENCE_SPAN characters back (a
    page without punctuation is one "sentence": each figure must not rescan it from the top)."""
    floor = max(0, start - SENTENCE_SPAN)
    begin = max((m.end() for m in _SENT_END.finditer(text, floor, start)), default=floor)
    m = _SENT_END.search(text, start, start + SENTENCE_SPAN)
    return begin, m.start() if m else min(len(text), start + SENTENCE_SPAN)


def locate(text: str | None, evidence: str | None, start) -> int | None:
    """The figure's position in the text: its offset when the evidence is there, else the
    evidence's first occurrence, else None."""
    if not isinstance(text, str) or not text:
        return None
    if isinstance(start, (int, float)) and start == start and isinstance(evidence, str):
        s = int(start)
        if text[s:s + len(evidence)] == evidence:
            return s
    if isinstance(evidence, str) and evidence:
        i = text.find(evidence)
        return i if i >= 0 else None
    return None


def window(text: str, pos: int, evidence: str) -> tuple[str, str]:
    """(the figure's sentence up to the figure's end, the words before it in its paragraph, at most
    LOOK_BACK characters: the total a breakdown breaks down, the 截至… that opens a list), Simplified."""
    begin, _ = _sentence(text, pos)
    own = text[begin:pos + len(evidence or "")]
    floor = max(0, begin - LOOK_BACK)  # (only the last LOOK_BACK characters are read)
    para = max((m.end() for m in _PARA_END.finditer(text, floor, begin)), default=floor)
    before = text[para:begin]
    return simplified(own), simplified(before)


def _last_clue(text: str) -> str | None:
    """'batch' or 'cumulative': the kind of the last clue in the text, None when there is none."""
    last = [(m.end(), "batch") for m in _BATCH.finditer(text)] + \
        [(m.end(), "batch") for m in _DAY_TRANSFER.finditer(text)] + \
        [(m.end(), "cumulative") for m in _CUMULATIVE.finditer(text)]
    return max(last)[1] if last else None


def reread_basis(stated: str | None, metric: str, own: str, before: str, heading_batch: bool) -> tuple[str | None, str]:
    """(basis, how). The last clue before the figure in its sentence decides: an ordinal batch makes it
    one batch's figure (第一批……共32件 is not cumulative whatever its 共), a plain count of batches or
    累计 all batches so far. Else, for a figure whose basis the extractor did not state (or read from a
    bare 共, which sums without saying 'so far'), the last clue
    earlier in its paragraph (the total it breaks down, the 截至… that opens the list); else a batch
    notice (its heading names one batch) counts its batch, unless the words say 截至 / 共计."""
    if not metric.startswith(BASIS_METRICS):
        return stated, "stated" if stated else "unstated"
    if clue := _last_clue(own):
        return clue, "sentence: " + ("one batch" if clue == "batch" else "all batches so far")
    # 共43件 is a sum, not all batches so far: a 'cumulative' resting on 共 alone yields to its paragraph
    weak = stated == "cumulative" and not _SO_FAR.search(own)
    if stated and not weak:
        return stated, "stated"
    if clue := _last_clue(before):
        return clue, "paragraph: " + ("one batch" if clue == "batch" else "all batches so far")
    if heading_batch and metric.startswith("petitions.") and not _SO_FAR.search(before + own):
        return "batch", "batch notice"
    return (stated, "stated") if stated else (None, "unstated")


def heading_names_batch(text: str | None) -> bool:
    """A notice whose heading (first non-empty lines) names one batch of petitions."""
    if not isinstance(text, str):
        return False
    head = "\n".join([line for line in text.split("\n") if line.strip()][:3])[:200]
    head = simplified(head)
    return bool(_BATCH.search(head)) and not _CUMULATIVE.search(head)


def inspection(own: str, before: str) -> str:
    """'provincial' when the last inspection named before the figure, in its sentence or else earlier
    in its paragraph, is a provincial inspection group (省第四环保督察组) and not the central one
    (中央…); else 'central'."""
    for text in (own, before):
        named = [(m.start(), "provincial") for m in _PROVINCIAL.finditer(text)] + \
            [(m.start(), "central") for m in _CENTRAL.finditer(text)]
        if named:
            return max(named)[1]
    return "central"
