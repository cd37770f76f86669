"""The one typed document that flows through the extraction stages.

Each stage is a function ``Doc -> Doc`` (see :mod:`frontlines.extract.pipeline`). Stages add to the
lists below; offsets are character offsets into ``article.text``.
"""
from __future__ import annotations

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

    @property
    def text(self) -> str:
        return self.article.text

    def sentence_of(self, offset: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding ``offset`` (whole text if no sentences)."""
        for start, end in self.sentences:
            if start <= offset < end:
                return start, end
        return 0, len(self.article.text)

    def in_span(self, items: list, start: int, end: int) -> list:
        """Mentions (places, actors or dates) lying inside [start, end)."""
        return [m for m in items if m.start >= start and m.end <= end]
