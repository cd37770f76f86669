"""Event queries: filters, stable keyset pagination, and assembling full events from rows."""
from __future__ import annotations

import base64
import dataclasses
import json
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, tuple_, union_all
from sqlalchemy.engine import Connection

from ..errors import StoreError
from ..model import Event, Finding, Place
from ..trust import doubts
from . import schema as t
from .merge import CONFLICT_DAYS, KM_PER_DEG, Report, SourceStats, place_key
from .rows import (EventSummary, event_loads, finding_loads, fold, iso_day, report_from_row, source_loads,
                   source_sort_key, stub_report)

CHUNK = 500


@dataclass
class EventQuery:
    """Filters of :meth:`Store.query_events`. ``place`` is a name (substring, case- and
    diacritics-insensitive) or a GeoNames id; ``since``/``until`` keep events whose date range
    overlaps [since, until]; ``bbox`` is (min_lon, min_lat, max_lon, max_lat); ``q`` searches
    evidence, actor and place names; ``cursor`` is the ``next`` value of the previous page."""

    type: str | None = None
    faction: str | None = None
    place: str | int | None = None
    since: date | None = None
    until: date | None = None
    bbox: tuple[float, float, float, float] | None = None
    q: str | None = None
    origin: str | None = None
    country: str | None = None
    limit: int | None = 100
    cursor: str | None = None


