"""Which date mention dates an event (called by the events stage through
:func:`frontlines.extract.dates.date_for_event`).

In order:

1. a date mention in the same sentence: first those in the trigger's clause (clauses split at
   ``;``), calendar dates before vague phrases, then the nearest to the trigger (after it on a tie);
2. else the nearest explicit date in an earlier sentence of the same paragraph ("On 30 July 2017,
   clashes took place ... . Regime forces took control of X.");
3. else the article's vague time frame: the first vague phrase ("in recent weeks") of the
   article's lead paragraph governs sentences that carry no date of their own;
4. else, when the article has a publication date, a recent range ending at publication (the 30
   days before it, precision 3) for a statement in the present or present perfect ("The latest
   city to fall ... is X", "rebels have seized X"), and for an undated event in the article's
   first paragraph: the lead of a news report (or an ACLED-style note) reports events that
   happened shortly before it was published. Undated events further down are often background
   ("rebels captured the city in a previous offensive") and stay undated;
5. else ``None``: the date is unknown (never invented without a publication date).
"""
from __future__ import annotations

import re
from datetime import timedelta

from ..model import DateRange
from .dates_lexicon import precision_for_width
from .doc import Doc

#: finite verbs of the present and present perfect: such statements speak of "now"
_PRESENT = re.compile(r"\b(?:is|are|has|have|has been|have been|remains?|now)\b", re.IGNORECASE)
#: days before publication a present-tense statement or an undated event of the lead reaches back
RECENT_DAYS = 30


def _kind(m) -> str:
    return getattr(m, "kind", "explicit")


def _clause(text: str, sent_start: int, sent_end: int, pos: int) -> tuple[int, int]:
    a = text.rfind(";", sent_start, pos)
    b = text.find(";", pos, sent_end)
    return (sent_start if a < 0 else a + 1), (sent_end if b < 0 else b)


def _nearest(mentions: list, t0: int, t1: int):
    def key(m):
        if m.end <= t0:
            dist, after = t0 - m.end, 1
        elif m.start >= t1:
            dist, after = m.start - t1, 0
        else:
            dist, after = 0, 0
        return (_kind(m) == "vague", dist, after)

    return min(mentions, key=key)


def _paragraph_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def document_context(doc: Doc) -> DateRange | None:
    """The vague time frame set by the article's lead: the first vague date phrase of the first
    paragraph that has any date mention at all (None when that paragraph has none vague)."""
    text = doc.article.text
    if not doc.dates:
        return None
    ordered = doc.by_start(doc.dates)
    para_end = text.find("\n", ordered[0].start)
    para_end = len(text) if para_end < 0 else para_end
    for m in ordered:
        if m.start > para_end:
            break
        if _kind(m) == "vague":
            return m.range
    return None


def choose_date(doc: Doc, sent_start: int, sent_end: int, trigger_start: int,
                trigger_end: int) -> DateRange | None:
    text = doc.article.text
    in_sentence = doc.in_span(doc.dates, sent_start, sent_end)
    if in_sentence:
        c0, c1 = _clause(text, sent_start, sent_end, trigger_start)
        in_clause = [m for m in in_sentence if m.start >= c0 and m.end <= c1]
        return _nearest(in_clause or in_sentence, trigger_start, trigger_end).range
    para = _paragraph_start(text, sent_start)
    earlier = [m for m in doc.in_span(doc.dates, para, sent_start) if _kind(m) in ("explicit", "relative", "since")]
    if earlier:
        return max(earlier, key=lambda m: m.end).range
    context = document_context(doc)
    if context is not None:
        return context
    pub = doc.article.published
    if pub is not None:
        c0, c1 = _clause(text, sent_start, sent_end, trigger_start)
        lead_end = text.find("\n", re.match(r"\s*", text).end())
        in_lead = lead_end < 0 or sent_start < lead_end
        if in_lead or _PRESENT.search(text, c0, c1):
            start = pub - timedelta(days=RECENT_DAYS)
            return DateRange(start, pub, precision_for_width(RECENT_DAYS + 1), "")
    return None
