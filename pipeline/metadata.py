"""Document metadata: what a document is, who issued it, which inspection it concerns.

Every field comes from the document's own words (title, opening, self-references such as
我市 / 全县, named places, dates next to 进驻 / 反馈); a field the document does not state is
None. Rules live in pipeline/rules/metadata.yaml; place names come from `gazetteer`.
"""
from __future__ import annotations

import re
import re._parser as _sre_parser
from collections import Counter
from functools import lru_cache
from importlib import resources
from itertools import islice

import numpy as np

from .datafiles import load_yaml
from .gazetteer import Place, gazetteer, short_name
from .prefilter import LazyPattern, required_literals, required_word_sets, spelled_strings, words_regex
from .segment import sentences_holding

LOCAL_LEVELS = ("enterprise", "county", "city", "province")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_MASKED = re.compile(r"^[*＊Xx×]+$|^某$")


@lru_cache(maxsize=1)
def _rules() -> dict:
    with resources.files("pipeline.rules").joinpath("metadata.yaml").open(encoding="utf-8") as fh:
        data = load_yaml(fh)
    macros = data.pop("macros")

    def rx(pattern: str) -> LazyPattern:
        """The pattern with its macros expanded, compiled on first use (many rules serve only some
        documents: a start-up on a short file compiles only what it needs)."""
        for name, value in macros.items():
            pattern = pattern.replace("{" + name + "}", value)
        return LazyPattern(pattern)

    def cues(items) -> list[Cue]:
        return [Cue(rx(p), w) for p, w in items]

    rules = {k: (rx(v) if isinstance(v, str) else v) for k, v in data.items()}
    rules["title"] = {"max_len": data["title"]["max_len"], "not_title": rx(data["title"]["not_title"]),
                      "scan_lines": data["title"]["scan_lines"]}
    rules["doc_type_title"] = [(kind, rx(p)) for kind, p in data["doc_type_title"]]
    rules["doc_type_markers"] = [(kind, Gated(rx(p))) for kind, p in data["doc_type_markers"]]
    rules["doc_type_cues"] = {kind: cues(items) for kind, items in data["doc_type_cues"].items()}
    rules["national_cues"] = cues(data["national_cues"])
    rules["autonomous_region_words"] = cues(data["autonomous_region_words"])
    rules["level_cues"] = {level: cues(items) for level, items in data["level_cues"].items()}
    rules["issuer_leadership"] = {level: Gated(rx(p)) for level, p in data["issuer_leadership"].items()}
    # Rules searched for once in a text, most of them without a leading word re can skip to (a
    # class, a line start): tried behind their words' test (Gated).
    for name in _GATED_RULES:
        rules[name] = Gated(rules[name])
    # A word every date holds (年): the sentences holding one are found faster than those holding a
    # date, whose pattern has no leading word to scan for.
    words = required_literals(rules["date"])
    rules["date_word"] = words_regex(words) if words else rules["date"]
    return rules


_GATED_RULES = ("issuer_header", "prefecture_self", "corps_issuer", "autonomous_region", "masked_province",
                "press_name", "lookback")


