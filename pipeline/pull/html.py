"""What the crawler and the archive reader need from an HTML page: links, title, dates, charset.

A tolerant stdlib parser: government pages are often malformed, and we only need anchors,
`<title>`, `<meta>` and the visible text (for 发布时间：…).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urldefrag, urlsplit

# File types published as attachments of a report page.
ATTACHMENT_EXTS = (".docx", ".doc", ".pdf", ".wps", ".xls", ".xlsx")

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_DOC_TYPES = {
    "application/pdf": "pdf", "application/msword": "doc", "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/kswps": "wps", "application/wps-office.wps": "wps", "application/vnd.ms-works": "wps",
    "text/plain": "txt",
}


def document_kind(url: str, content_type: str | None) -> str | None:
    """html / pdf / docx / doc / wps / xls / xlsx / txt, from the Content-Type or the URL's extension;
    None when the response is not a document (an image, a script, ...)."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype in _HTML_TYPES:
        return "html"
    if ctype in _DOC_TYPES:
        return _DOC_TYPES[ctype]
    if is_attachment(url) and ctype in ("", "application/octet-stream", "application/x-download",
                                        "application/force-download", "binary/octet-stream"):
        return urlsplit(url).path.rsplit(".", 1)[-1].lower()
    return None


_NEXT_TEXTS = {"下一页", "下页", "后一页", "下一頁", "next", "next page", "nextpage", ">", "›", "»", ">>"}
_SKIP_TAGS = {"script", "style", "noscript", "template"}


@dataclass
class Link:
    url: str  # absolute, without fragment
    text: str
    rel: str = ""


@dataclass
class Page:
    title: str | None = None
    links: list[Link] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # lower-cased name/property/http-equiv -> content
    text: str = ""
    h1: str | None = None


class _Parser(HTMLParser):
    def __init__(self, base_url: str):
        super().__init__(convert_charrefs=True)
        self.base_url, self.page = base_url, Page()
        self._anchor: tuple[str, str, list[str]] | None = None
        self._in: list[str] = []
        self._title: list[str] | None = None
        self._h1: list[str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k.lower(): (v or "") for k, v in attrs}
        if tag == "base" and attrs.get("href"):
            self.base_url = urljoin(self.base_url, attrs["href"].strip())
        elif tag == "a":
            self._close_anchor()
            self._anchor = (attrs.get("href", ""), attrs.get("rel", ""), [])
        elif tag == "meta":
            key = (attrs.get("name") or attrs.get("property") or attrs.get("http-equiv") or "").strip().lower()
            if key and "content" in attrs:
                self.page.meta.setdefault(key, attrs["content"].strip())
            if attrs.get("charset"):
                self.page.meta.setdefault("charset", attrs["charset"].strip())
        elif tag == "title" and self._title is None:
            self._title = []
        elif tag == "h1" and self._h1 is None:
            self._h1 = []
        elif tag in ("br", "p", "div", "li", "tr", "td", "span", "h1", "h2", "h3"):
            self._text.append("\n")
        if tag in _SKIP_TAGS:
            self._in.append(tag)

    def handle_endtag(self, tag):
        if tag == "a":
            self._close_anchor()
        elif tag == "title" and self._title is not None and self.page.title is None:
            self.page.title = _squash("".join(self._title)) or None
        elif tag == "h1" and self._h1 is not None and self.page.h1 is None:
            self.page.h1 = _squash("".join(self._h1)) or None
        if tag in _SKIP_TAGS and tag in self._in:
            self._in.remove(tag)

    def handle_data(self, data):
        if self._in:
            return
        if self._title is not None and self.page.title is None:
            self._title.append(data)
            return
        if self._h1 is not None and self.page.h1 is None:
            self._h1.append(data)
        if self._anchor is not None:
            self._anchor[2].append(data)
        self._text.append(data)

    def _close_anchor(self):
        if self._anchor is None:
            return
        href, rel, text = self._anchor
        self._anchor = None
        url = absolute(self.base_url, href)
        if url:
            self.page.links.append(Link(url, _squash("".join(text)), rel.lower()))

    def close(self):
        super().close()
        self._close_anchor()
        if self._title is not None and self.page.title is None:
            self.page.title = _squash("".join(self._title)) or None
        self.page.text = "".join(self._text)