def encode_cursor(sort_key: str, event_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([sort_key, event_id]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key, eid = json.loads(raw)
        return str(key), str(eid)
    except (ValueError, TypeError) as exc:
        raise StoreError(f"invalid cursor {cursor!r}", code="E302",
                         fix="pass the 'next' value returned by the previous page unchanged") from exc


def _conditions(q: EventQuery) -> list[Any]:
    e = t.events.c
    cond: list[Any] = []
    if q.type:
        cond.append(e.type == q.type)
    if q.faction:
        cond.append(or_(e.actor_faction == q.faction, e.target_faction == q.faction))
    place = q.place
    if isinstance(place, str) and place.strip().isdigit():
        place = int(place.strip())
    if isinstance(place, int):
        cond.append(e.geonameid == place)
    elif place:
        cond.append(e.place_fold.like(f"%{fold(place).strip()}%"))
    since, until = iso_day(q.since), iso_day(q.until)
    if since:
        cond.append(and_(e.date_end.is_not(None), e.date_end >= since))
    if until:
        cond.append(and_(e.date_start.is_not(None), e.date_start <= until))
    if q.bbox:
        min_lon, min_lat, max_lon, max_lat = (float(v) for v in q.bbox)
        cond.append(and_(e.lat.is_not(None), e.lat >= min_lat, e.lat <= max_lat,
                         e.lon >= min_lon, e.lon <= max_lon))
    if q.q:
        cond.append(e.search_fold.like(f"%{fold(q.q).strip()}%"))
    if q.origin:
        r = t.reports.c
        cond.append(exists().where(and_(r.event_id == e.id, r.origin == q.origin)))
    if q.country:
        cond.append(e.country == q.country.upper())
    if q.cursor:
        key, eid = decode_cursor(q.cursor)
        cond.append(or_(e.sort_key > key, and_(e.sort_key == key, e.id > eid)))
    return cond


def query_events(conn: Connection, q: EventQuery) -> tuple[list[Event], str | None]:
    if q.limit is not None and q.limit < 1:
        raise StoreError(f"limit must be at least 1, got {q.limit}", fix="pass a positive limit or none")
    e = t.events.c
    stmt = select(t.events).where(*_conditions(q)).order_by(e.sort_key, e.id)
    if q.limit is not None:
        stmt = stmt.limit(q.limit + 1)
    rows = conn.execute(stmt).fetchall()
    more = q.limit is not None and len(rows) > q.limit
    rows = rows[: q.limit] if q.limit is not None else rows
    nxt = encode_cursor(rows[-1].sort_key, rows[-1].id) if more and rows else None
    return assemble(conn, rows), nxt


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def conflicts_of(conn: Connection, event_ids: list[str]) -> dict[str, set[str]]:
    """Event ids linked to each of ``event_ids`` by conflicting reports (both ways)."""
    r1, r2 = t.reports.alias("r1"), t.reports.alias("r2")
    c = t.report_conflicts
    out: dict[str, set[str]] = defaultdict(set)
    for part in _chunks(event_ids):
        stmt = (select(r1.c.event_id, r2.c.event_id).select_from(c)
                .join(r1, r1.c.pk == c.c.a).join(r2, r2.c.pk == c.c.b)
                .where(or_(r1.c.event_id.in_(part), r2.c.event_id.in_(part))))
        for a, b in conn.execute(stmt):
            if a != b:
                out[a].add(b)
                out[b].add(a)
    return out


def assemble(conn: Connection, rows: list[Any]) -> list[Event]:
    """Full events (every source, corroboration, conflicts) for event rows, in row order."""
    ids = [row.id for row in rows]
    sources: dict[str, list] = defaultdict(list)
    for part in _chunks(ids):
        for ev_id, src in conn.execute(select(t.reports.c.event_id, t.reports.c.source)
                                       .where(t.reports.c.event_id.in_(part))):
            sources[ev_id].append(source_loads(src))
    conflicts = conflicts_of(conn, ids)
    out = []
    for row in rows:
        rep = event_loads(row.data)
        out.append(dataclasses.replace(
            rep, sources=tuple(sorted(sources.get(row.id, ()), key=source_sort_key)),
            corroboration=row.corroboration, conflicts=tuple(sorted(conflicts.get(row.id, ())))))
    return out


def events_by_ids(conn: Connection, ids: list[str]) -> list[Event]:
    rows = []
    for part in _chunks(ids):
        rows += conn.execute(select(t.events).where(t.events.c.id.in_(part))).fetchall()
    order = {eid: i for i, eid in enumerate(ids)}
    rows.sort(key=lambda r: order.get(r.id, 0))
    return assemble(conn, rows)


def resolve_event_id(conn: Connection, event_id: str) -> str | None:
    """The merged event holding ``event_id``: itself, or the event a report of that id joined."""
    if conn.execute(select(t.events.c.id).where(t.events.c.id == event_id)).first():
        return event_id
    row = conn.execute(select(t.reports.c.event_id).where(t.reports.c.report_id == event_id).limit(1)).first()
    return row[0] if row else None


def place_rows(conn: Connection, cond: list[Any]) -> list[Place]:
    """Distinct places of the events matching ``cond``, most events first."""
    e = t.events.c
    counts: dict[tuple, list] = {}
    for (data,) in conn.execute(select(e.data).where(*cond).order_by(e.sort_key, e.id)):
        place = event_loads(data).place
        key = place_key(place)
        if key is None:
            continue
        counts.setdefault(key, [place, 0])[1] += 1
    ranked = sorted(counts.values(), key=lambda pc: (-pc[1], pc[0].name or ""))
    return [p for p, _ in ranked]


BOXES_PER_QUERY = 100


def candidate_reports(conn: Connection, new: list[Report], km: float) -> list[Report]:
    """Stored reports that may merge or conflict with ``new`` (same type, near one of the new
    places, dates within the conflict window), as stubs (``rows.stub_report``), one per event
    and distinct merge-relevant fields (``schema.merge_keys``): a thousand copies of one report
    cost one row."""
    k = t.merge_keys.c
    types = sorted({r.event.type for r in new})
    cond = [k.type.in_(types)]
    if all(r.event.date is not None for r in new):  # only reports that can overlap or conflict
        lo = min(r.event.date.start for r in new) - timedelta(days=CONFLICT_DAYS + 1)
        hi = max(r.event.date.end for r in new) + timedelta(days=CONFLICT_DAYS + 1)
        cond.append(or_(k.date_start.is_(None), and_(k.date_end >= lo, k.date_start <= hi)))
    # one small box per distinct place (one box over all of an article's places can cover a whole
    # country), each its own SELECT so that every one is an index range scan on (type, lat, lon)
    where = []
    for lat, lon in sorted({(round(p[0], 4), round(p[1], 4)) for p in (r.latlon for r in new) if p}):
        dlat = km / KM_PER_DEG + 0.001
        dlon = km / (KM_PER_DEG * max(0.05, math.cos(math.radians(abs(lat))))) + 0.001
        where.append(and_(k.lat.between(lat - dlat, lat + dlat), k.lon.between(lon - dlon, lon + dlon)))
    geo = sorted({r.event.place.geonameid for r in new if r.event.place and r.event.place.geonameid is not None})
    where += [k.geonameid.in_(part) for part in _chunks(geo)]
    fields = (k.report_pk.label("pk"), k.event_id, k.type, k.actor_faction, k.target_faction, k.geonameid,
              k.lat, k.lon, k.date_start, k.date_end, k.origin, k.ref_key)
    out: list[Report] = []
    seen: set[int] = set()
    for i in range(0, len(where), BOXES_PER_QUERY):
        stmt = union_all(*(select(*fields).where(*cond, w) for w in where[i:i + BOXES_PER_QUERY]))
        for row in conn.execute(stmt):
            if row.pk not in seen:
                seen.add(row.pk)
                out.append(stub_report(row))
    return out


def event_summaries(conn: Connection, event_ids: list[str]) -> dict[str, EventSummary]:
    e = t.events.c
    out: dict[str, EventSummary] = {}
    for part in _chunks(sorted(event_ids)):
        for eid, text in conn.execute(select(e.id, e.summary).where(e.id.in_(part))):
            out[eid] = EventSummary.loads(text)
    return out


def reports_by_pk(conn: Connection, pks: list[int]) -> dict[int, Report]:
    out: dict[int, Report] = {}
    for part in _chunks(sorted(set(pks))):
        for row in conn.execute(select(t.reports).where(t.reports.c.pk.in_(part))):
            out[row.pk] = report_from_row(row)
    return out


def source_stats(conn: Connection, groups: list[tuple[list[EventSummary], list[str], list[Report]]]
                 ) -> list[SourceStats]:
    """For each (stored events' summaries, their ids, fresh reports) group: :class:`SourceStats`
    over all their reports together, from the summaries' statistics corrected for the few sources
    counted twice: sources shared by two of the stored events (only when fresh reports join
    several), and fresh sources already among the stored ones. Never scans the events' reports
    unless several stored events join."""
    c = t.reports.c
    out = []
    for parts, ids, _ in groups:
        stats = SourceStats()
        for p in parts:
            stats = stats.plus(p.sources)
        if len(ids) > 1:
            for confs in _shared_sources(conn, ids):
                for conf in confs:
                    stats.add(conf, -1)
                stats.add(max(confs))
        out.append(stats)
    stored: dict[tuple, float] = {}
    event_ids = sorted({i for _, ids, _ in groups for i in ids})
    refs = sorted({r.ref_id for _, ids, fresh in groups if ids for r in fresh})
    for part in _chunks(event_ids) if refs else ():
        for ref_part in _chunks(refs):
            stmt = (select(c.event_id, c.origin, c.ref_id, func.max(c.confidence))
                    .where(c.event_id.in_(part), c.ref_id.in_(ref_part)).group_by(c.event_id, c.origin, c.ref_id))
            for eid, origin, ref_id, conf in conn.execute(stmt):
                stored[(eid, origin, ref_id)] = conf
    for stats, (_, ids, fresh) in zip(out, groups):
        best: dict[tuple, float] = {}
        for r in fresh:
            best[(r.origin, r.ref_id)] = max(best.get((r.origin, r.ref_id), 0.0), r.event.confidence)
        for (origin, ref_id), conf in best.items():
            old = [stored[k] for k in ((i, origin, ref_id) for i in ids) if k in stored]
            if old:  # counted once (with its highest confidence) in the stored events' statistics
                stats.add(max(old), -1)
                conf = max(conf, *old)
            stats.add(conf)
    return out


def _shared_sources(conn: Connection, event_ids: list[str]) -> list[list[float]]:
    """Sources (origin, ref_id) with reports in two or more of ``event_ids``: each one's highest
    confidence per event."""
    c = t.reports.c
    shared = (select(c.origin, c.ref_id).where(c.event_id.in_(event_ids)).group_by(c.origin, c.ref_id)
              .having(func.count(func.distinct(c.event_id)) > 1))
    stmt = (select(c.origin, c.ref_id, func.max(c.confidence))
            .where(c.event_id.in_(event_ids), tuple_(c.origin, c.ref_id).in_(shared))
            .group_by(c.origin, c.ref_id, c.event_id))
    per: dict[tuple, list[float]] = defaultdict(list)
    for origin, ref_id, conf in conn.execute(stmt):
        per[(origin, ref_id)].append(conf)
    return list(per.values())


def article_findings(conn: Connection, article_id: str) -> list[Finding]:
    """An article's stored findings, in the order they were made."""
    c = t.findings.c
    rows = conn.execute(select(c.data).where(c.article_id == article_id).order_by(c.seq))
    return [finding_loads(r.data) for r in rows]


def article_sources(conn: Connection) -> list[tuple[str, str | None, str | None]]:
    """(id, source, url) of every stored article: who published what (see trust.outlet_of)."""
    c = t.articles.c
    return [(aid, source, url) for aid, source, url in conn.execute(select(c.id, c.source, c.url))]


def doubtful_articles(conn: Connection, article_ids: Iterable[str]) -> set[str]:
    """Those of ``article_ids`` with a stored finding that makes an article doubtful
    (:func:`frontlines.trust.doubts`: stale, contradicted, impossible geography)."""
    found: set[str] = set()
    c = t.findings.c
    for part in _chunks(sorted(set(article_ids))):
        for aid, data in conn.execute(select(c.article_id, c.data).where(c.article_id.in_(part))):
            if aid not in found and doubts(finding_loads(data)):
                found.add(aid)
    return found