def infer_metadata(text: str, sentences: list | None = None) -> dict:
    """`text` is the normalized (Simplified-script, half-width digits) document text; `sentences`
    may give split_sentences(text) when the caller has split it already. Returns keys:
    doc_type, admin_level, region, region_code, province, round, is_lookback, batch, inspection_group,
    entry_date, feedback_date, report_date  (None where the document does not say)."""
    title = document_title(text)
    level = admin_level(text)
    place, region = issuing_place(text, title, level)
    parent = listed_parent(text)
    if parent is not None and _parent_decides(text, parent, place, level):
        level, place, region = parent.level, parent, parent.name
    header = _rules()["issuer_header"].search(text)  # 中共西安市委 西安市人民政府: the joint issuer's header
    if header and len(found := gazetteer().lookup(header.group(1))) == 1:
        level, place, region = found[0].level, found[0], header.group(1)
    if place is None and level is None:  # no self-reference: the place the inspectors handed work to, or
        # the one that opens the title (内蒙古自治区贯彻落实…整改方案)
        for wanted in ("city", "county", "province"):
            place, region = issuing_place(text, title, wanted)
            if place is not None and (_addressed(text, place) or _opens_title(title, region)) and (
                    _dominant(text, place) if wanted == "province" else not _province_homonym(text, place)):
                level = wanted
                break
            place, region = None, None
    if level == "city" and (place is None or place.level == "county"):
        found, name = issuing_place(text, title, "province")
        if found is not None and found.name.endswith("市") and _dominant(text, found):
            level, place, region = "province", found, name  # a municipality (天津市) calls itself 我市, 市委
        elif place is not None and _rules()["prefecture_self"].search(text):
            place = gazetteer().parent(place)  # 我州 / 全盟: the prefecture of the county it names
            region = place.name if place is not None else None
    if place is None and level == "county":  # 我区 … 涉及渝中区1件: the one county a county's text counts is itself
        named = [(name, end, {p.level for p in gazetteer().by_name.get(name, [])}) for name, _, end in gazetteer().find(text)]
        found = [(name, end) for name, end, levels in named if "county" in levels]
        # (not when a city or prefecture is counted beside it: 其中五家渠市3件、昌吉回族自治州18件 is a region's list)
        cities = {name for name, _, levels in named if levels and levels <= {"city"}}
        if len({name for name, _ in found}) == 1 and not cities and any(_LISTED_AFTER.match(text, end) for _, end in found):
            region = found[0][0]
            place = _resolve(region, ("county",), {p.name for p, _, _ in gazetteer().find_provinces(text)}, level)
    if place is None and level == "city":  # 我市 naming its counties (浉河区、固始县) and itself in passing (信阳)
        gaz = gazetteer()
        counties = {n: gaz.by_name[n][0] for n, _, _ in gaz.find(text)
                    if len(gaz.by_name.get(n, [])) == 1 and gaz.by_name[n][0].level == "county"}
        parents = {p.parent_code for p in counties.values()}
        city = gaz.by_code.get(parents.pop()) if len(counties) >= 2 and len(parents) == 1 else None
        if city is not None and city.level == "city" and (names := [n for n in [city.name, *gaz.short_names(city)]
                                                                    if len(n) >= 2 and n in text]):
            place, region = city, max(names, key=len)
    if level in ("province", None) and _rules()["corps_issuer"].search(text) and \
            text.count("兵团") >= text.count("自治区"):  # the corps, not a Xinjiang notice giving its share
        level, place, region = "province", None, _rules()["corps"]["name"]
    if place is not None and place.level != "province":
        region = _as_named(text, place, region)
    if place is not None and level == "city" and place.level == "county":
        level = "county"  # a county-level city (义乌市) calls itself 我市
    round_, lookback = inspection_round(text, sentences)
    entry, feedback = inspection_dates(text, sentences)
    return {
        "doc_type": doc_type(text, title, level),
        "admin_level": level,
        "region": region,
        "region_code": place.code if place is not None else None,
        "province": _province(text, level, place),
        "round": round_,
        "is_lookback": lookback,
        "batch": inspection_batch(text),
        "inspection_group": inspection_group(text),
        "entry_date": entry,
        "feedback_date": feedback,
        "report_date": report_date(text),
    }


# ---- title and type ------------------------------------------------------------------------

def document_title(text: str) -> str | None:
    """The first non-empty line when it is short and not a sentence. When that line is a sentence or
    a breadcrumb (a lead paragraph copied above the page's chrome), the first of the next
    `title.scan_lines` lines that is short and worded as a type's title (doc_type_title)."""
    rules = _rules()
    title = rules["title"]
    lines = (line for line in map(str.strip, text.split("\n")) if line)
    for k, line in enumerate(islice(lines, 1 + title["scan_lines"])):
        if len(line) <= title["max_len"] and not title["not_title"].search(line) and (
                k == 0 or any(pattern.search(line) for _, pattern in rules["doc_type_title"])):
            return line
    return None


def doc_type(text: str, title: str | None, level: str | None) -> str:
    rules = _rules()
    by_title = next((kind for kind, pattern in rules["doc_type_title"] if title and pattern.search(title)), None)
    if level == "national" and by_title != "speech":
        bulletin = rules["bulletin_topic"].search(text) and not rules["bulletin_not"].search(text)
        return "progress_bulletin" if bulletin else "other"
    if by_title:
        return by_title
    by_marker = next((kind for kind, pattern in rules["doc_type_markers"] if pattern.search(text)), None)
    if by_marker:
        return by_marker
    scores = _type_scores(text)
    best = max(scores, key=scores.get)
    return best if scores[best] >= rules["min_score"] else "other"


def _type_scores(text: str) -> dict[str, float]:
    rules = _rules()
    opening = text[:rules["opening_chars"]]
    scores = {}
    for kind, cues in rules["doc_type_cues"].items():
        # (the opening holds a match only where the text does: one word test serves both)
        scores[kind] = sum([cue.weight * (cue.count_ungated(text) + cue.count_ungated(opening, text))
                            for cue in cues if cue.may_match(text)])
    return scores


