"""The dates stage: every date expression of an article as an honest :class:`DateRange`.

Candidates come from precompiled regular expressions (one pass for the date grammar, one for the
phrases of ``lexicons/date_phrases.yaml``); each is resolved with :mod:`datetime` against the
article's publication date, or against other dates in the text:

* explicit dates: "30 July 2017", "July 30, 2017", "Thursday, 30 July", "2017-07-30", "28-30 July
  2017" -> day (p1) or short range; without a year ("on 3 March") the year comes from the
  publication date (the nearest such day, at most a month ahead) or else from the nearest date
  with a year in the text; "in March 2015" -> the month (p3); "in 2015" -> the year (p4); "since X"
  -> from X to publication;
* weekdays ("on Thursday": the last Thursday on or before publication; "last Thursday": strictly
  before), "N days/weeks/months ago", and the lexicon's phrases ("yesterday", "last week",
  "in recent weeks", "the latest", "the next day", ...).

A relative expression without its anchor is dropped: no publication date and no date in the text
means the date is unknown, never invented. :func:`date_for_event` picks an event's date from the
mentions (see :mod:`frontlines.extract.dates_event`).
"""
from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import DateRange
from .dates_lexicon import DateLexicon, load_date_lexicon, precision_for_width
from .doc import DateMention, Doc

log = logging.getLogger(__name__)

__all__ = ["FoundDate", "DateFinder", "make_dates_stage", "date_for_event", "find_dates"]

#: kinds of mentions: explicit (a calendar date in the text), relative (a precise expression
#: resolved against publication: weekday, "3 days ago", "yesterday", "last week"), vague ("in
#: recent weeks", "the latest"), since ("since March 2015": from then until publication)
KINDS = ("explicit", "relative", "vague", "since")
#: characters before / after a key word searched for a lexicon phrase (longer than any phrase)
_WINDOW_BEFORE = 80
_WINDOW_AFTER = 60


@dataclass
class FoundDate(DateMention):
    """A DateMention with the kind of expression it came from (see :data:`KINDS`)."""

    kind: str = "explicit"


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _grammar(lex: DateLexicon) -> re.Pattern[str]:
    names = [m for m in lex.months]
    month = _alt([w.capitalize() for w in names] + [w.upper() for w in names if len(w) > 3])
    full_months = _alt([calendar.month_name[i] for i in range(1, 13)] + ["Sept"])
    wd = _alt([calendar.day_name[i] for i in range(7)])
    num = _alt(list(lex.numbers))
    year = r"(?:1[89]|20)\d\d"
    wd_prefix = rf"(?:(?:{wd}),?\s+)?(?:the\s+)?"
    since = r"(?:(?P<since>[Ss]ince)\s+)?"
    parts = [
        # 28-30 July 2017, 28 and 30 July, between 28 and 30 July 2017
        rf"(?P<rd1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|—|to|and|until)\s*(?P<rd2>[0-3]?\d)(?:st|nd|rd|th)?"
        rf"\s+(?:of\s+)?(?P<rm>{month})\.?(?:,?\s+(?P<ry>{year}))?(?![\w-])",
        # July 28-30, 2017
        rf"(?P<qm>{month})\.?\s+(?P<qd1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to)\s*(?P<qd2>[0-3]?\d)(?:st|nd|rd|th)?"
        rf"(?:,?\s+(?P<qy>{year}))?(?![\w-])",
        # (Thursday,) (the) 30(th) (of) July (2017)
        rf"{since}{wd_prefix}(?P<dd>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm>{month})\.?(?:,?\s+(?P<dy>{year}))?(?![\w-])",
        # (Thursday,) July 30(th)(, 2017)
        rf"(?:(?P<msince>[Ss]ince)\s+)?{wd_prefix}(?P<mm>{month})\.?\s+(?P<md>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<my>{year}))?(?![\w-])",
        # 2017-07-30
        rf"(?P<iy>{year})-(?P<im>[01]?\d)-(?P<id>[0-3]?\d)(?![\w-])",
        # (early/mid/late) March 2015
        rf"(?:(?P<ysince>[Ss]ince)\s+)?(?:(?P<ymod>[Ee]arly|[Mm]id|[Ll]ate)(?:-|\s+))?(?P<ym>{month})\.?,?\s+(?P<yy>{year})(?![\w-])",
        # in (early) March, last March: a preposition is required (a bare "March" may be a verb)
        rf"(?P<op>[Ii]n|[Dd]uring|[Ss]ince|[Uu]ntil|[Bb]y|[Tt]hroughout|[Ff]rom|[Ll]ast|[Tt]his|[Ee]arly|[Mm]id|[Ll]ate|"
        rf"[Bb]efore|[Ss]ince\s+early|[Ss]ince\s+late|[Ii]n\s+early|[Ii]n\s+late|[Ii]n\s+mid)(?:\s+|-)(?P<om>{full_months})(?![\w-])(?!\s*\d)",
        # in 2015, since 2015, early 2015
        rf"(?P<yp>[Ii]n|[Dd]uring|[Tt]hroughout|[Ss]ince|[Ee]arly|[Ll]ate|[Mm]id|[Ii]n\s+early|[Ii]n\s+late|[Ii]n\s+mid)"
        rf"(?:\s+|-)(?P<yo>{year})(?![\w/-]|\.\d|,\d)",
        # (on/last/this) Thursday (morning)
        rf"(?P<wp>(?:[Oo]n|[Ll]ast|[Tt]his|[Ee]arly|[Ll]ate|[Ss]ince)\s+)?(?P<wd>{wd})(?:\s+(?:morning|afternoon|evening|night))?(?![\w-])",
        # three days ago, a few weeks ago
        rf"(?P<an>\d{{1,3}}|{num})\s+(?P<au>day|week|month|year)s?\s+ago(?![\w-])",
    ]
    return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p in parts) + ")")


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_range(y: int, m: int, mod: str | None = None) -> tuple[date, date]:
    last = calendar.monthrange(y, m)[1]
    mod = (mod or "").lower()
    if mod == "early":
        return date(y, m, 1), date(y, m, 10)
    if mod == "mid":
        return date(y, m, 11), date(y, m, 20)
    if mod == "late":
        return date(y, m, 21), date(y, m, last)
    return date(y, m, 1), date(y, m, last)


