"""frontlines check PATH... : analyse articles and check their claims against the record."""
from __future__ import annotations

import sys

from ..model import Failure, Finding, analysis_dict
from .common import iso_date, print_failure, print_json, table

FINDING_HEADERS = ["kind", "verdict", "place", "claim", "record", "detail"]


def register(sub) -> None:
    p = sub.add_parser(
        "check", help="check an article's claims against the record (stale, contradicted, geography, counts)",
        description="Analyse articles and report findings: captures the record shows as old news (stale), "
        "claims another source contradicts, captures corroborated or not yet confirmed, spatial statements "
        "checked against coordinates (geography) and ordinals/totals checked against the article's own "
        "events (count). Each article gets a verdict line: doubtful (with the count of stale, contradicted "
        "and impossible-geography findings) or not; a doubtful article's uncorroborated control changes stay "
        "claims in the record. The record is the store: the bundled curated reference record, imports and "
        "other analysed articles. PATH may be a file, a directory or - for standard input.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--published", type=iso_date, metavar="YYYY-MM-DD",
                   help="publication date, where the document does not carry one")
    p.add_argument("--country", metavar="CC", help="theater country, ISO 3166 alpha-2 (default: infer)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--store", action="store_true", help="also store the analysed articles")
    p.set_defaults(func=run)


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def finding_row(f: Finding) -> list[str]:
    record = ", ".join(f"{s.origin}:{s.ref_id}" for s in f.record) or "-"
    return [f.kind, f.verdict, f.place.name if f.place else "-", _short(f.claim.sentence, 60),
            _short(record, 50), f.detail]


def run(args, fl) -> int:
    failed = 0
    for result in fl.check(args.paths, published=args.published, country=args.country, store=args.store):
        if isinstance(result, Failure):
            failed += 1
            print_failure(result)
            continue
        verdict = fl.verdict(result.findings)
        if args.format == "json":
            print_json({**analysis_dict(result, with_findings=True),
                        "verdict": {"doubtful": verdict.doubtful, "counts": dict(verdict.counts)}}, indent=2)
            continue
        a = result.article
        print(f"# {a.title or '(no title)'}  [{a.id}]  published {a.published or 'unknown'}"
              f"  events {len(result.events)}  findings {len(result.findings)}")
        if result.findings:
            table([finding_row(f) for f in result.findings], FINDING_HEADERS, out=sys.stdout)
        else:
            print("(no checkable claims)")
        print(verdict.line())
        print()
    if failed:
        print(f"frontlines: {failed} document(s) failed", file=sys.stderr)
    return 1 if failed else 0
