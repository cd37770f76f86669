"""The GeoNames gazetteer: exact, alias, transliteration and fuzzy lookups, capitals, countries."""
from __future__ import annotations

import pytest

from frontlines.geo.distance import haversine_km
from frontlines.geo.gazetteer import Gazetteer, GeoEntry
from frontlines.geo.names import norm_key, skeleton_key, translit_key

# Real GeoNames records (ids, coordinates, populations as in cities500), trimmed alternate names.
SYRIA = [
    GeoEntry(163843, "Syria", 35.0, 38.0, "SY", "", 16906283, "country", ("Syrian Arab Republic",)),
    GeoEntry(173361, "Al Qaryatayn", 34.22956, 37.24066, "SY", "Homs", 31748, "city", ("Karyatein", "El Qaryatein")),
    GeoEntry(169023, "Jisr ash Shughur", 35.81418, 36.31983, "SY", "Idlib", 39311, "city", ("Jisr esh Shughur",)),
    GeoEntry(169389, "Idlib", 35.93062, 36.63393, "SY", "Idlib", 128840, "city", ("Idlip",)),
    GeoEntry(172994, "Ariha", 35.81374, 36.60964, "SY", "Idlib", 0, "city", ("Arihah", "Eriha")),
    GeoEntry(284899, "Jericho", 31.86667, 35.45, "PS", "Jericho and Al Aghwar", 19783, "city", ("Ariha", "Eriha")),
    GeoEntry(169577, "Homs", 34.72405, 36.72559, "SY", "Homs", 775404, "city", ("Hims", "Emesa")),
    GeoEntry(2219905, "Al Khums", 32.64861, 14.26191, "LY", "Al Marqab", 201943, "city", ("Homs", "Al-Khums")),
    GeoEntry(170654, "Damascus", 33.5102, 36.29128, "SY", "Dimashq", 1569394, "city", ("Dimashq", "Damas")),
    GeoEntry(163808, "Tadmur", 34.5624, 38.28402, "SY", "Homs", 51015, "city", ("Palmyra",)),
    GeoEntry(170794, "Deir ez-Zor", 35.33588, 40.14084, "SY", "Dayr az Zawr", 271800, "city", ("Dayr az Zawr",)),
]


@pytest.fixture(scope="module")
def small():
    return Gazetteer.from_entries(SYRIA, aliases=[("Tadmor", "Tadmur", "SY"), ("Deir al-Zour", "170794", "")],
                                  capitals={"SY": 170654})


def test_keys_fold_case_accents_articles_and_vowels():
    assert norm_key("Jisr al-Shughour") == "jisr al shughour"
    assert norm_key("Ma‘arrat an Nu‘mān") == "maarrat an numan"
    assert translit_key("Jisr al-Shughour") == translit_key("Jisr ash Shughur")
    assert skeleton_key("Idleb") == skeleton_key("Idlib")
    assert skeleton_key("Al-Qaryatain") == skeleton_key("Al Qaryatayn")


def test_exact_alternate_and_fuzzy_candidates(small):
    assert [e.geonameid for e in small.candidates("Homs", country="SY")] == [169577]
    assert {e.country for e in small.candidates("Homs")} == {"SY", "LY"}
    assert small.candidates("Al-Qaryatain")[0].name == "Al Qaryatayn"
    assert small.candidates("Jisr al-Shughour")[0].name == "Jisr ash Shughur"
    assert small.candidates("Idleb")[0].name == "Idlib"
    assert small.candidates("Xyzzyville") == []


def test_aliases_by_name_and_by_geonameid(small):
    assert small.candidates("Tadmor")[0].geonameid == 163808
    assert small.candidates("Deir al-Zour")[0].geonameid == 170794


def test_get_capital_country_and_to_place(small):
    assert small.get(169577).name == "Homs"
    assert small.get(1) is None
    assert small.capital("SY").name == "Damascus"
    assert small.country_name("SY") == "Syria"
    place = small.to_place(small.get(169023), "Jisr al-Shughour", 1)
    assert (place.text, place.name, place.country, place.admin1, place.precision) == \
        ("Jisr al-Shughour", "Jisr ash Shughur", "SY", "Idlib", 1)
    country = small.to_place(small.country("SY"), "Syria", 1)
    assert (country.feature, country.precision) == ("country", 3)


