"""The store on SQLite and PostgreSQL: saving, idempotence, merging, conflicts, rollback, queries,
pagination, reference records, failures and seen-keys, exports."""
from __future__ import annotations

import csv
import io
import json

import pytest
from store_helpers import (ARIHA, DEIR, GOV, HOMS, HTS, IDLIB, KABUL, REBELS, analysis, event, reference, rng,
                           sqlite_store, store, store_options)  # noqa: F401 - fixtures

from frontlines.errors import StoreError
from frontlines.model import Failure, Finding, Evidence, event_from_dict, to_dict
from frontlines.store import EventQuery, open_store


def _all(store, **kw):
    events, nxt = store.query_events(EventQuery(limit=None, **kw))
    assert nxt is None
    return events


def test_save_and_read_back(store):
    f = Finding(kind="count", verdict="consistent", place=IDLIB, claim=Evidence("four cities", 0, 11, "a1"),
                detail="4 named")
    a = analysis("a1", event("e1"), event("e2", place=ARIHA, sentence="and Ariha."))
    a.findings = [f]
    res = store.save_analysis(a)
    assert res.saved and res.event_ids == ["e1", "e2"]
    assert store.has_article("a1") and not store.has_article("zz")
    assert store.get_article("a1") == a.article
    assert [e.id for e in store.article_events("a1")] == ["e1", "e2"]
    assert store.article_findings("a1") == [f]
    e1 = store.get_event("e1")
    assert e1.corroboration == 1 and len(e1.sources) == 1
    src = e1.sources[0]
    assert (src.origin, src.ref_id, src.title, src.url, src.published) == (
        "article", "a1", "Title a1", "https://example.org/a1", a.article.published)
    assert src.evidence.sentence == "Rebels seized Idlib." and src.evidence.article_id == "a1"
    assert store.get_event("nope") is None


def test_resaving_an_article_changes_nothing(store):
    a = analysis("a1", event("e1"))
    store.save_analysis(a)
    before = ([to_dict(e) for e in _all(store)], store.revision())
    again = store.save_analysis(a)
    assert not again.saved and again.event_ids == ["e1"]
    assert ([to_dict(e) for e in _all(store)], store.revision()) == before


def test_two_articles_same_capture_merge(store):
    store.save_analysis(analysis("a1", event("e1", sentence="Rebels seized Idlib on Saturday.")))
    res = store.save_analysis(analysis("a2", event("e2", when=rng("2015-03-26", "2015-03-29", 2),
                                                   place=IDLIB.__class__(**{**IDLIB.__dict__, "geonameid": None,
                                                                             "lat": 35.95, "lon": 36.64}),
                                                   sentence="Idlib fell to the rebels this week.")))
    assert res.merged == 1
    events = _all(store)
    assert len(events) == 1
    e = events[0]
    assert e.corroboration == 2
    assert {s.ref_id for s in e.sources} == {"a1", "a2"}
    assert {s.evidence.sentence for s in e.sources} == {"Rebels seized Idlib on Saturday.",
                                                        "Idlib fell to the rebels this week."}
    assert e.date == rng("2015-03-28")  # the most precise report's date
    assert e.confidence > 0.8  # two independent sources
    assert store.get_event("e2").id == e.id  # a merged report's id still finds its event


def test_other_gainer_is_kept_and_linked(store):
    store.save_analysis(analysis("a1", event("e1")))
    res = store.save_analysis(analysis("a2", event("e2", actor=GOV, sentence="The army held Idlib.")))
    assert res.conflicts == 1
    e1, e2 = store.get_event("e1"), store.get_event("e2")
    assert e1.conflicts == ("e2",) and e2.conflicts == ("e1",)
    assert e1.corroboration == e2.corroboration == 1


def test_same_gainer_at_a_clearly_different_date_is_linked(store):
    store.save_analysis(analysis("a1", event("e1", when=rng("2015-03-28"))))
    store.save_analysis(analysis("a2", event("e2", when=rng("2015-04-20"))))
    store.save_analysis(analysis("a3", event("e3", when=rng("2016-09-01"))))  # far apart: another event
    assert store.get_event("e1").conflicts == ("e2",)
    assert store.get_event("e3").conflicts == ()


def test_unknown_actor_and_unknown_date_merge(store):
    store.save_analysis(analysis("a1", event("e1")))
    store.save_analysis(analysis("a2", event("e2", actor=None, when=None)))
    (e,) = _all(store)
    assert e.corroboration == 2 and e.actor == REBELS


