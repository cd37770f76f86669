#!/usr/bin/env python3
"""Store write cost as the record grows: save K copies of N analysed FA-KES articles (each copy a
new article id, so its events merge into the events of the earlier copies) and print the saves per
second of every copy round. Flat figures mean a write costs the same however many reports the
touched events already have; the last line compares the last round with the second (the first
round creates the events, later rounds merge into them).

    .venv/bin/python scripts/bench_store_writes.py --n 200 --copies 12
    .venv/bin/python scripts/bench_store_writes.py --n 200 --copies 12 --batch 16   # as `batch` saves

``--batch K`` saves K articles per transaction (``Store.save_analyses``, as the batch writer does
with each partition); the default 1 is ``Store.save_analysis`` per article.

Reads ../shared/eval/fakes/fakes.csv (latin-1), never copied into the repository. The store is a
new SQLite file in a temporary directory.
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

from frontlines.api import Frontlines
from frontlines.model import Analysis
from frontlines.options import Options
from frontlines.store import open_store

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "fakes" / "fakes.csv"


def copy_of(a: Analysis, k: int) -> Analysis:
    art = dataclasses.replace(a.article, id=f"{a.article.id}-{k}")
    events = [dataclasses.replace(e, id=f"{e.id}-{k}", article_id=art.id, sources=()) for e in a.events]
    return dataclasses.replace(a, article=art, events=events, findings=[])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="articles per copy round (default 200)")
    ap.add_argument("--copies", type=int, default=12, help="copy rounds (default 12)")
    ap.add_argument("--batch", type=int, default=1, help="articles per transaction (default 1)")
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="FA-KES fakes.csv")
    args = ap.parse_args(argv)
    if not args.csv.exists():
        print(f"bench_store_writes: {args.csv} is absent (needs ../shared/eval/fakes beside the repo)", file=sys.stderr)
        return 2
    with args.csv.open(encoding="latin-1", newline="") as fh:
        texts = [r["article_content"] for r in csv.DictReader(fh) if (r.get("article_content") or "").strip()]
    with tempfile.TemporaryDirectory(prefix="frontlines-storebench-") as tmp:
        options = Options(data_dir=tmp, db_url=f"sqlite:///{Path(tmp) / 'bench.db'}", load_reference=False)
        fl = Frontlines(options)
        analyses = [fl.extract(fl.article_from_text(t)) for t in texts[: args.n]]
        print(f"{len(analyses)} articles, {sum(len(a.events) for a in analyses)} events per round", flush=True)
        store = open_store(options)
        rates = []
        try:
            for k in range(args.copies):
                t0 = time.perf_counter()
                copies = [copy_of(a, k) for a in analyses]
                if args.batch <= 1:
                    for a in copies:
                        store.save_analysis(a)
                else:
                    for i in range(0, len(copies), args.batch):
                        store.save_analyses(copies[i:i + args.batch])
                rates.append(len(analyses) / (time.perf_counter() - t0))
                print(f"round {k + 1}: {rates[-1]:.1f} saves/s", flush=True)
        finally:
            store.close()
            fl.close()
    if len(rates) > 2:
        print(f"last round / second round: {rates[-1] / rates[1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
