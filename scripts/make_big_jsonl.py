#!/usr/bin/env python3
"""Write a large JSON Lines corpus for the flat-memory batch run: the FA-KES articles repeated
with new ids, until N documents.

    .venv/bin/python scripts/make_big_jsonl.py --n 100000            # prints the file's path
    .venv/bin/frontlines --db sqlite:///$TMP/big.db batch $TMP/big.jsonl --workers 2 --out $TMP/out

Each document carries the article's date as ``published`` (FA-KES ``date``; ``--no-dates`` leaves
it out). Each copy gets a new ``id`` and, unless ``--same-text``, a last line "(copy K)" so that every
document is a distinct article in the store (article ids are content hashes; with the same text
the store would keep only the 804 originals). The file goes to a new temporary directory unless
``--out`` is given. Reads ../shared/eval/fakes/fakes.csv (latin-1), which is never copied into the
repository.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from datetime import datetime
from pathlib import Path

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "fakes" / "fakes.csv"


def iso_date(value: str | None) -> str | None:
    """FA-KES dates are M/D/YY (e.g. 4/5/17): the ISO date, or None when absent or malformed."""
    try:
        return datetime.strptime((value or "").strip(), "%m/%d/%y").date().isoformat()
    except ValueError:
        return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="documents to write (default 100000)")
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="FA-KES fakes.csv")
    ap.add_argument("--out", type=Path, help="output file (default: big.jsonl in a new temp dir)")
    ap.add_argument("--same-text", action="store_true", help="repeat texts unchanged (only ids differ)")
    ap.add_argument("--no-dates", action="store_true", help="leave out the articles' dates (FA-KES 'date' column)")
    args = ap.parse_args(argv)
    if not args.csv.exists():
        print(f"make_big_jsonl: {args.csv} is absent (needs ../shared/eval/fakes beside the repo)", file=sys.stderr)
        return 2
    with args.csv.open(encoding="latin-1", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if (r.get("article_content") or "").strip()]
    out = args.out or Path(tempfile.mkdtemp(prefix="frontlines-big-")) / "big.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for k in range(args.n):
            row = rows[k % len(rows)]
            copy = k // len(rows)
            text = row["article_content"] if args.same_text else f"{row['article_content']}\n\n(copy {copy})"
            doc = {"id": f"fakes-{row['unit_id']}-{copy}", "title": row.get("article_title") or None, "text": text}
            if not args.no_dates and iso_date(row.get("date")):
                doc["published"] = iso_date(row.get("date"))
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