# ---- admin level ---------------------------------------------------------------------------

def admin_level(text: str) -> str | None:
    rules = _rules()
    national = _score(text, rules["national_cues"]) + _province_list_score(text) + _many_provinces_score(text)
    local = level_scores(text)
    best_local = max(local.values())
    if national >= rules["national_min_score"] and national > best_local:
        return "national"
    leading = [level for level, pattern in rules["issuer_leadership"].items() if pattern.search(text)]
    if len(leading) == 1:
        return leading[0]
    for level in LOCAL_LEVELS:
        if local[level] >= rules["level_min"] and local[level] >= rules["level_share"] * best_local:
            return level
    return None


def _province_list_score(text: str) -> float:
    """A national text sums up many provinces: a run of province names joined by 、 or ， scores
    `national_province_list.weight` when it holds at least `min` provinces."""
    cfg = _rules()["national_province_list"]
    run, best, last_end = 0, 0, None
    for _, start, end in gazetteer().find_provinces(text):
        run = run + 1 if last_end is not None and text[last_end:start] in ("、", "，", ",") else 1
        best, last_end = max(best, run), end
    return cfg["weight"] if best >= cfg["min"] else 0


def _many_provinces_score(text: str) -> float:
    """A text that gives figures for many provinces (河南省…1015人，广东省…162人) sums up a national round."""
    cfg = _rules()["national_many_provinces"]
    named = {p.code for p, _, _ in gazetteer().find_provinces(text)}
    return cfg["weight"] if len(named) >= cfg["min"] else 0


def level_scores(text: str) -> dict[str, float]:
    rules = _rules()
    scores = {level: _score(text, rules["level_cues"][level]) for level in LOCAL_LEVELS}
    if rules["autonomous_region"].search(text) and not rules["autonomous_region_not"].search(text):
        # 全区 / 我区 in an autonomous region's own text mean the province, not a district.
        moved = _score(text, rules["autonomous_region_words"])
        scores["county"] -= moved
        scores["province"] += moved
    return scores


def _score(text: str, cues: list[Cue]) -> float:
    return sum(cue.weight * cue.count(text) for cue in cues)


class Gated:
    """A rule pattern with cheap tests first: every match holds a word of each of some sets of
    words (prefilter.required_word_sets: 县|区|旗 and 委|人民政府|政府 for (县|区|旗)…(委|人民政府|政府)),
    so where a text lacks the characters of every word of one set, the pattern has no match there;
    nor where it lacks each of a few words of 2+ characters (gate_words). Most texts lack most
    cues and markers, and a pattern that begins with a class or a line start is tried at many or
    all characters (a class costs re ~55 instructions a character, a literal ~3). The characters
    are looked for once a text for all the rules (gate_characters_in)."""

    __slots__ = ("pattern", "_words")

    def __init__(self, pattern: LazyPattern):
        self.pattern, self._words = pattern, _UNKNOWN

    def may_match(self, text: str) -> bool:
        gate = self._words
        if gate is _UNKNOWN:  # the words are found on the second use: parsing a pattern for them
            self._words = _NEXT_TIME  # costs more than a search, and a one-file run never pays it
            return True
        if gate is _NEXT_TIME:
            gate = self._words = self._read_gate()
        if gate is None:
            return True
        sets, words = gate
        held = gate_characters_in(text)
        for single, longer in sets:  # (a word held: the bits of its characters all set)
            if not held & single and not any([mask & held == mask for mask in longer]):
                return False
        return words is None or any([w in text for w, mask in words if mask & held == mask])

    def _read_gate(self):
        return _gate(self.pattern)

    def search(self, text: str) -> re.Match | None:
        return self.pattern.search(text) if self.may_match(text) else None

    def finditer(self, text: str):
        return self.pattern.finditer(text) if self.may_match(text) else iter(())


