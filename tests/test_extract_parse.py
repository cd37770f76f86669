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


# ---------------------------------------------------------------- pieces of long documents
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from frontlines.extract.parse import pieces_of, split_sentences  # noqa: E402


@settings(max_examples=200, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(["Rebels captured Morek.", "It rained.", "A long list, " * 30 + "end."]),
                          st.sampled_from([" ", "\n\n", "   \n"])), max_size=40),
       st.integers(50, 3000), st.data())
def test_pieces_cover_the_text_in_order_within_the_limit(parts, limit, data):
    text = "".join(s + sep for s, sep in parts)
    sents = [(s, e, data.draw(st.booleans())) for s, e in split_sentences(text)]
    pieces = pieces_of(text, sents, limit)
    assert "".join(text[s:e] for s, e, _ in pieces) == text  # exact cover, in order
    assert {(s, e) for s, e, h in pieces if h} == {(s, e) for s, e, h in sents if h}  # heavy: one sentence each
    for s, e, h in pieces:
        assert e > s
        assert h or e - s <= max(limit, 2000)  # a light piece holds whole sentences up to the limit
    for (s0, e0, h0), (s1, e1, h1) in zip(pieces, pieces[1:]):
        if not h0 and not h1:
            assert e1 - s0 > limit  # neighbouring light pieces are joined while they fit


def test_a_document_longer_than_spacys_limit_parses_with_whole_text_offsets(nlp, lexicons):
    from frontlines.extract.doc import Doc
    from frontlines.extract.parse import ParseStage
    from frontlines.model import Article

    stage = ParseStage(nlp, lexicons)
    stage.max_piece = 5_000  # as a 1 MB document against spaCy's 1,000,000 characters, at 1/200 scale
    nlp_limit = nlp.max_length
    nlp.max_length = 8_000
    try:
        quiet = "The weather was mild and the market was open. " * 400  # ~19,000 characters, no trigger
        text = quiet + "Rebels captured Morek on Monday.\n\n" + quiet
        doc = stage(Doc(article=Article(id="long", text=text)))
    finally:
        nlp.max_length = nlp_limit
    assert doc.spacy.text == text
    tok = next(t for t in doc.spacy if t.text == "captured")
    assert text[tok.idx:tok.idx + len("captured")] == "captured" and tok.dep_  # parsed, offset in the whole text
    assert not any(t.dep_ for t in doc.spacy if t.idx < len(quiet) - 1)  # the rest only tokenised
