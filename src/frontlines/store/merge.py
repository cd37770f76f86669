"""Same event, many reports: deciding which reports describe one event and which contradict.

A *report* is one event as one source told it (an article's extracted event, or one reference
record). Two reports are the **same event** when they have the same type, the same place (the
same GeoNames id, or within ``merge_km`` km), compatible actors (the same faction, or one side
unknown; for clashes the actor pair is unordered) and overlapping date ranges (or one date
unknown); two rows of one reference dataset are never merged with each other (the dataset lists
distinct events as distinct rows), though both may merge with an article's report. Merged events are the connected components of that relation, so the result does not
depend on the order in which reports arrive. Two control reports **conflict** when they concern
the same place and either name another gainer (or holder) in overlapping periods, or the same
gainer at a clearly different date (ranges apart by at most ``conflict_days`` days and not both
rows of one reference dataset, which records repeated gains in an area as separate rows).
Conflicting reports stay separate events, linked both ways.
"""
from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from ..geo.distance import haversine_km
from ..model import Actor, Event, SourceRef

CONTROL_TYPES = ("control_change", "control_claim")
UNKNOWN_FACTIONS = frozenset({"", "unknown", "unidentified"})
KM_PER_DEG = 111.2
#: reports of one gainer at one place this many days apart or less are linked as conflicting
CONFLICT_DAYS = 30


def known(actor: Actor | None) -> bool:
    return actor is not None and (actor.faction or "").lower() not in UNKNOWN_FACTIONS


def place_key(place) -> tuple | None:
    """Identity of a place: its GeoNames id, else its coordinates rounded to 3 decimals."""
    if place is None:
        return None
    if place.geonameid is not None:
        return ("g", int(place.geonameid))
    if place.lat is not None and place.lon is not None:
        return ("c", round(place.lat, 3), round(place.lon, 3))
    return ("n", (place.name or place.text or "").lower())


@dataclass(eq=False)
class Report:
    """One report of an event, as the merger sees it. ``pk`` is None until stored."""

    event: Event
    origin: str
    ref_id: str
    source: SourceRef
    event_id: str | None = None
    pk: int | None = None
    article_id: str | None = None  # the stored article that made this report (None: a reference record)
    key: tuple = field(init=False)

    def __post_init__(self) -> None:
        self.key = (self.origin, self.ref_id, self.event.id)

    @property
    def report_id(self) -> str:
        return self.event.id

    @property
    def latlon(self) -> tuple[float, float] | None:
        p = self.event.place
        if p is None or p.lat is None or p.lon is None:
            return None
        return (p.lat, p.lon)


def same_place(a: Event, b: Event, km: float) -> bool:
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return False
    if pa.geonameid is not None and pa.geonameid == pb.geonameid:
        return True
    if None in (pa.lat, pa.lon, pb.lat, pb.lon):
        return False
    return haversine_km(pa.lat, pa.lon, pb.lat, pb.lon) <= km


def _compatible(x: Actor | None, y: Actor | None) -> bool:
    return not known(x) or not known(y) or x.faction == y.faction


def _dates_overlap(a: Event, b: Event) -> bool:
    return a.date is None or b.date is None or a.date.overlaps(b.date)


def same_event(a: Event, b: Event, km: float) -> bool:
    if a.type != b.type or not same_place(a, b, km) or not _dates_overlap(a, b):
        return False
    if a.type == "clash":  # an unordered pair of sides
        return ((_compatible(a.actor, b.actor) and _compatible(a.target, b.target))
                or (_compatible(a.actor, b.target) and _compatible(a.target, b.actor)))
    if a.type in CONTROL_TYPES:
        return _compatible(a.actor, b.actor) and not _two_places(a, b)
    return _compatible(a.actor, b.actor) and _compatible(a.target, b.target)


def _two_places(a: Event, b: Event) -> bool:
    """Two named places of the gazetteer (precision 1, different ids): a change of hands is of one
    place, so villages taken the same day a few km apart are two changes, not one ("Maarzaf" and
    "Sher", 5 km apart, both taken by the rebels on 22 March 2017)."""
    pa, pb = a.place, b.place
    return pa is not None and pb is not None and pa.precision == 1 and pb.precision == 1 \
        and None not in (pa.geonameid, pb.geonameid) and pa.geonameid != pb.geonameid


