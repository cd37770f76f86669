"""Events stage on single sentences through the real pipeline (model, gazetteer, lexicons)."""
from __future__ import annotations

from datetime import date

import pytest

from frontlines.model import EVENT_TYPES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(nlp, gazetteer, lexicons, tmp_path_factory):
    from frontlines.api import Frontlines
    from frontlines.model import Article, stable_id
    from frontlines.options import Options

    tmp = tmp_path_factory.mktemp("events")
    fl = Frontlines(Options(data_dir=str(tmp)), nlp=nlp, gazetteer=gazetteer, lexicons=lexicons)

    def _run(text: str, published: date | None = date(2018, 3, 1)):
        art = Article(id=stable_id(text), text=text, published=published)
        return fl.extract(art, country="SY").events

    return _run


def _changes(events):
    return [(e.place.name if e.place else None, e.actor.faction if e.actor else None,
             e.actor.government if e.actor else None) for e in events if e.type == "control_change"]


def test_active_capture_by_government(run):
    events = run("Syrian government forces captured Manbij from the Islamic State on Tuesday.")
    assert _changes(events) == [("Manbij", "sy_government", True)]
    e = next(e for e in events if e.type == "control_change")
    assert e.acled_sub_event_type == "Government regains territory" and e.plover == "FIGHT"
    assert e.target is not None and e.target.faction == "islamic_state"
    assert e.date is not None and e.date.start == e.date.end == date(2018, 2, 27)


def test_passive_capture(run):
    assert _changes(run("Manbij was captured by the SDF after weeks of fighting.")) == [("Manbij", "sy_sdf", False)]


def test_take_control_and_take_over(run):
    assert _changes(run("HTS took control of Maarrat al-Numan.")) [0][1:] == ("sy_hts", False)
    assert _changes(run("The SDF took over Manbij.")) == [("Manbij", "sy_sdf", False)]


def test_fall_to_and_copular(run):
    assert _changes(run("Palmyra fell to the Islamic State in May.")) [0][1] == "islamic_state"
    got = _changes(run("The latest city to fall to the rebels is Idlib."))
    assert got == [("Idlib", "sy_opposition", False)]


def test_nominal_with_coordinated_list(run):
    got = _changes(run("The rebels' seizure of three cities, including Idlib, Ariha and Manbij, was a blow to the regime."))
    assert sorted(p for p, _, _ in got) == ["Ariha", "Idlib", "Manbij"]
    assert {f for _, f, _ in got} == {"sy_opposition"}


def test_withdrawal_gainer_is_the_other_side(run):
    events = run("The Islamic State withdrew from Manbij and the SDF took over.")
    changes = [e for e in events if e.type == "control_change"]
    assert changes and changes[0].place.name == "Manbij" and changes[0].actor.faction == "sy_sdf"
    assert changes[0].target.faction == "islamic_state"


def test_attempts_and_repelled_attacks_are_not_control_changes(run):
    assert _changes(run("Regime forces attempted to advance on Manbij but were repelled.")) == []
    assert _changes(run("The rebels repelled an attempt by regime forces to capture Ariha.")) == []
    assert _changes(run("The rebels did not capture Ariha.")) == []


def test_no_place_no_control_change(run):
    assert _changes(run("Rebels have seized their fourth city, pushing troops out of several towns.")) == []


def test_control_claim_and_advance(run):
    events = run("Government troops still control Aleppo, while the rebels advance towards Hama.")
    types = {(e.type, e.place.name if e.place else None) for e in events}
    assert ("control_claim", "Aleppo") in types and ("advance", "Hamah") in types


def test_support_and_threat(run):
    events = run("Russia backed the Syrian army with airstrikes. Turkey warned the SDF.")
    assert any(e.type == "support" and e.actor.faction == "russia" and e.target.faction == "sy_government"
               for e in events)
    assert any(e.type == "threat" and e.actor.faction == "turkey" and e.plover == "THREATEN" for e in events)


def test_attack_in_unparsed_sentence_by_proximity(run):
    events = run("Russian warplanes shelled Ariha.")
    attacks = [e for e in events if e.type == "attack"]
    assert attacks and attacks[0].actor.faction == "russia" and attacks[0].place.name == "Ariha"


def test_every_event_is_well_formed(run):
    text = ("Regime forces recaptured Palmyra. Clashes erupted near Idlib between HTS and the SNA. "
            "Turkey supplied weapons to the rebels.")
    for e in run(text):
        assert e.type in EVENT_TYPES and 0 <= e.confidence <= 1
        assert text[e.evidence.start:e.evidence.end] == e.evidence.sentence
