"""Spatial statements checked against GeoNames coordinates (``geography`` findings).

Recognised statements (in any sentence of the article):
- "X lies on (a key supply route / the road / the highway) between A and B": the distance from X
  to the straight segment A-B (``geo.distance.point_segment_km``); ``ON_ROUTE_KM`` decides;
- "X, N km (north) of/from Y" (kilometres or miles): the measured distance against N, within
  ``KM_TOLERANCE``;
- "X near Y": the distance against ``NEAR_KM``;
- "X (located) in northern/the north of/central <country>": the position of X within the extent of
  the country's cities.
X is a named place just before the statement (only short words such as "located", "some", "a
town" may stand between), or "it" / "the city" / "the town", which refers to the place of the
latest event stated at or before that sentence. "the capital" is the theater's capital. Places
are the pipeline's own resolutions, else unambiguous exact GeoNames matches in the theater
country; statements across countries or about a region or country are not judged.
"""
from __future__ import annotations

import logging
import re

from ..geo.distance import haversine_km, point_segment_km
from ..model import Finding, Place
from .context import CheckContext, Sentence, place_source

log = logging.getLogger(__name__)

ON_ROUTE_KM = 10.0  #: within this distance of the A-B segment, "lies on the route" is consistent
NEAR_KM = 60.0  #: within this distance, "near" is consistent (news usage: "a town near Damascus")
MILE_KM = 1.609344
KM_TOLERANCE = 0.3  #: "N km from" is consistent within 30% of N (at least 5 km)

_NAME = r"(?:[A-Z][\w'’\-]*(?:\s+(?:al|el|ash|ad|as|ar|an|at|az|de|of|[A-Z][\w'’\-]*))*)"
_PLACE = rf"(?:(?i:the\s+capital),?\s+{_NAME}|(?i:the\s+capital)|{_NAME})"
_ANAPHOR = r"(?i:\b(?:it|the city|the town|the village|this city|this town)\b)"
_DIRS = r"north|south|east|west|north-?east|north-?west|south-?east|south-?west"
_ROUTE = re.compile(
    r"(?i:\b(?:lies|lie|lying|is|sits|situated|located|stands)\s+(?:right\s+|directly\s+|squarely\s+)?"
    r"(?:on|along|astride)\s+(?:a|an|the)\s+(?:[\w\-]+\s+){0,3}?(?:route|road|highway|motorway|artery|corridor)"
    r"\s+(?:linking|connecting|between|from)\s+)"
    rf"(?P<a>{_PLACE})\s*,?\s+(?i:and|to|with)\s+(?P<b>{_PLACE})")
_KM = re.compile(
    r"\b(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>(?i:km|kilometres|kilometers|-kilometre|-kilometer|miles?))\b"
    rf"\s+(?:\(\d+\s*(?i:miles?|km)\)\s+)?(?:(?i:to\s+the\s+)?(?i:{_DIRS})(?i:ern)?\s+)?"
    rf"(?i:of|from|outside)\s+(?P<y>{_PLACE})")
_NEAR = re.compile(rf"\b(?i:near|close\s+to|on\s+the\s+outskirts\s+of)\s+(?:(?i:the\s+(?:city|town)\s+of)\s+)?(?P<y>{_PLACE})")
_REGION = re.compile(
    r"\b(?i:in)\s+(?:(?P<adj>(?i:northern|southern|eastern|western|central|north-?western|north-?eastern|"
    r"south-?western|south-?eastern))\s+|(?i:the)\s+(?P<dir>(?i:north|south|east|west|north-?west|north-?east|"
    r"south-?west|south-?east|centre|center))\s+(?i:of)\s+)(?P<y>[A-Z][\w\-]*)")
_SUBJECT = re.compile(rf"{_ANAPHOR}|{_NAME}")
# what may stand between a place and a statement about it: "X, located in", "X, which lies on",
# "X (pop. 30,000), about 20 km from", "X near Y"
_GAP = re.compile(r"(?i:[\s,]*(?:\([^)]{0,40}\)[\s,]*)?(?:(?:which|that|is|was|lies|lay|sits|located|situated|"
                  r"about|some|around|roughly|approximately|nearly|almost|just|only|a|an|town|city|village|"
                  r"strategic|small|key)[\s,]+)*)")

# capitalised words a name pattern may take that are not places
_NOT_PLACES = {"the", "it", "this", "that", "these", "they", "its", "their", "a", "an", "as", "and", "but",
               "while", "with", "in", "on"}


def _subject(ctx: CheckContext, sent: Sentence, end: int, window: int = 60) -> Place | None:
    """The place a statement is about: the rightmost resolvable anaphor or place name in the
    ``window`` characters of the sentence before offset ``end`` (relative to the sentence); a
    subject further back is too uncertain to judge a statement by."""
    lo = max(0, end - window)
    prefix = sent.text[lo:end]
    for m in reversed(list(_SUBJECT.finditer(prefix))):
        if not _GAP.fullmatch(prefix[m.end():]):
            continue  # the statement is not about this word ("X took Y, 10 km from Z")
        t = m.group(0).strip()
        if re.fullmatch(_ANAPHOR, t):
            at = sent.start + lo + m.start()
            prior = [e for e in ctx.analysis.events if e.place is not None and e.place.lat is not None
                     and e.evidence.start <= at and e.place.precision < 3]
            return prior[-1].place if prior else None
        words = t.split()
        # try the name as written, then without leading sentence words ("The", "As", ...)
        while words and words[0].lower() in _NOT_PLACES:
            words = words[1:]
        if words:
            p = _named(ctx, " ".join(words))
            if p is not None:
                return p
    return None


