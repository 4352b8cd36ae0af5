"""Readers for the formats beyond plain text and .docx (see `pipeline.decode`, which dispatches).

Each reader takes the file's bytes and returns a `Decoded`, or raises `decode.DecodeError` with a
message a user can act on.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Decoded:
    text: str
    encoding: str
    pages: list[str] | None = None  # PDF: the text of each page, in order
    published_date: str | None = None  # HTML: the publication date the page states (ISO, partial allowed)
