"""Exports of stored events: ACLED-style CSV, GeoJSON, JSON Lines; and control periods as GeoJSON.

CSV: ACLED's column names where one applies (``event_id_cnty, event_date, time_precision,
event_type, sub_event_type, actor1, actor2, iso, country, admin1, location, latitude, longitude,
geo_precision, source, notes, fatalities``) followed by frontlines' own columns (prefixed
``fl_``). ``event_date`` is the day for day-precise events, else the middle of the date range
(the range itself is in ``fl_date_start``/``fl_date_end``). GeoJSON: a FeatureCollection of Points
whose properties are the event's JSON shape (``model.to_dict``); events without coordinates have a
null geometry. JSON Lines: one ``model.to_dict`` event per line (``model.event_from_dict`` reads it
back).
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import timedelta
from typing import Any, TextIO

from ..errors import ConfigError
from ..model import ControlPeriod, Event, to_dict

FORMATS = ("csv", "geojson", "jsonl")
ACLED_COLUMNS = ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                 "actor2", "iso", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
                 "source", "notes", "fatalities"]
EXTRA_COLUMNS = ["fl_type", "fl_plover", "fl_actor1_faction", "fl_actor1_government", "fl_actor2_faction",
                 "fl_actor2_government", "fl_geonameid", "fl_date_start", "fl_date_end", "fl_date_text",
                 "fl_confidence", "fl_corroboration", "fl_sources", "fl_conflicts"]


def _flag(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def csv_row(e: Event) -> dict[str, Any]:
    d, p, a, t = e.date, e.place, e.actor, e.target
    day = None
    if d is not None:
        day = d.start if d.start == d.end else d.start + timedelta(days=(d.end - d.start).days // 2)
    outlets = sorted({s.source or s.citation or s.origin for s in e.sources if (s.source or s.citation or s.origin)})
    return {
        "event_id_cnty": e.id, "event_date": day.isoformat() if day else "",
        "time_precision": min(d.precision, 3) if d else "",
        "event_type": e.acled_event_type or "", "sub_event_type": e.acled_sub_event_type or "",
        "actor1": a.name if a else "", "actor2": t.name if t else "",
        "iso": p.country or "" if p else "", "country": p.country or "" if p else "",
        "admin1": p.admin1 or "" if p else "", "location": p.name if p else "",
        "latitude": "" if p is None or p.lat is None else p.lat,
        "longitude": "" if p is None or p.lon is None else p.lon,
        "geo_precision": p.precision if p else "", "source": "; ".join(outlets),
        "notes": e.evidence.sentence if e.evidence else "", "fatalities": e.count or 0,
        "fl_type": e.type, "fl_plover": e.plover or "",
        "fl_actor1_faction": a.faction if a else "", "fl_actor1_government": _flag(a.government if a else None),
        "fl_actor2_faction": t.faction if t else "", "fl_actor2_government": _flag(t.government if t else None),
        "fl_geonameid": "" if p is None or p.geonameid is None else p.geonameid,
        "fl_date_start": d.start.isoformat() if d else "", "fl_date_end": d.end.isoformat() if d else "",
        "fl_date_text": d.text if d else "", "fl_confidence": e.confidence, "fl_corroboration": e.corroboration,
        "fl_sources": " ".join(f"{s.origin}:{s.ref_id}" for s in e.sources),
        "fl_conflicts": " ".join(e.conflicts),
    }


def event_feature(e: Event) -> dict[str, Any]:
    p = e.place
    geometry = None
    if p is not None and p.lat is not None and p.lon is not None:
        geometry = {"type": "Point", "coordinates": [p.lon, p.lat]}
    return {"type": "Feature", "id": e.id, "geometry": geometry, "properties": to_dict(e)}


def export_events(events: Iterable[Event], fmt: str, out: TextIO) -> int:
    """Write ``events`` to the text stream ``out`` as ``csv``, ``geojson`` or ``jsonl``; returns
    the number of events written."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}", fix=f"use one of: {', '.join(FORMATS)}")
    n = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS + EXTRA_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for e in events:
            writer.writerow(csv_row(e))
            n += 1
    elif fmt == "jsonl":
        for e in events:
            out.write(json.dumps(to_dict(e), ensure_ascii=False) + "\n")
            n += 1
    else:
        out.write('{"type": "FeatureCollection", "features": [')
        for e in events:
            out.write(("," if n else "") + "\n" + json.dumps(event_feature(e), ensure_ascii=False))
            n += 1
        out.write("\n]}\n")
    return n


def control_feature(p: ControlPeriod) -> dict[str, Any]:
    pl, c = p.place, p.controller
    geometry = None if pl.lat is None or pl.lon is None else {"type": "Point", "coordinates": [pl.lon, pl.lat]}
    return {"type": "Feature", "geometry": geometry, "properties": {
        "place": pl.name, "geonameid": pl.geonameid, "country": pl.country, "admin1": pl.admin1,
        "controller": c.name, "faction": c.faction, "government": c.government,
        "start": p.start.isoformat() if p.start else None, "end": p.end.isoformat() if p.end else None,
        "confidence": p.confidence, "status": p.status, "outlets": list(p.outlets),
        "claims": [to_dict(k) for k in p.claims], "event_ids": list(p.event_ids),
        "sources": [{"origin": s.origin, "ref_id": s.ref_id, "title": s.title, "url": s.url,
                     "source": s.source, "citation": s.citation,
                     "published": s.published.isoformat() if s.published else None} for s in p.sources],
    }}


def control_feature_collection(periods: Iterable[ControlPeriod]) -> dict[str, Any]:
    """Control periods (e.g. a control map at one date) as a GeoJSON FeatureCollection of points."""
    return {"type": "FeatureCollection", "features": [control_feature(p) for p in periods]}
