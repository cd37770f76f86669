"""Ordinals and totals against the events the article itself names (``count`` findings).

- an ordinal ("seized their fourth city", "the third town to fall") is compared with the number of
  distinct places the article reports captured by that side;
- a total ("three other cities, including A, B and C", "two towns: A and B") is compared with the
  places of the captures stated in that sentence: "including" / "such as" allow a partial list
  (named <= N), otherwise the list must be complete (named == N); with "other", the places
  captured elsewhere in the article are the ones it is "other" than (reported in the detail).
Only sentences that state a capture (a control_change event of the article) are read.
"""
from __future__ import annotations

import re

from ..model import Event, Finding
from .context import CheckContext, Sentence

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12, "a dozen": 12}
_UNIT = r"(?:major\s+|key\s+|strategic\s+|provincial\s+|big\s+|large\s+)?(?P<unit>cit(?:y|ies)|towns?|villages?|provincial capitals?)"
_ORDINAL = re.compile(rf"\b(?:their|its|his|her|our|a|the)\s+(?P<n>{'|'.join(ORDINALS)}|\d+(?:st|nd|rd|th))\s+"
                      rf"{_UNIT}\b(?!\s+(?-i:[A-Z]))", re.I)
_TOTAL = re.compile(rf"\b(?P<n>{'|'.join(NUMBERS)}|\d+)\s+(?P<other>other\s+|more\s+|further\s+|additional\s+)?"
                    rf"{_UNIT}\b(?P<rest>[^.;]*)", re.I)
# a list of names follows the number: "three cities, including A, B and C", "two towns: A and B"
_LIST = re.compile(r"^[^.;:]{0,40}?(?:\b(?:including|such\s+as|namely|among\s+them)\b|[:,(\u2014]|\s-\s)", re.I)
_CAPTURE_WORD = re.compile(r"\b(?:seiz\w*|captur\w*|took|tak(?:e|en|es|ing)|overr[au]n\w*|fall(?:s|en)?|fell|"
                           r"recaptur\w*|retak\w*|retook|regain\w*|liberat\w*|conquer\w*)\b", re.I)
_PARTIAL = re.compile(r"\b(?:including|such as|among them|among which)\b", re.I)


def _number(word: str, table: dict[str, int]) -> int:
    w = word.lower()
    if w in table:
        return table[w]
    return int(re.match(r"\d+", w).group(0))


def _places(events: list[Event]) -> dict[object, str]:
    """Distinct captured places (by GeoNames id, else name) -> display name, in text order."""
    out: dict[object, str] = {}
    for e in sorted(events, key=lambda e: e.evidence.start):
        if e.type == "control_change" and e.place is not None and e.place.precision < 3:
            out.setdefault(e.place.geonameid or e.place.name, e.place.name)
    return out


def _captures(ctx: CheckContext, sent: Sentence) -> list[Event]:
    return [e for e in ctx.events_in(sent.start, sent.end) if e.type == "control_change"]


def _side_events(ctx: CheckContext, ref: list[Event]) -> list[Event]:
    """Every capture in the article by the same side as the captures in ``ref`` (all captures
    when the side is unknown)."""
    caps = [e for e in ctx.analysis.events if e.type == "control_change"]
    actors = [e.actor for e in ref if e.actor is not None]
    if not actors:
        return caps
    return [e for e in caps if any(ctx.same_side(e.actor, a) is not False for a in actors)]


def _finding(ctx: CheckContext, sent: Sentence, ok: bool, detail: str, ref: list[Event]) -> Finding:
    place = ref[0].place if len(ref) == 1 else None
    return Finding(kind="count", verdict="consistent" if ok else "inconsistent", place=place,
                   claim=sent.evidence(ctx.article_id), record=(), detail=detail,
                   event_id=ref[0].id if len(ref) == 1 else None)


def check_counts(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[tuple] = set()
    for sent in ctx.sentences:
        caps = _captures(ctx, sent)
        if not caps and not _CAPTURE_WORD.search(sent.text):
            continue
        ref = caps or [e for e in ctx.analysis.events if e.type == "control_change"]
        for m in _ORDINAL.finditer(sent.text):
            if not _counts_captures(sent.text, m):
                continue  # "Syria's second city": an epithet, not a count of captures
            n = _number(m.group("n"), ORDINALS)
            named = _places(_side_events(ctx, ref))
            if not named:
                continue
            key = ("ordinal", n, tuple(named))
            if key in seen:
                continue
            seen.add(key)
            findings.append(_finding(
                ctx, sent, len(named) == n,
                f"'{m.group(0)}': the article names {len(named)} place(s) captured by that side "
                f"({', '.join(named.values())}); the ordinal says {n}", ref))
        for m in _TOTAL.finditer(sent.text):
            n = _number(m.group("n"), NUMBERS)
            lst = _LIST.match(m.group("rest"))
            if lst is None:
                continue  # "eight villages between Aleppo and the border": no list to count
            rest_start = sent.start + m.start("rest") + lst.end()
            listed = _places([e for e in caps if e.place is not None and e.place.precision == 1
                              and _mentioned_after(e, sent, rest_start)])
            partial = bool(_PARTIAL.search(m.group("rest")))
            ok = len(listed) <= n if partial else len(listed) == n
            if not listed:
                continue
            detail = (f"'{m.group('n')} {m.group('other') or ''}{m.group('unit')}': the sentence names {len(listed)} "
                      f"({', '.join(listed.values())})" + (" in a partial list ('including')" if partial else ""))
            if m.group("other"):
                others = {k: v for k, v in _places(_side_events(ctx, caps)).items() if k not in listed}
                if others:
                    detail += (f"; other than {', '.join(others.values())}, which makes "
                               f"{n + len(others)} in all")
            key = ("total", n, tuple(listed))
            if key in seen:
                continue
            seen.add(key)
            findings.append(_finding(ctx, sent, ok, detail, caps))
    return findings


def _counts_captures(text: str, m: re.Match) -> bool:
    """Whether an ordinal counts captures: a capture word just before it ("seized their fourth
    city") or a fall just after it ("the third town to fall")."""
    before = text[max(0, m.start() - 40):m.start()]
    after = text[m.end():m.end() + 40]
    return bool(_CAPTURE_WORD.search(before)) or bool(
        re.match(r"\s+(?:to\s+(?:fall|be\s+(?:captured|taken|seized|overrun))|(?:captured|taken|seized)\b)", after, re.I))


def _mentioned_after(e: Event, sent: Sentence, offset: int) -> bool:
    """Whether the event's place is named in the sentence after ``offset`` (the list that follows
    the number), judged by its surface form."""
    if e.place is None:
        return False
    tail = sent.text[offset - sent.start:].lower()
    return bool(e.place.text) and e.place.text.lower() in tail
