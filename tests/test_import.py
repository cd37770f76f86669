"""ACLED and UCDP GED imports: the real column layouts, gainer sides, date and place precision,
malformed files and rows (named by file, row and column; good rows still imported), idempotence,
and the shared dev files when they are present."""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from store_helpers import sqlite_store, store, store_options  # noqa: F401 - fixtures

from frontlines.reference import import_files
from frontlines.store import EventQuery

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
                "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
                "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,"
                "fatalities,tags,timestamp").split(",")
UCDP_HEADER = ("id,year,active_year,type_of_violence,conflict_new_id,conflict_name,dyad_new_id,dyad_name,"
               "side_a_new_id,side_a,side_b_new_id,gwnob,side_b,number_of_sources,source_article,source_office,"
               "source_date,source_headline,source_original,where_prec,where_coordinates,adm_1,adm_2,latitude,"
               "longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,"
               "date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,low,best,high").split(",")


def acled_row(ref, when, sub, a1, a2, loc, lat, lon, event_type="Battles", tp="1.0", gp="1.0", notes="n"):
    return {"event_id_cnty": ref, "event_date": when, "year": "2017.0", "time_precision": tp,
            "disorder_type": "Political violence", "event_type": event_type, "sub_event_type": sub, "actor1": a1,
            "actor2": a2, "iso": "760.0", "region": "Middle East", "country": "Syria", "admin1": "Homs",
            "location": loc, "latitude": lat, "longitude": lon, "geo_precision": gp, "source": "SOHR",
            "notes": notes, "fatalities": "3.0"}


def write_csv(path: Path, header: list[str], rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in header})
    return path


GOOD = [
    acled_row("SYRT1", "02 March 2017", "Government regains territory", "Military Forces of Syria (2000-)",
              "Islamic State (Syria)", "Tadmor", "34.5656", "38.2877", notes="Regime forces regained Palmyra."),
    # actor1 is not on the gaining side: the sub-event type decides, actor2 gained
    acled_row("SYRT2", "08 April 2017", "Government regains territory", "Islamic State (Syria)",
              "Military Forces of Syria (2000-)", "Tadmor", "34.5656", "38.2877"),
    acled_row("SYRT3", "2017-05-02", "Non-state actor overtakes territory", "Islamic State (Syria)",
              "Military Forces of Syria (2000-)", "Tadmor", "34.5656", "38.2877", tp="2.0"),
    acled_row("SYRT4", "19 January 2017", "Armed clash", "QSD: Syrian Democratic Forces", "Islamic State (Syria)",
              "Ar-Raqqa", "35.9428", "39.0519", tp="3.0", gp="2.0"),
    acled_row("SYRT5", "20 January 2017", "Air/drone strike", "Military Forces of Russia (1991-)",
              "Civilians (Syria)", "Ariha", "35.8136", "36.6106", event_type="Explosions/Remote violence"),
    acled_row("SYRT6", "21 January 2017", "Peaceful protest", "Protesters (Syria)", "", "Idlib", "35.93", "36.63",
              event_type="Protests"),
]
BAD = [
    acled_row("SYRB1", "31 February 2017", "Armed clash", "Military Forces of Syria (2000-)", "", "X", "35", "36"),
    acled_row("SYRB2", "01 March 2017", "Armed clash", "Military Forces of Syria (2000-)", "", "X", "135.5", "36"),
    acled_row("", "01 March 2017", "Armed clash", "Military Forces of Syria (2000-)", "", "X", "35", "36"),
    acled_row("SYRB4", "01 March 2017", "Armed clash", "Military Forces of Syria (2000-)", "", "X", "35", "east"),
]


