"""A holding dated by "since" tells the change that began it.

"Palmyra has been under Daesh control since May", "Since spring 2015 most of Idlib province has
been held by the Army of Conquest", "Raqqa has been held by IS since 2014": a control claim (who
holds the place now) and a control change (the holder took it then: in May, in spring 2015, in
2014), dated by the phrase after "since". Only where "since" and its date hang on the claim's own
verb ("the SDF has been fighting since June near IS-held Raqqa" dates the fighting, not the
holding), and only when the article does not already report that change.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from ..lexicons import Trigger
from ..model import Actor, DateRange, Event, stable_id
from .doc import Doc
from .triggers import Hit

#: PLOVER and ACLED codes of an event by its actor and trigger (``map_event`` of the events stage)
Codes = Callable[[Actor | None, Hit], tuple[str | None, ...]]
#: the trigger a change told by "since" is coded with: a capture (PLOVER FIGHT)
SINCE_HIT = Hit(Trigger("since", "noun", "control_change", "take", "FIGHT"), "control_change", 0, 0)

#: a change told only by the date of a holding is surer than nothing, less than a reported capture
SINCE_CONFIDENCE = 0.6


def _key(e: Event) -> tuple[str, str | None, str | None]:
    p = e.place
    place = None if p is None else (str(p.geonameid) if p.geonameid is not None else p.name.lower())
    return e.type, place, e.actor.faction if e.actor is not None else None


def _clause_verb(tok: Any) -> Any:
    """The verb (or copula) of the clause a claim's first word stands in."""
    node = tok
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


_YEAR = re.compile(r"\b(19[4-9]\d|20\d\d)\b")


def _year(text: str, lo: int, hi: int) -> tuple[DateRange | None, int]:
    """The year written in the "since" phrase when the dates stage read no date there ("since
    spring 2015"): the whole year (precision 4), and where it ends."""
    m = _YEAR.search(text, lo, hi)
    if m is None:
        return None, hi
    y = int(m.group(1))
    return DateRange(date(y, 1, 1), date(y, 12, 31), 4, m.group(0)), m.end()


def changes_since(events: list[Event], doc: Doc, codes: Codes) -> list[Event]:
    """``events`` with a control change after each control claim whose verb is dated "since"."""
    if doc.spacy is None:
        return events
    text = doc.article.text
    have = {_key(e) for e in events if e.type == "control_change"}
    out: list[Event] = []
    for e in events:
        out.append(e)
        if e.type != "control_claim" or e.place is None or e.actor is None or not e.trigger:
            continue
        ev = e.evidence
        at = text.find(e.trigger, ev.start, ev.end)
        span = doc.spacy.char_span(ev.start, ev.end, alignment_mode="expand")
        if at < 0 or span is None:
            continue
        first = next((t for t in span if t.idx >= at), None)
        if first is None:
            continue
        verb = _clause_verb(first)
        since = next((t for t in span if t.lower_ == "since" and t.head.i == verb.i), None)
        if since is None:
            continue
        phrase = list(since.subtree)
        lo, hi = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
        found = next((d for d in doc.dates if lo <= d.start and d.end <= hi), None)
        when, hi = (found.range, found.end) if found is not None else _year(text, lo, hi)
        change = dataclasses.replace(e, type="control_change", date=when, confidence=SINCE_CONFIDENCE)
        if when is None or _key(change) in have:
            continue
        have.add(_key(change))
        plover, acled_t, acled_s = codes(e.actor, SINCE_HIT)
        out.append(dataclasses.replace(
            change, id=stable_id(e.id, "since"), plover=plover, acled_event_type=acled_t,
            acled_sub_event_type=acled_s, trigger=text[since.idx:hi]))
    return out
