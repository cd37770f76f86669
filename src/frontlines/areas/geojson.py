"""Areas of control as a GeoJSON FeatureCollection (RFC 7946), the shape of ``GET /api/areas`` and
of ``frontlines export areas``."""
from __future__ import annotations

from typing import Any

from ..model import AreaMap

#: place names listed in an area's properties (the largest places first); ``places`` counts them all
MAX_NAMES = 30


def area_collection(amap: AreaMap) -> dict[str, Any]:
    """One Polygon/MultiPolygon feature per (holder, status), properties ``faction``, ``name``,
    ``government``, ``status``, ``places`` (count), ``place_names`` (up to 30, largest first),
    ``country`` and ``km2``. Foreign members: ``at``, ``country``, ``front`` (a Feature whose
    MultiLineString is the front line, or null) and ``coverage`` (land and assigned km2, and
    the distance limit ``max_km``)."""
    features = []
    for area in amap.areas:
        c = area.controller
        features.append({
            "type": "Feature",
            "id": f"{area.country}:{c.faction}:{area.status}",
            "geometry": area.geometry,
            "properties": {
                "faction": c.faction, "name": c.name, "government": c.government, "status": area.status,
                "places": len(area.places), "place_names": [p.name for p in area.places[:MAX_NAMES]],
                "country": area.country, "km2": area.km2,
            },
        })
    front = None
    if amap.front is not None:
        front = {"type": "Feature", "id": "front", "geometry": amap.front,
                 "properties": {"kind": "front", "km": amap.front_km}}
    return {
        "type": "FeatureCollection",
        "at": amap.at.isoformat(),
        "country": amap.country,
        "features": features,
        "front": front,
        "coverage": {"land_km2": amap.land_km2, "assigned_km2": amap.assigned_km2, "max_km": amap.max_km},
    }
