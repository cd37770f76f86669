"""The ``gazetteer_extra`` setting: the user's own places files (places TSV/CSV, UCDP GED and
ACLED exports) added to the gazetteer, merged with GeoNames entries of the same name nearby."""
from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.errors import GazetteerError
from frontlines.extract.doc import Doc
from frontlines.extract.places import make_places_stage
from frontlines.geo.distance import haversine_km
from frontlines.geo.gazetteer import Gazetteer, GeoEntry
from frontlines.geo.gazetteer_build import GazetteerData
from frontlines.geo.gazetteer_extra import add_places, extra_paths, load_extra, read_places, ucdp_names
from frontlines.model import Article, stable_id
from frontlines.options import Options

from conftest import shared_path

FIX = Path(__file__).resolve().parent / "fixtures" / "gazetteer_extra"
ENTRIES = [  # real GeoNames records, trimmed alternate names
    GeoEntry(163843, "Syria", 35.0, 38.0, "SY", "", 16906283, "country", ("Syrian Arab Republic",)),
    GeoEntry(169389, "Idlib", 35.93062, 36.63393, "SY", "Idlib", 128840, "city", ()),
    GeoEntry(169023, "Jisr ash Shughur", 35.81418, 36.31983, "SY", "Idlib", 39311, "city", ()),
    GeoEntry(169577, "Homs", 34.72405, 36.72559, "SY", "Homs", 775404, "city", ("Hims",)),
    GeoEntry(173334, "Hama", 35.13179, 36.75783, "SY", "Hama", 696863, "city", ()),
    GeoEntry(170654, "Damascus", 33.5102, 36.29128, "SY", "Dimashq", 1569394, "city", ()),
]


def _data() -> GazetteerData:
    data = GazetteerData(rows=[e.as_row() for e in ENTRIES])
    data.countries["SY"] = 0
    data.index()
    return data


def _gaz(*files: Path) -> Gazetteer:
    data = _data()
    load_extra(data, [str(f) for f in files])
    return Gazetteer(data)


def test_ucdp_place_names_drop_the_feature_word_and_split_variants():
    assert ucdp_names("Kafr Nabudah village") == ["Kafr Nabudah"]
    assert ucdp_names("Rayhaniyah/Tuwainiyah village") == ["Rayhaniyah", "Tuwainiyah"]
    assert ucdp_names("Al Sokkareyah (Kasr Ada) village") == ["Al Sokkareyah", "Kasr Ada"]
    assert ucdp_names("Abu al-Duhur Military Airbase") == ["Abu al-Duhur Military Airbase"]
    assert ucdp_names("Idlib Governorate") == []


def test_extra_paths_take_a_list_or_a_path_separated_string(tmp_path):
    import os

    assert extra_paths("") == []
    assert extra_paths(["a.csv", "b.tsv"]) == [Path("a.csv"), Path("b.tsv")]
    assert extra_paths(f"a.csv{os.pathsep}b.tsv") == [Path("a.csv"), Path("b.tsv")]


def test_three_layouts_are_read():
    places = read_places(FIX / "places.tsv")
    assert [(p.name, p.country, p.alternates) for p in places] == [
        ("Tall Exemplum", "SY", ("Tal Exemplum", "Tell Exemplum")), ("Ard Mithal", "Syria", ())]
    assert places[1].population == 120
    ucdp = read_places(FIX / "ucdp_like.csv")  # where_prec 1-2 only, each place once
    assert [p.name for p in ucdp] == ["Tall Exemplum", "Qaryat Namudhaj", "Mazraat Sample", "Jisr al-Shughour"]
    assert ucdp[1].alternates == ("Namoodhaj",) and ucdp[2].alternates == ("Sample Farms",)
    acled = read_places(FIX / "acled_like.csv")  # geo_precision 1 only
    assert [(p.name, p.lat, p.lon) for p in acled] == [("Khirbat Specimen", 35.4, 36.9)]


