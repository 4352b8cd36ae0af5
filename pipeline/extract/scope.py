"""Scope of a fact: the document's own region (null) or a named sub-region, and its time scope.

A provincial notice gives figures for its cities ("其中合肥市20件、芜湖市15件"), a national
bulletin for its provinces ("河南省问责1015人"), a city notice for its districts. Region names
are found with the gazetteer (official names, and short names where the words after them make
them a subject: "武汉20件", "山西：", "河南一省"), then each number takes the scope of the last
region named before it in its sentence:

- an *item* mention stands right before its number ("太原市390件") and scopes only that number;
- a *subject* mention ("河南省边督边改问责达到1015人", a line label "山西：") scopes every number
  after it in the sentence (a label: in the paragraph) until another region is named;
- the document's own region and self-references (我省, 本市, 全县) reset the scope to the document;
- a name inside 《》, a place the inspectors went to (进驻广东省期间), or one name of an
  enumeration (进驻内蒙古、黑龙江、江苏等) sets no scope; "浙江和青海两省均为117人" gives the
  number to each name. In a national bulletin the place the inspectors went to is the subject of
  the figures after it ("督察组对宁夏回族自治区…开展“回头看”…问责190人"), in the later sentences of its
  paragraph too ("…对河北省开展督察。截至…，督察组共收到…"; also "在河北省，…", "进驻河北省以来", "。山西省：…"),
  until the paragraph names a place of another province or gives the total of all groups (全国, 各督察组, 合计…);
- a heading line that is only a numbered place name ("一、合肥市") scopes its section up to the next heading of
  its level or higher, until the section names a place outside it.

`as_of` comes from 截至 / 截止 dates (carried through the paragraph), `basis` from the nearest
cumulative (累计, 共计) or batch (第N批, 当日) cue before the number in its sentence.
"""
from __future__ import annotations

import bisect
import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from re import _parser as sre_parser

from ..gazetteer import Gazetteer, Place, preceded_as_word, short_name
from .context import TextIndex, last_match
from .piecewise import last_before, prefix_safe
from .rules import LazyRegex, computed_once

# How far back (characters) a number's scope and 截至 date are looked for.
LOOK_BACK = 4000
# Words that may follow a short region name when it is the subject of a count.
_SHORT_FOLLOW = LazyRegex(
    r"[\d*×X某：:、，,和及与（(的共为被均各等]|有[\d*]|[一两三四五六七八九]个?(?:省|市|州|县|区)|全省|省内|问责|约谈|立案|罚款|拘留|处罚|开出|开了?近|"
    r"交办|转办|办结|累计|已|下降|上升|减少|增加|增长|同比")
# Places the division table does not hold but lists name like districts (天衢新区, 高新区, a new
# or renamed 区 / 县 / 镇): a list item right before its number.
# (what follows the name: a number, a list closed by 各 / 均为, or a verb and its number)
_ZONE_FOLLOW = (r"(?=\s?[：:]?(?:共|为|各|均为|均有)?[\d*]|、[^，,。；;\n]{0,40}?\s?(?:各|均为|均有)[\d*]|"
                r"(?:交办|转办|办结|受理|立案|罚款|问责|约谈|拘留)[\d一二三四五六七八九十])")
_ZONE = re.compile(r"(?:(?<=[、，,：:；;\s和])|(?<=涉及)|(?<=其中))(?!涉及|其中|其余|其他|其它|另外|全)(?:(?:(?![和及与])[\u4e00-\u9fff]){1,6}?(?:新区|开发区|高新区|经开区|园区|管理区|示范区)|"
                   r"[\u4e00-\u9fff]{2,4}?(?:区|县|镇|乡|街道)|[\u4e00-\u9fff]{2,3}?市|县城区|主城区|中心城区|城区|市直部门|市直|市辖区)"
                   + _ZONE_FOLLOW + r"|新疆生产建设兵团|生产建设兵团")
# Divisions of the Xinjiang Production and Construction Corps, written as list items with or without
# the city the division administers ("四师可克达拉市3件", "十二师3件", "兵团第八师石河子市"): one place.
_CORPS = re.compile(r"(?:(?<=[、，,：:；;\s和及与])|(?<=涉及)|(?<=其中)|(?<=^))(?:兵团)?第?[一二三四五六七八九十]{1,3}师"
                    r"(?P<city>[\u4e00-\u9fff]{2,4}?市)?(?=[：:]?(?:共|为|各|均为)?[\d*])")
