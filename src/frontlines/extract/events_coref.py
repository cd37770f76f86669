"""One event that an article tells several times is one event.

A news article names an attack, a clash or an advance once with its place ("Russian air strikes
hit Ariha on Monday") and comes back to it without one ("the raids killed 12", "the fighting
continued"). A place-less report of a type that the article also reports with a place, by the same
side or an unnamed one, is that report again: it is folded into it (filling in the actor or the
target it lacks) instead of standing as an event of its own with no place. Before that, an
attack or a clash whose parse found no place takes the one its sentence names after a locative
preposition (:func:`locative_place`).
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..model import Actor, Event
from .events_places import not_event_place

#: types whose place-less reports are folded into a placed report of the same article
FOLDED_TYPES = ("attack", "clash", "advance")
#: types whose report at a province is folded into the same side's report at a town of it
NESTED_TYPES = ("attack", "clash")


def _faction(actor: Actor | None) -> str | None:
    if actor is None or actor.faction in ("unknown", ""):
        return None
    return actor.faction


def _compatible(a: Event, b: Event) -> bool:
    fa, fb = _faction(a.actor), _faction(b.actor)
    return fa is None or fb is None or fa == fb


def fold_placeless(events: list[Event]) -> list[Event]:
    """Fold each place-less attack, clash or advance into the first placed event of the same type
    and a compatible actor in the article (see module doc); other events are kept in order."""
    placed: dict[str, list[int]] = {}
    for i, e in enumerate(events):
        if e.place is not None and e.type in FOLDED_TYPES:
            placed.setdefault(e.type, []).append(i)
    out: dict[int, Event] = {}
    for i, e in enumerate(events):
        if e.place is not None or e.type not in FOLDED_TYPES:
            out.setdefault(i, e)
            continue
        j = next((k for k in placed.get(e.type, ()) if _compatible(out.get(k, events[k]), e)), None)
        if j is None:
            out[i] = e
            continue
        host = out.get(j, events[j])
        out[j] = dataclasses.replace(
            host, actor=host.actor if _faction(host.actor) else (e.actor or host.actor),
            target=host.target or e.target, confidence=max(host.confidence, e.confidence))
    return [out[i] for i in sorted(out)]


_LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|at|around|outside|inside|on|across|over)\s+(?:the\s+)?"
                              r"(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)


def locative_place(text: str, mentions: Any, trigger_start: int, demonyms: frozenset[str],
                   spacy_doc: Any = None) -> Any:
    """For an attack or clash whose parse gave no place: the place its sentence names after a
    locative preposition ("Near Ar Raqqah, 15 strikes engaged ...", "fighting broke out ... in
    Deir al-Zor"), the nearest to the trigger; no demonym, no country. None when there is none."""
    best, best_d = None, None
    for pm in mentions.places:
        place = pm.place
        if place is None or place.feature in ("country", "continent") or pm.text.lower() in demonyms \
                or not_event_place(pm, text, spacy_doc):
            continue
        before = text[max(0, pm.start - 40):pm.start]
        if "," in before.rsplit(" ", 4)[-1] or not _LOCATIVE_BEFORE.search(before):
            continue
        d = abs(pm.start - trigger_start)
        if best_d is None or d < best_d:
            best, best_d = pm, d
    if best is None:
        return None
    return dataclasses.replace(best, place=dataclasses.replace(best.place, precision=max(2, best.place.precision)))


def inherit_attackers(events: list[Event]) -> list[Event]:
    """An attack whose sentence names no attacker ("Near Sinjar, one strike destroyed ...", "the
    raids killed 36 civilians") is, in a report of a series of strikes, the last named attacker's:
    it takes the actor of the nearest attack before it in the article that has a known actor. The
    event's confidence stays what its own sentence gave it (the borrowed actor adds nothing to it,
    and takes nothing: the attack is as likely as it was without an actor)."""
    out: list[Event] = []
    last: Actor | None = None
    for e in events:
        if e.type == "attack":
            if _faction(e.actor) is not None:
                last = e.actor
            elif last is not None and (e.target is None or e.target.faction != last.faction):
                e = dataclasses.replace(e, actor=last)
        out.append(e)
    return out


def fold_nested(events: list[Event]) -> list[Event]:
    """An attack or clash placed at a province (admin1 or admin2) that the article also reports, by the
    same side or an unnamed one, at a town of that province is that report told more broadly ("air
    strikes on Aleppo province" ... "on the town of Anadan"): only the most specific place stays."""
    specific = [e for e in events if e.type in NESTED_TYPES and e.place is not None
                and e.place.feature == "city" and e.place.admin1]
    out: list[Event] = []
    for e in events:
        p = e.place
        if e.type in NESTED_TYPES and p is not None and p.feature in ("admin1", "admin2") and any(
                o.type == e.type and o.place.country == p.country and o.place.admin1 in (p.admin1, p.name)
                and _compatible(o, e) for o in specific):
            continue
        out.append(e)
    return out


#: A change of hands at a place of at least this many people (or at a governorate) that the
#: article also reports at a village of that area is the village's change told with its locator.
TOWN = 10_000
#: ... when the village lies in the same governorate or this near the town.
LOCATOR_KM = 60.0


def fold_locator_changes(events: list[Event], mentions: list[Any], text: str) -> list[Event]:
    """A control change at a governorate or a town that the same sentence also reports, by the same
    side or an unnamed one, at a village of that governorate or near that town ("took control of
    Jeb Sultan village in the eastern countryside of Aleppo") is the village's change: the parse
    read the locator as a second place. Only the village's event stays; not in a list of places
    ("Idlib, Jisr al-Shughour and Ariha")."""
    from ..geo.distance import haversine_km

    villages = [e for e in events if e.type == "control_change" and e.place is not None and e.place.feature == "city"
                and e.place.population < TOWN and e.place.precision == 1 and e.place.lat is not None]

    def locator(e: Event) -> bool:
        p = e.place
        if e.type != "control_change" or p is None or p.lat is None or p.lon is None:
            return False
        if not (p.feature in ("admin1", "admin2") or p.feature == "city" and p.population >= TOWN):
            return False
        return any(v.evidence.start == e.evidence.start and v.place.country == p.country and _compatible(v, e) and (
            v.place.admin1 in (p.admin1, p.name) or haversine_km(v.place.lat, v.place.lon, p.lat, p.lon) <= LOCATOR_KM)
            and _locates(v, e, mentions, text) for v in villages)

    return [e for e in events if not locator(e)]


_LOCATOR_GAP = re.compile(r"[^,;.]*\b(?:in|of|near|outside)\b[^,;.]*")


def _locates(village: Event, town: Event, mentions: list[Any], text: str) -> bool:
    """In the sentence, the town's name follows the village's with only a locator between
    ("Jeb Sultan village in the eastern countryside of Aleppo"), no list of names; or it names
    the town's countryside ("advanced in the southern countryside of Al-Hasakeh, taking control
    of the town of Markada")."""
    s, t = village.evidence.start, village.evidence.end
    vs = [m for m in mentions if s <= m.start < t and m.text == village.place.text]
    ts = [m for m in mentions if s <= m.start < t and m.text == town.place.text]
    if any(_AREA_OF.search(text[max(s, b.start - 40):b.start]) for b in ts):
        return True
    return any(a.end <= b.start and _LOCATOR_GAP.fullmatch(text[a.end:b.start]) and " and " not in text[a.end:b.start]
               for a in vs for b in ts)


_AREA_OF = re.compile(r"\b(?:countryside|outskirts|suburbs|vicinity|environs)\s+of\s+(?:the\s+)?$", re.IGNORECASE)


_INCLUDING = re.compile(r"[^.;]*\bincluding\s+(?:the\s+(?:villages?|towns?)\s+of\s+)?$")


def _village_of(v: Any, p: Any) -> bool:
    """Place ``v`` is a village of the governorate or town ``p`` (see :data:`LOCATOR_KM`)."""
    from ..geo.distance import haversine_km

    return v.feature == "city" and v.population < TOWN and v.precision <= 2 and v.country == p.country \
        and v.lat is not None and (v.admin1 in (p.admin1, p.name) or p.lat is not None
                                   and haversine_km(v.lat, v.lon, p.lat, p.lon) <= LOCATOR_KM)


def including_villages(events: list[Event], mentions: list[Any], text: str) -> list[Event]:
    """A control change at a governorate, a region or a town whose sentence goes on "..., including
    X" with X a village of it ("took control of 20 villages in northern Hama, including Abu
    Ajwa") is placed at the first such village: the sentence names the ground that changed hands.
    One at a governorate or a region ("northern Hama") whose sentence names a village of it before
    it is placed at the last such village (the region only located it)."""
    out: list[Event] = []
    moved: set[int] = set()  # indexes in out of the events placed at a village here
    for e in events:
        p = e.place
        coarse = p is not None and p.lat is not None and (
            p.feature in ("admin1", "admin2") or p.precision >= 2 or p.feature == "city" and p.population >= TOWN)
        if e.type == "control_change" and coarse:
            s, t = e.evidence.start, e.evidence.end
            at = [m for m in mentions if s <= m.start < t and m.text == p.text]
            after = [m for m in mentions if at and at[0].end <= m.start < t and m.place is not None
                     and _village_of(m.place, p) and _INCLUDING.match(text[at[0].end:m.start])]
            # "in Shatib village in southern Idleb on the border with northern Hama, where regime
            # forces established control": a region or governorate after the village locates it
            before = [m for m in mentions if at and s <= m.start < at[0].start and m.place is not None
                      and _village_of(m.place, p)] if p.feature in ("admin1", "admin2") or p.precision >= 2 else []
            village = after[0] if after else (before[-1] if before else None)
            if village is not None:
                e = dataclasses.replace(e, place=village.place)
                moved.add(len(out))
        if any(o.type == e.type and o.place == e.place and o.evidence.start == e.evidence.start and _compatible(o, e)
               and (k in moved or len(out) in moved) for k, o in enumerate(out)):
            moved.discard(len(out))
            continue  # the village's own report in the same sentence
        out.append(e)
    return out


#: event types whose actor (the gainer, the side advancing) may be named only in the sentences before
CONTEXT_ACTOR_TYPES = ("control_change", "advance")
#: how far back (in characters before the event's sentence) a named side is read as its actor
CONTEXT_CHARS = 400


def context_gainers(events: list[Event], actors: list[Any], text: str) -> list[Event]:
    """A control change or an advance whose sentence names no known side ("Its forces last month
    seized the airport", "The operation has so far captured Jarablus") is the side the sentences
    just before name last (within ``CONTEXT_CHARS``), other than the side that lost the place: the
    reader knows the gainer from them. Actor mentions are in text order."""
    out: list[Event] = []
    for e in events:
        if e.type not in CONTEXT_ACTOR_TYPES or _faction(e.actor) is not None or e.evidence is None:
            out.append(e)
            continue
        start = e.evidence.start
        lost = _faction(e.target)
        near = [m for m in actors if start - CONTEXT_CHARS <= m.start and m.end <= start
                and _faction(m.actor) is not None and m.actor.faction != lost
                and _sentence_start(text, m.start) >= start - CONTEXT_CHARS]
        out.append(dataclasses.replace(e, actor=near[-1].actor) if near else e)
    return out


def _sentence_start(text: str, offset: int) -> int:
    """Where the sentence holding ``offset`` starts (after the last full stop before it)."""
    return max(text.rfind(". ", 0, offset), text.rfind("\n", 0, offset)) + 1
