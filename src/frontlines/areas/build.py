"""The geometry of areas of control: Voronoi cells of the places of known controller, cut to a
distance limit around each place and to the country's outline, merged by holder.

All the work is done in a local equirectangular projection in kilometres centred on the country
(x = east, y = north; at Syria's size the error of lengths is under 1 %); results go back to
longitude/latitude. The cells are merged by a coverage union (neighbouring Voronoi cells share
their edges exactly); only the few cells cut by the distance limit or the outline need overlays.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely

KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320
GRID_KM = 0.01  # 10 m: places nearer than this to each other are one seed
DISC_SEGMENTS = 8  # segments per quarter circle of the distance limit around a place
OUT_DECIMALS = 5  # ~1 m in lon/lat output
#: unions of cut cells snap to this grid (km): cells cut by different discs share edges only
#: nearly, and GEOS's floating overlay can then drop a whole cell (seen: three seeds 15 km apart)
SNAP_KM = 1e-6


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


def _voronoi(points: np.ndarray, land: shapely.Geometry, max_km: float) -> np.ndarray:
    """The Voronoi cell of each seed (points in km, unique), reaching past the land and the
    seeds by ``max_km``; the cells form an exact coverage (neighbours share their vertices)."""
    reach = shapely.box(*shapely.MultiPoint(points).union(land).bounds).buffer(max_km + 1, join_style="mitre")
    if len(points) == 1:
        return np.array([reach], dtype=object)
    return shapely.get_parts(shapely.voronoi_polygons(shapely.MultiPoint(points), extend_to=reach, ordered=True))


def _cut(cells: np.ndarray, points: np.ndarray, land: shapely.Geometry, max_km: float) -> np.ndarray:
    """Each cell cut to ``max_km`` around its seed and to ``land``. Only the cells that reach
    past the distance or the land are cut (the vertices of a cell all nearer than the inner
    radius of its seed's disc lie in the disc): with many places, few are."""
    coords, index = shapely.get_coordinates(cells, return_index=True)
    far = np.zeros(len(cells))
    np.maximum.at(far, index, np.hypot(*(coords - points[index]).T))
    out = cells.copy()
    if max_km > 0:
        wide = far > max_km * math.cos(math.pi / (4 * DISC_SEGMENTS))
        if wide.any():
            discs = shapely.buffer(shapely.points(points[wide]), max_km, quad_segs=DISC_SEGMENTS)
            out[wide] = shapely.intersection(cells[wide], discs)
    shapely.prepare(land)
    outside = ~shapely.contains_properly(land, out)
    if outside.any():
        out[outside] = shapely.intersection(out[outside], land)
    return _clean(out)


def _clean(cells: np.ndarray) -> np.ndarray:
    """Overlays can leave collections with slivers of lines or points: keep only polygons (an
    empty cell becomes None, which unions skip)."""
    kind = shapely.get_type_id(cells)
    odd = ~np.isin(kind, (3, 6)) | shapely.is_empty(cells)  # 3 Polygon, 6 MultiPolygon
    for i in np.flatnonzero(odd):
        fixed = _polygonal(cells[i])
        cells[i] = None if fixed.is_empty else fixed
    return cells


def _merge(cut: np.ndarray, whole: np.ndarray, mask: np.ndarray) -> shapely.Geometry:
    """The union of the cells in ``mask``: the uncut ones by a coverage union (fast and exact),
    then the cut ones added by an overlay union."""
    same = mask & (cut == whole)
    merged = shapely.coverage_union_all(whole[same]) if same.any() else None
    rest = [g for g in cut[mask & ~same] if g is not None]
    if rest:
        merged = shapely.union_all(rest + ([merged] if merged is not None else []), grid_size=SNAP_KM)
    return _polygonal(merged)


def build_cells(lonlat: Sequence[tuple[float, float]], group_of: Sequence[int], holder_of: Sequence[int],
                outline: shapely.Geometry, max_km: float) -> Cells:
    """Areas from seeds (lon, lat) with a group index (holder and status) and a holder index each.

    Seeds at the same spot (within 10 m) share the cell of the first one listed (callers list the
    most confident first). The front line is the set of borders between the Voronoi cells of
    different holders (whatever their status), inside the assigned land."""
    proj = Projection.around(outline)
    land = shapely.make_valid(shapely.transform(outline, proj.forward))
    land_km2 = float(land.area)
    xy = proj.forward(np.asarray(lonlat, dtype=float).reshape(-1, 2))
    keyed = np.round(xy / GRID_KM).astype(np.int64)
    _, first = np.unique(keyed, axis=0, return_index=True)
    first = np.sort(first)
    if len(first) == 0:
        return Cells([], None, 0.0, 0.0, land_km2)
    whole = _voronoi(xy[first], land, max_km)
    cut = _cut(whole, xy[first], land, max_km)
    owner = {tuple(keyed[i]): i for i in first}
    members: dict[int, list[int]] = {}
    for i in range(len(xy)):
        g = group_of[owner[tuple(keyed[i])]]
        if group_of[i] == g:  # a seed under another's, with another holder or status, is not drawn
            members.setdefault(g, []).append(i)
    seed_group = np.asarray([group_of[i] for i in first])
    seed_holder = np.asarray([holder_of[i] for i in first])
    groups, merged = [], []
    for g in sorted(members):
        geom = _merge(cut, whole, seed_group == g)
        if geom.is_empty:
            continue
        merged.append(geom)
        groups.append((g, _lonlat(geom, proj), round(float(geom.area), 1), members[g]))
    assigned = shapely.union_all(merged, grid_size=SNAP_KM) if merged else None
    front = _front(whole, seed_holder, assigned)
    front_km = float(front.length) if front is not None else 0.0
    assigned_km2 = sum(g[2] for g in groups)
    return Cells(groups, _lonlat(front, proj) if front is not None else None, round(front_km, 1),
                 round(assigned_km2, 1), round(land_km2, 1))


def _lonlat(geom: shapely.Geometry, proj: Projection) -> shapely.Geometry:
    """Back to lon/lat (rounded to ~1 m), repaired if rounding made it invalid."""
    out = shapely.transform(geom, proj.inverse)
    return out if out.is_valid else shapely.make_valid(out)


def _front(whole: np.ndarray, seed_holder: np.ndarray, assigned: shapely.Geometry | None) -> shapely.Geometry | None:
    """Borders between the Voronoi cells of different holders, kept where the land is assigned
    (km coordinates). The uncut cells share their edges exactly, so the borders are exact."""
    holders = sorted(set(seed_holder.tolist()))
    if len(holders) < 2 or assigned is None:
        return None
    merged = [shapely.coverage_union_all(whole[seed_holder == h]) for h in holders]
    bounds = [shapely.boundary(m) for m in merged]
    pieces = []
    for i in range(len(holders)):
        for j in range(i + 1, len(holders)):
            if shapely.intersects(merged[i], merged[j]):
                line = _lines(shapely.intersection(bounds[i], bounds[j]))
                if line is not None:
                    pieces.append(line)
    if not pieces:
        return None
    return _lines(shapely.intersection(shapely.union_all(pieces), assigned))