_SELF = re.compile(r"(?:我|本|全|该)(?:省|市|县|区|州|盟|旗|自治区|自治州|自治县)(?![\u4e00-\u9fff]{0,1}(?:委|政府|人大|政协)\b)")
_VISITED_AFTER = re.compile(r"^[^，,。；;\d]{0,12}?(?:开展|进行|实施|期间|督察|检查)")
# A national bulletin's figures the text gives for the nation or for all groups: no visited place scopes them.
_ALL_GROUPS = LazyRegex(r"全国|各(?:个)?督察组|[一二三四五六七八九十两\d]+个(?:[\u4e00-\u9fff]{0,10}?)督察组|各被督察|被督察(?:地方|省份|省区|对象)|"
                         r"[一二三四五六七八九十\d]+(?:个)?省(?:份|区|市|[（(]区(?:、市)?[）)])?(?!直|级|委|属|内)|全覆盖|(?<!组)(?:合计|共计|总计)|"
                         r"第[一二三四五六七八九十]+(?:轮|批)(?:[\u4e00-\u9fff]{0,12}?)督察(?:共|累计|合计|已)")
_SENTENCE_EDGE = "。；;！!？?\n \t\u3000"
_LINE_END = re.compile(r"[ \t\u3000]*(?:\n|$)")
# A heading line that is only a numbered place name ("一、合肥市", "（二）芜湖市"): the section under it, up to
# the next heading numbered the same way, is that place's.
_HEADING = re.compile(r"[ \t\u3000]*(?P<num>[（(]?[一二三四五六七八九十\d]+[）)、.．])[ \t\u3000]*$")
# (or up to a heading of a higher level: 一、 > （一） > 1.)
_SECTION_END = {"cjk": r"\n[ \t\u3000]*[一二三四五六七八九十]+[、.．]",
                "paren": r"\n[ \t\u3000]*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、.．])",
                "digit": r"\n[ \t\u3000]*(?:\d+[、.．]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、.．])"}
# (a department may close the enumeration: "A区、B区、C新区、市城管局各1件" counts for the places too)
_DISTRIBUTIVE = LazyRegex(r"^\s?(?:、[\u4e00-\u9fff]{2,10}?(?:局|委|管委会|办公室|部门|中心))?"
                          r"(?:[一二两三四五六七八九十\d]+(?:省|市|县|区|州|地))?(?:均|各|都)")
# Around a two-character name (青县) or a name broken by a space that is a list item.
_SHORT_ITEM_BEFORE = re.compile(r"(?:[、，,：:；;\s]|涉及|其中|和|及)$")
_SHORT_ITEM_AFTER = re.compile(r"[：:]?(?:共|为)?[\d*]")
_CLAUSE_END = re.compile(r"[；;]")
_SEGMENT_BREAK = re.compile(r"[；;。\n，,]")
_CJK_SPACE = LazyRegex(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")  # (as `cjk_spaces` reads it)
# A name standing right before its number: "太原市390件", "德州市共14件", "涉及德州市的为73件".
_ITEM_GAP = LazyRegex(r"^[：:]?(?:的)?(?:共计|共|合计|为|的为|有|达|各)?$")
_ASIDE = re.compile(r"[（(][^）)\n]{0,30}[）)]")
_ITEM_AFTER = re.compile(r"^(?:共计|共|合计|为|的为|有|达|各)?\s*[\d*X某]")
_PARAGRAPH_LABEL = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*)?$")
_LABEL_AFTER = re.compile(r"\s*[：:]")  # (matched at a position: a name's end, or 0 of the words after it)
_AS_OF = re.compile(
    r"(?:截至|截止|截止到|截至到|到)(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日)?(?:底|末)?|(?:截至|截止)(?:目前|当前|发稿时)")
_DATE_LINE = re.compile(r"(20\d\d|19\d\d)[-年/.](\d{1,2})")
# Whether a line's matches of _AS_OF tell those before a position of it (piecewise.prefix_safe).
_AS_OF_PREFIX_SAFE = prefix_safe(_AS_OF)
# What a text holding a match of _AS_OF that gives a date holds (its words end in 至, 止 or 到, and the
# year, month or day follows them): a document without it has no 截至 date anywhere.
_DATED = re.compile(r"[至止到](?:\d{4}年|\d{1,2}[月日])")


@dataclass(frozen=True)
class Mention:
    name: str  # as in the normalized text
    start: int
    end: int
    code: str | None  # GB/T 2260 code when the name resolves to one place
    own: bool  # the document's own region (or a self-reference: 我省, 全市)
    kind: str = "subject"  # subject | item | label | inert
    group: tuple = ()  # names of a distributive enumeration ("浙江和青海两省均为")


