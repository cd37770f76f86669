"""The ``acled`` suite: control changes in ACLED-format CSV, exactly as ``../shared/eval/METRICS.md``.

Each row is one document: its ``notes`` go through the same pipeline a user runs
(``fl.article_from_text`` then ``fl.extract``), with no publication date and the theater country
given by the caller. Gold fields are read only to score. The control-state replay ingests every
row again, in ``event_date`` order with publication date = ``event_date``, into an empty store
(a second Frontlines session on a temporary SQLite file sharing the model, gazetteer and
lexicons), then asks that store who held each gold place between two gold changes. The replay
runs the pipeline a second time per row (with the publication date), so it doubles the run time;
``replay=False`` skips it (``control_state_accuracy`` is then null).
"""
from __future__ import annotations

import calendar
import csv
import logging
import re
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..errors import FrontlinesError, MalformedInput, MissingFile
from ..model import Event
from .common import (event_brief, km, median, prf, progress_start, progress_tick, ratio, report_error,
                     sample)

log = logging.getLogger(__name__)

GOV_REGAINS = "Government regains territory"
NONSTATE_OVERTAKES = "Non-state actor overtakes territory"
NONVIOLENT = "Non-violent transfer of territory"
GOLD_POSITIVE = (NONSTATE_OVERTAKES, GOV_REGAINS, NONVIOLENT)
REQUIRED_COLUMNS = ("event_id_cnty", "event_date", "sub_event_type", "notes", "latitude", "longitude",
                    "geo_precision")
#: the control-state query matches a store place within this distance of the gold point
CONTROL_MATCH_KM = 5.0
#: a date range counts for date_accuracy when it is at most this many days wide
DATE_MAX_DAYS = 7


@dataclass(frozen=True)
class AcledRow:
    path: str
    id: str
    event_date: date
    sub_event_type: str
    notes: str
    lat: float | None
    lon: float | None
    geo_precision: int | None
    inter1: str = ""

    @property
    def positive(self) -> bool:
        return self.sub_event_type in GOLD_POSITIVE

    @property
    def gainer_government(self) -> bool:
        """Gold: did the government gain the place? (Non-violent transfers: ACLED's actor1 type
        ``inter1`` = 1, state forces, is the government.)"""
        if self.sub_event_type == NONVIOLENT:
            return self.inter1.strip().split(".")[0] == "1"
        return self.sub_event_type == GOV_REGAINS

    @property
    def origin(self) -> str:
        return f"{self.path}#{self.id}"


def _date(value: str, where: str) -> date:
    value = value.strip()
    for fmt in ("%d %B %Y", "%Y-%m-%d", "%d-%B-%Y", "%B %d, %Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise MalformedInput(f"event_date {value!r} is not a date", doc=where,
                         fix="write event_date as '30 July 2017' or 2017-07-30")


