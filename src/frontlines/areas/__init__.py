"""Areas of control at a date: who holds the land between the places, and where the front runs.

Method (docs/areas.md): take every place whose controller the record gives for the date
(:func:`frontlines.control.control_map`), give each its Voronoi cell (the land nearer to it than to
any other such place), cut the cell to ``max_km`` around the place and to the country's outline,
and merge the cells by holder and status (``confirmed``, ``reported``, ``disputed``; a period
without a status is ``confirmed``). The front line is the set of borders between areas of
different holders. Land farther than ``max_km`` from every known place stays unassigned.

Results are cached on the store per (date, country, outline file, distance) until the store's
next write (its record version), and the parsed outlines likewise.
"""
from __future__ import annotations

import logging
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import shapely

from ..control import control_map
from ..errors import ConfigError, NotFound
from ..model import Actor, Area, AreaMap, ControlPeriod
from .build import Projection, build_cells
from .geojson import area_collection
from .outline import find_outline, read_outlines

log = logging.getLogger(__name__)

STATUSES = ("confirmed", "reported", "disputed")
CACHE_ENTRIES = 256  # area maps kept per record version (a slider played over a few years)

__all__ = ["STATUSES", "area_collection", "area_map", "holder_key", "status_of"]


def status_of(period: ControlPeriod) -> str:
    """The period's status where the record gives one, else ``confirmed``."""
    status = getattr(period, "status", None)
    return status if status in STATUSES else "confirmed"


def holder_key(actor: Actor) -> str:
    """Who holds, as a key: the faction, or the side when the faction is unknown."""
    if actor.faction and actor.faction.lower() not in ("unknown", "unidentified"):
        return actor.faction
    return "government" if actor.government else "non-government"


def _outline(store: Any, path: Path, cc: str) -> Any:
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    cache = store.cached("areas.outlines", dict)
    key = (str(path), stamp)
    if key not in cache:
        cache.clear()
        cache[key] = {"features": read_outlines(path)}
    found = cache[key]
    if cc not in found:
        found[cc] = find_outline(found["features"], cc, str(path))
    return found[cc]


def _country_areas(periods: list[ControlPeriod], cc: str, outline: Any, max_km: float,
                   ) -> tuple[list[Area], list[Any], float, float, float]:
    periods = sorted(periods, key=lambda p: (-p.confidence, -(p.place.population or 0), p.place.name or ""))
    groups: dict[tuple[str, str], int] = {}
    holders: dict[str, int] = {}
    group_of, holder_of = [], []
    for p in periods:
        h = holder_key(p.controller)
        group_of.append(groups.setdefault((h, status_of(p)), len(groups)))
        holder_of.append(holders.setdefault(h, len(holders)))
    cells = build_cells([(p.place.lon, p.place.lat) for p in periods], group_of, holder_of, outline, max_km)
    keys = {g: k for k, g in groups.items()}
    areas = []
    for g, geom, km2, members in cells.groups:
        held = [periods[i] for i in members]
        names = Counter(p.controller.name for p in held if p.controller.name)
        first = held[0].controller
        sides = {p.controller.government for p in held}
        controller = Actor(text=first.text, name=names.most_common(1)[0][0] if names else keys[g][0],
                           faction=first.faction, country=first.country,
                           government=True if True in sides else (False if sides == {False} else None))
        places = tuple(sorted((p.place for p in held), key=lambda pl: (-(pl.population or 0), pl.name or "")))
        areas.append(Area(controller=controller, status=keys[g][1], country=cc, places=places,
                          geometry=shapely.geometry.mapping(geom), km2=km2))
    fronts = [cells.front] if cells.front is not None else []
    return areas, fronts, cells.front_km, cells.assigned_km2, cells.land_km2


def build_area_map(periods: list[ControlPeriod], day: date, country: str | None, outlines: Any,
                   max_km: float) -> AreaMap:
    """Areas from control periods (one per place, as :func:`control_map` gives them);
    ``outlines(cc)`` returns the shapely outline of a country (lon/lat)."""
    by_country: dict[str, list[ControlPeriod]] = {}
    for p in periods:
        if p.place.lat is None or p.place.lon is None or not p.place.country:
            continue
        by_country.setdefault(p.place.country.upper(), []).append(p)
    if country:
        by_country = {country.upper(): by_country.get(country.upper(), [])}
    areas: list[Area] = []
    fronts: list[Any] = []
    front_km = assigned = land = 0.0
    for cc in sorted(by_country):
        try:
            outline = outlines(cc)
        except NotFound:
            if country:
                raise
            log.warning("areas: no outline of country %s: its %d place(s) are left out", cc, len(by_country[cc]))
            continue
        if not by_country[cc]:
            land += float(shapely.transform(outline, Projection.around(outline).forward).area)
            continue
        a, f, fk, ak, lk = _country_areas(by_country[cc], cc, outline, max_km)
        areas += a
        fronts += f
        front_km += fk
        assigned += ak
        land += lk
    front = None
    if fronts:
        merged = shapely.union_all(fronts) if len(fronts) > 1 else fronts[0]
        front = shapely.geometry.mapping(merged)
    return AreaMap(at=day, country=country.upper() if country else None, areas=tuple(areas), front=front,
                   front_km=round(front_km, 1), assigned_km2=round(assigned, 1), land_km2=round(land, 1),
                   max_km=max_km)


def area_map(store: Any, day: date, *, country: str | None, outline: Path, max_km: float) -> AreaMap:
    """The areas of control at ``day`` (in ``country``, ISO alpha-2, or in every country with
    known places), cached on the store until its next write."""
    if max_km < 0:
        raise ConfigError(f"areas_max_km must not be negative, got {max_km}", fix="set areas_max_km to e.g. 25")
    cc = country.upper() if country else None
    cache = store.cached("areas.maps", dict)
    key = (day, cc, str(outline), float(max_km))
    hit = cache.get(key)
    if hit is not None:
        return hit
    periods = control_map(store, day, country=cc)
    result = build_area_map(periods, day, cc, lambda c: _outline(store, Path(outline), c), max_km)
    if len(cache) >= CACHE_ENTRIES:
        cache.pop(next(iter(cache)))
    cache[key] = result
    log.debug("areas at %s (%s): %d areas from %d places", day, cc or "all", len(result.areas), len(periods))
    return result
