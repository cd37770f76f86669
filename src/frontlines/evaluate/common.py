"""Scoring helpers shared by the evaluation suites (``../shared/eval/METRICS.md``).

Conventions every suite follows:

* fractions are 0..1 rounded to 4 places; a figure whose denominator is zero is ``None`` (JSON null);
* ``limit`` = a fixed, seeded random sample of that many records per input file (seed
  :data:`SAMPLE_SEED`), kept in file order, so a quality gate sees the same records on every run;
* ``errors`` receives every miss as one JSON object (row id, text, expected, got): it may be a
  text stream (one JSON line is written per miss), a callable taking the dict, or None;
* ``progress`` is told how many records there are and ticks once per record: a tqdm-like object
  (``.total``, ``.update(n)``) or a callable ``progress(n)``; or None.
"""
from __future__ import annotations

import json
import math
import random
import statistics
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

#: seed of the per-file samples drawn for ``--limit N`` (changing it changes every sample)
SAMPLE_SEED = 20241206
EARTH_KM = 6371.0088

T = TypeVar("T")


def ratio(num: float, den: float) -> float | None:
    """num/den rounded to 4 places, None when den is zero."""
    return None if not den else round(num / den, 4)


def f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 0.0 if p + r == 0 else round(2 * p * r / (p + r), 4)


def prf(tp: int, fp: int, fn: int) -> tuple[float | None, float | None, float | None]:
    """Precision, recall and F1 from counts (None where a denominator is zero)."""
    p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
    return p, r, f1(p, r)


def median(values: Sequence[float]) -> float | None:
    return None if not values else round(statistics.median(values), 4)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def sample(items: list[T], limit: int | None, key: str = "") -> list[T]:
    """A fixed, seeded sample of ``limit`` items (all of them when limit is None or larger),
    in their original order. ``key`` (e.g. the file name) varies the sample between files."""
    if limit is None or limit >= len(items):
        return list(items)
    if limit <= 0:
        return []
    rng = random.Random(f"{SAMPLE_SEED}:{key}")
    keep = sorted(rng.sample(range(len(items)), limit))
    return [items[i] for i in keep]


def report_error(errors: Any, record: dict[str, Any]) -> None:
    """Hand one miss to ``errors`` (a text stream, a callable, or None)."""
    if errors is None:
        return
    if callable(errors) and not hasattr(errors, "write"):
        errors(record)
    else:
        errors.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")


def progress_start(progress: Any, total: int) -> None:
    if progress is not None and hasattr(progress, "total"):
        progress.total = total
        if hasattr(progress, "refresh"):
            progress.refresh()


def progress_tick(progress: Any, n: int = 1) -> None:
    if progress is None:
        return
    if hasattr(progress, "update"):
        progress.update(n)
    elif callable(progress):
        progress(n)


def strip_trailing_commas(text: str) -> str:
    """Remove commas that directly precede ``]`` or ``}`` outside JSON strings (the PLOVER gold
    file is JSON-like with such commas)."""
    out: list[str] = []
    in_str = esc = False
    pending: list[str] = []  # a comma and the whitespace after it, not yet written
    for ch in text:
        if in_str:
            out.append(ch)
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
            continue
        if pending:
            if ch.isspace():
                pending.append(ch)
                continue
            if ch in "]}":
                out.extend(pending[1:])
            else:
                out.extend(pending)
            pending = []
        if ch == ",":
            pending = [ch]
            continue
        out.append(ch)
        if ch == '"':
            in_str = True
    out.extend(pending)
    return "".join(out)


def event_brief(event: Any) -> dict[str, Any] | None:
    """A short, JSON-ready description of a predicted event for the errors file."""
    if event is None:
        return None
    place = event.place
    return {
        "type": event.type, "plover": event.plover,
        "actor": None if event.actor is None else {"name": event.actor.name, "faction": event.actor.faction,
                                                   "government": event.actor.government},
        "place": None if place is None else {"name": place.name, "lat": place.lat, "lon": place.lon,
                                             "precision": place.precision},
        "date": None if event.date is None else {"start": event.date.start.isoformat(),
                                                 "end": event.date.end.isoformat(),
                                                 "precision": event.date.precision, "text": event.date.text},
        "evidence": event.evidence.sentence if event.evidence else None,
    }


Callback = Callable[[dict[str, Any]], None]
