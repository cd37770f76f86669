"""Properties of the store and of merging: a stored event reads back equal to what was stored, and
the merged record does not depend on the order in which reports arrive."""
from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontlines.model import (EVENT_TYPES, Actor, DateRange, Event, Evidence, Place, SourceRef, stable_id,
                              to_dict)
from frontlines.options import Options
from frontlines.store import open_store
from frontlines.store.merge import Merger, Report, conflicting, same_event

text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
opt_text = st.none() | text
actors = st.builds(Actor, text=text, name=text, faction=st.sampled_from(["sy_government", "sy_hts", "unknown", "x"]),
                   government=st.none() | st.booleans(), country=st.none() | st.sampled_from(["SY", "RU"]))
places = st.builds(Place, text=text, name=text, geonameid=st.none() | st.integers(1, 10**8),
                   lat=st.none() | st.floats(-89, 89, allow_nan=False), lon=st.none() | st.floats(-179, 179, allow_nan=False),
                   country=st.none() | st.sampled_from(["SY", "AF", "UA"]), admin1=opt_text,
                   precision=st.integers(1, 3), feature=st.sampled_from(["city", "admin1", "country"]),
                   population=st.integers(0, 10**7))


@st.composite
def date_ranges(draw):
    start = draw(st.dates(date(1990, 1, 1), date(2030, 1, 1)))
    return DateRange(start, start + timedelta(days=draw(st.integers(0, 400))), draw(st.integers(1, 4)), draw(text))


@st.composite
def reference_events(draw):
    ev = Evidence(draw(text), draw(st.integers(0, 500)), draw(st.integers(0, 500)), draw(st.none() | st.just("a1")))
    ref = draw(st.text("abcdef0123456789-", min_size=1, max_size=12))
    src = SourceRef(origin="acled", ref_id=ref, evidence=ev, title=draw(opt_text), url=draw(opt_text),
                    source=draw(opt_text), published=draw(st.none() | st.dates()), citation=draw(opt_text))
    return Event(id=stable_id("acled", ref), type=draw(st.sampled_from(EVENT_TYPES)), actor=draw(st.none() | actors),
                 target=draw(st.none() | actors), place=draw(st.none() | places), date=draw(st.none() | date_ranges()),
                 evidence=ev, confidence=draw(st.floats(0, 1)), plover=draw(opt_text),
                 acled_event_type=draw(opt_text), acled_sub_event_type=draw(opt_text), article_id=draw(opt_text),
                 trigger=draw(opt_text), count=draw(st.none() | st.integers(0, 10**6)), sources=(src,))


def _fresh_store(tmp: str):
    return open_store(Options(data_dir=tmp, db_url=f"sqlite:///{Path(tmp) / 'p.db'}", load_reference=False))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reference_events())
def test_store_round_trip_equals_input(e):
    with tempfile.TemporaryDirectory() as tmp:
        store = _fresh_store(tmp)
        try:
            assert store.add_reference_events([e], "acled") == 1
            assert to_dict(store.get_event(e.id)) == to_dict(e)
        finally:
            store.close()


# ------------------------------------------------------------------ merging is order-independent
SPOTS = [Place("A", "A", 1, 35.0, 36.0, "SY", None), Place("A'", "A", None, 35.02, 36.01, "SY", None),
         Place("B", "B", 2, 35.3, 36.0, "SY", None), Place("C", "C", None, 35.0, 36.2, "SY", None)]
SIDES = [Actor("g", "G", "sy_government", True), Actor("h", "H", "sy_hts", False), Actor("u", "U", "unknown", None)]


@st.composite
def small_reports(draw):
    n = draw(st.integers(1, 9))
    out = []
    for i in range(n):
        start = date(2020, 1, 1) + timedelta(days=draw(st.integers(0, 60)))
        when = draw(st.none() | st.just(DateRange(start, start + timedelta(days=draw(st.integers(0, 10))), 1)))
        ev = Evidence(f"report {i}", 0, 8)
        origin = draw(st.sampled_from(["article", "acled"]))
        src = SourceRef(origin=origin, ref_id=f"src{i % 4}" if origin == "article" else f"r{i}", evidence=ev)
        out.append(Event(id=f"ev{i:02d}", type=draw(st.sampled_from(["control_change", "clash"])),
                         actor=draw(st.sampled_from(SIDES)), target=draw(st.none() | st.sampled_from(SIDES)),
                         place=draw(st.sampled_from(SPOTS)), date=when, evidence=ev,
                         confidence=draw(st.sampled_from([0.3, 0.5, 0.9, 1.0])), sources=(src,)))
    return out


def _components(reports: list[Event], km: float = 5.0) -> set[frozenset[str]]:
    m = Merger(km)
    for e in reports:
        m.add_new(Report(event=e, origin=e.sources[0].origin, ref_id=e.sources[0].ref_id, source=e.sources[0]))
    return {frozenset(r.report_id for r in members) for members, _ in m.result().components}


@settings(max_examples=200, deadline=None)
@given(small_reports(), st.randoms(use_true_random=False))
def test_merge_components_are_order_independent(reports, rnd):
    shuffled = list(reports)
    rnd.shuffle(shuffled)
    comps = _components(reports)
    assert comps == _components(shuffled)
    # every report is in exactly one component; reports of one component are linked by "same event"
    assert sorted(i for c in comps for i in c) == sorted(e.id for e in reports)
    by_id = {e.id: e for e in reports}
    for comp in comps:
        for x in comp:
            if len(comp) > 1:
                assert any(same_event(by_id[x], by_id[y], 5.0) for y in comp if y != x)


