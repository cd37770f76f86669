"""Control timelines: who held a place, from when to when, on what evidence.

Built from every ``control_change`` and ``control_claim`` event in the store (articles, ACLED,
UCDP, the curated reference record alike):

* a change dated by the range [s, e] means the gainer held the place at least from ``e`` (the end
  of the range: the first day on which every report agrees it had happened); the day of the change
  belongs to the gainer;
* the previous period ends the day before; before the first change, its loser (``target``), when
  known, held the place (an open start, with lower confidence);
* a claim ("X still holds P"), dated like a change by the end of its range (for a vague range, the
  day it was stated), confirms the period when X is the current controller (its event and sources
  are added); a claim by someone else, or about a place with no earlier record, opens a new period
  there (with lower confidence than a reported change);
* reports the store links as conflicting lower the confidence of the periods they open; two
  changes to different gainers on the same day give two overlapping one-day-apart periods, and the
  later in the list wins a point query;
* the last period is open (``end`` None).

Places are identified by GeoNames id where present, else by coordinates rounded to 3 decimals;
a place without a GeoNames id within ``options.merge_km`` km of one with an id joins it (ACLED rows
carry coordinates only). The timelines of all places are built in one pass and cached on the store
until its next write.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .geo.distance import haversine_km
from .model import Actor, ControlPeriod, Event, Place, SourceRef

log = logging.getLogger(__name__)

CLAIM_FACTOR = 0.8  # a claim-opened period is less certain than a reported change
CONFLICT_FACTOR = 0.7  # reports contradicted by other reports
PRIOR_FACTOR = 0.5  # the loser's period before the first change: inferred, not reported


def _key(place: Place) -> tuple | None:
    if place.geonameid is not None:
        return ("g", int(place.geonameid))
    if place.lat is not None and place.lon is not None:
        return ("c", round(place.lat, 3), round(place.lon, 3))
    return None


def _holder(actor: Actor | None) -> str | None:
    """Who holds, as a comparable key: the faction, or the side when the faction is unknown."""
    if actor is None:
        return None
    if actor.faction and actor.faction.lower() not in ("unknown", "unidentified"):
        return actor.faction
    if actor.government is None:
        return None
    return "government" if actor.government else "non-government"


@dataclass
class _Open:
    controller: Actor
    start: date | None
    confidence: float
    event_ids: list[str] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)

    def add(self, e: Event, confidence: float) -> None:
        if e.id not in self.event_ids:
            self.event_ids.append(e.id)
            self.sources.extend(s for s in e.sources if s not in self.sources)
        self.confidence = max(self.confidence, confidence)

    def close(self, place: Place, end: date | None) -> ControlPeriod:
        return ControlPeriod(place=place, controller=self.controller, start=self.start, end=end,
                             confidence=round(min(1.0, self.confidence), 4),
                             event_ids=tuple(self.event_ids), sources=tuple(self.sources))


def build_timeline(place: Place, events: list[Event]) -> list[ControlPeriod]:
    """The periods of one place from its control events (any order)."""
    points = []
    for e in events:
        if e.date is None or e.type not in ("control_change", "control_claim") or _holder(e.actor) is None:
            continue
        conf = e.confidence * (CONFLICT_FACTOR if e.conflicts else 1.0)
        if e.type == "control_change":
            points.append((e.date.end, 0, e.id, e, conf))
        else:
            points.append((e.date.end, 1, e.id, e, conf * CLAIM_FACTOR))
    points.sort(key=lambda p: p[:3])
    periods: list[ControlPeriod] = []
    current: _Open | None = None
    for day, kind, _, e, conf in points:
        if current is None:
            if kind == 0 and _holder(e.target) is not None and _holder(e.target) != _holder(e.actor):
                prior = _Open(e.target, None, conf * PRIOR_FACTOR)
                prior.add(e, conf * PRIOR_FACTOR)
                periods.append(prior.close(place, day - timedelta(days=1)))
            current = _Open(e.actor, day, conf)
            current.add(e, conf)
            continue
        if _holder(e.actor) == _holder(current.controller):
            current.add(e, conf)
            continue
        if day == current.start:  # two reports, two holders, one day: keep both, trust both less
            current.confidence *= CONFLICT_FACTOR
            conf *= CONFLICT_FACTOR
            periods.append(current.close(place, day))
        else:
            periods.append(current.close(place, day - timedelta(days=1)))
        current = _Open(e.actor, day, conf)
        current.add(e, conf)
    if current is not None:
        periods.append(current.close(place, None))
    return periods


def period_at(periods: list[ControlPeriod], day: date) -> ControlPeriod | None:
    """The period holding ``day`` (the latest listed one when two overlap), or None."""
    found = None
    for p in periods:
        if (p.start is None or p.start <= day) and (p.end is None or day <= p.end):
            found = p
    return found


@dataclass
class ControlIndex:
    """Every place's timeline, plus look-ups by key and by position."""

    timelines: dict[tuple, tuple[Place, list[ControlPeriod]]]
    aliases: dict[tuple, tuple]

    def get(self, place: Place | int) -> tuple[Place, list[ControlPeriod]] | None:
        key = ("g", place) if isinstance(place, int) else _key(place)
        key = self.aliases.get(key, key)
        return self.timelines.get(key)

    def nearest(self, lat: float, lon: float, km: float) -> tuple[Place, list[ControlPeriod]] | None:
        best, best_d = None, km
        for place, periods in self.timelines.values():
            if place.lat is None or place.lon is None:
                continue
            d = haversine_km(lat, lon, place.lat, place.lon)
            if d <= best_d:
                best, best_d = (place, periods), d
        return best