def _named(ctx: CheckContext, text: str) -> Place | None:
    t = re.sub(r"^(?:the capital,?\s*)", "", text.strip(), flags=re.I).strip(" ,")
    if not t:
        return ctx.capital()
    if t.lower() in _NOT_PLACES or t.lower().startswith("the "):
        return None
    p = ctx.place_named(t)
    return p if p is not None and p.lat is not None else None


def _comparable(x: Place | None, y: Place | None) -> bool:
    """Two distinct places of one country: a statement across countries is more likely a wrong
    name resolution ("Boulil near Deir ez-Zor" resolved to a town abroad) than a claim to judge."""
    return (x is not None and y is not None and x.geonameid != y.geonameid
            and (x.country or "") == (y.country or "") != ""
            and x.precision < 3 and y.precision < 3 and x.feature == y.feature == "city")


def _finding(ctx: CheckContext, sent: Sentence, x: Place, others: list[Place], ok: bool, detail: str) -> Finding:
    return Finding(kind="geography", verdict="consistent" if ok else "inconsistent", place=x,
                   claim=sent.evidence(ctx.article_id),
                   record=tuple(place_source(p) for p in [x, *others] if p.geonameid is not None),
                   detail=detail)


def _route(ctx: CheckContext, sent: Sentence) -> list[Finding]:
    out = []
    for m in _ROUTE.finditer(sent.text):
        x = _subject(ctx, sent, m.start(), window=100)
        a, b = _named(ctx, m.group("a")), _named(ctx, m.group("b"))
        if not (_comparable(x, a) and _comparable(x, b) and _comparable(a, b)):
            continue
        d = point_segment_km((x.lat, x.lon), (a.lat, a.lon), (b.lat, b.lon))
        ok = d <= ON_ROUTE_KM
        out.append(_finding(ctx, sent, x, [a, b], ok,
                            f"{x.name} is {d:.0f} km from the straight line {a.name}-{b.name} "
                            f"({haversine_km(a.lat, a.lon, b.lat, b.lon):.0f} km long); 'on the route between' "
                            f"holds within {ON_ROUTE_KM:.0f} km"))
    return out


def _distance(ctx: CheckContext, sent: Sentence) -> list[Finding]:
    out = []
    for m in _KM.finditer(sent.text):
        x = _subject(ctx, sent, m.start())
        y = _named(ctx, m.group("y"))
        if not _comparable(x, y):
            continue
        n = float(m.group("n")) * (MILE_KM if m.group("unit").lower().startswith("mile") else 1.0)
        d = haversine_km(x.lat, x.lon, y.lat, y.lon)
        ok = abs(d - n) <= max(5.0, KM_TOLERANCE * n)
        out.append(_finding(ctx, sent, x, [y], ok, f"stated {m.group('n')} {m.group('unit')} ({n:.0f} km) from {y.name}; measured {d:.0f} km "
                            f"between {x.name} and {y.name} (straight line)"))
    for m in _NEAR.finditer(sent.text):
        x = _subject(ctx, sent, m.start(), window=40)
        y = _named(ctx, m.group("y"))
        if not _comparable(x, y):
            continue
        d = haversine_km(x.lat, x.lon, y.lat, y.lon)
        out.append(_finding(ctx, sent, x, [y], d <= NEAR_KM,
                            f"'near': {x.name} is {d:.0f} km from {y.name} (near holds within {NEAR_KM:.0f} km)"))
    return out


def _region(ctx: CheckContext, sent: Sentence) -> list[Finding]:
    out = []
    for m in _REGION.finditer(sent.text):
        x = _subject(ctx, sent, m.start(), window=100)
        word = (m.group("adj") or m.group("dir") or "").lower().replace("-", "")
        cc = _country_code(ctx, m.group("y"))
        if x is None or not cc or x.country != cc:
            continue
        ext = ctx.extent(cc)
        if ext is None:
            continue
        fy = (x.lat - ext[0]) / max(1e-6, ext[1] - ext[0])
        fx = (x.lon - ext[2]) / max(1e-6, ext[3] - ext[2])
        ok = _direction_ok(word, fx, fy)
        if ok is None:
            continue
        out.append(_finding(ctx, sent, x, [], ok,
                            f"'{word}' {m.group('y')}: {x.name} lies {_pct(fy)} of the way north and {_pct(fx)} of the "
                            f"way east across the extent of {m.group('y')}'s towns"))
    return out


def _pct(f: float) -> str:
    return "beyond the edge" if not 0.0 <= f <= 1.0 else f"{f:.0%}"


def _country_code(ctx: CheckContext, name: str) -> str | None:
    if ctx.gazetteer is None:
        return None
    try:
        for e in ctx.gazetteer.candidates(name):
            if e.feature == "country":
                return e.country
    except Exception as exc:  # noqa: BLE001
        log.warning("country lookup of %r failed: %s", name, exc)
    return None


def _direction_ok(word: str, fx: float, fy: float) -> bool | None:
    word = {"northern": "north", "southern": "south", "eastern": "east", "western": "west", "central": "centre",
            "center": "centre", "northwestern": "northwest", "northeastern": "northeast",
            "southwestern": "southwest", "southeastern": "southeast"}.get(word, word)
    tests = {"north": fy >= 0.45, "south": fy <= 0.55, "east": fx >= 0.45, "west": fx <= 0.55}
    if word == "centre":
        return 0.15 <= fx <= 0.85 and 0.15 <= fy <= 0.85
    parts = [p for p in ("north", "south", "east", "west") if p in word]
    return all(tests[p] for p in parts) if parts else None


def check_geography(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[tuple] = set()
    for sent in ctx.sentences:
        for f in _route(ctx, sent) + _distance(ctx, sent) + _region(ctx, sent):
            key = (f.place.geonameid if f.place else None, f.claim.start, f.detail)
            if key not in seen:
                seen.add(key)
                findings.append(f)
    return findings
