"""GeoNames dump-layout files as a gazetteer source: a country file (``SY.txt``, or the ``SY.zip``
GeoNames serves), ``cities500.txt``/``cities1000.zip``, ``allCountries.txt``; plain, zipped, or
compressed with xz or gzip (the bundled ``data/SY.txt.xz``).

The layout is GeoNames' ``geoname`` table: 19 tab-separated columns, no header (geonameid, name,
asciiname, alternatenames, latitude, longitude, feature class, feature code, country code, cc2,
admin1 code, admin2 code, admin3, admin4, population, elevation, dem, timezone, modification date).
Only populated places (feature class ``P``) are read: a country file also holds wadis, hills and
farms, whose names are mostly words or duplicates of villages.

:func:`merge_places` adds the records to :class:`~frontlines.geo.gazetteer_build.GazetteerData`:
a record whose geonameid is already a city there only unites its alternate names with that row
(the row keeps its name, point and population); any other record becomes a new ``city`` row,
with the admin1 name of its admin1 code (``data.admin1_codes``) or, when the code is unknown
("00"), of the nearest place of its country. Nothing here writes to disk.
"""
from __future__ import annotations

import gzip
import io
import logging
import lzma
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterator

from ..errors import GazetteerError
from .names import ascii_form, is_latin_or_arabic, norm_key

log = logging.getLogger(__name__)

COLUMNS = 19
#: GeoNames' feature class of populated places (cities, towns, villages, sections of cities).
POPULATED = "P"


@dataclass(frozen=True)
class GeoNamesRecord:
    """One populated place of a GeoNames dump file."""

    geonameid: int
    name: str  # GeoNames' ASCII name (the gazetteer's display name)
    alternates: tuple[str, ...]  # the UTF-8 name and the alternate names (Latin and Arabic script)
    lat: float
    lon: float
    country: str
    admin1_code: str
    population: int
    feature_code: str


def _open_text(path: Path) -> Iterator[tuple[str, IO[str]]]:
    """(member name, text stream) of each data file in ``path`` (a zip may hold several)."""
    suffix = path.name.lower()
    try:
        if suffix.endswith(".zip"):
            with zipfile.ZipFile(path) as zf:
                members = [m for m in zf.namelist() if m.lower().endswith(".txt")
                           and not Path(m).name.lower().startswith(("readme", "license"))]
                if not members:
                    raise GazetteerError("the zip holds no GeoNames .txt file", doc=str(path),
                                         fix="give a GeoNames country zip (XX.zip) or cities*.zip")
                for m in members:
                    with zf.open(m) as raw:
                        yield f"{path.name}:{m}", io.TextIOWrapper(raw, encoding="utf-8")
        elif suffix.endswith(".xz"):
            with lzma.open(path, "rt", encoding="utf-8") as fh:
                yield path.name, fh
        elif suffix.endswith(".gz"):
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                yield path.name, fh
        else:
            with open(path, encoding="utf-8") as fh:
                yield path.name, fh
    except FileNotFoundError as exc:
        raise GazetteerError("no such file", doc=str(path), fix="check the path") from exc
    except (zipfile.BadZipFile, lzma.LZMAError, gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise GazetteerError(f"damaged or truncated archive: {exc}", doc=str(path),
                             fix="download the file again") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"cannot read GeoNames file: {exc}", doc=str(path),
                             fix="give a GeoNames dump file (UTF-8, 19 tab-separated columns)") from exc


def looks_like_geonames(path: Path) -> bool:
    """Whether ``path`` is (by its name or first line) a GeoNames dump-layout file."""
    if path.suffix.lower() in (".zip", ".xz", ".gz"):
        return True
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            first = fh.readline()
    except OSError:
        return False
    cols = first.rstrip("\n").split("\t")
    return len(cols) == COLUMNS and cols[0].isdigit()


def _alternates(name: str, ascii_name: str, alternatenames: str) -> tuple[str, ...]:
    out = []
    for alt in (name, *alternatenames.split(",")):
        alt = alt.strip()
        if not alt or alt == ascii_name or "://" in alt or any(ch.isdigit() for ch in alt) \
                or not is_latin_or_arabic(alt):
            continue
        out.append(alt)
    return tuple(dict.fromkeys(out))


