"""Local (colloquial) transliterations of Syrian villages (issue 15, "Every village"): the
variant key of :mod:`frontlines.geo.gazetteer_local`, the nearest spelling among namesakes, a
list of names after "including", and the village rather than its locator ("in the eastern
countryside of Aleppo", "in southern Idleb, where ..."), on the real gazetteer and ACLED's text."""
from __future__ import annotations

import pytest

from frontlines.extract.doc import Doc
from frontlines.extract.places import make_places_stage
from frontlines.extract.places_detect import _in_place_list
from frontlines.geo.gazetteer_local import variant_key
from frontlines.model import Article, stable_id
from frontlines.options import Options

#: (local spelling, GeoNames spelling of the same village)
VARIANTS = [("Rasm Elabed", "Rasm al `Abd"),  # the article glued to the next word
            ("Khofiyet Elhomor", "Khafiyat al Humr"),
            ("Abul Thohur", "Abu az Zuhur"),  # Abul = Abu al; th and z for the same letter
            ("Thahabiyeh", "Dhahabiyah"),  # th and dh
            ("Manther Eljarf", "Manazir al Jurf"),
            ("Kafrsajna", "Kafr Sajnah"),  # Kafr glued to the name
            ("Debshieh", "Ad Dabshiyah")]  # -ieh for -iyeh


@pytest.mark.parametrize("local, geonames", VARIANTS)
def test_variant_key_undoes_local_spellings(local, geonames):
    assert variant_key(local) == variant_key(geonames)


def test_variant_key_keeps_different_names_apart():
    assert variant_key("Rasm Elabed") != variant_key("Rasm al Ward")
    assert variant_key("Alabed") != variant_key("Abed")  # a first word keeps its "Al"
    assert variant_key("Kafr Nabl") != variant_key("Kafr Nabudah")


@pytest.mark.parametrize("local, geonameid", [("Rasm Elabed", 165464), ("Abul Thohur", 174611),
                                              ("Kafrsajna", 168639), ("Thahabiyeh", 170723)])
def test_variant_spellings_resolve_to_the_syrian_village(gazetteer, local, geonameid):
    ids = {gazetteer.entry(i).geonameid for i in gazetteer.lookup_in(local, "SY")}
    assert geonameid in ids
    assert gazetteer.lookup_in(local, "IQ") == ()


def places(gazetteer, text):
    doc = Doc(article=Article(id=stable_id(text), text=text), country="SY")
    return {m.text: m.place for m in make_places_stage(gazetteer, Options())(doc).places}


def test_nearest_spelling_decides_between_namesakes(gazetteer):
    got = places(gazetteer, "QSD regained control of Kherbit Faris village in Ar-Raqqa.")
    assert got["Kherbit Faris"].name == "Khirbat Faris"  # not one of the three Khirbat al Faras


def test_later_items_of_a_list_of_villages():
    text = "HTS took control of the towns and villages of Qebtan al Jabal, Hur, Bastron, and Anjara in the west"
    assert _in_place_list(text, text.index("Hur")) and _in_place_list(text, text.index("Anjara"))
    text = "regime forces took control of villages in eastern Idleb, including Harmala and Rabda"
    assert _in_place_list(text, text.index("Rabda"))
    assert not _in_place_list(text, text.index("Idleb"))  # lowercase words in between: no list
    assert not _in_place_list("Clashes went on, and Russia said so", 20)


def test_list_item_before_and_is_a_place(gazetteer):
    got = places(gazetteer, "The Syrian army managed to recapture Tleisiyeh and villages in Hama countryside.")
    assert got["Tleisiyeh"] is not None and got["Tleisiyeh"].geonameid == 163154


def test_change_at_a_village_not_at_its_governorate_seat(fl):
    article = fl.article_from_text("Syrian Arab Army took control of Jeb Sultan village in the eastern countryside of "
                                   "Aleppo from the Islamic state. No reported casualties.", origin="t")
    changes = [e for e in fl.extract(article, country="SY").events if e.type == "control_change"]
    assert [e.place.text for e in changes] == ["Jeb Sultan"]
