"""The ``plover`` suite: the event type of single sentences, exactly as ``../shared/eval/METRICS.md``.

Input: PLOVER gold-standard records (a JSON array, JSON-like: trailing commas are tolerated;
``DOCUMENT`` records are skipped). Each record's ``text`` is one document run through the normal
pipeline (no publication date, no theater country). The predicted type is the ``plover`` field of
the pipeline's first event (none when it emits no event or the event has no PLOVER code).
``supported_types`` are the PLOVER codes the pipeline's own event map can emit
(``fl.lexicons.plover_types()``); ``macro_f1`` averages the F1 of those of them that occur in the
gold records.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from ..errors import FrontlinesError, MalformedInput, MissingFile
from .common import (event_brief, prf, progress_start, progress_tick, ratio, report_error, sample,
                     strip_trailing_commas)


def read_plover(path: str | Path) -> list[dict[str, Any]]:
    """The event records of a PLOVER gold file (DOCUMENT records and records without text skipped)."""
    p = Path(path)
    if not p.is_file():
        raise MissingFile("no such file", doc=str(p), fix="give the path of a PLOVER gold-standard file")
    try:
        data = json.loads(strip_trailing_commas(p.read_text(encoding="utf-8-sig")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedInput(f"not PLOVER JSON: {exc}", doc=str(p),
                             fix="the plover suite reads a JSON array of records with 'event' and 'text'") from exc
    if isinstance(data, dict):
        data = data.get("records") or data.get("data") or [data]
    if not isinstance(data, list):
        raise MalformedInput("expected a JSON array of records", doc=str(p),
                             fix="the plover suite reads a JSON array of records with 'event' and 'text'")
    return [r for r in data if isinstance(r, dict) and r.get("event") and r.get("event") != "DOCUMENT"
            and isinstance(r.get("text"), str) and r["text"].strip()]


def supported_types(fl: Any) -> list[str]:
    """The PLOVER codes the pipeline can emit, from its own event map."""
    return sorted(str(t) for t in fl.lexicons.plover_types())


def evaluate_plover(fl: Any, paths: list[str | Path], limit: int | None = None, errors: Any = None,
                    progress: Any = None) -> dict[str, Any]:
    """Score the pipeline's event types on PLOVER gold records (see METRICS.md for every key)."""
    records: list[tuple[str, dict[str, Any]]] = []
    for path in paths:
        records.extend((str(path), r) for r in sample(read_plover(path), limit, key=Path(path).name))
    supported = supported_types(fl)
    progress_start(progress, len(records))
    _ = fl.pipeline  # start-up stays outside the timing
    t0 = time.perf_counter()
    pairs: list[tuple[str, str | None]] = []
    for n, (path, rec) in enumerate(records):
        gold = str(rec["event"])
        origin = f"{path}#{rec.get('id') or n}"
        got = None
        first = None
        try:
            article = fl.article_from_text(rec["text"], origin=origin)
            events = fl.extract(article).events
            first = events[0] if events else None
            got = first.plover if first is not None else None
        except FrontlinesError as exc:
            report_error(errors, {"suite": "plover", "kind": "failure", "id": origin, "text": rec["text"],
                                  "expected": gold, "got": str(exc)})
        pairs.append((gold, got))
        if got != gold:
            report_error(errors, {"suite": "plover", "kind": "event_type", "id": origin, "text": rec["text"],
                                  "expected": gold, "got": got, "event": event_brief(first)})
        progress_tick(progress)
    elapsed = time.perf_counter() - t0

    gold_types = sorted({g for g, _ in pairs} & set(supported))
    per_type: dict[str, dict[str, Any]] = {}
    f1s: list[float] = []
    for t in gold_types:
        tp = sum(1 for g, p in pairs if g == t and p == t)
        fp = sum(1 for g, p in pairs if g != t and p == t)
        fn = sum(1 for g, p in pairs if g == t and p != t)
        prec, rec_, f = prf(tp, fp, fn)
        per_type[t] = {"precision": prec, "recall": rec_, "f1": f, "support": tp + fn}
        f1s.append(f or 0.0)
    return {
        "records": len(pairs),
        "accuracy": ratio(sum(1 for g, p in pairs if g == p), len(pairs)),
        "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else None,
        "supported_types": supported,
        # extra keys
        "scored_types": gold_types,
        "per_type": per_type,
        "predicted_none": sum(1 for _, p in pairs if p is None),
        "docs_per_s": round(len(pairs) / elapsed, 4) if elapsed > 0 and pairs else None,
        "limit": limit,
    }
