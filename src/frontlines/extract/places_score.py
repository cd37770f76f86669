"""Scoring the candidates of place mentions: :class:`PlaceResolver` (see :mod:`frontlines.extract.places`).

A candidate's score is its prior (population, feature type, the theater country, "X province"),
plus a curated alias, the share of the article's country votes for its country, and the support
of other mentions in its admin1 area; :meth:`PlaceResolver.best` adds the place's own name and
capitals, and a few rules between namesakes (the city before its province; a capital of a named
country, or a far larger city of the same country, before a small namesake).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from ..geo.distance import haversine_km
from ..geo.names import arabic_key, norm_key, translit_key
from .places_detect import Span

FEATURE_BONUS = {"country": 5.0, "continent": 4.5, "region": 7.0, "admin1": 2.5, "admin2": 0.3, "city": 0.0}
#: A theater place smaller than this is a village for :meth:`PlaceResolver.anchored`.
VILLAGE = 10_000
#: Score of a village in the governorate of a larger place the article names, and of one next to it
#: (falling linearly to 0 at 150 km).
ANCHOR_AREA = 4.0
ANCHOR_NEAR = 2.0
#: Score of a village that lies in the direction the article gives from a larger place ("in
#: southern Idleb", "in the north eastern countryside of Hama", "Hama's eastern countryside").
ANCHOR_DIRECTION = 3.0
#: ... within this many degrees of that direction, and at most ``DIRECTION_KM`` from the place
DIRECTION_SPREAD = 67.5
DIRECTION_KM = 100.0
_DIR = r"(north|south)?[- ]?(east|west)?(?:ern)?"
_DIR_BEFORE = re.compile(r"\b" + _DIR + r"\s+(?:(?:countryside|outskirts|suburbs|parts?|rural|areas?)\s+)?(?:of\s+)?"
                         r"(?:the\s+)?$", re.IGNORECASE)
_DIR_AFTER = re.compile(r"^(?:'s|’s)?\s+" + _DIR + r"\s+(?:countryside|outskirts|suburbs|rural|parts?)\b", re.IGNORECASE)
_BEARING = {("north", ""): 0.0, ("north", "east"): 45.0, ("", "east"): 90.0, ("south", "east"): 135.0,
            ("south", ""): 180.0, ("south", "west"): 225.0, ("", "west"): 270.0, ("north", "west"): 315.0}


def direction_of(text: str, span: Span) -> float | None:
    """The bearing (degrees from north) that the text gives around a place's name: "southern
    Idleb", "the south eastern countryside of Idleb", "Hama north eastern countryside"; None without one."""
    start = span.start
    m = _DIR_BEFORE.search(text[max(0, start - 45):start]) if not span.region else None
    if span.region:
        m = re.match(_DIR, span.text, re.IGNORECASE)
    if m is None or not (m.group(1) or m.group(2)):
        m = _DIR_AFTER.match(text[span.end:span.end + 40])
    if m is None or not (m.group(1) or m.group(2)):
        return None
    return _BEARING[((m.group(1) or "").lower(), (m.group(2) or "").lower())]


def lies_towards(lat: float, lon: float, bearing: float, e: Any, low: float = 3.0,
                  high: float = DIRECTION_KM) -> bool:
    """Whether ``e`` lies within ``DIRECTION_SPREAD`` degrees of ``bearing`` from (lat, lon),
    ``low`` to ``high`` km away (closer than ``low``: no direction at all)."""
    d = haversine_km(lat, lon, e.lat, e.lon)
    if d < 3.0:
        return low == 0.0
    if not low <= d <= high:
        return False
    dx = (e.lon - lon) * math.cos(math.radians(lat))
    angle = math.degrees(math.atan2(dx, e.lat - lat)) % 360.0
    diff = abs(angle - bearing) % 360.0
    return min(diff, 360.0 - diff) <= DIRECTION_SPREAD


#: Score of a village next to another village the article names with one clear reading, falling
#: linearly to 0 at VILLAGES_KM.
VILLAGES_NEAR = 2.0
VILLAGES_KM = 50.0
#: A city this large (and 20 times its namesake) is meant by its bare name over a small namesake.
BIG_NAMESAKE = 100_000


