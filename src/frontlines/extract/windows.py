"""Long documents in windows: the text is cut on paragraph (else sentence) boundaries into windows
of at most ``WINDOW_CHARS`` characters, each window is analysed as a document of its own, and the
mentions and events found are moved back to offsets into the whole text.

Memory and time then depend on the window, not on the document: a 5 MB report costs about what
50 documents of 100,000 characters cost, one after the other, and no spaCy ``Doc`` reaches the
parser's ``max_length``.

Every window after the first is preceded by the document's lead (its first paragraph, when short)
so that the stages that read the lead (the time frame of the article, "the latest fighting" in
the opening paragraph) see the same lead as in a whole-document run; what is found in that copy
of the lead is dropped. Event ids of the first window are those of a whole-document run; later
windows' ids also hash the window's start, so they stay distinct and stable.
"""
from __future__ import annotations

import dataclasses
import re
from ..model import Article, Event, Evidence, stable_id
from .doc import Doc

WINDOW_CHARS = 100_000  # characters per window (spaCy's max_length is 1,000,000)
LEAD_CHARS = 2_000  # a longer first paragraph is not repeated before each window
_SEP = "\n\n"
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s")


@dataclasses.dataclass(frozen=True)
class Window:
    start: int  # offset of the window in the whole text
    end: int
    prefix: str  # the lead and a separator placed before the window's text ("" for the first)

    def article(self, article: Article) -> Article:
        return dataclasses.replace(article, text=self.prefix + article.text[self.start:self.end])


def windows(text: str, size: int = WINDOW_CHARS) -> list[Window]:
    """The windows of ``text``: one when it is at most ``size`` characters long."""
    bounds = []
    start = 0
    while len(text) - start > size:
        cut = _cut(text, start, start + size)
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    lead = _lead(text)
    return [Window(a, b, "" if a == 0 or not lead else lead + _SEP) for a, b in bounds]


def _cut(text: str, start: int, limit: int) -> int:
    """The last paragraph end before ``limit`` in the second half of the window, else the last
    sentence end, else the last space, else ``limit`` itself."""
    half = start + (limit - start) // 2
    for found in (text.rfind("\n\n", half, limit), text.rfind("\n", half, limit)):
        if found > half:
            return found + 1
    last = None
    for m in _SENTENCE_END.finditer(text, max(half, limit - 20_000), limit):
        last = m.end()
    if last is not None:
        return last
    space = text.rfind(" ", half, limit)
    return space + 1 if space > half else limit


def _lead(text: str) -> str:
    first = re.match(r"\s*", text).end()
    end = text.find("\n", first, first + LEAD_CHARS + 1)
    return text[first:end].strip() if end > first else ""


def shift_into(whole: Doc, part: Doc, window: Window) -> None:
    """Add what the pipeline found in ``part`` (the window's document) to ``whole``, with offsets
    into the whole text; what lies in the repeated lead is left out."""
    skip = len(window.prefix)
    delta = window.start - skip
    whole.sentences.extend((s + delta, e + delta) for s, e in part.sentences if s >= skip)
    for name in ("places", "actors", "dates"):
        getattr(whole, name).extend(dataclasses.replace(m, start=m.start + delta, end=m.end + delta)
                                    for m in getattr(part, name) if m.start >= skip)
    whole.events.extend(_moved(e, delta, window.start) for e in part.events
                        if e.evidence is None or e.evidence.start >= skip)
    for stage, seconds in part.timings.items():
        whole.timings[stage] = whole.timings.get(stage, 0.0) + seconds
    if whole.country is None:
        whole.country = part.country


def _moved(event: Event, delta: int, window_start: int) -> Event:
    if not window_start:
        return event
    ev = event.evidence
    evidence = None if ev is None else dataclasses.replace(ev, start=ev.start + delta, end=ev.end + delta)
    return dataclasses.replace(event, id=stable_id(event.id, window_start), evidence=evidence)