class Cue(Gated):
    """A counted cue: each match of `pattern` in a text adds `weight`."""

    __slots__ = ("weight", "_literals")

    def __init__(self, pattern: LazyPattern, weight: float):
        super().__init__(pattern)
        self.weight = weight
        self._literals = _UNKNOWN

    def __iter__(self):  # unpacks as (pattern, weight), the pair the rules file writes
        return iter((self.pattern, self.weight))

    def _read_gate(self):
        """The gate, and the plain words the pattern matches (counted_words), parsed together on
        the second use."""
        pattern = self.pattern  # a LazyPattern (its flags not compiled yet) or a compiled pattern
        flags = getattr(pattern, "_flags", None)
        literals = counted_words(pattern.pattern, getattr(pattern, "flags", 0) if flags is None else flags)
        self._literals = None if literals is None else _with_characters(literals)
        return _gate(pattern)

    def count(self, text: str) -> int:
        """len(pattern.findall(text))."""
        return self.count_ungated(text) if self.may_match(text) else 0

    def count_ungated(self, text: str, within: str | None = None) -> int:
        """count(text) for a text that passed may_match (or any text); for a pattern that is a few
        plain words (我省|本省) the sum of their str.count, which finds them many times faster than
        a regex tries each character (a word whose characters the text lacks counts none).
        `within`: a text `text` is part of (its opening), whose characters are asked instead."""
        literals = self._literals
        if literals is None or literals is _UNKNOWN:  # (_UNKNOWN: the first uses, before the gate is read)
            return len(self.pattern.findall(text))
        held = gate_characters_in(text if within is None else within)
        return sum([text.count(w) for w, mask in literals if mask & held == mask])


# The characters of the gates' words (Gated, counted cues), each a bit of a number: a text's
# (gate_characters_in) are read in one pass for all the rules, which share most of them (委, 政,
# 某 ...), and a word's test is an AND of its characters' bits (a set of characters per text and
# a superset test per word cost more: measured over 20 real pages, steady state, metadata
# 33.2 M -> 28.2 M instructions, gate_characters_in 5.3 M -> 1.8 M, Gated.may_match 9.8 M -> 4.6 M).
_GATE_BITS: dict[str, int] = {}  # a gate character -> its bit (in the order they were added)
_GATE_INDEX = np.zeros(0x10000, dtype=np.uint16)  # a UTF-16 code unit -> 1 + its character's bit; 0: none
_MAX_GATE_CHARACTERS = 4095  # (a text's look-up fills an array of this many flags)
# [the times characters were added to the gates]; [(the last text asked about, that number then,
# its gate characters)], replaced whole by one assignment: threads (a Dask worker's) cannot pair
# a text with another's characters, whatever points the interpreter switches at
_ADDED = [0]
_HELD: list = [(None, -1, 0)]


def gate_characters_in(text: str) -> int:
    """The gate characters `text` holds (those of words _with_characters has seen), as a number
    with the bit of each (_GATE_BITS); for the last text asked about, the same number. A text
    lacking one of a word's characters does not hold the word. (Measured on a real page of 600
    characters: ~45,000 instructions, where a set of the characters cost ~225,000.)"""
    added = _ADDED[0]
    last_text, last_added, held = _HELD[0]
    if last_text is not text or last_added != added:
        units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
        found = np.zeros(_MAX_GATE_CHARACTERS + 1, dtype=bool)
        found[_GATE_INDEX[units]] = True
        used = len(_GATE_BITS)  # (read after the look-up: a bit found there is below it)
        held = int.from_bytes(np.packbits(found[1:used + 1], bitorder="little").tobytes(), "little")
        _HELD[0] = (text, added, held)
    return held


def _with_characters(words) -> tuple[tuple[str, int], ...] | None:
    """(word, the bits of its characters) of each word, its characters now gate characters; None
    when a character lies outside the Basic Multilingual Plane (no single UTF-16 unit) or the
    gates have as many characters as they can number."""
    characters = {c for w in words for c in w}
    if any(ord(c) > 0xFFFF for c in characters):
        return None
    new = sorted(c for c in characters if c not in _GATE_BITS)
    if new:
        if len(_GATE_BITS) + len(new) > _MAX_GATE_CHARACTERS:
            return None
        for c in new:  # (the bit first, then the index that points to it: gate_characters_in)
            _GATE_BITS[c] = len(_GATE_BITS)
            _GATE_INDEX[ord(c)] = 1 + _GATE_BITS[c]
        _ADDED[0] += 1  # (a text's characters read before do not hold these)
    return tuple((w, character_bits(w)) for w in words)


def character_bits(word: str) -> int:
    """The bits (_GATE_BITS) of a word's characters, all gate characters."""
    return sum(1 << b for b in {_GATE_BITS[c] for c in word})


def _word_set(words: tuple[tuple[str, int], ...]) -> tuple[int, tuple[int, ...]]:
    """A set of words, one of which a text must hold, for Gated.may_match: (the bits of its
    one-character words together: a text holds one of them where it has any of those bits, the
    bits of each longer word)."""
    single = 0
    for w, mask in words:
        if len(w) == 1:
            single |= mask
    return single, tuple(mask for w, mask in words if len(w) != 1)


