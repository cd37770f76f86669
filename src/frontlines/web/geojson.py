"""Control periods as JSON for the API: GeoJSON features for maps and plain period objects."""
from __future__ import annotations

from typing import Any

from ..model import ControlPeriod, to_dict


def period_dict(period: ControlPeriod) -> dict[str, Any]:
    """A control period without its place (the place is given once by the caller)."""
    d = to_dict(period)
    d.pop("place", None)
    return d


def control_feature(period: ControlPeriod) -> dict[str, Any] | None:
    """A GeoJSON Point feature of the place and its controller, or None for a place without
    coordinates. Properties: the place's id, name, country, admin1, precision and the period."""
    place = period.place
    if place.lat is None or place.lon is None:
        return None
    props: dict[str, Any] = {
        "geonameid": place.geonameid, "name": place.name, "country": place.country,
        "admin1": place.admin1, "precision": place.precision,
    }
    props.update(period_dict(period))
    return {
        "type": "Feature",
        "id": place.geonameid if place.geonameid is not None else place.name,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": props,
    }
