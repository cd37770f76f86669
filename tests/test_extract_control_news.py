"""Control changes as news articles tell them (issue 14): aims told as infinitives, holdings
dated "since", through the real pipeline with the rules alone (``event_filter`` off)."""
from __future__ import annotations

from datetime import date

import pytest

from extract_helpers import rules_runner

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(nlp, gazetteer, lexicons, tmp_path_factory):
    return rules_runner(nlp, gazetteer, lexicons, str(tmp_path_factory.mktemp("control_news")), date(2016, 6, 1))


def _typed(events, etype):
    return [(e.place.name if e.place else None, e.actor.faction if e.actor else None)
            for e in events if e.type == etype]


def test_a_capture_told_as_an_aim_is_an_advance(run):
    events = run("The rebels launched an operation to liberate Manbij.")
    assert _typed(events, "control_change") == []
    assert [p for p, _ in _typed(events, "advance")] == ["Manbij"]
    events = run("A rebel alliance is battling to take control of Aleppo.")
    assert _typed(events, "control_change") == []
    # governed by an achievement verb, or a perfect infinitive: done
    assert _typed(run("Government forces managed to retake Manbij."), "control_change") == [
        ("Manbij", "sy_government")]
    assert _typed(run("Regime forces advanced to control Manbij."), "control_change") == [
        ("Manbij", "sy_government")]


def test_a_holding_dated_since_is_also_the_change_that_began_it(run):
    events = run("Raqqa has been held by IS since 2014.")
    assert _typed(events, "control_claim") == [("Ar Raqqah", "islamic_state")]
    changes = [e for e in events if e.type == "control_change"]
    assert [(e.place.name, e.actor.faction) for e in changes] == [("Ar Raqqah", "islamic_state")]
    assert changes[0].date is not None and changes[0].date.start.year == 2014
    # "since" dates another verb (the fighting), not the holding: no change
    assert _typed(run("The SDF has been fighting since June near IS-held Raqqa."), "control_change") == []


def test_the_town_is_the_place_named_with_the_same_noun_before(run):
    events = run("Air raids hit the town of Ariha in Idlib province. The town once a government stronghold "
                 "was captured by opposition fighters in May.")
    assert _typed(events, "control_change") == [("Ariha", "sy_opposition")]  # a date ("in May") names no place
    events = run("The rebels launched an assault on the city of Manbij. The fortified city fell to the rebels "
                 "after seven days of fighting.")
    assert _typed(events, "control_change") == [("Manbij", "sy_opposition")]


def test_a_described_gainer_is_the_name_it_stands_beside(run):
    events = run("A Kurdish-led force known as the Syrian Democratic Forces drove the Islamic State group out of "
                 "the town of Manbij on Saturday.")
    assert _typed(events, "control_change") == [("Manbij", "sy_sdf")]
    events = run("The coalition backs the Syrian Democratic Forces an Arab-Kurdish militia alliance which on "
                 "Friday took full control of the city of Manbij.")
    assert _typed(events, "control_change") == [("Manbij", "sy_sdf")]


def test_a_gainer_named_only_in_the_sentence_before(run):
    events = run("The Syrian Democratic Forces have for months been advancing towards Raqqa. Its forces last "
                 "month seized the Tabqa airport from Daesh.")
    changes = [e for e in events if e.type == "control_change"]
    assert changes and all(e.actor is not None and e.actor.faction == "sy_sdf" for e in changes)


@pytest.mark.parametrize("text", [
    "Buses carried residents evacuated from the towns of Fuaa and Kafraya under a deal.",  # people moved
    "The shells fell on homes in Manbij, where the shells fell yesterday.",  # no place falls
    "After being captured in Manbij, he was transferred to Turkey.",  # a person captured
    "Arab citizens who have been liberated from villages around Raqqa joined the fight.",
    "The commander is charged with securing Aleppo.",  # a task, not a capture
    "Most were reportedly executed after being taken prisoner in Manbij.",
])
def test_no_change_of_hands(run, text):
    assert _typed(run(text), "control_change") == []


