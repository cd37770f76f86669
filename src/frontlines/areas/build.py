"""The geometry of areas of control: Voronoi cells of the places of known controller, cut to a
distance limit around each place and to the country's outline, merged by holder.

All the work is done in a local equirectangular projection in kilometres centred on the country
(x = east, y = north; at Syria's size the error of lengths is under 1 %), on a 10 m grid so that
the borders of neighbouring cells meet exactly; results go back to longitude/latitude.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely

KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320
GRID_KM = 0.01  # 10 m: the grid every overlay snaps to
DISC_SEGMENTS = 8  # segments per quarter circle of the distance limit around a place
OUT_DECIMALS = 5  # ~1 m in lon/lat output


@dataclass(frozen=True)
class Projection:
    """Longitude/latitude <-> km east/north of (lon0, lat0)."""

    lon0: float
    lat0: float

    @property
    def kx(self) -> float:
        return KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(self.lat0))

    def forward(self, coords: np.ndarray) -> np.ndarray:
        return np.column_stack(((coords[:, 0] - self.lon0) * self.kx, (coords[:, 1] - self.lat0) * KM_PER_DEG_LAT))

    def inverse(self, coords: np.ndarray) -> np.ndarray:
        out = np.column_stack((coords[:, 0] / self.kx + self.lon0, coords[:, 1] / KM_PER_DEG_LAT + self.lat0))
        return np.round(out, OUT_DECIMALS)

    @classmethod
    def around(cls, geom: shapely.Geometry) -> Projection:
        c = geom.centroid
        return cls(float(c.x), float(c.y))


@dataclass(frozen=True)
class Cells:
    """The areas of one country: per group (an index into the caller's group keys) its merged
    geometry in lon/lat, its area in km2, and the members (indices of the input seeds)."""

    groups: list[tuple[int, shapely.Geometry, float, list[int]]]
    front: shapely.Geometry | None
    front_km: float
    assigned_km2: float
    land_km2: float


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Only the polygons of an overlay result (drops stray lines and points)."""
    if geom is None or geom.is_empty:
        return shapely.MultiPolygon()
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.MultiPolygon()


def _lines(geom: shapely.Geometry) -> shapely.Geometry | None:
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("LineString", "MultiLineString")] \
        if geom is not None and not geom.is_empty else []
    if not parts:
        return None
    return shapely.line_merge(shapely.union_all(parts))


def seed_cells(points: np.ndarray, land: shapely.Geometry, max_km: float) -> np.ndarray:
    """One cell per seed (points in km, unique): its Voronoi cell, cut to ``max_km`` around it and
    to ``land``. Cells may be empty (a seed far outside the outline)."""
    n = len(points)
    seeds = shapely.points(points)
    if n == 1:
        cells = np.array([shapely.box(*land.bounds).buffer(max_km)], dtype=object)
    else:
        envelope = shapely.box(*shapely.MultiPoint(points).union(land).bounds).buffer(max_km + 1)
        cells = shapely.get_parts(shapely.voronoi_polygons(shapely.MultiPoint(points), extend_to=envelope,
                                                           ordered=True))
    if max_km > 0:
        cells = shapely.intersection(cells, shapely.buffer(seeds, max_km, quad_segs=DISC_SEGMENTS),
                                     grid_size=GRID_KM)
    shapely.prepare(land)
    inside = shapely.contains_properly(land, cells)
    cut = ~inside
    if cut.any():
        cells[cut] = shapely.intersection(cells[cut], land, grid_size=GRID_KM)
    return cells


def build_cells(lonlat: Sequence[tuple[float, float]], group_of: Sequence[int], holder_of: Sequence[int],
                outline: shapely.Geometry, max_km: float) -> Cells:
    """Areas from seeds (lon, lat) with a group index (holder and status) and a holder index each.

    Seeds at the same spot (within the 10 m grid) share the cell of the first one listed (callers
    list the most confident first). The front line is the set of borders between the merged areas
    of different holders (whatever their status)."""
    proj = Projection.around(outline)
    land = shapely.transform(outline, proj.forward)
    land = shapely.set_precision(shapely.make_valid(land), GRID_KM)
    land_km2 = float(land.area)
    xy = proj.forward(np.asarray(lonlat, dtype=float).reshape(-1, 2))
    keyed = np.round(xy / GRID_KM).astype(np.int64)
    _, first = np.unique(keyed, axis=0, return_index=True)
    first = np.sort(first)
    if len(first) == 0:
        return Cells([], None, 0.0, 0.0, land_km2)
    cells = seed_cells(xy[first], land, max_km)
    owner = {tuple(keyed[i]): i for i in first}
    members: dict[int, list[int]] = {}
    for i in range(len(xy)):
        g = group_of[owner[tuple(keyed[i])]]
        if group_of[i] == g:  # a seed under another's, with another holder or status, is not drawn
            members.setdefault(g, []).append(i)
    seed_group = np.asarray([group_of[i] for i in first])
    seed_holder = np.asarray([holder_of[i] for i in first])
    groups = []
    assigned = 0.0
    for g in sorted(members):
        geom = _polygonal(shapely.union_all(cells[seed_group == g], grid_size=GRID_KM))
        if geom.is_empty:
            continue
        area = float(geom.area)
        assigned += area
        groups.append((g, shapely.transform(geom, proj.inverse), round(area, 1), members[g]))
    front, front_km = _front(cells, seed_holder)
    if front is not None:
        front = shapely.transform(front, proj.inverse)
    return Cells(groups, front, round(front_km, 1), round(assigned, 1), round(land_km2, 1))


def _front(cells: np.ndarray, seed_holder: np.ndarray) -> tuple[shapely.Geometry | None, float]:
    """Borders between the merged land of different holders, in km coordinates, and their length."""
    holders = sorted(set(seed_holder.tolist()))
    if len(holders) < 2:
        return None, 0.0
    merged = [shapely.union_all(cells[seed_holder == h], grid_size=GRID_KM) for h in holders]
    bounds = [shapely.boundary(_polygonal(m)) for m in merged]
    pieces = []
    for i in range(len(holders)):
        for j in range(i + 1, len(holders)):
            if not shapely.intersects(merged[i], merged[j]):
                continue
            line = _lines(shapely.intersection(bounds[i], bounds[j], grid_size=GRID_KM))
            if line is not None:
                pieces.append(line)
    if not pieces:
        return None, 0.0
    front = shapely.line_merge(shapely.union_all(pieces))
    return front, float(front.length)
