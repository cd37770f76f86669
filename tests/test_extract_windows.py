"""Long documents analysed in windows (extract/windows.py): the windows cover the text on
paragraph boundaries, and a windowed analysis finds each window's events with evidence offsets
into the whole text, as the whole-document analysis does."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from frontlines.extract.windows import windows
from frontlines.model import Article

PARAGRAPHS = [
    "Rebel fighters seized the town of Ariha in Idlib province on Thursday, after government forces withdrew.",
    "Syrian government forces recaptured the town of Saraqib from the rebels on Monday after heavy fighting.",
    "The weather was mild and the market in the old city was open again, residents said.",
    "Syrian government forces captured the town of Morek in Hama province on 23 August 2019, a monitor said.",
]


@settings(max_examples=200, derandomize=True)
@given(st.lists(st.sampled_from(PARAGRAPHS + ["x" * 700, "word " * 150]), min_size=1, max_size=30),
       st.sampled_from(["\n\n", "\n", " "]), st.integers(300, 5000))
def test_windows_cover_the_text_on_boundaries(paragraphs, sep, size):
    text = "Lead line of the report\n\n" + sep.join(paragraphs)
    parts = windows(text, size)
    assert parts[0].start == 0 and parts[-1].end == len(text)
    for w, nxt in zip(parts, parts[1:]):
        assert w.end == nxt.start and 0 < w.end - w.start <= size
        assert text[w.end - 1].isspace() or w.end - w.start == size  # cut after a space unless none
        if sep != " " and "\n" in text[w.start + size // 2:w.start + size]:
            assert text[w.end - 1] == "\n"  # a paragraph boundary when the window's second half has one
    assert [w.prefix for w in parts[1:]] == ["Lead line of the report\n\n"] * (len(parts) - 1)
    assert parts[0].prefix == ""


def test_a_short_document_is_one_window():
    (w,) = windows("Rebels took Ariha.\n\nMore later.")
    assert (w.start, w.prefix) == (0, "")


def test_windowed_analysis_keeps_whole_text_offsets_and_each_windows_events(fl):
    body = "\n\n".join(PARAGRAPHS * 6)
    text = "Fighting in northern Syria\n\n" + body
    article = Article(id="long-report", text=text, origin="long.txt")
    pipeline = fl.pipeline
    whole = pipeline(article, "SY")
    pipeline.window = 700  # a few paragraphs per window, as 100,000 characters of a long report
    try:
        parts = windows(text, 700)
        windowed = pipeline(article, "SY")
    finally:
        pipeline.window = type(pipeline)([]).window
    assert len(parts) >= 4 and windowed.spacy is None
    for e in windowed.events:  # evidence is a sentence of the whole text, at its offsets
        assert e.evidence.sentence == text[e.evidence.start:e.evidence.end]
        assert e.article_id == "long-report"
    for m in windowed.places + windowed.actors + windowed.dates:
        assert text[m.start:m.end] == m.text
    assert windowed.sentences == sorted(set(windowed.sentences))  # none repeated from the lead
    key = {(e.type, e.place and e.place.name, e.actor and e.actor.faction) for e in whole.events}
    assert key == {(e.type, e.place and e.place.name, e.actor and e.actor.faction) for e in windowed.events}
    assert {"Ariha", "Saraqib", "Morek"} <= {e.place.name.replace("Murak", "Morek") for e in windowed.events
                                             if e.place is not None and e.type == "control_change"}
    first = {e.id for e in whole.events if e.evidence.end <= parts[0].end}
    assert first <= {e.id for e in windowed.events}  # the first window's ids are the whole document's
    assert len({e.id for e in windowed.events}) == len(windowed.events)


def test_a_demonym_broken_over_a_line_is_a_state_force(lexicons):
    """Found by analysing 5 MB of Wikipedia text: "Syrian\\nArab Army" stopped the actors stage."""
    from frontlines.extract.actors_states import StateForces

    assert StateForces(lexicons).find("The Syrian\nArab Army advanced.") == [(4, 20, "SY")]
