"""ACLED exports (the standard CSV layout: ``event_id_cnty, event_date, time_precision,
event_type, sub_event_type, actor1, actor2, iso, country, admin1, location, latitude, longitude,
geo_precision, source, notes, fatalities, ...``) -> reference :class:`~frontlines.model.Event`s.

* the event type comes from ``data/acled_types.tsv`` (territorial sub-event types are control
  changes; rows that are not conflict events, such as protests, are skipped);
* actors are resolved with the actors lexicon; for a control change the **sub-event type decides
  the gainer's side** ("Government regains territory": the government gained; "Non-state actor
  overtakes territory": a non-state actor did): the gainer is actor1 unless only actor2 is on that
  side, and its ``government`` flag is set to the side;
* the date range follows ``time_precision`` (1 the day, 2 the week around it, 3 its month);
* each event has one ``SourceRef(origin="acled", ref_id=event_id_cnty, citation=source)`` and the
  row's ``notes`` as evidence.
"""
from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date, timedelta

from ..model import Actor, DateRange, Event, Evidence, Place, SourceRef, stable_id
from .tabular import ActorResolver, Cells, Countries, read_table

REQUIRED = ("event_id_cnty", "event_date", "sub_event_type", "actor1", "latitude", "longitude")
GAIN_SIDE = {"Government regains territory": True, "Non-state actor overtakes territory": False}


class AcledMapper:
    """Turns ACLED rows into Events (build once per import: it holds the lexicon matcher)."""

    def __init__(self, actors: ActorResolver, countries: Countries) -> None:
        self.actors = actors
        self.countries = countries
        self.types = read_table("acled_types.tsv")

    def event_type(self, event_type: str, sub: str) -> tuple[str | None, str | None]:
        for et, st, ftype, plover in self.types:
            if et in ("*", event_type) and st in ("*", sub):
                return (None if ftype == "-" else ftype), (None if plover == "-" else plover)
        return None, None

    @staticmethod
    def dates(day: date, precision: int, text: str) -> DateRange:
        if precision <= 1:
            return DateRange(day, day, 1, text)
        if precision == 2:
            return DateRange(day - timedelta(days=3), day + timedelta(days=3), 2, text)
        last = calendar.monthrange(day.year, day.month)[1]
        return DateRange(day.replace(day=1), day.replace(day=last), 3, text)

    def sides(self, sub: str, a1: Actor | None, a2: Actor | None) -> tuple[Actor | None, Actor | None]:
        side = GAIN_SIDE.get(sub)
        if side is None:
            return a1, a2
        if a1 is not None and a1.government is not None and a1.government != side \
                and a2 is not None and a2.government == side:
            a1, a2 = a2, a1
        if a1 is not None:
            a1 = replace(a1, government=side)
        return a1, a2

    def __call__(self, cells: Cells) -> Event | None:
        """The row's event, None for a row that is not a conflict event; raises RowError."""
        ref = cells.text("event_id_cnty", required=True)
        event_type, sub = cells.text("event_type"), cells.text("sub_event_type", required=True)
        ftype, plover = self.event_type(event_type, sub)
        if ftype is None:
            return None
        raw_day = cells.text("event_date")
        day = cells.day("event_date")
        precision = cells.integer("time_precision", 1, 3, default=1)
        lat = cells.number("latitude", -90, 90)
        lon = cells.number("longitude", -180, 180)
        geo_precision = cells.integer("geo_precision", 1, 3, default=1)
        country = self.countries.code(cells.text("iso"), cells.text("country"))
        a1 = self.actors(cells.text("actor1", required=True), country)
        a2 = self.actors(cells.text("actor2"), country)
        if ftype == "control_change":
            a1, a2 = self.sides(sub, a1, a2)
        location = cells.text("location") or cells.text("admin2") or cells.text("admin1") or ref
        place = Place(text=location, name=location, geonameid=None, lat=lat, lon=lon, country=country,
                      admin1=cells.text("admin1") or None, precision=geo_precision, feature="city")
        notes = cells.text("notes") or f"{sub}: {cells.text('actor1')} at {location}"
        evidence = Evidence(sentence=notes, start=0, end=len(notes))
        fatalities = cells.integer("fatalities", 0, None, default=0)
        source = SourceRef(origin="acled", ref_id=ref, evidence=evidence, title=f"ACLED event {ref}",
                           source=cells.text("source") or None, published=day,
                           citation=cells.text("source") or "ACLED")
        return Event(
            id=stable_id("acled", ref), type=ftype, actor=a1, target=a2, place=place,
            date=self.dates(day, precision, raw_day), evidence=evidence,
            confidence={1: 0.9, 2: 0.8, 3: 0.7}[geo_precision], plover=plover,
            acled_event_type=event_type or None, acled_sub_event_type=sub, trigger=sub,
            count=fatalities or None, sources=(source,))


def mapper(lexicons) -> AcledMapper:
    countries = Countries()
    return AcledMapper(ActorResolver(lexicons, countries.name), countries)
