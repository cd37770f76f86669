"""Control timelines: periods from changes and claims, boundaries, conflicts, look-ups by name,
GeoNames id and position, control maps, and the cache following writes."""
from __future__ import annotations

from datetime import timedelta

from store_helpers import (ARIHA, GOV, HOMS, HTS, IDLIB, IS, KABUL, REBELS, analysis, day, event, reference, rng,
                           sqlite_store, store, store_options)  # noqa: F401 - fixtures

from frontlines import control
from frontlines.model import Place
from frontlines.control import build_timeline, period_at


def _who(periods, d):
    p = period_at(periods, day(d))
    return None if p is None else p.controller.faction


def test_changes_make_periods_with_exact_boundaries():
    events = [event("c2", actor=GOV, target=REBELS, when=rng("2016-01-01", "2016-01-10", 2)),
              event("c1", actor=REBELS, target=GOV, when=rng("2015-03-28"))]
    periods = build_timeline(IDLIB, events)
    assert [(p.controller.faction, p.start, p.end) for p in periods] == [
        ("sy_government", None, day("2015-03-27")),  # the loser of the first change, before it
        ("sy_opposition", day("2015-03-28"), day("2016-01-09")),
        ("sy_government", day("2016-01-10"), None),  # a ranged change counts from the range's end
    ]
    assert _who(periods, "2015-03-27") == "sy_government"
    assert _who(periods, "2015-03-28") == "sy_opposition"  # the day of the change is the gainer's
    assert _who(periods, "2016-01-09") == "sy_opposition"
    assert _who(periods, "2016-01-10") == "sy_government"
    assert _who(periods, "2030-01-01") == "sy_government"  # open end
    assert periods[0].confidence < periods[1].confidence  # inferred before the first report
    assert periods[1].event_ids == ("c1",) and periods[2].event_ids == ("c2",)


def test_no_loser_means_no_period_before_the_first_change():
    periods = build_timeline(IDLIB, [event("c1", actor=HTS, when=rng("2017-07-23"))])
    assert len(periods) == 1 and _who(periods, "2017-07-22") is None and _who(periods, "2017-07-23") == "sy_hts"


def test_claims_confirm_or_open_periods():
    claim = lambda eid, actor, d: event(eid, type_="control_claim", actor=actor, when=rng(d), confidence=0.9)  # noqa: E731
    # a claim alone opens a period at its date
    alone = build_timeline(HOMS, [claim("k1", GOV, "2024-12-01")])
    assert [(p.controller.faction, p.start, p.end) for p in alone] == [("sy_government", day("2024-12-01"), None)]
    assert alone[0].confidence < 0.9
    # a vague claim ("still controls", stated over weeks) counts from the end of its range
    vague = build_timeline(HOMS, [event("k0", type_="control_claim", actor=GOV,
                                        when=rng("2024-10-25", "2024-12-06", 4))])
    assert vague[0].start == day("2024-12-06") and _who(vague, "2024-12-05") is None
    # a claim by the holder confirms the period: same periods, one more event behind it
    base = [event("c1", actor=REBELS, when=rng("2015-03-28"))]
    confirmed = build_timeline(IDLIB, base + [claim("k2", REBELS, "2016-05-01")])
    assert len(confirmed) == 1 and confirmed[0].event_ids == ("c1", "k2")
    # a claim by someone else opens a new period at the claim's date
    other = build_timeline(IDLIB, base + [claim("k3", HTS, "2017-01-01")])
    assert [(p.controller.faction, p.start) for p in other] == [("sy_opposition", day("2015-03-28")),
                                                              ("sy_hts", day("2017-01-01"))]
    assert other[0].end == day("2016-12-31")


def test_repeated_reports_of_one_holder_extend_one_period():
    events = [event(f"c{i}", actor=GOV, when=rng(d)) for i, d in enumerate(["2017-03-01", "2017-03-05", "2017-04-01"])]
    periods = build_timeline(IDLIB, events)
    assert len(periods) == 1 and periods[0].start == day("2017-03-01") and periods[0].event_ids == ("c0", "c1", "c2")


