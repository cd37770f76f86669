"""frontlines analyze PATH... : read, extract and store articles."""
from __future__ import annotations

import sys

from ..model import Failure, analysis_dict
from .common import EVENT_HEADERS, event_row, iso_date, print_failure, print_json, table


def register(sub) -> None:
    p = sub.add_parser("analyze", help="extract events from articles (text, HTML, RSS/Atom, JSON Lines, WARC)",
                       description="Read articles, extract events and store them, checked against the record "
                       "(as frontlines check: a doubtful article's uncorroborated control changes stay claims). "
                       "PATH may be a file, a directory or - for standard input.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--published", type=iso_date, metavar="YYYY-MM-DD",
                   help="publication date (overrides the date the document carries)")
    p.add_argument("--country", metavar="CC", help="theater country, ISO 3166 alpha-2 (default: infer)")
    p.add_argument("--format", choices=["table", "json", "jsonl"], default="table")
    p.add_argument("--no-store", action="store_true", help="do not write to the store")
    p.add_argument("--no-check", action="store_true",
                   help="do not check stored articles against the record (checked articles found doubtful "
                   "keep their uncorroborated control changes as claims; see frontlines check)")
    p.set_defaults(func=run)


def run(args, fl) -> int:
    failed = 0
    for result in fl.analyze(args.paths, published=args.published, country=args.country,
                             store=not args.no_store, check=not (args.no_store or args.no_check)):
        if isinstance(result, Failure):
            failed += 1
            print_failure(result)
            continue
        if args.format == "json":
            print_json(analysis_dict(result), indent=2)
        elif args.format == "jsonl":
            print_json(analysis_dict(result))
        else:
            a = result.article
            print(f"# {a.title or '(no title)'}  [{a.id}]  published {a.published or 'unknown'}"
                  f"  source {a.source or '-'}")
            table([event_row(e) for e in result.events], EVENT_HEADERS)
            if not (args.no_store or args.no_check):
                print(fl.verdict(result.findings).line())
            print()
    if failed:
        print(f"frontlines: {failed} document(s) failed", file=sys.stderr)
    return 1 if failed else 0
