"""Batch runs on Dask distributed: directories of text/HTML, JSON Lines and WARC files.

How a run goes
--------------
The driver (this process) streams raw documents (key + bytes + hints) from the inputs
(``Frontlines.iter_raw``), skips the keys already done in an earlier run, cuts the rest into
partitions of at most ``partition_size`` documents (and ``partition_bytes`` bytes), and keeps at
most ``max_in_flight`` partitions submitted at once, so memory stays flat whatever the corpus
size. Each worker process holds one Frontlines session (a worker plugin, see
:mod:`frontlines.scale.batch_worker`), cleans and extracts, and returns typed results. The driver
is the single writer: it saves each analysis to the store, appends its events to
``<out>/events.jsonl``, and only then records the document's key as done (``seen`` kind
``batch``). A per-document failure goes to ``<out>/rejects.jsonl`` (id, stage, code, reason) and
to the store's failures; a partition whose worker crashed is retried once, then its documents are
rejected (stage ``worker``; they are not marked done, so the next run tries them again). Killing
a run (even SIGKILL) and starting it again processes only what was not done; article ids are
content hashes and saving is idempotent, so the store holds no duplicates (``events.jsonl`` may
repeat the events of the few documents saved but not yet marked done when the run was killed).

Where it runs
-------------
By default a ``LocalCluster`` of ``workers`` processes with one thread each is started for the
run. To use an existing cluster, give its scheduler address (``--scheduler tcp://host:8786``)::

    dask scheduler --port 8786                                   # on one machine
    dask worker tcp://HOST:8786 --nworkers 2 --nthreads 1        # on each machine, same venv
    frontlines batch corpus/ --scheduler tcp://HOST:8786 --out run1/

Every worker machine needs frontlines installed with the same spaCy model (``make setup``); the
driver ships the documents' bytes, so workers need no access to the input files, and only the
driver touches the store.
"""
from __future__ import annotations

import contextlib
import itertools
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from ..api import Frontlines
from ..errors import FrontlinesError, ScaleError
from ..model import Failure, to_dict
from .batch_worker import ONE_THREAD_ENV, ItemResult, SessionPlugin, WorkItem, process_partition

log = logging.getLogger(__name__)

DONE_KIND = "batch"


@dataclass
class BatchConfig:
    workers: int = 2
    scheduler: str | None = None  # tcp://host:8786 of an existing cluster; None = LocalCluster
    out: str | None = None  # directory for events.jsonl and rejects.jsonl
    country: str | None = None
    published: date | None = None
    partition_size: int = 16
    partition_bytes: int = 8_000_000
    max_in_flight: int | None = None  # partitions submitted at once; None = 2 per worker + 1
    store: bool = True  # False: nothing is written to the store and nothing is skipped (bench)
    on_progress: Callable[[int], None] | None = None  # called with the number of documents just finished


@dataclass
class BatchStats:
    done: int = 0  # analysed and saved
    events: int = 0
    rejected: int = 0
    skipped: int = 0  # already done in an earlier run
    crashed_partitions: int = 0
    seconds: float = 0.0
    rejects: list[Failure] = field(default_factory=list)  # the first 100 (all are in rejects.jsonl)


#: Dask settings of the local cluster (see start_client). Dask's statistical profiler samples every
#: worker's stack every 10 ms and keeps an hour of call trees: it costs CPU and grew a worker's
#: memory by ~10 MB per 1,000 documents here. The system monitors (psutil every 500 ms in the
#: scheduler, each nanny and each worker: dashboard figures), the nannies' memory polls (every
#: 100 ms) and the event-loop tick (every 20 ms) took a measurable share of the driver's CPU, which
#: on a small machine is taken from the workers; they run less often (memory limits still apply).
#: Dask also starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``; setting any glibc malloc
#: threshold turns off glibc's adaptive mmap threshold, so every block over 128 KiB (spaCy's parser
#: arrays) was mapped and unmapped on each use: ~270,000 page faults and ~0.65 s of system time per
#: worker on the 804 FA-KES articles, against ~3,000 faults in one plain process. The variable is
#: unset (None removes it), so workers allocate as a plain process does; their memory stays flat.
LOCAL_CLUSTER_CONFIG = {"distributed.worker.profile.enabled": False,
                        "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                        "distributed.admin.system-monitor.interval": "10s",
                        "distributed.worker.memory.monitor-interval": "1s",
                        "distributed.admin.tick.interval": "500ms"}


def _env_name(key: str) -> str:
    """The environment variable of a Dask setting (how spawned worker processes receive it)."""
    return "DASK_" + "__".join(part.upper().replace("-", "_") for part in key.split("."))


