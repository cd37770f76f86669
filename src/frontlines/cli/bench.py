"""frontlines bench PATH : speed of the full analysis (../shared/eval/METRICS.md, ``bench``)."""
from __future__ import annotations

import sys

from .batch import quiet_dask
from .common import print_json


def register(sub) -> None:
    p = sub.add_parser("bench", help="measure analysis speed (FA-KES fakes.csv or JSON Lines with text)",
                       description="Articles per second of the full analysis on one thread, peak memory; "
                       "--baseline: plain spaCy on the same texts; --workers N: the Dask local cluster.")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--baseline", action="store_true", help="also time plain spacy.load + nlp.pipe")
    p.add_argument("--workers", type=int, default=0, metavar="N", help="also time N local Dask workers")
    p.add_argument("--limit", type=int, metavar="N", help="first N texts only")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object (last line)")
    p.set_defaults(func=run)


def run(args, fl) -> int:
    quiet_dask(args)
    from tqdm import tqdm

    from ..scale.bench import BenchConfig, run_bench

    with tqdm(unit="doc", file=sys.stderr, disable=not sys.stderr.isatty(), desc="bench") as bar:
        figures = run_bench(fl, args.path, BenchConfig(baseline=args.baseline, workers=args.workers,
                                                       limit=args.limit, on_progress=bar.update))
    if args.json:
        print_json(figures)
    else:
        for key, value in figures.items():
            print(f"{key:30} {value}")
    return 0
