"""Long documents in ingest: cleaning and the article id work segment by segment above
``clean.SEGMENT`` characters, with the result of cleaning the whole text at once."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from frontlines.ingest import clean
from frontlines.model import stable_id

PARAS = ["Rebels seized  Ariha on Thursday.", "Government forces \u2018withdrew\u2019 from it.\r\n",
         "caf\u00c3\u00a9 au lait", "", "   ", "Line one\nline two", "\u00e0\u00b8\u00a2\u00c2\u00bb x"]


@settings(max_examples=300, derandomize=True)
@given(st.lists(st.sampled_from(PARAS), max_size=40), st.sampled_from(["\n\n", "\n\n\n", "\n", " ", "\r\n\r\n", "\u2029", " \n \n "]),
       st.integers(40, 200))  # white space in every half segment
def test_segmented_cleaning_and_id_equal_the_whole_text_ones(paras, sep, size):
    text = sep.join(paras)
    whole_clean = clean.clean_text(text)
    whole_id = stable_id("article", clean.normalise_for_id(text))
    saved = clean.SEGMENT
    clean.SEGMENT = size  # as a report of megabytes against the 256,000 characters of a segment
    try:
        pieces = clean.segments(text)
        assert "".join(p + s for p, s in pieces) == text
        assert all(len(p) <= size for p, _ in pieces)
        assert len(text) <= size or len(pieces) > 1
        assert clean.clean_text(text) == whole_clean  # cut at breaks, joined by them: the same text
        assert clean.article_id(text) == whole_id
        assert clean.clean_text(clean.clean_text(text)) == clean.clean_text(text)
    finally:
        clean.SEGMENT = saved


def test_a_short_text_keeps_its_id():
    text = "Rebels seized Ariha on Thursday.\n\nGovernment forces withdrew."
    assert clean.article_id(text) == stable_id("article", clean.normalise_for_id(text))