@dataclass
class Scope:
    """Document-level scope facts every extractor can ask about a position of the normalized text."""

    text: str
    mentions: list[Mention] = field(default_factory=list)
    year: str | None = None  # the document's year, for 截至9月21日

    def __post_init__(self):
        self._starts = [m.start for m in self.mentions]
        # the farthest end of the mentions up to each one (`names_within`)
        self._reach = list(itertools.accumulate((m.end for m in self.mentions), max))
        self._by_start = {m.start: m for m in self.mentions}
        self._index = TextIndex(self.text)
        self._sections = [(m.start, self._section_end(m), m) for m in self.mentions if m.kind == "heading"]
        self._dated = _DATED.search(self.text) is not None
        self._as_of_lines: dict[int, tuple[list[re.Match], list[int]]] = {}  # line start -> _AS_OF's matches, their ends

    @computed_once
    def _newlines(self) -> list[int]:
        """Where the text's line breaks are (a number's line start is then a binary search, not a
        scan back over a long paragraph for each number)."""
        out, at = [], self.text.find("\n")
        while at >= 0:
            out.append(at)
            at = self.text.find("\n", at + 1)
        return out

    def line_start(self, pos: int) -> int:
        """Where the line holding `pos` starts: text.rfind("\n", 0, pos) + 1."""
        i = bisect_left(self._newlines, pos) - 1
        return self._newlines[i] + 1 if i >= 0 else 0

    def _line_start(self, pos: int) -> int:
        """Where the line holding `pos` starts, looked back at most LOOK_BACK characters:
        max(text.rfind("\n", floor, pos) + 1, floor)."""
        floor = max(pos - LOOK_BACK, 0)
        newlines = self._newlines
        i = bisect_left(newlines, pos) - 1  # the last line break before `pos`
        return newlines[i] + 1 if i >= 0 and newlines[i] >= floor else floor

    def walk_back(self, pos: int):
        """The mentions starting before `pos`, nearest first (callers stop early: no copy, no scan)."""
        i = bisect_left(self._starts, pos) - 1
        while i >= 0:
            yield self.mentions[i]
            i -= 1

    def at(self, start: int) -> Mention | None:
        return self._by_start.get(start)

    def in_name(self, start: int, end: int) -> bool:
        """Whether text[start:end] lies inside a place name: a numeral in "五家渠市" (五家) counts nothing."""
        i = bisect_left(self._starts, end) - 1  # the nearest name starting before `end`
        return i >= 0 and self.mentions[i].start <= start < self.mentions[i].end

    def names_within(self, start: int, end: int) -> bool:
        """Whether a mention overlaps text[start:end]: if none does, no number there is `in_name`
        (one test per statement instead of one per number)."""
        i = bisect_left(self._starts, end) - 1  # the last mention starting before `end`
        return i >= 0 and (self._starts[i] >= start or self._reach[i] > start)

    def region_at(self, pos: int, sentence_start: int) -> tuple[Mention | None, tuple]:
        """The mention governing the number at `pos` (None: the document's own scope), and the
        names it stands for when it is a distributive enumeration."""
        label = visit = None
        passed = []  # codes of the subjects of earlier sentences, nearest first
        # Bounded look-back: a "paragraph" of megabytes (a page with its line breaks lost) must not
        # make every number re-read all of it.
        line_start = self._line_start(pos)
        passed_item = False
        mentions, i = self.mentions, bisect_left(self._starts, pos)
        while i > 0:  # the mentions starting before `pos`, nearest first (`walk_back`, inlined: once per fact)
            i -= 1
            m = mentions[i]
            if m.start < line_start:
                break
            if m.kind == "label" and label is None:
                label = m
            if m.start < sentence_start:
                # a national bulletin's paragraph on one group's place ("督察组对X省开展督察。截至…，
                # 督察组共收到…"): that place until the text names another one
                if m.kind == "visit" and visit is None and all(c and c[:2] == m.code[:2] for c in passed):
                    visit = m
                elif visit is None and m.kind in ("subject", "visit") and not m.own:
                    passed.append(m.code)
                continue
            if m.kind == "inert":
                continue
            if m.kind == "item" and not self._item_of(m, pos):
                if not passed_item and not m.own and self._segment_of(m, pos):
                    return m, m.group
                passed_item = passed_item or not m.own
                continue
            if m.group and (passed_item or _CLAUSE_END.search(self.text, m.end, pos)):
                return None, ()  # "A区、B区各1件，C区2件；涉大气类1件": the 各 ends with its list
            if m.kind == "visit" and _ALL_GROUPS.search(self.text, m.end, pos):
                return None, ()  # "…进驻X省期间。全国累计问责N人": the nation's
            return (None, ()) if m.own else (m, m.group)
        if visit is not None and (label is None or visit.start > label.start):
            return (None, ()) if _ALL_GROUPS.search(self.text, visit.end, pos) else (visit, ())
        if label is not None and not label.own:
            return label, ()
        if self._sections:
            section = self.section_at(pos)
            if section is not None and not self._turned(section, pos):
                return section, ()
        return None, ()

    def _turned(self, section: Mention, pos: int) -> bool:
        """Whether the section's text before `pos` already names a place outside the heading's one."""
        prefix = 2 if section.code and section.code.endswith("0000") else 4 if section.code and section.code.endswith("00") else 6
        for m in self.walk_back(pos):
            if m.start <= section.start:
                return False
            if m.kind in ("subject", "visit", "label") and not m.own and (not m.code or not section.code
                                                                        or m.code[:prefix] != section.code[:prefix]):
                return True
        return False

    def _section_end(self, m: Mention) -> int:
        line_start = self.text.rfind("\n", 0, m.start) + 1
        num = _HEADING.match(self.text, line_start, m.start).group("num")
        style = "paren" if num[0] in "（(" else "digit" if num[0].isdigit() else "cjk"
        end = re.compile(_SECTION_END[style]).search(self.text, m.end)
        return end.start() if end else len(self.text)

    def section_at(self, pos: int) -> Mention | None:
        """The place of the heading whose section holds `pos` (None when none does; bounded look-back)."""
        i = bisect_left(self._sections, (pos,)) - 1
        if i < 0:
            return None
        start, end, m = self._sections[i]
        return m if pos < end and pos - start <= LOOK_BACK else None

    def _segment_of(self, m: Mention, pos: int) -> bool:
        """"…；遵义市197件、已办结82件；…": an item opening a ；-separated segment scopes the
        segment's other numbers."""
        before = self.text[max(0, m.start - 1):m.start]
        if before not in ("；", ";", "：", ":") or _SEGMENT_BREAK.search(self.text, m.end, pos):
            return False
        end = _SEGMENT_BREAK.search(self.text, pos, pos + 200)
        return before in ("；", ";") or (end is not None and end.group() in ("；", ";"))

    def _item_of(self, m: Mention, pos: int) -> bool:
        """An item mention scopes only the number right after it."""
        return item_gap(self.text[m.end:pos])

    def _as_of_before(self, start: int, pos: int) -> re.Match | None:
        """The last match of _AS_OF from `start` (a line start) to `pos`: read from the matches of
        the whole line, found once for all its facts (measured on real pages: as_of 2.75 M -> 1.45 M
        instructions), unless one of them runs across `pos`."""
        line = self._as_of_lines.get(start) if _AS_OF_PREFIX_SAFE else None
        if line is None and _AS_OF_PREFIX_SAFE and (start == 0 or self.text[start - 1] == "\n"):
            end = self.text.find("\n", start)
            matches = list(_AS_OF.finditer(self.text, start, len(self.text) if end < 0 else end))
            line = self._as_of_lines[start] = (matches, [m.end() for m in matches])
        if line is not None:
            found = last_before(line[0], line[1], pos)
            if found is not False:
                return found
        return self._index.last_match(_AS_OF, start, pos)

    def as_of(self, pos: int) -> str | None:
        """The 截至 date in force at `pos`: the last one before it in its paragraph."""
        if not self._dated:
            return None
        start = self._line_start(pos)
        found = self._as_of_before(start, pos)
        if found is None or not any(found.groups()):
            return None
        year, month, day = found.groups()
        year = year or self.year
        if not year:
            return None
        parts = [year] + [f"{int(x):02d}" for x in (month, day) if x]
        if day and not month:
            return None
        return "-".join(parts)


