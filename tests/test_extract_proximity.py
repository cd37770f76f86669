"""Attacks and clashes of sentences read without a parse (events_proximity) and the dead of a
fight (events_frames, events_filters), through the real pipeline with the rules alone."""
from __future__ import annotations

from datetime import date

import pytest

from extract_helpers import rules_runner

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(nlp, gazetteer, lexicons, tmp_path_factory):
    return rules_runner(nlp, gazetteer, lexicons, str(tmp_path_factory.mktemp("proximity")), date(2016, 8, 1))


def _of(events, etype):
    return [(e.place.name if e.place else None, e.actor.faction if e.actor else None,
             e.target.faction if e.target else None) for e in events if e.type == etype]


def test_words_of_names_are_no_places(run):
    got = _of(run("The Syrian Observatory for Human Rights said nine civilians were killed in Qaterji on Monday."), "attack")
    assert [p for p, _, _ in got] == ["Qaterji"]  # not "Human" (a town in Ukraine), kept unresolved
    got = _of(run("In western Aleppo rebel shelling killed two people on Wednesday, news agency SANA reported."), "attack")
    assert [(p, a) for p, a, _ in got] == [("Aleppo", "sy_opposition")]  # not Sanaa


def test_a_place_introduced_by_a_place_noun_or_a_list(run):
    got = _of(run("Russian jets struck the towns of Jisr al-Shughur and Binnish overnight, activists said."), "attack")
    assert sorted(p for p, _, _ in got) == ["Binnish", "Jisr ash Shughur"]
    assert {a for _, a, _ in got} == {"russia"}
    events = run("Two people died when rockets hit the Mayssar neighbourhood on Sunday.")
    assert [e.place.text for e in events if e.type == "attack"] == ["Mayssar"]  # as written


def test_a_locator_is_no_place_of_its_own(run):
    got = _of(run("Bodies were recovered after the attack at a transit point in Rashidin west of Aleppo."), "attack")
    assert [p for p, _, _ in got] == ["Rashidin"]
    got = _of(run("Three children were killed in air strikes on Tel Minis in the southern countryside of Idlib."),
              "attack")
    assert [p for p, _, _ in got] == ["Tel Minis"]  # as written: the gazetteer lacks this spelling


def test_acronyms_companies_and_calendar_words_are_no_places(run):
    got = _of(run("A U.S. strike on Jan. 1 hit two al-Qaida vehicles near Sarmada, Syria, Cook said."), "attack")
    assert [p for p, _, _ in got] == ["Sarmada"]
    got = _of(run("The Syrian Air Force bombed ISILs positions in Unq al-Hawa and Wadi al-Mesk in Jubb al-Jarrah."),
              "attack")
    assert [p for p, _, _ in got] == ["`Unq al Hawa", "Wadi al-Mesk"]


def test_passive_victims_are_the_target(run):
    got = _of(run("Seven Nusra Front militants were killed in US-led air strikes on Wednesday near Idlib."), "attack")
    assert got and got[0][1:] == ("coalition", "sy_hts")
    got = _of(run("Rebel positions were targeted by the Syrian army aircraft near Palmyra, killing dozens."), "attack")
    assert got and got[0][1] == "sy_government"


def test_the_dead_of_a_fight_are_a_clash_not_an_attack(run):
    events = run("Seventeen government troops were killed in fighting with the Islamic State near the city of Palmyra.")
    assert _of(events, "attack") == []
    assert _of(events, "clash") == [("Tadmur", "sy_government", "islamic_state")]
    events = run("The Syrian army killed 15 IS fighters in clashes near Palmyra on Monday.")
    assert _of(events, "attack") == []
    assert _of(events, "clash") == [("Tadmur", "sy_government", "islamic_state")]


def test_a_list_written_without_commas(run):
    events = run("Regime forces also pounded the towns of Ghanto Talbeesah Alsien and Zafarana with heavy artillery.")
    got = [e.place.text for e in events if e.type == "attack"]
    assert got == ["Ghanto", "Talbeesah", "Alsien", "Zafarana"]
    events = run("Russian jets on Monday bombed the towns of Huraytan Kafar Hamra Maaret Alartiq and Babees in rural Aleppo.")
    got = [e.place.text for e in events if e.type == "attack"]
    assert got[1:3] == ["Kafar Hamra", "Maaret Alartiq"] and "Aleppo" not in " ".join(got)


