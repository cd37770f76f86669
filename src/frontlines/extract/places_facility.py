"""Named facilities, streets and sites (``lexicons/place_facility_words.tsv``): where a facility
mention whose name holds no place goes, once the article's other mentions are resolved."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from ..geo.names import norm_key
from ..model import Place
from .doc import PlaceMention

#: The smallest city that can be an article's main city, where its unplaced facilities go.
MAIN_CITY_POPULATION = 20_000


def _main_city(mentions: list[PlaceMention], skip: set[int]) -> Place | None:
    """The city the article's resolved mentions name most often by its own name (the first of
    them on a tie), among cities of ``MAIN_CITY_POPULATION`` or more: smaller namesakes are too
    often a person's name read as a town ("Justin", "Bassett"). Mentions starting at ``skip``
    (inside a person's name: "Elizabeth Smith") do not count."""
    counts: Counter = Counter()
    first: dict[tuple, Place] = {}
    for m in mentions:
        p = m.place
        if p is not None and m.start not in skip and p.feature == "city" and p.precision == 1 and p.population >= MAIN_CITY_POPULATION \
                and norm_key(m.text) == norm_key(p.name):
            key = (p.geonameid, p.name, p.lat, p.lon)
            counts[key] += 1
            first.setdefault(key, p)
    if not counts:
        return None
    top = max(counts.values())
    return next(p for key, p in first.items() if counts[key] == top)


def place_facilities(spans: list[Any], mentions: list[PlaceMention], skip: set[int] = frozenset()) -> list[PlaceMention]:
    """Facility mentions (spans of kind ``facility``, whose names hold no place: "Royal Street",
    "Holy Redeemer Church") at the article's main city with precision 2 (at a site in or near
    it); unresolved when the article names no such city."""
    main = _main_city(mentions, skip)
    out = []
    for sp in spans:
        place = replace(main, text=sp.text, precision=2) if main is not None else None
        out.append(PlaceMention(sp.start, sp.end, sp.text, place, 0.5 if place is not None else 0.0))
    return out