def basis_at(sentence: str, pos: int, cues: dict[str, re.Pattern],
             words: dict[str, frozenset[str] | None] | None = None) -> str | None:
    """'cumulative' or 'batch': the cue nearest before `pos` in the sentence. `words`: for each
    cue, words one of which is in any text it matches (a sentence without them is not searched)."""
    before = sentence if pos >= len(sentence) else sentence[:pos]
    return _nearest_cue(before, [(name, pattern) for name, pattern in cues.items()
                                 if not words or words.get(name) is None or any(map(before.__contains__, words[name]))])


def _nearest_cue(before: str, cues) -> str | None:
    """The name of the (name, pattern) pair whose last match in `before` ends last (None: none matches)."""
    best, at = None, -1
    for name, pattern in cues:
        last = last_match(pattern, before)  # (the last match of a pattern ends last)
        if last is not None and last.end() > at:
            best, at = name, last.end()
    return best


class BasisCues:
    """`basis_at` for the sentences of one document: `at(start, pos)` is
    `basis_at(text[start:pos], pos - start, cues, words)`. Whether a sentence holds one of a cue's
    words is read from where the words are in the document (found once), not by looking for
    each word in the sentence of each of its facts (measured: the facts stage 397.7 M -> 392.2 M
    instructions on 20 bench documents)."""

    def __init__(self, text: str, cues: dict[str, re.Pattern], words: dict[str, frozenset[str] | None]):
        self.text, self.cues, self.words = text, cues, words
        # (name, pattern, _word_ends of the cue) of each cue, in order: found when a fact first asks
        self._gates: list[tuple[str, re.Pattern, tuple[list[int], list[int]] | None]] | None = None

    def at(self, start: int, pos: int) -> str | None:
        # (_nearest_cue written out over the cues a word of which is in text[start:pos], the text cut
        # out once: asked for every fact; measured on 20 bench documents: at 15.5 M -> 12.4 M instructions)
        gates = self._gates
        if gates is None:
            gates = self._gates = [(name, pattern, self._word_ends(name)) for name, pattern in self.cues.items()]
        best, best_end, before = None, -1, None
        for name, pattern, ends in gates:
            if ends is not None:  # (whether one of the cue's words is in text[start:pos])
                starts, first_end = ends
                i = bisect_left(starts, start)
                if i == len(starts) or first_end[i] > pos:
                    continue
            if before is None:
                before = self.text[start:pos]
            last = last_match(pattern, before)
            if last is not None and last.end() > best_end:
                best, best_end = name, last.end()
        return best

    def _word_ends(self, name: str) -> tuple[list[int], list[int]] | None:
        """Where the cue's words start in the text, in order, and for each of these the first end
        of a word starting there or later (None: the cue's words are not known)."""
        if self.words.get(name) is None:
            return None
        spans = []
        for word in self.words[name]:
            at = self.text.find(word)
            while at >= 0:
                spans.append((at, at + len(word)))
                at = self.text.find(word, at + 1)
        spans.sort()
        first_end, end = [0] * len(spans), len(self.text) + 1
        for i in range(len(spans) - 1, -1, -1):
            end = first_end[i] = min(end, spans[i][1])
        return [s for s, _ in spans], first_end