def start_client(config: BatchConfig) -> Any:
    """A distributed Client: to the given scheduler, or to a new LocalCluster (one thread per worker)."""
    import dask
    from distributed import Client, LocalCluster

    if config.scheduler:
        try:
            return Client(config.scheduler, timeout="30s")
        except OSError as exc:
            raise ScaleError(f"cannot reach the Dask scheduler at {config.scheduler}: {exc}",
                             fix="start it with `dask scheduler` and workers with `dask worker ADDRESS`, "
                                 "or leave out --scheduler for a local cluster") from exc
    env = {**ONE_THREAD_ENV, **{_env_name(k): str(v) for k, v in LOCAL_CLUSTER_CONFIG.items()
                                  if v is not None}}
    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        cluster = LocalCluster(n_workers=max(1, config.workers), threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=":0", silence_logs=logging.ERROR, env=env)
    return Client(cluster)


def close_client(client: Any) -> None:
    cluster = client.cluster  # None for a client of an external scheduler: leave that cluster running
    client.close()
    if cluster is not None:
        cluster.close()


class Sink:
    """The single writer: store, ``events.jsonl``, ``rejects.jsonl``."""

    def __init__(self, fl: Frontlines, config: BatchConfig, stats: BatchStats) -> None:
        self.fl = fl
        self.config = config
        self.stats = stats
        self._events: TextIO | None = None
        self._rejects: TextIO | None = None
        if config.out:
            out = Path(config.out)
            out.mkdir(parents=True, exist_ok=True)
            self._events = (out / "events.jsonl").open("a", encoding="utf-8")
            self._rejects = (out / "rejects.jsonl").open("a", encoding="utf-8")

    def close(self) -> None:
        for f in (self._events, self._rejects):
            if f is not None:
                f.close()

    def results(self, results: list[ItemResult]) -> None:
        """One partition's results: failures rejected; analyses saved in one store transaction
        (one by one if that fails, so a bad document costs only itself), their events appended to
        ``events.jsonl``, and only then their keys marked done."""
        ok = [r for r in results if r.failure is None]
        for r in results:
            if r.failure is not None:
                self.reject(r.key, r.failure, done=True)
        if not ok:
            return
        saved = [(r, None) for r in ok]
        if self.config.store:
            outcomes = self.fl.store.save_analyses([r.analysis for r in ok])
            saved = list(zip(ok, outcomes))
        done: list[ItemResult] = []
        for r, outcome in saved:
            if isinstance(outcome, FrontlinesError):  # not marked done, so a rerun retries it
                self.reject(r.key, Failure(doc=r.analysis.article.origin or r.key, stage=outcome.stage,
                                           code=outcome.code, reason=str(outcome)), done=False)
                continue
            if self._events is not None:
                for e in r.analysis.events:
                    self._events.write(json.dumps(to_dict(e), ensure_ascii=False) + "\n")
            done.append(r)
        if self._events is not None:
            self._events.flush()
        if self.config.store and done:
            self.fl.store.mark_seen_many([r.key for r in done], DONE_KIND)  # only after the analyses are saved
        for r in done:
            self.stats.done += 1
            self.stats.events += len(r.analysis.events)
            self._progress()

    def reject(self, key: str, failure: Failure, *, done: bool) -> None:
        log.warning("rejected %s: %s", key, failure.reason)
        if self._rejects is not None:
            self._rejects.write(json.dumps({"id": key, "doc": failure.doc, "stage": failure.stage,
                                            "code": failure.code, "reason": failure.reason},
                                           ensure_ascii=False) + "\n")
            self._rejects.flush()
        if self.config.store:
            self.fl.store.record_failure(failure)
            if done:
                self.fl.store.mark_seen(key, DONE_KIND)
        self.stats.rejected += 1
        if len(self.stats.rejects) < 100:
            self.stats.rejects.append(failure)
        self._progress()

    def skip(self) -> None:
        self.stats.skipped += 1
        self._progress()

    def _progress(self) -> None:
        if self.config.on_progress is not None:
            self.config.on_progress(1)


def work_items(fl: Frontlines, inputs: Iterable[str | Path], sink: Sink, *, skip_done: bool) -> Iterator[WorkItem]:
    """Raw documents not done yet; read failures go straight to the sink."""
    for raw in fl.iter_raw(inputs):
        if isinstance(raw, Failure):
            if skip_done and fl.store.seen(raw.doc, DONE_KIND):
                sink.skip()
            else:
                sink.reject(raw.doc, raw, done=True)
            continue
        if skip_done and fl.store.seen(raw.key, DONE_KIND):
            sink.skip()
            continue
        yield WorkItem(key=raw.key, raw=raw, origin=raw.origin)


