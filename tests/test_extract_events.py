"""Events stage on single sentences through the real pipeline (model, gazetteer, lexicons), with
the rules alone (``event_filter`` off: the learned filter has its own tests, test_event_filter.py)."""
from __future__ import annotations

from datetime import date

import pytest

from extract_helpers import rules_runner

from frontlines.model import EVENT_TYPES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(nlp, gazetteer, lexicons, tmp_path_factory):
    return rules_runner(nlp, gazetteer, lexicons, str(tmp_path_factory.mktemp("events")), date(2018, 3, 1))


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


@pytest.fixture(scope="module")
def run_world(nlp, gazetteer, lexicons, tmp_path_factory):
    """The pipeline with no theater country (as the PLOVER suite runs it)."""
    from frontlines.api import Frontlines
    from frontlines.model import Article, stable_id
    from frontlines.options import Options

    fl = Frontlines(Options(data_dir=str(tmp_path_factory.mktemp("world")), event_filter=False), nlp=nlp, gazetteer=gazetteer,
                    lexicons=lexicons)

    def _run(text: str):
        return fl.extract(Article(id=stable_id(text), text=text, published=date(2018, 3, 1)), country=None).events

    return _run


def test_advance_that_achieves_control_is_a_control_change(run):
    assert _changes(run("Regime forces advanced to control Ariha after clashes with HTS.")) == [
        ("Ariha", "sy_government", True)]
    got = _changes(run("Clashes took place in Ariha. The Syrian army managed to advance and control the town."))
    assert got and got[0][1:] == ("sy_government", True)
    got = _changes(run("The SDF achieved a new advancement by controlling Manbij after clashes with IS."))
    assert got == [("Manbij", "sy_sdf", False)]


def test_advances_in_a_place_gain_ground_there_but_not_toward_it(run):
    got = _changes(run("Clashes took place between regime forces and HTS in Ariha, where regime forces advanced to control the town."))
    assert got == [("Ariha", "sy_government", True)]
    assert _changes(run("The SDF advanced in Manbij after clashes with IS.")) == [("Manbij", "sy_sdf", False)]
    events = run("Clashes took place between regime forces and HTS in Ariha, where regime forces made advances.")
    assert not _changes(events) and "advance" in [e.type for e in events]  # ground gained, no place taken
    events = run("The rebels advanced toward Hama.")
    assert not _changes(events) and [e.type for e in events] == ["advance"]


def test_unnamed_places_taken_are_placed_near_the_named_area(run):
    events = run("Regime forces clashed with IS near Manbij, where they captured several positions.")
    change = next(e for e in events if e.type == "control_change")
    assert change.place is not None and change.place.name == "Manbij" and change.place.precision >= 2
    assert not _changes(run("The SDF captured an IS cell in the village."))


def test_past_main_verb_mistagged_as_participle_is_a_report(run):
    events = run("The fighters of the Olive Branch operation controlled Manbij after clashes with the YPG.")
    assert [e.type for e in events if e.place and e.place.name == "Manbij"][:1] == ["control_change"]
    assert [e.type for e in run("Assad's forces still control Damascus.")] == ["control_claim"]


def test_wanted_and_opposed_events_did_not_happen(run_world):
    assert not run_world("Ministers demanded the withdrawal of Serbian forces from Bosnia on Monday.")
    assert not run_world("The United Nations rejected a call for its peacekeeping forces to be deployed in East Timor.")
    assert not run_world("The rebels said they opposed the deployment of a regional peacekeeping force.")


def test_withdrawal_without_a_gainer_is_a_retreat(run_world):
    events = run_world("Bosnian Serbs said their forces had completed their withdrawal from the town of Gorazde.")
    assert events and all(e.type == "control_change" and e.plover == "RETREAT" and e.actor is None for e in events)


def test_labour_and_hunger_strikes_and_kinds_of_forces_are_no_attacks(run_world):
    assert [e.trigger for e in run_world("Russian attack helicopters struck Idlib.")] == ["struck"]
    withdrawal = run_world("The United States speeded up the withdrawal of some invasion forces from Panama.")
    assert [(e.type, e.plover, e.place.name if e.place else None) for e in withdrawal] == [
        ("control_change", "RETREAT", "Panama")]
    for text in ("Up to 1,000 ethnic Turks began a hunger strike on Monday to protest against the decision.",
                 "Seven opposition parties in Nepal have organized a general strike that shut down Kathmandu."):
        assert [(e.type, e.plover) for e in run_world(text)] == [("protest", "PROTEST")], text  # no attack
    assert [e.plover for e in run_world("Russian jets carried out air strikes on Idlib.")] == ["FIGHT"]


