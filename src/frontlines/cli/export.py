"""frontlines export {csv,geojson,jsonl,areas} : write stored events, or the areas of control at a
date, to a file or standard output."""
from __future__ import annotations

import sys
from datetime import date

from .common import iso_date, print_json
from .events import add_filters, filters


def register(sub) -> None:
    p = sub.add_parser("export", help="export stored events (CSV, GeoJSON, JSON Lines) or areas of control (GeoJSON)",
                       description="Write the store's events (optionally filtered) as ACLED-style CSV "
                       "(ACLED column names plus fl_* columns), a GeoJSON FeatureCollection, or JSON Lines; "
                       "or, with 'areas', the areas of control at --at (default today) as a GeoJSON "
                       "FeatureCollection of polygons per holder and status, with the front line "
                       "(docs/areas.md), for QGIS and other GIS.")
    p.add_argument("fmt", choices=["csv", "geojson", "jsonl", "areas"], metavar="{csv,geojson,jsonl,areas}")
    p.add_argument("--out", metavar="FILE", help="output file (default: standard output); for areas, a name "
                   "ending in .gpkg writes a GeoPackage (layers areas and front)")
    p.add_argument("--at", type=iso_date, metavar="YYYY-MM-DD", help="areas: the date (default today)")
    p.add_argument("--outline", metavar="FILE", help="areas: GeoJSON of country outlines "
                   "(default: the setting areas_outline, or the basemap of scripts/setup_assets.sh)")
    p.add_argument("--max-km", type=float, metavar="KM", help="areas: land farther than KM from every "
                   "place of known controller stays unassigned (default: the setting areas_max_km)")
    add_filters(p, limit=None)
    p.set_defaults(func=run)


def _write(args, write) -> int:
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as out:
            return write(out)
    return write(sys.stdout)


def run(args, fl) -> int:
    if args.fmt == "areas":  # computed before the file is opened: an error leaves no empty file
        found = fl.areas(args.at or date.today(), country=args.country, outline=args.outline, max_km=args.max_km)
        if args.out and args.out.lower().endswith(".gpkg"):
            fl.write_areas_gpkg(found, args.out)
        else:
            collection = fl.areas_geojson(found)
            _write(args, lambda out: print_json(collection, out))
        n, what = len(found.areas), f"area(s) at {found.at}"
    else:
        query = fl.event_query(**filters(args))
        n, what = _write(args, lambda out: fl.export(args.fmt, out, query)), "event(s)"
    print(f"frontlines: exported {n} {what}" + (f" to {args.out}" if args.out else ""), file=sys.stderr)
    return 0