def _record(store) -> tuple[set, set]:
    events, _ = store.query_events(__import__("frontlines.store", fromlist=["EventQuery"]).EventQuery(limit=None))
    keys = {e.id: frozenset((s.origin, s.ref_id, s.evidence.sentence) for s in e.sources) for e in events}
    # the representative fields too: merging reads only each stored event's picks and summary
    groups = {(keys[e.id], e.type, e.corroboration, round(e.confidence, 4), e.actor, e.target, e.place, e.date)
              for e in events}
    links = {frozenset((keys[e.id], keys[c])) for e in events for c in e.conflicts}
    return groups, links


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_reports(), st.randoms(use_true_random=False))
def test_stored_record_is_order_independent(reports, rnd):
    shuffled = list(reports)
    rnd.shuffle(shuffled)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, order in enumerate([reports, shuffled]):
            (Path(tmp) / str(i)).mkdir()
            store = _fresh_store(str(Path(tmp) / str(i)))
            try:
                for e in order:  # one report at a time: every merge goes through the stored state
                    store.add_reference_events([e], e.sources[0].origin)
                results.append(_record(store))
            finally:
                store.close()
    assert results[0] == results[1]


def test_conflict_rules():
    def rep(eid, actor, start, origin="article", ref="a"):
        e = Event(id=eid, type="control_change", actor=actor, target=None, place=SPOTS[0],
                  date=DateRange(date.fromisoformat(start), date.fromisoformat(start), 1),
                  evidence=Evidence("x", 0, 1), confidence=0.5)
        return Report(event=e, origin=origin, ref_id=ref, source=SourceRef(origin, ref))

    g, h = SIDES[0], SIDES[1]
    assert conflicting(rep("1", g, "2020-01-01"), rep("2", h, "2020-01-01", ref="b"), 5.0, 30)
    assert conflicting(rep("1", g, "2020-01-01"), rep("2", g, "2020-01-20", ref="b"), 5.0, 30)
    assert not conflicting(rep("1", g, "2020-01-01"), rep("2", g, "2020-06-20", ref="b"), 5.0, 30)
    # one reference dataset records repeated gains at one place as separate rows: not a conflict
    assert not conflicting(rep("1", g, "2020-01-01", "acled", "r1"), rep("2", g, "2020-01-09", "acled", "r2"), 5.0, 30)
    assert not conflicting(rep("1", g, "2020-01-01"), rep("2", SIDES[2], "2020-01-01", ref="b"), 5.0, 30)


def test_two_villages_taken_the_same_day_are_two_changes():
    def change(place, actor=SIDES[1], kind="control_change"):
        return Event(id=place.text + kind, type=kind, actor=actor, target=None, place=place,
                     date=DateRange(date(2017, 3, 22), date(2017, 3, 22), 1), evidence=Evidence("x", 0, 1),
                     confidence=0.9)

    maarzaf = Place("Maarzaf", "Ma`arrzaf", 163_001, 35.2041, 36.5554, "SY", "Hama")
    sher = Place("Sher", "Ash Shir", 163_002, 35.2381, 36.5221, "SY", "Hama")  # 4.8 km away
    again = Place("Ma'arzaf", "Ma`arrzaf", 163_001, 35.2041, 36.5554, "SY", "Hama")
    near = Place("Hama countryside", "Hamah", 163_003, 35.22, 36.54, "SY", "Hama", precision=2)
    assert not same_event(change(maarzaf), change(sher), 5.0)  # two named villages: two changes
    assert same_event(change(maarzaf), change(again), 5.0)  # one village, two spellings
    assert same_event(change(maarzaf), change(near), 5.0)  # a change only located near: within 5 km
    assert same_event(change(maarzaf, kind="clash"), change(sher, kind="clash"), 5.0)  # fights: as before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_reports(), st.randoms(use_true_random=False), st.integers(1, 4))
def test_saving_articles_in_batches_is_the_same_record(reports, rnd, size):
    """The batch writer saves a partition of articles in one merge: the record is the same as
    saving the articles one at a time (in another order)."""
    from frontlines.model import Analysis, Article

    refs = [e for e in reports if e.sources[0].origin != "article"]
    by_article: dict[str, list[Event]] = {}
    for e in reports:
        if e.sources[0].origin == "article":
            by_article.setdefault(e.sources[0].ref_id, []).append(e)
    analyses = [Analysis(Article(id=aid, text=f"text of {aid}", published=date(2020, 3, 1)), evs)
                for aid, evs in by_article.items()]
    shuffled = list(analyses)
    rnd.shuffle(shuffled)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(2):
            (Path(tmp) / str(i)).mkdir()
            store = _fresh_store(str(Path(tmp) / str(i)))
            try:
                for e in refs:
                    store.add_reference_events([e], e.sources[0].origin)
                if i == 0:
                    for a in analyses:
                        store.save_analysis(a)
                else:
                    for k in range(0, len(shuffled), size):
                        assert all(r.saved for r in store.save_analyses(shuffled[k:k + size]))
                results.append(_record(store))
            finally:
                store.close()
    assert results[0] == results[1]