# The worldwide gazetteer (GeoNames cities500 + admin areas + countries): slow, real data.
SEED_POINTS = {  # GeoNames coordinates of the seed's places
    "Al-Qaryatain": (34.22956, 37.24066), "Idlib": (35.93062, 36.63393),
    "Jisr al-Shughour": (35.81418, 36.31983), "Ariha": (35.81374, 36.60964),
    "Homs": (34.72405, 36.72559), "Damascus": (33.5102, 36.29128),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SEED_POINTS))
def test_full_gazetteer_has_the_seed_places(gazetteer, name):
    cands = [e for e in gazetteer.candidates(name, country="SY") if e.feature == "city"]
    assert cands, name
    lat, lon = SEED_POINTS[name]
    assert haversine_km(cands[0].lat, cands[0].lon, lat, lon) <= 10.0


@pytest.mark.slow
@pytest.mark.parametrize("spelling,expected", [
    ("Tadmor", "Tadmur"), ("Palmyra", "Tadmur"), ("Deir ez-Zor", "Deir ez-Zor"), ("Deir al-Zour", "Deir ez-Zor"),
    ("Deir Ezzor", "Deir ez-Zor"), ("Raqqa", "Ar Raqqah"), ("Idleb", "Idlib"),
    ("Jisr al-Shughour", "Jisr ash Shughur"), ("Al-Qaryatain", "Al Qaryatayn"),
])
def test_full_gazetteer_transliterations(gazetteer, spelling, expected):
    names = [e.name for e in gazetteer.candidates(spelling, country="SY") if e.feature == "city"]
    assert names and names[0] == expected


@pytest.mark.slow
def test_full_gazetteer_countries_admin1_and_capitals(gazetteer):
    assert gazetteer.country_name("SY") == "Syria"
    assert gazetteer.capital("SY").name == "Damascus"
    assert gazetteer.capital("FR").name == "Paris"
    turkey = gazetteer.candidates("Turkey")[0]
    assert (turkey.feature, turkey.country) == ("country", "TR")
    us = gazetteer.candidates("U.S.")[0]
    assert (us.feature, us.country) == ("country", "US")
    texas = [e for e in gazetteer.candidates("Texas") if e.feature == "admin1"]
    assert texas and texas[0].country == "US"
    assert haversine_km(texas[0].lat, texas[0].lon, 31.25, -99.25) < 161
    homs = gazetteer.get(169577)
    assert (homs.name, homs.country, homs.admin1) == ("Homs", "SY", "Homs")


def test_an_area_known_by_its_cities_is_placed_at_their_hull_centroid():
    from frontlines.geo.gazetteer_build import _centre

    # a 10 x 10 degree area whose towns crowd into one corner: the centre of the area, not of the crowd
    corners = [(0.0, 0.0), (0.0, 10.0), (10.0, 0.0), (10.0, 10.0)]
    crowd = [(0.5 + i * 0.01, 0.5 + j * 0.01) for i in range(20) for j in range(20)]
    lat, lon = _centre(corners + crowd)
    assert abs(lat - 5.0) < 1e-6 and abs(lon - 5.0) < 1e-6
    # a triangle: its centroid; one town or a line of towns: the middle
    lat, lon = _centre([(0.0, 0.0), (0.0, 6.0), (6.0, 0.0)])
    assert abs(lat - 2.0) < 1e-6 and abs(lon - 2.0) < 1e-6
    assert _centre([(3.0, 4.0)]) == (3.0, 4.0)
    assert _centre([(0.0, 0.0), (2.0, 2.0), (4.0, 4.0)]) == (2.0, 2.0)
    assert _centre([]) is None


def test_upper_case_codes_match_only_upper_case_text():
    """IATA/ISO codes among GeoNames alternate names ("MAR", "AND", "PER") are not the words "Mar",
    "And", "Per"; the same upper-case text still finds the place."""
    gaz = Gazetteer.from_entries([
        GeoEntry(2542007, "Morocco", 32.0, -6.0, "MA", "", 36029138, "country", ("MAR", "Maroc")),
        GeoEntry(3041565, "Andorra", 42.5, 1.5, "AD", "", 77006, "country", ("AND",)),
    ])
    assert gaz.lookup("Mar", fuzzy=False) == () and gaz.lookup("And", fuzzy=False) == ()
    assert [gaz.entry(i).name for i in gaz.lookup("MAR", fuzzy=False)] == ["Morocco"]
    assert [gaz.entry(i).name for i in gaz.lookup("Maroc", fuzzy=False)] == ["Morocco"]
