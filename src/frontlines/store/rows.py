"""Conversions between model records and table rows (JSON columns use ``model.to_dict``)."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..model import (Actor, Article, DateRange, Event, Evidence, Finding, Place, SourceRef, article_from_dict,
                     event_from_dict, evidence_from_dict, source_from_dict, stable_id, to_dict)
from .merge import Report, SourceStats

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
        "confidence": e.confidence, "data": event_json(e), "source": source_json(r.source),
    }


def merge_key_row(r: Report, event_id: str) -> dict[str, Any]:
    """The merge key of a report (see ``schema.merge_keys``): its merge-relevant fields."""
    e, p = r.event, r.event.place
    row = {"report_pk": r.pk, "event_id": event_id, "type": e.type,
           "actor_faction": e.actor.faction if e.actor else None,
           "target_faction": e.target.faction if e.target else None,
           "geonameid": p.geonameid if p else None, "lat": p.lat if p else None, "lon": p.lon if p else None,
           "date_start": e.date.start if e.date else None, "date_end": e.date.end if e.date else None,
           "origin": r.origin, "ref_key": "" if r.origin == "article" else r.ref_id}
    row["sig"] = stable_id(*(row[c] for c in ("type", "actor_faction", "target_faction", "geonameid", "lat", "lon",
                                              "date_start", "date_end", "origin", "ref_key")), length=32)
    return row


def report_from_row(row: Any) -> Report:
    return Report(event=event_loads(row.data), origin=row.origin, ref_id=row.ref_id,
                  source=source_loads(row.source), event_id=row.event_id, pk=row.pk)


_NO_EVIDENCE = Evidence("", 0, 0)


def stub_report(row: Any) -> Report:
    """A report built from the query columns only (no JSON decoding): what merging compares
    (type, sides' factions, place, date range, origin) and nothing else."""
    place = None
    if row.geonameid is not None or row.lat is not None:
        place = Place("", "", row.geonameid, row.lat, row.lon, None, None)
    when = None if row.date_start is None else DateRange(iso_day(row.date_start), iso_day(row.date_end), 4)
    ev = Event(id=f"pk{row.pk}", type=row.type,
               actor=None if row.actor_faction is None else Actor("", "", row.actor_faction, None),
               target=None if row.target_faction is None else Actor("", "", row.target_faction, None),
               place=place, date=when, evidence=_NO_EVIDENCE, confidence=0.0)
    return Report(event=ev, origin=row.origin, ref_id=row.ref_key, source=SourceRef(row.origin, row.ref_key),
                  event_id=row.event_id, pk=row.pk)


def member_search(r: Report) -> str:
    """One report's contribution to its event's full-text search column (folded)."""
    e = r.event
    parts: list[str] = []
    if e.evidence:
        parts.append(e.evidence.sentence)
    for a in (e.actor, e.target):
        if a:
            parts += [a.text, a.name, a.faction]
    if e.place:
        parts += [e.place.text, e.place.name, e.place.admin1 or ""]
    if r.source.citation:
        parts.append(r.source.citation)
    return fold(" | ".join(p for p in parts if p))


def member_names(r: Report) -> set[str]:
    p = r.event.place
    return set() if p is None else {x for x in (p.name, p.text) if x}


@dataclass
class EventSummary:
    """What a stored event keeps of its members so that merging new reports into it never reads
    them all: the primary keys of its picks (see ``merge.picks``), its smallest report id and
    report key (for its id), its sources' statistics (count and combined confidence), and the
    smallest ``KEEP`` distinct place names and search strings (a smallest-K set of a union is the
    smallest K of the parts' smallest-K sets: exact)."""

    picks: list[int | None]
    min_report: str
    min_key: tuple[str, str, str]
    names: list[str]
    search: list[str]
    sources: SourceStats

    KEEP = 200

    def to_json(self) -> str:
        src = self.sources
        return json.dumps({"picks": self.picks, "min_report": self.min_report, "min_key": list(self.min_key),
                           "names": self.names, "search": self.search,
                           "sources": [src.count, src.certain, src.log_miss]}, ensure_ascii=False)

    @classmethod
    def loads(cls, text: str) -> EventSummary:
        d = json.loads(text)
        return cls(d["picks"], d["min_report"], tuple(d["min_key"]), d["names"], d["search"],
                   SourceStats(*d["sources"]))

    @classmethod
    def combine(cls, parts: list[EventSummary], new: list[Report], pick_pks: list[int | None],
                sources: SourceStats) -> EventSummary:
        names = set().union(*(p.names for p in parts), *(member_names(r) for r in new))
        search = set().union(*(p.search for p in parts), (member_search(r) for r in new))
        search.discard("")
        return cls(pick_pks, min([p.min_report for p in parts] + [r.report_id for r in new]),
                   min([tuple(p.min_key) for p in parts] + [r.key for r in new]),
                   sorted(names)[: cls.KEEP], sorted(search)[: cls.KEEP], sources)


def event_row(rep: Event, summary: EventSummary) -> dict[str, Any]:
    p = rep.place
    return {
        "id": rep.id, "type": rep.type,
        "actor_faction": rep.actor.faction if rep.actor else None,
        "target_faction": rep.target.faction if rep.target else None,
        "geonameid": p.geonameid if p else None, "lat": p.lat if p else None, "lon": p.lon if p else None,
        "country": (p.country or "").upper() or None if p else None,
        "place_fold": fold(" | ".join(summary.names)),
        "date_start": rep.date.start if rep.date else None, "date_end": rep.date.end if rep.date else None,
        "sort_key": rep.date.start.isoformat() if rep.date else "9999-12-31",
        "search_fold": "".join(summary.search)[:20000], "corroboration": rep.corroboration,
        "data": event_json(rep), "summary": summary.to_json(),
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