def build_index(events: list[Event], km: float) -> ControlIndex:
    by_key: dict[tuple, list[Event]] = {}
    places: dict[tuple, dict[Place, int]] = {}
    for e in events:
        if e.place is None or e.place.feature == "country":
            continue
        key = _key(e.place)
        if key is None:
            continue
        by_key.setdefault(key, []).append(e)
        counts = places.setdefault(key, {})
        counts[e.place] = counts.get(e.place, 0) + 1
    rep = {k: max(c.items(), key=lambda pc: (pc[1], pc[0].precision * -1))[0] for k, c in places.items()}
    geo = [(k, rep[k]) for k in by_key if k[0] == "g" and rep[k].lat is not None]
    aliases: dict[tuple, tuple] = {}
    for k in [k for k in by_key if k[0] == "c"]:
        lat, lon = k[1], k[2]
        close = [(haversine_km(lat, lon, p.lat, p.lon), gk) for gk, p in geo
                 if abs(p.lat - lat) < 0.2 and abs(p.lon - lon) < 0.3]
        close = [c for c in close if c[0] <= km]
        if close:
            target = min(close)[1]
            aliases[k] = target
            by_key[target].extend(by_key.pop(k))
    timelines = {k: (rep[k], build_timeline(rep[k], evs)) for k, evs in by_key.items()}
    return ControlIndex({k: v for k, v in timelines.items() if v[1]}, aliases)


def control_index(store: Any) -> ControlIndex:
    """The index of every place's timeline, cached on the store until its next write."""
    km = getattr(getattr(store, "options", None), "merge_km", 5.0)
    return store.cached("control.index", lambda: build_index(store.control_events(), km))


def _local_index(store: Any, place: Place | int) -> ControlIndex:
    """An index over the events around one place only (enough to decide which nearby
    coordinate-only places join it): cheaper than the full index for a single look-up."""
    km = getattr(getattr(store, "options", None), "merge_km", 5.0)
    events = {e.id: e for e in store.control_events(geonameid=place)} if isinstance(place, int) else {}
    anchor = place if isinstance(place, Place) else next((e.place for e in events.values() if e.place), None)
    if anchor is not None and anchor.lat is not None and anchor.lon is not None:
        events.update((e.id, e) for e in store.control_events(near=(anchor.lat, anchor.lon, 2 * km)))
    return build_index(sorted(events.values(), key=lambda e: (e.date.start if e.date else date.max, e.id)), km)


def timeline(store: Any, place_or_geonameid: Place | int) -> list[ControlPeriod]:
    """The timeline of a place (a Place, or a GeoNames id)."""
    index = store.peek_cached("control.index") if hasattr(store, "peek_cached") else None
    if index is None:
        index = _local_index(store, place_or_geonameid)
    found = index.get(place_or_geonameid)
    return list(found[1]) if found else []


def timeline_for(store: Any, place: str | int, at: date | None = None) -> list[ControlPeriod]:
    """The timeline of a place given by name or GeoNames id; with ``at``, only the period holding
    that date (or nothing)."""
    if isinstance(place, str) and place.strip().isdigit():
        place = int(place.strip())
    if isinstance(place, int):
        periods = timeline(store, place)
    else:
        periods = []
        for candidate in store.find_places(place):
            periods = timeline(store, candidate)
            if periods:
                break
    if at is None:
        return periods
    held = period_at(periods, at)
    return [held] if held else []


def controller_at(store: Any, geonameid: int, day: date) -> ControlPeriod | None:
    """Who held the place with this GeoNames id on ``day``, or None if the record does not say."""
    return period_at(timeline(store, int(geonameid)), day)


def controller_near(store: Any, lat: float, lon: float, day: date, km: float = 5.0) -> ControlPeriod | None:
    """Who held the known place nearest to (lat, lon), within ``km``, on ``day``."""
    found = control_index(store).nearest(lat, lon, km)
    return period_at(found[1], day) if found else None


def control_map(store: Any, day: date, country: str | None = None) -> list[ControlPeriod]:
    """Every known place with its controller on ``day`` (places the record says nothing about for
    that day are left out)."""
    out = []
    cc = country.upper() if country else None
    for place, periods in control_index(store).timelines.values():
        if cc and (place.country or "").upper() != cc:
            continue
        held = period_at(periods, day)
        if held is not None:
            out.append(held)
    out.sort(key=lambda p: (p.place.name or "", p.place.geonameid or 0))
    return out
