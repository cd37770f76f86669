"""The offset index of extract.Doc answers exactly as a scan of every mention would, whether the
mention lists are in text order (the fast path) or not (the scan)."""
from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from frontlines.extract.doc import Doc, doc_text
from frontlines.model import Article


@dataclass
class M:
    start: int
    end: int


spans = st.tuples(st.integers(0, 60), st.integers(0, 8)).map(lambda t: M(t[0], t[0] + t[1]))
mention_lists = st.one_of(st.lists(spans, max_size=30),
                          st.lists(spans, max_size=30).map(lambda ms: sorted(ms, key=lambda m: m.start)),
                          st.lists(spans, max_size=30).map(lambda ms: sorted(ms, key=lambda m: (m.end, m.start))))


def _doc() -> Doc:
    return Doc(article=Article(id="a", text="x" * 80))


@settings(max_examples=300, derandomize=True)
@given(mention_lists, st.integers(-2, 70), st.integers(-2, 70), st.integers(0, 5))
def test_in_span_ending_before_and_by_start_equal_a_scan(items, a, b, n):
    doc = _doc()
    for _ in range(2):  # the second round is answered from the cached index
        assert doc.in_span(items, a, b) == [m for m in items if m.start >= a and m.end <= b]
        assert doc.ending_before(items, a, n) == ([m for m in items if m.end <= a][-n:] if n else [])
        assert doc.by_start(items) == sorted(items, key=lambda m: m.start)


@settings(max_examples=300, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 10)).map(lambda t: (t[0], t[0] + t[1])), max_size=20),
       st.booleans(), st.integers(-2, 85))
def test_sentence_of_equals_a_scan(sents, ordered, offset):
    if ordered:  # the splitter's shape: in text order, not overlapping
        sents, last = [], 0
        for s, e in sorted(set(sents)):
            if s >= last:
                sents.append((s, e))
                last = e
    doc = _doc()
    doc.sentences = sents
    expected = next(((s, e) for s, e in sents if s <= offset < e), (0, 80))
    assert doc.sentence_of(offset) == expected


def test_index_follows_a_list_that_grew_or_was_replaced():
    doc = _doc()
    items = [M(0, 2), M(5, 7)]
    assert doc.in_span(items, 4, 10) == [M(5, 7)]
    items.append(M(6, 8))
    assert doc.in_span(items, 4, 10) == [M(5, 7), M(6, 8)]
    doc.places = [M(30, 31)]  # type: ignore[list-item]
    assert doc.in_span(doc.places, 0, 40) == [M(30, 31)]


def test_doc_text_is_the_spacy_text_and_read_once(nlp):
    sdoc = nlp.make_doc("Rebels captured Morek. Fighting continued.")
    assert doc_text(sdoc) == sdoc.text
    sdoc.user_data["frontlines.text"] = "cached"
    assert doc_text(sdoc) == "cached"  # not rebuilt from the tokens
