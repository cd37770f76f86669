"""frontlines export {csv,geojson,jsonl} : write stored events to a file or standard output."""
from __future__ import annotations

import sys

from .events import add_filters, filters


def register(sub) -> None:
    p = sub.add_parser("export", help="export stored events as ACLED-style CSV, GeoJSON or JSON Lines",
                       description="Write the store's events (optionally filtered) as ACLED-style CSV "
                       "(ACLED column names plus fl_* columns), a GeoJSON FeatureCollection, or JSON Lines.")
    p.add_argument("fmt", choices=["csv", "geojson", "jsonl"], metavar="{csv,geojson,jsonl}")
    p.add_argument("--out", metavar="FILE", help="output file (default: standard output)")
    add_filters(p, limit=None)
    p.set_defaults(func=run)


def run(args, fl) -> int:
    query = fl.event_query(**filters(args))
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as out:
            n = fl.export(args.fmt, out, query)
    else:
        n = fl.export(args.fmt, sys.stdout, query)
    print(f"frontlines: exported {n} event(s)" + (f" to {args.out}" if args.out else ""), file=sys.stderr)
    return 0