def find_scope(text: str, gaz: Gazetteer, own_code: str | None, own_name: str | None,
               national: bool = False) -> Scope:
    """Region mentions of a normalized document text, classified once (`national`: the document is
    a national bulletin, whose figures after a place the inspectors went to are that place's)."""
    raw = _raw_mentions(text, gaz)
    own_short = short_name(own_name) if own_name else None
    mentions: list[Mention] = []
    for i, (name, start, end, places) in enumerate(raw):
        own = _is_own(name, places, own_code, own_short)
        mentions.append(_mention(name, start, end, places[0].code if len(places) == 1 else None, own))
    province = _province_above(gaz, own_code)
    for m in _SELF.finditer(text):
        if province is not None and m.group()[:1] in "我本" and m.group()[1:] in ("省", "自治区") \
                and _RECIPIENT_BEFORE.search(text[max(0, m.start() - 2):m.start()]):
            # "已向我省转办…1472件" on a city's page: the province's figure, not the city's
            # ("其中我省共性问题21项" there is the city's share: no recipient, no change)
            mentions.append(Mention(province.name, m.start(), m.end(), province.code, False))
            continue
        mentions.append(_mention(m.group(), m.start(), m.end(), None, True))
    mentions.sort(key=lambda m: m.start)
    mentions = _merge_chains(text, mentions)
    groups = _enumerations(text, mentions)
    return Scope(text, [_classify(text, mentions, i, national, groups[i]) for i in range(len(mentions))],
                 _document_year(text))


def _province_above(gaz: Gazetteer, own_code: str | None):
    """The province of a document whose own region is a city or county of it (None otherwise)."""
    if not own_code or own_code.endswith("0000"):
        return None
    place = gaz.by_code.get(own_code[:2] + "0000")
    return place if place is not None and place.name.endswith(("省", "自治区")) else None


# A region that receives the inspectors' assignments or reports them ("向北京转办", "交办陕西省…",
# "天津共接收"): in a document whose own region the metadata could not tell, the region it is about.
_RECIPIENT_BEFORE = re.compile(r"(?:向|交办|转办|移交|转交)$")
_RECIPIENT_AFTER = re.compile(r"^(?:共接收|共收到|接收|收到|累计接收|累计收到)")
RECIPIENT_ALONE = 60  # characters after the recipient that name no other place (not a list of provinces)
RECIPIENT_WITHIN = 800  # characters from the start where that headline is looked for


def recipient_region(scope: Scope) -> Mention | None:
    """The region a document without a region of its own reports on: the first province or city
    named as the recipient of assigned petitions near its start, when no other place is named
    before it (None when it names itself 我省; "海南省各市县…儋州市收到…" is about the province)."""
    seen = set()
    for m in scope.mentions:
        if m.start > RECIPIENT_WITHIN:
            break
        if m.own:
            if _RECIPIENT_AFTER.match(scope.text, m.end) or _RECIPIENT_BEFORE.search(scope.text, max(0, m.start - 2), m.start):
                return None  # "向我省交办": a self-reference says whose document it is
            continue
        if m.code is None:
            continue
        if m.code.endswith("00") and (_RECIPIENT_BEFORE.search(scope.text, max(0, m.start - 2), m.start)
                                      or _RECIPIENT_AFTER.match(scope.text[m.end:m.end + 8])):
            others = {n.code for n in scope.mentions if m.end <= n.start < m.end + RECIPIENT_ALONE and not n.own}
            return m if seen <= {m.code} and others <= {m.code} else None
        seen.add(m.code)
    return None