def test_failure_rolls_back_the_whole_article(store, monkeypatch):
    from frontlines.store import rows

    store.save_analysis(analysis("a0", event("e0", place=HOMS)))
    rev = store.revision()

    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(rows, "event_row", boom)
    with pytest.raises(StoreError) as err:
        store.save_analysis(analysis("a1", event("e1"), event("e2", place=ARIHA)))
    assert "a1" in str(err.value) and err.value.code == "E300"
    monkeypatch.undo()
    assert not store.has_article("a1")
    assert [e.id for e in _all(store)] == ["e0"]
    assert store.get_event("e1") is None and store.revision() == rev
    assert store.save_analysis(analysis("a1", event("e1"))).saved  # and it can be stored afterwards


def test_reference_records_idempotent_and_merged_with_articles(store):
    refs = [reference("R1"), reference("R2", place=HOMS, actor=GOV)]
    assert store.add_reference_events(refs, "reference") == 2
    assert store.add_reference_events(refs, "reference") == 0
    store.save_analysis(analysis("a1", event("e1")))
    merged = [e for e in _all(store) if e.place.name == "Idlib"]
    assert len(merged) == 1
    assert {(s.origin, s.ref_id) for s in merged[0].sources} == {("reference", "R1"), ("article", "a1")}
    assert merged[0].corroboration == 2
    assert [e.place.name for e in _all(store, origin="reference")] == ["Idlib", "Homs"]
    assert [e.place.name for e in _all(store, origin="article")] == ["Idlib"]


def _fill(store):
    store.save_analysis(analysis("a1", event("e1", when=rng("2015-03-28")),
                                 event("e2", place=ARIHA, when=rng("2015-05-20", "2015-05-28", 2),
                                       sentence="Rebels took Ariha, the last government town."),
                                 event("e3", type_="attack", actor=GOV, target=REBELS, place=HOMS,
                                       when=rng("2015-06-01"), sentence="Government shelling hit Homs."),
                                 event("e4", type_="clash", actor=HTS, target=GOV, place=DEIR,
                                       when=rng("2017-09-10"), sentence="HTS fought the army near Deir ez-Zor."),
                                 event("e5", type_="clash", actor=GOV, target=None, place=KABUL,
                                       when=rng("2020-01-01"), sentence="Fighting in Kabul."),
                                 event("e6", type_="threat", actor=GOV, place=None, when=None,
                                       sentence="The army vowed to retake the north.")))


def test_query_filters(store):
    _fill(store)
    ids = lambda **kw: [e.id for e in _all(store, **kw)]  # noqa: E731
    assert ids() == ["e1", "e2", "e3", "e4", "e5", "e6"]  # date order, undated last
    assert ids(type="clash") == ["e4", "e5"]
    assert ids(faction="sy_government") == ["e3", "e4", "e5", "e6"]
    assert ids(faction="sy_opposition") == ["e1", "e2", "e3"]  # actor or target
    assert ids(place="deir ez zôr") == ids(place="DEIR-EZ-ZOR") == ["e4"]  # case, diacritics, punctuation
    assert ids(place="idleb") == ["e1"]  # the article's surface form counts too
    assert ids(place=172374) == ids(place="172374") == ["e2"]
    # overlap semantics at the exact boundaries
    assert ids(since=rng("2015-05-28").start) == ["e2", "e3", "e4", "e5"]
    assert ids(since=rng("2015-05-29").start) == ["e3", "e4", "e5"]
    assert ids(until=rng("2015-05-20").start) == ["e1", "e2"]
    assert ids(until=rng("2015-05-19").start) == ["e1"]
    assert ids(since=rng("2015-05-21").start, until=rng("2015-05-21").start) == ["e2"]
    assert ids(bbox=(36.0, 34.0, 41.0, 36.0)) == ["e1", "e2", "e3", "e4"]
    assert ids(q="SHELLING") == ["e3"]
    assert ids(q="last government town") == ["e2"]
    assert ids(country="af") == ["e5"]
    assert ids(type="advance") == []


def test_pagination_is_stable_and_exact(store):
    _fill(store)
    every = [e.id for e in _all(store)]
    seen, cursor, pages = [], None, 0
    while True:
        page, cursor = store.query_events(EventQuery(limit=4, cursor=cursor))
        seen += [e.id for e in page]
        pages += 1
        if cursor is None:
            break
    assert seen == every and pages == 2
    page, nxt = store.query_events(EventQuery(limit=6))
    assert len(page) == 6 and nxt is None  # exactly the last item: no empty extra page
    page, nxt = store.query_events(EventQuery(limit=5))
    assert nxt is not None
    # an event added before the cursor position does not shift the next page
    store.save_analysis(analysis("a9", event("e0", place=HOMS, when=rng("2010-01-01"))))
    rest, nxt2 = store.query_events(EventQuery(limit=5, cursor=nxt))
    assert [e.id for e in rest] == ["e6"] and nxt2 is None
    with pytest.raises(StoreError):
        store.query_events(EventQuery(cursor="not-a-cursor"))
    with pytest.raises(StoreError):
        store.query_events(EventQuery(limit=0))


