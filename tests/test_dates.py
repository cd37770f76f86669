"""The dates stage: explicit, relative and vague date expressions as honest ranges, and the
choice of an event's date (no spaCy model needed: sentences are split by a regex here)."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontlines.errors import LexiconError
from frontlines.extract.dates import KINDS, DateFinder, date_for_event, make_dates_stage
from frontlines.extract.dates_lexicon import load_date_lexicon
from frontlines.extract.doc import Doc
from frontlines.model import Article
from frontlines.options import Options

PUB = date(2024, 12, 6)  # a Friday


@pytest.fixture(scope="module")
def finder():
    return DateFinder(load_date_lexicon())


def spans(finder, text, published=PUB):
    return {f.text: (f.range.start, f.range.end, f.range.precision) for f in finder.find(text, published)}


def make_doc(text: str, published: date | None) -> Doc:
    doc = Doc(article=Article(id="t", text=text, published=published))
    doc.sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.\n]+(?:\.|$)", text)]
    return make_dates_stage(Options())(doc)


def event_date(doc: Doc, trigger: str):
    i = doc.text.index(trigger)
    s0, s1 = doc.sentence_of(i)
    return date_for_event(doc, s0, s1, i, i + len(trigger))


@pytest.mark.parametrize("text,start,end,precision", [
    ("On 30 July 2017, regime forces advanced.", date(2017, 7, 30), date(2017, 7, 30), 1),
    ("on July 30, 2017 they", date(2017, 7, 30), date(2017, 7, 30), 1),
    ("dated 2017-07-30 in", date(2017, 7, 30), date(2017, 7, 30), 1),
    ("on Sunday, 30 July 2017 the", date(2017, 7, 30), date(2017, 7, 30), 1),
    ("on the 21st of January 2019", date(2019, 1, 21), date(2019, 1, 21), 1),
    ("from 28-30 July 2017", date(2017, 7, 28), date(2017, 7, 30), 2),
    ("between 1 and 20 May 2015", date(2015, 5, 1), date(2015, 5, 20), 3),
    ("in March 2015", date(2015, 3, 1), date(2015, 3, 31), 3),
    ("in late May 2015", date(2015, 5, 21), date(2015, 5, 31), 3),
    ("in 2015", date(2015, 1, 1), date(2015, 12, 31), 4),
])
def test_explicit_dates(finder, text, start, end, precision):
    found = finder.find(text, None)
    assert len(found) == 1, found
    assert (found[0].range.start, found[0].range.end, found[0].range.precision) == (start, end, precision)
    assert found[0].kind == "explicit"


def test_day_without_year_takes_the_publication_year_or_the_previous_one(finder):
    assert spans(finder, "on 3 March")["3 March"][:2] == (date(2024, 3, 3), date(2024, 3, 3))
    # a day well after publication belongs to the year before
    assert spans(finder, "on 3 March", date(2025, 1, 10))["3 March"][0] == date(2024, 3, 3)
    # a day just after publication stays in its year (scheduled events)
    assert spans(finder, "on 20 December")["20 December"][0] == date(2024, 12, 20)


def test_day_without_year_and_without_publication_takes_the_year_of_the_text(finder):
    found = spans(finder, "On 30 December 2017 clashes began. On 2 January rebels took the town.", None)
    assert found["2 January"][0] == date(2018, 1, 2)
    assert spans(finder, "On 2 January rebels took the town.", None) == {}


def test_weekdays_resolve_on_or_before_publication(finder):
    assert spans(finder, "on Friday")["on Friday"][0] == PUB
    assert spans(finder, "on Thursday")["on Thursday"][0] == date(2024, 12, 5)
    assert spans(finder, "on Saturday")["on Saturday"][0] == date(2024, 11, 30)
    assert spans(finder, "last Friday")["last Friday"][0] == date(2024, 11, 29)
    assert spans(finder, "on Thursday", None) == {}


def test_relative_expressions(finder):
    found = spans(finder, "three days ago, yesterday, last week, a few days ago, two weeks ago")
    assert found["three days ago"] == (date(2024, 12, 3), date(2024, 12, 3), 1)
    assert found["yesterday"] == (date(2024, 12, 5), date(2024, 12, 5), 1)
    assert found["last week"] == (date(2024, 11, 25), date(2024, 12, 1), 2)
    assert found["a few days ago"][2] == 2
    s, e, _ = found["two weeks ago"]
    assert s <= PUB - timedelta(days=14) <= e


@pytest.mark.parametrize("phrase", ["in recent weeks", "in recent months", "The latest", "recently",
                                    "earlier this month", "this week", "in recent days", "latest"])
def test_recent_phrases_end_at_publication(finder, phrase):
    (f,) = finder.find(f"X happened {phrase} there", PUB)
    assert f.range.end == PUB and f.range.contains(PUB)
    assert f.range.start < PUB


def test_recent_weeks_is_a_range_of_weeks(finder):
    (f,) = finder.find("in recent weeks", PUB)
    assert 14 <= f.range.days <= 62 and f.range.precision >= 3


def test_relative_expressions_without_anchor_are_dropped(finder):
    assert finder.find("in recent weeks, yesterday, on Thursday, 3 days ago, the latest", None) == []


def test_the_verb_may_is_not_a_date(finder):
    assert finder.find("The rebels may soon be able to topple the government. They may 2 more", PUB) == []
    assert spans(finder, "in May")["in May"][:2] == (date(2024, 5, 1), date(2024, 5, 31))


def test_next_day_follows_the_previous_explicit_date(finder):
    found = spans(finder, "On 30 July 2017 clashes began. The next day regime forces took the town.", None)
    assert found["The next day"][:2] == (date(2017, 7, 31), date(2017, 7, 31))
    assert finder.find("The next day regime forces took the town.", None) == []


def test_since_runs_to_publication(finder):
    assert spans(finder, "held since March 2015")["since March 2015"] == (date(2015, 3, 1), PUB, 4)
    assert finder.find("held since March 2015", None) == []
    # without a publication date, "since" runs to the latest date the text gives
    found = spans(finder, "Clashes since April 13 killed 30. Report of 18 April 2017.", None)
    assert found["since April 13"] == (date(2017, 4, 13), date(2017, 4, 18), 2)


def test_seed_expectations():
    text = ("Syrian rebels have seized their fourth city in recent weeks, bringing them closer to Homs.\n\n"
            "The latest city to fall to the rebels is Al-Qaryatain, located in central Syria. "
            "The rebels have been steadily advancing towards Homs.\n\n"
            "The capture of Al-Qaryatain comes on the heels of the rebels' seizure of three other cities "
            "in recent weeks, including Idlib, Jisr al-Shughour, and Ariha.")
    doc = make_doc(text, PUB)
    latest = event_date(doc, "fall to")
    assert latest is not None and latest.end == PUB and latest.start < PUB
    weeks = event_date(doc, "seizure")
    assert weeks is not None and weeks.end == PUB and 14 <= weeks.days <= 62
    # a sentence with no date of its own takes the lead's vague frame
    advancing = event_date(doc, "advancing")
    assert advancing is not None and advancing.end == PUB


def test_event_date_from_the_same_sentence_prefers_the_clause_and_explicit_dates():
    doc = make_doc("On 26 May 2019 regime forces clashed with HTS; regime forces captured Kafr Nabutha "
                   "on 27 May 2019, the latest village to fall.", None)
    got = event_date(doc, "captured")
    assert (got.start, got.end) == (date(2019, 5, 27), date(2019, 5, 27))


def test_event_date_from_an_earlier_sentence_of_the_paragraph():
    doc = make_doc("On 30 July 2017, clashes took place between regime forces and IS. Regime forces were "
                   "able to take control of Ghanim al-Ali.\nIn another paragraph rebels took Tal Fas.", None)
    got = event_date(doc, "take control")
    assert (got.start, got.end, got.precision) == (date(2017, 7, 30), date(2017, 7, 30), 1)
    assert event_date(doc, "rebels took") is None  # new paragraph, no date, no publication date


def test_event_without_any_date_is_unknown():
    doc = make_doc("Rebels captured the town after heavy fighting.", None)
    assert doc.dates == [] and event_date(doc, "captured") is None


def test_undated_event_of_the_lead_is_bounded_by_publication_background_is_not():
    doc = make_doc("Regime forces captured the village after clashes.\n\n"
                   "Rebels took the town during an earlier offensive.", PUB)
    lead = event_date(doc, "captured")
    assert lead is not None and lead.end == PUB and lead.precision == 3
    assert event_date(doc, "took") is None


def test_present_statement_gets_a_recent_range():
    doc = make_doc("Rebels took the town.\nGovernment forces now hold the village.", PUB)
    got = event_date(doc, "hold")
    assert got is not None and got.end == PUB and got.start < PUB


def test_lexicon_dir_extends_the_phrases(tmp_path):
    (tmp_path / "date_phrases.yaml").write_text(
        'phrases:\n  - pattern: "at dawn today"\n    start: "0d"\n    end: "0d"\n', encoding="utf-8")
    finder = DateFinder(load_date_lexicon(str(tmp_path)))
    assert spans(finder, "it fell at dawn today")["at dawn today"] == (PUB, PUB, 1)


def test_malformed_lexicon_is_a_coded_error(tmp_path):
    (tmp_path / "date_phrases.yaml").write_text('phrases:\n  - pattern: "x"\n    start: "soon"\n    end: "0d"\n',
                                                encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_date_lexicon(str(tmp_path))
    assert "date_phrases.yaml" in str(err.value) and "fix:" in str(err.value)


_WORDS = st.sampled_from(["on", "in", "since", "May", "March", "2015", "30", "July", "2017", "Thursday",
                          "last", "week", "recent", "weeks", "the", "latest", "next", "day", "3", "days",
                          "ago", "-", ",", ".", "early", "late", "of", "21st", "2024-02-30", "yesterday"])
_TEXT = st.one_of(st.text(max_size=200), st.lists(_WORDS, max_size=30).map(" ".join))
_PUB = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, published=_PUB)
def test_resolving_never_raises_and_ranges_are_honest(finder, text, published):
    for f in finder.find(text, published):
        assert f.range.start <= f.range.end and f.kind in KINDS
        assert text[f.start:f.end] == f.text
        if f.range.precision == 1:
            assert f.range.start == f.range.end
        if f.kind == "vague":
            assert published is not None and f.range.contains(published)


@settings(max_examples=150, deadline=None)
@given(text=_TEXT, published=_PUB, data=st.data())
def test_date_for_event_never_raises(text, published, data):
    doc = make_doc(text, published)
    n = len(text)
    a = data.draw(st.integers(0, n))
    b = data.draw(st.integers(a, n))
    got = date_for_event(doc, 0, n, a, b)
    assert got is None or got.start <= got.end


def test_a_phrase_without_a_key_word_is_refused(tmp_path):
    (tmp_path / "date_phrases.yaml").write_text(
        'phrases:\n  - pattern: "anon"\n    start: "0d"\n    end: "0d"\n', encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_date_lexicon(str(tmp_path))
    assert "key word" in str(err.value)


_PHRASE_WORDS = st.sampled_from(["in", "recent", "weeks", "the", "past", "few", "days", "last", "month",
                                 "latest", "this", "week", "yesterday", "over", "weekend", "earlier",
                                 "next", "day", "On", "30", "July", "2017", "x" * 30, "the", "same"])


@settings(max_examples=200, deadline=None)
@given(words=st.lists(_PHRASE_WORDS, max_size=60))
def test_scanning_only_around_key_words_finds_what_a_full_scan_finds(finder, words):
    text = " ".join(words)
    full = DateFinder(finder.lex)
    full._windows = lambda t: [(0, len(t))]
    assert [(f.start, f.end, f.range) for f in finder.find(text, PUB)] == \
        [(f.start, f.end, f.range) for f in full.find(text, PUB)]
