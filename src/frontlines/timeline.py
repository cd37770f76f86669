"""One place's control periods, each with a status, from its control reports: a pure function.

:func:`build_timeline` reads the place's ``control_change`` and ``control_claim`` events (any
order: they are sorted) and the ids of the articles ``check`` found doubtful, and returns periods
whose statuses do not depend on the order of the reports (see :mod:`frontlines.trust` for
independent sources, weights and statuses).

Dates
    a change dated by the range [s, e] counts from ``e`` (the first day every report agrees it had
    happened; that day is the gainer's); a claim ("X still holds P") likewise. Before the first
    report, the loser of the first change, when known, held the place (an open start, with lower
    confidence). The last period is open (``end`` None).

Who holds, and how sure the record is
    the reports of one day are grouped by holder (faction, else side), their sources pooled.
    A report by the holder adds its sources to the period (two independent sources confirm it).
    A report by another holder is a **claim** against the period. A claim *later* than the period's
    start replaces the holder (from the claim's first day) when its weight reaches the holder's,
    capped at 2: one source replaces a reported holder, a confirmed holder needs a confirmed
    change, a doubtful article alone replaces nobody. Otherwise it stays beside the period as a
    ``disputed`` claim, gathering later reports of the same holder until it is strong enough (a
    second independent source promotes it). Reports for the *same* day as the period's start are
    rivals: the heaviest wins (then more independent sources, then the previous holder: a disputed
    change is not a proven one; then the higher confidence), and when the best rivals weigh the
    same the period is ``disputed``. Nothing is dropped: a claim keeps its sources and events.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from .model import Actor, ControlClaim, ControlPeriod, Event, Place
from .trust import DISPUTED, Support, status_of, weight

CLAIM_FACTOR = 0.8  # a control_claim by another holder is less certain than a reported change
CONFLICT_FACTOR = 0.7  # reports contradicted by other reports, and disputed periods
PRIOR_FACTOR = 0.5  # the loser's period before the first change: inferred, not reported


def holder_key(actor: Actor | None) -> str | None:
    """Who holds, as a comparable key: the faction, or the side when the faction is unknown."""
    if actor is None:
        return None
    if actor.faction and actor.faction.lower() not in ("unknown", "unidentified"):
        return actor.faction
    if actor.government is None:
        return None
    return "government" if actor.government else "non-government"


@dataclass
class _Side:
    """One holder's reports at one place: the period's holder or a claim beside it."""

    controller: Actor
    start: date
    confidence: float
    support: Support = field(default_factory=Support)
    target: Actor | None = None  # the loser named by the earliest change, for the prior period

    def add(self, e: Event, confidence: float) -> None:
        self.support.add(e.id, e.sources)
        self.confidence = max(self.confidence, confidence)

    def absorb(self, other: _Side) -> None:
        """Add a later (or same-day) side of the same holder: its actor and start stay."""
        self.support.absorb(other.support)
        self.confidence = max(self.confidence, other.confidence)
        self.target = self.target or other.target


def _rank(side: _Side, doubtful: frozenset[str], incumbent: str | None) -> tuple:
    return (weight(side.support, doubtful), len(side.support.outlets()), holder_key(side.controller) == incumbent,
            side.confidence)


def _pick(sides: list[_Side], doubtful: frozenset[str], incumbent: str | None) -> _Side:
    best = max(_rank(s, doubtful, incumbent) for s in sides)
    return min((s for s in sides if _rank(s, doubtful, incumbent) == best), key=lambda s: holder_key(s.controller))


@dataclass
class _Period:
    holder: _Side
    claims: dict[str, _Side] = field(default_factory=dict)

    @property
    def start(self) -> date:
        return self.holder.start


class _Builder:
    def __init__(self, place: Place, doubtful: frozenset[str]) -> None:
        self.place = place
        self.doubtful = doubtful
        self.periods: list[ControlPeriod] = []
        self.current: _Period | None = None
        self.last_holder: str | None = None

    # ------------------------------------------------------------------ one day of reports
    def day(self, d: date, sides: dict[str, _Side]) -> None:
        if self.current is None:
            first = _pick(list(sides.values()), self.doubtful, None)
            self._prior(first)
            self.current = _Period(first, {k: s for k, s in sides.items() if s is not first})
            self._settle_start()
            return
        cur = self.current
        for key, side in sorted(sides.items()):
            if key == holder_key(cur.holder.controller):
                cur.holder.absorb(side)
            elif key in cur.claims:
                cur.claims[key].absorb(side)
            else:
                cur.claims[key] = side
        self._settle_start()
        self._replace()

    def _settle_start(self) -> None:
        """Rivals for the period's first day: the heaviest holds (see the module doc)."""
        cur = self.current
        rivals = [s for s in cur.claims.values() if s.start == cur.start]
        if not rivals:
            return
        best = _pick([cur.holder, *rivals], self.doubtful, self.last_holder)
        if best is not cur.holder:
            key = holder_key(best.controller)
            del cur.claims[key]
            cur.claims[holder_key(cur.holder.controller)] = cur.holder
            cur.holder = best

    def _replace(self) -> None:
        """Later claims strong enough take over, earliest first, until none is."""
        while True:
            cur = self.current
            need = min(weight(cur.holder.support, self.doubtful), 2)
            ready = [s for s in cur.claims.values()
                     if s.start > cur.start and weight(s.support, self.doubtful) >= need]
            if not ready:
                return
            start = min(s.start for s in ready)
            later = {k: s for k, s in cur.claims.items() if s.start >= start}
            for k in later:
                del cur.claims[k]
            self._close(start - timedelta(days=1))
            first = _pick([s for s in later.values() if s.start == start], self.doubtful, self.last_holder)
            self.current = _Period(first, {k: s for k, s in later.items() if s is not first})
            self._settle_start()

    # ------------------------------------------------------------------ periods
    def _prior(self, first: _Side) -> None:
        loser = first.target
        if loser is None or holder_key(loser) is None or holder_key(loser) == holder_key(first.controller):
            return
        w = weight(first.support, self.doubtful)
        self.periods.append(ControlPeriod(
            place=self.place, controller=loser, start=None, end=first.start - timedelta(days=1),
            confidence=round(min(1.0, first.confidence * PRIOR_FACTOR), 4),
            event_ids=tuple(first.support.events), sources=_sources(first.support),
            status=status_of(w), outlets=first.support.outlets()))
        self.last_holder = holder_key(loser)

    def _close(self, end: date | None) -> None:
        cur = self.current
        h = cur.holder
        w = weight(h.support, self.doubtful)
        tied = any(s.start == cur.start and weight(s.support, self.doubtful) == w for s in cur.claims.values())
        claims = tuple(_claim(s, self.doubtful) for _, s in sorted(cur.claims.items(), key=lambda kv: (kv[1].start, kv[0])))
        self.periods.append(ControlPeriod(
            place=self.place, controller=h.controller, start=h.start, end=end,
            confidence=round(min(1.0, h.confidence * (CONFLICT_FACTOR if tied else 1.0)), 4),
            event_ids=tuple(h.support.events), sources=_sources(h.support),
            status=DISPUTED if tied else status_of(w), outlets=h.support.outlets(), claims=claims))
        self.last_holder = holder_key(h.controller)

    def finish(self) -> list[ControlPeriod]:
        if self.current is not None:
            self._close(None)
            self.current = None
        return self.periods