def test_round_trip_of_a_full_event(store):
    e = reference("R-ü", type_="clash", actor=GOV, target=HTS, place=DEIR, when=rng("2017-09-01", "2017-09-30", 3),
                  sentence="Zusammenstöße „nahe“ دير الزور — 12 killed.", confidence=0.55)
    e = e.__class__(**{**e.__dict__, "plover": "FIGHT", "acled_event_type": "Battles",
                       "acled_sub_event_type": "Armed clash", "trigger": "clashes", "count": 12})
    store.add_reference_events([e], "reference")
    assert to_dict(store.get_event(e.id)) == to_dict(e)


def test_control_events_places_and_names(store):
    _fill(store)
    store.save_analysis(analysis("a2", event("c1", type_="control_claim", actor=GOV, place=HOMS,
                                             when=rng("2015-06-02"), sentence="The army holds Homs.")))
    assert [e.id for e in store.control_events()] == ["e1", "e2", "c1"]
    assert [e.id for e in store.control_events(geonameid=172374)] == ["e2"]
    assert [e.id for e in store.control_events(near=(35.93, 36.63, 20.0))] == ["e1", "e2"]
    assert {p.name for p in store.places()} == {"Idlib", "Ariha", "Homs", "Deir ez-Zor", "Kabul"}
    assert [p.name for p in store.places(country="AF")] == ["Kabul"]
    assert [p.name for p in store.find_places("Deir ez-Zôr")] == ["Deir ez-Zor"]
    assert store.find_places("") == []


def test_failures_and_seen(store):
    store.record_failure(Failure(doc="x.html", stage="read", code="E103", reason="binary"))
    assert store.failures() == [Failure(doc="x.html", stage="read", code="E103", reason="binary")]
    assert not store.seen("https://a/1", "url")
    store.mark_seen("https://a/1", "url")
    store.mark_seen("https://a/1", "url")
    assert store.seen("https://a/1", "url") and not store.seen("https://a/1", "hash")


def test_exports(store):
    from frontlines.store.export import export_events

    _fill(store)
    events = _all(store)
    out = io.StringIO()
    assert export_events(events, "csv", out) == 6
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["event_id_cnty"] == "e1" and rows[0]["sub_event_type"] == ""
    assert rows[1]["event_date"] == "2015-05-24" and rows[1]["time_precision"] == "2"
    assert rows[0]["latitude"] == str(IDLIB.lat) and rows[0]["fl_sources"] == "article:a1"
    out = io.StringIO()
    assert export_events(events, "geojson", out) == 6
    fc = json.loads(out.getvalue())
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 6
    assert fc["features"][0]["geometry"]["coordinates"] == [IDLIB.lon, IDLIB.lat]
    assert fc["features"][5]["geometry"] is None
    out = io.StringIO()
    assert export_events(events, "jsonl", out) == 6
    assert [event_from_dict(json.loads(line)) for line in out.getvalue().splitlines()] == events


def test_schema_version_is_checked(sqlite_store):
    from sqlalchemy import update

    from frontlines.store import schema

    with sqlite_store.engine.begin() as conn:
        conn.execute(update(schema.meta).where(schema.meta.c.key == "schema_version").values(value="999"))
    with pytest.raises(StoreError, match="schema version 999"):
        open_store(sqlite_store.options)


def test_default_store_location_is_created(tmp_path):
    from frontlines.options import Options

    s = open_store(Options(data_dir=str(tmp_path / "new" / "dir"), load_reference=False))
    try:
        assert (tmp_path / "new" / "dir" / "frontlines.db").exists()
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        s.close()


def test_an_event_id_twice_in_one_article_is_stored_once(sqlite_store):
    res = sqlite_store.save_analysis(analysis("a1", event("e1"), event("e2", place=HOMS), event("e1", place=ARIHA)))
    assert res.saved and res.event_ids == ["e1", "e2"]
    assert sqlite_store.get_event("e1").place == IDLIB


@pytest.mark.slow
def test_seed_article_through_the_pipeline(fl):
    from datetime import date

    from conftest import SEED

    (first,) = list(fl.analyze([SEED], published=date(2024, 12, 6), country="SY"))
    assert first.events, "the pipeline extracted nothing from the seed"
    rev = fl.store.revision()
    for e in first.events:
        stored = fl.event(e.id)
        assert stored is not None
        assert any(s.origin == "article" and s.ref_id == first.article.id and s.evidence.sentence == e.evidence.sentence
                   for s in stored.sources)
    (again,) = list(fl.analyze([SEED], published=date(2024, 12, 6), country="SY"))
    assert fl.store.revision() == rev  # re-ingesting changed nothing
    assert {e.id for e in fl.store.article_events(first.article.id)} == \
        {fl.event(e.id).id for e in first.events}


