"""Control timelines: who held a place, from when to when, on what evidence, and how sure.

Built from every ``control_change`` and ``control_claim`` event in the store (articles, ACLED,
UCDP, the curated reference record alike) and the ids of the stored articles ``check`` found
doubtful; each place's periods, with their status (confirmed / reported / disputed) and the
competing claims beside them, come from :func:`frontlines.timeline.build_timeline` (the rules are
in that module and in :mod:`frontlines.trust`).

Places are identified by GeoNames id where present, else by coordinates rounded to 3 decimals;
a place without a GeoNames id within ``options.merge_km`` km of one with an id joins it (ACLED rows
carry coordinates only). The timelines of all places are built in one pass and cached on the store
until its next write.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .geo.distance import haversine_km
from .model import ControlPeriod, Event, Place, SourceRef
from .timeline import build_timeline, holder_key, period_at
from .trust import outlet_of, unreliable_outlets

log = logging.getLogger(__name__)

__all__ = ["ControlIndex", "build_index", "build_timeline", "control_index", "control_map", "controller_at",
           "controller_near", "holder_key", "period_at", "timeline", "timeline_for"]


def _key(place: Place) -> tuple | None:
    if place.geonameid is not None:
        return ("g", int(place.geonameid))
    if place.lat is not None and place.lon is not None:
        return ("c", round(place.lat, 3), round(place.lon, 3))
    return None


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


def build_index(events: list[Event], km: float, doubtful: Iterable[str] = ()) -> ControlIndex:
    """Every place's timeline from these control events; ``doubtful``: ids of doubtful articles."""
    bad = frozenset(doubtful)
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
    timelines = {k: (rep[k], build_timeline(rep[k], evs, bad)) for k, evs in by_key.items()}
    return ControlIndex({k: v for k, v in timelines.items() if v[1]}, aliases)


def control_index(store: Any) -> ControlIndex:
    """The index of every place's timeline, cached on the store until its next write."""
    km = getattr(getattr(store, "options", None), "merge_km", 5.0)

    def build() -> ControlIndex:
        events = store.control_events()
        return build_index(events, km, _doubtful(store, events))

    return store.cached("control.index", build)


def _doubtful(store: Any, events: Iterable[Event]) -> set[str]:
    """The ids of the articles behind ``events`` that ``check`` found doubtful (stored findings),
    and those of outlets whose record makes them unreliable (:func:`frontlines.trust.unreliable_outlets`)."""
    refs = {s.ref_id: s for e in events for s in e.sources if s.origin == "article"}
    if not refs:
        return set()
    doubtful, outlets = store.cached("trust.record", lambda: _record(store))
    return {ref for ref, s in refs.items() if ref in doubtful or outlet_of(s) in outlets}


def _record(store: Any) -> tuple[frozenset[str], frozenset[str]]:
    """Every doubtful article of the store, and the unreliable outlets: one read per store revision."""
    opts = getattr(store, "options", None)
    rows = store.article_sources()
    doubtful = frozenset(store.doubtful_articles([aid for aid, _, _ in rows]) if rows else ())
    pairs = ((outlet_of(SourceRef(origin="article", ref_id=aid, source=source, url=url)), aid in doubtful)
             for aid, source, url in rows)
    return doubtful, unreliable_outlets(pairs, int(getattr(opts, "unreliable_min_articles", 3)),
                                        float(getattr(opts, "unreliable_share", 0.5)))


def _local_index(store: Any, place: Place | int) -> ControlIndex:
    """An index over the events around one place only (enough to decide which nearby
    coordinate-only places join it): cheaper than the full index for a single look-up."""
    km = getattr(getattr(store, "options", None), "merge_km", 5.0)
    events = {e.id: e for e in store.control_events(geonameid=place)} if isinstance(place, int) else {}
    anchor = place if isinstance(place, Place) else next((e.place for e in events.values() if e.place), None)
    if anchor is not None and anchor.lat is not None and anchor.lon is not None:
        events.update((e.id, e) for e in store.control_events(near=(anchor.lat, anchor.lon, 2 * km)))
    found = sorted(events.values(), key=lambda e: (e.date.start if e.date else date.max, e.id))
    return build_index(found, km, _doubtful(store, found))


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
