"""RawDocument: one source record as bytes plus hints, cheap to pickle and ship to workers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

FORMATS = ("text", "html")  # content formats of a RawDocument
CONTAINERS = ("file", "stdin", "rss", "jsonl", "warc")

_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<article[\s>]|<meta\s|<div[\s>]|<p[\s>]",
                   re.IGNORECASE)
_FEED = re.compile(rb"<rss[\s>]|<feed[\s>][^>]*|<rdf:rdf[\s>]", re.IGNORECASE)


@dataclass(frozen=True)
class RawDocument:
    """One document before cleaning.

    ``key`` is stable per source record (the file path, ``path#L12`` for a JSON Lines line, the
    WARC-Record-ID, ``feed#entry-id``): batch runs use it to skip what is done. ``origin`` is the
    human-readable name used in errors. ``published`` is a date the record itself states (JSON
    Lines field, feed entry date); ``fallback_published`` is used only when neither the user nor
    the document gives one (WARC-Date, the crawl date).
    """

    key: str
    data: bytes
    fmt: str  # "text" | "html"
    origin: str
    container: str = "file"  # file | stdin | rss | jsonl | warc
    url: str | None = None
    title: str | None = None
    published: date | None = None
    fallback_published: date | None = None
    source: str | None = None
    id: str | None = None  # the record's own id (JSON Lines ``id``, feed entry id)
    charset: str | None = None  # declared by a transport (HTTP Content-Type), if any

    @property
    def article_format(self) -> str:
        return self.container if self.container in ("rss", "jsonl", "warc") else self.fmt


def sniff_content(head: bytes) -> str:
    """Format of a document from its first bytes: warc | feed | jsonl | html | text."""
    if head[:2] == b"\x1f\x8b":
        return "gzip"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"WARC/"):
        return "warc"
    if start.startswith(b"{"):
        line = start.split(b"\n", 1)[0].strip()
        if line.endswith(b"}"):
            return "jsonl"
    probe = head[:4096]
    if (start.startswith(b"<?xml") or start.startswith(b"<rss") or start.startswith(b"<feed")
            or start.startswith(b"<rdf")) and _FEED.search(probe):
        return "feed"
    if start.startswith(b"<") and _HTML.search(probe):
        return "html"
    if len(_HTML.findall(probe)) >= 3:
        return "html"
    return "text"


def sniff_text_or_html(data: bytes) -> str:
    kind = sniff_content(data[:4096])
    return "html" if kind in ("html", "feed") else "text"
