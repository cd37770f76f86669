"""A change of hands at a place the gazetteer does not know, placed near the place the text
locates it by: "Nazha village ... east of Ar-Raqqa city", "Um Elmayathen village in the southern
Dar'a countryside", "Humayd village in the countryside of Ras Al Ain" (precision 2: near it)."""
from __future__ import annotations

import dataclasses
import re
from typing import Any

from .doc import PlaceMention

#: between an unknown name and the known place that locates it: a place noun, then "in", "near",
#: "outside", "N km east of", with "the (direction) countryside/outskirts of" or "X's"
_LOCATOR_GAP = re.compile(
    r"\s*(?:(?:village|town|city|area|neighbou?rhood|district|hill|base|island|camp|farms?)\s+)?,?\s*"
    r"(?:(?:located\s+)?(?:in|near|outside|around)\s+(?:the\s+)?|(?:\d+\s*km\s+)?(?:north|south|east|west)[\w-]*\s+of\s+(?:the\s+)?)"
    r"(?:(?:(?:north|south)?[\s-]?(?:north|south|east|west)(?:ern)?\s+)?(?:countryside|outskirts|suburbs|vicinity)\s+of\s+(?:the\s+)?)?",
    re.IGNORECASE)
#: the known place is at most this far into the text after the unknown name
_WINDOW = 90


def located_near(found: list[PlaceMention | None], places: list[PlaceMention], text: str) -> list[PlaceMention | None]:
    """``found`` with its one unresolved place replaced by the resolved place (not a country) that
    the text locates it by, as "near" it (precision 2 or coarser). Several unknown names ("the
    areas of Hafez and Muhassen in Deir Ezzor") stay as they are: one place for all would make
    their changes one."""
    if sum(1 for pm in found if pm is not None and pm.place is not None and pm.place.lat is None) != 1:
        return found
    out: list[PlaceMention | None] = []
    for pm in found:
        if pm is None or pm.place is None or pm.place.lat is not None:
            out.append(pm)
            continue
        after = [p for p in places if pm.end <= p.start <= pm.end + _WINDOW and p.place is not None
                 and p.place.lat is not None and p.place.feature not in ("country", "continent")]
        loc = next((p for p in sorted(after, key=lambda p: p.start)
                    if _LOCATOR_GAP.fullmatch(text[pm.end:p.start])), None)
        out.append(pm if loc is None else _near(loc, pm))
    return out


def _near(loc: PlaceMention, pm: PlaceMention) -> Any:
    place = dataclasses.replace(loc.place, precision=max(2, loc.place.precision))
    return dataclasses.replace(loc, place=place)
