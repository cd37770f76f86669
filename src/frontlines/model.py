"""Typed records that every path of frontlines shares.

This module imports nothing of the project. Every reader, stage, store, check, exporter and
endpoint speaks in these dataclasses; JSON is produced only by :func:`to_dict` so that the shape
is the same everywhere (CLI ``--format json``, REST API, JSON Lines export).

Codes used below
----------------
Place precision (as ACLED ``geo_precision``):
    1 = the named place itself, 2 = near it / part of it, 3 = only the region or country.
    A place the gazetteer cannot resolve keeps the article's name with ``feature`` "unresolved"
    and no coordinates or id: the record and the evaluation keep it, the map skips it.
Date precision (as ACLED ``time_precision``, widened):
    1 = a day, 2 = within a week, 3 = within a month, 4 = wider than a month (vague phrases).
Event types: see :data:`EVENT_TYPES`.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

EVENT_TYPES = (
    "control_change",  # a place changes hands; actor = gainer, target = loser
    "advance",  # close in on, push toward, besiege
    "clash",  # armed clash between two actors
    "attack",  # shelling, airstrike, bombing (one-sided)
    "support",  # backs, arms, supplies, allied with; actor = supporter, target = supported
    "threat",  # warn, vow
    "protest",  # demonstration, riot, strike, boycott, road block by civilians
    "yield",  # a concession in deed: surrender, resign, release captives, declare a ceasefire, lift a blockade
    "control_claim",  # a statement that an actor holds a place
)

DATE_PRECISION = {1: "day", 2: "week", 3: "month", 4: "wider than a month"}


def stable_id(*parts: object, length: int = 16) -> str:
    """A short, stable hex id from the given parts (same parts -> same id, on every machine)."""
    h = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


@dataclass(frozen=True)
class DateRange:
    """An honest date: a closed range [start, end] and how precise it is (see module doc)."""

    start: date
    end: date
    precision: int
    text: str = ""

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"DateRange start {self.start} is after end {self.end}")
        if self.precision not in DATE_PRECISION:
            raise ValueError(f"DateRange precision {self.precision} is not one of {sorted(DATE_PRECISION)}")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlaps(self, other: DateRange) -> bool:
        return self.start <= other.end and other.start <= self.end

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Actor:
    """A normalised actor. ``faction`` is a stable id from the actors lexicon (or "unknown");
    ``government`` is True for the theater state's forces and affiliates, False for everyone
    else, None when unknown."""

    text: str
    name: str
    faction: str
    government: bool | None
    country: str | None = None  # ISO alpha-2 of a foreign state actor (RU, IR, TR, US, ...)


@dataclass(frozen=True)
class Place:
    """A place resolved to GeoNames. ``text`` is the surface form in the article."""

    text: str
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None  # ISO alpha-2
    admin1: str | None  # admin1 name
    precision: int = 1
    feature: str = "city"  # city | admin1 | admin2 | country | region | unresolved
    population: int = 0


@dataclass(frozen=True)
class Evidence:
    """The sentence that supports a record, with character offsets into the cleaned article text."""

    sentence: str
    start: int
    end: int
    article_id: str | None = None


@dataclass(frozen=True)
class Article:
    """One cleaned document. ``id`` is derived from the normalised text (see ingest)."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None  # site / outlet name
    url: str | None = None
    origin: str | None = None  # file path, feed URL, WARC record id, ... where it came from
    format: str = "text"  # text | html | rss | jsonl | warc | api
    #: how the text was taken from the document: "text" (plain text, as given); for HTML the first
    #: method that found text: "trafilatura", "lxml" (block elements), "lxml-all" (every text node
    #: but scripts and styles), "tokens" (a streaming tokeniser, for pages nested too deep to parse)
    extraction: str = "text"


@dataclass(frozen=True)
class SourceRef:
    """One report behind a (merged) event: which article or reference record said it, and how."""

    origin: str  # "article" | "acled" | "ucdp" | "reference"
    ref_id: str  # article id, ACLED event_id_cnty, UCDP id, reference record id
    evidence: Evidence | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: date | None = None
    citation: str | None = None


@dataclass(frozen=True)
class Event:
    """One event. Extracted events carry one SourceRef (their article); events read back from the
    store carry every report merged into them, ``corroboration`` (the number of independent
    sources) and the ids of conflicting events."""

    id: str
    type: str
    actor: Actor | None
    target: Actor | None
    place: Place | None
    date: DateRange | None
    evidence: Evidence
    confidence: float
    plover: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    article_id: str | None = None
    trigger: str | None = None
    count: int | None = None  # numbers stated with the event ("killed 12"), where given
    sources: tuple[SourceRef, ...] = ()
    corroboration: int = 1
    conflicts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {self.type!r}; expected one of {EVENT_TYPES}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} is outside 0..1")


#: how sure the record is of a control period (see :mod:`frontlines.trust`)
CONTROL_STATUSES = ("confirmed", "reported", "disputed")


@dataclass(frozen=True)
class ControlClaim:
    """A competing claim of control beside a period's holder: another controller from ``start``,
    on these sources, not (yet) strong enough to replace the holder. ``status`` is "disputed";
    ``outlets`` are its independent sources (one per outlet; copies count once); ``doubtful``:
    every article behind it was found doubtful by ``check``."""

    controller: Actor
    start: date
    status: str
    confidence: float
    outlets: tuple[str, ...] = ()
    doubtful: bool = False
    event_ids: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True)
