"""RSS/Atom feeds (feedparser): entries with their link, date, title and content."""
from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import MalformedInput
from ..model import stable_id
from .metadata import parse_date
from .raw import RawDocument, sniff_text_or_html

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedEntry:
    """One feed entry. ``summary`` and ``content`` are as the feed gives them (often HTML)."""

    id: str
    title: str | None
    link: str | None
    published: date | None
    summary: str = ""
    content: str = ""
    source: str | None = None  # the feed's own title (the outlet)

    @property
    def body(self) -> str:
        """The fullest text the feed carries: content, else summary."""
        return self.content if len(self.content.strip()) >= len(self.summary.strip()) else self.summary


def _date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        st = entry.get(key)
        if st:
            try:
                return date(st.tm_year, st.tm_mon, st.tm_mday)
            except (ValueError, AttributeError):
                continue
    for key in ("published", "updated"):
        d = parse_date(entry.get(key))
        if d:
            return d
    return None


def parse_feed(data: bytes, origin: str) -> list[FeedEntry]:
    """Entries of an RSS or Atom feed. Raises MalformedInput for a document that is not a feed
    (feedparser's bozo flag with no entries); a well-formed feed with no entries gives []."""
    import feedparser

    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # noqa: BLE001 - feedparser can raise from its sanitizer/parsers
        raise MalformedInput(f"malformed feed: {type(exc).__name__}: {exc}".splitlines()[0], doc=origin,
                             fix="check the feed URL or file is RSS or Atom") from exc
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        cause = parsed.get("bozo_exception")
        why = str(cause).splitlines()[0] if cause else "no RSS or Atom root element"
        raise MalformedInput(f"malformed feed: {why}", doc=origin, fix="check the feed URL or file is RSS or Atom")
    if parsed.get("bozo"):
        log.info("%s: feed is not well-formed (%s); using the %d entries read", origin,
                 parsed.get("bozo_exception"), len(parsed.entries))
    entries = []
    channel = (parsed.get("feed") or {}).get("title") or None
    for n, e in enumerate(parsed.entries):
        content = "\n".join(c.get("value", "") for c in e.get("content") or [] if c.get("value"))
        link = e.get("link") or None
        eid = e.get("id") or link or stable_id(origin, n, e.get("title"))
        entries.append(FeedEntry(id=str(eid), title=e.get("title") or None, link=link, published=_date(e),
                                 summary=e.get("summary") or "", content=content, source=channel))
    return entries


def feed_documents(data: bytes, path: str) -> Iterator[RawDocument]:
    """A RawDocument per feed entry (content, else summary; an entry without text fails later as
    an empty document)."""
    for n, entry in enumerate(parse_feed(data, path), 1):
        body = entry.body.encode("utf-8", "replace")
        yield RawDocument(key=f"{path}#{entry.id}", data=body, fmt=sniff_text_or_html(body),
                          origin=f"{path}#entry{n}", container="rss", url=entry.link, title=entry.title,
                          published=entry.published, source=entry.source, id=entry.id)
