r"""Bounds that keep every stage linear on hostile input.

Rules written for real documents use patterns such as `[*＊]+(县|区)` or `\d+个省`: on a run of a
million `*` or digits, a regex engine retries the run from each of its positions, which is
quadratic (a 1 MB file of digits took over two minutes). No count or mask in a real document is
longer than a few dozen characters, so in the normalized view (what the rules read) a run of more
than MAX_RUN digits or mask characters is cut to its first MAX_RUN; `documents.text` keeps every
character, and evidence still maps back through the alignment.
"""
from __future__ import annotations

import re

MAX_RUN = 32
_LONG_RUN = re.compile(r"([0-9]{%d})[0-9]+|([*＊]{%d})[*＊]+|([Xx×]{%d})[Xx×]+" % (MAX_RUN, MAX_RUN, MAX_RUN))


# Any overlong run is more than MAX_RUN characters of this class: a cheap test that the text has
# none (a pattern that begins with a character class is scanned in C; _LONG_RUN is tried at every position).
_ANY_LONG_RUN = re.compile(r"[0-9*＊Xx×][0-9*＊Xx×]{%d}" % MAX_RUN)


def bound_runs(norm):
    """`norm` (a normalize.Aligned) with overlong digit / mask runs cut to MAX_RUN characters."""
    if not _ANY_LONG_RUN.search(norm.text):
        return norm
    return norm.sub(_LONG_RUN, lambda m: m.group(1) or m.group(2) or m.group(3))