_UNKNOWN, _NEXT_TIME = object(), object()


def counted_words(pattern: str, flags: int = 0, limit: int = 32) -> tuple[str, ...] | None:
    """The words a pattern matches, when it matches only a few plain words (no repeat, class range,
    category, anchor or lookaround) none of which holds another or can overlap one (no end of a
    word is the start of one: 我省 and 省委 could): then its matches in a text are the words'
    occurrences, and len(findall(text)) == sum(text.count(w)). Else None."""
    if not isinstance(pattern, str) or flags & ~re.UNICODE:
        return None
    try:
        parsed = _sre_parser.parse(pattern, flags)
    except (re.error, RecursionError):
        return None
    if parsed.state.flags & ~re.UNICODE:  # (?i), (?m) … written in the pattern
        return None
    words = spelled_strings(list(parsed), limit)
    if not words or "" in words or len(set(words)) != len(words):
        return None
    for a in words:
        for b in words:
            if a != b and a in b:
                return None
            if any(a.endswith(b[:k]) for k in range(1, min(len(a), len(b)))):
                return None
    return tuple(words)


def gate_words(pattern) -> frozenset[str] | None:
    """Words one of which every match of `pattern` holds, when they are all 2+ characters long (a
    single character is in nearly every text: testing for it would only cost); else None."""
    words = required_literals(pattern)
    return words if words and all(len(w) >= 2 for w in words) else None


def _gate(pattern) -> tuple[tuple[tuple[int, tuple[int, ...]], ...], tuple[tuple[str, int], ...] | None] | None:
    """Gated's tests of a pattern: (sets of words a match holds one of each (_word_set), gate_words
    with their characters' bits); None when no words are known."""
    if required_literals(pattern) is None:  # (a flag that changes what a word matches, or no words)
        return None
    sets = [_with_characters(words) for words in required_word_sets(pattern.pattern)]
    plain = gate_words(pattern)
    words = None if plain is None else _with_characters(plain)
    if any(s is None for s in sets) or (plain is not None and words is None):
        return None  # (a character outside the Basic Multilingual Plane)
    return tuple(map(_word_set, sets)), words


# ---- region --------------------------------------------------------------------------------

def issuing_place(text: str, title: str | None, level: str | None) -> tuple[Place | None, str | None]:
    """The issuer's place (when the gazetteer resolves it) and its name; (None, None) when the
    document does not name its own region (masked, or only 我市)."""
    if level not in ("province", "city", "county"):
        return None, None
    gaz = gazetteer()
    mentioned_provinces = {p.name for p, _, _ in gaz.find_provinces(text)}
    if level == "province":
        mentions = [(p.name, s, e) for p, s, e in gaz.find_provinces(text)]
        name = _issuer_name(text, title, mentions, province=True) or _province_of_places(text)
        return (gaz.lookup(name, "province")[0], name) if name else (None, None)
    # A city's document names its counties too (牵头单位：某县人民政府): look for a city first.
    for wanted in ((("city",), ("city", "county")) if level == "city" else (("county",),)):
        mentions = [(n, s, e) for n, s, e in gaz.find(text) if _places(n, wanted, level)]
        mentions += [(places[0].name, s, e) for _, s, e, places in gaz.find_short(text, wanted)
                     if len({p.name for p in places}) == 1]
        mentions += _press_mentions(text, wanted)
        head = text.lstrip()  # a two-character county (环县, 萧县) opening the text as its issuer: 环县关于…
        if _places(head[:2], wanted, level) and _rules()["issuer_after"].search(head[2:14]):
            mentions.append((head[:2], len(text) - len(head), len(text) - len(head) + 2))
        name = _issuer_name(text, title, sorted(mentions, key=lambda m: m[1]), province=False)
        if name:
            return _resolve(name, wanted, mentioned_provinces, level), name
    return None, None


def _addressed(text: str, place: Place) -> bool:
    """Whether the inspectors handed work to `place` (向德州市转办) or its own press reports (德州日报)."""
    # Whether the text holds one of the strings the regex (?:向|对|下沉|进驻)(?:names)|(?:names)(?:日报|...)
    # would match: each name's occurrences are found, and the words are read around them (one scan
    # of the text a name, where a test of each name joined to each word scanned it eight times:
    # measured with callgrind counting only infer_metadata, 20 documents after 5: 38.0 M -> 35.0 M
    # instructions on bench documents, 56.6 M -> 55.3 M on real pages).
    return any(_named_beside(text, name, _ADDRESSED_BEFORE, _ADDRESSED_AFTER)
               for name in {*gazetteer().short_names(place), place.name})