def mergeable(a: Report, b: Report, km: float) -> bool:
    """Two reports of one event: ``same_event``, and not two records of one reference dataset
    (a dataset lists distinct events as distinct rows: its rows are never merged together)."""
    if a.origin == b.origin and a.origin != "article" and a.ref_id != b.ref_id:
        return False
    return same_event(a.event, b.event, km)


def _gap_days(a: Event, b: Event) -> int:
    if a.date.overlaps(b.date):
        return 0
    return (b.date.start - a.date.end).days if a.date.end < b.date.start else (a.date.start - b.date.end).days


def conflicting(a: Report, b: Report, km: float, conflict_days: int) -> bool:
    ea, eb = a.event, b.event
    if ea.type != eb.type or ea.type not in CONTROL_TYPES or ea.date is None or eb.date is None:
        return False
    if not (known(ea.actor) and known(eb.actor)) or not same_place(ea, eb, km):
        return False
    if ea.actor.faction != eb.actor.faction:
        return ea.date.overlaps(eb.date)
    if ea.type != "control_change" or (a.origin == b.origin and a.origin != "article"):
        return False
    return 0 < _gap_days(ea, eb) <= conflict_days


def _rank(r: Report) -> tuple:
    e = r.event
    width = e.date.days if e.date else 10**6
    return (e.date.precision if e.date else 9, width, e.place is None,
            e.place.precision if e.place else 9, -e.confidence, r.report_id, r.origin, r.ref_id)


@dataclass
class SourceStats:
    """An event's distinct sources and their combined confidence ``1 - prod(1 - c_s)`` (``c_s``:
    the highest confidence source ``s`` gave), kept as sums so that the store can compute them
    over any number of sources in one SQL aggregate."""

    count: int = 0
    certain: int = 0  # sources with c_s = 1
    log_miss: float = 0.0  # sum of log(1 - c_s) over the other sources

    def add(self, c: float, sign: int = 1) -> None:
        self.count += sign
        if c >= 1.0:
            self.certain += sign
        else:
            self.log_miss += sign * math.log1p(-max(0.0, c))

    def plus(self, other: SourceStats) -> SourceStats:
        return SourceStats(self.count + other.count, self.certain + other.certain, self.log_miss + other.log_miss)

    @property
    def confidence(self) -> float:
        return 1.0 if self.certain else 1.0 - math.exp(min(0.0, self.log_miss))

    @classmethod
    def of(cls, reports: Iterable[Report]) -> SourceStats:
        best: dict[tuple, float] = {}
        for r in reports:
            k = (r.origin, r.ref_id)
            best[k] = max(best.get(k, 0.0), r.event.confidence)
        stats = cls()
        for c in best.values():
            stats.add(c)
        return stats


#: what :func:`representative` reads of the ranked members: the best one, and the first one
#: (in rank order) with a known actor, a known target, a place, a date
PICKS = (lambda e: True, lambda e: known(e.actor), lambda e: known(e.target),
         lambda e: e.place is not None, lambda e: e.date is not None)


def picks(reports: list[Report]) -> list[Report | None]:
    """The members :func:`representative` depends on (see :data:`PICKS`). Because the ranking is
    a total order, the picks of a union are the picks of the union of the parts' picks: a stored
    event keeps only these (by primary key), and merging never needs its other reports."""
    ranked = sorted(reports, key=_rank)
    return [next((r for r in ranked if want(r.event)), None) for want in PICKS]


def representative(reports: list[Report], event_id: str, sources: SourceStats | None = None) -> Event:
    """The merged event's fields: the most precise report, with unknown sides filled from the
    others and a confidence combined over distinct sources (independent evidence).
    ``reports`` may be reduced to the picks of each part (see :func:`picks`) when ``sources``
    (over all members) is given."""
    if sources is None:
        sources = SourceStats.of(reports)
    ranked = sorted(reports, key=_rank)
    best = ranked[0].event
    actor, target = best.actor, best.target
    if not known(actor):
        actor = next((r.event.actor for r in ranked if known(r.event.actor)), actor)
    if not known(target) and best.type != "clash":
        target = next((r.event.target for r in ranked if known(r.event.target)), target)
    place = best.place or next((r.event.place for r in ranked if r.event.place), None)
    when = best.date or next((r.event.date for r in ranked if r.event.date), None)
    return dataclasses.replace(best, id=event_id, actor=actor, target=target, place=place, date=when,
                               confidence=round(min(1.0, sources.confidence), 6) if sources.count > 1
                               else best.confidence,
                               sources=(), corroboration=sources.count, conflicts=())