def test_extra_places_resolve_with_their_own_coordinates_and_no_geonames_id():
    gaz = _gaz(FIX / "places.tsv", FIX / "ucdp_like.csv")
    for name in ("Tall Exemplum", "Tell Exemplum", "Qaryat Namudhaj", "Namoodhaj", "Sample Farms", "Ard Mithal"):
        found = gaz.candidates(name, country="SY")
        assert len(found) == 1, name
    e = gaz.candidates("Tell Exemplum")[0]
    assert (e.lat, e.lon, e.country, e.admin1) == (35.9, 36.7, "SY", "Idlib")  # admin1 of the nearest town
    assert gaz.candidates("Ard Mithal")[0].admin1 == "Homs"  # country given by name
    place = gaz.to_place(e, "Tell Exemplum", 1)
    assert place.geonameid is None and (place.lat, place.lon) == (35.9, 36.7)


def test_a_known_place_nearby_only_gains_the_spelling():
    gaz = _gaz(FIX / "ucdp_like.csv")
    found = gaz.candidates("Jisr al-Shughour", country="SY")
    assert [e.geonameid for e in found] == [169023]
    assert "Jisr al-Shughour" in found[0].alternate_names
    assert len(gaz) == len(ENTRIES) + 3


def test_same_name_far_away_is_another_place(tmp_path):
    f = tmp_path / "far.csv"
    f.write_text("name,lat,lon,country\nIdlib,33.0,36.0,SY\n", encoding="utf-8")
    gaz = _gaz(f)
    assert sorted(round(e.lat) for e in gaz.candidates("Idlib")) == [33, 36]


def test_errors_name_the_file(tmp_path):
    with pytest.raises(GazetteerError, match="no such file"):
        _gaz(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("place,x,y\nA,1,2\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="latitude"):
        _gaz(bad)


def test_load_adds_the_files_of_the_setting_and_never_caches_them(tmp_path, monkeypatch):
    monkeypatch.setattr(Gazetteer, "_load_data", staticmethod(lambda min_pop, options: _data()))
    base = Gazetteer.load(Options(data_dir=str(tmp_path)))
    assert base.candidates("Tall Exemplum") == []
    opts = Options(data_dir=str(tmp_path), gazetteer_extra=str(FIX / "places.tsv"))
    assert Gazetteer.load(opts).candidates("Tall Exemplum")[0].name == "Tall Exemplum"
    assert Gazetteer.load(Options(data_dir=str(tmp_path))).candidates("Tall Exemplum") == []


def test_the_places_stage_finds_a_village_only_the_extra_file_knows():
    gaz = _gaz(FIX / "places.tsv")
    text = "Government forces took control of Tell Exemplum village in Idlib countryside after clashes."
    doc = Doc(article=Article(id=stable_id(text), text=text), country="SY")
    doc = make_places_stage(gaz, Options())(doc)
    places = {m.text: m.place for m in doc.places}
    assert places["Tell Exemplum"].name == "Tall Exemplum"
    assert places["Tell Exemplum"].precision == 1


def test_the_ucdp_ged_syria_export_adds_villages():
    path = shared_path("eval", "ucdp_ged_syria", "ucdp_ged_syria_2016_2019.csv")
    data = _data()
    added = add_places(data, read_places(path))
    assert added > 1000
    gaz = Gazetteer(data)
    for e in (gaz.entry(i) for i in range(len(ENTRIES), len(gaz))):
        assert e.country == "SY" and e.geonameid < 0
        assert haversine_km(e.lat, e.lon, 35.0, 38.0) < 500


def test_the_example_configuration_names_the_ucdp_export():
    from frontlines.options import load_options

    example = Path(__file__).resolve().parents[1] / "examples" / "config_ucdp_places.toml"
    opts = load_options(example)
    assert [p.name for p in extra_paths(opts.gazetteer_extra)] == ["ucdp_ged_syria_2016_2019.csv"]