def _named_beside(text: str, name: str, before: tuple[str, ...], after: tuple[str, ...]) -> bool:
    """Whether `text` holds `name` right after one of the words `before` or right before one of
    `after`: whether it holds one of the strings b + name or name + a."""
    at = text.find(name)
    while at >= 0:
        if text.endswith(before, 0, at) or text.startswith(after, at + len(name)):
            return True
        at = text.find(name, at + 1)
    return False


def _opens_title(title: str | None, name: str) -> bool:
    """Whether the title opens with `name` and an issuer's word (内蒙古自治区贯彻落实…, 某县关于…)."""
    return bool(title and title.startswith(name) and _rules()["issuer_after"].search(title[len(name):]))


def _dominant(text: str, province: Place) -> bool:
    """Whether `province` is named more often than all other provinces together (not one of a list), or
    no province is named (it was found by its cities / districts)."""
    counts = Counter(p.code for p, start, end in gazetteer().find_provinces(text)
                     if text[start:end] == p.name or text[end:end + 1] not in "区县市州盟旗")  # not 河北区
    return 2 * counts[province.code] > sum(counts.values()) or not counts


def _province_homonym(text: str, place: Place) -> bool:
    """A city or county whose short name is a province's (海南藏族自治州, 河南蒙古族自治县: 海南, 河南)
    that the text names only by that short name: the province is meant."""
    short = short_name(place.name)
    if not gazetteer().lookup(short, "province"):
        return False
    return not any(n in text for n in [place.name, *gazetteer().short_names(place)] if n != short)


_ADDRESSED_BEFORE = ("向", "对", "下沉", "进驻")
_ADDRESSED_AFTER = ("日报", "晚报", "新闻网", "融媒")


def _as_named(text: str, place: Place, name: str) -> str:
    """The place's name in the form the text uses (德宏州 for 德宏傣族景颇族自治州), else `name`."""
    if name in text:
        return name
    forms = [n for n in gazetteer().short_names(place) if n in text]
    return max(forms, key=len) if forms else name


def listed_parent(text: str) -> Place | None:
    """The place whose sub-units a notice lists with their counts ("涉及云城区52件、云安区21件…"):
    the city of at least `listed_children.min` distinct listed districts, or the province of as many
    listed cities. None when the listed places belong to more than one parent."""
    cfg = _rules()["listed_children"]
    gaz = gazetteer()
    children: dict[str, set[str]] = {}
    counted: dict[str, set[str]] = {}  # the children listed with a count and its counter (not 南宁市2018…)
    found = [(name, end, gaz.by_name.get(name, [])) for name, _, end in gaz.find(text)]
    found += [(name, end, places) for name, _, end, places in gaz.find_short(text, ("city", "county"))]
    for name, end, places in found:
        if not _LISTED_AFTER.match(text, end):
            continue
        parents = {p.parent_code for p in places if p.level in ("city", "county") and p.parent_code}
        if len(parents) == 1:
            parent_code = parents.pop()
            child = gaz.by_code[places[0].code].name if len(places) == 1 else name
            children.setdefault(parent_code, set()).add(child)
            if _COUNTED_AFTER.match(text, end):
                counted.setdefault(parent_code, set()).add(child)
    full = {code: names for code, names in children.items() if len(names) >= cfg["min"]}
    if len(full) != 1:
        return None
    parent = gaz.by_code.get(next(iter(full)))
    if parent is not None and counted.get(parent.parent_code, set()) - {parent.name}:
        return None  # the parent's siblings are listed too ("南昌市红谷滩区3件、青山湖区2件，九江市8件"): a list of their parent's
    return parent


_LISTED_AFTER = re.compile(r"(?:共|为|的为)?\d|\s*\|\s*\d")
_COUNTED_AFTER = re.compile(r"(?:共|为|的为)?\d+(?:件|个|家|起|项|宗|条|人)")
_RANK = {"county": 0, "city": 1, "province": 2, "national": 3}


def _parent_decides(text: str, parent: Place, place: Place | None, level: str | None) -> bool:
    """Whether the listed children's parent is the issuer: when nothing else named one, or when the
    text names the parent itself and what was found is only the parent's own province."""
    suffix = {"province": "省", "city": "[市州]", "county": "[县区]"}[parent.level]
    if re.search(r"(?:[*＊]+|[Xx×]{2,}|某)" + suffix, text):
        return False  # the document masks its own name: do not fill it in
    if level is None or (level == parent.level and (place is None or place.parent_code == parent.code)):
        return True  # a city notice naming only its districts (one of them found as "issuer")
    if place is None or level not in _RANK or _RANK[level] <= _RANK[parent.level]:
        return False
    named = parent.name in text or any(n in text for n in gazetteer().short_names(parent) if len(n) >= 2)
    return named and place.code == (parent.province and gazetteer().lookup(parent.province, "province")[0].code)


