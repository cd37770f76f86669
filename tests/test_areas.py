"""Areas of control (frontlines.areas, GET /api/areas, `frontlines export areas`).

The acceptance tests run on a new store holding the curated reference record alone, with the
Natural Earth outline that scripts/setup_assets.sh installs (skipped with a message where absent).
The geometry's properties are checked with Hypothesis on a synthetic square country."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import shapely
from fastapi.testclient import TestClient
from hypothesis import example, HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, shape

from frontlines.api import Frontlines
from frontlines.model import Actor, ControlPeriod, DateRange, Event, Evidence, Place, SourceRef
from frontlines.options import Options
from frontlines.web import create_app

PALMYRA = (38.284, 34.562)  # lon, lat
NEAR_PALMYRA = (38.284 + 0.065, 34.562 + 0.05)  # ~6 km east and ~5.5 km north: ~8 km north-east
DAY = date(2015, 8, 1)
PROPS = {"faction", "name", "government", "status", "places", "place_names", "country", "km2"}


# ------------------------------------------------------------------------------------------ helpers
def square_outline(tmp_path: Path, size_deg: float = 1.0, cc: str = "ZZ") -> Path:
    """A GeoJSON countries file with one square country ``cc`` at (40..40+size E, 30..30+size N)."""
    geom = shapely.geometry.mapping(shapely.box(40, 30, 40 + size_deg, 30 + size_deg))
    path = tmp_path / "outline.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"iso_a2": cc, "name": "Squareland"}, "geometry": geom}]}))
    return path


def actor(faction: str, gov: bool | None = False) -> Actor:
    return Actor(text=faction, name=faction.replace("_", " ").title(), faction=faction, government=gov)


def period(lon: float, lat: float, faction: str, *, name: str = "", status: str | None = None,
           gov: bool | None = False, cc: str = "ZZ", confidence: float = 0.9) -> ControlPeriod:
    place = Place(text=name or f"{lon:.3f},{lat:.3f}", name=name or f"{lon:.3f},{lat:.3f}", geonameid=None,
                  lat=lat, lon=lon, country=cc, admin1=None)
    kw = dict(place=place, controller=actor(faction, gov), start=None, end=None, confidence=confidence)
    return ControlPeriod(status=status or "confirmed", **kw)


def build(periods, outline_path: Path, max_km: float = 25.0, cc: str = "ZZ"):
    from frontlines.areas import build_area_map
    from frontlines.areas.outline import find_outline, read_outlines

    features = read_outlines(outline_path)
    return build_area_map(periods, DAY, cc, lambda c: find_outline(features, c), max_km)


def holder_at(collection: dict, lonlat: tuple[float, float]) -> list[tuple[str, str]]:
    """(faction, status) of every area feature containing the point."""
    pt = Point(*lonlat)
    return [(f["properties"]["faction"], f["properties"]["status"]) for f in collection["features"]
            if shape(f["geometry"]).contains(pt)]


# ------------------------------------------------------------------------------------------ acceptance
@pytest.fixture(scope="module")
def reference_only(tmp_path_factory):
    """A session on a new store: the curated reference record alone (no model, no article)."""
    d = tmp_path_factory.mktemp("areas")
    with Frontlines(Options(data_dir=str(d), db_url=f"sqlite:///{d / 'areas.db'}")) as fl:
        if not fl.options.resolved_areas_outline.is_file():
            pytest.skip(f"{fl.options.resolved_areas_outline} is absent: run scripts/setup_assets.sh")
        yield fl


@pytest.fixture(scope="module")
def client(reference_only):
    with TestClient(create_app(reference_only), raise_server_exceptions=False) as c:
        yield c


def test_palmyra_islamic_state_in_2015_government_in_2016(client):
    r = client.get("/api/areas", params={"at": "2015-08-01", "country": "SY"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection" and fc["at"] == "2015-08-01" and fc["country"] == "SY"
    assert holder_at(fc, PALMYRA) == [("islamic_state", "confirmed")]
    later = client.get("/api/areas", params={"at": "2016-06-01", "country": "sy"}).json()
    assert holder_at(later, PALMYRA) == [("sy_government", "confirmed")]
    assert holder_at(later, NEAR_PALMYRA) == [("sy_government", "confirmed")], "the land around Palmyra"
    gov = next(f for f in later["features"] if f["properties"]["faction"] == "sy_government")
    assert gov["properties"]["government"] is True and "Palmyra" in gov["properties"]["place_names"]


def test_features_are_disjoint_polygons_with_the_documented_properties(client):
    fc = client.get("/api/areas", params={"at": "2016-06-01", "country": "SY"}).json()
    assert len(fc["features"]) >= 3
    geoms = []
    for f in fc["features"]:
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert set(f["properties"]) == PROPS
        assert f["properties"]["places"] >= len(f["properties"]["place_names"]) >= 1
        g = shape(f["geometry"])
        assert g.is_valid and not g.is_empty
        geoms.append(g)
    total = sum(g.area for g in geoms)
    assert shapely.union_all(geoms).area == pytest.approx(total, rel=1e-3), "areas overlap"
    front = fc["front"]
    assert front["geometry"]["type"] in ("LineString", "MultiLineString") and front["properties"]["km"] > 50
    cov = fc["coverage"]
    assert 0 < cov["assigned_km2"] < cov["land_km2"]
    assert 150_000 < cov["land_km2"] < 220_000, "Syria is about 185,000 km2"


def test_areas_are_cached_per_date_and_record_version(reference_only):
    first = reference_only.areas(DAY, country="SY")
    assert reference_only.areas(DAY, country="SY") is first
    assert reference_only.areas(date(2015, 8, 2), country="SY") is not first
    # a new record changes the map: Palmyra taken by the opposition on 2015-07-30 (made up)
    ev = Event(id="test-palmyra", type="control_change", actor=actor("sy_opposition"),
               target=actor("islamic_state"),
               place=Place(text="Palmyra", name="Palmyra", geonameid=163808, lat=34.5624, lon=38.28402,
                           country="SY", admin1="Homs"),
               date=DateRange(date(2015, 7, 30), date(2015, 7, 30), 1), evidence=Evidence("test", 0, 4),
               confidence=1.0, sources=(SourceRef(origin="reference", ref_id="test-palmyra"),))
    reference_only.store.add_reference_events([ev], "reference")
    after = reference_only.areas(DAY, country="SY")
    assert after is not first
    assert holder_at(reference_only.areas_geojson(after), PALMYRA) == [("sy_opposition", "confirmed")]


@pytest.mark.parametrize("query", ["at=2015-02-30", "at=yesterday", "country=SYR", "country=1"])
def test_bad_area_queries_are_422(client, query):
    r = client.get("/api/areas?" + query)
    assert r.status_code == 422 and set(r.json()) == {"error"}


def test_unknown_country_is_404_and_missing_outline_503(client, tmp_path):
    r = client.get("/api/areas", params={"at": "2015-08-01", "country": "ZZ"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "E301"
    d = tmp_path / "bare"
    d.mkdir()
    with Frontlines(Options(data_dir=str(d), db_url=f"sqlite:///{d / 'b.db'}", load_reference=False)) as fl:
        with TestClient(create_app(fl, assets=tmp_path / "no-assets"), raise_server_exceptions=False) as c:
            r = c.get("/api/areas", params={"at": "2015-08-01", "country": "SY"})
    assert r.status_code == 503 and r.json()["error"]["code"] == "E500"
    assert "setup_assets" in r.json()["error"]["message"]


def test_export_areas_writes_the_same_geojson(reference_only, client, tmp_path, monkeypatch):
    from frontlines.cli import main

    out = tmp_path / "areas.geojson"
    db = reference_only.options.resolved_db_url
    assert main(["--db", db, "export", "areas", "--at", "2016-06-01", "--country", "SY", "--out", str(out)]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    served = client.get("/api/areas", params={"at": "2016-06-01", "country": "SY"}).json()
    assert written == served
    assert holder_at(written, NEAR_PALMYRA) == [("sy_government", "confirmed")]


# ------------------------------------------------------------------------------------------ geometry
def test_two_holders_split_a_square_along_the_bisector(tmp_path):
    outline = square_outline(tmp_path)
    amap = build([period(40.25, 30.5, "west", name="W"), period(40.75, 30.5, "east", name="E")], outline,
                 max_km=500)
    fc = build_fc(amap)
    assert holder_at(fc, (40.1, 30.9)) == [("west", "confirmed")]
    assert holder_at(fc, (40.9, 30.1)) == [("east", "confirmed")]
    front = shape(fc["front"]["geometry"])
    assert front.length == pytest.approx(1.0, rel=1e-3), "the front runs the height of the square"
    assert abs(front.centroid.x - 40.5) < 1e-3
    assert amap.assigned_km2 == pytest.approx(amap.land_km2, rel=1e-3)


def build_fc(amap) -> dict:
    from frontlines.areas import area_collection

    return area_collection(amap)


def test_land_beyond_the_distance_limit_is_unassigned(tmp_path):
    outline = square_outline(tmp_path, size_deg=2.0)
    amap = build([period(41.0, 31.0, "a")], outline, max_km=25)
    fc = build_fc(amap)
    assert holder_at(fc, (41.0, 31.1)) == [("a", "confirmed")]  # 11 km away
    assert holder_at(fc, (41.0, 31.3)) == []  # 33 km away
    assert fc["front"] is None
    assert amap.assigned_km2 == pytest.approx(3.14159 * 25 ** 2, rel=0.03)


def test_status_is_carried_to_the_areas(tmp_path):
    outline = square_outline(tmp_path)
    amap = build([period(40.2, 30.5, "a", status="confirmed"), period(40.5, 30.5, "a", status="reported"),
                  period(40.8, 30.5, "b", status="disputed")], outline, max_km=100)
    fc = build_fc(amap)
    assert holder_at(fc, (40.2, 30.5)) == [("a", "confirmed")]
    assert holder_at(fc, (40.5, 30.5)) == [("a", "reported")]
    assert holder_at(fc, (40.8, 30.5)) == [("b", "disputed")]
    front = shape(fc["front"]["geometry"])  # only between a and b, not between a's two statuses
    assert front.length == pytest.approx(1.0, rel=1e-3) and abs(front.centroid.x - 40.65) < 1e-3


def test_places_at_one_spot_count_once_the_most_confident_wins(tmp_path):
    outline = square_outline(tmp_path)
    amap = build([period(40.5, 30.5, "a", name="One", confidence=0.5),
                  period(40.5, 30.5, "b", name="Two", confidence=0.9),
                  period(40.5, 30.5, "b", name="Three", confidence=0.8)], outline, max_km=30)
    assert [(a.controller.faction, [p.name for p in a.places]) for a in amap.areas] == [("b", ["Three", "Two"])]


SEEDS = st.lists(st.tuples(st.floats(39.8, 41.2), st.floats(29.8, 31.2), st.sampled_from("abc"),
                           st.sampled_from(["confirmed", "reported"])), min_size=1, max_size=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seeds=SEEDS, max_km=st.sampled_from([10.0, 25.0, 60.0]))
@example(seeds=[(40.25, 30.75, "a", "confirmed"), (40.3125, 30.84375, "a", "reported"),
                (40.29296875, 30.875, "a", "reported")], max_km=25.0)  # cut cells that share an edge only nearly
def test_areas_partition_the_land_near_the_places(tmp_path, seeds, max_km):
    """Areas never overlap, lie inside the country, and cover exactly the land within max_km of
    some place; each place inside the country lies in its own holder's area."""
    outline = square_outline(tmp_path)
    periods = [period(x, y, h, status=s, name=f"p{i}") for i, (x, y, h, s) in enumerate(seeds)]
    amap = build(periods, outline, max_km=max_km)
    from frontlines.areas.build import DISC_SEGMENTS, Projection

    land = shapely.box(40, 30, 41, 31)
    proj = Projection.around(land)
    geoms = [shape(a.geometry) for a in amap.areas]
    km = [shapely.transform(g, proj.forward) for g in geoms]
    total = sum(g.area for g in km)
    union = shapely.union_all(km)
    assert union.area == pytest.approx(total, rel=1e-3, abs=1.0), "areas overlap"
    land_km = shapely.transform(land, proj.forward)
    assert union.difference(land_km.buffer(0.05)).area < 1.0, "areas spill out of the country"
    seeds_km = shapely.points(proj.forward(shapely.get_coordinates(shapely.points([(x, y) for x, y, *_ in seeds]))))
    near = land_km.intersection(shapely.union_all(shapely.buffer(seeds_km, max_km, quad_segs=DISC_SEGMENTS)))
    assert total == pytest.approx(near.area, rel=1e-3, abs=0.5), "assigned land != land within max_km"
    shown = {(a.controller.faction, a.status): g for a, g in zip(amap.areas, geoms)}
    drawn = {pl.name for a in amap.areas for pl in a.places}
    for p in periods:
        if p.place.name in drawn and land.contains(Point(p.place.lon, p.place.lat)):
            key = (p.controller.faction, getattr(p, "status", "confirmed"))
            assert shown[key].buffer(1e-4).contains(Point(p.place.lon, p.place.lat)), p.place.name


def test_export_areas_as_geopackage(reference_only, tmp_path):
    from pyogrio import raw

    from frontlines.cli import main

    out = tmp_path / "areas.gpkg"
    db = reference_only.options.resolved_db_url
    assert main(["--db", db, "export", "areas", "--at", "2016-06-01", "--country", "SY", "--out", str(out)]) == 0
    _meta, _fids, geoms, fields = raw.read(out, layer="areas")
    factions = list(fields[0])
    holders = [factions[i] for i, g in enumerate(geoms) if shapely.from_wkb(g).contains(Point(*NEAR_PALMYRA))]
    assert holders == ["sy_government"]
    _meta, _fids, front, _fields = raw.read(out, layer="front")
    assert shapely.from_wkb(front[0]).length > 0