def _float(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def read_acled(path: str | Path) -> list[AcledRow]:
    """The rows of one ACLED-format CSV file (coded errors name the file, row and column)."""
    p = Path(path)
    if not p.is_file():
        raise MissingFile("no such file", doc=str(p), fix="give the path of an ACLED-format CSV file")
    rows: list[AcledRow] = []
    try:
        with p.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise MalformedInput(f"missing column(s): {', '.join(missing)}", doc=str(p),
                                     fix="the acled suite needs ACLED's standard columns")
            for n, rec in enumerate(reader, start=2):
                where = f"{p}:{n}"
                gp = _float(rec.get("geo_precision") or "")
                rows.append(AcledRow(
                    path=str(path), id=(rec.get("event_id_cnty") or f"row{n}").strip(),
                    event_date=_date(rec.get("event_date") or "", where),
                    sub_event_type=(rec.get("sub_event_type") or "").strip(), notes=rec.get("notes") or "",
                    lat=_float(rec.get("latitude") or ""), lon=_float(rec.get("longitude") or ""),
                    geo_precision=None if gp is None else int(gp), inter1=rec.get("inter1") or ""))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise MalformedInput(f"cannot read CSV: {exc}", doc=str(p), fix="save the file as UTF-8 CSV") from exc
    return rows


def _gold_date_in_notes(row: AcledRow) -> bool:
    d = row.event_date
    pattern = rf"(?<!\d)0?{d.day} {calendar.month_name[d.month]} {d.year}(?!\d)"
    return re.search(pattern, row.notes) is not None


def _extract(fl: Any, row: AcledRow, country: str | None, published: date | None,
             errors: Any) -> list[Event]:
    try:
        article = fl.article_from_text(row.notes, origin=row.origin, published=published)
        return list(fl.extract(article, country=country).events)
    except FrontlinesError as exc:
        report_error(errors, {"suite": "acled", "kind": "failure", "id": row.origin, "text": row.notes,
                              "expected": row.sub_event_type, "got": str(exc)})
        return []


def _first_change(events: list[Event]) -> Event | None:
    return next((e for e in events if e.type == "control_change"), None)


def evaluate_acled(fl: Any, paths: list[str | Path], country: str | None = "SY", limit: int | None = None,
                   errors: Any = None, progress: Any = None, replay: bool = True) -> dict[str, Any]:
    """Score the pipeline on ACLED-format CSV files (see METRICS.md for every key)."""
    rows: list[AcledRow] = []
    for path in paths:
        rows.extend(sample(read_acled(path), limit, key=Path(path).name))
    progress_start(progress, len(rows) * (2 if replay else 1))
    _ = fl.pipeline  # start-up (model, gazetteer, lexicons) stays outside the timing
    t0 = time.perf_counter()
    predicted: list[Event | None] = []
    for row in rows:
        predicted.append(_first_change(_extract(fl, row, country, None, errors)))
        progress_tick(progress)
    elapsed = time.perf_counter() - t0

    tp = fp = fn = 0
    side_ok = side_n = side_unknown = 0
    loc10 = loc25 = loc_n = resolved = 0
    dists: list[float] = []
    date_ok = date_n = 0
    for row, ev in zip(rows, predicted):
        def miss(kind: str, expected: Any, got: Any) -> None:
            report_error(errors, {"suite": "acled", "kind": kind, "id": row.origin, "text": row.notes,
                                  "expected": expected, "got": got})

        if ev is None:
            if row.positive:
                fn += 1
                miss("false_negative", {"type": "control_change", "sub_event_type": row.sub_event_type}, None)
            continue
        if not row.positive:
            fp += 1
            miss("false_positive", {"sub_event_type": row.sub_event_type}, event_brief(ev))
            continue
        tp += 1
        # gainer side: government: true exactly when the government regained the place
        side_n += 1
        gov = ev.actor.government if ev.actor is not None else None
        side_unknown += gov is None
        if gov is not None and gov == row.gainer_government:  # unknown gainer = wrong (METRICS.md)
            side_ok += 1
        else:
            miss("gainer_side", {"government": row.gainer_government, "sub_event_type": row.sub_event_type},
                 event_brief(ev))
        if row.geo_precision == 1 and row.lat is not None and row.lon is not None:
            loc_n += 1
            place = ev.place
            if place is not None and place.lat is not None and place.lon is not None:
                resolved += 1
                d = km(place.lat, place.lon, row.lat, row.lon)
                dists.append(d)
                loc10 += d <= 10.0
                loc25 += d <= 25.0
                if d > 10.0:
                    miss("location", {"lat": row.lat, "lon": row.lon}, {**event_brief(ev)["place"], "km": round(d, 1)})
            else:
                miss("location", {"lat": row.lat, "lon": row.lon}, None)
        if _gold_date_in_notes(row):
            date_n += 1
            rng = ev.date
            if rng is not None and rng.contains(row.event_date) and rng.days <= DATE_MAX_DAYS:
                date_ok += 1
            else:
                miss("date", row.event_date.isoformat(), event_brief(ev)["date"])
    p, r, f = prf(tp, fp, fn)
    result: dict[str, Any] = {
        "rows": len(rows),
        "control_change_precision": p, "control_change_recall": r, "control_change_f1": f,
        "gainer_side_accuracy": ratio(side_ok, side_n),
        "location_acc_10km": ratio(loc10, loc_n), "location_acc_25km": ratio(loc25, loc_n),
        "location_median_km": median(dists), "location_resolved": ratio(resolved, loc_n),
        "date_accuracy": ratio(date_ok, date_n),
        "control_state_accuracy": None,
        "docs_per_s": round(len(rows) / elapsed, 4) if elapsed > 0 and rows else None,
        # extra keys: the counts behind the figures
        "true_positives": tp, "false_positives": fp, "false_negatives": fn,
        "gainer_side_rows": side_n, "gainer_side_unknown": side_unknown, "gainer_unknown": side_unknown, "location_rows": loc_n,
        "date_rows": date_n, "control_state_queries": 0, "country": country, "limit": limit,
    }
    if replay:
        acc, n_queries = _replay(fl, rows, country, errors, progress)
        result["control_state_accuracy"] = acc
        result["control_state_queries"] = n_queries
    return result


# ------------------------------------------------------------------------------------ replay
def _gold_pairs(rows: list[AcledRow]) -> list[tuple[tuple[float, float], AcledRow, AcledRow, date]]:
    """(gold point, earlier change, later change, midpoint date) for every place with two or
    more gold changes on different dates (geo_precision 1 rows only)."""
    by_place: dict[tuple[float, float], list[AcledRow]] = defaultdict(list)
    for row in rows:
        if row.positive and row.geo_precision == 1 and row.lat is not None and row.lon is not None:
            by_place[(round(row.lat, 3), round(row.lon, 3))].append(row)
    pairs = []
    for point, changes in sorted(by_place.items()):
        changes.sort(key=lambda r: (r.event_date, r.id))
        if len({c.event_date for c in changes}) < 2:
            continue
        for a, b in zip(changes, changes[1:]):
            if a.event_date == b.event_date:
                continue  # same-day changes: no period between them to ask about
            mid = a.event_date + timedelta(days=(b.event_date - a.event_date).days // 2)
            pairs.append((point, a, b, mid))
    return pairs


def _controller_near(periods: list[Any], lat: float, lon: float) -> tuple[bool | None, Any]:
    best, best_d = None, CONTROL_MATCH_KM
    for period in periods:
        place = period.place
        if place is None or place.lat is None or place.lon is None:
            continue
        d = km(place.lat, place.lon, lat, lon)
        if d <= best_d:
            best, best_d = period, d
    if best is None:
        return None, None
    return best.controller.government, best


def _replay(fl: Any, rows: list[AcledRow], country: str | None, errors: Any,
            progress: Any) -> tuple[float | None, int]:
    pairs = _gold_pairs(rows)
    with tempfile.TemporaryDirectory(prefix="frontlines-eval-") as tmp:
        opts = fl.options.replace(db_url=f"sqlite:///{Path(tmp) / 'replay.db'}", load_reference=False,
                                  data_dir=tmp)
        # a second session of the same class (frontlines.api.Frontlines) on the empty store
        fl2 = type(fl)(opts, nlp=fl.nlp, gazetteer=fl.gazetteer, lexicons=fl.lexicons)
        try:
            for row in sorted(rows, key=lambda r: (r.event_date, r.id)):
                try:
                    article = fl2.article_from_text(row.notes, origin=row.origin, published=row.event_date)
                    fl2.analyze_article(article, country=country, store=True)
                except FrontlinesError as exc:  # recorded; the replay goes on
                    log.warning("replay: %s", exc)
                progress_tick(progress)
            ok = 0
            maps: dict[date, list[Any]] = {}
            for (lat, lon), a, b, mid in pairs:
                if mid not in maps:
                    maps[mid] = list(fl2.control_map(mid))
                got, period = _controller_near(maps[mid], lat, lon)
                gold = a.gainer_government
                if got is not None and got == gold:
                    ok += 1
                else:
                    report_error(errors, {
                        "suite": "acled", "kind": "control_state", "id": f"{a.origin}..{b.id}",
                        "text": a.notes, "expected": {"government": gold, "at": mid.isoformat(),
                                                      "lat": lat, "lon": lon},
                        "got": None if period is None else {
                            "government": got, "controller": period.controller.name,
                            "place": period.place.name}})
        finally:
            fl2.close()
    return ratio(ok, len(pairs)), len(pairs)
