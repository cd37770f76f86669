"""Areas of control as a GeoPackage (layers ``areas`` and ``front``), through pyogrio (GDAL),
which the project already keeps for its basemap. For QGIS users who prefer a file with a schema
to GeoJSON."""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

from ..errors import ConfigError
from ..model import AreaMap

log = logging.getLogger(__name__)


def write_gpkg(amap: AreaMap, path: str | Path) -> int:
    """Write the areas (and the front line, when there is one) to a new GeoPackage at ``path``
    (replaced if it exists). Returns the number of areas written."""
    try:
        from pyogrio import raw
    except ImportError as exc:  # pragma: no cover - pyogrio is in requirements.txt
        raise ConfigError("writing a GeoPackage needs pyogrio", fix="pip install pyogrio (see requirements.txt)") from exc
    path = Path(path)
    if path.exists():
        path.unlink()
    areas = list(amap.areas)
    geoms = np.array([shapely.to_wkb(shape(a.geometry)) for a in areas], dtype=object)
    cols = {
        "faction": [a.controller.faction for a in areas],
        "name": [a.controller.name for a in areas],
        "government": ["" if a.controller.government is None else str(a.controller.government).lower() for a in areas],
        "status": [a.status for a in areas],
        "places": [len(a.places) for a in areas],
        "place_names": ["; ".join(p.name for p in a.places[:30]) for a in areas],
        "country": [a.country for a in areas],
        "km2": [a.km2 for a in areas],
        "at": [amap.at.isoformat()] * len(areas),
    }
    fields = list(cols)
    data = [np.asarray(cols[f], dtype=object if f not in ("places", "km2") else None) for f in fields]
    raw.write(path, geoms, data, fields, layer="areas", driver="GPKG", crs="EPSG:4326",
              geometry_type="MultiPolygon", promote_to_multi=True)
    if amap.front is not None:
        line = np.array([shapely.to_wkb(shape(amap.front))], dtype=object)
        raw.write(path, line, [np.array([amap.front_km]), np.array([amap.at.isoformat()], dtype=object)],
                  ["km", "at"], layer="front", driver="GPKG", crs="EPSG:4326",
                  geometry_type="MultiLineString", promote_to_multi=True, append=True)
    log.info("wrote %d area(s) to %s", len(areas), path)
    return len(areas)