def _province_of_places(text: str) -> str | None:
    """A province's own text that never names itself as issuer (本报石家庄讯 ... 向我省) names its
    cities and counties: the province holding all of at least `min` distinct places named there.
    None when the province is masked (**省) or the places lie in more than one province."""
    cfg = _rules()["province_from_places"]
    if _rules()["masked_province"].search(text):
        return None
    gaz = gazetteer()
    provinces: dict[str, set[str]] = {}
    for name, _, _ in gaz.find(text):
        places = [p for p in gaz.by_name.get(name, []) if p.level in ("city", "county")]
        owners = {p.province for p in places}
        if len(owners) == 1:
            provinces.setdefault(owners.pop(), set()).add(name)
    # a table's rows name the cities by their short names (哈尔滨、大庆、绥化): each is the one city it names
    for _, _, _, places in gaz.find_short(text, ("city",)):
        if len({p.name for p in places}) == 1:
            provinces.setdefault(places[0].province, set()).add(places[0].name)
    if len(provinces) != 1:
        return None
    ((province, names),) = provinces.items()
    return province if len(names) >= cfg["min"] else None


def _press_mentions(text: str, levels: tuple[str, ...]) -> list[tuple[str, int, int]]:
    """Local press named by a short place name (莆田日报 -> 莆田市), as (official name, start, end)."""
    out = []
    for at in _press_starts(text):
        for k in (4, 3, 2):
            short = text[max(0, at - k):at]
            places = [p for p in gazetteer().by_short.get(short, []) if p.level in levels]
            if len(short) == k and len({p.name for p in places}) == 1:
                out.append((places[0].name, at - k, at))
                break
    return out


@lru_cache(maxsize=1)
def _press_starts(text: str) -> tuple[int, ...]:
    """Where press names (`press_name`) start; `issuing_place` asks for one text several times
    (per level tried) and the scan is the costly part (日 of every date begins a candidate)."""
    return tuple(m.start() for m in _rules()["press_name"].finditer(text))


def _places(name: str, levels: tuple[str, ...], level: str) -> list[Place]:
    """Places called `name` at `levels`; a city-level document prefers a city of that name."""
    places = [p for p in gazetteer().by_name.get(name, []) if p.level in levels]
    if level == "city" and any(p.level == "city" for p in places):
        places = [p for p in places if p.level == "city"]
    return places


def _resolve(name: str, levels: tuple[str, ...], provinces: set[str], level: str) -> Place | None:
    """The one place called `name`, or None when several fit even within the provinces the text names."""
    places = _places(name, levels, level)
    if len(places) > 1:
        places = [p for p in places if p.province in provinces] or places
    return places[0] if len(places) == 1 else None


def _issuer_name(text: str, title: str | None, mentions: list[tuple[str, int, int]], province: bool) -> str | None:
    rules = _rules()
    counts = Counter(name for name, _, _ in mentions)
    evidence: Counter = Counter()
    opening = len(text) - len(text.lstrip())  # a mention starting by then has only white space before it
    for name, start, end in mentions:
        after = text[end:end + 12]
        before = text[max(0, start - 3):start]
        if (title and name in title) or rules["issuer_after"].search(after) or rules["press_after"].search(after) \
                or start <= opening or rules["issuer_before"].search(text[max(0, start - 8):start]):
            evidence[name] += 1
        elif rules["province_target_before"].search(before):
            evidence[name] += 1
    for name, n in counts.items():
        if n >= rules["issuer_min_mentions"]:
            evidence[name] += 1
    if not evidence:
        return None
    first = {name: start for name, start, _ in reversed(mentions)}
    return max(evidence, key=lambda name: (evidence[name] + counts[name], -first[name]))


def _province(text: str, level: str | None, place: Place | None) -> str | None:
    if place is not None:
        return place.province
    if level in (None, "national"):
        return None
    named = {p.name for p, _, _ in gazetteer().find_provinces(text)}
    return named.pop() if len(named) == 1 else None


# ---- round, batch, group -------------------------------------------------------------------