class _Grid:
    """Reports by place (GeoNames id, coarse lat/lon cell) and month, for neighbour look-ups: a
    report is only compared with reports near it in space and in time (within the conflict
    window); undated or very wide reports are compared with every report near them."""

    WIDE_MONTHS = 24

    def __init__(self, km: float, pad_days: int) -> None:
        self.cell = max(0.02, km / KM_PER_DEG)
        self.pad = timedelta(days=pad_days + 1)
        self.by_key: dict[tuple, list[Report]] = defaultdict(list)
        self.by_space: dict[tuple, list[Report]] = defaultdict(list)

    def _months(self, r: Report, pad: timedelta) -> list | None:
        d = r.event.date
        if d is None:
            return None
        try:
            lo, hi = d.start - pad, d.end + pad
        except OverflowError:  # within a month of year 1 or 9999: compare with everything
            return None
        first, last = lo.year * 12 + lo.month - 1, hi.year * 12 + hi.month - 1
        return None if last - first > self.WIDE_MONTHS else list(range(first, last + 1))

    def _space(self, r: Report, around: bool) -> list[tuple]:
        p = r.event.place
        keys: list[tuple] = []
        if p is None:
            return keys
        if p.geonameid is not None:
            keys.append(("g", int(p.geonameid)))
        if r.latlon:
            ci, cj = math.floor(p.lat / self.cell), math.floor(p.lon / self.cell)
            if not around:
                keys.append(("c", ci, cj))
            else:
                k = 1 + int(1 / max(0.1, math.cos(math.radians(p.lat))))
                keys += [("c", i, j) for i in (ci - 1, ci, ci + 1) for j in range(cj - k, cj + k + 1)]
        return keys

    def add(self, r: Report) -> None:
        months = self._months(r, timedelta(0))
        for sk in self._space(r, around=False):
            self.by_space[sk].append(r)
            for m in months if months is not None else ("*",):
                self.by_key[(sk, m)].append(r)

    def near(self, r: Report) -> list[Report]:
        out: dict[int, Report] = {}
        months = self._months(r, self.pad)
        for sk in self._space(r, around=True):
            if months is None:
                out.update((id(x), x) for x in self.by_space.get(sk, ()))
                continue
            for m in [*months, "*"]:
                out.update((id(x), x) for x in self.by_key.get((sk, m), ()))
        return list(out.values())


@dataclass
class MergeResult:
    """Components touched by new reports (their members, and the event ids they had before) and
    the new conflicting report pairs."""

    components: list[tuple[list[Report], set[str]]]
    conflicts: list[tuple[Report, Report]]


class Merger:
    """Union-find over reports: existing ones (grouped by their event) plus new ones."""

    def __init__(self, km: float, conflict_days: int = CONFLICT_DAYS) -> None:
        self.km = km
        self.conflict_days = conflict_days
        self.grid = _Grid(km, conflict_days)
        self.parent: dict[int, int] = {}
        self.items: dict[int, Report] = {}
        self.new: list[Report] = []
        self.pairs: list[tuple[Report, Report]] = []
        self._by_event: dict[str, Report] = {}

    def _find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def _union(self, a: Report, b: Report) -> None:
        ra, rb = self._find(id(a)), self._find(id(b))
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def _register(self, r: Report) -> None:
        self.parent[id(r)] = id(r)
        self.items[id(r)] = r
        self.grid.add(r)

    def add_existing(self, r: Report) -> None:
        if id(r) in self.parent:
            return
        self._register(r)
        first = self._by_event.setdefault(r.event_id, r)
        if first is not r:
            self._union(first, r)

    def add_new(self, r: Report) -> None:
        candidates = self.grid.near(r)
        self._register(r)
        self.new.append(r)
        for c in candidates:
            if mergeable(r, c, self.km):
                self._union(r, c)
            elif conflicting(r, c, self.km, self.conflict_days):
                self.pairs.append((r, c))

    def result(self) -> MergeResult:
        groups: dict[int, list[Report]] = defaultdict(list)
        for key, r in self.items.items():
            groups[self._find(key)].append(r)
        touched = {self._find(id(r)) for r in self.new}
        comps = [(groups[root], {r.event_id for r in groups[root] if r.event_id}) for root in sorted(touched)]
        pairs = [(a, b) for a, b in self.pairs if self._find(id(a)) != self._find(id(b))]
        return MergeResult(components=comps, conflicts=pairs)
