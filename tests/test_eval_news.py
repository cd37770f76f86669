"""The news suite (METRICS.md `news`): its matching rules, and the pipeline on sentences of real
articles that the hand-annotated set is made of (furniture, unresolved villages, control claims)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontlines.evaluate.news import (actor_label, evaluate_news, fold_place, gold_label, match_document,
                                      parse_gold_date, places_match)
from frontlines.ingest.furniture import FurnitureRules, strip_furniture
from frontlines.model import Actor

NEWS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "news" / "news_dev.jsonl"


# ------------------------------------------------------------------ matching rules
def test_place_folding_follows_metrics():
    assert fold_place("al-Qaryatain") == fold_place("Qaryatain")
    assert fold_place("the Shaar oilfield") == "shaar oilfield"
    assert fold_place("Tal-Arous") == fold_place("tal arous")
    assert fold_place("Ma'arat") == fold_place("Maarat")
    assert places_match("Aleppo", ["west Aleppo"]) and places_match("west Aleppo", ["Aleppo"])
    assert not places_match("Aleppo", ["Aleppos"])  # whole words only
    assert places_match(None, []) and not places_match(None, ["Idlib"]) and not places_match("Idlib", [])


@given(st.text(min_size=1, max_size=30))
@settings(max_examples=200, deadline=None)
def test_a_place_always_matches_itself(name):
    if fold_place(name):
        assert places_match(name, [name])


def test_gold_dates_are_ranges():
    assert parse_gold_date("2016-10-08") == (date(2016, 10, 8), date(2016, 10, 8))
    assert parse_gold_date("2016-10-01/2016-10-09") == (date(2016, 10, 1), date(2016, 10, 9))
    assert parse_gold_date("2016-02") == (date(2016, 2, 1), date(2016, 2, 29))
    assert parse_gold_date("2014") == (date(2014, 1, 1), date(2014, 12, 31))
    assert parse_gold_date(None) is None and parse_gold_date("soon") is None


def test_actor_labels_map_factions_by_meaning():
    def a(faction):
        return Actor(text=faction, name=faction, faction=faction, government=None)
    assert actor_label(a("sy_progov_militias")) == "SYR_GOV"
    assert actor_label(a("sy_jaysh_al_islam")) == "SYR_OPP"
    assert actor_label(a("sy_hurras_al_din")) == "HTS"
    assert actor_label(a("islamic_state")) == "IS"
    assert actor_label(a("jnim")) == "OTHER"
    assert actor_label(a("unknown")) is None and actor_label(None) is None
    assert gold_label("OTHER: Jaish al-Fatah") == "OTHER" and gold_label(None) is None


def test_matching_is_one_to_one_in_gold_order():
    class E:
        def __init__(self, type_, text):
            self.type, self.place = type_, (None if text is None else type("P", (), {"text": text, "name": text}))
    gold = [{"type": "attack", "place": "Aleppo"}, {"type": "attack", "place": "Aleppo"},
            {"type": "clash", "place": None}]
    system = [E("attack", "eastern Aleppo"), E("clash", None), E("attack", "Idlib")]
    pairs = match_document(gold, system)
    assert [(g["type"], s.type) for g, s in pairs] == [("attack", "attack"), ("clash", "clash")]


# ------------------------------------------------------------------ page furniture
def test_dateline_and_related_headline_are_furniture():
    rules = FurnitureRules.load()
    got = strip_furniture("Date of publication 27 October 2016 Syrian forces shelled the town.", rules)
    assert got.dateline == date(2016, 10, 27) and got.text == "Syrian forces shelled the town."
    got = strip_furniture("26.12.2014 The Syrian Army has killed some 70 fighters.", rules)
    assert got.dateline == date(2014, 12, 26) and got.text.startswith("The Syrian Army")
    text = ("REUTERS Murad Sezer Turkish Army Seizes Armed Insurgent at Turkish-Syrian Border Syrian forces "
            "managed to regain the territory after two days of fighting the TV channel reported.")
    assert strip_furniture(text, rules).text.startswith("Syrian forces managed to regain")
    got = strip_furniture("Rebels shelled the town. Tags Syria Russia Chemical Attack", rules)
    assert got.text == "Rebels shelled the town."


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_furniture_removal_never_adds_text(text):
    got = strip_furniture(text, FurnitureRules.load())
    assert len(got.text) <= len(text)


# ------------------------------------------------------------------ the pipeline on news sentences
def _events(fl, text, published=None):
    article = fl.article_from_text(text, published=published)
    return article, fl.extract(article).events


@pytest.fixture(scope="module")
def fl(nlp, gazetteer, lexicons, tmp_path_factory):
    from frontlines.api import Frontlines
    from frontlines.options import Options

    tmp = tmp_path_factory.mktemp("news")
    # the rules alone: the learned filter (tests/test_event_filter.py) is trained on whole articles
    opts = Options(data_dir=str(tmp), db_url=f"sqlite:///{tmp / 'n.db'}", load_reference=False, event_filter=False)
    with Frontlines(opts, nlp=nlp, gazetteer=gazetteer, lexicons=lexicons) as f:
        yield f


def test_villages_the_gazetteer_lacks_stay_on_the_event_as_text(fl):
    _, events = _events(fl, "Military sources said that the Syrian army regained Khatab town and the areas of "
                            "Zor Qsayaa and Kherbat Hajam in Hama countryside on Tuesday.")
    changes = [e for e in events if e.type == "control_change"]
    assert changes and all(e.place is not None for e in changes)
    assert all(e.actor is not None and e.actor.faction == "sy_government" for e in changes)
    unresolved = [e.place for e in changes if e.place.feature == "unresolved"]
    assert all(p.lat is None and p.geonameid is None for p in unresolved)


def test_countries_and_headlines_are_no_places_that_changed_hands(fl):
    _, events = _events(fl, "The terrorist group seized large areas of both Syria and Iraq in 2014.")
    assert not [e for e in events if e.type == "control_change"]
    article, events = _events(fl, "Date of publication 27 October 2016 REUTERS Murad Sezer Turkish Army Seizes "
                                  "Armed Insurgent at Turkish-Syrian Border Syrian forces managed to regain the "
                                  "territory after two days of fighting the TV channel reported.")
    assert article.published == date(2016, 10, 27)
    assert not [e for e in events if e.place is not None and e.place.name in ("Turkey", "Syria")]


def test_control_claims_stated_in_passing(fl):
    _, events = _events(fl, "Hospitals in rebel-held east Aleppo are struggling. The villages are near the "
                            "Daesh stronghold of Manbij. Palmyra has been under Daesh control since May.")
    claims = {(e.actor.faction, e.place.text) for e in events if e.type == "control_claim"}
    assert ("sy_opposition", "east Aleppo") in claims
    assert ("islamic_state", "Manbij") in claims and ("islamic_state", "Palmyra") in claims


def test_more_control_claims_in_passing(fl):
    def claims(text):
        return {(e.actor.faction, e.place.text) for e in _events(fl, text)[1] if e.type == "control_claim"}

    got = claims("The city of Aleppo has been roughly divided between rebel control in the east and government "
                 "control in the west since mid-2012.")
    assert {f for f, _ in got} >= {"sy_opposition"} and len({f for f, _ in got}) == 2
    assert ("islamic_state", "Raqqa") in claims("At least 10 civilians were killed in strikes west of Daeshs de "
                                               "facto capital of Raqqa on Saturday.")
    assert ("islamic_state", "Raqqah") in claims("The operation sets conditions for the liberation of Raqqah, "
                                                "ISIL's self-proclaimed capital.")
    assert ("sy_opposition", "Idlib") in claims("Idlib province where Atmeh is located is a bastion of the "
                                                "opposition groups.")
    assert ("islamic_state", "Mosul") in claims("The city of Mosul is the largest city controlled by Daesh in Iraq.")
    assert ("islamic_state", "Mosul") in claims("ISIL has had control of Mosul for two years.")
    got = claims("People salvage goods in the opposition held area of al-Sakhour district of Aleppo.")
    assert ("sy_opposition", "al-Sakhour") in got
    # a bare "capital" names no holder's seat; "the capital Damascus" is no claim
    assert not claims("Syrian government air strikes killed four civilians outside the capital Damascus.")


def test_a_loss_is_a_change_with_the_subject_as_loser(fl):
    _, events = _events(fl, "The regime lost control of Jisr al-Shughur to rebels in April.")
    cc = [e for e in events if e.type == "control_change"]
    assert cc and cc[0].target is not None and cc[0].target.government is True
    assert cc[0].actor is not None and cc[0].actor.faction == "sy_opposition"
    _, events = _events(fl, "Government forces lost dozens of soldiers in the battle for Aleppo.")
    assert not [e for e in events if e.type == "control_change"]  # soldiers are no place


def test_the_group_refers_to_the_armed_group_named_before(fl):
    _, events = _events(fl, "Islamic State fighters clashed with the army near Homs. On Thursday the group seized "
                            "the Shaar oilfield east of the city.")
    cc = [e for e in events if e.type == "control_change"]
    assert cc and cc[0].actor is not None and cc[0].actor.faction == "islamic_state"
    _, events = _events(fl, "On Thursday the group seized the Shaar oilfield east of Homs.")
    assert all(e.actor is None or e.actor.faction != "islamic_state" for e in events)  # no antecedent


def test_the_first_named_of_joint_attackers_and_the_coalition(fl):
    # (a parsed sentence: it also holds an advance)
    _, events = _events(fl, "Russian and regime airstrikes on Ariha killed five civilians as rebels advanced "
                            "toward Hama.")
    attacks = [e for e in events if e.type == "attack" and e.trigger == "airstrikes"]
    assert attacks and attacks[0].actor is not None and attacks[0].actor.faction == "russia"
    _, events = _events(fl, "The coalition conducted 18 strikes on Manbij on Monday, the U.S. Central Command said.")
    attacks = [e for e in events if e.type == "attack"]
    assert attacks and attacks[0].actor is not None and attacks[0].actor.faction == "coalition"


def test_a_strike_release_names_its_attacker_once_and_its_targets_after(fl):
    _, events = _events(fl, "Coalition military forces conducted 23 strikes in Syria on Monday. Near Mosul, five "
                            "strikes engaged four ISIL tactical units and destroyed two vehicles.")
    mosul = [e for e in events if e.type == "attack" and e.place is not None and e.place.name == "Mosul"]
    assert mosul and mosul[0].actor is not None and mosul[0].actor.faction == "coalition"
    assert mosul[0].target is not None and mosul[0].target.faction == "islamic_state"


def test_actors_inside_a_passive_subject_lost_the_place(fl):
    _, events = _events(fl, "Meanwhile the headquarters of Daesh militants inside Manbij was captured as SDF "
                            "forces pushed into the western part of the town.")
    assert all(e.actor is None or e.actor.faction != "islamic_state"
               for e in events if e.type == "control_change")


def test_conditions_and_war_tolls_are_no_events(fl):
    _, events = _events(fl, "If Manbij is captured by the U.S.-backed fighters it will be a defeat for Daesh.")
    assert not [e for e in events if e.type == "control_change"]
    _, events = _events(fl, "More than 320000 people have been killed in Syria since the conflict began.")
    assert not [e for e in events if e.type == "attack"]


def test_nominal_attacks_take_their_actor_from_the_modifier(fl):
    _, events = _events(fl, "Russian airstrikes on Ariha killed five civilians on Monday.")
    attacks = [e for e in events if e.type == "attack"]
    assert attacks and attacks[0].actor is not None and attacks[0].actor.faction == "russia"


# ------------------------------------------------------------------ the real annotated file
@pytest.mark.slow
def test_news_suite_on_the_annotated_articles(fl):
    if not NEWS.is_file():
        pytest.skip(f"{NEWS} is absent: the news suite needs the shared evaluation data beside the repo")
    got = evaluate_news(fl, [NEWS], limit=40)
    assert got["documents"] == 40
    for key in ("control_change_f1", "event_f1", "event_precision", "actor_accuracy", "silent_accuracy"):
        assert got[key] is not None and 0.0 <= got[key] <= 1.0, key
    assert got["gold_events"] > 0 and got["failures"] == 0


def test_news_reader_names_the_file_and_line_of_a_bad_record(tmp_path):
    from frontlines.errors import MalformedInput

    bad = tmp_path / "news.jsonl"
    bad.write_text(json.dumps({"id": "a", "text": "x", "events": []}) + "\n{not json\n", encoding="utf-8")
    from frontlines.evaluate.news import read_news

    with pytest.raises(MalformedInput, match="line 2"):
        read_news(bad)


def test_an_actor_after_an_attack_is_its_agent_after_by_else_its_target():
    from types import SimpleNamespace as NS

    from frontlines.extract.events import _by_agent

    regime = Actor(text="regime forces", name="Syrian government forces", faction="sy_government", government=True)
    text = "Two civilians were killed in a rocket attack by regime forces on Bayanoun."
    hit = NS(end=text.index("attack") + len("attack"))
    at = text.index("regime forces")
    mentions = NS(actors=[NS(actor=regime, start=at, end=at + len("regime forces"))])
    assert _by_agent(mentions, regime, hit, text)
    text2 = "Near Mosul, five strikes engaged regime forces units."
    hit2 = NS(end=text2.index("strikes") + len("strikes"))
    at2 = text2.index("regime forces")
    assert not _by_agent(NS(actors=[NS(actor=regime, start=at2, end=at2 + 13)]), regime, hit2, text2)


def test_the_air_force_is_the_theater_government(fl):
    _, events = _events(fl, "The Air Force shelled Daesh positions in Raqqah and Deir ez-Zor provinces, the Syrian "
                            "media outlet added.")
    attacks = [e for e in events if e.type == "attack"]
    assert attacks and attacks[0].actor is not None and attacks[0].actor.government is True
