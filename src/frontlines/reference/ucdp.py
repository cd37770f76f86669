"""UCDP GED exports (``id, type_of_violence, side_a, side_b, source_article, source_office,
source_headline, where_prec, where_coordinates, adm_1, latitude, longitude, country, date_prec,
date_start, date_end, best, ...``; versions 19.1 to 23.1 alike) -> reference Events.

See the GED codebook: ``type_of_violence`` 1 state-based, 2 non-state, 3 one-sided violence
(an ``attack`` by side_a on side_b, usually civilians; the others are ``clash`` events);
``where_prec`` 1 exact place, 2 within 25 km, 3 second-order and 4 first-order administrative
area, 5 a linear feature, 6 the country, 7 international waters or airspace; ``date_prec`` 1 the
exact day, 2 two to six days, 3 a week to a month, 4 up to six months, 5 longer. ``best`` (the
best estimate of deaths) becomes the event's ``count``.
"""
from __future__ import annotations

from ..model import DateRange, Event, Evidence, Place, SourceRef, stable_id
from .tabular import ActorResolver, Cells, Countries

REQUIRED = ("id", "type_of_violence", "side_a", "side_b", "latitude", "longitude", "date_start", "date_end")
PLACE_PRECISION = {1: 1, 2: 2, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3}
FEATURE = {1: "city", 2: "city", 3: "admin2", 4: "admin1", 5: "region", 6: "country", 7: "region"}
DATE_PRECISION = {1: 1, 2: 2, 3: 3, 4: 4, 5: 4}


class UcdpMapper:
    def __init__(self, actors: ActorResolver, countries: Countries) -> None:
        self.actors = actors
        self.countries = countries

    def __call__(self, cells: Cells) -> Event | None:
        raw_id = cells.text("id", required=True)
        try:
            ref = str(int(float(raw_id)))
        except (ValueError, OverflowError):  # not a number, or "inf": the id as written
            ref = raw_id
        violence = cells.integer("type_of_violence", 1, 3)
        start, end = cells.day("date_start"), cells.day("date_end")
        if end < start:
            raise cells.bad("date_end", f"{end} is before date_start {start}")
        lat = cells.number("latitude", -90, 90)
        lon = cells.number("longitude", -180, 180)
        where_prec = cells.integer("where_prec", 1, 7, default=1)
        date_prec = cells.integer("date_prec", 1, 5, default=1 if start == end else 3)
        country = self.countries.code(name=cells.text("country"))
        side_a = self.actors(cells.text("side_a", required=True), country)
        side_b = self.actors(cells.text("side_b"), country)
        name = cells.text("where_coordinates") or cells.text("adm_2") or cells.text("adm_1") or cells.text("country")
        place = Place(text=name, name=name, geonameid=None, lat=lat, lon=lon, country=country,
                      admin1=cells.text("adm_1") or None, precision=PLACE_PRECISION[where_prec],
                      feature=FEATURE[where_prec])
        headline = cells.text("source_headline") or cells.text("where_description") or \
            f"{cells.text('side_a')} - {cells.text('side_b')} at {name}"
        evidence = Evidence(sentence=headline, start=0, end=len(headline))
        citation = cells.text("source_article").strip('"') or cells.text("source_office") or "UCDP GED"
        source = SourceRef(origin="ucdp", ref_id=ref, evidence=evidence, title=f"UCDP GED event {ref}",
                           source=cells.text("source_office") or None, published=end, citation=citation)
        deaths = cells.integer("best", 0, None, default=0)
        return Event(
            id=stable_id("ucdp", ref), type="attack" if violence == 3 else "clash", actor=side_a,
            target=side_b, place=place,
            date=DateRange(start, end, DATE_PRECISION[date_prec], f"{start}..{end}" if end != start else str(start)),
            evidence=evidence, confidence=0.85 if where_prec <= 2 else 0.6,
            plover="ASSAULT" if violence == 3 else "FIGHT",
            acled_event_type="Violence against civilians" if violence == 3 else "Battles",
            acled_sub_event_type="Attack" if violence == 3 else "Armed clash",
            trigger=cells.text("dyad_name") or None, count=deaths or None, sources=(source,))


def mapper(lexicons) -> UcdpMapper:
    countries = Countries()
    return UcdpMapper(ActorResolver(lexicons, countries.name), countries)
