"""frontlines batch INPUT... : analyse a corpus on Dask (local cluster or --scheduler ADDRESS).

Point it at an existing cluster: ``dask scheduler --port 8786`` on one machine, ``dask worker
tcp://HOST:8786 --nworkers 2 --nthreads 1`` on each machine (frontlines installed), then
``frontlines batch corpus/ --scheduler tcp://HOST:8786``. See :mod:`frontlines.scale.batch`.
"""
from __future__ import annotations

import logging
import sys

from .common import iso_date


def quiet_dask(args) -> None:
    """Dask logs its cluster's life at INFO; show it only with -v."""
    if not getattr(args, "verbose", 0):
        logging.getLogger("distributed").setLevel(logging.WARNING)


def register(sub) -> None:
    p = sub.add_parser("batch", help="analyse a corpus (directories, JSON Lines, WARC) on Dask, resumable",
                       description="Analyse every document of the inputs into the store on a Dask cluster. "
                       "Killing a run and starting it again processes only what was not done.")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="directory of text/HTML, JSON Lines or WARC file")
    p.add_argument("--workers", type=int, default=2, metavar="N", help="local worker processes (default 2)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="existing Dask scheduler, e.g. tcp://host:8786")
    p.add_argument("--out", metavar="DIR", help="write events.jsonl and rejects.jsonl here")
    p.add_argument("--country", metavar="CC", help="theater country, ISO 3166 alpha-2 (default: infer)")
    p.add_argument("--published", type=iso_date, metavar="YYYY-MM-DD",
                   help="publication date, overriding the documents' own")
    p.add_argument("--partition-size", type=int, default=16, metavar="N", help="documents per task (default 16)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def run(args, fl) -> int:
    quiet_dask(args)
    from tqdm import tqdm

    from ..scale.batch import BatchConfig, count_documents, run_batch

    total = None if args.no_progress else count_documents(args.inputs)
    with tqdm(total=total, unit="doc", file=sys.stderr, disable=args.no_progress, dynamic_ncols=True,
              desc="batch") as bar:
        config = BatchConfig(workers=args.workers, scheduler=args.scheduler, out=args.out, country=args.country,
                             published=args.published, partition_size=args.partition_size,
                             on_progress=bar.update)
        stats = run_batch(fl, args.inputs, config)
    rate = stats.done / stats.seconds if stats.seconds else 0.0
    print(f"batch: {stats.done} analysed ({stats.events} events), {stats.rejected} rejected, "
          f"{stats.skipped} already done; {stats.seconds:.1f} s, {rate:.2f} docs/s"
          + (f"; {stats.crashed_partitions} worker failure(s)" if stats.crashed_partitions else ""))
    if stats.rejected and args.out:
        print(f"rejected documents: {args.out}/rejects.jsonl", file=sys.stderr)
    return 1 if stats.rejected else 0
