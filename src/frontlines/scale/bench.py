"""``frontlines bench``: speed of the full analysis, as ../shared/eval/METRICS.md (``bench``) defines it.

Corpus: FA-KES ``fakes.csv`` (column ``article_content``, read as latin-1) or JSON Lines with a
``text`` field; ``limit`` keeps the first N texts.

What is measured (start-up is never in a rate: the model, gazetteer and lexicons are loaded and
one warm-up document is analysed before the clock starts):

- ``articles_per_s``: the full analysis of every text in this process with ONE thread
  (BLAS/OpenMP/torch limited to one): ingest cleaning (``Frontlines.article_from_text``: encoding
  repair, boilerplate removal, metadata, article id) then extraction (``Frontlines.extract``: the
  spaCy parse and every stage: places, actors, dates, events). No store writes: storing is I/O of
  the chosen database, not analysis.
- ``peak_rss_mb``: peak resident memory of this process (``VmHWM``) right after that run,
  i.e. one analysing process with everything loaded (before the baseline loads a second model;
  with ``workers`` it also holds this process's share of the local cluster: scheduler and nannies,
  a few MB, so it is an upper bound).
- ``baseline_articles_per_s`` (``baseline``): ``spacy.load(options.spacy_model)`` then
  ``nlp.pipe`` over the same texts, in the same process, same thread limits; ``ratio`` =
  articles_per_s / baseline_articles_per_s.
- ``parallel_articles_per_s`` (``workers`` N): the same texts through the batch machinery
  (:mod:`frontlines.scale.batch`: partitions of 16, bounded in-flight futures) on a Dask
  LocalCluster of N one-thread worker processes, WITHOUT the store (results are collected by the
  driver and dropped); cluster start-up, the workers' model loading and one warm-up document per
  worker (as for ``articles_per_s``) are excluded.
  ``parallel_worker_peak_rss_mb`` is the largest worker's peak RSS; ``speedup`` =
  parallel_articles_per_s / articles_per_s.

Order, with ``workers``: the single-process run is split in two halves of the corpus (the texts
at even and at odd positions, so both halves are alike), one timed before the parallel run and one
after it (``single_halves_articles_per_s``), so ``speedup`` compares rates measured around the
same moment: this virtual machine's single-thread rate drifts by up to ~15% within minutes (two
consecutive identical runs gave 31.7 and 27.2 articles/s), which swung the speedup of the plain
order (all single, then parallel) between 1.55 and 2.12. Both halves together are still every text
once, so ``articles_per_s`` is the same figure.

Rates are wall-clock, as METRICS.md asks. On a shared machine the process CPU time is steadier,
so ``articles_per_cpu_s``, ``baseline_articles_per_cpu_s`` and ``ratio_cpu`` are reported too.
"""
from __future__ import annotations

import csv
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..api import Frontlines
from ..errors import InputError, MalformedInput, MissingFile
from ..model import Failure
from .batch_worker import WorkItem, analyse_items, limit_threads, warm, warm_worker, worker_peak_rss_mb

log = logging.getLogger(__name__)


@dataclass
class BenchConfig:
    baseline: bool = False
    workers: int = 0
    limit: int | None = None
    on_progress: Callable[[int], None] | None = None


def read_texts(path: str | Path, limit: int | None = None) -> list[str]:
    """The corpus texts: FA-KES CSV (``article_content``, latin-1) or JSON Lines (``text``)."""
    p = Path(path)
    if not p.is_file():
        raise MissingFile("no such file", doc=str(p), fix="give fakes.csv or a JSON Lines file with a text field")
    texts: list[str] = []
    if p.suffix.lower() == ".csv":
        with p.open(encoding="latin-1", newline="") as fh:
            reader = csv.DictReader(fh)
            if "article_content" not in (reader.fieldnames or []):
                raise MalformedInput("no article_content column", doc=str(p),
                                     fix="give the FA-KES fakes.csv (or JSON Lines with a text field)")
            for row in reader:
                if limit is not None and len(texts) >= limit:
                    break
                if (row.get("article_content") or "").strip():
                    texts.append(row["article_content"])
        return texts
    with p.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if limit is not None and len(texts) >= limit:
                break
            if not line.strip():
                continue
            try:
                text = json.loads(line).get("text")
            except (ValueError, AttributeError) as exc:
                raise MalformedInput(f"line {n} is not a JSON object", doc=str(p),
                                     fix="one JSON object with a text field per line") from exc
            if isinstance(text, str) and text.strip():
                texts.append(text)
    return texts


def _items(texts: list[str]) -> list[WorkItem]:
    return [WorkItem(key=f"bench:{i}", raw=t, origin=f"bench:{i}") for i, t in enumerate(texts)]