def test_conflicting_reports_of_one_day_make_a_disputed_period_with_both_kept():
    a = event("c1", actor=GOV, when=rng("2017-09-10"), confidence=0.9)
    b = event("c2", actor=IS, when=rng("2017-09-10"), confidence=0.9)
    a, b = a.__class__(**{**a.__dict__, "conflicts": ("c2",)}), b.__class__(**{**b.__dict__, "conflicts": ("c1",)})
    periods = build_timeline(IDLIB, [a, b])
    assert len(periods) == 1 and periods[0].status == "disputed"
    held, (claim,) = periods[0], periods[0].claims
    assert {held.controller.faction, claim.controller.faction} == {"sy_government", "islamic_state"}
    assert claim.status == "disputed" and claim.start == day("2017-09-10") and len(claim.event_ids) == 1
    assert held.confidence < 0.9 and claim.confidence < 0.9
    assert _who(periods, "2017-09-10") is not None


def test_timeline_for_name_id_and_at(store):
    store.save_analysis(analysis("a1", event("c1", actor=REBELS, target=GOV, when=rng("2015-03-28")),
                                 event("c2", actor=GOV, place=ARIHA, when=rng("2016-01-01"))))
    store.save_analysis(analysis("a2", event("c3", actor=HTS, target=REBELS, when=rng("2017-07-23"))))
    by_name = control.timeline_for(store, "Idleb")  # the article's spelling finds the place
    assert [p.controller.faction for p in by_name] == ["sy_government", "sy_opposition", "sy_hts"]
    assert control.timeline_for(store, IDLIB.geonameid) == by_name == control.timeline_for(store, str(IDLIB.geonameid))
    (held,) = control.timeline_for(store, "idlib", at=day("2016-06-01"))
    assert held.controller.faction == "sy_opposition" and held.sources[0].ref_id == "a1"
    assert control.timeline_for(store, "Idlib", at=day("2017-07-23"))[0].controller.faction == "sy_hts"
    assert control.timeline_for(store, "Nowhere") == []
    assert control.controller_at(store, ARIHA.geonameid, day("2015-12-31")) is None
    assert control.controller_at(store, ARIHA.geonameid, day("2016-01-01")).controller.faction == "sy_government"


def test_control_map_and_coordinate_only_places(store):
    store.save_analysis(analysis("a1", event("c1", actor=REBELS, when=rng("2015-03-28")),
                                 event("c2", actor=GOV, place=KABUL, when=rng("2015-01-01"))))
    # an ACLED-like record: coordinates only, 2 km from Idlib: the same place
    near = Place("Idlib city", "Idlib city", None, IDLIB.lat + 0.015, IDLIB.lon, "SY", None)
    store.add_reference_events([reference("R1", origin="acled", actor=HTS, place=near, when=rng("2017-07-23"))],
                               "acled")
    # a coordinate-only place far from everything keeps its own timeline
    far = Place("Tell X", "Tell X", None, 36.5, 38.0, "SY", None)
    store.add_reference_events([reference("R2", origin="acled", actor=IS, place=far, when=rng("2016-01-01"))], "acled")
    on = day("2018-01-01")
    m = {p.place.name: p.controller.faction for p in control.control_map(store, on)}
    assert m == {"Idlib": "sy_hts", "Kabul": "sy_government", "Tell X": "islamic_state"}
    assert {p.place.name for p in control.control_map(store, on, country="sy")} == {"Idlib", "Tell X"}
    assert control.control_map(store, day("2014-01-01")) == []
    assert control.controller_near(store, IDLIB.lat + 0.03, IDLIB.lon, on, km=5).controller.faction == "sy_hts"
    assert control.controller_near(store, IDLIB.lat + 0.2, IDLIB.lon, on, km=5) is None
    assert [p.controller.faction for p in control.timeline_for(store, "Tell X")] == ["islamic_state"]


def test_index_follows_writes(sqlite_store):
    s = sqlite_store
    s.save_analysis(analysis("a1", event("c1", actor=REBELS, when=rng("2015-03-28"))))
    assert control.controller_at(s, IDLIB.geonameid, day("2020-01-01")).controller.faction == "sy_opposition"
    s.save_analysis(analysis("a2", event("c2", actor=HTS, when=rng("2017-07-23"))))
    assert control.controller_at(s, IDLIB.geonameid, day("2020-01-01")).controller.faction == "sy_hts"
    assert control.controller_at(s, IDLIB.geonameid, day("2017-07-23") - timedelta(days=1)).controller.faction \
        == "sy_opposition"