#: At most this much for the namesake whose spelling is nearest the text's (see _closeness): it
#: only breaks ties between villages whose keys all match.
SPELLING = 0.5


def _closeness(text: str, e: Any) -> float:
    """0..1: how near the text's spelling is to the nearest of the place's Latin names, on the
    transliteration keys with e/i and o/u folded (80% similar or less -> 0)."""
    from rapidfuzz import fuzz

    target = _vowels(translit_key(text))
    best = max((fuzz.ratio(target, _vowels(translit_key(n))) for n in (e.name, *e.alternate_names)
                if n and n.isascii()), default=0.0)
    return max(0.0, (best - 80.0) / 20.0)


def _vowels(key: str) -> str:
    return key.replace("e", "i").replace("o", "u")


def international(e: Any) -> bool:
    """A sea, ocean or region of no single country: foreign to no theater."""
    return e.feature == "region" and not e.country


class PlaceResolver:
    """Scores candidates of the spans of one article (see module doc)."""

    def __init__(self, gazetteer: Any, theater: str | None, *, named: set[str] = frozenset(), text: str = "") -> None:
        self.gaz = gazetteer
        self.theater = theater
        self.votes: Counter = Counter()
        self.total = 0.0
        self.admin_support: Counter = Counter()
        self.named = named  # countries the article names
        self.text = text  # the article text ("Louisville, Ohio": a name qualified after it)
        #: (start, admin1, lat, lon) of the larger theater places the article names (set by the
        #: places stage after its first pass): a village in their governorate, or near them, first
        self.anchors: list[tuple] = []
        #: (start, name key, lat, lon) of the theater villages named with one clear reading (set by
        #: the places stage): a namesake near the article's other villages first
        self.villages: list[tuple] = []

    def prior(self, i: int, span: Span) -> float:
        e = self.gaz.entry(i)
        pop = e.population or (1000 if e.feature == "city" else 0)  # 0 = unknown in GeoNames
        score = math.log10(pop + 10) + FEATURE_BONUS.get(e.feature, 0.0)
        if span.admin_hint:
            score += 6.0 if e.feature in ("admin1", "admin2") else -2.0
        elif e.feature == "admin2":
            score -= 1.0
        if self.theater and (e.country == self.theater or international(e)):
            score += 5.0  # an international sea or region is no foreign place in any theater
        return score

    def share(self, cc: str, self_key: tuple | None) -> float:
        """The share of the article's country votes for ``cc``, without this mention's own votes."""
        votes, total = self.votes.get(cc, 0.0), self.total
        if self_key is not None and self_key[0]:
            own_cc, n = self_key[0], self_key[3]
            total -= n
            if own_cc == cc:
                votes -= n
        return votes / total if total > 0 and votes > 0 else 0.0

    def score(self, i: int, span: Span, alias: set[int], self_key: tuple | None = None) -> float:
        e = self.gaz.entry(i)
        s = self.prior(i, span) + (3.0 if i in alias else 0.0)
        s += 4.5 * (max((self.share(cc, self_key) for cc in self.votes), default=0.0) if international(e)
                    else self.share(e.country, self_key))
        if e.feature not in ("country", "continent", "region"):
            support = self.admin_support.get((e.country, e.admin1), 0)
            if self_key is not None and self_key[4] and self_key[1:3] == (e.country, e.admin1):
                support -= 1
            s += 2.5 * min(support, 2)
            if e.country == self.theater and e.feature == "city" and e.population < VILLAGE:
                s += self.anchored(e, span) + self.among_villages(e, span)
        return s

    def anchored(self, e: Any, span: Span) -> float:
        """A village's bonus from the larger places the article names (not the span itself): in
        the governorate of one of them ("X, Idlib", "X in rural Hama", "X (Homs)"), and nearer to
        them (same-named villages are told apart by the article's context, never by population)."""
        others = [a for a in self.anchors if a[0] != span.start]
        if not others:
            return 0.0
        # the governorate, unless the article gives a direction from its seat that the village
        # does not lie in ("Selwa in Aleppo western countryside": not the Salwa north-east of Aleppo)
        bonus = ANCHOR_AREA if any(a1 and a1 == e.admin1 and (b is None or lies_towards(lat, lon, b, e, 0.0, 1e9))
                                   for _, a1, lat, lon, b in others) else 0.0
        near = min(haversine_km(lat, lon, e.lat, e.lon) for _, _, lat, lon, _ in others)
        if any(b is not None and lies_towards(lat, lon, b, e) for _, _, lat, lon, b in others):
            bonus += ANCHOR_DIRECTION  # "in southwest Aleppo": the namesake southwest of Aleppo
        return bonus + ANCHOR_NEAR * max(0.0, 1.0 - near / 150.0)

    def among_villages(self, e: Any, span: Span) -> float:
        """A village's bonus for lying near the other villages the article names with one clear
        reading (``VILLAGES_NEAR`` next to one, falling linearly to 0 at ``VILLAGES_KM``)."""
        key = norm_key(span.text)
        near = min((haversine_km(lat, lon, e.lat, e.lon) for start, k, lat, lon in self.villages
                    if start != span.start and k != key), default=None)
        return 0.0 if near is None else VILLAGES_NEAR * max(0.0, 1.0 - near / VILLAGES_KM)

    def best(self, span: Span, use_context: bool, self_key: tuple | None = None) -> tuple[int | None, float, float]:
        """(row, score, margin over the runner-up)."""
        if not span.rows:
            return None, 0.0, 0.0
        alias = set(self.gaz.alias_rows(span.text)) if span.kind != "demonym" else set()
        key = norm_key(span.text)
        akey = arabic_key(span.text) if self.theater else ""
        rows = span.rows
        if not span.admin_hint and any(international(self.gaz.entry(i)) for i in rows):
            # "the Atlantic": the ocean, not Atlantic County by its bare name
            rows = tuple(i for i in rows if self.gaz.entry(i).feature != "admin2"
                         or norm_key(self.gaz.entry(i).name) == key)
        scored = []
        for i in rows:
            s = self.score(i, span, alias, self_key) if use_context else self.prior(i, span) + (3.0 if i in alias else 0.0)
            e = self.gaz.entry(i)
            if norm_key(e.name) == key:  # the place's own name, not one of its many alternates
                s += 1.5
            elif e.country == self.theater and e.feature == "city" and arabic_key(e.name) == akey:
                s += 1.0  # its own name in another transliteration, not a merged record's stray alternate
            if self.theater and e.country == self.theater and e.feature == "city" and len(rows) > 1:
                s += SPELLING * _closeness(span.text, e)  # "Kherbit Faris": Khirbat Faris before Khirbat al Faras
            if self.gaz.is_capital(i):  # "Washington" is the capital before the state
                s += 4.5
            scored.append((s, i))
        scored.sort(reverse=True)
        top, row = scored[0]
        e = self.gaz.entry(row)
        if e.feature == "city" and not self.gaz.is_capital(row):
            # "In Washington" in a story about Britain that names the United States: a capital of a
            # named country, named by its own name and far larger, before a town of the theater;
            # "Boston", "Louisville" without ", N.Y." or ", Ohio" after them: the big city of that
            # name in the same country, not a small namesake in a state the article also names
            qualified = bool(re.match(r",\s*[A-Z]", self.text[span.end:span.end + 4]))
            for s, i in scored[1:]:
                c = self.gaz.entry(i)
                if c.feature != "city" or norm_key(c.name) != key:
                    continue
                if self.gaz.is_capital(i) and c.country in self.named and c.population >= 5 * max(e.population, 1):
                    return i, top, 1.0
                if not qualified and c.country == e.country and c.population >= max(BIG_NAMESAKE, 20 * e.population):
                    return i, top, 1.0
        if e.feature in ("admin1", "admin2") and not span.admin_hint:
            # "Homs", "Idlib": the city of the same name, not its province, unless asked for
            for s, i in scored[1:]:
                c = self.gaz.entry(i)
                if c.feature == "city" and c.country == e.country and c.admin1 == e.admin1 \
                        and c.population >= 0.1 * e.population and s >= top - 6.0:
                    rest = [x for x, j in scored if j not in (i, row)]
                    return i, top, max(1.0, top - max(rest, default=top - 10.0))
        second = scored[1][0] if len(scored) > 1 else top - 10.0
        return row, top, top - second
