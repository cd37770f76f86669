"""The one typed document that flows through the extraction stages.

Each stage is a function ``Doc -> Doc`` (see :mod:`frontlines.extract.pipeline`). Stages add to the
lists below; offsets are character offsets into ``article.text``.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from ..model import Actor, Article, DateRange, Event, Place


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place | None  # None: looked like a place but did not resolve
    score: float = 0.0


@dataclass
class ActorMention:
    start: int
    end: int
    text: str
    actor: Actor


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    range: DateRange


@dataclass
class Doc:
    article: Article
    country: str | None = None  # theater country (ISO alpha-2), given or inferred
    spacy: Any = None  # spacy.tokens.Doc, or None where the parse stage skipped the text
    sentences: list[tuple[int, int]] = field(default_factory=list)  # (start, end) char offsets
    places: list[PlaceMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    # offset indexes of the lists above, built on first use (see _offsets); never compared or shown
    _index: dict[int, _Offsets] = field(default_factory=dict, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.article.text

    def sentence_of(self, offset: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding ``offset`` (whole text if no sentences)."""
        sents = self.sentences
        idx = self._offsets(sents, lambda s: s[0], lambda s: s[1])
        if idx.disjoint:  # the splitter's sentences, in text order: the last one starting at or before
            i = bisect.bisect_right(idx.starts, offset) - 1
            if i >= 0 and offset < sents[i][1]:
                return sents[i]
            return 0, len(self.article.text)
        for start, end in sents:
            if start <= offset < end:
                return start, end
        return 0, len(self.article.text)

    def in_span(self, items: list, start: int, end: int) -> list:
        """Mentions (places, actors or dates) lying inside [start, end), in list order."""
        idx = self._offsets(items)
        if idx.ordered:  # in text order: only the mentions starting inside the span are looked at
            lo, hi = bisect.bisect_left(idx.starts, start), bisect.bisect_right(idx.starts, end)
            return [m for m in items[lo:hi] if m.end <= end]
        return [m for m in items if m.start >= start and m.end <= end]

    def by_start(self, items: list) -> list:
        """``items`` sorted by start offset (stable; the list itself when it is in text order)."""
        return items if self._offsets(items).ordered else sorted(items, key=lambda m: m.start)

    def ending_before(self, items: list, offset: int, n: int) -> list:
        """The last ``n`` mentions (in list order) that end at or before ``offset``."""
        idx = self._offsets(items)
        if idx.ends_ordered:
            return items[:bisect.bisect_right(idx.ends, offset)][-n:] if n else []
        return [m for m in items if m.end <= offset][-n:] if n else []

    def _offsets(self, items: list, start: Any = None, end: Any = None) -> _Offsets:
        """The offsets of ``items``, kept while the list is the same object of the same length, so a
        long document's sentences each find their mentions by bisection instead of a scan of all."""
        hit = self._index.get(id(items))
        if hit is None or hit.items is not items or len(hit.starts) != len(items):
            hit = self._index[id(items)] = _Offsets.of(items, start or (lambda m: m.start), end or (lambda m: m.end))
        return hit


@dataclass
class _Offsets:
    items: list  # held so that its id is not reused while indexed
    starts: list[int]
    ends: list[int]
    ordered: bool  # starts do not decrease
    ends_ordered: bool  # ends do not decrease
    disjoint: bool  # ordered, and each item ends before the next starts

    @classmethod
    def of(cls, items: list, start: Any, end: Any) -> _Offsets:
        starts, ends = [start(m) for m in items], [end(m) for m in items]
        ordered = all(a <= b for a, b in zip(starts, starts[1:]))
        return cls(items, starts, ends, ordered, all(a <= b for a, b in zip(ends, ends[1:])),
                   ordered and all(e <= s for e, s in zip(ends, starts[1:])))


_TEXT_KEY = "frontlines.text"


def doc_text(sdoc: Any) -> str:
    """The text of a spaCy ``Doc``, computed once per document. spaCy's ``Doc.text`` joins every
    token on each call, so a stage reading it once per sentence costs the square of the length."""
    text = sdoc.user_data.get(_TEXT_KEY)
    if text is None:
        text = sdoc.user_data[_TEXT_KEY] = sdoc.text
    return text