def test_coercive_measures_imposed_not_lifted(run_world):
    assert [e.plover for e in run_world("Turkish authorities have imposed a curfew in the town of Cizre.")] == ["COERCE"]
    assert not run_world("Serbia lifted a night curfew in Montenegro on Sunday.")
    announced = run_world("NATO said it would tighten the naval blockade of Serbia in the Adriatic.")
    assert [(e.type, e.plover) for e in announced] == [("threat", "THREATEN")]  # announced, not done
    siege = run_world("The military government declared a 30-day state of siege in Haiti on Saturday.")
    assert [(e.type, e.plover) for e in siege] == [("attack", "COERCE")]


def test_material_aid_through_a_quantity_or_a_governing_verb(run_world):
    for text in ("The European Community on Monday gave the Ivory Coast 5.1 million dollars of aid.",
                 "Swiss doctors handed over 700 kg of medicine to the Red Crescent in Bam.",
                 "Uganda has granted political asylum to 18 Rwandan rebels."):
        events = run_world(text)
        assert events and events[0].type == "support" and events[0].plover == "AID", text
    assert [e.plover for e in run_world("The army sent reinforcements to Hama.")] == ["MOBILIZE"]


def test_announced_coercive_steps_are_threats(run_world):
    for text, actor in (("Nigeria announced that it will withdraw its peacekeeping force from Chad.", "Nigeria"),
                        ("Palestinian leaders said they would boycott all official contact with the United States.",
                         "Palestinian leaders"),
                        ("Radical French farmers said on Friday they would blockade Paris.", "Radical French farmers")):
        events = run_world(text)
        assert [(e.type, e.plover) for e in events] == [("threat", "THREATEN")], text
        assert events[0].actor is not None and events[0].actor.name == actor
    assert [e.type for e in run_world("Opposition parties boycotted the elections.")] == ["protest"]  # done, not announced
    assert not run_world("The rebels were sworn in as police officers.")
    assert [e.type for e in run_world("Ethnic Albanians have sworn to fight until they gain control of the villages.")] \
        == ["threat"]


def test_captured_things_that_are_no_places(run):
    assert not _changes(run("On 23 October 2019, QSD forces captured an Al Nusra Front cell in the village of Safa."))
    assert _changes(run("Syrian regime forces captured Manbij village east of Aleppo."))[0][1:] == ("sy_government", True)


def test_concessions_in_deed_are_retreats(run_world):
    for text in ("The rebel commander and 300 of his fighters surrendered to the army near the border on Monday.",
                 "The interior minister resigned on Friday after weeks of criticism.",
                 "The militia declared a unilateral ceasefire after a week of fighting.",
                 "The navy lifted its blockade of the port on Tuesday.",
                 "The government released 40 prisoners on Sunday."):
        events = run_world(text)
        assert events and (events[0].type, events[0].plover) == ("yield", "RETREAT"), text
    assert not [e for e in run_world("The minister declined to resign despite the protests.") if e.type == "yield"]
    assert not run_world("Lifting the embargo is out of the question, the ministry said.")


def test_main_clause_event_comes_first(run_world):
    events = run_world("The rebels declared a truce after three days of battles with the army.")
    assert [e.type for e in events][:2] == ["yield", "clash"]
    events = run_world("A car bombing in Baghdad killed five people.")
    assert events and events[0].trigger == "bombing"


def test_kinds_of_force_and_coercion(run_world):
    events = run_world("Police opened fire on protesters in Cairo, killing two people.")
    assert events and events[0].plover == "FIGHT" and events[0].trigger == "fire"
    assert [e.plover for e in run_world("Hackers carried out a cyber attack on government websites in Denmark.")][:1] == ["COERCE"]
    assert [e.plover for e in run_world("The authorities reimposed a curfew on the city.")] == ["COERCE"]
    assert [e.plover for e in run_world("Riot police prevented a demonstration outside the parliament.")] == ["COERCE"]
    assert not [e for e in run_world("Helicopters evacuated the wounded from the town.") if e.type == "attack"]
    assert not [e for e in run_world("The party mobilized its supporters across the country.") if e.type == "advance"]
    assert [(e.type, e.plover) for e in run_world("The two presidents signed a treaty of friendship.")] == [
        ("support", "SUPPORT")]


def test_captures_of_people_and_doubtful_or_brief_captures(run):
    assert not _changes(run("IS fighters captured three Syrian soldiers near Palmyra."))
    assert not _changes(run("Ten HTS fighters were captured by the rebels in Ariha."))
    assert not _changes(run("Conflicting reports claimed that the SDF took control of Manbij."))
    assert not _changes(run("The rebels took brief control of Ariha before regime forces counterattacked."))


def test_places_the_gazetteer_does_not_know(run):
    assert _changes(run("The SDF took control of Zorbatish village from IS fighters."))[0][1] == "sy_sdf"
    got = _changes(run("HTS fighters clashed with rebels in the town of Qurbatin, taking control of it."))
    assert got and got[0][1] == "sy_hts"
    got = _changes(run("Clashes took place near Manbij. Regime forces advanced to control 3 hills in the area."))
    assert got and got[0][1:] == ("sy_government", True)


