"""frontlines import {acled,ucdp} FILE... : load reference datasets into the store."""
from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("import", help="import ACLED or UCDP GED exports as reference events",
                       description="Import reference records (ACLED CSV exports, UCDP GED CSV) into the "
                       "store. Importing the same rows again adds nothing. Malformed rows are reported "
                       "(file, row, column) and skipped; the good rows are imported.")
    p.add_argument("kind", choices=["acled", "ucdp"])
    p.add_argument("paths", nargs="+", metavar="FILE")
    p.set_defaults(func=run)


def run(args, fl) -> int:
    report = fl.import_reference(args.kind, args.paths)
    for line in report.errors:
        print(f"frontlines: error: {line}", file=sys.stderr)
    print(f"{report.kind}: {report.rows} row(s) read from {len(report.files)} file(s): "
          f"{report.imported} event(s) imported ({report.added} new), {report.skipped} skipped, "
          f"{len(report.errors)} error(s)")
    return 1 if report.errors else 0
