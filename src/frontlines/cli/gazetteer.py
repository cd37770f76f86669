"""frontlines gazetteer {list,add,fetch} : the places the gazetteer holds and where they come from."""
from __future__ import annotations

import argparse

from .common import print_json, table


def register(sub) -> None:
    p = sub.add_parser("gazetteer", help="list the gazetteer's sources; add or download places files",
                       description="The gazetteer holds GeoNames' cities500 worldwide, Syria's 10,435 "
                       "populated places (bundled), and the files you add. Added files are kept in the data "
                       "directory and merged into the gazetteer's cache (rebuilt at the next start). "
                       "See docs/gazetteer.md.")
    cmds = p.add_subparsers(dest="gazetteer_command", metavar="ACTION", required=True)
    ls = cmds.add_parser("list", help="the sources with their counts of places",
                         description="Each source merged into the gazetteer, in order, with its places, how many "
                         "are new and how many were merged into a place of the same GeoNames id or name.")
    ls.add_argument("--json", action="store_true", help="one JSON object per source")
    ls.set_defaults(func=run_list)
    add = cmds.add_parser("add", help="add GeoNames dump files or places CSV/TSV files",
                          description="Add GeoNames dump-layout files (XX.txt, XX.zip, cities500.txt/.zip, "
                          "allCountries.zip; populated places only) or the CSV/TSV places files that the "
                          "gazetteer_extra setting reads. Every file is checked before any is added: a damaged "
                          "file adds nothing (error E202). A file of the same name replaces the earlier one.")
    add.add_argument("paths", nargs="+", metavar="FILE")
    add.set_defaults(func=run_add)
    fetch = cmds.add_parser("fetch", help="download GeoNames' country files (needs the network)",
                            description="Download <geonames_base_url>/<CC>.zip for each country code, check it "
                            "and add it as 'gazetteer add' does. A 404, a timeout (http_timeout) or a truncated "
                            "download is error E202 and installs nothing.")
    fetch.add_argument("countries", nargs="+", metavar="CC", help="ISO 3166 alpha-2 code (IQ, UA, ...)")
    fetch.set_defaults(func=run_fetch)


def _print_added(entries: list[dict]) -> None:
    for e in entries:
        print(f"added {e['origin']} as {e['file']} ({e['kind']}, {e['places']} places); "
              "the gazetteer cache is rebuilt at the next start")


def run_add(args, fl) -> int:
    _print_added(fl.gazetteer_add(args.paths))
    return 0


def run_fetch(args, fl) -> int:
    _print_added(fl.gazetteer_fetch(args.countries))
    return 0


def run_list(args, fl) -> int:
    sources = fl.gazetteer_sources()
    if args.json:
        for s in sources:
            print_json(s)
        return 0
    table([[s["source"], s["kind"], str(s["places"]), str(s["new"]), str(s["merged"])] for s in sources],
          ["source", "kind", "places", "new", "merged"])
    return 0


class VersionAction(argparse.Action):
    """``frontlines --version``: the version and the credit of the bundled place data."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0,
                         help=help or "print the version and the data credits, then exit")

    def __call__(self, parser, namespace, values, option_string=None):
        from ..api import Frontlines

        print(Frontlines.about())
        parser.exit(0)