def test_a_reduced_relative_capture_is_its_own_event(run):
    # the aim ("to retake") is an advance; the capture told by the participle happened
    events = run("Government forces launched an assault to retake the village of Zaara captured by "
                 "opposition groups earlier this year.")
    assert [(e.place.text, e.actor.faction) for e in events if e.type == "control_change"] == [
        ("Zaara", "sy_opposition")]
    assert [e.place.text for e in events if e.type == "advance"] == ["Zaara"]


@pytest.mark.parametrize("text", [
    "The operation sets conditions for the final liberation of Manbij.",
    "Officials said the liberation of Manbij began on Monday.",
])
def test_a_capture_named_but_not_done_is_an_advance(run, text):
    events = run(text)
    assert _typed(events, "control_change") == []
    assert [p for p, _ in _typed(events, "advance")] == ["Manbij"]


def test_an_aim_inside_what_is_to_come_and_a_command_over_forces_are_no_events(run):
    events = run("Reports speculated on the role that foreign forces will play in the operation to liberate Manbij.")
    assert [e for e in events if e.type in ("control_change", "advance")] == []
    events = run("He commands the Aleppo Operations Command, which controls all government forces in Aleppo.")
    assert _typed(events, "control_claim") == []


def test_a_claim_on_the_city_named_before(run):
    events = run("Shelling hit Deir Ezzor on Wednesday. Militants shelled the regime-held parts of the city.")
    assert [(e.place.text, e.actor.faction) for e in events if e.type == "control_claim"] == [
        ("Deir Ezzor", "sy_government")]


def test_a_bastion_written_before_its_name(run):
    events = run("Fighting has forced 13000 residents to flee the IS-bastion city of Manbij.")
    assert _typed(events, "control_claim") == [("Manbij", "islamic_state")]


def test_a_ranked_capture_told_as_an_infinitive_happened(run):
    assert _typed(run("The latest city to fall to the rebels is Idlib."), "control_change") == [
        ("Idlib", "sy_opposition")]


def test_pushed_out_of_a_place_is_an_expulsion(run):
    events = run("Kurdish fighters pushed the Islamic State out of Kobane.")
    changes = [e for e in events if e.type == "control_change"]
    assert [(e.place.name, e.target.faction) for e in changes] == [("Kobani", "islamic_state")] or \
        [e.target.faction for e in changes] == ["islamic_state"]
    # a push from somewhere toward somewhere is an advance, no change of hands
    assert _typed(run("The rebels pushed north from Manbij towards al-Bab."), "control_change") == []


def test_a_share_of_the_place_named_before_is_that_place(run):
    text = ("Aleppo was once Syria's commercial powerhouse, but it has been a battleground since 2012, "
            "when rebels seized the east of the city.")
    changes = [e for e in run(text) if e.type == "control_change"]
    assert [(e.place.name, e.actor.faction) for e in changes] == [("Aleppo", "sy_opposition")]


def test_an_advance_by_a_distance_is_ground_gained_not_a_place_taken(run):
    events = run("The SDF advanced 0.3 miles in the Alexandria neighborhood of Raqqa on Monday.")
    assert {e.type for e in events if e.type in ("advance", "control_change")} == {"advance"}
    events = run("The SDF advanced in the Alexandria neighborhood of Raqqa on Monday.")
    assert "control_change" in {e.type for e in events}


def test_a_building_captured_inside_a_town_is_no_change_of_the_town(run):
    events = run("Meanwhile the headquarters of Daesh militants inside Manbij was captured as SDF forces pushed "
                 "into the western part of the town.")
    assert _typed(events, "control_change") == []
    assert _typed(run("Manbij was captured by the SDF after weeks of fighting."), "control_change") == [
        ("Manbij", "sy_sdf")]


def test_a_capture_claimed_is_reported_as_done(run):
    events = run("HTS fighters claimed to recapture the village of Rubayah near Saraqib from regime forces.")
    assert [a for _, a in _typed(events, "control_change")] == ["sy_hts"] and not _typed(events, "advance")
