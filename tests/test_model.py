"""The typed records: validation and the one JSON shape, round-tripped (Hypothesis)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontlines.model import (EVENT_TYPES, Actor, DateRange, Event, Evidence, Place, SourceRef,
                              event_from_dict, stable_id, to_dict)

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))
text = st.text(max_size=40)


@st.composite
def date_ranges(draw):
    start = draw(dates)
    return DateRange(start, start + timedelta(days=draw(st.integers(0, 400))), draw(st.integers(1, 4)), draw(text))


actors = st.builds(Actor, text=text, name=text, faction=st.sampled_from(["government", "opposition", "sdf"]),
                   government=st.one_of(st.none(), st.booleans()), country=st.one_of(st.none(), st.just("RU")))
places = st.builds(Place, text=text, name=text, geonameid=st.one_of(st.none(), st.integers(1, 10**8)),
                   lat=st.floats(-90, 90), lon=st.floats(-180, 180), country=st.just("SY"),
                   admin1=st.one_of(st.none(), text), precision=st.integers(1, 3))
evidence = st.builds(Evidence, sentence=text, start=st.integers(0, 10**6), end=st.integers(0, 10**6),
                     article_id=st.one_of(st.none(), text))
events = st.builds(
    Event, id=st.text(min_size=1, max_size=16), type=st.sampled_from(EVENT_TYPES),
    actor=st.one_of(st.none(), actors), target=st.one_of(st.none(), actors), place=st.one_of(st.none(), places),
    date=st.one_of(st.none(), date_ranges()), evidence=evidence, confidence=st.floats(0, 1),
    sources=st.lists(st.builds(SourceRef, origin=st.sampled_from(["article", "acled"]), ref_id=text,
                               evidence=st.one_of(st.none(), evidence), published=st.one_of(st.none(), dates)),
                     max_size=3).map(tuple),
    corroboration=st.integers(1, 9), conflicts=st.lists(text, max_size=2).map(tuple))


@given(events)
def test_event_json_round_trip(event):
    assert event_from_dict(to_dict(event)) == event


@given(date_ranges())
def test_date_range_is_ordered(r):
    assert r.start <= r.end and r.days >= 1 and r.contains(r.start) and r.contains(r.end)


def test_invalid_records_are_refused():
    with pytest.raises(ValueError):
        DateRange(date(2024, 1, 2), date(2024, 1, 1), 1)
    with pytest.raises(ValueError):
        Event(id="x", type="party", actor=None, target=None, place=None, date=None,
              evidence=Evidence("s", 0, 1), confidence=0.5)
    with pytest.raises(ValueError):
        Event(id="x", type="clash", actor=None, target=None, place=None, date=None,
              evidence=Evidence("s", 0, 1), confidence=1.5)


def test_stable_id_is_stable():
    assert stable_id("a", 1, None) == stable_id("a", 1, None)
    assert stable_id("a", 1) != stable_id("a", 2) and stable_id("a", "b") != stable_id("ab")
    assert len(stable_id("a")) == 16
