"""Extra places from the user's own files (setting ``gazetteer_extra``): villages, neighbourhoods
and sites that the GeoNames cities500 data installed at set-up does not hold.

Three layouts are read, told apart by their header row (comma- or tab-separated, ``#`` comment
lines skipped):

* a places file: ``name, lat, lon`` and optionally ``country`` (ISO alpha-2 or a country name),
  ``alternate_names`` (``|``-separated), ``admin1``, ``population``, ``geonameid``
  (``latitude``/``longitude`` are accepted for ``lat``/``lon``);
* a UCDP GED export: ``where_coordinates`` ("Kafr Nabudah village", "Harasta town",
  "Rayhaniyah/Tuwainiyah village") with ``latitude``, ``longitude`` and ``country``; only rows
  whose ``where_prec`` is 1 or 2 name a place (the coordinates are then that place's), and the
  trailing feature word ("village", "town") is not part of the name;
* an ACLED export: ``location`` with ``latitude``, ``longitude``, ``country``; rows whose
  ``geo_precision`` is 1.

Each distinct place (the same name within ``SAME_PLACE_KM``) becomes one gazetteer row of feature
``city`` with no GeoNames id (its :class:`~frontlines.model.Place` then has ``geonameid`` None
and is known by its coordinates). A place that is already in the gazetteer under the same name
nearby only adds its spellings to that entry. Its admin1 is that of the nearest GeoNames place of
the same country. Nothing is guessed: a row without coordinates is skipped.

The files are read at every gazetteer load (a UCDP GED export of 16,566 rows takes well under a
second), so a changed or added file is always in force; the cached GeoNames tables are not
changed on disk.
"""
from __future__ import annotations

import csv
import io
import logging
import math
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..errors import GazetteerError
from .names import norm_key, skeleton_key, translit_key

log = logging.getLogger(__name__)

#: Two spellings of one name within this distance are one place.
SAME_PLACE_KM = 5.0
#: Feature words after a UCDP place name ("X village", "X town"): not part of the name.
FEATURE_WORDS = frozenset({"village", "villages", "town", "city", "suburb", "neighbourhood", "neighborhood",
                           "area", "hamlet", "quarter", "district", "locality"})
#: A name ending in one of these is an administrative area, not a place: skipped.
ADMIN_WORDS = frozenset({"governorate", "province", "subdistrict", "nahiya", "muhafazah"})
_PAREN = re.compile(r"\(([^)]*)\)")


@dataclass(frozen=True)
class ExtraPlace:
    name: str
    lat: float
    lon: float
    country: str  # ISO alpha-2 or a country name ("" = unknown)
    alternates: tuple[str, ...] = ()
    admin1: str = ""
    population: int = 0
    geonameid: int | None = None


def extra_paths(value: Any) -> list[Path]:
    """The files of the ``gazetteer_extra`` setting: a list, or one string of paths separated by
    the platform's path separator (``:`` on Linux and macOS)."""
    if not value:
        return []
    items = value if isinstance(value, (list, tuple)) else str(value).split(os.pathsep)
    return [Path(os.path.expanduser(str(p).strip())) for p in items if str(p).strip()]


def ucdp_names(where: str) -> list[str]:
    """Place names in a UCDP ``where_coordinates`` value, the main one first:
    "Rayhaniyah/Tuwainiyah village" -> ["Rayhaniyah", "Tuwainiyah"];
    "Al Sokkareyah (Kasr Ada) village" -> ["Al Sokkareyah", "Kasr Ada"]."""
    text = _PAREN.sub(lambda m: "/" + m.group(1) + "/", where)
    out = []
    for part in text.split("/"):
        words = part.strip().strip(",;").split()
        while len(words) > 1 and words[-1].lower() in FEATURE_WORDS:
            words.pop()
        if not words or words[-1].lower() in ADMIN_WORDS or words[0].lower() in FEATURE_WORDS:
            continue
        name = " ".join(words)
        if len(norm_key(name)) >= 3 and any(ch.isalpha() for ch in name):
            out.append(name)
    return list(dict.fromkeys(out))


def _number(value: str | None) -> float | None:
    try:
        x = float(value) if value not in (None, "") else None
    except ValueError:
        return None
    return None if x is None or math.isnan(x) else x


def _precision(value: str | None) -> int | None:
    x = _number(value)
    return None if x is None else int(x)


