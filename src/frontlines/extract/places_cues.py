"""Cues that a capitalised name is a place, and the theater's readings of a name: "X village",
"the town of X", "captured X", a list of places ("villages of A, B and X"), a preposition of place
before the name ("in X", "including X": the loose reading inside the theater, see
:meth:`frontlines.geo.gazetteer.Gazetteer.lookup_in`). Used by :mod:`frontlines.extract.places_detect`."""
from __future__ import annotations

import re

from ..geo.names import arabic_key

#: Words after a name that say it is a populated place or site ("Khafiyah village").
PLACE_NOUNS = frozenset({"village", "villages", "town", "towns", "city", "hamlet", "farms", "neighbourhood",
                         "neighborhood", "suburb", "camp", "hill", "area", "district", "quarter"})
#: Words after a name that say it is a part of a town ("Al-Mansour neighborhood of Ar-Raqqa city"):
#: no village elsewhere is read for it by a near spelling.
CITY_PARTS = frozenset({"neighbourhood", "neighborhood", "neighbourhoods", "neighborhoods", "district",
                        "quarter", "suburb"})
PLACE_NOUN_OF = re.compile(r"(?:\b(?:village|town|city|hamlet|neighbou?rhood|suburb|area|villages|towns)\s+of|"
                           r"\b(?:captured?|seized?|control of|controll?ed|entered|stormed|took over|overran|retook|"
                           r"recaptured?|liberated|advanced (?:in|to|into|on))(?:\s+the)?)\s+$", re.IGNORECASE)


def _in_country(gazetteer, rows: tuple[int, ...], country: str) -> bool:
    return any(gazetteer.entry(i).country == country for i in rows)


def _theater_rows(gazetteer, phrase: str, rows: tuple[int, ...], country: str | None, loose: bool) -> tuple[int, ...]:
    """``rows`` plus the theater's places of the same name under another transliteration
    ("Rabiah" is also "Ar Rabiah", "Badriyeh" is "Al Badriyyah"), and, when ``rows`` has none in
    the theater and ``loose``, under a fuzzy match (see :meth:`Gazetteer.lookup_in`); the
    resolver then chooses with the article's context."""
    if not country:
        return rows
    loose = loose and not _in_country(gazetteer, rows, country)
    return rows + tuple(i for i in gazetteer.lookup_in(phrase, country, loose=loose) if i not in rows)


def city_part(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is called a part of a town ("X neighborhood")."""
    after = text[end:end + 16].lower().split()
    return bool(after) and after[0].strip(".,;:)") in CITY_PARTS


def _well_known(e, phrase: str) -> bool:
    """A reading no theater village should displace: a country, continent, admin1 area or big city
    named by its own name in any transliteration ("Ar-Raqqa", "Idleb"; but "Sarja", an alternate
    name of Sharjah, may still be the theater's Sarjah)."""
    return (e.feature in ("country", "continent", "region", "admin1") or e.population >= 1_000_000) \
        and arabic_key(e.name) == arabic_key(phrase)


def _place_noun_near(text: str, start: int, end: int) -> bool:
    """ "X village", "the town of X", "captured X": the text itself says X is a place; so does a
    list that such words begin ("the villages of A, B and X", "including A and X")."""
    after = text[end:end + 16].lower().split()
    return bool(after) and after[0].strip(".,;:)") in PLACE_NOUNS or bool(PLACE_NOUN_OF.search(text[max(0, start - 30):start])) \
        or _in_place_list(text, start)


#: A preposition of place right before a name ("in Taiba al-Imam", "including Der Muqrin"): inside the
#: theater, enough for the loose (fuzzy) reading of a name the gazetteer does not hold as written.
LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|at|around|into|towards?|over|from|outside|including|between)\s+(?:the\s+)?$",
                             re.IGNORECASE)


def _loose_cue(text: str, start: int, end: int) -> bool:
    """In the theater: the text presents the name as a place (a place noun, a list of places, or a
    preposition of place before it)."""
    return _place_noun_near(text, start, end) or bool(LOCATIVE_BEFORE.search(text[max(0, start - 20):start]))


_LIST_CUE = re.compile(r"\b(?:villages?|towns?|hamlets?|areas?|including)(?:\s+of)?\s+", re.IGNORECASE)
_LIST_WORD = re.compile(r"(?:[A-Z][\w'’`]*|al|el|as|ash|ad|ar|az|ez|and|of)$")


def _in_place_list(text: str, start: int) -> bool:
    """Whether ``start`` is a later item of a list of names after "villages of", "towns",
    "including" in the same sentence: only names, commas and "and" in between."""
    before = text[max(0, start - 200):start]
    if not re.search(r"(?:,|\band)\s*$", before):
        return False
    cues = list(_LIST_CUE.finditer(before))
    if not cues:
        return False
    between = before[cues[-1].end():]
    return all(_LIST_WORD.match(w) for w in re.split(r"[\s,\-]+", between) if w)
