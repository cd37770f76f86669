"""Reference records: ACLED and UCDP GED exports (their standard column layouts) imported as
events with their own source tag, and the bundled curated Syria record (:mod:`.curated`).

    report = import_files("acled", ["acled_syria.csv"], store, options)
    report.imported, report.added, report.skipped, report.errors

A malformed row (a bad date, coordinate or number, an empty required cell) is reported with its
file, row number and column, and the good rows are imported; a file without the required columns
is reported as a whole and the other files are still imported.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import FrontlinesError, ImportFormatError
from .tabular import Cells, ImportReport, RowError, open_rows

log = logging.getLogger(__name__)
KINDS = ("acled", "ucdp")
CHUNK = 5000

__all__ = ["ImportReport", "KINDS", "import_files", "read_events"]


def _module(kind: str) -> Any:
    if kind == "acled":
        from . import acled

        return acled
    if kind == "ucdp":
        from . import ucdp

        return ucdp
    raise ImportFormatError(f"unknown reference format {kind!r}", doc=kind,
                            fix=f"use one of: {', '.join(KINDS)}")


def read_events(kind: str, path: str | Path, mapper: Any, report: ImportReport) -> Iterable[Any]:
    """Events of one file, row by row; malformed rows go to ``report.errors``."""
    module = _module(kind)
    path = Path(path)
    try:
        for rownum, row in open_rows(path, module.REQUIRED):
            report.rows += 1
            try:
                event = mapper(Cells(path, rownum, row))
            except RowError as exc:
                report.skipped += 1
                report.errors.append(str(exc))
                log.warning("%s", exc)
                continue
            if event is None:
                report.skipped += 1
                continue
            yield event
    except FrontlinesError as exc:  # the whole file (missing, unreadable, no required columns)
        report.errors.append(str(exc))
        log.warning("%s", exc)


def import_files(kind: str, paths: Iterable[str | Path], store: Any, options: Any) -> ImportReport:
    """Import ACLED (``kind="acled"``) or UCDP GED (``kind="ucdp"``) CSV files into the store."""
    kind = kind.lower().strip()
    module = _module(kind)
    from ..lexicons import load_lexicons

    mapper = module.mapper(load_lexicons(getattr(options, "lexicon_dir", "") or None))
    report = ImportReport(kind=kind)
    for p in paths:
        report.files.append(str(p))
        batch = []
        for event in read_events(kind, p, mapper, report):
            batch.append(event)
            if len(batch) >= CHUNK:
                report.imported += len(batch)
                report.added += store.add_reference_events(batch, kind)
                batch = []
        if batch:
            report.imported += len(batch)
            report.added += store.add_reference_events(batch, kind)
    log.info("imported %s: %d rows, %d events (%d new), %d skipped, %d errors", kind, report.rows,
             report.imported, report.added, report.skipped, len(report.errors))
    return report