def _infer_year(month: int, day: int, ref: date) -> date | None:
    """The date (month, day) nearest before ``ref``: at most 31 days after it."""
    for y in (ref.year + 1, ref.year, ref.year - 1):
        d = _day(y, month, day) if day else _day(y, month, 1)
        if d is not None and d <= ref + timedelta(days=31):
            return d
    return None


class DateFinder:
    """Finds and resolves date expressions (compiled once; reused for every article)."""

    def __init__(self, lexicon: DateLexicon) -> None:
        self.lex = lexicon
        self.grammar = _grammar(lexicon)
        self.weekdays = {calendar.day_name[i]: i for i in range(7)}

    # ---------------------------------------------------------------- public
    def find(self, text: str, published: date | None) -> list[FoundDate]:
        raw: list[tuple[int, int, re.Match[str], str]] = []
        for m in self.grammar.finditer(text):
            raw.append((m.start(), m.end(), m, "grammar"))
        for a, b in self._windows(text):
            for m in self.lex.phrase_re.finditer(text, a, b):
                raw.append((m.start(), m.end(), m, "phrase"))
        raw.sort(key=lambda t: (t[0], -(t[1] - t[0])))
        chosen: list[tuple[int, int, re.Match[str], str]] = []
        for item in raw:  # keep the longest of overlapping candidates
            if chosen and item[0] < chosen[-1][1]:
                if item[1] - item[0] > chosen[-1][1] - chosen[-1][0]:
                    chosen[-1] = item
                continue
            chosen.append(item)
        out: list[FoundDate] = []
        pending: list[tuple[int, re.Match[str]]] = []  # dates without a year and no publication date
        for start, end, m, source in chosen:
            try:
                found = self._phrase(m, published, out) if source == "phrase" else self._grammar(m, published)
            except (ValueError, OverflowError):  # e.g. year 1 arithmetic: no date rather than a crash
                found = None
            if found == "needs-year":
                pending.append((len(out), m))
                continue
            if found is not None:
                out.append(found)
        if pending:
            out = self._resolve_pending(out, pending)
        if published is None and any(f.kind == "since-open" for f in out):
            out = self._close_since(out)
        return out

    # ---------------------------------------------------------------- helpers
    def _windows(self, text: str) -> list[tuple[int, int]]:
        """Stretches of text around the lexicon's key words (every phrase holds one), merged;
        each ends at a word boundary. Scanning only these keeps the stage fast."""
        out: list[tuple[int, int]] = []
        n = len(text)
        for k in self.lex.key_re.finditer(text):
            a, b = max(0, k.start() - _WINDOW_BEFORE), min(n, k.end() + _WINDOW_AFTER)
            while b < n and (text[b].isalnum() or text[b] in "-_"):
                b += 1
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(b, out[-1][1]))
            else:
                out.append((a, b))
        return out

    def _make(self, m: re.Match[str], a: date, b: date, kind: str) -> FoundDate:
        a, b = (a, b) if a <= b else (b, a)
        rng = DateRange(a, b, precision_for_width((b - a).days + 1), m.group(0))
        return FoundDate(m.start(), m.end(), m.group(0), rng, kind)

    def _month(self, word: str) -> int:
        return self.lex.months[word.lower().rstrip(".")]

    def _grammar(self, m: re.Match[str], pub: date | None, year_ref: date | None = None) -> FoundDate | str | None:
        """Resolve one grammar match. ``year_ref`` (default: ``pub``) is the date a missing year
        is inferred from; weekdays, "ago" and "since" need the publication date itself."""
        g = m.groupdict()
        yref = year_ref or pub
        if g["rd1"]:
            mon, y = self._month(g["rm"]), g["ry"]
            return self._day_range(m, int(g["rd1"]), int(g["rd2"]), mon, y, yref)
        if g["qd1"]:
            mon, y = self._month(g["qm"]), g["qy"]
            return self._day_range(m, int(g["qd1"]), int(g["qd2"]), mon, y, yref)
        if g["dd"] or g["md"]:
            d = int(g["dd"] or g["md"])
            mon = self._month(g["dm"] or g["mm"])
            y = g["dy"] or g["my"]
            if y:
                day = _day(int(y), mon, d)
            elif yref is not None:
                day = _infer_year(mon, d, yref)
            else:
                return "needs-year"
            if day is None:
                return None
            since = g["since"] or g["msince"]
            return self._since(m, day, day, pub) if since else self._make(m, day, day, "explicit")
        if g["iy"]:
            day = _day(int(g["iy"]), int(g["im"]), int(g["id"]))
            return None if day is None else self._make(m, day, day, "explicit")
        if g["ym"]:
            a, b = _month_range(int(g["yy"]), self._month(g["ym"]), g["ymod"])
            return self._since(m, a, b, pub) if g["ysince"] else self._make(m, a, b, "explicit")
        if g["om"]:
            if yref is None:
                return "needs-year"
            op = g["op"].lower().split()
            mod = op[-1] if op[-1] in ("early", "mid", "late") else None
            mon = self._month(g["om"])
            first = _infer_year(mon, 0, yref if op[0] != "last" else yref.replace(day=1) - timedelta(days=1))
            if first is None:
                return None
            if op[0] == "last" and first.month == yref.month and first.year == yref.year:
                first = first.replace(year=first.year - 1)
            a, b = _month_range(first.year, mon, mod)
            return self._since(m, a, b, pub) if op[0] == "since" else self._make(m, a, b, "explicit")
        if g["yo"]:
            y = int(g["yo"])
            mod = g["yp"].lower().split()[-1]
            a, b = date(y, 1, 1), date(y, 12, 31)
            if mod == "early":
                b = date(y, 4, 30)
            elif mod == "mid":
                a, b = date(y, 5, 1), date(y, 8, 31)
            elif mod == "late":
                a = date(y, 9, 1)
            return self._since(m, a, b, pub) if mod == "since" else self._make(m, a, b, "explicit")
        if g["wd"]:
            if pub is None:
                return None
            target = self.weekdays[g["wd"]]
            back = (pub.weekday() - target) % 7
            prefix = (g["wp"] or "").strip().lower()
            if prefix == "last" and back == 0:
                back = 7
            day = pub - timedelta(days=back)
            return self._since(m, day, day, pub) if prefix == "since" else self._make(m, day, day, "relative")
        if g["an"]:
            if pub is None:
                return None
            word = g["an"].lower()
            lo, hi = (int(word), int(word)) if word.isdigit() else self.lex.numbers.get(word, (0, 0))
            if hi <= 0:
                return None
            unit = g["au"].lower()
            if unit == "day":
                return self._make(m, pub - timedelta(days=hi), pub - timedelta(days=lo), "relative")
            span = {"week": 7, "month": 30, "year": 365}[unit]
            slack = span // 2
            return self._make(m, pub - timedelta(days=hi * span + slack),
                              min(pub, pub - timedelta(days=lo * span - slack)), "relative")
        return None

    def _day_range(self, m, d1: int, d2: int, mon: int, y: str | None, yref: date | None):
        if d1 >= d2:
            return None
        if y:
            year = int(y)
        elif yref is not None:
            ref = _infer_year(mon, d2, yref)
            if ref is None:
                return None
            year = ref.year
        else:
            return "needs-year"
        a, b = _day(year, mon, d1), _day(year, mon, d2)
        return None if a is None or b is None else self._make(m, a, b, "explicit")

    def _since(self, m, a: date, b: date, pub: date | None) -> FoundDate | None:
        """"since X": from X to publication; without a publication date, kind "since-open" (the
        end is settled in :meth:`_close_since` from the latest date of the text, or dropped)."""
        if pub is None:
            return self._make(m, a, b, "since-open")
        if pub < a:
            return None
        return self._make(m, a, pub, "since")

    def _close_since(self, found: list[FoundDate]) -> list[FoundDate]:
        """Without a publication date, "since X" runs to the latest date the text itself gives
        (the report's own "now"); with none after X it is dropped."""
        ends = [f.range.end for f in found if f.kind == "explicit"]
        out = []
        for f in found:
            if f.kind != "since-open":
                out.append(f)
                continue
            last = max((e for e in ends if e >= f.range.start), default=None)
            if last is not None:
                rng = DateRange(f.range.start, last, precision_for_width((last - f.range.start).days + 1), f.text)
                out.append(FoundDate(f.start, f.end, f.text, rng, "since"))
        return out

    def _phrase(self, m: re.Match[str], pub: date | None, before: list[FoundDate]) -> FoundDate | None:
        rule = self.lex.rule_of(m)
        if rule.anchor == "previous":
            prev = next((f for f in reversed(before) if f.kind in ("explicit", "relative")
                         and f.range.precision <= 2), None)
            if prev is None:
                return None
            span = rule.resolve(prev.range.start)
            if span is None:
                return None
            width = prev.range.end - prev.range.start
            return self._make(m, span[0], span[1] + width, "relative")
        if pub is None:
            return None
        span = rule.resolve(pub)
        if span is None:
            return None
        return self._make(m, span[0], min(span[1], pub) if rule.vague else span[1],
                          "vague" if rule.vague else "relative")

    def _resolve_pending(self, out: list[FoundDate], pending: list[tuple[int, re.Match[str]]]) -> list[FoundDate]:
        """Dates without a year, with no publication date: the year of the nearest date with a
        year before them in the text (else after them); otherwise they are dropped."""
        with_year = [f for f in out if f.kind == "explicit" and f.range.precision <= 3]
        result = list(out)
        for _, m in pending:
            before = [f for f in with_year if f.end <= m.start()]
            ref_f = before[-1] if before else next((f for f in with_year if f.start >= m.end()), None)
            if ref_f is None:
                continue
            found = self._grammar(m, None, ref_f.range.end if before else ref_f.range.start + timedelta(days=31))
            if isinstance(found, FoundDate):
                result.append(found)
        result.sort(key=lambda f: f.start)
        return result


def find_dates(text: str, published: date | None, finder: DateFinder | None = None) -> list[FoundDate]:
    """Every date mention of ``text`` (convenience wrapper; builds a finder when none is given)."""
    return (finder or DateFinder(load_date_lexicon())).find(text, published)


def make_dates_stage(options) -> Callable[[Doc], Doc]:
    """The dates stage: fills ``doc.dates`` (must run before the events stage)."""
    finder = DateFinder(load_date_lexicon(getattr(options, "lexicon_dir", "") or None))

    def dates_stage(doc: Doc) -> Doc:
        doc.dates = list(finder.find(doc.article.text, doc.article.published))
        return doc

    return dates_stage


def date_for_event(doc: Doc, sent_start: int, sent_end: int, trigger_start: int,
                   trigger_end: int) -> DateRange | None:
    """The date of the event whose trigger is at [trigger_start, trigger_end) in the sentence
    [sent_start, sent_end); see :mod:`frontlines.extract.dates_event`."""
    from .dates_event import choose_date

    return choose_date(doc, sent_start, sent_end, trigger_start, trigger_end)


