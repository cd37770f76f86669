"""frontlines events : query the store's events."""
from __future__ import annotations

import argparse
import sys

from ..model import EVENT_TYPES, to_dict
from .common import EVENT_HEADERS, event_row, iso_date, print_json, table


def bbox(value: str) -> tuple[float, float, float, float]:
    """argparse type for MIN_LON,MIN_LAT,MAX_LON,MAX_LAT."""
    try:
        parts = tuple(float(v) for v in value.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4:
        raise argparse.ArgumentTypeError(f"not a box MIN_LON,MIN_LAT,MAX_LON,MAX_LAT: {value!r}")
    return parts  # type: ignore[return-value]


def add_filters(p: argparse.ArgumentParser, limit: int | None = 100) -> None:
    """The event filters shared by ``events`` and ``export``."""
    p.add_argument("--place", metavar="NAME", help="place name (substring, any case/diacritics) or GeoNames id")
    p.add_argument("--type", choices=EVENT_TYPES, help="event type")
    p.add_argument("--faction", metavar="ID", help="faction id of either side (e.g. sy_government, sy_hts)")
    p.add_argument("--since", type=iso_date, metavar="YYYY-MM-DD", help="events whose dates reach this day or later")
    p.add_argument("--until", type=iso_date, metavar="YYYY-MM-DD", help="events whose dates begin this day or earlier")
    p.add_argument("--bbox", type=bbox, metavar="W,S,E,N", help="min_lon,min_lat,max_lon,max_lat")
    p.add_argument("--text", dest="q", metavar="WORDS", help="text in the evidence, actor or place names")
    p.add_argument("--origin", choices=["article", "acled", "ucdp", "reference"], help="events with a report of this origin")
    p.add_argument("--country", metavar="CC", help="place country, ISO 3166 alpha-2")
    p.add_argument("--limit", type=int, default=limit, metavar="N", help=f"at most N events (0 = all; default {limit or 'all'})")


def filters(args: argparse.Namespace) -> dict:
    return {"type": args.type, "faction": args.faction, "place": args.place, "since": args.since,
            "until": args.until, "bbox": args.bbox, "q": args.q, "origin": args.origin,
            "country": args.country, "limit": args.limit or None}


def register(sub) -> None:
    p = sub.add_parser("events", help="query stored events",
                       description="List stored events (merged over every article and reference record), "
                       "in date order.")
    add_filters(p)
    p.add_argument("--cursor", metavar="TOKEN", help="continue after the previous page (printed at its end)")
    p.add_argument("--format", choices=["table", "jsonl", "json"], default="table")
    p.set_defaults(func=run)


def run(args, fl) -> int:
    events, nxt = fl.events(**filters(args), cursor=args.cursor)
    if args.format == "jsonl":
        for e in events:
            print_json(to_dict(e), sys.stdout)
    elif args.format == "json":
        print_json({"events": [to_dict(e) for e in events], "next": nxt}, sys.stdout, indent=2)
    else:
        table([[e.id] + event_row(e) for e in events], ["id"] + EVENT_HEADERS, sys.stdout)
        print(f"# {len(events)} event(s)", file=sys.stderr)
    if nxt and args.format != "json":
        print(f"# more: --cursor {nxt}", file=sys.stderr)
    return 0
