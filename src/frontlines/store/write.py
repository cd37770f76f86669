"""Writing reports into the record: merging them with stored events (see ``merge``) and keeping
each event's summary and merge keys, so that a write costs the same however many reports the
touched events already have."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from ..model import stable_id
from . import query as qm
from . import rows as rw
from . import schema as t
from .merge import Merger, Report, picks, representative


@dataclass
class MergeOutcome:
    """What :func:`merge_in` did, per new report (in the order given)."""

    event_ids: list[str] = field(default_factory=list)
    #: the report joined an event that another source also reported (stored, or another article
    #: of the same batch)
    joined: list[bool] = field(default_factory=list)
    #: conflict links created, as (pk, pk) pairs of reports (one of them new)
    conflicts: list[tuple[int, int]] = field(default_factory=list)


def merge_in(conn: Connection, new: list[Report], km: float) -> MergeOutcome:
    """Insert new reports, merging them into stored events (see :class:`MergeOutcome`). The reports
    may come from several articles (a batch is merged as one: the result does not depend on the
    order); each is linked to its ``article_id``.

    Stored events take part through their merge keys near the new places (for the "same event"
    relation) and their summaries (picks, smallest ids, names), never through all their reports."""
    if not new:
        return MergeOutcome()
    merger = Merger(km)
    for r in qm.candidate_reports(conn, new, km):
        merger.add_existing(r)
    for r in new:
        merger.add_new(r)
    result = merger.result()
    old = qm.event_summaries(conn, sorted({i for _, ids in result.components for i in ids}))
    picked = qm.reports_by_pk(conn, [pk for s in old.values() for pk in s.picks if pk is not None])
    comps = []
    for members, old_ids in result.components:
        fresh = [m for m in members if m.pk is None]
        parts = [old[i] for i in sorted(old_ids)]
        cands = fresh + [picked[pk] for pk in dict.fromkeys(pk for s in parts for pk in s.picks) if pk is not None]
        comps.append((fresh, old_ids, parts, cands))
    all_sources = qm.source_stats(conn, [(parts, sorted(old_ids), fresh) for fresh, old_ids, parts, _ in comps])
    comps = [(*comp, sources) for comp, sources in zip(comps, all_sources)]
    wanted = {_min_report(parts, fresh) for fresh, _, parts, _, _ in comps}
    taken = {row[0] for part in qm._chunks(sorted(wanted))
             for row in conn.execute(select(t.events.c.id).where(t.events.c.id.in_(part)))}
    used: set[str] = set()
    joined: dict[int, bool] = {}
    finals = []
    for fresh, old_ids, parts, cands, sources in comps:
        eid = _min_report(parts, fresh)
        if (eid in taken and eid not in old_ids) or eid in used:
            eid = stable_id("event", *min([tuple(s.min_key) for s in parts] + [r.key for r in fresh]))
        used.add(eid)
        other_source = bool(old_ids) or len({(o.origin, o.ref_id) for o in fresh}) > 1
        for m in fresh:
            m.event_id = eid
            joined[id(m)] = other_source
        finals.append((eid, fresh, old_ids, parts, cands, sources))
    pks = conn.execute(insert(t.reports).returning(t.reports.c.pk, sort_by_parameter_order=True),
                       [rw.report_row(r, r.event_id, r.article_id) for r in new]).scalars().all()
    for r, pk in zip(new, pks):
        r.pk = pk
    event_rows, gone = [], set()
    for eid, fresh, old_ids, parts, cands, sources in finals:
        stale = sorted(old_ids - {eid})
        if stale:
            conn.execute(update(t.reports).where(t.reports.c.event_id.in_(stale)).values(event_id=eid))
            conn.execute(update(t.merge_keys).where(t.merge_keys.c.event_id.in_(stale)).values(event_id=eid))
            _drop_duplicate_keys(conn, eid)
        gone |= old_ids
        summary = rw.EventSummary.combine(parts, fresh, [None if r is None else r.pk for r in picks(cands)],
                                          sources)
        event_rows.append(rw.event_row(representative(cands, eid, sources), summary))
    _add_merge_keys(conn, [r for _, fresh, *_ in finals for r in fresh])
    for part in qm._chunks(sorted(gone)):
        conn.execute(delete(t.events).where(t.events.c.id.in_(part)))
    conn.execute(insert(t.events), event_rows)
    pairs = {(min(a.pk, b.pk), max(a.pk, b.pk)) for a, b in result.conflicts}
    if pairs:
        conn.execute(insert(t.report_conflicts), [{"a": a, "b": b} for a, b in sorted(pairs)])
    return MergeOutcome([r.event_id for r in new], [joined[id(r)] for r in new], sorted(pairs))


def _min_report(parts: list[rw.EventSummary], fresh: list[Report]) -> str:
    """A merged event's id: its smallest report id (stable whatever the arrival order)."""
    return min([s.min_report for s in parts] + [r.report_id for r in fresh])


def _drop_duplicate_keys(conn: Connection, event_id: str) -> None:
    """After stored events were renamed into ``event_id``: drop merge keys that became duplicates."""
    k = t.merge_keys.c
    have: set[str] = set()
    drop: list[int] = []
    for pk, sig in conn.execute(select(k.pk, k.sig).where(k.event_id == event_id).order_by(k.pk)):
        if sig in have:
            drop.append(pk)
        have.add(sig)
    for part in qm._chunks(drop):
        conn.execute(delete(t.merge_keys).where(k.pk.in_(part)))


def _add_merge_keys(conn: Connection, fresh: list[Report]) -> None:
    """Merge keys of the ``fresh`` (stored, with their event ids) reports not yet among their events'."""
    k = t.merge_keys.c
    candidates: dict[tuple[str, str], dict] = {}
    for r in fresh:
        row = rw.merge_key_row(r, r.event_id)
        candidates.setdefault((r.event_id, row["sig"]), row)
    if not candidates:
        return
    have: set[tuple[str, str]] = set()
    for ids in qm._chunks(sorted({e for e, _ in candidates})):
        for sigs in qm._chunks(sorted({s for _, s in candidates})):
            have.update(conn.execute(select(k.event_id, k.sig).where(k.event_id.in_(ids), k.sig.in_(sigs))).all())
    rows = [row for key, row in candidates.items() if key not in have]
    if rows:
        conn.execute(insert(t.merge_keys), rows)


def mark_seen_rows(conn: Connection, keys: list[str], kind: str, now: str) -> None:
    """Record ``keys`` as seen (of ``kind``) in the open transaction; keys already there are kept."""
    c = t.seen.c
    want = list(dict.fromkeys(keys))
    have = {row[0] for part in qm._chunks(want)
            for row in conn.execute(select(c.key).where(c.kind == kind, c.key.in_(part)))}
    rows = [{"kind": kind, "key": k, "at": now} for k in want if k not in have]
    if rows:
        conn.execute(insert(t.seen), rows)