def read_geonames(path: str | Path, feature_class: str = POPULATED) -> list[GeoNamesRecord]:
    """The records of feature class ``feature_class`` in a GeoNames dump file (see module doc).
    A line without the 19 columns, or with a malformed id or point, raises :class:`GazetteerError`
    naming the line: a truncated file is refused as a whole, never half read."""
    path = Path(path)
    out: list[GeoNamesRecord] = []
    lines = 0
    for member, fh in _open_text(path):
        try:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                lines += 1
                c = line.rstrip("\r\n").split("\t")
                if len(c) != COLUMNS:
                    raise GazetteerError(f"line {n} has {len(c)} columns, not {COLUMNS}", doc=member,
                                         fix="give a GeoNames dump file (the geoname table layout); "
                                             "a truncated download must be fetched again")
                if c[6] != feature_class:
                    continue
                try:
                    gid, lat, lon = int(c[0]), float(c[4]), float(c[5])
                    pop = int(c[14] or 0)
                except ValueError as exc:
                    raise GazetteerError(f"line {n}: {exc}", doc=member,
                                         fix="give a GeoNames dump file (the geoname table layout)") from exc
                ascii_name = c[2].strip() or ascii_form(c[1].strip())
                if not ascii_name:
                    continue
                out.append(GeoNamesRecord(gid, ascii_name, _alternates(c[1], ascii_name, c[3]), lat, lon,
                                          c[8].upper(), c[10], max(pop, 0), c[7]))
        except (zipfile.BadZipFile, lzma.LZMAError, EOFError, zlib.error) as exc:
            raise GazetteerError(f"damaged or truncated archive: {exc}", doc=member,
                                 fix="download the file again") from exc
        except UnicodeDecodeError as exc:
            raise GazetteerError(f"not UTF-8: {exc}", doc=member, fix="give GeoNames' UTF-8 dump file") from exc
        except OSError as exc:  # zlib errors of a damaged zip member are OSError subclasses or zlib.error
            raise GazetteerError(f"cannot read GeoNames file: {exc}", doc=member,
                                 fix="download the file again") from exc
    if not lines:
        raise GazetteerError("empty GeoNames file", doc=str(path), fix="give a GeoNames dump file")
    return out


def merge_places(data: Any, records: list[GeoNamesRecord]) -> tuple[int, int]:
    """Add ``records`` to ``data`` (see module doc); (new rows, rows merged by geonameid). The
    name indexes are not updated: call ``data.index()`` after the last source."""
    rows = data.rows
    by_id = {r[0]: i for i, r in enumerate(rows) if r[7] == "city" and r[0] > 0}
    codes = getattr(data, "admin1_codes", {}) or {}
    new = merged = 0
    unknown: list[int] = []
    for rec in records:
        i = by_id.get(rec.geonameid)
        if i is not None:
            r = rows[i]
            old = r[8].split("|") if r[8] else []
            known = {norm_key(n) for n in (r[1], *old)}
            add = [a for a in (rec.name, *rec.alternates) if norm_key(a) not in known]
            if add:
                rows[i] = (*r[:8], "|".join([*old, *dict.fromkeys(add)]))
            merged += 1
            continue
        admin1 = codes.get((rec.country, rec.admin1_code), "")
        rows.append((rec.geonameid, rec.name, rec.lat, rec.lon, rec.country, admin1, rec.population, "city",
                     "|".join(rec.alternates)))
        by_id[rec.geonameid] = len(rows) - 1
        if not admin1:
            unknown.append(len(rows) - 1)
        new += 1
    if unknown:
        _nearest_admin1(data, unknown)
    return new, merged


def _nearest_admin1(data: Any, targets: list[int]) -> None:
    """Give the rows ``targets`` the admin1 name of the nearest city of their country that has one."""
    from .gazetteer_extra import _Grid, _km

    wanted = {data.rows[i][4] for i in targets}
    grid = _Grid()
    for i, r in enumerate(data.rows):
        if r[7] == "city" and r[4] in wanted and r[5]:
            grid.add(i, r[2], r[3])
    for t in targets:
        r = data.rows[t]
        for reach in (1, 3, 10):
            best = min(((_km(data.rows[i][2], data.rows[i][3], r[2], r[3]), i) for i in grid.near(r[2], r[3], reach)
                        if data.rows[i][4] == r[4]), default=None)
            if best is not None:
                data.rows[t] = (*r[:5], data.rows[best[1]][5], *r[6:])
                break