def test_concurrent_writers_merge_without_races(store_options):
    """Two sessions (as two processes would) store reports of the same events at the same time."""
    import threading

    from frontlines.model import Place

    stores = [open_store(store_options) for _ in range(2)]
    errors: list[Exception] = []

    def work(s, who: str) -> None:
        try:
            for i in range(25):
                place = Place(f"P{i}", f"P{i}", 5000 + i, 35.0 + i * 0.2, 37.0, "SY", None)
                s.save_analysis(analysis(f"{who}{i}", event(f"{who}e{i}", place=place)))
        except Exception as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(s, w)) for s, w in zip(stores, "ab")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    try:
        assert errors == []
        events = _all(stores[0])
        assert len(events) == 25 and {e.corroboration for e in events} == {2}
    finally:
        for s in stores:
            s.close()


def test_meta_values(store):
    assert store.get_meta("http:abc") is None
    store.set_meta("http:abc", "etag\nmodified")
    store.set_meta("http:abc", "etag2\n")
    assert store.get_meta("http:abc") == "etag2\n"
    with pytest.raises(StoreError):
        store.set_meta("revision", "0")


def test_copies_of_a_report_cost_one_merge_key(store):
    """Many articles reporting the same event: one event, every source kept, but merging compares
    new reports with one merge key (the store's write cost does not grow with the copies)."""
    from sqlalchemy import func, select

    from frontlines.store import schema

    for i in range(30):
        store.save_analysis(analysis(f"a{i:02d}", event(f"e{i:02d}", sentence=f"Rebels seized Idlib ({i}).")))
    events = _all(store)
    assert len(events) == 1 and events[0].corroboration == 30 and len(events[0].sources) == 30
    assert events[0].confidence > 0.99
    with store.engine.connect() as conn:
        keys = conn.execute(select(func.count()).select_from(schema.merge_keys)).scalar_one()
        reports = conn.execute(select(func.count()).select_from(schema.reports)).scalar_one()
    assert (keys, reports) == (1, 30)
    # a report with another date range is another merge key of the same event
    store.save_analysis(analysis("b1", event("f1", when=rng("2015-03-27", "2015-03-29", 2))))
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.merge_keys)).scalar_one() == 2
    assert len(_all(store)) == 1


def test_a_batch_of_analyses_is_the_same_record_as_one_by_one(store, tmp_path):
    from frontlines.options import Options

    batch = [analysis("a1", event("e1")),
             analysis("a2", event("e2", when=rng("2015-03-27", "2015-03-29", 2)), event("e3", actor=GOV, place=ARIHA)),
             analysis("a3", event("e4", actor=GOV, sentence="The army held Idlib.")),
             analysis("a1", event("e1"))]  # the same article twice in one batch: stored once
    results = store.save_analyses(batch, seen=(["k1", "k2", "k3", "k1"], "batch"))
    assert [r.saved for r in results] == [True, True, True, False]
    assert results[0].merged == 1 and results[1].merged == 1  # a1 and a2 report one event
    assert results[2].conflicts == 2  # another gainer at Idlib in the same days as a1's and a2's
    assert all(store.seen(k, "batch") for k in ("k1", "k2", "k3"))
    batched = sorted(json.dumps(to_dict(e), sort_keys=True) for e in _all(store))
    other = open_store(Options(data_dir=str(tmp_path), db_url=f"sqlite:///{tmp_path / 'other.db'}",
                               load_reference=False))
    try:
        for a in reversed(batch):  # the same analyses, one at a time, in another order
            other.save_analysis(a)
        one_by_one = sorted(json.dumps(to_dict(e), sort_keys=True) for e in _all(other))
    finally:
        other.close()
    assert batched == one_by_one


def test_a_bad_analysis_in_a_batch_costs_only_itself(store, monkeypatch):
    from frontlines.store import rows

    original = rows.article_row

    def article_row(a, now):
        if a.id == "bad":
            raise RuntimeError("disk on fire")
        return original(a, now)

    monkeypatch.setattr(rows, "article_row", article_row)
    results = store.save_analyses([analysis("a1", event("e1")), analysis("bad", event("e9", place=HOMS)),
                                   analysis("a2", event("e2", place=ARIHA))], seen=(["k1", "kb", "k2"], "batch"))
    assert [type(r).__name__ for r in results] == ["SaveResult", "StoreError", "SaveResult"]
    assert "bad" in str(results[1]) and results[1].code == "E300"
    assert store.has_article("a1") and store.has_article("a2") and not store.has_article("bad")
    assert store.seen("k1", "batch") and store.seen("k2", "batch") and not store.seen("kb", "batch")
    assert sorted(e.id for e in _all(store)) == ["e1", "e2"]
