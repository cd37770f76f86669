"""frontlines control : who held a place over time, or every place on one day."""
from __future__ import annotations

import sys

from ..model import ControlPeriod, to_dict
from .common import iso_date, print_json, table

HEADERS = ["place", "from", "to", "controller", "side", "status", "conf", "sources", "claims"]


def register(sub) -> None:
    p = sub.add_parser("control", help="control timelines: who held a place, and when",
                       description="With PLACE (a name or GeoNames id): the place's control timeline "
                       "(with --at: the period holding that date). Without PLACE, --at DATE: every known "
                       "place with its controller on that date. Each period has a status: confirmed (a "
                       "reference record or import, or two independent outlets), reported (one outlet) or "
                       "disputed (sources of equal weight disagree for the same time), and lists the competing "
                       "claims beside it (a single or doubtful report against a confirmed holder).")
    p.add_argument("place", nargs="?", metavar="PLACE")
    p.add_argument("--at", type=iso_date, metavar="YYYY-MM-DD", help="one date")
    p.add_argument("--country", metavar="CC", help="only places in this country (with no PLACE)")
    p.add_argument("--format", choices=["table", "json", "geojson"], default="table")
    p.set_defaults(func=run, _parser=p)


def _row(p: ControlPeriod) -> list[str]:
    c = p.controller
    side = "-" if c.government is None else ("government" if c.government else "non-government")
    refs = [s.ref_id if s.origin == "article" else f"{s.origin}:{s.ref_id}" for s in p.sources]
    shown = ", ".join(refs[:6]) + (f" (+{len(refs) - 6})" if len(refs) > 6 else "")
    claims = "; ".join(f"{k.status}: {k.controller.name} from {k.start} ({len(k.outlets)} source"
                       f"{'' if len(k.outlets) == 1 else 's'}{', doubtful' if k.doubtful else ''})" for k in p.claims)
    return [p.place.name or "-", p.start.isoformat() if p.start else "...", p.end.isoformat() if p.end else "...",
            f"{c.name} [{c.faction}]", side, p.status, f"{p.confidence:.2f}", shown or "-", claims or "-"]


def run(args, fl) -> int:
    if args.place is None:
        if args.at is None:
            args._parser.error("give a PLACE, or --at DATE for every place on that date")
        periods = fl.control_map(args.at, country=args.country)
    else:
        periods = fl.control(args.place, at=args.at)
    if args.format == "geojson":
        print_json(fl.control_geojson(periods), sys.stdout, indent=1)
    elif args.format == "json":
        print_json([to_dict(p) for p in periods], sys.stdout, indent=2)
    else:
        table([_row(p) for p in periods], HEADERS, sys.stdout)
    if not periods:
        what = f"{args.place!r}" if args.place else "any place"
        when = f" on {args.at}" if args.at else ""
        print(f"frontlines: the record says nothing about who held {what}{when}", file=sys.stderr)
        return 1
    return 0
