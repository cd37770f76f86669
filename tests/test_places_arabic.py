"""Arabic place names in a theater article: transliteration variants inside the theater country
(:mod:`frontlines.geo.gazetteer_local`) and generic first words ("Tal", "Rasm") that are not the
place on their own (lexicons/place_generic_words.txt)."""
from __future__ import annotations

import pytest

from frontlines.extract.doc import Doc
from frontlines.extract.places import make_places_stage
from frontlines.geo.gazetteer import Gazetteer, GeoEntry
from frontlines.geo.gazetteer_local import loose_skeleton
from frontlines.geo.names import arabic_key
from frontlines.model import Article, stable_id
from frontlines.options import Options

# Names spelled as in GeoNames; the coordinates are invented for the test (ids < 0: not GeoNames).
ENTRIES = [
    GeoEntry(163843, "Syria", 35.0, 38.0, "SY", "", 16906283, "country", ()),
    GeoEntry(169389, "Idlib", 35.93062, 36.63393, "SY", "Idlib", 128840, "city", ("Idleb",)),
    GeoEntry(-1, "Ar Rawdah", 36.1, 37.1, "SY", "Aleppo", 0, "city", ()),
    GeoEntry(-2, "Al Badriyyah", 35.8, 36.6, "SY", "Idlib", 0, "city", ()),
    GeoEntry(-3, "Al Humayrat", 35.7, 36.5, "SY", "Idlib", 0, "city", ()),
    GeoEntry(-7, "Madaya", 33.69, 36.1, "SY", "Rif Dimashq", 9371, "city", ()),
    GeoEntry(-4, "Tall Khinzir", 35.6, 36.8, "SY", "Idlib", 0, "city", ()),
    GeoEntry(-5, "At Tall", 33.61, 36.31, "SY", "Rif Dimashq", 55561, "city", ("Tal", "Tell")),
    GeoEntry(2772400, "Linz", 48.3, 14.28, "AT", "Upper Austria", 181162, "city", ()),
    GeoEntry(-6, "Rawdah", 24.0, 45.0, "SA", "Riyadh", 0, "city", ()),
    GeoEntry(-8, "Al Ahmar", 35.2, 36.2, "SY", "Hama", 0, "city", ()),
]


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.from_entries(ENTRIES)


def places(gaz, text, country="SY"):
    doc = Doc(article=Article(id=stable_id(text), text=text), country=country)
    return {m.text: m.place for m in make_places_stage(gaz, Options())(doc).places}


def test_arabic_key_and_loose_skeleton_fold_transliterations():
    assert arabic_key("Badriyeh") == arabic_key("Al Badriyyah")
    assert arabic_key("Jneineh") != arabic_key("Junaynah")  # short vowels differ: fuzzy scores decide
    assert loose_skeleton("Hmeirat") == loose_skeleton("Al Humayrat")
    assert loose_skeleton("Sokkariyeh") == loose_skeleton("As Sukariyah")


def test_lookup_inside_the_theater(gaz):
    name = lambda rows: sorted(gaz.entry(i).name for i in rows)  # noqa: E731
    assert name(gaz.lookup_in("Rawdah", "SY")) == ["Ar Rawdah"]  # articles dropped on both sides
    assert name(gaz.lookup_in("Badriyeh", "SY")) == ["Al Badriyyah"]  # same Arabic key
    assert name(gaz.lookup_in("Hmeirat", "SY")) == ["Al Humayrat"]  # same consonants and long vowels
    assert gaz.lookup_in("Hamirat", "SY") == ()  # a fuzzy reading needs "village"/"town" next to it
    assert name(gaz.lookup_in("Hamirat", "SY", loose=True)) == ["Al Humayrat"]
    assert gaz.lookup_in("Hamirat", "AT", loose=True) == ()


def test_theater_article_resolves_transliterated_villages(gaz):
    got = places(gaz, "Government forces took control of Hmeirat village and Badriyeh in southern Idleb.")
    assert got["Hmeirat"].name == "Al Humayrat" and got["Hmeirat"].geonameid is None
    assert got["Badriyeh"].name == "Al Badriyyah"


def test_rawdah_in_syria_is_syrian_even_though_saudi_rawdah_matches_exactly(gaz):
    got = places(gaz, "Rebels took control of Rawdah village in the Aleppo countryside.")
    assert got["Rawdah"].name == "Ar Rawdah"


def test_generic_first_word_is_not_the_place(gaz):
    got = places(gaz, "Regime forces took control of Tal Khanzir village and Tal Ahmar hill.")
    assert got.get("Tal Khanzir") is not None and got["Tal Khanzir"].name == "Tall Khinzir"
    assert "Tal" not in got and "Ahmar" not in got  # "At Tall" near Damascus, or "Tal" in Austria: neither
    assert places(gaz, "Clashes near Tal, north of Damascus.")["Tal"].name == "At Tall"


def test_without_theater_nothing_loose_is_tried(gaz):
    assert "Badriyeh" not in places(gaz, "Government forces took control of Badriyeh village.", country=None)


def test_a_small_place_must_fit_the_larger_places_the_article_names(gaz):
    assert places(gaz, "Regime forces regained control of Madaya in southern Idleb countryside.").get("Madaya") is None
    assert places(gaz, "Regime forces regained control of Madaya after clashes.")["Madaya"].name == "Madaya"
    assert places(gaz, "Regime forces regained control of Madaya in southern Idleb.", country=None)["Madaya"] \
        .name == "Madaya"  # no given theater: not checked