def _raw_mentions(text: str, gaz: Gazetteer) -> list[tuple[str, int, int, list[Place]]]:
    found: list[tuple[str, int, int, list[Place]]] = []
    taken = [False] * (len(text) + 1)
    if "师" in text:
        for m in _CORPS.finditer(text):
            found.append((m.group(), m.start(), m.end(), gaz.by_name.get(m.group("city") or "", [])))
            for i in range(m.start(), m.end()):
                taken[i] = True
    for name, start, end in gaz.find(text):
        if taken[start]:
            continue  # the city of a Corps division ("一师阿拉尔市") is part of the division's name
        found.append((name, start, end, gaz.by_name.get(name, [])))
        for i in range(start, end):
            taken[i] = True
    for m in zone_matches(text):
        if not any(taken[m.start():m.end()]):
            found.append((m.group(), m.start(), m.end(), []))
            for i in range(m.start(), m.end()):
                taken[i] = True
    # two-character names (青县, 横县) are also common words: only as a list item before its number
    for name, start, end in gaz.find(text, min_len=2):
        if end - start == 2 and _SHORT_ITEM_BEFORE.search(text, max(0, start - 2), start) \
                and _SHORT_ITEM_AFTER.match(text, end) and not any(taken[start:end]):
            found.append((name, start, end, gaz.by_name.get(name, [])))
            for i in range(start, end):
                taken[i] = True
    # a new district by its written short form ("浦东14件" for 浦东新区), as a list item only
    for m in gaz.new_district_shorts.finditer(text):
        start, end = m.start(), m.end()
        if _SHORT_ITEM_BEFORE.search(text, max(0, start - 2), start) and _SHORT_ITEM_AFTER.match(text, end) \
                and not any(taken[start:end]):
            found.append((m.group(), start, end, gaz.by_name.get(m.group() + "新区", [])))
            for i in range(start, end):
                taken[i] = True
    # a name broken by a space in the published text ("贵阳 市53件"): the span keeps the space
    for at in cjk_spaces(text):
        hit = _spaced_name(text, at, gaz)
        if hit is not None and not any(taken[hit[1]:hit[2]]):
            found.append(hit)
            for i in range(hit[1], hit[2]):
                taken[i] = True
    for name, start, end in gaz.short_candidates(text):
        if any(taken[start:end]) or not _SHORT_FOLLOW.match(text, end):
            continue
        if start > 0 and (not preceded_as_word(text, start) or text[start - 1] == "含"):
            continue  # inside a word: 娱乐业 is not 乐业
        places = gaz.by_short.get(name, [])
        if places:
            found.append((name, start, end, places))
            for i in range(start, end):
                taken[i] = True
    titles = _title_spans(text)  # in text order, not overlapping
    title_starts = [s for s, _ in titles]

    def in_title(at: int) -> bool:
        i = bisect.bisect_right(title_starts, at) - 1
        return i >= 0 and at < titles[i][1]

    # a name in 《》 or in an inclusion aside ("新疆（含新疆生产建设兵团）") names no scope of its own
    return sorted((f for f in found if not in_title(f[1]) and not (f[1] > 0 and text[f[1] - 1] == "含")),
                  key=lambda f: f[1])


# Where a match of _ZONE can start: right after one of these characters (after 涉及 / 其中 too; \s is
# str.isspace), or at 新疆生产建设兵团 / 生产建设兵团.
_ZONE_AFTER = frozenset("、，,：:；;和及中")
# A match of _ZONE's place names ends with one of these characters (the last of each place word: 区
# 县 镇 乡 街道 市 市直 市直部门), at most _ZONE_WIDTH characters from its start, and _ZONE_FOLLOW holds
# right after it. `_zone_starts` finds these endings in one pass and tries only the separators
# before them: most separators of a document start no place name, and most place words are followed
# by no number (measured on 20 bench documents: zone_matches 13.0 M -> 4.6 M instructions; a regex
# tried at each separator cost 3.7 K instructions a separator). The Corps' names (兵团) are tried
# where `zone_matches` finds them.
_ZONE_ENDS = "区县镇乡道市门直"
_ZONE_ENDING = LazyRegex(f"[{_ZONE_ENDS}]{_ZONE_FOLLOW}")
_ZONE_WIDTH = sre_parser.parse(_ZONE.pattern).getwidth()[1]
_CORPS_NAME = "生产建设兵团"


def zone_matches(text: str) -> list[re.Match]:
    """`_ZONE.finditer(text)`, trying the pattern only where a match can start: its leading
    look-behinds made the scan try every position of the document (a tenth of the scope's time)."""
    starts = _zone_starts(text)
    at = text.find(_CORPS_NAME)
    if at >= 0:
        extra = []
        while at >= 0:
            extra.append(at)
            if at >= 2 and text[at - 2:at] == "新疆":
                extra.append(at - 2)
            at = text.find(_CORPS_NAME, at + 1)
        starts = sorted(set(starts).union(extra))
    out, end = [], 0
    for start in starts:
        if start < end:
            continue
        m = _ZONE.match(text, start)
        if m is not None:
            out.append(m)
            end = m.end()
    return out