def inspection_round(text: str, sentences: list | None = None) -> tuple[int | None, bool | None]:
    """(round, is_lookback): the most-stated central round; 回头看 counts as round 1. `sentences`
    (split_sentences(text)) may be passed when the caller has them."""
    rules = _rules()
    votes: Counter = Counter()
    first: dict[int, int] = {}
    for m in rules["round"].finditer(text):
        start = m.start(1) - 1 if m.group(1) else m.start(2)  # (the pattern's match is its 轮)
        before, after = text[max(0, start - 6):start], text[m.end():m.end() + 24]
        if rules["round_comparison_before"].search(before) or rules["round_comparison_after"].search(after):
            continue
        if rules["round_provincial_after"].search(after):
            continue
        n = 1 if m.group(2) else cn_int(m.group(1))
        if n == 1 and rules["round_first_past_after"].search(after):
            continue
        if rules["round_own_before"].search(before):
            votes[n] += rules["round_own_weight"]
        else:
            votes[n] += rules["round_central_weight"] if rules["round_central_after"].search(after) else 1
        first.setdefault(n, start)
    lookback = False
    # only a sentence holding a 回头看 counts: those are found without splitting the whole text
    lookback_rule = rules["lookback"]
    if sentences is None:
        sentences = sentences_holding(text, lookback_rule.pattern) if lookback_rule.may_match(text) else ()
    for sent in sentences:
        for m in lookback_rule.pattern.finditer(sent.text):
            if rules["lookback_central"].search(sent.text) and not rules["lookback_provincial"].search(
                    sent.text[:m.end()]):
                lookback = True
                votes[1] += 1
                first.setdefault(1, sent.char_start + m.start())
    if not votes:
        return None, None
    best = max(votes, key=lambda n: (votes[n], -first[n]))
    return best, lookback


def inspection_batch(text: str) -> int | None:
    m = _rules()["batch"].search(text)
    if not m:
        return None
    return cn_int(m.group(1) or m.group(2))


def inspection_group(text: str) -> int | None:
    m = _rules()["group"].search(text)
    if not m:
        return None
    raw = m.group(1) or m.group(4)
    return None if _MASKED.match(raw) else cn_int(raw)


def cn_int(s: str) -> int | None:
    """'3', '三', '十五', '二十三' -> int; None for anything else."""
    if s.isdigit():
        return int(s)
    if s and all(c in _CN_DIGITS for c in s):
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    if "十" in s and s.count("十") == 1:
        tens, _, ones = s.partition("十")
        t = _CN_DIGITS.get(tens, None) if tens else 1
        o = _CN_DIGITS.get(ones, None) if ones else 0
        return None if t is None or o is None else t * 10 + o
    return None


# ---- dates ---------------------------------------------------------------------------------

def inspection_dates(text: str, sentences: list | None = None) -> tuple[str | None, str | None]:
    """(entry_date, feedback_date) as ISO dates, from the sentences that say 进驻 / 反馈. `sentences`
    (split_sentences(text)) may be passed when the caller has them."""
    rules = _rules()
    entry = feedback = None
    found_entry = found_feedback = False
    # only a sentence with a date about the inspection counts: the sentences that may hold a date (a
    # few in most texts) are found without splitting the whole text, then tested
    for sent in sentences_holding(text, rules["date_word"]) if sentences is None else sentences:
        if not rules["date_topic"].search(sent.text):
            continue
        dates = list(rules["date"].finditer(sent.text))
        if not dates:
            continue
        cue = None if found_entry else rules["entry_cue"].search(sent.text)
        if cue:
            before = [d for d in dates if d.start() < cue.start()] or dates
            entry, found_entry = iso_date(before[0]), True
        cue = None if found_feedback else rules["feedback_cue"].search(sent.text)
        if cue:
            before = [d for d in dates if d.start() < cue.start()]
            if before:
                feedback, found_feedback = iso_date(before[-1]), True
        if found_entry and found_feedback:
            break  # the first of each is kept: the rest of the text cannot change them
    return entry, feedback


def report_date(text: str) -> str | None:
    """The signature date: a line holding only a date, among the last (or first) lines."""
    lines = [line for line in text.split("\n") if line.strip()]
    for line in lines[-4:][::-1] + lines[:3]:
        if _rules()["report_date_line"].match(line):
            return iso_date(_rules()["date"].search(line))
    return None


def iso_date(m: re.Match) -> str | None:
    """'2021年4月6日' -> '2021-04-06'; a masked part ends the date there (2021年*月 -> '2021')."""
    parts = []
    for i, raw in enumerate(m.groups()[:3]):
        if raw is None or not raw.isdigit() or (i == 0 and len(raw) != 4):
            break
        parts.append(raw if i == 0 else f"{int(raw):02d}")
    return "-".join(parts) or None
