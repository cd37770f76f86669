"""Syria's villages (the bundled GeoNames file) as news and ACLED spell them: transliteration
variants by one folding key, the governorate an article names, same-named villages decided by
the article's context, never by population; and no Syrian village outside Syria."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontlines.extract.doc import Doc
from frontlines.extract.places import make_places_stage
from frontlines.geo.names import consonant_key
from frontlines.model import Article, stable_id
from frontlines.options import Options

#: (news / ACLED spelling, GeoNames spelling of the same village)
PAIRS = [("Sokhneh", "As Sukhnah"), ("Oqeirbat", "`Uqayribat"), ("Menbij", "Manbij"), ("Qaryatein", "Al Qaryatayn"),
         ("Tadmor", "Tadmur"), ("Jeb Ej-Jarrah", "Jubb al Jarrah"), ("Ein Issa", "`Ayn `Isa")]


@pytest.mark.parametrize("news, geonames", PAIRS)
def test_one_folding_key_matches_the_spellings(news, geonames):
    assert consonant_key(news) == consonant_key(geonames)


syllable = st.sampled_from(["ba", "ka", "ra", "sa", "ma", "na", "ta", "ja", "da", "la", "ha", "fa", "za"])
word = st.lists(syllable, min_size=2, max_size=4).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(word, min_size=1, max_size=3).map(" ".join), st.sampled_from(["al-", "el-", "Al ", "ash-", "ej-"]))
def test_folding_ignores_articles_vowels_doubling_and_ta_marbuta(name, article):
    key = consonant_key(name)
    assert consonant_key(article + name) == key  # "al-X", "el-X", "Al X", "ej-X"
    assert consonant_key(name.replace("a", "e")) == key  # vowels are not written in Arabic
    assert consonant_key(name.replace("a", "ou")) == key
    assert consonant_key(name[0] + name[1:].replace("b", "bb").replace("m", "mm")) == key  # shadda
    assert consonant_key(name + "eh") == consonant_key(name + "ah") == consonant_key(name + "a")  # ta marbuta


@pytest.fixture(scope="module")
def stage(gazetteer, lexicons):
    return make_places_stage(gazetteer, Options(), lexicons)


def _places(stage, text, country="SY"):
    doc = Doc(article=Article(id=stable_id(text), text=text), country=country)
    return {m.text: m.place for m in stage(doc).places}


@pytest.mark.parametrize("news, geonames", PAIRS)
def test_the_village_is_found_under_the_news_spelling(stage, news, geonames):
    got = _places(stage, f"Government forces captured {news} after clashes.")[news]
    assert got is not None and got.country == "SY" and consonant_key(got.name) == consonant_key(geonames)


@pytest.mark.parametrize("text", [
    "Rebels took control of Zurzur, Idlib, after clashes.",
    "Rebels took control of Zurzur in rural Idlib after clashes.",
    "Rebels took control of Zurzur (Idlib) after clashes.",
    "Rebels took control of Zurzur in the Idleb countryside after clashes.",
])
def test_the_named_governorate_decides_between_namesakes(stage, gazetteer, text):
    namesakes = {gazetteer.entry(i).admin1 for i in gazetteer.lookup_in("Zurzur", "SY")}
    assert len(namesakes) >= 2  # Zurzur is a village of several governorates
    assert _places(stage, text)["Zurzur"].admin1 == "Idlib"


def test_the_other_governorate_picks_the_other_village(stage, gazetteer):
    others = {gazetteer.entry(i).admin1 for i in gazetteer.lookup_in("Zurzur", "SY")} - {"Idlib"}
    for admin1 in others:
        name = gazetteer.admin1_entry("SY", admin1).name
        assert _places(stage, f"Regime forces shelled Zurzur in rural {name}.")["Zurzur"].admin1 == admin1


def test_words_and_syrian_villages_stay_out_of_other_countries(stage):
    text = ("The mayor of Springfield said the Main Street bridge over the river will reopen in May, "
            "after the county council in Jefferson approved the money.")
    got = _places(stage, text, country=None)
    assert all(p is None or p.country != "SY" for p in got.values()), got
    assert "Main" not in got and "May" not in got


def test_a_stray_alternate_name_does_not_beat_the_main_name():
    """A merged record (Btirghamu) carrying another village's name as an alternate loses to the
    village whose own name it is, even spelled otherwise ("Nazha" / "An Nuzhah")."""
    from frontlines.geo.gazetteer import Gazetteer, GeoEntry

    gaz = Gazetteer.from_entries([
        GeoEntry(163843, "Syria", 35.0, 38.0, "SY", "", 16906283, "country", ()),
        GeoEntry(-1, "Btirghamu", 35.43, 36.03, "SY", "Latakia", 0, "city", ("Nazha", "Bterrhamo")),
        GeoEntry(-2, "An Nuzhah", 34.56, 36.81, "SY", "Homs", 0, "city", ()),
    ])
    stage = make_places_stage(gaz, Options())
    assert _places(stage, "Regime forces captured Nazha village.")["Nazha"].name == "An Nuzhah"


@pytest.mark.parametrize("news, geonames", [("Big Khwein", "Khuwayn al Kabir"), ("Little Zafar", "Zifr Saghir"),
                                            ("Lower Safira", "Safirah Tahtani"), ("Big Fikha", "Fikhah al Kabirah")])
def test_an_english_qualifier_is_the_arabic_word_after_the_name(gazetteer, news, geonames):
    assert geonames in {gazetteer.entry(i).name for i in gazetteer.lookup_in(news, "SY")}
    assert gazetteer.lookup_in("Big", "SY") == ()  # a qualifier alone names nothing