def test_protests_and_their_suppression(run_world):
    for text in ("Thousands of students demonstrated in the capital on Friday against the new law.",
                 "Farmers blocked the main highway into the city for six hours.",
                 "Opposition supporters staged rallies in three cities on Sunday.",
                 "Prisoners rioted at the central jail on Monday."):
        events = run_world(text)
        assert events and (events[0].type, events[0].plover) == ("protest", "PROTEST"), text
    assert not [e for e in run_world("Army troops blocked the road to the airport.") if e.type == "protest"]
    assert not [e for e in run_world("The president demonstrated his resolve in a speech.") if e.type == "protest"]
    assert not [e for e in run_world("Riot police were deployed in the city centre.") if e.type == "protest"]


def test_parse_slips_in_telegraphic_reports(run):
    assert _changes(run("The SDF re-captured Manbij from IS fighters."))[0][1] == "sy_sdf"
    assert _changes(run("HTS forces regained the village of Zorbatish from IS fighters."))[0][1] == "sy_hts"
    assert _changes(run("The rebels captured a number of hills near Ariha after clashes."))[0][1] == "sy_opposition"
    assert _changes(run("The SDF expelled Islamic State fighters from Manbij.")) == [("Manbij", "sy_sdf", False)]
    assert _changes(run("Rebels progressed and controlled Ariha after clashes with the regime."))[0][1] == "sy_opposition"
    assert not _changes(run("Regime helicopters evacuated the wounded from Ariha on Friday."))


def test_a_bracketed_place_qualifies_the_place_before_it(run):
    # "X (Y)": Y is X's province, not a second place that changed hands
    assert _changes(run("Government forces regained control of Khan Shaykhun (Idlib) on Tuesday.")) == [
        ("Khan Shaykhun", "sy_government", True)]
    # when the gazetteer does not know X, the event is placed in Y, as "near" at best
    changes = [e for e in run("Government forces regained control of Tal Sahran (Idlib) on Tuesday.")
               if e.type == "control_change"]
    assert [(e.place.name, e.place.precision >= 2) for e in changes] == [("Idlib", True)]


@pytest.mark.parametrize("country, text, expected", [
    ("UA", "On 30 September 2022, Ukrainian forces regained control of Lyman (Donetsk).",
     [("Lyman", "ua_government", True)]),
    ("UA", "On 7 May 2022, Russian forces took control of Popasna (Luhansk) after weeks of fighting.",
     [("Popasna", "russia", False)]),
    ("YE", "Houthi forces took control of several positions in Al Jawf governorate after clashes.",
     [("Al Jawf", "ye_houthis", False)]),
    ("SD", "The Sudanese Armed Forces regained control of the city of Omdurman.",
     [("Omdurman", "sd_government", True)]),
    # "X, Y" with Y the province X lies in: one place, not two
    ("SD", "RSF fighters overran the army base in Nyala, South Darfur.", [("Nyala", "sd_rsf", False)]),
    # "X in the Y region": Y's main town did not change hands; and Russia governs at home
    ("RU", "Russian troops took control of the village of Sudzha in the Kursk region.",
     [("Sudzha", "russia", True)]),
])
def test_other_theaters_name_their_own_government(nlp, gazetteer, lexicons, tmp_path, country, text, expected):
    from frontlines.api import Frontlines
    from frontlines.model import Article, stable_id
    from frontlines.options import Options

    fl = Frontlines(Options(data_dir=str(tmp_path), event_filter=False), nlp=nlp, gazetteer=gazetteer, lexicons=lexicons)
    events = fl.extract(Article(id=stable_id(text), text=text), country=country).events
    assert _changes(events) == expected


def test_the_acronym_is_is_a_name_to_the_parser(run):
    # the tagger reads "IS" as the verb "is" ("IS seized" = "is seized"); the parser sees a name
    changes = _changes(run("As a result, IS seized control of several oil wells in the area."))
    assert changes and all(faction == "islamic_state" and gov is False for _, faction, gov in changes)
    # "IS controlled enclave" is "IS-controlled enclave", no capture; "IS controlled the village" is one
    assert _changes(run("Clashes took place between SDF and IS fighters in Hajin town in IS controlled "
                        "enclave on the eastern banks of the Euphrates.")) == []
    assert _changes(run("IS controlled the village of Hajin after clashes.")) == [("Hajin", "islamic_state", False)]


def test_the_gainer_when_the_parse_loses_the_subject(run):
    # the subject was parsed into the opening "Following clashes with ..." phrase
    assert _changes(run("Following clashes with Islamic State fighters, regime and Syrian and non-Syrian allied "
                        "militias gained control over the town of Manbij, east of Al Mayadin.")) == [
        ("Manbij", "sy_government", True)]
    # "the Military Council of X" is a council (the SDF's), not "the military" of the government
    changes = _changes(run("The Military Council of Deir-ez-Zor took control of Manbij after clashes with IS."))
    assert changes == [("Manbij", "sy_sdf", False)]