def test_a_possessive_without_its_apostrophe_is_no_place(run):
    events = run("A motorcycle bomber killed at least 16 civilians outside a bakery in Syrias Hasakeh city on Tuesday.")
    assert [e.place.text for e in events if e.type == "attack"] == ["Hasakeh"]


def test_the_attacker_is_who_claimed_it_not_who_condemns_it(run):
    events = run("The United States strongly condemns the horrific attacks today in the port city of Tartus, "
                 "for which Daesh has claimed responsibility.")
    assert {e.actor.faction for e in events if e.type == "attack"} == {"islamic_state"}
    events = run("Today, multiple attacks in Baghdad, also claimed by the Islamic State, killed at least 35 civilians.")
    assert {e.actor.faction for e in events if e.type == "attack"} == {"islamic_state"}


@pytest.mark.parametrize("text", [
    "On Jan. 8, Coalition military forces conducted 34 strikes against ISIL terrorists.",
    "At least 23 civilians have been killed in US airstrikes on the countrys eastern province.",
    "In the meantime several ISIL members were killed in the bombardments FNA reported.",
    "A contributor reported at least five regime air raids at around 800pm on Saturday.",
])
def test_words_that_name_no_place_are_no_event_place(run, text):
    events = [e for e in run(text) if e.type == "attack"]
    assert events and all(e.place is None or e.place.text not in ("Jan", "countrys", "FNA", "800pm") for e in events)


def test_a_place_before_an_inverted_said_stays(run):
    events = run("Militants kidnapped them in the eastern province of Deir Ezzor said the Syrian Observatory.")
    assert [e.place.text for e in events if e.type == "attack"] == ["Deir Ezzor"]


def test_a_country_named_by_a_demonym_keeps_an_event_that_names_no_one(nlp, gazetteer, lexicons, tmp_path):
    from frontlines.api import Frontlines
    from frontlines.options import Options

    fl = Frontlines(Options(data_dir=str(tmp_path), event_filter=False), nlp=nlp, gazetteer=gazetteer, lexicons=lexicons)
    art = fl.article_from_text("Ghanaian authorities have deported 168 Liberians for traveling without proper documents.")
    events = [e for e in fl.extract(art).events if e.type == "attack"]
    assert events and events[0].plover == "COERCE"  # the sentence says where (Ghana), if not exactly
    assert events[0].place is None  # a demonym names no place where it happened


def test_fighters_killed_by_ground_forces_are_a_clash_but_not_by_air_strikes(run):
    events = run("Units of the army killed 15 ISIS terrorists in al-Reshdia neighborhood on Monday.")
    assert [(e.type, e.actor.faction) for e in events if e.type in ("attack", "clash")] == [("clash", "sy_government")]
    events = run("Syrian warplanes killed 15 ISIS terrorists in al-Reshdia neighborhood on Monday.")
    assert {e.type for e in events if e.type in ("attack", "clash")} == {"attack"}


def test_an_attack_that_borrows_the_last_attacker_keeps_its_own_confidence(run):
    alone = [e for e in run("Later, rockets hit the Qaterji neighbourhood, activists said.") if e.type == "attack"]
    assert [e.actor for e in alone] == [None]  # an unresolved place, no actor: the lowest confidence kept
    text = "Russian jets struck the town of Binnish on Monday. Later, rockets hit the Qaterji neighbourhood."
    borrowed = [e for e in run(text) if e.type == "attack" and e.place is not None and e.place.text == "Qaterji"]
    assert [e.actor.faction for e in borrowed] == ["russia"]
    assert borrowed[0].confidence == alone[0].confidence


def test_a_word_of_an_organisation_s_name_is_no_place(run):
    events = run("The Syrian Observatory for Human Rights said ISIS captured several army positions and killed nine troops.")
    assert events and all(e.place is None or e.place.text != "Human" for e in events)