def bench_single(fl: Frontlines, texts: list[str], on_progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    warm(fl)
    if texts:
        analyse_items(fl, _items(texts[:1]))  # warm-up document (lazy caches), not timed
    failures = 0
    events = 0
    c0 = time.process_time()
    t0 = time.perf_counter()
    for item in _items(texts):
        (r,) = analyse_items(fl, [item])
        if r.failure is not None:
            failures += 1
        else:
            events += len(r.analysis.events)
        if on_progress:
            on_progress(1)
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {"articles_per_s": _rate(len(texts), elapsed), "seconds": round(elapsed, 3),
            "articles_per_cpu_s": _rate(len(texts), cpu), "cpu_seconds": round(cpu, 3),
            "failures": failures, "events": events}


def _rate(n: int, seconds: float) -> float | None:
    return round(n / seconds, 3) if seconds > 0 else None


def bench_baseline(model: str, texts: list[str]) -> dict[str, Any]:
    import spacy

    nlp = spacy.load(model)
    for _ in nlp.pipe(texts[:1]):  # warm-up, not timed
        pass
    c0 = time.process_time()
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {"baseline_articles_per_s": _rate(len(texts), elapsed), "baseline_seconds": round(elapsed, 3),
            "baseline_articles_per_cpu_s": _rate(len(texts), cpu)}


def bench_parallel(fl: Frontlines, texts: list[str], workers: int,
                   on_progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    from .batch import BatchConfig, BatchStats, PartitionRunner, close_client, partitions, start_client
    from .batch_worker import SessionPlugin

    config = BatchConfig(workers=workers, store=False)
    client = start_client(config)
    try:
        client.register_plugin(SessionPlugin(fl.options, eager=True), name=SessionPlugin.name)  # loads models
        client.wait_for_workers(workers)
        client.run(warm_worker, texts[0])  # each worker's warm-up document, as bench_single's: not timed
        stats = BatchStats()
        done = {"n": 0, "failed": 0, "seconds": 0.0}

        def handle(results: list[Any]) -> None:
            for r in results:
                done["seconds"] += r.seconds
                done["n"] += 1
                done["failed"] += r.failure is not None
                if on_progress:
                    on_progress(1)

        def reject(key: str, failure: Failure) -> None:
            done["failed"] += 1

        runner = PartitionRunner(client, handle, reject, max_in_flight=2 * workers + 1, published=None,
                                 country=None, stats=stats)
        w0 = client.run(process_cpu_s)
        c0 = time.process_time()
        t0 = time.perf_counter()
        for part in partitions(_items(texts), config.partition_size, config.partition_bytes):
            runner.submit(part)
        runner.drain()
        elapsed = time.perf_counter() - t0
        driver_cpu = time.process_time() - c0
        w1 = client.run(process_cpu_s)
        rss = client.run(worker_peak_rss_mb)
    finally:
        close_client(client)
    return {"parallel_articles_per_s": round(len(texts) / elapsed, 3) if elapsed > 0 else None,
            "parallel_seconds": round(elapsed, 3), "parallel_workers": workers,
            "parallel_failures": done["failed"],
            "parallel_driver_cpu_s": round(driver_cpu, 3), "parallel_document_s": round(done["seconds"], 3),
            "parallel_workers_cpu_s": round(sum(w1[k] - w0.get(k, 0.0) for k in w1), 3),
            "parallel_worker_peak_rss_mb": round(max(rss.values()), 1) if rss else None}


def process_cpu_s(dask_worker: Any = None) -> float:
    """CPU seconds (all threads) of the calling process; for ``Client.run``."""
    return time.process_time()


def _combine(a: dict[str, Any], b: dict[str, Any] | None, n: int) -> dict[str, Any]:
    """One single-process figure set from the two halves of the corpus."""
    if b is None:
        return {**a, "single_halves_articles_per_s": [a["articles_per_s"]]}
    seconds = a["seconds"] + b["seconds"]
    cpu = a["cpu_seconds"] + b["cpu_seconds"]
    return {"articles_per_s": _rate(n, seconds), "seconds": round(seconds, 3),
            "articles_per_cpu_s": _rate(n, cpu), "cpu_seconds": round(cpu, 3),
            "failures": a["failures"] + b["failures"],
            "events": a["events"] + b["events"],
            "single_halves_articles_per_s": [a["articles_per_s"], b["articles_per_s"]]}


def run_bench(fl: Frontlines, path: str | Path, config: BenchConfig | None = None) -> dict[str, Any]:
    """All figures of the ``bench`` section of METRICS.md, as one dict (see the module doc)."""
    config = config or BenchConfig()
    limit_threads()
    texts = read_texts(path, config.limit)
    if not texts:
        raise InputError("no texts in the corpus", doc=str(path), fix="give a non-empty corpus")
    result: dict[str, Any] = {"articles": len(texts), "corpus": str(path), "threads": 1,
                              "includes": "ingest cleaning + extraction; no store writes"}
    parallel = bool(config.workers and config.workers > 0)
    halves = (texts[0::2], texts[1::2]) if parallel and len(texts) > 1 else (texts, [])
    first = bench_single(fl, halves[0], config.on_progress)
    par = bench_parallel(fl, texts, config.workers, config.on_progress) if parallel else {}
    second = bench_single(fl, halves[1], config.on_progress) if halves[1] else None
    result.update(_combine(first, second, len(texts)))
    result["peak_rss_mb"] = round(worker_peak_rss_mb(), 1)
    if config.baseline:
        result.update(bench_baseline(fl.options.spacy_model, texts))
        base = result.get("baseline_articles_per_s")
        result["ratio"] = round(result["articles_per_s"] / base, 3) if base and result["articles_per_s"] else None
        cbase, cown = result.get("baseline_articles_per_cpu_s"), result.get("articles_per_cpu_s")
        result["ratio_cpu"] = round(cown / cbase, 3) if cbase and cown else None
    if parallel:
        result.update(par)
        rate = result.get("parallel_articles_per_s")
        result["speedup"] = round(rate / result["articles_per_s"], 3) if rate and result["articles_per_s"] else None
    result["peak_rss_mb_end"] = round(worker_peak_rss_mb(), 1)
    return result