def partitions(items: Iterable[WorkItem], size: int, max_bytes: int) -> Iterator[list[WorkItem]]:
    part: list[WorkItem] = []
    nbytes = 0
    for item in items:
        n = len(item.raw) if isinstance(item.raw, str) else len(item.raw.data)
        if part and (len(part) >= size or nbytes + n > max_bytes):
            yield part
            part, nbytes = [], 0
        part.append(item)
        nbytes += n
    if part:
        yield part


class PartitionRunner:
    """Submits partitions with a bound on those in flight, and hands EVERY partition's results to
    ``handle`` (a list of ItemResult, one per document)."""

    def __init__(self, client: Any, handle: Callable[[list[ItemResult]], None],
                 reject: Callable[[str, Failure], None], *, max_in_flight: int, published: date | None,
                 country: str | None, stats: BatchStats) -> None:
        from distributed import as_completed

        self.client = client
        self.handle = handle
        self.reject = reject
        self.max_in_flight = max(1, max_in_flight)
        self.published = published
        self.country = country
        self.stats = stats
        self._ac = as_completed()
        self._pending: dict[str, tuple[list[WorkItem], int]] = {}  # future key -> (partition, attempt)

    def submit(self, part: list[WorkItem], attempt: int = 0) -> None:
        while len(self._pending) >= self.max_in_flight:
            self._collect_one()
        fut = self.client.submit(process_partition, part, self.published, self.country, pure=False)
        self._pending[fut.key] = (part, attempt)
        self._ac.add(fut)

    def drain(self) -> None:
        while self._pending:
            self._collect_one()

    def _collect_one(self) -> None:
        fut = next(self._ac)
        part, attempt = self._pending.pop(fut.key)
        try:
            results = fut.result()
        except Exception as exc:  # noqa: BLE001 - a worker crash, KilledWorker, a lost connection
            fut.release()
            self.stats.crashed_partitions += 1
            if attempt == 0:
                log.warning("partition of %d documents failed on a worker (%s: %s); retrying once",
                            len(part), type(exc).__name__, exc)
                self.submit(part, attempt=1)
                return
            log.error("partition of %d documents failed twice (%s: %s); rejecting its documents",
                      len(part), type(exc).__name__, exc)
            for item in part:
                self.reject(item.key, Failure(
                    doc=item.origin or item.key, stage="worker", code=ScaleError.code,
                    reason=f"{item.origin or item.key}: the worker processing it failed twice "
                           f"({type(exc).__name__}: {exc}) (fix: rerun the batch; it retries rejected "
                           "worker failures)"))
            return
        fut.release()
        self.handle(results)


def run_batch(fl: Frontlines, inputs: Iterable[str | Path], config: BatchConfig | None = None, *,
              client: Any = None) -> BatchStats:
    """Analyse every document of ``inputs`` on a Dask cluster; see the module doc. ``client``: an
    existing distributed Client (its workers get the session plugin); else one is started."""
    config = config or BatchConfig()
    stats = BatchStats()
    t0 = time.perf_counter()
    sink = Sink(fl, config, stats)
    with contextlib.ExitStack() as stack:
        stack.callback(sink.close)
        items = work_items(fl, inputs, sink, skip_done=config.store)
        parts = partitions(items, max(1, config.partition_size), config.partition_bytes)
        first = next(parts, None)
        if first is None:  # everything done already (or rejected while reading): no cluster needed
            stats.seconds = time.perf_counter() - t0
            return stats
        if client is None:
            if not config.scheduler:  # local workers load the gazetteer from the cache, never build it twice
                fl.prepare_gazetteer_cache()
            client = start_client(config)
            stack.callback(close_client, client)
        client.register_plugin(SessionPlugin(fl.options), name=SessionPlugin.name)
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or config.workers)
        runner = PartitionRunner(
            client, sink.results, lambda key, failure: sink.reject(key, failure, done=False),
            max_in_flight=config.max_in_flight or 2 * n_workers + 1, published=config.published,
            country=config.country, stats=stats)
        for part in itertools.chain([first], parts):
            runner.submit(part)
        runner.drain()
    stats.seconds = time.perf_counter() - t0
    return stats


def count_documents(inputs: Iterable[str | Path]) -> int | None:
    """A cheap count of the documents in ``inputs`` for a progress bar (JSON Lines lines, files),
    or None when it is not cheap (WARC, compressed files, standard input)."""
    total = 0
    for p in inputs:
        path = Path(p)
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for f in files:
            name = f.name.lower()
            if str(p) == "-" or not f.exists() or name.endswith((".warc", ".gz", ".arc", ".xml", ".rss", ".atom")):
                return None
            if f.name.startswith("."):
                continue
            if name.endswith((".jsonl", ".ndjson")):
                with f.open("rb") as fh:
                    total += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
            else:
                total += 1
    return total