def _sources(support: Support) -> tuple:
    return tuple(support.sources[k] for k in support.sources)


def _claim(side: _Side, doubtful: frozenset[str]) -> ControlClaim:
    return ControlClaim(controller=side.controller, start=side.start, status=DISPUTED,
                        confidence=round(min(1.0, side.confidence), 4), outlets=side.support.outlets(),
                        doubtful=side.support.all_doubtful(doubtful), event_ids=tuple(side.support.events),
                        sources=_sources(side.support))


def build_timeline(place: Place, events: Iterable[Event], doubtful: Iterable[str] = ()) -> list[ControlPeriod]:
    """The periods of one place from its control events (any order); ``doubtful``: ids of the
    articles ``check`` found doubtful (their uncorroborated reports replace no holder)."""
    bad = frozenset(doubtful)
    points = []
    for e in events:
        if e.date is None or e.type not in ("control_change", "control_claim") or holder_key(e.actor) is None:
            continue
        conf = e.confidence * (CONFLICT_FACTOR if e.conflicts else 1.0)
        kind = 0 if e.type == "control_change" else 1
        points.append((e.date.end, kind, e.id, e, conf))
    points.sort(key=lambda p: p[:3])
    builder = _Builder(place, bad)
    i = 0
    while i < len(points):
        d = points[i][0]
        sides: dict[str, _Side] = {}
        while i < len(points) and points[i][0] == d:
            _, kind, _, e, conf = points[i]
            key = holder_key(e.actor)
            if key not in sides:
                sides[key] = _Side(e.actor, d, 0.0)
            side = sides[key]
            if kind == 0 and side.target is None:
                side.target = e.target
            side.add(e, conf if kind == 0 else conf * CLAIM_FACTOR)
            i += 1
        builder.day(d, sides)
    return builder.finish()


def period_at(periods: list[ControlPeriod], day: date) -> ControlPeriod | None:
    """The period holding ``day`` (the latest listed one when two overlap), or None."""
    found = None
    for p in periods:
        if (p.start is None or p.start <= day) and (p.end is None or day <= p.end):
            found = p
    return found
