"""Whether a theater village fits the larger places an article names, and the near spelling that
fits when the name as written does not (used by :mod:`frontlines.extract.places`).

Villages share names across a country: "Madaya in southern Idleb" is not the Madaya near Damascus.
A place smaller than ``SMALL_PLACE`` fits when it lies in the admin1 area of one of the larger
places the article names, within ``ANCHOR_KM`` of one, or in the direction the text gives from one
("Thalijah in southern Idleb": GeoNames files it under Aleppo, 66 km from Idlib). Unresolved is
better than wrong; but when every reading as written is refused, the loose (fuzzy) reading may
offer one that fits ("Al-Thaljah in southern Idleb" is Thalijah, not Ath Thaljah of al-Hasakah).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..geo.distance import haversine_km
from ..geo.names import norm_key, strip_articles
from .places_cues import city_part
from .places_detect import Span
from .places_score import lies_towards

#: In a given theater, a place smaller than this must fit the larger places the article names.
#: Larger places, and articles that name no larger place, are not checked; but a town smaller
#: than ``CITY`` reached only by a near spelling must fit as a village does ("the village of
#: Arbaine" in an article on Ras al-Ain is not `Irbin near Damascus, 42,000 people, 480 km away).
SMALL_PLACE = 10_000
CITY = 100_000
ANCHOR_KM = 60.0


def agrees(e: Any, sp: Span, anchors: list[tuple], theater: str | None) -> bool:
    """Whether a small place of the given theater fits the larger places the article names: in
    the same admin1 area as one of them, within ``ANCHOR_KM`` of one, or in the direction the text
    gives from one ("Thalijah in southern Idleb": GeoNames files it under Aleppo, 66 km from Idlib).
    With no such place named, anything fits. Villages share names across a country; unresolved is
    better than wrong."""
    if not theater or e.country != theater or e.feature != "city" \
            or e.population >= SMALL_PLACE and (e.population >= CITY or _as_written(e, sp.text)):
        return True
    others = [a for a in anchors if a[0] != sp.start]
    if not others:
        return True
    return any(a1 and a1 == e.admin1 or haversine_km(lat, lon, e.lat, e.lon) <= ANCHOR_KM
               or b is not None and lies_towards(lat, lon, b, e) for _, a1, lat, lon, b in others)


def _as_written(e: Any, text: str) -> bool:
    """Whether the text names the place by one of its names as the gazetteer spells it (articles
    aside), not by a transliteration key or a fuzzy score."""
    key = strip_articles(norm_key(text))
    return any(strip_articles(norm_key(n)) == key for n in (e.name, *e.alternate_names))


def fitting_spelling(gazetteer: Any, sp: Span, anchors: list[tuple], theater: str | None,
                      text: str) -> Span | None:
    """The span read loosely, keeping only the places that fit the article's larger places, when
    every reading as written does not ("Al-Thaljah in southern Idleb" is Ath Thaljah of al-Hasakah
    as written, Thalijah south-east of Idlib loosely); None when no loose reading fits either, and
    for a part of a town ("Al-Mansour neighborhood of Ar-Raqqa city" is no town 27 km away)."""
    if not theater or sp.kind not in ("name", "ner", "weak") or sp.beside or city_part(text, sp.end):
        return None
    fits = tuple(i for i in gazetteer.similar_in(sp.text, theater)
                 if i not in sp.rows and agrees(gazetteer.entry(i), sp, anchors, theater))
    return replace(sp, rows=fits) if fits else None
