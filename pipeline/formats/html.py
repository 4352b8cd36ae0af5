"""HTML pages: main text (trafilatura) with the page title as its first line, the publication
date, and charsets handled as real sites get them wrong.

Charset: the declared one when the bytes decode with it, UTF-8 when the bytes are valid UTF-8
whatever is declared (a common mis-declaration), else detection. A page whose text still reads
as mojibake is an error, never an `ok` row of garbage.
"""
from __future__ import annotations

import re

from . import Decoded

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
MOJIBAKE_RATIO = 0.2  # charset-normalizer's mess ratio above which text is taken as garbled

# <meta> names Chinese government CMSs and common templates use for the publication date.
_DATE_META = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date",
              "dc.date.issued", "dcterms.created", "publish_date", "date", "releasedate")
_TITLE_META = ("articletitle", "og:title", "dc.title")
_DATE_AFTER = (r"\s*[:：]?\s*"
               r"(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?(?:\s*月)?)?")
# Specific labels first: a bare 时间 may be the date of the inspection rather than of the page.
_LABELLED_DATES = [re.compile(f"(?:{labels}){_DATE_AFTER}") for labels in
                   ("发布时间|发布日期|发文日期|成文日期|发布于|来源日期", "日期|时间")]
_ANY_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2}))?")
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|--|—|-\s)\s*")


def read_html(data: bytes) -> Decoded:
    from ..decode import DecodeError

    html, enc = decode_html(data)
    text = main_text(html)
    if not text:
        raise DecodeError("no main text found in the HTML page")
    if is_mojibake(text):
        raise DecodeError(f"the page decodes to garbled text (mojibake) as {enc}: its declared charset does "
                          f"not match its bytes; save it again as UTF-8")
    tree = _tree(html)
    title = page_title(tree) if tree is not None else None
    if title and _squash(title) not in _squash(text[:len(title) * 3 + 200]):
        text = f"{title}\n{text}"
    return Decoded(text, enc, published_date=published_date(tree, html) if tree is not None else None)


def decode_html(data: bytes) -> tuple[str, str]:
    from ..decode import _SUPERSET, decode_bytes

    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        enc = _SUPERSET.get(name, name)
        if enc not in ("utf-8", "utf8"):
            try:
                return data.decode("utf-8"), "utf-8"  # valid UTF-8 with non-ASCII text is UTF-8
            except UnicodeDecodeError:
                pass
        try:
            html = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            html = None
        if html is not None and not is_mojibake(html):
            return html, enc
    return decode_bytes(data)


def main_text(html: str) -> str | None:
    import trafilatura

    options = dict(include_tables=True, include_comments=False, deduplicate=False)
    # Precision first drops navigation bars; short pages may need the recall mode to yield anything.
    return trafilatura.extract(html, favor_precision=True, **options) or trafilatura.extract(html, **options)


def is_mojibake(text: str) -> bool:
    from charset_normalizer.md import mess_ratio

    sample = "".join(text.split())[:4000]
    if not sample or sample.isascii():
        return False
    return mess_ratio(sample, 1.0) > MOJIBAKE_RATIO or sample.count("\ufffd") > max(3, len(sample) // 100)


def _tree(html: str):
    import lxml.html

    try:
        return lxml.html.fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except Exception:  # lxml raises several types on broken markup; such a page simply has no title / date
        return None


def _meta(tree, names) -> str | None:
    for el in tree.iter("meta"):
        key = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
        if key in names and (el.get("content") or "").strip():
            return el.get("content").strip()
    return None


def page_title(tree) -> str | None:
    """The article's title: <meta ArticleTitle / og:title>, else <title> without the site name
    (its longest part), else the first <h1> (often the site's logo on government pages, so last)."""
    title = _meta(tree, _TITLE_META)
    if not title:
        el = next(iter(tree.iter("title")), None)
        parts = [p for p in _TITLE_SPLIT.split((el.text_content() if el is not None else "").strip()) if p]
        title = max(parts, key=len) if parts else None
    if not title:
        h1 = next(iter(tree.iter("h1")), None)
        title = h1.text_content() if h1 is not None else None
    title = " ".join(title.split()) if title else None
    return title or None


def published_date(tree, html: str) -> str | None:
    """ISO date (YYYY, YYYY-MM or YYYY-MM-DD) from a date <meta>, else from a 发布时间 / 日期 label."""
    content = _meta(tree, _DATE_META)
    if content:
        m = _ANY_DATE.search(content) or re.search(r"(\d{4})", content)
        iso = _iso(*m.groups()) if m else None
        if iso:
            return iso
    text = tree.text_content()
    for pattern in _LABELLED_DATES:
        m = pattern.search(text)
        if m and _iso(*m.groups()):
            return _iso(*m.groups())
    return None


def _iso(year, month=None, day=None) -> str | None:
    y = int(year)
    if not 1949 <= y <= 2100:
        return None
    if not month or not 1 <= int(month) <= 12:
        return f"{y:04d}"
    if not day or not 1 <= int(day) <= 31:
        return f"{y:04d}-{int(month):02d}"
    return f"{y:04d}-{int(month):02d}-{int(day):02d}"


def _squash(text: str) -> str:
    return "".join(text.split())
