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
    it takes the actor of the nearest attack before it in the article that has a known actor."""
    out: list[Event] = []
    last: Actor | None = None
    for e in events:
        if e.type == "attack":
            if _faction(e.actor) is not None:
                last = e.actor
            elif last is not None and (e.target is None or e.target.faction != last.faction):
                e = dataclasses.replace(e, actor=last, confidence=round(e.confidence * 0.8, 3))  # a weaker link
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
