"""How fast GET /api/areas answers with many places of known controller (a reported measurement,
not a test). Builds a temporary store with N synthetic places inside a country's outline (default
Syria, 10,000 places), each taken on one day by the faction of the nearest of a few made-up
centres (so that areas are contiguous and fronts long), then times through a real uvicorn server:
the first request at a date (cold: control index + areas), the same request again (warm: cached),
and a request at another date (the index is cached, the areas are not).

    PYTHONPATH=src .venv/bin/python scripts/bench_areas.py [--places 10000] [--country SY]

Needs the basemap of scripts/setup_assets.sh (or --outline FILE).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

FACTIONS = [("sy_government", True), ("islamic_state", False), ("sy_opposition", False), ("sy_sdf", False),
            ("sy_hts", False)]


def synthetic_events(outline, n: int, cc: str, seed: int = 7):
    from frontlines.model import Actor, DateRange, Event, Evidence, Place, SourceRef

    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = outline.bounds
    shapely.prepare(outline)
    pts = []
    while len(pts) < n:
        xy = rng.uniform((minx, miny), (maxx, maxy), size=(4 * n, 2))
        pts += [p for p in xy[shapely.contains_xy(outline, xy[:, 0], xy[:, 1])]]
    pts = np.asarray(pts[:n])
    centres = pts[rng.choice(n, size=12, replace=False)]
    owner = np.argmin(((pts[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2), axis=1) % len(FACTIONS)
    for i, ((lon, lat), k) in enumerate(zip(pts, owner)):
        faction, gov = FACTIONS[k]
        place = Place(text=f"P{i}", name=f"Place {i}", geonameid=90_000_000 + i, lat=round(float(lat), 5),
                      lon=round(float(lon), 5), country=cc, admin1=None, population=int(rng.integers(0, 5000)))
        yield Event(id=f"bench-{i}", type="control_change", actor=Actor(faction, faction, faction, gov),
                    target=None, place=place, date=DateRange(date(2015, 1, 1), date(2015, 1, 1), 1),
                    evidence=Evidence("synthetic", 0, 9), confidence=0.9,
                    sources=(SourceRef(origin="reference", ref_id=f"bench-{i}"),))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--places", type=int, default=10_000)
    ap.add_argument("--country", default="SY")
    ap.add_argument("--outline", help="GeoJSON of country outlines (default: the installed basemap)")
    args = ap.parse_args()

    import httpx
    from web_support import ServerThread

    from frontlines.api import Frontlines
    from frontlines.areas.outline import find_outline, read_outlines
    from frontlines.options import Options
    from frontlines.web import create_app

    with tempfile.TemporaryDirectory() as d:
        options = Options(data_dir=d, db_url=f"sqlite:///{d}/bench.db", load_reference=False,
                          areas_outline=args.outline or "")
        with Frontlines(options) as fl:
            outline = find_outline(read_outlines(options.resolved_areas_outline), args.country)
            t = time.perf_counter()
            added = fl.store.add_reference_events(synthetic_events(outline, args.places, args.country), "reference")
            print(f"store: {added} synthetic places added in {time.perf_counter() - t:.1f} s")
            with ServerThread(create_app(fl)) as srv, httpx.Client(base_url=srv.url, timeout=300) as http:
                def get(day: str) -> tuple[float, dict]:
                    t0 = time.perf_counter()
                    r = http.get("/api/areas", params={"at": day, "country": args.country})
                    r.raise_for_status()
                    return time.perf_counter() - t0, r.json()

                cold, body = get("2015-06-01")
                warm = min(get("2015-06-01")[0] for _ in range(5))
                other, _ = get("2015-06-02")
                size = len(httpx.get(srv.url + "/api/areas", params={"at": "2015-06-01",
                                                                        "country": args.country}).content)
            places = sum(f["properties"]["places"] for f in body["features"])
            print(f"areas: {len(body['features'])} areas from {places} places, front {body['front']['properties']['km']} km, "
                  f"{size / 1e6:.2f} MB of GeoJSON")
            print(f"GET /api/areas cold (control index + areas): {cold:.2f} s")
            print(f"GET /api/areas warm (same date, cached; best of 5): {warm * 1000:.0f} ms")
            print(f"GET /api/areas another date (index cached, areas built): {other:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