def _zone_starts(text: str) -> list[int]:
    """In order, the positions right after a separator (_ZONE_AFTER or a space) from which a name
    of _ZONE can run to one of its endings (a place word's last character followed by
    _ZONE_FOLLOW), at most _ZONE_WIDTH characters long and on one line."""
    starts = set()
    for ending in _ZONE_ENDING.finditer(text):
        last = ending.start()  # the name's last character
        for at in range(last, max(1, last - _ZONE_WIDTH + 1) - 1, -1):
            if at < last and text[at] == "\n":
                break
            before = text[at - 1]
            if before in _ZONE_AFTER or before.isspace():
                starts.add(at)
    return sorted(starts)


def cjk_spaces(text: str) -> list[int]:
    """Where `_CJK_SPACE` matches: found from the spaces (its look-behind made the regex try
    every position of the document), the characters around each compared (compiling the
    regex's ranges of 21,000 characters cost a few milliseconds of start-up)."""
    out, at = [], text.find(" ", 1)
    while at >= 0:
        if "\u4e00" <= text[at - 1] <= "\u9fff" and "\u4e00" <= text[at + 1:at + 2] <= "\u9fff":
            out.append(at)
        at = text.find(" ", at + 1)
    return out


def _spaced_name(text: str, at: int, gaz: Gazetteer) -> tuple[str, int, int, list[Place]] | None:
    """The longest official name (3 characters or more) that the space at `at` splits, when a number
    follows it: (the written span, start, end, places)."""
    best = None
    for a in range(1, 5):
        for b in range(1, 5):
            s, e = at - a, at + 1 + b
            if s < 0 or e > len(text) or a + b < 3:
                continue
            joined = text[s:at] + text[at + 1:e]
            if joined in gaz.by_name and _SHORT_ITEM_AFTER.match(text, e) and (best is None or e - s > best[2] - best[1]):
                best = (text[s:e], s, e, gaz.by_name[joined])
    return best


def _title_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"《[^》\n]{0,80}》", text)]


def _is_own(name: str, places: list[Place], own_code: str | None, own_short: str | None) -> bool:
    if own_code and any(p.code == own_code for p in places):
        return True
    if own_code and own_code.endswith("0000") and places and name == places[0].name \
            and all(p.code[:2] == own_code[:2] for p in places):
        return False  # 吉林市 in a notice of 吉林省: a city of the province, not the province
    return bool(own_short) and short_name(name) == own_short


def _merge_chains(text: str, mentions: list[Mention]) -> list[Mention]:
    """"江西省赣州市" is one mention of the most specific place named."""
    out: list[Mention] = []
    for m in mentions:
        if out and out[-1].end == m.start and not (out[-1].own and m.own and out[-1].code is None):
            prev = out.pop()
            m = Mention(text[prev.start:m.end], prev.start, m.end, m.code, m.own)
        out.append(m)
    return out


def _classify(text: str, mentions: list[Mention], i: int, national: bool = False,
              group: list[int] | None = None) -> Mention:
    """The kind of mention i. `group`: its enumeration (`_enumerations`), when already known."""
    m = mentions[i]
    after = text[m.end:m.end + 16]
    before = text[max(0, m.start - 4):m.start]
    if group is None:
        group = _enumerations(text, mentions)[i]
    if not m.own and _visited_before(before) and _VISITED_AFTER.match(after):
        # in a national bulletin the place one group went to is the subject of what follows
        return _with(m, "visit" if national and m.code is not None and not group else "inert")
    if national and not m.own and m.code is not None and not group and after.startswith("以来") \
            and _visited_before(before):
        return _with(m, "visit")  # "督察组进驻河北省以来，…"
    if national and not m.own and m.code is not None and not group and before.endswith("在") \
            and after[:1] in "，," and (m.start < 2 or text[m.start - 2] in _SENTENCE_EDGE):
        return _with(m, "visit")  # "在河北省，督察组…"
    if group:
        first, last = group[0], group[-1]
        tail = text[mentions[last].end:mentions[last].end + 16]
        if _DISTRIBUTIVE.match(tail) and i == last:
            return Mention(m.name, m.start, m.end, m.code, m.own, "subject",
                           tuple(mentions[j].name for j in group if not mentions[j].own))
        return _with(m, "inert")
    line_start = text.rfind("\n", 0, m.start) + 1
    # (_PARAGRAPH_LABEL and _HEADING need a line that starts with a space or a numeral before the
    # name, or none at all: most mentions stand inside a line, and this test spares them both regexes)
    labelled = line_start == m.start or _may_number_line(text[line_start])
    if labelled and _PARAGRAPH_LABEL.match(text[line_start:m.start]) and _LABEL_AFTER.match(text, m.end):
        return _with(m, "label")
    if national and not m.own and m.code is not None and _LABEL_AFTER.match(after) and m.start > 0 \
            and text[m.start - 1] in "。；;！!？?":
        return _with(m, "visit")  # "…。山西省：督察组交办…" in a national bulletin
    if labelled and not m.own and _HEADING.match(text, line_start, m.start) and _LINE_END.match(text, m.end):
        return _with(m, "heading")
    if _may_be_item(text, m.end):
        return _with(m, "item")
    return m


