"""Claims of control against the record: ``stale``, ``contradicted``, ``corroborated``,
``unverified``.

For each control_change (and control_claim) the article states at a located, dated place, the
record is every control event in the store within ``options.merge_km`` of the place, except the
reports of the checked article itself. Verdicts never go beyond the record: with nothing to
compare, the verdict is ``unverified``.

- corroborated: a record change by the same side whose dates overlap the claim's range widened
  by ``options.check_tolerance_days`` (a capture), or a record change/claim showing that side
  holding the place in the claim's range (a control_claim).
- contradicted: no such record, but a record change by another side within the claim's range
  (another actor gained the place then), or, for a control_claim, the record's holder then is
  another side.
- stale: a capture presented as recent (its range ends within ``RECENT_DAYS`` of publication)
  while the latest record change before the range gave the place to the same side more than
  ``options.stale_days`` before the range starts, with no change in between.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import DateRange, Event, Finding, SourceRef
from .context import CheckContext

log = logging.getLogger(__name__)

RECENT_DAYS = 62  #: a claimed range ending this close to publication presents the capture as recent


@dataclass(frozen=True)
class _Rec:
    """One record event as seen by the checks, with the sources other than the article."""

    event: Event
    sources: tuple[SourceRef, ...]

    @property
    def date(self) -> DateRange:
        return self.event.date  # type: ignore[return-value]


def _record(ctx: CheckContext, e: Event) -> list[_Rec]:
    p = e.place
    km = float(getattr(ctx.options, "merge_km", 5.0))
    try:
        found = ctx.store.control_events(near=(p.lat, p.lon, km))
    except Exception as exc:  # noqa: BLE001 - report, do not guess, when the store cannot answer
        log.warning("record lookup near %s failed: %s", p.name, exc)
        return []
    out = []
    for r in found:
        srcs = ctx.foreign_sources(r)
        if srcs and r.date is not None and r.actor is not None:
            out.append(_Rec(r, srcs))
    out.sort(key=lambda r: (r.date.start, r.date.end, r.event.id))
    return out


_REGION_OF = re.compile(r"\b(?:province|governorate|countryside|region|district)\s+of\s+(?:the\s+)?$", re.I)
_REGION_WORDS = re.compile(r"\s+(?:province|governorate|countryside|region|district|hinterland)\b", re.I)


def _regional(e: Event) -> bool:
    """Whether the article names the place as a province or countryside rather than the town."""
    text, sent = e.place.text or "", e.evidence.sentence
    if not text:
        return False
    for m in re.finditer(re.escape(text), sent):
        if _REGION_WORDS.match(sent, m.end()) or _REGION_OF.search(sent, 0, m.start()):
            return True
    return False


def _fmt(d: DateRange) -> str:
    return d.start.isoformat() if d.start == d.end else f"{d.start}..{d.end}"


def _who(e: Event) -> str:
    a = e.actor
    return "unknown" if a is None else (a.name or a.text or a.faction)


def _refs(recs: list[_Rec]) -> tuple[SourceRef, ...]:
    seen: dict[tuple, SourceRef] = {}
    for r in recs:
        for s in r.sources:
            seen.setdefault((s.origin, s.ref_id), s)
    return tuple(seen.values())


def _ids(recs: list[_Rec]) -> str:
    return ", ".join(f"{s.origin}:{s.ref_id}" for s in _refs(recs))


def check_event(ctx: CheckContext, e: Event) -> list[Finding]:
    """The record findings of one event (empty for events the record checks do not cover)."""
    if e.type not in ("control_change", "control_claim") or e.place is None or e.place.lat is None \
            or e.place.precision >= 3 or e.date is None:
        return []  # a region- or country-level place, or no date: nothing to match against
    if _regional(e):
        return []  # "Deir ez-Zor province": the town's record says nothing about the province
    recs = _record(ctx, e)
    tol = timedelta(days=int(getattr(ctx.options, "check_tolerance_days", 14)))
    claim = e.date
    wide = DateRange(claim.start - tol, claim.end + tol, 4)
    changes = [r for r in recs if r.event.type == "control_change"]
    place = e.place.name
    base = dict(place=e.place, claim=e.evidence, event_id=e.id)

    if e.type == "control_claim":
        return _check_holding(ctx, e, recs, changes, wide, base)

    same = [r for r in changes if ctx.same_side(r.event.actor, e.actor) is True and r.date.overlaps(wide)]
    other = [r for r in changes if ctx.same_side(r.event.actor, e.actor) is False and r.date.overlaps(claim)]
    if same:
        # a record of the claimed gain; other sides' gains in the range are the place's history
        # (whom it was taken from, or who took it back later), not a contradiction
        off = [r for r in same if not r.date.overlaps(claim)]
        note = ("; the record's date lies outside the claimed range" if len(off) == len(same) else "")
        if other:
            note += "; the record also has " + "; ".join(f"{_who(r.event)} gaining it ({_fmt(r.date)})" for r in other)
        return [Finding(
            kind="corroborated", verdict="corroborated", record=_refs(same), **base,
            detail=f"{len(_refs(same))} other source(s) record {place} gained by "
            + "; ".join(f"{_who(r.event)} ({_fmt(r.date)})" for r in same)
            + f", matching the claimed range {_fmt(claim)} within {tol.days} days{note} [{_ids(same)}]")]
    if other:
        return [Finding(
            kind="contradicted", verdict="contradicted", record=_refs(other), **base,
            detail=f"the record has {place} gained by " + "; ".join(
                f"{_who(r.event)} ({_fmt(r.date)})" for r in other)
            + f" within the claimed range {_fmt(claim)}, and not by {_who(e)} [{_ids(other)}]")]
    stale = _stale(ctx, e, changes, recs)
    if stale is not None:
        return [stale]
    before = [r for r in changes if r.date.end < claim.start]
    note = (f"; the latest record change before it is {place} gained by {_who(before[-1].event)} "
            f"({_fmt(before[-1].date)})" if before else "")
    return [Finding(kind="unverified", verdict="unverified", record=(), **base,
                    detail=f"no record confirms {place} gained by {_who(e)} in {_fmt(claim)} "
                    f"(+-{tol.days} days){note}")]


def _stale(ctx: CheckContext, e: Event, changes: list[_Rec], recs: list[_Rec]) -> Finding | None:
    claim = e.date
    published = ctx.published or claim.end
    if e.place.precision != 1:
        return None  # a capture near a town says nothing about who held the town itself
    if (published - claim.end).days > RECENT_DAYS:
        return None  # not presented as recent
    before = [r for r in changes if r.date.end < claim.start]
    if not before:
        return None
    last = before[-1]
    if ctx.same_side(last.event.actor, e.actor) is not True:
        return None
    stale_days = int(getattr(ctx.options, "stale_days", 90))
    gap = (claim.start - last.date.end).days
    if gap <= stale_days:
        return None
    # nothing in the record between the holder's gain and the claimed range: no change, and no
    # statement that another (or an unknown) side held the place
    between = [r for r in recs if last.date.end < r.date.start < claim.start
               and (r.event.type == "control_change" or ctx.same_side(r.event.actor, e.actor) is not True)]
    if between:
        return None
    return Finding(
        kind="stale", verdict="stale", place=e.place, claim=e.evidence, record=last.sources, event_id=e.id,
        detail=f"presented as recent ({_fmt(claim)}, published {published}), but the record shows "
        f"{_who(last.event)} holding {e.place.name} since {_fmt(last.date)}, {gap} days before the claimed "
        f"range, with no change of hands in between [{_ids([last])}]")


def _check_holding(ctx: CheckContext, e: Event, recs: list[_Rec], changes: list[_Rec],
                   wide: DateRange, base: dict) -> list[Finding]:
    """A statement that an actor holds a place: compare with the record's holder then."""
    claim = e.date
    place = e.place.name
    holder = _holder_at(changes, claim.end)
    claims_then = [r for r in recs if r.event.type == "control_claim" and r.date.overlaps(wide)]
    if holder is not None:
        verdict = ctx.same_side(holder.event.actor, e.actor)
        if verdict is True:
            return [Finding(kind="corroborated", verdict="corroborated", record=holder.sources, **base,
                            detail=f"the record shows {_who(holder.event)} holding {place} since "
                            f"{_fmt(holder.date)} [{_ids([holder])}]")]
        if verdict is False:
            return [Finding(kind="contradicted", verdict="contradicted", record=holder.sources, **base,
                            detail=f"the record shows {_who(holder.event)} holding {place} since "
                            f"{_fmt(holder.date)}, not {_who(e)} [{_ids([holder])}]")]
    agree = [r for r in claims_then if ctx.same_side(r.event.actor, e.actor) is True]
    if agree:
        return [Finding(kind="corroborated", verdict="corroborated", record=_refs(agree), **base,
                        detail=f"other sources also state {_who(e)} holds {place} around {_fmt(claim)} "
                        f"[{_ids(agree)}]")]
    return [Finding(kind="unverified", verdict="unverified", record=(), **base,
                    detail=f"the record has no holder of {place} for {_fmt(claim)}")]


def _holder_at(changes: list[_Rec], day: date) -> _Rec | None:
    """The latest record change that ended on or before ``day`` (the holder then)."""
    before = [r for r in changes if r.date.end <= day]
    return before[-1] if before else None


def check_record(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for e in ctx.analysis.events:
        findings.extend(check_event(ctx, e))
    return findings
