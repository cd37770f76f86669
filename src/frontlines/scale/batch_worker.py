"""The worker side of batch runs: clean + extract a partition of raw documents.

Each Dask worker process holds ONE :class:`~frontlines.api.Frontlines` session, built by the
:class:`SessionPlugin` registered on the cluster (the plugin object is copied to every worker, so
each process has its own; nothing is kept in module globals). Workers never write to the store:
they return :class:`ItemResult` s (the typed Analysis or Failure, pickled) and the driver writes.
"""
from __future__ import annotations

import logging
import os
import sys
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from ..api import Frontlines
from ..errors import FrontlinesError
from ..model import Analysis, Failure
from ..options import Options

log = logging.getLogger(__name__)

PLUGIN_NAME = "frontlines-session"
#: environment of one-threaded numerical libraries (set before they start their thread pools)
ONE_THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                  "BLIS_NUM_THREADS": "1", "NUMEXPR_NUM_THREADS": "1", "VECLIB_MAXIMUM_THREADS": "1"}


@dataclass(frozen=True)
class WorkItem:
    """One document to analyse: ``raw`` is a RawDocument from ``Frontlines.iter_raw`` or plain text."""

    key: str
    raw: Any
    origin: str = ""


@dataclass(frozen=True)
class ItemResult:
    key: str
    analysis: Analysis | None = None
    failure: Failure | None = None
    seconds: float = 0.0


def limit_threads() -> None:
    """One thread for BLAS/OpenMP/torch in this process (env for pools not started yet; torch and
    threadpoolctl, where present, for those already running)."""
    for name, value in ONE_THREAD_ENV.items():
        os.environ[name] = value
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(1)


def warm(fl: Frontlines) -> None:
    """Load everything the pipeline needs (model, gazetteer, lexicons): start-up, not per document."""
    _ = fl.pipeline


def analyse_items(fl: Frontlines, items: list[WorkItem], *, published: date | None = None,
                  country: str | None = None) -> list[ItemResult]:
    """Clean + extract each item; a failure of one document is returned, never raised."""
    out = []
    for item in items:
        t0 = time.perf_counter()
        try:
            if isinstance(item.raw, str):
                article = fl.article_from_text(item.raw, published=published, origin=item.origin or item.key)
            else:
                article = fl.article_from_raw(item.raw, published=published)
            result = ItemResult(item.key, analysis=fl.extract(article, country=country))
        except FrontlinesError as exc:
            result = ItemResult(item.key, failure=Failure(doc=item.origin or item.key, stage=exc.stage,
                                                          code=exc.code, reason=str(exc)))
        except Exception as exc:  # noqa: BLE001 - a bug on one document must not lose the partition
            log.exception("%s: unexpected error", item.origin or item.key)
            why = " ".join(str(exc).split())[:200]
            result = ItemResult(item.key, failure=Failure(
                doc=item.origin or item.key, stage="extract", code="E200",
                reason=f"{item.origin or item.key}: unexpected {type(exc).__name__}: {why} "
                       "(fix: report this document as a bug)"))
        out.append(ItemResult(result.key, result.analysis, result.failure, time.perf_counter() - t0))
    return out


class SessionPlugin(WorkerPlugin):
    """Holds this worker process's Frontlines session (created at set-up when ``eager``, else on
    the first task)."""

    name = PLUGIN_NAME

    def __init__(self, options: Options, *, eager: bool = True) -> None:
        self.options = options
        self.eager = eager
        self._session: Frontlines | None = None

    def setup(self, worker: Any) -> None:
        limit_threads()
        if self.eager:
            self.session()

    def session(self) -> Frontlines:
        if self._session is None:
            fl = Frontlines(self.options)
            warm(fl)
            self._session = fl
        return self._session

    def teardown(self, worker: Any) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


def process_partition(items: list[WorkItem], published: date | None, country: str | None) -> list[ItemResult]:
    """The Dask task: analyse one partition with this worker's session."""
    from distributed import get_worker

    plugin = get_worker().plugins[PLUGIN_NAME]
    return analyse_items(plugin.session(), items, published=published, country=country)


def warm_worker(text: str, dask_worker: Any = None) -> float:
    """Analyse one warm-up document with this worker's session (lazy caches filled), as the
    single-process bench does before its clock starts; for ``Client.run``. Returns its seconds."""
    plugin = dask_worker.plugins[PLUGIN_NAME]
    t0 = time.perf_counter()
    analyse_items(plugin.session(), [WorkItem(key="warm-up", raw=text, origin="warm-up")])
    return time.perf_counter() - t0


def worker_peak_rss_mb() -> float:
    """Peak resident memory of the calling process, in MB: ``VmHWM`` of /proc/self/status where it
    exists (it belongs to this program image; ``ru_maxrss`` of a spawned worker also counts its
    parent's memory at fork time), else ``ru_maxrss`` (KiB on Linux)."""
    import resource

    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