# Words before a place the inspectors went to ("进驻X省"): `_visited_before` tests the four characters before a name.
_VISITED_WORDS = ("进驻", "下沉", "赴", "对", "在")
# Characters other than whitespace and decimal digits that _PARAGRAPH_LABEL and _HEADING can start with.
_NUMBER_LINE_FIRST = frozenset("（(一二三四五六七八九十")
# Characters other than whitespace and decimal digits that _ITEM_AFTER can start with.
_ITEM_FIRST = frozenset("共合为的有达各*X某")


def _visited_before(before: str) -> bool:
    """Whether `before` ends with one of _VISITED_WORDS, or does before a final newline (what the regex
    `(?:进驻|下沉|赴|对|在)$` finds: a str test costs a fraction of a regex call)."""
    return before.endswith(_VISITED_WORDS) or (before[-1:] == "\n" and before[:-1].endswith(_VISITED_WORDS))


def _may_number_line(first: str) -> bool:
    """Whether a line starting with `first` may be a numbered label or heading before a name
    (\\s and \\d of a str pattern are str.isspace and str.isdecimal)."""
    return first in _NUMBER_LINE_FIRST or first.isspace() or first.isdecimal()


def _may_be_item(text: str, end: int) -> bool:
    """`_ITEM_AFTER.match(_ASIDE.sub("", text[end:end + 40]))`: a number right after a name (an
    aside between them skipped); the asides are removed only when the words after it hold a
    bracket, and the pattern is tried only when their first character can start its match."""
    after = text[end:end + 40]
    if "（" in after or "(" in after:
        after = _ASIDE.sub("", after)
    first = after[:1]
    if not (first in _ITEM_FIRST or first.isspace() or first.isdecimal()):
        return False
    return _ITEM_AFTER.match(after) is not None


def item_gap(between: str) -> bool:
    """Whether the text between a region name and a number makes the name that number's label."""
    return _ITEM_GAP.match(_ASIDE.sub("", between).strip()) is not None


def _with(m: Mention, kind: str) -> Mention:
    """`m` of another kind: Mention(m.name, m.start, m.end, m.code, m.own, kind, m.group), made from a
    copy of its fields (see `_mention`; measured on 20 real pages: _with 1.29 M -> 0.34 M instructions)."""
    fields = m.__dict__.copy()
    fields["kind"] = kind
    mention = _new(Mention)
    _set(mention, "__dict__", fields)
    return mention


def _mention(name: str, start: int, end: int, code: str | None, own: bool) -> Mention:
    """Mention(name, start, end, code, own) without the frozen dataclass's object.__setattr__ per
    field: a document's mentions are each made, then remade of their kind (`_with`)."""
    mention = _new(Mention)
    _set(mention, "__dict__", {"name": name, "start": start, "end": end, "code": code, "own": own, "kind": "subject",
                               "group": ()})
    return mention


_new, _set = object.__new__, object.__setattr__


def _enumerations(text: str, mentions: list[Mention]) -> list[list[int]]:
    """For each mention, the indexes of the enumeration "A、B和C" it belongs to (empty when alone):
    the runs of mentions that one separator joins, found in one pass (not walked from each mention)."""
    out: list[list[int]] = [[] for _ in mentions]
    lo = 0
    for i in range(1, len(mentions) + 1):
        if i < len(mentions) and _joins(text, mentions[i - 1].end, mentions[i].start):
            continue
        if i - lo > 1:
            group = list(range(lo, i))
            for j in group:
                out[j] = group
        lo = i
    return out


def _joins(text: str, end: int, start: int) -> bool:
    """Whether one separator of _ENUM_SEPARATORS stands between two names (what `^[、和及与]$` matches
    in text[end:start]: its $ also before a final newline)."""
    gap = start - end
    return (gap == 1 or (gap == 2 and text[start - 1] == "\n")) and text[end] in _ENUM_SEPARATORS


_ENUM_SEPARATORS = "、和及与"  # (between the names of an enumeration: "A、B和C")


def _document_year(text: str) -> str | None:
    m = _DATE_LINE.search(text)
    return m.group(1) if m else None
