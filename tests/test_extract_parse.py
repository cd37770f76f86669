"""Parse stage: sentence offsets, the trigger pre-filter, and the partial parse."""
from __future__ import annotations

import pytest

from frontlines.extract.doc import Doc
from frontlines.extract.parse import core_trigger_words, is_candidate, is_parsed, make_parse_stage, split_sentences
from frontlines.model import Article


def test_split_sentences_offsets_and_abbreviations():
    text = "Gen. Smith met Mr. Jones in the U.S. on Friday.  Rebels seized Idlib.\n\nThe weather was fine."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Gen. Smith met Mr. Jones in the U.S. on Friday.", "Rebels seized Idlib.", "The weather was fine."]


def test_split_sentences_empty_and_whitespace():
    assert split_sentences("") == []
    assert split_sentences("   \n ") == []


def test_candidate_filter_uses_the_trigger_lexicon(lexicons):
    words = core_trigger_words(lexicons)
    assert is_candidate("Rebels captured the town.", words)
    assert is_candidate("The capture of Idlib was a blow.", words)
    assert not is_candidate("The weather was fine in March.", words)  # "March" is a name, not a verb
    assert not is_candidate("Officials met on Tuesday.", words)


@pytest.mark.slow
def test_parse_stage_parses_only_candidate_sentences(nlp, lexicons):
    text = "The weather was fine. Rebels captured the town of Ariha. Officials met on Tuesday."
    doc = make_parse_stage(nlp, lexicons)(Doc(Article("a1", text)))
    assert doc.spacy.text == text  # offsets of the spaCy doc are article offsets
    assert [text[s:e] for s, e in doc.sentences][1] == "Rebels captured the town of Ariha."
    parsed = {t.text for t in doc.spacy if is_parsed(t)}
    assert {"captured", "Ariha"} <= parsed
    assert not {"weather", "Officials"} & parsed
    assert not doc.spacy.ents  # NER never runs


@pytest.mark.slow
def test_parse_stage_empty_text(nlp, lexicons):
    doc = make_parse_stage(nlp, lexicons)(Doc(Article("a2", "")))
    assert doc.sentences == [] and len(doc.spacy) == 0