def test_acled_rows_become_events(store, tmp_path):
    path = write_csv(tmp_path / "acled.csv", ACLED_HEADER, GOOD)
    report = import_files("acled", [path], store, store.options)
    assert (report.rows, report.imported, report.added, report.skipped, report.errors) == (6, 5, 5, 1, [])
    events = {e.sources[0].ref_id: e for e in store.query_events(EventQuery(limit=None))[0]}
    t1, t2, t3, t4, t5 = (events[f"SYRT{i}"] for i in range(1, 6))
    assert t1.type == "control_change" and t1.actor.faction == "sy_government" and t1.actor.government is True
    assert t1.target.faction == "islamic_state"
    assert t1.acled_sub_event_type == "Government regains territory" and t1.plover == "SEIZE"
    assert t1.date.start == t1.date.end == date(2017, 3, 2) and t1.date.precision == 1
    assert (t1.place.name, t1.place.lat, t1.place.lon, t1.place.country, t1.place.admin1, t1.place.precision) == (
        "Tadmor", 34.5656, 38.2877, "SY", "Homs", 1)
    assert t1.evidence.sentence == "Regime forces regained Palmyra." and t1.count == 3
    src = t1.sources[0]
    assert (src.origin, src.ref_id, src.citation) == ("acled", "SYRT1", "SOHR")
    assert t2.actor.faction == "sy_government" and t2.actor.government and t2.target.faction == "islamic_state"
    assert t3.actor.faction == "islamic_state" and t3.actor.government is False
    assert (t3.date.start, t3.date.end, t3.date.precision) == (date(2017, 4, 29), date(2017, 5, 5), 2)
    assert t4.type == "clash" and (t4.date.start, t4.date.end, t4.date.precision) == (date(2017, 1, 1), date(2017, 1, 31), 3)
    assert t4.actor.faction == "sy_sdf" and t4.place.precision == 2
    assert t5.type == "attack" and t5.actor.faction == "russia" and t5.actor.government is False
    assert t5.target.faction == "unknown"  # civilians are nobody's faction
    again = import_files("acled", [path], store, store.options)
    assert (again.imported, again.added) == (5, 0)


def test_acled_rows_of_another_theater_name_its_government(store, tmp_path):
    where = {"country": "Ukraine", "iso": "804.0", "region": "Europe", "admin1": "Donetsk"}
    rows = [dict(acled_row("UKR1", "30 September 2022", "Government regains territory",
                           "Military Forces of Ukraine (2019-)", "Military Forces of Russia (2000-)", "Lyman",
                           "48.9869", "37.8061"), **where),
            dict(acled_row("UKR2", "07 May 2022", "Non-state actor overtakes territory",
                           "Military Forces of Russia (2000-)", "Military Forces of Ukraine (2019-)", "Popasna",
                           "48.6333", "38.3833"), **where)]
    report = import_files("acled", [write_csv(tmp_path / "ukraine.csv", ACLED_HEADER, rows)], store, store.options)
    assert (report.imported, report.errors) == (2, [])
    events = {e.sources[0].ref_id: e for e in store.query_events(EventQuery(limit=None))[0]}
    ukr1, ukr2 = events["UKR1"], events["UKR2"]
    assert (ukr1.actor.faction, ukr1.actor.government) == ("ua_government", True)
    assert (ukr1.target.faction, ukr1.target.government) == ("russia", False)
    assert (ukr2.actor.faction, ukr2.actor.government) == ("russia", False)
    assert (ukr2.target.faction, ukr2.target.government) == ("ua_government", True)


def test_malformed_rows_are_named_and_good_rows_imported(sqlite_store, tmp_path):
    path = write_csv(tmp_path / "mixed.csv", ACLED_HEADER, GOOD[:1] + BAD + GOOD[1:2])
    report = import_files("acled", [path], sqlite_store, sqlite_store.options)
    assert report.imported == 2 and report.skipped == 4 and len(report.errors) == 4
    e1, e2, e3, e4 = report.errors
    assert str(path) in e1 and "row 3" in e1 and "'event_date'" in e1 and "31 February 2017" in e1
    assert "row 4" in e2 and "'latitude'" in e2
    assert "row 5" in e3 and "'event_id_cnty'" in e3 and "empty" in e3
    assert "row 6" in e4 and "'longitude'" in e4 and "not a number" in e4
    assert all(e.startswith("E400 ") for e in report.errors)


