"""Conversions between model records and table rows (JSON columns use ``model.to_dict``)."""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any

from ..model import (Article, Event, Evidence, Finding, Place, SourceRef, article_from_dict,
                     event_from_dict, evidence_from_dict, source_from_dict, to_dict)
from .merge import Report

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u064b-\u065f\u0670]")


def fold(text: str | None) -> str:
    """Lower case, no diacritics, punctuation as single spaces: "Deir ez-Zôr" -> "deir ez zor"."""
    if not text:
        return ""
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return " " + _PUNCT.sub(" ", text.casefold()).strip() + " "


def dumps(obj: Any) -> str:
    return json.dumps(to_dict(obj), ensure_ascii=False, sort_keys=True)


# Explicit (fast) forms of model.to_dict for the records written on every import row; the store
# round-trip tests check that they equal model.to_dict.
def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def _actor(a: Any) -> dict | None:
    return None if a is None else {"text": a.text, "name": a.name, "faction": a.faction,
                                   "government": a.government, "country": a.country}


def _evidence(v: Evidence | None) -> dict | None:
    return None if v is None else {"sentence": v.sentence, "start": v.start, "end": v.end, "article_id": v.article_id}


def source_dict(s: SourceRef) -> dict:
    return {"origin": s.origin, "ref_id": s.ref_id, "evidence": _evidence(s.evidence), "title": s.title,
            "url": s.url, "source": s.source, "published": _iso(s.published), "citation": s.citation}


def event_dict(e: Event) -> dict:
    p, d = e.place, e.date
    return {
        "id": e.id, "type": e.type, "actor": _actor(e.actor), "target": _actor(e.target),
        "place": None if p is None else {
            "text": p.text, "name": p.name, "geonameid": p.geonameid, "lat": p.lat, "lon": p.lon,
            "country": p.country, "admin1": p.admin1, "precision": p.precision, "feature": p.feature,
            "population": p.population},
        "date": None if d is None else {"start": d.start.isoformat(), "end": d.end.isoformat(),
                                        "precision": d.precision, "text": d.text},
        "evidence": _evidence(e.evidence), "confidence": e.confidence, "plover": e.plover,
        "acled_event_type": e.acled_event_type, "acled_sub_event_type": e.acled_sub_event_type,
        "article_id": e.article_id, "trigger": e.trigger, "count": e.count,
        "sources": [source_dict(s) for s in e.sources], "corroboration": e.corroboration,
        "conflicts": list(e.conflicts),
    }


def event_json(e: Event) -> str:
    return json.dumps(event_dict(e), ensure_ascii=False)


def source_json(s: SourceRef) -> str:
    return json.dumps(source_dict(s), ensure_ascii=False)


def event_loads(text: str) -> Event:
    return event_from_dict(json.loads(text))


def source_loads(text: str) -> SourceRef:
    return source_from_dict(json.loads(text))


def article_row(a: Article, now: str) -> dict[str, Any]:
    return {"id": a.id, "title": a.title, "published": a.published, "source": a.source, "url": a.url,
            "origin": a.origin, "format": a.format, "text": a.text, "stored_at": now}


def article_from_row(row: Any) -> Article:
    return article_from_dict({"id": row.id, "text": row.text, "title": row.title, "published": row.published,
                              "source": row.source, "url": row.url, "origin": row.origin,
                              "format": row.format or "text"})


def article_source(a: Article, e: Event) -> SourceRef:
    """The SourceRef of an article's event: the event's own one if it carries it, completed with
    the article's title, URL, outlet and date."""
    own = next((s for s in e.sources if s.origin == "article" and s.ref_id == a.id), None)
    ev = e.evidence
    if ev is not None and ev.article_id is None:
        ev = Evidence(ev.sentence, ev.start, ev.end, a.id)
    if own is None:
        return SourceRef(origin="article", ref_id=a.id, evidence=ev, title=a.title, url=a.url,
                         source=a.source, published=a.published)
    return SourceRef(origin="article", ref_id=a.id, evidence=own.evidence or ev, title=own.title or a.title,
                     url=own.url or a.url, source=own.source or a.source,
                     published=own.published or a.published, citation=own.citation)


def report_row(r: Report, event_id: str, article_id: str | None) -> dict[str, Any]:
    e = r.event
    p = e.place
    return {
        "event_id": event_id, "report_id": r.report_id, "origin": r.origin, "ref_id": r.ref_id,
        "article_id": article_id, "type": e.type,
        "actor_faction": e.actor.faction if e.actor else None,
        "actor_gov": None if e.actor is None or e.actor.government is None else int(e.actor.government),
        "target_faction": e.target.faction if e.target else None,
        "geonameid": p.geonameid if p else None, "lat": p.lat if p else None, "lon": p.lon if p else None,
        "date_start": e.date.start if e.date else None, "date_end": e.date.end if e.date else None,
        "data": event_json(e), "source": source_json(r.source),
    }


def report_from_row(row: Any) -> Report:
    return Report(event=event_loads(row.data), origin=row.origin, ref_id=row.ref_id,
                  source=source_loads(row.source), event_id=row.event_id, pk=row.pk)


def search_text(rep: Event, reports: Iterable[Report]) -> str:
    parts: list[str] = []
    for r in reports:
        e = r.event
        if e.evidence:
            parts.append(e.evidence.sentence)
        for a in (e.actor, e.target):
            if a:
                parts += [a.text, a.name, a.faction]
        if e.place:
            parts += [e.place.text, e.place.name, e.place.admin1 or ""]
        if r.source.citation:
            parts.append(r.source.citation)
    return fold(" | ".join(p for p in parts if p))[:20000]


def event_row(rep: Event, reports: list[Report]) -> dict[str, Any]:
    p = rep.place
    return {
        "id": rep.id, "type": rep.type,
        "actor_faction": rep.actor.faction if rep.actor else None,
        "target_faction": rep.target.faction if rep.target else None,
        "geonameid": p.geonameid if p else None, "lat": p.lat if p else None, "lon": p.lon if p else None,
        "country": (p.country or "").upper() or None if p else None,
        "place_fold": fold(" | ".join(sorted({x for r in reports if r.event.place
                                              for x in (r.event.place.name, r.event.place.text) if x}))),
        "date_start": rep.date.start if rep.date else None, "date_end": rep.date.end if rep.date else None,
        "sort_key": rep.date.start.isoformat() if rep.date else "9999-12-31",
        "search_fold": search_text(rep, reports), "corroboration": rep.corroboration,
        "data": event_json(rep),
    }


def source_sort_key(s: SourceRef) -> tuple:
    return (s.origin, s.ref_id, s.evidence.start if s.evidence else -1, s.evidence.sentence if s.evidence else "")


def finding_json(f: Finding) -> str:
    return dumps(f)


def finding_loads(text: str) -> Finding:
    d = json.loads(text)
    place = d.get("place")
    return Finding(kind=d["kind"], verdict=d["verdict"],
                   place=None if place is None else Place(**{k: place[k] for k in place if k in Place.__dataclass_fields__}),
                   claim=evidence_from_dict(d["claim"]),
                   record=tuple(source_from_dict(s) for s in d.get("record") or ()),
                   detail=d.get("detail", ""), event_id=d.get("event_id"))


def iso_day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