def parse_page(html: str, base_url: str) -> Page:
    parser = _Parser(base_url)
    parser.feed(html)
    parser.close()
    return parser.page


def absolute(base: str, href: str) -> str | None:
    """An http(s) URL without fragment, or None for mailto:, javascript:, '#' and the like."""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return None
    parts = urlsplit(urldefrag(urljoin(base, href))[0])
    if parts.scheme.lower() not in ("http", "https"):
        return None
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()).geturl()


def is_attachment(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(ATTACHMENT_EXTS)


def next_page(page: Page, url: str) -> tuple[str | None, bool]:
    """The next index page and whether it is a guess: a 下一页 / rel=next link, else the CMS pattern
    index.html -> index_1.html -> index_2.html (pages drawn by JavaScript have no link to follow)."""
    for link in page.links:
        if link.url != url and ("next" in link.rel.split() or link.text.strip().lower() in _NEXT_TEXTS):
            return link.url, False
    guess = pattern_next(url)
    return guess, guess is not None


_INDEX = re.compile(r"^(?P<dir>.*/)(?:(?P<name>index|default)(?:_(?P<n>\d+))?\.(?P<ext>s?html?))?$", re.I)


def pattern_next(url: str) -> str | None:
    parts = urlsplit(url)
    m = _INDEX.match(parts.path or "/")
    if not m:
        return None
    name, ext = m.group("name") or "index", m.group("ext") or "html"
    n = int(m.group("n") or 0) + 1
    return parts._replace(path=f"{m.group('dir')}{name}_{n}.{ext}", query="", fragment="").geturl()


def title_of(page: Page) -> str | None:
    """The document's title: the CMS's ArticleTitle meta, else <title>, else the first <h1>."""
    for key in ("articletitle", "og:title"):
        if page.meta.get(key):
            return _squash(page.meta[key])
    return page.title or page.h1


_DATE_META = ("pubdate", "publishdate", "firstpublishedtime", "publishtime", "article:published_time",
              "og:published_time", "dc.date.issued", "dc.date", "date")
# A label that states the publication date, not preceded by another CJK character (so 进驻日期 is not one).
_DATE_LABEL = re.compile(r"(?<![\u4e00-\u9fff])(?:发布时间|发布日期|发文日期|成文日期|日期)\s*[:：]\s*")
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})(?:\s*[-月/.]\s*(\d{1,2}))?")


def published_date(page: Page) -> str | None:
    """ISO date (YYYY-MM-DD, or YYYY-MM when the day is not given) the page states for itself."""
    for key in _DATE_META:
        if page.meta.get(key):
            found = _iso(page.meta[key])
            if found:
                return found
    for label in _DATE_LABEL.finditer(page.text):
        found = _iso(page.text[label.end():label.end() + 20], anchored=True)
        if found:
            return found
    return None


def _iso(text: str, anchored: bool = False) -> str | None:
    m = _DATE.match(text) if anchored else _DATE.search(text)
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), m.group(3)
    if not (1949 <= year <= 2100 and 1 <= month <= 12):
        return None
    if day and 1 <= int(day) <= 31:
        return f"{year:04d}-{month:02d}-{int(day):02d}"
    return f"{year:04d}-{month:02d}"


_META_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w-]+)", re.I)


def declared_charset(content_type: str | None, body: bytes | None = None) -> str | None:
    """The charset the server declares (Content-Type header), else the page's own <meta> declaration."""
    m = _META_CHARSET.search(content_type or "")
    if m:
        return m.group(1).lower()
    if body is not None:
        m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", body[:4096], re.I)
        if m:
            return m.group(1).decode("ascii").lower()
    return None


def decode_html(body: bytes, charset: str | None) -> tuple[str, str]:
    """Decode with the declared charset (GBK read as its superset GB18030), else detect; (text, encoding)."""
    from ..decode import _SUPERSET, decode_bytes

    if charset:
        enc = _SUPERSET.get(charset.lower(), charset.lower())
        try:
            return body.decode(enc), charset.lower()
        except (UnicodeDecodeError, LookupError):
            pass
    return decode_bytes(body)


def _squash(text: str) -> str:
    return " ".join(text.split())
