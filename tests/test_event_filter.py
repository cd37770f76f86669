"""The learned event filter (extract/events_score.py): its features, its model file, its stage."""
from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontlines.errors import ConfigError
from frontlines.extract.doc import Doc
from frontlines.extract.events_score import (FEATURE_NAMES, MODEL_PATH, SCORED, EventFilter, features, load_filter,
                                             make_event_filter_stage)
from frontlines.model import Actor, Article, DateRange, Event, Evidence, Place

TEXT = ("Rebels captured the town of Ariha on Monday, the Observatory said. "
        "\"We will retake it,\" an army officer said.")
ARTICLE = Article(id="a1", text=TEXT, published=date(2015, 6, 1))
ARIHA = Place("Ariha", "Ariha", 170, 35.8, 36.6, "SY", "Idlib", 1, "city")
SYRIA = Place("Syria", "Syria", 163843, 35.0, 38.0, "SY", None, 4, "country")
REBELS = Actor("Rebels", "Syrian opposition (rebels)", "sy_opposition", False)


def _event(etype="control_change", place=ARIHA, actor=REBELS, start=0, conf=0.7, when=date(2015, 5, 31)):
    end = TEXT.index(".", start) + 1
    return Event(id=f"{etype}{start}{place and place.name}", type=etype, actor=actor, target=None, place=place,
                 date=DateRange(when, when, 1) if when else None, evidence=Evidence(TEXT[start:end], start, end, "a1"),
                 confidence=conf, trigger="captured")


def test_every_feature_is_named_and_numeric():
    evs = [_event(), _event("attack", SYRIA, None, start=TEXT.index('"'), when=None)]
    for e in evs:
        f = features(e, evs, ARTICLE, "SY")
        assert set(f) <= FEATURE_NAMES
        assert all(isinstance(v, float) for v in f.values())
    f = features(evs[1], evs, ARTICLE, "SY")
    assert f["place:country"] == 1.0 and f["actor:none"] == 1.0 and f["sentence:quote"] == 1.0
    assert f["sentence:modal"] == 1.0 and f["date:none"] == 1.0
    g = features(evs[0], evs, ARTICLE, "SY")
    assert g["place:precision1"] == 1.0 and g["actor:other"] == 1.0 and g["doc:lead"] == 1.0
    assert features(evs[0], evs, ARTICLE, "IQ").get("place:abroad") == 1.0


@given(st.floats(-5, 5), st.floats(-5, 5), st.floats(0, 1))
@settings(max_examples=100, deadline=None)
def test_scores_are_probabilities_and_the_threshold_decides(w, bias, threshold):
    model = EventFilter({"type:control_change": w}, bias, threshold)
    e = _event()
    s = model.score(features(e, [e], ARTICLE, "SY"))
    assert 0.0 <= s <= 1.0
    kept = model.keep([e], ARTICLE, "SY")
    assert kept == ([e] if s >= threshold else [])


def test_other_event_types_pass_untouched():
    support = Event(id="s", type="support", actor=REBELS, target=None, place=None, date=None,
                    evidence=Evidence(TEXT[:10], 0, 10, "a1"), confidence=0.5)
    never = EventFilter({}, -50.0, 0.5)
    assert never.keep([support, _event()], ARTICLE, "SY") == [support]


def test_a_type_may_have_its_own_threshold():
    attack = _event("attack", start=0)
    change = _event("control_change", start=0)
    model = EventFilter({}, 0.0, 0.6, type_thresholds={"control_change": 0.4})  # every score is 0.5
    assert model.keep([attack, change], ARTICLE, "SY") == [change]


def test_the_shipped_model_loads_and_names_known_features():
    model = load_filter(MODEL_PATH)
    assert set(model.weights) <= FEATURE_NAMES and 0.0 < model.threshold < 1.0
    assert set(model.type_thresholds) <= set(SCORED) and all(0.0 < t < 1.0 for t in model.type_thresholds.values())
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    cv = data["cross_validation"]["held_out_folds"]  # the figures quoted in docs/quality.md
    assert 0.0 < cv["event_f1"] <= 1.0 and data["cross_validation"]["folds"] >= 5
    assert {t for t in SCORED} >= {k.split(":", 1)[1] for k in model.weights if k.startswith("type:")}


def test_a_broken_or_foreign_model_is_a_clear_error(tmp_path):
    bad = tmp_path / "m.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="unreadable"):
        load_filter(bad)
    bad.write_text(json.dumps({"bias": 0, "threshold": 0.5, "weights": {"moon:phase": 1.0}}), encoding="utf-8")
    with pytest.raises(ConfigError, match="moon:phase"):
        load_filter(bad)


def test_a_text_shorter_than_the_training_articles_passes_unscored():
    never = EventFilter({}, -50.0, 0.5, min_chars=len(TEXT) + 1)
    assert never.keep([_event()], ARTICLE, "SY") == [_event()]
    assert EventFilter({}, -50.0, 0.5, min_chars=len(TEXT)).keep([_event()], ARTICLE, "SY") == []


def test_the_stage_drops_what_the_model_rejects_and_none_keeps_all():
    doc = Doc(article=ARTICLE, country="SY")
    doc.events = [_event(), _event("attack", SYRIA, None, start=TEXT.index('"'), when=None)]
    picky = EventFilter({"place:country": -20.0}, 5.0, 0.5)
    out = make_event_filter_stage(picky)(doc)
    assert [e.type for e in out.events] == ["control_change"]
    doc.events = [_event(), _event("attack", SYRIA, None, start=TEXT.index('"'), when=None)]
    assert len(make_event_filter_stage(None)(doc).events) == 2


def test_the_setting_turns_the_filter_off(nlp, gazetteer, lexicons, tmp_path):
    from frontlines.api import Frontlines
    from frontlines.options import Options

    # a "withdrawal" at a country, said in passing, in an article as long as the training articles
    text = ("The president spoke to reporters at the White House on Monday about the budget, the economy "
            "and the coming election season, and answered questions for nearly an hour before leaving for "
            "a rally in Ohio. In his haste he withdrew from Syria, and Trump stands alone.")
    assert len(text) >= load_filter(MODEL_PATH).min_chars
    got = {}
    for on in (True, False):
        opts = Options(data_dir=str(tmp_path), db_url=f"sqlite:///{tmp_path / f'{on}.db'}", load_reference=False,
                       event_filter=on)
        with Frontlines(opts, nlp=nlp, gazetteer=gazetteer, lexicons=lexicons) as fl:
            doc = fl.parse(fl.article_from_text(text))
            got[on] = (doc, [e for e in doc.events if e.type in SCORED])
    doc, rules = got[False]
    assert rules, "the rules alone find the withdrawal"
    assert got[True][1] == load_filter(MODEL_PATH).keep(rules, doc.article, doc.country)
    assert not got[True][1]  # at a country, said in passing: the shipped model drops it