def test_missing_columns_and_missing_files(sqlite_store, tmp_path):
    bad = tmp_path / "nolat.csv"
    bad.write_text("event_id_cnty,event_date,sub_event_type,actor1\nSYR1,01 March 2017,Armed clash,X\n", encoding="utf-8")
    good = write_csv(tmp_path / "good.csv", ACLED_HEADER, GOOD[:1])
    report = import_files("acled", [bad, tmp_path / "absent.csv", good], sqlite_store, sqlite_store.options)
    assert report.imported == 1 and len(report.errors) == 2
    assert str(bad) in report.errors[0] and "latitude" in report.errors[0] and "longitude" in report.errors[0]
    assert "absent.csv" in report.errors[1] and "not found" in report.errors[1]


def test_unknown_kind_is_refused(sqlite_store):
    from frontlines.errors import ImportFormatError

    with pytest.raises(ImportFormatError, match="gdelt"):
        import_files("gdelt", [], sqlite_store, sqlite_store.options)


def ucdp_row(i, violence, a, b, start, end, lat, lon, prec="1.0", dprec="1.0", best="4.0"):
    return {"id": f"{i}.0", "type_of_violence": violence, "side_a": a, "side_b": b, "latitude": lat, "longitude": lon,
            "where_prec": prec, "where_coordinates": f"Place {i}", "adm_1": "Idlib governorate", "country": "Syria",
            "date_prec": dprec, "date_start": start, "date_end": end, "best": best, "source_office": "SOHR",
            "source_headline": f"Headline {i}", "source_article": f'"SOHR,{start},Headline {i}"',
            "dyad_name": f"{a} - {b}"}


def test_ucdp_rows_become_events(sqlite_store, tmp_path):
    rows = [ucdp_row(1, "1.0", "Government of Syria", "Syrian insurgents", "2016-01-01", "2016-01-01", "35.69", "36.45"),
            ucdp_row(2, "3.0", "IS", "Civilians", "2016-02-01", "2016-02-05", "35.3", "40.1", prec="4.0", dprec="2.0"),
            ucdp_row(3, "2.0", "SDF", "IS", "2016-03-01", "2016-02-01", "35.3", "40.1"),  # end before start
            ucdp_row(4, "1.0", "Government of Syria", "Syrian insurgents", "2016-01-01", "2016-01-01", "", "36.4")]
    path = write_csv(tmp_path / "ged.csv", UCDP_HEADER, rows)
    report = import_files("ucdp", [path], sqlite_store, sqlite_store.options)
    assert report.imported == 2 and len(report.errors) == 2
    assert "row 4" in report.errors[0] and "'date_end'" in report.errors[0]
    assert "row 5" in report.errors[1] and "'latitude'" in report.errors[1]
    events = {e.sources[0].ref_id: e for e in sqlite_store.query_events(EventQuery(limit=None))[0]}
    one, two = events["1"], events["2"]
    assert one.type == "clash" and one.actor.faction == "sy_government" and one.actor.government is True
    assert one.target.faction == "sy_opposition" and one.count == 4 and one.evidence.sentence == "Headline 1"
    assert one.sources[0].origin == "ucdp" and one.sources[0].citation == "SOHR,2016-01-01,Headline 1"
    assert two.type == "attack" and two.actor.faction == "islamic_state" and two.place.precision == 3
    assert (two.date.start, two.date.end, two.date.precision) == (date(2016, 2, 1), date(2016, 2, 5), 2)


def _shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs ../shared/eval beside the repository")
    return path


@pytest.mark.slow
def test_real_acled_and_ucdp_files(sqlite_store):
    terr = _shared("eval", "acled", "acled_syria_dev_territorial.csv")
    report = import_files("acled", [terr], sqlite_store, sqlite_store.options)
    with terr.open(encoding="utf-8") as f:
        n = sum(1 for _ in csv.DictReader(f))
    assert report.rows == report.imported == report.added == n and report.errors == []
    changes, _ = sqlite_store.query_events(EventQuery(type="control_change", origin="acled", limit=None))
    assert sum(e.corroboration for e in changes) == n  # every row is a source of exactly one event
    sample = _shared("eval", "ucdp_ged_syria", "uncertainUCDP_ucdpged_sample_v23_1_syria.csv")
    ureport = import_files("ucdp", [sample], sqlite_store, sqlite_store.options)
    assert ureport.errors == [] and ureport.imported == ureport.rows > 200