def _rows(path: Path) -> tuple[list[str], Iterable[dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise GazetteerError("no such file", doc=str(path),
                             fix="correct the gazetteer_extra setting (a list of CSV/TSV files)") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"cannot read places file: {exc}", doc=str(path), fix="save it as UTF-8 CSV or TSV") from exc
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        return [], []
    delimiter = "\t" if "\t" in lines[0] or path.suffix.lower() in (".tsv", ".tab") else ","
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    return header, reader


def read_places(path: Path) -> list[ExtraPlace]:
    """The places of one file, in any of the three layouts of the module doc."""
    header, rows = _rows(path)
    cols = set(header)
    lat_col = "lat" if "lat" in cols else "latitude"
    lon_col = "lon" if "lon" in cols else "longitude"
    if lat_col not in cols or lon_col not in cols:
        raise GazetteerError("no latitude/longitude columns", doc=str(path),
                             fix="a places file needs the columns name, lat, lon (or a UCDP GED / ACLED export)")
    if "where_coordinates" in cols:
        kind = "ucdp"
    elif "location" in cols and "geo_precision" in cols:
        kind = "acled"
    elif "name" in cols:
        kind = "places"
    else:
        raise GazetteerError("unknown layout", doc=str(path),
                             fix="give columns name, lat, lon[, country, alternate_names, admin1, population, geonameid]")
    out: list[ExtraPlace] = []
    skipped = 0
    parsed: dict[str, list[str]] = {}
    seen: set[tuple] = set()
    try:
        for rec in rows:
            lat, lon = _number(rec.get(lat_col)), _number(rec.get(lon_col))
            if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                skipped += 1
                continue
            country = (rec.get("country") or "").strip()
            if kind == "ucdp":
                if _precision(rec.get("where_prec")) not in (1, 2):
                    continue
                where = rec.get("where_coordinates") or ""
                names = parsed.get(where)
                if names is None:
                    names = parsed[where] = ucdp_names(where)
            elif kind == "acled":
                if _precision(rec.get("geo_precision")) != 1:
                    continue
                names = [n for n in [(rec.get("location") or "").strip()] if n]
            else:
                alts = [a.strip() for a in (rec.get("alternate_names") or "").split("|") if a.strip()]
                names = [n for n in [(rec.get("name") or "").strip(), *alts] if n]
            if not names:
                skipped += kind == "places"
                continue
            if kind != "places":  # an export has one row per event: keep each place once
                marker = (country, round(lat, 4), round(lon, 4), *names)
                if marker in seen:
                    continue
                seen.add(marker)
            gid = _precision(rec.get("geonameid")) if kind == "places" else None
            pop = _precision(rec.get("population")) if kind == "places" else None
            out.append(ExtraPlace(names[0], lat, lon, country, tuple(names[1:]),
                                  (rec.get("admin1") or "").strip() if kind == "places" else "",
                                  max(0, pop or 0), gid if gid and gid > 0 else None))
    except csv.Error as exc:
        raise GazetteerError(f"cannot read places file: {exc}", doc=str(path), fix="save it as UTF-8 CSV or TSV") from exc
    if skipped:
        log.warning("%s: %d rows without a name or valid coordinates skipped", path, skipped)
    return out


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class _Grid:
    """Rows of the gazetteer by 0.1-degree cell, for "what is near this point"."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)

    def add(self, i: int, lat: float, lon: float) -> None:
        self.cells[(int(math.floor(lat * 10)), int(math.floor(lon * 10)))].append(i)

    def near(self, lat: float, lon: float, reach: int = 1) -> Iterable[int]:
        la, lo = int(math.floor(lat * 10)), int(math.floor(lon * 10))
        for dy in range(-reach, reach + 1):
            for dx in range(-reach, reach + 1):
                yield from self.cells.get((la + dy, lo + dx), ())


def _country_code(value: str, data: Any, cache: dict[str, str]) -> str:
    if value in cache:
        return cache[value]
    code = ""
    if len(value) == 2 and value.upper() in data.countries:
        code = value.upper()
    elif value:
        for i in data.names.get(norm_key(value), ()):
            if data.rows[i][7] == "country":
                code = data.rows[i][4]
                break
        if not code:
            log.warning("gazetteer_extra: unknown country %r; its places are kept without a country", value)
    cache[value] = code
    return code


def add_places(data: Any, places: Iterable[ExtraPlace]) -> int:
    """Add ``places`` to :class:`~frontlines.geo.gazetteer_build.GazetteerData` in place (rows and
    name indexes); returns the number of new rows. Extra rows get negative ids (-1, -2, ...):
    they are no GeoNames ids, and :meth:`Gazetteer.to_place` leaves such a place's id empty."""
    places = list(places)
    if not places:
        return 0
    codes: dict[str, str] = {}
    resolved = [(p, _country_code(p.country, data, codes)) for p in places]
    wanted = {cc for _, cc in resolved}
    grid, cities = _Grid(), _Grid()
    for i, r in enumerate(data.rows):
        if r[7] == "city" and r[4] in wanted:
            grid.add(i, r[2], r[3])
            cities.add(i, r[2], r[3])
    names, skels = dict(data.names), dict(data.skeletons)
    next_id = min((r[0] for r in data.rows if r[0] < 0), default=0) - 1
    added = 0
    row_keys: dict[int, set[str]] = {}  # row -> translit keys of its names, on first use
    seen: set[tuple] = set()
    for p, cc in resolved:
        spellings = list(dict.fromkeys(n for n in (p.name, *p.alternates) if n))
        marker = (cc, round(p.lat, 2), round(p.lon, 2), *spellings)
        if marker in seen:  # the same place again (one row per event in UCDP and ACLED exports)
            continue
        seen.add(marker)
        tkeys = {translit_key(n) for n in spellings}
        same = None
        for i in grid.near(p.lat, p.lon):
            r = data.rows[i]
            if r[4] != cc or _km(r[2], r[3], p.lat, p.lon) > SAME_PLACE_KM:
                continue
            keys = row_keys.get(i)
            if keys is None:
                keys = row_keys[i] = {translit_key(n) for n in (r[1], *(r[8].split("|") if r[8] else ()))}
            if tkeys & keys:
                same = i
                break
        if same is None:
            admin1 = p.admin1 or _nearest_admin1(data, cities, p.lat, p.lon, cc)
            gid = p.geonameid if p.geonameid is not None else next_id
            if p.geonameid is None:
                next_id -= 1
            data.rows.append((gid, spellings[0], p.lat, p.lon, cc, admin1, p.population, "city",
                              "|".join(spellings[1:])))
            same = len(data.rows) - 1
            grid.add(same, p.lat, p.lon)
            row_keys[same] = tkeys
            added += 1
        else:
            r = data.rows[same]
            known = {norm_key(n) for n in (r[1], *(r[8].split("|") if r[8] else ()))}
            new = [n for n in spellings if norm_key(n) not in known]
            if new:
                data.rows[same] = (*r[:8], "|".join([*(r[8].split("|") if r[8] else []), *new]))
                row_keys.pop(same, None)
        for n in spellings:
            _index(names, skels, n, same)
    data.names, data.skeletons = names, skels
    return added


def _index(names: dict, skels: dict, name: str, i: int) -> None:
    key = norm_key(name)
    if len(key) < 2:
        return
    if i not in names.get(key, ()):
        names[key] = names.get(key, ()) + (i,)
    if key.isascii():
        skel = skeleton_key(name)
        if len(skel) >= 3 and i not in skels.get(skel, ()) and len(skels.get(skel, ())) < 200:
            skels[skel] = skels.get(skel, ()) + (i,)


def _nearest_admin1(data: Any, cities: _Grid, lat: float, lon: float, cc: str) -> str:
    for reach in (1, 3, 10):
        best = min(((_km(data.rows[i][2], data.rows[i][3], lat, lon), i) for i in cities.near(lat, lon, reach)
                    if data.rows[i][4] == cc and data.rows[i][5] and data.rows[i][0] > 0), default=None)
        if best is not None:
            return data.rows[best[1]][5]
    return ""


def load_extra(data: Any, value: Any) -> int:
    """Read every file of the ``gazetteer_extra`` setting into ``data``; the number of new rows."""
    added = 0
    for path in extra_paths(value):
        places = read_places(path)
        n = add_places(data, places)
        if hasattr(data, "sources"):
            data.sources.append({"source": str(path), "kind": "gazetteer_extra", "places": len(places), "new": n,
                                 "merged": len(places) - n})
        log.info("gazetteer_extra %s: %d places read, %d new", path, len(places), n)
        added += n
    return added