class ControlPeriod:
    """Who held a place from ``start`` to ``end`` (None = open), and on what evidence.

    ``status``: "confirmed" (a reference record or import, or at least two independent outlets),
    "reported" (one outlet) or "disputed" (sources of equal weight disagree for the same time);
    ``outlets``: the independent sources behind the holder; ``claims``: competing claims for the
    same time (see :class:`ControlClaim`)."""

    place: Place
    controller: Actor
    start: date | None
    end: date | None
    confidence: float
    event_ids: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    status: str = "reported"
    outlets: tuple[str, ...] = ()
    claims: tuple[ControlClaim, ...] = ()


@dataclass(frozen=True)
class Finding:
    """A verdict on a claim in an article, against the record.

    kind: stale | contradicted | corroborated | unverified | geography | count
    verdict: a short word (e.g. "stale", "consistent", "inconsistent", "corroborated")
    """

    kind: str
    verdict: str
    place: Place | None
    claim: Evidence
    record: tuple[SourceRef, ...] = ()
    detail: str = ""
    event_id: str | None = None


@dataclass(frozen=True)
class Failure:
    """A per-document failure: recorded, never swallowed."""

    doc: str  # file path, URL or record id
    stage: str  # read | decode | clean | extract | store | ...
    code: str
    reason: str


@dataclass
class Analysis:
    """The result of analysing one article."""

    article: Article
    events: list[Event] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Area:
    """Land held by one controller, with one status, at a date: the merged cells of the places it
    held (see :mod:`frontlines.areas`). ``geometry`` is a GeoJSON Polygon or MultiPolygon in
    longitude/latitude (WGS 84); ``places`` are sorted by population, largest first."""

    controller: Actor
    status: str  # confirmed | reported | disputed
    country: str
    places: tuple[Place, ...]
    geometry: dict[str, Any]
    km2: float


@dataclass(frozen=True)
class AreaMap:
    """Areas of control at ``at``. ``front`` is a GeoJSON MultiLineString (or None): the borders
    between areas of different holders. ``land_km2`` is the land of the countries drawn,
    ``assigned_km2`` the part of it given to some holder (the rest is farther than ``max_km``
    from every known place)."""

    at: date
    country: str | None
    areas: tuple[Area, ...]
    front: dict[str, Any] | None
    front_km: float
    assigned_km2: float
    land_km2: float
    max_km: float = 0.0


# --------------------------------------------------------------------------------------------
# JSON shape
# --------------------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def to_dict(obj: Any) -> Any:
    """The one JSON shape of every record (dates as ISO strings)."""
    return _plain(obj)


def article_dict(article: Article, with_text: bool = True) -> dict[str, Any]:
    d = to_dict(article)
    if not with_text:
        d.pop("text", None)
    return d


def analysis_dict(analysis: Analysis, with_findings: bool = False) -> dict[str, Any]:
    d: dict[str, Any] = {
        "article": article_dict(analysis.article),
        "events": [to_dict(e) for e in analysis.events],
    }
    if with_findings:
        d["findings"] = [to_dict(f) for f in analysis.findings]
    return d


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _from(cls: type, data: dict[str, Any] | None) -> Any:
    if data is None:
        return None
    return cls(**{f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data})


def evidence_from_dict(d: dict[str, Any] | None) -> Evidence | None:
    return _from(Evidence, d)


def source_from_dict(d: dict[str, Any]) -> SourceRef:
    return SourceRef(
        origin=d["origin"], ref_id=d["ref_id"], evidence=evidence_from_dict(d.get("evidence")),
        title=d.get("title"), url=d.get("url"), source=d.get("source"),
        published=_date(d.get("published")), citation=d.get("citation"),
    )


def event_from_dict(d: dict[str, Any]) -> Event:
    """Inverse of ``to_dict(event)``: JSON Lines exports and worker results round-trip."""
    date_d = d.get("date")
    return Event(
        id=d["id"], type=d["type"],
        actor=_from(Actor, d.get("actor")), target=_from(Actor, d.get("target")),
        place=_from(Place, d.get("place")),
        date=None if date_d is None else DateRange(
            _date(date_d["start"]), _date(date_d["end"]), int(date_d["precision"]), date_d.get("text", "")),
        evidence=evidence_from_dict(d["evidence"]), confidence=float(d["confidence"]),
        plover=d.get("plover"), acled_event_type=d.get("acled_event_type"),
        acled_sub_event_type=d.get("acled_sub_event_type"), article_id=d.get("article_id"),
        trigger=d.get("trigger"), count=d.get("count"),
        sources=tuple(source_from_dict(s) for s in d.get("sources") or ()),
        corroboration=int(d.get("corroboration", 1)), conflicts=tuple(d.get("conflicts") or ()),
    )


def article_from_dict(d: dict[str, Any]) -> Article:
    return Article(
        id=d["id"], text=d.get("text", ""), title=d.get("title"), published=_date(d.get("published")),
        source=d.get("source"), url=d.get("url"), origin=d.get("origin"), format=d.get("format", "text"),
        extraction=d.get("extraction", "text"),
    )
