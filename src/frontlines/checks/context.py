"""What every check needs: the article's sentences, the theater country, sides of factions and
place resolution. One :class:`CheckContext` is built per checked article and passed around."""
from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..model import Actor, Analysis, Event, Evidence, Place, SourceRef

log = logging.getLogger(__name__)

LEXICON_DIR = Path(__file__).resolve().parents[1] / "lexicons"
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int

    def evidence(self, article_id: str | None) -> Evidence:
        return Evidence(sentence=self.text, start=self.start, end=self.end, article_id=article_id)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into ``text`` (a plain rule: end punctuation before a capital, or
    a blank line); good enough to quote a claim and to find the events stated in it."""
    out: list[Sentence] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        _add(out, text, pos, m.start())
        pos = m.end()
    _add(out, text, pos, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(text[start:end], start, end))


def load_blocs(lexicon_dir: str | Path | None = None) -> dict[str, str]:
    """faction id -> bloc (a faction without a bloc is its own side), from the shipped
    actors.yaml and, when given, the analyst's lexicon directory."""
    import yaml

    blocs: dict[str, str] = {}
    dirs = [LEXICON_DIR] + ([Path(lexicon_dir)] if lexicon_dir else [])
    for d in dirs:
        path = d / "actors.yaml"
        if not path.exists():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            log.warning("cannot read %s for faction sides: %s", path, exc)
            continue
        for f in data.get("factions") or ():
            if isinstance(f, dict) and f.get("id") and f.get("bloc"):
                blocs[str(f["id"])] = str(f["bloc"])
    return blocs


UNKNOWN = frozenset({"", "unknown", "unidentified"})


@dataclass
class CheckContext:
    """Per-article state of a check run (built by :func:`frontlines.checks.check_analysis`)."""

    analysis: Analysis
    store: Any
    gazetteer: Any
    options: Any
    blocs: dict[str, str] = field(default_factory=dict)
    country: str | None = None
    _sentences: list[Sentence] | None = None
    _extents: dict[str, tuple[float, float, float, float] | None] = field(default_factory=dict)

    @property
    def article_id(self) -> str:
        return self.analysis.article.id

    @property
    def published(self) -> date | None:
        return self.analysis.article.published

    @property
    def sentences(self) -> list[Sentence]:
        if self._sentences is None:
            self._sentences = split_sentences(self.analysis.article.text)
        return self._sentences

    # ------------------------------------------------------------------ sides
    def side(self, actor: Actor | None) -> str | None:
        """A comparable side: the faction's bloc, else the faction, else the government flag."""
        if actor is None:
            return None
        faction = (actor.faction or "").lower()
        if faction not in UNKNOWN:
            if actor.government:
                return "government"
            return self.blocs.get(actor.faction, actor.faction)
        if actor.government is True:
            return "government"
        return None

    def same_side(self, a: Actor | None, b: Actor | None) -> bool | None:
        """True/False when both sides are known, None when either is unknown."""
        sa, sb = self.side(a), self.side(b)
        if sa is None or sb is None:
            return None
        return sa == sb

    # ------------------------------------------------------------------ record filtering
    def foreign_sources(self, e: Event) -> tuple[SourceRef, ...]:
        """The sources of a stored event other than the article being checked."""
        return tuple(s for s in e.sources if not (s.origin == "article" and s.ref_id == self.article_id))

    # ------------------------------------------------------------------ places
    def events_in(self, start: int, end: int) -> list[Event]:
        return [e for e in self.analysis.events if start <= e.evidence.start < end]

    def place_named(self, name: str) -> Place | None:
        """A place for a name the article uses: the pipeline's own resolution of that surface
        form (an event place) first; else an exact gazetteer match in the theater country that is
        unambiguous (one town of that name, or one far larger than the others). Fuzzy guesses
        are left out: a wrong town would make a wrong verdict."""
        key = _fold(name)
        for e in self.analysis.events:
            if e.place is not None and e.place.lat is not None and key in (_fold(e.place.text), _fold(e.place.name)):
                return e.place
        if self.gazetteer is None or not self.country:
            return None
        try:
            entries = [self.gazetteer.entry(i) for i in self.gazetteer.lookup(name, fuzzy=False)]
        except Exception as exc:  # noqa: BLE001 - a lookup failure must not stop the other checks
            log.warning("gazetteer lookup of %r failed: %s", name, exc)
            return None
        towns = sorted((e for e in entries if e.country == self.country and e.feature == "city"),
                       key=lambda e: -e.population)
        if not towns:
            return None
        if len(towns) > 1 and not (towns[0].population >= 10_000
                                   and towns[0].population > 5 * towns[1].population):
            return None  # several towns of that name: do not guess
        return self.gazetteer.to_place(towns[0], name)

    def extent(self, cc: str) -> tuple[float, float, float, float] | None:
        """(lat_lo, lat_hi, lon_lo, lon_hi) of a country's towns, trimmed of the outer 2% on each
        side, from the gazetteer's rows (None when the gazetteer cannot list them)."""
        if cc in self._extents:
            return self._extents[cc]
        rows = getattr(getattr(self.gazetteer, "_data", None), "rows", None) or ()
        lats = sorted(r[2] for r in rows if r[4] == cc and r[7] == "city")
        lons = sorted(r[3] for r in rows if r[4] == cc and r[7] == "city")
        ext = None
        if len(lats) >= 10:
            k = len(lats) // 50
            ext = (lats[k], lats[-1 - k], lons[k], lons[-1 - k])
        self._extents[cc] = ext
        return ext

    def capital(self) -> Place | None:
        if self.gazetteer is None or not self.country:
            return None
        entry = self.gazetteer.capital(self.country)
        return None if entry is None else self.gazetteer.to_place(entry, entry.name)


def _fold(s: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (s or "").lower()).strip()


def theater_country(analysis: Analysis, options: Any) -> str | None:
    """The theater: the options' country, else the most common country of the events' places."""
    cc = (getattr(options, "country", "") or "").upper()
    if cc:
        return cc
    counts = Counter(e.place.country for e in analysis.events if e.place is not None and e.place.country)
    return counts.most_common(1)[0][0] if counts else None


def place_source(place: Place) -> SourceRef:
    """A record reference to the GeoNames entry behind a place (for geography findings)."""
    return SourceRef(origin="geonames", ref_id=str(place.geonameid) if place.geonameid else place.name,
                     title=place.name, citation=f"GeoNames {place.geonameid}: {place.lat:.4f}, {place.lon:.4f}")
